"""Conditional GET for feeds (``ETag`` / ``Last-Modified``): a per-machine optimisation.

A feed fetched in full is parsed and each entry ingested; its validators are then remembered in
``$TRACKER_HOME/feed-validators.json`` and sent the next time (``If-None-Match``,
``If-Modified-Since``). A ``304 Not Modified`` answer skips the feed: no entry is fetched again.

Correctness never depends on this file: content-hash deduplication makes every full fetch safe,
and the file may be deleted at any time. Validators are only remembered, and only used, when
skipping the feed cannot lose an entry:

- they are saved after the run has *finished*, and only for feeds none of whose entries failed
  (a failed entry is retried by the next full fetch), and not at all when any item of the run
  failed to be extracted or stored;
- each is tagged with the database and the run that stored the entries, and used only while that
  run is in that database as ``finished`` (a new or reset database fetches every feed in full).

Each machine keeps its own file: on PostgreSQL with workers on several machines, each machine
saves itself repeated downloads; nothing is shared or needs to be.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

from sqlalchemy import Engine, select

from tracker.db import models as m

logger = logging.getLogger(__name__)

FILE_NAME = "feed-validators.json"
#: At most this many feeds are remembered (the least recently saved are forgotten).
MAX_ENTRIES = 5000


def default_path() -> Path:
    from tracker import settings

    return settings.default_data_dir() / FILE_NAME


class FeedValidators:
    """Validators of the feeds one run fetches: read before the run, saved after it."""

    def __init__(self, engine: Engine, path: Path | None = None):
        self.engine = engine
        self.path = Path(path) if path else default_path()
        self.db = engine.url.render_as_string(hide_password=True)
        self._stored = self._load()
        self._pending: dict[str, dict] = {}
        self._failed: set[str] = set()
        self._runs: dict[int, bool] = {}
        #: feeds this run skipped after a "304 Not Modified"
        self.not_modified: list[str] = []

    def _key(self, url: str) -> str:
        return f"{self.db} {url}"

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            feeds = data.get("feeds") if isinstance(data, dict) else None
            return feeds if isinstance(feeds, dict) else {}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:
            logger.warning("%s: ignored (%s); feeds are fetched in full", self.path, e)
            return {}

    def request_headers(self, url: str) -> dict[str, str]:
        """Conditional-request headers for ``url``, or none when no safe validator is known."""
        entry = self._stored.get(self._key(url))
        if not isinstance(entry, dict) or not self._run_still_there(entry):
            return {}
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = str(entry["etag"])
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = str(entry["last_modified"])
        return headers

    def _run_still_there(self, entry: dict) -> bool:
        run_id, started = entry.get("run_id"), entry.get("run_started")
        if not isinstance(run_id, int) or not isinstance(started, str):
            return False
        if run_id not in self._runs:
            try:
                with self.engine.connect() as conn:
                    row = conn.execute(select(m.IngestRun.status, m.IngestRun.started_at)
                                       .where(m.IngestRun.id == run_id)).first()
                self._runs[run_id] = bool(row) and row.status == "finished" and _same_time(row.started_at, started)
            except Exception:  # noqa: BLE001 - an optimisation: when in doubt, fetch in full
                logger.debug("could not check run %s", run_id, exc_info=True)
                self._runs[run_id] = False
        return self._runs[run_id]

    def fetched_in_full(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """A feed was fetched and will be read in full: remember its validators if the run succeeds."""
        if etag or last_modified:
            self._pending[url] = {"etag": etag, "last_modified": last_modified}

    def entry_failed(self, url: str) -> None:
        """An entry of the feed at ``url`` failed: fetch the whole feed next time."""
        self._failed.add(url)

    def save(self, run_id: int, run_started: dt.datetime) -> int:
        """Remember the validators of this finished run's clean feeds; returns how many."""
        fresh = {self._key(u): {**v, "run_id": run_id, "run_started": _iso(run_started),
                                "saved": _iso(dt.datetime.now(dt.timezone.utc))}
                 for u, v in self._pending.items() if u not in self._failed}
        stale = {self._key(u) for u in self._failed}
        if not fresh and not stale:
            return 0
        try:
            self._merge_into_file(fresh, stale)
        except OSError as e:
            logger.warning("%s: could not save feed validators (%s)", self.path, e)
            return 0
        return len(fresh)

    def _merge_into_file(self, fresh: dict, stale: set[str]) -> None:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # other processes of this machine merge in turn
            feeds = {k: v for k, v in self._load().items() if k not in stale}
            feeds.update(fresh)
            if len(feeds) > MAX_ENTRIES:
                keep = sorted(feeds, key=lambda k: str(feeds[k].get("saved", "")))[-MAX_ENTRIES:]
                feeds = {k: feeds[k] for k in keep}
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": 1, "feeds": feeds}, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat()


def _same_time(value: dt.datetime | None, iso: str) -> bool:
    if value is None:
        return False
    try:
        other = dt.datetime.fromisoformat(iso)
    except ValueError:
        return False
    return abs((dt.datetime.fromisoformat(_iso(value)) - other).total_seconds()) < 1.0
