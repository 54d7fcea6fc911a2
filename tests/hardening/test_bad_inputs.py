"""The bad-input corpus through ingest (library and ``tracker ingest``) and ``tracker extract``.

Each input must give a clear per-item outcome (stored, dropped with a reason, or failed with a
reason), and across the corpus: 0 crashes, 0 lost items, 0 duplicates. A second run must change
nothing.

Speed: the real extraction of the corpus is the expensive part (the 1 MB lines, the huge DOM),
and it is the same for every database and every way in. ``shared_extractor`` runs it once per
module and hands the same results to each ingest (library and command line, SQLite and
PostgreSQL); the command-line tests run ``tracker.cli.main`` in this process, so that spaCy
loads once. Only ``tracker extract`` runs the extraction itself, file by file, as it must.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.db import get_engine, session_scope
from tracker.db import models as m
from tracker.ingest.fetch import FetchLimits
from tracker.ingest.pipeline import Ingestor

ROOT = Path(__file__).resolve().parents[2]
STORED = {"new", "version", "dropped"}
CRASH_MARKERS = ("Traceback", "extraction error", "could not store", "Internal error")

# hostile route of tests/ingest/httpserver.py -> (kind, expected: "stored" | "failed" | "any",
# a word the reason must hold when failed)
URL_KINDS = {
    "/article.html": ("good article (control)", "stored", ""),
    "/article-cp1251.html": ("windows-1251 HTML with a meta charset", "stored", ""),
    "/wrong-charset.txt": ("koi8-r body declared as utf-8", "any", ""),
    "/gzip-bomb": ("gzip bomb (60 MB of zeros)", "failed", "large"),
    "/gzip-corrupt": ("corrupt gzip body", "failed", ""),
    "/redirect/0": ("endless redirects", "failed", "redirect"),
    "/redirect-loop": ("redirect loop", "failed", "redirect"),
    "/redirect-offsite": ("redirect to a closed port", "failed", ""),
    "/slow-headers": ("slow response headers", "failed", ""),
    "/slow-drip": ("slow drip body", "failed", ""),
    "/image.png": ("wrong content type: image/png", "failed", "content type"),
    "/octet": ("wrong content type: octet-stream", "any", ""),
    "/pdf": ("wrong content type: application/pdf", "failed", "content type"),
    "/html-as-json": ("HTML served as JSON", "any", ""),
    "/empty": ("empty 200 response", "any", ""),
    "/truncated": ("truncated body", "any", ""),
    "/huge-declared": ("10 GB declared length", "failed", "large"),
    "/404": ("HTTP 404", "failed", "404"),
    "/410": ("HTTP 410", "failed", "410"),
    "/500": ("HTTP 500", "failed", "500"),
    "/feed-bomb.rss": ("feed with an entity bomb", "failed", "entit"),
    "/feed-xxe.rss": ("feed with XXE", "failed", "entit"),
    "/feed-links.rss": ("feed linking to failures", "any", ""),
}


def _file_of(origin: str, files: list[str]) -> str | None:
    best = None
    for f in files:
        if origin == f or origin.startswith(f + "#") or origin.startswith(f + ":"):
            if best is None or len(f) > len(best):
                best = f
    return best


def _ingest(engine, inputs, extractor, **kw):  # noqa: ANN001, ANN202
    outcomes = []
    summary = Ingestor(engine, extractor=extractor, on_outcome=outcomes.append, batch_size=8, **kw).run(inputs)
    return summary, outcomes


def _db_state(engine) -> dict:  # noqa: ANN001
    with session_scope(engine) as s:
        docs = s.execute(select(m.Document.id, m.Document.content_hash, m.Document.origin, m.Document.body,
                                m.Document.canonical_url, m.Document.status)).all()
        offsets = []
        for model in (m.Commitment, m.Event):
            for ev, start, end, body in s.execute(
                    select(model.evidence, model.start, model.end, m.Document.body)
                    .join(m.Document, m.Document.id == model.document_id)):
                offsets.append(body[start:end] == ev)
        return {
            "docs": {d.id: d for d in docs},
            "commitments": s.scalar(select(func.count()).select_from(m.Commitment)),
            "events": s.scalar(select(func.count()).select_from(m.Event)),
            "pairs": s.scalar(select(func.count()).select_from(m.Pair)),
            "offsets_ok": all(offsets),
            "offsets_checked": len(offsets),
        }


def _check_outcomes(by_item: dict[str, list], expectations: dict[str, tuple[str, str, str, str]],
                    state: dict) -> Counter:
    """Per item: exactly the expected kind of outcome, a reason for every failure, nothing lost."""
    tally: Counter = Counter()
    problems = []
    for item, (kind, expect, reason_word, text) in expectations.items():
        outs = by_item.get(item, [])
        if not outs:
            problems.append(f"{item} ({kind}): LOST (no outcome)")
            continue
        statuses = {o.status for o in outs}
        for o in outs:
            tally[o.status] += 1
            if o.status == "failed":
                if not o.reason or any(mk in o.reason for mk in CRASH_MARKERS):
                    problems.append(f"{item} ({kind}): failure is a crash or has no reason: {o.reason!r}")
            elif o.status == "duplicate" and o.document_id is None and "earlier in this run" in (o.reason or ""):
                pass  # folded into an item of the same run
            elif o.document_id is None or o.document_id not in state["docs"]:
                problems.append(f"{item} ({kind}): outcome {o.status} but no stored document")
        if expect == "failed":
            if statuses != {"failed"}:
                problems.append(f"{item} ({kind}): expected a failure, got {sorted(statuses)}")
            elif reason_word and not any(reason_word.lower() in (o.reason or "").lower() for o in outs):
                problems.append(f"{item} ({kind}): failure reason lacks {reason_word!r}: "
                                f"{[o.reason for o in outs]}")
        elif expect == "stored":
            stored = [o for o in outs if o.status in STORED]
            if not stored:
                problems.append(f"{item} ({kind}): expected a stored document, got {[(o.status, o.reason) for o in outs]}")
            elif text and not any(text in state["docs"][o.document_id].body for o in stored):
                problems.append(f"{item} ({kind}): stored body lacks {text!r}: "
                                f"{state['docs'][stored[0].document_id].body[:120]!r}")
    assert not problems, "\n".join(problems)
    return tally


def _no_duplicates(state: dict) -> None:
    from tracker.ingest.store import normalise_body

    docs = list(state["docs"].values())
    hashes = Counter(d.content_hash for d in docs)
    assert all(n == 1 for n in hashes.values())
    bodies = Counter(normalise_body(d.body) for d in docs if d.body.strip())
    dup = [b[:60] for b, n in bodies.items() if n > 1]
    assert not dup, f"the same text is stored more than once: {dup}"


@pytest.fixture(scope="module")
def shared_extractor(extractor):  # noqa: ANN001, ANN201
    """The session's extractor, each distinct input extracted once for the whole module."""
    cache: dict[tuple, object] = {}

    def key(doc):  # noqa: ANN001, ANN202
        return doc.body, doc.language, doc.published, doc.url

    def extract(docs):  # noqa: ANN001, ANN202
        docs = list(docs)
        todo = list({key(d): d for d in docs if key(d) not in cache}.values())
        if todo:
            results = list(extractor(todo))
            if len(results) != len(todo):
                raise RuntimeError("extractor returned a wrong number of results")
            cache.update((key(d), r) for d, r in zip(todo, results, strict=True))
        return [replace(cache[key(d)], document=d) for d in docs]

    return extract


def _run_cli(monkeypatch, capsys, shared_extractor, *args: str) -> tuple[int, str, str]:  # noqa: ANN001
    """``tracker ARGS`` through its real entry point, in this process, with the shared extraction."""
    from tracker.cli import main
    from tracker.ingest import pipeline

    monkeypatch.setattr(pipeline, "default_extractor", shared_extractor)
    monkeypatch.setattr(sys, "argv", ["tracker", *args])
    capsys.readouterr()
    code = 0
    try:
        main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- files


@pytest.mark.slow
def test_bad_file_corpus_through_ingest(db_url: str, bad_corpus, shared_extractor) -> None:  # noqa: ANN001
    root, kinds = bad_corpus
    assert len(kinds) >= 30
    engine = get_engine(db_url)
    summary, outcomes = _ingest(engine, [str(root)], shared_extractor,
                                fetch_limits=FetchLimits(connect_timeout=1, read_timeout=1, deadline=3))
    files = [str(root / name) for name in kinds]
    by_item: dict[str, list] = defaultdict(list)
    stray = []
    for o in outcomes:
        f = _file_of(o.origin, files)
        (by_item[f].append(o) if f else stray.append(o))
    assert not stray, f"outcomes that belong to no input: {stray}"
    state = _db_state(engine)
    expectations = {str(root / n): (k.kind, k.expect, k.reason, k.text) for n, k in kinds.items()}
    tally = _check_outcomes(by_item, expectations, state)
    # the two copies of one article: one stored, one duplicate
    dup = by_item[str(root / "duplicate-b.txt")]
    assert [o.status for o in dup] == ["duplicate"], dup
    _no_duplicates(state)
    assert state["offsets_ok"], "a stored evidence quote is not body[start:end]"
    stored = sum(1 for o in outcomes if o.status in STORED)
    assert len(state["docs"]) == stored
    assert summary.items == len(outcomes)

    # a second run changes nothing
    summary2, outcomes2 = _ingest(engine, [str(root)], shared_extractor,
                                  fetch_limits=FetchLimits(connect_timeout=1, read_timeout=1, deadline=3))
    state2 = _db_state(engine)
    assert state2["docs"].keys() == state["docs"].keys()
    assert (state2["commitments"], state2["events"], state2["pairs"]) == (
        state["commitments"], state["events"], state["pairs"])
    assert not any(o.status in STORED for o in outcomes2), [o for o in outcomes2 if o.status in STORED]
    assert Counter(o.status for o in outcomes2)["failed"] == tally["failed"]
    print(f"\nbad-file corpus: {len(kinds)} kinds, {len(outcomes)} outcomes {dict(tally)}, "
          f"{len(state['docs'])} documents, 0 crashes, 0 lost, 0 duplicates")


@pytest.mark.slow
def test_bad_file_corpus_through_the_ingest_command(sqlite_url: str, bad_corpus, shared_extractor, monkeypatch,
                                                    capsys) -> None:  # noqa: ANN001
    root, kinds = bad_corpus
    code, out, err = _run_cli(monkeypatch, capsys, shared_extractor, "--db", sqlite_url, "ingest", str(root), "--json")
    assert code in (0, 4), err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    data = json.loads(out)
    assert data["failed"] >= 5  # binary, bombs, XXE, invalid JSON at least
    for item in data["failed_items"]:
        assert item["reason"] and not any(mk in item["reason"] for mk in CRASH_MARKERS), item
    total = sum(data[k] for k in ("new", "version", "duplicate", "dropped", "failed"))
    assert total >= len(kinds)
    # the run is recorded with the same counts
    engine = get_engine(sqlite_url)
    with session_scope(engine) as s:
        run = s.scalars(select(m.IngestRun).order_by(m.IngestRun.id.desc())).first()
        assert run.status == "finished"
        assert run.counts["failed"] == data["failed"]
        n_docs = s.scalar(select(func.count()).select_from(m.Document))
    assert n_docs == data["new"] + data["version"] + data["dropped"]
    # again: nothing new
    code2, out2, err2 = _run_cli(monkeypatch, capsys, shared_extractor, "--db", sqlite_url, "ingest", str(root),
                                 "--json")
    assert code2 in (0, 4), err2[-3000:]
    data2 = json.loads(out2)
    assert data2["new"] == data2["version"] == data2["dropped"] == 0
    assert data2["failed"] == data["failed"]


def _extract_cli_available() -> bool:
    try:
        import tracker.cli.extract  # noqa: F401
    except Exception:  # noqa: BLE001
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not _extract_cli_available(), reason="tracker extract is not there yet")
def test_bad_file_corpus_through_the_extract_command(bad_corpus, capsys, monkeypatch) -> None:  # noqa: ANN001
    """``tracker extract FILE --json`` on every bad file: JSON out, or a one-line ``error:`` and exit
    code 2 or 4; never an unhandled exception. Run in-process through the real entry point
    (``tracker.cli.main``, which is what the console script calls) so that the models load once."""
    from tracker.cli import main

    root, kinds = bad_corpus
    outcomes = Counter()
    problems = []
    for name, kind in kinds.items():
        monkeypatch.setattr(sys, "argv", ["tracker", "extract", str(root / name), "--json"])
        code = 0
        try:
            main()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except BaseException as e:  # noqa: BLE001 - an unhandled exception is the crash we look for
            problems.append(f"{name} ({kind.kind}): crashed with {type(e).__name__}: {e}")
            continue
        out, err = capsys.readouterr()
        if code == 0:
            try:
                data = json.loads(out)
            except ValueError:
                problems.append(f"{name}: exit 0 but stdout is not JSON: {out[:200]!r}")
                continue
            outcomes["json"] += 1
            for d in data if isinstance(data, list) else [data]:
                if not ("document" in d and "commitments" in d and "events" in d):
                    problems.append(f"{name}: JSON lacks the extract shape: {sorted(d)}")
        elif code in (2, 4):
            lines = err.strip().splitlines()
            if len(lines) != 1 or not lines[0].startswith("error:"):
                problems.append(f"{name}: exit {code} without a one-line error: {err[-300:]!r}")
            outcomes[f"exit {code}"] += 1
        else:
            problems.append(f"{name} ({kind.kind}): exit {code}: {err[-500:]}")
    assert not problems, "\n".join(problems)
    print(f"\nextract command: {len(kinds)} kinds, {dict(outcomes)}")


# --------------------------------------------------------------------------- HTTP


@pytest.mark.slow
def test_hostile_http_through_ingest(sqlite_url: str, bad_server, shared_extractor) -> None:  # noqa: ANN001
    engine = get_engine(sqlite_url)
    limits = FetchLimits(connect_timeout=2, read_timeout=1.5, deadline=3)
    by_item: dict[str, list] = {}
    for route in URL_KINDS:
        url = bad_server.base + route
        _summary, outcomes = _ingest(engine, [url], shared_extractor, fetch_limits=limits)
        by_item[url] = outcomes
    state = _db_state(engine)
    expectations = {bad_server.base + r: (k, e, w, "") for r, (k, e, w) in URL_KINDS.items()}
    tally = _check_outcomes(by_item, expectations, state)
    _no_duplicates(state)
    # the feed's link to the article already stored is a duplicate, its failures are failures
    feed = by_item[bad_server.base + "/feed-links.rss"]
    statuses = Counter(o.status for o in feed)
    assert statuses["failed"] >= 4 and statuses["duplicate"] >= 1, feed
    assert len(feed) == 8  # one outcome per entry
    print(f"\nhostile HTTP: {len(URL_KINDS)} kinds, {dict(tally)}, 0 crashes, 0 lost, 0 duplicates")


@pytest.mark.slow
def test_hostile_http_through_the_ingest_command(sqlite_url: str, bad_server, shared_extractor, monkeypatch,
                                                 capsys) -> None:  # noqa: ANN001
    fast_failures = ["/gzip-bomb", "/redirect/0", "/redirect-loop", "/image.png", "/pdf", "/huge-declared",
                     "/404", "/410", "/500", "/feed-bomb.rss", "/feed-xxe.rss"]
    urls = [bad_server.base + r for r in ["/article.html", *fast_failures]]
    code, out, err = _run_cli(monkeypatch, capsys, shared_extractor, "--db", sqlite_url, "ingest", *urls, "--json")
    assert code == 4, (code, err[-2000:])
    assert "Traceback" not in err
    data = json.loads(out)
    assert data["failed"] == len(fast_failures)
    assert data["new"] + data["dropped"] == 1
    reasons = " | ".join(i["reason"] for i in data["failed_items"])
    for word in ("redirect", "404", "500", "content type", "entit", "large"):
        assert word in reasons.lower(), (word, reasons)
