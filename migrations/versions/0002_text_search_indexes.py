"""text search and filter indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

B-tree indexes on ``commitments.target``, ``events.target`` and ``documents.language`` (the
dashboard's filter lists and filters), and indexes for the dashboard's free-text search (case-insensitive substring over evidence, actors,
places and titles), one kind per database:

- PostgreSQL: trigram GIN indexes (``pg_trgm``), which ``ILIKE '%...%'`` uses as it is. Where the
  extension cannot be created (not installed, no privilege), the indexes are skipped and search
  still works, by scanning.
- SQLite: FTS5 tables with the trigram tokenizer over the same columns, kept in step with their
  tables by triggers ("external content": the text is stored once, in the table). Where SQLite
  has no FTS5, they are skipped and search scans.

These objects are dialect-specific and not in ``tracker.db.models``; ``include_object`` in
``tracker.db.engine`` leaves them out of the models-versus-migrations check.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

#: index or FTS table name -> (table, searched columns). Frozen here: later changes need a new revision.
SEARCHED = {
    "commitments": ("ix_trgm_commitments_text", "commitments_fts", ("evidence", "actor")),
    "events": ("ix_trgm_events_text", "events_fts", ("evidence", "actor", "place_name", "place_raw")),
    "documents": ("ix_trgm_documents_title", "documents_fts", ("title",)),
}


TRGM_EXTENSION = "pg_trgm"


def _trgm_schema(bind) -> str | None:
    """The schema pg_trgm is installed in, or None when it is not installed in this database."""
    return bind.execute(sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'")).scalar()


def _ensure_trgm(bind) -> str | None:
    """Install pg_trgm (in ``public``, shared by every schema of the database) if it is not there.

    A failure (extension not available, no privilege) rolls back to a savepoint and returns None:
    the migration goes on without trigram indexes.
    """
    schema = _trgm_schema(bind)
    if schema:
        return schema
    try:
        with bind.begin_nested():
            bind.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {TRGM_EXTENSION} WITH SCHEMA public"))
    except sa.exc.DBAPIError:
        pass  # another migration may have created it meanwhile: look again
    return _trgm_schema(bind)


def _upgrade_postgresql(bind) -> None:
    schema = _ensure_trgm(bind)
    if not schema:
        return
    for table, (index, _fts, columns) in SEARCHED.items():
        ops = ", ".join(f'"{c}" "{schema}".gin_trgm_ops' for c in columns)
        op.execute(f'CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({ops})')


def _fts5_available(bind) -> bool:
    """FTS5 compiled in, and a SQLite new enough for its trigram tokenizer (3.34)."""
    version = tuple(int(x) for x in bind.execute(sa.text("SELECT sqlite_version()")).scalar().split(".")[:2])
    return version >= (3, 34) and bool(bind.execute(sa.text("SELECT sqlite_compileoption_used('ENABLE_FTS5')"))
                                        .scalar())


def _upgrade_sqlite(bind) -> None:
    if not _fts5_available(bind):
        return
    for table, (_index, fts, columns) in SEARCHED.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
                   "tokenize='trigram')")
        op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
                   f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END")
        op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
                   f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END")
        op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
                   f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
                   f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END")
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # index the rows already there


#: (index, table, columns) of plain indexes, also declared in tracker.db.models.
BTREE = (
    ("ix_commitments_target", "commitments", ["target"]),
    ("ix_events_target", "events", ["target"]),
    ("ix_documents_language", "documents", ["language"]),
)


def upgrade() -> None:
    for name, table, columns in BTREE:
        op.create_index(name, table, columns, unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _upgrade_postgresql(bind)
    elif bind.dialect.name == "sqlite":
        _upgrade_sqlite(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for _table, (index, fts, _columns) in SEARCHED.items():
        if bind.dialect.name == "postgresql":
            op.execute(f"DROP INDEX IF EXISTS {index}")  # the extension stays: other schemas may use it
        elif bind.dialect.name == "sqlite":
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    for name, table, _columns in BTREE:
        op.drop_index(name, table_name=table)
