"""Crash safety, abandoned runs and several workers, on real SQLite and real PostgreSQL.

Every worker is a separate process running the real ``tracker`` command line (tests/ingest/
worker.py swaps in the fake extractor only, so that each test takes seconds, not minutes).

- SIGKILL partway through ``tracker ingest`` (twice), then a re-run: the database equals a clean
  single run's (no half-written document, no duplicate, no missed pair), and the killed runs are
  listed as ``abandoned``, never ``running``.
- Several workers over overlapping inputs: exactly-once storage, every pair present, no
  user-visible error (four on PostgreSQL, three on SQLite).
- Two processes storing two changed copies of one URL at once: a version chain 1, 2, 3, never
  two "version 2" rows.
- A run's liveness on PostgreSQL comes from its advisory lock, so a run of another host is
  abandoned once its lock is gone and kept while it is held.
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
from click.testing import CliRunner
from sqlalchemy import func, insert, select, text

from ingest.dbcompare import diff, snapshot
from ingest.helpers import article, fake_extractor
from tracker.db import get_engine, session_scope, upgrade
from tracker.db import models as m
from tracker.ingest import pipeline, runs

WORKER = Path(__file__).resolve().parent / "worker.py"
ROOT = Path(__file__).resolve().parents[2]
USER_VISIBLE_ERRORS = ("Traceback", "UniqueViolation", "IntegrityError", "deadlock", "database is locked", "error")


def make_corpus(root: Path, n: int) -> tuple[Path, int]:
    """``n`` commitment articles and ``n`` event articles; event i contradicts commitment i.

    Returns the folder and the number of expected pairs (one actor per pair: exactly ``n``)."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        actor = f"Party {i}"
        day = 1 + (i % 20)
        (root / f"c{i:03d}.txt").write_text(article(
            f"https://ex.org/c/{i}", f"2025-03-{day:02d}", f"Statement number {i}.",
            f"C|{actor}|refrain|strike|energy infrastructure|2025-03-{day:02d}|2025-03-{day + 5:02d}"))
        (root / f"e{i:03d}.txt").write_text(article(
            f"https://ex.org/e/{i}", f"2025-03-{day + 2:02d}", f"Report number {i}.",
            f"E|{actor}|did|missile strike|energy infrastructure|2025-03-{day + 1:02d}|Town{i}|XX"))
    return root, n


def _env() -> dict:
    env = dict(os.environ)
    env.pop("TRACKER_DATABASE_URL", None)
    return env


def spawn(url: str, *inputs, sleep: float = 0.0, batch: int = 4, barrier: tuple | None = None,
          stdout=subprocess.PIPE) -> subprocess.Popen:  # noqa: ANN001
    """``tracker --db URL ingest INPUTS --json`` in its own process (fake extractor)."""
    cmd = [sys.executable, str(WORKER)]
    if sleep:
        cmd += ["--sleep", str(sleep)]
    if barrier:
        cmd += ["--barrier", *map(str, barrier)]
    cmd += ["--", "--db", url, "ingest", *map(str, inputs), "--json", "--batch-size", str(batch)]
    return subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)


def finish(p: subprocess.Popen, timeout: int = 300) -> dict:
    """Wait for a worker: exit 0, no user-visible error, its JSON summary."""
    out, err = p.communicate(timeout=timeout)
    assert p.returncode == 0, err[-3000:]
    assert not any(word.lower() in err.lower() for word in USER_VISIBLE_ERRORS), err[-3000:]
    return json.loads(out)


def count_docs(url: str) -> int:
    try:
        with get_engine(url).connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM documents")).scalar() or 0
    except Exception:  # noqa: BLE001 - busy: try again later
        return -1


def kill_when(url: str, proc: subprocess.Popen, at_least: int, timeout: float = 120) -> int:
    """SIGKILL ``proc`` once ``at_least`` documents are stored; -1 when it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return -1
        n = count_docs(url)
        if n >= at_least:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return n
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("ingest made no progress")


def ingest_here(url: str, *inputs: Path) -> dict:
    """One ingest in this process (the same pipeline the workers run, without a process start)."""
    return pipeline.ingest(get_engine(url), [str(i) for i in inputs], extractor=fake_extractor,
                           batch_size=4).to_json()


def clean_snapshot(corpus: Path, tmp_path: Path) -> dict:
    """A clean single run's content (SQLite; snapshots hold no ids, so any database compares)."""
    url = f"sqlite:///{tmp_path / 'clean.db'}"
    upgrade(url)
    summary = ingest_here(url, corpus)
    assert summary["failed"] == 0
    snap = snapshot(url)
    assert snap["documents"] and snap["unpaired"] == 0
    return snap


def pair_urls(url: str) -> set[tuple[str, str]]:
    with session_scope(get_engine(url)) as s:
        return {(p.commitment.document.url, p.event.document.url) for p in s.scalars(select(m.Pair))}


def run_statuses(url: str) -> list[str]:
    with session_scope(get_engine(url)) as s:
        return [r.status for r in s.scalars(select(m.IngestRun).order_by(m.IngestRun.id))]


# --------------------------------------------------------------------------- SIGKILL and re-run


@pytest.mark.slow
def test_sigkill_partway_then_rerun_equals_clean_run(db_url: str, tmp_path: Path) -> None:
    corpus, n = make_corpus(tmp_path / "corpus", 15)
    n_files = 2 * n
    killed_at = [kill_when(db_url, spawn(db_url, corpus, sleep=0.05, batch=2, stdout=subprocess.DEVNULL), k)
                 for k in (3, n_files // 2)]
    assert any(k > 0 for k in killed_at), "never killed partway (ingest too fast)"
    partial = count_docs(db_url)
    assert 0 < partial < n_files

    # The killed runs are abandoned, not "running" forever: `tracker runs` finds them (on
    # PostgreSQL once the server has ended the killed client's session, which it does on its own).
    from tracker.cli.ingest import runs_cmd

    deadline = time.monotonic() + 30
    while any(r["status"] == "running" for r in runs.list_runs(get_engine(db_url))) and time.monotonic() < deadline:
        time.sleep(0.05)
    out = CliRunner().invoke(runs_cmd, ["--json"], obj={"db_url": db_url}, catch_exceptions=False).output
    listed = json.loads(out)
    killed = sum(1 for k in killed_at if k > 0)
    assert sorted(r["status"] for r in listed) == sorted(["abandoned"] * killed + ["finished"] * (2 - killed))
    assert not any(r["status"] == "running" for r in listed)

    summary = finish(spawn(db_url, corpus))
    assert summary["failed"] == 0
    assert summary["new"] + summary["dropped"] + summary["duplicate"] == n_files
    assert run_statuses(db_url)[-1] == "finished"
    after = snapshot(db_url)
    assert len(after["pairs"]) == n
    clean = clean_snapshot(corpus, tmp_path)
    assert after == clean, diff(after, clean)


# --------------------------------------------------------------------------- several workers


@pytest.mark.slow
def test_many_workers_over_overlapping_inputs_store_each_document_once(db_url: str, tmp_path: Path) -> None:
    """Each file is seen by two or three workers, and the commitment and event of one pair often
    land in different workers: every document once, every pair present, no error surfaced."""
    postgres = db_url.startswith("postgresql")
    corpus, n = make_corpus(tmp_path / "corpus", 30 if postgres else 20)
    files = sorted(corpus.iterdir())
    if postgres:  # worker k takes files [15k, 15k + 45), wrapping around
        slices = [[files[(k * 15 + j) % len(files)] for j in range(45)] for k in range(4)]
    else:  # SQLite: WAL and BEGIN IMMEDIATE serialise the writers of three workers
        slices = [files[k * 13:] + files[:k * 13] for k in range(3)]
    results = [finish(p) for p in [spawn(db_url, *part, batch=3) for part in slices]]
    assert all(r["failed"] == 0 for r in results), results
    assert sum(r["new"] for r in results) == 2 * n  # each document new exactly once across workers
    with session_scope(get_engine(db_url)) as s:
        assert s.scalar(select(func.count()).select_from(m.Document)) == 2 * n
        assert s.scalar(select(func.count(func.distinct(m.Document.content_hash)))) == 2 * n
        assert s.scalar(select(func.count()).select_from(m.Commitment)) == n
        assert s.scalar(select(func.count()).select_from(m.Event)) == n
    assert pair_urls(db_url) == {(f"https://ex.org/c/{i}", f"https://ex.org/e/{i}") for i in range(n)}
    assert run_statuses(db_url) == ["finished"] * len(slices)
    after = snapshot(db_url)
    clean = clean_snapshot(corpus, tmp_path)
    assert after == clean, diff(after, clean)


# --------------------------------------------------------------------------- versions of one URL


@pytest.mark.slow
def test_two_processes_storing_versions_of_one_url_form_a_chain(db_url: str, tmp_path: Path) -> None:
    """Both processes read the URL's latest version before either writes (the barrier holds the
    first one until the second has read too, unless the second is waiting for the first's lock)."""
    url = "https://ex.org/story"
    line = "C|Russia|refrain|strike|energy infrastructure|2025-03-18|2025-04-17"
    (tmp_path / "v1.txt").write_text(article(url, "2025-03-18", "Version one of the story.", line))
    assert ingest_here(db_url, tmp_path / "v1.txt")["new"] == 1
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = []
    for name in ("a", "b"):
        # A first article of the same outlet stores the source row, so that the racing store is
        # not serialised by that row's insert.
        warm = tmp_path / f"warm-{name}.txt"
        warm.write_text(article(f"https://ex.org/other-{name}", "2025-03-18", f"Warm-up {name}."))
        story = tmp_path / f"story-{name}.txt"
        story.write_text(article(url + "?utm_source=feed", "2025-03-19", f"Version {name} of the story.", line))
        procs.append(spawn(db_url, warm, story, batch=1, barrier=(barrier, name, url)))
    results = [finish(p) for p in procs]
    assert sum(r["version"] for r in results) == 2 and sum(r["failed"] for r in results) == 0, results
    with session_scope(get_engine(db_url)) as s:
        rows = s.execute(select(m.Document.id, m.Document.version, m.Document.previous_version_id)
                         .where(m.Document.canonical_url == url).order_by(m.Document.version)).all()
    assert [r.version for r in rows] == [1, 2, 3], rows  # never two "version 2" rows
    assert [r.previous_version_id for r in rows] == [None, rows[0].id, rows[1].id], rows  # a chain


# --------------------------------------------------------------------------- run liveness


def _add_run(url: str, worker: str) -> int:
    with get_engine(url).begin() as conn:
        return conn.execute(insert(m.IngestRun).values(requested={}, status="running", counts={}, errors=[],
                                                       worker=worker).returning(m.IngestRun.id)).scalar_one()


def _wait_until_backend_exits(url: str, pid: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with get_engine(url).connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first():
                return
        time.sleep(0.02)
    raise AssertionError(f"backend {pid} still there")


def test_dead_process_of_this_host_is_abandoned_live_one_is_not(db_url: str) -> None:
    import socket

    host = socket.gethostname()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = _add_run(db_url, f"{host}:{sleeper.pid}")
        if db_url.startswith("postgresql"):  # there, liveness is the run's lock: hold it for `live`
            holder = get_engine(db_url).connect()
            holder.execute(text(f"SELECT pg_advisory_lock({runs._LOCK_ARGS})"), {"run_id": live})
            backend = holder.execute(text("SELECT pg_backend_pid()")).scalar()
            holder.commit()
        dead_proc = subprocess.Popen([sys.executable, "-c", "pass"])
        dead_proc.wait()
        dead = _add_run(db_url, f"{host}:{dead_proc.pid}")
        assert runs.mark_abandoned(get_engine(db_url)) == [dead]
        assert {r["id"]: r["status"] for r in runs.list_runs(get_engine(db_url))} == {
            live: "running", dead: "abandoned"}
        if db_url.startswith("postgresql"):
            holder.invalidate()  # the "process" goes away with its database connection
            holder.close()
            _wait_until_backend_exits(db_url, backend)  # the server ends the session asynchronously
            assert runs.mark_abandoned(get_engine(db_url)) == [live]
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.postgres
def test_postgres_run_of_another_host_is_alive_while_its_lock_is_held(pg_schema_url: str) -> None:
    upgrade(pg_schema_url)
    engine = get_engine(pg_schema_url)
    lease = runs.start_run(engine, {"inputs": []})
    other = _add_run(pg_schema_url, "another-host.example:4242")  # a run whose process left no lock
    assert runs.mark_abandoned(engine) == [other]
    # A second lease-holder's view: the live run's lock cannot be taken, so it stays running.
    assert runs.mark_abandoned(engine) == []
    assert {r["id"]: r["status"] for r in runs.list_runs(engine)} == {lease.run_id: "running",
                                                                       other: "abandoned"}
    lease.release()
    assert runs.mark_abandoned(engine) == [lease.run_id]


def test_sqlite_run_of_another_host_is_left_running(sqlite_url: str) -> None:
    """SQLite cannot see another machine's processes: such a run is not guessed dead."""
    run_id = _add_run(sqlite_url, "another-host.example:4242")
    assert runs.mark_abandoned(get_engine(sqlite_url)) == []
    [row] = runs.list_runs(get_engine(sqlite_url))
    assert (row["id"], row["status"]) == (run_id, "running")


def test_reused_pid_does_not_keep_a_dead_run_running(sqlite_url: str, monkeypatch) -> None:  # noqa: ANN001
    """After a power loss the recorded pid may belong to a process started later (a reboot)."""
    import datetime as dt
    import socket

    run_id = _add_run(sqlite_url, f"{socket.gethostname()}:{os.getppid()}")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    monkeypatch.setattr(runs, "process_start_time", lambda pid: later)
    assert runs.mark_abandoned(get_engine(sqlite_url)) == [run_id]


def test_sigterm_records_an_interrupted_run(sqlite_url: str, tmp_path: Path) -> None:
    corpus, _ = make_corpus(tmp_path / "corpus", 10)
    p = spawn(sqlite_url, corpus, sleep=0.2, batch=1)
    deadline = time.monotonic() + 60
    while count_docs(sqlite_url) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130, err[-2000:]
    assert "Traceback" not in err
    assert run_statuses(sqlite_url) == ["interrupted"]
