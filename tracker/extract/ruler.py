"""The ``tracker_ruler`` component: JSONL patterns matched on NORM (or ORTH), kept as tuples.

It reads the same ``{"label", "pattern", "id"}`` rows as spaCy's SpanRuler, but stores its
matches as plain ``(label, id, start, end)`` tuples in ``doc.user_data`` instead of
creating a ``Span`` per match: the frame builder reads thousands of cue matches per
batch and never needs span objects. ``as_spans`` gives real spans when wanted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

Match = tuple[str, str, int, int]


@Language.factory("tracker_ruler", assigns=["doc.user_data"],
                  default_config={"key": "tracker_cues", "attr": "NORM"})
def make_ruler(nlp: Language, name: str, *, key: str, attr: str) -> "TrackerRuler":
    return TrackerRuler(nlp, key=key, attr=attr)


class TrackerRuler:
    """Phrase and token patterns; matches go to ``doc.user_data[key]`` sorted by start."""

    def __init__(self, nlp: Language, *, key: str, attr: str) -> None:
        self.nlp = nlp
        self.key = key
        self.attr = attr
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.matcher = Matcher(nlp.vocab)
        self._labels: dict[int, tuple[str, str]] = {}
        self._n_token = 0

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add JSONL pattern rows (phrase strings or token-pattern lists)."""
        phrases: dict[str, list[Doc]] = {}
        for row in patterns:
            label, pid = row["label"], row.get("id", "")
            name = f"{label}\x1f{pid}"
            self._labels[self.nlp.vocab.strings.add(name)] = (label, pid)
            pat = row["pattern"]
            if isinstance(pat, str):
                phrases.setdefault(name, []).append(self.nlp.make_doc(pat))
            else:
                self.matcher.add(name, [pat])
                self._n_token += 1
        for name, docs in phrases.items():
            self.phrase_matcher.add(name, docs)

    def __call__(self, doc: Doc) -> Doc:
        matches = list(self.phrase_matcher(doc))
        if self._n_token:
            matches.extend(self.matcher(doc))
        labels = self._labels
        out = sorted({(*labels[m], s, e) for m, s, e in matches}, key=lambda x: (x[2], -x[3]))
        doc.user_data[self.key] = out
        return doc


def matches(doc: Doc, key: str) -> list[Match]:
    """The ``(label, id, start, end)`` matches a ruler stored under ``key``."""
    return doc.user_data.get(key, [])


def as_spans(doc: Doc, key: str) -> list[Span]:
    """The matches under ``key`` as spans (label and ``id_`` set), for inspection."""
    return [Span(doc, s, e, label=label, span_id=pid) for label, pid, s, e in matches(doc, key)]
