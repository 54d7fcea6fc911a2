"""The formerly held-out set (tests/resources/heldout): well-formed, and extraction meets its floors.

It was written in session 2 by a helper that never saw the extraction code's development, to measure
generalisation; the extraction helpers saw only general error categories from it. Now that it is in
the repository it is development data like tests/resources/eval: the next held-out set must be new.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tracker.eval import KINDS, check_floors, evaluate_dir, load_floors
from tracker.ingest.readers import read_file

SET_DIR = Path(__file__).parents[1] / "resources" / "heldout"
FLOORS = SET_DIR / "floors.json"


def test_heldout_set_is_well_formed() -> None:
    entries = yaml.safe_load((SET_DIR / "gold.yaml").read_text(encoding="utf-8"))
    assert len(entries) == 24
    for entry in entries:
        doc = read_file(SET_DIR / entry["file"])[0]
        for kind in ("commitments", "events"):
            for item in entry[kind]:
                for text in [item["evidence"], *(item.get("also_in") or [])]:
                    assert text in doc.body, (entry["id"], kind, text[:50])
        for pair in entry["pairs"]:
            commitment = entry["commitments"][pair["commitment"]]
            event = entry["events"][pair["event"]]
            assert commitment["actor"] == event["actor"] != "unknown", entry["id"]


def test_heldout_set_meets_floors() -> None:
    pytest.importorskip("tracker.extract")
    floors = load_floors(FLOORS)
    assert set(KINDS) <= {f.label for f in floors}
    assert all(f.value > 0 for f in floors), "a floor of 0 can never fail"
    report = evaluate_dir(SET_DIR)
    assert report.errors == [], report.errors
    failed = check_floors(report, floors)
    assert failed == [], [(f.label, f.value, round(v, 3)) for f, v in failed]
