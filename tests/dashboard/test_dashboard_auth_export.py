"""Reviewer accounts (argon2, SSO header), the exports, and their CLI commands, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dashboard_seed import XSS, seed
from tracker import auth
from tracker.cli import cli
from tracker.db import get_engine, session_scope
from tracker.db import service
from tracker.errors import AuthError, InputError
from tracker.export import CLAIM_MAX_CHARS, CSV_COLUMNS, ExportOptions, claim_text, csv_text, iter_claimreviews

PASSWORD = "correct horse battery"


def test_auth_hashes_with_argon2id_and_verifies(db_url: str) -> None:
    with session_scope(get_engine(db_url)) as session:
        rev = auth.add_reviewer(session, "  Amal Haddad ", PASSWORD)
        assert rev.name == "Amal Haddad"
        assert rev.password_hash.startswith("$argon2id$") and PASSWORD not in rev.password_hash
    with session_scope(get_engine(db_url)) as session:
        assert auth.authenticate(session, "Amal Haddad", PASSWORD).name == "Amal Haddad"
        assert auth.authenticate(session, "Amal Haddad", "wrong password") is None
        assert auth.authenticate(session, "nobody", PASSWORD) is None


@pytest.mark.parametrize("name, password", [("", PASSWORD), ("a\nb", PASSWORD), ("ok", "short"),
                                            ("ok", " padded password ")])
def test_auth_rejects_bad_names_and_passwords(sqlite_url: str, name: str, password: str) -> None:
    with session_scope(get_engine(sqlite_url)) as session, pytest.raises(InputError):
        auth.add_reviewer(session, name, password)


def test_auth_duplicate_needs_update_and_disable_blocks_login(sqlite_url: str) -> None:
    with session_scope(get_engine(sqlite_url)) as session:
        auth.add_reviewer(session, "amal", PASSWORD)
        with pytest.raises(InputError):
            auth.add_reviewer(session, "amal", "another password")
        auth.add_reviewer(session, "amal", "another password", update=True)
        assert auth.authenticate(session, "amal", "another password")
        auth.set_active(session, "amal", False)
        assert auth.authenticate(session, "amal", "another password") is None


def test_auth_sso_header_only_when_configured(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_AUTH_HEADER", raising=False)
    with session_scope(get_engine(sqlite_url)) as session:
        auth.add_reviewer(session, "desk.editor", None)  # an SSO identity: no password
        auth.add_reviewer(session, "amal", PASSWORD)
        headers = {"x-forwarded-user": "desk.editor"}
        assert auth.reviewer_from_headers(session, headers) is None  # off: header ignored
        monkeypatch.setenv("TRACKER_AUTH_HEADER", "X-Forwarded-User")
        assert auth.reviewer_from_headers(session, headers).name == "desk.editor"
        assert auth.reviewer_from_headers(session, {"X-Forwarded-User": "stranger"}) is None
        assert auth.reviewer_from_headers(session, {}) is None
        with pytest.raises(AuthError):  # password login is off under SSO
            auth.authenticate(session, "amal", PASSWORD)
        monkeypatch.delenv("TRACKER_AUTH_HEADER")
        assert auth.authenticate(session, "desk.editor", "") is None  # no password: never logs in


def _confirm(url: str, pair_id: int, name: str = "Amal Haddad", verdict: str = "confirmed", note: str | None = None):
    with session_scope(get_engine(url)) as session:
        rev = auth.find_reviewer(session, name) or auth.add_reviewer(session, name, PASSWORD)
        service.add_review(session, pair_id=pair_id, verdict=verdict, reviewer=rev, note=note)


def test_claimreview_has_the_required_fields(db_url: str) -> None:
    ids = seed(db_url)
    _confirm(db_url, ids.sloviansk_pair, note="checked with two outlets")
    _confirm(db_url, ids.arabic_pair, verdict="confirmed")
    _confirm(db_url, ids.arabic_pair, verdict="rejected")  # the latest verdict counts
    with session_scope(get_engine(db_url)) as session:
        items = list(iter_claimreviews(session, ExportOptions(org_name="Desk", org_url="https://desk.example.org",
                                                               base_url="https://dash.example.org/")))
    assert len(items) == 1
    item = items[0]
    assert item["@context"] == "https://schema.org" and item["@type"] == "ClaimReview"
    assert item["url"] == f"https://dash.example.org/?pair={ids.sloviansk_pair}"
    assert item["author"] == {"@type": "Organization", "name": "Desk", "url": "https://desk.example.org"}
    assert len(item["claimReviewed"]) < 75
    assert item["claimReviewed"]  # not empty
    assert item["inLanguage"] == "en"
    assert len(item["datePublished"]) == 10
    claim = item["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"]["name"] == "the Kremlin" and claim["author"]["affiliation"]["name"] == "Russia"
    assert claim["datePublished"] == "2025-03-18"
    assert claim["appearance"][0]["url"] == "https://wire.example.org/pause"
    rating = item["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"]
    assert "checked with two outlets" in item["reviewBody"]
    json.dumps(item)  # serialisable


def test_claim_text_is_always_under_75_characters() -> None:
    from tracker.db.models import Commitment

    long = Commitment(actor="Sudanese Armed Forces", polarity="refrain", action="air strikes and artillery fire",
                      target="residential areas and civilian infrastructure", scope_place="North Darfur",
                      evidence="x" * 300)
    text = claim_text(long)
    assert len(text) <= CLAIM_MAX_CHARS < 75 and text.endswith("…")
    short = Commitment(actor="Russia", polarity="refrain", action="strike", target="energy", evidence="We will stop.")
    assert claim_text(short) == "We will stop."


def test_csv_has_every_pair_with_verdicts_and_defuses_formulas(db_url: str) -> None:
    ids = seed(db_url)
    _confirm(db_url, ids.sloviansk_pair, note="=HYPERLINK(\"http://evil\")")
    with session_scope(get_engine(db_url)) as session:
        text = csv_text(session)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert sorted(int(r["pair_id"]) for r in rows) == sorted(ids.pair_ids)
    by_id = {int(r["pair_id"]): r for r in rows}
    assert by_id[ids.sloviansk_pair]["status"] == "confirmed"
    assert by_id[ids.sloviansk_pair]["reviewer"] == "Amal Haddad"
    assert by_id[ids.sloviansk_pair]["note"].startswith("'=")  # not a live formula in a spreadsheet
    assert by_id[ids.arabic_pair]["status"] == "unreviewed"
    assert XSS in by_id[ids.xss_pair]["event_evidence"]  # data kept verbatim; escaping is the viewer's job


def test_cli_reviewer_add_from_stdin_and_export(sqlite_url: str, tmp_path) -> None:  # noqa: ANN001
    ids = seed(sqlite_url)
    env = dict(os.environ, TRACKER_DATABASE_URL=sqlite_url)
    done = subprocess.run([sys.executable, "-m", "tracker", "reviewer", "add", "Amal Haddad"], input=PASSWORD + "\n",
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    short = subprocess.run([sys.executable, "-m", "tracker", "reviewer", "add", "bob"], input="short\n",
                           env=env, capture_output=True, text=True, timeout=120)
    assert short.returncode == InputError.exit_code and "at least" in short.stderr
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", sqlite_url, "reviewer", "list"])
    assert "Amal Haddad\tpassword\tactive" in listed.output
    sso = runner.invoke(cli, ["--db", sqlite_url, "reviewer", "add", "desk.editor", "--sso"])
    assert sso.exit_code == 0, sso.output
    with session_scope(get_engine(sqlite_url)) as session:
        assert auth.authenticate(session, "Amal Haddad", PASSWORD) is not None
    _confirm(sqlite_url, ids.sloviansk_pair)
    out = tmp_path / "cr.json"
    res = runner.invoke(cli, ["--db", sqlite_url, "export", "--format", "claimreview", "--output", str(out),
                              "--org-name", "Desk"])
    assert res.exit_code == 0, res.output
    items = json.loads(out.read_text(encoding="utf-8"))
    assert [i["url"].rsplit("=", 1)[1] for i in items] == [str(ids.sloviansk_pair)]
    res = runner.invoke(cli, ["--db", sqlite_url, "export", "--format", "csv"])
    assert res.exit_code == 0 and res.output.startswith("pair_id,score,status")
    assert len(list(csv.reader(io.StringIO(res.output)))) == 1 + len(ids.pair_ids)
    disabled = runner.invoke(cli, ["--db", sqlite_url, "reviewer", "disable", "Amal Haddad"])
    assert disabled.exit_code == 0
    with session_scope(get_engine(sqlite_url)) as session:
        assert auth.authenticate(session, "Amal Haddad", PASSWORD) is None


def test_cli_dashboard_refuses_unmigrated_database(tmp_path) -> None:  # noqa: ANN001
    res = subprocess.run([sys.executable, "-m", "tracker", "--db", f"sqlite:///{tmp_path / 'empty.db'}",
                          "dashboard", "--port", "1"], capture_output=True, text=True, timeout=120)
    assert res.returncode != 0 and "tracker --db URL db upgrade" in res.stderr
