"""Dates and windows in ar, en, ru and uk. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.records import Window
from tracker.timex import find_dates, resolve_window

WED = dt.date(2025, 3, 19)  # a Wednesday
TUE = dt.date(2025, 3, 18)


def spans(text, lang, published=WED):
    return [(text[s:e], span) for s, e, span in find_dates(text, lang, published)]


def only(text, lang, published=WED):
    found = spans(text, lang, published)
    assert len(found) == 1, found
    return found[0][1]


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The depot was hit on Tuesday, officials said."),
        ("ar", "قال المسؤولون إن المستودع أصيب يوم الثلاثاء"),
        ("ar", "وفي يوم الثلاثاء أعلن الجيش عن الهجوم"),
        ("ru", "Во вторник склад был поражен, сообщили власти."),
        ("uk", "У вівторок склад було уражено, повідомила влада."),
    ],
)
def test_weekday_is_the_most_recent_on_or_before_publication(lang, text):
    span = only(text, lang)
    assert (span.earliest, span.latest, span.precision) == (TUE, TUE, "day")


@pytest.mark.parametrize(
    "lang,text",
    [("en", "Talks resumed on Wednesday."), ("ar", "استؤنفت المحادثات يوم الأربعاء"),
     ("ru", "Переговоры возобновились в среду."), ("uk", "Переговори відновилися в середу.")],
)
def test_weekday_same_as_publication_day(lang, text):
    assert only(text, lang).earliest == WED


def test_friday_with_apostrophe_variants_in_ukrainian():
    for text in ("у п'ятницю", "у пʼятницю", "у п’ятницю"):
        assert only(f"Удар стався {text} ввечері.", "uk").earliest == dt.date(2025, 3, 14)


def test_next_weekday_points_forward():
    assert only("The envoys meet next Monday.", "en").earliest == dt.date(2025, 3, 24)
    assert only("يلتقي المبعوثون يوم الاثنين المقبل", "ar").earliest == dt.date(2025, 3, 24)


# --------------------------------------------------------------------------- overnight


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "Drones struck the substation overnight."),
        ("en", "Sirens sounded during the night across the region."),
        ("ar", "ضربت الطائرات المسيرة المحطة بين عشية وضحاها"),
        ("ar", "استهدف هجوم صاروخي المدينة خلال الليل"),
        ("ru", "Ночью беспилотники атаковали подстанцию."),
        ("uk", "Вночі безпілотники атакували підстанцію."),
    ],
)
def test_overnight_is_the_night_before_publication(lang, text):
    span = only(text, lang)
    assert (span.earliest, span.latest, span.precision) == (TUE, WED, "range")


@pytest.mark.parametrize(
    "lang,text",
    [("ru", "В ночь на 18 марта был нанесен удар."), ("uk", "У ніч проти 18 березня було завдано удару."),
     ("uk", "Вночі 18 березня ворог атакував.")],
)
def test_night_before_a_date(lang, text):
    span = only(text, lang)
    assert (span.earliest, span.latest, span.precision) == (dt.date(2025, 3, 17), TUE, "range")


# --------------------------------------------------------------------------- relative


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        ("en", "The plant was shelled yesterday.", (TUE, TUE, "day")),
        ("en", "Power returned this morning.", (WED, WED, "day")),
        ("en", "The plant was shelled last week.", (dt.date(2025, 3, 10), dt.date(2025, 3, 16), "week")),
        ("ar", "قصفت المحطة أمس", (TUE, TUE, "day")),
        ("ar", "قصفت المحطة الأسبوع الماضي", (dt.date(2025, 3, 10), dt.date(2025, 3, 16), "week")),
        ("ar", "عادت الكهرباء صباح اليوم", (WED, WED, "day")),
        ("ru", "Станцию обстреляли вчера.", (TUE, TUE, "day")),
        ("ru", "Станцию обстреляли на прошлой неделе.", (dt.date(2025, 3, 10), dt.date(2025, 3, 16), "week")),
        ("uk", "Станцію обстріляли вчора.", (TUE, TUE, "day")),
        ("uk", "Станцію обстріляли минулого тижня.", (dt.date(2025, 3, 10), dt.date(2025, 3, 16), "week")),
        ("en", "Fighting resumed three days ago.", (dt.date(2025, 3, 16), dt.date(2025, 3, 16), "day")),
        ("ru", "Бои возобновились 3 дня назад.", (dt.date(2025, 3, 16), dt.date(2025, 3, 16), "day")),
        ("en", "Exports fell last month.", (dt.date(2025, 2, 1), dt.date(2025, 2, 28), "month")),
    ],
)
def test_relative_days_weeks_months(lang, text, expected):
    span = only(text, lang)
    assert (span.earliest, span.latest, span.precision) == expected


# --------------------------------------------------------------------------- explicit


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The pause began on 18 March 2025."),
        ("en", "The pause began on March 18, 2025."),
        ("en", "The pause began on 2025-03-18."),
        ("ar", "بدأت الهدنة في 18 مارس 2025"),
        ("ar", "بدأت الهدنة في ١٨ آذار ٢٠٢٥"),
        ("ar", "بدأت الهدنة في ١٨ مارس/آذار ٢٠٢٥"),
        ("ru", "Пауза началась 18 марта 2025 года."),
        ("ru", "Пауза началась 18.03.2025."),
        ("uk", "Пауза почалася 18 березня 2025 року."),
    ],
)
def test_explicit_dates(lang, text):
    span = only(text, lang)
    assert (span.earliest, span.latest, span.precision) == (TUE, TUE, "day")


def test_explicit_date_without_year_takes_the_nearest_year():
    assert only("Strikes resumed on 30 December.", "en", dt.date(2025, 1, 3)).earliest == dt.date(2024, 12, 30)
    assert only("Удары возобновились 18 марта.", "ru").earliest == TUE


def test_day_ranges():
    for text, lang in (("attacks between March 25 and 26", "en"), ("атаки 25-26 марта", "ru"),
                       ("هجمات 25 و26 مارس", "ar")):
        span = only(text, lang)
        assert (span.earliest, span.latest, span.precision) == (dt.date(2025, 3, 25), dt.date(2025, 3, 26), "range")


def test_month_and_year_precision():
    assert only("Prices rose in April 2024.", "en").precision == "month"
    assert only("Цены выросли в апреле 2024 года.", "ru").precision == "month"
    span = only("The firms pledged to stop it by 2020.", "en")
    assert (span.earliest, span.latest, span.precision) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year")


def test_english_may_is_not_a_month_by_itself():
    assert spans("Russia may strike again.", "en") == []


def test_hours_attach_to_their_date():
    span = only("The truce took effect at 08:30 on 18 March.", "en")
    assert (span.earliest, span.time_of_day) == (TUE, "08:30")
    span = only("Перемирие начнется в 18:00 по московскому времени 18 марта.", "ru")
    assert (span.earliest, span.time_of_day) == (TUE, "18:00")


def test_lone_hour_is_a_range_around_publication():
    span = only("Shelling started at 05:15.", "en")
    assert span.time_of_day == "05:15"
    assert span.earliest <= WED <= span.latest


# --------------------------------------------------------------------------- unanchored


@pytest.mark.parametrize(
    "lang,text",
    [("en", "The depot burned overnight."), ("en", "It was hit on Tuesday."), ("ar", "أصيب يوم الثلاثاء"),
     ("ru", "Удар нанесли во вторник."), ("uk", "Удар завдали вчора."), ("en", "Talks on 18 March failed.")],
)
def test_no_publication_date_never_invents_a_date(lang, text):
    span = only(text, lang, None)
    assert span.earliest is None and span.latest is None
    assert span.precision == "unknown" and span.relative


def test_explicit_year_is_anchored_without_publication():
    span = only("It began on 18 March 2025.", "en", None)
    assert span.earliest == TUE


# --------------------------------------------------------------------------- windows

MONTH_LATER = dt.date(2025, 4, 17)


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "On Tuesday, the Kremlin said strikes on energy sites would stop for the next month."),
        ("en", "On Tuesday, Moscow agreed to halt the strikes for 30 days."),
        ("ar", "في يوم الثلاثاء قال الكرملين إنه سيوقف الضربات للشهر المقبل"),
        ("ar", "أعلنت موسكو يوم الثلاثاء وقف الضربات لمدة 30 يوما"),
        ("ru", "Во вторник Москва согласилась прекратить удары на 30 дней."),
        ("uk", "У вівторок Москва погодилася припинити удари на 30 днів."),
        ("en", "The pause applies from 18 March and expires on 17 April."),
        ("ar", "تسري الهدنة اعتبارا من 18 مارس حتى 17 أبريل"),
    ],
)
def test_window_from_start_and_duration(lang, text):
    w = resolve_window(text, lang, WED)
    assert (w.valid_from, w.valid_until) == (TUE, MONTH_LATER)
    assert w.from_precision == "day" and w.until_precision == "day"


def test_72_hour_truce_takes_effect_at():
    w = resolve_window("A 72-hour truce takes effect at 08:30 on 18 March.", "en", WED)
    assert (w.valid_from, w.valid_until) == (TUE, dt.date(2025, 3, 21))


def test_until_midnight_on_easter_sunday():
    published = dt.date(2025, 4, 19)
    w = resolve_window("The truce runs from 18:00 Moscow time today until midnight on Easter Sunday.", "en", published)
    assert (w.valid_from, w.valid_until) == (published, dt.date(2025, 4, 20))
    w = resolve_window("Перемирие продлится до полуночи на Пасху.", "ru", published)
    assert w.valid_until == dt.date(2025, 4, 20)


def test_by_year_pledge_reported_later_has_an_open_start():
    w = resolve_window("The companies pledged to end deforestation by 2020.", "en", dt.date(2024, 5, 1))
    assert w.valid_from is None and w.valid_until == dt.date(2020, 12, 31) and w.until_precision == "year"


def test_window_without_publication_stays_relative():
    w = resolve_window("Both sides agreed to a pause for 30 days.", "en", None)
    assert w == Window(relative="for 30 days")
    w = resolve_window("Стороны договорились о паузе на 30 дней.", "ru", None)
    assert w.valid_from is None and w.valid_until is None and w.relative


def test_window_defaults_to_publication_day():
    w = resolve_window("Both sides agreed to stop attacking ports.", "en", WED)
    assert w.valid_from == WED and w.valid_until is None


def test_long_text_of_repeated_dates():
    """Every repetition is found (speed is measured by ``tracker bench``, never in tests)."""
    text = "Overnight, on Tuesday 18 March 2025, drones hit the port; the pause lasts for 30 days. " * 20
    # each time one span, the night into Tuesday 18 March ("Overnight, on Tuesday" and its date, merged)
    found = [span for _s, _e, span in find_dates(text, "en", WED) if span.latest == TUE]
    assert len(found) == 20


@pytest.mark.parametrize(
    "lang,text",
    [
        ("ru", "Путин объявил перемирие на 8-11 мая."),
        ("uk", "Путін оголосив перемир'я на 8-11 травня."),
        ("en", "Russia declared a truce for May 8-11."),
        ("en", "Russia declared a truce on 8-11 May."),
    ],
)
def test_window_of_a_day_range_runs_from_its_first_to_its_last_day(lang, text):
    w = resolve_window(text, lang, dt.date(2025, 5, 5))
    assert (w.valid_from, w.valid_until) == (dt.date(2025, 5, 8), dt.date(2025, 5, 11))
    assert w.from_precision == "day" and w.until_precision == "day"


def test_window_of_a_night_range_still_starts_with_the_day_it_leads_into():
    w = resolve_window("В ночь на 19 марта стороны прекратили огонь.", "ru", WED)
    assert (w.valid_from, w.valid_until) == (WED, None)


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The parties agreed to withdraw their forces within 60 days."),
        ("ru", "Стороны договорились вывести войска в течение 60 дней."),
        ("uk", "Сторони домовилися вивести війська протягом 60 днів."),
    ],
)
def test_within_a_duration_ends_the_window(lang, text):
    w = resolve_window(text, lang, WED)
    assert (w.valid_from, w.valid_until) == (WED, WED + dt.timedelta(days=60))


def test_within_a_past_period_is_no_window_end():
    w = resolve_window("Within the past 24 hours, the sides agreed to stop shelling.", "en", WED)
    assert w.valid_until is None


@pytest.mark.parametrize("lang,text", [
    ("en", "On Tuesday, Moscow agreed to halt the strikes for 30 days."),
    ("ru", "Путин объявил перемирие на 8-11 мая."),
    ("ar", "تسري الهدنة اعتبارا من 18 مارس حتى 17 أبريل"),
])
def test_window_from_dates_the_caller_already_found(lang, text):
    dates = find_dates(text, lang, WED)
    assert resolve_window(text, lang, WED, dates=dates) == resolve_window(text, lang, WED)


def test_dateparser_reads_leftover_abbreviations():
    span = only("Удар стався 18 бер. 2025 р.", "uk")
    assert span.earliest == TUE and span.precision == "day"


def test_numbers_next_to_words_are_not_dates():
    assert spans("At least 44 people were killed and 30 marches held.", "en") == []


SUN = dt.date(2023, 5, 21)


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "A seven-day ceasefire will take effect on Monday evening."),
        ("ar", "أعلن الطرفان أن الهدنة تدخل حيز التنفيذ مساء غد الاثنين لمدة سبعة أيام"),
        ("ru", "Перемирие вступит в силу в понедельник на семь дней."),
        ("uk", "Перемир'я набуде чинності в понеділок на сім днів."),
    ],
)
def test_future_start_on_a_weekday_and_number_words(lang, text):
    w = resolve_window(text, lang, SUN)
    assert (w.valid_from, w.valid_until) == (dt.date(2023, 5, 22), dt.date(2023, 5, 29))


def test_since_a_date_is_a_range_up_to_publication():
    span = only("Since March 18, eight hits were recorded.", "en", dt.date(2025, 3, 26))
    assert (span.earliest, span.latest, span.precision) == (TUE, dt.date(2025, 3, 26), "range")
    span = only("سجلت ثماني ضربات منذ 18 مارس", "ar", dt.date(2025, 3, 26))
    assert (span.earliest, span.latest) == (TUE, dt.date(2025, 3, 26))


def test_adjectival_durations():
    assert resolve_window("Объявлено тридцатидневное перемирие.", "ru", WED).valid_until == dt.date(2025, 4, 18)
    assert resolve_window("Оголошено 30-денне перемир'я.", "uk", WED).valid_until == dt.date(2025, 4, 18)


def test_from_weekday_points_forward_but_past_effect_points_back():
    w = resolve_window("أعلن اتفاق على وقف لإطلاق النار مدته أسبوع، اعتبارا من مساء الاثنين", "ar", SUN)
    assert (w.valid_from, w.valid_until) == (dt.date(2023, 5, 22), dt.date(2023, 5, 29))
    w = resolve_window("The truce that took effect on Monday was broken.", "en", SUN)
    assert w.valid_from == dt.date(2023, 5, 15)


def test_arabic_hours_in_words():
    span = only("يبدأ وقف إطلاق النار الساعة السادسة والنصف مساء اليوم", "ar")
    assert (span.earliest, span.time_of_day) == (WED, "18:30")
    span = only("شنت الطائرات ضربات حتى الساعة التاسعة صباحا بالتوقيت المحلي", "ar")
    assert span.time_of_day == "09:00"


def test_today_and_weekday_are_one_date():
    span = only("تواصل القتال اليوم الأحد في العاصمة", "ar", SUN)
    assert (span.earliest, span.precision) == (SUN, "day")
    span = only("Fighting went on today, Sunday, in the capital.", "en", SUN)
    assert span.earliest == SUN


def test_publication_as_datetime_or_string():
    assert only("It was hit on Tuesday.", "en", dt.datetime(2025, 3, 19, 14, 0)).earliest == TUE
    assert only("It was hit on Tuesday.", "en", "2025-03-19").earliest == TUE
    assert only("It was hit on Tuesday.", "en", "unknown").earliest is None


SUN2 = dt.date(2020, 10, 18)


@pytest.mark.parametrize(
    "lang,text",
    [("en", "Missiles were fired overnight into Sunday."), ("en", "Missiles were fired on the night of Saturday."),
     ("ru", "Ракеты были выпущены ночью на воскресенье."), ("uk", "Ракети випустили вночі проти неділі."),
     ("ar", "أطلقت الصواريخ ليلة الأحد")],
)
def test_night_into_a_weekday(lang, text):
    span = only(text, lang, SUN2)
    assert (span.earliest, span.latest, span.precision) == (dt.date(2020, 10, 17), SUN2, "range")


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The freeze on strikes expires on 17 April."),
        ("ru", "Мораторий на удары истекает 17 апреля."),
        ("uk", "Мораторій на удари спливає 17 квітня."),
        ("ar", "ينتهي الاتفاق في 17 أبريل"),
        ("ru", "Мораторий действует с 18 марта до 17 апреля."),
        ("uk", "Мораторій діє з 18 березня до 17 квітня."),
    ],
)
def test_window_end_in_four_languages(lang, text):
    w = resolve_window(text, lang, WED)
    assert w.valid_until == MONTH_LATER and w.until_precision == "day"


@pytest.mark.parametrize(
    "lang,text",
    [("en", "a 72-hour truce"), ("ru", "пауза на 72 часа"), ("uk", "перемир'я на 72 години"), ("ar", "هدنة لمدة 72 ساعة")],
)
def test_hours_durations(lang, text):
    w = resolve_window(text, lang, WED)
    assert (w.valid_from, w.valid_until) == (WED, dt.date(2025, 3, 22))


# --------------------------------------------------------------------------- literal gates (speed, same results)


@pytest.mark.parametrize("lang", ["en", "ru", "uk", "ar"])
def test_literal_gates_never_skip_a_match(lang):
    """A regex is skipped only when none of its required literals is in the lowered text."""
    import random

    from tracker.timex import rules as T

    L = T._lang(lang)
    regexes = [rx for rx in (L.weekday, L.dmy, L.mdy, L.drange, L.mdrange, L.month_year, L.year, L.phrases, L.ago,
                             L.clock, L.end_of_year, L.easter, L.midnight, T._month_gate(lang), T._prefilter(L),
                             T._ISO_DATE, T._DOTTED_DATE, *L.durations) if rx is not None]
    words = [w for names in L.data["months"] + L.data["weekdays"] for w in names]
    words += ["18", "2025", "08:30", "9", "-", ",", "on", "the", "night", "в", "на", "في", "ago", "назад", "قبل", "for",
              "days", "дней", "днів", "يوما", "2025-03-18", "18.03.2025", "until", "end", "of", "year"]
    rng = random.Random(11)
    for _ in range(400):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        text = rng.choice([text, text.upper(), text.title(), text.replace(" ", "  ")])
        low = T._lowered(text)
        for rx in regexes:
            if not T._may_match(rx, low):
                assert rx.search(text) is None, (rx.pattern[:80], text)


def test_literal_gates_are_off_for_characters_whose_case_folding_differs():
    from tracker.timex import rules as T

    assert T._lowered("On MONDAY, 18 March") == "on monday, 18 march"
    assert T._lowered("Во вторник, 18 марта") is not None and T._lowered("في 18 مارس") is not None
    assert T._lowered("İstanbul on Monday") is None  # "İ" lowers to two characters
    assert T._lowered("\u017fince Monday") is None  # the long s matches "s" case-insensitively
    assert T._may_match(T._lang("en").weekday, None)  # no lowered text: every regex runs


# --------------------------------------------------------------------------- years left out

NOV = dt.date(2025, 11, 20)


@pytest.mark.parametrize("published,text,expected", [
    (NOV, "The minister said on March 3 that exports would halt.", dt.date(2025, 3, 3)),  # last March
    (dt.date(2025, 1, 10), "On December 28 drones hit the port.", dt.date(2024, 12, 28)),  # last month
    (dt.date(2025, 12, 20), "The truce lasts until January 5.", dt.date(2026, 1, 5)),  # soon after
])
def test_a_date_without_a_year_leans_to_the_past(published, text, expected) -> None:
    assert only(text, "en", published).earliest == expected


@pytest.mark.parametrize("lang,text,month", [
    ("en", "The company pledged in February not to raise prices.", 2),
    ("uk", "У вересні компанія пообіцяла не підвищувати тарифи.", 9),
    ("ru", "В сентябре компания пообещала не повышать цены.", 9),
    ("ar", "تعهدت الشركة في سبتمبر بعدم رفع الأسعار.", 9),
])
def test_a_past_month_dates_the_pledge(lang, text, month) -> None:
    window = resolve_window(text, lang, NOV)
    assert window.valid_from == dt.date(2025, month, 1)
    assert window.from_precision == "month"



@pytest.mark.parametrize("lang,text", [
    ("en", "He said on Saturday that his forces would halt operations for three days from Sunday, June 16."),
    ("ru", "Он заявил, что силы прекратят огонь на три дня с воскресенья, 16 июня."),
    ("ar", "قال إن قواته ستوقف العمليات العسكرية لمدة ثلاثة أيام اعتبارا من صباح الأحد 16 يونيو"),
])
def test_a_weekday_written_with_its_date_keeps_that_date(lang, text) -> None:
    # a future "from Sunday" alone means the next Sunday; "Sunday, June 16" means June 16
    window = resolve_window(text, lang, dt.date(2024, 6, 17))
    assert (window.valid_from, window.valid_until) == (dt.date(2024, 6, 16), dt.date(2024, 6, 19))


OCT = dt.date(2024, 10, 15)


@pytest.mark.parametrize("lang,text", [
    ("en", "The truce will last until the end of the month."),
    ("ru", "Перемирие продлится до конца месяца."),
    ("uk", "Перемир'я триватиме до кінця цього місяця."),
    ("ar", "ستستمر الهدنة حتى نهاية الشهر الجاري"),
])
def test_the_end_of_the_month_ends_the_window(lang, text) -> None:
    assert resolve_window(text, lang, OCT).valid_until == dt.date(2024, 10, 31)


def test_through_a_year_ends_the_window_at_its_last_day() -> None:
    window = resolve_window("The pause on tariffs will run through 2026.", "en", OCT)
    assert (window.valid_until, window.until_precision) == (dt.date(2026, 12, 31), "year")
    # a full date after "through" is that date, not its year
    assert resolve_window("Prices stay frozen through 2026-03-01.", "en", OCT).valid_until == dt.date(2026, 3, 1)


def test_arabic_duration_and_start_after_the_conjunction_wa() -> None:
    window = resolve_window("أعلن الجيش هدنة اعتبارا من 18 أكتوبر ولمدة 30 يوما", "ar", OCT)
    assert (window.valid_from, window.valid_until) == (dt.date(2024, 10, 18), dt.date(2024, 11, 17))

