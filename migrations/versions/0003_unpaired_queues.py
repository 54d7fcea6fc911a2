"""unpaired queues instead of paired_version columns

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

What still needs pairing moves out of the wide ``commitments`` and ``events`` rows into two narrow
tables, ``unpaired_commitments`` and ``unpaired_events`` (one id per row, the row's primary key, a
foreign key with ``ON DELETE CASCADE``). An ``AFTER INSERT`` trigger on each wide table queues every
new row in the same transaction, whatever writes it (the ingest store, bulk ``COPY``, a hand-made
``INSERT``); pairing deletes the ids it has paired. The ``paired_version`` columns and their indexes
are dropped (on SQLite before 3.35, which cannot drop a column, only the indexes; the column stays,
unused).

Why: a full re-pair used to set ``paired_version`` on every row. On PostgreSQL that ``UPDATE`` is
not HOT (the column is indexed, and the pages are full), so every index entry of every wide row was
rewritten, the trigram GIN index included, and a VACUUM of both tables followed: the full re-pair
grew faster than the database. A delete from a one-column table costs the same per row whatever the
width of the rows it stands for.

Upgrade: the rows whose ``paired_version`` is NULL are queued. Downgrade: the columns come back,
NULL for the queued rows and ``'0003-downgrade'`` (any non-NULL value means "paired") for the others.
The triggers are dialect-specific and not in ``tracker.db.models``; the tables are.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

#: wide table -> (queue table, its id column). Frozen here: later changes need a new revision.
QUEUES = {
    "commitments": ("unpaired_commitments", "commitment_id"),
    "events": ("unpaired_events", "event_id"),
}
DOWNGRADE_VERSION = "0003-downgrade"


def _create_triggers(dialect: str) -> None:
    for table, (queue, column) in QUEUES.items():
        if dialect == "postgresql":
            # One statement-level trigger with a transition table: a COPY or a multi-row INSERT
            # queues its rows with one INSERT ... SELECT, not one trigger call per row.
            op.execute(
                f"CREATE FUNCTION tracker_queue_{table}() RETURNS trigger AS $$ "
                f"BEGIN INSERT INTO {queue} ({column}) SELECT id FROM new_rows; RETURN NULL; END; "
                "$$ LANGUAGE plpgsql"
            )
            op.execute(
                f"CREATE TRIGGER {table}_queue_unpaired AFTER INSERT ON {table} "
                f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tracker_queue_{table}()"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_queue_unpaired AFTER INSERT ON {table} "
                f"BEGIN INSERT INTO {queue} ({column}) VALUES (new.id); END"
            )


def _drop_triggers(dialect: str) -> None:
    for table in QUEUES:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_queue_unpaired ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS tracker_queue_{table}()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_queue_unpaired")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, (queue, column) in QUEUES.items():
        op.create_table(
            queue,
            sa.Column(column, sa.Integer(), autoincrement=False, nullable=False),
            sa.ForeignKeyConstraint([column], [f"{table}.id"], name=op.f(f"fk_{queue}_{column}_{table}"),
                                    ondelete="CASCADE"),
            sa.PrimaryKeyConstraint(column, name=op.f(f"pk_{queue}")),
        )
        op.execute(f"INSERT INTO {queue} ({column}) SELECT id FROM {table} WHERE paired_version IS NULL")
        op.drop_index(f"ix_{table}_paired_version", table_name=table)
        if _can_drop_column(op.get_bind()):
            # ALTER TABLE ... DROP COLUMN: no table copy, so the FTS triggers of revision 0002 on
            # these tables stay in place.
            op.drop_column(table, "paired_version")
    _create_triggers(dialect)


def _can_drop_column(bind) -> bool:
    """SQLite before 3.35 has no ALTER TABLE ... DROP COLUMN. There the unused, nullable column is
    left in place: a batch table copy would drop the tables that pairs reference (with foreign keys
    on, their rows cascade) and the FTS triggers of 0002."""
    if bind.dialect.name != "sqlite":
        return True
    version = tuple(int(x) for x in bind.execute(sa.text("SELECT sqlite_version()")).scalar().split(".")[:2])
    return version >= (3, 35)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    bind = op.get_bind()
    for table, (queue, column) in QUEUES.items():
        if "paired_version" in {c["name"] for c in sa.inspect(bind).get_columns(table)}:
            # left in place by the upgrade (old SQLite): queued rows may still hold old values
            op.execute(f"UPDATE {table} SET paired_version = NULL WHERE id IN (SELECT {column} FROM {queue})")
        else:
            op.add_column(table, sa.Column("paired_version", sa.String(length=64), nullable=True))
        op.execute(f"UPDATE {table} SET paired_version = '{DOWNGRADE_VERSION}' "
                   f"WHERE id NOT IN (SELECT {column} FROM {queue})")
        op.create_index(f"ix_{table}_paired_version", table, ["paired_version"], unique=False)
        op.drop_table(queue)
