"""Shared fixtures: real SQLite and real PostgreSQL databases at the newest schema.

PostgreSQL tests read TRACKER_TEST_DATABASE_URL and skip when it is unset. In CI,
TRACKER_REQUIRE_POSTGRES=1 turns such a skip into a failure. Each PostgreSQL test
gets its own schema (via search_path), so test runs and workers never collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = Path(__file__).resolve().parent / "resources"
GOLD_DEV = ROOT.parent / "shared" / "gold" / "dev"


def _pg_base_url() -> str | None:
    return os.environ.get("TRACKER_TEST_DATABASE_URL") or None


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's embedded database from a test."""
    monkeypatch.setenv("TRACKER_HOME", str(tmp_path_factory.mktemp("tracker-home")))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)


def make_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL bound to a fresh, empty schema that is dropped afterwards."""
    base = _pg_base_url()
    if not base:
        pytest.skip("PostgreSQL: TRACKER_TEST_DATABASE_URL is not set")
    url = make_url(base)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        from tracker.db import engine as dbe

        dbe.dispose_engine(url.update_query_dict({"options": f"-csearch_path={schema}"})
                           .render_as_string(hide_password=False))
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind (no schema yet)."""
    if request.param == "sqlite":
        return make_sqlite_url(tmp_path)
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def db_url(empty_db_url: str) -> str:
    """A database of each kind, migrated to the newest schema."""
    from tracker.db import upgrade

    upgrade(empty_db_url)
    return empty_db_url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite database only (for tests that need no PostgreSQL run)."""
    from tracker.db import upgrade

    url = make_sqlite_url(tmp_path)
    upgrade(url)
    return url


@pytest.fixture
def engine(db_url: str):  # noqa: ANN201
    from tracker.db import get_engine

    return get_engine(db_url)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # noqa: ANN201
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and os.environ.get("TRACKER_REQUIRE_POSTGRES") == "1"
        and "postgres" in item.keywords
    ):
        report.outcome = "failed"
        report.longrepr = "PostgreSQL test skipped but TRACKER_REQUIRE_POSTGRES=1 (CI must run it)"
