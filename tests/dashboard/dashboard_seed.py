"""A small database written for the dashboard tests, through the ORM models.

Texts are made up for these tests (English, Arabic, Russian), plus one hostile article
whose quote carries script, HTML and Markdown injection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from tracker.db import session_scope
from tracker.db.engine import get_engine
from tracker.db.models import Commitment, Document, Event, IngestRun, Pair, Source

XSS = ("<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> "
       "[click me](javascript:window.__xss=3) ![pic](http://127.0.0.1:9/x.png) **bold** $x^2$ :smile:")

EN_COMMITMENT = (
    "MOSCOW, March 18 (Example Wire). Talks ran late into the night. "
    "The Kremlin said Russia would halt strikes on Ukraine's energy infrastructure for 30 days. "
    "Officials in Kyiv were cautious."
)
EN_COMMITMENT_QUOTE = "Russia would halt strikes on Ukraine's energy infrastructure for 30 days"

EN_EVENT = (
    "KYIV, March 19. Ukrainian officials said a Russian drone hit a power substation in Sloviansk overnight. "
    "Power was cut to several districts."
)
EN_EVENT_QUOTE = "a Russian drone hit a power substation in Sloviansk overnight"

RU_EVENT = (
    "Москва, 20 марта. Министерство обороны России заявило, что украинские дроны атаковали "
    "нефтебазу в Армавире. Пострадавших нет."
)
RU_EVENT_QUOTE = "украинские дроны атаковали нефтебазу в Армавире"

AR_COMMITMENT = (
    "القاهرة، 18 مارس. أعلن الكرملين أن روسيا ستوقف الضربات على منشآت الطاقة في أوكرانيا لمدة 30 يوما. "
    "ورحبت واشنطن بالخطوة."
)
AR_COMMITMENT_QUOTE = "روسيا ستوقف الضربات على منشآت الطاقة في أوكرانيا لمدة 30 يوما"

AR_EVENT = (
    "كييف، 22 مارس. قال مسؤولون أوكرانيون إن صاروخا روسيا أصاب محطة كهرباء في Kharkiv (خاركيف) ليلا. "
    "ولم ترد موسكو."
)
AR_EVENT_QUOTE = "صاروخا روسيا أصاب محطة كهرباء في Kharkiv (خاركيف) ليلا"

XSS_EVENT = f"KYIV, March 21. A statement said: Russian shelling hit a heating plant {XSS} near Kherson. End."
XSS_EVENT_QUOTE = f"Russian shelling hit a heating plant {XSS} near Kherson"


@dataclass
class Seeded:
    sloviansk_pair: int
    arabic_pair: int
    xss_pair: int
    commitment_en: int
    commitment_ar: int
    pair_ids: list[int]


def _doc(session, source, run, body, *, url, title, published, language, status="extracted",
         reason=None) -> Document:  # noqa: ANN001
    doc = Document(source=source, ingest_run=run, url=url, canonical_url=url, title=title, published=published,
                   language=language, body=body, content_hash=hashlib.sha256(body.encode()).hexdigest(),
                   status=status, drop_reason=reason, origin=url)
    session.add(doc)
    return doc


def _span(body: str, quote: str) -> tuple[int, int]:
    start = body.index(quote)
    return start, start + len(quote)


def seed(url: str) -> Seeded:
    """Fill a migrated database with sources, documents, commitments, events and pairs."""
    engine = get_engine(url)
    with session_scope(engine) as session:
        wire = Source(name="Example Wire", url="https://wire.example.org/", kind="feed", language="en")
        arab = Source(name="Al-Mithal News", url="https://mithal.example.net/", kind="feed", language="ar")
        ru = Source(name="Primer Gazeta", url="https://gazeta.example.ru/", kind="feed", language="ru")
        run = IngestRun(requested={"paths": ["samples/"]}, status="finished",
                        counts={"new": 6, "duplicate": 1, "dropped": 1, "failed": 1},
                        errors=[{"item": "https://down.example.org/a", "reason": "timeout after 10 s"}],
                        finished_at=dt.datetime(2025, 3, 23, 9, 0, tzinfo=dt.timezone.utc), worker="host:1")
        session.add_all([wire, arab, ru, run])
        d1 = _doc(session, wire, run, EN_COMMITMENT, url="https://wire.example.org/pause",
                  title="Kremlin announces energy pause", published=dt.date(2025, 3, 18), language="en")
        d2 = _doc(session, wire, run, EN_EVENT, url="https://wire.example.org/sloviansk",
                  title="Drone hits Sloviansk substation", published=dt.date(2025, 3, 19), language="en")
        d3 = _doc(session, ru, run, RU_EVENT, url="https://gazeta.example.ru/armavir",
                  title="Атака на нефтебазу", published=dt.date(2025, 3, 20), language="ru")
        d4 = _doc(session, arab, run, AR_COMMITMENT, url="https://mithal.example.net/pause",
                  title="الكرملين يعلن هدنة الطاقة", published=dt.date(2025, 3, 18), language="ar")
        d5 = _doc(session, arab, run, AR_EVENT, url="https://mithal.example.net/kharkiv",
                  title="صاروخ يصيب محطة كهرباء", published=dt.date(2025, 3, 22), language="ar")
        d6 = _doc(session, wire, run, XSS_EVENT, url="javascript:alert(document.cookie)",
                  title=f"Heating plant {XSS}", published=dt.date(2025, 3, 21), language="en")
        _doc(session, wire, run, "Le temps sera beau demain.", url="https://wire.example.org/fr",
             title="Météo", published=dt.date(2025, 3, 20), language="fr", status="dropped",
             reason="unsupported language: fr")
        session.flush()

        def commitment(doc, quote, local_id, **kw) -> Commitment:  # noqa: ANN001
            start, end = _span(doc.body, quote)
            c = Commitment(document=doc, local_id=local_id, actor="Russia", stated_by="the Kremlin",
                           polarity="refrain", action="strike", action_family="military",
                           target="energy infrastructure", scope_country="UA", scope_place="Ukraine",
                           valid_from=dt.date(2025, 3, 18), valid_until=dt.date(2025, 4, 17),
                           valid_from_precision="day", valid_until_precision="day", window_relative="for 30 days",
                           evidence=quote, start=start, end=end, confidence=0.8, **kw)
            session.add(c)
            return c

        def event(doc, quote, local_id, **kw) -> Event:  # noqa: ANN001
            start, end = _span(doc.body, quote)
            defaults = dict(actor="Russia", claimed_by="Ukrainian officials", claimed_by_party="Ukraine",
                            polarity="did", action="drone strike", action_family="military",
                            target="energy infrastructure", date_precision="day", confidence=0.7)
            defaults.update(kw)
            e = Event(document=doc, local_id=local_id, evidence=quote, start=start, end=end, **defaults)
            session.add(e)
            return e

        c_en = commitment(d1, EN_COMMITMENT_QUOTE, "c1")
        c_ar = commitment(d4, AR_COMMITMENT_QUOTE, "c1", flags=["mt_suspect"])
        e_slov = event(d2, EN_EVENT_QUOTE, "e1", place_raw="Sloviansk", place_name="Sloviansk", place_country="UA",
                       place_admin1="Donetsk", lat=48.8522, lon=37.6053, place_precision="city",
                       occurred_on=dt.date(2025, 3, 19), occurred_from=dt.date(2025, 3, 19),
                       occurred_to=dt.date(2025, 3, 19))
        e_ru = event(d3, RU_EVENT_QUOTE, "e1", actor="Ukraine", claimed_by="Министерство обороны России",
                     claimed_by_party="Russia", target="energy infrastructure", place_raw="Армавир",
                     place_name="Armavir", place_country="RU", lat=44.9892, lon=41.1234, place_precision="city",
                     occurred_from=dt.date(2025, 3, 20), occurred_to=dt.date(2025, 3, 20))
        e_ar = event(d5, AR_EVENT_QUOTE, "e1", action="missile strike", place_raw="خاركيف", place_name="Kharkiv",
                     place_country="UA", lat=49.9935, lon=36.2304, place_precision="city",
                     occurred_from=dt.date(2025, 3, 21), occurred_to=dt.date(2025, 3, 22), date_precision="range",
                     flags=["mt_suspect"])
        e_xss = event(d6, XSS_EVENT_QUOTE, "e1", action="shelling", place_raw="Kherson <b>region</b>",
                      occurred_from=dt.date(2025, 3, 21), occurred_to=dt.date(2025, 3, 21))
        e_late = event(d2, "Power was cut to several districts", "e2", action="strike",
                       place_raw="Nowhereville", occurred_from=dt.date(2025, 4, 25), occurred_to=dt.date(2025, 4, 25))
        session.flush()

        def pair(c, e, score, reasons, flags=()) -> Pair:  # noqa: ANN001
            p = Pair(commitment=c, event=e, score=score, reasons=list(reasons), flags=list(flags),
                     pairing_version="test-1")
            session.add(p)
            return p

        p1 = pair(c_en, e_slov, 0.92, ["same actor: Russia",
                                       "target energy infrastructure is within the commitment's scope",
                                       "event 2025-03-19 is inside the window 2025-03-18 – 2025-04-17"],
                  ["opposing_claim"])
        p2 = pair(c_ar, e_ar, 0.61, ["same actor: Russia", "event 2025-03-21 – 2025-03-22 overlaps the window"],
                  ["timing_uncertain", "mt_suspect"])
        p3 = pair(c_en, e_xss, 0.75, [f"target from article: {XSS}"], ["opposing_claim"])
        p4 = pair(c_ar, e_slov, 0.40, ["same actor: Russia"], ["opposing_claim"])
        _ = e_late, e_ru
        session.flush()
        return Seeded(sloviansk_pair=p1.id, arabic_pair=p2.id, xss_pair=p3.id, commitment_en=c_en.id,
                      commitment_ar=c_ar.id, pair_ids=[p1.id, p2.id, p3.id, p4.id])


def seed_bulk(url: str, n_pairs: int = 100_000, *, n_commitments: int = 2_000, reviewed_every: int = 5) -> None:
    """A large synthetic database for scale checks: ``n_pairs`` pairs (one event each), a review
    on every ``reviewed_every``-th pair. Written with Core bulk inserts, not the ORM."""
    import random

    from sqlalchemy import insert

    from tracker.db.models import Review, Reviewer

    rnd = random.Random(7)
    engine = get_engine(url)
    actors = ["Russia", "Ukraine", "Israel", "Hamas", "United States", "Iran"]
    langs = ["en", "ar", "ru", "uk"]
    n_docs = max(1, n_pairs // 20)
    with engine.begin() as conn:
        conn.execute(insert(Source), [{"name": f"Outlet {i}", "kind": "feed", "language": langs[i % 4]}
                                      for i in range(20)])
        conn.execute(insert(Document), [{
            "source_id": 1 + i % 20, "url": f"https://news{i % 20}.example.org/{i}", "title": f"Story {i}",
            "published": dt.date(2025, 1, 1) + dt.timedelta(days=i % 300), "language": langs[i % 4],
            "body": f"Story {i}. The side said it would halt strikes on energy sites. A drone hit a substation "
                    f"in Town {i}. " * 3,
            "content_hash": f"bulk-{i}", "status": "extracted", "raw_format": "text", "version": 1,
        } for i in range(n_docs)])
        conn.execute(insert(Commitment), [{
            "document_id": 1 + i % n_docs, "local_id": f"c{i // n_docs + 1}", "actor": actors[i % 6],
            "polarity": "refrain", "action": "strike", "action_family": "military",
            "target": "energy infrastructure", "valid_from": dt.date(2025, 1, 1) + dt.timedelta(days=i % 300),
            "valid_until": dt.date(2025, 1, 31) + dt.timedelta(days=i % 300), "valid_from_precision": "day",
            "valid_until_precision": "day", "evidence": "it would halt strikes on energy sites", "start": 10,
            "end": 47, "mentions": [], "flags": [], "confidence": 0.7, "conditional": False,
        } for i in range(n_commitments)])
        batch = 20_000
        for lo in range(0, n_pairs, batch):
            hi = min(n_pairs, lo + batch)
            conn.execute(insert(Event), [{
                "document_id": 1 + i % n_docs, "local_id": f"e{i // n_docs + 1}", "actor": actors[i % 6],
                "claimed_by": "officials", "claimed_by_party": actors[(i + 1) % 6], "polarity": "did",
                "action": "drone strike", "action_family": "military", "target": "energy infrastructure",
                "place_raw": f"Town {i % 500}", "place_name": f"Town {i % 500}" if i % 3 else None,
                "lat": 45 + (i % 100) / 10 if i % 3 else None, "lon": 30 + (i % 97) / 10 if i % 3 else None,
                "occurred_from": dt.date(2025, 1, 5) + dt.timedelta(days=i % 300),
                "occurred_to": dt.date(2025, 1, 5) + dt.timedelta(days=i % 300), "date_precision": "day",
                "evidence": "A drone hit a substation", "start": 48, "end": 72, "mentions": [], "flags": [],
                "confidence": 0.6,
            } for i in range(lo, hi)])
            conn.execute(insert(Pair), [{
                "commitment_id": 1 + i % n_commitments, "event_id": 1 + i, "score": round(rnd.random(), 4),
                "reasons": ["same actor"], "flags": [], "pairing_version": "bulk", "active": True,
            } for i in range(lo, hi)])
        conn.execute(insert(Reviewer), [{"name": "bulk reviewer", "password_hash": None, "active": True}])
        conn.execute(insert(Review), [{"pair_id": 1 + i, "verdict": ("confirmed", "rejected", "needs-evidence")[i % 3],
                                       "reviewer_id": 1} for i in range(0, n_pairs, reviewed_every)])
