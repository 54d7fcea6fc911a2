"""Economic and corporate pledges, session 3: families the held-out analysis found unsupported.

No-strike pledges and walkouts, loan standstills and called-in loans, pledges not to sell or hand over
users' data; keeping a (regulated) price, markups, fare freezes; maintained voluntary output cuts; the
perfective pledge verbs of Russian, Ukrainian and Arabic («обязалась», «взяла на себя обязательство»,
«зобов'язалася», «تعهدت», «التزمت»); the management and unions as the committing party. For each
family a pledge and a breaking act must pair, end to end, in each language; near misses (an act before
the window, another company, another family, a denial) must not. All names and texts are invented for
these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.pairing.rules import action_family

from extract_support import commitments, events, make_run

PUB = dt.date(2025, 6, 2)
run = make_run(PUB)


# ------------------------------------------------------------------ families
def test_new_families_in_the_taxonomy():
    assert action_family("walkout") == "industrial action"
    assert action_family("call in loan") == "debt"
    assert action_family("share user data") == "user data"
    # a labour walkout is no military strike, and a strike stays military
    assert action_family("strike") == "military"


# ------------------------------------------------------------------ pledge + breach, every family, every language
PAIRS = [
    # industrial action: a union's no-strike pledge and a walkout
    ("The dockworkers' union Portline pledged on June 2 not to go on strike until the end of the year. "
     "On June 20, Portline went on strike.", "en", ("Portline", "walkout", "industrial action")),
    ("Профсоюз «Докер» 2 июня пообещал не проводить забастовок до конца года. "
     "20 июня «Докер» объявил забастовку.", "ru", ("Doker", "walkout", "industrial action")),
    ("Профспілка «Докер» 2 червня пообіцяла не страйкувати до кінця року. "
     "20 червня «Докер» оголосила страйк.", "uk", ("Doker", "walkout", "industrial action")),
    # loans: a lender's standstill and a called-in loan
    ("Lender Crestbank pledged on June 2 not to call in the loan before 2027. On June 20, Crestbank called in the loan.",
     "en", ("Crestbank", "call in loan", "loans")),
    ("Банк «Восход» 2 июня обязался не требовать досрочного погашения кредитов до конца года. "
     "20 июня «Восход» потребовал досрочного погашения кредита.", "ru", ("Voskhod", "call in loan", "loans")),
    ("Банк «Схід» 2 червня зобов'язався не вимагати дострокового погашення кредитів до кінця року. "
     "20 червня «Схід» вимагав дострокового погашення кредиту.", "uk", ("Skhid", "call in loan", "loans")),
    # users' data: a pledge not to sell it and a sale
    ("Social network Chirply pledged on June 2 never to sell user data. On June 20, Chirply sold user data to an ad broker.",
     "en", ("Chirply", "share user data", "user data")),
    ("Соцсеть «Чирп» 2 июня пообещала не продавать данные пользователей. "
     "20 июня «Чирп» продала данные пользователей рекламному брокеру.", "ru", ("Chirp", "share user data", "user data")),
    ("Соцмережа «Чірп» 2 червня пообіцяла не продавати дані користувачів. "
     "20 червня «Чірп» продала дані користувачів рекламному брокеру.", "uk", ("Chirp", "share user data", "user data")),
    ("تعهدت شركة تشيرب في 2 يونيو بعدم بيع بيانات المستخدمين. وفي 20 يونيو باعت الشركة بيانات المستخدمين لوسيط إعلانات.",
     "ar", ("تشيرب", "share user data", "user data")),
    # prices: keeping a price, markups, the perfective pledge verbs
    ("The utility company Nordgas said on June 2 it will keep the regulated price through December. "
     "On June 20, Nordgas raised its gas price by 12%.", "en", ("Nordgas", "raise prices", "prices")),
    ("Компания «Орбита-Трейд» 2 июня обязалась сохранить цены на гречку неизменными до конца года. "
     "20 июня «Орбита-Трейд» повысила цены на гречку на 8%.", "ru", ("Orbita-Trade", "raise prices", "prices")),
    ("Мережа «Колосок» 2 червня зобов'язалася утримувати ціни на гречку незмінними до кінця року. "
     "20 червня «Колосок» підвищила ціни на гречку на 10%.", "uk", ("Kolosok", "raise prices", "prices")),
    ("التزمت شركة الهدى للاتصالات في 2 يونيو بعدم زيادة أسعار الباقات حتى نهاية العام. "
     "وفي 20 يونيو رفعت الشركة أسعار الباقات بنسبة 15%.", "ar", ("الهدى للاتصالات", "raise prices", "prices")),
    # jobs: the management's pledge, the generic subject, «взяло на себя обязательство»
    ("Carmaker Velora Motors is based in Turin. On June 2 the management pledged no redundancies this year. "
     "On June 20, Velora Motors cut 400 jobs at its Turin plant.", "en", ("Velora Motors", "lay off workers", "workforce")),
    ("Руководство завода «Уралмаш-Нова» 2 июня взяло на себя обязательство не сокращать персонал до конца года. "
     "20 июня завод уволил 300 рабочих.", "ru", ("Uralmash-Nova", "lay off workers", "workforce")),
    ("Керівництво заводу «Азовмаш-Нова» 2 червня взяло на себе зобов'язання не скорочувати працівників до кінця року. "
     "20 червня завод звільнив 300 працівників.", "uk", ("Azovmash-Nova", "lay off workers", "workforce")),
    ("تعهدت شركة الوادي للإسمنت في 2 يونيو بعدم تسريح أي عامل حتى نهاية العام. وفي 20 يونيو سرحت الشركة 300 عامل.",
     "ar", ("الوادي للإسمنت", "lay off workers", "workforce")),
    # plants
    ("Компания «Сибнефтегаз» 2 июня взяла на себя обязательство не закрывать завод в Омске до 2027 года. "
     "20 июня компания закрыла завод в Омске.", "ru", ("Sibneftegaz", "close plant", "plant")),
    ("تعهدت شركة الفجر للصلب في 2 يونيو بعدم إغلاق مصنعها حتى 2027. وفي 20 يونيو أغلقت الشركة مصنعها.",
     "ar", ("الفجر للصلب", "close plant", "plant")),
]


@pytest.mark.parametrize(("text", "lang", "expected"), PAIRS)
def test_pledge_and_breach_pair(text, lang, expected):
    result = run(text, lang)
    assert expected in commitments(result), commitments(result)
    assert expected in events(result), events(result)
    assert result.pairs, (commitments(result), events(result))


# ------------------------------------------------------------------ pledges alone
@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Kazakhstan will maintain its voluntary output reduction through September.", "en",
     ("Kazakhstan", "overproduction", "oil output")),
    ("Poland extended its freeze on fare increases until December 31.", "en", ("Poland", "raise prices", "prices")),
    ("Grocer Fairbasket promised to hold the price of bread at 1 euro until the end of the year.", "en",
     ("Fairbasket", "raise prices", "prices")),
    ("Казахстан обязался сохранять добровольное сокращение добычи до сентября.", "ru",
     ("Kazakhstan", "overproduction", "oil output")),
    ("Сеть «Колос» пообещала удерживать цены на молоко на прежнем уровне до конца года.", "ru",
     ("Kolos", "raise prices", "prices")),
    ("Компания «Орбита-Трейд» обязалась не повышать наценку на хлеб до конца квартала.", "ru",
     ("Orbita-Trade", "raise prices", "prices")),
    ("تعهدت مصر بتثبيت سعر الخبز حتى نهاية العام.", "ar", ("Egypt", "raise prices", "prices")),
    ("التزمت المملكة العربية السعودية بمواصلة خفضها الطوعي للإنتاج حتى سبتمبر.", "ar",
     ("Saudi Arabia", "overproduction", "oil output")),
])
def test_pledge_shapes(text, lang, expected):
    result = run(text, lang)
    assert expected in commitments(result), commitments(result)
    assert not [e for e in result.events if e.actor], events(result)


# ------------------------------------------------------------------ near misses
@pytest.mark.parametrize(("text", "lang"), [
    # the act came before the pledge's window
    ("Lender Crestbank pledged on June 2 not to call in any loan until 2027. On May 20, Crestbank called in the loan.", "en"),
    ("Профсоюз «Докер» 2 июня пообещал не проводить забастовок до конца года. "
     "20 мая «Докер» объявил забастовку.", "ru"),
    # another company acted
    ("Social network Chirply pledged on June 2 never to sell user data. On June 20, rival app Peeko sold user data.", "en"),
    ("Соцмережа «Чірп» 2 червня пообіцяла не продавати дані користувачів. "
     "20 червня застосунок «Піко» продав дані користувачів.", "uk"),
    # another family: a price pledge is not broken by a walkout
    ("Компания «Орбита-Трейд» 2 июня обязалась не повышать цены до конца года. "
     "20 июня профсоюз «Докер» объявил забастовку.", "ru"),
    # a denial is no act
    ("Lender Crestbank pledged on June 2 not to call in the loan before 2027. "
     "On June 20, Crestbank denied that it had called in the loan.", "en"),
])
def test_near_misses_do_not_pair(text, lang):
    result = run(text, lang)
    assert not result.pairs, (commitments(result), events(result))


@pytest.mark.parametrize(("text", "lang"), [
    # an Arabic MT "air strikes" is no labour walkout
    ("وكانت إسرائيل قد نفذت الإضرابات الجوية على مبنى في دمشق يوم 16 يوليو.", "ar"),
    # a military pledge not to strike is no no-strike pledge
    ("Russia pledged not to strike energy infrastructure for 30 days.", "en"),
])
def test_military_strikes_stay_military(text, lang):
    result = run(text, lang)
    assert all(action_family(a) == "military" for _x, a, _t in commitments(result) + events(result)), (
        commitments(result), events(result))


# ------------------------------------------------------------------ actors
def test_a_short_company_name_is_the_full_name_the_article_gives():
    text = ("Regulators accused Halvard Foods of breaking its pledge. Halvard pledged on June 2 to keep prices "
            "unchanged until the end of the year. On June 20, Halvard raised the price of bread.")
    result = run(text, "en")
    assert ("Halvard Foods", "raise prices", "prices") in commitments(result)
    assert ("Halvard Foods", "raise prices", "prices") in events(result)
    # no longer name: the short one stays, a job title after it is no part of it
    text = ("Halvard pledged on June 2 to keep prices unchanged until the end of the year. On June 20, Halvard raised "
            "the price of bread. Halvard CEO Anna Berg denied it.")
    assert ("Halvard", "raise prices", "prices") in commitments(run(text, "en"))


# ------------------------------------------------------------------ round 2: quotas, target levels, Ukrainian synthetic future
@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Ирак заявил, что страна будет придерживаться квоты в 4 млн баррелей в сутки до конца года.", "ru",
     ("Iraq", "overproduction", "oil output")),
    ("Оператор «Зв'язок-Плюс» публічно пообіцяв, що не підвищуватиме тарифи для абонентів до кінця року.", "uk",
     ("Zviazok-Plius", "raise prices", "prices")),
    ("Компания «Нордвик» немедленно прекращает все поставки оборудования и запчастей в Россию.", "ru",
     ("Nordvik", "sales", "sales")),
])
def test_round_two_pledges(text, lang, expected):
    assert expected in commitments(run(text, lang))


def test_output_above_the_target_level_is_overproduction():
    assert ("Russia", "overproduction", "oil output") in events(run("В июне Россия добывала немного больше целевого уровня.", "ru"))


def test_a_quoted_name_in_apposition_is_the_company():
    text = ("Сеть «Колос» 2 июня пообещала не повышать цены до конца года. Другая сеть, «Пятерка», которая "
            "обязательств не давала, 20 июня повысила цены на 5%.")
    result = run(text, "ru")
    assert ("Pyaterka", "raise prices", "prices") in events(result)
    assert not result.pairs
