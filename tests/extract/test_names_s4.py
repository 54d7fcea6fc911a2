"""Actor names, session 4: companies written in Cyrillic or Arabic script get a Latin-script name (the
gold README's short English name), whatever case the text puts them in; a newspaper the news was told to
(«сообщили «Вестнику»») is no actor. Texts and the invented company names are written for these tests;
the real names in tests/resources/company_translit.tsv are well-known companies.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.actors.companies import _transliterate, company_name, nominative

from extract_support import commitments, events, make_run

PUB = dt.date(2025, 3, 3)
run = make_run(PUB)

_LIST = Path(__file__).parents[1] / "resources" / "company_translit.tsv"


def _rows():
    return [line.split("\t") for line in _LIST.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


# ------------------------------------------------------------------ transliteration (measured choice)
def test_transliteration_schemas_match_most_real_company_names():
    """The schemas chosen by measurement (iuliia yandex_money for Russian, the national 2010 Ukrainian
    romanisation with г as g) keep their score on the list of real companies: transliteration alone
    gives ru 30/40 and uk 22/33 of the common English names (anyascii gave 22 and 16, cyrtranslit 17 and 10)."""
    score = {"ru": 0, "uk": 0}
    for lang, written, english in _rows():
        score[lang] += _transliterate(written, lang).casefold() == english.casefold()
    assert score["ru"] >= 30 and score["uk"] >= 22, score


def test_table_and_transliteration_together_give_the_english_names():
    misses = [(w, company_name(w, lang), en) for lang, w, en in _rows()
              if company_name(w, lang).casefold() != en.casefold()]
    assert len(misses) <= 3, misses


@pytest.mark.parametrize("written,lang,name", [
    ("Пятёрочки", "ru", "Pyaterochka"),   # genitive singular, not the plural nominative
    ("Пятёрочке", "ru", "Pyaterochka"),
    ("Магнитом", "ru", "Magnit"),
    ("Волжских заводов", "ru", "Volzhskie zavody"),
    ("Северолесу", "ru", "Severoles"),    # a word no dictionary knows: the dative ending is dropped
    ("Укрпошти", "uk", "Ukrposhta"),
    ("Ощадбанку", "uk", "Oschadbank"),    # table: the bank's own spelling
    ("Яндекса", "ru", "Yandex"),
    ("Дніпро-Ойл", "uk", "Dnipro-Oil"),   # an English loanword inside the name
    ("Полісся Телеком", "uk", "Polissia Telecom"),
    ("Заводом", "ru", "Zavod"),
    ("ВТБ", "ru", "VTB"),
    ("وجهينة", "ar", "Juhayna"),
    ("أدنوك", "ar", "ADNOC"),
    ("الرمال للمطاحن", "ar", "الرمال للمطاحن"),  # not in the table: left as written
    ("Acme Foods", "en", "Acme Foods"),
])
def test_company_name(written, lang, name):
    assert company_name(written, lang) == name


def test_nominative_keeps_names_already_in_the_nominative():
    assert nominative("Северолес", "ru") == "Северолес"
    assert nominative("Волжские заводы", "ru") == "Волжские заводы"
    assert nominative("Мобіком", "uk") == "Мобіком"


# ------------------------------------------------------------------ extraction: Cyrillic companies
def test_ru_quoted_company_pledge_and_breach_in_latin_script():
    r = run("Сеть «Копеечка» пообещала не повышать цены на молоко до 1 мая. "
            "10 апреля «Копеечка» повысила цены на молоко на 7%.", "ru")
    assert ("Kopeechka", "raise prices", "prices") in commitments(r)
    assert ("Kopeechka", "raise prices", "prices") in events(r)
    assert r.pairs


def test_ru_subject_before_an_adverbial_and_a_dative_outlet():
    r = run("«Копеечка» с 5 апреля подняла цены на масло в магазинах Орловской области, сообщили "
            "«Вестнику» в пресс-службе сети.", "ru")
    assert [e[0] for e in events(r)] == ["Kopeechka"]
    r = run("«Вестнику» сообщили в пресс-службе, что сеть «Копеечка» пообещала не повышать цены на масло "
            "до лета.", "ru")
    assert [c[0] for c in commitments(r)] == ["Kopeechka"]


def test_ru_inflected_later_mention_is_the_same_company():
    r = run("Автозавод «Камские моторы» пообещал не сокращать сотрудников до конца года. "
            "В апреле на «Камских моторах» сократили 300 сотрудников.", "ru")
    assert ("Kamskie motory", "lay off workers", "workforce") in commitments(r)


def test_uk_quoted_company_pledge_and_breach():
    r = run("«Поліськгаз» пообіцяв не відключати побутових споживачів від газу до 1 квітня. "
            "У березні «Поліськгаз» відключив від газу 200 родин.", "uk")
    assert {c[0] for c in commitments(r)} == {"Poliskgaz"}
    assert {e[0] for e in events(r)} == {"Poliskgaz"}


# ------------------------------------------------------------------ Arabic: companies listed after «شركات»
def test_ar_companies_listed_in_a_price_deal_are_each_bound():
    r = run("اتفقت وزارة التموين مع شركات جهينة وإيديتا وسيفيتال على تثبيت أسعار الزبادي حتى نهاية أغسطس 2025. "
            "وفي يوليو 2025 رفعت شركة إيديتا أسعار منتجاتها بنسبة 6%.", "ar")
    bound = {c[0] for c in commitments(r)}
    assert {"Juhayna", "Edita", "Cevital"} <= bound
    assert [e[0] for e in events(r)] == ["Edita"]
    assert any(r.commitments[int(p.commitment[1:]) - 1].actor == "Edita" for p in r.pairs)


def test_ar_sector_after_the_plural_noun_is_no_company():
    r = run("اتفقت الحكومة مع شركات الأسمنت على تثبيت الأسعار حتى مارس 2025.", "ar")
    assert not any(c[0] and "الأسمنت" in c[0] for c in commitments(r))


def test_ar_known_company_gets_its_english_name():
    r = run("تعهدت شركة أدنوك بعدم رفع أسعار الوقود حتى نهاية العام. لكن أدنوك رفعت أسعار الوقود في مايو.", "ar",
            dt.date(2025, 3, 3))
    assert commitments(r) == [("ADNOC", "raise prices", "prices")]
    assert events(r) == [("ADNOC", "raise prices", "prices")]


# ------------------------------------------------------------------ a coalition named by the state leading it
LED = [
    ("Коаліція на чолі з Нідерландами та уряд Нігеру домовилися припинити бойові дії з 1 травня 2025 року. "
     "12 травня 2025 року сили коаліції обстріляли позиції урядових військ.", "uk"),
    ("Коалиция во главе с Нидерландами и правительство Нигера договорились прекратить боевые действия с 1 мая "
     "2025 года. 12 мая 2025 года силы коалиции обстреляли позиции правительственных войск.", "ru"),
    ("A coalition led by the Netherlands agreed to stop hostilities in Niger from May 1, 2025. "
     "On May 12, 2025, coalition forces shelled army positions near Agadez.", "en"),
    ("اتفق التحالف بقيادة هولندا على وقف الأعمال القتالية في النيجر اعتبارا من 1 مايو 2025. "
     "وفي 12 مايو 2025 قصفت قوات التحالف مواقع للجيش قرب أغاديز.", "ar"),
]


@pytest.mark.parametrize("text,lang", LED)
def test_a_coalition_led_by_a_state_is_one_party(text, lang):
    r = run(text, lang)
    assert "Dutch-led coalition" in {c[0] for c in commitments(r)}
    assert "Netherlands" not in {c[0] for c in commitments(r)}
    assert [e[0] for e in events(r)] == ["Dutch-led coalition"]
    assert r.pairs


def test_the_government_of_the_other_party_is_bound_too():
    r = run(LED[0][0], "uk")
    assert {c[0] for c in commitments(r)} == {"Dutch-led coalition", "Niger"}


def test_ar_before_the_truce_the_attacker_is_no_party():
    r = run("وقالت مصادر محلية إن طيران التحالف بقيادة هولندا نفذ غارة على مواقع في أغاديز يوم 3 مايو 2025، قبل أن "
            "يتم الإعلان عن الهدنة.", "ar")
    assert "Dutch-led coalition" not in {c[0] for c in commitments(r)}
    assert [e[0] for e in events(r)] == ["Dutch-led coalition"]


# ------------------------------------------------------------------ en: departments, coordinated companies, "both"
def test_a_department_acts_for_the_state_whose_pledge_the_article_reports():
    r = run("Canberra pledged in January not to impose new tariffs on Malaysian rubber until the end of 2025. "
            "On June 3, 2025, the Finance Department imposed a 12% tariff on Malaysian rubber.", "en")
    assert commitments(r) == [("Australia", "impose tariffs", "tariffs")]
    assert events(r) == [("Australia", "impose tariffs", "tariffs")]
    assert r.pairs


def test_a_capital_as_subject_of_a_pledge_is_its_country_not_as_a_place():
    r = run("Wellington promised on Monday to suspend its tariffs on Chilean copper until the end of the year.", "en")
    assert [c[0] for c in commitments(r)] == ["New Zealand"]
    r = run("Russian drones struck Kyiv overnight, killing two people, officials said.", "en")
    assert [e[0] for e in events(r)] == ["Russia"]


def test_coordinated_companies_and_both():
    r = run("Harbor Bakeries and Stonefield Mills said on Monday that flour supplies were stable. "
            "Both pledged not to raise bread prices until September 2025.", "en")
    assert {c[0] for c in commitments(r)} == {"Harbor Bakeries", "Stonefield Mills"}
    r = run("Harbor Bakeries and Stonefield Mills said they would not cut jobs before 2026.", "en")
    assert {c[0] for c in commitments(r)} == {"Harbor Bakeries", "Stonefield Mills"}


# ------------------------------------------------------------------ well-known companies without quotes
def test_known_company_without_quotes_or_company_noun():
    r = run("Укрпошта пообіцяла не скорочувати працівників до кінця 2025 року. "
            "У травні 2025 року Укрпошта звільнила 300 працівників.", "uk")
    assert commitments(r) == [("Ukrposhta", "lay off workers", "workforce")]
    assert events(r) == [("Ukrposhta", "lay off workers", "workforce")]
    assert r.pairs


def test_an_ambiguous_table_name_is_no_actor_without_quotes():
    r = run("В эпицентре взрыва оказались жилые дома, сообщили спасатели.", "ru")
    assert not r.commitments and all(e.actor != "Epicentr" for e in r.events)


def test_ar_the_company_whose_products_got_dearer_is_the_actor():
    r = run("اتفقت وزارة التموين مع شركات جهينة وإيديتا وسيفيتال على تثبيت أسعار الزبادي حتى نهاية أغسطس 2025. "
            "وفي يوليو 2025 رصد جهاز حماية المستهلك زيادة في أسعار منتجات إيديتا بنسبة 9%.", "ar")
    assert [e[0] for e in events(r)] == ["Edita"]
    assert r.pairs


def test_unquoted_cyrillic_name_after_a_company_noun_unless_a_person():
    r = run("Компания Северолес пообещала не сокращать сотрудников до конца 2025 года. "
            "В мае 2025 года Северолес сократил 200 сотрудников.", "ru")
    assert commitments(r) == [("Severoles", "lay off workers", "workforce")]
    assert events(r) == [("Severoles", "lay off workers", "workforce")]
    r = run("Директор компании Олег Марченко заявил, что компания не будет сокращать сотрудников до конца года.", "ru")
    assert all(c[0] != "Oleg Marchenko" for c in commitments(r))


def test_a_department_in_the_pledge_sentence_acts_for_the_state_heading_it():
    r = run("Wellington pledged to remove its surtax on Brazilian steel by July 2025, but on June 2, 2025, the Finance "
            "Department levied a new 10% surtax on Brazilian steel.", "en")
    assert commitments(r) == [("New Zealand", "impose tariffs", "tariffs")]
    assert events(r) == [("New Zealand", "impose tariffs", "tariffs")]
    assert r.pairs
    r = run("Ottawa slapped a 25% surtax on Brazilian electric vehicles on August 1, 2025.", "en")
    assert events(r) == [("Canada", "impose tariffs", "tariffs")]


def test_the_company_refers_to_a_company_the_lexicon_knows():
    r = run("«Лукойл» пообещал не повышать цены на дизельное топливо до 1 июня 2025 года. "
            "В мае 2025 года компания повысила цены на дизельное топливо на 4%.", "ru")
    assert events(r) == [("Lukoil", "raise prices", "prices")]
    assert r.pairs
