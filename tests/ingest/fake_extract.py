"""A tiny stand-in for tracker.extract, so that ingest and pairing tests do not depend on the
extraction models. Lines of the body in this form become records:

    C|actor|refrain|action|target|valid_from|valid_until[|scope_country]
    E|actor|did|action|target|date|place|country
"""

from __future__ import annotations

import datetime as dt

from tracker.pairing import rules
from tracker.records import Commitment, DocumentInput, Event, ExtractionResult, Place, TimeSpan, Window


def _d(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s) if s and s != "-" else None


def extract(doc: DocumentInput) -> ExtractionResult:
    cs, es = [], []
    offset = 0
    for line in doc.body.split("\n"):
        parts = line.strip().split("|")
        start = doc.body.find(line.strip(), offset)
        end = start + len(line.strip())
        offset = max(offset, end)
        if parts[0] == "C" and len(parts) >= 7:
            cs.append(Commitment(id=f"c{len(cs) + 1}", actor=parts[1], stated_by=None, polarity=parts[2],
                                 action=parts[3], target=parts[4], evidence=line.strip(), start=start, end=end,
                                 scope_country=parts[7] if len(parts) > 7 and parts[7] else None,
                                 window=Window(_d(parts[5]), _d(parts[6]), "day" if _d(parts[5]) else "unknown",
                                               "day" if _d(parts[6]) else "unknown"),
                                 confidence=0.9))
        elif parts[0] == "E" and len(parts) >= 8:
            day = _d(parts[5])
            es.append(Event(id=f"e{len(es) + 1}", actor=parts[1] or None, claimed_by=None, action=parts[3],
                            target=parts[4], evidence=line.strip(), start=start, end=end, polarity=parts[2],
                            place=Place(raw=parts[6], name=parts[6], country=parts[7] or None, precision="city"),
                            when=TimeSpan(day, day, "day") if day else None, confidence=0.9))
    if not doc.body.strip():
        return ExtractionResult(document=doc, language=doc.language, status="dropped", reason="no text")
    if not cs and not es:
        return ExtractionResult(document=doc, language=doc.language or "en", status="dropped",
                                reason="no commitment or event found", extractor_version="fake")
    return ExtractionResult(document=doc, language=doc.language or "en", commitments=tuple(cs), events=tuple(es),
                            pairs=tuple(rules.pair_document(cs, es)), extractor_version="fake")


def extract_many(docs):
    for d in docs:
        yield extract(d)
