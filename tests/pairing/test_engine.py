"""The database-wide pairing engine: indexed candidates, cross-document pairs, re-pairing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.helpers import PAUSE, STRIKE, article, fake_extractor  # noqa: E402
from tracker.db import get_engine, session_scope  # noqa: E402
from tracker.db import models as m  # noqa: E402
from tracker.ingest import pipeline  # noqa: E402
from tracker.pairing import engine as pe  # noqa: E402


def ingest(url, tmp_path, name, *lines, date="2025-03-20", pair=True):
    p = tmp_path / f"{name}.txt"
    p.write_text(article(f"https://ex.org/{name}", date, *lines))
    return pipeline.ingest(get_engine(url), [str(p)], extractor=fake_extractor, pair=pair)


def pair_count(url) -> int:
    with session_scope(get_engine(url)) as s:
        return s.scalar(select(func.count()).select_from(m.Pair))


def test_pairs_across_documents_in_either_order(db_url, tmp_path):
    ingest(db_url, tmp_path, "strike", STRIKE)  # the event first
    assert pair_count(db_url) == 0
    ingest(db_url, tmp_path, "pause", PAUSE, date="2025-03-18")
    assert pair_count(db_url) == 1


@pytest.mark.parametrize("event", [
    "E|Ukraine|did|drone strike|energy infrastructure|2025-03-19|Belgorod|RU",  # another actor
    "E|Russia|did|drone strike|energy infrastructure|2025-05-19|Sloviansk|UA",  # after the window
    "E|Russia|did|drone strike|energy infrastructure|2025-02-19|Sloviansk|UA",  # before the window
    "E|Russia|did|impose tariffs|tariffs|2025-03-19|Moscow|RU",  # another action family
    "E|Russia|stopped|drone strike|energy infrastructure|2025-03-19|Sloviansk|UA",  # wrong polarity
    "E||did|drone strike|energy infrastructure|2025-03-19|Sloviansk|UA",  # no actor: never paired
])
def test_non_contradictions_are_not_paired(sqlite_url, tmp_path, event):
    ingest(sqlite_url, tmp_path, "pause", PAUSE, date="2025-03-18")
    ingest(sqlite_url, tmp_path, "event", event)
    assert pair_count(sqlite_url) == 0


def test_candidate_queries_use_the_indexes(sqlite_url, tmp_path):
    import datetime as dt

    ingest(sqlite_url, tmp_path, "pause", PAUSE, STRIKE, date="2025-03-18")
    eng = get_engine(sqlite_url)
    lo, hi = dt.date(2025, 3, 1), dt.date(2025, 4, 30)
    with session_scope(eng) as s:
        for kind, pol, index, table in (
            ("events", "did", "ix_events_actor_family_from", "events"),
            ("commitments", "refrain", "ix_commitments_actor_family_from", "commitments"),
        ):
            # several (group, date range) look-ups in one statement: each one an index look-up
            params = pe._lookup_params([("Russia", "military", pol, lo, hi), ("Ukraine", "military", pol, lo, None),
                                        ("Israel", "military", pol, None, None), ("IDF", "military", pol, None, hi),
                                        ("Russia", "tariff", pol, hi, hi)], "sqlite")
            compiled = str(pe._or_stmt(kind, "sqlite").compile(eng))
            plan = " ".join(str(r[-1]) for r in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}",
                                                                                (params["lookups"],)))
            assert f"USING INDEX {index}" in plan, plan
            assert f"SCAN {table}" not in plan and "SCAN k" not in plan, plan
            found = s.scalars(pe._or_stmt(kind, "sqlite"), params).all()
            assert len(found) == 1 and found[0].actor == "Russia"


def test_many_new_rows_need_few_queries(sqlite_url, tmp_path, monkeypatch):
    """Candidates for a batch come from one query per actor/family group and merged date range."""
    lines = [f"E|Russia|did|drone strike|energy infrastructure|2025-03-{d:02d}|Town{d}|UA" for d in range(1, 29)]
    ingest(sqlite_url, tmp_path, "pause", PAUSE, date="2025-03-18")
    ingest(sqlite_url, tmp_path, "many", *lines, pair=False)
    calls = []
    from sqlalchemy import event

    eng = get_engine(sqlite_url)
    listener = lambda *a: calls.append(a[2])  # noqa: E731
    event.listen(eng, "before_cursor_execute", listener)
    try:
        stats = pe.pair_incremental(eng)
    finally:
        event.remove(eng, "before_cursor_execute", listener)
    assert stats.events == 28 and stats.pairs_written == 28 - 17  # events from 2025-03-18 on
    assert sum(1 for sql in calls if "FROM commitments" in sql and "action_family" in sql) == 1


def test_incremental_pairing_does_only_new_rows(sqlite_url, tmp_path):
    ingest(sqlite_url, tmp_path, "pause", PAUSE, date="2025-03-18", pair=False)
    ingest(sqlite_url, tmp_path, "strike", STRIKE, pair=False)
    assert pair_count(sqlite_url) == 0
    stats = pe.pair_incremental(get_engine(sqlite_url))
    assert stats.pairs_written == 1 and pair_count(sqlite_url) == 1
    again = pe.pair_incremental(get_engine(sqlite_url))
    assert again.pairs_written == 0 and pair_count(sqlite_url) == 1


def test_new_pairing_version_repairs_without_touching_reviews(db_url, tmp_path, monkeypatch):
    from tracker.db import service
    from tracker.pairing import rules

    ingest(db_url, tmp_path, "pause", PAUSE, date="2025-03-18")
    ingest(db_url, tmp_path, "strike", STRIKE)
    eng = get_engine(db_url)
    with session_scope(eng) as s:
        reviewer = m.Reviewer(name="ana")
        s.add(reviewer)
        s.flush()
        pair = s.scalars(select(m.Pair)).one()
        service.add_review(s, pair_id=pair.id, verdict="confirmed", reviewer=reviewer, note="checked")
        old_version = pair.pairing_version
    # A new rules version that scores differently: scores update in place, reviews stay.
    real = rules.evaluate
    monkeypatch.setattr(rules, "PAIRING_VERSION", "test.v2")
    monkeypatch.setattr(rules, "evaluate", lambda c, e: (lambda v: v and type(v)(
        score=0.42, reasons=v.reasons + ("re-scored",), flags=v.flags))(real(c, e)))
    stats = pe.pair_all(eng)
    assert stats.pairs_written == 1 and stats.deactivated == 0
    with session_scope(eng) as s:
        pair = s.scalars(select(m.Pair)).one()
        assert pair.pairing_version == "test.v2" != old_version and pair.score == 0.42 and pair.active
        assert service.current_status(s, pair.id) == "confirmed"
    # A version whose rules no longer see the contradiction: the pair is retired, not deleted.
    monkeypatch.setattr(rules, "PAIRING_VERSION", "test.v3")
    monkeypatch.setattr(rules, "evaluate", lambda c, e: None)
    stats = pe.pair_all(eng)
    assert stats.deactivated == 1
    with session_scope(eng) as s:
        pair = s.scalars(select(m.Pair)).one()
        assert not pair.active and len(pair.reviews) == 1
    from tracker.ingest.listing import list_pairs

    assert list_pairs(eng) == [] and len(list_pairs(eng, include_inactive=True)) == 1


def test_records_round_trip_through_rows(sqlite_url, tmp_path):
    ingest(sqlite_url, tmp_path, "pause", PAUSE, STRIKE, date="2025-03-18")
    with session_scope(get_engine(sqlite_url)) as s:
        c = pe.commitment_record(s.scalars(select(m.Commitment)).one())
        e = pe.event_record(s.scalars(select(m.Event)).one())
    assert c.window.valid_from.isoformat() == "2025-03-18" and c.actor == "Russia"
    assert e.place.name == "Sloviansk" and e.occurred_on.isoformat() == "2025-03-19"


@pytest.mark.postgres
def test_full_repair_vacuums_the_queues_on_postgres(pg_schema_url, tmp_path):
    """A full re-pair empties the queues of unpaired rows; it vacuums them (and pairs) so that the
    next incremental pairing does not walk the deleted ids' index entries. It never rewrites the
    wide commitment and event rows."""
    from tracker.db import upgrade

    upgrade(pg_schema_url)
    ingest(pg_schema_url, tmp_path, "pause", PAUSE, date="2025-03-18", pair=False)
    ingest(pg_schema_url, tmp_path, "strike", STRIKE, pair=False)
    eng = get_engine(pg_schema_url)
    pe.pair_all(eng)
    with session_scope(eng) as s:
        stats = {r.relname: r for r in s.execute(text(
            "SELECT relname, last_vacuum, n_tup_upd FROM pg_stat_user_tables WHERE schemaname = current_schema()"))}
    assert all(stats[t].last_vacuum is not None for t in ("pairs", "unpaired_commitments", "unpaired_events"))
    assert stats["commitments"].n_tup_upd == 0 and stats["events"].n_tup_upd == 0
    assert pe.pair_incremental(eng).pairs_written == 0 and pair_count(pg_schema_url) == 1
