"""Typed records passed between tracker's stages.

These frozen dataclasses are the contract between reading, extraction, place and
time resolution, pairing and storage. Their field names follow the
``tracker extract --json`` shape; ``to_json`` produces exactly that shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Polarity = Literal["refrain", "perform"]
#: ``did``: the event reports the action happening (a strike, tariffs imposed).
#: ``stopped``: the event reports the action being stopped or failed (intelligence
#: sharing halted, a pledge missed). A ``refrain`` commitment is contradicted by
#: ``did`` events of its action family, a ``perform`` one by ``stopped`` events.
EventPolarity = Literal["did", "stopped"]
#: Precision of a resolved date or window bound.
DatePrecision = Literal["day", "range", "week", "month", "year", "unknown"]
PlacePrecision = Literal["city", "region", "country", "area"]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """A document as read from a file, a feed or a URL, before extraction."""

    body: str
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    language: str | None = None
    raw_format: str = "text"  # text | header | html | json | jsonl | feed
    source_name: str | None = None
    origin: str | None = None  # path or URL it came from, for messages


@dataclass(frozen=True, slots=True)
class Mention:
    """Another sentence of the same document that refers to the same item."""

    evidence: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"evidence": self.evidence, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A resolved point or range in time, with how precise it is.

    ``earliest``/``latest`` bound every reading of the expression: "on Tuesday"
    gives one day (precision ``day``), "last week" gives seven days (``week``),
    "overnight" gives the night before publication (``range``). When no
    publication date anchors a relative expression, both bounds are ``None``,
    ``precision`` is ``unknown`` and ``relative`` keeps the expression.
    """

    earliest: dt.date | None
    latest: dt.date | None
    precision: DatePrecision = "day"
    text: str | None = None
    relative: str | None = None
    time_of_day: str | None = None  # "08:30", kept when the text gives one

    @property
    def anchored(self) -> bool:
        return self.earliest is not None or self.latest is not None


@dataclass(frozen=True, slots=True)
class Window:
    """When a commitment applies: ``valid_from`` to ``valid_until`` inclusive.

    A missing bound is open (unknown start, or no stated end).
    """

    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    from_precision: DatePrecision = "unknown"
    until_precision: DatePrecision = "unknown"
    relative: str | None = None  # unanchored expression, e.g. "for 30 days"


@dataclass(frozen=True, slots=True)
class Place:
    """A place name as written, and the gazetteer record it resolved to (if any)."""

    raw: str
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: PlacePrecision | None = None

    @property
    def resolved(self) -> bool:
        return self.name is not None


@dataclass(frozen=True, slots=True)
class Commitment:
    """A party's statement that it will refrain from, or keep doing, something."""

    id: str
    actor: str
    stated_by: str | None
    polarity: Polarity
    action: str
    target: str
    evidence: str
    start: int
    end: int
    scope_place: str | None = None
    scope_country: str | None = None  # ISO2 of scope_place when it is a country or inside one
    window: Window = field(default_factory=Window)
    mentions: tuple[Mention, ...] = ()
    confidence: float = 0.5
    conditional: bool = False  # conditional or reciprocal ("if the other side ...")
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "actor": self.actor,
            "stated_by": self.stated_by,
            "polarity": self.polarity,
            "action": self.action,
            "target": self.target,
            "scope_place": self.scope_place,
            "scope_country": self.scope_country,
            "valid_from": _iso(self.window.valid_from),
            "valid_until": _iso(self.window.valid_until),
            "valid_from_precision": self.window.from_precision,
            "valid_until_precision": self.window.until_precision,
            "window_relative": self.window.relative,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "mentions": [m.to_json() for m in self.mentions],
            "confidence": round(self.confidence, 3),
            "conditional": self.conditional,
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class Event:
    """A reported action, as alleged by ``claimed_by``."""

    id: str
    actor: str | None  # None when the text names no perpetrator
    claimed_by: str | None
    action: str
    target: str
    evidence: str
    start: int
    end: int
    polarity: EventPolarity = "did"
    claimed_by_party: str | None = None  # canonical actor behind claimed_by, if any
    place: Place | None = None
    when: TimeSpan | None = None
    mentions: tuple[Mention, ...] = ()
    confidence: float = 0.5
    flags: tuple[str, ...] = ()  # e.g. "denied", "mt_suspect", "contradicted_in_document"

    @property
    def occurred_on(self) -> dt.date | None:
        """The day, when the date is known to the day."""
        if self.when and self.when.earliest and self.when.earliest == self.when.latest:
            return self.when.earliest
        return None

    def to_json(self) -> dict[str, Any]:
        place = self.place
        when = self.when
        return {
            "id": self.id,
            "actor": self.actor,
            "claimed_by": self.claimed_by,
            "claimed_by_party": self.claimed_by_party,
            "polarity": self.polarity,
            "action": self.action,
            "target": self.target,
            "place": (place.name or place.raw) if place else None,
            "place_raw": place.raw if place else None,
            "country": place.country if place else None,
            "admin1": place.admin1 if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "geonames_id": place.geonames_id if place else None,
            "place_precision": place.precision if place else None,
            "occurred_on": _iso(self.occurred_on),
            "occurred_from": _iso(when.earliest) if when else None,
            "occurred_to": _iso(when.latest) if when else None,
            "date_precision": when.precision if when else "unknown",
            "date_relative": when.relative if when else None,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "mentions": [m.to_json() for m in self.mentions],
            "confidence": round(self.confidence, 3),
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class PairVerdict:
    """What the pairing rules say about one commitment and one event."""

    score: float
    reasons: tuple[str, ...]
    flags: tuple[str, ...] = ()  # timing_uncertain, opposing_claim, conditional, mt_suspect, target_uncertain, place_uncertain


@dataclass(frozen=True, slots=True)
class Pair:
    commitment: str  # Commitment.id
    event: str  # Event.id
    score: float
    reasons: tuple[str, ...]
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "commitment": self.commitment,
            "event": self.event,
            "score": round(self.score, 3),
            "reasons": list(self.reasons),
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """Everything extracted from one document.

    ``status`` is ``extracted`` when at least one commitment or event was found,
    otherwise ``dropped`` with a human-readable ``reason`` ("no text",
    "unsupported language: fr", "no commitment or event found").
    """

    document: DocumentInput
    language: str | None
    commitments: tuple[Commitment, ...] = ()
    events: tuple[Event, ...] = ()
    pairs: tuple[Pair, ...] = ()
    status: Literal["extracted", "dropped"] = "extracted"
    reason: str | None = None
    extractor_version: str = ""

    def to_json(self) -> dict[str, Any]:
        doc = self.document
        return {
            "document": {
                "language": self.language,
                "published": _iso(doc.published),
                "title": doc.title,
                "url": doc.url,
                "status": self.status,
                "reason": self.reason,
            },
            "commitments": [c.to_json() for c in self.commitments],
            "events": [e.to_json() for e in self.events],
            "pairs": [p.to_json() for p in self.pairs],
        }
