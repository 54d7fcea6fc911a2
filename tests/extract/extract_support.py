"""Shared helpers for the extraction tests: run a text through the pipeline, read the result as tuples.

Each test file keeps its own publication date (the day its relative dates are read against) and binds
it once: ``run = make_run(PUB)``; Arabic-only files bind the language too: ``make_run(PUB, "ar")``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from tracker.extract import extract_document
from tracker.records import DocumentInput, ExtractionResult

Run = Callable[..., ExtractionResult]


def make_run(published: dt.date | None, lang: str | None = None) -> Run:
    """A ``run(text, lang, published)`` with this file's publication date (and language) as defaults."""
    default_lang, default_published = lang, published

    def run(text: str, lang: str | None = default_lang,
            published: dt.date | None = default_published) -> ExtractionResult:
        return extract_document(DocumentInput(body=text, language=lang, published=published))

    return run


def commitments(result) -> list[tuple[str, str, str]]:
    """(actor, action, target) of each commitment, in order."""
    return [(c.actor, c.action, c.target) for c in result.commitments]


def events(result) -> list[tuple[str | None, str, str]]:
    """(actor, action, target) of each event, in order."""
    return [(e.actor, e.action, e.target) for e in result.events]


def commitment_keys(result) -> set[tuple[str, str, str]]:
    """(actor, polarity, action) of the commitments."""
    return {(c.actor, c.polarity, c.action) for c in result.commitments}


def actors(items: Iterable) -> set[str | None]:
    """The actors of some commitments or events."""
    return {i.actor for i in items}


def commitment_actors(result) -> list[str]:
    """The commitments' actors, sorted."""
    return sorted(c.actor for c in result.commitments)


def event_actors(result) -> list[str | None]:
    """The events' actors, in order."""
    return [e.actor for e in result.events]
