"""The queue at 100,000 pairs: right order, paginated in SQL, walking the score index.
Timings belong to the benchmarks (tracker bench); this checks behaviour and query plans only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import data  # noqa: E402
from dashboard_seed import seed_bulk  # noqa: E402
from tracker.db import get_engine, session_scope  # noqa: E402
from tracker.db.models import Pair, Review  # noqa: E402

N = 100_000


@pytest.fixture(scope="module")
def big_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tracker.db import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('big') / 'tracker.db'}"
    upgrade(url)
    seed_bulk(url, N)
    return url


@pytest.mark.slow
def test_queue_at_100k_pairs_orders_and_paginates(big_url: str) -> None:
    data.clear_caches()
    f = data.Filters()
    unreviewed, reviewed = data.queue_counts(big_url, f)
    assert (unreviewed, reviewed) == (N - N // 5, N // 5)
    first = data.queue_page(big_url, f, 0, 10)
    assert [p.status for p in first.pairs] == ["unreviewed"] * 10
    scores = [p.score for p in first.pairs]
    assert scores == sorted(scores, reverse=True)
    with session_scope(get_engine(big_url)) as session:
        best = session.scalar(select(func.max(Pair.score)).where(~Pair.id.in_(select(Review.pair_id))))
    assert scores[0] == best
    # the page straddling the unreviewed/reviewed boundary
    edge = data.queue_page(big_url, f, unreviewed - 5, 10)
    assert [p.status == "unreviewed" for p in edge.pairs] == [True] * 5 + [False] * 5
    last = data.queue_page(big_url, f, N - 3, 10)
    assert len(last.pairs) == 3 and all(p.status != "unreviewed" for p in last.pairs)
    confirmed = data.queue_page(big_url, data.Filters(statuses=("confirmed",)), 0, 10)
    assert {p.status for p in confirmed.pairs} == {"confirmed"}


@pytest.mark.slow
def test_queue_first_page_walks_the_score_index(big_url: str) -> None:
    engine = get_engine(big_url)
    with session_scope(engine) as session:
        stmt = (data._pair_base(data.Filters()).where(~data._reviewed())  # noqa: SLF001
                .order_by(Pair.score.desc(), Pair.id.desc()).limit(10))
        sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(str(row[-1]) for row in session.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "USING INDEX ix_pairs_score" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # no sort of the whole table
    assert "ix_reviews_pair_id_id" in plan, plan
