"""The review queue's capped count for a text search, on real SQLite and PostgreSQL (no mocks).

A text search counts at most ``cap + 1`` matching pairs; the queue then says "N+", pages up to the
cap in the usual order (unreviewed by score first, then reviewed by score) and serves nothing past
it. Counts without a text search stay exact, and exports are never capped. Small caps are passed
in (or set on ``data.SEARCH_COUNT_CAP`` for the pages) so the data stays small; every page is
checked against an order computed in Python.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import data, ui  # noqa: E402
from tracker.db import get_engine, session_scope  # noqa: E402
from tracker.db.models import Commitment, Document, Event, Pair, Review, Reviewer  # noqa: E402

N = 60
WORD = "convoy"  # in most pairs: a "common word"
VERDICTS = ("confirmed", "rejected", "needs-evidence")


def _seed(url: str) -> None:
    """N pairs; WORD in the event of most (in the commitment or the title of a few more); scores
    with ties; about a third reviewed (some twice, the latest verdict counts); a few inactive."""
    rng = random.Random(5)
    with session_scope(get_engine(url)) as s:
        r1, r2 = Reviewer(name="capped-1"), Reviewer(name="capped-2")
        s.add_all([r1, r2])
        for i in range(N):
            title = f"Report {i}" + (" on the Convoy" if i % 11 == 5 else "")
            c_ev = f"side A would not attack the CONVOY {i}" if i % 13 == 7 else f"side A would hold fire {i}"
            e_ev = f"shelling hit a {'convoy' if i % 4 else 'market'} near town {i}"
            doc = Document(body=f"{c_ev}. {e_ev}.", content_hash=f"capped-{i:03d}", title=title,
                           published=dt.date(2025, 5, 1), language="en")
            s.add(doc)
            s.flush()
            c = Commitment(document_id=doc.id, local_id="c1", actor="Side A", polarity="refrain",
                           action="strike", action_family="military", target="civilians", evidence=c_ev,
                           start=0, end=len(c_ev))
            e = Event(document_id=doc.id, local_id="e1", actor="Side A", action="strike",
                      action_family="military", target="civilians", evidence=e_ev, start=len(c_ev) + 2,
                      end=len(c_ev) + 2 + len(e_ev), occurred_from=dt.date(2025, 5, 2),
                      occurred_to=dt.date(2025, 5, 2))
            s.add_all([c, e])
            s.flush()
            pair = Pair(commitment_id=c.id, event_id=e.id, score=round(rng.choice((0.5, 0.6, rng.random())), 3),
                        reasons=[], flags=[], pairing_version="t", active=i % 17 != 3)
            s.add(pair)
            s.flush()
            if i % 3 == 0:
                s.add(Review(pair_id=pair.id, verdict=VERDICTS[i % 9 // 3], reviewer_id=r1.id))
                if i % 6 == 0:
                    s.flush()
                    s.add(Review(pair_id=pair.id, verdict=VERDICTS[(i // 6) % 3], reviewer_id=r2.id))


def _reference(url: str, f: data.Filters) -> list[int]:
    """The queue order computed in Python: matching pairs, unreviewed by (score, id) descending,
    then reviewed ones the same way; statuses by the latest verdict."""
    needle = f.search.lower()
    with session_scope(get_engine(url)) as s:
        rows = s.execute(
            select(Pair.id, Pair.score, Pair.active, Commitment.evidence, Commitment.actor, Event.evidence,
                   Event.actor, Event.place_name, Event.place_raw, Document.title)
            .join(Commitment, Commitment.id == Pair.commitment_id).join(Event, Event.id == Pair.event_id)
            .join(Document, Document.id == Commitment.document_id)).all()
        latest: dict[int, str] = {}
        for pair_id, verdict in s.execute(select(Review.pair_id, Review.verdict).order_by(Review.id)):
            latest[pair_id] = verdict
    unreviewed, reviewed = [], []
    for pid, score, active, *fields in rows:
        if not (active or f.include_inactive) or not any(needle in x.lower() for x in fields if x):
            continue
        status = latest.get(pid, "unreviewed")
        if f.statuses and status not in f.statuses:
            continue
        (reviewed if pid in latest else unreviewed).append((score, pid))
    return [pid for _, pid in sorted(unreviewed, reverse=True)] + [pid for _, pid in sorted(reviewed, reverse=True)]


def _page_through(url: str, f: data.Filters, cap: int | None, size: int) -> tuple[data.QueueCounts, list[int]]:
    """Every page the pager offers (as many as ``counts.total`` allows), concatenated."""
    counts = data.queue_counts.__wrapped__(url, f, cap)
    ids: list[int] = []
    with session_scope(get_engine(url)) as s:
        for offset in range(0, counts.total, size):
            ids += data.queue_ids(s, f, offset, size, counts)
        # nothing is served past the cap (a stale page number, a crafted offset)
        assert data.queue_ids(s, f, counts.total, size, counts) == [] or not counts.capped
    return counts, ids


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeded database of each kind, once per module (the tests only read it)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tracker.db import upgrade
    from tracker.db.engine import dispose_engine

    admin = schema = None
    if request.param == "sqlite":
        db = f"sqlite:///{tmp_path_factory.mktemp('capped') / 'tracker.db'}"
    else:
        base = os.environ.get("TRACKER_TEST_DATABASE_URL")
        if not base:
            pytest.skip("PostgreSQL: TRACKER_TEST_DATABASE_URL is not set")
        pg = make_url(base).set(drivername="postgresql+psycopg")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(pg)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        db = pg.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    upgrade(db)
    _seed(db)
    data.clear_caches()
    yield db
    dispose_engine(db)
    if admin is not None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["index", "pair by pair"])
def strategy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a search is run: indexed lookups (a rare word) and pair by pair (a common word)."""
    if request.param == "pair by pair":
        monkeypatch.setattr(data, "_PAIR_FIRST_MIN", 0)
        monkeypatch.setattr(data, "_PAIR_FIRST_SHARE", 0.0)
    data._strategies.clear()  # noqa: SLF001
    return request.param


@pytest.fixture
def pair_by_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    """Searches run as for a common word (the ones whose count is capped), whatever the data size."""
    monkeypatch.setattr(data, "_PAIR_FIRST_MIN", 0)
    monkeypatch.setattr(data, "_PAIR_FIRST_SHARE", 0.0)
    data._strategies.clear()  # noqa: SLF001


def test_seed_has_what_the_cases_need(url: str) -> None:
    ref = _reference(url, data.Filters(search=WORD))
    n_unreviewed = len(_reference(url, data.Filters(search=WORD, statuses=("unreviewed",))))
    assert 25 <= n_unreviewed < len(ref) - 8
    with session_scope(get_engine(url)) as s:
        scores = [p.score for p in s.scalars(select(Pair).where(Pair.id.in_(ref)))]
    assert len(set(scores)) < len(scores)  # ties: the id breaks them


@pytest.mark.parametrize("cap", [5, 12, 30, 34, 1000, None])
def test_paging_within_the_cap_gives_the_queue_order(url: str, strategy: str, cap: int | None) -> None:
    f = data.Filters(search=WORD)
    ref = _reference(url, f)
    n_unreviewed = len(_reference(url, data.Filters(search=WORD, statuses=("unreviewed",))))
    for size in (3, 4, 10):
        counts, ids = _page_through(url, f, cap, size)
        if cap is None or cap >= len(ref) or strategy == "index":  # exact (an indexed search always)
            assert (counts.unreviewed, counts.reviewed, counts.capped) == (
                n_unreviewed, len(ref) - n_unreviewed, False)
            assert ids == ref
            continue
        assert counts.capped and counts.total == cap and sum(counts) == cap + 1
        # the split queue_ids relies on: unreviewed is exact up to the cap, else cap + 1
        assert counts.unreviewed == min(n_unreviewed, cap + 1)
        assert ids == ref[:cap], size  # with pages straddling unreviewed -> reviewed (cap 30, 34)


@pytest.mark.parametrize("statuses", [("confirmed",), ("unreviewed",), ("unreviewed", "rejected"),
                                      ("rejected", "needs-evidence")])
def test_capped_search_with_status_and_other_filters(url: str, strategy: str, statuses: tuple[str, ...]) -> None:
    for cap in (4, 25, None):
        for f in (data.Filters(search=WORD, statuses=statuses),
                  data.Filters(search=WORD, statuses=statuses, include_inactive=True),
                  data.Filters(search="CONVOY", statuses=statuses, actors=("Side A",))):
            ref = _reference(url, f)
            counts, ids = _page_through(url, f, cap, 4)
            assert ids == ref[:counts.total], (cap, f)
            capped = cap is not None and len(ref) > cap and strategy == "pair by pair"
            assert counts.capped == capped
            assert counts.total == (cap if capped else len(ref))


def test_counts_without_a_text_search_stay_exact(url: str) -> None:
    """Even with a tiny cap: the cap applies to a text search only."""
    for f in (data.Filters(), data.Filters(actors=("Side A",)), data.Filters(statuses=("confirmed",)),
              data.Filters(statuses=("unreviewed", "rejected")), data.Filters(date_from=dt.date(2025, 5, 1))):
        counts = data.queue_counts.__wrapped__(url, f, 3)
        ref = _reference(url, data.Filters(statuses=f.statuses))  # every pair has this actor and date
        assert counts.cap is None and not counts.capped
        assert sum(counts) == counts.total == len(ref) > 3


def test_a_rare_word_is_counted_exactly(url: str, strategy: str) -> None:
    f = data.Filters(search="market near town 4")  # pairs 4, 40..48 (every 4th has "market")
    ref = _reference(url, f)
    assert 1 <= len(ref) < 5
    counts, ids = _page_through(url, f, 5, 2)
    assert not counts.capped and sum(counts) == len(ref) and ids == ref


def test_queue_page_reports_the_cap(url: str, pair_by_pair: None) -> None:
    f = data.Filters(search=WORD)
    ref = _reference(url, f)
    page = data.queue_page.__wrapped__(url, f, 6, 4, 8)
    assert page.capped and page.total == 8
    assert [p.id for p in page.pairs] == ref[6:8]  # the last page stops at the cap
    assert data.queue_page.__wrapped__(url, f, 8, 4, 8).pairs == ()
    exact = data.queue_page.__wrapped__(url, f, 0, 4, None)
    assert not exact.capped and exact.total == len(ref)


def test_counts_survive_the_cache(url: str, pair_by_pair: None) -> None:
    """st.cache_data pickles results: the cap must come back with the numbers."""
    import pickle

    data.clear_caches()
    counts = data.QueueCounts(11, 0, 10)
    back = pickle.loads(pickle.dumps(counts))
    assert back == (11, 0) and back.cap == 10 and back.capped and back.total == 10
    assert data.queue_counts(url, data.Filters(search=WORD), 5).capped
    cached = data.queue_counts(url, data.Filters(search=WORD), 5)
    assert cached.capped and cached.total == 5 and cached.cap == 5


def test_pager_and_queue_captions() -> None:
    assert ui.pager_caption(1234, 2, 50) == "1,234 in all · page 2 of 50"
    assert ui.pager_caption(1000, 3, 40, capped=True) == (
        "1,000+ match · page 3 of 40 · the count stops at 1,000: narrow the search to page past 1,000")
    assert ui.queue_caption(data.QueueCounts(900, 35)) == "900 unreviewed · 35 reviewed (matching the filters)"
    assert ui.queue_caption(data.QueueCounts(1001, 0, 1000)) == (
        "1,000+ pairs match the search (more than 1,000 of them unreviewed). The queue shows the first "
        "1,000; narrow the search to page past 1,000.")
    assert ui.queue_caption(data.QueueCounts(400, 601, 1000)) == (
        "1,000+ pairs match the search (400 unreviewed, the rest reviewed). The queue shows the first "
        "1,000; narrow the search to page past 1,000.")
    assert ui.queue_caption(data.QueueCounts(400, 600, 1000)) == "400 unreviewed · 600 reviewed (matching the filters)"


def _headers(at: AppTest) -> list[int]:
    return [int(h.value.split("Pair ")[1].split("<")[0]) for h in at.html if h.value.startswith("<div><b>Pair ")]


def test_queue_page_shows_the_capped_count_and_pages_to_the_cap(url: str, pair_by_pair: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    monkeypatch.delenv("TRACKER_AUTH_HEADER", raising=False)
    monkeypatch.setattr(data, "SEARCH_COUNT_CAP", 25)
    data.clear_caches()
    ref = _reference(url, data.Filters(search=WORD))
    at = AppTest.from_file(str(ROOT / "dashboard" / "pages" / "queue.py"), default_timeout=120).run()
    assert not at.exception  # unfiltered: the exact number
    n_active = len(_reference(url, data.Filters()))
    assert f"{n_active:,} in all · page 1 of {-(-n_active // 10)}" in [c.value for c in at.caption]
    at.text_input(key="q-search").input(WORD)
    at = at.run()
    body = "\n".join(h.value for h in at.html)
    assert "25+ pairs match the search" in body and "narrow the search to page past 25" in body
    captions = [c.value for c in at.caption]
    assert "25+ match · page 1 of 3 · the count stops at 25: narrow the search to page past 25" in captions
    assert at.number_input(key="queue-page").max == 3
    assert _headers(at) == ref[:10]
    at.number_input(key="queue-page").set_value(3)
    at = at.run()
    assert not at.exception
    assert _headers(at) == ref[20:25]
    # a rare word: exact count, no notice
    at.text_input(key="q-search").input("market near town 4")
    at = at.run()
    assert "narrow the search" not in "\n".join(h.value for h in at.html)
    assert _headers(at) == _reference(url, data.Filters(search="market near town 4"))


def test_export_is_never_capped(url: str, pair_by_pair: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export files hold every pair (and every confirmed one) however small the search cap is."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    monkeypatch.delenv("TRACKER_AUTH_HEADER", raising=False)
    monkeypatch.setattr(data, "SEARCH_COUNT_CAP", 2)
    data.clear_caches()
    assert data.queue_counts(url, data.Filters(search=WORD), data.SEARCH_COUNT_CAP).capped
    with session_scope(get_engine(url)) as s:
        n_pairs = s.scalar(select(Pair.id).order_by(Pair.id.desc()).limit(1))
    confirmed = _reference(url, data.Filters(statuses=("confirmed",), include_inactive=True))
    confirmed_active = _reference(url, data.Filters(statuses=("confirmed",)))
    assert len(confirmed_active) > 2
    rows = list(csv.DictReader(io.StringIO(data.export_csv(url))))
    assert len(rows) == N == n_pairs
    claims = json.loads(data.export_claimreview(url))  # active pairs only, by default
    assert len(claims) == len(confirmed_active) < len(confirmed)
    at = AppTest.from_file(str(ROOT / "dashboard" / "pages" / "export.py"), default_timeout=120).run()
    assert not at.exception
    assert f"{len(confirmed_active):,} confirmed contradictions" in [t.value for t in at.text]
