"""One ingest run: read items (files, directories, URLs, feeds), extract, store, pair.

- Each document is stored in its own transaction (``store.store_result``); a failure in one
  never loses or half-writes another.
- Documents already stored (same content hash) are skipped before extraction, so a re-run is
  cheap and changes nothing.
- Pairing runs after each batch of documents has committed, in its own transaction, over the
  batch's documents *including duplicates*: a run killed between storing and pairing is
  finished by the next run.
- The run is recorded in ``ingest_runs`` with its counts and errors; ``runs`` documents its
  states and finds runs that died without recording an end (``abandoned``).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Engine, update

from tracker.db import models as m
from tracker.db.engine import session_scope
from tracker.errors import InputError
from tracker.ingest import readers, runs, store
from tracker.records import DocumentInput, ExtractionResult

logger = logging.getLogger(__name__)

Extractor = Callable[[list[DocumentInput]], Iterable[ExtractionResult]]
MAX_RECORDED_ERRORS = 1000


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one item."""

    origin: str
    status: str  # new | version | duplicate | dropped | failed
    reason: str | None = None
    document_id: int | None = None


@dataclass
class RunSummary:
    run_id: int | None = None
    counts: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)  # reason -> n
    failed: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)
    pairs_written: int = 0
    seconds: float = 0.0
    #: feed URLs answered "304 Not Modified" (skipped: unchanged since their last full fetch)
    unchanged_feeds: list[str] = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(self.counts[k] for k in ("new", "version", "duplicate", "dropped", "failed"))

    def to_json(self) -> dict:
        return {
            "run_id": self.run_id,
            "new": self.counts["new"], "version": self.counts["version"],
            "duplicate": self.counts["duplicate"], "dropped": self.counts["dropped"],
            "failed": self.counts["failed"],
            "dropped_reasons": dict(self.dropped.most_common()),
            "failed_items": [{"item": i, "reason": r} for i, r in self.failed],
            "pairs_written": self.pairs_written,
            "unchanged_feeds": list(self.unchanged_feeds),
            "seconds": round(self.seconds, 3),
        }


def default_extractor(docs: list[DocumentInput]) -> Iterable[ExtractionResult]:
    from tracker.extract import extract_many  # lazy: spaCy is heavy

    return extract_many(docs, batch_size=max(1, len(docs)))


def extractor_version() -> str | None:
    try:
        from tracker.extract import EXTRACTOR_VERSION

        return EXTRACTOR_VERSION
    except Exception:  # noqa: BLE001 - informational only
        return None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


# --------------------------------------------------------------------------- reading


def count_inputs(inputs: Iterable[str]) -> int | None:
    """How many files the inputs hold (None when URLs make it unknowable in advance)."""
    n = 0
    for value in inputs:
        if is_url(value):
            return None
        p = Path(value)
        if p.is_dir():
            n += sum(1 for _ in readers.iter_files([p]))
        else:
            n += 1
    return n


def iter_read_items(inputs: Iterable[str], *, feeds: Iterable = (), client=None, fetch_limits=None,
                    validators=None) -> Iterator[tuple[readers.ReadItem, str | None]]:
    """Every item the inputs hold, as (read outcome, source name or None).

    ``validators`` (a :class:`tracker.ingest.validators.FeedValidators`) makes feed URLs
    conditional requests: a feed not modified since its last clean full fetch gives no items.
    """
    from tracker.ingest import feeds as feeds_mod
    from tracker.ingest import fetch as fetch_mod

    def from_url(url: str, name: str | None, kind: str = "auto") -> Iterator[tuple[readers.ReadItem, str | None]]:
        try:
            headers = validators.request_headers(url) if validators else None
            f = fetch_mod.fetch(url, client=client, limits=fetch_limits,
                                allowed_types=fetch_mod.HTML_TYPES | fetch_mod.TEXT_TYPES | fetch_mod.FEED_TYPES | {""},
                                headers=headers)
            if f.not_modified:
                if not headers:
                    raise fetch_mod.FetchError(f"{url}: HTTP 304 Not Modified to a request that was not conditional")
                logger.info("%s: not modified since its last full fetch; skipped", url)
                validators.not_modified.append(url)
                return
            if kind == "feed" or fetch_mod.is_feed_response(f):
                feed = feeds_mod.parse_feed_bytes(f.body, origin=url)
                if validators:
                    validators.fetched_in_full(url, f.etag, f.last_modified)
                for it in feeds_mod.read_feed(feed, client=client, limits=fetch_limits):
                    if it.document is None and validators:
                        validators.entry_failed(url)
                    yield it, name or feed.title or None
                return
            for it in fetch_mod.read_fetched(f, origin=url):
                yield it, name
        except InputError as e:
            if validators:
                validators.entry_failed(url)
            yield readers.ReadItem(url, error=str(e)), name

    for value in inputs:
        if is_url(value):
            yield from from_url(value, None)
            continue
        path = Path(value)
        if not path.exists():
            yield readers.ReadItem(value, error=f"{value}: no such file or directory"), None
            continue
        for file in readers.iter_files([path]):
            if readers.is_feed_file(file):
                try:
                    feed = feeds_mod.parse_feed_bytes(readers._read_capped(file), origin=str(file))
                except InputError as e:
                    yield readers.ReadItem(str(file), error=str(e)), None
                    continue
                for it in feeds_mod.read_feed(feed, client=client, limits=fetch_limits):
                    yield it, feed.title or None
            else:
                for it in readers.read_path_items(file):
                    yield it, None
    for spec in feeds:
        if getattr(spec, "enabled", True):
            yield from from_url(spec.url, spec.name, spec.kind)


# --------------------------------------------------------------------------- the run


class Ingestor:
    """Runs one ingest. ``on_outcome`` is called for every item (the CLI's progress bar)."""

    def __init__(self, engine: Engine, *, source: str | None = None, published: dt.date | None = None,
                 extractor: Extractor | None = None, pair: bool = True, batch_size: int = 16,
                 on_outcome: Callable[[Outcome], None] | None = None, client=None, fetch_limits=None,
                 conditional_get: bool = False):
        self.engine = engine
        self.source = source
        self.published = published
        self.extractor = extractor or default_extractor
        self.pair = pair
        self.batch_size = max(1, batch_size)
        self.on_outcome = on_outcome
        self.client = client
        self.fetch_limits = fetch_limits
        self.summary = RunSummary()
        self._source_ids: dict[tuple[str, str], int] = {}
        self._seen_hashes: set[str] = set()
        self._extractor_version = extractor_version() if extractor is None else None
        self._lease: runs.RunLease | None = None
        #: Feed validators (ETag / Last-Modified) under TRACKER_HOME: see tracker.ingest.validators.
        self._validators = None
        if conditional_get:
            from tracker.ingest.validators import FeedValidators

            self._validators = FeedValidators(engine)

    # -- bookkeeping

    def _record(self, outcome: Outcome) -> None:
        s = self.summary
        s.counts[outcome.status] += 1
        if outcome.status == "dropped":
            s.dropped[outcome.reason or "unknown"] += 1
        elif outcome.status == "failed":
            s.failed.append((outcome.origin, outcome.reason or "unknown error"))
        if self.on_outcome:
            self.on_outcome(outcome)

    def _start_run(self, requested: dict) -> int:
        self._lease = runs.start_run(self.engine, requested)
        return self._lease.run_id

    def _save_run(self, status: str) -> None:
        s = self.summary
        if s.run_id is None:
            return
        data = s.to_json()
        counts = {k: data[k] for k in ("new", "version", "duplicate", "dropped", "failed")}
        counts["pairs_written"] = s.pairs_written
        counts["dropped_reasons"] = data["dropped_reasons"]
        errors = data["failed_items"][:MAX_RECORDED_ERRORS]
        values = {"counts": counts, "errors": errors, "status": status}
        if status != runs.RUNNING:
            values["finished_at"] = dt.datetime.now(dt.timezone.utc)
        with session_scope(self.engine) as session:
            session.execute(update(m.IngestRun).where(m.IngestRun.id == s.run_id).values(**values))

    def _save_validators(self) -> None:
        """After a finished run: remember the clean feeds' validators (never when an item could
        not be extracted or stored: which feed it came from is not tracked that far)."""
        if self._validators is None or self._lease is None:
            return
        if any(r.startswith(("extraction error", "could not store")) for _, r in self.summary.failed):
            return
        self._validators.save(self._lease.run_id, self._lease.started_at)

    def _source_for(self, doc: DocumentInput, feed_name: str | None) -> tuple[str, str, str | None] | None:
        """(name, kind, url) of the document's source."""
        if self.source:
            return self.source, "manual", None
        if doc.source_name:
            return doc.source_name, "file", None
        if feed_name:
            return feed_name, "feed", None
        if doc.url:
            host = (urlsplit(doc.url).hostname or "").lower()
            if host.startswith("www."):
                host = host[4:]
            if host:
                return host, "url", f"{urlsplit(doc.url).scheme}://{urlsplit(doc.url).netloc}"
        return None

    def _source_id(self, session, spec: tuple[str, str, str | None] | None) -> int | None:
        if spec is None:
            return None
        key = (spec[0], spec[1])
        if key not in self._source_ids:
            self._source_ids[key] = store.source_id(session, spec[0], kind=spec[1], url=spec[2])
        return self._source_ids[key]

    # -- work

    def run(self, inputs: list[str], *, feeds: list = (), requested: dict | None = None) -> RunSummary:
        started = time.perf_counter()
        self.summary.run_id = self._start_run(requested or {"inputs": list(inputs),
                                                             "feeds": [f.url for f in feeds]})
        status = runs.FAILED
        try:
            batch: list[tuple[DocumentInput, str | None, str, str | None]] = []
            touched: list[int] = []
            n = 0
            for item, feed_name in iter_read_items(inputs, feeds=feeds, client=self.client,
                                                   fetch_limits=self.fetch_limits, validators=self._validators):
                n += 1
                if item.document is None:
                    self._record(Outcome(item.origin, "failed", item.error))
                    continue
                doc = item.document
                if self.published and doc.published is None:
                    doc = replace(doc, published=self.published)
                chash = store.content_hash(doc)
                canon = store.canonical_url(doc.url)
                if chash in self._seen_hashes:
                    self._record(Outcome(item.origin, "duplicate", "same content earlier in this run"))
                    continue
                self._seen_hashes.add(chash)
                with session_scope(self.engine) as session:
                    existing = store.find_existing(session, chash, canon)
                if existing is not None and existing.same_content:
                    if existing.needs_pairing:
                        touched.append(existing.id)
                    self._record(Outcome(item.origin, "duplicate", None, existing.id))
                    continue
                batch.append((doc, feed_name, chash, canon))
                if len(batch) >= self.batch_size:
                    touched.extend(self._process(batch))
                    batch = []
                    self._pair(touched)
                    touched = []
                if n % 200 == 0:
                    self._save_run(runs.RUNNING)
            if batch:
                touched.extend(self._process(batch))
            self._pair(touched)
            status = runs.FINISHED
            self._save_validators()
        except KeyboardInterrupt:
            status = runs.INTERRUPTED
            raise
        finally:
            self.summary.seconds = time.perf_counter() - started
            if self._validators is not None:
                self.summary.unchanged_feeds = list(self._validators.not_modified)
            try:
                self._save_run(status)
            except Exception:  # noqa: BLE001 - never hide the original error
                logger.exception("could not record the ingest run")
            finally:
                if self._lease is not None:
                    self._lease.release()
        return self.summary

    def _extract(self, docs: list[DocumentInput]) -> list[ExtractionResult | Exception]:
        try:
            results = list(self.extractor(docs))
            if len(results) == len(docs):
                return results
            logger.warning("extractor returned %d results for %d documents; retrying one by one",
                           len(results), len(docs))
        except Exception as e:  # noqa: BLE001 - fall back to one document at a time
            logger.warning("batch extraction failed (%s); retrying one by one", e)
        out: list[ExtractionResult | Exception] = []
        for d in docs:
            try:
                res = list(self.extractor([d]))
                out.append(res[0] if res else RuntimeError("extractor returned nothing"))
            except Exception as e:  # noqa: BLE001 - reported per item
                out.append(e)
        return out

    def _process(self, batch: list[tuple[DocumentInput, str | None, str, str | None]]) -> list[int]:
        """Extract and store a batch; returns the stored (or duplicate) document ids."""
        todo = [b for b in batch if b[0].body.strip()]
        results = self._extract([b[0] for b in todo]) if todo else []
        by_doc: dict[int, ExtractionResult | Exception] = {id(b[0]): r for b, r in zip(todo, results, strict=True)}
        ids: list[int] = []
        for doc, feed_name, chash, canon in batch:
            origin = doc.origin or doc.url or "document"
            res = by_doc.get(id(doc))
            if res is None:
                res = ExtractionResult(document=doc, language=doc.language, status="dropped",
                                       reason="empty after cleaning")
            if isinstance(res, Exception):
                self._record(Outcome(origin, "failed", f"extraction error: {type(res).__name__}: {res}"[:300]))
                continue
            if res.document is not doc:
                res = replace(res, document=doc)
            try:
                with session_scope(self.engine) as session:
                    store.begin_write(session, canon)  # before the source row: one write transaction
                    src = self._source_id(session, self._source_for(doc, feed_name))
                    stored = store.store_result(session, res, chash=chash, canon=canon,
                                                run_id=self.summary.run_id, source=src,
                                                extractor_version=self._extractor_version)
            except Exception as e:  # noqa: BLE001 - one document's failure never stops the batch
                logger.debug("storing %s failed", origin, exc_info=True)
                self._record(Outcome(origin, "failed", f"could not store: {str(e).splitlines()[0][:200]}"))
                continue
            if stored.document_id is not None:
                ids.append(stored.document_id)
            self.summary.pairs_written += stored.pairs
            if stored.status == "duplicate":
                self._record(Outcome(origin, "duplicate", None, stored.document_id))
            elif res.status == "dropped":
                self._record(Outcome(origin, "dropped", res.reason or "dropped", stored.document_id))
            else:
                self._record(Outcome(origin, stored.status, None, stored.document_id))
        return ids

    def _pair(self, doc_ids: list[int]) -> None:
        if not self.pair or not doc_ids:
            return
        from tracker.pairing.engine import pair_documents

        stats = pair_documents(self.engine, doc_ids)
        self.summary.pairs_written += stats.pairs_written


def ingest(engine: Engine, inputs: list[str], **kwargs) -> RunSummary:
    """Convenience wrapper: one ingest run over ``inputs`` (paths and URLs)."""
    feeds = kwargs.pop("feeds", ())
    return Ingestor(engine, **kwargs).run(list(inputs), feeds=list(feeds))
