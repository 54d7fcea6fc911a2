"""Extraction in ar, en, ru and uk on sentences written for these tests.

Each test states one behaviour: who is bound by a truce, who is accused of an attack,
which traps (conditions, denials, orders, proposals, hypotheticals, negations) must not
produce a commitment or an event.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import actors, event_actors, make_run

PUB = dt.date(2025, 3, 21)
run = make_run(PUB)


# ------------------------------------------------------------------ bilateral truces
@pytest.mark.parametrize(("text", "lang", "parties"), [
    ("Armenia and Azerbaijan agreed to a ceasefire that took effect at noon on Sunday.", "en",
     {"Armenia", "Azerbaijan"}),
    ("اتفقت أرمينيا وأذربيجان على وقف إطلاق النار اعتبارا من ظهر الأحد.", "ar", {"Armenia", "Azerbaijan"}),
    ("Армения и Азербайджан договорились о прекращении огня с полудня воскресенья.", "ru",
     {"Armenia", "Azerbaijan"}),
    ("Вірменія та Азербайджан домовилися про припинення вогню з полудня неділі.", "uk",
     {"Armenia", "Azerbaijan"}),
])
def test_truce_binds_each_party(text, lang, parties):
    result = run(text, lang)
    assert result.status == "extracted"
    assert actors(result.commitments) == parties
    assert {c.polarity for c in result.commitments} == {"refrain"}
    assert {c.target for c in result.commitments} == {"all hostilities"}


@pytest.mark.parametrize(("text", "lang"), [
    ("The United States brokered deals with Ukraine and Russia to stop strikes on each other's energy facilities.", "en"),
    ("Russia and Ukraine agreed, in talks hosted by Saudi Arabia, to halt attacks on energy infrastructure.", "en"),
])
def test_mediator_is_not_bound(text, lang):
    result = run(text, lang)
    assert actors(result.commitments) == {"Russia", "Ukraine"}
    assert {c.target for c in result.commitments} == {"energy infrastructure"}


def test_black_sea_truce_has_shipping_scope():
    result = run("Росія та Україна погодилися на припинення вогню на Чорному морі.", "uk")
    assert actors(result.commitments) == {"Russia", "Ukraine"}
    assert {c.target for c in result.commitments} == {"shipping"}
    assert {c.scope_place for c in result.commitments} == {"Black Sea"}


def test_energy_pause_scope_and_window():
    result = run("On March 18, the Kremlin said Putin agreed to halt strikes on Ukrainian energy infrastructure "
                 "for 30 days.", "en")
    (c,) = result.commitments
    assert (c.actor, c.polarity, c.action, c.target) == ("Russia", "refrain", "strike", "energy infrastructure")
    assert c.scope_place == "Ukraine"
    assert c.window.valid_from == dt.date(2025, 3, 18)
    assert c.window.valid_until == dt.date(2025, 4, 17)


def test_perform_commitment_and_recipient():
    result = run("The White House said the United States will continue sharing intelligence with Ukraine.", "en")
    (c,) = result.commitments
    assert (c.actor, c.polarity, c.action) == ("United States", "perform", "share intelligence")


def test_arabic_pause_with_clitics_and_mt_noise():
    text = "قال الكرملين إن بوتين وافق على إيقاف الإضرابات على البنية التحتية للطاقة الأوكرانية لمدة 30 يوما."
    (c,) = run(text, "ar").commitments
    assert (c.actor, c.action, c.target, c.scope_place) == ("Russia", "strike", "energy infrastructure", "Ukraine")


def test_proposal_then_acceptance():
    text = ("Президент США предложил отказ от ударов по объектам энергетической инфраструктуры на 30 дней. "
            "Путин поддержал инициативу.")
    result = run(text, "ru")
    assert actors(result.commitments) == {"Russia"}
    assert result.commitments[0].target == "energy infrastructure"


# ------------------------------------------------------------------ attribution, both directions
@pytest.mark.parametrize(("text", "lang", "actor", "claimant"), [
    ("Russian officials said Ukraine attacked an oil depot near Tuapse overnight.", "en", "Ukraine", "Russia"),
    ("Ukrainian officials said a Russian missile strike cut power in Kharkiv overnight.", "en", "Russia", "Ukraine"),
    ("قالت السلطات الروسية إن أوكرانيا هاجمت مستودعا للنفط قرب مدينة توابسي.", "ar", "Ukraine", "Russia"),
    ("وقصفت القوات الروسية محطة كهرباء في مدينة خاركيف، بحسب المسؤولين الأوكرانيين.", "ar", "Russia", "Ukraine"),
    ("Минобороны России заявило, что украинские беспилотники атаковали нефтебазу в Брянской области.", "ru",
     "Ukraine", "Russia"),
    ("Генштаб ЗСУ повідомив, що російські війська обстріляли енергетичну інфраструктуру Херсона.", "uk",
     "Russia", "Ukraine"),
])
def test_event_actor_and_claimant(text, lang, actor, claimant):
    result = run(text, lang)
    assert event_actors(result) == [actor]
    assert result.events[0].claimed_by_party == claimant
    assert result.events[0].claimed_by


def test_accuser_is_not_the_perpetrator():
    result = run("Thailand accused Cambodia of firing mortar rounds into Thai territory on Tuesday.", "en")
    assert event_actors(result) == ["Cambodia"]
    assert result.events[0].claimed_by_party == "Thailand"


def test_agent_after_by():
    result = run("Moscow reported attacks by Ukrainian drones in the Kursk region.", "en")
    assert event_actors(result) == ["Ukraine"]


def test_unknown_perpetrator_stays_unknown():
    result = run("Witnesses reported air strikes and clashes in north Khartoum on Monday.", "en")
    assert result.events and all(e.actor is None for e in result.events)


# ------------------------------------------------------------------ traps
@pytest.mark.parametrize(("text", "lang"), [
    ("Moscow said the key condition must be a complete halt of foreign arms deliveries to Kyiv.", "en"),
    ("The US proposed a 30-day halt to strikes on energy infrastructure.", "en"),
    ("Ukraine denied it had agreed to any ceasefire.", "en"),
    ("وقال الكرملين إن الشرط الرئيسي يجب أن يكون وقفا كاملا للمساعدات العسكرية.", "ar"),
    ("Президент США предложил взаимный отказ от ударов по энергетике.", "ru"),
    ("Україна дотримувалась умов перемир'я два дні.", "uk"),
])
def test_not_a_commitment(text, lang):
    assert run(text, lang).commitments == ()


@pytest.mark.parametrize(("text", "lang"), [
    ("Ukraine denied it had launched a drone attack on the refinery.", "en"),
    ("The defence minister ordered the army to strike the capital.", "en"),
    ("If Russia attacks the ports again, new sanctions will follow.", "en"),
    ("There were no strikes on energy facilities on Tuesday.", "en"),
    ("نفت أوكرانيا أنها هاجمت مستودعا للنفط.", "ar"),
    ("Министр приказал армии нанести удар по столице.", "ru"),
    ("За словами президента, 25 березня ударів по енергетиці не було.", "uk"),
    ("Зеленський закликав залишатися в укриттях через загрозу повторних атак.", "uk"),
])
def test_not_an_event(text, lang):
    assert run(text, lang).events == ()


def test_weapon_alone_is_not_an_event():
    assert run("Zelensky asked for more air defence systems, especially Patriot missiles.", "en").events == ()


# ------------------------------------------------------------------ economic pack and self-reports
def test_company_pledge_and_missed_pledge():
    text = ("Retail company Northwind Foods pledged in 2018 to eliminate deforestation from its soy supply "
            "chain by 2022. An audit published on Monday found that Northwind Foods did not meet the target.")
    result = run(text, "en")
    assert [(c.actor, c.target) for c in result.commitments] == [("Northwind Foods", "deforestation")]
    assert [(e.actor, e.target) for e in result.events] == [("Northwind Foods", "deforestation")]


@pytest.mark.parametrize(("text", "lang", "actor"), [
    ("Washington imposed new tariffs on Chinese steel on Tuesday.", "en", "United States"),
    ("Вашингтон ввёл новые пошлины на китайскую сталь во вторник.", "ru", "United States"),
])
def test_tariffs_imposed_are_events(text, lang, actor):
    result = run(text, lang)
    assert [(e.actor, e.action) for e in result.events] == [(actor, "impose tariffs")]


@pytest.mark.parametrize(("text", "lang", "actor"), [
    ("ЦАХАЛ сообщил, что в понедельник нанёс удар по боевикам в южном Ливане.", "ru", "Israel"),
    ("The Israeli military said its troops opened fire on gunmen near the border on Tuesday.", "en", "Israel"),
    ("The Houthis claimed a missile attack on a cargo ship in the Red Sea.", "en", "Houthis"),
])
def test_self_reports_name_the_reporter(text, lang, actor):
    assert [e.actor for e in run(text, lang).events] == [actor]


def test_unclaimed_attack_stays_unknown():
    text = ("Russian drones struck a substation in Sumy on Monday. "
            "An explosion later killed two people in the city; no group claimed responsibility.")
    result = run(text, "en")
    assert event_actors(result) == ["Russia", None]
