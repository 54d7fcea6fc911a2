"""Language data for extraction: one folder per ISO 639-1 code (``xx`` = shared tables).

Each folder holds spaCy JSONL patterns (``common.jsonl`` cues, one file per domain pack
such as ``conflict.jsonl`` and ``economic.jsonl``, ``actors.jsonl`` extra aliases) and a
SOURCE.md. Files are read with :mod:`importlib.resources`.
"""
