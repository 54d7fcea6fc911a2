"""The on-disk cache for tables tracker builds once per version of their sources (actor forms, lexicon
expansions, the gazetteer index): ``$TRACKER_CACHE_DIR`` (or ``$XDG_CACHE_HOME/tracker``, by default
``~/.cache/tracker``), then a per-user folder under the system temporary directory, so that a read-only
home still builds each table only once. Callers put a digest of the sources in the file name; a file is
written to a temporary name and renamed into place, so readers never see half of one.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def cache_dirs() -> list[Path]:
    """The folders tried in order: the configured cache folder, then the per-user temporary one."""
    base = os.environ.get("TRACKER_CACHE_DIR")
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return [Path(base) if base else Path(xdg) / "tracker", Path(tempfile.gettempdir()) / f"tracker-cache-{uid}"]


def load_json(name: str) -> Any | None:
    """The JSON value cached under ``name`` in the first folder that has a readable copy, else None."""
    for folder in cache_dirs():
        try:
            return json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None


def store_json(name: str, value: Any) -> None:
    """Cache ``value`` as JSON under ``name`` in the first writable folder (nothing when none is)."""
    payload = json.dumps(value, ensure_ascii=False)
    for folder in cache_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(payload)
            os.replace(tmp, folder / name)
            return
        except OSError as e:
            logger.debug("cannot cache %s in %s: %s", name, folder, e)
