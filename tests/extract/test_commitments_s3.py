"""Session 3 commitment families: pledge verbs in every tense and aspect, agreement terms stated
indirectly, perform obligations in all their inflections, future verb forms of perform and economic
phrases, military operations as halted fighting, price freezes phrased as "keep prices unchanged".

The sentences are written for these tests (invented actors, places and figures); each test names
the family it pins, in the four languages."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import commitment_keys, make_run

PUB = dt.date(2025, 3, 14)
run = make_run(PUB)


# 1. halting "military / offensive / combat operations" is a truce
@pytest.mark.parametrize("text,lang,actor", [
    ("Ethiopia said it would suspend offensive operations in the north for ten days.", "en", "Ethiopia"),
    ("Минобороны Азербайджана заявило, что Азербайджан прекратит все военные операции с полудня среды.", "ru",
     "Azerbaijan"),
    ("Україна зобов'язалася припинити бойові операції на тиждень.", "uk", "Ukraine"),
    ("وأعلن الجيش السوداني أنه سيعلق العمليات القتالية في الخرطوم لمدة ثلاثة أيام.", "ar",
     "Sudanese Armed Forces"),
])
def test_halting_military_operations_is_a_truce(text, lang, actor):
    r = run(text, lang)
    assert (actor, "refrain", "hostilities") in commitment_keys(r)
    assert all(c.target == "all hostilities" for c in r.commitments if c.action == "hostilities")


# 2. pledge verbs in tenses and aspects the lexicon did not list
@pytest.mark.parametrize("text,lang,actor", [
    ("По условиям меморандума Россия обязывалась не обстреливать порты Одесской области.", "ru", "Russia"),
    ("Азербайджан обещает не наносить удары по гражданским объектам.", "ru", "Azerbaijan"),
    ("Росія зобов'язувалася не атакувати цивільні судна в Чорному морі.", "uk", "Russia"),
    ("Ізраїль обіцяє не завдавати ударів по лікарнях.", "uk", "Israel"),
])
def test_pledge_verbs_in_every_tense(text, lang, actor):
    r = run(text, lang)
    assert any(c.actor == actor and c.polarity == "refrain" for c in r.commitments)


# 3. perform obligations: release, open, deploy, withdraw, hand over weapons, restore, pay
@pytest.mark.parametrize("text,lang,actor,action", [
    ("Under the accord, Hamas is to hand over four captives every week.", "en", "Hamas", "release hostages"),
    ("Hezbollah pledged to release the remaining captives within a week.", "en", "Hezbollah", "release hostages"),
    ("Israel promised to reopen two crossings into the north of Gaza.", "en", "Israel", "open crossing"),
    ("Lebanon vowed to deploy 6000 soldiers along the border.", "en", "Lebanon", "deploy troops"),
    ("Хамас обязуется отпускать пленных по субботам.", "ru", "Hamas", "release hostages"),
    ("Израиль пообещал открыть проход для гуманитарных грузов.", "ru", "Israel", "open crossing"),
    ("Армения обязалась отвести войска от границы.", "ru", "Armenia", "withdraw"),
    ("Азербайджан пообіцяв відвести свої війська з прикордонних сіл.", "uk", "Azerbaijan", "withdraw"),
    ("Росія пообіцяла звільняти полонених групами.", "uk", "Russia", "release hostages"),
    ("وتعهدت إسرائيل بالإفراج عن الأسرى الفلسطينيين على دفعات.", "ar", "Israel", "release hostages"),
    ("وتعهدت إثيوبيا بنشر 3000 جندي على الحدود الشمالية.", "ar", "Ethiopia", "deploy troops"),
])
def test_perform_obligations_in_all_inflections(text, lang, actor, action):
    r = run(text, lang)
    assert (actor, "perform", action) in commitment_keys(r), commitment_keys(r)


def test_surrendering_weapons_is_disarming():
    r = run("Армянские формирования обязались сдать оружие и тяжелую технику. Армения согласилась.", "ru")
    assert any(c.polarity == "perform" and c.action == "disarm" for c in r.commitments)
    r = run("Вірменія зобов'язалася здати зброю протягом тижня.", "uk")
    assert ("Armenia", "perform", "disarm") in commitment_keys(r)


# 4. a Russian/Ukrainian perform or economic phrase opened by a future verb is a pledge
@pytest.mark.parametrize("text,lang,actor,polarity,action", [
    ("Министр заявил, что Казахстан сократит добычу нефти на 80 тысяч баррелей в сутки.", "ru", "Kazakhstan",
     "refrain", "overproduction"),
    ("Прем'єр заявив, що Україна відкриє гуманітарний коридор наступного тижня.", "uk", "Ukraine", "perform",
     "open crossing"),
    ("Посол сообщил, что Израиль освободит палестинских заключенных в воскресенье.", "ru", "Israel", "perform",
     "release hostages"),
])
def test_slavic_future_of_perform_and_economic_verbs(text, lang, actor, polarity, action):
    r = run(text, lang)
    assert any(c.actor == actor and c.polarity == polarity and (action is None or c.action == action)
               for c in r.commitments), commitment_keys(r)


# 5. keeping prices unchanged is a price freeze
@pytest.mark.parametrize("text,lang", [
    ("Ostmark said it would keep prices of its 40 bakery products unchanged until June.", "en"),
    ("Компания Zelenagro заявила, что сохранит цены на молочную продукцию неизменными до конца года.", "ru"),
    ("Мережа Dobrodiy пообіцяла утримувати ціни на хліб незмінними до кінця зими.", "uk"),
])
def test_keeping_prices_unchanged_is_a_freeze(text, lang):
    r = run(text, lang)
    assert any(c.polarity == "refrain" and c.action == "raise prices" for c in r.commitments), commitment_keys(r)


# 6. agreement terms stated indirectly: "under the terms of the deal", «по условиям соглашения»
@pytest.mark.parametrize("text,lang,actor", [
    ("As part of the agreement, Ethiopia must withdraw its troops from the border zone.", "en", "Ethiopia"),
    ("По условиям соглашения Армения должна вывести войска из приграничных сел.", "ru", "Armenia"),
    ("За умовами угоди Азербайджан має відвести війська від кордону.", "uk", "Azerbaijan"),
])
def test_agreement_terms_bind_their_subject(text, lang, actor):
    r = run(text, lang)
    assert (actor, "perform", "withdraw") in commitment_keys(r), commitment_keys(r)


# and what must stay out: no agreement in sight, a plain report of fighting
@pytest.mark.parametrize("text,lang", [
    ("Military operations continued in the north on Tuesday, the army said.", "en"),
    ("Военные операции в регионе продолжались всю ночь.", "ru"),
    ("Хамас освободил трех заложников в субботу.", "ru"),
    ("Prices were kept unchanged last year despite inflation.", "en"),
])
def test_reports_are_not_commitments(text, lang):
    assert not run(text, lang).commitments


# 7. halt nouns and verbs in any case or person («о полном прекращении», «повному припиненні»)
@pytest.mark.parametrize("text,lang", [
    ("Армения и Азербайджан достигли договоренности о полном и немедленном прекращении боевых действий.", "ru"),
    ("Вірменія та Азербайджан досягли домовленості про негайне повне припинення бойових дій.", "uk"),
    ("Армения и Азербайджан договорились о приостановлении огня на границе.", "ru"),
])
def test_halt_words_in_every_case(text, lang):
    r = run(text, lang)
    assert {"Armenia", "Azerbaijan"} <= {c.actor for c in r.commitments if c.polarity == "refrain"}, commitment_keys(r)


# 8. pledges stated as "took on / gave an obligation", and "use of force" as fighting
@pytest.mark.parametrize("text,lang,actor", [
    ("Armenia took on an obligation not to use force along the border.", "en", "Armenia"),
    ("Азербайджан дал аналогичное обязательство не применять силу на границе.", "ru", "Azerbaijan"),
    ("Вірменія взяла на себе зобов'язання не застосовувати силу на кордоні.", "uk", "Armenia"),
    ("وتعهدت أرمينيا بعدم استخدام القوة على الحدود.", "ar", "Armenia"),
])
def test_obligation_phrasings_and_use_of_force(text, lang, actor):
    assert (actor, "refrain", "hostilities") in commitment_keys(run(text, lang))


# 9. a pledge in the concessive clause of an incident report is still the parties' pledge
def test_pledge_in_a_concessive_clause():
    r = run("Патруль попал под обстрел, хотя Армения и Азербайджан обещали не применять силу на границе.", "ru")
    assert {"Armenia", "Azerbaijan"} <= {c.actor for c in r.commitments}


# 10. two futures with their own subjects are two parties' pledges
@pytest.mark.parametrize("text,lang", [
    ("Armenia will stop shelling villages and Azerbaijan will halt drone strikes on towns.", "en"),
    ("Армения не будет обстреливать села, а Азербайджан не будет наносить удары по городам.", "ru"),
    ("Вірменія не обстрілюватиме села, а Азербайджан не завдаватиме ударів по містах.", "uk"),
])
def test_second_subject_of_a_future_gets_its_own_pledge(text, lang):
    assert {c.actor for c in run(text, lang).commitments} == {"Armenia", "Azerbaijan"}


def test_two_futures_in_trade():
    r = run("India will not raise its tariffs and Pakistan will not impose new levies, the ministers said.", "en")
    assert {c.actor for c in r.commitments} == {"India", "Pakistan"}


# 11. upholding an agreement's terms, principles or arrangements, not only "the truce"
@pytest.mark.parametrize("text,lang", [
    ("Armenia and Azerbaijan said they would respect all the terms.", "en"),
    ("Армения и Азербайджан заявили, что будут соблюдать все договоренности.", "ru"),
    ("Вірменія та Азербайджан заявили, що дотримуватимуться всіх домовленостей.", "uk"),
])
def test_upholding_the_terms_is_a_pledge(text, lang):
    r = run(text, lang)
    assert {("Armenia", "perform", "uphold ceasefire"), ("Azerbaijan", "perform", "uphold ceasefire")} <= commitment_keys(r)
