"""General false-positive categories found on unseen articles (synthetic sentences, all four languages).

Each test names the behaviour it pins; none is a rule for one sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract import extract_document
from tracker.records import DocumentInput

PUB = dt.date(2025, 5, 10)


def run(text: str, lang: str = "en"):
    return extract_document(DocumentInput(body=text, language=lang, published=PUB))


# 1. a negated or refused commitment verb commits to nothing
@pytest.mark.parametrize("lang,text", [
    ("en", "Israel has not agreed to a ceasefire, officials said."),
    ("en", "Hamas has not yet accepted the truce."),
    ("en", "Israel never agreed to the ceasefire."),
    ("en", "Hamas refused to agree to a truce."),
    ("en", "Israel said it would not agree to a ceasefire."),
    ("ar", "لم تعلن إسرائيل أي هدنة في غزة."),
    ("ar", "لم توافق حماس على وقف إطلاق النار."),
    ("ar", "وقالت إسرائيل إنها لن توافق على الهدنة."),
    ("ru", "Россия не объявила перемирие на Пасху."),
    ("ru", "Израиль не согласился на прекращение огня."),
    ("ru", "Россия отказалась согласиться на перемирие."),
    ("uk", "Росія не оголосила перемир'я на Великдень."),
    ("uk", "Ізраїль не погодився на припинення вогню."),
])
def test_negated_commitment_verb_is_no_commitment(lang, text):
    assert not run(text, lang).commitments


@pytest.mark.parametrize("lang,text,actor", [
    ("en", "Israel agreed to a ceasefire on Friday.", "Israel"),
    ("ru", "Москва не будет наносить удары по энергетическим объектам Украины.", "Russia"),
    ("uk", "Росія погодилася на припинення вогню.", "Russia"),
    ("ar", "وافقت حماس على وقف إطلاق النار.", "Hamas"),
])
def test_plain_or_refrain_commitment_is_kept(lang, text, actor):
    assert [c.actor for c in run(text, lang).commitments][:1] == [actor]
