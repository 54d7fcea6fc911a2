"""End to end: a commitment's window from the pipeline (session 3). Texts written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import make_run

PUB = dt.date(2026, 3, 12)  # a Thursday
D = dt.date
run = make_run(PUB)


def windows(text: str, lang: str, published: dt.date | None = PUB):
    return [(c.actor, c.window.valid_from, c.window.valid_until) for c in run(text, lang, published).commitments]


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The truce between Armenia and Azerbaijan took effect on 2 March.\n\n"
               "Under the deal, Armenia and Azerbaijan will halt all hostilities for 30 days."),
        ("ru", "Перемирие между Арменией и Азербайджаном вступило в силу 2 марта.\n\n"
               "По условиям соглашения Армения и Азербайджан прекратят боевые действия на 30 дней."),
        ("uk", "Перемир'я між Вірменією та Азербайджаном набуло чинності 2 березня.\n\n"
               "За умовами угоди Вірменія та Азербайджан припинять бойові дії на 30 днів."),
        ("ar", "دخلت الهدنة بين أرمينيا وأذربيجان حيز التنفيذ في 2 مارس.\n\n"
               "وبموجب الاتفاق تتوقف أرمينيا وأذربيجان عن الأعمال العدائية لمدة 30 يوما."),
    ],
)
def test_undated_mention_starts_when_the_article_dates_the_deal(lang, text):
    found = windows(text, lang)
    assert found, found
    for _actor, start, _end in found:
        assert start == D(2026, 3, 2), found
    if lang in ("en", "ar"):  # ru/uk: the second sentence is folded in as a target-less mention (no end yet)
        assert any(end == D(2026, 4, 1) for _, _, end in found), found


def test_without_a_dated_deal_the_report_day_stays():
    found = windows("Armenia and Azerbaijan agreed to halt all hostilities for 30 days.", "en")
    assert found and all(start == PUB and end == D(2026, 4, 11) for _, start, end in found), found


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "Armenia and Azerbaijan agreed to halt all hostilities until the end of April."),
        ("ru", "Армения и Азербайджан договорились прекратить боевые действия до конца апреля."),
        ("uk", "Вірменія та Азербайджан домовилися припинити бойові дії до кінця квітня."),
        ("ar", "اتفقت أرمينيا وأذربيجان على وقف الأعمال العدائية حتى نهاية أبريل."),
    ],
)
def test_end_of_a_month_ends_the_window(lang, text):
    found = windows(text, lang)
    assert found and all(end == D(2026, 4, 30) for _, _, end in found), found


def test_until_a_weekday_after_the_agreement_day():
    found = windows("Armenia and Azerbaijan agreed on Tuesday to halt all hostilities until Friday.", "en")
    assert found and all((start, end) == (D(2026, 3, 10), D(2026, 3, 13)) for _, start, end in found), found
