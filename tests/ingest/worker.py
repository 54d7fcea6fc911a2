"""Run the real ``tracker`` command line in a separate process with the fake extractor (crash,
concurrency and race tests: fast, and the same code path as ``tracker ingest``).

    python tests/ingest/worker.py [--sleep S] [--barrier DIR NAME URL] -- TRACKER-ARGS...

``--sleep S`` waits S seconds per extracted document (so that a run can be killed partway).
``--barrier DIR NAME URL`` makes the store of the document at URL wait, after it has read the
URL's latest version, until another worker has done the same (``DIR/<other>.found``) or 3 s have
passed: it forces two stores to overlap where a race would fork a version chain.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ingest import fake_extract  # noqa: E402

from tracker.ingest import pipeline, store  # noqa: E402

BARRIER_SECONDS = 3.0


def _install_barrier(folder: Path, name: str, url: str) -> None:
    real_find, real_store = store.find_existing, store.store_result
    target = store.canonical_url(url)
    storing = []

    def find_then_wait(session, chash, canon):  # noqa: ANN001, ANN202
        found = real_find(session, chash, canon)
        if storing and canon == target and not (folder / f"{name}.found").exists():
            (folder / f"{name}.found").write_text(str(found))
            deadline = time.monotonic() + BARRIER_SECONDS
            while time.monotonic() < deadline:
                if any(p.name != f"{name}.found" for p in folder.glob("*.found")):
                    break
                time.sleep(0.02)
        return found

    def store_result(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        storing.append(True)  # only the store transaction's look-up waits, not the pre-check
        try:
            return real_store(*args, **kwargs)
        finally:
            storing.pop()

    store.find_existing = find_then_wait
    store.store_result = store_result


def main(argv: list[str]) -> None:
    delay = 0.0
    while argv and argv[0] != "--":
        if argv[0] == "--sleep":
            delay, argv = float(argv[1]), argv[2:]
        elif argv[0] == "--barrier":
            _install_barrier(Path(argv[1]), argv[2], argv[3])
            argv = argv[4:]
        else:
            sys.exit(f"worker.py: unknown option {argv[0]}")
    args = argv[1:]

    def extractor(docs):  # noqa: ANN001, ANN202
        for d in docs:
            if delay:
                time.sleep(delay)
            yield fake_extract.extract(d)

    pipeline.default_extractor = extractor
    pipeline.extractor_version = lambda: "fake"
    from tracker.cli import main as tracker_main

    sys.argv = ["tracker", *args]
    tracker_main()


if __name__ == "__main__":
    main(sys.argv[1:])
