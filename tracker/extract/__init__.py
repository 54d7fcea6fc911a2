"""Extraction: commitments, events and in-document pairs from news text (ar, en, ru, uk).

Public API (names fixed by docs/DESIGN.md)::

    from tracker.extract import extract_document, extract_many, get_nlp, EXTRACTOR_VERSION

The pipeline is ``spacy.blank(lang)`` plus tracker components: ``tracker_normalizer``
(lexeme NORM: Arabic folding and clitics, Slavic stems), ``sentencizer``,
``tracker_segmenter`` (line breaks), two ``span_ruler``s on NORM (cue packs and actors)
and ``tracker_frames``. Language and domain data live in ``tracker/lang``.
"""

from tracker.extract.pipeline import extract_document, extract_many, get_nlp
from tracker.extract.records import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "extract_document", "extract_many", "get_nlp"]
