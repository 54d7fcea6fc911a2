"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-28

The whole schema, plus database triggers that make the reviews table append-only.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0001'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('clusters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('method', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clusters'))
    )
    op.create_table('ingest_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('requested', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('worker', sa.String(length=255), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ingest_runs'))
    )
    op.create_table('reviewers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviewers')),
    sa.UniqueConstraint('name', name=op.f('uq_reviewers_name'))
    )
    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('name', name=op.f('uq_sources_name'))
    )
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('ingest_run_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('canonical_url', sa.String(length=2048), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('raw_format', sa.String(length=16), nullable=False),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('drop_reason', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('previous_version_id', sa.Integer(), nullable=True),
    sa.Column('extractor_version', sa.String(length=64), nullable=True),
    sa.CheckConstraint("status IN ('extracted', 'dropped')", name=op.f('ck_documents_status')),
    sa.ForeignKeyConstraint(['ingest_run_id'], ['ingest_runs.id'], name=op.f('fk_documents_ingest_run_id_ingest_runs')),
    sa.ForeignKeyConstraint(['previous_version_id'], ['documents.id'], name=op.f('fk_documents_previous_version_id_documents')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_documents_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_documents_content_hash'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_canonical_url_version', ['canonical_url', 'version'], unique=False)
        batch_op.create_index('ix_documents_published', ['published'], unique=False)
        batch_op.create_index('ix_documents_status', ['status'], unique=False)

    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('stated_by', sa.Text(), nullable=True),
    sa.Column('polarity', sa.String(length=8), nullable=False),
    sa.Column('action', sa.String(length=255), nullable=False),
    sa.Column('action_family', sa.String(length=64), nullable=True),
    sa.Column('target', sa.String(length=255), nullable=False),
    sa.Column('scope_place', sa.String(length=255), nullable=True),
    sa.Column('scope_country', sa.String(length=2), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('valid_from_precision', sa.String(length=8), nullable=False),
    sa.Column('valid_until_precision', sa.String(length=8), nullable=False),
    sa.Column('window_relative', sa.Text(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('mentions', sa.JSON(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('conditional', sa.Boolean(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('extractor_version', sa.String(length=64), nullable=True),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('paired_version', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("polarity IN ('refrain', 'perform')", name=op.f('ck_commitments_polarity')),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_commitments_cluster_id_clusters')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_commitments_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments')),
    sa.UniqueConstraint('document_id', 'local_id', name=op.f('uq_commitments_document_id_local_id'))
    )
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.create_index('ix_commitments_actor_family_from', ['actor', 'action_family', 'valid_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_paired_version'), ['paired_version'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=255), nullable=True),
    sa.Column('claimed_by', sa.Text(), nullable=True),
    sa.Column('claimed_by_party', sa.String(length=255), nullable=True),
    sa.Column('polarity', sa.String(length=8), nullable=False),
    sa.Column('action', sa.String(length=255), nullable=False),
    sa.Column('action_family', sa.String(length=64), nullable=True),
    sa.Column('target', sa.String(length=255), nullable=False),
    sa.Column('place_raw', sa.Text(), nullable=True),
    sa.Column('place_name', sa.String(length=255), nullable=True),
    sa.Column('place_country', sa.String(length=2), nullable=True),
    sa.Column('place_admin1', sa.String(length=255), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geonames_id', sa.Integer(), nullable=True),
    sa.Column('place_precision', sa.String(length=8), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=True),
    sa.Column('occurred_from', sa.Date(), nullable=True),
    sa.Column('occurred_to', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=False),
    sa.Column('date_relative', sa.Text(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('mentions', sa.JSON(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('extractor_version', sa.String(length=64), nullable=True),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('paired_version', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("polarity IN ('did', 'stopped')", name=op.f('ck_events_polarity')),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_events_cluster_id_clusters')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_events_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('document_id', 'local_id', name=op.f('uq_events_document_id_local_id'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_actor_family_from', ['actor', 'action_family', 'occurred_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_paired_version'), ['paired_version'], unique=False)
        batch_op.create_index('ix_events_place_country', ['place_country'], unique=False)

    op.create_table('pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('pairing_version', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_pairs_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_pairs_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairs')),
    sa.UniqueConstraint('commitment_id', 'event_id', name=op.f('uq_pairs_commitment_id_event_id'))
    )
    with op.batch_alter_table('pairs', schema=None) as batch_op:
        batch_op.create_index('ix_pairs_event_id', ['event_id'], unique=False)
        batch_op.create_index('ix_pairs_score', ['score'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("verdict IN ('confirmed', 'rejected', 'needs-evidence')", name=op.f('ck_reviews_verdict')),
    sa.ForeignKeyConstraint(['pair_id'], ['pairs.id'], name=op.f('fk_reviews_pair_id_pairs')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['reviewers.id'], name=op.f('fk_reviews_reviewer_id_reviewers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_pair_id_id', ['pair_id', 'id'], unique=False)


    _create_append_only_triggers()


def _create_append_only_triggers() -> None:
    """Refuse UPDATE and DELETE on reviews in the database itself, not only in the app."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION tracker_reviews_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'reviews are append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE ON reviews "
            "FOR EACH ROW EXECUTE FUNCTION tracker_reviews_append_only()"
        )
    else:
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER reviews_no_{what.lower()} BEFORE {what} ON reviews "
                "BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END"
            )


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS reviews_append_only ON reviews")
        op.execute("DROP FUNCTION IF EXISTS tracker_reviews_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS reviews_no_update")
        op.execute("DROP TRIGGER IF EXISTS reviews_no_delete")


def downgrade() -> None:
    _drop_append_only_triggers()
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_reviews_pair_id_id')

    op.drop_table('reviews')
    with op.batch_alter_table('pairs', schema=None) as batch_op:
        batch_op.drop_index('ix_pairs_score')
        batch_op.drop_index('ix_pairs_event_id')

    op.drop_table('pairs')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_place_country')
        batch_op.drop_index(batch_op.f('ix_events_cluster_id'))
        batch_op.drop_index(batch_op.f('ix_events_paired_version'))
        batch_op.drop_index('ix_events_actor_family_from')

    op.drop_table('events')
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitments_cluster_id'))
        batch_op.drop_index(batch_op.f('ix_commitments_paired_version'))
        batch_op.drop_index('ix_commitments_actor_family_from')

    op.drop_table('commitments')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_status')
        batch_op.drop_index('ix_documents_published')
        batch_op.drop_index('ix_documents_canonical_url_version')

    op.drop_table('documents')
    op.drop_table('sources')
    op.drop_table('reviewers')
    op.drop_table('ingest_runs')
    op.drop_table('clusters')
