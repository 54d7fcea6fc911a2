"""The review queue's actor and text filters, on real SQLite (FTS5 trigram) and PostgreSQL (pg_trgm).

The same rows go into both databases; every search must find exactly the pairs that a plain
case-insensitive substring test in Python finds, in all four scripts, with hostile input taken
literally. Plans are checked for the index each filter is meant to use (never timings).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import aliased

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import data  # noqa: E402
from tracker.db import get_engine, session_scope  # noqa: E402
from tracker.db.models import Commitment, Document, Event, Pair  # noqa: E402

# Made-up texts for these tests: (title, commitment evidence, commitment actor, event evidence,
# event actor, event place).
ROWS = [
    ("Ceasefire Talks In Geneva", "Russia would HALT strikes on the Power Grid for 30 days", "Russia",
     "a drone hit a power substation near Sloviansk", "Russia", "Sloviansk"),
    ("Перемирие: ПУТИН и энергетика", "Путин согласился приостановить удары по энергетике", "Россия",
     "Дроны атаковали НЕФТЕБАЗУ в Армавире", "Украина", "Армавир"),
    ("Україна погодилася на паузу", "Україна погодилася не атакувати НПЗ (50% потужності)", "Україна",
     "Їжак: удар по Запоріжжю о 03:00", "Росія", "Запоріжжя"),
    ("هدنة الطاقة", "روسيا ستوقف الضربات على منشآت الطاقة", "روسيا",
     "صاروخ أصاب محطة كهرباء في خاركيف", "روسيا", "خاركيف"),
    ("Tariffs_2025 100% off", "the US will not impose tariffs (100%_off) on 'steel' \"quoted\"", "United States",
     r"tariffs raised to 25\% on C:\steel imports", "United States", "Washington"),
    ("O'Brien's report", "Israel will pause strikes in Gaza", "Israel",
     "air strike hit a school in Gaza City", "Israel", None),
]

TERMS = [
    "power", "POWER", "Power Grid", "sloviansk", "geneva",  # Latin, any case
    "путин", "ПУТИН", "нефтебазу", "армавир", "энерг",  # Russian, any case
    "україна", "ЇЖАК", "їжак", "запоріжж", "потужності",  # Ukrainian letters і ї є
    "الطاقة", "خاركيف", "روسيا", "كهرباء",  # Arabic
    "%", "_", "50%", "100%_off", "%_", "_%", "'", "''", "O'Brien", '"quoted"', '"', "\\", "25\\%", "C:\\steel",
    "a%b", "[", "*", "{evidence}", "NEAR", "OR", "-", ":",  # LIKE wildcards, quotes, FTS syntax
    "ga", "Їж", "ي", "x",  # shorter than a trigram
    "no such text anywhere", "Gaza City school",
]


def _seed(url: str) -> None:
    engine = get_engine(url)
    with session_scope(engine) as s:
        for i, (title, c_ev, c_actor, e_ev, e_actor, place) in enumerate(ROWS):
            doc = Document(body=f"{c_ev} {e_ev}", content_hash=f"search-{i:03d}", title=title,
                           published=dt.date(2025, 3, 1 + i), language=("en", "ru", "uk", "ar", "en", "en")[i])
            s.add(doc)
            s.flush()
            c = Commitment(document_id=doc.id, local_id="c1", actor=c_actor, polarity="refrain", action="strike",
                           action_family="military", target="energy", evidence=c_ev, start=0, end=len(c_ev))
            e = Event(document_id=doc.id, local_id="e1", actor=e_actor, action="strike", action_family="military",
                      target="energy", evidence=e_ev, start=0, end=len(e_ev), place_raw=place, place_name=place,
                      occurred_from=dt.date(2025, 3, 2 + i), occurred_to=dt.date(2025, 3, 2 + i))
            s.add_all([c, e])
            s.flush()
            s.add(Pair(commitment_id=c.id, event_id=e.id, score=0.5 + i / 100, reasons=[], flags=[],
                       pairing_version="t", active=True))
        # cross pairs (commitment of row i with event of row i+1), one of them inactive
        s.flush()
        cs = s.scalars(select(Commitment).order_by(Commitment.id)).all()
        es = s.scalars(select(Event).order_by(Event.id)).all()
        for i in range(len(cs) - 1):
            s.add(Pair(commitment_id=cs[i].id, event_id=es[i + 1].id, score=0.2 + i / 100, reasons=[], flags=[],
                       pairing_version="t", active=i != 2))


def _expected(url: str, q: str, *, include_inactive: bool = False) -> set[int]:
    """Pairs where q is a substring, ignoring case, of any searched field (computed in Python)."""
    needle = q.lower()
    out = set()
    edoc = aliased(Document)
    with session_scope(get_engine(url)) as s:
        rows = s.execute(
            select(Pair.id, Pair.active, Commitment.evidence, Commitment.actor, Event.evidence, Event.actor,
                   Event.place_name, Event.place_raw, Document.title,
                   edoc.title)
            .join(Commitment, Commitment.id == Pair.commitment_id).join(Event, Event.id == Pair.event_id)
            .join(Document, Document.id == Commitment.document_id).join(edoc, edoc.id == Event.document_id)).all()
    for pid, active, *fields in rows:
        if (active or include_inactive) and any(needle in f.lower() for f in fields if f):
            out.add(pid)
    return out


def _queue_ids(url: str, f: data.Filters) -> set[int]:
    counts = data.queue_counts.__wrapped__(url, f)
    with session_scope(get_engine(url)) as s:
        ids = data.queue_ids(s, f, 0, 1000, counts)
    assert len(ids) == sum(counts)
    return set(ids)


@pytest.fixture
def seeded(db_url: str) -> str:
    _seed(db_url)
    return db_url


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The same rows in SQLite and (when TRACKER_TEST_DATABASE_URL is set) PostgreSQL."""
    import os
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from tracker.db import upgrade
    from tracker.db.engine import dispose_engine

    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('search') / 'tracker.db'}"}
    base = os.environ.get("TRACKER_TEST_DATABASE_URL")
    schema = admin = None
    if base:
        pg = make_url(base).set(drivername="postgresql+psycopg")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(pg)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        urls["postgres"] = pg.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    for url in urls.values():
        upgrade(url)
        _seed(url)
    yield urls
    if admin is not None:
        dispose_engine(urls["postgres"])
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.parametrize("strategy", ["index", "pair by pair"])
@pytest.mark.parametrize("q", TERMS)
def test_search_finds_the_same_pairs_as_a_substring_test_on_both_databases(
        both: dict[str, str], q: str, strategy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if strategy == "pair by pair":  # as for a common word: every source is checked pair by pair
        monkeypatch.setattr(data, "_PAIR_FIRST_MIN", 0)
        monkeypatch.setattr(data, "_PAIR_FIRST_SHARE", 0.0)
    found = {}
    for kind, url in both.items():
        expected = _expected(url, q)
        got = _queue_ids(url, data.Filters(search=q))
        assert got == expected, (kind, q)
        # ids are assigned in the same order in both databases: compare them directly
        found[kind] = got
    if "postgres" in both:
        assert found["sqlite"] == found["postgres"], q
    else:
        pytest.skip("PostgreSQL: TRACKER_TEST_DATABASE_URL is not set (SQLite checked)")


def test_search_terms_cover_every_script_and_hit(both: dict[str, str]) -> None:
    url = both["sqlite"]
    for q in ("power", "ПУТИН", "їжак", "الطاقة", "100%_off", "O'Brien", "C:\\steel", "Їж", "ي"):
        assert _expected(url, q), q  # the parametrized test above is not vacuous
    assert not _expected(url, "_%") and not _expected(url, "a%b")  # wildcards are literal


def test_search_with_inactive_and_combined_filters(both: dict[str, str]) -> None:
    for url in both.values():
        with_inactive = _queue_ids(url, data.Filters(search="Україна", include_inactive=True))
        assert with_inactive == _expected(url, "Україна", include_inactive=True)
        assert _queue_ids(url, data.Filters(search="Україна")) < with_inactive
        # search AND actor AND dates
        f = data.Filters(search="strike", actors=("Israel",), date_from=dt.date(2025, 3, 1))
        assert _queue_ids(url, f) == _expected(url, "strike") & _actor_pairs(url, "Israel")


def _actor_pairs(url: str, actor: str) -> set[int]:
    with session_scope(get_engine(url)) as s:
        return set(s.scalars(select(Pair.id).join(Commitment, Commitment.id == Pair.commitment_id)
                             .join(Event, Event.id == Pair.event_id)
                             .where(Pair.active.is_(True), (Commitment.actor == actor) | (Event.actor == actor))))


@pytest.mark.parametrize("actors", [("Russia",), ("روسيا",), ("Україна", "Росія"), ("United States",), ("nobody",)])
def test_actor_filter_matches_either_side(both: dict[str, str], actors: tuple[str, ...]) -> None:
    for url in both.values():
        expected = set().union(*(_actor_pairs(url, a) for a in actors))
        assert _queue_ids(url, data.Filters(actors=actors)) == expected
        counts = data.queue_counts.__wrapped__(url, data.Filters(actors=actors))
        assert sum(counts) == len(expected)


def test_search_index_follows_inserts_updates_and_deletes(seeded: str) -> None:
    url = seeded
    assert _queue_ids(url, data.Filters(search="чебурашка")) == set()
    with session_scope(get_engine(url)) as s:
        ev = s.scalars(select(Event).where(Event.evidence.like("%Армавир%"))).one()
        s.execute(update(Event).where(Event.id == ev.id).values(evidence="ЧЕБУРАШКА атаковал нефтебазу"))
    assert _queue_ids(url, data.Filters(search="чебурашка")) == _expected(url, "чебурашка") != set()
    assert _queue_ids(url, data.Filters(search="Армавире")) == _expected(url, "Армавире") == set()
    with session_scope(get_engine(url)) as s:
        doc = s.scalars(select(Document).where(Document.title == "Ceasefire Talks In Geneva")).one()
        s.execute(update(Document).where(Document.id == doc.id).values(title="Renamed"))
    assert _queue_ids(url, data.Filters(search="geneva")) == set()
    assert _queue_ids(url, data.Filters(search="renamed")) == _expected(url, "renamed") != set()
    with session_scope(get_engine(url)) as s:
        s.execute(delete(Pair))
        s.execute(delete(Document))  # commitments and events go by cascade
    with session_scope(get_engine(url)) as s:
        _seed(url)
    assert _queue_ids(url, data.Filters(search="чебурашка")) == set()
    assert _queue_ids(url, data.Filters(search="Армавире")) == _expected(url, "Армавире") != set()


def _plan(session, stmt, *, bitmap_only: bool = False) -> str:  # noqa: ANN001
    """The query plan; on PostgreSQL with sequential scans off (a few test rows would not need an
    index) and, with ``bitmap_only``, plain index scans too (so that a text condition can only be
    served by a bitmap scan of the index meant for it)."""
    engine = session.get_bind()
    sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
    if engine.dialect.name == "sqlite":
        return " | ".join(str(r[-1]) for r in session.execute(text("EXPLAIN QUERY PLAN " + sql)))
    session.execute(text("SET LOCAL enable_seqscan = off"))
    session.execute(text(f"SET LOCAL enable_indexscan = {'off' if bitmap_only else 'on'}"))
    return " | ".join(r[0] for r in session.execute(text("EXPLAIN " + sql)))


def test_search_and_actor_filters_use_indexes(seeded: str) -> None:
    engine = get_engine(seeded)
    with session_scope(engine) as s:
        search = _plan(s, data._pair_base(data.Filters(search="нефтебазу"), s), bitmap_only=True)  # noqa: SLF001
        actor = _plan(s, data._pair_base(data.Filters(actors=("Russia",)), s))  # noqa: SLF001
    if engine.dialect.name == "sqlite":
        for fts in ("commitments_fts", "events_fts", "documents_fts"):
            assert f"{fts} VIRTUAL TABLE INDEX" in search, search
    else:
        for index in ("ix_trgm_commitments_text", "ix_trgm_events_text", "ix_trgm_documents_title"):
            assert index in search, search
    assert "ix_commitments_actor_family_from" in actor and "ix_events_actor_family_from" in actor, actor


def test_search_without_the_text_indexes_still_works(seeded: str) -> None:
    """Where migration 0002 could not build them (no pg_trgm, no FTS5), search scans."""
    engine = get_engine(seeded)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for index in ("ix_trgm_commitments_text", "ix_trgm_events_text", "ix_trgm_documents_title"):
                conn.execute(text(f"DROP INDEX {index}"))
        else:
            for fts in ("commitments_fts", "events_fts", "documents_fts"):
                for suffix in ("ai", "ad", "au"):
                    conn.execute(text(f"DROP TRIGGER {fts}_{suffix}"))
                conn.execute(text(f"DROP TABLE {fts}"))
    data._fts_tables.clear()  # noqa: SLF001
    try:
        for q in ("ПУТИН", "їжак", "الطاقة", "100%_off", "power"):
            assert _queue_ids(seeded, data.Filters(search=q)) == _expected(seeded, q) != set()
    finally:
        data._fts_tables.clear()  # noqa: SLF001


@pytest.mark.postgres
def test_migration_goes_on_when_pg_trgm_cannot_be_created(pg_schema_url: str, monkeypatch) -> None:  # noqa: ANN001
    """A failed CREATE EXTENSION rolls back to its savepoint: no trigram indexes, a working schema."""
    spec = importlib.util.spec_from_file_location(
        "m0002", ROOT / "migrations" / "versions" / "0002_text_search_indexes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    engine = get_engine(pg_schema_url)
    with engine.begin() as conn:
        monkeypatch.setattr(mod, "_trgm_schema", lambda bind: None)
        monkeypatch.setattr(mod, "TRGM_EXTENSION", "tracker_no_such_extension")
        assert mod._ensure_trgm(conn) is None  # noqa: SLF001
        assert conn.execute(text("SELECT 1")).scalar() == 1  # the transaction is still usable


def test_date_and_search_filters_combined(both: dict[str, str]) -> None:
    """A date filter joins only the event; a common-word search joins both sides (no cross join)."""
    for url in both.values():
        with session_scope(get_engine(url)) as s:
            dated = set(s.scalars(select(Pair.id).join(Event, Event.id == Pair.event_id).where(
                Pair.active.is_(True), Event.occurred_from >= dt.date(2025, 3, 4))))
        f = data.Filters(date_from=dt.date(2025, 3, 4))
        assert _queue_ids(url, f) == dated
        assert _queue_ids(url, data.Filters(date_from=dt.date(2025, 3, 4), search="a")) == dated & _expected(url, "a")
