"""Token normalisation shared by the actor patterns and the pipeline that matches them.

The actor phrase patterns match on the token attribute ``NORM``, written for the values
:func:`normalize_token` gives (the ``tracker_actor_norm`` component sets them). A few English
aliases whose lower case is an ordinary word ("US"/"us") are token patterns on ``ORTH``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’ʼ‘`´′＇"
_APOS_TABLE = str.maketrans({c: "'" for c in _APOSTROPHES})
# Arabic: harakat, shadda, sukun, superscript alef, Quranic marks; tatweel.
_AR_MARKS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_TABLE = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ک": "ك", "گ": "ك",
})
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")

#: Arabic proclitics spaCy's tokenizer leaves attached: conjunction, then preposition.
AR_CONJUNCTIONS: tuple[str, ...] = ("", "و", "ف")
AR_PREPOSITIONS: tuple[str, ...] = ("", "ب", "ل", "ك")


@lru_cache(maxsize=200_000)
def normalize_token(text: str, lang: str) -> str:
    """The ``NORM`` value actor patterns expect for a token.

    All languages: NFKC, invisible characters removed, apostrophes folded to ``'``, lower case.
    Arabic: diacritics and tatweel removed; alef, ya, hamza-seat and ta-marbuta variants folded
    (أ إ آ ٱ → ا, ى ئ → ي, ؤ → و, ة → ه). Russian: ё → е. Ukrainian apostrophes are folded as
    above. Clitics are *not* stripped: patterns list the clitic-prefixed forms instead, because
    stripping is ambiguous (the ف of فلسطين is not a clitic).

    Args:
        text: the token text.
        lang: ISO 639-1 code.
    """
    text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).translate(_APOS_TABLE).lower()
    if lang == "ar":
        text = _AR_MARKS_RE.sub("", text).translate(_AR_TABLE)
    elif lang in ("ru", "uk", "be"):
        text = text.replace("ё", "е")
    return text


def arabic_clitic_forms(word: str) -> set[str]:
    """A normalised Arabic word with the proclitics و ف ب ل ك and the article it may carry.

    "الكرملين" gives والكرملين, بالكرملين, للكرملين, وللكرملين ...; "روسيا" gives وروسيا, لروسيا ...
    """
    forms = set()
    if word.startswith("ال") and len(word) > 3:
        stem = word[2:]
        for conj in AR_CONJUNCTIONS:
            for prep in AR_PREPOSITIONS:
                # ل + ال is written لل
                forms.add(conj + (prep + "ل" if prep == "ل" else prep + "ال") + stem)
    else:
        for conj in AR_CONJUNCTIONS:
            for prep in AR_PREPOSITIONS:
                forms.add(conj + prep + word)
    return forms


def arabic_nisba_from_name(name: str) -> str | None:
    """Derive the nisba adjective from a normalised one-word Arabic country name.

    روسيا → روسي, أوكرانيا → اوكراني, السودان → سوداني, مصر → مصري. None for multi-word names.
    """
    if " " in name:
        return None
    stem = name[2:] if name.startswith("ال") else name
    if stem.endswith("يا"):
        stem = stem[:-2]
    elif stem.endswith(("ا", "ه")):
        stem = stem[:-1]
    if len(stem) < 2:
        return None
    return stem + "ي"
