"""Queries and caches for the dashboard pages.

``cache_resource`` holds the engine; ``cache_data`` holds query results (plain dataclasses,
short TTLs, cleared after every write). Every list is paginated in SQL (LIMIT/OFFSET over an
indexed order) and never loads a whole table; document bodies are never loaded whole either,
only a window of text around each quote (``substr`` in SQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
    union,
)
from sqlalchemy.orm import aliased

from tracker import settings
from tracker.db import session_scope
from tracker.db.models import Commitment, Document, Event, IngestRun, Pair, Review, Reviewer, Source

#: Characters of document text loaded on each side of a quote, to find its sentence.
CONTEXT_CHARS = 320
TTL = 30
MAX_MAP_POINTS = 5000
MAX_AROUND = 400


# --------------------------------------------------------------------------- engine


def db_url() -> str:
    """The database the dashboard shows (``tracker dashboard`` passes it in the environment)."""
    return settings.database_url()


@st.cache_resource(show_spinner=False)
def get_engine(url: str) -> Engine:
    """One engine per database URL, with its schema checked once."""
    from tracker.db import ensure_schema

    return ensure_schema(url)


def clear_caches() -> None:
    """Forget cached results after a write (verdict, intake)."""
    st.cache_data.clear()


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class ReviewerInfo:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Filters:
    actors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    search: str = ""
    include_inactive: bool = False


@dataclass(frozen=True, slots=True)
class FilterOptions:
    actors: list[str]
    languages: list[str]
    targets: list[str]
    sources: list[str]


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a pair (commitment or event) with its document's provenance."""

    kind: str  # commitment | event
    id: int
    actor: str | None
    speaker: str | None  # stated_by / claimed_by
    speaker_party: str | None
    polarity: str
    action: str
    target: str
    evidence: str
    start: int
    end: int
    snippet: str
    snippet_offset: int  # document offset of snippet[0]
    flags: tuple[str, ...]
    confidence: float
    document_id: int
    url: str | None
    title: str | None
    published: dt.date | None
    language: str | None
    source_name: str | None
    # commitment
    window: str | None = None
    scope_place: str | None = None
    conditional: bool = False
    # event
    place: str | None = None
    place_country: str | None = None
    when: str | None = None

    def locate(self) -> tuple[str, int, int] | None:
        """(snippet, start, end) of the quote inside the loaded text, or None when it is not there."""
        s, e = self.start - self.snippet_offset, self.end - self.snippet_offset
        if 0 <= s <= e <= len(self.snippet) and self.snippet[s:e] == self.evidence:
            return self.snippet, s, e
        pos = self.snippet.find(self.evidence) if self.evidence else -1
        if pos >= 0:
            return self.snippet, pos, pos + len(self.evidence)
        return None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    verdict: str
    reviewer: str
    at: dt.datetime
    note: str | None


@dataclass(frozen=True, slots=True)
class PairView:
    id: int
    score: float
    status: str
    reasons: tuple[str, ...]
    flags: tuple[str, ...]
    active: bool
    pairing_version: str
    commitment: Side
    event: Side
    history: tuple[HistoryEntry, ...] = ()

    @property
    def all_flags(self) -> tuple[str, ...]:
        """Pair flags plus the flags each side carries, once each, in order."""
        seen: dict[str, None] = dict.fromkeys(self.flags)
        if self.commitment.conditional:
            seen.setdefault("conditional", None)
        for f in (*self.commitment.flags, *self.event.flags):
            seen.setdefault(f, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class QueuePage:
    total: int
    unreviewed: int
    pairs: tuple[PairView, ...]
    #: True when more than ``total`` pairs match and ``total`` is the count's cap (see queue_counts).
    capped: bool = False


class QueueCounts(tuple):
    """(unreviewed, reviewed) pairs matching the filters; unpacks and sums like a plain pair.

    ``cap`` is None when both numbers are exact. A text search is counted only up to ``cap``
    (see :data:`SEARCH_COUNT_CAP`): when more pairs match (:attr:`capped`), the two numbers add up
    to ``cap + 1`` and are lower bounds, except that ``unreviewed`` is exact whenever it is at
    most ``cap`` (the split :func:`queue_ids` needs for pages up to the cap). Pages past the cap
    are not served; the reviewer narrows the search instead.
    """

    cap: int | None

    def __new__(cls, unreviewed: int, reviewed: int, cap: int | None = None) -> QueueCounts:
        self = super().__new__(cls, (unreviewed, reviewed))
        self.cap = cap
        return self

    def __getnewargs__(self) -> tuple[int, int, int | None]:  # for pickling (st.cache_data)
        return self[0], self[1], self.cap

    def __repr__(self) -> str:
        return f"QueueCounts(unreviewed={self[0]}, reviewed={self[1]}, cap={self.cap})"

    @property
    def unreviewed(self) -> int:
        return self[0]

    @property
    def reviewed(self) -> int:
        return self[1]

    @property
    def capped(self) -> bool:
        """More pairs match than were counted (the search matches more than ``cap`` pairs)."""
        return self.cap is not None and self.unreviewed + self.reviewed > self.cap

    @property
    def total(self) -> int:
        """Pairs a reviewer can page through: every match, or ``cap`` when capped."""
        return self.cap if self.capped else self.unreviewed + self.reviewed


# --------------------------------------------------------------------------- filter SQL


def _like(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


#: Text search indexes of migration 0002 on SQLite: table -> (FTS5 trigram table, its columns).
#: (PostgreSQL has trigram GIN indexes that ILIKE uses as it is.)
_FTS = {
    "commitments": ("commitments_fts", ("evidence", "actor")),
    "events": ("events_fts", ("evidence", "actor", "place_name", "place_raw")),
    "documents": ("documents_fts", ("title",)),
}
#: Shortest search the trigram index answers; shorter ones scan.
_FTS_MIN_CHARS = 3
_fts_tables: dict[str, frozenset[str]] = {}


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def _sqlite_fts_tables(session) -> frozenset[str]:  # noqa: ANN001
    """The FTS5 tables present in this SQLite database (once per database URL)."""
    url = session.get_bind().url.render_as_string(hide_password=False)
    found = _fts_tables.get(url)
    if found is None:
        names = session.scalars(select(literal_column("name")).select_from(table("sqlite_master"))
                                .where(literal_column("type") == "table")).all()
        found = _fts_tables[url] = frozenset(n for n in names if n.endswith("_fts"))
    return found


def _fts_query(session, model, columns: Sequence[str], q: str) -> Select | None:  # noqa: ANN001
    """SQLite: rowids from the FTS5 trigram table (a phrase query: Unicode case folding), or None
    where it cannot answer (not SQLite, no FTS5 table, a search shorter than a trigram)."""
    if session is None or session.get_bind().dialect.name != "sqlite":
        return None
    fts, indexed = _FTS[model.__tablename__]
    if len(q) < _FTS_MIN_CHARS or not set(columns) <= set(indexed) or fts not in _sqlite_fts_tables(session):
        return None
    t = table(fts, column("rowid"), column(fts))
    query = "{" + " ".join(columns) + "} : " + '"' + q.replace('"', '""') + '"'
    return select(t.c.rowid).where(t.c[fts].match(query))


def _text_condition(session, row, columns: Sequence[str], q: str, *,  # noqa: ANN001
                    per_row: bool = False) -> ColumnElement:
    """Any of ``row``'s ``columns`` contains ``q``, ignoring case, tested on the row itself.

    PostgreSQL: ``ILIKE`` (wildcards in ``q`` escaped); ``per_row`` (no index to serve it) with an
    ASCII search: under the "C" collation, whose ASCII-only folding gives the same matches for an
    ASCII search at half the cost. SQLite folds ASCII only in ``lower``/``LIKE``: fine for an ASCII
    search; otherwise Python's ``str.lower`` (a function registered on the connection) folds both
    sides.
    """
    dialect = session.get_bind().dialect.name if session is not None else ""
    if dialect != "sqlite" or q.isascii():
        pattern = _like(q)
        c_collation = per_row and dialect == "postgresql" and q.isascii()
        return or_(*((getattr(row, c).collate("C") if c_collation else getattr(row, c))
                     .ilike(pattern, escape="\\") for c in columns))
    session.connection().connection.driver_connection.create_function(
        "tracker_lower", 1, _lower, deterministic=True)
    needle = q.lower()
    return or_(*(func.instr(func.tracker_lower(getattr(row, c)), needle) > 0 for c in columns))


def _contains(session, model, columns: Sequence[str], q: str) -> Select:  # noqa: ANN001
    """Ids of ``model`` rows where any of ``columns`` contains ``q``, ignoring case (in every script).

    PostgreSQL: ``ILIKE '%q%'``, which the trigram indexes of migration 0002 serve. SQLite: the
    FTS5 trigram table where it can answer, else a scan.
    """
    fts = _fts_query(session, model, columns, q)
    if fts is not None:
        return fts
    row = aliased(model)
    return select(row.id).where(_text_condition(session, row, columns, q))


#: A text lookup expected to match more rows than this share of the pairs (and at least
#: _PAIR_FIRST_MIN rows) is checked pair by pair instead: reading the pairs' own rows costs less
#: than collecting most of a million-row table.
_PAIR_FIRST_SHARE = 0.25
_PAIR_FIRST_MIN = 2000


def _estimated_matches(session, model, columns: Sequence[str], q: str, cap: int) -> int:  # noqa: ANN001
    """About how many ``model`` rows contain ``q`` (at most ``cap`` on SQLite).

    PostgreSQL: the planner's estimate (EXPLAIN, nothing runs). SQLite: counted in the FTS5 table
    up to ``cap``; without FTS5 (or for a search shorter than a trigram) the whole table would be
    read, so ``cap``.
    """
    if session is None:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        compiled = _contains(session, model, columns, q).compile(session.get_bind())
        plan = session.connection().exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled),
                                                    compiled.params).scalar()
        return int(plan[0]["Plan"]["Plan Rows"])
    fts = _fts_query(session, model, columns, q)
    if fts is None:
        return cap
    return session.scalar(select(func.count()).select_from(fts.limit(cap).subquery())) or 0


def _pairs_of(commitment_ids: Select | None = None, event_ids: Select | None = None) -> Select:
    """Ids of pairs whose commitment is in ``commitment_ids`` or whose event is in ``event_ids``."""
    p = aliased(Pair)
    if commitment_ids is not None:
        return select(p.id).where(p.commitment_id.in_(commitment_ids))
    return select(p.id).where(p.event_id.in_(event_ids))


_strategies: dict[tuple, tuple[bool, bool]] = {}


def _many_matches(session, q: str, c_cols, e_cols) -> tuple[bool, bool]:  # noqa: ANN001
    """Whether the commitments, and the events, containing ``q`` are many compared with the pairs.

    Remembered per database, search and pair count (the count and the estimates cost a few
    round trips, and a page asks several times).
    """
    if session is None:
        return False, False
    pairs = session.scalar(select(func.max(Pair.id))) or 0
    key = (session.get_bind().url.render_as_string(hide_password=False), q, pairs,
           _PAIR_FIRST_MIN, _PAIR_FIRST_SHARE)
    found = _strategies.get(key)
    if found is None:
        limit = max(_PAIR_FIRST_MIN, int(pairs * _PAIR_FIRST_SHARE))
        found = tuple(_estimated_matches(session, model, cols, q, limit + 1) > limit
                      for model, cols in ((Commitment, c_cols), (Event, e_cols)))
        if len(_strategies) > 256:
            _strategies.clear()
        _strategies[key] = found
    return found


#: Columns a search reads: (commitment's, event's) (and either document's title).
_SEARCH_COLUMNS = (("evidence", "actor"), ("evidence", "actor", "place_name", "place_raw"))


def _search_reads_every_pair(session, q: str) -> bool:  # noqa: ANN001
    """Whether the search is checked pair by pair (a common word: see :func:`_pair_search`), so
    that counting all its matches reads every pair's commitment and event."""
    return any(_many_matches(session, q, *_SEARCH_COLUMNS))


def _pair_search(session, q: str) -> tuple[ColumnElement, bool]:  # noqa: ANN001
    """Pairs with ``q`` in either quote, actor, the event's place, or either document's title:
    (condition, whether it reads the joined Commitment and Event).

    Each source (commitments, events, titles) is looked up in its text index when few rows
    match: the pairs are then a UNION of indexed pair-id lookups, instead of an OR across the
    joined sides that no index serves. When the commitments or events would match many rows (a
    common word), reading every pair's own commitment and event costs less: the condition is then
    an OR on the joined rows (nested loops over the pairs; the first page walks the score index
    and stops early), with the few-match sources still looked up once by index.
    """
    c_cols, e_cols = _SEARCH_COLUMNS
    c_many, e_many = _many_matches(session, q, c_cols, e_cols)
    c, e = aliased(Commitment), aliased(Event)
    titled = _contains(session, Document, ("title",), q)
    if not (c_many or e_many):
        return Pair.id.in_(union(
            _pairs_of(commitment_ids=_contains(session, Commitment, c_cols, q)),
            _pairs_of(event_ids=_contains(session, Event, e_cols, q)),
            _pairs_of(commitment_ids=select(c.id).where(c.document_id.in_(titled))),
            _pairs_of(event_ids=select(e.id).where(e.document_id.in_(titled))),
        )), False
    if session is not None and session.get_bind().dialect.name == "postgresql":
        # Both sides are read pair by pair now: testing the joined commitment row costs less than
        # the hashed IN (commitments containing q), which PostgreSQL plans as a sequential scan of
        # every commitment, once per query (SQLite's FTS5 lookup stays: cheap, and a per-row test
        # of a non-ASCII search there is a Python function call).
        c_many = True
    return or_(
        _text_condition(session, Commitment, c_cols, q, per_row=True) if c_many
        else Pair.commitment_id.in_(_contains(session, Commitment, c_cols, q)),
        _text_condition(session, Event, e_cols, q, per_row=True) if e_many
        else Pair.event_id.in_(_contains(session, Event, e_cols, q)),
        Commitment.document_id.in_(titled),
        Event.document_id.in_(titled),
    ), True


def latest_verdict() -> ColumnElement:
    """The newest verdict of the outer query's pair (index ix_reviews_pair_id_id)."""
    return (select(Review.verdict).where(Review.pair_id == Pair.id).order_by(Review.id.desc())
            .limit(1).correlate(Pair).scalar_subquery())


def _reviewed() -> ColumnElement:
    return exists().where(Review.pair_id == Pair.id)


def _pair_filter_conditions(f: Filters, session=None) -> list[ColumnElement]:  # noqa: ANN001
    """Conditions on Pair joined (when :func:`_needs_sides`) to Commitment and Event."""
    return _pair_filter_parts(f, session)[0]


def _pair_filter_parts(f: Filters, session=None) -> tuple[list[ColumnElement], bool]:  # noqa: ANN001
    """(conditions on Pair, which joined sides they read: True both, "event", or False none).

    Actor and text filters are pair-id lookups through indexes (a UNION of the commitment side
    and the event side) rather than an OR across the joined rows, which would read every pair's
    commitment and event.
    """
    conds: list[ColumnElement] = []
    if not f.include_inactive:
        conds.append(Pair.active.is_(True))
    if f.actors:
        c, e = aliased(Commitment), aliased(Event)
        conds.append(Pair.id.in_(union(
            _pairs_of(commitment_ids=select(c.id).where(c.actor.in_(f.actors))),
            _pairs_of(event_ids=select(e.id).where(e.actor.in_(f.actors))),
        )))
    if f.targets:
        conds.append(or_(Commitment.target.in_(f.targets), Event.target.in_(f.targets)))
    if f.date_from:
        conds.append(func.coalesce(Event.occurred_to, Event.occurred_from) >= f.date_from)
    if f.date_to:
        conds.append(func.coalesce(Event.occurred_from, Event.occurred_to) <= f.date_to)
    docs = _matching_documents(f)
    if docs is not None:
        # An uncorrelated IN (documents matching) is evaluated once, not once per pair.
        conds.append(or_(Commitment.document_id.in_(docs), Event.document_id.in_(docs)))
    # "event": only the event is read (a date filter); True: both sides; False: neither
    joined: bool | str = _needs_sides(f) or ("event" if f.date_from or f.date_to else False)
    if f.search:
        cond, search_joined = _pair_search(session, f.search)
        conds.append(cond)
        if search_joined:
            joined = True
    return conds, joined


def _status_condition(statuses: Sequence[str], *, reviewed: bool) -> ColumnElement | None:
    """The part of a status filter that applies to reviewed (or unreviewed) pairs; None = none."""
    if not statuses:
        return true()
    if not reviewed:
        return true() if "unreviewed" in statuses else None
    verdicts = [s for s in statuses if s != "unreviewed"]
    if not verdicts:
        return None
    return latest_verdict().in_(verdicts)


def _needs_sides(f: Filters) -> bool:
    """Whether a filter reads the joined commitment and event (actors, dates and search need at
    most the event, see :func:`_pair_filter_parts`)."""
    return bool(f.targets or f.languages or f.sources)


def _pair_base(f: Filters, session=None) -> Select:  # noqa: ANN001
    """Pair ids matching the filters; commitments and events are joined only when a filter needs them.

    ``session`` tells the database kind for the text search (without it, ILIKE).
    """
    stmt = select(Pair.id)
    conds, joined = _pair_filter_parts(f, session)
    if joined:
        if joined != "event":
            stmt = stmt.join(Commitment, Commitment.id == Pair.commitment_id)
        stmt = stmt.join(Event, Event.id == Pair.event_id)
        _walk_the_pairs(session)
    return stmt.where(*conds) if conds else stmt


def _walk_the_pairs(session) -> None:  # noqa: ANN001
    """PostgreSQL: read the pairs' own commitments and events by primary key (nested loops)
    rather than hash a million-row side table, which the planner's costs prefer but which reads
    ten times the rows there are pairs; no JIT (compiling costs more than running such a plan).
    For this transaction only."""
    if session is not None and session.get_bind().dialect.name == "postgresql":
        for setting in ("enable_hashjoin", "enable_mergejoin", "jit"):
            session.execute(text(f"SET LOCAL {setting} = off"))


# --------------------------------------------------------------------------- queue


#: A text search counts its matching pairs only up to this many; the queue then shows "1,000+"
#: and pages up to here. Counting every match of a common word reads every pair's commitment and
#: event (one lookup each over a million-row side: > 1 s at 100,000 pairs); counting to 1,001
#: stops after about 1,001 / share-of-pairs-matching pairs (~15,000 for a word in 1 of 15 events).
#: 1,000 is 40 pages of 25 (100 of 10, 20 of 50: a whole number of pages at every page size);
#: past that a reviewer narrows the search rather than pages, as in any search tool. Only a search
#: checked pair by pair (a common word) is capped; one answered from the text indexes, and a
#: search matching up to 1,000 pairs, is counted exactly, and so is every count without a text
#: search. Exports never use this count.
SEARCH_COUNT_CAP = 1000


@st.cache_data(ttl=TTL, show_spinner=False)
def queue_counts(url: str, f: Filters, cap: int | None = SEARCH_COUNT_CAP) -> QueueCounts:
    """(unreviewed, reviewed) pairs matching the filters, as :class:`QueueCounts`.

    With a text search checked pair by pair (a common word) and a ``cap`` (None: always exact),
    at most ``cap + 1`` matches are counted: see :data:`SEARCH_COUNT_CAP`. A rarer search is
    answered from the text indexes and counted exactly (that costs little, and a LIMIT would
    only get in the planner's way).
    """
    def count(stmt: Select) -> int:
        return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    with session_scope(get_engine(url)) as session:
        if f.search and cap is not None and _search_reads_every_pair(session, f.search):
            return _capped_counts(session, f, cap)
        # Reviewed pairs are found from the reviews side (a scan of ix_reviews_pair_id_id),
        # unreviewed ones as the rest, rather than an anti-join over every pair.
        reviewed_ids = select(Review.pair_id).distinct()
        if not f.statuses:  # the usual case: both numbers in one pass
            base = _pair_base(f, session).subquery()
            total, reviewed = session.execute(select(
                func.count(), func.count(case((base.c.id.in_(reviewed_ids), 1)))).select_from(base)).one()
            return QueueCounts((total or 0) - (reviewed or 0), reviewed or 0)
        cond = _status_condition(f.statuses, reviewed=True)
        reviewed = count(_pair_base(f, session).where(Pair.id.in_(reviewed_ids), cond)) if cond is not None else 0
        unreviewed = 0
        if _status_condition(f.statuses, reviewed=False) is not None:
            all_reviewed = reviewed if not f.statuses else count(_pair_base(f, session).where(Pair.id.in_(reviewed_ids)))
            unreviewed = count(_pair_base(f, session)) - all_reviewed
    return QueueCounts(unreviewed, reviewed)


def _capped_counts(session, f: Filters, cap: int) -> QueueCounts:  # noqa: ANN001
    """Counts that stop after ``cap + 1`` matching pairs (LIMIT inside the count).

    Unreviewed pairs first (the queue's first pages): up to ``cap + 1`` of them; only when there
    are at most ``cap`` (the number is then exact, as :func:`queue_ids` needs it) are reviewed
    pairs counted, up to the rest of the budget. Either way at most ``cap + 1`` matches are found.
    """
    def upto(stmt: Select, n: int) -> int:
        return session.scalar(select(func.count()).select_from(stmt.limit(n).subquery())) or 0

    unreviewed = reviewed = 0
    if _status_condition(f.statuses, reviewed=False) is not None:
        unreviewed = upto(_pair_base(f, session).where(~_reviewed()), cap + 1)
    cond = _status_condition(f.statuses, reviewed=True)
    if unreviewed <= cap and cond is not None:
        reviewed = upto(_pair_base(f, session).where(_reviewed(), cond), cap + 1 - unreviewed)
    return QueueCounts(unreviewed, reviewed, cap)


def queue_ids(session, f: Filters, offset: int, limit: int, counts: tuple[int, int]) -> list[int]:  # noqa: ANN001
    """Pair ids of one page: unreviewed pairs by score first, then reviewed ones by score.

    Two indexed scans (ix_pairs_score, with ix_reviews_pair_id_id for the anti-join)
    instead of one sort over a computed status, so the first pages are cheap at any size.
    With capped counts (:class:`QueueCounts`), nothing past the cap is served.
    """
    if isinstance(counts, QueueCounts) and counts.capped:
        limit = min(limit, counts.total - offset)
        if limit <= 0:
            return []
    n_unreviewed, _ = counts
    ids: list[int] = []
    order = (Pair.score.desc(), Pair.id.desc())
    if offset < n_unreviewed:
        stmt = _pair_base(f, session).where(~_reviewed()).order_by(*order).offset(offset).limit(limit)
        ids.extend(session.scalars(stmt))
    remaining = limit - len(ids)
    cond = _status_condition(f.statuses, reviewed=True)
    if remaining > 0 and cond is not None:
        stmt = (_pair_base(f, session).where(_reviewed(), cond).order_by(*order)
                .offset(max(0, offset - n_unreviewed)).limit(remaining))
        ids.extend(session.scalars(stmt))
    return ids


def _snippet_cols(doc, start_col, end_col):  # noqa: ANN001, ANN202
    """substr(body) around [start, end) in SQL, and the document offset it begins at."""
    begin = case((start_col > CONTEXT_CHARS, start_col - CONTEXT_CHARS), else_=0)
    length = end_col - begin + CONTEXT_CHARS
    return func.substr(doc.body, begin + 1, length), begin


def _window_text(c: Commitment) -> str:
    def bound(d: dt.date | None, precision: str) -> str:
        if d is None:
            return "open" if precision == "unknown" else "?"
        return d.isoformat() + ("" if precision == "day" else f" ({precision})")

    if c.valid_from is None and c.valid_until is None:
        return f"unanchored: {c.window_relative}" if c.window_relative else "unknown"
    text = f"{bound(c.valid_from, c.valid_from_precision)} – {bound(c.valid_until, c.valid_until_precision)}"
    if c.window_relative:
        text += f" ({c.window_relative})"
    return text


def _event_when(e: Event) -> str:
    if e.occurred_on:
        when = e.occurred_on.isoformat()
    elif e.occurred_from or e.occurred_to:
        a = e.occurred_from.isoformat() if e.occurred_from else "?"
        b = e.occurred_to.isoformat() if e.occurred_to else "?"
        when = a if a == b else f"{a} – {b}"
    else:
        return f"unanchored: {e.date_relative}" if e.date_relative else "unknown"
    return f"{when} ({e.date_precision})" if e.date_precision not in ("day", None) else when


def load_pairs(session, ids: Sequence[int]) -> list[PairView]:  # noqa: ANN001
    """Pair views (both sides, provenance, text around quotes, verdict history) for ``ids``, in order."""
    if not ids:
        return []
    cdoc, edoc = aliased(Document), aliased(Document)
    csrc, esrc = aliased(Source), aliased(Source)
    c_snip, c_begin = _snippet_cols(cdoc, Commitment.start, Commitment.end)
    e_snip, e_begin = _snippet_cols(edoc, Event.start, Event.end)
    stmt = (
        select(Pair, Commitment, Event,
               cdoc.url, cdoc.title, cdoc.published, cdoc.language, csrc.name, c_snip, c_begin,
               edoc.url, edoc.title, edoc.published, edoc.language, esrc.name, e_snip, e_begin,
               latest_verdict())
        .join(Commitment, Commitment.id == Pair.commitment_id)
        .join(Event, Event.id == Pair.event_id)
        .join(cdoc, cdoc.id == Commitment.document_id)
        .join(edoc, edoc.id == Event.document_id)
        .outerjoin(csrc, csrc.id == cdoc.source_id)
        .outerjoin(esrc, esrc.id == edoc.source_id)
        .where(Pair.id.in_(list(ids)))
    )
    history: dict[int, list[HistoryEntry]] = {}
    for review, name in session.execute(
        select(Review, Reviewer.name).join(Reviewer, Reviewer.id == Review.reviewer_id)
        .where(Review.pair_id.in_(list(ids))).order_by(Review.pair_id, Review.id)
    ):
        history.setdefault(review.pair_id, []).append(
            HistoryEntry(review.verdict, name, review.created_at, review.note))
    views: dict[int, PairView] = {}
    for row in session.execute(stmt):
        (pair, c, e, curl, ctitle, cpub, clang, csrcname, csnip, cbegin,
         eurl, etitle, epub, elang, esrcname, esnip, ebegin, verdict) = row
        commitment = Side(
            kind="commitment", id=c.id, actor=c.actor, speaker=c.stated_by, speaker_party=None,
            polarity=c.polarity, action=c.action, target=c.target, evidence=c.evidence, start=c.start, end=c.end,
            snippet=csnip or "", snippet_offset=int(cbegin or 0), flags=tuple(c.flags or ()),
            confidence=c.confidence, document_id=c.document_id, url=curl, title=ctitle, published=cpub,
            language=clang, source_name=csrcname, window=_window_text(c), scope_place=c.scope_place,
            conditional=bool(c.conditional),
        )
        place = e.place_name or e.place_raw
        if e.place_name and e.place_raw and e.place_raw != e.place_name:
            place = f"{e.place_name} (written “{e.place_raw}”)"
        event = Side(
            kind="event", id=e.id, actor=e.actor, speaker=e.claimed_by, speaker_party=e.claimed_by_party,
            polarity=e.polarity, action=e.action, target=e.target, evidence=e.evidence, start=e.start, end=e.end,
            snippet=esnip or "", snippet_offset=int(ebegin or 0), flags=tuple(e.flags or ()),
            confidence=e.confidence, document_id=e.document_id, url=eurl, title=etitle, published=epub,
            language=elang, source_name=esrcname, place=place, place_country=e.place_country,
            when=_event_when(e),
        )
        views[pair.id] = PairView(
            id=pair.id, score=pair.score, status=verdict or "unreviewed", reasons=tuple(pair.reasons or ()),
            flags=tuple(pair.flags or ()), active=pair.active, pairing_version=pair.pairing_version,
            commitment=commitment, event=event, history=tuple(history.get(pair.id, ())),
        )
    return [views[i] for i in ids if i in views]


@st.cache_data(ttl=TTL, show_spinner=False)
def queue_page(url: str, f: Filters, offset: int, limit: int, cap: int | None = SEARCH_COUNT_CAP) -> QueuePage:
    """One page of the review queue: unreviewed first, then by score (a text search: up to ``cap``)."""
    counts = queue_counts(url, f, cap)
    with session_scope(get_engine(url)) as session:
        ids = queue_ids(session, f, offset, limit, counts)
        pairs = load_pairs(session, ids)
    return QueuePage(total=counts.total, unreviewed=counts.unreviewed, pairs=tuple(pairs), capped=counts.capped)


@st.cache_data(ttl=TTL, show_spinner=False)
def pair_view(url: str, pair_id: int) -> PairView | None:
    with session_scope(get_engine(url)) as session:
        found = load_pairs(session, [pair_id])
    return found[0] if found else None


def _distinct(session, table_name: str, col: str, limit: int) -> list:  # noqa: ANN001
    """The first ``limit`` distinct non-null values of an indexed column, one index probe each
    (a recursive "loose index scan"; a plain DISTINCT reads the whole index or table)."""
    sql = (f'WITH RECURSIVE v(x) AS (SELECT min("{col}") FROM {table_name} '
           f'UNION ALL SELECT (SELECT min("{col}") FROM {table_name} WHERE "{col}" > v.x) FROM v '
           f'WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL LIMIT :n')
    return list(session.scalars(text(sql), {"n": limit}))


@st.cache_data(ttl=300, show_spinner=False)
def filter_options(url: str) -> FilterOptions:
    """Distinct values for the filter widgets (the first few hundred of each, by index probes:
    ix_commitments_actor_family_from, ix_events_actor_family_from, ix_*_target, ix_documents_language)."""
    with session_scope(get_engine(url)) as session:
        actors = set(_distinct(session, "commitments", "actor", 500))
        actors |= set(_distinct(session, "events", "actor", 500))
        targets = set(_distinct(session, "commitments", "target", 300))
        targets |= set(_distinct(session, "events", "target", 300))
        languages = set(_distinct(session, "documents", "language", 100))
        sources = list(session.scalars(select(Source.name).order_by(Source.name).limit(1000)))
    return FilterOptions(sorted(actors), sorted(languages), sorted(t for t in targets if t), sources)


# --------------------------------------------------------------------------- verdicts and reviewers


def record_verdict(url: str, *, pair_id: int, verdict: str, reviewer_id: int | None,
                   note: str | None = None) -> HistoryEntry:
    """Record a verdict through ``tracker.db.service.add_review`` as the reviewer with this id.

    The reviewer is reloaded from the database, so a missing, unknown or disabled reviewer
    (a reader forging a request) is refused by the service with AuthError.
    """
    from tracker import auth
    from tracker.db import service

    with session_scope(get_engine(url)) as session:
        reviewer = auth.active_reviewer(session, reviewer_id)
        review = service.add_review(session, pair_id=pair_id, verdict=verdict, reviewer=reviewer, note=note)
        entry = HistoryEntry(review.verdict, reviewer.name, review.created_at, review.note)
    clear_caches()
    return entry


#: After this many failed logins for one name within LOGIN_WINDOW seconds, that name is locked
#: for LOGIN_LOCK seconds (process-wide, so opening new browser sessions does not help).
LOGIN_FAILURES, LOGIN_WINDOW, LOGIN_LOCK = 5, 600.0, 60.0


class LoginLocked(Exception):
    """Too many failed logins for this name; try again later."""


@st.cache_resource(show_spinner=False)
def _login_failures() -> dict[str, list[float]]:
    return {}


def authenticate(name: str, password: str, url: str | None = None) -> ReviewerInfo | None:
    """The reviewer for this name and password, or None.

    Raises:
        LoginLocked: too many recent failures for this name.
    """
    import time

    from tracker import auth

    if not name or not password:
        return None
    key = " ".join(name.split()).casefold()
    failures = _login_failures()
    now = time.monotonic()
    recent = [t for t in failures.get(key, []) if now - t < LOGIN_WINDOW]
    if len(recent) >= LOGIN_FAILURES and now - recent[-1] < LOGIN_LOCK:
        raise LoginLocked(f"too many failed logins for this name: wait {LOGIN_LOCK:.0f} seconds")
    with session_scope(get_engine(url or db_url())) as session:
        reviewer = auth.authenticate(session, name, password)
        info = ReviewerInfo(reviewer.id, reviewer.name) if reviewer else None
    if info is None:
        failures[key] = [*recent, now][-LOGIN_FAILURES:]
    else:
        failures.pop(key, None)
    return info


def reviewer_by_id(reviewer_id: int, url: str | None = None) -> ReviewerInfo | None:
    from tracker import auth

    with session_scope(get_engine(url or db_url())) as session:
        reviewer = auth.active_reviewer(session, reviewer_id)
        return ReviewerInfo(reviewer.id, reviewer.name) if reviewer else None


def reviewer_from_headers(headers: Mapping[str, str], url: str | None = None) -> ReviewerInfo | None:
    from tracker import auth

    with session_scope(get_engine(url or db_url())) as session:
        reviewer = auth.reviewer_from_headers(session, headers)
        return ReviewerInfo(reviewer.id, reviewer.name) if reviewer else None


# --------------------------------------------------------------------------- commitments


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    id: int
    actor: str
    stated_by: str | None
    polarity: str
    action: str
    action_family: str | None
    target: str
    scope_place: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    window: str
    conditional: bool
    evidence: str
    language: str | None
    published: dt.date | None
    source_name: str | None
    url: str | None
    pairs: int


def _commitment_conditions(f: Filters) -> list[ColumnElement]:
    conds: list[ColumnElement] = []
    if f.actors:
        conds.append(Commitment.actor.in_(f.actors))
    if f.targets:
        conds.append(Commitment.target.in_(f.targets))
    if f.languages:
        conds.append(Document.language.in_(f.languages))
    if f.sources:
        conds.append(Document.source_id.in_(select(Source.id).where(Source.name.in_(f.sources))))
    if f.date_from:
        conds.append(or_(Commitment.valid_until.is_(None), Commitment.valid_until >= f.date_from))
    if f.date_to:
        conds.append(or_(Commitment.valid_from.is_(None), Commitment.valid_from <= f.date_to))
    if f.search:
        pattern = _like(f.search)
        conds.append(or_(Commitment.evidence.ilike(pattern, escape="\\"),
                         Commitment.actor.ilike(pattern, escape="\\"),
                         Document.title.ilike(pattern, escape="\\")))
    return conds


@st.cache_data(ttl=TTL, show_spinner=False)
def commitments_count(url: str, f: Filters) -> int:
    base = (select(Commitment.id).join(Document, Document.id == Commitment.document_id)
            .where(*_commitment_conditions(f)))
    with session_scope(get_engine(url)) as session:
        return session.scalar(select(func.count()).select_from(base.subquery())) or 0


@st.cache_data(ttl=TTL, show_spinner=False)
def commitments_page(url: str, f: Filters, offset: int, limit: int) -> list[CommitmentRow]:
    """Commitments matching the filters, newest window first, one page."""
    pair_count = (select(func.count()).where(Pair.commitment_id == Commitment.id)
                  .correlate(Commitment).scalar_subquery())
    with session_scope(get_engine(url)) as session:
        stmt = (
            select(Commitment, Document.language, Document.published, Source.name, Document.url, pair_count)
            .join(Document, Document.id == Commitment.document_id)
            .outerjoin(Source, Source.id == Document.source_id)
            .where(*_commitment_conditions(f))
            .order_by(Commitment.valid_from.desc().nulls_last(), Commitment.id.desc())
            .offset(offset).limit(limit)
        )
        rows = [
            CommitmentRow(c.id, c.actor, c.stated_by, c.polarity, c.action, c.action_family, c.target,
                          c.scope_place, c.valid_from, c.valid_until, _window_text(c), bool(c.conditional),
                          c.evidence, lang, pub, src, doc_url, n or 0)
            for c, lang, pub, src, doc_url, n in session.execute(stmt)
        ]
    return rows


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    actor: str | None
    claimed_by: str | None
    claimed_by_party: str | None
    polarity: str
    action: str
    target: str
    place: str | None
    occurred_from: dt.date | None
    occurred_to: dt.date | None
    date_precision: str
    evidence: str
    language: str | None
    source_name: str | None
    paired: bool = False
    position: str = ""  # inside | outside | overlaps | undated


def _window_bounds(c: CommitmentRow) -> tuple[dt.date, dt.date]:
    start = c.valid_from or c.published or dt.date.today()
    end = c.valid_until or max(start, dt.date.today())
    return start, end


def position_in_window(ev_from: dt.date | None, ev_to: dt.date | None,
                       w_from: dt.date | None, w_until: dt.date | None) -> str:
    """Where an event's date range falls against a commitment window (open bounds are open)."""
    if ev_from is None and ev_to is None:
        return "undated"
    lo, hi = ev_from or ev_to, ev_to or ev_from
    if (w_from and hi < w_from) or (w_until and lo > w_until):
        return "outside"
    if (w_from is None or lo >= w_from) and (w_until is None or hi <= w_until):
        return "inside"
    return "overlaps"


def _event_row(e: Event, lang: str | None, src: str | None, paired: bool, c: CommitmentRow) -> EventRow:
    return EventRow(e.id, e.actor, e.claimed_by, e.claimed_by_party, e.polarity, e.action, e.target,
                    e.place_name or e.place_raw, e.occurred_from, e.occurred_to, e.date_precision, e.evidence,
                    lang, src, paired, position_in_window(e.occurred_from, e.occurred_to, c.valid_from,
                                                          c.valid_until))


@st.cache_data(ttl=TTL, show_spinner=False)
def events_around(url: str, c: CommitmentRow, margin_days: int = 14) -> list[EventRow]:
    """Events of the commitment's actor and action family near its window, plus its paired events."""
    start, end = _window_bounds(c)
    lo, hi = start - dt.timedelta(days=margin_days), end + dt.timedelta(days=margin_days)
    paired_ids = select(Pair.event_id).where(Pair.commitment_id == c.id)
    near = and_(Event.actor == c.actor,
                Event.action_family == c.action_family if c.action_family else true(),
                Event.occurred_from >= lo, Event.occurred_from <= hi)
    stmt = (
        select(Event, Document.language, Source.name, Event.id.in_(paired_ids))
        .join(Document, Document.id == Event.document_id)
        .outerjoin(Source, Source.id == Document.source_id)
        .where(or_(near, Event.id.in_(paired_ids)))
        .order_by(Event.occurred_from.nulls_last(), Event.id)
        .limit(MAX_AROUND)
    )
    with session_scope(get_engine(url)) as session:
        return [_event_row(e, lang, src, bool(p), c) for e, lang, src, p in session.execute(stmt)]


@dataclass(frozen=True, slots=True)
class Ledger:
    """What each side alleges against the other during a commitment's window."""

    party: str
    counterparts: dict[str, tuple[list[EventRow], list[EventRow]]] = field(default_factory=dict)


@st.cache_data(ttl=TTL, show_spinner=False)
def accusation_ledger(url: str, c: CommitmentRow) -> Ledger:
    """For the commitment's actor A and each other party B: what A alleges B did, and what B
    alleges A did, in the same action family, during the window."""
    start, end = _window_bounds(c)
    a = c.actor
    cond = [
        Event.actor.is_not(None), Event.claimed_by_party.is_not(None), Event.actor != Event.claimed_by_party,
        or_(Event.actor == a, Event.claimed_by_party == a),
        func.coalesce(Event.occurred_to, Event.occurred_from) >= start, Event.occurred_from <= end,
    ]
    if c.action_family:
        cond.append(Event.action_family == c.action_family)
    stmt = (select(Event, Document.language, Source.name)
            .join(Document, Document.id == Event.document_id)
            .outerjoin(Source, Source.id == Document.source_id)
            .where(*cond).order_by(Event.occurred_from, Event.id).limit(MAX_AROUND))
    ledger = Ledger(party=a)
    with session_scope(get_engine(url)) as session:
        for e, lang, src in session.execute(stmt):
            row = _event_row(e, lang, src, False, c)
            if e.claimed_by_party == a:
                other = e.actor
                ledger.counterparts.setdefault(other, ([], []))[0].append(row)
            else:
                other = e.claimed_by_party
                ledger.counterparts.setdefault(other, ([], []))[1].append(row)
    return ledger


# --------------------------------------------------------------------------- map


@dataclass(frozen=True, slots=True)
class MapData:
    points: list[dict[str, Any]]
    truncated: bool
    unresolved: list[tuple[str, int]]
    no_place: int


def _matching_documents(f: Filters) -> Select | None:
    """Ids of documents matching the language and source filters, or None when neither is set."""
    doc_conds: list[ColumnElement] = []
    if f.languages:
        doc_conds.append(Document.language.in_(f.languages))
    if f.sources:
        doc_conds.append(Document.source_id.in_(select(Source.id).where(Source.name.in_(f.sources))))
    return select(Document.id).where(*doc_conds) if doc_conds else None


def _event_conditions(f: Filters) -> list[ColumnElement]:
    conds: list[ColumnElement] = []
    if f.actors:
        conds.append(Event.actor.in_(f.actors))
    if f.targets:
        conds.append(Event.target.in_(f.targets))
    if f.date_from:
        conds.append(func.coalesce(Event.occurred_to, Event.occurred_from) >= f.date_from)
    if f.date_to:
        conds.append(func.coalesce(Event.occurred_from, Event.occurred_to) <= f.date_to)
    docs = _matching_documents(f)
    if docs is not None:
        conds.append(Event.document_id.in_(docs))
    if f.search:
        pattern = _like(f.search)
        conds.append(or_(Event.evidence.ilike(pattern, escape="\\"), Event.place_raw.ilike(pattern, escape="\\"),
                         Event.place_name.ilike(pattern, escape="\\")))
    return conds


@st.cache_data(ttl=TTL, show_spinner=False)
def map_data(url: str, f: Filters) -> MapData:
    """Events with coordinates (newest first, capped), and unresolved place names with counts."""
    conds = _event_conditions(f)
    with session_scope(get_engine(url)) as session:
        rows = session.execute(
            select(Event.id, Event.actor, Event.action, Event.target, Event.place_name, Event.place_country,
                   Event.lat, Event.lon, Event.occurred_from)
            .where(Event.lat.is_not(None), Event.lon.is_not(None), *conds)
            .order_by(Event.occurred_from.desc().nulls_last(), Event.id.desc()).limit(MAX_MAP_POINTS + 1)
        ).all()
        unresolved = session.execute(
            select(Event.place_raw, func.count()).where(Event.place_raw.is_not(None), Event.lat.is_(None), *conds)
            .group_by(Event.place_raw).order_by(func.count().desc(), Event.place_raw).limit(200)
        ).all()
        no_place = session.scalar(
            select(func.count()).select_from(Event).where(Event.place_raw.is_(None), Event.lat.is_(None), *conds)
        ) or 0
    points = [
        {"id": r.id, "actor": r.actor or "unknown", "action": r.action, "target": r.target,
         "place": r.place_name, "country": r.place_country, "lat": r.lat, "lon": r.lon,
         "date": r.occurred_from.isoformat() if r.occurred_from else ""}
        for r in rows[:MAX_MAP_POINTS]
    ]
    return MapData(points, len(rows) > MAX_MAP_POINTS, [(p, n) for p, n in unresolved], no_place)


# --------------------------------------------------------------------------- sources and runs


@st.cache_data(ttl=TTL, show_spinner=False)
def source_counts(url: str) -> list[dict[str, Any]]:
    """Documents per source: extracted, dropped, latest publication date."""
    with session_scope(get_engine(url)) as session:
        rows = session.execute(
            select(Source.name, Source.kind, Source.language, Source.url,
                   func.count(Document.id),
                   func.sum(case((Document.status == "dropped", 1), else_=0)),
                   func.max(Document.published))
            .select_from(Source).outerjoin(Document, Document.source_id == Source.id)
            .group_by(Source.id, Source.name, Source.kind, Source.language, Source.url)
            .order_by(Source.name).limit(1000)
        ).all()
        no_source = session.execute(
            select(func.count(Document.id), func.sum(case((Document.status == "dropped", 1), else_=0)))
            .where(Document.source_id.is_(None))
        ).one()
    out = [{"source": n, "kind": k, "language": lang, "url": u, "documents": d or 0, "dropped": int(dr or 0),
            "latest": latest} for n, k, lang, u, d, dr, latest in rows]
    if no_source[0]:
        out.append({"source": "(no source)", "kind": "", "language": None, "url": None,
                    "documents": no_source[0], "dropped": int(no_source[1] or 0), "latest": None})
    return out


@st.cache_data(ttl=TTL, show_spinner=False)
def totals(url: str) -> dict[str, int]:
    with session_scope(get_engine(url)) as session:
        return {
            "documents": session.scalar(select(func.count(Document.id))) or 0,
            "dropped": session.scalar(select(func.count(Document.id)).where(Document.status == "dropped")) or 0,
            "commitments": session.scalar(select(func.count(Commitment.id))) or 0,
            "events": session.scalar(select(func.count(Event.id))) or 0,
            "pairs": session.scalar(select(func.count(Pair.id))) or 0,
            "reviews": session.scalar(select(func.count(Review.id))) or 0,
        }


@st.cache_data(ttl=TTL, show_spinner=False)
def ingest_runs(url: str, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """(number of runs, one page of runs, newest first); runs whose worker died show as abandoned."""
    from tracker.ingest.runs import mark_abandoned

    mark_abandoned(get_engine(url))
    with session_scope(get_engine(url)) as session:
        total = session.scalar(select(func.count(IngestRun.id))) or 0
        runs = session.scalars(select(IngestRun).order_by(IngestRun.id.desc()).offset(offset).limit(limit)).all()
        out = [{"id": r.id, "started": r.started_at, "finished": r.finished_at, "status": r.status,
                "worker": r.worker, "counts": dict(r.counts or {}), "errors": list(r.errors or []),
                "requested": dict(r.requested or {})} for r in runs]
    return total, out


@st.cache_data(ttl=TTL, show_spinner=False)
def dropped_documents(url: str, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
    with session_scope(get_engine(url)) as session:
        total = session.scalar(select(func.count(Document.id)).where(Document.status == "dropped")) or 0
        rows = session.execute(
            select(Document.id, Document.fetched_at, Document.drop_reason, Document.title, Document.url,
                   Document.origin, Document.language, Source.name, Document.ingest_run_id)
            .outerjoin(Source, Source.id == Document.source_id)
            .where(Document.status == "dropped").order_by(Document.id.desc()).offset(offset).limit(limit)
        ).all()
    return total, [{"id": r[0], "fetched": r[1], "reason": r[2], "title": r[3], "url": r[4], "origin": r[5],
                    "language": r[6], "source": r[7], "run": r[8]} for r in rows]


__all__ = [
    "CommitmentRow", "EventRow", "commitments_count", "Filters", "HistoryEntry", "Ledger", "MapData", "PairView", "QueuePage",
    "ReviewerInfo", "Side", "accusation_ledger", "authenticate", "clear_caches", "commitments_page", "db_url",
    "dropped_documents", "events_around", "filter_options", "get_engine", "ingest_runs", "load_pairs",
    "map_data", "pair_view", "position_in_window", "QueueCounts", "queue_counts", "queue_page",
    "SEARCH_COUNT_CAP", "record_verdict",
    "reviewer_by_id", "reviewer_from_headers", "source_counts", "totals",
]


# --------------------------------------------------------------------------- intake


def intake_available() -> bool:
    """True when the ingestion pipeline is importable (it lands separately from the dashboard)."""
    try:
        from tracker.ingest import pipeline  # noqa: F401
    except ImportError:
        return False
    return True


def intake(items: Sequence[tuple[str, bytes]], *, source: str | None, published: dt.date | None,
           reviewer_id: int | None, url: str | None = None) -> dict[str, Any]:
    """Ingest pasted texts and uploaded files with ``tracker.ingest.pipeline.ingest``.

    Items are written to a private temporary folder under their (sanitised) names and ingested
    like files given to ``tracker ingest``. Only an active reviewer may add documents.

    Raises:
        AuthError: no active reviewer.
    """
    import re
    import tempfile
    from pathlib import Path

    from tracker.errors import AuthError
    from tracker.ingest.pipeline import Ingestor

    engine = get_engine(url or db_url())
    with session_scope(engine) as session:
        from tracker import auth

        reviewer = auth.active_reviewer(session, reviewer_id)
        if reviewer is None:
            raise AuthError("only an authenticated, active reviewer can add documents")
        who = reviewer.name
    with tempfile.TemporaryDirectory(prefix="tracker-intake-") as tmp:
        paths = []
        for i, (name, blob) in enumerate(items):
            safe = re.sub(r"[^\w.\-]+", "_", Path(name).name)[:100].lstrip(".") or "upload.txt"
            path = Path(tmp) / f"{i:02d}-{safe}"
            path.write_bytes(blob)
            paths.append(str(path))
        requested = {"intake": [name for name, _ in items], "reviewer": who, "source": source,
                     "via": "dashboard"}
        summary = Ingestor(engine, source=source, published=published).run(paths, requested=requested)
    result = summary.to_json()
    result["reviewer"] = who
    clear_caches()
    return result


# --------------------------------------------------------------------------- exports


def _export_options(org: str, base: str):  # noqa: ANN202
    from tracker.export import ExportOptions

    return ExportOptions(org_name=(org or "tracker").strip(), base_url=(base or "").strip() or ExportOptions.base_url)


def export_claimreview(url: str, org: str = "tracker", base: str = "") -> str:
    from tracker.export import claimreview_text

    with session_scope(get_engine(url)) as session:
        return claimreview_text(session, _export_options(org, base))


def export_csv(url: str) -> str:
    from tracker.export import csv_text

    with session_scope(get_engine(url)) as session:
        return csv_text(session)


@st.cache_data(ttl=TTL, show_spinner=False)
def claimreview_preview(url: str, org: str, base: str, n: int = 3) -> list[dict[str, Any]]:
    from itertools import islice

    from tracker.export import iter_claimreviews

    with session_scope(get_engine(url)) as session:
        return list(islice(iter_claimreviews(session, _export_options(org, base)), n))
