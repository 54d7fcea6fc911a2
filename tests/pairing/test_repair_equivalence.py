"""Full re-pair, incremental pairing and the indexed look-ups give the same pairs.

The full re-pair streams the events once, in id order, past the keys of every commitment (a hash
join on the blocking key); incremental pairing and ``pair_ids`` look candidates up by index. Both must find exactly the pairs a plain
Python reference finds (same blocking key, same date pre-check, same rules), with the same
scores, reasons and flags, on both databases.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sqlalchemy import delete, insert, select

from tracker import bench
from tracker.db import get_engine, session_scope
from tracker.db import models as m
from tracker.pairing import engine as pe
from tracker.pairing import rules


def _populate(url: str, n_events: int = 2500) -> None:
    """Synthetic rows (the benchmark's generator) plus the awkward cases by hand."""
    writer = bench.BulkWriter(url)
    synth = bench.Synth(n_events, commitments_per_event=0.05, seed=5)
    n_docs, _, _ = bench.populate(writer, synth, n_events, paired=False)
    doc = n_docs + 1
    writer.insert("documents", [bench._document_row(doc)])
    base_c = synth.commitment(doc, 900)
    base_e = synth.event(doc, 900)
    day = dt.date(2021, 6, 1)
    commitments = [
        # US spellings pair with each other (actor aliases)
        {**base_c, "local_id": "c901", "actor": "US", "action": "strike", "action_family": "military",
         "target": "infrastructure", "polarity": "refrain", "valid_from": day, "valid_until": day + dt.timedelta(30)},
        # a year-precision end: the slack widens the reach
        {**base_c, "local_id": "c902", "actor": "Party 00001", "action": "strike", "action_family": "military",
         "target": "all hostilities", "polarity": "refrain", "valid_from": dt.date(2021, 1, 1),
         "valid_until": dt.date(2021, 1, 1), "valid_until_precision": "year"},
        # no window at all
        {**base_c, "local_id": "c903", "actor": "Party 00002", "action": "strike", "action_family": "military",
         "target": "all hostilities", "polarity": "refrain", "valid_from": None, "valid_until": None,
         "valid_from_precision": "unknown", "valid_until_precision": "unknown"},
        # a long tariff pledge
        {**base_c, "local_id": "c904", "actor": "Party 00003", "action": "impose tariffs", "action_family": "tariff",
         "target": "tariffs", "polarity": "refrain", "valid_from": dt.date(2020, 1, 1),
         "valid_until": dt.date(2025, 1, 1)},
        # a "perform" commitment pairs with "stopped" events
        {**base_c, "local_id": "c905", "actor": "Party 00004", "action": "trade", "action_family": "trade",
         "target": "trade", "polarity": "perform", "valid_from": dt.date(2020, 1, 1),
         "valid_until": dt.date(2026, 1, 1)},
    ]
    events = [
        {**base_e, "local_id": f"e90{i}", "actor": actor, "action": "missile strike", "action_family": "military",
         "target": "infrastructure", "polarity": "did", "occurred_on": day + dt.timedelta(3),
         "occurred_from": day + dt.timedelta(3), "occurred_to": day + dt.timedelta(3), "date_precision": "day"}
        for i, actor in enumerate(("US", "United States", "USA"))
    ] + [
        # undated: judged by the rules
        {**base_e, "local_id": "e910", "actor": "Party 00002", "action": "shelling", "action_family": "military",
         "polarity": "did", "occurred_on": None, "occurred_from": None, "occurred_to": None,
         "date_precision": "unknown"},
        # only an end date
        {**base_e, "local_id": "e911", "actor": "Party 00001", "action": "shelling", "action_family": "military",
         "polarity": "did", "occurred_on": None, "occurred_from": None, "occurred_to": dt.date(2021, 7, 1)},
        # no actor: never paired
        {**base_e, "local_id": "e912", "actor": None, "action": "shelling", "action_family": "military",
         "polarity": "did"},
        {**base_e, "local_id": "e913", "actor": "Party 00004", "action": "export", "action_family": "trade",
         "target": "trade", "polarity": "stopped", "occurred_on": dt.date(2022, 2, 2),
         "occurred_from": dt.date(2022, 2, 2), "occurred_to": dt.date(2022, 2, 2)},
    ]
    writer.insert("commitments", commitments)
    writer.insert("events", events)
    writer.fix_sequences(["documents", "commitments", "events"])


def _snapshot(url: str, *, active_only: bool = True) -> dict:
    with session_scope(get_engine(url)) as s:
        q = select(m.Pair)
        if active_only:
            q = q.where(m.Pair.active.is_(True))
        return {(p.commitment_id, p.event_id): (round(p.score, 6), tuple(p.reasons), tuple(p.flags))
                for p in s.scalars(q)}


def _queued(url: str) -> tuple[set[int], set[int]]:
    with session_scope(get_engine(url)) as s:
        return (set(s.scalars(select(m.UnpairedCommitment.commitment_id))),
                set(s.scalars(select(m.UnpairedEvent.event_id))))


def _reset(url: str) -> None:
    """No pairs, and every row queued for pairing again."""
    with session_scope(get_engine(url)) as s:
        s.execute(delete(m.Pair))
        s.execute(delete(m.UnpairedCommitment))
        s.execute(delete(m.UnpairedEvent))
        s.execute(insert(m.UnpairedCommitment).from_select(["commitment_id"], select(m.Commitment.id)))
        s.execute(insert(m.UnpairedEvent).from_select(["event_id"], select(m.Event.id)))


def _reference(url: str) -> tuple[dict, int]:
    """Every (commitment, event) of the database judged in Python: the blocking key and the date
    pre-check of the engine, then the rules. Returns (pairs, candidates)."""
    with session_scope(get_engine(url)) as s:
        cs = list(s.scalars(select(m.Commitment)))
        es = list(s.scalars(select(m.Event)))
        out: dict = {}
        candidates = 0
        for c in cs:
            key = pe._commitment_key(c)
            if key is None:
                continue
            actors, family, polarity = key
            reach = pe._window_reach(c)
            crec = pe.commitment_record(c)
            for e in es:
                if e.actor not in actors or e.action_family != family or e.polarity != polarity:
                    continue
                if not pe._reaches(reach, pe._event_span(e)):
                    continue
                candidates += 1
                v = rules.evaluate(crec, pe.event_record(e))
                if v is not None:
                    out[(c.id, e.id)] = (round(v.score, 6), tuple(v.reasons), tuple(v.flags))
        return out, candidates


def test_full_incremental_and_lookups_agree(db_url, monkeypatch):
    monkeypatch.setattr(pe, "_FULL_CHUNK", 40)  # many transactions of each kind
    monkeypatch.setattr(pe, "_EVENT_CHUNK", 300)
    monkeypatch.setattr(pe, "_STREAM_ROWS", 97)
    monkeypatch.setattr(pe, "_RECORD_CACHE", 30)  # the commitment record cache starts over often
    _populate(db_url)
    eng = get_engine(db_url)
    reference, ref_candidates = _reference(db_url)
    assert len(reference) > 50
    with session_scope(eng) as s:
        hand = dict(s.execute(select(m.Event.local_id, m.Event.id).where(m.Event.local_id.like("e9%"))).all())
    paired_events = {e for _c, e in reference}
    assert {hand["e900"], hand["e901"], hand["e902"], hand["e913"]} <= paired_events  # aliases, "perform"
    assert hand["e912"] not in paired_events  # no actor

    with session_scope(eng) as s:
        all_ids = set(s.scalars(select(m.Commitment.id))), set(s.scalars(select(m.Event.id)))
    assert _queued(db_url) == all_ids  # the insert triggers queued every row (bulk COPY / executemany)

    full = pe.pair_all(eng)
    full_pairs = _snapshot(db_url)
    assert full_pairs == reference
    assert full.candidates == ref_candidates and full.pairs_written == len(reference)
    assert _queued(db_url) == (set(), set())

    _reset(db_url)
    inc = pe.pair_incremental(eng)
    assert _snapshot(db_url) == reference
    assert inc.pairs_written == len(reference)
    assert _queued(db_url) == (set(), set())

    _reset(db_url)
    with session_scope(eng) as s:
        c_ids = list(s.scalars(select(m.Commitment.id)))
    old = pe.pair_ids(eng, commitment_ids=c_ids)  # the indexed look-ups, from the commitments' side
    assert _snapshot(db_url) == reference
    assert old.candidates == ref_candidates
    assert _queued(db_url) == (set(), all_ids[1])  # only what was paired leaves the queue

    _reset(db_url)
    with session_scope(eng) as s:
        e_ids = list(s.scalars(select(m.Event.id)))
    pe.pair_ids(eng, event_ids=e_ids)  # ... and from the events' side
    assert _snapshot(db_url) == reference


def test_full_repair_retires_stale_pairs_and_marks_everything_paired(db_url, monkeypatch):
    monkeypatch.setattr(pe, "_FULL_CHUNK", 40)
    monkeypatch.setattr(pe, "_EVENT_CHUNK", 200)
    _populate(db_url, n_events=800)
    eng = get_engine(db_url)
    pe.pair_all(eng)
    reference = _snapshot(db_url)
    with session_scope(eng) as s:
        # a pair the rules never made (another actor's event), as an old rules version might have
        c = s.scalars(select(m.Commitment).where(m.Commitment.actor == "Party 00001")).first()
        e = s.scalars(select(m.Event).where(m.Event.actor == "Party 00002")).first()
        s.add(m.Pair(commitment_id=c.id, event_id=e.id, score=0.5, reasons=["old"], flags=[],
                     pairing_version="old", active=True))
    stats = pe.pair_all(eng)
    assert stats.deactivated == 1 and stats.pairs_written == len(reference)
    assert _snapshot(db_url) == reference
    assert (c.id, e.id) in _snapshot(db_url, active_only=False)
    assert _queued(db_url) == (set(), set())
    assert pe.pair_incremental(eng).pairs_written == 0


def _copy_to_new_document(eng, model, row_id: int, *, body: str, content_hash: str, local_id: str) -> int:
    """A new document holding a copy of row ``row_id`` of ``model`` (an event or a commitment); the copy's id."""
    with session_scope(eng) as s:
        doc = m.Document(body=body, content_hash=content_hash, title="late")
        s.add(doc)
        s.flush()
        src = s.get(model, row_id)
        copy = {col.key: getattr(src, col.key) for col in model.__mapper__.column_attrs
                if col.key not in ("id", "document_id", "local_id", "created_at")}
        row = model(document_id=doc.id, local_id=local_id, **copy)
        s.add(row)
        s.flush()
        return row.id


def _late_event(eng, reference: dict) -> dict:
    """A new document with a copy of the event of a reference pair: {commitment, event}."""
    c_id, e_id = sorted(reference)[0]
    ev_id = _copy_to_new_document(eng, m.Event, e_id, body="late", content_hash="late-arrival", local_id="e1")
    return {"commitment": c_id, "event": ev_id}


def _late_commitment(eng, c_id: int) -> int:
    """A new document with a copy of commitment ``c_id``; returns the copy's id."""
    return _copy_to_new_document(eng, m.Commitment, c_id, body="late commitment", content_hash="late-commitment",
                                 local_id="c1")


def _during_the_pass(monkeypatch, action) -> list:
    """Run ``action()`` once, after the first chunk of events of a full re-pair."""
    real = pe._repair_events
    calls: list = []

    def chunk(session, index, after, **kw):
        calls.append(after)
        if len(calls) == 2:
            action()
        return real(session, index, after, **kw)

    monkeypatch.setattr(pe, "_repair_events", chunk)
    return calls


def test_rows_that_arrive_during_a_full_repair_stay_queued(db_url, monkeypatch):
    """Rows committed while a full re-pair runs may be missed by the pass: the re-pair pairs the
    commitments and the events up to the highest id there were when it started and dequeues only
    those, so the next incremental pairing finds the late rows' pairs."""
    monkeypatch.setattr(pe, "_FULL_CHUNK", 40)
    monkeypatch.setattr(pe, "_EVENT_CHUNK", 200)
    _populate(db_url, n_events=800)
    eng = get_engine(db_url)
    reference, _ = _reference(db_url)
    late: dict = {}

    def arrive() -> None:
        late.update(_late_event(eng, reference))
        late["copy"] = _late_commitment(eng, late["commitment"])

    calls = _during_the_pass(monkeypatch, arrive)
    pe.pair_all(eng)
    assert len(calls) >= 2 and late
    assert _queued(db_url) == ({late["copy"]}, {late["event"]})
    pairs = _snapshot(db_url)
    assert (late["commitment"], late["event"]) not in pairs
    assert not any(c == late["copy"] for c, _e in pairs)
    assert pe.pair_incremental(eng).events == 1
    final, _ = _reference(db_url)
    assert {(late["commitment"], late["event"]), (late["copy"], late["event"])} <= set(final)
    assert _snapshot(db_url) == final
    assert _queued(db_url) == (set(), set())


def test_a_full_repair_keeps_the_pairs_other_workers_make_meanwhile(db_url, monkeypatch):
    """A late event paired by an incremental worker while the pass runs: the re-pair did not judge
    that event, so it neither retires its pair nor queues it again."""
    monkeypatch.setattr(pe, "_FULL_CHUNK", 40)
    monkeypatch.setattr(pe, "_EVENT_CHUNK", 200)
    _populate(db_url, n_events=800)
    eng = get_engine(db_url)
    reference, _ = _reference(db_url)
    late: dict = {}

    def arrive_and_pair() -> None:
        late.update(_late_event(eng, reference))
        assert pe.pair_ids(eng, event_ids=[late["event"]]).pairs_written >= 1

    _during_the_pass(monkeypatch, arrive_and_pair)
    stats = pe.pair_all(eng)
    assert stats.deactivated == 0
    final, _ = _reference(db_url)
    assert (late["commitment"], late["event"]) in final
    assert _snapshot(db_url) == final
    assert _queued(db_url) == (set(), set())


@pytest.mark.postgres
def test_concurrent_incremental_workers_pair_everything_once(pg_schema_url):
    """Four workers pair the same queue at once while new rows keep arriving: no error, every
    pair of the reference exactly once, the queue empty at the end."""
    import threading

    from tracker.db import upgrade

    upgrade(pg_schema_url)
    _populate(pg_schema_url, n_events=1500)
    eng = get_engine(pg_schema_url)
    errors: list = []

    def worker() -> None:
        try:
            for _ in range(3):
                pe.pair_incremental(eng)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    def writer() -> None:
        try:
            w = bench.BulkWriter(pg_schema_url)
            synth = bench.Synth(300, seed=9)
            bench.populate(w, synth, 300, first_doc=10_000, paired=False)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(4)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    pe.pair_incremental(eng)
    assert _queued(pg_schema_url) == (set(), set())
    reference, _ = _reference(pg_schema_url)
    with session_scope(eng) as s:
        keys = s.execute(select(m.Pair.commitment_id, m.Pair.event_id)).all()
    assert len(keys) == len(set(keys))
    assert _snapshot(pg_schema_url) == reference
