"""Ingest runs (``ingest_runs``): their states, and runs that died without recording an end.

States of ``ingest_runs.status`` (docs/ingest.md has the same table):

- ``running``: in progress;
- ``finished``: every item has an outcome (pairing done unless ``--no-pair``);
- ``failed``: stopped by an unexpected error, recorded by the run itself;
- ``interrupted``: stopped by Ctrl-C or SIGTERM, recorded by the run itself;
- ``abandoned``: the process died without recording an end (SIGKILL, out of memory, power
  loss, a lost machine). A run cannot write this about itself: :func:`mark_abandoned` finds such
  runs, and runs whenever a new run starts, ``tracker runs`` lists runs, or the dashboard does.

How a dead run is told from a live one, without schema changes:

- **PostgreSQL**: each live run holds a session-level advisory lock keyed on the schema and its
  run id, on a connection of its own (:class:`RunLease`). The row becomes visible in the same
  transaction that takes the lock, so a live run is never unlocked. The lock goes away with the
  process or its connection, on any host, so a run whose lock can be taken is dead.
- **SQLite** (one machine): the ``worker`` column's ``host:pid``. A run of this host whose
  process is gone, or whose pid now belongs to a process that started after the run did (the
  pid was reused, e.g. after a reboot), is dead. Runs recorded by another host are left as they
  are: this host cannot see its processes.

Documents of an abandoned run are paired again by the next run that meets them (see
``store.find_existing``), so an abandoned run loses nothing that re-running does not restore.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, text, update

from tracker.db import models as m
from tracker.db.engine import session_scope

logger = logging.getLogger(__name__)

RUNNING, FINISHED, FAILED, INTERRUPTED, ABANDONED = "running", "finished", "failed", "interrupted", "abandoned"
STATES = (RUNNING, FINISHED, FAILED, INTERRUPTED, ABANDONED)

#: Advisory locks are per database, not per schema: the key's first half names the schema so
#: that two tracker schemas in one database (tests, staging) never see each other's runs.
_LOCK_ARGS = "hashtext('tracker-run:' || current_schema()), CAST(:run_id AS integer)"
#: A pid whose process started this long after the run did belongs to another process.
_PID_REUSE_SLACK = dt.timedelta(seconds=60)


def worker_name() -> str:
    """``host:pid`` of this process, as recorded in ``ingest_runs.worker``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_postgres(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


@dataclass
class RunLease:
    """A started run and, on PostgreSQL, the connection holding its liveness lock."""

    run_id: int
    started_at: dt.datetime
    connection: Connection | None = None

    def release(self) -> None:
        """Drop the liveness lock (the run has recorded its end)."""
        conn, self.connection = self.connection, None
        if conn is None:
            return
        try:
            conn.execute(text(f"SELECT pg_advisory_unlock({_LOCK_ARGS})"), {"run_id": self.run_id})
            conn.commit()
            conn.close()
        except Exception:  # noqa: BLE001 - never keep a pooled connection that may still hold the lock
            logger.debug("could not release the lock of run %s", self.run_id, exc_info=True)
            conn.invalidate()
            conn.close()


def start_run(engine: Engine, requested: dict) -> RunLease:
    """Record a new ``running`` run (after marking dead runs abandoned) and return its lease."""
    mark_abandoned(engine)
    started = dt.datetime.now(dt.timezone.utc)
    values = dict(requested=requested, status=RUNNING, counts={}, errors=[], worker=worker_name(), started_at=started)
    stmt = m.IngestRun.__table__.insert().values(**values).returning(m.IngestRun.id)
    if not _is_postgres(engine):
        with engine.begin() as conn:
            return RunLease(conn.execute(stmt).scalar_one(), started)
    conn = engine.connect()
    try:
        with conn.begin():
            run_id = conn.execute(stmt).scalar_one()
            # Taken before the row is committed: no other session ever sees this run unlocked.
            conn.execute(text(f"SELECT pg_advisory_lock({_LOCK_ARGS})"), {"run_id": run_id})
    except BaseException:
        conn.close()
        raise
    return RunLease(run_id, started, conn)


def mark_abandoned(engine: Engine) -> list[int]:
    """Mark ``running`` runs whose process is gone as ``abandoned``; returns their ids.

    Safe to call from any process at any time (a run that ends meanwhile keeps its own status).
    Errors are logged, never raised: this is bookkeeping.
    """
    try:
        with engine.begin() as conn:
            rows = conn.execute(select(m.IngestRun.id, m.IngestRun.worker, m.IngestRun.started_at)
                                .where(m.IngestRun.status == RUNNING)).all()
            if not rows:
                return []
            if _is_postgres(conn):
                # Transaction-level try-locks: released at commit, and they conflict with the
                # session-level lock a live run holds.
                dead = [r.id for r in rows
                        if conn.execute(text(f"SELECT pg_try_advisory_xact_lock({_LOCK_ARGS})"),
                                        {"run_id": r.id}).scalar()]
            else:
                dead = [r.id for r in rows if _dead_on_this_host(r.worker, r.started_at)]
            if dead:
                # "status = running" again: a run that recorded its end meanwhile keeps it.
                conn.execute(update(m.IngestRun).where(m.IngestRun.id.in_(dead), m.IngestRun.status == RUNNING)
                             .values(status=ABANDONED))
            return dead
    except Exception:  # noqa: BLE001 - bookkeeping only
        logger.warning("could not check for abandoned ingest runs", exc_info=True)
        return []


def _dead_on_this_host(worker: str | None, started_at: dt.datetime | None) -> bool:
    host, _, pid = (worker or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's run: its processes cannot be seen from here
    pid_n = int(pid)
    if pid_n == os.getpid():
        return False
    if not pid_alive(pid_n):
        return True
    started = process_start_time(pid_n)
    if started is None or started_at is None:
        return False
    if started_at.tzinfo is None:
        started_at = started_at.replace(tzinfo=dt.timezone.utc)  # SQLite keeps UTC without an offset
    return started > started_at + _PID_REUSE_SLACK


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this host (zombies count as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def process_start_time(pid: int) -> dt.datetime | None:
    """When process ``pid`` started (Linux ``/proc``), or None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])  # field 22 of stat(5), counted after the ")" that ends the name
        with open("/proc/stat", "rb") as fh:
            btime = next(int(line.split()[1]) for line in fh if line.startswith(b"btime "))
        return dt.datetime.fromtimestamp(btime + ticks / os.sysconf("SC_CLK_TCK"), dt.timezone.utc)
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def list_runs(engine: Engine, *, limit: int = 20, status: str | None = None) -> list[dict]:
    """The newest runs (after marking dead ones abandoned), as dicts for ``tracker runs``."""
    mark_abandoned(engine)
    stmt = select(m.IngestRun).order_by(m.IngestRun.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(m.IngestRun.status == status)
    with session_scope(engine) as session:
        return [{"id": r.id, "status": r.status, "started": r.started_at, "finished": r.finished_at,
                 "worker": r.worker, "counts": dict(r.counts or {}), "errors": len(r.errors or []),
                 "requested": dict(r.requested or {})} for r in session.scalars(stmt)]
