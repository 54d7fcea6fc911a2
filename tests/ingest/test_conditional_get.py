"""Conditional GET for feeds (ETag / Last-Modified kept under TRACKER_HOME): an unchanged feed is
skipped with one 304 request, and the validators are only ever used when skipping loses nothing."""

from __future__ import annotations

import json

import pytest

from ingest.helpers import fake_extractor
from ingest.httpserver import LocalServer, rss
from tracker.db import get_engine, upgrade
from tracker.ingest import fetch, pipeline, validators

LIMITS = fetch.FetchLimits(connect_timeout=2, read_timeout=2.0, deadline=5.0)
TEXT = "The ministry said the pause on strikes would hold for thirty days, officials said. " * 4


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def feed(server: LocalServer, path: str, *links: str, etag: str | None = '"v1"', last_modified: str | None = None,
         text: str = TEXT) -> str:
    items = "".join(f"<item><title>{p}</title><link>{server.url(p)}</link></item>" for p in links)
    items += f"<item><title>Own text</title><description>{text}</description></item>"
    return server.route(path, rss(items), "application/rss+xml", etag=etag, last_modified=last_modified)


def ingest(url: str, *inputs: str, extractor=fake_extractor) -> pipeline.RunSummary:  # noqa: ANN001
    return pipeline.Ingestor(get_engine(url), extractor=extractor, fetch_limits=LIMITS,
                             conditional_get=True).run(list(inputs))


def conditional(server: LocalServer, path: str) -> list[bool]:
    """For each request of ``path``: was it conditional?"""
    return [bool(inm or ims) for p, inm, ims in server.requests if p == path]


def test_unchanged_feed_costs_one_304_and_no_entry(sqlite_url, server):
    url = feed(server, "/wire.xml", "/article.html")
    first = ingest(sqlite_url, url)
    assert first.counts["dropped"] == 2 and first.counts["failed"] == 0  # the fake extractor finds nothing
    saved = json.loads(validators.default_path().read_text())["feeds"]
    [entry] = saved.values()
    assert entry["etag"] == '"v1"' and entry["run_id"] == first.run_id
    second = ingest(sqlite_url, url)
    assert second.items == 0 and second.counts["failed"] == 0
    assert second.unchanged_feeds == [url] and first.unchanged_feeds == []
    assert conditional(server, "/wire.xml") == [False, True]
    assert [p for p, *_ in server.requests].count("/article.html") == 1  # entries not fetched again
    # a changed feed (new ETag) is fetched in full, and its new entry stored
    feed(server, "/wire.xml", "/article.html", etag='"v2"', text=TEXT + " Updated.")
    third = ingest(sqlite_url, url)
    assert third.counts["dropped"] == 1 and third.counts["duplicate"] == 1


def test_last_modified_alone_is_used(sqlite_url, server):
    url = feed(server, "/lm.xml", etag=None, last_modified="Wed, 19 Mar 2025 08:00:00 GMT")
    ingest(sqlite_url, url)
    assert ingest(sqlite_url, url).items == 0
    assert [ims for p, _, ims in server.requests if p == "/lm.xml"] == [None, "Wed, 19 Mar 2025 08:00:00 GMT"]


def test_feed_with_a_failed_entry_is_fetched_in_full_next_time(sqlite_url, server):
    url = feed(server, "/partly.xml", "/article.html", "/404")
    assert ingest(sqlite_url, url).counts["failed"] == 1
    again = ingest(sqlite_url, url)
    assert again.counts["failed"] == 1  # the failed entry is retried
    assert conditional(server, "/partly.xml") == [False, False]


def test_validators_are_not_used_with_another_or_a_reset_database(tmp_path, sqlite_url, server):
    url = feed(server, "/wire.xml")
    ingest(sqlite_url, url)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    upgrade(other)
    assert ingest(other, url).counts["dropped"] == 1  # not skipped: that database never stored it
    # the same database file recreated: run 1 exists again, but it is not the run that stored the feed
    reset = tmp_path / "reset.db"
    upgrade(f"sqlite:///{reset}")
    ingest(f"sqlite:///{reset}", url)
    get_engine(f"sqlite:///{reset}").dispose()
    reset.unlink()
    upgrade(f"sqlite:///{reset}")
    assert ingest(f"sqlite:///{reset}", url).counts["dropped"] == 1
    assert conditional(server, "/wire.xml") == [False, False, False, False]


def test_a_run_that_does_not_finish_saves_no_validators(sqlite_url, server):
    url = feed(server, "/wire.xml")

    def interrupted(docs):  # noqa: ANN001, ANN202
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(sqlite_url, url, extractor=interrupted)
    assert not validators.default_path().exists()
    assert ingest(sqlite_url, url).counts["dropped"] == 1  # fetched in full, entry stored


def test_without_conditional_get_nothing_is_sent_or_saved(sqlite_url, server):
    url = feed(server, "/wire.xml")
    for _ in range(2):
        pipeline.Ingestor(get_engine(sqlite_url), extractor=fake_extractor, fetch_limits=LIMITS).run([url])
    assert conditional(server, "/wire.xml") == [False, False]
    assert not validators.default_path().exists()


def test_a_304_to_an_unconditional_request_is_a_failure(sqlite_url, server):
    url = server.route("/odd.xml", b"", "application/rss+xml", status=304)
    summary = ingest(sqlite_url, url)
    assert summary.counts["failed"] == 1 and "not conditional" in summary.failed[0][1]
    assert summary.unchanged_feeds == []
