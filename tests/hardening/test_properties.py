"""Property tests (hypothesis) for extraction and reading.

- ``extract_document`` / ``extract_many`` never raise on arbitrary Unicode, in any language setting;
- every quote's offsets hold: ``body[start:end] == evidence`` (mentions too);
- dates are never invented: with no publication date and no year written in the text, no date
  or window bound is anchored;
- batching never changes a result (``extract_many`` == ``extract_document`` per document);
- reading arbitrary bytes either gives documents or raises ``InputError``, never anything else.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hardening_support import real_extractor_available
from tracker.errors import InputError
from tracker.records import DocumentInput

pytestmark = pytest.mark.skipif(not real_extractor_available(), reason="tracker.extract is not there yet")

# Our own fragments (commitment, event and date phrases in four languages), glued to random text.
FRAGMENTS = [
    "Russia said it would halt strikes on energy infrastructure for 30 days. ",
    "The next night a Russian drone hit a power station in Kharkiv. ",
    "Israel pledged not to strike civilian areas in Gaza until the end of the month. ",
    "On Tuesday, Israeli aircraft struck a residential block in Rafah, the ministry said. ",
    "The United States promised to pause new tariffs for 90 days. ",
    "Washington imposed tariffs on steel last week. ",
    "Россия заявила, что приостановит удары по энергетической инфраструктуре на 30 дней. ",
    "Накануне ночью российский беспилотник атаковал электростанцию в Харькове. ",
    "Україна пообіцяла не завдавати ударів по енергетиці протягом місяця. ",
    "Вчора російська ракета влучила в підстанцію в Одесі. ",
    "أعلنت إسرائيل وقف الضربات على غزة لمدة 72 ساعة. ",
    "وفي الليلة التالية قصفت طائرات إسرائيلية منزلا في رفح. ",
    "yesterday ", "last week ", "on Monday ", "next month ", "for 30 days ", "until Friday ",
    "вчера ", "на прошлой неделе ", "минулого тижня ", "أمس ", "الأسبوع الماضي ",
    "\u202e", "\u200f", "\n\n", "\r\n", "\t", "\x00", "\ufeff", " ", ". ", "!? ", "«", "»", "\"", "'",
]
LANGS = [None, "en", "ru", "uk", "ar", "fr", "zz", ""]

unicode_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
mixed_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=("Cs",)),
                                                                    max_size=25)),
                      max_size=25).map("".join)
bodies = st.one_of(unicode_text, mixed_text)
published = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)))

PROFILE = settings(max_examples=60, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_YEAR = re.compile(r"\d{4}")


def _check_offsets(result) -> None:  # noqa: ANN001
    body = result.document.body
    for item in (*result.commitments, *result.events):
        assert 0 <= item.start <= item.end <= len(body), (item.start, item.end, len(body))
        assert body[item.start:item.end] == item.evidence, (item.evidence, body[item.start:item.end])
        for mention in item.mentions:
            assert body[mention.start:mention.end] == mention.evidence
    ids_c = {c.id for c in result.commitments}
    ids_e = {e.id for e in result.events}
    for p in result.pairs:
        assert p.commitment in ids_c and p.event in ids_e


def _anchored_dates(result) -> list[str]:  # noqa: ANN001
    found = []
    for c in result.commitments:
        if c.window.valid_from or c.window.valid_until:
            found.append(f"{c.evidence!r}: window {c.window}")
    for e in result.events:
        if e.when and (e.when.earliest or e.when.latest):
            found.append(f"{e.evidence!r}: when {e.when}")
    return found


@PROFILE
@given(body=bodies, lang=st.sampled_from(LANGS), day=published)
def test_extract_never_raises_and_offsets_hold(body: str, lang: str | None, day: dt.date | None) -> None:
    from tracker.extract import extract_document

    doc = DocumentInput(body=body, language=lang or None, published=day)
    result = extract_document(doc)
    assert result.status in ("extracted", "dropped")
    if result.status == "dropped":
        assert result.reason
    _check_offsets(result)
    result.to_json()  # the JSON shape always builds


@PROFILE
@given(body=bodies, lang=st.sampled_from(LANGS))
def test_dates_never_invented_without_a_publication_date(body: str, lang: str | None) -> None:
    from tracker.extract import extract_document

    assume(not _YEAR.search(body))  # a written year may anchor a date; without one nothing can
    result = extract_document(DocumentInput(body=body, language=lang or None, published=None))
    assert not _anchored_dates(result), _anchored_dates(result)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(st.tuples(mixed_text, st.sampled_from(LANGS), published), min_size=1, max_size=12),
       batch=st.integers(1, 8))
def test_batching_never_changes_a_result(docs, batch: int) -> None:  # noqa: ANN001
    from tracker.extract import extract_document, extract_many

    inputs = [DocumentInput(body=b, language=lang or None, published=d) for b, lang, d in docs]
    many = [r.to_json() for r in extract_many(inputs, batch_size=batch)]
    one = [extract_document(d).to_json() for d in inputs]
    assert many == one


@settings(max_examples=150, deadline=None, derandomize=True)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(["", ".txt", ".html", ".json", ".jsonl", ".md"]))
def test_reading_arbitrary_bytes_gives_documents_or_an_input_error(data: bytes, suffix: str) -> None:
    from tracker.ingest import readers

    try:
        items = readers.read_bytes(data, origin="blob", suffix=suffix)
    except InputError as e:
        assert str(e)
        return
    for it in items:
        assert (it.document is None) != (it.error is None)
        if it.document is not None:
            assert "\x00" not in it.document.body
