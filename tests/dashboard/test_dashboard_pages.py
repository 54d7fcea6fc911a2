"""Every dashboard page under streamlit's AppTest, on a seeded SQLite database (no mocks of the DB)."""

from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import data, ui  # noqa: E402
from dashboard_seed import XSS, seed  # noqa: E402
from tracker import auth  # noqa: E402
from tracker.db import get_engine, session_scope  # noqa: E402
from tracker.db.models import IngestRun, Review, Reviewer  # noqa: E402
from tracker.errors import AuthError  # noqa: E402

PAGES = ROOT / "dashboard" / "pages"
PASSWORD = "correct horse battery"


def _seeded(url: str, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    monkeypatch.delenv("TRACKER_AUTH_HEADER", raising=False)
    ids = seed(url)
    with session_scope(get_engine(url)) as session:
        auth.add_reviewer(session, "Amal Haddad", PASSWORD)
        auth.add_reviewer(session, "Retired Reviewer", PASSWORD)
        auth.set_active(session, "Retired Reviewer", False)
    data.clear_caches()
    return url, ids


@pytest.fixture
def seeded(sqlite_url: str, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The seeded SQLite database the page tests run on."""
    return _seeded(sqlite_url, monkeypatch)


@pytest.fixture
def seeded_any(db_url: str, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The same, on SQLite and on PostgreSQL (when TRACKER_TEST_DATABASE_URL is set)."""
    return _seeded(db_url, monkeypatch)


def page(name: str) -> AppTest:
    return AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=120)


def login(at: AppTest, name: str = "Amal Haddad", password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    [b for b in at.button if b.label == "Log in"][0].click()
    return at.run()


def html_of(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def verdict_buttons(at: AppTest) -> list[str]:
    labels = {label for _, label in ui.VERDICT_BUTTONS}
    return [b.label for b in at.button if b.label in labels]


def reviews(url: str) -> list[tuple[int, str, str, str | None]]:
    with session_scope(get_engine(url)) as session:
        return [(r.pair_id, r.verdict, name, r.note) for r, name in session.execute(
            select(Review, Reviewer.name).join(Reviewer).order_by(Review.id))]


@pytest.mark.parametrize("name", ["queue", "commitments", "map", "sources", "intake", "export"])
def test_dashboard_page_runs_alone(seeded_any, name: str) -> None:
    at = page(name).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value


def test_dashboard_app_navigation_runs(seeded) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert any("Pair " in h.value for h in at.html)  # the queue is the default page


def test_queue_orders_unreviewed_first_by_score(seeded) -> None:
    url, ids = seeded
    at = page("queue").run()
    headers = [h.value for h in at.html if h.value.startswith("<div><b>Pair ")]
    order = [int(h.split("Pair ")[1].split("<")[0]) for h in headers]
    assert order == [ids.sloviansk_pair, ids.xss_pair, ids.arabic_pair, ids.pair_ids[3]]


def test_queue_side_by_side_with_highlight_provenance_reasons_and_flags(seeded_any) -> None:
    at = page("queue").run()
    body = html_of(at)
    # evidence highlighted inside its sentence, on both sides
    assert "The Kremlin said <mark>Russia would halt strikes on Ukraine&#39;s energy infrastructure for 30 days</mark>." \
        in body
    assert "Ukrainian officials said <mark>a Russian drone hit a power substation in Sloviansk overnight</mark>." in body
    assert "Example Wire" in body and "https&#58;//wire.example.org/sloviansk" in body
    assert "2025-03-19" in body and "Language&#58;" not in body  # labels are ours, not escaped
    assert "Claimed only by the opposing side" in body
    assert "Timing uncertain" in body and "Suspected machine-translation error" in body
    assert "event 2025-03-19 is inside the window 2025-03-18 – 2025-04-17" in body


def test_queue_arabic_is_right_to_left(seeded) -> None:
    at = page("queue").run()
    body = html_of(at)
    assert 'dir="rtl" lang="ar"><mark>' in body or 'dir="rtl" lang="ar">' in body
    assert "<mark>روسيا ستوقف الضربات على منشآت الطاقة في أوكرانيا لمدة 30 يوما</mark>" in body
    # mixed scripts: the Latin place name inside the Arabic quote stays inside the quote
    assert "Kharkiv &#40;خاركيف&#41;" in body


def test_queue_hostile_text_is_escaped(seeded) -> None:
    at = page("queue").run()
    body = html_of(at)
    assert "<script" not in body and "<img" not in body and "](javascript" not in body
    assert "&#91;click me&#93;&#40;javascript&#58;" in body
    assert XSS in html.unescape(body)  # shown in full, as text
    assert 'href="javascript' not in body  # a javascript: document URL is shown, not linked
    assert not any(XSS in m.value for m in at.markdown)  # raw article text never reaches st.markdown


def test_reader_sees_no_verdict_buttons(seeded) -> None:
    at = page("queue").run()
    assert verdict_buttons(at) == []
    assert any("Log in" in b.label for b in at.button)


def test_verdict_recorded_with_reviewer_note_and_history(seeded_any) -> None:
    url, ids = seeded_any
    at = login(page("queue").run())
    assert not at.exception
    assert verdict_buttons(at).count("Confirm contradiction") == 4
    assert {"Not a contradiction", "Needs more evidence"} <= set(verdict_buttons(at))
    at.text_input(key=f"note-{ids.sloviansk_pair}").input("Two outlets, same substation")
    at.button(key=f"confirmed-{ids.sloviansk_pair}").click()
    at = at.run()
    assert not at.exception
    assert reviews(url) == [(ids.sloviansk_pair, "confirmed", "Amal Haddad", "Two outlets, same substation")]
    assert any("tr-success" in h.value and "Recorded" in h.value and "Amal Haddad" in h.value for h in at.html)
    # a second verdict supersedes, never erases
    at.button(key=f"needs-evidence-{ids.sloviansk_pair}").click()
    at = at.run()
    assert [r[1] for r in reviews(url)] == ["confirmed", "needs-evidence"]
    body = html_of(at)
    assert "Verdict history (2)" in body and "(superseded)" in body and "(current)" in body
    # reviewed pairs go to the end of the queue
    headers = [h.value for h in at.html if h.value.startswith("<div><b>Pair ")]
    assert f"Pair {ids.sloviansk_pair}<" in headers[-1]


def test_wrong_password_and_disabled_reviewer_are_refused(seeded) -> None:
    at = login(page("queue").run(), password="wrong password!")
    assert verdict_buttons(at) == [] and at.error
    at = login(page("queue").run(), name="Retired Reviewer")
    assert verdict_buttons(at) == []


def test_forged_verdicts_are_refused_by_the_service(seeded) -> None:
    url, ids = seeded
    # a session claiming to be a reviewer that does not exist gets no buttons...
    at = page("queue")
    at.session_state["reviewer"] = data.ReviewerInfo(id=9999, name="mallory")
    at.run()
    assert verdict_buttons(at) == []
    # ...and writing anyway (no reviewer, unknown id, disabled account) is refused
    with session_scope(get_engine(url)) as session:
        retired = auth.find_reviewer(session, "Retired Reviewer").id
    for reviewer_id in (None, 9999, retired):
        with pytest.raises(AuthError):
            data.record_verdict(url, pair_id=ids.sloviansk_pair, verdict="confirmed", reviewer_id=reviewer_id)
    assert reviews(url) == []


def test_sso_header_logs_in_only_when_configured(seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui, "request_headers", lambda: {"X-Forwarded-User": "Amal Haddad"})
    at = page("queue").run()
    assert verdict_buttons(at) == []  # header ignored: SSO is off
    monkeypatch.setenv("TRACKER_AUTH_HEADER", "X-Forwarded-User")
    at = page("queue").run()
    assert "Confirm contradiction" in verdict_buttons(at)
    assert not any(b.label == "Log in" for b in at.button)
    monkeypatch.setattr(ui, "request_headers", lambda: {"X-Forwarded-User": "someone else"})
    at = page("queue").run()
    assert verdict_buttons(at) == []


def test_queue_filters_and_search(seeded) -> None:
    url, ids = seeded
    at = page("queue").run()
    at.multiselect(key="q-lang").select("ar")
    at = at.run()
    headers = [h.value for h in at.html if h.value.startswith("<div><b>Pair ")]
    assert len(headers) == 2  # pairs with an Arabic document on either side
    at.multiselect(key="q-lang").unselect("ar")
    at.text_input(key="q-search").input("Sloviansk")
    at = at.run()
    headers = [h.value for h in at.html if h.value.startswith("<div><b>Pair ")]
    assert {int(h.split("Pair ")[1].split("<")[0]) for h in headers} == {ids.sloviansk_pair, ids.pair_ids[3]}
    at.text_input(key="q-search").input("")
    at.multiselect(key="q-status").select("confirmed")
    at = at.run()
    assert not [h for h in at.html if h.value.startswith("<div><b>Pair ")]


def test_queue_single_pair_by_query_param(seeded) -> None:
    url, ids = seeded
    at = page("queue")
    at.query_params["pair"] = str(ids.arabic_pair)
    at.run()
    headers = [h.value for h in at.html if h.value.startswith("<div><b>Pair ")]
    assert len(headers) == 1 and f"Pair {ids.arabic_pair}<" in headers[0]


def test_queue_pagination(seeded) -> None:
    at = page("queue").run()
    at.selectbox(key="queue-size").select(10)
    at = at.run()
    assert at.number_input(key="queue-page").max == 1


def test_commitments_timeline_and_accusation_ledger(seeded_any) -> None:
    at = page("commitments").run()
    assert not at.exception
    body = html_of(at)
    assert "What <bdi>Russia</bdi> says <bdi>Ukraine</bdi> did (1)" in body
    assert "What <bdi>Ukraine</bdi> says <bdi>Russia</bdi> did (3)" in body
    assert any("inside" in c.value and "outside" in c.value for c in at.caption)
    frames = [df.value for df in at.dataframe]
    around = [f for f in frames if "position" in f.columns][0]
    assert set(around["position"]) >= {"inside", "outside"}
    assert "Power was cut to several districts" in set(around["quote"])  # the May event is outside


def test_map_plots_resolved_and_lists_unresolved(seeded_any) -> None:
    at = page("map").run()
    assert not at.exception
    frames = [df.value for df in at.dataframe]
    points = [f for f in frames if "lat" in f.columns][0]
    assert set(points["place"]) == {"Sloviansk", "Armavir", "Kharkiv"}
    unresolved = [f for f in frames if "place as written" in f.columns][0]
    assert set(unresolved["place as written"]) == {"Kherson <b>region</b>", "Nowhereville"}
    assert "<b>region" not in html_of(at)


def test_sources_page_shows_runs_errors_and_dropped(seeded) -> None:
    at = page("sources").run()
    assert not at.exception
    frames = [df.value for df in at.dataframe]
    text = "\n".join(f.to_csv() for f in frames)
    assert "unsupported language: fr" in text
    assert "timeout after 10 s" in text
    assert "Example Wire" in text and "Al-Mithal News" in text


def test_export_page_offers_both_downloads(seeded) -> None:
    at = page("export").run()
    assert not at.exception
    assert {b.label for b in at.get("download_button")} == {"Download ClaimReview JSON-LD", "Download CSV"}


def test_intake_requires_login(seeded) -> None:
    at = page("intake").run()
    assert not at.exception
    assert not at.text_area  # no form for readers
    with pytest.raises(AuthError):
        data.intake([("a.txt", b"hello")], source=None, published=None, reviewer_id=None, url=seeded[0])


@pytest.mark.slow
def test_intake_goes_through_the_ingest_pipeline(seeded) -> None:
    pytest.importorskip("tracker.ingest.pipeline")
    url, _ = seeded
    at = login(page("intake").run())
    at.text_area(key="intake_text").input(
        "URL: https://wire.example.org/intake\nDATE: 2025-03-25\nLANG: en\nTITLE: Intake test\n\n"
        "KYIV, March 25. Ukrainian officials said a Russian missile struck a power plant in Odesa overnight.")
    at.text_input(key="intake_source").input("Desk paste")
    [b for b in at.button if b.label == "Ingest"][0].click()
    at = at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("tr-success" in h.value for h in at.html), html_of(at)
    with session_scope(get_engine(url)) as session:
        run = session.scalars(select(IngestRun).order_by(IngestRun.id.desc())).first()
        assert run.requested["via"] == "dashboard" and run.requested["reviewer"] == "Amal Haddad"
        assert run.status == "finished"
        assert sum(run.counts.get(k, 0) for k in ("new", "dropped", "failed")) == 1


@pytest.mark.slow
def test_queue_shows_ingested_samples_with_quotes_found(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real pipeline's output (tracker ingest samples/articles) renders: every quote is found
    at its offsets in the stored body and highlighted; confirming one reaches the ClaimReview export."""
    pipeline = pytest.importorskip("tracker.ingest.pipeline")
    samples = ROOT / "samples" / "articles"
    if not samples.is_dir():
        pytest.skip("no samples/articles")
    monkeypatch.setenv("TRACKER_DATABASE_URL", sqlite_url)
    summary = pipeline.ingest(get_engine(sqlite_url), [str(samples)])
    if not summary.pairs_written:
        pytest.skip("the samples gave no pairs with this extractor")
    data.clear_caches()
    at = page("queue").run()
    assert not at.exception
    body = html_of(at)
    cards = body.count('<div class="tr-card"><div class="tr-side">Commitment')
    assert cards >= 1
    assert body.count("<mark>") >= 2 * cards
    assert "The stored offsets do not match" not in body
    with session_scope(get_engine(sqlite_url)) as session:
        auth.add_reviewer(session, "Amal Haddad", PASSWORD)
    at = login(at)
    first = [b for b in at.button if b.label == "Confirm contradiction"][0]
    first.click()
    at = at.run()
    assert len(reviews(sqlite_url)) == 1
    from tracker.export import claimreview_text

    with session_scope(get_engine(sqlite_url)) as session:
        assert f"?pair={reviews(sqlite_url)[0][0]}" in claimreview_text(session)


def test_queue_hides_inactive_pairs_unless_asked(seeded) -> None:
    from sqlalchemy import update

    from tracker.db.models import Pair

    url, ids = seeded
    with session_scope(get_engine(url)) as session:
        session.execute(update(Pair).where(Pair.id == ids.xss_pair).values(active=False))
    data.clear_caches()
    at = page("queue").run()
    shown = [h.value for h in at.html if h.value.startswith("<div><b>Pair ")]
    assert len(shown) == 3 and not any(f"Pair {ids.xss_pair}<" in h for h in shown)
    at.checkbox(key="q-inactive").check()
    at = at.run()
    shown = [h.value for h in at.html if h.value.startswith("<div><b>Pair ")]
    assert any(f"Pair {ids.xss_pair}<" in h and "no longer paired" in h for h in shown)


def test_repeated_failed_logins_lock_the_name(seeded) -> None:
    data._login_failures().clear()  # noqa: SLF001
    for _ in range(data.LOGIN_FAILURES):
        assert data.authenticate("Amal Haddad", "wrong password!") is None
    with pytest.raises(data.LoginLocked):
        data.authenticate("Amal Haddad", PASSWORD)  # even the right password, for a while
    at = login(page("queue").run())
    assert verdict_buttons(at) == [] and any("Too many failed logins" in e.value for e in at.error)
    data._login_failures().clear()  # noqa: SLF001
    assert data.authenticate("Amal Haddad", PASSWORD) is not None
