"""The project's own annotated eval set (tests/resources/eval): well-formed, and extraction meets its floors.

Floors live in tests/resources/eval/floors.json so the lead can tune them without editing code.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tracker.eval import KINDS, check_floors, evaluate_dir, load_floors
from tracker.ingest.readers import read_file

EVAL_DIR = Path(__file__).parents[1] / "resources" / "eval"
FLOORS = EVAL_DIR / "floors.json"


def _entries() -> list[dict]:
    return yaml.safe_load((EVAL_DIR / "gold.yaml").read_text(encoding="utf-8"))


def test_eval_set_is_well_formed():
    entries = _entries()
    languages = Counter()
    for entry in entries:
        doc = read_file(EVAL_DIR / entry["file"])[0]
        languages[doc.language] += 1
        assert doc.published is not None, entry["id"]
        for kind in ("commitments", "events"):
            for item in entry[kind]:
                for text in [item["evidence"], *(item.get("also_in") or [])]:
                    assert text in doc.body, (entry["id"], kind, text[:50])
                assert item["actor"], entry["id"]
        for item in entry["commitments"]:
            assert item["polarity"] in ("refrain", "perform")
            for key in ("start", "end"):
                assert item[key] is None or isinstance(item[key], dt.date)
        for pair in entry["pairs"]:
            commitment = entry["commitments"][pair["commitment"]]
            event = entry["events"][pair["event"]]
            assert commitment["actor"] == event["actor"] != "unknown", entry["id"]
    assert all(languages[lang] >= 3 for lang in ("ar", "en", "ru", "uk")), languages
    assert len({e["id"] for e in entries}) == len(entries)


def test_eval_set_floors_file_is_a_real_gate():
    floors = load_floors(FLOORS)
    labels = {f.label for f in floors}
    assert set(KINDS) <= labels
    assert {f"{lang}:{kind}" for lang in ("ar", "en", "ru", "uk") for kind in KINDS} <= labels
    assert all(f.value > 0 for f in floors), "a floor of 0 can never fail"


def test_eval_set_meets_floors():
    pytest.importorskip("tracker.extract")
    report = evaluate_dir(EVAL_DIR)
    assert report.errors == [], report.errors
    failed = check_floors(report, load_floors(FLOORS))
    table = {f"{lang}:{kind}": round(report.score(kind, lang).f1, 3)
             for lang in sorted(report.by_language) for kind in KINDS}
    assert failed == [], f"below floors: {[(f.label, f.value, round(v, 3)) for f, v in failed]}; all: {table}"
