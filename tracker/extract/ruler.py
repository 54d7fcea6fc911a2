"""The ``tracker_ruler`` component: JSONL patterns matched on NORM (or ORTH), kept as tuples.

It reads the same ``{"label", "pattern", "id"}`` rows as spaCy's SpanRuler, but stores its
matches as plain ``(label, id, start, end)`` tuples in ``doc.user_data`` instead of
creating a ``Span`` per match: the frame builder reads thousands of cue matches per
batch and never needs span objects. ``as_spans`` gives real spans when wanted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy
import spacy
from spacy.attrs import LOWER, NORM, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

Match = tuple[str, str, int, int]


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
        self._keys = None
        self._prefilter: dict[int, set[int]] | None = {}
        self._attr_id = {"NORM": NORM, "ORTH": ORTH, "LOWER": LOWER}.get(attr.upper(), NORM)

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add JSONL pattern rows (phrase strings or token-pattern lists)."""
        phrases: dict[str, list[Doc]] = {}
        for row in patterns:
            label, pid = row["label"], row.get("id", "")
            name = f"{label}\x1f{pid}"
            self._labels[self.nlp.vocab.strings.add(name)] = (label, pid)
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
            else:
                self.matcher.add(name, [pat])
                self._n_token += 1
                self._add_prefilter(pat)
        for name, docs in phrases.items():
            self.phrase_matcher.add(name, docs)

    def _add_prefilter(self, pattern: list[dict[str, Any]]) -> None:
        """Remember the first token's values, so the Matcher runs only on docs that have one."""
        first = pattern[0] if pattern else {}
        attr_ids = {"NORM": NORM, "ORTH": ORTH, "LOWER": LOWER}
        keys = [k for k in first if k.upper() != "OP"]
        if len(keys) != 1 or keys[0].upper() not in attr_ids or first.get("OP") in ("?", "*"):
            self._prefilter = None  # cannot tell cheaply: always run the Matcher
            return
        value = first[keys[0]]
        values = [value] if isinstance(value, str) else value.get("IN", []) if isinstance(value, dict) else []
        if not values or self._prefilter is None:
            self._prefilter = None
            return
        attr = attr_ids[keys[0].upper()]
        self._prefilter.setdefault(attr, set()).update(self.nlp.vocab.strings.add(v) for v in values)

    def _matcher_needed(self, doc: Doc) -> bool:
        if not self._n_token:
            return False
        if self._prefilter is None:
            return True
        for attr, hashes in self._prefilter.items():
            if not hashes.isdisjoint(doc.to_array(attr).tolist()):
                return True
        return False

    def _scratch_nlp(self):
        if self._scratch is None:
            self._scratch = spacy.blank(self.nlp.lang)
            self._scratch.vocab.lex_attr_getters[NORM] = self.nlp.vocab.lex_attr_getters[NORM]
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
                for token, value in zip(doc, words):
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

    def _indexed(self, doc: Doc) -> set[tuple[str, str, int, int]]:
        out: set[tuple[str, str, int, int]] = set()
        if not self._index:
            return out
        values = doc.to_array(self._attr_id)
        if self._keys is None:
            self._keys = numpy.sort(numpy.fromiter(self._index.keys(), dtype="uint64", count=len(self._index)))
        keys = self._keys
        n = len(values)
        if not n:
            return out
        pos = numpy.minimum(numpy.searchsorted(keys, values), len(keys) - 1)
        for i in numpy.flatnonzero(keys[pos] == values):
            i = int(i)
            for sets, label, pid in self._index[int(values[i])]:
                end = i + len(sets)
                if end <= n and all(int(values[i + k]) in sets[k] for k in range(1, len(sets))):
                    out.add((label, pid, i, end))
        return out

    def __call__(self, doc: Doc) -> Doc:
        matches = list(self.phrase_matcher(doc))
        if self._matcher_needed(doc):
            matches.extend(self.matcher(doc))
        labels = self._labels
        found = {(*labels[m], s, e) for m, s, e in matches} | self._indexed(doc)
        out = sorted(found, key=lambda x: (x[2], -x[3]))
        doc.user_data[self.key] = out
        return doc


def matches(doc: Doc, key: str) -> list[Match]:
    """The ``(label, id, start, end)`` matches a ruler stored under ``key``."""
    return doc.user_data.get(key, [])


def as_spans(doc: Doc, key: str) -> list[Span]:
    """The matches under ``key`` as spans (label and ``id_`` set), for inspection."""
    return [Span(doc, s, e, label=label, span_id=pid) for label, pid, s, e in matches(doc, key)]
