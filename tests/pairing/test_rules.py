"""The shared pairing rules: actor, family, target, place, time under date precision, flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tracker.geo import get_gazetteer
from tracker.pairing.rules import (
    PAIRING_VERSION,
    action_family,
    covered_targets,
    evaluate,
    pair_document,
)
from tracker.records import Commitment, Event, Place, TimeSpan, Window

D = dt.date


def day(d):
    return TimeSpan(d, d, "day")


def place(name):
    return get_gazetteer().lookup(name, "en")


def commitment(**kw):
    base = dict(id="c1", actor="Russia", stated_by="Kremlin", polarity="refrain", action="strike",
                target="energy infrastructure", evidence="...", start=0, end=3, scope_place="Ukraine",
                scope_country="UA", window=Window(D(2025, 3, 18), D(2025, 4, 17), "day", "day"), confidence=0.9)
    base.update(kw)
    return Commitment(**base)


def event(**kw):
    base = dict(id="e1", actor="Russia", claimed_by="Ukrainian military officials", action="missile strike",
                target="energy infrastructure", evidence="...", start=10, end=20, polarity="did",
                claimed_by_party="Ukraine", place=None, when=day(D(2025, 3, 20)), confidence=0.8)
    base.update(kw)
    return Event(**base)


def test_version_and_helpers():
    assert PAIRING_VERSION == "tracker.pairing.v1"
    assert action_family("missile strike") == "military"
    assert action_family("drone attacks") == "military"
    assert action_family("impose tariffs") == "tariff"
    assert action_family("share intelligence") == "intelligence sharing"
    assert action_family("ceasefire") is None
    assert action_family(None) is None
    assert "energy infrastructure" in covered_targets("infrastructure")
    assert "civilians" in covered_targets("all hostilities")
    assert "civilians" not in covered_targets("energy infrastructure")


def test_basic_pair_with_reasons():
    v = evaluate(commitment(), event(place=place("Sloviansk")))
    assert v is not None and 0 < v.score <= 1
    assert "same actor: Russia" in v.reasons
    assert any("energy infrastructure is within the commitment's scope" in r for r in v.reasons)
    assert any("event 2025-03-20 is inside the window 2025-03-18 – 2025-04-17" in r for r in v.reasons)
    assert "timing_uncertain" not in v.flags


def test_actor_rules():
    assert evaluate(commitment(), event(actor=None)) is None
    assert evaluate(commitment(), event(actor="Ukraine")) is None
    us = commitment(actor="United States", polarity="perform", action="share intelligence",
                    target="intelligence sharing", scope_place=None, scope_country=None)
    stopped = event(actor="US", action="share intelligence", target="intelligence sharing", polarity="stopped",
                    claimed_by_party=None)
    assert evaluate(us, stopped) is not None


def test_polarity_and_family():
    assert evaluate(commitment(), event(polarity="stopped")) is None
    assert evaluate(commitment(), event(action="impose tariffs", target="tariffs")) is None
    perform = commitment(polarity="perform")
    assert evaluate(perform, event()) is None


def test_target_scope():
    assert evaluate(commitment(), event(target="civilians")) is None
    v = evaluate(commitment(), event(target="unspecified"))
    assert v is not None and "target_uncertain" in v.flags
    full = evaluate(commitment(target="all hostilities"), event(target="civilians"))
    assert full is not None and "target_uncertain" not in full.flags


def test_place_scope():
    # Sudzha is in Russia: it does not break a pause on strikes on Ukraine's energy infrastructure
    assert evaluate(commitment(), event(actor="Russia", place=place("Sudzha"))) is None
    v = evaluate(commitment(), event(place=None))
    assert v is not None and "place_uncertain" in v.flags
    v2 = evaluate(commitment(), event(place=Place(raw="Qwertyuiopgrad")))
    assert v2 is not None and "place_uncertain" in v2.flags
    assert evaluate(commitment(), event(place=place("Sloviansk"))).score > v.score
    # no scope: anywhere
    ua = commitment(actor="Ukraine", scope_place=None, scope_country=None,
                    window=Window(D(2025, 3, 19), None, "day", "unknown"))
    v3 = evaluate(ua, event(actor="Ukraine", claimed_by_party="Russia", place=place("Kavkazskaya"),
                            when=day(D(2025, 3, 19))))
    assert v3 is not None


def test_black_sea_scope():
    c = commitment(action="use of force", target="shipping", scope_place="Black Sea", scope_country=None,
                   window=Window(D(2025, 3, 25), None, "day", "unknown"))
    e = event(action="drone strike", target="ports", when=TimeSpan(D(2025, 3, 25), D(2025, 3, 26), "range"))
    assert evaluate(c, e.__class__(**{**_fields(e), "place": place("Mykolaiv")})) is not None
    assert evaluate(c, e.__class__(**{**_fields(e), "place": place("Kharkiv")})) is None


def _fields(obj):
    return {f: getattr(obj, f) for f in obj.__slots__}


@pytest.mark.parametrize(
    "when,expect,flag",
    [
        (day(D(2025, 3, 17)), False, None),  # before the window
        (day(D(2025, 3, 18)), True, "timing_uncertain"),  # same day as the announcement
        (day(D(2025, 3, 19)), True, None),
        (day(D(2025, 4, 17)), True, None),  # last day inclusive
        (day(D(2025, 4, 18)), False, None),  # after valid_until: expired
        (TimeSpan(D(2025, 3, 18), D(2025, 3, 19), "range"), True, "timing_uncertain"),  # overnight
        (TimeSpan(D(2025, 3, 10), D(2025, 3, 16), "week"), False, None),
        (TimeSpan(D(2025, 3, 1), D(2025, 3, 31), "month"), True, "timing_uncertain"),
        (TimeSpan(None, None, "unknown", relative="on Tuesday"), True, "timing_uncertain"),
        (None, True, "timing_uncertain"),
    ],
)
def test_window_edges_and_precision(when, expect, flag):
    v = evaluate(commitment(), event(when=when))
    assert (v is not None) == expect
    if v is not None and flag:
        assert flag in v.flags
    if v is not None and flag is None:
        assert "timing_uncertain" not in v.flags


def test_same_day_reason_text():
    v = evaluate(commitment(), event(when=day(D(2025, 3, 18))))
    assert "timing uncertain: same day as the announcement" in v.reasons


def test_imprecise_window_start():
    c = commitment(window=Window(D(2025, 3, 1), None, "month", "unknown"))
    v = evaluate(c, event(when=day(D(2025, 3, 20))))
    assert v is not None and "timing_uncertain" in v.flags
    assert evaluate(c, event(when=day(D(2025, 4, 2)))).flags.count("timing_uncertain") == 0


def test_open_start_pairs_with_lower_score():
    open_c = commitment(window=Window(None, D(2025, 4, 17), "unknown", "day"))
    v_open = evaluate(open_c, event())
    v_full = evaluate(commitment(), event())
    assert v_open is not None and v_open.score < v_full.score
    assert evaluate(open_c, event(when=day(D(2025, 5, 1)))) is None


def test_pledge_by_year_and_missed_deadline():
    window = Window(None, D(2020, 12, 31), "unknown", "year")
    refrain = commitment(actor="Cargill", polarity="refrain", action="deforestation", target="deforestation",
                         scope_place=None, scope_country=None, window=window)
    did = event(actor="Cargill", action="deforestation", target="deforestation", claimed_by_party=None,
                when=TimeSpan(D(2020, 1, 1), D(2020, 12, 31), "year"))
    assert evaluate(refrain, did) is not None
    later = event(actor="Cargill", action="deforestation", target="deforestation", claimed_by_party=None,
                  when=day(D(2021, 6, 1)))
    assert evaluate(refrain, later) is None  # after the window, plain deforestation is not a breach
    missed = event(actor="Cargill", action="missed own no-deforestation targets", target="deforestation",
                   claimed_by_party=None, when=day(D(2021, 6, 1)))
    v = evaluate(refrain, missed)
    assert v is not None and any("deadline" in r for r in v.reasons)


def test_flags_opposing_conditional_mt():
    v = evaluate(commitment(actor="Ukraine", conditional=True),
                 event(actor="Ukraine", claimed_by_party="Russia", flags=("mt_suspect",)))
    assert v is not None
    assert {"opposing_claim", "conditional", "mt_suspect"} <= set(v.flags)
    assert "claimed only by the opposing side (Russia)" in v.reasons
    assert "commitment is conditional/reciprocal" in v.reasons
    plain = evaluate(commitment(actor="Ukraine"), event(actor="Ukraine", claimed_by_party="Ukraine"))
    assert plain.score > v.score


def test_pair_document_orders_and_ids():
    cs = [commitment(), commitment(id="c2", actor="Ukraine")]
    es = [event(), event(id="e2", actor="Ukraine", claimed_by_party="Russia"), event(id="e3", actor=None)]
    pairs = pair_document(cs, es)
    assert {(p.commitment, p.event) for p in pairs} == {("c1", "e1"), ("c2", "e2")}
    assert all(0 <= p.score <= 1 and p.reasons for p in pairs)
    assert pairs[0].to_json()["reasons"]


def test_event_known_only_by_its_report_date():
    window = Window(D(2023, 5, 22), D(2023, 5, 29), "day", "day")
    c = commitment(actor="Sudanese Armed Forces", action="hostilities", target="all hostilities",
                   scope_place=None, scope_country=None, window=window)
    before = event(actor="Sudanese Armed Forces", action="air strike", target="unspecified", claimed_by_party=None,
                   when=TimeSpan(None, D(2023, 5, 21), "unknown"))
    assert evaluate(c, before) is None  # reported the day before the truce began
    during = event(actor="Sudanese Armed Forces", action="air strike", target="unspecified", claimed_by_party=None,
                   when=TimeSpan(None, D(2023, 5, 25), "unknown"))
    v = evaluate(c, during)
    assert v is not None and "timing_uncertain" in v.flags


def test_rules_open_ended_commitment_lapses() -> None:
    """An open-ended truce from 2020 does not pair with strikes five years later."""
    import datetime as dt

    from tracker.pairing.rules import OPEN_WINDOW_DOUBT_DAYS, OPEN_WINDOW_LAPSE_DAYS, evaluate
    from tracker.records import Commitment, Event, TimeSpan, Window

    start = dt.date(2020, 10, 18)
    c = Commitment(id="c1", actor="Armenia", stated_by=None, polarity="refrain", action="hostilities",
                   target="all hostilities", evidence="x", start=0, end=1,
                   window=Window(valid_from=start, from_precision="day"))

    def event_on(day: dt.date) -> Event:
        return Event(id="e1", actor="Armenia", claimed_by=None, action="shelling", target="military",
                     evidence="y", start=2, end=3, when=TimeSpan(day, day, "day"))

    soon = evaluate(c, event_on(start + dt.timedelta(days=5)))
    assert soon is not None and "timing_uncertain" not in soon.flags
    late = evaluate(c, event_on(start + dt.timedelta(days=OPEN_WINDOW_DOUBT_DAYS + 10)))
    assert late is not None and "timing_uncertain" in late.flags
    assert any("states no end" in r for r in late.reasons)
    assert evaluate(c, event_on(start + dt.timedelta(days=OPEN_WINDOW_LAPSE_DAYS + 1))) is None


@pytest.mark.parametrize("flag", ["before_window", "after_window"])
def test_rules_event_placed_outside_the_truce_by_its_article_never_pairs(flag: str) -> None:
    """'Hours before the truce took effect, jets struck ...': no pair, in-document or database-wide."""
    import datetime as dt

    from tracker.pairing.rules import evaluate
    from tracker.records import Commitment, Event, TimeSpan, Window

    day = dt.date(2025, 5, 8)
    c = Commitment(id="c1", actor="Russia", stated_by=None, polarity="refrain", action="hostilities",
                   target="all hostilities", evidence="x", start=0, end=1,
                   window=Window(valid_from=day, valid_until=day + dt.timedelta(days=3),
                                 from_precision="day", until_precision="day"))
    e = Event(id="e1", actor="Russia", claimed_by=None, action="drone strike", target="energy infrastructure",
              evidence="y", start=2, end=3, when=TimeSpan(day, day, "day"))
    assert evaluate(c, e) is not None
    assert evaluate(c, replace(e, flags=(flag,))) is None
