"""Service functions over the models: reviews (append-only) and review status.

The dashboard, the CLI and the exports go through these rather than writing
review rows themselves.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from tracker.db.models import VERDICTS, Pair, Review, Reviewer
from tracker.errors import AuthError, TrackerError

ReviewStatus = Literal["unreviewed", "confirmed", "rejected", "needs-evidence"]
STATUSES: tuple[str, ...] = ("unreviewed", *VERDICTS)


class AppendOnlyError(TrackerError):
    """Someone tried to change or delete a recorded verdict."""


def add_review(session: Session, *, pair_id: int, verdict: str, reviewer: Reviewer | None,
               note: str | None = None) -> Review:
    """Record a verdict on a pair. Earlier verdicts stay; the newest one is current.

    Raises:
        AuthError: no reviewer, or an inactive one.
        TrackerError: unknown verdict or pair.
    """
    if reviewer is None or reviewer.id is None or not reviewer.active:
        raise AuthError("only an authenticated, active reviewer can give a verdict")
    if verdict not in VERDICTS:
        raise TrackerError(f"unknown verdict {verdict!r}: use one of {', '.join(VERDICTS)}")
    if session.get(Pair, pair_id) is None:
        raise TrackerError(f"no pair with id {pair_id}")
    review = Review(pair_id=pair_id, verdict=verdict, reviewer_id=reviewer.id,
                    note=(note or "").strip() or None)
    session.add(review)
    session.flush()
    return review


def history(session: Session, pair_id: int) -> list[Review]:
    """All verdicts on a pair, oldest first."""
    return list(session.scalars(select(Review).where(Review.pair_id == pair_id).order_by(Review.id)))


def latest_review_ids() -> Select:
    """Per pair, the id of its newest review (a subquery for joins)."""
    return select(Review.pair_id, func.max(Review.id).label("review_id")).group_by(Review.pair_id)


def status_expression(latest_verdict: ColumnElement) -> ColumnElement:
    """``unreviewed`` where a pair has no review, else its latest verdict."""
    return func.coalesce(latest_verdict, "unreviewed")


def pairs_with_status() -> Select:
    """A select of (Pair, status) with the current verdict of each pair."""
    latest = latest_review_ids().subquery()
    current = select(Review.id, Review.verdict).subquery()
    status = status_expression(current.c.verdict).label("status")
    return (
        select(Pair, status)
        .outerjoin(latest, latest.c.pair_id == Pair.id)
        .outerjoin(current, current.c.id == latest.c.review_id)
    )


def current_status(session: Session, pair_id: int) -> str:
    review = session.scalars(
        select(Review).where(Review.pair_id == pair_id).order_by(Review.id.desc()).limit(1)
    ).first()
    return review.verdict if review else "unreviewed"


def _refuse_review_changes(session: Session, _flush_context, _instances) -> None:  # noqa: ANN001
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Review) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyError("reviews are append-only: add a new verdict instead of changing one")


def install_guards() -> None:
    """Refuse updates and deletes of reviews in every ORM session."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session as _Session

    if not event.contains(_Session, "before_flush", _refuse_review_changes):
        event.listen(_Session, "before_flush", _refuse_review_changes)


install_guards()
