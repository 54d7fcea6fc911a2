"""Run one ingest with the fake extractor, as a separate process (crash and concurrency tests).

    python tests/ingest/worker.py DB_URL [--sleep S] INPUT...
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ingest import fake_extract  # noqa: E402

from tracker.db import get_engine  # noqa: E402
from tracker.ingest.pipeline import Ingestor  # noqa: E402


def main(argv: list[str]) -> int:
    url = argv[0]
    args = argv[1:]
    delay = 0.0
    if args and args[0] == "--sleep":
        delay = float(args[1])
        args = args[2:]

    def extractor(docs):
        for d in docs:
            if delay:
                time.sleep(delay)
            yield fake_extract.extract(d)

    summary = Ingestor(get_engine(url), extractor=extractor, batch_size=4).run(args)
    print(json.dumps(summary.to_json()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
