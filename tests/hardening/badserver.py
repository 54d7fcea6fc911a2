"""A hostile HTTP server on 127.0.0.1 for the hardening tests (never the internet).

Routes: a good article (control), a gzip bomb, endless and looping redirects, slow headers,
a slow drip, wrong content types, 404/410/500, a truncated body, a huge declared length,
entity-bomb and XXE feeds, and a feed whose entries link to all of the above.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

EN = ("The ministry said on Monday it would pause strikes on energy infrastructure for thirty days. "
      "The next night a drone hit the main power station in Kharkiv, officials said.")
RU = ("Министерство обороны заявило, что удары по энергетической инфраструктуре будут приостановлены "
      "на тридцать дней. Однако следующей ночью беспилотник атаковал электростанцию в Харькове.")
ARTICLE = (f"<!doctype html><html lang='en'><head><title>Plant hit</title><script>alert(1)</script></head>"
           f"<body><iframe src='/404'></iframe><article><h1>Plant hit</h1><p>{EN}</p>"
           "<p>Repair crews worked through the night, the governor said.</p></article></body></html>")


def _gzip_bomb(decompressed: int = 200 * 1024 * 1024) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        block = b"\0" * (1024 * 1024)
        for _ in range(decompressed // len(block)):
            gz.write(block)
    return buf.getvalue()


_BOMB = None
GENERATOR = Path(__file__).resolve().parents[1] / "resources" / "bad" / "generate.py"


def load_generator():  # noqa: ANN201
    """tests/resources/bad/generate.py as a module (tests/ is not a package)."""
    name = "tracker_bad_corpus_generator"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GENERATOR)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def gzip_bomb() -> bytes:
    global _BOMB
    if _BOMB is None:
        _BOMB = _gzip_bomb()
    return _BOMB


def rss(items: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel><title>Hostile wire</title>'
            f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>").encode()


class Handler(BaseHTTPRequestHandler):
    server_version = "BadServer"
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

    def do_GET(self):  # noqa: N802, C901
        path = self.path.split("?")[0]
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path == "/article.html":
            return self._send(200, ARTICLE.encode())
        if path == "/article-cp1251.html":
            body = f"<html><head><meta charset='windows-1251'></head><body><article><p>{RU}</p></article></body></html>"
            return self._send(200, body.encode("cp1251"), "text/html")
        if path == "/wrong-charset.txt":  # declares utf-8, sends koi8-r
            return self._send(200, (RU + " " + RU).encode("koi8-r"), "text/plain; charset=utf-8")
        if path == "/gzip-bomb":
            return self._send(200, gzip_bomb(), "text/html", {"Content-Encoding": "gzip"})
        if path == "/gzip-corrupt":
            return self._send(200, b"\x1f\x8b\x08\x00garbage-not-gzip" * 10, "text/html", {"Content-Encoding": "gzip"})
        if path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            return self._send(302, b"", None, {"Location": f"/redirect/{n + 1}"})
        if path == "/redirect-loop":
            return self._send(301, b"", None, {"Location": "/redirect-loop"})
        if path == "/redirect-offsite":
            return self._send(302, b"", None, {"Location": "http://127.0.0.1:9/nothing-listens-here"})
        if path == "/slow-headers":
            time.sleep(self.server.slow_seconds)  # type: ignore[attr-defined]
            return self._send(200, ARTICLE.encode())
        if path == "/slow-drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(int(self.server.slow_seconds * 10)):  # type: ignore[attr-defined]
                    self.wfile.write(b"<p>a</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/image.png":
            return self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 500, "image/png")
        if path == "/octet":
            return self._send(200, EN.encode(), "application/octet-stream")
        if path == "/pdf":
            return self._send(200, b"%PDF-1.4 binary", "application/pdf")
        if path == "/html-as-json":
            return self._send(200, ARTICLE.encode(), "application/json")
        if path == "/empty":
            return self._send(200, b"", "text/html")
        if path == "/truncated":
            return self._send(200, ARTICLE.encode()[:50], "text/html", length=len(ARTICLE) * 3)
        if path == "/huge-declared":
            return self._send(200, b"x" * 10, "text/html", length=10 * 1024**3)
        if path == "/404":
            return self._send(404, b"not found")
        if path == "/410":
            return self._send(410, b"gone")
        if path == "/500":
            return self._send(500, b"boom")
        if path == "/feed-bomb.rss":
            return self._send(200, load_generator().BILLION_LAUGHS.encode(), "application/rss+xml")
        if path == "/feed-xxe.rss":
            return self._send(200, load_generator().XXE.encode(), "application/rss+xml")
        if path == "/feed-links.rss":
            items = "".join(
                f"<item><title>{name}</title><link>{base}{name}</link><pubDate>not a date</pubDate></item>"
                for name in ("/article.html", "/404", "/gzip-bomb", "/redirect-loop", "/image.png", "/500"))
            items += f"<item><title>Text only</title><description>{EN} {EN} {EN}</description></item>"
            items += "<item><title>Nothing at all</title></item>"
            return self._send(200, rss(items), "application/rss+xml")
        return self._send(404, b"no route")


class BadServer:
    def __init__(self, slow_seconds: float = 3.0):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.slow_seconds = slow_seconds  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> BadServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# route -> (kind, expected: "stored" | "failed" | "any", word in the reason when failed)
URL_KINDS = {
    "/article.html": ("good article (control)", "stored", ""),
    "/article-cp1251.html": ("windows-1251 HTML with a meta charset", "stored", ""),
    "/wrong-charset.txt": ("koi8-r body declared as utf-8", "any", ""),
    "/gzip-bomb": ("gzip bomb (200 MB of zeros)", "failed", "large"),
    "/gzip-corrupt": ("corrupt gzip body", "failed", ""),
    "/redirect/0": ("endless redirects", "failed", "redirect"),
    "/redirect-loop": ("redirect loop", "failed", "redirect"),
    "/redirect-offsite": ("redirect to a closed port", "failed", ""),
    "/slow-headers": ("slow response headers", "failed", ""),
    "/slow-drip": ("slow drip body", "failed", ""),
    "/image.png": ("wrong content type: image/png", "failed", "content type"),
    "/octet": ("wrong content type: octet-stream", "any", ""),
    "/pdf": ("wrong content type: application/pdf", "failed", "content type"),
    "/html-as-json": ("HTML served as JSON", "any", ""),
    "/empty": ("empty 200 response", "any", ""),
    "/truncated": ("truncated body", "any", ""),
    "/huge-declared": ("10 GB declared length", "failed", "large"),
    "/404": ("HTTP 404", "failed", "404"),
    "/410": ("HTTP 410", "failed", "410"),
    "/500": ("HTTP 500", "failed", "500"),
    "/feed-bomb.rss": ("feed with an entity bomb", "failed", "entit"),
    "/feed-xxe.rss": ("feed with XXE", "failed", "entit"),
    "/feed-links.rss": ("feed linking to failures", "any", ""),
}
