"""Fetch URLs over HTTP(S) safely: timeouts, a size cap, a redirect limit, a content-type check
and protection against compression bombs.

The body is streamed as raw (still compressed) bytes and decompressed here with a cap on the
*decompressed* size, so a small gzip bomb stops at the cap instead of filling memory. A
wall-clock deadline stops servers that drip bytes slowly. The size, time and redirect guards
are the ones files and feeds use too (``tracker.ingest.guards``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from tracker.errors import InputError
from tracker.ingest import guards, readers

USER_AGENT = "tracker/0.1 (+https://github.com/; fact-checking contradiction tracker)"

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "application/json", "application/x-ndjson", "application/jsonl"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json"}


_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(InputError):
    """A URL could not be fetched (network, HTTP status, limits, content type)."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # whole request, seconds
    max_bytes: int = field(default_factory=guards.max_input_bytes)
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # final URL after redirects
    requested_url: str
    status: int
    content_type: str  # media type, lower case, no parameters
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """A 304 answer to a conditional request (no body)."""
        return self.status == 304


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
            raise guards.cap_exceeded(origin=self.origin, cap=self.cap, what="response",
                                      decompressed=self.obj is not None, error=FetchError)

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
          allowed_types: set[str] | None = None, block_private: bool = False,
          headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` within the limits. Raises FetchError with a one-line reason.

    Redirects are followed here, hop by hop, so that each hop is checked: only http(s), at most
    ``limits.max_redirects``, and with ``block_private`` never to a loopback/private address.
    ``headers`` are sent with every hop (conditional-request validators); a ``304`` answer is
    returned with an empty body (``Fetched.not_modified``).
    """
    limits = limits or FetchLimits()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{url}: not an http(s) URL")
    own = client is None
    client = client or make_client(limits)
    deadline = guards.Deadline(limits.deadline, origin=url, error=FetchError)
    current = url
    try:
        for hop in range(limits.max_redirects + 1):
            if block_private and is_private_host(current):
                raise FetchError(f"{url}: refused: {'redirected to ' if current != url else ''}a private or "
                                 "loopback address")
            with client.stream("GET", current, follow_redirects=False, headers=headers) as resp:
                if resp.status_code not in _REDIRECTS:  # httpx's is_redirect also counts 304
                    return _read_response(resp, url, limits, allowed_types, deadline)
                current = guards.redirect_target(str(resp.url), resp.headers.get("location"), origin=url,
                                                 hops=hop + 1, max_redirects=limits.max_redirects,
                                                 error=FetchError)
        raise guards.too_many_redirects(origin=url, max_redirects=limits.max_redirects, error=FetchError)
    except FetchError:
        raise
    except httpx.TooManyRedirects as e:
        raise guards.too_many_redirects(origin=url, max_redirects=limits.max_redirects, error=FetchError) from e
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
                   deadline: guards.Deadline) -> Fetched:
    if resp.status_code >= 400:
        raise FetchError(f"{url}: HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
    ctype, charset = _media_type(resp.headers.get("content-type"))
    validators = {"etag": resp.headers.get("etag"), "last_modified": resp.headers.get("last-modified")}
    if resp.status_code == 304:
        return Fetched(url=str(resp.url), requested_url=url, status=304, content_type=ctype, charset=charset,
                       body=b"", **validators)
    if allowed_types is not None and ctype and ctype not in allowed_types:
        raise FetchError(f"{url}: unsupported content type {ctype}")
    length = resp.headers.get("content-length")
    if length and length.isdigit():
        guards.check_size(int(length), origin=url, cap=limits.max_bytes, what="response", declared=True,
                          error=FetchError)
    decoder = _Decoder(resp.headers.get("content-encoding", ""), limits.max_bytes, url)
    for chunk in resp.iter_raw():
        decoder.feed(chunk)
        deadline.check()
    body = decoder.finish()
    return Fetched(url=str(resp.url), requested_url=url, status=resp.status_code,
                   content_type=ctype, charset=charset, body=body, **validators)


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
    return read_fetched(f, origin=url)


def read_fetched(f: Fetched, *, origin: str) -> list[readers.ReadItem]:
    """Read a fetched page that is not a feed: HTML through trafilatura, else text or JSON."""
    if f.content_type in HTML_TYPES or (not f.content_type and f.body.lstrip()[:1] == b"<"):
        text, _ = readers.decode_bytes(f.body, origin=f.url, declared=f.charset or readers._meta_charset(f.body))
        return [readers.ReadItem(origin, readers.parse_html(text, url=f.url, origin=origin))]
    return readers.read_bytes(f.body, origin=origin, url=f.url, content_type=f.content_type, charset=f.charset)
