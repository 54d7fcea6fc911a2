"""Fetching URLs and feeds from a local server: limits, bad responses, unsafe XML."""

from __future__ import annotations

import socket
import time

import pytest

from ingest.httpserver import BILLION_LAUGHS, MALFORMED, XXE, LocalServer, RU_TEXT
from tracker.ingest import feeds, fetch


@pytest.fixture(scope="module")
def server():
    with LocalServer() as srv:
        yield srv


LIMITS = fetch.FetchLimits(connect_timeout=2, read_timeout=1.0, deadline=3.0, max_bytes=1_000_000, max_redirects=3)


def test_article_html(server):
    [item] = fetch.fetch_document(server.url("/article.html"), limits=LIMITS)
    doc = item.document
    assert "power station" in doc.body and "alert" not in doc.body
    assert doc.url.startswith("http://127.0.0.1") and doc.raw_format == "html"


def test_gzip_ok_and_redirect(server):
    [item] = fetch.fetch_document(server.url("/gzip-ok"), limits=LIMITS)
    assert "power station" in item.document.body
    f = fetch.fetch(server.url("/redirect-once"), limits=LIMITS)
    assert f.url.endswith("/article.html")


def test_legacy_charset_from_header(server):
    [item] = fetch.fetch_document(server.url("/ru.html"), limits=LIMITS)
    assert RU_TEXT[:40] in item.document.body


def test_plain_text_header_format(server):
    [item] = fetch.fetch_document(server.url("/plain.txt"), limits=LIMITS)
    assert item.document.url == "https://example.org/plain" and item.document.body == "Plain body text here."


@pytest.mark.parametrize("path,reason", [
    ("/404", "HTTP 404"),
    ("/pdf", "unsupported content type application/pdf"),
    ("/redirect-loop", "too many redirects"),
    ("/big", "too large"),
    ("/big-chunked", "too large"),
    ("/gzip-bomb", "after decompression"),
    ("/slow-headers", "timed out"),
    ("/slow-drip", "too slow"),
])
def test_bad_responses_give_reasons(server, path, reason):
    t = time.perf_counter()
    with pytest.raises(fetch.FetchError, match=reason):
        fetch.fetch_document(server.url(path), limits=LIMITS)
    assert time.perf_counter() - t < 10


def test_gzip_bomb_does_not_inflate_memory(server):
    import tracemalloc

    tracemalloc.start()
    with pytest.raises(fetch.FetchError):
        fetch.fetch(server.url("/gzip-bomb"), limits=LIMITS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20_000_000  # the bomb inflates to 60 MB; the cap is 1 MB


def test_unreachable_host():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with pytest.raises(fetch.FetchError, match="cannot connect"):
        fetch.fetch(f"http://127.0.0.1:{port}/", limits=LIMITS)


def test_not_http():
    with pytest.raises(fetch.FetchError, match="not an http"):
        fetch.fetch("file:///etc/passwd")
    with pytest.raises(fetch.FetchError, match="not an http"):
        fetch.fetch("ftp://example.org/x")


def test_feed_entries_fetched_with_per_item_outcomes(server):
    f = fetch.fetch(server.url("/feed.xml"), limits=LIMITS)
    assert fetch.is_feed_response(f)
    feed = feeds.parse_feed_bytes(f.body, origin=server.url("/feed.xml"))
    assert feed.title == "Test wire" and len(feed.entries) == 4
    items = list(feeds.read_feed(feed, limits=LIMITS))
    assert len(items) == 4
    ok, gone, text_only, empty = items
    assert "power station" in ok.document.body and ok.document.title == "Strike on plant"
    assert ok.document.published.isoformat() == "2025-03-19"
    assert gone.document is None and "HTTP 404" in gone.error
    assert text_only.document is not None and text_only.document.published is None
    assert empty.document is None and "no link and no text" in empty.error


@pytest.mark.parametrize("data,reason", [
    (BILLION_LAUGHS, "entities"),
    (XXE, "entit"),
    (MALFORMED, "malformed"),
    (b"", "empty"),
    (b"<html><body>not a feed</body></html>", "malformed|not RSS"),
])
def test_unsafe_or_broken_feeds_refused(data, reason):
    t = time.perf_counter()
    with pytest.raises(Exception, match=reason) as exc:
        feeds.parse_feed_bytes(data, origin="feed")
    assert isinstance(exc.value, feeds.InputError)
    assert time.perf_counter() - t < 5


def test_malformed_feed_with_entities_refused():
    data = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel><item><title>&a;</title></item>'
    with pytest.raises(feeds.FeedError, match="entit"):
        feeds.parse_feed_bytes(data, origin="feed")


def test_atom_feed():
    data = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><title>One</title><link href="https://example.org/one"/><updated>2025-03-20T10:00:00Z</updated>
    <summary>short</summary></entry></feed>"""
    feed = feeds.parse_feed_bytes(data, origin="atom")
    [e] = feed.entries
    assert e.link == "https://example.org/one" and e.published.isoformat() == "2025-03-20"


def test_ingest_urls_and_feed_urls(server, sqlite_url):
    from ingest.helpers import fake_extractor
    from tracker.db import get_engine
    from tracker.ingest import pipeline

    summary = pipeline.ingest(get_engine(sqlite_url),
                              [server.url("/article.html"), server.url("/feed.xml"), server.url("/pdf")],
                              extractor=fake_extractor, fetch_limits=LIMITS)
    c = summary.counts
    # article (dropped by the fake extractor: nothing in its format), the same article again via the
    # feed (duplicate), the feed's text-only entry (dropped), a 404 and an empty entry and the PDF (failed)
    assert (c["dropped"], c["duplicate"], c["failed"]) == (2, 1, 3), summary.to_json()
    reasons = " ".join(r for _, r in summary.failed)
    assert "HTTP 404" in reasons and "application/pdf" in reasons and "no link and no text" in reasons


def test_public_feed_may_not_link_to_private_addresses(monkeypatch):
    """SSRF: links in a feed from a public host never reach loopback or private addresses."""
    feed = feeds.Feed(origin="https://news.example/rss.xml", title="t", entries=(
        feeds.FeedEntry(index=0, link="http://127.0.0.1:1/admin", title="x", published=None, text=None),
        feeds.FeedEntry(index=1, link="http://169.254.169.254/latest/meta-data/", title="y", published=None,
                        text=None),
    ))
    monkeypatch.setattr(fetch, "is_private_host", lambda url: "news.example" not in url)
    items = list(feeds.read_feed(feed, limits=LIMITS))
    assert all(it.document is None and "refused" in it.error for it in items), items
    monkeypatch.undo()
    assert fetch.is_private_host("http://127.0.0.1/") and fetch.is_private_host("http://10.1.2.3/")
    assert not fetch.is_private_host("http://93.184.216.34/")


def test_redirect_hops_are_checked(server, monkeypatch):
    # Pretend /redirect-once is public and its target private: the hop is refused.
    monkeypatch.setattr(fetch, "is_private_host", lambda url: "article.html" in url)
    with pytest.raises(fetch.FetchError, match="refused: redirected to a private"):
        fetch.fetch(server.url("/redirect-once"), limits=LIMITS, block_private=True)
    assert fetch.fetch(server.url("/redirect-once"), limits=LIMITS).url.endswith("/article.html")
