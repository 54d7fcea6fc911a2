"""``tracker eval``: table, JSON, floors and the exit code of the CI gate."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

import tracker.eval
from tracker.cli import cli


def _gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("URL: x\nDATE: unknown\nLANG: ru\nTITLE: t\n\nтекст",
                                                 encoding="utf-8")
    entries = [{"id": "a", "file": "articles/a.txt",
                "commitments": [{"actor": "Russia", "evidence": "Россия пообещала не наносить удары"}],
                "events": [{"actor": "Ukraine", "evidence": "ВСУ атаковали нефтебазу"}],
                "pairs": []}]
    (tmp_path / "gold.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return tmp_path


def _fake_predict(path: Path) -> dict:
    return {"commitments": [{"id": "c1", "actor": "Russia", "evidence": "Россия пообещала не наносить удары"}],
            "events": [], "pairs": []}


def test_cli_eval_table_and_json(tmp_path, monkeypatch):
    monkeypatch.setattr(tracker.eval, "default_predict", _fake_predict)
    gold = _gold_dir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    assert "ru" in result.output and "commitments" in result.output
    result = runner.invoke(cli, ["eval", str(gold), "--json"])
    data = json.loads(result.output)
    assert data["overall"]["commitments"]["f1"] == 1.0
    assert data["by_language"]["ru"]["events"]["fn"] == 1


def test_cli_eval_floors_gate_exit_code(tmp_path, monkeypatch):
    monkeypatch.setattr(tracker.eval, "default_predict", _fake_predict)
    gold = _gold_dir(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(cli, ["eval", str(gold), "--min-f1", "commitments=0.9"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli, ["eval", str(gold), "--min-f1", "ru:events=0.5"])
    assert bad.exit_code != 0
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"commitments": 0.9, "events": 0.1}))
    bad = runner.invoke(cli, ["eval", str(gold), "--floors", str(floors)])
    assert bad.exit_code != 0
    assert "events" in str(bad.exception)
