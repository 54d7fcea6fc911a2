"""End to end in a real headless Chromium: `tracker dashboard` on a seeded database, a reviewer
created with `tracker reviewer add` logs in, confirms a pair, and hostile article text stays text."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard_seed import XSS, seed
from tracker.db import get_engine, session_scope
from tracker.db.models import Review, Reviewer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                 # software WebGL, so the map's points render in the screenshot (no GPU, no tiles)
                 "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
REVIEWER = "Amal Haddad"
PASSWORD = "correct horse battery"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tracker(*args: str, env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *args], env=env, capture_output=True, text=True,
                          timeout=120, **kw)


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path):  # noqa: ANN201
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    ids = seed(sqlite_url)
    env = dict(os.environ, TRACKER_DATABASE_URL=sqlite_url)
    env.pop("TRACKER_AUTH_HEADER", None)
    added = _tracker("reviewer", "add", REVIEWER, env=env, input=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    port = _free_port()
    log = (tmp_path / "dashboard.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "tracker", "dashboard", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("dashboard did not start:\n" + (tmp_path / "dashboard.log").read_text())
            time.sleep(0.3)
        yield base, sqlite_url, ids
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: the server and anything it started
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()


def test_browser_login_confirm_and_inert_xss(server) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, url, ids = server
    ARTIFACTS.mkdir(exist_ok=True)
    outside_requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1900})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: outside_requests.append(r.url)
                    if not r.url.startswith((base, "data:", "blob:")) else None)
            page.goto(f"{base}/")
            card = page.locator(f".st-key-pair-{ids.sloviansk_pair}")
            expect(card).to_contain_text("a Russian drone hit a power substation in Sloviansk overnight",
                                         timeout=60_000)
            expect(page.get_by_text("Page not found")).to_have_count(0)
            expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Review queue")  # st.navigation titles
            # readers: no verdict buttons
            expect(page.get_by_role("button", name="Confirm contradiction")).to_have_count(0)

            # log in as the reviewer made with `tracker reviewer add`
            page.get_by_label("Reviewer name").fill(REVIEWER)
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            expect(page.get_by_text(f"Reviewer: {REVIEWER}")).to_be_visible(timeout=30_000)

            # both quotes highlighted inside their sentences
            marks = card.locator("mark")
            expect(marks.nth(0)).to_have_text("Russia would halt strikes on Ukraine's energy infrastructure "
                                              "for 30 days")
            expect(marks.nth(1)).to_have_text("a Russian drone hit a power substation in Sloviansk overnight")

            card.get_by_role("button", name="Confirm contradiction").click()
            expect(page.get_by_text(f"as {REVIEWER}.")).to_be_visible(timeout=30_000)
            expect(page.locator(f".st-key-pair-{ids.sloviansk_pair}")).to_contain_text("Verdict history (1)")

            # hostile article: shown in full as text, nothing executed, linked or loaded
            xss_card = page.locator(f".st-key-pair-{ids.xss_pair}")
            expect(xss_card).to_contain_text(XSS)
            assert page.evaluate("window.__xss") is None
            assert xss_card.locator("script, img, iframe, a[href^='javascript']").count() == 0
            assert page.locator("img[onerror], a[href^='javascript']").count() == 0
            assert xss_card.locator("strong, em, .katex").count() == 0  # no Markdown/LaTeX rendering
            rtl = page.locator(".tr-quote[dir='rtl']")
            assert rtl.count() >= 2
            assert rtl.first.evaluate("el => getComputedStyle(el).direction") == "rtl"
            page.wait_for_timeout(500)
            page.screenshot(path=str(ARTIFACTS / "dashboard-queue.png"), full_page=True)
            xss_card.screenshot(path=str(ARTIFACTS / "dashboard-xss-pair.png"))
        finally:
            browser.close()

    assert not dialogs
    assert not [u for u in outside_requests if "127.0.0.1:9" in u], outside_requests
    with session_scope(get_engine(url)) as session:
        stored = session.execute(select(Review.pair_id, Review.verdict, Reviewer.name).join(Reviewer)).all()
    assert [tuple(r) for r in stored] == [(ids.sloviansk_pair, "confirmed", REVIEWER)]

    listed = _tracker("pairs", "--status", "confirmed", "--format", "json",
                      env=dict(os.environ, TRACKER_DATABASE_URL=url))
    if listed.returncode == 0:  # `tracker pairs` belongs to ingestion; check it when it is there
        assert "Sloviansk" in listed.stdout
    exported = _tracker("export", "--format", "claimreview", env=dict(os.environ, TRACKER_DATABASE_URL=url))
    assert exported.returncode == 0, exported.stderr
    assert f"?pair={ids.sloviansk_pair}" in exported.stdout


@pytest.mark.skipif(shutil.which("chromium") is None and not Path(CHROMIUM).exists(), reason="no chromium")
def test_browser_every_page_renders(server) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, _url, _ids = server
    ARTIFACTS.mkdir(exist_ok=True)
    expected = {"commitments": "Accusation ledger", "map": "Unresolved places", "sources": "Dropped documents",
                "intake": "Add a document", "export": "Download CSV"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            for path, text in expected.items():
                page.goto(f"{base}/{path}")
                expect(page.get_by_text(text).first).to_be_visible(timeout=60_000)
                page.wait_for_timeout(800)
                assert page.locator("[data-testid='stException']").count() == 0, path
                assert page.get_by_text("Page not found").count() == 0, path
                page.screenshot(path=str(ARTIFACTS / f"dashboard-{path}.png"), full_page=True)
        finally:
            browser.close()
