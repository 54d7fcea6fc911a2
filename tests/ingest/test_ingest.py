"""Ingest runs into SQLite and PostgreSQL: dedup, versions, dropped reasons, run records, CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from ingest.helpers import PAUSE, article, fake_extractor
from sqlalchemy import select

from tracker.db import get_engine, session_scope
from tracker.db import models as m
from tracker.ingest import pipeline, store


def run(url, inputs, **kw):
    return pipeline.ingest(get_engine(url), [str(i) for i in inputs], extractor=fake_extractor, **kw)


def snapshot(url) -> dict:
    """Everything an ingest writes, without ids and timestamps."""
    with session_scope(get_engine(url)) as s:
        docs = sorted((d.content_hash, d.canonical_url, d.status, d.drop_reason, d.version, d.title)
                      for d in s.scalars(select(m.Document)))
        cs = sorted((c.document.content_hash, c.local_id, c.actor, c.action, c.valid_from)
                    for c in s.scalars(select(m.Commitment)))
        es = sorted((e.document.content_hash, e.local_id, e.actor, e.action, e.occurred_on)
                    for e in s.scalars(select(m.Event)))
        ps = sorted((p.commitment.document.content_hash, p.commitment.local_id, p.event.document.content_hash,
                     p.event.local_id, p.score, tuple(p.reasons)) for p in s.scalars(select(m.Pair)))
    return {"documents": docs, "commitments": cs, "events": es, "pairs": ps}


def test_ingest_twice_changes_nothing(db_url, corpus):
    first = run(db_url, [corpus])
    assert first.counts["new"] == 3 and first.counts["dropped"] == 2 and first.counts["failed"] == 0
    assert dict(first.dropped) == {"no commitment or event found": 1, "empty after cleaning": 1}
    before = snapshot(db_url)
    assert len(before["documents"]) == 5 and len(before["pairs"]) == 2
    second = run(db_url, [corpus])
    assert second.counts["duplicate"] == 5 and second.counts["new"] == 0 and second.pairs_written == 0
    assert snapshot(db_url) == before
    with session_scope(get_engine(db_url)) as s:
        runs = list(s.scalars(select(m.IngestRun).order_by(m.IngestRun.id)))
        assert [r.status for r in runs] == ["finished", "finished"]
        assert runs[0].counts["new"] == 3 and runs[1].counts["duplicate"] == 5
        assert runs[0].finished_at is not None and runs[0].worker


def test_cross_document_pair_with_reasons(db_url, corpus):
    run(db_url, [corpus])
    from tracker.ingest.listing import list_pairs

    rows = list_pairs(get_engine(db_url))
    by_actor = {r["commitment"]["actor"]: r for r in rows}
    energy = by_actor["Russia"]
    assert energy["commitment"]["document"]["url"] == "https://ex.org/a"
    assert energy["event"]["document"]["url"].startswith("https://other.example/b")
    assert energy["event"]["place"] == "Sloviansk" and energy["status"] == "unreviewed"
    assert "same actor: Russia" in energy["reasons"]
    assert any("inside the window" in r for r in energy["reasons"])
    assert by_actor["United States"]["commitment"]["document"]["source"] == "ex.org"


def test_changed_article_is_a_new_version(db_url, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(article("https://ex.org/a", "2025-03-18", "Pause announced.", PAUSE))
    run(db_url, [p])
    p.write_text(article("https://www.ex.org/a/", "2025-03-18", "Pause announced (updated).", PAUSE))
    s2 = run(db_url, [p])
    assert s2.counts["version"] == 1
    with session_scope(get_engine(db_url)) as s:
        docs = list(s.scalars(select(m.Document).order_by(m.Document.id)))
        assert [d.version for d in docs] == [1, 2]
        assert docs[1].previous_version_id == docs[0].id
        assert docs[0].canonical_url == docs[1].canonical_url == "https://ex.org/a"
        assert len(docs[0].commitments) == 1 and len(docs[1].commitments) == 1


def test_same_text_at_another_url_is_a_duplicate(db_url, tmp_path):
    (tmp_path / "a.txt").write_text(article("https://ex.org/a", "2025-03-18", PAUSE))
    (tmp_path / "b.txt").write_text(article("https://mirror.example/a", "2025-03-18", "  " + PAUSE + "  "))
    s1 = run(db_url, [tmp_path])
    assert s1.counts["new"] == 1 and s1.counts["duplicate"] == 1


def test_failures_are_per_item(db_url, tmp_path, corpus):
    (corpus / "zero.txt").write_bytes(b"")
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    summary = run(db_url, [corpus, tmp_path / "missing.txt"])
    assert summary.counts["new"] == 3 and summary.counts["failed"] == 3
    reasons = " ".join(r for _, r in summary.failed)
    assert "empty (0 bytes)" in reasons and "binary data" in reasons and "no such file" in reasons
    with session_scope(get_engine(db_url)) as s:
        r = s.scalars(select(m.IngestRun)).one()
        assert len(r.errors) == 3 and r.counts["failed"] == 3


def test_extractor_crash_on_one_document(db_url, corpus):
    def flaky(docs):
        for d in docs:
            if "Weather" in d.body:
                raise RuntimeError("boom")
        return fake_extractor(docs)

    summary = pipeline.ingest(get_engine(db_url), [str(corpus)], extractor=flaky)
    assert summary.counts["new"] == 3 and summary.counts["failed"] == 1
    assert "extraction error: RuntimeError: boom" in summary.failed[0][1]


def test_published_and_source_overrides(db_url, tmp_path):
    (tmp_path / "a.txt").write_text("C|Russia|refrain|strike|energy infrastructure|2025-03-18|2025-04-17\n")
    run(db_url, [tmp_path], published=__import__("datetime").date(2025, 3, 18), source="Desk uploads")
    with session_scope(get_engine(db_url)) as s:
        d = s.scalars(select(m.Document)).one()
        assert d.published.isoformat() == "2025-03-18" and d.source.name == "Desk uploads"


def test_canonical_url():
    c = store.canonical_url
    assert c("HTTP://WWW.Example.org:80/a/b/?utm_source=x&b=2&a=1#frag") == "https://example.org/a/b?a=1&b=2"
    assert c("https://example.org") == "https://example.org/"
    assert c("file:///etc/passwd") is None and c(None) is None and c("not a url") is None


def test_content_hash_normalisation():
    from tracker.records import DocumentInput

    h = lambda body: store.content_hash(DocumentInput(body=body))  # noqa: E731
    assert h("Hello   world\n") == h("hello world") == h("\u200fHello world")
    assert h("") != store.content_hash(DocumentInput(body="", url="https://ex.org/x"))


@pytest.fixture
def cli(monkeypatch, sqlite_url):
    monkeypatch.setattr(pipeline, "default_extractor", fake_extractor)
    monkeypatch.setenv("TRACKER_DATABASE_URL", sqlite_url)
    from tracker.cli import cli as group

    def invoke(*args):
        return CliRunner().invoke(group, list(args), obj={}, catch_exceptions=False)

    return invoke


def test_cli_ingest_summary_and_exit_codes(cli, corpus):
    r = cli("ingest", str(corpus))
    assert r.exit_code == 0, r.output
    assert "new        3" in r.output and "dropped    2" in r.output and "no commitment or event found" in r.output
    (corpus / "zero.txt").write_bytes(b"")
    r = cli("ingest", "--json", str(corpus))
    assert r.exit_code == 4
    data = json.loads(r.output)
    assert data["duplicate"] == 5 and data["failed"] == 1


def test_cli_pairs_formats(cli, corpus):
    assert cli("ingest", str(corpus)).exit_code == 0
    r = cli("pairs", "--format", "json")
    rows = json.loads(r.output)
    assert len(rows) == 2 and {"commitment", "event", "reasons", "score", "status"} <= set(rows[0])
    r = cli("pairs", "--format", "csv")
    lines = r.output.strip().splitlines()
    assert lines[0].startswith("id,status,score") and len(lines) == 3
    r = cli("pairs")
    assert "Sloviansk" in r.output and "same actor: Russia" in r.output
    assert cli("pairs", "--status", "confirmed").output.strip() == "no pairs"
    r = cli("pair", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["pairs_written"] == 0


def test_cli_usage_errors(cli):
    r = cli("ingest")
    assert r.exit_code == 2
    r = cli("ingest", "--published", "yesterday", "x")
    assert r.exit_code == 2


def test_cli_runs_lists_states(cli, corpus, sqlite_url):
    """``tracker runs`` (registered by the lead in tracker.cli; invoked directly here)."""
    from tracker.cli.ingest import runs_cmd

    assert cli("ingest", str(corpus)).exit_code == 0
    runner = CliRunner()
    r = runner.invoke(runs_cmd, [], obj={"db_url": sqlite_url}, catch_exceptions=False)
    assert r.exit_code == 0 and "finished" in r.output and "worker" in r.output.splitlines()[0]
    rows = json.loads(runner.invoke(runs_cmd, ["--json", "--status", "finished"], obj={"db_url": sqlite_url}).output)
    assert [(row["status"], row["counts"]["new"]) for row in rows] == [("finished", 3)]
    assert runner.invoke(runs_cmd, ["--status", "abandoned"], obj={"db_url": sqlite_url}).output.strip() == "no runs"
