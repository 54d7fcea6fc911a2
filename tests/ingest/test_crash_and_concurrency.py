"""Crash safety (SIGKILL mid-run, then re-run == clean run) and many workers on PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.helpers import article
from ingest.test_ingest import snapshot
from tracker.db import get_engine, session_scope
from tracker.db import models as m

WORKER = Path(__file__).resolve().parent / "worker.py"


def make_corpus(root: Path, n: int) -> tuple[Path, int]:
    """``n`` commitment articles and ``n`` event articles; event i contradicts commitment i.

    Returns the folder and the number of expected pairs."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        actor = f"Party {i}"  # one actor per pair: exactly n expected pairs
        day = 1 + (i % 20)
        (root / f"c{i:03d}.txt").write_text(article(
            f"https://ex.org/c/{i}", f"2025-03-{day:02d}", f"Statement number {i}.",
            f"C|{actor}|refrain|strike|energy infrastructure|2025-03-{day:02d}|2025-03-{day + 5:02d}"))
        (root / f"e{i:03d}.txt").write_text(article(
            f"https://ex.org/e/{i}", f"2025-03-{day + 2:02d}", f"Report number {i}.",
            f"E|{actor}|did|missile strike|energy infrastructure|2025-03-{day + 1:02d}|Town{i}|XX"))
    return root, n


def spawn(url: str, *inputs, sleep: float = 0.0) -> subprocess.Popen:
    cmd = [sys.executable, str(WORKER), url]
    if sleep:
        cmd += ["--sleep", str(sleep)]
    env = dict(os.environ)
    return subprocess.Popen(cmd + [str(i) for i in inputs], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


def expected_pairs(url: str) -> set[tuple[str, str]]:
    with session_scope(get_engine(url)) as s:
        return {(p.commitment.document.url, p.event.document.url) for p in s.scalars(select(m.Pair))}


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_equals_clean_run(tmp_path):
    from tracker.db import upgrade

    corpus, n = make_corpus(tmp_path / "corpus", 15)
    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    killed = f"sqlite:///{tmp_path / 'killed.db'}"
    upgrade(clean)
    upgrade(killed)
    p = spawn(clean, corpus)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    p = spawn(killed, corpus, sleep=0.1)
    deadline = time.time() + 60
    while time.time() < deadline:  # kill once some, but not all, documents are stored
        with session_scope(get_engine(killed)) as s:
            stored = s.scalar(select(func.count()).select_from(m.Document))
        if stored >= 6:
            break
        time.sleep(0.05)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    with session_scope(get_engine(killed)) as s:
        partial = s.scalar(select(func.count()).select_from(m.Document))
    assert 0 < partial < 2 * n
    p = spawn(killed, corpus)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert snapshot(killed) == snapshot(clean)
    assert len(snapshot(clean)["pairs"]) == n
    with session_scope(get_engine(killed)) as s:
        runs = [r.status for r in s.scalars(select(m.IngestRun).order_by(m.IngestRun.id))]
    assert runs == ["interrupted", "finished"]


@pytest.mark.postgres
@pytest.mark.slow
def test_many_workers_on_postgres_store_each_document_once(pg_schema_url, tmp_path):
    """Four worker processes ingest overlapping inputs at once: every document once, every pair
    present, no deadlock or unique-violation error surfaced."""
    from tracker.db import upgrade

    upgrade(pg_schema_url)
    corpus, n = make_corpus(tmp_path / "corpus", 40)
    files = sorted(corpus.iterdir())
    # Overlapping slices: worker k takes files [k*20, k*20+60) wrapping around, so each file is
    # seen by 2-3 workers, and commitment/event of one pair often land in different workers.
    slices = []
    for k in range(4):
        part = [files[(k * 20 + j) % len(files)] for j in range(60)]
        slices.append(part)
    procs = [spawn(pg_schema_url, *part) for part in slices]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert "UniqueViolation" not in err and "deadlock" not in err.lower(), err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert all(r["failed"] == 0 for r in results), results
    with session_scope(get_engine(pg_schema_url)) as s:
        assert s.scalar(select(func.count()).select_from(m.Document)) == 2 * n
        assert s.scalar(select(func.count(func.distinct(m.Document.content_hash)))) == 2 * n
        assert s.scalar(select(func.count()).select_from(m.Commitment)) == n
        assert s.scalar(select(func.count()).select_from(m.Event)) == n
    assert expected_pairs(pg_schema_url) == {(f"https://ex.org/c/{i}", f"https://ex.org/e/{i}") for i in range(n)}
    assert sum(r["new"] for r in results) == 2 * n


@pytest.mark.slow
def test_three_workers_on_sqlite(tmp_path):
    """SQLite too: WAL and the busy timeout serialise writers; nothing is stored twice or lost."""
    from tracker.db import upgrade

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    upgrade(url)
    corpus, n = make_corpus(tmp_path / "corpus", 20)
    files = sorted(corpus.iterdir())
    procs = [spawn(url, *(files[k * 13:] + files[:k * 13])) for k in range(3)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert json.loads(out.strip().splitlines()[-1])["failed"] == 0
    with session_scope(get_engine(url)) as s:
        assert s.scalar(select(func.count()).select_from(m.Document)) == 2 * n
    assert expected_pairs(url) == {(f"https://ex.org/c/{i}", f"https://ex.org/e/{i}") for i in range(n)}
