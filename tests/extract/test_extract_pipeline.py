"""Pipeline behaviour: offsets, dropped documents, normalisation, batching, long input,
in-document pairs, machine-translation suspicion, the CLI and the language data files."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest
from click.testing import CliRunner

from tracker.extract import EXTRACTOR_VERSION, extract_document, extract_many, get_nlp
from tracker.extract.frames import CUES_KEY
from tracker.extract.lexicon import CUE_LABELS, SUPPORTED_LANGS
from tracker.extract.ruler import matches
from tracker.records import DocumentInput

from extract_support import make_run

PUB = dt.date(2025, 3, 21)

TEXTS = {
    "en": ("On March 18, Russia agreed to halt strikes on Ukrainian energy infrastructure for 30 days.\n\n"
           "On March 20, a Russian drone strike hit a power substation in Sumy, Ukrainian officials said.\n"
           "Russian shelling damaged the railway station in Kherson on March 20.\n"
           "On March 10, Russian missiles struck a power plant in Odesa."),
    "ar": ("في 18 آذار، قال الكرملين إنَّ بوتيـــن وافق على وَقْف الهجمات على منشآت الطاقة الأوكرانية لمدة 30 يوما.\n"
           "وفي 20 آذار، قصفت القوات الروسية محطة كهرباء في مدينة خاركيف، بحسب مسؤولين أوكرانيين."),
    "ru": ("18 марта Путин согласился прекратить удары по энергетической инфраструктуре Украины на 30 дней. "
           "20 марта российские войска обстреляли подстанцию в Харькове, заявили украинские власти."),
    "uk": ("18 березня Путін погодився припинити удари по енергетичній інфраструктурі України на 30 днів. "
           "20 березня російські війська обстріляли підстанцію в Харкові, повідомила українська влада."),
}


run = make_run(PUB)


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_offsets_point_into_the_body(lang):
    body = TEXTS[lang]
    result = run(body, lang)
    assert result.status == "extracted"
    assert result.extractor_version == EXTRACTOR_VERSION
    items = list(result.commitments) + list(result.events)
    assert items
    for item in items:
        assert body[item.start:item.end] == item.evidence
        for m in item.mentions:
            assert body[m.start:m.end] == m.evidence


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_energy_pause_pairs_with_later_energy_strike(lang):
    result = run(TEXTS[lang], lang)
    c = next(c for c in result.commitments if c.actor == "Russia")
    assert c.target == "energy infrastructure"
    paired = {p.event for p in result.pairs if p.commitment == c.id}
    energy_after = [e for e in result.events if e.actor == "Russia" and e.target == "energy infrastructure"
                    and e.occurred_on and e.occurred_on > dt.date(2025, 3, 18)]
    assert energy_after and {e.id for e in energy_after} <= paired


def test_out_of_window_and_out_of_scope_are_not_paired():
    result = run(TEXTS["en"], "en")
    by_id = {e.id: e for e in result.events}
    paired = {by_id[p.event] for p in result.pairs}
    assert all(e.occurred_on != dt.date(2025, 3, 10) for e in paired)  # before the pause began
    assert all(e.target != "transport infrastructure" for e in paired)  # a railway station is not energy


def test_mistranslated_sentence_is_flagged():
    body = ("قال الكرملين إن بوتين وافق على وقف الهجمات على منشآت الطاقة الأوكرانية.\n"
            "تواصل كييف هجمات على البنية التحتية للطاقة.\n"
            "وقصفت القوات الروسية شبكة الكهرباء الأوكرانية في مدينة خاركيف.")
    result = run(body, "ar")
    kyiv = [e for e in result.events if e.actor == "Ukraine"]
    assert kyiv and all("mt_suspect" in e.flags for e in kyiv)
    russian = [e for e in result.events if e.actor == "Russia"]
    assert russian and all("mt_suspect" not in e.flags for e in russian)
    assert max(e.confidence for e in kyiv) < min(e.confidence for e in russian)


@pytest.mark.parametrize(("body", "lang", "reason"), [
    ("", None, "no text"),
    ("   \n\t  ", None, "no text"),
    ("\x00\x01\x02binary\x00\x00\x03\x04" * 20, None, "no text"),
    ("Le cessez-le-feu est entré en vigueur à minuit.", "fr", "unsupported language: fr"),
    ("The weather in Kyiv was mild and sunny on Tuesday.", "en", "no commitment or event found"),
])
def test_dropped_documents_have_a_reason(body, lang, reason):
    result = run(body, lang)
    assert result.status == "dropped"
    assert result.reason == reason
    assert result.to_json()["document"]["reason"] == reason


def test_language_is_detected_when_missing():
    result = run("Russian forces shelled the power plant in Kharkiv on Monday, Ukrainian officials said.")
    assert result.language == "en"
    assert result.events


def test_get_nlp_is_cached_and_has_tracker_components():
    nlp = get_nlp("ar")
    assert get_nlp("ar") is nlp
    assert {"tracker_normalizer", "tracker_sentencizer", "tracker_cues", "tracker_actors"} <= set(
        nlp.component_names)
    # the sentencizer and the rulers run inside one component that reads their columns once
    assert nlp.pipe_names == ["tracker_normalizer", "tracker_annotator"]
    assert "tracker_frames" in nlp.component_names and "tracker_frames" in nlp.disabled
    en = get_nlp("en")
    doc = en.get_pipe("tracker_frames")(en("Russia agreed to stop strikes on Ukrainian energy facilities."))
    assert [f.actor for f in doc._.tracker_frames] == ["Russia"]
    with pytest.raises(Exception, match="unsupported language: fr"):
        get_nlp("fr")


@pytest.mark.parametrize(("lang", "a", "b"), [
    ("ar", "والإضرابات", "إضراب"),
    ("ar", "وَقْــف", "وقف"),
    ("ar", "لإطلاق", "إطلاق"),
    ("ar", "بوتين", "وبوتين"),
    ("ru", "перемирия", "перемирие"),
    ("ru", "ударов", "удары"),
    ("uk", "обстрілу", "обстріли"),
    ("uk", "перемир’я", "перемир'я"),
    ("en", "strikes", "strike"),
])
def test_normalisation_folds_variants(lang, a, b):
    nlp = get_nlp(lang)
    assert nlp.vocab[a].norm_ == nlp.vocab[b].norm_


def test_normalisation_keeps_names_whole():
    nlp = get_nlp("ar")
    assert nlp.vocab["بوتين"].norm_ == "بوتين"  # the ب of a name is not a clitic


def test_extract_many_keeps_order_and_batches_languages():
    docs = [DocumentInput(body=TEXTS[lang], language=lang, published=PUB) for lang in ("uk", "en", "ar", "ru")]
    docs.insert(2, DocumentInput(body="", language="en"))
    results = list(extract_many(docs, batch_size=2))
    assert [r.language for r in results] == ["uk", "en", None, "ar", "ru"]
    assert results[2].reason == "no text"
    single = extract_document(docs[0])
    assert [c.to_json() for c in results[0].commitments] == [c.to_json() for c in single.commitments]


def test_long_document_is_processed_in_chunks():
    filler = "The weather was calm and nothing else happened in the region that day. " * 2500
    body = filler + "\n\n" + TEXTS["en"] + "\n\n" + filler
    result = run(body, "en")
    assert len(body) > 300_000
    assert result.events and result.commitments
    for item in list(result.events) + list(result.commitments):
        assert body[item.start:item.end] == item.evidence


def test_cli_prints_the_result_json(tmp_path):
    from tracker.cli import cli

    path = tmp_path / "a.txt"
    path.write_text("URL: https://example.org/1\nDATE: 2025-03-21\nLANG: uk\nTITLE: t\n\n" + TEXTS["uk"],
                    encoding="utf-8")
    out = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["document"]["language"] == "uk"
    assert data["document"]["published"] == "2025-03-21"
    assert data["commitments"] and data["events"]
    for item in data["commitments"] + data["events"]:
        assert TEXTS["uk"][item["start"]:item["end"]] == item["evidence"]
    summary = CliRunner().invoke(cli, ["extract", str(path), "--published", "2025-03-22"])
    assert summary.exit_code == 0 and "commitments" in summary.output


@pytest.mark.parametrize("lang", SUPPORTED_LANGS)
def test_language_data_files_load_and_validate(lang):
    folder = resources.files("tracker.lang").joinpath(lang)
    names = [p.name for p in folder.iterdir() if p.name.endswith(".jsonl")]
    assert {"common.jsonl", "conflict.jsonl", "economic.jsonl", "actors.jsonl"} <= set(names)
    assert folder.joinpath("SOURCE.md").is_file()
    for name in names:
        for line in folder.joinpath(name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("//"):
                continue  # comment lines are allowed (the loader skips them)
            row = json.loads(line)
            pattern = row["pattern"]
            assert (isinstance(pattern, str) and pattern.strip()) or (
                isinstance(pattern, list) and pattern and all(isinstance(t, dict) and t for t in pattern))
            assert row["label"] in CUE_LABELS | {"ACTOR"}
            assert row.get("id")


# ---------------------------------------------------------------- fast components, same annotations
_SENTENCE_TEXTS = [
    "",
    "   ",
    "One. Two! Three? four",
    "He said: \"stop.\" Then he left...  And so on.\nA headline\n\nBody text. (Quote.) 1.5 million",
    "• first item\n• second item\n  \n- third.\n\n\nend",
    "نص عربي؟ نعم. وماذا بعد؛ لا شيء\nعنوان",
    "Текст. «Цитата.» — сказал он.\nЗаголовок",
    "!!! ... ?? a\n.\n b . . c",
]


@pytest.mark.parametrize("lang", ["en", "ar", "ru", "uk"])
def test_tracker_sentencizer_sets_the_boundaries_of_sentencizer_and_segmenter(lang):
    import spacy
    from spacy.attrs import SENT_START

    slow = spacy.blank(lang)
    slow.add_pipe("sentencizer")
    slow.add_pipe("tracker_segmenter")
    fast = spacy.blank(lang)
    fast.add_pipe("tracker_sentencizer")
    for text in _SENTENCE_TEXTS:
        expected, got = slow(text), fast(text)
        assert got.to_array([SENT_START]).tolist() == expected.to_array([SENT_START]).tolist(), text
        assert [s.text for s in got.sents] == [s.text for s in expected.sents]
    piped = [d.to_array([SENT_START]).tolist() for d in fast.pipe(_SENTENCE_TEXTS)]
    assert piped == [slow(t).to_array([SENT_START]).tolist() for t in _SENTENCE_TEXTS]


def test_tracker_ruler_token_patterns_match_like_the_spacy_matcher():
    """Token patterns are only run from where they can start: the matches are the Matcher's."""
    import spacy
    from spacy.matcher import Matcher

    patterns = [
        [{"LOWER": {"IN": ["by", "before"]}}, {"LOWER": "the", "OP": "?"}, {"LOWER": "end", "OP": "?"},
         {"LOWER": "of", "OP": "?"}, {"TEXT": {"REGEX": "^20[2-6][0-9]$"}}],
        [{"TEXT": {"REGEX": "^(re)?open"}}, {"IS_ALPHA": True, "OP": "?"}, {"LOWER": "border"}],
        [{"ORTH": "Halt", "IS_TITLE": True}, {"IS_PUNCT": True}],
        [{"NORM": {"IN": ["stop", "pause"]}}, {"LOWER": "strike"}],
    ]
    unbounded = [[{"LOWER": "talks"}, {"IS_ALPHA": True, "OP": "+"}, {"LOWER": "ended"}]]
    optional_first = [[{"LOWER": "the", "OP": "?"}, {"LOWER": "truce"}]]
    texts = ["By the end of 2030 and before 2031 they will reopen the border, by 2040.",
             "Halt! They open their border; stop strike, pause strike? by the 2025",
             "talks in Doha finally ended, the truce held and talks ended", "", "by"]
    for extra in ([], unbounded, optional_first):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("tracker_ruler", config={"key": "test", "attr": "NORM"})
        rows = [{"label": "T", "id": str(i), "pattern": p} for i, p in enumerate(patterns + extra)]
        ruler.add_patterns(rows)
        matcher = Matcher(nlp.vocab)
        for row in rows:
            matcher.add(row["id"], [row["pattern"]])
        for text in texts:
            doc = nlp(text)
            expected = sorted({(nlp.vocab.strings[m], s, e) for m, s, e in matcher(doc)}, key=lambda x: (x[1], -x[2]))
            got = [(pid, s, e) for _label, pid, s, e in matches(doc, "test")]
            assert sorted(got) == sorted(expected), text
            assert [(s, -e) for _p, s, e in got] == sorted((s, -e) for _p, s, e in got)
    doc = nlp(texts[0])
    assert [doc[s:e].text for _l, _p, s, e in matches(doc, "test") if _p == "0"] == ["By the end of 2030", "before 2031", "by 2040"]


@pytest.mark.parametrize("lang,text,span", [
    ("en", "The company pledged to cut emissions by the end of 2030.", "by the end of 2030"),
    ("ru", "Компания обещала сократить выбросы к концу 2030 года.", "к концу 2030 года"),
    ("uk", "Компанія обіцяла скоротити викиди до кінця 2030 року.", "до кінця 2030 року"),
    ("ar", "تعهدت الشركة بخفض الانبعاثات بحلول عام 2030 وفق الخطة.", "بحلول عام 2030"),
])
def test_cue_token_patterns_are_found_in_the_pipeline(lang, text, span):
    nlp = get_nlp(lang)
    doc = nlp(text)
    assert span in [doc[s:e].text for label, _id, s, e in matches(doc, CUES_KEY) if label == "PERF"]


def test_tracker_ruler_agrees_with_the_spacy_matcher_on_random_patterns():
    """Plain patterns are matched in Python, the rest by the Matcher: both give the Matcher's matches."""
    import random

    import spacy
    from spacy.matcher import Matcher

    rng = random.Random(7)
    # "can't" is two tokens, and the second's NORM ("not") is set per token by a tokenizer exception
    words = ["a", "b", "A", "the", "The", ".", ",", "2030", "x1", "«", "end", "End", "can't", "not"]

    def token(first: bool) -> dict:
        kind = rng.choice(["LOWER", "ORTH", "NORM", "IN", "NOT_IN", "REGEX", "FLAG", "BOTH"])
        if kind in ("LOWER", "ORTH", "NORM"):
            spec = {kind: rng.choice(words).lower() if kind == "LOWER" else rng.choice(words)}
        elif kind == "IN":
            spec = {rng.choice(["LOWER", "NORM", "ORTH"]): {"IN": rng.sample(words, 3)}}
        elif kind == "NOT_IN":
            spec = {rng.choice(["LOWER", "NORM", "ORTH"]): {"NOT_IN": rng.sample(words + ["n't", "ca"], 4)}}
        elif kind == "REGEX":
            spec = {rng.choice(["TEXT", "LOWER", "NORM"]): {"REGEX": rng.choice(["^[ab]", "^20", "e", "^[A-Z]", "\\W",
                                                                  # lists of whole words (read as sets)
                                                                  "^(a|the|end)$", "^(The|b)$", "^x1$", "^(not)$"])}}
        elif kind == "FLAG":
            spec = {rng.choice(["IS_PUNCT", "IS_ALPHA", "IS_TITLE", "LIKE_NUM"]): rng.choice([True, False])}
        else:
            spec = {"LOWER": {"IN": rng.sample([w.lower() for w in words], 4)}, "IS_TITLE": rng.choice([True, False])}
        if not first and rng.random() < 0.4:
            spec["OP"] = "?"
        elif rng.random() < 0.05:
            spec["OP"] = rng.choice(["+", "*", "!"])  # the Matcher's own
        return spec

    for _trial in range(120):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("tracker_ruler", config={"key": "t", "attr": "NORM"})
        rows = [{"label": "T", "id": str(i), "pattern": [token(k == 0) for k in range(rng.randint(1, 5))]}
                for i in range(rng.randint(1, 4))]
        ruler.add_patterns(rows)
        matcher = Matcher(nlp.vocab)
        for row in rows:
            matcher.add(row["id"], [row["pattern"]])
        for _ in range(10):
            doc = nlp(" ".join(rng.choice(words) for _ in range(rng.randint(0, 20))))
            expected = sorted({(nlp.vocab.strings[m], s, e) for m, s, e in matcher(doc)})
            assert sorted((pid, s, e) for _l, pid, s, e in matches(doc, "t")) == expected, (rows, doc.text)


def test_arabic_sentences_end_after_a_number_or_a_closing_quote() -> None:
    from tracker.extract.pipeline import get_nlp

    doc = get_nlp("ar")("تنتهي الهدنة بحلول عام 2030. وقال «نهاية الشهر». ثم غادر. عدد 3.5 مليون")
    assert [s.text for s in doc.sents] == ["تنتهي الهدنة بحلول عام 2030.", "وقال «نهاية الشهر».", "ثم غادر.",
                                          "عدد 3.5 مليون"]


def test_unnamed_gunmen_are_an_unknown_actor_and_never_pair() -> None:
    import datetime as dt

    from tracker.extract import extract_document
    from tracker.records import DocumentInput

    body = ("أعلن مسلحين في المدينة وقف إطلاق النار لمدة ثلاثة أيام.\n\n"
            "وذكرت مصادر محلية أن مسلحين هاجموا مركز شرطة في حي السلام ليل الخميس.")
    result = extract_document(DocumentInput(body=body, language="ar", published=dt.date(2025, 5, 16)))
    attack = [e for e in result.events if "هاجموا" in e.evidence]
    assert attack and attack[0].actor is None
    assert all(c.actor != "مسلحين" for c in result.commitments)
    assert result.pairs == ()


def test_regexes_that_list_whole_words_are_read_as_word_sets() -> None:
    from tracker.extract.ruler import _regex_words

    assert _regex_words("^(keep|keeps|kept)$") == ["keep", "keeps", "kept"]
    assert _regex_words("^keep$") == ["keep"]
    # anything else stays a regex: alternatives without a group, character classes, groups with more after them
    for regex in ("^keep|kept$", "^20[2-6][0-9]$", "^(a|b)c$", "^(?:a|b)$", "keep", "^(keep|kept)"):
        assert _regex_words(regex) is None, regex


@pytest.mark.parametrize("lang, text", [
    ("en", "Russia agreed to stop strikes on energy facilities.\n\nOn Monday a drone hit a power station in Kharkiv!"),
    ("ru", "Россия согласилась прекратить удары. В понедельник беспилотник атаковал подстанцию в Харькове."),
    ("uk", "Компанія пообіцяла не звільняти працівників до кінця року.\nАле вже в березні скоротила 200 людей."),
    ("ar", "وافقت روسيا على وقف الضربات على منشآت الطاقة. ثم هاجمت طائرة مسيرة محطة كهرباء في خاركيف."),
    ("en", ""),
    ("en", " \n "),
])
def test_the_annotator_gives_what_its_parts_give_one_by_one(lang, text):
    """tracker_annotator reads the columns once for the sentencizer and both rulers: same result as the
    three components run one after the other, each reading its own columns."""
    nlp = get_nlp(lang)
    joint = nlp(text)
    alone = nlp.make_doc(text)
    nlp.get_pipe("tracker_normalizer")(alone)
    for name in ("tracker_sentencizer", "tracker_cues", "tracker_actors"):
        nlp.get_pipe(name)(alone)
    assert [t.is_sent_start for t in joint] == [t.is_sent_start for t in alone]
    assert joint.user_data == alone.user_data
    if text.strip():
        assert joint.user_data["tracker_cues"]
