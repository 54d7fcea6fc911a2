"""Engines, sessions and the schema check.

The app never calls ``create_all``: the schema comes from Alembic migrations.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from tracker import settings
from tracker.errors import ConfigError, DatabaseError, NotMigratedError

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = REPO_ROOT / "migrations"


def normalize_url(url: str) -> str:
    """Validate a database URL and pick psycopg 3 for plain ``postgresql://`` URLs."""
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise ConfigError(f"invalid database URL {url!r}: expected e.g. sqlite:///path/tracker.db "
                          "or postgresql://user@host:5432/dbname") from e
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.drivername.startswith(("sqlite", "postgresql")):
        raise ConfigError(f"unsupported database {parsed.drivername!r}: use SQLite or PostgreSQL")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    # WAL lets the dashboard read while an ingest job writes; the busy timeout makes
    # writers wait for each other instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _redact(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@lru_cache(maxsize=16)
def get_engine(url: str | None = None) -> Engine:
    """Return a (cached) engine for ``url`` (default: the configured database).

    Raises:
        ConfigError: the URL is malformed or names an unsupported database.
    """
    url = normalize_url(settings.database_url(url))
    parsed = make_url(url)
    try:
        if parsed.drivername.startswith("sqlite"):
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    except (NoSuchModuleError, ArgumentError) as e:
        raise ConfigError(f"cannot use database URL {_redact(url)}: {e}") from e
    return engine


def check_connection(engine: Engine) -> None:
    """Connect once, turning driver errors into one clear DatabaseError."""
    try:
        with engine.connect():
            pass
    except OperationalError as e:
        reason = str(e.orig).strip().splitlines()[0] if e.orig else str(e)
        raise DatabaseError(f"cannot connect to {engine.url.render_as_string(hide_password=True)}: {reason}") from e


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """For Alembic: leave alone procrastinate's job-queue tables (made by ``tracker schedule``) and
    the dialect-specific text search objects of revision 0002 (PostgreSQL trigram indexes
    ``ix_trgm_*``, SQLite FTS5 tables ``*_fts`` and their shadow tables ``*_fts_*``)."""
    if not name:
        return True
    if type_ == "table" and (name.startswith("procrastinate_") or name.endswith("_fts") or "_fts_" in name):
        return False
    return not (type_ == "index" and name.startswith("ix_trgm_"))


def alembic_config(url: str):  # noqa: ANN201
    """An Alembic Config pointing at the project's migrations for ``url``."""
    from alembic.config import Config

    if not (MIGRATIONS_DIR / "env.py").exists():
        raise ConfigError(f"migrations not found at {MIGRATIONS_DIR}: install tracker from its source tree "
                          "(pip install -e .)")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision(url: str) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as e:
        check_connection(engine)
        raise DatabaseError(str(e)) from e


def _run_alembic(action: str, url: str | None, revision: str) -> None:
    from alembic import command

    engine = get_engine(url)
    check_connection(engine)
    with engine.begin() as conn:
        cfg = alembic_config(engine.url.render_as_string(hide_password=False))
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Upgrade the schema of ``url`` (default: the configured database) to ``revision``."""
    _run_alembic("upgrade", url, revision)


def downgrade(url: str | None, revision: str) -> None:
    """Downgrade the schema of ``url`` to ``revision`` ("base" removes everything)."""
    _run_alembic("downgrade", url, revision)


def ensure_schema(url: str | None = None, *, auto_upgrade: bool | None = None) -> Engine:
    """Return an engine whose schema is at the newest revision.

    The embedded default database upgrades itself; any other database must be
    migrated explicitly with ``tracker db upgrade``.

    Raises:
        NotMigratedError: the schema is missing or old and may not be upgraded here.
    """
    resolved = settings.database_url(url)
    engine = get_engine(resolved)
    check_connection(engine)
    if auto_upgrade is None:
        auto_upgrade = settings.is_default_database(resolved)
    current = current_revision(engine)
    head = head_revision(resolved)
    if current == head:
        return engine
    if auto_upgrade:
        logger.info("upgrading %s from %s to %s", _redact(resolved), current, head)
        upgrade(resolved)
        return engine
    if current is None:
        tables = inspect(engine).get_table_names()
        what = "has no tracker schema" if not tables else "is not managed by tracker's migrations"
    else:
        what = f"is at schema revision {current}, this tracker needs {head}"
    raise NotMigratedError(f"the database {_redact(resolved)} {what}: run `tracker --db URL db upgrade`")


_sessionmakers: dict[int, sessionmaker[Session]] = {}


@contextlib.contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on error."""
    maker = _sessionmakers.get(id(engine))
    if maker is None:
        maker = _sessionmakers[id(engine)] = sessionmaker(engine, expire_on_commit=False)
    session = maker()
    try:
        yield session
        session.commit()
    except OperationalError as e:
        session.rollback()
        raise DatabaseError(f"database error: {str(e.orig or e).strip().splitlines()[0]}") from e
    except SQLAlchemyError:
        session.rollback()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def dispose_engine(url: str) -> None:
    """Close the pooled connections of a cached engine (tests drop their schemas)."""
    try:
        engine = get_engine(url)
    except Exception:  # noqa: BLE001 - nothing to dispose
        return
    engine.dispose()
    get_engine.cache_clear()
