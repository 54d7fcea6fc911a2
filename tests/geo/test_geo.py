"""Gazetteer lookups, mentions in running text and scope containment. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tracker.geo import country_of, get_gazetteer, in_scope
from tracker.records import Place


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer().load()


SLOVIANSK = 693468
KHARKIV = 706483


@pytest.mark.parametrize(
    "name,lang",
    [("Sloviansk", "en"), ("Slovyansk", "en"), ("Slavyansk", "en"), ("Славянск", "ru"), ("Слов'янськ", "uk"),
     ("Слов’янськ", "uk"), ("Словʼянськ", "uk"), ("سلوفيانسك", "ar")],
)
def test_sloviansk_spellings_are_one_place(gaz, name, lang):
    place = gaz.lookup(name, lang)
    assert place is not None and place.geonames_id == SLOVIANSK
    assert place.country == "UA" and place.precision == "city"
    assert place.raw == name
    assert abs(place.lat - 48.85) < 0.1 and abs(place.lon - 37.6) < 0.1


@pytest.mark.parametrize(
    "name,lang",
    [("Kharkiv", "en"), ("Kharkov", "en"), ("Харків", "uk"), ("Харьков", "ru"), ("خاركيف", "ar"), ("خاركوف", "ar")],
)
def test_kharkiv_spellings_are_one_place(gaz, name, lang):
    assert gaz.lookup(name, lang).geonames_id == KHARKIV


def test_villages_resolve(gaz):
    for name, lang in (("Kavkazskaya", "en"), ("Кавказская", "ru"), ("كافكازسكايا", "ar")):
        place = gaz.lookup(name, lang)
        assert place.country == "RU" and place.name == "Kavkazskaya", name
    assert gaz.lookup("near the village of Kavkazskaya", "en").name == "Kavkazskaya"
    assert gaz.lookup("Sudzha", "en").country == "RU"


def test_unknown_name_is_none(gaz):
    assert gaz.lookup("Qwertyuiopgrad", "en") is None
    assert gaz.lookup("", "en") is None


def test_regions(gaz):
    for name, lang in (("Bryansk region", "en"), ("Брянская область", "ru"), ("Брянській області", "uk")):
        place = gaz.lookup(name, lang)
        assert place.precision == "region" and place.country == "RU", name
    for name, lang in (("Kharkiv Oblast", "en"), ("Харківська область", "uk"), ("منطقة خاركيف", "ar")):
        place = gaz.lookup(name, lang)
        assert place.precision == "region" and place.country == "UA", name


def test_countries_and_areas(gaz):
    assert gaz.lookup("Ukraine", "en").precision == "country"
    assert gaz.lookup("Україна", "uk").country == "UA"
    assert gaz.lookup("أوكرانيا", "ar").country == "UA"
    sea = gaz.lookup("Black Sea", "en")
    assert sea.precision == "area" and sea.country is None
    assert gaz.lookup("Чорне море", "uk").name == "Black Sea"
    assert gaz.lookup("البحر الأسود", "ar").name == "Black Sea"
    assert gaz.lookup("قطاع غزة", "ar").name == "Gaza Strip"


def test_prefer_countries_breaks_ties(gaz):
    assert gaz.lookup("Rafah", "en", prefer_countries=("EG",)).country == "EG"
    assert gaz.lookup("Rafah", "en", prefer_countries=("PS",)).country == "PS"


def test_country_of():
    assert country_of("Ukraine") == "UA"
    assert country_of("UA") == "UA"
    assert country_of("UKR") == "UA"
    assert country_of("Gaza") == "PS"
    assert country_of("Black Sea") is None
    assert country_of("Украина") == "UA"
    assert country_of(None) is None


# --------------------------------------------------------------------------- find


def names(found):
    return [(p.name, p.country, p.precision) for _, _, p in found]


def test_find_english(gaz):
    text = "Russian drones hit Sloviansk and the Kharkiv region overnight, and a depot near the village of Kavkazskaya burned."
    found = gaz.find(text, "en")
    assert names(found) == [("Sloviansk", "UA", "city"), ("Kharkiv Oblast", "UA", "region"),
                            ("Kavkazskaya", "RU", "city")]
    assert found[1][2].admin1 == get_gazetteer().lookup("Kharkiv", "en").admin1
    for s, e, place in found:
        assert text[s:e] == place.raw


def test_find_russian_case_endings(gaz):
    text = "Ночью беспилотники атаковали объекты в Брянской области, в Харькове и в Славянске."
    found = names(gaz.find(text, "ru"))
    assert found[0][1:] == ("RU", "region")
    assert found[1:] == [("Kharkiv", "UA", "city"), ("Sloviansk", "UA", "city")]


def test_find_ukrainian_case_endings(gaz):
    text = "Вночі у Харкові та Слов'янську пролунали вибухи, повідомили в Харківській області."
    found = names(gaz.find(text, "uk"))
    assert found[0] == ("Kharkiv", "UA", "city")
    assert found[1] == ("Sloviansk", "UA", "city")
    assert found[2][1:] == ("UA", "region")


def test_find_arabic_clitics(gaz):
    text = "قالت السلطات إن صاروخا أصاب بسلوفيانسك وإن الهجوم وقع قرب خاركيف، كما اشتعلت النيران بالقرب من قرية كافكازسكايا والخرطوم."
    found = names(gaz.find(text, "ar"))
    assert ("Sloviansk", "UA", "city") in found
    assert ("Kharkiv", "UA", "city") in found
    assert ("Kavkazskaya", "RU", "city") in found
    assert ("Khartoum", "SD", "city") in found
    assert all(country in ("UA", "RU", "SD") for _, country, _ in found), found


def test_find_ignores_common_words(gaz):
    assert gaz.find("They said the talks may resume. The Kremlin agreed.", "en") == []
    assert gaz.find("قالت السلطات إن اللوم يقع على الطرف الآخر", "ar") == []
    assert gaz.find("Он сказал, что всё в порядке.", "ru") == []


def test_find_offsets_survive_apostrophes(gaz):
    text = "Удар по Слов’янську стався вранці."
    (s, e, place), = gaz.find(text, "uk")
    assert text[s:e] == "Слов’янську" and place.geonames_id == SLOVIANSK


# --------------------------------------------------------------------------- scope


def P(name, lang="en"):
    return get_gazetteer().lookup(name, lang)


def test_scope_country():
    assert in_scope("UA", "Ukraine", P("Sloviansk")) is True
    assert in_scope("UA", "Ukraine", P("Sudzha")) is False  # Russian soil: not Ukraine's energy infrastructure
    assert in_scope("UA", None, P("Харків", "uk")) is True
    assert in_scope("UA", "Ukraine", P("Ukraine")) is True


def test_scope_unknown_place_is_none():
    assert in_scope("UA", "Ukraine", None) is None
    assert in_scope("UA", "Ukraine", Place(raw="Qwertyuiopgrad")) is None


def test_no_scope_means_anywhere():
    assert in_scope(None, None, P("Kavkazskaya")) is True


def test_scope_sea():
    assert in_scope(None, "Black Sea", P("Black Sea")) is True
    assert in_scope(None, "Black Sea", P("Odesa")) in (True, None)  # a port on the sea
    assert in_scope(None, "Black Sea", P("Kharkiv")) is False
    assert in_scope(None, "Black Sea", P("Moscow")) is False


def test_scope_gaza_strip():
    assert in_scope("PS", "Gaza Strip", P("Rafah", "en")) is True
    assert in_scope("PS", "Gaza", P("دير البلح", "ar")) is True
    assert in_scope("PS", "Gaza Strip", P("Tel Aviv")) is False


def test_scope_region():
    assert in_scope("RU", "Bryansk region", P("Bryansk")) is True
    assert in_scope("RU", "Bryansk region", P("Sloviansk")) is False


def test_load_is_fast_once_built():
    import time

    from tracker.geo.core import Gazetteer

    t0 = time.perf_counter()
    g = Gazetteer().load()
    assert g.lookup("Kharkiv", "en").country == "UA"
    assert time.perf_counter() - t0 < 2.0


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Vladimir Putin spoke with the envoy.", "en"),
        ("The New York Declaration on Forests was signed.", "en"),
        ("The Rapid Support Forces denied it.", "en"),
        ("Владимир Путин провел совещание.", "ru"),
        ("Там, де можливо, рятувальники працюють.", "uk"),
        ("Ранее Мойка78 сообщала об этом.", "ru"),
        ("قال الزعيم الروسي فلاديمير بوتين إن وكالة الأنباء نقلت الخبر", "ar"),
        ("قالت السلطات إن اللوم يقع على الطرف الآخر", "ar"),
    ],
)
def test_names_and_words_that_collide_with_towns(gaz, text, lang):
    assert gaz.find(text, lang) == []


def test_trigger_licenses_a_small_village(gaz):
    # a settlement word before an unknown spelling falls back on a cross-script key
    text = "اندلع حريق في مستودع بالقرب من قرية كافكازسكايا"
    assert [p.name for _, _, p in gaz.find(text, "ar")] == ["Kavkazskaya"]


def test_subdivisions_get_english_names_and_town_admin1():
    bryansk = P("Брянская область", "ru")
    assert bryansk.name == "Bryansk Oblast" and bryansk.precision == "region"
    assert in_scope("RU", "Брянская область", P("Bryansk")) is True
    assert in_scope("RU", "Курская область", P("Sudzha")) is True
    assert in_scope("RU", "Курская область", P("Bryansk")) is False
    assert P("Kharkivska oblast").name == "Kharkiv Oblast"


def test_institutions_and_groups_are_not_towns():
    for name in ("Hamas", "Kremlin", "the White House", "NATO", "IDF", "McDonald's", "الكرملين", "Кремль"):
        assert get_gazetteer().lookup(name, None) is None, name
        assert country_of(name) is None, name
    assert country_of("UK") == "GB" and country_of("USA") == "US" and country_of("UAE") == "AE"


def test_country_acronyms_in_text(gaz):
    text = "The US and the UK said NATO and the IDF were in Kyiv."
    assert [p.name for _, _, p in gaz.find(text, "en")] == ["United States", "United Kingdom", "Kyiv"]


def test_region_forms_meet(gaz):
    forms = [("Sumy Oblast", "en"), ("Сумська область", "uk"), ("Сумської ОВА", "uk"), ("Сумщина", "uk"),
             ("Сумская область", "ru")]
    admin1 = {gaz.find(text, lang)[0][2].admin1 for text, lang in forms}
    assert admin1 == {gaz.lookup("Sumy", "en").admin1}
    text = "Над Белгородской и Курской областями сбиты беспилотники."
    assert [p.country for _, _, p in gaz.find(text, "ru")] == ["RU", "RU"]
    assert [p.name for _, _, p in gaz.find("from Port Sudan and the Gezira State", "en")] == ["Port Sudan", "Gezira State"]


def test_lookup_of_descriptive_place_strings(gaz):
    assert gaz.lookup("Khartoum (north and east)", "en").country == "SD"
    assert gaz.lookup("Chong Khanma, Si Sa Ket", "en").country == "TH"
    assert gaz.lookup("Bryansk region (Suzemsky district)", "en").precision == "region"
    assert gaz.lookup("southern direction (unspecified)", "en") is None
