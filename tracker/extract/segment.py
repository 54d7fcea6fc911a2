"""Sentence and clause segmentation that respects line breaks and Arabic punctuation."""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress

import numpy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.vocab import Vocab

#: Tokens that end a clause inside a sentence.
CLAUSE_PUNCT = frozenset({",", "،", ";", "؛", ":", "—", "–", "(", ")", "[", "]", "-", "•"})
_CLAUSE_KEYS = frozenset(hash_string(p) for p in CLAUSE_PUNCT)
_HYPHEN = hash_string("-")
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


@Language.factory("tracker_sentencizer", assigns=["token.is_sent_start", "doc.sents"],
                  default_config={"punct_chars": None})
def make_sentencizer(nlp: Language, name: str, *, punct_chars: list[str] | None) -> "LineSentencizer":
    return LineSentencizer(nlp.vocab, name, punct_chars=punct_chars)


def add_lexeme_flag(vocab: Vocab, getter: Callable[[str], bool]) -> int:
    """A custom lexeme flag (FLAG19 and up), computed once per word type, now and for new words."""
    free = next(b for b in range(19, 64) if b not in vocab.lex_attr_getters)
    return vocab.add_flag(getter, flag_id=free)


class LineSentencizer(Sentencizer):
    """spaCy's ``sentencizer`` followed by ``tracker_segmenter``, in one vectorised pass.

    It sets exactly the boundaries those two set (the sentencizer's rule: a sentence starts at
    the first token after a sentence-final character that is neither punctuation nor such a
    character; the segmenter's: one starts after every line break), but reads the token
    attributes as one array, with the character tests kept as lexeme flags computed once per
    word type, instead of building a ``Token`` object per token.
    """

    def __init__(self, vocab: Vocab, name: str = "tracker_sentencizer", *,
                 punct_chars: list[str] | None = None) -> None:
        super().__init__(name, punct_chars=punct_chars)
        chars = frozenset(self.punct_chars)
        self._final = add_lexeme_flag(vocab, chars.__contains__)
        # a token where a boundary decision starts: a sentence-final character or a line break
        self._marks = add_lexeme_flag(vocab, lambda text: text in chars or ("\n" in text and text.isspace()))

    @property
    def marks(self) -> int:
        """The lexeme flag of the tokens where a boundary decision starts (a sentence-final character
        or a line break): the one column :meth:`annotate` reads."""
        return self._marks

    def predict(self, docs):  # noqa: ANN001, ANN201  (the Sentencizer signature)
        """Sentence starts per doc, as lists of booleans (the Sentencizer's format)."""
        return [self._starts(doc) for doc in docs]

    def annotate(self, doc: Doc, marks: list[int] | None = None) -> Doc:
        """Set the sentence starts of ``doc``; ``marks``: the :attr:`marks` column, when already read."""
        self.set_annotations([doc], [self._starts(doc, marks)])
        return doc

    def _starts(self, doc: Doc, marks: list[int] | None = None) -> list[bool]:
        n = len(doc)
        if not n:
            return []
        starts = [False] * n
        starts[0] = True
        final = self._final
        after = 0  # the sentencizer's scan has consumed the tokens before this one
        at = numpy.flatnonzero(doc.to_array(self._marks)).tolist() if marks is None else compress(range(n), marks)
        for i in at:
            token = doc[i]
            if token.is_space:
                # the segmenter: the token after a line break, when it is not whitespace itself
                if i + 1 < n and not doc[i + 1].is_space:
                    starts[i + 1] = True
                continue
            if i < after:
                continue
            # the sentencizer: the first token after a final character that is neither
            # punctuation nor a final character
            j = i + 1
            while j < n and (doc[j].is_punct or doc[j].check_flag(final)):
                j += 1
            if j < n:
                starts[j] = True
            after = j
        return starts


def clause_breaks(doc: Doc) -> set[int]:
    """Indices of the tokens that end a clause (punctuation, line breaks), found in one pass."""
    arr = doc.to_array([ORTH, IS_SPACE])
    orths, spaces = arr[:, 0].tolist(), arr[:, 1].tolist()
    out = set()
    for i, (orth, space) in enumerate(zip(orths, spaces, strict=True)):
        if space or orth in _CLAUSE_KEYS:
            if orth == _HYPHEN and not (i > 0 and doc[i - 1].whitespace_):
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
