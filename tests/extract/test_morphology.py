"""Lemma rows in the Russian and Ukrainian lexicons: one dictionary lemma stands for all its word forms.

Every sentence here was written for this test; none comes from an evaluation set.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.extract.extract_support import commitments, make_run
from tracker.extract import lexicon
from tracker.extract.frames import CUES_KEY
from tracker.extract.lexicon import expand_lemma_row
from tracker.extract.normalize import slavic_norm
from tracker.extract.pipeline import get_nlp

run = make_run(dt.date(2025, 3, 1))


def _cues(text: str, lang: str, label: str) -> list[str]:
    nlp = get_nlp(lang)
    doc = nlp(text)
    return [doc[s:e].text for lab, _id, s, e in doc.user_data.get(CUES_KEY, []) if lab == label]


# ---------------------------------------------------------------- the loader
def test_lemma_row_expands_to_norm_and_exact_forms():
    rows = expand_lemma_row("ru", {"label": "IMPOSE", "pattern": "вводить", "lemma": ["вводить", "ввести"],
                                   "forms": ["infn", "pres", "futr"], "id": "impose tariffs"})
    assert rows and all(r["label"] == "IMPOSE" and r["id"] == "impose tariffs" for r in rows)
    phrases = {r["pattern"] for r in rows if isinstance(r["pattern"], str)}
    exact = {w for r in rows if isinstance(r["pattern"], list) for w in r["pattern"][0]["LOWER"]["IN"]}
    # «вводить» stems like the noun «ввод»: it is listed exactly (LOWER), the noun is not
    assert "вводить" in exact and "ввод" not in exact | phrases
    # «введут», «введет»: a stem no other word has, one phrase matched on NORM
    assert {slavic_norm(p) for p in phrases} >= {"введ"}
    assert not any(p.startswith("ввел") for p in phrases | exact)  # past forms were not asked for


def test_lemma_row_is_deterministic_and_cached():
    row = {"label": "HALT", "pattern": "приостановить", "lemma": "приостановить", "id": "halt"}
    assert expand_lemma_row("ru", row) == expand_lemma_row("ru", dict(row))


def test_lemma_row_head_keeps_other_words_literal():
    rows = expand_lemma_row("uk", {"label": "EVT", "pattern": "запровадити мита", "lemma": "запровадити",
                                   "head": 0, "forms": ["past"], "id": "impose tariffs"})
    for r in rows:
        if isinstance(r["pattern"], str):
            assert r["pattern"].split()[1] == "мита"
        else:
            assert len(r["pattern"]) == 2 and r["pattern"][1] == {"NORM": "мит"}


@pytest.mark.parametrize("row,message", [
    ({"label": "IMPOSE", "lemma": "ввистить", "id": "x"}, "unknown lemma"),
    ({"label": "IMPOSE", "lemma": "вводить", "forms": ["tense"], "id": "x"}, "forms must be"),
    ({"label": "IMPOSE", "pattern": "вводить пошлины", "lemma": "вводить", "head": 2, "id": "x"}, "head"),
])
def test_bad_lemma_rows_are_load_errors_with_file_and_line(row, message):
    text = '{"label": "NEG", "pattern": "не", "id": "neg"}\n' + json.dumps(row, ensure_ascii=False) + "\n"
    with pytest.raises(ValueError, match=rf"tracker/lang/ru/common.jsonl:2: .*{message}"):
        lexicon._parse_jsonl("ru", "common.jsonl", text)


def test_expansion_is_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path))
    first = lexicon._read_jsonl("uk", "economic.jsonl")
    assert list(tmp_path.glob("lexicon-uk-economic-*.json"))
    assert lexicon._read_jsonl("uk", "economic.jsonl") == first


def test_shipped_lemma_rows_load():
    for lang in ("ru", "uk"):
        lexicon.load_lang(lang)


# ---------------------------------------------------------------- pledges not to impose duties
@pytest.mark.parametrize("lang,text", [
    ("ru", "Министерство торговли России пообещало не вводить новые пошлины на импорт стали до конца года."),
    ("uk", "Міністерство торгівлі Росії пообіцяло не запроваджувати нові мита на імпорт сталі до кінця року."),
    ("ru", "Турция пообещала не вводить пошлины на зерно до весны."),
    ("uk", "Туреччина пообіцяла не запроваджувати мита на зерно до весни."),
])
def test_pledge_not_to_impose_duties(lang, text):
    found = commitments(run(text, lang))
    assert any(action == "impose tariffs" for _actor, action, _target in found), found


def test_negative_noun_sharing_the_stem_is_not_the_verb():
    # «ввод» (an introduction, a noun) has the stem of «вводить» but is not the verb
    assert _cues("Ввод в эксплуатацию нового терминала запланирован на весну.", "ru", "IMPOSE") == []
    # «запровадження» keeps its own hand row; the verb row does not add «запроваджування»
    assert "запроваджування" not in _cues("Запроваджування нових правил обговорювали довго.", "uk", "IMPOSE")


@pytest.mark.parametrize("lang,text,form", [
    ("ru", "Правительство введет пошлины на сталь.", "введет"),
    ("ru", "Власти введут пошлины на сталь.", "введут"),
    ("ru", "Правительство вводит пошлины на сталь.", "вводит"),
    ("ru", "Правительство вводят пошлины.", "вводят"),
    ("uk", "Уряд запровадить мита на сталь.", "запровадить"),
    ("uk", "Уряди запроваджують мита на сталь.", "запроваджують"),
    ("uk", "Уряд запроваджуватиме мита на сталь.", "запроваджуватиме"),
])
def test_inflected_forms_are_cues(lang, text, form):
    assert form in _cues(text, lang, "IMPOSE")


# ---------------------------------------------------------------- stems replaced by lemmas
@pytest.mark.parametrize("lang,text,form", [
    ("ru", "Поставки газа приостановлены до понедельника.", "приостановлены"),
    ("ru", "Завод остановит работу на неделю.", "остановит"),
    ("ru", "Стороны прекратят огонь в полночь.", "прекратят"),
    ("ru", "Приостановление поставок продлится месяц.", "Приостановление"),
    ("uk", "Постачання газу призупинено до понеділка.", "призупинено"),
    ("uk", "Сторони припинять вогонь опівночі.", "припинять"),
    ("uk", "Призупинені поставки відновлять за місяць.", "Призупинені"),
])
def test_halt_verbs_in_every_form(lang, text, form):
    assert form in _cues(text, lang, "HALT")


def test_stop_noun_is_not_a_halt():
    # «остановка» (a bus stop) shares the stem of «остановить»
    assert _cues("Автобус ждал на остановке у рынка.", "ru", "HALT") == []
    assert _cues("Автобус чекав на зупинці біля ринку.", "uk", "HALT") == []


def test_offensive_noun_not_next():
    assert _cues("Наступного дня переговори продовжилися.", "uk", "EVT") == []
    assert "наступу" in _cues("Армія готується до наступу на місто.", "uk", "EVT")
    # the verb «наступати» stems like the noun but is not an offensive
    assert "наступає" not in _cues("Весна наступає рано цього року.", "uk", "EVT")


def test_shelling_verb_forms():
    assert "обстрілюватимуть" in _cues("Вони обстрілюватимуть місто вночі.", "uk", "EVT")


# ---------------------------------------------------------------- core verbs, other tenses and persons
@pytest.mark.parametrize("lang,text,label,form", [
    ("ru", "Правительство заморозит тарифы на электричество.", "HALT", "заморозит"),
    ("ru", "Регулятор замораживает цены на хлеб.", "HALT", "замораживает"),
    ("uk", "Уряд заморозить тарифи на електроенергію.", "HALT", "заморозить"),
    ("uk", "Регулятор заморожує ціни на хліб.", "HALT", "заморожує"),
    ("ru", "Компания сохраняет рабочие места.", "CONT", "сохраняет"),
    ("uk", "Компанія зберігатиме робочі місця.", "CONT", "зберігатиме"),
    ("ru", "Стороны будут соблюдать перемирие.", "COMPLY", "соблюдать"),
    ("uk", "Сторони дотримаються перемир'я.", "COMPLY", "дотримаються"),
    ("ru", "Боевики напали на блокпост ночью.", "EVT", "напали"),
    ("uk", "Бойовики напали на блокпост уночі.", "EVT", "напали"),
    ("ru", "Армия наносила удары по складам.", "EVT", "наносила удары"),
    ("uk", "Армія завдавала ударів по складах.", "EVT", "завдавала ударів"),
    ("ru", "Власти облагают пошлинами импорт зерна.", "IMPOSE", "облагают"),
    ("uk", "Уряд вводить мита на імпорт зерна.", "IMPOSE", "вводить"),
    ("ru", "Мы вводили пошлины дважды.", "IMPOSE", "вводили"),
])
def test_core_verbs_in_other_forms(lang, text, label, form):
    assert form in _cues(text, lang, label)


@pytest.mark.parametrize("lang,text,label", [
    ("ru", "Заморозки ударили по урожаю.", "HALT"),  # frosts, not a freeze
    ("ru", "Нападающий забил гол.", "EVT"),  # a forward (football), not an attack
    ("uk", "Нападник забив гол.", "EVT"),
    ("ru", "Ввод новых мощностей отложен.", "IMPOSE"),
])
def test_nouns_sharing_a_stem_are_not_the_verb(lang, text, label):
    words = {"HALT": ("замороз",), "EVT": ("напад",), "IMPOSE": ("ввод",)}[label]
    assert not [c for c in _cues(text, lang, label) if c.lower().startswith(words)]


def test_pledges_with_core_verbs():
    found = commitments(run("Министерство финансов Турции пообещало не вводить пошлины на удобрения.", "ru"))
    assert any(action == "impose tariffs" for _a, action, _t in found)
    found = commitments(run("Україна пообіцяла призупинити удари по нафтопереробних заводах.", "uk"))
    assert any(action == "strike" for _a, action, _t in found), found


# ---------------------------------------------------------------- lemmas inside token patterns
def test_lemma_tokens_expand_next_to_other_predicates():
    pats = lexicon.expand_lemma_tokens("ru", [{"LEMMA": ["сохранить", "сохранять"]},
                                              {"IS_PUNCT": False, "OP": "?"},
                                              {"LEMMA": "цена", "FORMS": ["noun"]}])
    assert pats
    for p in pats:
        assert p[1] == {"IS_PUNCT": False, "OP": "?"}
        assert set(p[0]) <= {"NORM", "LOWER"} and set(p[2]) <= {"NORM", "LOWER"}


def test_lemma_token_errors():
    with pytest.raises(ValueError, match="unknown lemma"):
        lexicon.expand_lemma_tokens("uk", [{"LEMMA": "зберегтии"}])
    with pytest.raises(ValueError, match="cannot also test"):
        lexicon.expand_lemma_tokens("uk", [{"LEMMA": "зберегти", "LOWER": "x"}])


@pytest.mark.parametrize("lang,text", [
    ("ru", "Сети пообещали сохранить цены на молоко неизменными до весны."),
    ("ru", "Магазины удержат стоимость хлеба стабильной."),
    ("ru", "Поставщики заморозили тарифы, оставив их замороженными до осени."),
    ("uk", "Мережі пообіцяли зберегти ціни на молоко незмінними до весни."),
    ("uk", "Компанія утримуватиметься від підвищення цін до кінця року."),
])
def test_keep_prices_unchanged(lang, text):
    assert any(c for c in _cues(text, lang, "TRUCE"))


@pytest.mark.parametrize("lang,text", [
    ("ru", "Войска удерживают центр города."),  # «центр» is no price («цен» stem)
    ("ru", "Держава сохраняет центральный банк."),
    ("uk", "Війська утримують центр міста."),
])
def test_keep_without_prices_is_no_price_truce(lang, text):
    assert _cues(text, lang, "TRUCE") == []


@pytest.mark.parametrize("lang,text,cue", [
    ("ru", "Стороны обязались отвести тяжелую технику от линии фронта.", "withdraw|military"),
    ("ru", "Москва выведет подразделения из района к весне.", "withdraw|military"),
    ("ru", "Альянс разместит миротворцев у границы.", "deploy troops|military"),
    ("uk", "Сторони зобов'язалися відвести важку техніку від лінії фронту.", "withdraw|military"),
    ("uk", "Москва виводитиме військових з району до весни.", "withdraw|military"),
    ("uk", "Альянс розмістить миротворців біля кордону.", "deploy troops|military"),
])
def test_withdraw_and_deploy_in_other_forms(lang, text, cue):
    nlp = get_nlp(lang)
    doc = nlp(text)
    assert cue in {pid for lab, pid, _s, _e in doc.user_data.get(CUES_KEY, []) if lab == "PERF"}


def test_direction_is_not_a_deployment():
    # «направлении» (a direction) starts like «направить» but is not the verb
    nlp = get_nlp("ru")
    doc = nlp("В направлении войск противника работала артиллерия.")
    assert "deploy troops|military" not in {pid for _lab, pid, _s, _e in doc.user_data.get(CUES_KEY, [])}
