"""The formerly held-out sets (tests/resources/heldout, heldout2, heldout3, heldout4): well-formed, and extraction meets their floors.

Each was written by a helper that never saw the extraction code's development (heldout in session 2,
heldout2 in session 3, heldout3 in session 4, heldout4 in session 5), to measure generalisation; the extraction helpers saw only general error
categories from it. Now that they are in the repository they are development data like
tests/resources/eval: the next held-out set must be new.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tracker.eval import KINDS, check_floors, evaluate_dir, load_floors
from tracker.ingest.readers import read_file

RESOURCES = Path(__file__).parents[1] / "resources"
SETS = {"heldout": 24, "heldout2": 32, "heldout3": 32, "heldout4": 32}  # directory -> number of articles


@pytest.mark.parametrize("name", SETS)
def test_heldout_set_is_well_formed(name: str) -> None:
    set_dir = RESOURCES / name
    entries = yaml.safe_load((set_dir / "gold.yaml").read_text(encoding="utf-8"))
    assert len(entries) == SETS[name]
    for entry in entries:
        doc = read_file(set_dir / entry["file"])[0]
        for kind in ("commitments", "events"):
            for item in entry[kind]:
                for text in [item["evidence"], *(item.get("also_in") or [])]:
                    assert text in doc.body, (entry["id"], kind, text[:50])
        for pair in entry["pairs"]:
            commitment = entry["commitments"][pair["commitment"]]
            event = entry["events"][pair["event"]]
            assert commitment["actor"] == event["actor"] != "unknown", entry["id"]


@pytest.mark.parametrize("name", SETS)
def test_heldout_set_meets_floors(name: str) -> None:
    pytest.importorskip("tracker.extract")
    set_dir = RESOURCES / name
    floors = load_floors(set_dir / "floors.json")
    assert set(KINDS) <= {f.label for f in floors}
    assert all(f.value > 0 for f in floors), "a floor of 0 can never fail"
    report = evaluate_dir(set_dir)
    assert report.errors == [], report.errors
    failed = check_floors(report, floors)
    assert failed == [], [(f.label, f.value, round(v, 3)) for f, v in failed]
