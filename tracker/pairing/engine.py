"""The database-wide pairing engine.

For each new commitment, candidate events come from *all* documents through an indexed query on
(actor, action family, date range) and polarity; for each new event, candidate commitments the
same way: one statement joins the table with the whole list of (actor, family, polarity, date range)
look-ups. A full re-pair instead reads the events table once, in id order, past the compact keys
of every commitment (a hash join on the same blocking key), so it grows linearly with the
database. Never an all-pairs loop. Each candidate is judged by :func:`tracker.pairing.rules.evaluate`, the same rules
``tracker extract`` uses for in-document pairs.

Writes are idempotent (``INSERT ... ON CONFLICT DO NOTHING`` on the unique (commitment, event)),
in small transactions with rows sorted by key, so that many workers can pair at once without
duplicates, unique-violation errors or lock-order deadlocks. A full re-pair under a new
``PAIRING_VERSION`` updates scores and reasons in place, marks pairs the new rules no longer see
as inactive and never touches reviews.

What still needs pairing is the content of two narrow tables, ``unpaired_commitments`` and
``unpaired_events``: a database trigger queues every new row in its inserting transaction, and
pairing deletes the ids it has paired in the transaction that writes their pairs. The wide
commitment and event rows are never updated by pairing (on PostgreSQL such an update rewrites
every index entry of the row, the trigram index included).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Engine, Text, bindparam, cast, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from tracker import records
from tracker.db import models as m
from tracker.db.engine import session_scope

logger = logging.getLogger(__name__)

#: Slack, in days, for window bounds that are not known to the day (a "year" bound may
#: stand for any day of that year); the rules make the exact call.
_SLACK_DAYS = 366
_BATCH = 200
_US = ("United States", "US", "USA", "U.S.", "United States of America")


def _rules():
    from tracker.pairing import rules

    return rules


def pairing_version() -> str:
    return _rules().PAIRING_VERSION


def commitment_family(action: str | None, target: str | None) -> str | None:
    rules = _rules()
    return rules.action_family(action) or rules.action_family(target)


def event_family(action: str | None) -> str | None:
    return _rules().action_family(action)


def actor_aliases(actor: str) -> tuple[str, ...]:
    """Spellings of the same actor that may be stored (canonical names make this mostly one)."""
    if actor in _US or actor.casefold() in {a.casefold() for a in _US}:
        return _US
    return (actor,)


# --------------------------------------------------------------------------- rows -> records


def commitment_record(row: m.Commitment) -> records.Commitment:
    return records.Commitment(
        id=str(row.id), actor=row.actor, stated_by=row.stated_by, polarity=row.polarity,  # type: ignore[arg-type]
        action=row.action, target=row.target, evidence=row.evidence, start=row.start, end=row.end,
        scope_place=row.scope_place, scope_country=row.scope_country,
        window=records.Window(valid_from=row.valid_from, valid_until=row.valid_until,
                              from_precision=row.valid_from_precision or "unknown",  # type: ignore[arg-type]
                              until_precision=row.valid_until_precision or "unknown",  # type: ignore[arg-type]
                              relative=row.window_relative),
        confidence=row.confidence if row.confidence is not None else 0.5,
        conditional=bool(row.conditional), flags=tuple(row.flags or ()),
    )


def event_record(row: m.Event, *, flags: tuple[str, ...] | None = None) -> records.Event:
    """``flags``: the row's flags when already decoded elsewhere (else read from ``row.flags``)."""
    place = None
    if row.place_raw or row.place_name:
        place = records.Place(raw=row.place_raw or row.place_name or "", name=row.place_name,
                              country=row.place_country, admin1=row.place_admin1, lat=row.lat, lon=row.lon,
                              geonames_id=row.geonames_id, precision=row.place_precision)  # type: ignore[arg-type]
    when = None
    if row.occurred_from or row.occurred_to or row.date_relative:
        when = records.TimeSpan(earliest=row.occurred_from, latest=row.occurred_to,
                                precision=row.date_precision or "unknown",  # type: ignore[arg-type]
                                relative=row.date_relative)
    return records.Event(
        id=str(row.id), actor=row.actor, claimed_by=row.claimed_by, action=row.action, target=row.target,
        evidence=row.evidence, start=row.start, end=row.end, polarity=row.polarity,  # type: ignore[arg-type]
        claimed_by_party=row.claimed_by_party, place=place, when=when,
        confidence=row.confidence if row.confidence is not None else 0.5,
        flags=tuple(row.flags or ()) if flags is None else flags,
    )


# --------------------------------------------------------------------------- candidate queries


def _window_reach(row: m.Commitment) -> tuple[dt.date | None, dt.date | None]:
    """Widest (earliest start, latest end) readings of a commitment's window."""
    start = end = None
    if row.valid_from:
        start = row.valid_from
        if (row.valid_from_precision or "day") not in ("day", "range", "unknown"):
            start = row.valid_from - dt.timedelta(days=_SLACK_DAYS)
    if row.valid_until:
        end = row.valid_until
        if (row.valid_until_precision or "day") not in ("day", "range", "unknown"):
            end = row.valid_until + dt.timedelta(days=_SLACK_DAYS)
    return start, end


def _id_in(session: Session, column, ids: Sequence[int]):
    """``column IN ids``; on PostgreSQL ``column = ANY(:ids)`` with one array parameter (a long IN
    list is one placeholder per id, which the driver rewrites client side for every statement)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import Integer, any_
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam("ids", list(ids), type_=ARRAY(Integer)))
    return column.in_(ids)


# --------------------------------------------------------------------------- writing pairs


def _insert_pairs(session: Session, rows: list[dict], *, update_existing: bool) -> int:
    """Insert pair rows, skipping (or updating) existing (commitment, event) pairs. Returns rows written."""
    if not rows:
        return 0
    rows = sorted(rows, key=lambda r: (r["commitment_id"], r["event_id"]))
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return _insert_pairs_pg(session, rows, update_existing=update_existing)
    from sqlalchemy.dialects.sqlite import insert

    # The table, not the ORM entity: a plain executemany, without the ORM's per-row bookkeeping.
    stmt = insert(m.Pair.__table__)
    if update_existing:
        stmt = stmt.on_conflict_do_update(
            index_elements=["commitment_id", "event_id"],
            set_={"score": stmt.excluded.score, "reasons": stmt.excluded.reasons,
                  "flags": stmt.excluded.flags, "pairing_version": stmt.excluded.pairing_version,
                  "active": True, "updated_at": stmt.excluded.created_at},
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=["commitment_id", "event_id"])
    # executemany with RETURNING ("insertmanyvalues"): one compiled statement, batched, and an
    # exact count (rowcount is -1 for multi-row inserts on some drivers).
    stmt = stmt.returning(m.Pair.__table__.c.id)
    written = 0
    for i in range(0, len(rows), 1000):
        written += len(session.execute(stmt, rows[i:i + 1000]).all())
    return written


_PG_INSERT = (
    "INSERT INTO pairs (commitment_id, event_id, score, reasons, flags, pairing_version, active, created_at) "
    "SELECT c, e, s, CAST(r AS json), CAST(f AS json), :version, true, :now "
    "FROM unnest(CAST(:c AS integer[]), CAST(:e AS integer[]), CAST(:s AS float8[]), CAST(:r AS text[]), "
    "CAST(:f AS text[])) AS t(c, e, s, r, f) ORDER BY c, e "
    "ON CONFLICT (commitment_id, event_id) DO {action} RETURNING id"
)
_PG_UPDATE = ("UPDATE SET score = excluded.score, reasons = excluded.reasons, flags = excluded.flags, "
              "pairing_version = excluded.pairing_version, active = true, updated_at = excluded.created_at")


def _insert_pairs_pg(session: Session, rows: list[dict], *, update_existing: bool) -> int:
    """PostgreSQL: the pair rows as one array per column, inserted by one statement per 5,000 rows
    (an executemany of multi-row VALUES made the driver rewrite ~11 placeholders per row, client
    side, for every statement: ~1 ms a row)."""
    from sqlalchemy import text

    stmt = text(_PG_INSERT.format(action=_PG_UPDATE if update_existing else "NOTHING"))
    written = 0
    for i in range(0, len(rows), 5000):
        part = rows[i:i + 5000]
        params = {"version": part[0]["pairing_version"], "now": part[0]["created_at"],
                  "c": [r["commitment_id"] for r in part], "e": [r["event_id"] for r in part],
                  "s": [r["score"] for r in part], "r": [json.dumps(r["reasons"]) for r in part],
                  "f": [json.dumps(r["flags"]) for r in part]}
        written += len(session.execute(stmt, params).all())
    return written


def _pair_row(c_id: int, e_id: int, verdict, version: str, now: dt.datetime) -> dict:
    return {"commitment_id": c_id, "event_id": e_id, "score": float(verdict.score),
            "reasons": list(verdict.reasons), "flags": list(verdict.flags), "pairing_version": version,
            "active": True, "created_at": now}


@dataclass
class PairingStats:
    commitments: int = 0
    events: int = 0
    candidates: int = 0
    pairs_written: int = 0
    deactivated: int = 0
    seconds: float = 0.0
    #: The (commitment, event) pairs written (incremental pairing; a full re-pair leaves it empty
    #: rather than hold every pair of the database).
    pair_keys: set[tuple[int, int]] = field(default_factory=set)

    def add(self, other: PairingStats) -> None:
        self.commitments += other.commitments
        self.events += other.events
        self.candidates += other.candidates
        self.pairs_written += other.pairs_written
        self.deactivated += other.deactivated
        self.pair_keys |= other.pair_keys

    def to_json(self) -> dict:
        return {"commitments": self.commitments, "events": self.events, "candidates": self.candidates,
                "pairs_written": self.pairs_written, "deactivated": self.deactivated,
                "seconds": round(self.seconds, 3)}


#: model -> (queue table, its id column): the rows of ``model`` that still need pairing.
_QUEUES = {m.Commitment: m.UnpairedCommitment.__table__, m.Event: m.UnpairedEvent.__table__}


def _queue_column(model):
    table = _QUEUES[model]
    return table.c.commitment_id if model is m.Commitment else table.c.event_id


def _dequeue(session: Session, model, ids: Sequence[int], *, batch: int = 1000) -> None:
    """Mark rows of ``model`` paired: delete their ids from its queue (sorted, in batches)."""
    from sqlalchemy import delete

    ids = sorted(ids)
    column = _queue_column(model)
    for i in range(0, len(ids), batch):
        session.execute(delete(_QUEUES[model]).where(_id_in(session, column, ids[i:i + batch])),
                        execution_options={"synchronize_session": False})


# --------------------------------------------------------------------------- grouped candidate search

_FAR_PAST = dt.date(1, 1, 1)
_FAR_FUTURE = dt.date(9999, 12, 31)
#: Two items of one group whose date intervals are closer than this share one query.
_MERGE_GAP = dt.timedelta(days=31)


def _commitment_key(c: m.Commitment):
    family = c.action_family or commitment_family(c.action, c.target)
    if not family or not c.actor:
        return None
    return (actor_aliases(c.actor), family, "did" if c.polarity == "refrain" else "stopped")


def _event_key(e: m.Event):
    family = e.action_family or event_family(e.action)
    if not family or not e.actor:
        return None
    return (actor_aliases(e.actor), family, "refrain" if e.polarity == "did" else "perform")


def _groups(rows, key) -> dict:
    out: dict = {}
    for row in rows:
        k = key(row)
        if k is not None:
            out.setdefault(k, []).append(row)
    return out


def _event_span(e: m.Event) -> tuple[dt.date | None, dt.date | None]:
    """(earliest, latest) day of an event; (None, None) when undated."""
    e1 = e.occurred_from or e.occurred_to
    e2 = e.occurred_to or e.occurred_from
    return e1, e2


def _reaches(reach: tuple[dt.date | None, dt.date | None], span: tuple[dt.date | None, dt.date | None]) -> bool:
    """Whether an event span may fall in a window reach (a cheap pre-check before the rules)."""
    e1, e2 = span
    if e1 is None and e2 is None:
        return True  # undated events are judged by the rules (flagged, lower score)
    start, end = reach
    if start is not None and e2 is not None and e2 < start:
        return False
    if end is not None and e1 is not None and e1 > end:
        return False
    return True


def _merge(rows, interval):
    """Merge the rows' date intervals into few query ranges: [(lo, hi, rows)], None = unbounded."""
    dated, unbounded = [], []
    for row in rows:
        lo, hi = interval(row)
        if lo is None and hi is None:
            unbounded.append(row)
        else:
            dated.append((lo or _FAR_PAST, hi or _FAR_FUTURE, row))
    out: list = []
    if unbounded:
        # Undated events or windows with no bounds: any date matches; one query covers the group.
        return [(None, None, list(rows))]
    dated.sort(key=lambda t: t[0])
    cur_lo, cur_hi, cur = None, None, []
    for lo, hi, row in dated:
        if cur and (cur_hi >= _FAR_FUTURE - _MERGE_GAP or lo <= cur_hi + _MERGE_GAP):
            cur_hi = max(cur_hi, hi)
            cur.append(row)
        else:
            if cur:
                out.append((cur_lo, cur_hi, cur))
            cur_lo, cur_hi, cur = lo, hi, [row]
    if cur:
        out.append((cur_lo, cur_hi, cur))
    return [(None if lo == _FAR_PAST else lo, None if hi == _FAR_FUTURE else hi, rows_) for lo, hi, rows_ in out]


#: The join conditions of a candidate look-up: a table row ``k`` against a look-up ``v`` (a row of
#: VALUES: actor, family, polarity, lo, hi, lo - slack, hi + slack; columns ``column1``..``column7``
#: on both SQLite and PostgreSQL).
_JOIN_ON = {
    # Events of the actor, family and polarity dated within [lo, hi], or undated.
    "events": "k.actor = v.column1 AND k.action_family = v.column2 AND k.polarity = v.column3 AND "
              "((k.occurred_from IS NULL AND k.occurred_to IS NULL) OR "
              "(COALESCE(k.occurred_from, k.occurred_to) <= v.column5 AND "
              "COALESCE(k.occurred_to, k.occurred_from) >= v.column4))",
    # Commitments of the actor, family and polarity whose windows may reach into [lo, hi] (loose
    # bounds widened by the slack).
    "commitments": "k.actor = v.column1 AND k.action_family = v.column2 AND k.polarity = v.column3 AND "
                   "(k.valid_from IS NULL OR k.valid_from <= v.column5 OR "
                   "(k.valid_from_precision NOT IN ('day', 'range', 'unknown') AND k.valid_from <= v.column7)) AND "
                   "(k.valid_until IS NULL OR k.valid_until >= v.column4 OR "
                   "(k.valid_until_precision NOT IN ('day', 'range', 'unknown') AND k.valid_until >= v.column6))",
}

#: Look-ups per statement. One statement joins the table with the list of look-ups, passed as
#: one parameter per column (PostgreSQL arrays) or one JSON parameter (SQLite): each look-up is
#: an index look-up on (actor, action_family), each row is checked against its own look-up only,
#: and the statement text is the same whatever the number of look-ups (compiled and prepared
#: once). (An OR of one branch per look-up, as before, made the database recheck every row against
#: every branch and plan a new 100-branch OR each time: ~170 ms a statement on PostgreSQL.)
_LOOKUPS_PER_STATEMENT = 1000

#: The look-ups as a relation ``v(column1..column7)``, per dialect.
_LOOKUP_SOURCE = {
    "postgresql": "unnest(CAST(:a AS text[]), CAST(:f AS text[]), CAST(:p AS text[]), CAST(:lo AS date[]), "
                  "CAST(:hi AS date[]), CAST(:los AS date[]), CAST(:his AS date[])) "
                  "AS v(column1, column2, column3, column4, column5, column6, column7)",
    "sqlite": "(SELECT json_extract(value, '$[0]') AS column1, json_extract(value, '$[1]') AS column2, "
              "json_extract(value, '$[2]') AS column3, json_extract(value, '$[3]') AS column4, "
              "json_extract(value, '$[4]') AS column5, json_extract(value, '$[5]') AS column6, "
              "json_extract(value, '$[6]') AS column7 FROM json_each(:lookups)) AS v",
}


@lru_cache(maxsize=8)
def _or_stmt(kind: str, dialect: str):
    """The candidates statement of ``kind`` ("events" or "commitments") on ``dialect``: the rows
    whose id is among those joined to the look-ups (distinct rows without a DISTINCT over JSON
    columns). Parameters: :func:`_lookup_params`."""
    from sqlalchemy import Integer, text

    model = m.Event if kind == "events" else m.Commitment
    source = _LOOKUP_SOURCE["postgresql" if dialect == "postgresql" else "sqlite"]
    ids = text(f"SELECT k.id FROM {model.__tablename__} k JOIN {source} ON {_JOIN_ON[kind]}").columns(id=Integer)
    return select(model).where(model.id.in_(ids))


def _lookup_params(lookups, dialect: str) -> dict:
    """Statement parameters for look-ups [(actor, family, polarity, lo, hi)] (None = unbounded)."""
    slack = dt.timedelta(days=_SLACK_DAYS)
    rows = []
    for actor, family, polarity, lo, hi in lookups:
        lo = lo or _FAR_PAST
        hi = hi or _FAR_FUTURE
        rows.append((actor, family, polarity, lo, hi,
                     lo - slack if lo > _FAR_PAST + slack else _FAR_PAST,
                     hi + slack if hi < _FAR_FUTURE - slack else _FAR_FUTURE))
    if dialect == "postgresql":
        return {name: [r[i] for r in rows] for i, name in enumerate(("a", "f", "p", "lo", "hi", "los", "his"))}
    return {"lookups": json.dumps([[*r[:3], *(d.isoformat() for d in r[3:])] for r in rows])}


def _candidates(session: Session, kind: str, groups: dict, interval) -> list:
    """Rows (``kind``: "events" or "commitments") matching any group's actors, family, polarity
    and merged date range.

    ``groups`` maps (actors, family, polarity) to the new rows of that group, ``interval`` gives a
    new row's date range. Returns the distinct matching rows in id order, from
    ``ceil(lookups / 1000)`` statements of one text (compiled once per process and prepared once
    per connection).
    """
    lookups = [(actor, family, polarity, lo, hi)
               for (actors, family, polarity), group in groups.items()
               for lo, hi, _members in _merge(group, interval)
               for actor in actors]
    dialect = session.get_bind().dialect.name
    found: dict[int, object] = {}
    for i in range(0, len(lookups), _LOOKUPS_PER_STATEMENT):
        params = _lookup_params(lookups[i:i + _LOOKUPS_PER_STATEMENT], dialect)
        for row in session.scalars(_or_stmt(kind, dialect), params):
            found[row.id] = row
    return [found[k] for k in sorted(found)]


def _members_by_key(groups: dict) -> dict:
    """(actor, family, polarity) -> the new rows whose group admits that actor."""
    out: dict = {}
    for (actors, family, polarity), group in groups.items():
        for actor in actors:
            out.setdefault((actor, family, polarity), []).extend(group)
    return out


def pair_rows(session: Session, commitments: Sequence[m.Commitment], events: Sequence[m.Event], *,
              update_existing: bool = False) -> PairingStats:
    """Pair the given commitments and events against the whole database (in ``session``)."""
    rules = _rules()
    version = rules.PAIRING_VERSION
    now = dt.datetime.now(dt.timezone.utc)
    stats = PairingStats(commitments=len(commitments), events=len(events))
    found: dict[tuple[int, int], dict] = {}
    c_cache: dict[int, records.Commitment] = {}
    e_cache: dict[int, records.Event] = {}

    def crec(row: m.Commitment) -> records.Commitment:
        rec = c_cache.get(row.id)
        if rec is None:
            rec = c_cache[row.id] = commitment_record(row)
        return rec

    def erec(row: m.Event) -> records.Event:
        rec = e_cache.get(row.id)
        if rec is None:
            rec = e_cache[row.id] = event_record(row)
        return rec

    def judge(c: m.Commitment, e: m.Event) -> None:
        stats.candidates += 1
        if (c.id, e.id) in found:
            return
        verdict = rules.evaluate(crec(c), erec(e))
        if verdict is not None:
            found[(c.id, e.id)] = _pair_row(c.id, e.id, verdict, version, now)

    # New commitments: their candidate events in a few statements (one OR branch per
    # (actor, family, polarity) group and merged date range), then matched to the group's rows.
    c_groups = _groups(commitments, _commitment_key)
    if c_groups:
        wanted = _members_by_key(c_groups)
        for e in _candidates(session, "events", c_groups, _window_reach):
            span = _event_span(e)
            for c in wanted.get((e.actor, e.action_family, e.polarity), ()):
                if _reaches(_window_reach(c), span):
                    judge(c, e)
    # New events: the converse.
    e_groups = _groups(events, _event_key)
    if e_groups:
        wanted = _members_by_key(e_groups)
        for c in _candidates(session, "commitments", e_groups, _event_span):
            reach = _window_reach(c)
            for e in wanted.get((c.actor, c.action_family, c.polarity), ()):
                if _reaches(reach, _event_span(e)):
                    judge(c, e)
    stats.pairs_written = _insert_pairs(session, list(found.values()), update_existing=update_existing)
    stats.pair_keys = set(found)
    _dequeue(session, m.Commitment, [c.id for c in commitments])
    _dequeue(session, m.Event, [e.id for e in events])
    return stats


def _with_retries(engine: Engine, fn, *, attempts: int = 5):
    """Run ``fn(session)`` in a transaction, retrying on deadlocks and serialization failures."""
    delay = 0.05
    for attempt in range(attempts):
        try:
            with session_scope(engine) as session:
                return fn(session)
        except Exception as e:  # noqa: BLE001 - inspected below
            if attempt == attempts - 1 or not _is_transient(e):
                raise
            logger.info("pairing: transient database error, retrying (%s)", type(e).__name__)
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


def _is_transient(e: BaseException) -> bool:
    seen = 0
    while e is not None and seen < 5:
        text = f"{type(e).__name__} {e}".lower()
        if any(k in text for k in ("deadlock", "serializ", "could not obtain lock", "database is locked")):
            return True
        if isinstance(e, IntegrityError) and "uq_pairs" in text:
            return True
        if isinstance(e, OperationalError) and "locked" in text:
            return True
        e = e.__cause__ or e.__context__  # type: ignore[assignment]
        seen += 1
    return False


def pair_documents(engine: Engine, document_ids: Iterable[int]) -> PairingStats:
    """Pair every commitment and event of these documents against the whole database.

    Idempotent: run it again and nothing changes. Each call is its own transaction, to run
    *after* the documents committed so that concurrent workers see each other's rows.
    """
    ids = sorted(set(document_ids))
    total = PairingStats()
    started = time.perf_counter()
    for i in range(0, len(ids), 50):
        chunk = ids[i:i + 50]

        def work(session: Session, chunk=chunk) -> PairingStats:
            cs = list(session.scalars(select(m.Commitment).where(m.Commitment.document_id.in_(chunk))
                                      .order_by(m.Commitment.id)))
            es = list(session.scalars(select(m.Event).where(m.Event.document_id.in_(chunk)).order_by(m.Event.id)))
            return pair_rows(session, cs, es)

        total.add(_with_retries(engine, work))
    total.seconds = time.perf_counter() - started
    return total


def pair_ids(engine: Engine, *, commitment_ids: Iterable[int] = (), event_ids: Iterable[int] = ()) -> PairingStats:
    """Pair the given commitments and events against the whole database."""
    c_ids, e_ids = sorted(set(commitment_ids)), sorted(set(event_ids))
    started = time.perf_counter()
    total = PairingStats()
    for i in range(0, max(len(c_ids), len(e_ids)), 1000):
        part_c, part_e = c_ids[i:i + 1000], e_ids[i:i + 1000]

        def work(session: Session, part_c=part_c, part_e=part_e) -> PairingStats:
            cs = (list(session.scalars(select(m.Commitment).where(_id_in(session, m.Commitment.id, part_c))))
                  if part_c else [])
            es = list(session.scalars(select(m.Event).where(_id_in(session, m.Event.id, part_e)))) if part_e else []
            return pair_rows(session, cs, es)

        total.add(_with_retries(engine, work))
    total.seconds = time.perf_counter() - started
    return total


def pair_incremental(engine: Engine) -> PairingStats:
    """Pair what has not been paired yet: the rows queued in ``unpaired_commitments`` and
    ``unpaired_events``, 1,000 of each at a time."""
    started = time.perf_counter()
    total = PairingStats()
    qc, qe = _queue_column(m.Commitment), _queue_column(m.Event)
    while True:
        with session_scope(engine) as session:
            c_ids = list(session.scalars(select(qc).order_by(qc).limit(1000)))
            e_ids = list(session.scalars(select(qe).order_by(qe).limit(1000)))
        if not c_ids and not e_ids:
            break
        total.add(pair_ids(engine, commitment_ids=c_ids, event_ids=e_ids))
    total.seconds = time.perf_counter() - started
    return total


#: A full re-pair reads the events once, in id (physical) order, this many per transaction.
_EVENT_CHUNK = 20_000
#: Event rows fetched per round trip while a chunk's events stream past.
_STREAM_ROWS = 5000
#: Then it takes the commitments off the queue, this many per transaction.
_FULL_CHUNK = 2000
#: Full commitment records kept for judging, each built when a candidate first needs it. Past this
#: many the cache starts over, so memory stays bounded whatever the number of commitments.
_RECORD_CACHE = 200_000

#: Event columns the rules read (everything but the mentions and bookkeeping).
_EVENT_COLUMNS = ("id", "actor", "claimed_by", "claimed_by_party", "polarity", "action", "action_family",
                  "target", "place_raw", "place_name", "place_country", "place_admin1", "lat", "lon",
                  "geonames_id", "place_precision", "occurred_from", "occurred_to", "date_precision",
                  "date_relative", "evidence", "start", "end", "confidence", "flags")
#: Commitment columns of the blocking key and the window reach.
_COMMITMENT_KEY_COLUMNS = ("id", "actor", "action", "target", "action_family", "polarity", "valid_from",
                           "valid_until", "valid_from_precision", "valid_until_precision")
#: Commitment columns the rules read (:func:`commitment_record`).
_COMMITMENT_COLUMNS = ("id", "actor", "stated_by", "polarity", "action", "target", "evidence", "start", "end",
                       "scope_place", "scope_country", "valid_from", "valid_until", "valid_from_precision",
                       "valid_until_precision", "window_relative", "confidence", "conditional", "flags")


#: The day number of "no end" in a window reach (after every date's).
_NO_END = dt.date.max.toordinal() + 1


@dataclass
class _RepairIndex:
    """What a full re-pair holds of the commitments: their blocking keys, not their records."""

    #: Every commitment id when the re-pair started, in order.
    commitment_ids: array
    #: (actor, family, polarity) of an event -> the commitments it may pair with: (reach starts,
    #: reach ends, ids) as day numbers (0 = no start), sorted by start.
    wanted: dict
    #: The highest event id when the re-pair started: the pass stops there.
    last_event: int
    #: commitment id -> records.Commitment, built when a candidate first needs it.
    records: dict


def _repair_index(session: Session) -> _RepairIndex:
    """The compact keys of every commitment: id, blocking key and window reach (a few words each)."""
    c = m.Commitment.__table__.c
    ids = array("q")
    wanted: dict[tuple, list] = {}
    result = session.execute(select(*(c[name] for name in _COMMITMENT_KEY_COLUMNS)).order_by(c.id)
                             .execution_options(yield_per=50_000))
    for row in result:
        ids.append(row.id)
        key = _commitment_key(row)
        if key is None:
            continue
        actors, family, polarity = key
        start, end = _window_reach(row)
        item = (start.toordinal() if start else 0, end.toordinal() if end else _NO_END, row.id)
        for actor in actors:
            wanted.setdefault((actor, family, polarity), []).append(item)
    # One key's members as three flat arrays, sorted by reach start: a probe reads a few
    # contiguous words instead of chasing tuples and dates spread over the heap (with 50,000
    # commitments those no longer fit in the CPU caches and the probe ran 3x slower per event).
    for key, items in wanted.items():
        items.sort()
        wanted[key] = (array("l", [i[0] for i in items]), array("l", [i[1] for i in items]),
                       array("q", [i[2] for i in items]))
    last = session.scalar(select(func.max(m.Event.id))) or 0
    return _RepairIndex(commitment_ids=ids, wanted=wanted, last_event=last, records={})


def _load_records(session: Session, index: _RepairIndex, ids: set[int]) -> dict:
    """The full records of commitments ``ids``, from the cache or (the missing ones) the database."""
    missing = sorted(i for i in ids if i not in index.records)
    if len(index.records) + len(missing) > _RECORD_CACHE:
        index.records = {i: index.records[i] for i in ids if i in index.records}
    c = m.Commitment.__table__.c
    for i in range(0, len(missing), 1000):
        stmt = select(*(c[name] for name in _COMMITMENT_COLUMNS)).where(_id_in(session, c.id, missing[i:i + 1000]))
        for row in session.execute(stmt):
            index.records[row.id] = commitment_record(row)
    return index.records


def _repair_events(session: Session, index: _RepairIndex, after: int, *,
                   update_existing: bool) -> tuple[PairingStats, array]:
    """Pair the next ``_EVENT_CHUNK`` events after id ``after`` with every commitment of ``index``.

    A hash join on the blocking key (actor, action family, polarity): each event meets the
    commitments of its key whose window it may reach. The same candidates as the indexed look-ups
    of :func:`pair_rows` (same key, same :func:`_reaches`), judged by the same rules. Returns the
    chunk's statistics and the ids of the events it read.
    """
    rules = _rules()
    version = rules.PAIRING_VERSION
    now = dt.datetime.now(dt.timezone.utc)
    e = m.Event.__table__.c
    # The flags as JSON text, decoded only for the events that meet a candidate.
    columns = [e[name] if name != "flags" else cast(e.flags, Text).label("flags_json") for name in _EVENT_COLUMNS]
    stmt = (select(*columns).where(e.id > after, e.id <= index.last_event)
            .order_by(e.id).limit(_EVENT_CHUNK))
    result = session.execute(stmt.execution_options(yield_per=_STREAM_ROWS))
    wanted = index.wanted
    seen = array("q")
    candidates: list = []
    for row in result:
        seen.append(row.id)
        members = wanted.get((row.actor, row.action_family, row.polarity))
        if members is None:
            continue
        starts, ends, c_ids = members
        # _reaches(reach, _event_span(row)) for each member, on day numbers
        e1 = row.occurred_from or row.occurred_to
        if e1 is None:  # undated: every member is a candidate
            candidates.extend((c_id, row) for c_id in c_ids)
            continue
        first = e1.toordinal()
        last = (row.occurred_to or row.occurred_from).toordinal()
        for i, start in enumerate(starts):
            if start > last:
                break
            if ends[i] >= first:
                candidates.append((c_ids[i], row))
    result.close()
    stats = PairingStats(events=len(seen), candidates=len(candidates))
    found: dict[tuple[int, int], dict] = {}
    if candidates:
        recs = _load_records(session, index, {c_id for c_id, _row in candidates})
        evaluate = rules.evaluate
        last_row = erec = None
        for c_id, row in candidates:
            if row is not last_row:
                last_row = row
                erec = event_record(row, flags=tuple(json.loads(row.flags_json) or ()) if row.flags_json else ())
            crec = recs.get(c_id)
            if crec is None:
                continue  # deleted since the re-pair started
            verdict = evaluate(crec, erec)
            if verdict is not None:
                found[(c_id, row.id)] = _pair_row(c_id, row.id, verdict, version, now)
    stats.pairs_written = _insert_pairs(session, list(found.values()), update_existing=update_existing)
    if update_existing and seen:
        stats.deactivated = _retire_stale(session, index, seen, found, version, now)
    return stats, seen


def _retire_stale(session: Session, index: _RepairIndex, seen: array, found: dict, version: str,
                  now: dt.datetime) -> int:
    """Mark inactive the pairs of the events ``seen`` (in id order) that the current rules no longer
    produce: those of a commitment of ``index`` not ``found``. A pair of an event the chunk did
    not see (committed since) or of a commitment newer than the re-pair is not judged here."""
    p = m.Pair.__table__.c
    existing = session.execute(select(p.id, p.commitment_id, p.event_id)
                               .where(p.event_id.between(seen[0], seen[-1]), p.active.is_(True))).all()
    stale = sorted(pid for pid, c, ev in existing
                   if (c, ev) not in found and _contains(seen, ev) and _contains(index.commitment_ids, c))
    for i in range(0, len(stale), 1000):
        session.execute(update(m.Pair).where(_id_in(session, m.Pair.id, stale[i:i + 1000]))
                        .values(active=False, pairing_version=version, updated_at=now),
                        execution_options={"synchronize_session": False})
    return len(stale)


def _contains(sorted_ids: array, x: int) -> bool:
    i = bisect_left(sorted_ids, x)
    return i < len(sorted_ids) and sorted_ids[i] == x


def pair_all(engine: Engine, *, update_existing: bool = True) -> PairingStats:
    """Full re-pair under the current rules.

    One sequential pass over the events, in id (physical) order, ``_EVENT_CHUNK`` per transaction
    (:func:`_repair_events`), against the compact keys of every commitment held in memory (blocking
    key, id and window reach: a few words each; full commitment records are built when a candidate
    first needs one, in a bounded cache). Each event row is read once, in the table's order, so
    time grows linearly with the database; memory grows with the number of commitments, never
    with the events (the events queued at the start are kept as a compact array of ids). Each pair
    is reached from its event, so commitments need no second pass. Each chunk writes its pairs and
    marks ``active = False`` the pairs of its events that the current rules no longer accept (their
    rows and reviews are kept). Once every event has been judged the commitments are dequeued,
    ``_FULL_CHUNK`` per transaction.

    The re-pair pairs the rows that existed when it started: the commitments then (their keys are
    read first) with the events up to the highest id then. The events queued when it starts are
    dequeued at the end, by id: the pass saw them. Rows that arrive meanwhile stay queued (the
    pass may have missed them) for the next incremental pairing, which is idempotent.
    """
    started = time.perf_counter()
    total = PairingStats()
    with session_scope(engine) as session:
        queued_events = _queued_ids(session, m.Event)
        index = _repair_index(session)
    total.commitments = len(index.commitment_ids)
    # The pass allocates many small objects and keeps the long-lived ones (the index, the record
    # cache): the cyclic collector would scan those again and again (~15% of the time at 1M events
    # before). Reference counting still frees the rows; the few cycles left (sessions) are
    # collected once the collector is back on.
    gc_enabled = gc.isenabled()
    gc.disable()
    try:
        after = 0
        while after < index.last_event:

            def work(session: Session, after=after) -> tuple[PairingStats, array]:
                return _repair_events(session, index, after, update_existing=update_existing)

            stats, seen = _with_retries(engine, work)
            total.add(stats)
            if not seen:
                break
            after = seen[-1]
    finally:
        if gc_enabled:
            gc.enable()
    index.records = {}
    # Every event of the database that these commitments may pair with has been judged.
    ids = index.commitment_ids
    for i in range(0, len(ids), _FULL_CHUNK):
        part = ids[i:i + _FULL_CHUNK]

        def finish(session: Session, part=part) -> None:
            _dequeue(session, m.Commitment, part)

        _with_retries(engine, finish)
    for i in range(0, len(queued_events), 50_000):
        part = queued_events[i:i + 50_000]

        def dequeue(session: Session, part=part) -> None:
            _dequeue(session, m.Event, part, batch=10_000)

        _with_retries(engine, dequeue)
    _vacuum(engine, ("pairs", "unpaired_commitments", "unpaired_events"))
    total.seconds = time.perf_counter() - started
    return total


def _queued_ids(session: Session, model):
    """The ids queued for pairing in ``model``'s queue now, in order (a compact array)."""
    from array import array

    column = _queue_column(model)
    out = array("q")
    result = session.execute(select(column).order_by(column).execution_options(yield_per=50_000))
    for part in result.partitions():
        out.extend(row[0] for row in part)
    return out


def _vacuum(engine: Engine, tables: Sequence[str]) -> None:
    """PostgreSQL: clear the dead row versions a full re-pair leaves behind.

    A full re-pair may empty the queues of unpaired rows and updates pairs in place; until
    (auto)vacuum runs, the next look-up of queued rows (:func:`pair_incremental`) walks the index
    entries of all the deleted ones. (Measured at 1M events when the queue was a column of the
    wide rows: the first incremental pairing after a full re-pair took ~2 s longer.) The queues
    are narrow, so this costs little. A failure (no privilege) is only logged.
    """
    if engine.dialect.name != "postgresql":
        return
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in tables:
                conn.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
    except DBAPIError as e:
        logger.info("pairing: VACUUM after the full re-pair failed, autovacuum will do it (%s)", e)
