"""Storing one extracted document: one transaction, idempotent, safe with many workers.

Deduplication:
- the same normalised content hash is stored once (``documents.content_hash`` is unique; the
  insert is ``ON CONFLICT (content_hash) DO NOTHING``, so a concurrent worker that loses the race
  sees "duplicate", never a unique-violation error);
- the same canonical URL with the same content is a duplicate; with changed content it is a new
  *version* (``version`` + 1, ``previous_version_id`` -> the latest one, which is kept).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tracker.db import models as m
from tracker.records import DocumentInput, ExtractionResult

_TRACKING_PARAMS = re.compile(r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|_ga|igshid|"
                              r"ref|ref_src|src|smid|at_medium|at_campaign|at_custom\d*)$", re.I)
_WS = re.compile(r"\s+")
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C, 0xFEFF])


def canonical_url(url: str | None) -> str | None:
    """A stable form of an article URL for deduplication (None for non-http URLs).

    Lower-case scheme and host, no ``www.``, no default port, no fragment, no tracking
    parameters (utm_*, fbclid, ...), sorted query, no trailing slash.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING_PARAMS.match(k)))
    # http and https versions of one article are the same article.
    return urlunsplit(("https", netloc, path, query, ""))[:2048]


def normalise_body(body: str) -> str:
    """The text the content hash is taken over: NFKC, no bidi marks, whitespace collapsed, case-folded."""
    text = unicodedata.normalize("NFKC", body).translate(_BIDI)
    return _WS.sub(" ", text).strip().casefold()


def content_hash(doc: DocumentInput) -> str:
    """SHA-256 of the normalised body. Empty bodies hash their URL or origin instead, so that each
    empty item is kept (as dropped) once rather than all folding into one row."""
    norm = normalise_body(doc.body)
    if not norm:
        norm = "\x00empty\x00" + (canonical_url(doc.url) or doc.url or doc.origin or "")
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Existing:
    id: int
    version: int
    same_content: bool
    #: False when the run that stored it finished (so it was paired); True for documents of a run
    #: that was killed or failed, which the next run pairs again (idempotently).
    needs_pairing: bool = True


def find_existing(session: Session, chash: str, canon: str | None) -> Existing | None:
    """The stored document this one duplicates (same hash), or the latest version at its URL."""
    row = session.execute(select(m.Document.id, m.Document.version, m.IngestRun.status, m.IngestRun.requested)
                          .outerjoin(m.IngestRun, m.IngestRun.id == m.Document.ingest_run_id)
                          .where(m.Document.content_hash == chash)).first()
    if row is not None:
        paired = row.status == "finished" and (row.requested or {}).get("pair", True) is not False
        return Existing(row.id, row.version, True, not paired)
    if canon:
        row = session.execute(select(m.Document.id, m.Document.version).where(m.Document.canonical_url == canon)
                              .order_by(m.Document.version.desc(), m.Document.id.desc()).limit(1)).first()
        if row is not None:
            return Existing(row.id, row.version, False)
    return None


def _insert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def source_id(session: Session, name: str, *, url: str | None = None, kind: str = "file",
              language: str | None = None) -> int:
    """The id of source ``name``, created if missing (race-free)."""
    insert = _insert(session)
    session.execute(insert(m.Source).values(name=name[:255], url=url, kind=kind, language=language)
                    .on_conflict_do_nothing(index_elements=["name"]))
    return session.scalar(select(m.Source.id).where(m.Source.name == name[:255]))


def begin_write(session: Session, canon: str | None = None) -> None:
    """Serialise the store transactions that could race on one URL's versions.

    Two workers storing two changed copies of one article at once would otherwise both find
    version n and both write version n+1 (a fork, not a chain).

    - PostgreSQL: a per-URL transaction lock (schema-qualified: advisory locks are per database).
      One per document transaction, so it cannot deadlock.
    - SQLite: the transaction starts with ``BEGIN IMMEDIATE``, taking the database's write lock
      before anything is read (writers wait for each other through the busy timeout). pysqlite
      otherwise begins lazily at the first INSERT, after ``find_existing`` has read a version
      that another process may be replacing. Idempotent within one transaction.
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        if canon:
            session.execute(text("SELECT pg_advisory_xact_lock(hashtext(current_schema() || :key))"),
                            {"key": ":tracker-url:" + canon})
        return
    if bind.dialect.name == "sqlite":
        conn = session.connection()
        if not conn.connection.driver_connection.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        # Already in a transaction: pysqlite began it at a write statement, which took the write lock.


@dataclass(frozen=True, slots=True)
class Stored:
    document_id: int | None  # None: a concurrent worker stored the same content first
    status: str  # new | version | duplicate
    version: int = 1
    pairs: int = 0  # in-document pairs written


def store_result(session: Session, result: ExtractionResult, *, chash: str, canon: str | None,
                 run_id: int | None, source: int | None, extractor_version: str | None = None) -> Stored:
    """Write one document with its commitments, events and in-document pairs, in ``session``.

    The caller owns the transaction (one per document). Serialises versions of one URL
    (:func:`begin_write`), re-checks for an existing copy inside the transaction, then inserts
    with ON CONFLICT DO NOTHING on the content hash.
    """
    doc = result.document
    begin_write(session, canon)
    existing = find_existing(session, chash, canon)
    if existing is not None and existing.same_content:
        return Stored(existing.id, "duplicate", existing.version)
    version, previous = 1, None
    if existing is not None:
        version, previous = existing.version + 1, existing.id
    insert = _insert(session)
    values = dict(
        source_id=source, ingest_run_id=run_id, url=doc.url, canonical_url=canon, title=doc.title,
        published=doc.published, language=(result.language or doc.language or None),
        raw_format=doc.raw_format or "text", origin=doc.origin, body=doc.body, content_hash=chash,
        status=result.status, drop_reason=result.reason if result.status == "dropped" else None,
        version=version, previous_version_id=previous,
        extractor_version=extractor_version or result.extractor_version or None,
    )
    if values["language"]:
        values["language"] = str(values["language"])[:8]
    stmt = insert(m.Document).values(**values).on_conflict_do_nothing(index_elements=["content_hash"])
    doc_id = session.execute(stmt.returning(m.Document.id)).scalar()
    if doc_id is None:
        row = session.execute(select(m.Document.id, m.Document.version)
                              .where(m.Document.content_hash == chash)).first()
        return Stored(row.id if row else None, "duplicate", row.version if row else 1)
    ev = values["extractor_version"]
    c_ids: dict[str, int] = {}
    e_ids: dict[str, int] = {}
    if result.status == "extracted":
        c_rows = [(c.id, commitment_row(c, document_id=doc_id, extractor_version=ev)) for c in result.commitments]
        e_rows = [(e.id, event_row(e, document_id=doc_id, extractor_version=ev)) for e in result.events]
        session.add_all([r for _, r in c_rows] + [r for _, r in e_rows])
        session.flush()  # one batched INSERT ... RETURNING per table
        c_ids = {local: row.id for local, row in c_rows}
        e_ids = {local: row.id for local, row in e_rows}
        pair_rows = []
        version_tag = None
        for p in result.pairs:
            if p.commitment in c_ids and p.event in e_ids:
                if version_tag is None:
                    from tracker.pairing.engine import pairing_version

                    version_tag = pairing_version()
                pair_rows.append({"commitment_id": c_ids[p.commitment], "event_id": e_ids[p.event],
                                  "score": float(p.score), "reasons": list(p.reasons), "flags": list(p.flags),
                                  "pairing_version": version_tag, "active": True})
        if pair_rows:
            written = session.execute(insert(m.Pair).values(pair_rows)
                                      .on_conflict_do_nothing(index_elements=["commitment_id", "event_id"])
                                      .returning(m.Pair.id)).all()
            return Stored(doc_id, "version" if previous else "new", version, len(written))
    return Stored(doc_id, "version" if previous else "new", version)


def _cut(value: str | None, n: int) -> str | None:
    return value[:n] if isinstance(value, str) else value


def commitment_row(c, *, document_id: int, extractor_version: str | None) -> m.Commitment:
    """A commitments row from a records.Commitment (field names follow the extract JSON)."""
    from tracker.pairing.engine import commitment_family

    w = c.window
    return m.Commitment(
        document_id=document_id, local_id=str(c.id)[:16], actor=_cut(c.actor, 255) or "unknown",
        stated_by=c.stated_by, polarity=c.polarity, action=_cut(c.action, 255) or "",
        action_family=commitment_family(c.action, c.target), target=_cut(c.target, 255) or "",
        scope_place=_cut(c.scope_place, 255), scope_country=_cut(c.scope_country, 2),
        valid_from=w.valid_from, valid_until=w.valid_until,
        valid_from_precision=w.from_precision or "unknown", valid_until_precision=w.until_precision or "unknown",
        window_relative=w.relative, evidence=c.evidence, start=c.start, end=c.end,
        mentions=[x.to_json() for x in c.mentions], confidence=float(c.confidence),
        conditional=bool(c.conditional), flags=list(c.flags), extractor_version=extractor_version,
    )


def event_row(e, *, document_id: int, extractor_version: str | None) -> m.Event:
    """An events row from a records.Event."""
    from tracker.pairing.engine import event_family

    p = e.place
    w = e.when
    return m.Event(
        document_id=document_id, local_id=str(e.id)[:16], actor=_cut(e.actor, 255), claimed_by=e.claimed_by,
        claimed_by_party=_cut(e.claimed_by_party, 255), polarity=e.polarity, action=_cut(e.action, 255) or "",
        action_family=event_family(e.action), target=_cut(e.target, 255) or "",
        place_raw=p.raw if p else None, place_name=_cut(p.name, 255) if p else None,
        place_country=_cut(p.country, 2) if p else None, place_admin1=_cut(p.admin1, 255) if p else None,
        lat=p.lat if p else None, lon=p.lon if p else None, geonames_id=p.geonames_id if p else None,
        place_precision=p.precision if p else None,
        occurred_on=e.occurred_on, occurred_from=w.earliest if w else None, occurred_to=w.latest if w else None,
        date_precision=(w.precision if w else "unknown") or "unknown", date_relative=w.relative if w else None,
        evidence=e.evidence, start=e.start, end=e.end, mentions=[x.to_json() for x in e.mentions],
        confidence=float(e.confidence), flags=list(e.flags), extractor_version=extractor_version,
    )


def counts(session: Session) -> dict[str, int]:
    """Row counts of the tables an ingest fills (for summaries and tests)."""
    return {
        "documents": session.scalar(select(func.count()).select_from(m.Document)) or 0,
        "extracted": session.scalar(select(func.count()).select_from(m.Document)
                                    .where(m.Document.status == "extracted")) or 0,
        "dropped": session.scalar(select(func.count()).select_from(m.Document)
                                  .where(m.Document.status == "dropped")) or 0,
        "commitments": session.scalar(select(func.count()).select_from(m.Commitment)) or 0,
        "events": session.scalar(select(func.count()).select_from(m.Event)) or 0,
        "pairs": session.scalar(select(func.count()).select_from(m.Pair)) or 0,
    }
