"""Sentence and clause segmentation that respects line breaks and Arabic punctuation."""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc

#: Tokens that end a clause inside a sentence.
CLAUSE_PUNCT = frozenset({",", "،", ";", "؛", ":", "—", "–", "(", ")", "[", "]", "-", "•"})
#: Tokens that end a sentence (besides what the sentencizer knows).
EXTRA_SENT_PUNCT = frozenset({"؟", "؛", "!", "?", "•"})


@Language.factory("tracker_segmenter", assigns=["token.is_sent_start"])
def make_segmenter(nlp: Language, name: str) -> "Segmenter":
    return Segmenter()


class Segmenter:
    """Start a sentence after every line break and after bullets.

    Headlines and list items rarely end with a full stop; without this they would be
    glued to the following paragraph.
    """

    def __call__(self, doc: Doc) -> Doc:
        # spaCy keeps line breaks in their own whitespace tokens: visit only those
        n = len(doc)
        for i in numpy.flatnonzero(doc.to_array(IS_SPACE)):
            i = int(i)
            if i + 1 < n and "\n" in doc[i].text and not doc[i + 1].is_space:
                doc[i + 1].is_sent_start = True
        return doc


def clause_breaks(doc: Doc) -> set[int]:
    """Indices of the tokens that end a clause (punctuation, line breaks), found in one pass."""
    strings = doc.vocab.strings
    keys = numpy.array([strings.add(p) for p in CLAUSE_PUNCT], dtype="uint64")
    arr = doc.to_array([ORTH, IS_SPACE])
    hits = numpy.flatnonzero(numpy.isin(arr[:, 0], keys) | (arr[:, 1] != 0))
    out = set()
    for i in hits:
        i = int(i)
        if doc[i].text == "-" and not (i > 0 and doc[i - 1].whitespace_):
            continue  # a hyphen inside a compound ("ракетно-дроновий") is not a clause break
        out.add(i)
    return out


def clause_bounds(doc: Doc, start: int, end: int, breaks: set[int] | None = None) -> list[tuple[int, int]]:
    """Split tokens ``start:end`` into clauses at clause punctuation (punctuation dropped)."""
    if breaks is None:
        breaks = clause_breaks(doc)
    bounds: list[tuple[int, int]] = []
    cur = start
    for i in sorted(b for b in breaks if start <= b < end):
        if i > cur:
            bounds.append((cur, i))
        cur = i + 1
    if end > cur:
        bounds.append((cur, end))
    return bounds or [(start, end)]
