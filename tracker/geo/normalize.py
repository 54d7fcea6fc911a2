"""Script-aware keys for place names, so that spellings and inflections meet.

- Latin: case and diacritics folded, apostrophes dropped ("Slov'yansk" = "Slovyansk").
- Cyrillic: ё/е, ь/ъ and apostrophes dropped, и/і/ы/ї/й folded, one case ending
  stripped, and the vowel of a closed final syllable wild-carded, so that Russian and
  Ukrainian forms meet: Харків / Харкові / Харьков / Харькове -> "харк*в".
- Arabic: diacritics and tatweel dropped, alef/ya/ta-marbuta variants folded, the
  article and clitic prefixes (و ف ب ل ك ال) stripped.

``index_key`` keys a gazetteer name; ``text_keys`` gives every key a word in running
text may stand for (one per possible case ending or clitic). ``skeleton`` is a coarse
cross-script consonant key ("كافكازسكايا" and "Kavkazskaya" -> "kfkzsk") for names a
source lacks in one script.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

APOSTROPHES = "'’ʼ`´‘”″"
_APOS_RE = re.compile(f"[{APOSTROPHES}]")

#: Word tokens, with inner apostrophes (Слов'янськ) and Arabic diacritics/tatweel kept inside.
TOKEN_RE = re.compile(
    r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u0640]|"
    rf"[{APOSTROPHES}](?=[^\W\d_]))*"
)

_AR_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ڤ": "ف", "گ": "ك", "ک": "ك", "ی": "ي", "پ": "ب", "چ": "ج"})
_CYR_FOLD = str.maketrans({"ё": "е", "ь": "", "ъ": "", "і": "и", "ї": "и", "ы": "и", "й": "и", "є": "е", "ґ": "г", "ў": "у"})

# Endings a Russian/Ukrainian place name may carry in running text (longest first).
_CYR_TEXT_ENDINGS = tuple(sorted({
    "а", "я", "у", "ю", "е", "є", "і", "и", "ы", "ї", "о", "ой", "ей", "ом", "ем", "ою", "ею", "ам", "ям",
    "ах", "ях", "ами", "ями", "ого", "ому", "ему", "его", "им", "ым", "ій", "ий", "ый", "ая", "яя", "ую", "юю",
    "ое", "ее", "ие", "ые", "их", "ых", "іх", "ої", "ь", "й", "ові", "еві", "єві", "ів", "ов",
    "ев",
}, key=len))
# Adjective endings that turn a town into its region: Брянская/Харківській (область) -> Брянск/Харків.
_CYR_ADJ_ENDINGS = tuple(sorted({
    "ськ", "ск", "ська", "ская", "ской", "ську", "скую", "ській", "ському", "ського", "ского", "скому", "ские",
    "ских", "ські", "ських", "ськими", "скими", "цкая", "цкой", "цька", "цькій", "цкую",
    "ської", "ською", "ськой", "скою", "цької", "цькою", "цкого", "цького", "ском", "ськім",
}, key=len, reverse=True))
_LAT_ADJ_ENDINGS = ("skaya", "skaja", "skiy", "skyi", "skyy", "sky", "ska", "sk", "ska", "s'ka", "s’ka")
# Endings stripped from a gazetteer name (nominative forms).
_CYR_INDEX_ENDINGS = ("ая", "яя", "ий", "ый", "ой", "ое", "ее", "ие", "ые", "а", "я", "о", "е", "ы", "и", "і", "ь", "й")
_CYR_VOWELS = set("аеиоуыэюяіїє")
_WILD_VOWELS = set("оеи")  # after folding: о/е/и alternate in a closed final syllable (Харків/Харкова/Харьков)

_AR_CONJ = ("و", "ف")
_AR_PREP = ("ب", "ل", "ك")


def script_of(text: str) -> str:
    """``latin`` | ``cyrillic`` | ``arabic`` | ``other`` for the first letter of ``text``."""
    for ch in text:
        if ch.isalpha():
            code = ord(ch)
            if 0x0400 <= code <= 0x052F:
                return "cyrillic"
            if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
                return "arabic"
            if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
                return "latin"
            return "other"
    return "other"


def fold_latin(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _APOS_RE.sub("", text).casefold()


def fold_arabic(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _AR_DIACRITICS.sub("", text).translate(_AR_FOLD)


def fold_cyrillic(text: str) -> str:
    return _APOS_RE.sub("", text.casefold()).translate(_CYR_FOLD)


def _wild(stem: str) -> str:
    """Wild-card the vowel of a closed final syllable: харкив/харков -> харк*в."""
    if not stem or stem[-1] in _CYR_VOWELS:
        return stem
    for i in range(len(stem) - 1, -1, -1):
        if stem[i] in _CYR_VOWELS:
            if stem[i] in _WILD_VOWELS and i > 0:
                return stem[:i] + "*" + stem[i + 1:]
            return stem
    return stem


def _cyr_raw(token: str) -> str:
    """Case-folded, apostrophes dropped, but letters not yet folded (endings need і/ї/й)."""
    return _APOS_RE.sub("", token.casefold()).replace("ё", "е").replace("ъ", "")


def _cyr_key(stem: str) -> str:
    return _wild(stem.translate(_CYR_FOLD))


def _cyr_index_key(token: str) -> str:
    raw = _cyr_raw(token)
    for ending in _CYR_INDEX_ENDINGS:
        if raw.endswith(ending) and len(raw) - len(ending) >= 3:
            raw = raw[: -len(ending)]
            break
    return _cyr_key(raw)


def _cyr_text_keys(token: str) -> tuple[str, ...]:
    raw = _cyr_raw(token)
    out = [_cyr_key(raw)]
    for ending in _CYR_TEXT_ENDINGS:
        if raw.endswith(ending) and len(raw) - len(ending) >= 3:
            key = _cyr_key(raw[: -len(ending)])
            if key not in out:
                out.append(key)
    return tuple(out)


def region_keys(token: str) -> tuple[str, ...]:
    """Keys of the town an adjectival region name is formed from (Брянской -> брянск, Kharkivska -> kharkiv)."""
    script = script_of(token)
    if script == "cyrillic":
        raw = _cyr_raw(token)
        out = list(_cyr_text_keys(token))
        for ending in _CYR_ADJ_ENDINGS:
            if raw.endswith(ending) and len(raw) - len(ending) >= 3:
                for key in (_cyr_key(raw[: -len(ending)]), _cyr_key(raw[: -len(ending)] + "ск")):
                    if key not in out:
                        out.append(key)
        return tuple(out)
    if script == "latin":
        raw = fold_latin(token)
        out = [raw]
        for ending in _LAT_ADJ_ENDINGS:
            ending = fold_latin(ending)
            if raw.endswith(ending) and len(raw) - len(ending) >= 3:
                out.append(raw[: -len(ending)])
        return tuple(out)
    return text_keys(token)


_SHCHYNA = ("щиною", "щина", "щини", "щині", "щину", "ччиною", "ччина", "ччини", "ччині", "ччину")


def region_suffix_keys(token: str) -> tuple[str, ...]:
    """Index keys of the town behind a Ukrainian/Russian region noun: Сумщина -> Суми, Донеччина -> Донецьк."""
    raw = _cyr_raw(token)
    for suffix in _SHCHYNA:
        if raw.endswith(suffix) and len(raw) - len(suffix) >= 2:
            base = raw[: -len(suffix)]
            if suffix.startswith("чч"):
                cands = [base + "цьк", base + "цк", base + "ч"]
            else:
                cands = [base, base + "и", base + "а", base + "са", base + "ськ", base + "ск", base + "ів", base + "ов"]
            out: list[str] = []
            for c in cands:
                key = _cyr_index_key(c)
                if key not in out:
                    out.append(key)
            return tuple(out)
    return ()


def _strip_article(word: str) -> str:
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    return word


def _ar_index_key(token: str) -> str:
    # The article is kept: foreign names rarely take it, so «اللوم» (blame) is not Lomé.
    return fold_arabic(token)


def _ar_text_keys(token: str) -> tuple[str, ...]:
    word = fold_arabic(token)
    forms = [word]
    if word[:1] in _AR_CONJ and len(word) > 3:
        forms.append(word[1:])
    for form in list(forms):
        if form.startswith("لل") and len(form) > 4:  # ل + ال
            forms.append("ال" + form[2:])
        elif form[:1] in _AR_PREP and len(form) > 3:
            forms.append(form[1:])
    out: list[str] = []
    for form in forms:
        if (len(form) >= 3 or form == word) and form not in out:
            out.append(form)
    return tuple(out)


def _latin_text_keys(token: str) -> tuple[str, ...]:
    key = fold_latin(token)
    out = [key]
    for suffix in ("'s", "’s", "ʼs"):
        if token.endswith(suffix):
            out.append(fold_latin(token[: -len(suffix)]))
    return tuple(out)


@lru_cache(maxsize=200_000)
def index_key(token: str) -> str:
    script = script_of(token)
    if script == "cyrillic":
        return _cyr_index_key(token)
    if script == "arabic":
        return _ar_index_key(token)
    return fold_latin(token)


@lru_cache(maxsize=200_000)
def text_keys(token: str) -> tuple[str, ...]:
    """Every index key this word may stand for, least stripped first."""
    script = script_of(token)
    if script == "cyrillic":
        return _cyr_text_keys(token)
    if script == "arabic":
        return _ar_text_keys(token)
    return _latin_text_keys(token)


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


def name_key(name: str) -> str:
    """Index key of a whole (possibly multi-word) name."""
    return " ".join(index_key(t) for _, _, t in tokens(name))


# --------------------------------------------------------------------------- skeleton

_CYR_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e", "ж": "zh", "з": "z",
    "и": "i", "і": "i", "ї": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "u",
}
_AR_LAT = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "t", "ج": "g", "ح": "", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "k", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "", "و": "w", "ي": "y", "ء": "", "ة": "",
}


def _to_latin(text: str) -> str:
    script = script_of(text)
    if script == "cyrillic":
        return "".join(_CYR_LAT.get(ch, ch) for ch in _cyr_raw(text))
    if script == "arabic":
        word = fold_arabic(text)
        return "".join(_AR_LAT.get(ch, ch) for ch in word)
    return fold_latin(text)


_SKEL_SUBS = (("kh", "k"), ("sh", "s"), ("ch", "ts"), ("zh", "g"), ("th", "t"), ("ph", "f"), ("dj", "g"))
_SKEL_MAP = str.maketrans({"v": "f", "w": "", "p": "b", "q": "k", "c": "k", "j": "g", "x": "ks", "h": "",
                          "a": "", "e": "", "i": "", "o": "", "u": "", "y": ""})


@lru_cache(maxsize=100_000)
def skeleton(name: str) -> str:
    """Coarse consonant key shared by Latin, Cyrillic and Arabic spellings of a foreign name."""
    parts = []
    for _, _, tok in tokens(name):
        lat = _to_latin(tok)
        if script_of(tok) == "arabic" and lat.startswith("al") and len(lat) > 4:
            lat = lat[2:]
        for a, b in _SKEL_SUBS:
            lat = lat.replace(a, b)
        lat = lat.translate(_SKEL_MAP)
        lat = re.sub(r"[^a-z]", "", lat)
        lat = re.sub(r"(.)\1+", r"\1", lat)
        if lat:
            parts.append(lat)
    return "".join(parts)
