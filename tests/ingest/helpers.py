"""Shared helpers for ingest and pairing-engine tests."""

from __future__ import annotations

from ingest import fake_extract


def fake_extractor(docs):
    return fake_extract.extract_many(docs)


def article(url: str | None, date: str | None, *lines: str, title: str = "t", lang: str = "en") -> str:
    head = []
    if url:
        head.append(f"URL: {url}")
    head.append(f"DATE: {date or 'unknown'}")
    head.append(f"LANG: {lang}")
    head.append(f"TITLE: {title}")
    return "\n".join(head) + "\n\n" + "\n".join(lines) + "\n"


PAUSE = "C|Russia|refrain|strike|energy infrastructure|2025-03-18|2025-04-17"
STRIKE = "E|Russia|did|drone strike|energy infrastructure|2025-03-19|Sloviansk|UA"
TARIFF_PAUSE = "C|United States|refrain|impose tariffs|tariffs|2025-04-09|2025-07-09"
TARIFF = "E|United States|did|impose tariffs|tariffs|2025-05-02|Washington|US"
