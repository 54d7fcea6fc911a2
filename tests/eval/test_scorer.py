"""The scorer follows shared/gold/README.md: aliases, normalisation, one-to-one matching, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tracker.eval import (
    Floor,
    actors_equal,
    check_floors,
    evaluate_dir,
    evidence_overlaps,
    floors_from_mapping,
    maximum_matching,
    normalize_evidence,
    parse_floor,
    score_article,
)

GOLD = {
    "id": "x",
    "file": "articles/x.txt",
    "commitments": [
        {"actor": "Russia", "evidence": "The Kremlin said strikes on energy sites would stop for thirty days",
         "also_in": ["Putin ordered the pause on energy strikes"]},
        {"actor": "Ukraine", "evidence": "Kyiv agreed to halt attacks on energy facilities"},
    ],
    "events": [
        {"actor": "Russia", "evidence": "A Russian missile hit a substation near Sumy overnight"},
        {"actor": "unknown", "evidence": "An explosion damaged a depot in the port town"},
    ],
    "pairs": [{"commitment": 0, "event": 0, "why": "..."}],
}


def pred(commitments=(), events=(), pairs=()):
    return {"commitments": list(commitments), "events": list(events), "pairs": list(pairs)}


def c(id, actor, evidence):
    return {"id": id, "actor": actor, "evidence": evidence}


@pytest.mark.parametrize("a,b", [
    ("US", "United States"), ("usa", "United States"), ("U.S.", "united states"),
    ("russia", "Russia"), (None, "unknown"), ("", "Unidentified"), ("null", None),
])
def test_eval_actor_aliases_fold(a, b):
    assert actors_equal(a, b)


@pytest.mark.parametrize("a,b", [("Russia", "Ukraine"), ("United States", None), ("Hamas", "unknown")])
def test_eval_actor_distinct(a, b):
    assert not actors_equal(a, b)


def test_eval_normalize_evidence_folds_quotes_tatweel_space_case():
    assert normalize_evidence("  «Ceasefire»\n\t“NOW”  ") == '"ceasefire" "now"'
    assert normalize_evidence("الهـــدنة") == "الهدنة"
    assert normalize_evidence("ﬁre") == "fire"  # NFKC
    assert normalize_evidence("Zelensky’s") == normalize_evidence("Zelensky's")


@pytest.mark.parametrize("a,b,ok", [
    ("abc def ghi", "def", True),  # containment
    ("the ceasefire held until dawn", "ceasefire held", True),
    ("xxxxxxxxxx12345", "12345yyyyyyyy", False),  # lcs 5 < 13/2
    ("aaaa bbbb cccc", "zz bbbb cc", True),  # lcs " bbbb cc" = 8 >= 10/2
    ("", "abc", False),
    ("abcdefghij", "xxxxxfghij", True),  # lcs 5 = exactly half of 10
    ("abcdefghij", "xxxxxxghij", False),  # lcs 4 < 5
])
def test_eval_evidence_overlap(a, b, ok):
    assert evidence_overlaps(normalize_evidence(a), normalize_evidence(b)) is ok


def test_eval_maximum_matching_beats_greedy():
    # Greedy would give left 0 -> right 0 and leave left 1 unmatched.
    edges = [[0, 1], [0]]
    assert maximum_matching(edges, 2) == {0: 1, 1: 0}
    assert len(maximum_matching([[0], [0], [0, 1, 2], [2]], 3)) == 3


def test_eval_perfect_prediction_scores_one():
    p = pred(
        [c("c1", "Russia", "the kremlin said strikes on energy sites would stop for thirty days"),
         c("c2", "ukraine", "Kyiv agreed to halt attacks on energy facilities")],
        [c("e1", "Russia", "A Russian missile hit a substation near Sumy overnight."),
         c("e2", None, "An explosion damaged a depot")],
        [{"commitment": "c1", "event": "e1"}],
    )
    res = score_article(GOLD, p)
    for kind in ("commitments", "events", "pairs"):
        s = res[kind].score
        assert (s.tp, s.fp, s.fn, s.duplicates) == (len(GOLD[kind]), 0, 0, 0), kind
        assert s.f1 == 1.0


def test_eval_also_in_counts_and_duplicates_are_neutral():
    p = pred([
        c("c1", "Russia", "Putin ordered the pause on energy strikes"),  # via also_in
        c("c2", "Russia", "strikes on energy sites would stop for thirty days"),  # duplicate
        c("c3", "Ukraine", "Russia agreed to halt attacks on energy facilities"),  # actor right, evidence overlaps
        c("c4", "Israel", "Kyiv agreed to halt attacks on energy facilities"),  # wrong actor: false positive
        c("c5", "Ukraine", "completely unrelated words"),  # false positive
    ])
    s = score_article(GOLD, p)["commitments"].score
    assert (s.tp, s.duplicates, s.fp, s.fn) == (2, 1, 2, 0)
    assert s.precision == pytest.approx(0.5)
    assert s.recall == 1.0


def test_eval_wrong_actor_is_not_a_match():
    p = pred(events=[c("e1", "Ukraine", "A Russian missile hit a substation near Sumy overnight")])
    s = score_article(GOLD, p)["events"].score
    assert (s.tp, s.fp, s.fn) == (0, 1, 2)


def test_eval_pairs_need_both_sides_and_extra_pairs_are_duplicates():
    p = pred(
        [c("c1", "Russia", "Putin ordered the pause on energy strikes"),
         c("c2", "Russia", "strikes on energy sites would stop"),
         c("c3", "Ukraine", "Kyiv agreed to halt attacks on energy facilities")],
        [c("e1", "Russia", "A Russian missile hit a substation near Sumy")],
        [{"commitment": "c1", "event": "e1"},
         {"commitment": "c2", "event": "e1"},  # fits the matched gold pair: duplicate
         {"commitment": "c3", "event": "e1"},  # commitment side stands for another gold commitment: wrong
         {"commitment": "c9", "event": "e1"}],  # unknown id: wrong
    )
    s = score_article(GOLD, p)["pairs"].score
    assert (s.tp, s.duplicates, s.fp, s.fn) == (1, 1, 2, 0)


def test_eval_no_prediction_counts_as_misses():
    res = score_article(GOLD, None)
    assert res["commitments"].score.fn == 2
    assert res["commitments"].score.precision == 0.0
    assert res["pairs"].score.f1 == 0.0


def test_eval_empty_gold_and_empty_prediction_is_perfect():
    res = score_article({"commitments": [], "events": [], "pairs": []}, pred())
    assert all(r.score.f1 == 1.0 for r in res.values())


def _write_gold(tmp_path: Path, entries, bodies) -> Path:
    (tmp_path / "articles").mkdir()
    for name, (lang, body) in bodies.items():
        (tmp_path / "articles" / name).write_text(f"URL: x\nDATE: 2025-03-19\nLANG: {lang}\nTITLE: t\n\n{body}",
                                                 encoding="utf-8")
    (tmp_path / "gold.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_eval_dir_micro_averages_per_language_and_survives_crashes(tmp_path):
    entries = [
        {**GOLD, "id": "01", "file": "articles/01.txt"},
        {"id": "02", "file": "articles/02.txt",
         "commitments": [{"actor": "Israel", "evidence": "وافقت إسرائيل على وقف إطلاق النار"}],
         "events": [], "pairs": []},
    ]
    gold_dir = _write_gold(tmp_path, entries, {"01.txt": ("en", "..."), "02.txt": ("ar", "...")})

    def predict(path: Path):
        if path.name == "01.txt":
            raise RuntimeError("boom")
        return pred([c("c1", "Israel", "وافقت إسرائيـــل على وقف إطلاق النار")])

    report = evaluate_dir(gold_dir, predict=predict)
    assert report.errors == [("01", "RuntimeError: boom")]
    assert report.score("commitments", "ar").f1 == 1.0
    assert report.score("commitments", "en").recall == 0.0
    overall = report.score("commitments")
    assert (overall.tp, overall.fn) == (1, 2)
    assert report.to_json()["overall"]["commitments"]["gold"] == 3


def test_eval_floors_parse_and_fail(tmp_path):
    assert parse_floor("ar:pairs=0.5") == [Floor("pairs", 0.5, "ar")]
    assert len(parse_floor("all=0.1")) == 3
    with pytest.raises(ValueError):
        parse_floor("pears=0.5")
    floors = floors_from_mapping({"_note": "x", "commitments": 0.2, "en": {"events": 0.9}, "fr": {"events": 0.1}})
    entries = [{**GOLD, "id": "01", "file": "articles/01.txt"}]
    gold_dir = _write_gold(tmp_path, entries, {"01.txt": ("en", "...")})
    report = evaluate_dir(gold_dir, predict=lambda p: pred([c("c", "Russia", "Putin ordered the pause")]))
    failed = {f.label for f, _ in check_floors(report, floors)}
    assert failed == {"en:events", "fr:events"}  # a floor for an absent language fails too


def gold_as_prediction(entry) -> dict:
    """The gold entry turned into extractor output (main evidence only)."""
    out = {"commitments": [], "events": [], "pairs": []}
    for kind, prefix in (("commitments", "c"), ("events", "e")):
        for i, item in enumerate(entry.get(kind) or []):
            out[kind].append({"id": f"{prefix}{i}", "actor": item["actor"], "evidence": item["evidence"]})
    for p in entry.get("pairs") or []:
        out["pairs"].append({"commitment": f"c{p['commitment']}", "event": f"e{p['event']}"})
    return out


@pytest.mark.parametrize("gold_dir", [
    Path(__file__).parents[1] / "resources" / "eval",
    Path(__file__).parents[3] / "shared" / "gold" / "dev",
])
def test_eval_gold_scores_perfectly_against_itself(gold_dir):
    if not (gold_dir / "gold.yaml").exists():
        pytest.skip(f"no gold at {gold_dir}")
    entries = {str(e["file"]): e for e in yaml.safe_load((gold_dir / "gold.yaml").read_text(encoding="utf-8"))}
    report = evaluate_dir(gold_dir, predict=lambda path: gold_as_prediction(
        entries[str(path.relative_to(gold_dir))]))
    for kind in ("commitments", "events", "pairs"):
        s = report.score(kind)
        assert (s.fp, s.fn) == (0, 0), kind


def test_eval_dir_reports_documents_the_extractor_dropped(tmp_path):
    entries = [{**GOLD, "id": "01", "file": "articles/01.txt"}]
    gold_dir = _write_gold(tmp_path, entries, {"01.txt": ("en", "...")})
    report = evaluate_dir(gold_dir, predict=lambda p: {
        "document": {"status": "dropped", "reason": "unsupported language: fr"},
        "commitments": [], "events": [], "pairs": []})
    assert report.articles[0].dropped == "unsupported language: fr"
    assert report.articles[0].error is None
    assert report.to_json()["articles"][0]["dropped"] == "unsupported language: fr"


def test_eval_pairs_sharing_a_commitment_match_one_to_one():
    gold = {
        "commitments": [{"actor": "Israel", "evidence": "A ceasefire took effect on Friday"}],
        "events": [{"actor": "Israel", "evidence": "Troops fired on a crowd in Rafah"},
                   {"actor": "Israel", "evidence": "A drone struck a car in Khan Younis"}],
        "pairs": [{"commitment": 0, "event": 0}, {"commitment": 0, "event": 1}],
    }
    p = pred([c("c1", "Israel", "A ceasefire took effect on Friday")],
             [c("e1", "Israel", "A drone struck a car in Khan Younis"),
              c("e2", "Israel", "Troops fired on a crowd in Rafah")],
             [{"commitment": "c1", "event": "e1"}, {"commitment": "c1", "event": "e2"},
              {"commitment": "c1", "event": "e2"}])  # repeated pair: duplicate
    s = score_article(gold, p)["pairs"].score
    assert (s.tp, s.fp, s.fn, s.duplicates) == (2, 0, 0, 1)
