"""Audit of generated actor forms (capitals, demonyms) against common words of each language."""

from __future__ import annotations

import pytest

from tracker.actors import find_actors
from tracker.actors.audit import AUDITED_KINDS, collides, common_words
from tracker.actors.lexicon import _alias_forms, _norm_key, lexicon
from tracker.actors.sources import all_aliases, is_case_sensitive


@pytest.mark.parametrize("lang", ["ar", "en", "ru", "uk"])
def test_common_word_lists_are_loaded(lang):
    words = common_words(lang)
    assert len(words) > 200  # spaCy stop words + the hand-written list (+ inflected forms)


@pytest.mark.parametrize("lang", ["ar", "en", "ru", "uk"])
def test_no_capital_or_demonym_form_is_a_common_word(lang):
    """Every generated capital/demonym form in the built lexicon passes the audit."""
    table = lexicon(lang)
    bad = [(form, cid) for form, (cid, kind) in table.items()
           if kind in AUDITED_KINDS and form.islower() and collides(form, lang)]
    assert bad == []


@pytest.mark.parametrize("lang", ["ru", "uk", "ar"])
def test_audit_catches_generated_collisions(lang):
    """The audit is not vacuous: the raw sources do produce colliding forms, which it drops."""
    colliding = [a for a in all_aliases() if a.lang == lang and a.kind in AUDITED_KINDS
                 and not is_case_sensitive(a)
                 and any(collides(_norm_key(f, lang), lang) for f in _alias_forms(a))]
    assert colliding


@pytest.mark.parametrize("text,lang", [
    ("Ракеты 12 раз атаковали порт, а дроны ещё 40 раза.", "ru"),
    ("Бомбардировщик заходил сбоку, с правого бока колонны.", "ru"),
    ("Світло досі не відновили.", "uk"),
    ("Удар прийшовся по боку будівлі, з лівого боку.", "uk"),
    ("Вибухи лунали кілька разів, і ще раз уночі.", "uk"),
    ("عادت الروم القديمة إلى الذاكرة.", "ar"),
])
def test_common_words_are_not_actors(text, lang):
    assert find_actors(text, lang) == []


@pytest.mark.parametrize("text,lang,expected", [
    ("Переговоры прошли в Дохе.", "ru", "Qatar"),
    ("Делегації прибули до Дохи.", "uk", "Qatar"),
    ("Зустріч відбулася у Відні.", "uk", "Austria"),
    ("Саммит пройдёт в Баку.", "ru", "Azerbaijan"),
    ("Мирные переговоры в Риме.", "ru", "Italy"),
    ("المحادثات في الدوحة", "ar", "Qatar"),
    ("Talks were held in Doha.", "en", "Qatar"),
])
def test_real_capitals_still_resolve(text, lang, expected):
    assert [m.id for m in find_actors(text, lang)] == [expected]
