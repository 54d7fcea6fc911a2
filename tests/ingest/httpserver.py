"""The one local HTTP server of the test suite (127.0.0.1 only, never the internet): canned good
and hostile routes for fetch, feed, schedule and hardening tests.

``with LocalServer() as srv: srv.url("/article.html")``; ``srv.route(path, body, ctype)`` adds a
route for one test (with ``etag``/``last_modified`` it answers conditional requests with 304);
``srv.requests`` lists the requests seen. The hostile XML payloads (entity bomb, XXE, malformed feed) come from the
bad-input corpus generator, tests/resources/bad/generate.py, so that they are written once.

Routes:
- good: /article.html, /ru.html (windows-1251, charset in the header), /article-cp1251.html
  (charset in a meta tag only), /plain.txt (header format), /gzip-ok, /redirect-once, /feed.xml
- sizes: /big and /big-chunked (3 and 6.5 MB), /gzip-bomb (60 MB of zeros inflated from ~60 KB),
  /huge-declared (10 GB Content-Length), /gzip-corrupt, /truncated, /empty
- time: /slow-headers (headers after ``slow_seconds``), /slow-drip (a few bytes every 0.1 s)
- redirects: /redirect-loop, /redirect/N (endless), /redirect-offsite (to a closed port)
- status and types: /404, /410, /500, /pdf, /image.png, /octet, /html-as-json,
  /wrong-charset.txt (koi8-r declared as utf-8)
- feeds: /feed-bomb.rss, /feed-xxe.rss, /malformed-feed.xml, /feed-links.rss (entries linking
  to good and failing routes, one with text only, one with nothing)
"""

from __future__ import annotations

import gzip
import importlib.util
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[1] / "resources" / "bad" / "generate.py"


def load_generator():  # noqa: ANN201
    """tests/resources/bad/generate.py as a module (it is a script, not part of a package)."""
    name = "tracker_bad_corpus_generator"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, GENERATOR)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


_gen = load_generator()
BILLION_LAUGHS: bytes = _gen.BILLION_LAUGHS.encode()
XXE: bytes = _gen.XXE.encode()
MALFORMED: bytes = _gen.MALFORMED_RSS
EN = _gen.EN
RU = _gen.RU

ARTICLE_HTML = """<!doctype html><html lang="en"><head><title>Strike on plant</title>
<link rel="canonical" href="/article.html"><script>alert('x')</script></head><body>
<iframe src="https://evil.example/"></iframe>
<article><h1>Strike on plant</h1>
<p>The ministry promised on Monday to pause strikes on energy facilities for thirty days.</p>
<p>On Tuesday night a drone hit the city's main power station, cutting electricity to thousands of homes.</p>
<p>Repair crews worked through the night, the regional governor said in a statement on Wednesday.</p>
</article></body></html>"""

RU_TEXT = ("Министерство обороны заявило, что удары по энергетической инфраструктуре будут "
           "приостановлены на тридцать дней. Однако следующей ночью город остался без света.")
RU_HTML = f"<html><head><title>Новости</title></head><body><article><p>{RU_TEXT}</p><p>{RU_TEXT}</p></article></body></html>"

_BOMB: list[bytes] = []


def gzip_bomb() -> bytes:
    """60 MB of zeros, gzip-compressed (built once per process, before the first request)."""
    if not _BOMB:
        _BOMB.append(gzip.compress(b"<html><body>" + b"0" * 60_000_000, compresslevel=9))
    return _BOMB[0]


def rss(items: str, *, prolog: str = "", title: str = "Test wire") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>").encode()


def feed_items(base: str) -> str:
    long_text = "The ministry said the pause on strikes would hold for thirty days. " * 5
    return (f"<item><title>Plant hit</title><link>{base}/article.html</link>"
            f"<pubDate>Wed, 19 Mar 2025 08:00:00 GMT</pubDate></item>"
            f"<item><title>Gone</title><link>{base}/404</link><pubDate>not a date</pubDate></item>"
            f"<item><title>No link, text only</title><description>{long_text}</description>"
            f"<pubDate>32 Foo 2025</pubDate></item>"
            f"<item><title>Nothing at all</title></item>")


def feed_links(base: str) -> bytes:
    items = "".join(f"<item><title>{name}</title><link>{base}{name}</link><pubDate>not a date</pubDate></item>"
                    for name in ("/article.html", "/404", "/gzip-bomb", "/redirect-loop", "/image.png", "/500"))
    items += f"<item><title>Text only</title><description>{EN} {EN} {EN}</description></item>"
    items += "<item><title>Nothing at all</title></item>"
    return rss(items, title="Hostile wire")


class _Handler(BaseHTTPRequestHandler):
    server_version = "TestServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str | None = "text/html; charset=utf-8",
              headers: dict | None = None, length: int | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, b"", None, {"Location": location})

    def _drip(self, chunks: int, chunk: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(chunks):
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _chunked(self, n: int, chunk: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for _ in range(n):
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):  # noqa: N802, C901 - one flat table of routes
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path.split("?")[0]
        slow = self.server.slow_seconds  # type: ignore[attr-defined]
        routes = self.server.routes  # type: ignore[attr-defined]
        self.server.requests.append((path, self.headers.get("If-None-Match"),  # type: ignore[attr-defined]
                                     self.headers.get("If-Modified-Since")))
        if path in routes:
            status, body, ctype, validators = routes[path]
            asked = {"ETag": self.headers.get("If-None-Match"), "Last-Modified": self.headers.get("If-Modified-Since")}
            if any(asked[k] and asked[k] == v for k, v in validators.items()):
                return self._send(304, b"", None, validators)
            return self._send(status, body, ctype, validators)
        fixed = {
            "/article.html": (200, ARTICLE_HTML.encode(), "text/html; charset=utf-8"),
            "/ru.html": (200, RU_HTML.encode("cp1251"), "text/html; charset=windows-1251"),
            "/article-cp1251.html": (200, f"<html><head><meta charset='windows-1251'></head><body><article>"
                                          f"<p>{RU}</p></article></body></html>".encode("cp1251"), "text/html"),
            "/wrong-charset.txt": (200, (RU + " " + RU).encode("koi8-r"), "text/plain; charset=utf-8"),
            "/plain.txt": (200, b"URL: https://example.org/plain\nDATE: 2025-03-19\n\nPlain body text here.",
                           "text/plain"),
            "/404": (404, b"not found", "text/html"), "/410": (410, b"gone", "text/html"),
            "/500": (500, b"boom", "text/html"),
            "/pdf": (200, b"%PDF-1.4 binary", "application/pdf"),
            "/image.png": (200, b"\x89PNG\r\n\x1a\n" + b"\0" * 500, "image/png"),
            "/octet": (200, EN.encode(), "application/octet-stream"),
            "/html-as-json": (200, ARTICLE_HTML.encode(), "application/json"),
            "/empty": (200, b"", "text/html"),
            "/big": (200, b"<html><body><p>" + b"a" * 3_000_000 + b"</p></body></html>", "text/html"),
            "/feed.xml": (200, rss(feed_items(base)), "application/rss+xml"),
            "/feed-links.rss": (200, feed_links(base), "application/rss+xml"),
            "/feed-bomb.rss": (200, BILLION_LAUGHS, "application/rss+xml"),
            "/feed-xxe.rss": (200, XXE, "application/rss+xml"),
            "/malformed-feed.xml": (200, MALFORMED, "application/rss+xml"),
        }
        if path in fixed:
            return self._send(*fixed[path])
        if path == "/gzip-ok":
            return self._send(200, gzip.compress(ARTICLE_HTML.encode()), "text/html", {"Content-Encoding": "gzip"})
        if path == "/gzip-bomb":
            return self._send(200, gzip_bomb(), "text/html", {"Content-Encoding": "gzip"})
        if path == "/gzip-corrupt":
            return self._send(200, b"\x1f\x8b\x08\x00garbage-not-gzip" * 10, "text/html", {"Content-Encoding": "gzip"})
        if path == "/truncated":
            return self._send(200, ARTICLE_HTML.encode()[:50], "text/html", length=len(ARTICLE_HTML) * 3)
        if path == "/huge-declared":
            return self._send(200, b"x" * 10, "text/html", length=10 * 1024**3)
        if path == "/big-chunked":
            return self._chunked(100, b"b" * 65536)
        if path == "/redirect-once":
            return self._redirect(301, "/article.html")
        if path == "/redirect-loop":
            return self._redirect(301, "/redirect-loop")
        if path.startswith("/redirect/"):
            return self._redirect(302, f"/redirect/{int(path.rsplit('/', 1)[1]) + 1}")
        if path == "/redirect-offsite":
            return self._redirect(302, "http://127.0.0.1:9/nothing-listens-here")
        if path == "/slow-headers":
            time.sleep(slow)
            return self._send(200, ARTICLE_HTML.encode())
        if path == "/slow-drip":
            return self._drip(int(slow * 20), b"<p>a</p>")  # outlasts any test deadline
        return self._send(404, b"no route")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        """A client that hangs up early (a fetch stopped by its size or time limit, a pooled keep-alive
        connection closed) is what the hostile routes are for, not a server fault: stay quiet about it, so
        tests that check stderr see only the code under test. Anything else is still printed."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class LocalServer:
    """A threaded server on a free port of 127.0.0.1. ``slow_seconds``: how long the slow routes take."""

    def __init__(self, slow_seconds: float = 4.0):
        gzip_bomb()  # built now: building it inside the first request would time that request out
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.routes = {}  # type: ignore[attr-defined]
        self.httpd.requests = []  # type: ignore[attr-defined]  # (path, If-None-Match, If-Modified-Since)
        self.httpd.slow_seconds = slow_seconds  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200, *,
              etag: str | None = None, last_modified: str | None = None) -> str:
        """Add (or replace) a route; with ``etag``/``last_modified`` it answers conditional requests."""
        validators = {k: v for k, v in (("ETag", etag), ("Last-Modified", last_modified)) if v}
        self.httpd.routes[path] = (status, body, ctype, validators)  # type: ignore[attr-defined]
        return self.url(path)

    @property
    def requests(self) -> list[tuple[str, str | None, str | None]]:
        """Every request so far: (path, If-None-Match, If-Modified-Since)."""
        return self.httpd.requests  # type: ignore[attr-defined]

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
