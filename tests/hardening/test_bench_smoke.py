"""``tracker bench --quick``: the command runs and writes its report. Never checks a time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hardening_support import real_extractor_available

ROOT = Path(__file__).resolve().parents[2]


def _bench(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, str, dict]:
    out, js = tmp_path / "BENCH.md", tmp_path / "bench.json"
    env = dict(os.environ)
    env.pop("TRACKER_DATABASE_URL", None)
    # the installed console script, run from another folder, as a user runs it (``python -m tracker`` from
    # the checkout would put the checkout on sys.path and hide an import of the top-level dashboard/ folder)
    tracker = Path(sys.executable).with_name("tracker")
    command = [str(tracker)] if tracker.exists() else [sys.executable, "-m", "tracker"]
    proc = subprocess.run([*command, "bench", "--quick", "--output", str(out),
                           "--json", str(js), *args], capture_output=True, text=True, timeout=900, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return proc, out.read_text(encoding="utf-8"), json.loads(js.read_text(encoding="utf-8"))


def test_bench_quick_pairing_and_dashboard_on_sqlite(tmp_path: Path) -> None:
    _proc, md, data = _bench(tmp_path, "--only", "pairing,dashboard", "--db-kinds", "sqlite")
    assert "## 3. Pairing at scale" in md and "## 4. Dashboard review-queue queries" in md
    assert "Smoke run" in md and "| cores (nproc) |" in md and "tracker bench" in md
    assert not data["errors"]
    rows = data["sections"]["pairing"]["sqlite"]
    assert [r["events"] for r in rows] == [400, 1600]
    assert all(r["incremental_events"] == 40 for r in rows)
    assert data["sections"]["dashboard"]["sqlite"]["pairs"] == 300


@pytest.mark.postgres
def test_bench_quick_pairing_and_dashboard_on_postgres(tmp_path: Path) -> None:
    pg = os.environ.get("TRACKER_TEST_DATABASE_URL")
    if not pg:
        pytest.skip("PostgreSQL: TRACKER_TEST_DATABASE_URL is not set")
    _proc, md, data = _bench(tmp_path, "--only", "pairing,dashboard", "--db-kinds", "postgres", "--pg", pg)
    assert not data["errors"]
    assert data["machine"]["postgresql"] and "unavailable" not in data["machine"]["postgresql"]
    assert data["sections"]["dashboard"]["postgres"]["reviews"] > 0
    assert "| postgres |" in md


@pytest.mark.slow
@pytest.mark.skipif(not real_extractor_available(), reason="tracker.extract is not there yet")
def test_bench_quick_all_sections(tmp_path: Path) -> None:
    _proc, md, data = _bench(tmp_path, "--db-kinds", "sqlite")
    assert not data["errors"], data["errors"]
    for title in ("## 1. Extraction throughput", "## 2. End-to-end ingest", "## 3. Pairing at scale",
                  "## 4. Dashboard review-queue queries"):
        assert title in md
    ext = data["sections"]["extraction"]
    assert set(ext["languages"]) == {"en", "ru", "uk", "ar"}
    assert all(r["ratio"] > 0 for r in ext["languages"].values())
    ingest = data["sections"]["ingest"]["sqlite"]
    assert all(r["exit"] == 0 and r["peak_rss_mb"] > 0 for r in ingest)


def test_bench_rejects_an_unknown_section(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "tracker", "bench", "--only", "nope", "--output",
                           str(tmp_path / "x.md")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    assert "unknown section" in proc.stderr and "Traceback" not in proc.stderr


def test_report_from_several_runs_keeps_the_latest_figures_and_their_load(tmp_path) -> None:
    import json

    from tracker import bench

    def run(name: str, sections: dict, load: dict) -> str:
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"machine": {"date": name, "load": load}, "command": f"tracker bench ({name})",
                                    "config": {}, "sections": sections, "errors": {}}), encoding="utf-8")
        return str(path)

    first = run("a", {"extraction": {"old": 1}, "pairing": {"sqlite": {"n": 1}}},
                {"extraction": [6.0, 5.0, 4.0], "pairing": [3.0, 3.0, 3.0]})
    second = run("b", {"extraction": {"new": 2}, "pairing": {"postgres": {"n": 2}}},
                 {"extraction": [1.0, 1.0, 1.0], "pairing": [2.0, 2.0, 2.0]})
    merged = bench.from_json_files([first, second])
    assert merged.sections["extraction"] == {"new": 2}  # measured again: the later run wins
    assert merged.sections["pairing"] == {"sqlite": {"n": 1}, "postgres": {"n": 2}}  # per database: both kept
    assert merged.machine["load"]["extraction"] == [1.0, 1.0, 1.0]
    assert merged.machine["load"]["pairing (postgres)"] == [2.0, 2.0, 2.0]
    assert len(merged.runs) == 2
