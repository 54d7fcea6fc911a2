"""Turn raw bytes from files into DocumentInput records.

Seed version: header-format and bare text. The ingestion work extends this module
(HTML through trafilatura, JSON/JSONL, legacy encodings, feeds).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tracker.errors import InputError
from tracker.records import DocumentInput

_HEADER_RE = re.compile(r"^(URL|DATE|LANG|TITLE):[ \t]?(.*)$")


def parse_date(value: str | None) -> dt.date | None:
    """Parse YYYY-MM-DD (or a longer ISO timestamp); "unknown" and blanks give None."""
    if not value:
        return None
    value = value.strip()
    if not value or value.lower() == "unknown":
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_text(text: str, *, origin: str | None = None) -> DocumentInput:
    """Parse header-format text (URL/DATE/LANG/TITLE lines, a blank line, the body) or bare text.

    Offsets in extraction refer to the returned ``body``.
    """
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
            language=(fields.get("LANG") or "").lower() or None,
            raw_format="header",
            origin=origin,
        )
    return DocumentInput(body=text, raw_format="text", origin=origin)


def read_file(path: str | Path) -> list[DocumentInput]:
    """Read one file into documents (a JSONL file may hold many)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid UTF-8") from e
    return [parse_text(text, origin=str(path))]
