"""Economic and corporate commitments and the events that break them, in four languages.

Price freezes and pledges not to raise prices, no-layoff and keep-open pledges, export halts and
suspended export bans, output quotas and compensation cuts, stop-sales pledges and paused
disconnections: the same shape as a truce (a party refrains from an action family) and paired by
the same rules. Texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract import extract_document
from tracker.pairing.rules import action_family
from tracker.records import DocumentInput

PUB = dt.date(2025, 6, 2)


def run(text: str, lang: str, published: dt.date | None = PUB):
    return extract_document(DocumentInput(body=text, language=lang, published=published))


def commitments(result) -> list[tuple[str, str, str]]:
    return [(c.actor, c.action, c.target) for c in result.commitments]


def events(result) -> list[tuple[str | None, str, str]]:
    return [(e.actor, e.action, e.target) for e in result.events]


# ------------------------------------------------------------------ commitments
@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Retailer Brightmart said on Monday it would freeze the prices of 300 staple goods until September 30.", "en",
     ("Brightmart", "raise prices", "prices")),
    ("Carmaker Ostrava Motors promised there would be no layoffs at its plants this year.", "en",
     ("Ostrava Motors", "lay off workers", "workforce")),
    ("Steelmaker Harbor Steel pledged to keep its mill in Gary open until 2027.", "en",
     ("Harbor Steel", "close plant", "plant")),
    ("Brewer company Kestrel Ales pledged to stop all sales in Russia.", "en",
     ("Kestrel Ales", "sales", "sales")),
    ("Kazakhstan pledged to make compensation cuts to its crude output until June 2026.", "en",
     ("Kazakhstan", "overproduction", "oil output")),
    ("Utility company Brightwater said it would suspend disconnections of households for unpaid bills until March 31.",
     "en", ("Brightwater", "disconnection", "customers")),
])
def test_economic_commitment(text, lang, expected):
    assert expected in commitments(run(text, lang))


def test_company_reference_is_the_company_named_before():
    text = ("Supermarket chain Hallmark Foods is the country's second-largest grocer. "
            "Its chief executive promised on Monday that the company would not cut any jobs this year.")
    assert commitments(run(text, "en")) == [("Hallmark Foods", "lay off workers", "workforce")]


def test_two_pledges_in_one_sentence_keep_their_own_targets_and_scope():
    text = "Carmaker Ostrava Motors pledged to stop all sales in Russia and to keep its plant in Graz open."
    result = run(text, "en")
    got = {(c.action, c.scope_place) for c in result.commitments}
    assert got == {("sales", "Russia"), ("close plant", None)}


def test_suspended_export_ban_rules_out_blocking_exports():
    result = run("India suspended its export ban on onions until the end of the year.", "en")
    assert ("India", "block exports", "export restrictions") in commitments(result)
    assert not any(a == "export" for _p, a, _t in commitments(result))


# ------------------------------------------------------------------ events
@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Brightmart raised prices on milk and bread by 9% on Tuesday.", "en", ("Brightmart", "raise prices", "prices")),
    ("On Friday, carmaker Ostrava Motors announced 800 layoffs at its Brno plant.", "en",
     ("Ostrava Motors", "lay off workers", "workforce")),
    ("Steelmaker Harbor Steel closed its mill in Gary on Monday.", "en", ("Harbor Steel", "close plant", "plant")),
    ("Kazakhstan pumped 1.8 million barrels per day in May, well above its quota.", "en",
     ("Kazakhstan", "overproduction", "oil output")),
    ("Russian customs held 40 tank cars of petrol at the border on Wednesday.", "en",
     ("Russia", "block exports", "export restrictions")),
])
def test_economic_event(text, lang, expected):
    assert expected in events(run(text, lang))


@pytest.mark.parametrize(("text", "lang"), [
    ("Brightmart pledged not to raise prices until September.", "en"),
    ("Ostrava Motors said it had no plans to close the plant.", "en"),
    ("The cars had been sold by independent traders, Ostrava Motors said.", "en"),
])
def test_not_an_economic_event(text, lang):
    assert [e for e in run(text, lang).events if e.actor] == []


# ------------------------------------------------------------------ pairing
@pytest.mark.parametrize(("text", "lang"), [
    ("Retailer Brightmart said on Monday, June 2, it would freeze the prices of staple goods until September 30. "
     "On June 20, Brightmart raised prices on milk by 9%.", "en"),
    ("Carmaker Ostrava Motors promised on June 2 that there would be no layoffs this year. "
     "On June 20, the company announced 800 layoffs at its Brno plant.", "en"),
])
def test_economic_pair(text, lang):
    result = run(text, lang)
    assert result.pairs, (commitments(result), events(result))


def test_taxonomy_families():
    assert action_family("raise prices") == "prices"
    assert action_family("lay off workers") == "employment"
    assert action_family("disconnection") == "disconnection"
    assert action_family("sales") == "sales"
    assert action_family("block exports") == "export restriction"
    assert action_family("overproduction") == "output"
    assert action_family("purchase") == "trade"
