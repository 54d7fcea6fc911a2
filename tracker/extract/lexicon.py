"""Load extraction language data (JSONL patterns, tables) from ``tracker/lang``.

A Russian or Ukrainian row may name dictionary lemmas instead of listing word forms::

    {"label": "IMPOSE", "pattern": "вводить", "lemma": ["вводить", "ввести"], "id": "impose tariffs"}
    {"label": "EVT", "pattern": "ввести пошлины", "lemma": ["вводить", "ввести"], "head": 0, "id": "..."}

At load time (:func:`expand_lemma_row`) the word at ``head`` (default 0) of ``pattern`` is replaced by
every form pymorphy3 generates for the lemmas (both aspects may be listed); the other words stay as
written. ``forms`` keeps only forms of these classes (the same names for both languages): ``infn``,
``past``, ``pres``, ``futr``, ``impr`` (finite verb forms by tense or mood), ``impers`` (Ukrainian
«-но/-то» forms), ``prts``, ``prtf`` (short and full participles), ``grnd``, ``noun``, ``adj``. A verb
row that must stay an event («ввел пошлины») lists only ``past``; one for stated intent («вводить»)
lists ``infn``, ``pres``, ``futr``.
The forms are matched on NORM (the light stemmer of :mod:`tracker.extract.normalize`): one phrase row per
stem, like a hand-written row, so the ruler's phrase trie finds them; except where a
stem is shared with a dictionary word of another lemma (the verb «вводить» and the noun «ввод» both
stem to «ввод»): those forms are matched exactly, on LOWER. A lemma pymorphy3 does not know is a load
error naming the file and line.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from tracker import diskcache

logger = logging.getLogger(__name__)

SUPPORTED_LANGS: tuple[str, ...] = ("ar", "en", "ru", "uk")
#: Cue labels the frame builder understands; anything else in a data file is an error.
CUE_LABELS = frozenset({
    "EVT", "WPN", "MISS", "TRUCE", "HALT", "AGREE", "PERF", "CONT", "FUT", "TGT", "SCOPE", "FORCES",
    "ATTR", "ACCUSE", "SRC", "DENY", "COND", "PROPOSE", "ACCEPT", "HYPO", "ORDER", "NEG",
    "COMPLY", "BY", "PREP_V", "WITH", "REL", "CONJ", "FULFIL", "POSS", "CLAIM", "RFUT", "HIT", "IMPOSE", "UNKNOWN", "COMPANY", "CAUSE",
    "TEMP",  # temporal subordinator: "before/after/since the truce" (a reference, not a statement)
    "SELF",  # a pronoun subject after a reporting verb: "X said it had struck" (X is the agent)
    "EXTEND",  # a truce extended: "the deal will be extended until 18 February"
    "EXPIRE",  # a truce ending: "after the truce ended" (events then fall outside its window)
    "OBLIG",  # an obligation in agreement terms: "it requires X to", "troops are to withdraw"
    "DESC",  # a sponsor descriptor: "Iran-backed", "backed by Iran" (the sponsor is not the party)
    "INTERCEPT",  # an interception verb: "shot down", «сбили», «اعترضت» (a tally of the other side's attack)
    "GOV",  # a government or ministry named without its country ("the government", «Правительство», «الحكومة»)
})


@dataclass(frozen=True)
class LangData:
    """Everything extraction reads for one language."""

    lang: str
    cue_patterns: tuple[dict[str, Any], ...]
    actor_patterns: tuple[dict[str, Any], ...]
    mediators: frozenset[str] = field(default_factory=frozenset)
    actor_stop: tuple[str, ...] = ()


def _read_jsonl(lang: str, name: str) -> list[dict[str, Any]]:
    path = resources.files("tracker.lang").joinpath(lang, name)
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    if '"lemma"' not in text:
        return _parse_jsonl(lang, name, text)
    # lemma rows cost pymorphy3 work (about a second per language): their expansion is cached on disk,
    # keyed by the file, this code, the normaliser and the dictionaries' versions
    key = f"lexicon-{lang}-{name.removesuffix('.jsonl')}-{_expansion_digest(text)}.json"
    cached = diskcache.load_json(key)
    if isinstance(cached, list):
        return cached
    rows = _parse_jsonl(lang, name, text)
    diskcache.store_json(key, rows)
    return rows


def _expansion_digest(text: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(text.encode("utf-8"))
    for module in ("lexicon.py", "normalize.py"):
        digest.update(resources.files("tracker.extract").joinpath(module).read_bytes())
    for package in ("pymorphy3", "pymorphy3-dicts-ru", "pymorphy3-dicts-uk"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()[:16]


def _parse_jsonl(lang: str, name: str, text: str) -> list[dict[str, Any]]:
    rows = []
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    friends = _lemmas_by_cue(text)
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"tracker/lang/{lang}/{name}:{lineno}: invalid JSON") from e
        where = f"tracker/lang/{lang}/{name}:{lineno}"
        if "label" not in row or ("pattern" not in row and "lemma" not in row):
            raise ValueError(f"{where}: needs label and pattern (or lemma)")
        if "lemma" in row:
            try:
                expanded = expand_lemma_row(lang, row, friends.get((row["label"], row.get("id")), frozenset()))
            except ValueError as e:
                raise ValueError(f"{where}: {e}") from None
            for new in expanded:
                if isinstance(new["pattern"], str):
                    rows.append(new)
                    continue
                # exact forms of rows of one cue and one shape share a pattern: the ruler then tries one
                # pattern where a word starts several («не» + any of the halt verbs)
                shape = json.dumps([tok if "LOWER" not in tok else None for tok in new["pattern"]], ensure_ascii=False)
                key = (new["label"], new.get("id"), shape, json.dumps({k: v for k, v in new.items()
                                                                       if k not in ("pattern", "label", "id")}))
                if key in merged:
                    tok = next(t for t in merged[key]["pattern"] if "LOWER" in t)
                    extra = next(t for t in new["pattern"] if "LOWER" in t)["LOWER"]["IN"]
                    tok["LOWER"]["IN"] = sorted(set(tok["LOWER"]["IN"]) | set(extra))
                else:
                    merged[key] = new
                    rows.append(new)
        elif isinstance(row["pattern"], list) and any(isinstance(t, dict) and "LEMMA" in t for t in row["pattern"]):
            try:
                rows.extend({**row, "pattern": p} for p in expand_lemma_tokens(lang, row["pattern"]))
            except ValueError as e:
                raise ValueError(f"{where}: {e}") from None
        else:
            rows.append(row)
    return rows


def _lemmas_by_cue(text: str) -> dict[tuple[str, Any], frozenset[str]]:
    """The lemmas of one file's lemma rows per (label, id): single-word rows only (a stem shared with
    a lemma of the same cue is no collision: both words give the same cue)."""
    out: dict[tuple[str, Any], set[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if '"lemma"' not in line or line.startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # reported by the caller
        if "lemma" not in row or "label" not in row or len(str(row.get("pattern", "x")).split()) != 1:
            continue
        lemmas = [row["lemma"]] if isinstance(row["lemma"], str) else row["lemma"]
        out.setdefault((row["label"], row.get("id")), set()).update(
            _fold(x) for x in lemmas if isinstance(x, str))
    return {k: frozenset(v) for k, v in out.items()}


# ---------------------------------------------------------------- lemma rows (ru, uk)
_LEMMA_KEYS = frozenset({"lemma", "head", "forms"})
FORM_CLASSES = frozenset({"infn", "past", "pres", "futr", "impr", "impers", "prts", "prtf", "grnd", "noun", "adj",
                          "other"})
_APOSTROPHE_VARIANTS = ("'", "’", "ʼ")


@lru_cache(maxsize=None)
def _morph(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def _fold(word: str) -> str:
    """Lower case, ё→е, apostrophes folded: the text NORM starts from (before the ending is stripped)."""
    from tracker.extract.normalize import _APOSTROPHES

    return word.lower().translate(_APOSTROPHES)


def form_class(tag) -> str:
    """The class of a pymorphy3 tag (ru and uk tag infinitives and gerunds differently)."""
    pos, grammemes = str(tag.POS), tag.grammemes
    if pos == "INFN" or "infn" in grammemes:
        return "infn"
    if pos == "VERB":
        for name in ("impr", "past", "pres", "futr"):
            if name in grammemes:
                return name
        return "impers" if "Impe" in grammemes else "other"
    return {"PRTS": "prts", "PRTF": "prtf", "GRND": "grnd", "NOUN": "noun", "ADJF": "adj", "ADJS": "adj"}.get(pos, "other")


def _lemma_parses(lang: str, lemma: str) -> list:
    """The dictionary parses whose normal form is ``lemma`` (ё and apostrophes folded)."""
    target = _fold(lemma)
    return [p for p in _morph(lang).parse(lemma)
            if _fold(p.normal_form) == target and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"]


@lru_cache(maxsize=None)
def _lemma_forms(lang: str, lemmas: tuple[str, ...], classes: tuple[str, ...] | None,
                 friends: frozenset[str] = frozenset(), check: bool = True,
                 ) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The forms of ``lemmas`` grouped for matching: (one form per NORM value, groups of exact forms).

    A NORM value is used (through one of its forms) when no dictionary word of another lemma has it;
    otherwise the forms with that NORM are returned as an exact group (matched on LOWER), minus forms more likely read as another
    lemma's.
    """
    from tracker.extract.normalize import slavic_norm

    if lang not in ("ru", "uk"):
        raise ValueError(f"lemma rows need a pymorphy3 dictionary (ru, uk), not {lang!r}")
    own = {_fold(lemma) for lemma in lemmas} | friends
    forms: set[str] = set()
    for lemma in lemmas:
        parses = _lemma_parses(lang, lemma)
        if not parses:
            raise ValueError(f"unknown lemma {lemma!r} (pymorphy3 has no dictionary word with this normal form)")
        for parse in parses:
            own.add(_fold(parse.normal_form))
            for form in parse.lexeme:
                if classes is not None and form_class(form.tag) not in classes:
                    continue
                forms.add(_fold(form.word))
    if not forms:
        raise ValueError(f"no forms of {list(lemmas)!r} left after the forms filter")

    by_norm: dict[str, set[str]] = {}
    for form in forms:
        by_norm.setdefault(slavic_norm(form), set()).add(form)
    norms: list[str] = []
    exact: list[tuple[str, ...]] = []
    for norm, group in sorted(by_norm.items()):
        # a dictionary word with this NORM none of whose readings is one of our lemmas
        shared = check and any(word not in group and all(lemma not in own for _score, lemma in readings)
                               for word, readings in _norm_words(lang, norm))
        if not shared:
            norms.append(min(group))  # one form stands for the stem (a phrase pattern on NORM)
            continue
        # forms more likely read as another lemma's (pymorphy3 scores Russian readings by frequency;
        # Ukrainian ones mostly tie) are left out
        kept = []
        for form in sorted(group):
            readings = _readings(lang, form)
            ours = max((score for score, lemma in readings if lemma in own), default=0.0)
            if not any(score > ours for score, lemma in readings if lemma not in own):
                kept.append(form)
        if kept:
            exact.append(tuple(kept))
    return tuple(norms), tuple(exact)


@lru_cache(maxsize=None)
def _readings(lang: str, word: str) -> tuple[tuple[float, str], ...]:
    """(score, folded normal form) of each dictionary reading of ``word``."""
    morph = _morph(lang)
    if not morph.word_is_known(word):
        return ()
    return tuple((p.score, _fold(p.normal_form)) for p in morph.parse(word)
                 if type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer")


@lru_cache(maxsize=None)
def _norm_candidates(norm: str) -> tuple[str, ...]:
    """The words whose NORM is ``norm``: the stem alone or with one of the endings NORM strips."""
    from tracker.extract.normalize import _SLAVIC_ENDINGS, slavic_norm

    return tuple(w for w in sorted({norm, *(norm + e for e in _SLAVIC_ENDINGS)}) if slavic_norm(w) == norm)


def _norm_words(lang: str, norm: str):  # noqa: ANN202
    """The dictionary words whose NORM is ``norm``, with their readings (lazily: callers stop early)."""
    morph = _morph(lang)
    for word in _norm_candidates(norm):
        if morph.word_is_known(word) and (readings := _readings(lang, word)):
            yield word, readings


def _surface_variants(form: str) -> list[str]:
    """LOWER values a folded form may appear as in text (ё written or not, any apostrophe)."""
    out = {form}
    if "'" in form:
        out.update(form.replace("'", a) for a in _APOSTROPHE_VARIANTS)
    return sorted(out)


def _yo_variants(lang: str, form: str) -> list[str]:
    if lang != "ru" or "е" not in form:
        return [form]
    # the dictionary spelling with ё, when pymorphy3 restores one
    out = {form}
    for p in _morph(lang).parse(form):
        word = p.word
        if "ё" in word and word.replace("ё", "е") == form:
            out.add(word)
    return sorted(out)


_TOKEN_LEMMA_KEYS = ("LEMMA", "FORMS")
_MAX_TOKEN_ALTERNATIVES = 16


def expand_lemma_tokens(lang: str, pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A token pattern whose tokens may name lemmas (``{"LEMMA": [...], "FORMS": [...]}`` next to other
    predicates and operators) as plain token patterns: such a token becomes ``NORM IN`` the lemmas'
    stems, and ``LOWER IN`` their exact forms where a stem is shared with another word (one pattern for
    each combination, so a token with both kinds doubles the patterns)."""
    from tracker.extract.normalize import slavic_norm

    options: list[list[dict[str, Any]]] = []
    for tok in pattern:
        if not isinstance(tok, dict) or "LEMMA" not in tok:
            options.append([tok])
            continue
        lemmas = tok["LEMMA"]
        lemmas = (lemmas,) if isinstance(lemmas, str) else tuple(lemmas)
        if not lemmas or not all(isinstance(x, str) and x.strip() for x in lemmas):
            raise ValueError("LEMMA must be a word or a list of words")
        classes = tok.get("FORMS")
        if classes is not None:
            classes = (classes,) if isinstance(classes, str) else tuple(sorted(set(classes)))
            if not classes or set(classes) - FORM_CLASSES:
                raise ValueError(f"FORMS must be some of {sorted(FORM_CLASSES)}, not {tok['FORMS']!r}")
        rest = {k: v for k, v in tok.items() if k not in _TOKEN_LEMMA_KEYS}
        if {k.upper() for k in rest} & {"NORM", "LOWER", "ORTH", "TEXT"}:
            raise ValueError("a LEMMA token cannot also test NORM, LOWER, ORTH or TEXT")
        norms, exact = _lemma_forms(lang, lemmas, classes)
        alternatives = []
        if norms:
            alternatives.append({"NORM": {"IN": sorted({slavic_norm(f) for f in norms})}, **rest})
        lower = sorted({v for group in exact for f in group for y in _yo_variants(lang, f)
                        for v in _surface_variants(y)})
        if lower:
            alternatives.append({"LOWER": {"IN": lower}, **rest})
        options.append(alternatives)
    total = 1
    for o in options:
        total *= len(o)
    if total > _MAX_TOKEN_ALTERNATIVES:
        raise ValueError(f"the LEMMA tokens make {total} patterns (at most {_MAX_TOKEN_ALTERNATIVES})")
    out: list[list[dict[str, Any]]] = [[]]
    for o in options:
        out = [p + [t] for p in out for t in o]
    return out


def expand_lemma_row(lang: str, row: dict[str, Any], friends: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The pattern rows of one lemma row (see the module docstring); deterministic. ``friends``: the other
    lemmas of its cue (label and id) in its file, whose forms may share its stems."""
    from tracker.extract.normalize import slavic_norm

    lemmas = row["lemma"]
    lemmas = (lemmas,) if isinstance(lemmas, str) else tuple(lemmas)
    if not lemmas or not all(isinstance(x, str) and x.strip() for x in lemmas):
        raise ValueError("lemma must be a word or a list of words")
    unknown = set(row) - _LEMMA_KEYS - {"label", "pattern", "id"}
    if unknown:
        raise ValueError(f"unknown keys in a lemma row: {sorted(unknown)}")
    phrase = row.get("pattern", lemmas[0])
    if not isinstance(phrase, str):
        raise ValueError("the pattern of a lemma row is a phrase (a string)")
    words = phrase.split()
    head = row.get("head", 0)
    if not isinstance(head, int) or not 0 <= head < len(words):
        raise ValueError(f"head {head!r} is not a word index of {phrase!r}")
    classes = row.get("forms")
    if classes is not None:
        classes = (classes,) if isinstance(classes, str) else tuple(sorted(set(classes)))
        if not classes or set(classes) - FORM_CLASSES:
            raise ValueError(f"forms must be some of {sorted(FORM_CLASSES)}, not {row['forms']!r}")
    # a stem shared with another word matters for a word on its own; in a phrase the other words
    # constrain it (the noun «ввод» before «пошлин» is about duties too), so a phrase row is matched on
    # NORM throughout, like the hand-written phrases it replaces
    norms, exact = _lemma_forms(lang, lemmas, classes, friends, check=len(words) == 1)
    before = [{"NORM": slavic_norm(w)} for w in words[:head]]
    after = [{"NORM": slavic_norm(w)} for w in words[head + 1:]]
    base = {k: v for k, v in row.items() if k not in _LEMMA_KEYS and k != "pattern"}
    out = []
    # phrase patterns (matched on NORM by the ruler's trie, like hand-written rows): one form per stem
    out.extend({**base, "pattern": " ".join(words[:head] + [form] + words[head + 1:])} for form in norms)
    lower = sorted({v for group in exact for f in group for y in _yo_variants(lang, f) for v in _surface_variants(y)})
    if lower:
        out.append({**base, "pattern": before + [{"LOWER": {"IN": lower}}] + after})
    return out


def read_table(name: str) -> dict[str, Any]:
    """A shared JSON table from ``tracker/lang/xx``."""
    path = resources.files("tracker.lang").joinpath("xx", name)
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_lang(lang: str) -> LangData:
    """Read the cue packs, domain packs and extra actor aliases for ``lang``."""
    roles = read_table("roles.json")
    cues: list[dict[str, Any]] = []
    for name in ["common"] + list(roles.get("domains", [])):
        for row in _read_jsonl(lang, f"{name}.jsonl"):
            if row["label"] not in CUE_LABELS:
                raise ValueError(f"tracker/lang/{lang}/{name}.jsonl: unknown label {row['label']!r}")
            cues.append(row)
    actors = _read_jsonl(lang, "actors.jsonl")
    stop = resources.files("tracker.lang").joinpath(lang, "actor_stop.txt")
    words = tuple(w.strip() for w in stop.read_text(encoding="utf-8").splitlines()
                  if w.strip() and not w.startswith("#")) if stop.is_file() else ()
    return LangData(lang=lang, cue_patterns=tuple(cues), actor_patterns=tuple(actors),
                    mediators=frozenset(roles.get("mediators", [])), actor_stop=words)
