"""Economic and corporate commitments and the events that break them, in four languages.

Price freezes and pledges not to raise prices, no-layoff and keep-open pledges, export halts and
suspended export bans, output quotas and compensation cuts, stop-sales pledges and paused
disconnections: the same shape as a truce (a party refrains from an action family) and paired by
the same rules. Texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.pairing.rules import action_family

from extract_support import commitments, event_actors, events, make_run

PUB = dt.date(2025, 6, 2)
run = make_run(PUB)


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
    ("OPEC+ members Iraq and Kazakhstan will cut output by 200,000 barrels per day until June.", "en",
     ("Iraq", "overproduction", "oil output")),
    ("Saudi Arabia will extend its voluntary cut of 1 million barrels per day through December.", "en",
     ("Saudi Arabia", "overproduction", "oil output")),
    ("Steelmaker Kovar said it would not close any of its plants until 2027.", "en",
     ("Kovar", "close plant", "plant")),
    ("China agreed to suspend its export controls on gallium until November.", "en",
     ("China", "block exports", "export restrictions")),
    ("Компания «Хлебный дом» пообещала заморозить цены на хлеб до 1 марта.", "ru",
     ("Khlebnyi dom", "raise prices", "prices")),
    ("Россия приостановила запрет на экспорт бензина до конца лета.", "ru",
     ("Russia", "block exports", "export restrictions")),
    ("Автопроизводитель «Камские моторы» пообещал не сокращать сотрудников до конца года.", "ru",
     ("Kamskie motory", "lay off workers", "workforce")),
    ("Оператор «Мобілайн» пообіцяв не підвищувати тарифи для абонентів до кінця року.", "uk",
     ("Mobiline", "raise prices", "prices")),
    ("Компанія «Водоканал-Сервіс» пообіцяла призупинити відключення споживачів за борги до 1 квітня.", "uk",
     ("Vodokanal-Servis", "disconnection", "customers")),
    ("Агрохолдинг Nivatrade зобов'язався припинити експорт кукурудзи до кінця року.", "uk",
     ("Nivatrade", "export", "exports")),
    ("أعلنت شركة النخيل للأغذية تجميد أسعار منتجاتها حتى نهاية العام.", "ar",
     ("النخيل للأغذية", "raise prices", "prices")),
    ("وقالت كازاخستان إنها ستلتزم بحصتها من الإنتاج اعتبارا من الشهر المقبل.", "ar",
     ("Kazakhstan", "overproduction", "oil output")),
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


@pytest.mark.parametrize(("text", "lang", "actor"), [
    ("Egypt faces a bread shortage. The government pledged to freeze bread prices until March.", "en", "Egypt"),
    ("В России дорожает топливо. Правительство пообещало заморозить цены на бензин до марта.", "ru", "Russia"),
    ("В Україні дорожчає хліб. Уряд пообіцяв заморозити ціни на хліб до кінця року.", "uk", "Ukraine"),
])
def test_government_without_country_is_the_state_the_article_names(text, lang, actor):
    assert [c.actor for c in run(text, lang).commitments] == [actor]


def test_a_companys_tariffs_are_its_prices():
    text = ("Компанія «Мобілайн» 10 січня пообіцяла не підвищувати тарифи до кінця року. "
            "У березні «Мобілайн» підвищила тарифи на 20%.")
    result = run(text, "uk", dt.date(2025, 4, 10))
    assert {(c.action, c.target) for c in result.commitments} == {("raise prices", "prices")}
    assert {(e.action, e.target) for e in result.events} == {("raise prices", "prices")}
    assert result.pairs


def test_the_market_of_a_stop_exports_pledge_is_its_scope_not_a_party():
    result = run("Carmaker Auto Nord will stop exporting cars to Russia from May 1.", "en")
    assert [(c.actor, c.action, c.scope_place) for c in result.commitments] == [("Auto Nord", "export", "Russia")]


def test_a_halt_commits_to_what_it_governs_not_to_its_purpose():
    result = run("Russia will halt gasoline exports until the end of October to stabilise domestic prices.", "en")
    assert commitments(result) == [("Russia", "export", "exports")]


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
    ("Power company Gridline disconnected 300 households for unpaid bills in January.", "en",
     ("Gridline", "disconnection", "customers")),
    ("Однако российская таможня задержала на границе 40 цистерн с бензином.", "ru",
     ("Russia", "block exports", "export restrictions")),
    ("В октябре компания «Северный берег» отгрузила на экспорт 20 тысяч тонн зерна.", "ru",
     ("Severnyi bereg", "export", "exports")),
    ("У січні компанія «Водоканал-Сервіс» відключила від води понад 200 родин.", "uk",
     ("Vodokanal-Servis", "disconnection", "customers")),
    ("لكن البيانات أظهرت أن العراق أنتج في يونيو نحو 4.4 مليون برميل يوميا، أي أعلى من حصته.", "ar",
     ("Iraq", "overproduction", "oil output")),
    ("Ostbahn Steel announced on Tuesday that it would close its Duisburg plant and cut 2,000 jobs.", "en",
     ("Ostbahn Steel", "lay off workers", "workforce")),
    ("Kazakhstan's oil output rose to 1.9 million barrels per day in May, exceeding its OPEC+ quota.", "en",
     ("Kazakhstan", "overproduction", "oil output")),
    ("Russia's crude production stood at 9.3 million barrels per day in May, above its target.", "en",
     ("Russia", "overproduction", "oil output")),
    ("Chinese customs continued to block shipments of gallium, traders said.", "en",
     ("China", "block exports", "export restrictions")),
    ("В мае Казахстан добывал 1,8 млн баррелей в сутки, что выше его квоты ОПЕК+.", "ru",
     ("Kazakhstan", "overproduction", "oil output")),
    ("Проте вже 10 травня «Укрнафта» підвищила ціни на бензин на 2 гривні.", "uk",
     ("Ukrnafta", "raise prices", "prices")),
    ("قطعت شركة الكهرباء التيار عن 500 أسرة متأخرة عن السداد.", "ar",
     ("الكهرباء", "disconnection", "customers")),
])
def test_economic_event(text, lang, expected):
    assert expected in events(run(text, lang))


@pytest.mark.parametrize(("text", "lang"), [
    ("Brightmart pledged not to raise prices until September.", "en"),
    ("Ostrava Motors said it had no plans to close the plant.", "en"),
    ("The cars had been sold by independent traders, Ostrava Motors said.", "en"),
    ("وقال خبراء إن الحكومة المصرية قد ترفع أسعار الوقود.", "ar"),
])
def test_not_an_economic_event(text, lang):
    assert [e for e in run(text, lang).events if e.actor] == []


# ------------------------------------------------------------------ pairing
@pytest.mark.parametrize(("text", "lang"), [
    ("Retailer Brightmart said on Monday, June 2, it would freeze the prices of staple goods until September 30. "
     "On June 20, Brightmart raised prices on milk by 9%.", "en"),
    ("Carmaker Ostrava Motors promised on June 2 that there would be no layoffs this year. "
     "On June 20, the company announced 800 layoffs at its Brno plant.", "en"),
    ("Россия 2 июня приостановила запрет на экспорт бензина до 31 августа. "
     "20 июня российская таможня задержала на границе 40 цистерн с бензином.", "ru"),
    ("Компанія «Водоканал-Сервіс» 2 червня пообіцяла призупинити відключення споживачів за борги до 1 вересня. "
     "20 червня компанія відключила від води понад 200 родин.", "uk"),
    ("أعلنت شركة النخيل للأغذية في 2 يونيو تجميد أسعار منتجاتها حتى نهاية العام. "
     "وفي 20 يونيو رفعت الشركة أسعار الزيت بنسبة 10%.", "ar"),
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


def test_open_ended_corporate_pledge_outlasts_a_truce_horizon():
    """"Stop all sales in Russia" (no end stated) still binds two years on; a truce would have lapsed."""
    from tracker.pairing.rules import OPEN_WINDOW_LAPSE_DAYS, PLEDGE_LAPSE_DAYS, evaluate
    from tracker.records import Commitment, Event, TimeSpan, Window

    start = dt.date(2022, 3, 10)
    pledge = Commitment(id="c1", actor="Norvik Motors", stated_by=None, polarity="refrain", action="sales",
                        target="sales", evidence="x", start=0, end=1,
                        window=Window(valid_from=start, from_precision="day"))

    def sale(days: int) -> Event:
        day = start + dt.timedelta(days=days)
        return Event(id="e1", actor="Norvik Motors", claimed_by=None, action="sales", target="sales",
                     evidence="y", start=2, end=3, when=TimeSpan(day, day, "day"))

    later = evaluate(pledge, sale(OPEN_WINDOW_LAPSE_DAYS + 300))
    assert later is not None and "timing_uncertain" in later.flags
    assert evaluate(pledge, sale(PLEDGE_LAPSE_DAYS + 1)) is None


@pytest.mark.parametrize(("text", "lang", "actor"), [
    ("Utility company Brightgrid pledged on June 2 to pause disconnections until October. "
     "On June 20 about 1,200 households were disconnected for unpaid bills, the regulator said.", "en", "Brightgrid"),
    ("Компания «Теплосеть» 2 июня пообещала приостановить отключения должников до октября. "
     "Однако 20 июня 300 семей были отключены от газа.", "ru", "Teploset"),
])
def test_passive_act_in_an_article_about_a_company_is_the_companys(text, lang, actor):
    result = run(text, lang)
    assert event_actors(result) == [actor]
    assert result.pairs


def test_quoted_companies_coordinated_both_pledge():
    text = "Нефтяные компании «Лукойл» и «Роснефть» обязались не повышать цены на бензин до конца года."
    assert {c.actor for c in run(text, "ru").commitments} == {"Lukoil", "Rosneft"}


def test_goods_still_sold_after_a_company_stopped_deliveries():
    text = ("Компания «Нордик» прекратила поставки в Россию в марте 2025 года. "
            "Однако ее продукция продолжает продаваться в российских магазинах.")
    result = run(text, "ru")
    assert commitments(result) == [("Nordik", "sales", "sales")]
    assert events(result) == [("Nordik", "sales", "sales")]


def test_a_moratorium_on_raising_prices_is_no_price_rise():
    text = "Уряд запровадив мораторій на підвищення тарифів на газ і тепло для населення до кінця сезону."
    assert run(text, "uk").events == ()


def test_seller_named_before_a_sale_not_the_outlet_or_the_market():
    text = ("Danish brewer Nordhavn Breweries said on March 3, 2025 that it would stop all sales in Russia. "
            "An investigation by the Moscow-based outlet Novye Vesti found that Nordhavn beer was still on sale "
            "in 40 Russian cities in May. Customs data showed that the brewer shipped 120 containers of beer "
            "to Russia in April.")
    result = run(text, "en")
    assert commitments(result) == [("Nordhavn Breweries", "sales", "sales")]
    assert events(result) == [("Nordhavn Breweries", "sales", "sales"), ("Nordhavn Breweries", "export", "exports")]
    assert result.pairs


def test_the_company_is_the_one_that_pledged_and_forecasts_are_no_acts():
    text = ("Аналитики группы «Финам» ожидают роста цен на топливо. "
            "Нефтяная компания «Северойл» 2 июня пообещала заморозить цены на бензин до 31 августа. "
            "Однако 9 июня компания повысила цены на дизельное топливо на 4%.")
    result = run(text, "ru")
    assert events(result) == [("Severoil", "raise prices", "prices")]
    assert result.pairs
