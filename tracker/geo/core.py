"""``Gazetteer``: name lookup, mentions in running text, and scope containment."""

from __future__ import annotations

import math
import re
import threading
from functools import lru_cache

from tracker.geo import gazetteer as G
from tracker.geo import normalize as N
from tracker.records import Place

_REGION_WORDS_CACHE: dict[str, frozenset[str]] = {}
_AND = {"and", "и", "та", "і", "й", "و", "&", ","}
#: entries kept per lookup cache before it starts afresh (bounded memory in long ingests)
_CACHE_SIZE = 100_000


def _words(lang: str, field: str) -> frozenset[str]:
    key = f"{lang}:{field}"
    if key not in _REGION_WORDS_CACHE:
        data = G.lang_data().get(lang, {})
        out: set[str] = set()
        words = list(data.get(field, ()))
        if field == "stop":
            words += sorted(_spacy_stop_words(lang))
        for w in words:
            out.add(_fold_word(w))
        _REGION_WORDS_CACHE[key] = frozenset(out)
    return _REGION_WORDS_CACHE[key]


def _spacy_stop_words(lang: str) -> set[str]:
    """spaCy's maintained stop-word lists ("там", "لديه"), read without importing all of spaCy."""
    import importlib.util
    import sys

    name = f"spacy.lang.{lang}.stop_words"
    if name in sys.modules:
        return set(getattr(sys.modules[name], "STOP_WORDS", ()))
    try:
        spec = importlib.util.find_spec("spacy")
        if spec is None or not spec.submodule_search_locations:
            return set()
        from pathlib import Path

        path = Path(list(spec.submodule_search_locations)[0]) / "lang" / lang / "stop_words.py"
        if not path.exists():
            return set()
        namespace: dict = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102 - package data
        return set(namespace.get("STOP_WORDS", ()))
    except Exception:  # noqa: BLE001
        return set()


@lru_cache(maxsize=64)
def _stop_words(langs: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(_words(lg, "stop") for lg in langs))


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    script = N.script_of(word)
    if script == "arabic":
        return N.fold_arabic(word)
    if script == "cyrillic":
        return N.fold_cyrillic(word)
    return N.fold_latin(word)


def _ar_bare(word: str) -> frozenset[str]:
    return _ar_bare_cached(word)


@lru_cache(maxsize=100_000)
def _ar_bare_cached(word: str) -> frozenset[str]:
    """An Arabic word with and without its clitics, article kept and dropped."""
    w = N.fold_arabic(word)
    out = {w}
    for form in list(out):
        if form[:1] in ("و", "ف") and len(form) > 2:
            out.add(form[1:])
    for form in list(out):
        if form[:1] in ("ب", "ل", "ك") and len(form) > 2:
            out.add(form[1:])
    for form in list(out):
        if form.startswith("ال") and len(form) > 3:
            out.add(form[2:])
    return frozenset(out)


class Gazetteer:
    """Lookup of place names in ar/en/ru/uk against the packaged index."""

    def __init__(self, index: "G.IndexStore | None" = None) -> None:
        self._index = index
        self._lock = threading.Lock()
        self._regions: dict[int, int] = {}
        # lookups are pure functions of the name (the index is read-only): remembered, bounded
        self._multi_cache: dict[str, dict[str, list[tuple[int, tuple[str, ...]]]]] = {}
        self._lookups: dict[tuple[str, str | None, tuple[str, ...]], int | None] = {}

    # -- loading -------------------------------------------------------------------------
    @property
    def index(self) -> "G.IndexStore":
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = G.load_index()
        return self._index

    def load(self) -> "Gazetteer":
        """Load the index now (it otherwise loads on first use)."""
        _ = self.index
        return self

    def _record(self, i: int) -> G.Record:
        return G.Record(*self.index.record(i))

    def _candidates(self, key: str) -> tuple[int, ...]:
        return self.index.candidates(key)

    # -- ranking ---------------------------------------------------------------------------
    def _best(self, cands: tuple[int, ...], prefer_countries: tuple[str, ...] = ()) -> int | None:
        if not cands:
            return None
        if prefer_countries:
            prefer = {c.upper() for c in prefer_countries}
            preferred = [i for i in cands if (self._record(i).country or "") in prefer
                         or prefer & set(self._record(i).countries)]
            if preferred:
                return preferred[0]
        return cands[0]  # already ranked: population first

    def _place(self, i: int, raw: str) -> Place:
        r = self._record(i)
        return Place(raw=raw, name=r.name, country=r.country, admin1=r.admin1, lat=r.lat, lon=r.lon,
                     geonames_id=r.geonames_id, precision=r.precision)  # type: ignore[arg-type]

    # -- lookup ----------------------------------------------------------------------------
    def lookup(self, name: str, lang: str | None = None, *, prefer_countries: tuple[str, ...] = ()) -> Place | None:
        """The best gazetteer record for a place name as written, or None when unknown."""
        if not name or not name.strip():
            return None
        idx = self._lookup_index(name.strip(), lang, tuple(prefer_countries))
        if idx is None:
            return None
        return self._place(idx, name)

    def _lookup_index(self, name: str, lang: str | None, prefer: tuple[str, ...]) -> int | None:
        key = (name, lang, prefer)
        try:
            return self._lookups[key]
        except KeyError:
            pass
        found = self._lookup_uncached(name, lang, prefer)
        if len(self._lookups) >= _CACHE_SIZE:
            self._lookups.clear()
        self._lookups[key] = found
        return found

    def _lookup_uncached(self, name: str, lang: str | None, prefer: tuple[str, ...]) -> int | None:
        cleaned = self._strip_prefixes(name, lang)
        toks = [t for _, _, t in N.tokens(cleaned)]
        if not toks:
            return None
        if self._is_stop_name(cleaned, toks, lang):
            return None
        # whole name, every inflection of each word
        cands = self._match_tokens(toks)
        if cands:
            return self._best(cands, prefer)
        # "X region" / "Брянская область" / "منطقة خاركيف"
        region = self._region_of(toks, lang)
        if region is not None:
            return region
        # drop a trailing or leading qualifier ("Khartoum (north)", "eastern Khartoum")
        for sub in (toks[1:], toks[:-1]):
            if sub and len(sub) < len(toks):
                cands = self._match_tokens(sub)
                if cands and self._has_qualifier(toks, sub, lang):
                    return self._best(cands, prefer)
        # cross-script fallback: a spelling the source lacks
        found = self._skeleton_best(cleaned, prefer)
        if found is not None:
            return found
        # "Khartoum (north and east)", "Chong Khanma, Si Sa Ket", "Bryansk and Kursk oblasts; Crimea"
        parts = [p.strip() for p in re.split(r"\(.*?\)|[,;/()]|\band\b|\bи\b|\bта\b|\bі\b|\bو\b", cleaned) if p and p.strip()]
        if len(parts) > 1 or (parts and parts[0] != cleaned):
            for part in parts:
                if part != cleaned:
                    idx = self._lookup_index(part, lang, prefer)
                    if idx is not None:
                        return idx
        return None

    def _is_stop_name(self, cleaned: str, toks: list[str], lang: str | None) -> bool:
        """Institutions, armed groups and common words that GeoNames also lists as towns."""
        langs = tuple(G.iter_lang(lang)) if lang in G.lang_data() else ("en", "ru", "uk", "ar")
        stop = _stop_words(langs)
        if len(toks) == 1 and _is_acronym(toks[0]):
            # an acronym (NATO, IDF) is a place only when it names a country ("USA", "UK", "UAE")
            return not self._record_is_country(toks[0])
        whole = _fold_word(cleaned)
        if whole in stop or whole.removeprefix("the ") in stop:
            return True
        if len(toks) == 1:
            forms = set(N.text_keys(toks[0])) | {_fold_word(toks[0])}
            if N.script_of(toks[0]) == "arabic":
                forms |= _ar_bare(toks[0])
            if forms & stop:
                return True
        return False

    def _record_is_country(self, word: str) -> bool:
        for k in N.text_keys(word):
            for i in self._candidates(k)[:3]:
                if self._record(i).precision == "country":
                    return True
        return False

    def _has_qualifier(self, toks: list[str], sub: list[str], lang: str | None) -> bool:
        extra = [t for t in toks if t not in sub]
        quals = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                 "greater", "city", "town", "village", "port", "district", "oblast", "region", "province"}
        return all(_fold_word(t) in quals or _fold_word(t) in _words(lang or "en", "triggers") for t in extra)

    def _strip_prefixes(self, name: str, lang: str | None) -> str:
        text = name.strip().strip("\"'«»“”()[]")
        changed = True
        while changed:
            changed = False
            low = _fold_word(text)
            for lg in G.iter_lang(lang):
                for prefix in sorted(G.lang_data()[lg].get("strip_prefixes", ()), key=len, reverse=True):
                    fp = _fold_word(prefix)
                    if low.startswith(fp + " ") and len(text) > len(prefix) + 1:
                        text = text[len(prefix) + 1:].strip()
                        changed = True
                        break
                if changed:
                    break
        return text

    def _match_tokens(self, toks: list[str]) -> tuple[int, ...]:
        keys = [N.text_keys(t) for t in toks]
        if len(toks) == 1:
            for k in keys[0]:
                if len(k) < 3 and not _is_acronym(toks[0]):
                    continue
                c = self._candidates(k)
                if c:
                    return c
            return ()
        multi = self.index
        for k in keys[0]:
            for parts in multi.multi(k):
                if len(parts) == len(toks) and all(parts[j] in keys[j] for j in range(1, len(toks))):
                    return self._candidates(" ".join(parts))
        return ()

    def _region_of(self, toks: list[str], lang: str | None) -> int | None:
        """A region named after its main town: "Bryansk region", «Харківська область», «منطقة خاركيف»."""
        if len(toks) < 2:
            return None
        langs = tuple(G.iter_lang(lang))
        after = set().union(*(_words(lg, "region_after") for lg in langs))
        before = set().union(*(_words(lg, "region_before") for lg in langs))
        if _fold_word(toks[-1]) in after:
            core = toks[:-1]
        elif any(b in before for b in _ar_bare(toks[0])) or _fold_word(toks[0]) in before:
            core = toks[1:]
        else:
            return None
        return self._region_from_core(core)

    def _region_from_core(self, core: list[str]) -> int | None:
        if not core:
            return None
        keys = [N.region_keys(t) for t in core]
        town = None
        if len(core) == 1:
            for n, k in enumerate(keys[0]):
                cands = self._candidates(k)
                if cands:
                    towns = [i for i in cands[:20] if self._record(i).precision == "city"
                             and self._record(i).population >= 10_000]
                    if towns:  # the biggest town of that name: «Сумської» -> Sumy, not Soum (Burkina Faso)
                        town = max(towns, key=lambda i: self._record(i).population)
                        # «Николаевской области»: the stem «никола*в» names Mykolaiv (a regional centre),
                        # the longer «никола*вск» only a small Nikolayevsk; a far bigger town of a shorter
                        # stem is the one the region is named after
                        for k2 in keys[0][n + 1:]:
                            bigger = [i for i in self._candidates(k2)[:20] if self._record(i).precision == "city"
                                      and self._record(i).population >= 10 * self._record(town).population]
                            if bigger:
                                town = max(bigger, key=lambda i: self._record(i).population)
                        break
                    for i in cands:  # else an existing region record (pycountry subdivision)
                        if self._record(i).precision in ("region", "area"):
                            return i
                    town = cands[0]
                    break
        else:
            cands = self._match_tokens(core)
            if cands:
                town = cands[0]
        if town is None:
            return None
        return self._region_for_town(town)

    def _region_for_town(self, town: int) -> int:
        """A region record for the region around ``town`` (cached in the index)."""
        regions = self._regions
        if town in regions:
            return regions[town]
        r = self._record(town)
        if r.precision != "city":
            regions[town] = town
            return town
        known = self.index.region_of_admin1(r.admin1) if r.admin1 else None
        if known is not None:
            regions[town] = known
            return known
        rec = (f"{r.name} region", r.country, r.admin1, r.lat, r.lon, None, "region", r.population, None, None, ())
        regions[town] = self.index.add_record(rec)
        return regions[town]

    # -- skeletons -------------------------------------------------------------------------
    def _skeleton_best(self, name: str, prefer: tuple[str, ...]) -> int | None:
        toks = [t for _, _, t in N.tokens(name)]
        if not toks or len(toks) > 3:
            return None
        variants = {name}
        if N.script_of(name) == "arabic":
            variants = {" ".join(vs) for vs in _ar_variants(toks)}
        for v in sorted(variants, key=len, reverse=True):
            key = N.skeleton(v)
            if len(key) < 5:
                continue
            cands = self.index.skeleton(key)
            if cands:
                return self._best(cands, prefer)
        return None

    # -- running text ----------------------------------------------------------------------
    def find(self, text: str, lang: str | None = None, *, prefer_countries: tuple[str, ...] = ()) -> list[tuple[int, int, Place]]:
        """Place mentions in ``text``: (start, end, Place) with offsets into ``text``.

        Guards against common words that happen to be village names: in Latin and
        Cyrillic script a mention must be capitalised; small places need a locative
        preposition or a settlement word before them ("the village of X", «قرية X»),
        and the smallest need the settlement word.
        """
        if not text:
            return []
        lg = lang if lang in G.lang_data() else _guess_lang(text)
        toks = N.tokens(text)
        out: list[tuple[int, int, Place]] = []
        stop = _words(lg, "stop")
        triggers = _words(lg, "triggers")
        preps = _words(lg, "prepositions")
        region_after = _words(lg, "region_after")
        region_before = _words(lg, "region_before")
        i = 0
        n = len(toks)
        while i < n:
            start, end, surface = toks[i]
            script = N.script_of(surface)
            cased = script in ("latin", "cyrillic")
            if cased and not surface[:1].isupper():
                i += 1
                continue
            folded = _fold_word(surface)
            bare = _ar_bare(surface) if script == "arabic" else frozenset((folded,))
            # multi-word names first: they may start with a common word ("Port Sudan", «ولاية الجزيرة»)
            multi = self._match_at(toks, i, multi_only=True)
            if multi is not None and cased and self._in_longer_name(toks, i, multi[0], text):
                multi = None  # "New York Declaration"
            if multi is not None:
                j, idx = multi
                idx = self._best(self._candidates_at(toks, i, j), prefer_countries) or idx
                span_end = toks[j - 1][1]
                if j < n and _fold_word(toks[j][2]) in region_after and self._record(idx).precision == "city":
                    idx = self._region_for_town(idx)
                    span_end = toks[j][1]
                    j += 1
                out.append((start, span_end, self._place(idx, text[start:span_end])))
                i = j
                continue
            # a region word first (Arabic: «محافظة X», «مقاطعة X»)
            if script == "arabic" and bare & region_before and i + 1 < n and not (
                    _ar_bare(toks[i + 1][2]) & stop):
                hit = self._match_at(toks, i + 1, region=True)
                if hit is not None:
                    j, idx = hit
                    out.append((toks[i + 1][0], toks[j - 1][1], self._place(idx, text[toks[i + 1][0]:toks[j - 1][1]])))
                    i = j
                    continue
            forms = bare | {_fold_word(k) for k in N.text_keys(surface)} if script != "arabic" else bare
            if _is_acronym(surface):
                if not self._record_is_country(surface) or _glued_to_digit(text, start, end):
                    i += 1
                    continue
            elif folded in stop or forms & stop or _glued_to_digit(text, start, end):
                i += 1
                continue
            hit = self._match_at(toks, i)
            if hit is None:
                # "X oblast" with an adjectival X
                if i + 1 < n and _fold_word(toks[i + 1][2]) in region_after:
                    idx = self._region_from_core([surface])
                    if idx is not None:
                        out.append((start, toks[i + 1][1], self._place(idx, text[start:toks[i + 1][1]])))
                        i += 2
                        continue
                # «Белгородской и Курской областями»: the first adjective names a region too
                if (i + 3 < n and _fold_word(toks[i + 1][2]) in _AND
                        and _fold_word(toks[i + 3][2]) in region_after):
                    idx = self._region_from_core([surface])
                    if idx is not None:
                        out.append((start, end, self._place(idx, surface)))
                        i += 2
                        continue
                # Ukrainian «Сумщина», «Харківщини»: the region around a town
                if script == "cyrillic":
                    idx = self._region_suffix(surface)
                    if idx is not None:
                        out.append((start, end, self._place(idx, surface)))
                        i += 1
                        continue
                # a settlement word before an unknown spelling: try other scripts' spellings
                if self._after_trigger(toks, i, triggers, text):
                    idx = self._skeleton_best(surface, prefer_countries)
                    if idx is not None:
                        out.append((start, end, self._place(idx, surface)))
                i += 1
                continue
            j, idx = hit
            idx = self._best(self._candidates_at(toks, i, j), prefer_countries) or idx
            rec = self._record(idx)
            span_end = toks[j - 1][1]
            # "Kharkiv region", «Брянской области»
            if j < n and _fold_word(toks[j][2]) in region_after and rec.precision == "city":
                # «Николаевской области»: the adjective's regional centre (Mykolaiv), not a small town
                # spelt like the adjective itself (Nikolayevsk, in another region)
                alt = self._region_from_core([surface]) if j == i + 1 and script == "cyrillic" else None
                idx = alt if alt is not None else self._region_for_town(idx)
                span_end = toks[j][1]
                j += 1
                rec = self._record(idx)
            if not self._accept(rec, toks, i, j, script, triggers, preps, text):
                i += 1
                continue
            out.append((start, span_end, self._place(idx, text[start:span_end])))
            # "Bryansk and Kursk oblasts": the first town is a region too
            if (len(out) >= 2 and out[-1][2].precision == "region" and out[-2][2].precision == "city"
                    and _fold_word(text[out[-2][1]:start].strip()) in _AND):
                s0, e0, p0 = out[-2]
                town = self._lookup_index(p0.raw, lg, ())
                if town is not None:
                    out[-2] = (s0, e0, self._place(self._region_for_town(town), p0.raw))
            i = j
        return out

    def _candidates_at(self, toks, i: int, j: int) -> tuple[int, ...]:
        return self._match_tokens([t for _, _, t in toks[i:j]])

    def _region_suffix(self, surface: str) -> int | None:
        for key in N.region_suffix_keys(surface):
            cands = self._candidates(key)
            for c in cands:
                r = self._record(c)
                if r.precision == "city" and r.country in ("UA", "RU", "BY") and r.population >= 10_000:
                    return self._region_for_town(c)
        return None

    def _match_at(self, toks, i: int, *, region: bool = False, multi_only: bool = False) -> tuple[int, int] | None:
        """Longest name starting at token ``i``: (end token index, record index)."""
        keys0 = N.region_keys(toks[i][2]) if region else N.text_keys(toks[i][2])
        best: tuple[int, int] | None = None
        keys1 = N.text_keys(toks[i + 1][2]) if i + 1 < len(toks) else ()
        for k in keys0:
            for parts in self._multi_after(k, keys1):
                m = len(parts)
                if i + m > len(toks) or (best and m <= best[0] - i):
                    continue
                if all(parts[x] in N.text_keys(toks[i + x][2]) for x in range(2, m)):
                    cands = self._candidates(" ".join(parts))
                    if cands:
                        best = (i + m, cands[0])
                        break
        if best or multi_only:
            return best
        for k in keys0:
            if len(k) < 3 and not _is_acronym(toks[i][2]):
                continue
            cands = self._candidates(k)
            if cands:
                if region:
                    return i + 1, self._region_for_town(cands[0]) if self._record(cands[0]).precision == "city" else cands[0]
                return i + 1, cands[0]
        return None

    def _multi_after(self, first: str, keys1: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The multi-word names starting with ``first`` whose second word is one of ``keys1``
        (in the index's order: longest first)."""
        by_second = self._multi_index(first)
        if not by_second:
            return []
        found = [by_second[k] for k in keys1 if k in by_second]
        if not found:
            return []
        if len(found) == 1:
            return [parts for _pos, parts in found[0]]
        return [parts for _pos, parts in sorted(x for group in found for x in group)]

    def _multi_index(self, first: str) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
        """``index.multi(first)`` grouped by second word, each name with its position."""
        cache = self._multi_cache
        try:
            return cache[first]
        except KeyError:
            pass
        out: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for pos, parts in enumerate(self.index.multi(first)):
            if len(parts) >= 2:  # every multi-word name has a second word
                out.setdefault(parts[1], []).append((pos, parts))
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[first] = out
        return out

    def _in_longer_name(self, toks, i: int, j: int, text: str) -> bool:
        """A capitalised neighbour that is not a place word makes the match part of another name."""
        place_words, lg_words = _neighbour_words()
        if j < len(toks):
            nxt = toks[j][2]
            gap = text[toks[j - 1][1]:toks[j][0]]
            if nxt[:1].isupper() and gap.strip() == "" and _fold_word(nxt) not in place_words:
                if self._match_at(toks, j) is None or self._record(self._match_at(toks, j)[1]).precision == "city":
                    return True
        if i > 0:
            prev = toks[i - 1][2]
            gap = text[toks[i - 1][1]:toks[i][0]]
            if (prev[:1].isupper() and gap.strip() == "" and _fold_word(prev) not in lg_words
                    and not _sentence_break(text, max(0, toks[i - 1][0] - 3), toks[i - 1][0] + 1)
                    and toks[i - 1][0] > 0):
                prev_start = toks[i - 1][0]
                before = text[max(0, prev_start - 3):prev_start]
                if not re.search(r"[.!?\n]\s*$", before):
                    return True
        return False

    def _after_trigger(self, toks, i: int, triggers: frozenset[str], text: str | None = None) -> bool:
        for back in (1, 2, 3):
            if i - back < 0:
                return False
            if text is not None and re.search(r"[,.;:!?()\n،؛]", text[toks[i - back][1]:toks[i - back + 1][0]]):
                return False
            w = toks[i - back][2]
            forms = _ar_bare(w) if N.script_of(w) == "arabic" else {_fold_word(w)}
            if forms & triggers:
                return True
            if _fold_word(w) not in ("of", "the"):
                return False
        return False

    def _accept(self, rec: G.Record, toks, i: int, j: int, script: str, triggers, preps, text: str) -> bool:
        if rec.precision in ("country", "region", "area"):
            return True
        after_trigger = self._after_trigger(toks, i, triggers, text)
        prev = toks[i - 1][2] if i > 0 else ""
        prev_forms = _ar_bare(prev) if N.script_of(prev) == "arabic" else {_fold_word(prev)}
        after_prep = bool(prev_forms & preps)
        if script == "arabic":
            cur = toks[i][2]
            # a clitic preposition on the name itself: «بخاركيف», «لسلوفيانسك»
            if N.fold_arabic(cur)[:1] in ("ب", "ل") and not N.fold_arabic(cur).startswith("ال"):
                after_prep = True
        sentence_start = i == 0 or _sentence_break(text, toks[i - 1][1], toks[i][0])
        if after_trigger:
            return True
        if script == "arabic":
            cur = N.fold_arabic(toks[i][2])
            if j - i == 1 and len(cur) <= 4 and cur[:1] in ("ب", "ل", "ك", "و", "ف"):
                return False  # «لديه», «بها»: a clitic on a short word, not a place
            if after_prep and rec.population >= 15_000:
                return True
            # no capital letters to tell a town from a word or a given name: only big cities
            return rec.population >= G.ARABIC_UNPROMPTED
        if self._in_longer_name(toks, i, j, text):
            return False  # "Vladimir Putin", "New York Declaration", "Rapid Support Forces"
        if rec.population >= G.BIG_PLACE:
            return True
        if rec.population >= G.TOWN:
            if script == "arabic":
                return after_prep and rec.population >= 15_000
            return after_prep or not sentence_start and (j - i) > 1
        return False


@lru_cache(maxsize=1)
def _neighbour_words() -> tuple[frozenset[str], frozenset[str]]:
    place_words: set[str] = set()
    lg_words: set[str] = set()
    for lg in ("en", "ru", "uk"):
        place_words |= _words(lg, "region_after") | _words(lg, "triggers")
        lg_words |= place_words | _words(lg, "stop")
    return frozenset(place_words), frozenset(lg_words)


def _guess_lang(text: str) -> str:
    """ar / ru / uk / en from the script of the text, when the caller gives no language."""
    sample = text[:2000]
    arabic = sum(1 for ch in sample if "\u0600" <= ch <= "\u06ff")
    cyrillic = sum(1 for ch in sample if "\u0400" <= ch <= "\u04ff")
    if arabic > cyrillic and arabic > len(sample) * 0.2:
        return "ar"
    if cyrillic > len(sample) * 0.2:
        return "uk" if any(ch in sample for ch in "іїєґ") else "ru"
    return "en"


def _is_acronym(word: str) -> bool:
    return word.isupper() and word.isascii() and 2 <= len(word) <= 5


def _glued_to_digit(text: str, start: int, end: int) -> bool:
    return (end < len(text) and text[end].isdigit()) or (start > 0 and text[start - 1].isdigit())


def _sentence_break(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return any(ch in gap for ch in ".!?\n:;«\"“")


def _ar_variants(toks: list[str]) -> list[list[str]]:
    first = sorted(_ar_bare(toks[0]), key=len)
    return [[f] + toks[1:] for f in first]


# --------------------------------------------------------------------------- scope


def _haversine_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def _in_bbox(lat: float, lon: float, bbox, margin: float = 0.0) -> bool:
    return bbox[0] - margin <= lat <= bbox[2] + margin and bbox[1] - margin <= lon <= bbox[3] + margin


def _country_of(self: Gazetteer, name_or_code: str | None) -> str | None:
    if not name_or_code or not name_or_code.strip():
        return None
    value = name_or_code.strip()
    if len(value) == 2 and value.isalpha() and value.isupper() and value in self.index.countries:
        return value
    if len(value) == 3 and value.isalpha() and value.isupper():
        import pycountry

        c = pycountry.countries.get(alpha_3=value)
        if c:
            return c.alpha_2
    idx = self._lookup_index(value, None, ())
    if idx is None:
        return None
    return self._record(idx).country


def _resolve_scope(self: Gazetteer, scope_place: str | None):
    if not scope_place:
        return None
    idx = self._lookup_index(scope_place.strip(), None, ())
    return self._record(idx) if idx is not None else None


def _in_scope(self: Gazetteer, scope_country: str | None, scope_place: str | None, place: Place | None) -> bool | None:
    if not scope_country and not scope_place:
        return True  # no place restriction
    if place is None:
        return None
    pcountry = place.country
    if not place.resolved and not pcountry:
        resolved = self.lookup(place.raw, None) if place.raw else None
        if resolved is None:
            return None
        place = resolved
        pcountry = place.country
    scope = _resolve_scope(self, scope_place)
    if scope is not None and scope.precision != "country":
        # same record
        if place.name and place.name == scope.name:
            return True
        if scope.bbox is not None:
            if place.precision == "country":
                if scope.country and pcountry == scope.country:
                    return None  # part of the country, maybe inside the area
                if scope.countries and pcountry in scope.countries:
                    return None
                return None if scope.country is None else False
            if place.lat is not None and place.lon is not None:
                if _in_bbox(place.lat, place.lon, scope.bbox):
                    if scope.country is None or pcountry == scope.country or pcountry in scope.countries:
                        return True
                    return None
                if scope.country is None and _in_bbox(place.lat, place.lon, scope.bbox, margin=0.6):
                    return None  # coastal: a port city on the sea
                return False
            if scope.country and pcountry and pcountry != scope.country and pcountry not in scope.countries:
                return False
            return None
        if scope.precision == "region":
            if place.admin1 and scope.admin1 and place.admin1 == scope.admin1:
                return True
            if place.admin1 and scope.admin1 and "." in place.admin1 and "." in scope.admin1:
                return False  # both GeoNames admin1 codes, and they differ
            if scope.country and pcountry and pcountry != scope.country:
                return False
            return None
        if scope.precision == "city":
            if place.geonames_id and place.geonames_id == scope.geonames_id:
                return True
            if place.lat is not None and scope.lat is not None and _haversine_km(place.lat, place.lon, scope.lat, scope.lon) < 25:
                return True
            if scope.country and pcountry and pcountry != scope.country:
                return False
            return None
    country = (scope.country if scope is not None else None) or (scope_country.upper() if scope_country else None)
    if not country:
        return None
    if not pcountry:
        return None
    return pcountry.upper() == country


Gazetteer.country_of = _country_of  # type: ignore[attr-defined]
Gazetteer.in_scope = _in_scope  # type: ignore[attr-defined]
