"""The database schema. Field names follow the ``tracker extract --json`` contract.

Every change here needs an Alembic revision in ``migrations/versions`` (a test runs
the equivalent of ``alembic check``).
"""

from __future__ import annotations

import datetime as dt
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db.base import Base, created_at, intpk, json_dict, json_list, long_text, short_str

VERDICTS = ("confirmed", "rejected", "needs-evidence")
DOCUMENT_STATUSES = ("extracted", "dropped")


class Source(Base):
    """An outlet, feed or other origin of documents."""

    __tablename__ = "sources"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(255), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="file")  # file | url | feed | manual
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[created_at]

    documents: Mapped[list[Document]] = relationship(back_populates="source")


class IngestRun(Base):
    """One run of ``tracker ingest`` or of a scheduled job."""

    __tablename__ = "ingest_runs"

    id: Mapped[intpk]
    started_at: Mapped[created_at]
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    requested: Mapped[json_dict]  # what was asked: paths, urls, feeds file, options
    # running | finished | failed | interrupted (Ctrl-C, SIGTERM) | abandoned (the worker died)
    status: Mapped[str] = mapped_column(String(16), default="running")
    counts: Mapped[json_dict]  # {"new": n, "duplicate": n, "dropped": n, "failed": n, ...}
    errors: Mapped[json_list]  # [{"item": ..., "reason": ...}]
    worker: Mapped[str | None] = mapped_column(String(255))  # host:pid, for many workers

    documents: Mapped[list[Document]] = relationship(back_populates="ingest_run")


class Document(Base):
    """One version of one article. A changed article at the same URL is a new row
    whose ``previous_version_id`` points at the old one, which is kept."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("status IN ('extracted', 'dropped')", name="status"),
        Index("ix_documents_canonical_url_version", "canonical_url", "version"),
        Index("ix_documents_published", "published"),
        Index("ix_documents_status", "status"),
        Index("ix_documents_language", "language"),
    )

    id: Mapped[intpk]
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    ingest_run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    fetched_at: Mapped[created_at]
    language: Mapped[str | None] = mapped_column(String(8))
    raw_format: Mapped[str] = mapped_column(String(16), default="text")
    origin: Mapped[str | None] = mapped_column(Text)  # path or URL as given
    body: Mapped[long_text]
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="extracted")
    drop_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    extractor_version: Mapped[str | None] = mapped_column(String(64))

    source: Mapped[Source | None] = relationship(back_populates="documents")
    ingest_run: Mapped[IngestRun | None] = relationship(back_populates="documents")
    commitments: Mapped[list[Commitment]] = relationship(back_populates="document")
    events: Mapped[list[Event]] = relationship(back_populates="document")


class Cluster(Base):
    """A group of commitments or events from different documents that are the same
    commitment or incident. Filled by a later clustering step; nullable links keep
    the door open without forcing it now."""

    __tablename__ = "clusters"

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(16))  # commitment | event
    label: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[created_at]


class Commitment(Base):
    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint("polarity IN ('refrain', 'perform')", name="polarity"),
        UniqueConstraint("document_id", "local_id"),
        Index("ix_commitments_actor_family_from", "actor", "action_family", "valid_from"),
        Index("ix_commitments_target", "target"),
    )

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    local_id: Mapped[str] = mapped_column(String(16))  # "c1" in the extract JSON
    actor: Mapped[str] = mapped_column(String(255))
    stated_by: Mapped[str | None] = mapped_column(Text)
    polarity: Mapped[str] = mapped_column(String(8))
    action: Mapped[short_str]
    action_family: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[short_str]
    scope_place: Mapped[str | None] = mapped_column(String(255))
    scope_country: Mapped[str | None] = mapped_column(String(2))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    valid_from_precision: Mapped[str] = mapped_column(String(8), default="unknown")
    valid_until_precision: Mapped[str] = mapped_column(String(8), default="unknown")
    window_relative: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[long_text]
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    mentions: Mapped[json_list]
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    conditional: Mapped[bool] = mapped_column(Boolean, default=False)
    flags: Mapped[json_list]
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), index=True)
    created_at: Mapped[created_at]

    document: Mapped[Document] = relationship(back_populates="commitments")
    pairs: Mapped[list[Pair]] = relationship(back_populates="commitment")


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("polarity IN ('did', 'stopped')", name="polarity"),
        UniqueConstraint("document_id", "local_id"),
        Index("ix_events_actor_family_from", "actor", "action_family", "occurred_from"),
        Index("ix_events_place_country", "place_country"),
        Index("ix_events_target", "target"),
    )

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    local_id: Mapped[str] = mapped_column(String(16))  # "e1"
    actor: Mapped[str | None] = mapped_column(String(255))
    claimed_by: Mapped[str | None] = mapped_column(Text)
    claimed_by_party: Mapped[str | None] = mapped_column(String(255))
    polarity: Mapped[str] = mapped_column(String(8), default="did")
    action: Mapped[short_str]
    action_family: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[short_str]
    place_raw: Mapped[str | None] = mapped_column(Text)
    place_name: Mapped[str | None] = mapped_column(String(255))
    place_country: Mapped[str | None] = mapped_column(String(2))
    place_admin1: Mapped[str | None] = mapped_column(String(255))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    place_precision: Mapped[str | None] = mapped_column(String(8))
    occurred_on: Mapped[dt.date | None] = mapped_column(Date)
    occurred_from: Mapped[dt.date | None] = mapped_column(Date)
    occurred_to: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(8), default="unknown")
    date_relative: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[long_text]
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    mentions: Mapped[json_list]
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    flags: Mapped[json_list]
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), index=True)
    created_at: Mapped[created_at]

    document: Mapped[Document] = relationship(back_populates="events")
    pairs: Mapped[list[Pair]] = relationship(back_populates="event")


class UnpairedCommitment(Base):
    """A commitment not paired yet. Rows come from an ``AFTER INSERT`` trigger on ``commitments``
    (revision 0003), in the inserting transaction; pairing deletes them. A narrow table, so that
    marking rows paired never rewrites the wide commitment rows and their indexes."""

    __tablename__ = "unpaired_commitments"

    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"),
                                               primary_key=True, autoincrement=False)


class UnpairedEvent(Base):
    """An event not paired yet (see :class:`UnpairedCommitment`)."""

    __tablename__ = "unpaired_events"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          primary_key=True, autoincrement=False)


class Pair(Base):
    """A commitment and an event that contradicts it, as the pairing rules see it."""

    __tablename__ = "pairs"
    __table_args__ = (
        UniqueConstraint("commitment_id", "event_id"),
        Index("ix_pairs_score", "score"),
        Index("ix_pairs_event_id", "event_id"),
    )

    id: Mapped[intpk]
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[json_list]
    flags: Mapped[json_list]
    pairing_version: Mapped[str] = mapped_column(String(64))
    #: False when a newer pairing version no longer sees a contradiction; the row and
    #: its reviews are kept.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    commitment: Mapped[Commitment] = relationship(back_populates="pairs")
    event: Mapped[Event] = relationship(back_populates="pairs")
    reviews: Mapped[list[Review]] = relationship(back_populates="pair", order_by="Review.id")


class Reviewer(Base):
    """A person allowed to give verdicts. ``password_hash`` is None for identities
    that come from a trusted single-sign-on header."""

    __tablename__ = "reviewers"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created_at]


class Review(Base):
    """A verdict on a pair. Append-only: the current verdict is the latest row.
    Updates and deletes are refused by the service layer and by database triggers."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("verdict IN ('confirmed', 'rejected', 'needs-evidence')", name="verdict"),
        Index("ix_reviews_pair_id_id", "pair_id", "id"),
    )

    id: Mapped[intpk]
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"))
    verdict: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    created_at: Mapped[created_at]

    pair: Mapped[Pair] = relationship(back_populates="reviews")
    reviewer: Mapped[Reviewer] = relationship()


__all__ = [
    "VERDICTS",
    "Base",
    "Cluster",
    "Commitment",
    "Document",
    "Event",
    "IngestRun",
    "Pair",
    "Review",
    "Reviewer",
    "Source",
    "UnpairedCommitment",
    "UnpairedEvent",
]
