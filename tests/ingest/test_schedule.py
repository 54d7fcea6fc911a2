"""Feeds files, the SQLite scheduler's lock and loop, and procrastinate on PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from ingest.helpers import fake_extractor
from ingest.httpserver import LocalServer
from tracker import schedule as sched
from tracker.db import get_engine, session_scope
from tracker.db import models as m
from tracker.errors import ConfigError
from tracker.ingest import feeds, pipeline


@pytest.fixture(scope="module")
def server():
    with LocalServer() as srv:
        yield srv


def test_yaml_and_toml_feeds_files(tmp_path):
    y = tmp_path / "feeds.yaml"
    y.write_text("defaults: {schedule: '*/10 * * * *'}\nfeeds:\n  - {name: A, url: 'https://a.example/rss'}\n"
                 "  - {name: B, url: 'https://b.example/atom', schedule: '0 6 * * 1-5', language: ar}\n"
                 "urls: ['https://c.example/page']\n")
    specs = feeds.load_feeds_file(y)
    assert [(s.key, s.schedule, s.kind) for s in specs] == [
        ("A", "*/10 * * * *", "auto"), ("B", "0 6 * * 1-5", "auto"), ("https://c.example/page", "*/10 * * * *", "url")]
    t = tmp_path / "feeds.toml"
    t.write_text('urls = ["https://c.example/page"]\n[[feeds]]\nname = "A"\nurl = "https://a.example/rss"\n'
                 'schedule = "15 * * * *"\n')
    assert [(s.key, s.schedule) for s in feeds.load_feeds_file(t)] == [
        ("A", "15 * * * *"), ("https://c.example/page", "*/30 * * * *")]


@pytest.mark.parametrize("content,reason", [
    ("feeds: [{url: 'https://a.example/', schedule: 'every hour'}]", "not a valid cron"),
    ("feeds: [{name: x}]", "needs a 'url'"),
    ("feeds: [{url: 'file:///etc/passwd'}]", "not an http"),
    ("feeds: [{url: 'https://a.example/'}, {url: 'https://a.example/'}]", "duplicate"),
    ("feeds: [unclosed", "not valid YAML"),
])
def test_bad_feeds_files(tmp_path, content, reason):
    p = tmp_path / "f.yaml"
    p.write_text(content)
    with pytest.raises(ConfigError, match=reason):
        feeds.load_feeds_file(p)


def test_lock_file_stops_a_second_scheduler(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    path = sched.lock_path(url)
    with sched.FileLock(path):
        with pytest.raises(sched.SchedulerLockedError, match="another scheduler is running"):
            sched.FileLock(path).acquire()
        # Another process too.
        code = ("import sys; from tracker import schedule as s\n"
                f"try:\n    s.FileLock(s.lock_path({url!r})).acquire()\nexcept s.SchedulerLockedError as e:\n"
                "    print(e); sys.exit(6)\n")
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert r.returncode == 6 and "held by pid" in r.stdout
    with sched.FileLock(path):  # released: free again
        pass


def test_cli_schedule_refuses_when_locked(tmp_path, monkeypatch):
    from tracker.cli import cli

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    f = tmp_path / "feeds.yaml"
    f.write_text("feeds: [{url: 'https://a.example/rss'}]\n")
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    with sched.FileLock(sched.lock_path(url)):
        r = CliRunner().invoke(cli, ["schedule", str(f)], obj={})
    assert isinstance(r.exception, sched.SchedulerLockedError)
    assert r.exception.exit_code == 6


def test_local_scheduler_runs_due_feeds(server, sqlite_url, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "default_extractor", fake_extractor)
    specs = [feeds.FeedSpec(url=server.url("/feed.xml"), name="Test wire", schedule="*/5 * * * *")]
    clock = [dt.datetime(2025, 3, 19, 10, 4, 30, tzinfo=dt.timezone.utc)]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += dt.timedelta(seconds=seconds)

    sched.run_local(sqlite_url, specs, max_cycles=2, sleep=sleep, now=lambda: clock[0], log=lambda m: None)
    assert slept and slept[0] == 30  # waited for 10:05
    with session_scope(get_engine(sqlite_url)) as s:
        runs = list(s.scalars(select(m.IngestRun).order_by(m.IngestRun.id)))
        assert len(runs) == 2
        assert runs[0].counts["new"] + runs[0].counts["dropped"] == 2 and runs[0].counts["failed"] == 2
        assert runs[1].counts["duplicate"] == 2  # the second tick stores nothing new
        docs = list(s.scalars(select(m.Document)))
        assert {d.source.name for d in docs} == {"Test wire"}


def test_ingest_feeds_option(server, sqlite_url, tmp_path, monkeypatch):
    from tracker.cli import cli

    monkeypatch.setattr(pipeline, "default_extractor", fake_extractor)
    monkeypatch.setenv("TRACKER_DATABASE_URL", sqlite_url)
    f = tmp_path / "feeds.yaml"
    f.write_text(f"feeds: [{{name: Wire, url: '{server.url('/feed.xml')}'}}]\n"
                 f"urls: ['{server.url('/feed-bomb.rss')}', '{server.url('/gzip-bomb')}']\n")
    r = CliRunner().invoke(cli, ["ingest", "--feeds", str(f)], obj={})
    assert r.exit_code == 4, r.output
    assert "HTTP 404" in r.output and "entities" in r.output and "too large" in r.output


@pytest.mark.postgres
@pytest.mark.slow
def test_procrastinate_defers_each_tick_once_and_runs_each_feed(server, pg_schema_url, monkeypatch):
    from procrastinate.periodic import PeriodicDeferrer

    from tracker.db import upgrade

    monkeypatch.setattr(pipeline, "default_extractor", fake_extractor)
    upgrade(pg_schema_url)
    sched.ensure_queue_schema(pg_schema_url)
    sched.ensure_queue_schema(pg_schema_url)  # idempotent
    specs = [feeds.FeedSpec(url=server.url("/feed.xml"), name="Wire", schedule="*/5 * * * *"),
             feeds.FeedSpec(url=server.url("/article.html"), name="Page", schedule="*/5 * * * *", kind="url")]
    tick = int(dt.datetime(2025, 3, 19, 10, 5, tzinfo=dt.timezone.utc).timestamp())

    async def defer_from(app):
        async with app.open_async():
            d = PeriodicDeferrer(registry=app.periodic_registry)
            await d.defer_jobs([(pt, tick) for pt in app.periodic_registry.periodic_tasks.values()])

    # Three schedulers (as on three machines) defer the same tick: each job is queued once.
    for _ in range(3):
        asyncio.run(defer_from(sched.make_app(pg_schema_url, specs)))
    app = sched.make_app(pg_schema_url, specs)
    with get_engine(pg_schema_url).connect() as conn:
        from sqlalchemy import text

        tick_jobs = {r[0] for r in conn.execute(text("SELECT id FROM procrastinate_jobs"))}
    assert len(tick_jobs) == 2
    with app.open():
        app.run_worker(concurrency=2, wait=False, install_signal_handlers=False)
    with get_engine(pg_schema_url).connect() as conn:
        status = dict(conn.execute(text("SELECT id, status FROM procrastinate_jobs")).all())
    # the fixed tick's two jobs ran; the worker's own periodic deferrer may have queued the current real tick's
    # jobs too (when the run crosses a five-minute boundary), which it may or may not have run before stopping
    assert {status[j] for j in tick_jobs} == {"succeeded"}
    assert set(status.values()) <= {"succeeded", "todo"} and len(status) <= 4
    ran = sum(1 for v in status.values() if v == "succeeded")
    with session_scope(get_engine(pg_schema_url)) as s:
        assert s.scalar(select(func.count()).select_from(m.IngestRun)) == ran
        urls = [d.url for d in s.scalars(select(m.Document))]
        assert len(urls) == len(set(urls)) == 2  # the article (via feed and page) once, the text-only entry once


def test_cli_schedule_list(tmp_path):
    from tracker.cli import cli

    f = tmp_path / "feeds.yaml"
    f.write_text("feeds: [{name: Wire, url: 'https://a.example/rss', schedule: '0 6 * * *'}]\n")
    r = CliRunner().invoke(cli, ["schedule", str(f), "--list"], obj={})
    assert r.exit_code == 0, r.output
    assert "Wire" in r.output and "06:00" in r.output and "schedule '0 6 * * *'" in r.output
