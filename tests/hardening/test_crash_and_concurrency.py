"""Crash safety (SIGKILL partway through ``tracker ingest``, then re-run) and concurrency
(four ``tracker ingest`` workers on PostgreSQL over overlapping inputs).

Both end with the database equal to a clean single run's: no half-written document, no
duplicate, no missed cross-document pair.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from dbcompare import diff, snapshot
from tracker.bench import make_corpus, write_corpus_files
from tracker.db import get_engine, session_scope, upgrade
from tracker.db import models as m

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict:
    env = dict(os.environ)
    env.pop("TRACKER_DATABASE_URL", None)
    return env


def _ingest_cmd(url: str, *inputs: str, batch: int = 4) -> list[str]:
    return [sys.executable, "-m", "tracker", "--db", url, "ingest", *inputs, "--json", "--batch-size", str(batch)]


def _run(url: str, *inputs: str, timeout: int = 600) -> dict:
    proc = subprocess.run(_ingest_cmd(url, *inputs), capture_output=True, text=True, timeout=timeout, env=_env(),
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def _count_docs(url: str) -> int:
    try:
        with get_engine(url).connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM documents")).scalar() or 0
    except Exception:  # noqa: BLE001 - locked or busy: try again later
        return -1


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 articles in four languages, with commitments and events that pair across documents."""
    root = tmp_path_factory.mktemp("crash-corpus")
    return write_corpus_files(make_corpus(10, seed=5), root / "docs", tag="crash/")


def clean_run(corpus: Path, tmp_path: Path) -> dict:
    """A clean single run's content (taken after the test's runs, so that both see the same code)."""
    url = f"sqlite:///{tmp_path / 'clean.db'}"
    upgrade(url)
    summary = _run(url, str(corpus))
    assert summary["failed"] == 0
    snap = snapshot(url)
    assert snap["documents"] and snap["unpaired"] == 0
    return snap


def _kill_when(url: str, proc: subprocess.Popen, at_least: int, timeout: float = 300) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return -1  # finished before we could kill it
        n = _count_docs(url)
        if n >= at_least:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return n
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("ingest made no progress")


@pytest.mark.slow
def test_sigkill_partway_then_rerun_equals_clean_run(db_url: str, corpus: Path, tmp_path: Path) -> None:
    n_files = sum(1 for _ in corpus.rglob("*.txt"))
    killed_at = []
    for at_least in (3, n_files // 2):
        proc = subprocess.Popen(_ingest_cmd(db_url, str(corpus), batch=2), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=_env(), cwd=ROOT)
        killed_at.append(_kill_when(db_url, proc, at_least))
    assert any(k > 0 for k in killed_at), "never killed partway (ingest too fast)"
    partial = _count_docs(db_url)
    assert 0 < partial < n_files
    # the killed runs stay "running" in ingest_runs: visible, not hidden
    with session_scope(get_engine(db_url)) as s:
        assert s.scalar(select(func.count()).select_from(m.IngestRun).where(m.IngestRun.status == "running")) >= 1
    summary = _run(db_url, str(corpus))
    assert summary["failed"] == 0
    assert summary["new"] + summary["dropped"] + summary["duplicate"] == n_files
    after = snapshot(db_url)
    clean = clean_run(corpus, tmp_path)
    assert after == clean, diff(after, clean)


@pytest.mark.slow
@pytest.mark.postgres
def test_four_workers_overlapping_inputs_store_exactly_once(pg_schema_url: str, corpus: Path,
                                                            tmp_path: Path) -> None:
    upgrade(pg_schema_url)
    dirs = sorted(p for p in corpus.rglob("*.txt"))
    quarter = len(dirs) // 4
    parts = [dirs[i * quarter:(i + 1) * quarter] for i in range(4)]
    parts[-1].extend(dirs[4 * quarter:])
    # worker i takes its quarter, the next quarter and every file of quarter 0 (heavy overlap)
    inputs = [sorted({*parts[i], *parts[(i + 1) % 4], *parts[0]}) for i in range(4)]
    procs = [subprocess.Popen(_ingest_cmd(pg_schema_url, *map(str, files), batch=3), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT) for files in inputs]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=900)
        assert p.returncode == 0, err[-3000:]
        assert "Traceback" not in err and "error" not in err.lower(), err[-3000:]
        results.append(json.loads(out))
    assert all(r["failed"] == 0 for r in results), results
    stored = sum(r["new"] + r["dropped"] for r in results)
    assert stored == len(dirs), f"{stored} documents stored by the workers for {len(dirs)} distinct files"
    after = snapshot(pg_schema_url)
    clean = clean_run(corpus, tmp_path)
    assert after == clean, diff(after, clean)
