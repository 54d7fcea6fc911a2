"""Database layer: models, engines and the service functions the app uses."""

from tracker.db.base import Base
from tracker.db.engine import (
    check_connection,
    current_revision,
    downgrade,
    ensure_schema,
    get_engine,
    head_revision,
    session_scope,
    upgrade,
)
from tracker.db.models import (
    Cluster,
    Commitment,
    Document,
    Event,
    IngestRun,
    Pair,
    Review,
    Reviewer,
    Source,
)

__all__ = [
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
    "check_connection",
    "current_revision",
    "downgrade",
    "ensure_schema",
    "get_engine",
    "head_revision",
    "session_scope",
    "upgrade",
]
