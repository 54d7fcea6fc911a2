"""Build the per-language pipelines and run them over documents."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tracker.errors import UnsupportedLanguageError
from tracker.extract import frames as _frames  # noqa: F401  (registers the factory)
from tracker.extract import normalize as _normalize
from tracker.extract import ruler as _ruler  # noqa: F401  (registers the factory)
from tracker.extract import segment as _segment  # noqa: F401  (registers the factory)
from tracker.extract.frames import ACTORS_KEY, CUES_KEY
from tracker.extract.lexicon import SUPPORTED_LANGS, load_lang
from tracker.extract.records import build_result, dropped
from tracker.records import DocumentInput, ExtractionResult

logger = logging.getLogger(__name__)

#: Documents longer than this are processed in chunks (bounded memory).
MAX_CHUNK_CHARS = 60_000
_LOCK = threading.Lock()
#: Cue labels made of function words: never used to justify stripping an Arabic clitic.
_FUNCTION_LABELS = frozenset({"PREP_V", "WITH", "CONJ", "NEG", "BY", "REL", "FUT", "TEMP", "SELF", "DESC", "OBLIG", "EXPIRE", "EXTEND"})


def _external_actor_patterns(lang: str) -> list[dict[str, Any]]:
    try:
        from tracker.actors import entity_patterns
    except ImportError:  # the actors package is optional for extraction
        return []
    try:
        return list(entity_patterns(lang))
    except Exception as e:  # noqa: BLE001  (bad actor data must not stop extraction)
        logger.warning("actor patterns for %s unavailable: %s", lang, e)
        return []


def _pattern_words(nlp: Language, patterns: Iterable[dict[str, Any]]) -> set[str]:
    words: set[str] = set()
    for p in patterns:
        pat = p["pattern"]
        if isinstance(pat, str):
            words.update(t.text for t in nlp.tokenizer(pat))
        else:
            for tok in pat:
                for value in tok.values():
                    if isinstance(value, str):
                        words.add(value)
                    elif isinstance(value, dict):
                        words.update(v for v in value.get("IN", []) if isinstance(v, str))
    return words


def _renorm_token_pattern(pattern: list[dict[str, Any]], norm) -> list[dict[str, Any]]:
    """Map NORM values written for another normaliser through ours."""
    if isinstance(pattern, str):
        return pattern
    out = []
    for tok in pattern:
        new = {}
        for key, value in tok.items():
            if key.upper() == "NORM":
                if isinstance(value, str):
                    value = norm(value)
                elif isinstance(value, dict) and "IN" in value:
                    # a stem shorter than 4 letters from a longer name collides with common words
                    # (Ukrainian «Відню», Vienna, stems to «від», "from")
                    value = {**value, "IN": sorted({norm(v) for v in value["IN"]
                                                    if len(norm(v)) >= 4 or len(v) < 4})}
            new[key] = value
        out.append(new)
    return out


def _orth_phrases(nlp: Language, pattern: dict[str, Any], limit: int = 64) -> list[dict[str, Any]]:
    """Expand an ORTH token pattern into phrase patterns (kept as is when that is not exact)."""
    pat = pattern["pattern"]
    if isinstance(pat, str):
        return [pattern]
    options: list[list[str]] = []
    for tok in pat:
        if len(tok) != 1 or "ORTH" not in tok:
            return [pattern]
        value = tok["ORTH"]
        if isinstance(value, str):
            options.append([value])
        elif isinstance(value, dict) and set(value) == {"IN"}:
            options.append(list(value["IN"]))
        else:
            return [pattern]
    total = 1
    for o in options:
        total *= len(o)
    if total > limit:
        return [pattern]
    phrases: list[list[str]] = [[]]
    for o in options:
        phrases = [p + [w] for p in phrases for w in o]
    out = []
    for words in phrases:
        text = " ".join(words)
        if [t.text for t in nlp.tokenizer(text)] != words:
            return [pattern]
        out.append({**pattern, "pattern": text})
    return out


#: Suffixes spaCy's Arabic tokenizer leaves on a word: a full stop after a number ("2030.") and closing
#: guillemets or quotes with what follows them («الشهر».»). Left attached, the sentence does not end
#: there and the word matches no pattern.
_EXTRA_SUFFIXES = (r"(?<=[0-9\u0660-\u0669])\.", r"[»\"”’)]", r"(?<=[»\"”’)])[.،؛:!?؟]")


def _split_closing_punctuation(nlp: Language) -> None:
    if nlp.lang != "ar":
        return
    from spacy.util import compile_suffix_regex

    nlp.tokenizer.suffix_search = compile_suffix_regex(
        list(nlp.Defaults.suffixes or ()) + list(_EXTRA_SUFFIXES)).search


@lru_cache(maxsize=None)
def get_nlp(lang: str) -> Language:
    """The cached extraction pipeline for ``lang``.

    ``spacy.blank(lang)`` + normaliser (lexeme NORM) + sentencizer (spaCy's rule and line breaks) +
    two rulers on NORM (cues from the language and domain packs; actors from
    :func:`tracker.actors.entity_patterns` and the pack's extra aliases). The frame builder
    ``tracker_frames`` is registered but disabled: ``extract_document``/``extract_many`` run it
    on each annotated doc (``nlp.get_pipe("tracker_frames")(doc)``).

    Raises:
        UnsupportedLanguageError: no language data for ``lang``.
    """
    if lang not in SUPPORTED_LANGS:
        raise UnsupportedLanguageError(f"unsupported language: {lang}")
    with _LOCK:
        data = load_lang(lang)
        nlp = spacy.blank(lang)
        _split_closing_punctuation(nlp)
        nlp.add_pipe("tracker_normalizer", config={"lang": lang})
        # spaCy's sentencizer rule plus line breaks (tracker_segmenter), in one vectorised pass
        nlp.add_pipe("tracker_sentencizer")
        external = _external_actor_patterns(lang)
        # external actor patterns list their own clitic forms, so only our packs feed the lexicon
        known = _pattern_words(nlp, [p for p in data.cue_patterns if p["label"] not in _FUNCTION_LABELS]
                               + list(data.actor_patterns))
        norm = _normalize.make_norm(lang, known, _pattern_words(nlp, external) if lang == "ar" else ())
        _normalize.install_norm(nlp, norm)

        cue_ruler = nlp.add_pipe("tracker_ruler", name="tracker_cues", config={"key": CUES_KEY, "attr": "NORM"})
        cue_ruler.add_patterns(list(data.cue_patterns))

        actor_patterns: list[dict[str, Any]] = []
        if lang == "en":
            # English names are case-sensitive ("US" is not "us"): phrase patterns on ORTH,
            # expanded from the token patterns (a phrase matcher is much faster than a matcher)
            for p in external:
                actor_patterns.extend(_orth_phrases(nlp, p))
            actor_patterns.extend(data.actor_patterns)
            attr = "ORTH"
        else:
            for p in external:
                actor_patterns.append({**p, "pattern": _renorm_token_pattern(p["pattern"], norm)})
            actor_patterns.extend(data.actor_patterns)
            attr = "NORM"
        actor_ruler = nlp.add_pipe("tracker_ruler", name="tracker_actors",
                                   config={"key": ACTORS_KEY, "attr": attr, "index_phrases": True})
        actor_ruler.add_patterns(actor_patterns)
        nlp.add_pipe("tracker_frames", config={"lang": lang, "mediators": sorted(data.mediators)})
        # Frame building reads whole sentences in Python; it is a registered component but
        # runs after nlp.pipe (see _frames_of), so that annotating large batches stays fast
        # and the frames can be rebuilt from annotated docs without re-tokenising.
        nlp.disable_pipe("tracker_frames")
        # the sentencizer and both rulers run as one component that reads their token columns in one
        # Doc.to_array call; they stay in the pipeline, disabled, for get_pipe and for running alone
        nlp.add_pipe("tracker_annotator", before="tracker_sentencizer",
                     config={"parts": ["tracker_sentencizer", "tracker_cues", "tracker_actors"]})
        for name in ("tracker_sentencizer", "tracker_cues", "tracker_actors"):
            nlp.disable_pipe(name)
        _fresh_tokenizer_cache(nlp)
        return nlp


@Language.factory("tracker_annotator", assigns=["token.is_sent_start", "doc.sents", "doc.user_data"],
                  default_config={"parts": []})
def make_annotator(nlp: Language, name: str, *, parts: list[str]) -> "Annotator":
    return Annotator(nlp, parts)


class Annotator:
    """The sentencizer (``tracker_sentencizer``) and the rulers (``tracker_cues``, ``tracker_actors``) in
    one component: their token columns are read in one ``Doc.to_array`` call per doc.

    Each part alone reads its own columns: a ``to_array`` call costs a few microseconds whatever it
    reads, about as much as a sentence's worth of matching, so three calls per doc were a tenth of the
    pipeline's time. The parts are looked up by name when the first doc comes (they are added to the
    pipeline with this component, and stay there disabled).
    """

    def __init__(self, nlp: Language, parts: list[str]) -> None:
        self.nlp = nlp
        self.part_names = list(parts)
        self._plan: tuple | None = None

    def _make_plan(self) -> tuple:
        sentencizer, rulers = None, []
        for name in self.part_names:
            part = self.nlp.get_pipe(name)
            if isinstance(part, _segment.LineSentencizer):
                sentencizer = part
            else:
                rulers.append(part)
        ids = [sentencizer.marks] if sentencizer is not None else []
        for ruler in rulers:
            ids.extend(ruler.column_ids())
        return sentencizer, tuple(rulers), list(dict.fromkeys(ids))

    def __call__(self, doc: Doc) -> Doc:
        plan = self._plan
        if plan is None:
            plan = self._plan = self._make_plan()
        sentencizer, rulers, ids = plan
        columns = _ruler.read_columns(doc, ids)
        if sentencizer is not None:
            sentencizer.annotate(doc, columns[sentencizer.marks])
        for ruler in rulers:
            ruler.annotate(doc, ruler.columns(columns))
        return doc


def _fresh_tokenizer_cache(nlp: Language) -> None:
    """Give ``nlp`` the same tokenizer with an empty cache.

    Building the rulers tokenised every pattern word (19k for Arabic). spaCy's tokenizer caches at
    most ``max_cache_size`` (10,000) chunks and then caches nothing more, and deleting entries does
    not free their places: the articles' words were never cached and Arabic tokenised 10x slower
    than bare spaCy. A new tokenizer with the same rules starts empty, so the cache fills with the
    words of the articles, as bare spaCy's does."""
    from spacy.tokenizer import Tokenizer

    old = nlp.tokenizer
    nlp.tokenizer = Tokenizer(nlp.vocab, rules=old.rules, prefix_search=old.prefix_search,
                              suffix_search=old.suffix_search, infix_finditer=old.infix_finditer,
                              token_match=old.token_match, url_match=old.url_match,
                              faster_heuristics=old.faster_heuristics, max_cache_size=old.max_cache_size)


def _frames_of(nlp: Language, doc):
    """Run the (disabled) frame builder on an annotated doc."""
    return nlp.get_pipe("tracker_frames")(doc)


def _detect_language(text: str) -> str | None:
    try:
        from tracker.langid import detect
    except ImportError:
        return _script_guess(text)
    try:
        return detect(text) or _script_guess(text)
    except Exception as e:  # noqa: BLE001
        logger.warning("language detection failed: %s", e)
        return _script_guess(text)


def _script_guess(text: str) -> str | None:
    sample = text[:5000]
    ar = sum("\u0600" <= ch <= "\u06ff" for ch in sample)
    cy = sum("\u0400" <= ch <= "\u04ff" for ch in sample)
    la = sum(ch.isascii() and ch.isalpha() for ch in sample)
    if max(ar, cy, la) == 0:
        return None
    if ar >= max(cy, la):
        return "ar"
    if cy >= la:
        return "uk" if any(ch in sample for ch in "іїєґІЇЄҐ") else "ru"
    return "en"


def _is_binary(text: str) -> bool:
    sample = text[:4000]
    if "\x00" in sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad > max(8, len(sample) // 20)


def _prepare(document: DocumentInput, lang: str | None) -> tuple[str | None, ExtractionResult | None]:
    body = document.body or ""
    if not body.strip() or _is_binary(body) or not any(ch.isalpha() for ch in body[:20000]):
        return None, dropped(document, None, "no text")
    code = (lang or document.language or "").lower() or _detect_language(body)
    if not code:
        return None, dropped(document, None, "unsupported language: unknown")
    code = code.split("-")[0]
    if code not in SUPPORTED_LANGS:
        return code, dropped(document, code, f"unsupported language: {code}")
    return code, None


def _chunks(body: str) -> list[tuple[int, str]]:
    """Split a long body at paragraph (else line, else space) breaks into bounded chunks."""
    if len(body) <= MAX_CHUNK_CHARS:
        return [(0, body)]
    out = []
    pos = 0
    while pos < len(body):
        end = min(len(body), pos + MAX_CHUNK_CHARS)
        if end < len(body):
            window = body[pos:end]
            cut = max(window.rfind("\n\n"), window.rfind("\n"))
            if cut < MAX_CHUNK_CHARS // 2:
                cut = max(window.rfind(". "), window.rfind(" "))
            if cut > 0:
                end = pos + cut + 1
        out.append((pos, body[pos:end]))
        pos = end
    return out


def extract_document(doc: DocumentInput, *, lang: str | None = None) -> ExtractionResult:
    """Extract commitments, events and in-document pairs from one document.

    Args:
        doc: the document (offsets in the result refer to ``doc.body``).
        lang: force the language (else ``doc.language``, else automatic detection).

    Returns:
        An ``ExtractionResult``; ``status`` is ``dropped`` with a reason for empty or binary
        text, an unsupported language, or when nothing was found.
    """
    code, early = _prepare(doc, lang)
    if early is not None:
        return early
    nlp = get_nlp(code)
    parts = [(offset, _frames_of(nlp, nlp(text))) for offset, text in _chunks(doc.body)]
    return build_result(doc, code, parts)


def extract_many(docs: Iterable[DocumentInput], *, batch_size: int = 32) -> Iterator[ExtractionResult]:
    """Extract from many documents, batching each language through ``nlp.pipe``.

    Results come back in input order.
    """
    batch: list[DocumentInput] = []
    for document in docs:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from _run_batch(batch, batch_size)
            batch = []
    if batch:
        yield from _run_batch(batch, batch_size)


def _run_batch(batch: list[DocumentInput], batch_size: int) -> list[ExtractionResult]:
    results: list[ExtractionResult | None] = [None] * len(batch)
    by_lang: dict[str, list[int]] = {}
    for i, document in enumerate(batch):
        code, early = _prepare(document, None)
        if early is not None:
            results[i] = early
        elif len(document.body) > MAX_CHUNK_CHARS:
            results[i] = extract_document(document, lang=code)
        else:
            by_lang.setdefault(code, []).append(i)
    for code, idxs in by_lang.items():
        nlp = get_nlp(code)
        for i, sdoc in zip(idxs, nlp.pipe((batch[i].body for i in idxs), batch_size=batch_size), strict=True):
            try:
                results[i] = build_result(batch[i], code, [(0, _frames_of(nlp, sdoc))])
            except Exception as e:  # noqa: BLE001  (one bad document never stops the batch)
                logger.warning("extraction failed for %s: %s", batch[i].origin or batch[i].url, e)
                results[i] = dropped(batch[i], code, f"extraction failed: {e}")
    return [r for r in results if r is not None]
