"""Migrations on a populated database: every downgrade and upgrade step with data in place,
on SQLite and PostgreSQL. Rows in tables that exist on both sides of a step must survive it
unchanged; the append-only guard on reviews must be back after the round trip.

The walk is generic over ``migrations/versions``: each new revision is exercised down and up
with data in it as soon as it lands.
"""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from tracker.db import (
    Cluster,
    Commitment,
    Document,
    Event,
    IngestRun,
    Pair,
    Review,
    Reviewer,
    Source,
    current_revision,
    downgrade,
    get_engine,
    head_revision,
    session_scope,
    upgrade,
)
from tracker.db.engine import alembic_config

TABLES = ("sources", "ingest_runs", "clusters", "documents", "commitments", "events", "pairs", "reviewers",
          "reviews")


def _populate(url: str, n_docs: int = 30) -> None:
    engine = get_engine(url)
    with session_scope(engine) as s:
        src = Source(name="wire «тест» وكالة", kind="feed", url="https://wire.example")
        run = IngestRun(requested={"inputs": ["x"]}, status="finished", counts={"new": n_docs}, errors=[])
        cl = Cluster(kind="event", label="same strike")
        rev = Reviewer(name="rev-ü", password_hash=None)
        s.add_all([src, run, cl, rev])
        s.flush()
        for i in range(n_docs):
            body = f"Документ {i}: the ministry promised a pause; قالت الوزارة {i}. A drone hit a plant."
            d = Document(source_id=src.id, ingest_run_id=run.id, url=f"https://ex.org/{i}",
                         canonical_url=f"https://ex.org/{i}", title=f"t{i}", published=dt.date(2025, 3, 1 + i % 28),
                         language=("ru", "en", "ar", "uk")[i % 4], body=body, content_hash=f"{i:064d}",
                         status="extracted" if i % 5 else "dropped", drop_reason=None if i % 5 else "nothing",
                         extractor_version="x")
            s.add(d)
            s.flush()
            c = Commitment(document_id=d.id, local_id="c1", actor="Russia", polarity="refrain", action="strike",
                           action_family="military", target="energy infrastructure", evidence=body[:20], start=0,
                           end=20, valid_from=dt.date(2025, 3, 1), valid_until=dt.date(2025, 3, 31),
                           valid_from_precision="day", valid_until_precision="day", mentions=[{"evidence": "x",
                           "start": 0, "end": 1}], flags=["conditional"], conditional=bool(i % 2),
                           cluster_id=None)
            e = Event(document_id=d.id, local_id="e1", actor="Russia", action="drone strike", action_family="military",
                      target="energy infrastructure", evidence=body[-18:], start=len(body) - 18, end=len(body),
                      place_name="Sloviansk", place_country="UA", lat=48.8, lon=37.6, occurred_on=dt.date(2025, 3, 19),
                      occurred_from=dt.date(2025, 3, 19), occurred_to=dt.date(2025, 3, 19), date_precision="day",
                      mentions=[], flags=["denied"], cluster_id=cl.id)
            s.add_all([c, e])
            s.flush()
            p = Pair(commitment_id=c.id, event_id=e.id, score=0.5 + i / 100, reasons=["same actor: Russia"],
                     flags=[], pairing_version="v1", active=bool(i % 7))
            s.add(p)
            s.flush()
            if i % 2:
                s.add(Review(pair_id=p.id, verdict="confirmed", reviewer_id=rev.id, note=f"ok {i}"))
                s.add(Review(pair_id=p.id, verdict="needs-evidence", reviewer_id=rev.id, note=None))


def _snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every tracker table that exists now (id-ordered, common columns only)."""
    engine = get_engine(url)
    names = set(inspect(engine).get_table_names())
    out = {}
    with engine.connect() as conn:
        for t in TABLES:
            if t not in names:
                continue
            cols = sorted(c["name"] for c in inspect(engine).get_columns(t))
            rows = conn.execute(text(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM {t} ORDER BY id'))
            out[t] = [tuple(zip(cols, r, strict=True)) for r in rows]
    return out


def _common(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> tuple[dict, dict]:
    """Restrict two snapshots to the tables and columns both have."""
    ra, rb = {}, {}
    for t in set(a) & set(b):
        ca = {c for c, _ in a[t][0]} if a[t] else set()
        cb = {c for c, _ in b[t][0]} if b[t] else set()
        keep = ca & cb
        ra[t] = [tuple((c, v) for c, v in row if c in keep) for row in a[t]]
        rb[t] = [tuple((c, v) for c, v in row if c in keep) for row in b[t]]
    return ra, rb


def _revisions(url: str) -> list[str]:
    """Revision ids, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(url))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.mark.slow
def test_migrations_down_and_up_with_data_in_place(empty_db_url: str) -> None:
    url = empty_db_url
    upgrade(url)
    _populate(url)
    engine = get_engine(url)
    full = _snapshot(url)
    assert sum(len(v) for v in full.values()) > 150
    revs = _revisions(url)
    assert current_revision(engine) == revs[-1] == head_revision(url)

    # step down one revision at a time (to the first revision), checking data at each step
    before = full
    for target in reversed(revs[:-1]):
        downgrade(url, target)
        assert current_revision(engine) == target
        after = _snapshot(url)
        a, b = _common(before, after)
        assert a == b, f"rows changed by the downgrade to {target}"
        assert all(after.get(t) for t in after), f"a table lost its rows going down to {target}"
        before = after
    # and back up, step by step
    for target in revs[1:]:
        upgrade(url, target)
        after = _snapshot(url)
        a, b = _common(before, after)
        assert a == b, f"rows changed by the upgrade to {target}"
        before = after
    a, b = _common(full, _snapshot(url))
    assert a == b
    assert _snapshot(url).keys() == full.keys()

    # all the way down with data in place: no trigger, constraint or FK stands in the way
    downgrade(url, "base")
    assert current_revision(engine) is None
    assert not set(inspect(engine).get_table_names()) & set(TABLES)
    # and up again: an empty, working schema with its append-only guard
    upgrade(url)
    assert current_revision(engine) == head_revision(url)
    _populate(url, n_docs=3)
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            conn.execute(text("UPDATE reviews SET verdict = 'rejected'"))
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM reviews"))


def test_upgrade_is_a_no_op_on_a_populated_head_database(db_url: str) -> None:
    _populate(db_url, n_docs=10)
    before = _snapshot(db_url)
    upgrade(db_url)  # already at head: nothing may change
    assert _snapshot(db_url) == before
