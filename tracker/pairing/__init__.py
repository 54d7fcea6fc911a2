"""Pairing commitments with the events that contradict them.

``tracker.pairing.rules`` holds the one rules implementation; ``tracker.pairing.engine``
(database-wide candidates) reuses it.
"""

from tracker.pairing.rules import (  # noqa: F401
    PAIRING_VERSION,
    action_family,
    covered_targets,
    evaluate,
    pair_document,
)

__all__ = ["PAIRING_VERSION", "action_family", "covered_targets", "evaluate", "pair_document"]
