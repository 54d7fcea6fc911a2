"""Property tests: offsets stay valid and nothing crashes on arbitrary text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.geo import get_gazetteer
from tracker.timex import find_dates, resolve_window

ALPHABET = st.sampled_from(list("abc XYZ,.'’ʼ-\n") + list("Харків Слов'янськ ") + list("خاركيف بالقرب من قرية ١٨ آذار ")
                           + ["Kharkiv", " near the village of ", "Kavkazskaya", " 18 March ", "overnight", "وقف"])
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.sampled_from(["ar", "en", "ru", "uk", "fr", None]))
def test_find_offsets(text, lang):
    for s, e, place in get_gazetteer().find(text, lang):
        assert 0 <= s < e <= len(text)
        assert text[s:e] == place.raw


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.sampled_from(["ar", "en", "ru", "uk", "fr", None]),
       st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))))
def test_dates_offsets_and_bounds(text, lang, published):
    for s, e, span in find_dates(text, lang, published):
        assert 0 <= s < e <= len(text)
        if span.earliest and span.latest:
            assert span.earliest <= span.latest
        if published is None and span.relative:
            assert span.earliest is None and span.latest is None
    w = resolve_window(text, lang, published)
    if w.valid_from and w.valid_until:
        assert w.valid_from <= w.valid_until


def test_long_text_is_fast():
    import time

    text = ("Russian drones hit Sloviansk and Kharkiv overnight; a depot near the village of Kavkazskaya burned. "
            "واصلت القوات قصف خاركيف بين عشية وضحاها. Ночью беспилотники атаковали Брянскую область. ") * 300
    t0 = time.perf_counter()
    found = get_gazetteer().find(text, "en")
    dates = find_dates(text, "en", dt.date(2025, 3, 19))
    assert found and dates
    assert time.perf_counter() - t0 < 10
