"""Exports: schema.org ClaimReview JSON-LD for confirmed contradictions, CSV of all pairs.

Both stream rows from the database in batches (``yield_per``), so a large database is never
loaded into memory at once. A pair counts as confirmed when its *latest* verdict is
``confirmed`` (reviews are append-only; the newest one is current).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlencode

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from tracker.db.models import Commitment, Document, Event, Pair, Review, Reviewer, Source
from tracker.db.service import latest_review_ids

#: schema.org asks for a short claimReviewed; Google's guidance keeps it under 75 characters.
CLAIM_MAX_CHARS = 74
BATCH = 500
RATING_NAME = "Contradicted by reported actions"

CSV_COLUMNS = (
    "pair_id", "score", "status", "reviewer", "reviewed_at", "note", "reviews", "active", "pairing_version",
    "reasons", "flags",
    "commitment_actor", "commitment_stated_by", "commitment_polarity", "commitment_action", "commitment_target",
    "commitment_scope_place", "valid_from", "valid_from_precision", "valid_until", "valid_until_precision",
    "window_relative", "conditional", "commitment_evidence", "commitment_url", "commitment_published",
    "commitment_language", "commitment_source",
    "event_actor", "event_claimed_by", "event_polarity", "event_action", "event_target", "event_place",
    "event_country", "event_lat", "event_lon", "occurred_from", "occurred_to", "date_precision",
    "event_evidence", "event_url", "event_published", "event_language", "event_source",
)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Who publishes the fact-checks and where the dashboard lives (for ClaimReview ``url``)."""

    org_name: str = "tracker"
    org_url: str | None = None
    #: Page that shows one pair; ``?pair=ID`` is appended. Default: a local dashboard.
    base_url: str = "http://localhost:8501/"
    active_only: bool = True


def _pair_rows(*, confirmed_only: bool, active_only: bool) -> Select:
    cdoc = aliased(Document)
    edoc = aliased(Document)
    csrc = aliased(Source)
    esrc = aliased(Source)
    latest = latest_review_ids().subquery()
    review = aliased(Review)
    stmt = (
        select(Pair, Commitment, Event, cdoc, edoc, csrc.name, esrc.name, review, Reviewer.name)
        .join(Commitment, Commitment.id == Pair.commitment_id)
        .join(Event, Event.id == Pair.event_id)
        .join(cdoc, cdoc.id == Commitment.document_id)
        .join(edoc, edoc.id == Event.document_id)
        .outerjoin(csrc, csrc.id == cdoc.source_id)
        .outerjoin(esrc, esrc.id == edoc.source_id)
        .outerjoin(latest, latest.c.pair_id == Pair.id)
        .outerjoin(review, review.id == latest.c.review_id)
        .outerjoin(Reviewer, Reviewer.id == review.reviewer_id)
        .order_by(Pair.id)
    )
    if confirmed_only:
        stmt = stmt.where(review.verdict == "confirmed")
    if active_only:
        stmt = stmt.where(Pair.active.is_(True))
    return stmt


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value.isoformat()


def shorten(text: str, limit: int = CLAIM_MAX_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def claim_text(commitment: Commitment) -> str:
    """What was claimed, under 75 characters: the quote when short, else a summary."""
    evidence = " ".join((commitment.evidence or "").split())
    if 0 < len(evidence) <= CLAIM_MAX_CHARS:
        return evidence
    verb = "pledged no" if commitment.polarity == "refrain" else "pledged to keep up"
    summary = f"{commitment.actor} {verb} {commitment.action}"
    if commitment.target:
        summary += f" against {commitment.target}" if commitment.polarity == "refrain" else f" on {commitment.target}"
    if commitment.scope_place:
        summary += f" in {commitment.scope_place}"
    return shorten(summary)


def _claim_author(commitment: Commitment) -> dict[str, Any]:
    party = {"@type": "Organization", "name": commitment.actor}
    stated_by = (commitment.stated_by or "").strip()
    if stated_by and stated_by.casefold() != commitment.actor.casefold():
        return {"@type": "Person", "name": stated_by, "affiliation": party}
    return party


def _appearance(doc: Document, source_name: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "CreativeWork"}
    if doc.url:
        item["url"] = doc.url
    if doc.title:
        item["headline"] = doc.title
    if doc.published:
        item["datePublished"] = doc.published.isoformat()
    if source_name:
        item["publisher"] = {"@type": "Organization", "name": source_name}
    if doc.language:
        item["inLanguage"] = doc.language
    return item


def _event_summary(event: Event) -> str:
    when = _iso(event.occurred_on or event.occurred_from) or event.date_relative or "an unknown date"
    place = event.place_name or event.place_raw
    who = event.claimed_by or event.claimed_by_party or "an unattributed report"
    text = f"{event.actor or 'An unnamed party'}: {event.action}"
    if event.target:
        text += f" on {event.target}"
    if place:
        text += f" in {place}"
    return f"{text}, {when} (according to {who})."


def claimreview(row: tuple, options: ExportOptions) -> dict[str, Any]:
    """One ClaimReview object for a (pair, commitment, event, docs, sources, review, reviewer) row."""
    pair, commitment, event, cdoc, edoc, csrc, esrc, review, _reviewer_name = row
    reviewed = review.created_at if review is not None else None
    author: dict[str, Any] = {"@type": "Organization", "name": options.org_name}
    if options.org_url:
        author["url"] = options.org_url
    explanation = f"Reported after the commitment: {_event_summary(event)} {' '.join(pair.reasons or [])}".strip()
    item = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{options.base_url}?{urlencode({'pair': pair.id})}",
        "author": author,
        "datePublished": _iso(reviewed) or dt.date.today().isoformat(),
        "inLanguage": cdoc.language or edoc.language or "und",
        "claimReviewed": claim_text(commitment),
        "itemReviewed": {
            "@type": "Claim",
            "author": _claim_author(commitment),
            "datePublished": _iso(cdoc.published),
            "appearance": [_appearance(cdoc, csrc)],
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": RATING_NAME,
            "ratingValue": 1,
            "worstRating": 1,
            "bestRating": 5,
            "ratingExplanation": explanation,
        },
        "reviewBody": _event_summary(event) + (f" Reviewer note: {review.note}" if review and review.note else ""),
    }
    if item["itemReviewed"]["datePublished"] is None:
        del item["itemReviewed"]["datePublished"]
    return item


def iter_claimreviews(session: Session, options: ExportOptions | None = None) -> Iterator[dict[str, Any]]:
    """ClaimReview objects for every confirmed contradiction, in pair order."""
    options = options or ExportOptions()
    stmt = _pair_rows(confirmed_only=True, active_only=options.active_only).execution_options(yield_per=BATCH)
    for row in session.execute(stmt):
        yield claimreview(tuple(row), options)


def write_claimreview(session: Session, out: IO[str], options: ExportOptions | None = None) -> int:
    """Write a JSON array of ClaimReview objects to ``out``; return how many."""
    count = 0
    out.write("[")
    for item in iter_claimreviews(session, options):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(item, ensure_ascii=False, indent=2))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Defuse spreadsheet formulas: article text is hostile, and CSVs get opened in Excel."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_row(row: tuple, review_counts: dict[int, int]) -> list[object]:
    pair, c, e, cdoc, edoc, csrc, esrc, review, reviewer_name = row
    values = [
        pair.id, round(pair.score, 4), review.verdict if review else "unreviewed", reviewer_name,
        review.created_at.isoformat() if review else None, review.note if review else None,
        review_counts.get(pair.id, 0), pair.active, pair.pairing_version,
        " | ".join(pair.reasons or []), " ".join(pair.flags or []),
        c.actor, c.stated_by, c.polarity, c.action, c.target, c.scope_place,
        _iso(c.valid_from), c.valid_from_precision, _iso(c.valid_until), c.valid_until_precision,
        c.window_relative, c.conditional, c.evidence, cdoc.url, _iso(cdoc.published), cdoc.language, csrc,
        e.actor, e.claimed_by, e.polarity, e.action, e.target, e.place_name or e.place_raw, e.place_country,
        e.lat, e.lon, _iso(e.occurred_from), _iso(e.occurred_to), e.date_precision,
        e.evidence, edoc.url, _iso(edoc.published), edoc.language, esrc,
    ]
    return [csv_safe(v) for v in values]


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_csv(session: Session, out: IO[str], *, active_only: bool = False) -> int:
    """Write every pair with its current verdict as CSV to ``out``; return how many rows."""
    from sqlalchemy import func

    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    stmt = _pair_rows(confirmed_only=False, active_only=active_only).execution_options(yield_per=BATCH)
    for chunk in _chunks(session.execute(stmt), BATCH):
        ids = [row[0].id for row in chunk]
        counts = dict(session.execute(
            select(Review.pair_id, func.count()).where(Review.pair_id.in_(ids)).group_by(Review.pair_id)
        ).all())
        for row in chunk:
            writer.writerow(_csv_row(tuple(row), counts))
            count += 1
    return count


def claimreview_text(session: Session, options: ExportOptions | None = None) -> str:
    buf = io.StringIO()
    write_claimreview(session, buf, options)
    return buf.getvalue()


def csv_text(session: Session, *, active_only: bool = False) -> str:
    buf = io.StringIO()
    write_csv(session, buf, active_only=active_only)
    return buf.getvalue()


__all__ = [
    "CSV_COLUMNS",
    "ExportOptions",
    "claim_text",
    "claimreview",
    "claimreview_text",
    "csv_safe",
    "csv_text",
    "iter_claimreviews",
    "write_claimreview",
    "write_csv",
]
