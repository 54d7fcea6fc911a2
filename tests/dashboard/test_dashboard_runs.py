"""The runs table on the sources page shows a run whose worker died as abandoned, not running."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import data  # noqa: E402
from tracker.db import get_engine  # noqa: E402
from tracker.db.models import IngestRun  # noqa: E402
from tracker.ingest.runs import start_run  # noqa: E402


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_dead_run_shows_as_abandoned_and_a_live_one_as_running(db_url: str) -> None:
    engine = get_engine(db_url)
    live = start_run(engine, {"paths": ["y"]})  # this process: alive, and holding its lock on PostgreSQL
    try:
        # recorded after the live run started, so only the dashboard's own check can mark it
        with engine.begin() as conn:
            dead_id = conn.execute(insert(IngestRun).values(
                requested={"paths": ["x"]}, status="running", counts={}, errors=[],
                worker=f"{socket.gethostname()}:{_dead_pid()}").returning(IngestRun.id)).scalar_one()
        data.clear_caches()
        _, runs = data.ingest_runs(db_url, 0, 10)
        status = {r["id"]: r["status"] for r in runs}
        assert status[dead_id] == "abandoned"
        assert [s for i, s in status.items() if i != dead_id] == ["running"]
    finally:
        live.release()
