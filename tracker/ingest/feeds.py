"""RSS and Atom feeds: parsed safely, then each linked article is fetched.

feedparser is tolerant but it is not a hardened XML parser, so the bytes are screened first
with defusedxml: a document type that declares entities (billion laughs, quadratic blow-up)
or refers to external entities (XXE) is refused before feedparser sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tracker.errors import InputError
from tracker.ingest import guards, readers
from tracker.records import DocumentInput

#: A feed entry whose own text is at least this long is used when its link cannot be fetched.
MIN_ENTRY_TEXT = 200
MAX_ENTRIES = 1000

_DOCTYPE_RE = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.I)
_ENTITY_RE = re.compile(rb"<!ENTITY", re.I)


class FeedError(InputError):
    """A feed is malformed or unsafe."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    index: int
    link: str | None
    title: str | None
    published: object  # date | None
    text: str | None  # the entry's own content or summary, as text
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    origin: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    bozo: str | None = None  # feedparser's complaint, when the feed was parsed leniently


def screen_xml(data: bytes, *, origin: str) -> None:
    """Refuse XML that declares entities or external references (entity bombs, XXE)."""
    import defusedxml
    import defusedxml.ElementTree as DET

    try:
        DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as e:
        raise FeedError(f"{origin}: feed declares XML entities (refused: entity expansion is unsafe)") from e
    except defusedxml.ExternalReferenceForbidden as e:
        raise FeedError(f"{origin}: feed refers to external XML entities (refused: XXE)") from e
    except defusedxml.DefusedXmlException as e:
        raise FeedError(f"{origin}: unsafe XML ({type(e).__name__})") from e
    except Exception:
        # Not well-formed: feedparser's lenient parser may still read it, but never with a DTD
        # internal subset or entity declarations, which that parser would not screen.
        head = data[:1_000_000]
        if _ENTITY_RE.search(head) or _DOCTYPE_RE.search(head):
            raise FeedError(f"{origin}: malformed feed that declares XML entities (refused)") from None


def _entry_text(entry) -> str | None:
    parts = []
    for c in entry.get("content") or []:
        if c.get("value"):
            parts.append(c["value"])
    if not parts and entry.get("summary"):
        parts.append(entry["summary"])
    if not parts:
        return None
    html = "\n".join(parts)
    if "<" in html:
        text = readers._fallback_html_text(f"<html><body>{html}</body></html>") or re.sub(r"<[^>]+>", " ", html)
    else:
        text = html
    text = readers.clean_text(text).strip()
    return text or None


def parse_feed_bytes(data: bytes, *, origin: str) -> Feed:
    """Parse RSS/Atom bytes into entries. Raises FeedError for unsafe or unreadable feeds."""
    import feedparser

    guards.check_not_empty(data, origin=origin, what="feed")
    guards.check_size(len(data), origin=origin, what="feed")
    screen_xml(data, origin=origin)
    # Bytes, never a str: feedparser treats a str as a URL or a file name.
    parsed = feedparser.parse(bytes(data), sanitize_html=True, resolve_relative_uris=True)
    bozo = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        bozo = f"{type(exc).__name__}: {str(exc)[:120]}" if exc else "malformed"
    version = parsed.get("version") or ""
    if not parsed.entries and (bozo or not version):
        raise FeedError(f"{origin}: malformed feed ({bozo or 'not RSS or Atom'})")
    feed_lang = readers.language_code(parsed.feed.get("language"))
    import warnings

    with warnings.catch_warnings():
        # feedparser warns when "updated" falls back to "published"; both are read on purpose.
        warnings.simplefilter("ignore", DeprecationWarning)
        entries = _entries(parsed, feed_lang)
    return Feed(origin=origin, title=parsed.feed.get("title"), entries=tuple(entries), bozo=bozo)


def _entries(parsed, feed_lang: str | None) -> list[FeedEntry]:
    entries = []
    for i, e in enumerate(parsed.entries[:MAX_ENTRIES]):
        link = e.get("link")
        if isinstance(link, str):
            link = link.strip() or None
            if link and not link.startswith(("http://", "https://")):
                link = None
        published = None
        for key in ("published", "updated", "created"):
            published = readers.parse_date(e.get(key))
            if published:
                break
        if published is None:
            for key in ("published_parsed", "updated_parsed"):
                t = e.get(key)
                if t:
                    try:
                        import datetime as dt

                        published = dt.date(t.tm_year, t.tm_mon, t.tm_mday)
                    except (ValueError, AttributeError):
                        published = None
                    break
        entries.append(FeedEntry(index=i, link=link, title=(e.get("title") or None), published=published,
                                 text=_entry_text(e), language=feed_lang))
    return entries


def entry_document(entry: FeedEntry, *, origin: str, url: str | None = None) -> DocumentInput:
    """A DocumentInput from the entry's own text (used when there is no fetchable link)."""
    return DocumentInput(body=entry.text or "", url=url or entry.link, title=entry.title,
                         published=entry.published, language=entry.language, raw_format="feed",
                         origin=origin)


def read_feed(feed: Feed, *, client=None, limits=None, fetch_links: bool = True) -> Iterator[readers.ReadItem]:
    """Each entry of ``feed`` as a read outcome: its linked article fetched, or its own text."""
    from dataclasses import replace

    from tracker.ingest import fetch as fetch_mod

    # Links inside a feed are not the operator's: they may reach internal addresses only when the
    # feed itself lives on one (an intranet feed), never from a public feed (SSRF).
    feed_private = feed.origin.startswith(("http://", "https://")) and fetch_mod.is_private_host(feed.origin)
    local_file = not feed.origin.startswith(("http://", "https://"))
    for entry in feed.entries:
        where = entry.link or f"{feed.origin}#entry{entry.index}"
        if entry.link and fetch_links:
            try:
                items = fetch_mod.fetch_document(entry.link, client=client, limits=limits,
                                                 block_private=not (feed_private or local_file))
            except InputError as e:
                if entry.text and len(entry.text) >= MIN_ENTRY_TEXT:
                    yield readers.ReadItem(where, entry_document(entry, origin=where))
                else:
                    yield readers.ReadItem(where, error=str(e))
                continue
            for it in items:
                if it.document is not None:
                    doc = it.document
                    # The feed knows the title and date even when the page does not say.
                    doc = replace(doc, title=doc.title or entry.title, published=doc.published or entry.published,
                                  language=doc.language or entry.language)
                    yield readers.ReadItem(it.origin, doc)
                else:
                    yield it
        elif entry.text:
            yield readers.ReadItem(where, entry_document(entry, origin=where))
        else:
            yield readers.ReadItem(where, error=f"{where}: feed entry has no link and no text")


# --------------------------------------------------------------------------- feeds files


DEFAULT_SCHEDULE = "*/30 * * * *"


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One line of a feeds file: a feed or a page URL, with its own cron schedule."""

    url: str
    name: str | None = None
    schedule: str = DEFAULT_SCHEDULE
    kind: str = "auto"  # auto | feed | url
    language: str | None = None
    enabled: bool = True

    @property
    def key(self) -> str:
        return self.name or self.url


def load_feeds_file(path) -> list[FeedSpec]:
    """Read a YAML or TOML feeds file.

    YAML::

        defaults: {schedule: "*/30 * * * *"}
        feeds:
          - {name: Example wire, url: https://example.org/rss.xml, schedule: "0 * * * *"}
        urls:
          - https://example.org/news/123

    TOML: ``[[feeds]]`` tables with the same keys, and an optional ``urls = [...]`` list.
    Raises ConfigError with the file name and the entry at fault.
    """
    from pathlib import Path

    from tracker.errors import ConfigError

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"feeds file {path}: cannot read: {e.strerror or e}") from e
    try:
        if path.suffix.lower() == ".toml":
            import tomllib

            data = tomllib.loads(raw.decode("utf-8"))
        else:
            import yaml

            data = yaml.safe_load(raw.decode("utf-8"))
    except Exception as e:  # noqa: BLE001 - YAML, TOML and Unicode errors alike
        raise ConfigError(f"feeds file {path}: not valid {'TOML' if path.suffix == '.toml' else 'YAML'}: "
                          f"{str(e).splitlines()[0][:160]}") from e
    if data is None:
        return []
    if isinstance(data, list):
        data = {"feeds": data}
    if not isinstance(data, dict):
        raise ConfigError(f"feeds file {path}: expected a mapping with 'feeds' and/or 'urls'")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ConfigError(f"feeds file {path}: 'defaults' must be a mapping")
    specs: list[FeedSpec] = []
    for section, kind in (("feeds", "auto"), ("urls", "url")):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise ConfigError(f"feeds file {path}: '{section}' must be a list")
        for n, entry in enumerate(entries):
            if isinstance(entry, str):
                entry = {"url": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
                raise ConfigError(f"feeds file {path}: {section}[{n}] needs a 'url'")
            url = entry["url"].strip()
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"feeds file {path}: {section}[{n}]: {url!r} is not an http(s) URL")
            schedule = str(entry.get("schedule") or defaults.get("schedule") or DEFAULT_SCHEDULE).strip()
            _check_cron(schedule, f"feeds file {path}: {section}[{n}]")
            specs.append(FeedSpec(url=url, name=entry.get("name") or None, schedule=schedule,
                                  kind=str(entry.get("kind") or defaults.get("kind") or kind),
                                  language=entry.get("language") or defaults.get("language"),
                                  enabled=bool(entry.get("enabled", True))))
    keys = [s.key for s in specs]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise ConfigError(f"feeds file {path}: duplicate entries {sorted(dupes)} (names must be unique)")
    return specs


def _check_cron(expr: str, where: str) -> None:
    from tracker.errors import ConfigError

    try:
        from croniter import croniter
    except ImportError:  # croniter comes with procrastinate; without it only count the fields
        if len(expr.split()) not in (5, 6):
            raise ConfigError(f"{where}: schedule {expr!r} is not a cron expression") from None
        return
    if not croniter.is_valid(expr):
        raise ConfigError(f"{where}: schedule {expr!r} is not a valid cron expression (e.g. '*/30 * * * *')")
