"""Turn raw bytes from files (and fetched responses) into DocumentInput records.

Formats: the header format (URL/DATE/LANG/TITLE lines, a blank line, the body), bare text,
HTML (main text through trafilatura), JSON and JSONL records, RSS/Atom feeds (see
``tracker.ingest.feeds``). Bytes are decoded as UTF-8 when they are UTF-8, else the legacy
encoding that fits (cp1256, windows-1251, koi8-r, ...), checked for plausibility of the
script rather than trusted blindly.

Every problem with one item is an :class:`tracker.errors.InputError` with a one-line reason
(the size cap is shared with fetch and feeds: ``tracker.ingest.guards``);
``iter_items`` turns a list of paths into per-item outcomes so that one bad file never stops
a batch.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

from tracker.errors import InputError
from tracker.ingest import guards
from tracker.ingest.guards import EmptyInputError, TooLargeError  # noqa: F401 - EmptyInputError is re-exported
from tracker.records import DocumentInput

logger = logging.getLogger(__name__)

#: HTML with more elements than this is refused (a "huge DOM").
MAX_HTML_ELEMENTS = 50_000
#: Largest body kept after extraction, in characters.
MAX_BODY_CHARS = 2_000_000

_HEADER_RE = re.compile(r"^(URL|DATE|LANG|TITLE):[ \t]?(.*)$")
#: Bidirectional embedding/override/isolate controls ("Trojan source" characters).
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
#: Other C0 controls (not tab, newline, carriage return) become spaces, keeping lengths.
_C0 = {c: " " for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
#: Files skipped silently when walking a directory (not reported as failures).
_SKIP_NAMES = {".DS_Store", "Thumbs.db", "gold.yaml"}


class BinaryInputError(InputError):
    """The item is binary data, not text."""


class DecodeError(InputError):
    """The bytes fit no supported text encoding."""


class FormatError(InputError):
    """The item claims a format (JSON, HTML, feed) but does not parse as one."""


# --------------------------------------------------------------------------- dates


def parse_date(value: object) -> dt.date | None:
    """Parse YYYY-MM-DD, an ISO timestamp or an RFC 822 date; "unknown", blanks and junk give None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        return None
    value = str(value).strip()
    if not value or value.lower() == "unknown":
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        try:
            day = parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if not (1900 <= day.year <= 2200):
        return None
    return day


def language_code(value: str | None) -> str | None:
    """The primary language subtag, lower case: "en-US" -> "en", "AR" -> "ar", junk -> None."""
    if not value:
        return None
    code = re.split(r"[-_\s]", value.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


# --------------------------------------------------------------------------- decoding

#: Characters typical of UTF-8 or a legacy encoding read as the wrong one.
_MOJIBAKE = set("ÃÂÐÑØÙ¤¦§¨©ª«¬®¯°±²³´µ¶·¸¹º¼½¾¿")
_CYR_COMMON = set("оеаинтсрвлкмдпуяыіьзгбчйх")
_AR_COMMON = set("اليمنوتبرعهدفقسكحجة")


def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x250:
        return "latin"
    if 0x400 <= o <= 0x52F:
        return "cyrillic"
    if 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0xFB50 <= o <= 0xFEFF:
        return "arabic"
    if 0x370 <= o <= 0x3FF:
        return "greek"
    return "other"


def plausibility(text: str) -> float:
    """How much ``text`` looks like real prose in one script, 0..1.

    Used to choose between legacy encodings: koi8-r read as cp1251 gives mostly capital
    letters, Arabic read as cp1251 gives a case salad, CJK from a wrong guess counts as junk.
    """
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return 0.0
    junk = sum(1 for c in sample if c == "\ufffd" or c in _MOJIBAKE
               or unicodedata.category(c) in ("Co", "Cn", "Cc", "So") and c not in "\n\r\t")
    counts: dict[str, int] = {}
    for c in letters:
        s = _script(c)
        counts[s] = counts.get(s, 0) + 1
    main, n_main = max(counts.items(), key=lambda kv: kv[1])
    if main in ("other", "greek"):
        return 0.05 * n_main / len(letters)
    purity = n_main / len(letters)
    main_letters = [c for c in letters if _script(c) == main]
    if main == "cyrillic":
        lower = sum(1 for c in main_letters if c.islower()) / len(main_letters)
        common = sum(1 for c in main_letters if c in _CYR_COMMON) / len(main_letters)
        quality = 0.5 * lower + 0.5 * min(1.0, common / 0.75)
    elif main == "arabic":
        common = sum(1 for c in main_letters if c in _AR_COMMON) / len(main_letters)
        quality = min(1.0, common / 0.7)
    else:
        ascii_share = sum(1 for c in main_letters if c.isascii()) / len(main_letters)
        quality = 0.4 + 0.6 * ascii_share
    penalty = min(1.0, 20 * junk / max(1, len(sample)))
    return max(0.0, purity * quality - penalty)


_LEGACY_CANDIDATES = ("cp1251", "koi8-r", "koi8-u", "cp1256", "iso-8859-6", "cp1252", "iso-8859-5", "cp866")


def decode_bytes(data: bytes, *, origin: str = "input", declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text. Returns ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as is. Otherwise a declared
    charset (HTTP header, ``<meta charset>``) and the usual legacy encodings are tried and the
    most plausible reading wins. UTF-8 with a few broken bytes is repaired with U+FFFD.
    A few stray NUL bytes in otherwise good text are removed (with a warning); binary data
    (see :func:`check_not_binary`) and undecodable bytes raise InputError subclasses.
    """
    guards.check_not_empty(data, origin=origin)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise DecodeError(f"{origin}: broken UTF-16") from e
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    nul = check_not_binary(data, origin=origin)
    text, enc = _decode_text(data, origin=origin, declared=declared)
    if nul:
        logger.warning("%s: removed %d stray NUL byte%s from the text", origin, nul, "" if nul == 1 else "s")
        text = text.replace("\x00", "")
    return text, enc


#: Signatures of common binary formats, named in the reason a binary item is refused with.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/ODT)"),
    (b"\x1f\x8b", "gzip-compressed data"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"OggS", "Ogg audio/video"),
)
#: C0 control bytes that never occur in text (not tab, newlines, form feed or ESC).
_CONTROL_BYTES = bytes([*range(1, 9), 11, *range(14, 27), *range(28, 32)])
_CONTROL_TABLE = bytes(range(256))
_SAMPLE = 65536


def check_not_binary(data: bytes, *, origin: str = "input") -> int:
    """Raise BinaryInputError when ``data`` is binary; return how many NUL bytes it holds.

    Proportionate: a few stray NUL or control bytes in text (a bad export, a copy-paste) are
    allowed, up to 8 or 2 % of the first 64 KiB, and NULs up to 2 % of the whole item. A known
    binary signature (PNG, PDF, ZIP, gzip, ...) is refused by name.
    """
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(f"{origin}: binary data ({name}), not text")
    head = data[:_SAMPLE]
    nul_head = head.count(b"\x00")
    controls = len(head) - len(head.translate(_CONTROL_TABLE, _CONTROL_BYTES))
    allowed = max(8, len(head) // 50)
    if nul_head + controls > allowed:
        parts = [f"{n:,} {what}" for n, what in ((nul_head, "NUL"), (controls, "control")) if n]
        raise BinaryInputError(f"{origin}: binary data ({' and '.join(parts)} bytes in the first "
                               f"{len(head):,} bytes), not text")
    nul = nul_head if len(data) <= _SAMPLE else data.count(b"\x00")
    if nul > max(8, len(data) // 50):
        raise BinaryInputError(f"{origin}: binary data ({nul:,} NUL bytes in {len(data):,}), not text")
    return nul


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: NULs in every other byte, and readable when decoded."""
    head = data[:_SAMPLE - _SAMPLE % 2]
    if len(head) < 16 or head.count(b"\x00") < len(head) // 4:
        return None
    even, odd = head[0::2].count(b"\x00"), head[1::2].count(b"\x00")
    half = len(head) // 2
    enc = "utf-16-le" if odd > 0.6 * half and even < 0.05 * half else \
        "utf-16-be" if even > 0.6 * half and odd < 0.05 * half else None
    if enc is None:
        return None
    try:
        text = data[:len(data) - len(data) % 2].decode(enc)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or plausibility(text) < 0.5:
        return None
    return text, enc


def _decode_text(data: bytes, *, origin: str, declared: str | None) -> tuple[str, str]:
    """UTF-8, or the most plausible legacy reading (no binary check here)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    repaired = data.decode("utf-8-sig", errors="replace")
    bad = repaired.count("\ufffd")
    scored: list[tuple[float, int, str, str]] = []
    valid_multibyte = sum(1 for c in repaired[:200000] if ord(c) > 127 and c != "\ufffd")
    if valid_multibyte >= 2 * bad and bad <= max(4, len(repaired) // 20):
        return repaired, "utf-8 (repaired)"
    if bad <= max(4, len(repaired) // 20):
        # Mostly UTF-8 with a few broken sequences (a truncated multi-byte character, a stray byte):
        # kept with U+FFFD in their place, unless a legacy encoding reads clearly better.
        score = plausibility(repaired.replace("\ufffd", "")) - 5 * bad / max(1, len(repaired))
        scored.append((score, 1, "utf-8 (repaired)", repaired))
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data[:200000]).best()
        if best is not None and best.encoding:
            candidates.append(best.encoding)
    except Exception:  # charset detection is advisory only
        pass
    candidates.extend(_LEGACY_CANDIDATES)
    seen: set[str] = set()
    for i, enc in enumerate(candidates):
        try:
            key = __import__("codecs").lookup(enc).name
        except LookupError:
            continue
        if key in seen:
            continue
        seen.add(key)
        try:
            text = data.decode(key)
        except (UnicodeDecodeError, LookupError):
            continue
        bonus = 0.02 if (declared and i == 0) else 0.0
        scored.append((plausibility(text) + bonus, -i, key, text))
    if not scored:
        raise DecodeError(f"{origin}: not UTF-8 and no supported legacy encoding fits")
    score, _, enc, text = max(scored)
    if score < 0.35:
        raise DecodeError(f"{origin}: not UTF-8 and no legacy encoding gives readable text "
                          f"(best guess {enc}, plausibility {score:.2f})")
    return text, enc


def clean_text(text: str) -> str:
    """Normalise newlines, drop bidi override controls, blank other control characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_BIDI_CONTROLS).translate(_C0)
    return text.replace("\x00", "")


# --------------------------------------------------------------------------- formats


def parse_text(text: str, *, origin: str | None = None) -> DocumentInput:
    """Parse header-format text (URL/DATE/LANG/TITLE lines, a blank line, the body) or bare text.

    Offsets in extraction refer to the returned ``body``.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    fields: dict[str, str] = {}
    i = 0
    while i < len(lines) and i < 10:
        m = _HEADER_RE.match(lines[i].rstrip("\r"))
        if not m:
            break
        fields[m.group(1)] = m.group(2).strip()
        i += 1
    if fields and i < len(lines) and lines[i].strip() == "":
        body = "\n".join(lines[i + 1:])
        return DocumentInput(
            body=body,
            url=fields.get("URL") or None,
            title=fields.get("TITLE") or None,
            published=parse_date(fields.get("DATE")),
            language=language_code(fields.get("LANG")),
            raw_format="header",
            origin=origin,
        )
    return DocumentInput(body=text, raw_format="text", origin=origin)


def _count_elements(html: str) -> int:
    return html.count("<") - html.count("</") - html.count("<!")


def parse_html(html: str | bytes, *, url: str | None = None, origin: str | None = None) -> DocumentInput:
    """Take the main text of an HTML page through trafilatura, with title, date and language.

    Scripts, styles, iframes and boilerplate are dropped by trafilatura; pages with more than
    :data:`MAX_HTML_ELEMENTS` elements are refused rather than parsed.
    """
    import trafilatura

    where = origin or url or "html"
    if isinstance(html, bytes):
        html, _ = decode_bytes(html, origin=where, declared=_meta_charset(html))
    if _count_elements(html) > MAX_HTML_ELEMENTS:
        raise FormatError(f"{where}: HTML too complex (more than {MAX_HTML_ELEMENTS:,} elements)")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_recall=True, config=_trafilatura_config(),
        )
    except Exception as e:  # lxml and trafilatura raise many kinds on hostile markup
        raise FormatError(f"{where}: HTML could not be parsed ({type(e).__name__})") from e
    text = title = date = lang = page_url = None
    if doc is not None:
        get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
        text, title, date, lang, page_url = get("text"), get("title"), get("date"), get("language"), get("url")
    if not lang:
        m = _HTML_LANG_RE.search(html[:4096])
        lang = m.group(1) if m else None
    if not text or not text.strip():
        text = _fallback_html_text(html)
    if not text or not text.strip():
        text = _strip_tags(html)
    return DocumentInput(
        body=clean_text(text or "")[:MAX_BODY_CHARS],
        url=url or page_url or None,
        title=clean_text(title).strip() if title else None,
        published=parse_date(date),
        language=language_code(lang),
        raw_format="html",
        origin=origin or url,
    )


_TRAFILATURA_CONFIG = None
_HTML_LANG_RE = re.compile(r"""<html[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)


def _trafilatura_config():
    global _TRAFILATURA_CONFIG
    if _TRAFILATURA_CONFIG is None:
        from trafilatura.settings import use_config

        cfg = use_config()
        cfg.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_HTML_ELEMENTS))
        cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        _TRAFILATURA_CONFIG = cfg
    return _TRAFILATURA_CONFIG


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _fallback_html_text(html: str) -> str:
    """Paragraph text when trafilatura finds no main content (very short pages)."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception:
        return ""
    for bad in tree.xpath("//script|//style|//iframe|//noscript|//template|//svg|//object|//embed"):
        bad.drop_tree()
    parts = [p.text_content().strip() for p in tree.xpath("//p|//h1|//h2|//li")]
    return "\n".join(p for p in parts if p)


_DROP_BLOCKS_RE = re.compile(r"<(script|style|iframe|noscript|template|svg|object|embed|head)\b.*?</\1\s*>",
                             re.I | re.S)
_TAG_RE = re.compile(r"<[^>]*>")


def _strip_tags(html: str) -> str:
    """Last resort for markup lxml cannot hold (nesting deeper than its limit): plain tag stripping."""
    import html as html_mod

    text = _TAG_RE.sub(" ", _DROP_BLOCKS_RE.sub(" ", html))
    text = html_mod.unescape(text)
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


_TEXT_KEYS = ("text", "body", "content", "article", "full_text")
_URL_KEYS = ("url", "link", "href", "canonical_url")
_TITLE_KEYS = ("title", "headline")
_DATE_KEYS = ("published", "date", "published_at", "pubDate", "datePublished", "publication_date")
_LANG_KEYS = ("language", "lang")


def _first(rec: dict, keys: tuple[str, ...]) -> object:
    for k in keys:
        v = rec.get(k)
        if v not in (None, ""):
            return v
    return None


def record_to_document(rec: object, *, origin: str, raw_format: str) -> DocumentInput:
    """One JSON record ({text, url, title, published, language}) to a DocumentInput."""
    if not isinstance(rec, dict):
        raise FormatError(f"{origin}: record is a JSON {type(rec).__name__}, not an object")
    body = _first(rec, _TEXT_KEYS)
    if body is None:
        raise FormatError(f"{origin}: record has no text field (expected one of {', '.join(_TEXT_KEYS)})")
    if not isinstance(body, str):
        raise FormatError(f"{origin}: record's text is a JSON {type(body).__name__}, not a string")
    url, title, lang = (_first(rec, k) for k in (_URL_KEYS, _TITLE_KEYS, _LANG_KEYS))
    return DocumentInput(
        body=clean_text(body)[:MAX_BODY_CHARS],
        url=str(url).strip() if isinstance(url, str) and url.strip() else None,
        title=clean_text(str(title)).strip() if title else None,
        published=parse_date(_first(rec, _DATE_KEYS)),
        language=language_code(lang) if isinstance(lang, str) else None,
        raw_format=raw_format,
        source_name=str(rec["source"]) if isinstance(rec.get("source"), str) else None,
        origin=origin,
    )


@dataclass(frozen=True, slots=True)
class ReadItem:
    """The outcome of reading one item: a document, or the reason it could not be read."""

    origin: str
    document: DocumentInput | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None


def _json_items(text: str, origin: str) -> list[ReadItem]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as e:
        raise FormatError(f"{origin}: not valid JSON ({e.__class__.__name__}: {str(e)[:80]})") from e
    if isinstance(data, dict):
        for key in ("documents", "items", "articles", "records", "data"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    records = data if isinstance(data, list) else [data]
    out: list[ReadItem] = []
    for n, rec in enumerate(records):
        where = origin if len(records) == 1 else f"{origin}#{n}"
        try:
            out.append(ReadItem(where, record_to_document(rec, origin=where, raw_format="json")))
        except InputError as e:
            out.append(ReadItem(where, error=str(e)))
    return out


def _jsonl_items(text: str, origin: str) -> list[ReadItem]:
    out: list[ReadItem] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            rec = json.loads(line)
            out.append(ReadItem(where, record_to_document(rec, origin=where, raw_format="jsonl")))
        except (json.JSONDecodeError, RecursionError) as e:
            out.append(ReadItem(where, error=f"{where}: not valid JSON ({str(e)[:80]})"))
        except InputError as e:
            out.append(ReadItem(where, error=str(e)))
    return out


def sniff_format(text: str, suffix: str = "") -> str:
    """Guess a format: header | text | html | json | jsonl | feed."""
    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in (".rss", ".atom"):
        return "feed"
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<"):
        if re.search(r"<(rss|feed|rdf:rdf)[\s>]", head):
            return "feed"
        if re.search(r"<(!doctype html|html|head|body|article|div|p)[\s>]", head):
            return "html"
    if head.startswith("{") or head.startswith("["):
        lines = [ln for ln in text.split("\n", 3)[:3] if ln.strip()]
        if len(lines) > 1 and all(ln.strip().startswith("{") and ln.strip().endswith("}") for ln in lines):
            return "jsonl"
        return "json"
    if _HEADER_RE.match(text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")):
        return "header"
    return "text"


def read_bytes(data: bytes, *, origin: str, suffix: str = "", url: str | None = None,
               content_type: str | None = None, charset: str | None = None) -> list[ReadItem]:
    """Read one blob (a file's bytes or a response body) into per-document outcomes.

    Raises InputError when the whole blob is unusable (empty, binary, undecodable, malformed).
    """
    guards.check_not_empty(data, origin=origin)
    guards.check_size(len(data), origin=origin)
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        return [ReadItem(origin, parse_html(data, url=url, origin=origin))]
    if ctype in ("application/rss+xml", "application/atom+xml") or suffix.lower() in (".rss", ".atom"):
        raise FormatError(f"{origin}: is a feed; read it with tracker.ingest.feeds")
    text, _enc = decode_bytes(data, origin=origin, declared=charset or _meta_charset(data))
    kind = sniff_format(text, suffix)
    if ctype == "application/json":
        kind = "json"
    if kind == "html":
        return [ReadItem(origin, parse_html(text, url=url, origin=origin))]
    if kind == "feed":
        raise FormatError(f"{origin}: is a feed; read it with tracker.ingest.feeds")
    if suffix.lower() == ".xml" or (kind == "text" and text.lstrip()[:5].lower() == "<?xml"):
        raise FormatError(f"{origin}: XML that is neither an RSS/Atom feed nor HTML")
    if kind == "json":
        return _json_items(text, origin)
    if kind == "jsonl":
        return _jsonl_items(text, origin)
    doc = parse_text(clean_text(text), origin=origin)
    if url and not doc.url:
        doc = DocumentInput(body=doc.body, url=url, title=doc.title, published=doc.published,
                            language=doc.language, raw_format=doc.raw_format, origin=origin)
    if len(doc.body) > MAX_BODY_CHARS:
        raise TooLargeError(f"{origin}: text too long ({len(doc.body):,} characters; the cap is {MAX_BODY_CHARS:,})")
    return [ReadItem(origin, doc)]


def _read_capped(path: Path) -> bytes:
    cap = guards.max_input_bytes()
    try:
        guards.check_size(path.stat().st_size, origin=str(path), cap=cap)
        with path.open("rb") as fh:
            data = fh.read(cap + 1)
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    if len(data) > cap:  # grew while being read
        raise guards.cap_exceeded(origin=str(path), cap=cap)
    return data


def is_feed_file(path: str | Path) -> bool:
    """True when the file is an RSS/Atom feed (by suffix, or by its first bytes)."""
    path = Path(path)
    if path.suffix.lower() in (".rss", ".atom"):
        return True
    if path.suffix.lower() not in FEED_SUFFIXES:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(2048).lower()
    except OSError:
        return False
    return bool(re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head))


def read_path_items(path: str | Path) -> list[ReadItem]:
    """Read one file into per-document outcomes; never raises for bad content."""
    path = Path(path)
    origin = str(path)
    try:
        if is_feed_file(path):
            from tracker.ingest.feeds import parse_feed_bytes

            feed = parse_feed_bytes(_read_capped(path), origin=origin)
            return [ReadItem(origin, error=f"{origin}: feed file with {len(feed.entries)} entries; "
                                           "pass it to ingest so its links are fetched")]
        return read_bytes(_read_capped(path), origin=origin, suffix=path.suffix)
    except InputError as e:
        return [ReadItem(origin, error=str(e))]


def read_file(path: str | Path) -> list[DocumentInput]:
    """Read one file into documents (a JSONL file may hold many).

    Raises InputError when no document could be read; records that fail inside a JSON/JSONL
    file that has good ones are skipped (``read_path_items`` reports them).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    items = read_path_items(path)
    docs = [it.document for it in items if it.document is not None]
    if not docs:
        errors = [it.error for it in items if it.error]
        raise InputError(errors[0] if errors else f"{path}: no documents")
    return docs


#: File types taken from a directory walk; others (images, PDFs, feeds files, notes) are skipped.
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES


def wanted_in_walk(name: str) -> bool:
    """Whether a file met while walking a directory is an input (explicit file arguments always are)."""
    if name.startswith(".") or name in _SKIP_NAMES or name.upper().startswith(("README", "LICENSE", "SOURCE")):
        return False
    return Path(name).suffix.lower() in ARTICLE_SUFFIXES


def iter_files(paths: Iterable[str | Path], *, skipped: list[Path] | None = None) -> Iterator[Path]:
    """Files under the given paths, directories walked recursively in a stable (sorted) order.

    Hidden files and folders, READMEs and non-article file types are skipped (and appended to
    ``skipped`` when given). Symlinked directories are not followed (no loops).
    """
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not wanted_in_walk(name):
                        if skipped is not None and not name.startswith("."):
                            skipped.append(Path(root) / name)
                        continue
                    yield Path(root) / name
        else:
            yield p
