"""Schema, migrations and the service layer, on real SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text, update
from sqlalchemy.exc import IntegrityError, DBAPIError

from tracker.db import (
    Base,
    Commitment,
    Document,
    Event,
    Pair,
    Review,
    Reviewer,
    current_revision,
    downgrade,
    ensure_schema,
    get_engine,
    head_revision,
    session_scope,
    upgrade,
)
from tracker.db import service
from tracker.db.engine import include_object
from tracker.errors import AuthError, ConfigError, DatabaseError, NotMigratedError


def test_db_migrations_match_models(engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True,
                                                   "include_object": include_object})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_db_upgrade_downgrade_upgrade(empty_db_url: str) -> None:
    engine = get_engine(empty_db_url)
    upgrade(empty_db_url)
    assert current_revision(engine) == head_revision(empty_db_url)
    assert {"documents", "commitments", "events", "pairs", "reviews", "reviewers", "ingest_runs",
            "sources", "clusters"} <= set(inspect(engine).get_table_names())
    downgrade(empty_db_url, "base")
    assert current_revision(engine) is None
    assert "documents" not in inspect(engine).get_table_names()
    upgrade(empty_db_url)
    assert current_revision(engine) == head_revision(empty_db_url)


def _document(body: str, digest: str) -> Document:
    return Document(body=body, content_hash=digest, language="ar", title=body[:40],
                    published=dt.date(2025, 3, 19), url="https://example.org/a")


def _seed_pair(session) -> Pair:
    doc = _document("نص تجريبي", "h-seed")
    session.add(doc)
    session.flush()
    c = Commitment(document_id=doc.id, local_id="c1", actor="Russia", polarity="refrain", action="strike",
                   target="energy infrastructure", evidence="e", start=0, end=1)
    e = Event(document_id=doc.id, local_id="e1", actor="Russia", action="missile strike",
              target="energy infrastructure", evidence="e", start=0, end=1)
    session.add_all([c, e])
    session.flush()
    pair = Pair(commitment_id=c.id, event_id=e.id, score=0.9, reasons=["same actor: Russia"],
                pairing_version="test")
    session.add(pair)
    session.flush()
    return pair


@pytest.mark.parametrize("body", [
    "قال الكرملين إن بوتين وافق على إيقاف الضربات على البنية التحتية للطاقة",
    "Кремль заявил, что Путин согласился приостановить удары; Україна погодилася",
    "Mixed: Kyiv «Київ» كييف — Sloviansk ‘quoted’ \u200f",
])
def test_db_unicode_round_trip(engine, body: str) -> None:
    with session_scope(engine) as session:
        session.add(_document(body, f"h-{hash(body)}"))
    with session_scope(engine) as session:
        stored = session.scalars(select(Document).where(Document.content_hash == f"h-{hash(body)}")).one()
        assert stored.body == body
        assert stored.title == body[:40]


def test_db_content_hash_unique_keeps_first(engine) -> None:
    with session_scope(engine) as session:
        session.add(_document("first body", "same-hash"))
    with pytest.raises(IntegrityError):
        with session_scope(engine) as session:
            session.add(_document("second body", "same-hash"))
    with session_scope(engine) as session:
        rows = session.scalars(select(Document).where(Document.content_hash == "same-hash")).all()
        assert [d.body for d in rows] == ["first body"]


def test_db_reviews_append_only_through_service(engine) -> None:
    with session_scope(engine) as session:
        pair = _seed_pair(session)
        alice = Reviewer(name="alice", password_hash="x")
        session.add(alice)
        session.flush()
        first = service.add_review(session, pair_id=pair.id, verdict="confirmed", reviewer=alice)
        service.add_review(session, pair_id=pair.id, verdict="rejected", reviewer=alice, note="second look")
        pair_id, first_id = pair.id, first.id
    with session_scope(engine) as session:
        assert [r.verdict for r in service.history(session, pair_id)] == ["confirmed", "rejected"]
        assert service.current_status(session, pair_id) == "rejected"
        statuses = dict((p.id, s) for p, s in session.execute(service.pairs_with_status()))
        assert statuses[pair_id] == "rejected"
    with pytest.raises(service.AppendOnlyError):
        with session_scope(engine) as session:
            session.get(Review, first_id).verdict = "needs-evidence"
    with pytest.raises(service.AppendOnlyError):
        with session_scope(engine) as session:
            session.delete(session.get(Review, first_id))
    with session_scope(engine) as session:
        assert [r.verdict for r in service.history(session, pair_id)] == ["confirmed", "rejected"]


def test_db_reviews_append_only_in_database(engine) -> None:
    """Even a raw SQL UPDATE or DELETE is refused by the database's triggers."""
    with session_scope(engine) as session:
        pair = _seed_pair(session)
        bob = Reviewer(name="bob", password_hash="x")
        session.add(bob)
        session.flush()
        review_id = service.add_review(session, pair_id=pair.id, verdict="confirmed", reviewer=bob).id
    for statement in (update(Review).where(Review.id == review_id).values(verdict="rejected"),
                      text(f"DELETE FROM reviews WHERE id = {review_id}")):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(statement)
    with session_scope(engine) as session:
        assert session.get(Review, review_id).verdict == "confirmed"


def test_db_review_needs_reviewer(engine) -> None:
    with session_scope(engine) as session:
        pair = _seed_pair(session)
        with pytest.raises(AuthError):
            service.add_review(session, pair_id=pair.id, verdict="confirmed", reviewer=None)
        inactive = Reviewer(name="gone", password_hash="x", active=False)
        session.add(inactive)
        session.flush()
        with pytest.raises(AuthError):
            service.add_review(session, pair_id=pair.id, verdict="confirmed", reviewer=inactive)


def test_db_invalid_url_is_config_error() -> None:
    with pytest.raises(ConfigError, match="invalid database URL"):
        get_engine("not a url at all")
    with pytest.raises(ConfigError, match="unsupported database"):
        get_engine("mysql://root@localhost/x")


def test_db_unreachable_server_is_clear_error() -> None:
    with pytest.raises(DatabaseError, match="cannot connect"):
        ensure_schema("postgresql://postgres@127.0.0.1:1/nowhere")


def test_db_not_migrated_says_what_to_run(empty_db_url: str) -> None:
    with pytest.raises(NotMigratedError, match="tracker --db URL db upgrade"):
        ensure_schema(empty_db_url)


def test_db_default_embedded_database_upgrades_itself() -> None:
    engine = ensure_schema()
    assert current_revision(engine) == head_revision(str(engine.url))


@pytest.mark.parametrize("args, message", [
    (["--db", "bogus://x", "db", "current"], "unsupported database"),
    (["--db", "postgresql://postgres@127.0.0.1:1/x", "db", "current"], "cannot connect"),
])
def test_db_cli_errors_are_one_line(args: list[str], message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
