"""Per-language normalisation, stored in the lexeme NORM attribute.

Normalisation is computed once per word type (spaCy caches lexeme attributes in the
vocab), never per token, so it costs nothing on repeated words and leaves the text and
its offsets untouched: matchers run on ``token.norm_`` while evidence is cut from the
original body.

* Arabic: diacritics and tatweel removed, alef/ya/ta-marbuta variants folded, the
  article and clitic prefixes (و ف ب ل ك ال) and common suffixes stripped *when the
  stripped form is a known lexicon word*, so that «بوتين» is not read as «و» + «تين».
* Russian / Ukrainian: lower case, ё→е, apostrophes folded, one inflectional ending
  stripped (a light stemmer applied identically to patterns and text).
* English: lower case, possessive and plural -s removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc

_AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
                          "ک": "ك", "ی": "ي"})
_AR_ARTICLE = ("وبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_AR_PROCLITICS = ("وب", "ول", "فب", "فل", "وس", "فس", "و", "ف", "ب", "ل", "ك", "س")  # future س: see frames (FUT from raw text)
_AR_SUFFIXES = ("اتها", "اتهم", "تها", "ات", "ون", "ين", "ان", "ها", "هم", "ه", "ي", "ت", "ا", "وا", "تا")

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "ё": "е", "Ё": "е"})
_SLAVIC_ENDINGS = tuple(sorted({
    # nouns and adjectives
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ый", "ий", "ая", "яя", "ое", "ее",
    "ую", "юю", "ов", "ев", "ам", "ям", "ах", "ях", "ом", "ем", "ие", "ия", "ии", "ию", "ием", "иям", "иями",
    "иях", "ье", "ья", "ьи", "ью", "а", "я", "у", "ю", "е", "о", "ы", "и", "ь", "ій", "ої", "ою", "єю", "ею",
    "ів", "їв", "ові", "еві", "ім", "их", "іх", "і", "ї", "є", "ного", "ної", "них",
    "им", "ым", "ых", "ному", "ним", "ною", "ня", "ню", "нню", "ння", "нні", "ення", "ання",
    # verbs
    "ать", "ять", "ить", "еть", "ути", "ати", "яти", "ити", "іти", "ти", "ал", "ял", "ил", "ыл", "ала", "яла",
    "ила", "ыла", "али", "яли", "или", "ыли", "ало", "ило", "ули", "ут", "ют", "ат", "ят", "ет", "ит", "ают",
    "яют", "уют", "ует", "ся", "сь", "лась", "лись", "лося", "лися", "вся",
    "ув", "ав", "ив", "ює", "ує", "ають", "ують", "ють", "ться", "тся",
}, key=len, reverse=True))
_SLAVIC_MIN_STEM = 3
_SLAVIC_BY_SIZE = {n: frozenset(e for e in _SLAVIC_ENDINGS if len(e) == n) for n in {len(e) for e in _SLAVIC_ENDINGS}}
_SLAVIC_SIZES = sorted(_SLAVIC_BY_SIZE, reverse=True)


def ar_fold(text: str) -> str:
    """Fold Arabic orthographic variants and remove diacritics and tatweel."""
    return _AR_DIACRITICS.sub("", text).translate(_AR_FOLD)


def ar_base(text: str) -> str:
    """Folded form with the definite article (and any clitics before it) removed."""
    form = ar_fold(text)
    for prefix in _AR_ARTICLE:
        if form.startswith(prefix) and len(form) - len(prefix) >= 2:
            return form[len(prefix):]
    return form


def _ar_lexicon(words: Iterable[str]) -> set[str]:
    """Base forms of lexicon words, minus those that are clitic/suffix forms of another."""
    bases = {b for b in (ar_base(w) for w in words) if len(b) >= 3}
    out = set()
    for w in bases:
        derived = any(w.startswith(p) and ar_base(w[len(p):]) in bases for p in _AR_PROCLITICS
                      if len(w) - len(p) >= 2) or any(
            w.endswith(x) and w[: -len(x)] in bases for x in _AR_SUFFIXES if len(x) > 1 and len(w) - len(x) >= 2)
        if not derived:
            out.add(w)
    return out


#: dual and plural endings, and the nisba plurals («-يين», «-يون») that really are plurals of a lexicon word
_AR_NUMBER_ENDINGS = ("ين", "ون", "ان")
_AR_NISBA_PLURALS = ("يين", "يون", "يان")


def _ar_names(known: set[str], names: Iterable[str]) -> frozenset[str]:
    """Base forms of actor-name words whose last letters only look like a dual or plural ending of a
    lexicon word: «البحرين» (Bahrain) is not the sea «البحر» with a dual ending, «طالبان» (the Taliban)
    is not the plural of «طالب» (a student). They keep their whole form as NORM. Nisba plurals
    («الإسرائيليين») stay plurals of their singular."""
    out = set()
    for b in {ar_base(w) for w in names}:
        if len(b) >= 4 and b not in known and not b.endswith(_AR_NISBA_PLURALS) and any(
                b.endswith(x) and b[: -len(x)] in known for x in _AR_NUMBER_ENDINGS):
            out.add(b)
    return frozenset(out)


def make_ar_norm(known: set[str], names: frozenset[str] = frozenset()) -> Callable[[str], str]:
    """Build the Arabic NORM getter; ``known`` holds base forms of lexicon words, ``names`` those of
    actor names that must not be read as a suffixed lexicon word (:func:`_ar_names`)."""

    def _strip_suffix(form: str) -> str | None:
        if form in known or form in names:
            return form
        for suffix in _AR_SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= 2:
                stem = form[: -len(suffix)]
                if stem in known:
                    return stem
                if stem + "ه" in known:  # feminine -ة before a suffix is written ت
                    return stem + "ه"
        return None

    def norm(text: str) -> str:
        if not text or not ("\u0600" <= text[0] <= "\u06ff"):
            return text.lower()
        base = ar_base(text)
        hit = _strip_suffix(base)
        if hit:
            return hit
        folded = ar_fold(text)
        for prefix in _AR_PROCLITICS:
            if folded.startswith(prefix) and len(folded) - len(prefix) >= 3:
                hit = _strip_suffix(ar_base(folded[len(prefix):]))
                if hit:
                    return hit
        return base

    return norm


def slavic_norm(text: str) -> str:
    """Lower-case, fold ё and apostrophes, strip one inflectional ending."""
    form = text.lower().translate(_APOSTROPHES)
    if not form.isalpha() and "'" not in form and "-" not in form:
        return form
    for size in _SLAVIC_SIZES:  # longest ending first, one set lookup per length
        if len(form) - size >= _SLAVIC_MIN_STEM and form[-size:] in _SLAVIC_BY_SIZE[size]:
            return form[:-size]
    return form


def en_norm(text: str) -> str:
    """Lower-case; drop possessive and plural -s (applied to patterns and text alike)."""
    form = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    if form in ("'s", "'"):
        return form
    if form.endswith("'s"):
        form = form[:-2]
    if len(form) > 4 and form.endswith("ies"):
        return form[:-3] + "y"
    if len(form) > 3 and form.endswith("s") and not form.endswith(("ss", "us", "is")):
        return form[:-1]
    return form


def make_norm(lang: str, known_words: Iterable[str], names: Iterable[str] = ()) -> Callable[[str], str]:
    """The NORM getter for ``lang``; ``known_words`` are lexicon words and ``names`` the words of actor
    names (both used by Arabic)."""
    if lang == "ar":
        known = _ar_lexicon(known_words)
        return make_ar_norm(known, _ar_names(known, names))
    if lang in ("ru", "uk"):
        return slavic_norm
    return en_norm


def install_norm(nlp: Language, norm: Callable[[str], str]) -> None:
    """Make ``norm`` the vocab's NORM getter and recompute it for existing lexemes."""
    nlp.vocab.lex_attr_getters[NORM] = norm
    for lex in nlp.vocab:
        lex.norm_ = norm(lex.orth_)


@Language.factory("tracker_normalizer", assigns=["token.norm"], default_config={"lang": None})
def make_normalizer(nlp: Language, name: str, *, lang: str | None) -> "Normalizer":
    return Normalizer(nlp, lang=lang or nlp.lang)


class Normalizer:
    """Marks the pipeline as normalised.

    The work happens once per word type through the vocab's NORM getter (installed by
    ``tracker.extract.pipeline.get_nlp`` with the lexicon it knows about); per document
    this only repairs norms of lexemes created before the getter was installed.
    """

    def __init__(self, nlp: Language, *, lang: str) -> None:
        self.lang = lang
        self.vocab = nlp.vocab

    def __call__(self, doc: Doc) -> Doc:
        return doc
