"""Listing pairs with both sides' evidence (``tracker pairs``)."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from tracker.db import models as m
from tracker.db.engine import session_scope


def _iso(d):
    return d.isoformat() if d else None


def _doc(doc: m.Document | None, src: m.Source | None) -> dict:
    if doc is None:
        return {}
    return {"id": doc.id, "url": doc.url, "title": doc.title, "published": _iso(doc.published),
            "language": doc.language, "source": src.name if src else None, "origin": doc.origin}


def list_pairs(engine: Engine, *, status: str | None = None, min_score: float = 0.0, actor: str | None = None,
               limit: int | None = None, include_inactive: bool = False) -> list[dict]:
    """Pairs with their current review status, best score first, as JSON-ready dicts."""
    from tracker.db import service

    cdoc, edoc = aliased(m.Document), aliased(m.Document)
    csrc, esrc = aliased(m.Source), aliased(m.Source)
    base = service.pairs_with_status().subquery()
    pair = aliased(m.Pair, base)
    q = (select(pair, base.c.status, m.Commitment, m.Event, cdoc, csrc, edoc, esrc)
         .join(m.Commitment, m.Commitment.id == pair.commitment_id)
         .join(m.Event, m.Event.id == pair.event_id)
         .join(cdoc, cdoc.id == m.Commitment.document_id)
         .outerjoin(csrc, csrc.id == cdoc.source_id)
         .join(edoc, edoc.id == m.Event.document_id)
         .outerjoin(esrc, esrc.id == edoc.source_id))
    if status:
        q = q.where(base.c.status == status)
    if not include_inactive:
        q = q.where(pair.active.is_(True))
    if min_score:
        q = q.where(pair.score >= min_score)
    if actor:
        q = q.where(m.Commitment.actor == actor)
    q = q.order_by(pair.score.desc(), pair.id)
    if limit:
        q = q.limit(limit)
    out = []
    with session_scope(engine) as session:
        for p, st, c, e, cd, cs, ed, es in session.execute(q):
            out.append({
                "id": p.id, "status": st, "score": round(p.score, 3), "reasons": list(p.reasons or []),
                "flags": list(p.flags or []), "pairing_version": p.pairing_version, "active": p.active,
                "commitment": {
                    "id": c.id, "actor": c.actor, "stated_by": c.stated_by, "polarity": c.polarity,
                    "action": c.action, "target": c.target, "scope_place": c.scope_place,
                    "scope_country": c.scope_country, "valid_from": _iso(c.valid_from),
                    "valid_until": _iso(c.valid_until), "conditional": c.conditional, "evidence": c.evidence,
                    "start": c.start, "end": c.end, "document": _doc(cd, cs),
                },
                "event": {
                    "id": e.id, "actor": e.actor, "claimed_by": e.claimed_by, "action": e.action,
                    "target": e.target, "place": e.place_name or e.place_raw, "country": e.place_country,
                    "lat": e.lat, "lon": e.lon, "occurred_on": _iso(e.occurred_on),
                    "occurred_from": _iso(e.occurred_from), "occurred_to": _iso(e.occurred_to),
                    "date_precision": e.date_precision, "evidence": e.evidence, "start": e.start, "end": e.end,
                    "document": _doc(ed, es),
                },
            })
    return out


CSV_COLUMNS = [
    "id", "status", "score", "reasons", "flags", "pairing_version",
    "commitment_actor", "commitment_action", "commitment_target", "commitment_scope", "valid_from", "valid_until",
    "commitment_evidence", "commitment_url", "commitment_source", "commitment_published",
    "event_actor", "event_claimed_by", "event_action", "event_target", "event_place", "event_country",
    "event_date", "event_evidence", "event_url", "event_source", "event_published",
]


def flatten(r: dict) -> dict:
    c, e = r["commitment"], r["event"]
    cd, ed = c["document"], e["document"]
    event_date = e["occurred_on"] or (f"{e['occurred_from']}..{e['occurred_to']}" if e["occurred_from"] else "")
    return {
        "id": r["id"], "status": r["status"], "score": r["score"], "reasons": " | ".join(r["reasons"]),
        "flags": ",".join(r["flags"]), "pairing_version": r["pairing_version"],
        "commitment_actor": c["actor"], "commitment_action": c["action"], "commitment_target": c["target"],
        "commitment_scope": c["scope_place"] or c["scope_country"] or "", "valid_from": c["valid_from"] or "",
        "valid_until": c["valid_until"] or "", "commitment_evidence": c["evidence"],
        "commitment_url": cd.get("url") or cd.get("origin") or "", "commitment_source": cd.get("source") or "",
        "commitment_published": cd.get("published") or "",
        "event_actor": e["actor"], "event_claimed_by": e["claimed_by"] or "", "event_action": e["action"],
        "event_target": e["target"], "event_place": e["place"] or "", "event_country": e["country"] or "",
        "event_date": event_date, "event_evidence": e["evidence"],
        "event_url": ed.get("url") or ed.get("origin") or "", "event_source": ed.get("source") or "",
        "event_published": ed.get("published") or "",
    }


def _cut(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def table(rows: list[dict]) -> str:
    """A readable text listing: one block per pair."""
    if not rows:
        return "no pairs"
    lines = []
    for r in rows:
        c, e = r["commitment"], r["event"]
        f = flatten(r)
        window = f"{c['valid_from'] or '?'} – {c['valid_until'] or 'open'}"
        lines.append(f"#{r['id']}  score {r['score']:.2f}  [{r['status']}]"
                     + (f"  flags: {f['flags']}" if r["flags"] else ""))
        lines.append(f"  commitment: {c['actor']} {c['polarity']} {c['action']} / {c['target']}"
                     f"  window {window}  ({f['commitment_source'] or f['commitment_url']})")
        lines.append(f"    \"{_cut(c['evidence'], 150)}\"")
        lines.append(f"  event:      {e['actor']} {e['action']} / {e['target']}  at {e['place'] or '?'}"
                     f"  on {f['event_date'] or '?'}  ({f['event_source'] or f['event_url']})")
        lines.append(f"    \"{_cut(e['evidence'], 150)}\"")
        for reason in r["reasons"]:
            lines.append(f"    - {reason}")
        lines.append("")
    return "\n".join(lines).rstrip()
