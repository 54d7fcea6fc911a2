"""Canonical actors in ar, en, ru and uk: resolution, spaCy patterns and alias folding.

Canonical names are short English names: "Russia", "Ukraine", "United States", "Israel",
"Hamas", "Hezbollah", "Sudanese Armed Forces", "Rapid Support Forces", companies as written.

Matching: phrase patterns on ``NORM`` as set by :func:`normalize_token` (the
``tracker_actor_norm`` component), plus English token patterns on ``ORTH`` for aliases whose
lower case is an ordinary word ("US"/"us"). :func:`add_actor_ruler` puts both into a pipeline.

Example:
    >>> resolve("the Kremlin", "en")
    'Russia'
    >>> party_of("Генштаб ЗСУ", "uk")
    'Ukraine'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tracker.actors.lexicon import (
    KINDS,
    LABEL,
    LANGS,
    all_aliases,
    entity_patterns,
    kind_of,
    ruler_config,
)
from tracker.actors.normalize import normalize_token

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "KINDS", "LABEL", "LANGS", "ActorMention", "actor_kind", "add_actor_ruler", "canonical_names",
    "entity_patterns", "find_actors", "forces_of", "generic_force_words", "normalize_token", "party_of",
    "resolve", "ruler_config", "same_actor",
]

NORM_COMPONENT = "tracker_actor_norm"
_UNKNOWN = frozenset({"", "unknown", "unidentified", "null", "none", "n/a"})
_ARABIC_RE = re.compile("[\u0600-\u06ff]")
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_UK_ONLY_RE = re.compile("[іїєґІЇЄҐ]")


def _register_component() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    if NORM_COMPONENT in Language.factories:
        return

    @Language.component(NORM_COMPONENT)
    def actor_norm(doc: Doc) -> Doc:
        """Set ``token.norm_`` to :func:`normalize_token` (what the actor patterns match on)."""
        lang = doc.lang_
        for token in doc:
            token.norm_ = normalize_token(token.text, lang)
        return doc


def add_actor_ruler(nlp: Language, *, name: str = "actor_ruler", factory: str = "entity_ruler",
                    kinds: list[str] | None = None, config: dict[str, Any] | None = None,
                    **add_pipe_kwargs: Any):
    """Add the NORM setter and a ruler loaded with :func:`entity_patterns` to ``nlp``.

    Args:
        nlp: the pipeline (``spacy.blank(lang)`` or more).
        name: name of the ruler in the pipeline.
        factory: ``"entity_ruler"`` (sets ``doc.ents``) or ``"span_ruler"`` (``doc.spans``).
        kinds: restrict the alias kinds (see :data:`KINDS`).
        config: extra ruler config, e.g. ``{"overwrite_ents": True}`` or ``{"spans_key": "actors"}``;
            ``phrase_matcher_attr`` is set from :func:`ruler_config`.
        **add_pipe_kwargs: ``before=``/``after=``/``first=``/``last=`` for the ruler.

    Returns:
        The ruler component.
    """
    _register_component()
    if NORM_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(NORM_COMPONENT, first=True)
    ruler = nlp.add_pipe(factory, name=name, config={**(config or {}), **ruler_config(nlp.lang)},
                         **add_pipe_kwargs)
    ruler.add_patterns(entity_patterns(nlp.lang, kinds=kinds))
    return ruler


@lru_cache(maxsize=None)
def _nlp(lang: str) -> Language:
    import spacy

    nlp = spacy.blank(lang)
    add_actor_ruler(nlp)
    return nlp


class ActorMention(tuple):
    """``(start_char, end_char, canonical, kind)`` of one actor mention."""

    __slots__ = ()

    def __new__(cls, start: int, end: int, id: str, kind: str | None):
        return super().__new__(cls, (start, end, id, kind))

    start = property(lambda self: self[0])
    end = property(lambda self: self[1])
    id = property(lambda self: self[2])
    kind = property(lambda self: self[3])


def find_actors(text: str, lang: str) -> list[ActorMention]:
    """Actor mentions in ``text`` with character offsets, left to right."""
    if not text or lang not in LANGS:
        return []
    doc = _nlp(lang)(text)
    out = []
    for ent in doc.ents:
        if ent.label_ != LABEL:
            continue
        found = kind_of(ent.text, lang)
        out.append(ActorMention(ent.start_char, ent.end_char, ent.ent_id_, found[1] if found else None))
    return out


@lru_cache(maxsize=1)
def canonical_names() -> dict[str, str]:
    """Lower-cased canonical name -> canonical name, for every known actor."""
    return {a.id.lower(): a.id for a in all_aliases()}


def _guess_lang(text: str) -> str:
    if _ARABIC_RE.search(text):
        return "ar"
    if _CYRILLIC_RE.search(text):
        return "uk" if _UK_ONLY_RE.search(text) else "ru"
    return "en"


def _canonical_exact(text: str) -> str | None:
    key = " ".join(unicodedata.normalize("NFKC", text).split()).lower()
    return canonical_names().get(key)


def party_of(phrase: str | None, lang: str | None = None) -> str | None:
    """The party behind a phrase: the first actor it names, or None.

    "Ukrainian military officials" -> "Ukraine"; «السلطات الروسية» -> "Russia";
    «Минобороны России» -> "Russia"; «Генштаб ЗСУ» -> "Ukraine"; "local reports" -> None.

    Args:
        phrase: who said or did something, as written.
        lang: the phrase's language (guessed from the script when None).
    """
    if not phrase or not phrase.strip():
        return None
    lang = lang or _guess_lang(phrase)
    mentions = find_actors(phrase, lang)
    if not mentions and lang != "en" and re.search("[A-Za-z]", phrase):
        mentions = find_actors(phrase, "en")  # Latin-script names inside ar/ru/uk text
    return mentions[0].id if mentions else None


@lru_cache(maxsize=65_536)
def _resolve_cached(text: str, lang: str | None) -> str | None:
    return _canonical_exact(text) or party_of(text, lang)


def resolve(text: str | None, lang: str | None = None) -> str | None:
    """Canonical actor for a name, demonym, capital, metonym, body, group or company.

    "the Kremlin" -> "Russia", «الكرملين» -> "Russia", "Киев" -> "Ukraine", "USA" ->
    "United States". A canonical name resolves to itself. A longer phrase resolves to the
    actor it names first (see :func:`party_of`). Unknown text gives None.

    Args:
        text: the name as written.
        lang: its language; guessed from the script when None.
    """
    if text is None or text.strip().lower() in _UNKNOWN:
        return None
    return _resolve_cached(text, lang)


_EDGE_RE = re.compile(r"^(?:the\s+)|[\s,;:!?\"'«»“”()]+$|^[\s\"'«»“”()]+", re.IGNORECASE)


@lru_cache(maxsize=65_536)
def _resolve_whole(text: str, lang: str | None) -> str | None:
    """The actor a name stands for as a whole ("the Kremlin"), not one it merely mentions."""
    exact = _canonical_exact(text)
    if exact:
        return exact
    core = _EDGE_RE.sub("", text.strip())
    lang = lang or _guess_lang(core)
    mentions = find_actors(core, lang)
    if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(core):
        return mentions[0].id
    return None


@lru_cache(maxsize=1)
def _generic_forces() -> dict:
    import json
    from importlib import resources

    return json.loads(resources.files("tracker.actors").joinpath("data", "generic_forces.json")
                      .read_text(encoding="utf-8"))


def forces_of(party: str | None) -> str | None:
    """The canonical actor a party's own army is reported as: "Sudan" -> "Sudanese Armed Forces".

    Other parties' armies are the party itself ("Russia" -> "Russia").
    """
    if not party:
        return None
    return _generic_forces()["forces_of"].get(party, party)


def generic_force_words(lang: str) -> list[str]:
    """Words naming some party's forces without naming the party ("the army", «الجيش»).

    The party comes from the document (the country it is about, the speaker's side); resolve
    it with :func:`forces_of`. Lower-case, for matching on ``NORM``.
    """
    return [normalize_token(w, lang) if " " not in w else " ".join(normalize_token(x, lang) for x in w.split())
            for w in _generic_forces()["words"].get(lang, [])]


def actor_kind(text: str, lang: str | None = None) -> str | None:
    """The kind of actor name ``text`` is ("country", "capital", "person", ...), or None."""
    lang = lang or _guess_lang(text)
    mentions = find_actors(text, lang)
    return mentions[0].kind if mentions else None


def same_actor(a: str | None, b: str | None, lang: str | None = None) -> bool:
    """Whether two actor names stand for the same party (aliases folded).

    "US", "USA", "U.S." and "United States" are the same; "the Kremlin" is "Russia".
    Names are resolved as a whole: "Russian Railways" is not "Russia". An unknown actor
    (None, "", "unknown", "unidentified") is never the same as anything, so that
    unattributed events are never paired.
    """
    if a is None or b is None:
        return False
    if a.strip().lower() in _UNKNOWN or b.strip().lower() in _UNKNOWN:
        return False
    if a == b:
        return True
    ca = _resolve_whole(a, lang) or " ".join(a.split()).lower()
    cb = _resolve_whole(b, lang) or " ".join(b.split()).lower()
    return ca == cb
