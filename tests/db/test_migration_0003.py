"""Revision 0003 (pairing queues instead of ``paired_version`` columns) on a populated database,
SQLite and PostgreSQL: upgrade and downgrade with data in place.

- up: exactly the rows whose ``paired_version`` was NULL are queued; every other value is kept;
  the insert triggers queue new rows; the text search objects of 0002 still work;
- down: ``paired_version`` is back, NULL exactly for the queued rows; no trigger is left behind
  (an insert at 0002 works);
- and up again gives the same queues.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import MetaData, Table, inspect, select, text

from tracker.db import current_revision, downgrade, get_engine, upgrade
from tracker.pairing import engine as pe

COMMON_SKIP = {"paired_version"}


def _tables(conn) -> dict[str, Table]:
    md = MetaData()
    return {name: Table(name, md, autoload_with=conn) for name in ("documents", "commitments", "events", "pairs")}


def _populate_at_0002(url: str, n_docs: int = 12) -> None:
    """Documents with one commitment and two events each; ``paired_version`` NULL on about a third."""
    engine = get_engine(url)
    with engine.begin() as conn:
        t = _tables(conn)
        for i in range(n_docs):
            body = f"Документ {i}: the ministry promised a pause; قالت الوزارة {i}. A drone hit a plant."
            doc_id = conn.execute(t["documents"].insert().returning(t["documents"].c.id), {
                "url": f"https://ex.org/{i}", "canonical_url": f"https://ex.org/{i}", "title": f"t{i}",
                "published": dt.date(2025, 3, 1 + i), "language": "en", "raw_format": "text", "body": body,
                "content_hash": f"{i:064d}", "status": "extracted", "version": 1}).scalar_one()
            c_id = conn.execute(t["commitments"].insert().returning(t["commitments"].c.id), {
                "document_id": doc_id, "local_id": "c1", "actor": "Russia", "polarity": "refrain",
                "action": "strike", "action_family": "military", "target": "energy infrastructure",
                "valid_from": dt.date(2025, 3, 1), "valid_until": dt.date(2025, 3, 31),
                "valid_from_precision": "day", "valid_until_precision": "day", "evidence": body[:20], "start": 0,
                "end": 20, "mentions": [], "confidence": 0.8, "conditional": False, "flags": [],
                "paired_version": None if i % 3 == 0 else f"v{i % 2}"}).scalar_one()
            for j in (1, 2):
                e_id = conn.execute(t["events"].insert().returning(t["events"].c.id), {
                    "document_id": doc_id, "local_id": f"e{j}", "actor": "Russia", "polarity": "did",
                    "action": "drone strike", "action_family": "military", "target": "energy infrastructure",
                    "place_name": "Sloviansk", "place_country": "UA", "occurred_on": dt.date(2025, 3, 19),
                    "occurred_from": dt.date(2025, 3, 19), "occurred_to": dt.date(2025, 3, 19),
                    "date_precision": "day", "evidence": body[-18:], "start": len(body) - 18, "end": len(body),
                    "mentions": [], "confidence": 0.8, "flags": [],
                    "paired_version": None if (i + j) % 3 == 0 else "v1"}).scalar_one()
                if i % 3 and (i + j) % 3:
                    conn.execute(t["pairs"].insert(), {"commitment_id": c_id, "event_id": e_id, "score": 0.7,
                                                       "reasons": ["same actor"], "flags": [],
                                                       "pairing_version": "v1", "active": True})


def _rows(url: str, table: str) -> list[tuple]:
    """Every row of ``table`` in id order, without ``paired_version`` and timestamps."""
    engine = get_engine(url)
    cols = sorted(c["name"] for c in inspect(engine).get_columns(table)
                  if c["name"] not in COMMON_SKIP | {"created_at", "fetched_at"})
    with engine.connect() as conn:
        quoted = ", ".join(f'"{c}"' for c in cols)
        return [tuple(r) for r in conn.execute(text(f"SELECT {quoted} FROM {table} ORDER BY id"))]


def _ids(url: str, sql: str) -> set[int]:
    with get_engine(url).connect() as conn:
        return set(conn.execute(text(sql)).scalars())


def _unpaired_by_column(url: str) -> tuple[set[int], set[int]]:
    return (_ids(url, "SELECT id FROM commitments WHERE paired_version IS NULL"),
            _ids(url, "SELECT id FROM events WHERE paired_version IS NULL"))


def _queued(url: str) -> tuple[set[int], set[int]]:
    return (_ids(url, "SELECT commitment_id FROM unpaired_commitments"),
            _ids(url, "SELECT event_id FROM unpaired_events"))


def _text_search_works(url: str, phrase: str) -> None:
    """The 0002 search objects survived the column changes: FTS5 triggers (SQLite), trigram index (PostgreSQL)."""
    engine = get_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            if "events_fts" not in inspect(engine).get_table_names():
                return  # no FTS5 in this SQLite
            hits = conn.execute(text("SELECT rowid FROM events_fts WHERE events_fts MATCH :q"),
                                {"q": f'"{phrase}"'}).scalars().all()
            assert len(hits) == 1
        else:
            names = set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"))
                        .scalars())
            assert "ix_events_paired_version" not in names
            if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar():
                assert "ix_trgm_events_text" in names


def _insert_event(url: str, doc_id: int, local_id: str, evidence: str) -> int:
    engine = get_engine(url)
    with engine.begin() as conn:
        t = _tables(conn)
        return conn.execute(t["events"].insert().returning(t["events"].c.id), {
            "document_id": doc_id, "local_id": local_id, "actor": "Russia", "polarity": "did",
            "action": "drone strike", "action_family": "military", "target": "energy infrastructure",
            "occurred_from": dt.date(2025, 3, 20), "occurred_to": dt.date(2025, 3, 20), "date_precision": "day",
            "evidence": evidence, "start": 0, "end": len(evidence), "mentions": [], "confidence": 0.8,
            "flags": []}).scalar_one()


def test_0003_up_and_down_with_data_in_place(empty_db_url: str) -> None:
    url = empty_db_url
    engine = get_engine(url)
    upgrade(url, "0002")
    _populate_at_0002(url)
    unpaired = _unpaired_by_column(url)
    assert unpaired[0] and unpaired[1] and len(unpaired[1]) < 24
    before = {t: _rows(url, t) for t in ("documents", "commitments", "events", "pairs")}
    paired_values = _ids(url, "SELECT id FROM commitments WHERE paired_version = 'v0'")

    # up: the NULL rows are queued, nothing else changes
    upgrade(url, "0003")
    assert current_revision(engine) == "0003"
    assert "paired_version" not in {c["name"] for c in inspect(engine).get_columns("events")}
    assert _queued(url) == unpaired
    assert {t: _rows(url, t) for t in before} == before

    # the triggers queue new rows; pairing dequeues them; a deleted row leaves the queue
    new_event = _insert_event(url, 1, "e9", "a drone marker text")
    assert new_event in _queued(url)[1]
    _text_search_works(url, "drone marker")
    stats = pe.pair_incremental(engine)
    assert stats.commitments == len(unpaired[0]) and stats.events == len(unpaired[1]) + 1
    assert _queued(url) == (set(), set())
    queued_again = _insert_event(url, 2, "e9", "another one")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM events WHERE id = :i"), {"i": new_event})
    assert _queued(url) == (set(), {queued_again})
    after_pairing = {t: _rows(url, t) for t in before}

    # down: the column is back, NULL exactly for the queued rows; no trigger left behind
    downgrade(url, "0002")
    assert current_revision(engine) == "0002"
    assert not {"unpaired_commitments", "unpaired_events"} & set(inspect(engine).get_table_names())
    assert _unpaired_by_column(url) == (set(), {queued_again})
    assert {t: _rows(url, t) for t in before} == after_pairing
    assert not _ids(url, "SELECT id FROM commitments WHERE paired_version IS NULL")
    assert paired_values <= _ids(url, "SELECT id FROM commitments WHERE paired_version IS NOT NULL")
    e_id = _insert_event(url, 3, "e9", "inserted at 0002")  # a leftover trigger would fail here
    assert e_id in _unpaired_by_column(url)[1]

    # and up again
    upgrade(url)
    assert _queued(url) == (set(), {queued_again, e_id})
    assert {t: _rows(url, t) for t in ("documents", "commitments", "pairs")} == {
        t: after_pairing[t] for t in ("documents", "commitments", "pairs")}
    _text_search_works(url, "inserted at 0002")
    with engine.connect() as conn:
        assert conn.execute(select(text("count(*)")).select_from(text("events"))).scalar() == 12 * 2 + 2
