"""Session 4 commitment shapes that carry no pledge verb: a negated intention or negated perfective
future ("does not plan to raise", «не намерен», «не введёт», «لا تعتزم»), a negated existential future
("сокращений не будет", «لن تكون هناك تسريحات»), a passive or intransitive future keep ("prices will be
frozen", «буде збережено»), and perform pledges to keep an activity going.

The sentences are written for these tests (invented or well-known companies, invented figures); each
test names the shape it pins, with negative cases next to it."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import commitment_keys, make_run

PUB = dt.date(2025, 9, 2)
run = make_run(PUB)


# 1. a negated intention before an act is a pledge not to do it
@pytest.mark.parametrize("text,lang,actor,action", [
    ("Danone does not plan to raise yoghurt prices before the spring.", "en", "Danone", "raise prices"),
    ("Unilever has no plans to shut its soap factory in Leeds this decade.", "en", "Unilever", "close plant"),
    ("Nestle doesn't intend to cut jobs at its Vevey site in 2026.", "en", "Nestlé", "lay off workers"),
    ("Данон не намерен поднимать цены на кефир как минимум до весны, сообщил директор.", "ru", "Danone",
     "raise prices"),
    ("Нестле не планирует закрывать фабрику под Самарой в этом году.", "ru", "Nestlé", "close plant"),
    ("Данон не введёт новые тарифы на доставку до марта.", "ru", "Danone", "raise prices"),  # a company's tariffs
    ("Данон не планує підвищувати ціни на сир до кінця зими.", "uk", "Danone", "raise prices"),
    ("Нестле не має наміру закривати фабрику у Львові.", "uk", "Nestlé", "close plant"),
    ("قالت شركة دانون إنها لا تعتزم رفع أسعار الحليب قبل الربيع.", "ar", "Danone", "raise prices"),
])
def test_negated_intention_is_a_refrain_pledge(text, lang, actor, action):
    assert (actor, "refrain", action) in commitment_keys(run(text, lang))


@pytest.mark.parametrize("text,lang", [
    ("Danone plans to raise yoghurt prices in the spring.", "en"),
    ("Данон планирует поднять цены на кефир весной.", "ru"),
    ("Данон планує підвищити ціни на сир взимку.", "uk"),
    ("Danone does not plan to attend the trade fair in Lyon.", "en"),
    ("Данон не намерен участвовать в выставке.", "ru"),
])
def test_plans_and_unrelated_negations_are_no_pledge(text, lang):
    assert run(text, lang).commitments == ()


# 2. a negated existential future next to an economic act noun
@pytest.mark.parametrize("text,lang,actor,action", [
    ("Увольнений на фабриках Нестле не последует, заверил глава компании.", "ru", "Nestlé", "lay off workers"),
    ("Массовых сокращений на заводах Данон не будет как минимум до лета.", "ru", "Danone", "lay off workers"),
    ("Повышения цен на продукцию Данон не будет до конца квартала.", "ru", "Danone", "raise prices"),
    ("Звільнень на фабриці Нестле не буде до кінця року.", "uk", "Nestlé", "lay off workers"),
    ("قال مدير شركة نستله إنه لن تكون هناك تسريحات في مصانع الشركة هذا العام.", "ar", "Nestlé", "lay off workers"),
])
def test_negated_existential_future_is_a_refrain_pledge(text, lang, actor, action):
    assert (actor, "refrain", action) in commitment_keys(run(text, lang))


@pytest.mark.parametrize("text,lang", [
    ("Данон не будет участвовать в тендере на поставку молока.", "ru"),
    ("Нестле не буде брати участь у виставці.", "uk"),
    ("Переговоров с профсоюзом Данон не будет до осени.", "ru"),
])
def test_negated_existential_without_an_economic_act_is_no_pledge(text, lang):
    assert run(text, lang).commitments == ()


# 3. a passive or intransitive future keep of an economic target
@pytest.mark.parametrize("text,lang,actor,polarity,action", [
    ("Nestle said coffee prices will be frozen until the end of March.", "en", "Nestlé", "refrain", "raise prices"),
    ("Danone said jobs at its yoghurt plants will be preserved through 2026.", "en", "Danone", "refrain",
     "lay off workers"),
    ("Unilever said its exports will stay at current levels this season.", "en", "Unilever", "perform",
     "keep exporting"),
    ("Цены на йогурты Данон будут заморожены до 1 апреля.", "ru", "Danone", "refrain", "raise prices"),
    ("Ціни на каву Нестле буде збережено до 1 квітня.", "uk", "Nestlé", "refrain", "raise prices"),
])
def test_passive_future_keep_is_a_pledge(text, lang, actor, polarity, action):
    assert (actor, polarity, action) in commitment_keys(run(text, lang))


@pytest.mark.parametrize("text,lang", [
    ("Coffee prices were frozen in 2019 after a long drought.", "en"),
    ("Цены на йогурты Данон были заморожены в прошлом году.", "ru"),
])
def test_past_keep_is_no_pledge(text, lang):
    assert run(text, lang).commitments == ()


# 4. keeping an activity going, delivering contract volumes, indexing wages
@pytest.mark.parametrize("text,lang,actor,action", [
    ("Unilever said it would keep serving all its Baltic routes at least until June 2026.", "en", "Unilever",
     "continue service"),
    ("Danone said it will continue to supply all its Polish distributors through the winter.", "en", "Danone",
     "continue service"),
    ("Nestle told buyers it will deliver full contract volumes for the rest of the year.", "en", "Nestlé",
     "deliver"),
    ("Danone will index wages to inflation every January under the new agreement.", "en", "Danone",
     "index wages"),
    ("قالت شركة نستله إنها ستواصل تزويد الموزعين بالكميات المتفق عليها حتى نهاية العام.", "ar", "Nestlé",
     "continue service"),
])
def test_keep_doing_is_a_perform_pledge(text, lang, actor, action):
    assert (actor, "perform", action) in commitment_keys(run(text, lang))


def test_keep_supplying_plants_is_not_a_plant_closure_pledge():
    r = run("قالت شركة نستله إنها ستواصل تزويد المصانع بالحليب حتى نهاية العام.", "ar")
    assert ("Nestlé", "refrain", "close plant") not in commitment_keys(r)


def test_past_supply_is_no_pledge():
    assert run("Danone continued to supply its Polish distributors last winter.", "en").commitments == ()


# 5. a first-person pledge quoted before its speech tag binds the speaker's organisation
@pytest.mark.parametrize("text,lang,actor,action", [
    ("«Ми не піднімемо ціни на борошно до весни», — пообіцяв директор компанії «Нестле».", "uk", "Nestlé",
     "raise prices"),
    ("«Мы не повысим цены на творог до лета», — пообещал гендиректор Данон.", "ru", "Danone", "raise prices"),
    ("\"We will not close the Vevey plant before 2028,\" said the chief executive of Nestle.", "en", "Nestlé",
     "close plant"),
])
def test_quoted_first_person_pledge_binds_the_speakers_company(text, lang, actor, action):
    assert (actor, "refrain", action) in commitment_keys(run(text, lang))


def test_quoted_pledge_naming_its_party_keeps_it():
    r = run("«Данон не будет повышать цены на творог», — заявил аналитик Нестле.", "ru")
    assert ("Danone", "refrain", "raise prices") in commitment_keys(r)
    assert ("Nestlé", "refrain", "raise prices") not in commitment_keys(r)


# 6. postponing a pledged delivery is a contrary event, not a new pledge
def test_postponed_delivery_is_a_missed_pledge_event():
    r = run("تعهدت مصر بتسليم الشحنة الثالثة من القمح قبل 31 أكتوبر. وأعلنت مصر يوم 20 سبتمبر "
            "تأجيل تسليم الشحنة الثالثة إلى أجل غير مسمى.", "ar")
    assert commitment_keys(r) == {("Egypt", "perform", "deliver")}
    assert [(e.actor, e.polarity) for e in r.events] == [("Egypt", "stopped")]
    assert len(r.pairs) == 1


def test_postponement_alone_is_no_pledge():
    r = run("وأعلنت مصر تأجيل تسليم الشحنة الثالثة من القمح إلى لبنان.", "ar")
    assert r.commitments == ()


# 7. who is bound: both parties named together, also behind an appositive or "both countries"
def test_government_and_faction_behind_an_appositive_are_both_bound():
    r = run("Chad's government and the Lake Front Brigade, a breakaway wing of the FACT rebels, agreed to a truce "
            "until 31 October.", "en")
    assert {c.actor for c in r.commitments} == {"Chad", "Lake Front Brigade"}


def test_both_countries_capitalised_binds_the_two_parties():
    r = run("Thailand and Cambodia agreed to a ceasefire on Monday. Both countries agreed to withdraw their troops "
            "from the border.", "en")
    assert {(c.actor, c.action) for c in r.commitments if c.polarity == "perform"} == {
        ("Thailand", "withdraw"), ("Cambodia", "withdraw")}


# 8. pairs: the pledge's window is its own clause's, a power line is energy, a party's truce does not protect it
def test_pledge_in_a_subordinate_clause_takes_its_own_date():
    r = run("Danone cut 400 jobs at its Lyon dairy on Monday, although it had promised in February that there "
            "would be no layoffs before the end of 2026.", "en")
    (c,) = r.commitments
    assert (c.actor, c.action) == ("Danone", "lay off workers")
    assert c.window.valid_from == dt.date(2025, 2, 1)
    assert len(r.pairs) == 1


def test_strike_on_a_power_line_breaks_an_energy_moratorium():
    r = run("Вночі російський дрон пошкодив лінію електропередачі під Полтавою, попри мораторій на удари по "
            "енергетиці, що діє з 20 серпня.", "uk")
    assert [(e.actor, e.target) for e in r.events] == [("Russia", "energy infrastructure")]
    assert len(r.pairs) == 1


def test_cases_of_a_power_line_are_energy_targets():
    r = run("Ракета влучила у високовольтну лінію під Полтавою 1 вересня, повідомили в Укренерго.", "uk")
    assert [e.target for e in r.events] == ["energy infrastructure"]


# 9. passive shapes: nobody "will be dismissed", staff "will be offered" jobs
@pytest.mark.parametrize("text,lang", [
    ("Ни один работник Нестле не будет уволен до конца сезона.", "ru"),
    ("Жодного працівника Нестле не буде звільнено до кінця сезону.", "uk"),
])
def test_nobody_will_be_dismissed_is_a_no_layoff_pledge(text, lang):
    assert ("Nestlé", "refrain", "lay off workers") in commitment_keys(run(text, lang))


def test_staff_will_be_offered_jobs_is_a_perform_pledge():
    r = run("Unilever said that the 120 workers of the Leeds depot will be offered jobs at its Hull site.", "en")
    assert ("Unilever", "perform", "offer jobs") in commitment_keys(r)


def test_a_past_offer_is_no_pledge():
    assert run("Unilever offered jobs to 120 workers of the Leeds depot last year.", "en").commitments == ()


# 10. a state company's pledge is the company's, not its country's
@pytest.mark.parametrize("text,lang", [
    ("Нафтогаз України пообіцяв не підвищувати тарифи на розподіл газу до осені.", "uk"),
    ("Ukraine's Naftogaz pledged not to raise gas distribution prices before the autumn.", "en"),
])
def test_state_company_pledge_does_not_bind_its_country(text, lang):
    assert {c.actor for c in run(text, lang).commitments} == {"Naftogaz"}


def test_a_country_and_a_company_listed_together_are_both_bound():
    r = run("Ukraine and Naftogaz pledged not to raise gas distribution prices before the autumn.", "en")
    assert {c.actor for c in r.commitments} == {"Ukraine", "Naftogaz"}


# 11. garbled wire copy: halting bare "operations" is a truce, a company's plant operations are not
def test_future_progressive_suspension_of_operations_is_a_truce():
    r = run("The RSF will be suspending operations from 3 September until 17 September, said its commander.", "en")
    assert ("Rapid Support Forces", "refrain", "hostilities") in commitment_keys(r)
    (c,) = r.commitments
    assert (c.window.valid_from, c.window.valid_until) == (dt.date(2025, 9, 3), dt.date(2025, 9, 17))
    assert r.events == ()


def test_suspending_operations_at_a_plant_is_no_truce():
    r = run("Nestle will suspend operations at its Vevey plant from 3 September.", "en")
    assert all(c.action != "hostilities" for c in r.commitments)


# 12. "would" after an agreement is its reported future; "not to reduce its workforce" is a no-layoff pledge
def test_would_not_after_an_agreement_binds_the_second_party():
    r = run("Canada agreed to suspend its steel surtax for 60 days, and Brazil would not impose counter-duties "
            "during that time.", "en")
    assert {(c.actor, c.action) for c in r.commitments} >= {("Brazil", "impose tariffs")}


def test_would_in_a_condition_stays_hypothetical():
    r = run("Brazil would impose counter-duties if Canada raised its steel surtax.", "en")
    assert r.commitments == ()


def test_not_reducing_the_workforce_is_a_no_layoff_pledge():
    r = run("Unilever pledged not to reduce its Dutch workforce below 2,000 employees until 2027.", "en")
    assert commitment_keys(r) == {("Unilever", "refrain", "lay off workers")}


def test_reducing_prices_is_no_emissions_pledge():
    r = run("Unilever pledged to reduce prices on detergent by 4%.", "en")
    assert all(c.action != "reduce emissions" for c in r.commitments)


# 13. keeping supplies going is a perform pledge; a past interruption is none
@pytest.mark.parametrize("text,lang", [
    ("Нестле пообещала не допускать перебоев с поставками кофе в магазины.", "ru"),
    ("Нестле обещает обеспечить бесперебойные поставки смеси в аптеки.", "ru"),
    ("Нестле пообіцяла не допускати перебоїв з постачанням кави до магазинів.", "uk"),
])
def test_no_supply_interruptions_is_a_perform_pledge(text, lang):
    assert ("Nestlé", "perform", "continue service") in commitment_keys(run(text, lang))


def test_a_past_supply_interruption_is_no_pledge():
    assert run("Нестле допустила перебои с поставками кофе в магазины.", "ru").commitments == ()


# 14. "the Russian side" is one side; "the sides agreed" opens with its noun
def test_one_side_is_not_both_sides():
    r = run("Росія та Україна провели переговори в Женеві. Речник Кремля заявив, що російська сторона припинить "
            "вогонь на 36 годин з 7 вересня.", "uk")
    assert {c.actor for c in r.commitments} == {"Russia"}


@pytest.mark.parametrize("text,lang", [
    ("Росія та Україна провели переговори в Женеві. Сторони домовилися припинити вогонь з 7 вересня.", "uk"),
    ("Россия и Украина провели переговоры в Женеве. Стороны договорились прекратить огонь с 7 сентября.", "ru"),
])
def test_the_sides_agreed_binds_both_parties(text, lang):
    assert {c.actor for c in run(text, lang).commitments} == {"Russia", "Ukraine"}
