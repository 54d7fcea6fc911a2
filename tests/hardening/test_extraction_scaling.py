"""Extraction cost must grow linearly with the length of a sentence, not quadratically.

A 1 MB line with no sentence punctuation (tests/resources/bad: long-lines.txt) is one huge
sentence per 60,000-character chunk. Measured as a ratio (4× the text), never as a time.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from hardening_support import real_extractor_available

pytestmark = pytest.mark.skipif(not real_extractor_available(), reason="tracker.extract is not there yet")

UNIT = "The drone hit the plant at night and the ministry said the pause held "


def _best_time(n: int) -> float:
    from tracker.extract import extract_document
    from tracker.records import DocumentInput

    line = (UNIT * (n // len(UNIT) + 1))[:n]
    doc = DocumentInput(body=line, language="en", published=dt.date(2025, 3, 18))
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        extract_document(doc)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.slow
def test_one_long_sentence_costs_linear_time() -> None:
    from tracker.extract import extract_document
    from tracker.records import DocumentInput

    extract_document(DocumentInput(body=UNIT, language="en"))  # load the pipeline
    small, large = _best_time(10_000), _best_time(40_000)
    ratio = large / max(small, 1e-3)
    assert ratio < 8, f"4x the text took {ratio:.1f}x the time (linear 4x, quadratic 16x)"
