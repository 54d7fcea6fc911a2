"""Measure place and date resolution on the gold dev set (no gold text is stored in the project).

Run: .venv/bin/python tests/geo/measure_gold.py [../shared/gold/dev] [-v]

For each gold event: dates found in its evidence sentence (or an ``also_in`` mention), resolved against the
article's DATE, are compared with the gold date (within ±1 day); places found in the evidence are compared
with the country of the gold place label. Also reports the gazetteer's load time and memory.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import yaml

PRECISION_ORDER = {"city": 0, "region": 1, "area": 2, "country": 3}


def _header(path: Path) -> dict[str, str]:
    head = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        if ":" in line:
            k, v = line.split(":", 1)
            head[k.strip().upper()] = v.strip()
    return head


def _pick_date(spans, published):
    anchored = [s for _, _, s in spans if s.anchored]
    if not anchored:
        return None
    order = {"day": 0, "range": 1, "week": 2, "month": 3, "year": 4, "unknown": 5}
    anchored.sort(key=lambda s: order.get(s.precision, 9))
    return anchored[0]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    gold_dir = Path(args[0]) if args else Path(__file__).resolve().parents[3] / "shared" / "gold" / "dev"
    import psutil

    proc = psutil.Process()
    rss0 = proc.memory_info().rss
    t0 = time.perf_counter()
    from tracker.geo import country_of, get_gazetteer

    gaz = get_gazetteer().load()
    load_s = time.perf_counter() - t0
    rss1 = proc.memory_info().rss
    from tracker.timex import find_dates

    entries = yaml.safe_load((gold_dir / "gold.yaml").read_text(encoding="utf-8"))
    n_dated = ok_date = ok_date_fb = n_found_date = 0
    n_place = ok_place = n_found_place = 0
    t_find = 0.0
    for entry in entries:
        head = _header(gold_dir / entry["file"])
        lang = head.get("LANG", "en")
        try:
            published = dt.date.fromisoformat(head.get("DATE", ""))
        except ValueError:
            published = None
        for ev in entry.get("events") or []:
            texts = [ev["evidence"], *(ev.get("also_in") or [])]
            gold_date = ev.get("date")
            if isinstance(gold_date, str):
                gold_date = dt.date.fromisoformat(gold_date)
            if gold_date:
                n_dated += 1
                span = None
                for text in texts:
                    t1 = time.perf_counter()
                    span = _pick_date(find_dates(text, lang, published), published)
                    t_find += time.perf_counter() - t1
                    if span:
                        break
                hit = bool(span and span.earliest - dt.timedelta(days=1) <= gold_date <= span.latest + dt.timedelta(days=1))
                ok_date += hit
                n_found_date += span is not None
                fb = hit or (span is None and published and abs((published - gold_date).days) <= 1)
                ok_date_fb += bool(fb)
                if verbose and not hit:
                    print(f"DATE miss {entry['id']} gold={gold_date} got={span and (span.earliest, span.latest, span.text)}")
            gold_place = ev.get("place")
            if gold_place:
                want = country_of(gold_place.split("(")[0].split(",")[0].split(";")[0].strip())
                if want is None:
                    continue
                n_place += 1
                found = []
                for text in texts:
                    found = gaz.find(text, lang)
                    if found:
                        break
                best = sorted(found, key=lambda f: PRECISION_ORDER.get(f[2].precision or "country", 9))
                got = best[0][2].country if best else None
                n_found_place += bool(best)
                ok_place += got == want
                if verbose and got != want:
                    print(f"PLACE miss {entry['id']} gold={gold_place}/{want} got={[(p.name, p.country) for _, _, p in found]}")
    print(f"gazetteer load: {load_s:.2f} s, +{(rss1 - rss0) / 2**20:.0f} MiB RSS")
    print(f"dates within ±1 day (from evidence): {ok_date}/{n_dated} = {ok_date / max(n_dated, 1):.0%}")
    print(f"dates within ±1 day (publication date when none found): {ok_date_fb}/{n_dated} = {ok_date_fb / max(n_dated, 1):.0%}")
    print(f"  of events whose sentences hold a date: {ok_date}/{n_found_date} = {ok_date / max(n_found_date, 1):.0%}")
    print(f"places in the right country: {ok_place}/{n_place} = {ok_place / max(n_place, 1):.0%}")
    print(f"  of events whose sentences name a place: {ok_place}/{n_found_place} = "
          f"{ok_place / max(n_found_place, 1):.0%}")
    print(f"find_dates time: {t_find * 1000:.0f} ms total")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
