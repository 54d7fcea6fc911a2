"""``python -m tracker.geo build|stats|lookup NAME [LANG]|find TEXT [LANG]``.

``build`` makes the gazetteer index now (for an install step or CI) instead of on first use.
"""

from __future__ import annotations

import sys
import time


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "stats"
    if cmd not in ("build", "stats", "lookup", "find"):
        print(__doc__.strip())
        return 2
    t0 = time.perf_counter()
    from tracker.geo import gazetteer as G
    from tracker.geo import get_gazetteer

    gaz = get_gazetteer().load()
    took = time.perf_counter() - t0
    if cmd in ("build", "stats"):
        import os

        path = gaz.index.path
        print(f"index: {path} ({os.path.getsize(path) / 2**20:.1f} MiB), version {gaz.index.version}")
        print(f"ready in {took:.2f} s (index version {G.INDEX_VERSION})")
        return 0
    if len(argv) < 2:
        print(__doc__.strip())
        return 2
    lang = argv[2] if len(argv) > 2 else None
    if cmd == "lookup":
        print(gaz.lookup(argv[1], lang))
    else:
        for start, end, place in gaz.find(argv[1], lang):
            print(f"{start}-{end}\t{argv[1][start:end]}\t{place.name}\t{place.country}\t{place.precision}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
