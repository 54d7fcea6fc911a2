"""Offline language identification with lingua, restricted to a small set of languages.

tracker extracts from ar, en, ru and uk. The detector also knows a handful of other common
news languages, so that a French or Persian text is reported as ``"fr"``/``"fa"`` (and
dropped as "unsupported language: fr") rather than forced into one of the four.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Languages tracker has extraction data for.
SUPPORTED: tuple[str, ...] = ("ar", "en", "ru", "uk")
#: Other languages the detector may answer, so unsupported text is named, not misfiled.
#: Bulgarian, Belarusian and Serbian are left out on purpose: on short Cyrillic news sentences
#: they steal Russian and Ukrainian text; a Bulgarian text is then reported as ru or uk.
OTHERS: tuple[str, ...] = ("fr", "de", "es", "it", "pt", "nl", "pl", "tr", "fa", "he", "zh", "ja", "ko", "hi", "ur")
#: Characters looked at: language is clear well before this, and lingua is linear in length.
MAX_CHARS = 3000
#: Texts at least this long use lingua's low-accuracy mode (trigrams only: about 400 times
#: faster and as accurate on paragraphs); shorter ones the high-accuracy mode.
LOW_ACCURACY_FROM = 120
_MIN_LETTERS = 3

_NOISE_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[\d_]+")
_LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)


@lru_cache(maxsize=2)
def _detector(low_accuracy: bool):
    """Build a lingua detector once per mode; its models load lazily on first use."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in SUPPORTED + OTHERS]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def detect(text: str | None) -> str | None:
    """The ISO 639-1 code of the language of ``text``, or None when it cannot be told.

    Returns "ar", "en", "ru" or "uk" for supported text, another code (e.g. "fr") for a
    known unsupported language, and None for empty text, text without letters, or text
    lingua cannot decide on.

    Args:
        text: any text; only the first ``MAX_CHARS`` characters are looked at.
    """
    if not text:
        return None
    sample = _NOISE_RE.sub(" ", text[:MAX_CHARS])
    if len(_LETTER_RE.findall(sample)) < _MIN_LETTERS:
        return None
    sample = " ".join(sample.split())
    language = _detector(len(sample) >= LOW_ACCURACY_FROM).detect_language_of(sample)
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()


def is_supported(code: str | None) -> bool:
    """Whether tracker has extraction data for this language code."""
    return code in SUPPORTED
