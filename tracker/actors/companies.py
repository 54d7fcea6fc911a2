"""Company names in Latin script: the short English name an actor is given (see the gold README).

A company the extractor finds by its written name («Пятёрочки», «компания «Теплогаз»», «شركة جهينة») is
named in Latin script:

1. Russian and Ukrainian words are brought to the nominative first (pymorphy3), so that «Пятёрочки» and
   «Пятёрочке» are both «Пятёрочка»;
2. a well-known company whose English name differs from its transliteration is looked up in
   ``data/company_names.jsonl`` (Yandex, Oschadbank, ADNOC, Juhayna, ...);
3. otherwise a Cyrillic name is transliterated with iuliia: Russian with its ``yandex_money`` schema,
   Ukrainian with ``data/translit_uk.json`` (the national 2010 romanisation as an iuliia schema, г as g),
   each word or hyphenated part that is an English loanword written in Cyrillic («Ойл», «Телеком»,
   ``data/company_loanwords.json``) written in English. The schemas were chosen by measurement on real
   company names (``tests/resources/company_translit.tsv``, see ``tests/actors/test_companies.py``).

An Arabic name that is not in the table stays as written: Arabic script leaves out the vowels, so no
transliteration gives the company's own Latin spelling. Results are cached per name.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from tracker.actors.normalize import normalize_token

_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_ARABIC_RE = re.compile("[\u0600-\u06ff]")
_WORD_RE = re.compile(r"[\w'’ʼ]+|[^\w'’ʼ]+")
_APOSTROPHES_RE = re.compile("['’ʼ]")
#: Arabic proclitics and the article a name may carry in running text («وجهينة», «لشركة»).
_AR_PREFIXES = ("وال", "بال", "لل", "فال", "ال", "و", "ب", "ل", "ف")

#: The iuliia schema per language (measured: see the module docstring).
RU_SCHEMA = "yandex_money"
UK_SCHEMA_FILE = "translit_uk.json"


def _data(name: str) -> str:
    return resources.files("tracker.actors").joinpath("data", name).read_text(encoding="utf-8")


def _key(text: str, lang: str) -> str:
    return " ".join(normalize_token(w, lang) for w in text.split())


@lru_cache(maxsize=None)
def _table() -> dict[str, dict[str, str]]:
    """Per language: the normalised written name -> the English name."""
    out: dict[str, dict[str, str]] = {"ar": {}, "ru": {}, "uk": {}}
    for line in _data("company_names.jsonl").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for lang in out:
            for form in row.get(lang, ()):
                out[lang][_key(form, lang)] = row["en"]
    return out


@lru_cache(maxsize=None)
def _loanwords() -> dict[str, dict[str, str]]:
    data = json.loads(_data("company_loanwords.json"))
    return {lang: data[lang] for lang in ("ru", "uk")} | {
        lang + "_end": dict(sorted(data["endings"][lang].items(), key=lambda kv: -len(kv[0]))) for lang in ("ru", "uk")}


@lru_cache(maxsize=None)
def _schema(lang: str):
    import iuliia
    from iuliia.repo import FileSchema

    if lang == "uk":
        path = resources.files("tracker.actors").joinpath("data", UK_SCHEMA_FILE)
        return FileSchema("uk", str(path))
    return iuliia.Schemas.get(RU_SCHEMA) if hasattr(iuliia, "Schemas") else getattr(iuliia, RU_SCHEMA.upper())


@lru_cache(maxsize=None)
def _morph(lang: str):
    from tracker.actors.lexicon import _morph as morph

    return morph(lang)


def _keep_case(original: str, word: str) -> str:
    """``word`` (a lower-case nominative) written with the capitals of ``original``: «КривбасСталі» ->
    «КривбасСталь»."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    return "".join(c.upper() if i < len(original) and original[i].isupper() else c for i, c in enumerate(word))


def _nominative_word(word: str, lang: str, plural: bool | None) -> str:
    """A Russian/Ukrainian word of a name in the nominative. A dictionary word keeps a singular
    nominative reading if it has one («Пятёрочки» is the genitive of «Пятёрочка», not its plural); a word
    pymorphy3 does not know keeps its form (a guessed paradigm is no better than the written word), except
    a dative or genitive «-у»/«-ю» after a consonant («Северойлу», «Теплогазу»)."""
    if len(word) < 3 or not _CYRILLIC_RE.search(word) or (word.isupper() and len(word) <= 5):
        return word
    low = word.lower()
    parses = [p for p in _morph(lang).parse(low) if p.tag.POS in ("NOUN", "ADJF", "PRTF") and p.is_known]
    if not parses:
        if len(low) > 4 and low[-1] in "ую" and low[-2] not in "аеёиоуыэюяіїє":
            return word[:-1]
        return word
    if any(p.tag.case == "nomn" and (p.tag.number != "plur" or plural) for p in parses):
        return word
    sing = [p for p in parses if p.tag.number == "sing" and p.tag.case not in (None, "nomn")]
    if sing and not plural:
        inflected = sing[0].inflect({"nomn", "sing"})
    elif any(p.tag.case == "nomn" for p in parses):
        return word
    else:
        inflected = parses[0].inflect({"nomn", "plur"} if plural or parses[0].tag.number == "plur" else {"nomn"})
    return word if inflected is None else _keep_case(word, inflected.word)


@lru_cache(maxsize=20_000)
def nominative(name: str, lang: str) -> str:
    """A Russian/Ukrainian company name in the nominative: «Волжских моторов» -> «Волжские моторы»,
    «Нефтехим-Юга» -> «Нефтехим-Юг»; in a hyphenated word only the last part declines."""
    words = name.split(" ")
    out = []
    plural = None
    for w in reversed(words):  # the head noun (last) sets the number of the adjectives before it
        parts = w.split("-")
        last = _nominative_word(parts[-1], lang, plural)
        if plural is None and _CYRILLIC_RE.search(parts[-1]):
            ps = [p for p in _morph(lang).parse(last.lower()) if p.is_known]
            plural = bool(ps) and all(p.tag.number == "plur" for p in ps if p.tag.case == "nomn") and any(
                p.tag.case == "nomn" for p in ps)
        out.append("-".join(parts[:-1] + [last]))
    return " ".join(reversed(out))


def _transliterate(name: str, lang: str) -> str:
    loans = _loanwords()["uk" if lang == "uk" else "ru"]
    endings = _loanwords()["uk_end" if lang == "uk" else "ru_end"]
    schema = _schema("uk" if lang == "uk" else "ru")
    out = []
    for chunk in _WORD_RE.findall(name):
        if not _CYRILLIC_RE.search(chunk):
            out.append(chunk)
            continue
        loan = loans.get(normalize_token(chunk, "ru"))
        if loan is not None:
            out.append(loan if chunk[:1].isupper() or loan[:1].isupper() else loan.lower())
            continue
        low = normalize_token(chunk, "ru")
        end = next((e for e in endings if low.endswith(e) and len(low) - len(e) >= 3), None)
        if end is not None:  # «Мобілайн»: the stem transliterated, the English ending as written in English
            stem = chunk[:-len(end)]
            latin = (schema.translate(_APOSTROPHES_RE.sub("", stem)) if lang == "uk" else schema.translate(stem)) + (
                endings[end].upper() if chunk.isupper() else endings[end])
            out.append(latin)
            continue
        latin = schema.translate(_APOSTROPHES_RE.sub("", chunk)) if lang == "uk" else schema.translate(chunk)
        out.append(latin.upper() if chunk.isupper() and len(chunk) > 1 else latin)
    return "".join(out)


def _arabic_key(name: str) -> list[str]:
    """Table keys for an Arabic name as written, with its proclitics and article peeled off one by one."""
    base = _key(name, "ar")
    keys = [base]
    for p in _AR_PREFIXES:
        if base.startswith(p) and len(base) - len(p) >= 3:
            keys.append(base[len(p):])
    return keys


@lru_cache(maxsize=20_000)
def company_name(name: str, lang: str) -> str:
    """The Latin-script name of a company written ``name`` in a ``lang`` text (cached per name)."""
    if _CYRILLIC_RE.search(name):
        clang = "uk" if lang == "uk" else "ru"
        table = _table()
        for form in (name, nominative(name, clang)):
            en = table[clang].get(_key(form, clang)) or table["uk" if clang == "ru" else "ru"].get(_key(form, clang))
            if en:
                return en
        return _transliterate(nominative(name, clang), clang)
    if _ARABIC_RE.search(name):
        table = _table()["ar"]
        for k in _arabic_key(name):
            if k in table:
                return table[k]
        return name
    return name


def arabic_names() -> dict[str, str]:
    """The table's Arabic names (normalised) -> English names."""
    return dict(_table()["ar"])


@lru_cache(maxsize=20_000)
def person_word(word: str, lang: str) -> bool:
    """Whether pymorphy3's dictionary knows a Russian/Ukrainian word as a first name, surname or patronymic."""
    return any(p.is_known and ({"Name", "Surn", "Patr"} & set(str(p.tag).replace(" ", ",").split(",")))
               for p in _morph("uk" if lang == "uk" else "ru").parse(word.lower()))


@lru_cache(maxsize=None)
def known_company_ids() -> frozenset[str]:
    """The names of the companies the actor lexicon knows (kind company in actors.jsonl, the table's English
    names): a company matched by the lexicon is the article's company as one found by its written name is."""
    ids = {json.loads(line)["id"] for line in _data("actors.jsonl").splitlines()
           if line.strip() and json.loads(line).get("kind") == "company"}
    ids |= {json.loads(line)["en"] for line in _data("company_names.jsonl").splitlines() if line.strip()}
    return frozenset(ids)
