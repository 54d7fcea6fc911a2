"""The ``tracker_ruler`` component: JSONL patterns matched on NORM (or ORTH), kept as tuples.

It reads the same ``{"label", "pattern", "id"}`` rows as spaCy's SpanRuler, but stores its
matches as plain ``(label, id, start, end)`` tuples in ``doc.user_data`` instead of
creating a ``Span`` per match: the frame builder reads thousands of cue matches per
batch and never needs span objects. ``as_spans`` gives real spans when wanted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress
from operator import itemgetter
from typing import Any

import numpy
import spacy
from spacy.attrs import LOWER, NORM, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from tracker.extract.segment import add_lexeme_flag

Match = tuple[str, str, int, int]


def read_columns(doc: Doc, ids: list[int]) -> dict[int, list[int]]:
    """The token attributes ``ids`` of ``doc`` as ``{attribute id: list}``, read in one ``Doc.to_array``
    call (each call has a fixed cost of a few microseconds, more than a column's)."""
    if not ids:
        return {}
    if not len(doc):
        return {i: [] for i in ids}
    if len(ids) == 1:  # (spaCy returns one attribute's column flat, even when asked with a list)
        return {ids[0]: doc.to_array(ids[0]).tolist()}
    return dict(zip(ids, doc.to_array(ids).T.tolist(), strict=True))


#: Matcher attributes whose first-token values are indexed to find where a pattern can start.
_VALUE_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM}


_START = itemgetter(1)
#: the key of a trie node that holds the patterns ending there (attribute hashes are never negative)
_TERM = -1
#: appended to a doc's column: no trie node goes on with it
_PAST_END = -2
#: token attributes a plain pattern may test: (Token attribute holding the hash, the string)
_TOKEN_ATTRS = {"ORTH": ("orth", "orth_"), "TEXT": ("orth", "orth_"), "LOWER": ("lower", "lower_"),
                "NORM": ("norm", "norm_")}
#: boolean lexeme attributes a plain pattern may test
_TOKEN_FLAGS = {"IS_ALPHA": "is_alpha", "IS_ASCII": "is_ascii", "IS_DIGIT": "is_digit", "IS_LOWER": "is_lower",
                "IS_UPPER": "is_upper", "IS_TITLE": "is_title", "IS_PUNCT": "is_punct", "IS_SPACE": "is_space",
                "IS_STOP": "is_stop", "LIKE_NUM": "like_num", "IS_BRACKET": "is_bracket", "IS_QUOTE": "is_quote"}
_EQ, _IN, _RE, _NIN = 0, 1, 2, 3


#: a regex that only lists whole words: ``^word$`` or ``^(word|word|...)$``, no other metacharacter
_WORD_LIST_RX = re.compile(r"\^(?:\(([^\\\[\](){}.*+?^$|]+(?:\|[^\\\[\](){}.*+?^$|]+)*)\)|([^\\\[\](){}.*+?^$|]+))\$")


def _regex_words(regex: str) -> list[str] | None:
    """The words a regex such as ``^(keep|keeps|kept)$`` accepts, when it accepts exactly a list of
    whole words (then ``re.search`` on a token's text is membership in that list), else None."""
    m = _WORD_LIST_RX.fullmatch(regex)
    if m is None:
        return None
    return m.group(1).split("|") if m.group(1) is not None else [m.group(2)]


def _simple_spec(strings, pattern: list[dict[str, Any]]):  # noqa: ANN001, ANN202
    """A pattern as ((optional, checks), ...) when every token is plain: values, sets (IN, NOT_IN) or regexes of
    ORTH/TEXT/LOWER/NORM, boolean lexeme attributes, and no operator but "?" after the first
    token. None otherwise (the spaCy Matcher then takes it)."""
    spec = []
    for k, tok in enumerate(pattern):
        op = tok.get("OP")
        if op not in (None, "1") and not (op == "?" and k > 0):
            return None
        checks = []
        for key, value in tok.items():
            name = key.upper()
            if name == "OP":
                continue
            if name in _TOKEN_FLAGS and isinstance(value, bool):
                checks.append((_EQ, _TOKEN_FLAGS[name], value))
            elif name not in _TOKEN_ATTRS:
                return None
            elif isinstance(value, str):
                checks.append((_EQ, _TOKEN_ATTRS[name][0], strings.add(value)))
            elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                checks.append((_IN, _TOKEN_ATTRS[name][0], frozenset(strings.add(v) for v in value["IN"])))
            elif isinstance(value, dict) and set(value) == {"NOT_IN"} and all(isinstance(v, str) for v in value["NOT_IN"]):
                checks.append((_NIN, _TOKEN_ATTRS[name][0], frozenset(strings.add(v) for v in value["NOT_IN"])))
            elif isinstance(value, dict) and set(value) == {"REGEX"} and isinstance(value["REGEX"], str):
                words = _regex_words(value["REGEX"]) if k > 0 else None
                if words is not None:  # a list of whole words: a set (and so an anchor, see _anchor)
                    checks.append((_IN, _TOKEN_ATTRS[name][0], frozenset(strings.add(w) for w in words)))
                else:
                    checks.append((_RE, _TOKEN_ATTRS[name][1], re.compile(value["REGEX"])))
            else:
                return None
        spec.append((op == "?", tuple(checks)))
    return tuple(spec) if spec else None


_ATTR_IDS = {"orth": ORTH, "lower": LOWER, "norm": NORM}


def _anchor(spec) -> tuple[str, frozenset[int], int, int] | None:  # noqa: ANN001
    """The last required token after the first that must be one of some words: (Token attribute,
    the words' hashes, fewest and most tokens from the pattern's start to it)."""
    found = None
    required = 1
    for k in range(1, len(spec)):
        optional, checks = spec[k]
        if optional:
            continue
        for kind, attr, value in checks:
            if kind in (_EQ, _IN) and attr in _ATTR_IDS:
                found = (attr, frozenset([value]) if kind == _EQ else value, required, k)
                break
        required += 1
    return found


def _token_ok(token: Token, checks: tuple[tuple[int, str, Any], ...]) -> bool:
    """Whether ``token`` passes every check (the Matcher's predicates: hash equality, set
    membership, ``re.search`` on the string)."""
    for kind, attr, value in checks:
        if kind == _EQ:
            if getattr(token, attr) != value:
                return False
        elif kind == _IN:
            if getattr(token, attr) not in value:
                return False
        elif kind == _NIN:
            if getattr(token, attr) in value:
                return False
        elif not value.search(getattr(token, attr)):
            return False
    return True


_LEXICAL_ATTRS = frozenset({"orth", "orth_", "lower", "lower_", *_TOKEN_FLAGS.values()})


def _lexical(checks: tuple[tuple[int, str, Any], ...]) -> bool:
    """Whether the checks read only word-type attributes (the same for every token of a word)."""
    return all(attr in _LEXICAL_ATTRS for _kind, attr, _value in checks)


def _compile(node: dict):  # noqa: ANN202
    """A trie node for matching: the ``(label, id)`` pairs alone when no phrase goes on from it,
    else a dict of the next nodes with the pairs under ``_TERM`` (when phrases end there)."""
    if len(node) == 1 and _TERM in node:
        return node[_TERM]
    return {value: (child if value == _TERM else _compile(child)) for value, child in node.items()}


def _order(match: tuple[int, int, int]) -> tuple[int, int]:
    """By start, longest first (a stable sort keeps the order of equal spans)."""
    return match[1], -match[2]


_END, _BEGIN = itemgetter(3), itemgetter(2)


def _sort_named(out: list[Match]) -> None:
    """Sort matches by start, longest first, in two passes with C-level keys: by end, longest
    first, then by start. Both passes are stable (``reverse`` keeps equal items in order), so equal
    spans keep their order, as with the one-pass sort."""
    out.sort(key=_END, reverse=True)
    out.sort(key=_BEGIN)


@Language.factory("tracker_ruler", assigns=["doc.user_data"],
                  default_config={"key": "tracker_cues", "attr": "NORM", "index_phrases": False})
def make_ruler(nlp: Language, name: str, *, key: str, attr: str, index_phrases: bool) -> "TrackerRuler":
    return TrackerRuler(nlp, key=key, attr=attr, index_phrases=index_phrases)


class TrackerRuler:
    """Phrase and token patterns; matches go to ``doc.user_data[key]`` sorted by start."""

    def __init__(self, nlp: Language, *, key: str, attr: str, index_phrases: bool = False) -> None:
        #: index phrase patterns by hash instead of PhraseMatcher docs: for tens of thousands of
        #: names, pattern docs would push the vocab past spaCy's 10,000-lexeme cache limit
        self.index_phrases = index_phrases
        self._scratch = None
        self.nlp = nlp
        self.key = key
        self.attr = attr
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.matcher = Matcher(nlp.vocab)
        self._labels: dict[int, tuple[str, str]] = {}
        self._n_token = 0
        # Token patterns made only of NORM values are matched on a hash index instead of the
        # Matcher: Matcher.add creates a lexeme per value, and past 10,000 lexemes spaCy stops
        # caching new words (every unseen word would then be re-normalised on every doc).
        self._index: dict[int, list[tuple[tuple[frozenset[int], ...], str, str]]] = {}
        # Where a token pattern can start: its first token's values per attribute, and a lexeme
        # flag for first tokens given as a regex (computed once per word type by the vocab).
        # ``_starts_known`` turns False when a first token cannot be told cheaply (optional,
        # negated, or on an attribute we do not index): the Matcher then reads the whole doc.
        self._first_words: dict[int, set[str]] = {}
        self._first_norms: set[int] = set()
        self._first_regexes: list[tuple[int, re.Pattern[str]]] = []
        self._first_flag: int | None = None
        self._starts_known = True
        #: longest Matcher pattern in tokens (None: unbounded, "*" or "+")
        self._max_len: int | None = 0
        #: token patterns of plain predicates and optional tokens, matched in Python from their
        #: possible starts (the Matcher costs ~15 µs per call, even on a five-token span)
        #: (key, steps, anchor) per plain pattern; a step is (optional, (cache, word checks, NORM checks))
        self._simple: list[tuple[int, tuple, tuple | None]] = []
        #: the plain patterns by a word their first token must be (per Token attribute), and the rest
        self._simple_first: dict[str, dict[int, list]] = {}
        self._simple_other: list = []
        self._simple_anywhere: list = []
        #: per word (ORTH hash, or (ORTH, NORM) when a first token tests NORM: a token's NORM can
        #: differ from its word type's): the plain patterns whose first token it passes, in the
        #: order they are tried (``_candidates``). First tokens given as regexes are thus checked
        #: once per word instead of at every start.
        self._other_by_orth: dict[Any, tuple] = {}
        #: one-token plain patterns that test only the word type (e.g. a lemma row's exact forms,
        #: ``{"LOWER": {"IN": [...]}}``), and per ORTH hash the keys of those its word passes
        self._word_singles: list[tuple[int, tuple]] = []
        self._word_single_hits: _WordHits = _WordHits(self)
        #: the same per ORTH hash, as the ``(label, id)`` pairs of those patterns
        self._word_single_pairs: _WordPairs = _WordPairs(self)
        self._first_reads_norm = False
        #: per distinct word-type check list: its result per ORTH hash (see ``_step``)
        self._step_caches: dict[tuple, dict[int, bool]] = {}
        #: LOWER hash per ORTH hash, for first-token indexes and anchors on LOWER
        self._lower_of: _LowerOf = _LowerOf(nlp.vocab)
        self._attr_id = {"NORM": NORM, "ORTH": ORTH, "LOWER": LOWER}.get(attr.upper(), NORM)
        #: phrase patterns matched in Python on a trie (``_phrase_matches``) instead of by the
        #: ``PhraseMatcher``: for rulers with many matches per doc (cues: ~50 in an English news
        #: paragraph), whose per-match Python loop in the PhraseMatcher (a string-store lookup
        #: each) and re-sorting cost more than the walk. Rulers of many names and few matches
        #: (``index_phrases``: actors) keep the PhraseMatcher, whose trie is compact C memory.
        self.use_trie = not index_phrases
        #: the token attributes read per doc (``column_ids``), worked out once the patterns are in
        self._column_ids: list[int] | None = None
        #: the trie: nodes are dicts from a token's hash to the next node, and ``_TERM`` holds the
        #: ``(label, id)`` pairs of the phrases that end there, in the order the ``PhraseMatcher``
        #: (still given every phrase, to answer that order) gives them, reversed
        self._trie: dict[int, dict] = {}
        #: name hashes of the keys at each terminal node (by the node's id), in the order first added
        self._term_keys: dict[int, dict[int, None]] = {}
        self._term_nodes: dict[int, dict] = {}
        #: the trie as matched (``_compile``): leaves are tuples of pairs
        self._fast: dict[int, Any] = {}

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add JSONL pattern rows (phrase strings or token-pattern lists)."""
        phrases: dict[str, list[Doc]] = {}
        for row in patterns:
            label, pid = row["label"], row.get("id", "")
            name = f"{label}\x1f{pid}"
            key = self.nlp.vocab.strings.add(name)
            self._labels[key] = (label, pid)
            pat = row["pattern"]
            if self.index_phrases and (isinstance(pat, str) or self._expandable(pat)):
                # pattern docs from a scratch vocab (same tokenizer, same NORM): the phrase
                # matcher compares hashes, and the main vocab gets no lexeme per name
                phrases.setdefault(name, []).extend(self._scratch_docs(pat))
            elif isinstance(pat, str):
                phrases.setdefault(name, []).append(self.nlp.make_doc(pat))
            elif (sets := self._hash_sets(pat)) is not None:
                for first in sets[0]:
                    self._index.setdefault(first, []).append((sets, label, pid))
            elif (spec := _simple_spec(self.nlp.vocab.strings, pat)) is not None:
                if len(spec) == 1 and _lexical(spec[0][1]):
                    # one token read only from its word type: a per-word look-up, no start index
                    self._word_singles.append((key, spec[0][1]))
                    self._word_single_hits.clear()
                    self._word_single_pairs.clear()
                else:
                    self._add_simple(key, spec, anywhere=not self._add_start(pat))
            else:
                self.matcher.add(name, [pat])
                self._n_token += 1
                self._add_start(pat, in_matcher=True)
        touched: dict[int, Doc] = {}
        for name, docs in phrases.items():
            self.phrase_matcher.add(name, docs)
            if self.use_trie:
                key = self.nlp.vocab.strings[name]
                for doc in docs:
                    if len(doc):
                        touched[self._add_to_trie(doc, key)] = doc
        self._order_terminals(touched)
        self._install_flag()
        self._column_ids = None

    def _add_to_trie(self, doc: Doc, key: int) -> int:
        """Add one phrase doc under ``key``; returns its terminal node's id."""
        node = self._trie
        for value in doc.to_array(self._attr_id).tolist():
            node = node.setdefault(value, {})
        keys = self._term_keys.setdefault(id(node), {})
        keys.setdefault(key, None)
        if _TERM not in node:
            node[_TERM] = ()
        self._term_nodes[id(node)] = node
        return id(node)

    def _order_terminals(self, touched: dict[int, Doc]) -> None:
        """Set the ``(label, id)`` pairs of the terminal nodes reached by new phrases, in the order
        of ``PhraseMatcher``'s output for the whole phrase, reversed (``__call__`` used to reverse
        it so that a stable sort on the start puts the longest match first)."""
        for node_id, doc in touched.items():
            node = self._term_nodes[node_id]
            keys = list(self._term_keys[node_id])
            if len(keys) > 1:  # several patterns end here: the PhraseMatcher's own order
                n = len(doc)
                order = [m for m, s, e in self.phrase_matcher(doc) if s == 0 and e == n]
                keys = order if sorted(order) == sorted(keys) else keys
            node[_TERM] = tuple(self._labels[k] for k in reversed(keys))
        if touched:
            self._fast = {value: _compile(node) for value, node in self._trie.items()}

    def _add_start(self, pattern: list[dict[str, Any]], *, in_matcher: bool = False) -> bool:
        """Remember how to find where ``pattern`` can start (and, for the Matcher, how long it can
        be). False when its first token cannot be indexed: a Matcher pattern then turns the starts
        off (the Matcher reads whole docs); a plain pattern is tried at every token, alone."""
        ops = [str(tok.get("OP", "1")) for tok in pattern]
        if in_matcher and self._max_len is not None:
            self._max_len = None if any(op not in ("1", "?", "!") for op in ops) else max(self._max_len, len(ops))
        first = pattern[0] if pattern else {}
        if not first or ops[0] not in ("1", "+"):
            if in_matcher:
                self._starts_known = False  # an optional or negated first token: cannot tell
            return False
        # the first token must satisfy every predicate it lists, so any one we can index will do
        for key, value in first.items():
            attr = _VALUE_ATTRS.get(key.upper())
            if attr is None:
                continue
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                values = list(value["IN"])
            elif isinstance(value, dict) and set(value) == {"REGEX"} and attr in (ORTH, LOWER):
                # ORTH and LOWER belong to the word type (tokenizer exceptions may set only NORM)
                self._first_regexes.append((attr, re.compile(value["REGEX"])))
                return True
            else:
                continue
            if attr == NORM:  # a token's NORM can differ from its word type's: read it per token
                self._first_norms.update(self.nlp.vocab.strings.add(v) for v in values)
            else:
                self._first_words.setdefault(attr, set()).update(values)
            return True
        if in_matcher:
            self._starts_known = False
        return False

    def _install_flag(self) -> None:
        """The lexeme flag for first tokens given by word (ORTH, LOWER) or regex (``re.search``)."""
        if not self._first_regexes and not self._first_words:
            return
        on_orth = tuple(rx for attr, rx in self._first_regexes if attr == ORTH)
        on_lower = tuple(rx for attr, rx in self._first_regexes if attr == LOWER)
        orths = frozenset(self._first_words.get(ORTH, ()))
        lowers = frozenset(self._first_words.get(LOWER, ()))
        lower = self.nlp.vocab.lex_attr_getters.get(LOWER, str.lower)

        def getter(text: str) -> bool:
            if text in orths or any(r.search(text) for r in on_orth):
                return True
            low = lower(text)
            return low in lowers or any(r.search(low) for r in on_lower)

        if self._first_flag is None:
            self._first_flag = add_lexeme_flag(self.nlp.vocab, getter)
        else:  # more patterns added later: recompute the flag for every known word type
            self.nlp.vocab.lex_attr_getters[self._first_flag] = getter
            for lex in self.nlp.vocab:
                lex.set_flag(self._first_flag, getter(lex.orth_))

    def _starts(self, doc: Doc, flags: list[int] | None = None, norms: list[int] | None = None) -> list[int] | None:
        """Token indices where a token pattern may start (None: unknown, run on the whole doc).
        ``flags`` and ``norms``: the start flag's and NORM columns, when already read."""
        if not self._starts_known:
            return None
        hits: list[int] = []
        if self._first_flag is not None:
            if flags is None:
                hits = numpy.flatnonzero(doc.to_array(self._first_flag)).tolist()
            else:
                hits = list(compress(range(len(flags)), flags))
        if self._first_norms:
            if norms is None:
                norms = doc.to_array(NORM).tolist()
            if not self._first_norms.isdisjoint(norms):
                # which tokens' NORM starts a pattern: a C-speed scan (map + compress), no Python loop
                at = compress(range(len(norms)), map(self._first_norms.__contains__, norms))
                hits = sorted({*hits, *at}) if hits else list(at)
        return hits

    def _token_matches(self, doc: Doc, flags: list[int] | None = None, norms: list[int] | None = None,
                       orths: list[int] | None = None, *, word_singles: bool = True) -> list[tuple[int, int, int]]:
        """Token-pattern matches, read only from the places a pattern can start (``word_singles``
        False: but for the one-token word-type patterns)."""
        out: list[tuple[int, int, int]] = []
        if self._word_singles and word_singles:
            if orths is None:
                orths = doc.to_array(ORTH).tolist() if len(doc) else []
            hits = list(map(self._word_single_hits.__getitem__, orths))
            for i in compress(range(len(hits)), hits):
                end = i + 1
                out.extend([(key, i, end) for key in hits[i]])
        if not (self._simple or self._n_token):
            return out
        starts = self._starts(doc, flags, norms)
        if self._simple:
            out.extend(self._simple_matches(doc, starts, norms, orths))
        if not self._n_token:
            return out
        if starts is None or self._max_len is None:
            out.extend(self.matcher(doc) if (starts is None or starts) else ())
            return out
        n, width = len(doc), self._max_len
        i = 0
        while i < len(starts):
            a = starts[i]
            b = min(n, a + width)
            while i + 1 < len(starts) and starts[i + 1] < b:  # overlapping windows: one span
                i += 1
                b = min(n, starts[i] + width)
            out.extend((m, a + s, a + e) for m, s, e in self.matcher(doc[a:b]))
            i += 1
        return out

    def _add_simple(self, key: int, spec, *, anywhere: bool = False) -> None:  # noqa: ANN001
        """Keep a plain pattern, indexed by the words its first token may be (when it says)."""
        steps = tuple((optional, self._step(checks)) for optional, checks in spec)
        pattern = (key, steps, _anchor(spec))
        self._simple.append(pattern)
        self._other_by_orth.clear()
        if steps[0][1][2] or (spec[0][1] and not anywhere and any(
                kind in (_EQ, _IN) and attr == "norm" for kind, attr, _v in spec[0][1])):
            self._first_reads_norm = True
        if anywhere:  # no index tells where it starts: tried at every token
            self._simple_anywhere.append(pattern)
            return
        for kind, attr, value in spec[0][1]:
            if kind in (_EQ, _IN) and attr in ("orth", "lower", "norm"):
                index = self._simple_first.setdefault(attr, {})
                for h in ([value] if kind == _EQ else value):
                    index.setdefault(h, []).append(pattern)
                return
        self._simple_other.append(pattern)

    def _step(self, checks: tuple[tuple[int, str, Any], ...]) -> tuple[dict[int, bool] | None, tuple, tuple]:
        """One pattern token as (cache, word-type checks, NORM checks). The word-type checks read
        only the word (ORTH, LOWER, lexeme flags), so their result is cached per ORTH hash; the
        NORM checks read the token's own NORM (tokenizer exceptions can set it per token)."""
        lexical = tuple(c for c in checks if c[1] in _LEXICAL_ATTRS)
        norm = tuple(c for c in checks if c[1] not in _LEXICAL_ATTRS)
        cache = self._step_caches.setdefault(lexical, {}) if lexical else None
        return cache, lexical, norm

    def _passes(self, step, j: int, orths: list[int], norms: list[int]) -> bool:  # noqa: ANN001
        """Whether token ``j`` (read from the ORTH and NORM columns) passes a pattern token."""
        cache, lexical, norm = step
        if cache is not None:
            orth = orths[j]
            ok = cache.get(orth)
            if ok is None:
                if len(cache) > 200_000:
                    cache.clear()
                ok = cache[orth] = _token_ok(self.nlp.vocab[orth], lexical)
            if not ok:
                return False
        if norm:
            value = norms[j]
            for kind, _attr, want in norm:
                if kind == _EQ:
                    if value != want:
                        return False
                elif kind == _IN:
                    if value not in want:
                        return False
                elif kind == _NIN:
                    if value in want:
                        return False
                elif not want.search(self.nlp.vocab.strings[value]):
                    return False
        return True

    def _simple_matches(self, doc: Doc, starts: Iterable[int] | None, norms: list[int] | None = None,
                        orths: list[int] | None = None) -> list[tuple[int, int, int]]:
        """The Matcher's results for the plain patterns: every (start, end) a pattern can take,
        with each optional token either skipped or matched. ``starts`` None: every token. Tokens
        are read from the ORTH and NORM columns, never as ``Token`` objects."""
        out: list[tuple[int, int, int]] = []
        if starts is not None and not starts and not self._simple_anywhere:
            return out
        n = len(doc)
        if norms is None or orths is None:
            orths, norms = doc.to_array([ORTH, NORM]).T.tolist() if n else ([], [])
        by_word = self._other_by_orth
        keyed_by_norm = self._first_reads_norm
        for i in range(n) if starts is None else starts:
            orth = orths[i]
            word = (orth, norms[i]) if keyed_by_norm else orth
            candidates = by_word.get(word)
            if candidates is None:
                if len(by_word) > 500_000:
                    by_word.clear()
                candidates = by_word[word] = self._candidates(i, orths, norms)
            singles, groups = candidates
            if singles:  # one-token patterns whose only token this word passes: matches as they are
                out.extend([(key, i, i + 1) for key in singles])
            if starts is None and self._simple_anywhere:
                groups = groups + tuple((p[2], (p,)) for p in self._simple_anywhere
                                        if self._passes(p[1][0][1], i, orths, norms))
            if not groups:
                continue
            anchors: dict = {}  # one window scan per distinct anchor at this start
            for anchor, group in groups:
                if anchor is not None:
                    # a later word the patterns need must be within their reach, or no match
                    near = anchors.get(anchor)
                    if near is None:
                        near = anchors[anchor] = self._near(anchor, n, i, orths, norms)
                    if not near:
                        continue
                for pattern in group:
                    self._walk(n, i, pattern, orths, norms, out)
        if self._simple_anywhere and starts is not None:
            for i in range(n):
                for pattern in self._simple_anywhere:
                    if self._passes(pattern[1][0][1], i, orths, norms) and (
                            pattern[2] is None or self._near(pattern[2], n, i, orths, norms)):
                        self._walk(n, i, pattern, orths, norms, out)
        return out

    def _candidates(self, i: int, orths: list[int], norms: list[int]) -> tuple:
        """The plain patterns whose first token token ``i`` passes, in the order they are tried
        (the unindexed ones, ``_simple_other``, then those indexed by the word, per attribute),
        as (the keys of the one-token patterns, which match there and then; the longer patterns
        as runs of consecutive patterns sharing an anchor: ((anchor, patterns), ...)). A function
        of the token's ORTH and NORM, so cached by them."""
        orth = orths[i]
        found = [p for p in self._simple_other if self._passes(p[1][0][1], i, orths, norms)]
        for attr, index in self._simple_first.items():
            value = orth if attr == "orth" else (norms[i] if attr == "norm" else self._lower_of[orth])
            found.extend(p for p in index.get(value, ()) if self._passes(p[1][0][1], i, orths, norms))
        singles = tuple(p[0] for p in found if len(p[1]) == 1)
        groups: list[tuple[Any, list]] = []
        for p in found:
            if len(p[1]) == 1:
                continue
            if groups and groups[-1][0] == p[2]:
                groups[-1][1].append(p)
            else:
                groups.append((p[2], [p]))
        return singles, tuple((anchor, tuple(ps)) for anchor, ps in groups)

    def _near(self, anchor, n: int, i: int, orths: list[int], norms: list[int]) -> bool:  # noqa: ANN001
        """Whether the word an anchor names occurs within its reach of a start at token ``i``."""
        attr, values, lo, hi = anchor
        if attr == "norm":
            return not values.isdisjoint(norms[i + lo:i + hi + 1])
        if attr == "orth":
            return not values.isdisjoint(orths[i + lo:i + hi + 1])
        return not values.isdisjoint(map(self._lower_of.__getitem__, orths[i + lo:i + hi + 1]))

    def _walk(self, n: int, i: int, pattern, orths: list[int], norms: list[int], out: list) -> None:  # noqa: ANN001
        """Add the matches of one plain pattern starting at token ``i`` (whose first token passed)."""
        key, steps, _anchor = pattern
        passes = self._passes
        # the required tokens before the first optional one reach one position each: no sets
        j = i + 1
        k = 1
        last = len(steps)
        while k < last:
            optional, step = steps[k]
            if optional:
                break
            if j >= n or not passes(step, j, orths, norms):
                return
            j += 1
            k += 1
        else:
            out.append((key, i, j))
            return
        # from the first optional token on, the positions reached after each pattern token, level by
        # level (a run of optional tokens reaches one position many ways; a set keeps each once)
        reached = (j,)
        for optional, step in steps[k:]:
            nxt = {j + 1 for j in reached if j < n and passes(step, j, orths, norms)}
            if optional:
                nxt.update(reached)
            if not nxt:
                return
            reached = nxt
        out.extend((key, i, j) for j in reached)

    def _scratch_nlp(self):
        if self._scratch is None:
            self._scratch = spacy.blank(self.nlp.lang)
            # pattern docs need their tokens' texts and NORM only: one getter per new word instead
            # of spaCy's twenty (tens of thousands of name words per language at start-up)
            self._scratch.vocab.lex_attr_getters = {NORM: self.nlp.vocab.lex_attr_getters[NORM]}
        return self._scratch

    def _expandable(self, pattern: list[dict[str, Any]], limit: int = 64) -> bool:
        total = 1
        for tok in pattern:
            if len(tok) != 1:
                return False
            (key, value), = tok.items()
            if key.upper() != self.attr.upper():
                return False
            if isinstance(value, dict):
                if set(value) != {"IN"}:
                    return False
                total *= max(1, len(value["IN"]))
        return total <= limit

    def _scratch_docs(self, pattern) -> list[Doc]:
        scratch = self._scratch_nlp()
        if isinstance(pattern, str):
            return [scratch.make_doc(pattern)]
        options = []
        for tok in pattern:
            value = next(iter(tok.values()))
            options.append([value] if isinstance(value, str) else list(value["IN"]))
        combos: list[list[str]] = [[]]
        for o in options:
            combos = [c + [v] for c in combos for v in o]
        docs = []
        for words in combos:
            doc = Doc(scratch.vocab, words=words)
            if self.attr.upper() == "NORM":
                for token, value in zip(doc, words, strict=True):
                    token.norm_ = value  # the value already is a NORM
            docs.append(doc)
        return docs

    def _words(self, text: str) -> list[str]:
        """Token texts of a phrase without creating lexemes (see ``index_phrases``)."""
        if text.replace(" ", "").isalnum():
            return text.split()
        if self._scratch is None:  # same tokenizer rules, separate vocab: no lexemes here
            self._scratch = spacy.blank(self.nlp.lang).tokenizer
        return [t.text for t in self._scratch(text)]

    def _attr_value(self, word: str) -> str:
        attr = self.attr.upper()
        if attr == "ORTH":
            return word
        if attr == "LOWER":
            return word.lower()
        return self.nlp.vocab.lex_attr_getters[NORM](word)

    def _hash_sets(self, pattern: list[dict[str, Any]]) -> tuple[frozenset[int], ...] | None:
        """Per-token sets of attribute hashes, when the pattern is plain values of our attribute."""
        sets = []
        for tok in pattern:
            if len(tok) != 1:
                return None
            (key, value), = tok.items()
            if key.upper() != self.attr.upper():
                return None
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                values = value["IN"]
            else:
                return None
            sets.append(frozenset(self.nlp.vocab.strings.add(v) for v in values))
        return tuple(sets) if sets else None

    def _indexed(self, doc: Doc, values: list[int] | None = None) -> set[tuple[str, str, int, int]]:
        out: set[tuple[str, str, int, int]] = set()
        if not self._index:
            return out
        if values is None:
            values = doc.to_array(self._attr_id).tolist()
        index = self._index
        if index.keys().isdisjoint(values):  # most docs: no pattern's first value at all
            return out
        n = len(values)
        rows = list(map(index.get, values))
        for i in compress(range(n), rows):  # only the tokens some pattern starts with
            for sets, label, pid in rows[i]:
                end = i + len(sets)
                if end <= n and all(values[i + k] in sets[k] for k in range(1, len(sets))):
                    out.add((label, pid, i, end))
        return out

    def _phrase_matches(self, values: list[int]) -> list[Match]:
        """The phrase patterns' matches on an attribute column: by start, longest first (the
        ``PhraseMatcher``'s matches, reversed and stably sorted on the start)."""
        out: list[Match] = []
        root = self._fast
        if not root or root.keys().isdisjoint(values):
            return out
        nodes = list(map(root.get, values))
        n = len(values)
        values.append(_PAST_END)  # no node goes on with it
        term = _TERM
        append = out.append
        for i in compress(range(n), nodes):  # the tokens that start a phrase (a node is never empty)
            node = nodes[i]
            if node.__class__ is tuple:  # one-word phrases only
                for label, pid in node:
                    append((label, pid, i, i + 1))
                continue
            step = node.get(values[i + 1])
            if step is None:  # the phrases of one word (if any) at i: the next token goes on with none
                pairs = node.get(term)
                if pairs is not None:
                    for label, pid in pairs:
                        append((label, pid, i, i + 1))
                continue
            ends = [(i + 1, node[term])] if term in node else []
            j = i + 1
            node = step
            while True:  # node: after tokens i..j
                j += 1
                if node.__class__ is tuple:
                    ends.append((j, node))
                    break
                pairs = node.get(term)
                if pairs is not None:
                    ends.append((j, pairs))
                node = node.get(values[j])
                if node is None:
                    break
            for end, pairs in reversed(ends):
                for label, pid in pairs:
                    append((label, pid, i, end))
        values.pop()
        return out

    def column_ids(self) -> list[int]:
        """The token attributes the ruler reads per doc, in the order :meth:`annotate` takes them: its
        attribute (for the trie and the hash index), its start flag, NORM and ORTH, each when needed."""
        if self._column_ids is None:
            ids = [self._attr_id] if (self.use_trie or self._index) else []
            if self._starts_known and (self._simple or self._n_token) and self._first_flag is not None:
                ids.append(self._first_flag)
            if self._simple or (self._first_norms and self._starts_known):
                ids.append(NORM)
            if self._simple or self._word_singles:
                ids.append(ORTH)
            self._column_ids = list(dict.fromkeys(ids))
        return self._column_ids

    def columns(self, columns: dict[int, list[int]]) -> tuple:
        """The ruler's columns for :meth:`annotate` (its attribute, start flag, NORM and ORTH, None when
        not needed), picked from ``{attribute id: column}`` holding at least :meth:`column_ids`."""
        ids = self.column_ids()
        flag = self._first_flag if self._first_flag in ids else None
        return (columns.get(self._attr_id) if self._attr_id in ids else None, columns[flag] if flag is not None else None,
                columns.get(NORM) if NORM in ids else None, columns.get(ORTH) if ORTH in ids else None)

    def _columns(self, doc: Doc) -> tuple:
        """The ruler's columns (:meth:`columns`), read in one ``Doc.to_array`` call."""
        return self.columns(read_columns(doc, self.column_ids()))

    def __call__(self, doc: Doc) -> Doc:
        return self.annotate(doc, self._columns(doc))

    def annotate(self, doc: Doc, columns: tuple) -> Doc:
        """Store the matches of ``doc`` under ``doc.user_data[key]``; ``columns``: :meth:`columns`."""
        values, flags, norms, orths = columns
        if not self.use_trie:
            return self._call_phrase_matcher(doc, values, flags, norms, orths)
        out = self._phrase_matches(values)
        if self._word_singles and values:
            # one-token word-type patterns: named matches per word, merged by one stable sort on the
            # start (two sorted runs; at one start the phrases' come first, and these are the shortest)
            pairs = list(map(self._word_single_pairs.__getitem__, orths))
            singles = [(label, pid, i, i + 1) for i in compress(range(len(pairs)), pairs) for label, pid in pairs[i]]
            if singles:
                seen = set(out)
                out.extend(m for m in dict.fromkeys(singles) if m not in seen)
                out.sort(key=_BEGIN)
        extra = self._token_matches(doc, flags, norms, orths, word_singles=False) if (
            self._n_token or self._simple) else None
        if extra:
            labels = self._labels
            seen = set(out)
            out.extend(m for m in (labels[k] + (s, e) for k, s, e in dict.fromkeys(extra)) if m not in seen)
            _sort_named(out)
        if self._index:
            indexed = self._indexed(doc, values).difference(out)
            if indexed:
                out.extend(indexed)
                _sort_named(out)
        doc.user_data[self.key] = out
        return doc

    def _call_phrase_matcher(self, doc: Doc, values, flags, norms, orths) -> Doc:  # noqa: ANN001
        # The phrase matcher gives each (id, start, end) once, by start and, at one start,
        # shortest first: reversed, a stable sort on the start puts the longest first.
        found = self.phrase_matcher(doc)
        found.reverse()
        found.sort(key=_START)
        extra = self._token_matches(doc, flags, norms, orths) if (
            self._n_token or self._simple or self._word_singles) else None
        if extra:
            seen = set(found)
            found.extend(m for m in dict.fromkeys(extra) if m not in seen)
            found.sort(key=_order)
        labels = self._labels
        out = [labels[m] + (s, e) for m, s, e in found]
        if self._index:
            indexed = self._indexed(doc, values).difference(out)
            if indexed:
                out.extend(indexed)
                _sort_named(out)
        doc.user_data[self.key] = out
        return doc

class _LowerOf(dict):
    """ORTH hash -> LOWER hash, read from the vocab on first sight of the word."""

    def __init__(self, vocab) -> None:  # noqa: ANN001
        super().__init__()
        self.vocab = vocab

    def __missing__(self, orth: int) -> int:
        if len(self) > 200_000:
            self.clear()
        lower = self[orth] = self.vocab[orth].lower
        return lower


class _WordHits(dict):
    """ORTH hash -> the keys of the ruler's one-token word-type patterns that word passes (an
    empty tuple for none), computed on first sight of the word."""

    def __init__(self, ruler: TrackerRuler) -> None:
        super().__init__()
        self.ruler = ruler

    def __missing__(self, orth: int) -> tuple[int, ...]:
        if len(self) > 500_000:
            self.clear()
        lex = self.ruler.nlp.vocab[orth]
        hits = self[orth] = tuple(key for key, checks in self.ruler._word_singles if _token_ok(lex, checks))
        return hits


class _WordPairs(dict):
    """ORTH hash -> the ``(label, id)`` pairs of the ruler's one-token word-type patterns that word
    passes, computed on first sight of the word."""

    def __init__(self, ruler: TrackerRuler) -> None:
        super().__init__()
        self.ruler = ruler

    def __missing__(self, orth: int) -> tuple[tuple[str, str], ...]:
        if len(self) > 500_000:
            self.clear()
        labels = self.ruler._labels
        pairs = self[orth] = tuple(labels[key] for key in self.ruler._word_single_hits[orth])
        return pairs


def matches(doc: Doc, key: str) -> list[Match]:
    """The ``(label, id, start, end)`` matches a ruler stored under ``key``."""
    return doc.user_data.get(key, [])


def as_spans(doc: Doc, key: str) -> list[Span]:
    """The matches under ``key`` as spans (label and ``id_`` set), for inspection."""
    return [Span(doc, s, e, label=label, span_id=pid) for label, pid, s, e in matches(doc, key)]
