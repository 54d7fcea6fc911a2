"""Commitment windows (session 3): ends given by "until the end of <month>", "until HH:MM on <weekday>",
"at least N days", "about N weeks"; an end weekday runs forward from the start; an hour written alone
in a daily pause does not date the window. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.timex import resolve_window

THU = dt.date(2026, 3, 12)  # a Thursday
D = dt.date


def window(text, lang, published=THU):
    w = resolve_window(text, lang, published)
    return w.valid_from, w.valid_until


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The two militias agreed to hold their fire until the end of April."),
        ("ru", "Ополченцы договорились не открывать огонь до конца апреля."),
        ("uk", "Загони домовилися не відкривати вогонь до кінця квітня."),
        ("ar", "اتفقت الميليشيات على وقف إطلاق النار حتى نهاية أبريل."),
        ("ar", "اتفقت الميليشيات على وقف إطلاق النار حتى نهاية شهر نيسان."),
    ],
)
def test_until_the_end_of_a_month(lang, text):
    assert window(text, lang) == (THU, D(2026, 4, 30))


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The pause in shelling will hold until 18:00 on Sunday."),
        ("ru", "Пауза в обстрелах продлится до 18:00 воскресенья."),
        ("uk", "Пауза в обстрілах триватиме до 18:00 неділі."),
        ("ar", "تستمر التهدئة حتى الساعة 18:00 يوم الأحد."),
    ],
)
def test_until_an_hour_on_a_weekday_is_the_coming_weekday(lang, text):
    assert window(text, lang) == (THU, D(2026, 3, 15))


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The ceasefire agreed on Tuesday will last until Friday."),
        ("ru", "Перемирие, согласованное во вторник, продлится до пятницы."),
    ],
)
def test_end_weekday_is_the_first_after_the_agreement(lang, text):
    assert window(text, lang) == (D(2026, 3, 10), D(2026, 3, 13))


def test_end_weekday_reported_as_past_stays_past():
    start, end = window("The truce lasted until Monday, when the shelling resumed.", "en")
    assert end == D(2026, 3, 9)


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "Both armies will stop shelling for at least ten days."),
        ("ru", "Обе армии обязались не стрелять как минимум десять дней."),
        ("ru", "Обе армии прекратят обстрелы не менее чем на десять дней."),
        ("uk", "Обидві армії зобов'язалися не стріляти щонайменше десять днів."),
        ("ar", "تعهد الجيشان بوقف القصف لمدة عشرة أيام على الأقل."),
        ("ar", "تعهد الجيشان بوقف القصف لمدة لا تقل عن عشرة أيام."),
    ],
)
def test_at_least_n_days(lang, text):
    assert window(text, lang) == (THU, D(2026, 3, 22))


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The bridge will stay closed to trucks until the repairs are finished (about three weeks)."),
        ("uk", "Міст буде закрито для вантажівок до завершення ремонту, який триватиме приблизно три тижні."),
        ("ru", "Мост закроют для грузовиков до окончания ремонта, примерно три недели."),
    ],
)
def test_about_n_weeks(lang, text):
    assert window(text, lang) == (THU, D(2026, 4, 2))


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The rebels declared a seventy-two-hour truce from Saturday."),
        ("ru", "Повстанцы объявили семидесятидвухчасовое перемирие с субботы."),
        ("uk", "Повстанці оголосили сімдесятидвогодинне перемир'я з суботи."),
    ],
)
def test_hours_in_words_last_that_many_days(lang, text):
    assert window(text, lang) == (D(2026, 3, 14), D(2026, 3, 17))


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The army will pause fire daily from 10:00 to 14:00 for a week from Monday."),
        ("ar", "أعلن الجيش هدنة يومية من الساعة 10:00 حتى الساعة 14:00 لمدة أسبوع اعتبارا من الاثنين."),
        ("ar", "أعلن الجيش هدنة يومية من العاشرة صباحا حتى الثانية ظهرا لمدة أسبوع اعتبارا من يوم الاثنين."),
    ],
)
def test_daily_hours_do_not_date_the_week(lang, text):
    assert window(text, lang) == (D(2026, 3, 16), D(2026, 3, 23))


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The grocer pledged not to raise bread prices for six months from 1 February."),
        ("ru", "Сеть обязалась не повышать цены на хлеб на шесть месяцев начиная с 1 февраля."),
        ("uk", "Мережа зобов'язалася не підвищувати ціни на хліб протягом шести місяців з 1 лютого."),
        ("ar", "تعهدت السلسلة بعدم رفع أسعار الخبز لمدة ستة أشهر اعتبارا من 1 فبراير."),
    ],
)
def test_n_months_from_a_date(lang, text):
    assert window(text, lang) == (D(2026, 2, 1), D(2026, 7, 31))


def test_year_end_not_taken_from_a_later_month_of_the_report():
    w = resolve_window("Оператор пообіцяв не підвищувати тарифи до кінця 2026 року, заявив у січні голова компанії.",
                       "uk", D(2026, 6, 10))
    assert (w.valid_from, w.valid_until) == (D(2026, 1, 1), D(2026, 12, 31))


def test_month_end_long_past_is_not_moved_a_year_ahead():
    # a pledge reported after it ran out: not a pledge for next February
    _, end = window("Компания обещала не повышать цены до конца февраля.", "ru", D(2026, 4, 10))
    assert end == D(2026, 2, 28)


# --------------------------------------------------------------------------- night of two named days


@pytest.mark.parametrize(
    "lang,text",
    [
        ("ar", "قصفت المسيرات الميناء ليل الثلاثاء الأربعاء."),
        ("ar", "قصفت المسيرات الميناء ليلة الثلاثاء إلى الأربعاء."),
        ("ar", "قصفت المسيرات الميناء ليل الثلاثاء/الأربعاء."),
        ("en", "Drones hit the port on the night of Tuesday to Wednesday."),
        ("uk", "Дрони атакували порт у ніч на середу."),
        ("ru", "Дроны атаковали порт в ночь на среду."),
    ],
)
def test_night_between_two_days_is_one_range(lang, text):
    from tracker.timex import find_dates

    found = find_dates(text, lang, THU)
    assert len(found) == 1, found
    span = found[0][2]
    assert (span.earliest, span.latest) == (D(2026, 3, 10), D(2026, 3, 11))


def test_market_named_after_a_weekday_is_not_a_date():
    from tracker.timex import find_dates

    found = find_dates("تجدد إطلاق النار قرب سوق الجمعة فجر الخميس", "ar", D(2026, 3, 13))
    assert [(sp.earliest, sp.text) for _, _, sp in found] == [(D(2026, 3, 12), "فجر الخميس")]


# --- session 5: a weekday written with its date, seasons, "until May", Arabic "before the end of"
PUB5 = dt.date(2025, 3, 10)


@pytest.mark.parametrize("lang, text, start, end", [
    # the weekday restates the date beside it: not the last such weekday before the report
    ("uk", "з 18:00 суботи, 12 квітня, до кінця неділі, 13 квітня", dt.date(2025, 4, 12), dt.date(2025, 4, 13)),
    ("ru", "с 18:00 пятницы, 3 мая, до конца дня субботы, 4 мая", dt.date(2025, 5, 3), dt.date(2025, 5, 4)),
    ("en", "from 6 pm on Saturday, April 12, until midnight on Sunday, April 13", dt.date(2025, 4, 12),
     dt.date(2025, 4, 13)),
    ("en", "from Friday, May 2, until the end of the day on Sunday, May 4", dt.date(2025, 5, 2), dt.date(2025, 5, 4)),
    ("ar", "اعتبارا من منتصف ليل الأحد 13 أبريل حتى نهاية يوم الثلاثاء 15 أبريل", dt.date(2025, 4, 13),
     dt.date(2025, 4, 15)),
    # seasons: the last day of the first such season that ends after the start
    ("ru", "до конца зимы", PUB5, dt.date(2026, 2, 28)),
    ("ru", "до весны", PUB5, dt.date(2025, 5, 31)),
    ("uk", "до кінця літа", PUB5, dt.date(2025, 8, 31)),
    ("en", "until the end of winter", PUB5, dt.date(2026, 2, 28)),
    ("en", "by autumn", PUB5, dt.date(2025, 11, 30)),
    ("ar", "حتى نهاية الصيف", PUB5, dt.date(2025, 8, 31)),
    # a capitalised May after "until" is the month
    ("en", "until May", PUB5, dt.date(2025, 5, 31)),
    ("en", "until the end of May", PUB5, dt.date(2025, 5, 31)),
    # «قبل نهاية» ("before the end of") ends the window; next August, not last
    ("ar", "قبل نهاية أغسطس المقبل", PUB5, dt.date(2025, 8, 31)),
])
def test_windows_session5(lang, text, start, end):
    window = resolve_window(text, lang, PUB5)
    assert (window.valid_from, window.valid_until) == (start, end)


@pytest.mark.parametrize("lang, text", [
    ("en", "the winter offensive stalled"), ("en", "the truce may end soon"), ("ru", "зимой бои стихли"),
])
def test_seasons_and_may_outside_a_window_end_nothing(lang, text):
    assert resolve_window(text, lang, PUB5).valid_until is None
