"""Scheduled ingestion (``tracker schedule FEEDS_FILE``).

- **PostgreSQL**: procrastinate. Each feeds-file entry is a periodic task with its own cron
  schedule; procrastinate defers each tick once (its database refuses a second defer of the same
  periodic task and time), a queueing lock keeps at most one waiting job per feed and a lock runs
  one job per feed at a time, so several workers on several machines never process the same item
  twice. Storage is idempotent anyway (content-hash dedup), so an overlap could only waste work.
- **SQLite**: one process. A lock file (``$TRACKER_HOME/scheduler.lock``, or beside the database
  file) held with ``flock`` stops a second scheduler; the lock goes away with the process, so a
  crash never leaves a stale lock.

``--once`` runs every entry now and exits: the cron and systemd-timer recipes in
docs/scheduling.md use it.

Feeds are conditional requests (ETag / Last-Modified kept per machine under TRACKER_HOME, see
``tracker.ingest.validators``): an unchanged feed costs one small request.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url

from tracker import settings
from tracker.errors import ConfigError, TrackerError
from tracker.ingest.feeds import FeedSpec, load_feeds_file

logger = logging.getLogger(__name__)

Log = Callable[[str], None]
TASK_NAME = "tracker.ingest_feed"


class SchedulerLockedError(TrackerError):
    """Another scheduler holds the lock."""

    exit_code = 6


def load(path: str | Path) -> list[FeedSpec]:
    specs = [s for s in load_feeds_file(path) if s.enabled]
    if not specs:
        raise ConfigError(f"feeds file {path}: no enabled feeds or URLs")
    return specs


def is_postgres(url: str) -> bool:
    return make_url(url).drivername.startswith("postgresql")


def run_specs(url: str, specs: list[FeedSpec], *, extractor=None, client=None, fetch_limits=None):
    """Ingest the given entries once (one ingest run); returns its RunSummary."""
    from tracker.db import ensure_schema
    from tracker.ingest.pipeline import Ingestor

    engine = ensure_schema(url)
    requested = {"scheduled": [s.key for s in specs], "feeds": [s.url for s in specs]}
    return Ingestor(engine, extractor=extractor, client=client, fetch_limits=fetch_limits,
                    conditional_get=True).run([], feeds=specs, requested=requested)


def run_once(url: str, specs: list[FeedSpec], *, log: Log = logger.info, **kwargs):
    summary = run_specs(url, specs, **kwargs)
    log(f"ran {len(specs)} scheduled entries")
    return summary


# --------------------------------------------------------------------------- SQLite: one process


def lock_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database and parsed.database != ":memory:":
        db = Path(parsed.database).expanduser()
        return db.with_name(db.name + ".scheduler.lock")
    return settings.default_data_dir() / "scheduler.lock"


class FileLock:
    """An exclusive, non-blocking ``flock`` on a file; released when the process exits."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            finally:
                os.close(fd)
            raise SchedulerLockedError(
                f"another scheduler is running (lock {self.path} held by pid {holder or '?'}); "
                "stop it first, or use PostgreSQL to run several workers") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            import fcntl

            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def next_runs(specs: list[FeedSpec], after: dt.datetime) -> dict[str, dt.datetime]:
    from croniter import croniter

    return {s.key: croniter(s.schedule, after).get_next(dt.datetime) for s in specs}


def run_local(url: str, specs: list[FeedSpec], *, log: Log = logger.info, max_cycles: int | None = None,
              sleep: Callable[[float], None] = time.sleep, now: Callable[[], dt.datetime] | None = None,
              **kwargs) -> None:
    """Single-process scheduler loop under the lock file (SQLite, or PostgreSQL without workers)."""
    now = now or (lambda: dt.datetime.now().astimezone())
    with FileLock(lock_path(url)):
        log(f"scheduler: {len(specs)} entries; lock {lock_path(url)}")
        due = next_runs(specs, now())
        cycles = 0
        while max_cycles is None or cycles < max_cycles:
            when = min(due.values())
            wait = (when - now()).total_seconds()
            if wait > 0:
                sleep(min(wait, 60.0))
                continue
            ready = [s for s in specs if due[s.key] <= now()]
            summary = run_specs(url, ready, **kwargs)
            c = summary.counts
            log(f"scheduler: ran {', '.join(s.key for s in ready)}: new {c['new']}, duplicate {c['duplicate']}, "
                f"dropped {c['dropped']}, failed {c['failed']}")
            after = now()
            for s in ready:
                due[s.key] = next_runs([s], after)[s.key]
            cycles += 1


# --------------------------------------------------------------------------- PostgreSQL: procrastinate


def conninfo(url: str) -> str:
    """A libpq connection string for a SQLAlchemy PostgreSQL URL (drops the +driver part)."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(url: str, specs: list[FeedSpec], *, extractor=None, client=None, fetch_limits=None):
    """A procrastinate App with one periodic task per feeds-file entry."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))

    @app.task(name=TASK_NAME, pass_context=False)
    def ingest_feed(timestamp: int, url_: str, name: str | None = None, kind: str = "auto",
                    language: str | None = None) -> dict:
        spec = FeedSpec(url=url_, name=name, kind=kind, language=language)
        summary = run_specs(url, [spec], extractor=extractor, client=client, fetch_limits=fetch_limits)
        return {k: summary.counts[k] for k in ("new", "version", "duplicate", "dropped", "failed")}

    for s in specs:
        lock = f"tracker-feed:{s.key}"
        app.periodic(cron=s.schedule, periodic_id=s.key, lock=lock, queueing_lock=lock,
                     task_kwargs={"url_": s.url, "name": s.name, "kind": s.kind, "language": s.language})(ingest_feed)
    return app


def ensure_queue_schema(url: str) -> None:
    """Create procrastinate's tables in the tracker database when they are missing."""
    from sqlalchemy import text

    from tracker.db import get_engine

    engine = get_engine(url)
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar()
    if exists:
        return
    import procrastinate

    schema = procrastinate.schema.SchemaManager.get_schema()
    with engine.begin() as conn:
        # Two workers starting at once: only one creates the schema.
        conn.execute(text("SELECT pg_advisory_xact_lock(727100001)"))
        if conn.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar():
            return
        # The raw driver cursor, without parameters: the schema's SQL holds literal '%' signs.
        conn.connection.driver_connection.execute(schema)


def run_forever(url: str, specs: list[FeedSpec], *, concurrency: int = 1, worker: bool = True,
                log: Log = logger.info, **kwargs) -> None:
    if not is_postgres(url):
        if concurrency != 1:
            log("scheduler: SQLite runs one job at a time; --concurrency ignored")
        run_local(url, specs, log=log, **kwargs)
        return
    from tracker.db import ensure_schema

    ensure_schema(url)
    ensure_queue_schema(url)
    app = make_app(url, specs, **kwargs)
    log(f"scheduler: procrastinate {'worker' if worker else 'deferrer only'}, {len(specs)} periodic entries, "
        f"concurrency {concurrency}")
    if worker:
        with app.open():
            app.run_worker(concurrency=concurrency, wait=True)
    else:
        import asyncio

        asyncio.run(_periodic_only(app))


async def _periodic_only(app) -> None:
    from procrastinate.periodic import PeriodicDeferrer

    async with app.open_async():
        await PeriodicDeferrer(registry=app.periodic_registry).worker()
