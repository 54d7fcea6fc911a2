"""Audit of generated actor forms against common words of each language.

Capitals and demonyms come partly from GeoNames alternate names (noisy: Tajik «Боку» for Baku,
«Разо» for Roseau) and are inflected with pymorphy3 (Ukrainian «Доха» → locative «Досі», which
is also the adverb "still"). A generated form that is also a common word makes every use of that
word an actor mention («63 раза» → Dominica). This module gives the common-word sets the lexicon
checks forms of the audited kinds against.

Common words = spaCy's stop words for the language + ``data/common_words/<lang>.txt`` (hand-written
frequent words); Russian and Ukrainian words are expanded to all their pymorphy3 forms, Arabic ones
to their clitic forms. Matching is done on :func:`normalize_token` forms and, for Russian and
Ukrainian, also on the one-ending-stripped stem the extraction pipeline matches on (a phrase
pattern «боку» matches every word whose stem is «бок»).
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from tracker.actors.normalize import arabic_clitic_forms, normalize_token

#: Alias kinds whose generated forms are audited (GeoNames alternate names and inflections).
AUDITED_KINDS: frozenset[str] = frozenset({"capital", "demonym"})


def _word_list(lang: str) -> list[str]:
    from tracker.actors.sources import _data_text

    try:
        text = _data_text(f"common_words/{lang}.txt")
    except (FileNotFoundError, OSError):
        return []
    return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]


def _stop_words(lang: str) -> set[str]:
    try:
        module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
    except ImportError:
        return set()
    return set(getattr(module, "STOP_WORDS", set()))


def slavic_stem(form: str) -> str:
    """The stem the extraction pipeline matches a Russian/Ukrainian word on (or the form itself)."""
    try:
        from tracker.extract.normalize import slavic_norm
    except ImportError:  # extraction is optional for the actors package
        return form
    return slavic_norm(form)


@lru_cache(maxsize=None)
def common_words(lang: str) -> frozenset[str]:
    """Normalised common words of ``lang`` (with inflected or clitic forms)."""
    words = {w for w in _stop_words(lang) | set(_word_list(lang)) if w.strip()}
    out: set[str] = set()
    if lang in ("ru", "uk"):
        from tracker.actors.lexicon import _morph

        morph = _morph(lang)
        for w in words:
            base = normalize_token(w, lang)
            out.add(base)
            for parse in morph.parse(base):
                # the word as a lemma only: «досі» ("still") must not bring in the forms of «Доха»
                if normalize_token(parse.normal_form, lang) == base:
                    out.update(normalize_token(f.word, lang) for f in parse.lexeme)
    elif lang == "ar":
        for w in words:
            out |= arabic_clitic_forms(normalize_token(w, "ar"))
    else:
        out = {normalize_token(w, lang) for w in words}
    return frozenset(out)


@lru_cache(maxsize=None)
def common_stems(lang: str) -> frozenset[str]:
    """Extraction stems of the common words of a Russian or Ukrainian text (empty otherwise)."""
    if lang not in ("ru", "uk"):
        return frozenset()
    return frozenset(slavic_stem(w) for w in common_words(lang))


def collides(form: str, lang: str) -> bool:
    """Whether a one-word generated actor form (normalised) is a common word of ``lang``.

    Multi-word forms never collide (a phrase is specific enough).
    """
    if " " in form.strip():
        return False
    key = normalize_token(form, lang)
    if key in common_words(lang):
        return True
    if lang in ("ru", "uk"):
        return slavic_stem(key) in common_stems(lang)
    return False
