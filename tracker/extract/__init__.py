"""Extraction: commitments, events and in-document pairs from news text (ar, en, ru, uk).

Public API (names fixed by docs/DESIGN.md)::

    from tracker.extract import extract_document, extract_many, get_nlp, EXTRACTOR_VERSION

The pipeline is ``spacy.blank(lang)`` plus tracker components: ``tracker_normalizer``
(lexeme NORM: Arabic folding and clitics, Slavic stems) and ``tracker_annotator``, which runs
``tracker_sentencizer`` (spaCy's sentencizer rule plus line breaks) and two ``tracker_ruler``s
(cue packs on NORM; actors) on one read of the token columns; those three stay in the pipeline,
disabled, and can run alone. ``tracker_frames`` (disabled) builds the frames after ``nlp.pipe``.
Language and domain data live in ``tracker/lang``.
"""

from tracker.extract.pipeline import extract_document, extract_many, get_nlp
from tracker.extract.records import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "extract_document", "extract_many", "get_nlp"]
