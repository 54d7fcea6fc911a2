"""tracker.actors: resolution, alias folding, patterns in a blank spaCy pipeline, data coverage."""

from __future__ import annotations

import json
from importlib import resources

import pytest
import spacy

from tracker.actors import (
    KINDS,
    add_actor_ruler,
    entity_patterns,
    find_actors,
    forces_of,
    generic_force_words,
    normalize_token,
    party_of,
    resolve,
    ruler_config,
    same_actor,
)
from tracker.actors.lexicon import canonical_countries, lexicon


@pytest.mark.parametrize("text,lang,expected", [
    ("the Kremlin", "en", "Russia"),
    ("Moscow", "en", "Russia"),
    ("Kyiv", "en", "Ukraine"),
    ("Kiev", "en", "Ukraine"),
    ("Washington", "en", "United States"),
    ("the White House", "en", "United States"),
    ("the IDF", "en", "Israel"),
    ("Tehran", "en", "Iran"),
    ("USA", "en", "United States"),
    ("U.S.", "en", "United States"),
    ("United States of America", "en", "United States"),
    ("Russian Federation", "en", "Russia"),
    ("Iran, Islamic Republic of", "en", "Iran"),
    ("Hezbollah", "en", "Hezbollah"),
    ("the RSF", "en", "Rapid Support Forces"),
    ("Sudan's army", "en", "Sudanese Armed Forces"),
    ("Houthi rebels", "en", "Houthis"),
    ("McDonald’s", "en", "McDonald's"),
    ("الكرملين", "ar", "Russia"),
    ("وبالكرملين", "ar", "Russia"),
    ("للكرملين", "ar", "Russia"),
    ("البيت الأبيض", "ar", "United States"),
    ("والولايات المتحدة", "ar", "United States"),
    ("كييف", "ar", "Ukraine"),
    ("لإسرائيل", "ar", "Israel"),
    ("حزب الله", "ar", "Hezbollah"),
    ("الحوثيون", "ar", "Houthis"),
    ("قوات الدعم السريع", "ar", "Rapid Support Forces"),
    ("الجيش السوداني", "ar", "Sudanese Armed Forces"),
    ("Киев", "ru", "Ukraine"),
    ("Київ", "uk", "Ukraine"),
    ("Кремля", "ru", "Russia"),
    ("в Кремлі", "uk", "Russia"),
    ("Соединённых Штатов", "ru", "United States"),
    ("Сполученими Штатами", "uk", "United States"),
    ("Вооружённых сил России", "ru", "Russia"),
    ("Збройних сил України", "uk", "Ukraine"),
    ("ЦАХАЛ", "ru", "Israel"),
    ("хуситов", "ru", "Houthis"),
    ("Туреччини", "uk", "Turkey"),
    ("قال Putin", "ar", "Russia"),  # Latin script inside Arabic (machine translation)
    ("компания Walmart", "ru", "Walmart"),
    ("ворог атакував", "uk", "Russia"),
    ("قوات العدو الإسرائيلي", "ar", "Israel"),
])
def test_actors_resolve(text, lang, expected):
    assert resolve(text, lang) == expected


@pytest.mark.parametrize("text,lang", [("us", "en"), ("we ate turkey", "en"), ("local reports", "en"),
                                       ("того же дня", "ru"), ("الدعم المالي", "ar"), ("unknown", "en"),
                                       ("", "en"), ("Korea", "en")])
def test_actors_resolve_none(text, lang):
    assert resolve(text, lang) is None


def test_actors_resolve_guesses_language_and_accepts_canonical_names():
    assert resolve("Кремль") == "Russia"
    assert resolve("Росія") == "Russia"
    assert resolve("الكرملين") == "Russia"
    assert resolve("Rapid Support Forces", "ar") == "Rapid Support Forces"
    assert resolve("Kyiv", "ar") == "Ukraine"  # Latin-script names inside Arabic text


@pytest.mark.parametrize("phrase,lang,expected", [
    ("Ukrainian military officials", "en", "Ukraine"),
    ("Russian authorities", "en", "Russia"),
    ("a spokesman for the Russian Defence Ministry", "en", "Russia"),
    ("السلطات الروسية", "ar", "Russia"),
    ("المسؤولين العسكريين الأوكرانيين", "ar", "Ukraine"),
    ("وزارة الدفاع الروسية", "ar", "Russia"),
    ("Минобороны России", "ru", "Russia"),
    ("российские военные", "ru", "Russia"),
    ("Генштаб ЗСУ", "uk", "Ukraine"),
    ("Повітряні сили ЗСУ", "uk", "Ukraine"),
    ("according to local reports", "en", None),
    ("the Associated Press", "en", None),
    (None, "en", None),
])
def test_actors_party_of(phrase, lang, expected):
    assert party_of(phrase, lang) == expected


@pytest.mark.parametrize("a,b,same", [
    ("US", "United States", True), ("USA", "U.S.", True), ("the Kremlin", "Russia", True),
    ("Кремль", "Russia", True), ("Ukraine", "Kyiv", True), ("Russia", "Ukraine", False),
    ("Hamas", "Israel", False), (None, None, False), ("unknown", "unknown", False),
    ("Walmart", "walmart", True), ("Acme Corp", "Acme Corp", True),
    ("Russian Railways", "Russia", False), ("the White House", "Washington", True),
    ("«Хезболла»", "Hezbollah", True), ("Sudanese Armed Forces", "Sudan", False),
])
def test_actors_same_actor(a, b, same):
    assert same_actor(a, b) is same


@pytest.mark.parametrize("text,lang,expected", [
    ("وبالإضافة", "ar", "وبالاضافه"), ("الأوكرانيّة", "ar", "الاوكرانيه"), ("مستشفى", "ar", "مستشفي"),
    ("الهـــدنة", "ar", "الهدنه"), ("Соединённые", "ru", "соединенные"), ("Об’єднані", "uk", "об'єднані"),
    ("McDonald’s", "en", "mcdonald's"),
])
def test_actors_normalize_token(text, lang, expected):
    assert normalize_token(text, lang) == expected


SENTENCES = {
    "en": ("On Tuesday the Kremlin said Russian forces would halt strikes, while Kyiv and the "
           "US State Department welcomed the move and Hamas stayed silent.",
           ["Russia", "Russia", "Ukraine", "United States", "Hamas"]),
    "ar": ("وقال الكرملين إن القوات الروسية ستوقف الهجمات، فيما رحبت كييف وواشنطن بالخطوة، "
           "واتهمت قوات الدعم السريع الجيشَ السوداني بخرق الهدنة.",
           ["Russia", "Russia", "Ukraine", "United States", "Rapid Support Forces", "Sudanese Armed Forces"]),
    "ru": ("В Кремле заявили, что российские военные прекратят удары, а в Киеве и Вашингтоне "
           "приветствовали это решение Минобороны России.",
           ["Russia", "Russia", "Ukraine", "United States", "Russia"]),
    "uk": ("Генштаб ЗСУ повідомив, що російські війська обстріляли Херсон, хоча Кремль "
           "обіцяв Сполученим Штатам припинити удари.",
           ["Ukraine", "Russia", "Russia", "United States"]),
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
@pytest.mark.parametrize("factory", ["entity_ruler", "span_ruler"])
def test_actors_patterns_load_into_blank_pipeline(lang, factory):
    text, expected = SENTENCES[lang]
    nlp = spacy.blank(lang)
    config = {"spans_key": "actors"} if factory == "span_ruler" else {}
    add_actor_ruler(nlp, factory=factory, config=config)
    doc = nlp(text)
    # the span ruler keeps overlapping matches ("Russian", "Russian forces"); keep the longest
    spans = doc.ents if factory == "entity_ruler" else spacy.util.filter_spans(doc.spans["actors"])
    assert [s.id_ for s in sorted(spans, key=lambda s: s.start)] == expected
    assert all(s.label_ == "ACTOR" for s in spans)


def test_actors_patterns_by_hand_with_norm_setter():
    """The documented contract: set NORM with normalize_token, ruler config from ruler_config."""
    nlp = spacy.blank("ar")
    ruler = nlp.add_pipe("entity_ruler", config=ruler_config("ar"))

    def set_norm(doc):
        for token in doc:
            token.norm_ = normalize_token(token.text, "ar")
        return doc

    # pattern docs go through the pipes before the ruler, so the setter must come first
    spacy.language.Language.component("test_set_norm", func=set_norm)
    nlp.add_pipe("test_set_norm", before="entity_ruler")
    ruler.add_patterns(entity_patterns("ar"))
    doc = nlp("وأعلنت إسرائيـل أن الحرس الثوري الإيراني أطلق صواريخ")
    assert [e.id_ for e in doc.ents] == ["Israel", "Iran"]


@pytest.mark.parametrize("lang", ["ar", "en", "ru", "uk"])
def test_actors_pattern_shape(lang):
    patterns = entity_patterns(lang)
    assert len(patterns) > 500
    for p in patterns:
        assert set(p) == {"label", "id", "pattern"} and p["label"] == "ACTOR" and p["id"]
        # phrase patterns (NORM), or English case-sensitive token patterns on ORTH only
        assert isinstance(p["pattern"], str) or (lang == "en" and all(set(t) == {"ORTH"} for t in p["pattern"]))
    json.dumps(patterns[:10], ensure_ascii=False)  # JSONL-serialisable
    assert entity_patterns("fr") == []
    no_capitals = entity_patterns(lang, kinds=[k for k in KINDS if k != "capital"])
    assert 0 < len(no_capitals) < len(patterns)


def test_actors_english_case_sensitive_aliases():
    text = "Let us talk turkey, said the US envoy in Turkey, and polish the Polish draft."
    found = [(text[m.start:m.end], m.id) for m in find_actors(text, "en")]
    assert found == [("US", "United States"), ("Turkey", "Turkey"), ("Polish", "Poland")]
    assert resolve("RUSSIAN FORCES", "en") == "Russia" and resolve("russian forces", "en") == "Russia"


def test_actors_find_actors_reports_kind_and_offsets():
    text = "Ukrainian military officials blamed a Russian missile attack on the Kremlin."
    mentions = find_actors(text, "en")
    assert [(text[m.start:m.end], m.id, m.kind) for m in mentions] == [
        ("Ukrainian military", "Ukraine", "body"), ("Russian", "Russia", "demonym"),
        ("Kremlin", "Russia", "metonym")]


def _member_states() -> list[str]:
    text = resources.files("tracker.actors").joinpath("data", "demonyms.tsv").read_text(encoding="utf-8")
    return [line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#")]


# Demonyms two states share ("Congolese", "Dominican") are ambiguous and dropped on purpose;
# multi-word Arabic names have no one-word nisba.
AMBIGUOUS_DEMONYMS = {"CG", "CD", "DM", "DO"}


@pytest.mark.parametrize("lang", ["ar", "en", "ru", "uk"])
def test_actors_every_state_has_name_and_demonym(lang):
    canon = canonical_countries()
    kinds: dict[str, set[str]] = {}
    for cid, kind in lexicon(lang).values():
        kinds.setdefault(cid, set()).add(kind)
    codes = _member_states()
    assert len(codes) >= 193
    missing_names = [c for c in codes if "country" not in kinds.get(canon[c], set())]
    assert missing_names == []
    with_demonym = [c for c in codes if kinds.get(canon[c], set()) & {"demonym", "country"}]
    assert len(with_demonym) == len(codes)
    if lang != "ar":
        missing = [c for c in codes if c not in AMBIGUOUS_DEMONYMS and canon[c] != "New Zealand"
                   and "demonym" not in kinds.get(canon[c], set())]
        assert missing == []


def test_actors_data_files_validate():
    text = resources.files("tracker.actors").joinpath("data", "actors.jsonl").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        record = json.loads(line)
        assert record["kind"] in KINDS, n
        assert record["id"] and all(record.get(lang) for lang in ("en", "ar", "ru", "uk")), n
    codes = _member_states()
    assert len(codes) == len(set(codes))
    assert set(codes) <= set(canonical_countries())


def test_actors_generic_forces():
    assert forces_of("Sudan") == "Sudanese Armed Forces"
    assert forces_of("Russia") == "Russia" and forces_of(None) is None
    for lang in ("ar", "en", "ru", "uk"):
        words = generic_force_words(lang)
        assert words and all(w == w.lower() for w in words)
    assert "الجيش" in generic_force_words("ar") and "армия" in generic_force_words("ru")


def test_actors_english_patterns_also_work_on_orth():
    """An English ruler may match the phrases on ORTH for strict case (the extraction pipeline does)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"phrase_matcher_attr": "ORTH", "spans_key": "a"})
    ruler.add_patterns(entity_patterns("en"))
    doc = nlp("Let us go. Ukrainian officials, RUSSIA, the Rapid Support Forces and the US met.")
    found = {(s.text, s.id_) for s in spacy.util.filter_spans(doc.spans["a"])}
    assert found == {("Ukrainian officials", "Ukraine"), ("RUSSIA", "Russia"),
                     ("Rapid Support Forces", "Rapid Support Forces"), ("US", "United States")}


def test_actors_tables_disk_cache_round_trips(tmp_path, monkeypatch):
    from tracker.actors import lexicon as lex

    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path))
    lex._tables.cache_clear()
    try:
        built = lex._tables("uk")  # builds and writes the cache
        assert list(tmp_path.glob("actors-uk-*.json"))
        lex._tables.cache_clear()
        assert lex._tables("uk") == built  # read back from disk
        assert built == lex._build_tables("uk")
    finally:
        lex._tables.cache_clear()
