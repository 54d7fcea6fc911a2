"""A database's content without ids, timestamps or run ids, for "equals a clean run" checks."""

from __future__ import annotations

from sqlalchemy import select

from tracker.db import get_engine, session_scope
from tracker.db import models as m

DOC_COLS = ("content_hash", "url", "canonical_url", "title", "published", "language", "raw_format", "body",
            "status", "drop_reason", "version")
C_COLS = ("local_id", "actor", "stated_by", "polarity", "action", "action_family", "target", "scope_place",
          "scope_country", "valid_from", "valid_until", "valid_from_precision", "valid_until_precision",
          "window_relative", "evidence", "start", "end", "confidence", "conditional")
E_COLS = ("local_id", "actor", "claimed_by", "claimed_by_party", "polarity", "action", "action_family", "target",
          "place_raw", "place_name", "place_country", "occurred_on", "occurred_from", "occurred_to",
          "date_precision", "date_relative", "evidence", "start", "end", "confidence")


def _row(obj, cols) -> tuple:  # noqa: ANN001
    out = []
    for c in cols:
        v = getattr(obj, c)
        out.append(round(v, 6) if isinstance(v, float) else v)
    return tuple(out)


def snapshot(url: str) -> dict:
    engine = get_engine(url)
    with session_scope(engine) as s:
        docs = {d.id: d for d in s.scalars(select(m.Document))}
        dkey = {i: d.content_hash for i, d in docs.items()}
        comms = {c.id: c for c in s.scalars(select(m.Commitment))}
        events = {e.id: e for e in s.scalars(select(m.Event))}
        pairs = list(s.scalars(select(m.Pair)))
        unpaired = len(s.scalars(select(m.UnpairedCommitment.commitment_id)).all()) + len(
            s.scalars(select(m.UnpairedEvent.event_id)).all())
        return {
            "documents": sorted(_row(d, DOC_COLS) for d in docs.values()),
            "commitments": sorted((dkey[c.document_id], *_row(c, C_COLS)) for c in comms.values()),
            "events": sorted((dkey[e.document_id], *_row(e, E_COLS)) for e in events.values()),
            "pairs": sorted((dkey[comms[p.commitment_id].document_id], comms[p.commitment_id].local_id,
                             dkey[events[p.event_id].document_id], events[p.event_id].local_id,
                             round(p.score, 6), tuple(p.reasons), p.active) for p in pairs),
            "unpaired": unpaired,
        }


def diff(a: dict, b: dict) -> str:
    lines = []
    for k in a:
        if a[k] != b[k]:
            if isinstance(a[k], list):
                sa, sb = set(a[k]), set(b[k])
                lines.append(f"{k}: {len(a[k])} vs {len(b[k])} rows; only left: {sorted(sa - sb)[:3]}; "
                             f"only right: {sorted(sb - sa)[:3]}")
            else:
                lines.append(f"{k}: {a[k]!r} vs {b[k]!r}")
    return "\n".join(lines)
