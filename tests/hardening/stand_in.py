"""A stand-in extractor used only when tracker.extract is not importable: one commitment per
sentence mentioning a pause, one event per sentence mentioning a drone, offsets exact."""

from __future__ import annotations

import re

from tracker.records import Commitment, DocumentInput, Event, ExtractionResult, TimeSpan

_SENT = re.compile(r"[^.!?\n]+[.!?]?")


def extract(doc: DocumentInput) -> ExtractionResult:
    cs, es = [], []
    for m in _SENT.finditer(doc.body):
        s = m.group(0)
        if "pause" in s:
            cs.append(Commitment(id=f"c{len(cs) + 1}", actor="Russia", stated_by=None, polarity="refrain",
                                 action="strike", target="energy infrastructure", evidence=s, start=m.start(),
                                 end=m.end()))
        elif "drone" in s:
            day = doc.published
            es.append(Event(id=f"e{len(es) + 1}", actor="Russia", claimed_by=None, action="drone strike",
                            target="energy infrastructure", evidence=s, start=m.start(), end=m.end(),
                            when=TimeSpan(day, day, "day") if day else None))
    if not cs and not es:
        return ExtractionResult(document=doc, language=doc.language, status="dropped",
                                reason="no commitment or event found", extractor_version="stand-in")
    return ExtractionResult(document=doc, language=doc.language or "en", commitments=tuple(cs), events=tuple(es),
                            extractor_version="stand-in")


def extract_many(docs):  # noqa: ANN001, ANN201
    for d in docs:
        yield extract(d)
