"""A local HTTP server on 127.0.0.1 with canned routes for fetch and feed tests (never the internet)."""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_HTML = """<!doctype html><html><head><title>Strike on plant</title>
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


def rss(items: str, *, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel><title>Test wire</title>'
            f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>").encode()


def feed_items(base: str) -> str:
    long_text = "The ministry said the pause on strikes would hold for thirty days. " * 5
    return (f"<item><title>Plant hit</title><link>{base}/article.html</link>"
            f"<pubDate>Wed, 19 Mar 2025 08:00:00 GMT</pubDate></item>"
            f"<item><title>Gone</title><link>{base}/404</link><pubDate>not a date</pubDate></item>"
            f"<item><title>No link, text only</title><description>{long_text}</description>"
            f"<pubDate>32 Foo 2025</pubDate></item>"
            f"<item><title>Nothing at all</title></item>")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>"""

MALFORMED = b"<rss version='2.0'><channel><title>broken<item><title>x</title></item"


class _Handler(BaseHTTPRequestHandler):
    server_version = "TestServer"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):  # noqa: N802
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path.split("?")[0]
        routes = self.server.routes  # type: ignore[attr-defined]
        if path in routes:
            status, body, ctype = routes[path]
            return self._send(status, body, ctype)
        if path == "/article.html":
            return self._send(200, ARTICLE_HTML.encode())
        if path == "/ru.html":
            return self._send(200, RU_HTML.encode("cp1251"), "text/html; charset=windows-1251")
        if path == "/plain.txt":
            return self._send(200, b"URL: https://example.org/plain\nDATE: 2025-03-19\n\nPlain body text here.",
                              "text/plain")
        if path == "/404":
            return self._send(404, b"not found")
        if path == "/pdf":
            return self._send(200, b"%PDF-1.4 ...", "application/pdf")
        if path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/redirect-once":
            self.send_response(301)
            self.send_header("Location", "/article.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/big":
            return self._send(200, b"<html><body><p>" + b"a" * 3_000_000 + b"</p></body></html>")
        if path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(100):
                    chunk = b"b" * 65536
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/gzip-bomb":
            body = self.server.bomb  # type: ignore[attr-defined]
            return self._send(200, body, "text/html", {"Content-Encoding": "gzip"})
        if path == "/gzip-ok":
            return self._send(200, gzip.compress(ARTICLE_HTML.encode()), "text/html", {"Content-Encoding": "gzip"})
        if path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"x" * 10)
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/hang":
            time.sleep(3)
            return self._send(200, b"late")
        if path == "/feed.xml":
            return self._send(200, rss(feed_items(base)), "application/rss+xml")
        if path == "/bomb-feed.xml":
            return self._send(200, BILLION_LAUGHS, "application/rss+xml")
        if path == "/xxe-feed.xml":
            return self._send(200, XXE, "application/rss+xml")
        if path == "/malformed-feed.xml":
            return self._send(200, MALFORMED, "application/rss+xml")
        return self._send(404, b"no route")


class LocalServer:
    """``with LocalServer() as srv: srv.url("/article.html")``."""

    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.routes = {}  # type: ignore[attr-defined]
        self.httpd.bomb = gzip.compress(b"<html><body>" + b"0" * 60_000_000, compresslevel=9)  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def route(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200) -> str:
        self.httpd.routes[path] = (status, body, ctype)  # type: ignore[attr-defined]
        return self.url(path)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
