"""Races in storing documents, forced deterministically with a barrier (SQLite and PostgreSQL).

Two workers storing the same content at once: exactly one row (this holds). Two workers
storing two *different* versions of one URL at once: each changed article is a new version
(version + 1, previous_version_id -> the latest one), so the versions form a chain, never a fork
(this test found the fork; store.py now serialises versions of one URL: a per-URL advisory lock
on PostgreSQL, BEGIN IMMEDIATE on SQLite, so there the second session waits at the lock and the
barrier gives up after its timeout). tests/ingest/test_crash_and_concurrency.py races two
processes the same way.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from tracker.db import get_engine, session_scope
from tracker.db import models as m
from tracker.ingest import store
from tracker.records import DocumentInput, ExtractionResult


def _result(body: str, url: str) -> ExtractionResult:
    doc = DocumentInput(body=body, url=url, language="en")
    return ExtractionResult(document=doc, language="en", status="dropped", reason="nothing found")


def _race(url: str, bodies: list[str], article_url: str | list[str], monkeypatch: pytest.MonkeyPatch) -> list:
    """Store ``bodies`` (at ``article_url``, one URL or one per body) from concurrent sessions, all
    past ``find_existing`` before any insert unless the store serialises them first."""
    urls = article_url if isinstance(article_url, list) else [article_url] * len(bodies)
    engine = get_engine(url)
    barrier = threading.Barrier(len(bodies), timeout=3)
    real_find = store.find_existing

    def find_then_wait(session, chash, canon):  # noqa: ANN001, ANN202
        found = real_find(session, chash, canon)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(store, "find_existing", find_then_wait)
    results: list = [None] * len(bodies)
    errors: list = []

    def work(i: int) -> None:
        res = _result(bodies[i], urls[i])
        try:
            with session_scope(engine) as s:
                results[i] = store.store_result(s, res, chash=store.content_hash(res.document),
                                                canon=store.canonical_url(urls[i]), run_id=None, source=None)
        except Exception as e:  # noqa: BLE001 - collected for the assertion
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    monkeypatch.setattr(store, "find_existing", real_find)
    assert not errors, errors
    return results


def test_same_content_from_four_sessions_is_stored_once(db_url: str, monkeypatch) -> None:  # noqa: ANN001
    # Four mirrors of one text: no URL lock orders them, so on PostgreSQL all four inserts race
    # and ON CONFLICT (content_hash) DO NOTHING settles it.
    mirrors = [f"https://mirror{i}.example/a" for i in range(4)]
    results = _race(db_url, ["The same article text."] * 4, mirrors, monkeypatch)
    assert sorted(r.status for r in results) == ["duplicate", "duplicate", "duplicate", "new"]
    with session_scope(get_engine(db_url)) as s:
        assert len(s.scalars(select(m.Document)).all()) == 1


def test_concurrent_versions_of_one_url_form_a_chain(db_url: str, monkeypatch) -> None:  # noqa: ANN001
    url = "https://race.example/story"
    engine = get_engine(db_url)
    with session_scope(engine) as s:
        first = _result("Version one of the story.", url)
        store.store_result(s, first, chash=store.content_hash(first.document), canon=store.canonical_url(url),
                           run_id=None, source=None)
    _race(db_url, ["Version two of the story.", "Version three of the story."], url, monkeypatch)
    with session_scope(engine) as s:
        rows = s.execute(select(m.Document.id, m.Document.version, m.Document.previous_version_id)
                         .order_by(m.Document.id)).all()
    versions = sorted(r.version for r in rows)
    previous = [r.previous_version_id for r in rows if r.previous_version_id is not None]
    assert versions == [1, 2, 3], rows  # each version once
    assert len(set(previous)) == len(previous), rows  # a chain, not a fork
