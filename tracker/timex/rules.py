"""Rule-based date and window resolution (see ``tracker.timex``)."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from tracker.records import TimeSpan, Window

try:  # the regex parser, for the literal gates
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

_REPEATS = tuple(getattr(_C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_C, n))
_ATOMIC = getattr(_C, "ATOMIC_GROUP", object())

#: Arabic-Indic and Persian digits -> ASCII, one character for one (offsets are kept).
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_FLAGS = re.IGNORECASE | re.UNICODE
_B = r"(?<![\w])"  # word start
_E = r"(?![\w])"  # word end
_APOS = "'’ʼ`"


@lru_cache(maxsize=1)
def _words() -> dict:
    text = resources.files("tracker.timex").joinpath("data/words.json").read_text(encoding="utf-8")
    return json.loads(text)


def _alt(items) -> str:
    items = sorted({i for i in items if i}, key=len, reverse=True)
    return "|".join(_apos(re.escape(i)).replace(r"\ ", r"\s+") for i in items)


_APOS_RX = re.compile(r"\\?[" + _APOS + "]")


def _apos(pattern: str) -> str:
    """Let any apostrophe variant match any other (п'ятниця / пʼятниця / п’ятниця)."""
    return _APOS_RX.sub(lambda _m: f"[{_APOS}]", pattern)


@dataclass(frozen=True)
class _Lang:
    code: str
    data: dict
    weekday: re.Pattern
    weekday_map: dict
    month_map: dict
    months: str
    dmy: re.Pattern
    mdy: re.Pattern | None
    drange: re.Pattern
    mdrange: re.Pattern | None
    month_year: re.Pattern
    year: re.Pattern
    phrases: re.Pattern
    phrase_kind: dict
    ago: re.Pattern
    clock: re.Pattern
    durations: tuple[re.Pattern, ...]
    night_on: re.Pattern
    end_of_year: re.Pattern
    easter: re.Pattern
    midnight: re.Pattern
    end_of_month: re.Pattern
    #: an until word, then the end of a season or the season alone (groups winter, spring, summer, autumn)
    season_end: re.Pattern
    #: an ordinal day word before a month («السابع من أكتوبر», "the seventh of October», «седьмого октября»)
    dmy_word: re.Pattern | None = None
    ordinal_map: dict | None = None


@lru_cache(maxsize=50_000)
def _fold(s: str) -> str:
    s = s.casefold()
    for a in _APOS:
        s = s.replace(a, "'")
    return re.sub(r"\s+", " ", s)


@lru_cache(maxsize=8)
def _lang(code: str) -> _Lang:
    words = _words()
    data = words.get(code) or words["en"]
    code = code if code in words else "en"
    weekday_map = {}
    for i, names in enumerate(data["weekdays"]):
        for n in names:
            weekday_map[_fold(n)] = i
    month_map = {}
    for i, names in enumerate(data["months"]):
        for n in names:
            month_map[_fold(n)] = i + 1
    months = _alt(month_map)
    wd = _alt(weekday_map)
    nxt = _alt(data.get("next", ()))
    pre = data.get("weekday_pre", "")
    if code == "ar":
        weekday = re.compile(rf"{_B}(?P<pre>{pre})(?P<wd>{wd})(?:\s+(?P<next>{nxt}))?{_E}", _FLAGS)
    else:
        weekday = re.compile(rf"{_B}(?P<pre>{pre})(?:(?P<next>{nxt})\s+)?(?P<wd>{wd}){_E}", _FLAGS)
    second_month = rf"(?:\s*/\s*(?:{months}))?"
    year = r"(?P<y>(?:19|20)\d\d)"
    ord_ = r"(?:st|nd|rd|th|-?го|-?е|-?я)?"
    dmy = re.compile(
        rf"{_B}(?P<d>[0-3]?\d){ord_}(?:\s+of)?\s+(?:من\s+)?(?P<mon>{months}){second_month}"
        rf"(?:,?\s+(?:عام\s+|سنة\s+)?{year}(?:\s*(?:года|року|г\.|р\.|م))?)?{_E}",
        _FLAGS,
    )
    mdy = None
    if code == "en":
        mdy = re.compile(rf"{_B}(?P<mon>{months})\.?\s+(?P<d>[0-3]?\d){ord_}(?:,?\s+{year})?{_E}", _FLAGS)
    drange = re.compile(
        rf"{_B}(?P<d>[0-3]?\d)\s*(?:-|–|—|and|и|та|і|й|و|to|по|до|إلى)\s*(?P<d2>[0-3]?\d)\s+(?:من\s+)?(?P<mon>{months}){second_month}"
        rf"(?:,?\s+{year})?{_E}",
        _FLAGS,
    )
    mdrange = None
    if code == "en":
        mdrange = re.compile(
            rf"{_B}(?P<mon>{months})\.?\s+(?P<d>[0-3]?\d){ord_}\s*(?:-|–|—|and|to|through)\s*(?P<d2>[0-3]?\d){ord_}"
            rf"(?:,?\s+{year})?{_E}", _FLAGS)
    month_year = re.compile(
        rf"{_B}(?P<pre>(?:in|early|late|mid|mid-|в|у|во|в\s+начале|в\s+конце|на\s+початку|наприкінці|في|خلال|شهر)\s+)?"
        rf"(?P<mon>{months}){second_month}(?:,?\s+(?:عام\s+|سنة\s+)?{year})?{_E}",
        _FLAGS,
    )
    yc = _alt(data.get("year_context", ()))
    year_re = re.compile(rf"{_B}(?:(?P<ctx>{yc})\s+){year}(?:\s*(?:году|года|року|році|рік|г\.|р\.))?{_E}", _FLAGS)
    phrase_kind = {}
    for kind in ("night", "last_week", "this_week", "last_month", "this_month", "next_month", "last_year", "this_year"):
        for p in data.get(kind, ()):
            phrase_kind[_fold(p)] = kind
    for p, off in data.get("day_offsets", {}).items():
        phrase_kind[_fold(p)] = f"day:{off}"
    phrases = re.compile(rf"{_B}(?:{_alt_regex(phrase_kind)}){_E}", _FLAGS)
    ago = re.compile(rf"{_B}(?:{data['ago']}){_E}", _FLAGS)
    clock = re.compile(rf"{_B}(?:{data['clock']})", re.UNICODE)
    num = r"\d+|" + _alt(data.get("numbers", {}))
    durations = tuple(re.compile(rf"{_B}(?:{d.replace('{NUM}', num)})", _FLAGS) for d in data.get("duration", ()))
    night_words = {
        "en": r"(?:on\s+)?the\s+night\s+(?:of|to|before)",
        "ru": r"в\s+ночь\s+(?:на|с\s+\S+\s+на)|ночью\s+(?:на|с\s+\S+\s+на)",
        "uk": r"(?:в|у)\s+ніч\s+(?:на|проти|з\s+\S+\s+на)|вночі\s+(?:на|проти|з\s+\S+\s+на)",
        "ar": r"(?:في\s+)?ليلة|(?:خلال\s+)?ليل",
    }[code]
    night_on = re.compile(rf"{_B}(?P<nw>{night_words})\s+$", _FLAGS)
    end_of_year = re.compile(rf"{_B}(?:{'|'.join(data.get('end_of_year', ['$^']))})", _FLAGS)
    easter = re.compile(rf"{_B}(?:{_alt(data.get('easter', ()))}){_E}", _FLAGS)
    midnight = re.compile(rf"{_B}(?:{_alt(data.get('midnight', ()))}){_E}", _FLAGS)
    end_of_month = re.compile(rf"{_B}(?:{'|'.join(data.get('end_of_month', ['$^']))}){_E}", _FLAGS)
    seasons = data.get("seasons", {})
    season_words = "|".join(f"(?P<{name}>{'|'.join(seasons.get(name, ['$^']))})"
                            for name in ("winter", "spring", "summer", "autumn"))
    season_end = re.compile(rf"{_B}(?:{'|'.join(seasons.get('until', ['$^']))})\s+(?:{season_words}){_E}", _FLAGS)
    ordinal_map = {_fold(k): v for k, v in data.get("ordinal_days", {}).items()}
    dmy_word = None
    if ordinal_map:
        link = {"en": r"\s+of\s+", "ar": r"\s+(?:من\s+)?(?:شهر\s+)?"}.get(code, r"\s+")
        dmy_word = re.compile(
            rf"{_B}(?:the\s+)?(?P<dw>{_alt(ordinal_map)}){link}(?P<mon>{months}){second_month}"
            rf"(?:,?\s+(?:عام\s+|سنة\s+)?{year}(?:\s*(?:года|року|г\.|р\.|م))?)?{_E}", _FLAGS)
    return _Lang(code, data, weekday, weekday_map, month_map, months, dmy, mdy, drange, mdrange, month_year, year_re,
                 phrases, phrase_kind, ago, clock, durations, night_on, end_of_year, easter, midnight, end_of_month,
                 season_end, dmy_word, ordinal_map)


def _alt_regex(kinds: dict) -> str:
    """Phrases may carry regex (``early hours of (?:the morning|today)``)."""
    out = []
    for p in sorted(kinds, key=len, reverse=True):
        if any(ch in p for ch in "()?|"):
            out.append(p.replace(" ", r"\s+"))
        else:
            out.append(_apos(re.escape(p)).replace(r"\ ", r"\s+"))
    return "|".join(out)


# --------------------------------------------------------------------------- literal gates
# Most date expressions are absent from most sentences, yet each family's regex tries every
# position of the text. A regex's "required literals" (strings one of which every match
# contains, read from its parse tree) are looked for first with ``in`` on the lowered text; the
# regex runs only when one is there. Lowering models case-insensitive matching exactly for the
# characters below (no multi-character lower case, no special case-folding equivalences); a
# text with any other character runs every regex, as before.
_SAFE_TEXT = re.compile("[^\x00-\x7f\xa0-\xb4\xb6-\xbf\u02bc\u0400-\u04ff\u0600-\u06ff\u2000-\u206f]")


def _lowered(t: str) -> str | None:
    """``t`` lowered for the literal gates, or None when a character is outside the modelled set."""
    return t.lower() if _SAFE_TEXT.search(t) is None else None


def _safe_char(ch: str) -> bool:
    return _SAFE_TEXT.match(ch) is None and len(ch.lower()) == 1


def _factors(parsed) -> frozenset[str] | None:  # noqa: ANN001
    """Strings one of which every match of the parsed pattern contains (None: none known)."""
    best: frozenset[str] | None = None

    def better(found: frozenset[str] | None) -> None:
        nonlocal best
        if found is None:
            return
        if best is None or (min(map(len, found)), -len(found)) > (min(map(len, best)), -len(best)):
            best = found

    run: list[str] = []
    for op, av in parsed:
        if op is _C.LITERAL and _safe_char(chr(av)):
            run.append(chr(av).lower())
            continue
        if run:
            better(frozenset(["".join(run)]))
            run = []
        if op is _C.SUBPATTERN:
            better(_factors(av[-1]))
        elif op is _C.BRANCH:
            alternatives = [_factors(a) for a in av[1]]
            if all(a is not None for a in alternatives):
                better(frozenset().union(*alternatives))
        elif op in _REPEATS and av[0] >= 1:
            better(_factors(av[2]))
        elif op is _ATOMIC:
            better(_factors(av))
        elif op is _C.IN and av and all(_digit_item(item) for item in av):
            better(_DIGIT_CHARS)  # a digit class ("\\d", "[0-3]"): some digit must be there
        # classes, anchors, lookarounds, back-references and optional repeats require no literal
    if run:
        better(frozenset(["".join(run)]))
    return best


_DIGIT_CHARS = frozenset("0123456789")


def _digit_item(item) -> bool:  # noqa: ANN001
    op, av = item
    if op is _C.CATEGORY:
        return av in (_C.CATEGORY_DIGIT, getattr(_C, "CATEGORY_UNI_DIGIT", _C.CATEGORY_DIGIT))
    if op is _C.RANGE:
        return 48 <= av[0] <= av[1] <= 57
    return op is _C.LITERAL and 48 <= av <= 57


@lru_cache(maxsize=1024)
def _gate(rx: re.Pattern) -> tuple[str, ...] | None:
    try:
        found = _factors(_P.parse(rx.pattern, rx.flags & ~re.UNICODE))
    except Exception:  # noqa: BLE001 - no gate is always correct
        return None
    if found is None:
        return None
    # a literal's first three characters are as good a test and fold many forms into one
    return tuple(sorted({g[:3] for g in found}))


def _may_match(rx: re.Pattern, low: str | None) -> bool:
    """False only when ``rx`` cannot match (none of its required literals is in the text)."""
    if low is None:
        return True
    gate = _gate(rx)
    return gate is None or any(g in low for g in gate)


def _finditer(rx: re.Pattern, t: str, low: str | None):  # noqa: ANN202
    return rx.finditer(t) if _may_match(rx, low) else ()


def _search(rx: re.Pattern, t: str, low: str | None) -> re.Match | None:
    return rx.search(t) if _may_match(rx, low) else None


# --------------------------------------------------------------------------- date helpers


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    y = day.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


#: A day and month without a year is read in the year that puts it nearest the publication date, a
#: date after it counting this many times its distance: news mostly reports the past, so "on March 3"
#: in a November report is last March, while a date up to about three months ahead stays ahead
#: ("until January 5" in a December report).
_FUTURE_WEIGHT = 3


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date | None:
    def cost(d: dt.date) -> int:
        days = (d - published).days
        return days * _FUTURE_WEIGHT if days > 0 else -days

    cands = [d for y in (published.year - 1, published.year, published.year + 1)
             if (d := _safe_date(y, month, day)) is not None]
    return min(cands, key=cost, default=None)


def _as_date(value) -> dt.date | None:
    """Accept a date, a datetime or an ISO string for the publication date."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return value


def _span(earliest, latest, precision, text, relative=None, time_of_day=None) -> TimeSpan:
    return TimeSpan(earliest=earliest, latest=latest, precision=precision, text=text, relative=relative,
                    time_of_day=time_of_day)


def _unanchored(text: str) -> TimeSpan:
    return TimeSpan(earliest=None, latest=None, precision="unknown", text=text, relative=text)


# --------------------------------------------------------------------------- find_dates


def find_dates(text: str, lang: str | None, published: dt.date | None) -> list[tuple[int, int, TimeSpan]]:
    """Dates and date ranges mentioned in ``text``, resolved against ``published``."""
    if not text:
        return []
    published = _as_date(published)
    L = _lang(lang or "en")
    t = text.translate(_DIGITS)
    found: list[tuple[int, int, TimeSpan, int]] = []  # start, end, span, priority

    def add(s: int, e: int, span: TimeSpan | None, prio: int) -> None:
        if span is not None:
            found.append((s, e, span, prio))

    low = _lowered(t)
    has_digit = _HAS_DIGIT.search(t) is not None
    has_month = _search(_month_gate(L.code), t, low) is not None
    if has_month:
        _explicit_families(L, t, published, add, low)
    if has_digit:
        _numeric_families(L, t, published, add, low)
    _word_families(L, t, published, add, low)
    if has_month:
        # dateparser, only on leftovers that look like a date with an abbreviated month ("18 бер.", "Sept 9")
        for m in _finditer(_prefilter(L), t, low):
            if any(s0 < m.end() and m.start() < e0 for s0, e0, _, _ in found):
                continue
            add(m.start(), m.end(), _dateparser_span(m.group(), L.code, published), 0)
    spans = _resolve_overlaps(found)
    return _finish(L, t, text, spans, published, low)


_HAS_DIGIT = re.compile(r"\d")
_ISO_DATE = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])")
_DOTTED_DATE = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>(?:19|20)\d\d)(?![\d])")


@lru_cache(maxsize=8)
def _month_gate(code: str) -> re.Pattern:
    L = _lang(code)
    prefixes = sorted({_fold(n)[:3] for n in L.month_map if len(n) >= 3}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in prefixes), _FLAGS)


def _explicit_families(L: _Lang, t: str, published, add, low: str | None = None) -> None:
    for m in _finditer(L.drange, t, low):
        mon = L.month_map.get(_fold(m.group("mon")))
        d1, d2 = int(m.group("d")), int(m.group("d2"))
        if not mon or not (1 <= d1 <= 31 and 1 <= d2 <= 31) or d2 < d1:
            continue
        add(m.start(), m.end(), _explicit_range(m.group(), mon, d1, d2, m.group("y"), published), 5)
    if L.mdrange is not None:
        for m in _finditer(L.mdrange, t, low):
            mon = L.month_map.get(_fold(m.group("mon")))
            d1, d2 = int(m.group("d")), int(m.group("d2"))
            if mon and 1 <= d1 <= d2 <= 31:
                add(m.start(), m.end(), _explicit_range(m.group(), mon, d1, d2, m.group("y"), published), 5)
    for m in _finditer(L.dmy, t, low):
        mon = L.month_map.get(_fold(m.group("mon")))
        add(m.start(), m.end(), _explicit(m.group(), mon, int(m.group("d")), m.group("y"), published), 4)
    if L.dmy_word is not None:
        for m in _finditer(L.dmy_word, t, low):
            mon = L.month_map.get(_fold(m.group("mon")))
            day = L.ordinal_map.get(_fold(re.sub(r"\s+", " ", m.group("dw"))))
            if mon and day:
                add(m.start(), m.end(), _explicit(m.group(), mon, day, m.group("y"), published), 4)
    if L.mdy is not None:
        for m in _finditer(L.mdy, t, low):
            mon_text = m.group("mon")
            if mon_text.lower() == "may" and not mon_text[0].isupper():
                continue
            mon = L.month_map.get(_fold(mon_text))
            add(m.start(), m.end(), _explicit(m.group(), mon, int(m.group("d")), m.group("y"), published), 4)
    for m in _finditer(L.month_year, t, low):
        mon_text = m.group("mon")
        if L.code == "en" and not mon_text[0].isupper():
            continue
        if L.code == "en" and mon_text.lower() in ("may", "march") and not (m.group("y") or m.group("pre")) \
                and not _EN_MONTH_LEAD.search(t[max(0, m.start("mon") - 24):m.start("mon")]):
            continue
        mon = L.month_map.get(_fold(mon_text))
        start = m.start("mon") if not m.group("pre") else m.start()
        add(start, m.end(), _month(m.group(), mon, m.group("y"), published), 2)


#: words that make a capitalised "May" or "March" the month ("until May", "since March", "by the end of May")
_EN_MONTH_LEAD = re.compile(r"\b(?:until|till|through|by|before|since|from|after|of|in|during)\s+(?:(?:the\s+)?"
                            r"(?:end|beginning|start|middle)\s+of\s+)?(?:early|late|mid-?)?\s*$", re.IGNORECASE)


def _numeric_families(L: _Lang, t: str, published, add, low: str | None = None) -> None:
    for m in _finditer(_ISO_DATE, t, low):
        day = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if day:
            add(m.start(), m.end(), _span(day, day, "day", m.group()), 6)
    for m in _finditer(_DOTTED_DATE, t, low):
        d, mo = int(m.group("d")), int(m.group("m"))
        if L.code == "en" and mo > 12 >= d:
            d, mo = mo, d
        day = _safe_date(int(m.group("y")), mo, d)
        if day:
            add(m.start(), m.end(), _span(day, day, "day", m.group()), 6)
    for m in _finditer(L.year, t, low):
        y = int(m.group("y"))
        add(m.start(), m.end(), _span(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", m.group()), 1)


def _word_families(L: _Lang, t: str, published, add, low: str | None = None) -> None:
    for m in _finditer(L.ago, t, low):
        add(m.start(), m.end(), _ago(L, m, published), 2)
    for m in _finditer(L.weekday, t, low):
        wd = L.weekday_map.get(_fold(m.group("wd")))
        if wd is None:
            continue
        s = m.start("pre") if m.group("pre") and m.group("pre").strip() else m.start("wd")
        if L.easter.search(t[max(0, s - 25):s]) and re.search(r"(?:easter|пасх|великод|الفصح)\W*$", t[max(0, s - 25):s], _FLAGS):
            continue
        if L.code == "ar" and re.search(r"(?:سوق|مسجد|جامع|شارع)\s+$", t[max(0, m.start("wd") - 8):m.start("wd")]):
            continue  # «سوق الجمعة», «مسجد الجمعة»: a place named after the day
        w0 = max(0, s - 30)
        night = L.night_on.search(t[w0:m.start("wd")])
        span = _weekday(m.group(), wd, bool(m.group("next")), published, m.group("pre") or "")
        if night and span is not None and span.earliest is not None:
            s = min(s, w0 + night.start())
            if re.search(r"\bof$", night.group("nw").strip(), re.IGNORECASE):  # "the night of Tuesday"
                span = _span(span.earliest, span.latest + dt.timedelta(days=1), "range", t[s:m.end()])
            else:
                span = _span(span.earliest - dt.timedelta(days=1), span.latest, "range", t[s:m.end()])
        add(s, m.end(), span, 3)
    for m in _finditer(L.phrases, t, low):
        kind = L.phrase_kind.get(_fold(m.group()))
        if kind is None:
            kind = _regex_kind(L, m.group())
        add(m.start(), m.end(), _relative(kind, m.group(), published), 2)


_NIGHT_PAIR_GAP = re.compile(r"\s*(?:/|-|–|\s(?:to|into|إلى|الى|و)\s|\s)\s*", re.IGNORECASE)
_NIGHT_WORD = re.compile(r"(?:night|overnight|ليل|ليلة|ночь|ночью|ніч|вночі)", re.IGNORECASE)


def _night_words(L: _Lang, text: str) -> bool:
    return _NIGHT_WORD.search(text) is not None


_NIGHT_LINK = re.compile(r"[\s,]*(?:(?:into|to|before|on|of|from|на|проти|в|у|с|з|إلى|الى|على|من)\s+)?(?:(?:early|the)\s+)?", re.IGNORECASE)


def _finish(L: _Lang, t: str, text: str, spans, published, low: str | None = None):
    # night before an explicit date: «в ночь на 18 марта», "the night of 18 March"
    out: list[tuple[int, int, TimeSpan]] = []
    for s, e, span in spans:
        night = L.night_on.search(t[max(0, s - 30):s])
        if night and span.precision == "day" and span.earliest is not None and not span.text.startswith(night.group("nw")):
            s = max(0, s - 30) + night.start()
            if re.search(r"\bof$", night.group("nw").strip(), re.IGNORECASE):
                span = _span(span.earliest, span.latest + dt.timedelta(days=1), "range", text[s:e])
            else:
                span = _span(span.earliest - dt.timedelta(days=1), span.latest, "range", text[s:e])
        out.append((s, e, span))
    since = _since_re(L)
    for k, (s, e, span) in enumerate(out):
        m = since.search(t[max(0, s - 20):s]) if since is not None else None
        if m and published is not None and span.earliest is not None and span.earliest <= published:
            s2 = max(0, s - 20) + m.start()
            out[k] = (s2, e, _span(span.earliest, published, "range", text[s2:e]))
    merged: list[tuple[int, int, TimeSpan]] = []
    for s, e, span in out:
        if merged:
            ps, pe, pspan = merged[-1]
            gap = t[pe:s]
            if (L.phrase_kind.get(_fold(t[ps:pe])) == "night" and len(gap) <= 12
                    and _NIGHT_LINK.fullmatch(gap) and span.precision == "day" and span.earliest is not None):
                merged[-1] = (ps, e, _span(span.earliest - dt.timedelta(days=1), span.latest, "range", text[ps:e]))
                continue
            if (L.phrase_kind.get(_fold(t[ps:pe])) == "night" and len(gap) <= 12
                    and _NIGHT_LINK.fullmatch(gap) and span.precision == "range" and span.earliest is not None):
                # "overnight 7 to 8 May", «ليلا من 7 إلى 8 مايو»: the stated night, not the night before the report
                merged[-1] = (ps, e, _span(span.earliest, span.latest, "range", text[ps:e]))
                continue
            if (pspan.precision == "range" and span.precision == "day" and span.earliest is not None
                    and pspan.latest is not None and len(gap) <= 8 and _NIGHT_PAIR_GAP.fullmatch(gap)
                    and L.night_on.search(text[ps:pe] + " ") is None and _night_words(L, text[ps:pe])
                    and _is_weekday(L, text[s:e])
                    and span.earliest - pspan.latest in (dt.timedelta(0), dt.timedelta(days=1))):
                # «ليل الثلاثاء الأربعاء», «ليلة الاثنين/الثلاثاء», "the night of Tuesday to Wednesday":
                # the night between the two days
                merged[-1] = (ps, e, _span(span.earliest - dt.timedelta(days=1), span.latest, "range", text[ps:e]))
                continue
            if (pspan.precision == "range" and span.precision == "day" and span.earliest is not None
                    and len(gap) <= 3 and not gap.strip(" ,،") and _is_weekday(L, text[ps:pe])
                    and _night_words(L, text[ps:pe]) and not _is_weekday(L, text[s:e])):
                # «ليل الأحد 13 أبريل», "the night to Sunday, April 13": the night into the date written beside it
                merged[-1] = (ps, e, _span(span.earliest - dt.timedelta(days=1), span.latest, "range", text[ps:e]))
                continue
            if (span.precision == "day" and pspan.precision == "day" and span.earliest is not None
                    and pspan.earliest is not None and len(gap) <= 3 and not gap.strip(" ,،")
                    and _is_weekday(L, text[ps:pe]) != _is_weekday(L, text[s:e])):
                # "Saturday, April 12", «суботи, 12 квітня», "April 12, Saturday": the weekday restates the
                # date written beside it (it is not the last or next such weekday)
                dated = span if _is_weekday(L, text[ps:pe]) else pspan
                merged[-1] = (ps, e, _span(dated.earliest, dated.latest, "day", text[ps:e]))
                continue
            if (span.precision == "day" and pspan.precision == "day" and span.earliest == pspan.earliest
                    and len(gap) <= 3 and not gap.strip(" ,،")):
                # "today, Tuesday", «اليوم الأحد»: one date written twice
                merged[-1] = (ps, e, _span(span.earliest, span.latest, "day", text[ps:e]))
                continue
        merged.append((s, e, span))
    out = _attach_clock(L, t, text, merged, published, low)
    return [(s, e, replace(span, text=text[s:e]) if span.text != text[s:e] else span) for s, e, span in out]


_PREFILTERS: dict[str, re.Pattern] = {}


def _prefilter(L: _Lang) -> re.Pattern:
    if L.code not in _PREFILTERS:
        _PREFILTERS[L.code] = _build_prefilter(L)
    return _PREFILTERS[L.code]


def _build_prefilter(L: _Lang) -> re.Pattern:
    prefixes = sorted({_fold(n)[:3] for n in L.month_map if len(n) >= 3}, key=len, reverse=True)
    alt = "|".join(re.escape(p) for p in prefixes)
    return re.compile(
        rf"{_B}(?:[0-3]?\d\s+(?:{alt})[^\W\d_]{{0,6}}\.?(?:\s+(?:19|20)\d\d)?|(?:{alt})[^\W\d_]{{0,6}}\.?\s+[0-3]?\d(?:,?\s+(?:19|20)\d\d)?){_E}",
        _FLAGS,
    )


@lru_cache(maxsize=4096)
def _dateparser_span(fragment: str, lang: str, published: dt.date | None) -> TimeSpan | None:
    """Ask dateparser about one short candidate the rules could not read (slow: only leftovers)."""
    has_year = re.search(r"(?:19|20)\d\d", fragment) is not None
    if published is None and not has_year:
        return _unanchored(fragment)
    try:
        import dateparser

        settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
        if published is not None:
            settings["RELATIVE_BASE"] = dt.datetime(published.year, published.month, published.day)
        parsed = dateparser.parse(fragment, languages=[lang], settings=settings)
    except Exception:  # noqa: BLE001 - a fallback must never break extraction
        return None
    if parsed is None:
        return None
    d = parsed.date()
    return _span(d, d, "day", fragment)


_SINCE = {"en": r"(?:ever\s+)?since\s+$", "ar": r"منذ\s+$", "ru": r"(?:начиная\s+)?с\s+тех\s+пор\s+как\s+$",
          "uk": r"відтоді\s+як\s+$"}


@lru_cache(maxsize=8)
def _since_re_for(code: str) -> re.Pattern | None:
    pat = _SINCE.get(code)
    return re.compile(rf"{_B}{pat}", _FLAGS) if pat else None


def _since_re(L: _Lang) -> re.Pattern | None:
    return _since_re_for(L.code)


def _regex_kind(L: _Lang, matched: str) -> str | None:
    for p, kind in L.phrase_kind.items():
        if any(ch in p for ch in "()?|") and re.fullmatch(p.replace(" ", r"\s+"), matched, _FLAGS):
            return kind
    return None


def _resolve_overlaps(found):
    # longer and higher-priority spans win; keep document order
    found.sort(key=lambda x: (-(x[1] - x[0]), -x[3], x[0]))
    taken: list[tuple[int, int, TimeSpan]] = []
    for s, e, span, _ in found:
        if any(s < te and ts < e for ts, te, _ in taken):
            continue
        taken.append((s, e, span))
    taken.sort(key=lambda x: x[0])
    return taken


def _explicit(matched: str, month: int | None, day: int, year: str | None, published: dt.date | None) -> TimeSpan | None:
    if not month or not 1 <= day <= 31:
        return None
    if year:
        d = _safe_date(int(year), month, day)
        return _span(d, d, "day", matched) if d else None
    if published is None:
        return _unanchored(matched)
    d = _nearest_year(month, day, published)
    return _span(d, d, "day", matched) if d else None


def _explicit_range(matched, month, d1, d2, year, published) -> TimeSpan | None:
    if year:
        y = int(year)
    elif published is not None:
        first = _nearest_year(month, d1, published)
        if first is None:
            return None
        y = first.year
    else:
        return _unanchored(matched)
    a, b = _safe_date(y, month, d1), _safe_date(y, month, d2)
    if not a or not b:
        return None
    return _span(a, b, "range", matched)


def _month(matched, month, year, published) -> TimeSpan | None:
    if not month:
        return None
    if year:
        y = int(year)
    elif published is not None:
        y = published.year if month <= published.month + 1 else published.year - 1
    else:
        return _unanchored(matched)
    return _span(dt.date(y, month, 1), _month_end(y, month), "month", matched)


def _weekday(matched, wd, nxt, published, pre) -> TimeSpan | None:
    if published is None:
        return _unanchored(matched)
    if nxt:
        delta = (wd - published.weekday()) % 7 or 7
        d = published + dt.timedelta(days=delta)
    else:
        d = published - dt.timedelta(days=(published.weekday() - wd) % 7)
    return _span(d, d, "day", matched)


def _relative(kind: str | None, matched: str, published: dt.date | None) -> TimeSpan | None:
    if kind is None:
        return None
    if published is None:
        return _unanchored(matched)
    p = published
    if kind.startswith("day:"):
        d = p + dt.timedelta(days=int(kind[4:]))
        return _span(d, d, "day", matched)
    if kind == "night":
        return _span(p - dt.timedelta(days=1), p, "range", matched)
    if kind == "last_week":
        monday = p - dt.timedelta(days=p.weekday() + 7)
        return _span(monday, monday + dt.timedelta(days=6), "week", matched)
    if kind == "this_week":
        monday = p - dt.timedelta(days=p.weekday())
        return _span(monday, p, "week", matched)
    if kind == "last_month":
        first = _add_months(p.replace(day=1), -1)
        return _span(first, _month_end(first.year, first.month), "month", matched)
    if kind == "this_month":
        return _span(p.replace(day=1), _month_end(p.year, p.month), "month", matched)
    if kind == "next_month":
        first = _add_months(p.replace(day=1), 1)
        return _span(first, _month_end(first.year, first.month), "month", matched)
    if kind == "last_year":
        return _span(dt.date(p.year - 1, 1, 1), dt.date(p.year - 1, 12, 31), "year", matched)
    if kind == "this_year":
        return _span(dt.date(p.year, 1, 1), dt.date(p.year, 12, 31), "year", matched)
    return None


@lru_cache(maxsize=64)
def _folded_map(code: str, field: str) -> dict:
    data = (_words().get(code) or _words()["en"]).get(field) or {}
    if isinstance(data, dict):
        return {_fold(k): v for k, v in data.items()}
    return {_fold(k): True for k in data}


@lru_cache(maxsize=8)
def _window_res(code: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = _words().get(code) or _words()["en"]
    effect = re.compile(rf"{_B}(?:{'|'.join(data.get('effect', ()))})", _FLAGS)
    until_then = re.compile(rf"{_B}(?:{_alt(data.get('until', ()))})\s+\S+\s+\S*\s*$", _FLAGS)
    next_month = re.compile(rf"(?:{_alt(data.get('next_month', ()))})", _FLAGS)
    return effect, until_then, next_month


def _number(L: _Lang, token: str | None, default: int = 1) -> int:
    if not token:
        return default
    token = token.strip()
    if token.isdigit():
        return int(token)
    nums = _folded_map(L.code, "numbers")
    extra = {"тридцати": 30, "тридцяти": 30}
    return nums.get(_fold(token), extra.get(_fold(token), default))


def _ago(L: _Lang, m: re.Match, published) -> TimeSpan | None:
    if published is None:
        return _unanchored(m.group())
    groups = [g for g in m.groups() if g]
    n = _number(L, groups[0] if groups else None)
    unit = _unit(L, " ".join(groups))
    if unit is None:
        unit = "day"
    if unit == "day":
        d = published - dt.timedelta(days=n)
        return _span(d, d, "day", m.group())
    if unit == "week":
        d = published - dt.timedelta(days=7 * n)
        return _span(d - dt.timedelta(days=3), d + dt.timedelta(days=3), "week", m.group())
    if unit == "month":
        d = _add_months(published, -n)
        return _span(d.replace(day=1), _month_end(d.year, d.month), "month", m.group())
    y = published.year - n
    return _span(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", m.group())


_UNIT_STEMS = (("час", "hour"), ("годин", "hour"), ("hour", "hour"), ("ساع", "hour"), ("сут", "day"),
               ("доб", "day"), ("діб", "day"), ("дн", "day"), ("ден", "day"), ("день", "day"), ("day", "day"),
               ("يوم", "day"), ("أيام", "day"), ("ايام", "day"), ("недел", "week"), ("тижн", "week"),
               ("тижд", "week"), ("week", "week"), ("أسبوع", "week"), ("اسبوع", "week"), ("الأسبوع", "week"),
               ("месяц", "month"), ("месяч", "month"), ("місяц", "month"), ("місячн", "month"), ("month", "month"),
               ("شهر", "month"), ("أشهر", "month"), ("الشهر", "month"), ("شهور", "month"), ("год", "year"),
               ("лет", "year"), ("рік", "year"), ("рок", "year"), ("year", "year"), ("عام", "year"), ("سن", "year"),
               ("العام", "year"), ("أعوام", "year"))


def _unit(L: _Lang, text: str) -> str | None:
    units = _folded_map(L.code, "units")
    for word in re.findall(r"\w+", _fold(text)):
        if word in units:
            return units[word]
        for stem, unit in sorted(_UNIT_STEMS, key=lambda x: -len(x[0])):
            if word.startswith(stem):
                return unit
    return None


@lru_cache(maxsize=8)
def _hour_words_re(code: str) -> re.Pattern | None:
    data = _words().get(code, {})
    hours = data.get("hour_words") or {}
    if not hours:
        return None
    minutes = data.get("minute_words") or {}
    ampm = list(data.get("pm_words", ())) + list(data.get("am_words", ()))
    return re.compile(
        rf"{_B}(?:(?:في|عند|حتى|منذ|من)\s+)?(?:تمام\s+)?الساعة\s+(?P<hw>{_alt(hours)})"
        rf"(?:\s+(?P<mw>{_alt(minutes)}))?(?:\s+(?P<ap>{_alt(ampm)}))?(?:\s+(?:بالتوقيت المحلي|بتوقيت\s+\S+))?{_E}"
        if minutes else rf"{_B}الساعة\s+(?P<hw>{_alt(hours)})",
        _FLAGS,
    )


def _clock_matches(L: _Lang, t: str, low: str | None = None):
    """(start, end, "HH:MM") for every written hour: digits ("08:30", "9 a.m.") or words («الساعة التاسعة صباحا»)."""
    out = []
    for m in _finditer(L.clock, t, low):
        gd = m.groupdict()
        h, mi, ampm = gd.get("h"), gd.get("m"), gd.get("ampm")
        if h is None and gd.get("h2"):
            h, mi, ampm = gd["h2"], "00", gd.get("ampm2")
        if h is None or mi is None:
            continue
        hour = int(h)
        if ampm and ampm.lower().startswith("p") and hour < 12:
            hour += 12
        if ampm and ampm.lower().startswith("a") and hour == 12:
            hour = 0
        out.append((m.start(), m.end(), f"{hour:02d}:{mi}"))
    rx = _hour_words_re(L.code)
    if rx is not None:
        hours = _folded_map(L.code, "hour_words")
        minutes = _folded_map(L.code, "minute_words")
        pm = _folded_map(L.code, "pm_words")
        for m in _finditer(rx, t, low):
            hour = hours.get(_fold(m.group("hw")), 0)
            minute = minutes.get(_fold(m.group("mw") or ""), 0) if "mw" in m.groupdict() else 0
            if minute < 0:
                hour, minute = hour - 1, 60 + minute
            ap = m.groupdict().get("ap")
            if ap and _fold(ap) in pm and hour < 12:
                hour += 12
            out.append((m.start(), m.end(), f"{hour % 24:02d}:{minute:02d}"))
    return out


def _attach_clock(L: _Lang, t: str, text: str, spans, published, low: str | None = None):
    """Give a date the hour written next to it ("at 08:30 on 18 March"); a lone hour is its own span."""
    out = list(spans)
    for s, e, tod in _clock_matches(L, t, low):
        s, e = _trim_clock(t, s, e)
        if any(ds <= s and e <= de and sp.time_of_day is not None for ds, de, sp in out):
            continue
        out = _place_clock(out, t, text, s, e, tod, published)
    out.sort(key=lambda x: x[0])
    return out


def _trim_clock(t: str, s: int, e: int) -> tuple[int, int]:
    while s < e and t[s].isspace():
        s += 1
    return s, e


#: words between an hour and a date that make them two expressions ("to 14:00 for a week from Monday")
_CLOCK_BREAK = re.compile(r"(?<!\w)(?:for|from|until|till|to|starting|daily|every|each|и|та|і|с|со|з|із|до|на|протягом|"
                          r"в течение|ежедневно|щодня|щоденно|لمدة|ولمدة|اعتبارا|اعتباراً|ابتداء|حتى|إلى|الى|يوميا|يومياً)(?!\w)",
                          re.IGNORECASE)


def _place_clock(out, t, text, s, e, tod, published):
    """Attach an hour to the nearest date in the same clause, or add it as its own span."""
    best = None
    best_gap = 26
    for i, (ds, de, span) in enumerate(out):
        if ds < e and s < de:  # overlaps («الساعة السادسة مساء اليوم»): the same expression
            best = i if span.time_of_day is None and span.precision != "year" else -1
            break
        gap = t[de:s] if de <= s else t[e:ds] if ds >= e else None
        if gap is not None and len(gap) < best_gap and not re.search(r"[.;!?\n]", gap) and not _CLOCK_BREAK.search(gap):
            if span.time_of_day is None and span.precision in ("day", "range", "unknown"):
                best, best_gap = i, len(gap)
    if best is None:
        if published is None:
            out.append((s, e, TimeSpan(None, None, "unknown", text[s:e], relative=text[s:e], time_of_day=tod)))
        else:
            out.append((s, e, TimeSpan(published - dt.timedelta(days=1), published, "range", text[s:e],
                                       time_of_day=tod)))
    elif best >= 0:
        ds, de, span = out[best]
        out[best] = (min(ds, s), max(de, e), replace(span, time_of_day=tod))
    return out


# --------------------------------------------------------------------------- windows


def _easter(year: int, lang: str) -> dt.date:
    from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

    return easter(year, EASTER_ORTHODOX if lang in ("ru", "uk") else EASTER_WESTERN)


_FILLERS = ("midnight|the|on|of|в|у|во|до|на|с|з|يوم|الساعة|منتصف ليل|منتصف الليل|полуночи|півночі|опівночі|"
            "مساء|صباح|فجر|ظهر|ليلة|evening|morning|night|утра|вечера|ночи|ранку|вечора|ночі|early|late|"
            "next|this|coming|غد|غدا|завтра|tomorrow")


def _preceded(t: str, pos: int, words, *, window: int = 40) -> bool:
    """Is the text just before ``pos`` one of ``words`` (maybe followed by a filler or two)?"""
    if not words:
        return False
    before = _fold(t[max(0, pos - window):pos]).rstrip() + " "
    return _preceded_re(tuple(words)).search(before) is not None


@lru_cache(maxsize=64)
def _preceded_re(words: tuple[str, ...]) -> re.Pattern:
    alt = "|".join(re.escape(_fold(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s(«\"])(?:{alt})\s+(?:(?:{_FILLERS})\s+){{0,2}}$")


@lru_cache(maxsize=8)
def _end_verb_re(code: str) -> re.Pattern | None:
    verbs = (_words().get(code) or {}).get("end_verbs") or ()
    if not verbs:
        return None
    return re.compile(rf"{_B}(?:{_alt(verbs)})(?:\s+\S+){{0,3}}\s*$", _FLAGS)


def _end_verb_before(code: str, t: str, pos: int) -> bool:
    """An end verb a few words before the date: «ينتهي الاتفاق في 17 أبريل», "expires at the end of 17 April"."""
    rx = _end_verb_re(code)
    if rx is None:
        return False
    before = t[max(0, pos - 50):pos]
    return bool(re.search(r"[.;!?\n]", before[-40:]) is None and rx.search(before))


def _duration(L: _Lang, t: str, low: str | None = None) -> tuple[int, str, str] | None:
    """(days, unit, text) of the first duration in ``t``."""
    for rx in L.durations:
        m = _search(rx, t, low)
        if not m:
            continue
        gd = m.groupdict()
        unit = _unit(L, gd.get("u") or m.group()) or "day"
        n = _number(L, gd.get("n"), 1)
        if gd.get("n") and not gd["n"].isdigit() and _unit(L, gd["n"]):
            unit = _unit(L, gd["n"])
        if unit == "hour":
            return max(1, -(-n // 24)), "day", m.group()
        return n, unit, m.group()
    return None


def _plus(start: dt.date, n: int, unit: str) -> dt.date:
    if unit == "month":
        return _add_months(start, n) - dt.timedelta(days=1)
    if unit == "year":
        return _add_months(start, 12 * n) - dt.timedelta(days=1)
    if unit == "week":
        return start + dt.timedelta(days=7 * n)
    return start + dt.timedelta(days=n)


_SINCE_WORDS = {"since", "منذ", "с тех пор", "відтоді"}
_PAST = re.compile(r"(?:\btook\b|\bcame\b|\bbegan\b|\bstarted\b|\bhas\b|\bhad\b|вступило|вступил|начался|набуло|набув|почався|"
                   r"دخل |دخلت |بدأ |بدأت )", re.IGNORECASE)
_TOMORROW = re.compile(r"(?:tomorrow|غد|غدا|غداً|завтра)\W*$", re.IGNORECASE)
_FUTURE = re.compile(
    r"(?:\bwill\b|\bis to\b|\bare to\b|\bshall\b|вступит|начнется|начнётся|набуде|почнеться|розпочнеться|"
    r"سيدخل|ستدخل|سيبدأ|ستبدأ|سيسري|ستسري|يدخل حيز|تدخل حيز)", re.IGNORECASE)


def _is_weekday(L: _Lang, span_text: str) -> bool:
    """A bare weekday ("on Monday", «يوم الأحد»), not one written with its date ("Sunday, June 16")."""
    if any(ch.isdigit() for ch in span_text):
        return False
    return any(re.search(rf"{_B}{re.escape(w)}{_E}", span_text, _FLAGS) for w in L.weekday_map)


def _lone_clock(span: TimeSpan, published: dt.date | None) -> bool:
    """An hour with no day of its own ("at 10:00"), dated only by the report."""
    if span.time_of_day is None:
        return False
    if published is None:
        return span.earliest is None and span.precision == "unknown"
    return span.precision == "range" and span.earliest == published - dt.timedelta(days=1) and span.latest == published


#: an end reported as past ("the truce lasted until Sunday"): its day is not moved forward
_PAST_END = re.compile(
    r"(?:\blasted\b|\bheld\b|\bended\b|\bexpired\b|\bran\b|\bwas to\b|\bwere to\b|\bhad\b|"
    r"продлил(?:ось|ся|ась|ись)|длил(?:ось|ся|ась)|истекл|закончил|завершил|действовал|соблюдал|"
    r"тривал[оаи]?\b|спливл|закінчил|завершил|діял[оаи]?\b|дотримувал|"
    r"استمرت|استمر |انتهت|انتهى|امتدت|امتد |كانت |كان )", re.IGNORECASE)


def _season_end(season: int, base: dt.date) -> dt.date:
    """The last day of the first season (0 winter, 1 spring, 2 summer, 3 autumn; meteorological, northern
    hemisphere: winter is December to February) that ends on or after ``base``."""
    last_month = (2, 5, 8, 11)[season]
    end = _month_end(base.year, last_month)
    return end if end >= base else _month_end(base.year + 1, last_month)


def _end_forward(L: _Lang, t: str, end: TimeSpan, base: dt.date | None, defaulted: bool) -> TimeSpan:
    """A window's end named without its year or week ("until Friday", "until the end of June",
    «до 18:00 воскресенья») is the first such day on or after the start, not the last one before it:
    a pledge runs forward. With no start stated (the report's day stands for it) a past tense keeps it
    in the past ("the truce lasted until Sunday")."""
    if base is None or end.latest is None or end.latest >= base:
        return end
    if defaulted and _PAST_END.search(t):
        return end
    text = end.text or ""
    if re.search(r"(?:19|20)\d\d", text):
        return end
    earliest = end.earliest or end.latest
    latest = end.latest
    if end.precision == "day" and _is_weekday(L, re.sub(r"\d{1,2}[:.]\d\d", "", text)):
        weeks = -(-(base - latest).days // 7)
        step = dt.timedelta(days=7 * weeks)
        return replace(end, earliest=earliest + step, latest=latest + step)
    if end.precision in ("day", "month", "range"):
        a, b = _add_months(earliest, 12), _add_months(latest, 12)
        if end.precision == "month":
            b = _month_end(b.year, b.month)
        if defaulted and (b - base).days > 183:
            return end  # most likely a pledge reported after its end, not one for a year ahead
        return replace(end, earliest=a, latest=b)
    return end


def resolve_window(text: str, lang: str | None, published: dt.date | None, *,
                   dates: list[tuple[int, int, TimeSpan]] | None = None,
                   default_from: dt.date | None = None) -> Window:
    """When a commitment applies, from the text stating it.

    ``dates`` may pass ``find_dates(text, lang, published)`` when the caller already has it.
    ``default_from`` starts a window whose text gives no start of its own (the day the article dates
    the agreement elsewhere); without it such a window starts on ``published``.
    """
    if not text:
        return Window()
    published = _as_date(published)
    L = _lang(lang or "en")
    t = text.translate(_DIGITS)
    if dates is None:
        dates = find_dates(text, lang, published)
    low = _lowered(t)
    froms = L.data.get("from", ())
    untils = L.data.get("until", ())
    effect, until_then, next_month_re = _window_res(L.code)

    start: TimeSpan | None = None
    end: TimeSpan | None = None
    announced: TimeSpan | None = None
    # an hour written alone ("daily from 10:00 to 14:00") says when in the day, not which days, once
    # the sentence dates the window otherwise ("... for a week from Monday")
    dated = any(not _lone_clock(sp, published) for _, _, sp in dates if sp.earliest is not None or sp.relative)
    for s, e, span in dates:
        if span.precision == "unknown" and span.earliest is None and span.time_of_day is None and span.relative is None:
            continue
        if dated and _lone_clock(span, published):
            continue
        head = _fold(t[s:e])
        if (_preceded(t, s, untils) or any(head.startswith(_fold(u) + " ") for u in untils if len(u) > 1)
                or _end_verb_before(L.code, t, s)):
            if end is None:
                end = span
            continue
        if span.precision == "day" and span.earliest is not None and published is not None and (
                _TOMORROW.search(t[max(0, s - 12):s]) or _FUTURE.search(t[max(0, s - 60):s])
                or (_preceded(t, s, [f for f in froms if f not in _SINCE_WORDS]) and not _PAST.search(t[max(0, s - 60):s]))) and \
                _is_weekday(L, t[s:e]) and span.earliest < published:
            # "will take effect on Monday", «مساء غد الاثنين»: the next such day, not the last one
            span = replace(span, earliest=span.earliest + dt.timedelta(days=7), latest=span.latest + dt.timedelta(days=7))
        if (_preceded(t, s, froms) or effect.search(t[max(0, s - 40):s])
                or any(head.startswith(_fold(f) + " ") for f in froms if len(f) > 1)):
            if start is None:
                start = span
            continue
        if announced is None and span.time_of_day is None and (
                span.precision in ("day", "range", "week")
                # "pledged in February", «у вересні»: a past month dates the statement
                or (span.precision == "month" and published is not None and span.latest is not None
                    and span.latest < published)):
            announced = span
        elif announced is None and span.time_of_day is not None:
            start = start or span

    # a range of days stated as the window («на 8-11 мая», "for May 8-11"): its first and last day
    day_range = announced if announced is not None and announced.precision == "range" and any(
        rx is not None and rx.fullmatch(announced.text or "") for rx in (L.drange, L.mdrange)) else None
    relative_parts: list[str] = []
    defaulted = False
    valid_from = valid_until = None
    from_prec = until_prec = "unknown"

    # start
    if start is not None and start.anchored:
        valid_from = start.earliest if start.precision not in ("range",) or start.time_of_day is None else start.latest
        if start.time_of_day is not None and start.precision == "range" and published is not None:
            valid_from = published  # "takes effect at 08:30": the day of the report at the earliest
        from_prec = "day" if start.precision in ("day",) else start.precision
    elif announced is not None and announced.anchored:
        if day_range is not None:
            valid_from = announced.earliest  # «на 8-11 мая», "May 8-11": from the first day
        else:  # a night ("the night of 7 to 8 May"): the day it leads into
            valid_from = announced.earliest if announced.precision != "range" else announced.latest
        from_prec = "day" if announced.precision in ("day", "range") else announced.precision
    elif default_from is not None or published is not None:
        # no day of its own: the day the article dates the agreement (``default_from``), else the report's
        valid_from = default_from or published
        from_prec = "day"
        defaulted = True
    elif start is not None or announced is not None:
        relative_parts.append((start or announced).text or "")

    # end (each test runs only when the ones before it found nothing)
    if end is not None and end.anchored:
        end = _end_forward(L, t, end, valid_from, defaulted)
        valid_until = end.latest
        until_prec = end.precision if end.precision != "range" else "day"
    elif (m_easter := _search(L.easter, t, low)) and (
            _preceded(t, m_easter.start(), list(untils) + list(L.data.get("midnight", ())))
            or L.midnight.search(t[max(0, m_easter.start() - 40):m_easter.start()])
            or until_then.search(t[max(0, m_easter.start() - 40):m_easter.start()])):
        base = valid_from or published
        if base is not None:
            valid_until = _easter(base.year, L.code)
            if valid_until < base:
                valid_until = _easter(base.year + 1, L.code)
            until_prec = "day"
        else:
            relative_parts.append(m_easter.group())
    elif m_eoy := _search(L.end_of_year, t, low):
        y = m_eoy.groupdict().get("y") or m_eoy.groupdict().get("yy")  # "the end of 2026", "through 2026"
        base = valid_from or published
        if y:
            valid_until, until_prec = dt.date(int(y), 12, 31), "year"
        elif base is not None:
            valid_until, until_prec = dt.date(base.year, 12, 31), "day"
        else:
            relative_parts.append(m_eoy.group())
    elif (m_season := _search(L.season_end, t, low)) is not None and (valid_from or published) is not None:
        # "until the end of winter", «до весны», «حتى نهاية الصيف»: the last day of the first such season
        # that ends on or after the start (a pledge runs forward)
        base = valid_from or published
        season = next(k for k, name in enumerate(("winter", "spring", "summer", "autumn"))
                      if m_season.group(name) is not None)
        valid_until, until_prec = _season_end(season, base), "day"
    elif m_eom := _search(L.end_of_month, t, low):
        # "until the end of the month", «حتى نهاية الشهر الجاري»: the last day of the month it starts in
        base = valid_from or published
        if base is not None:
            nxt = (base.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            valid_until, until_prec = nxt - dt.timedelta(days=1), "day"
        else:
            relative_parts.append(m_eom.group())
    elif day_range is not None and valid_from == day_range.earliest:
        valid_until, until_prec = day_range.latest, "day"
    elif (dur := _duration(L, t, low)) is not None:
        n, unit, dur_text = dur
        if valid_from is not None:
            valid_until = _plus(valid_from, n, unit)
            until_prec = "day" if from_prec == "day" else from_prec
        else:
            relative_parts.append(dur_text)
    elif end is not None:
        relative_parts.append(end.text or "")
    else:
        # "the next month" / «الشهر المقبل» as the window itself
        for _s, _e, span in dates:
            if span.text and next_month_re.search(span.text):
                if valid_from is not None:
                    valid_until = _plus(valid_from, 1, "month")
                    until_prec = "day"
                else:
                    relative_parts.append(span.text)
                break
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        if defaulted:  # a pledge "by 2020" reported later: it was made before the report
            valid_from, from_prec = None, "unknown"
        else:
            valid_until = None
            until_prec = "unknown"
    relative = "; ".join(p for p in relative_parts if p) or None
    return Window(valid_from=valid_from, valid_until=valid_until, from_precision=from_prec,
                  until_precision=until_prec if valid_until else "unknown", relative=relative)
