"""Fetch URLs over HTTP(S) safely: timeouts, a size cap, a redirect limit, a content-type check
and protection against compression bombs.

The body is streamed as raw (still compressed) bytes and decompressed here with a cap on the
*decompressed* size, so a small gzip bomb stops at :data:`MAX_INPUT_BYTES` instead of filling
memory. A wall-clock deadline stops servers that drip bytes slowly.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from tracker.errors import InputError
from tracker.ingest import readers

USER_AGENT = "tracker/0.1 (+https://github.com/; fact-checking contradiction tracker)"

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "application/json", "application/x-ndjson", "application/jsonl"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json"}


class FetchError(InputError):
    """A URL could not be fetched (network, HTTP status, limits, content type)."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # whole request, seconds
    max_bytes: int = field(default_factory=lambda: readers.MAX_INPUT_BYTES)
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # final URL after redirects
    requested_url: str
    status: int
    content_type: str  # media type, lower case, no parameters
    charset: str | None
    body: bytes


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip("\"' ") or None
    return parts[0].lower(), charset


class _Decoder:
    """Incremental gzip/deflate decoding with a cap on the output size."""

    def __init__(self, encoding: str, cap: int, origin: str):
        self.cap = cap
        self.origin = origin
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self.obj = None
        elif enc in ("gzip", "x-gzip"):
            self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self.obj = zlib.decompressobj(zlib.MAX_WBITS)
            self._deflate_raw_fallback = True
        else:
            raise FetchError(f"{origin}: unsupported content encoding {encoding!r}")
        self.out = bytearray()

    def _check(self, extra: int) -> None:
        if len(self.out) + extra > self.cap:
            raise FetchError(f"{self.origin}: response too large (more than {self.cap:,} bytes"
                             f"{' after decompression' if self.obj else ''}; capped)")

    def feed(self, chunk: bytes) -> None:
        if self.obj is None:
            self._check(len(chunk))
            self.out += chunk
            return
        data = chunk
        while data:
            room = self.cap - len(self.out) + 1
            try:
                piece = self.obj.decompress(data, room)
            except zlib.error as e:
                if getattr(self, "_deflate_raw_fallback", False) and not self.out:
                    # Some servers send raw deflate without the zlib header.
                    self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._deflate_raw_fallback = False
                    continue
                raise FetchError(f"{self.origin}: corrupt compressed response ({e})") from e
            self._check(len(piece))
            self.out += piece
            data = self.obj.unconsumed_tail
            if self.obj.eof:
                break

    def finish(self) -> bytes:
        if self.obj is not None:
            try:
                rest = self.obj.flush()
            except zlib.error as e:
                raise FetchError(f"{self.origin}: corrupt compressed response ({e})") from e
            self._check(len(rest))
            self.out += rest
        return bytes(self.out)


def make_client(limits: FetchLimits | None = None) -> httpx.Client:
    limits = limits or FetchLimits()
    return httpx.Client(
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                 "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                           "application/xml;q=0.9,text/plain;q=0.8,application/json;q=0.8,*/*;q=0.1"},
        trust_env=False,
    )


def fetch(url: str, *, client: httpx.Client | None = None, limits: FetchLimits | None = None,
          allowed_types: set[str] | None = None, block_private: bool = False) -> Fetched:
    """GET ``url`` within the limits. Raises FetchError with a one-line reason.

    Redirects are followed here, hop by hop, so that each hop is checked: only http(s), at most
    ``limits.max_redirects``, and with ``block_private`` never to a loopback/private address.
    """
    limits = limits or FetchLimits()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{url}: not an http(s) URL")
    own = client is None
    client = client or make_client(limits)
    started = time.monotonic()
    current = url
    try:
        for _hop in range(limits.max_redirects + 1):
            if block_private and is_private_host(current):
                raise FetchError(f"{url}: refused: {'redirected to ' if current != url else ''}a private or "
                                 "loopback address")
            with client.stream("GET", current, follow_redirects=False) as resp:
                if resp.is_redirect:
                    location = resp.headers.get("location")
                    if not location:
                        raise FetchError(f"{url}: redirect without a Location header")
                    current = urljoin(str(resp.url), location.strip())
                    if urlsplit(current).scheme not in ("http", "https"):
                        raise FetchError(f"{url}: redirected to a non-http URL ({current[:80]})")
                    continue
                return _read_response(resp, url, limits, allowed_types, started)
        raise FetchError(f"{url}: too many redirects (more than {limits.max_redirects})")
    except FetchError:
        raise
    except httpx.TooManyRedirects as e:
        raise FetchError(f"{url}: too many redirects (more than {limits.max_redirects})") from e
    except httpx.TimeoutException as e:
        raise FetchError(f"{url}: timed out ({type(e).__name__})") from e
    except httpx.ConnectError as e:
        raise FetchError(f"{url}: cannot connect ({_short(e)})") from e
    except httpx.InvalidURL as e:
        raise FetchError(f"{url}: invalid URL ({_short(e)})") from e
    except httpx.HTTPError as e:
        raise FetchError(f"{url}: {type(e).__name__} ({_short(e)})") from e
    finally:
        if own:
            client.close()


def _read_response(resp: httpx.Response, url: str, limits: FetchLimits, allowed_types: set[str] | None,
                   started: float) -> Fetched:
    if resp.status_code >= 400:
        raise FetchError(f"{url}: HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
    ctype, charset = _media_type(resp.headers.get("content-type"))
    if allowed_types is not None and ctype and ctype not in allowed_types:
        raise FetchError(f"{url}: unsupported content type {ctype}")
    length = resp.headers.get("content-length")
    if length and length.isdigit() and int(length) > limits.max_bytes:
        raise FetchError(f"{url}: response too large ({int(length):,} bytes declared; "
                         f"the cap is {limits.max_bytes:,})")
    decoder = _Decoder(resp.headers.get("content-encoding", ""), limits.max_bytes, url)
    for chunk in resp.iter_raw():
        decoder.feed(chunk)
        if time.monotonic() - started > limits.deadline:
            raise FetchError(f"{url}: too slow (no complete response within {limits.deadline:g} s)")
    body = decoder.finish()
    return Fetched(url=str(resp.url), requested_url=url, status=resp.status_code,
                   content_type=ctype, charset=charset, body=body)


def is_private_host(url: str) -> bool:
    """True when the URL's host is, or resolves to, a loopback, private, link-local or reserved address."""
    import ipaddress
    import socket

    host = urlsplit(url).hostname
    if not host:
        return False
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False  # unresolvable: the fetch itself will fail with a clear reason
    for info in infos:
        try:
            ip = ipaddress.ip_address(info[4][0].split("%")[0])
        except ValueError:
            continue
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast \
                or ip.is_unspecified:
            return True
    return False


def _short(e: Exception) -> str:
    text = str(e) or type(e).__name__
    return text.splitlines()[0][:160]


def is_feed_response(f: Fetched) -> bool:
    if f.content_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return True
    if f.content_type in ("application/xml", "text/xml", ""):
        import re

        return bool(re.search(rb"<(rss|feed|rdf:rdf)[\s>]", f.body[:4096].lower()))
    return False


def fetch_document(url: str, *, client: httpx.Client | None = None, limits: FetchLimits | None = None,
                   block_private: bool = False) -> list[readers.ReadItem]:
    """Fetch one article URL and read it (HTML through trafilatura, or text/JSON)."""
    f = fetch(url, client=client, limits=limits, allowed_types=HTML_TYPES | TEXT_TYPES | {""},
              block_private=block_private)
    if f.content_type in HTML_TYPES or (not f.content_type and f.body.lstrip()[:1] == b"<"):
        doc = readers.parse_html(_decode_html(f), url=f.url, origin=url)
        return [readers.ReadItem(url, _with_url(doc, f.url))]
    return readers.read_bytes(f.body, origin=url, url=f.url, content_type=f.content_type, charset=f.charset)


def _decode_html(f: Fetched) -> str:
    text, _ = readers.decode_bytes(f.body, origin=f.url, declared=f.charset or readers._meta_charset(f.body))
    return text


def _with_url(doc, url: str):
    from dataclasses import replace

    # Keep the canonical URL trafilatura found (link rel=canonical) when it is absolute.
    if doc.url and doc.url.startswith(("http://", "https://")):
        return doc
    return replace(doc, url=url)
