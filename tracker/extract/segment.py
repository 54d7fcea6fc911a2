"""Sentence and clause segmentation that respects line breaks and Arabic punctuation."""

from __future__ import annotations

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
        for i, token in enumerate(doc[:-1]):
            if ("\n" in token.text or "\n" in token.whitespace_) and not doc[i + 1].is_space:
                doc[i + 1].is_sent_start = True
            elif token.text in EXTRA_SENT_PUNCT and token.text != "؛":
                doc[i + 1].is_sent_start = True
        return doc


def clause_bounds(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split tokens ``start:end`` into clauses at clause punctuation (punctuation dropped)."""
    bounds: list[tuple[int, int]] = []
    cur = start
    for i in range(start, end):
        tok = doc[i]
        if tok.text == "-" and not (i > 0 and doc[i - 1].whitespace_):
            continue  # a hyphen inside a compound ("ракетно-дроновий") is not a clause break
        if tok.text in CLAUSE_PUNCT or tok.is_space:
            if i > cur:
                bounds.append((cur, i))
            cur = i + 1
    if end > cur:
        bounds.append((cur, end))
    return bounds or [(start, end)]
