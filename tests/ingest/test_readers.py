"""Readers: formats, encodings and bad input. All texts here are written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from tracker.errors import InputError
from tracker.ingest import guards, readers

RU = ("Министерство обороны заявило, что удары по энергетической инфраструктуре будут приостановлены "
      "на тридцать дней. Однако уже следующей ночью город остался без света после атаки.")
UK = ("Міністерство заявило, що удари по енергетичній інфраструктурі буде призупинено на тридцять днів. "
      "Проте вже наступної ночі місто залишилося без світла після атаки.")
AR = ("أعلنت الوزارة وقف الضربات على منشآت الطاقة لمدة ثلاثين يوما، لكن المدينة تعرضت لهجوم "
      "في الليلة التالية وانقطعت الكهرباء عن أحياء واسعة.")
EN = "The ministry said strikes on energy facilities would pause for thirty days. The next night a plant was hit."


def test_header_format(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("URL: https://example.org/a\nDATE: 2025-03-19\nLANG: en\nTITLE: Pause\n\n" + EN + "\n")
    [doc] = readers.read_file(p)
    assert doc.url == "https://example.org/a"
    assert doc.published == dt.date(2025, 3, 19)
    assert doc.language == "en" and doc.title == "Pause" and doc.raw_format == "header"
    assert doc.body.startswith("The ministry")


def test_header_unknown_date_and_crlf(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(("URL: https://example.org/a\r\nDATE: unknown\r\nLANG: ru\r\n\r\n" + RU + "\r\n").encode())
    [doc] = readers.read_file(p)
    assert doc.published is None and doc.language == "ru"
    assert "\r" not in doc.body


def test_bare_text(tmp_path):
    p = tmp_path / "b.txt"
    p.write_text(EN)
    [doc] = readers.read_file(p)
    assert doc.raw_format == "text" and doc.body == EN and doc.url is None


def test_parse_text_keeps_seed_contract():
    doc = readers.parse_text("URL: u\nDATE: 2025-01-02\n\nbody here")
    assert doc.body == "body here" and doc.published == dt.date(2025, 1, 2)
    assert readers.parse_text("just text").raw_format == "text"


@pytest.mark.parametrize("enc,text", [("cp1256", AR), ("windows-1251", RU), ("koi8-r", RU),
                                      ("windows-1251", UK), ("koi8-u", UK)])
def test_legacy_encodings(tmp_path, enc, text):
    p = tmp_path / "legacy.txt"
    p.write_bytes(("LANG: xx\n\n" + text).encode(enc))
    [doc] = readers.read_file(p)
    assert doc.body == text


@pytest.mark.parametrize("enc,text", [("koi8-r", RU[:45]), ("windows-1251", RU[:45]), ("cp1256", AR[:40])])
def test_short_legacy_texts_pass_the_script_sanity_check(enc, text):
    # charset-normalizer alone reads short koi8-r as shift_jis; the plausibility check fixes it.
    decoded, _ = readers.decode_bytes(text.encode(enc))
    assert decoded == text


def test_broken_utf8_is_repaired_not_misread():
    data = RU.encode("utf-8")[:-1] + b" \xff tail"
    text, enc = readers.decode_bytes(data)
    assert enc == "utf-8 (repaired)"
    assert text.startswith(RU[:50]) and "\ufffd" in text


def test_latin1_text():
    text, _ = readers.decode_bytes("Le cessez-le-feu a été rompu à l'aube.".encode("cp1252"))
    assert "été" in text


@pytest.mark.parametrize("data,kind", [
    (b"", readers.EmptyInputError),
    (b"\x00\x01\x02binary\x00data" * 10, readers.BinaryInputError),
    (bytes(range(256)) * 20, readers.BinaryInputError),
])
def test_bad_bytes_give_clear_errors(tmp_path, data, kind):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    items = readers.read_path_items(p)
    assert len(items) == 1 and items[0].document is None
    assert str(p) in items[0].error
    with pytest.raises(kind):
        readers.decode_bytes(data, origin=str(p))
    with pytest.raises(InputError):
        readers.read_file(p)


def test_zero_byte_file_reason(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    [item] = readers.read_path_items(p)
    assert "empty (0 bytes)" in item.error


def test_huge_file_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(guards, "MAX_INPUT_BYTES", 1000)
    p = tmp_path / "huge.txt"
    p.write_text("word " * 1000)
    [item] = readers.read_path_items(p)
    assert item.document is None and "too large" in item.error and "cap" in item.error


def test_megabyte_lines(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text(("x" * 1_000_000) + "\n" + EN)
    [doc] = readers.read_file(p)
    assert doc.body.endswith(EN)


def test_rtl_override_and_controls_removed():
    doc = readers.parse_text(readers.clean_text("abc\u202edef\u2066g\x07h"))
    assert doc.body == "abcdefg h"


HOSTILE_HTML = """<!doctype html><html><head><title>Strike on plant</title>
<script>document.write('<p>INJECTED</p>'); alert(1)</script><style>p{color:red}</style></head>
<body><iframe src="https://evil.example/"></iframe><nav>Home | World | Sport</nav>
<article><h1>Strike on plant</h1>
<p>Officials said the ministry had promised to pause strikes on energy facilities for thirty days.</p>
<p>On Tuesday night a drone hit the city's main power station, cutting electricity to thousands of homes.</p>
<p>The regional governor said repair crews were working through the night to restore supplies.</p>
</article><script>var x = "<p>also injected</p>";</script>
<footer>Copyright</footer></body></html>"""


def test_html_main_text_without_scripts(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HOSTILE_HTML)
    [doc] = readers.read_file(p)
    assert doc.raw_format == "html"
    assert "power station" in doc.body
    assert "INJECTED" not in doc.body and "injected" not in doc.body and "alert" not in doc.body
    assert doc.title == "Strike on plant"


def test_html_legacy_charset(tmp_path):
    html = f'<html><head><meta charset="windows-1251"><title>t</title></head><body><p>{RU}</p><p>{RU}</p></body></html>'
    p = tmp_path / "ru.html"
    p.write_bytes(html.encode("cp1251"))
    [doc] = readers.read_file(p)
    assert RU[:40] in doc.body


def test_deeply_nested_html_still_gives_text():
    html = "<html><body>" + "<div>" * 5000 + f"<p>{EN}</p>" + "</div>" * 5000 + "</body></html>"
    doc = readers.parse_html(html)
    assert "thirty days" in doc.body


def test_huge_dom_refused_quickly():
    html = "<html><body>" + "<span>x</span>" * (readers.MAX_HTML_ELEMENTS + 10) + "</body></html>"
    t = time.perf_counter()
    with pytest.raises(readers.FormatError, match="too complex"):
        readers.parse_html(html)
    assert time.perf_counter() - t < 5


def test_json_and_jsonl_records(tmp_path):
    recs = [{"text": EN, "url": "https://example.org/1", "title": "One", "published": "2025-03-19T10:00:00Z",
             "language": "en"},
            {"body": RU, "link": "https://example.org/2", "date": "Wed, 19 Mar 2025 10:00:00 GMT", "lang": "ru"}]
    pj = tmp_path / "a.json"
    pj.write_text(json.dumps({"documents": recs}, ensure_ascii=False))
    docs = readers.read_file(pj)
    assert [d.url for d in docs] == ["https://example.org/1", "https://example.org/2"]
    assert docs[0].published == dt.date(2025, 3, 19) and docs[1].published == dt.date(2025, 3, 19)
    assert docs[1].language == "ru"
    pl = tmp_path / "b.jsonl"
    pl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n{broken\n" + '{"url": "x"}\n')
    items = readers.read_path_items(pl)
    assert [it.ok for it in items] == [True, True, False, False]
    assert "not valid JSON" in items[2].error and "no text field" in items[3].error
    assert len(readers.read_file(pl)) == 2


def test_json_invalid(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text("{not json")
    [item] = readers.read_path_items(p)
    assert "not valid JSON" in item.error


def test_json_invalid_dates_are_none(tmp_path):
    p = tmp_path / "d.json"
    p.write_text(json.dumps([{"text": EN, "published": "32/13/2025"}, {"text": EN + ".", "published": 12345}]))
    docs = readers.read_file(p)
    assert [d.published for d in docs] == [None, None]


def test_directory_of_10000_files(tmp_path):
    root = tmp_path / "many"
    for i in range(100):
        sub = root / f"d{i:03d}"
        sub.mkdir(parents=True)
        for j in range(100):
            (sub / f"{j:03d}.txt").write_text(f"Article {i}-{j}. {EN}")
    (root / "README.md").write_text("not an article")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    t = time.perf_counter()
    skipped: list = []
    files = list(readers.iter_files([root], skipped=skipped))
    assert len(files) == 10_000 and files == sorted(files)
    n = sum(len(readers.read_path_items(f)) for f in files)
    assert n == 10_000
    assert {p.name for p in skipped} == {"README.md", "image.png"}
    assert time.perf_counter() - t < 60


def test_missing_file():
    with pytest.raises(InputError, match="no such file"):
        readers.read_file("/nonexistent/file.txt")


def test_sniffing():
    assert readers.sniff_format("<rss version='2.0'>") == "feed"
    assert readers.sniff_format("<!DOCTYPE html><html>") == "html"
    assert readers.sniff_format('{"a": 1}\n{"b": 2}\n') == "jsonl"
    assert readers.sniff_format("[{}]") == "json"
    assert readers.sniff_format("URL: x\n\nbody") == "header"


def test_language_codes_normalised(tmp_path):
    assert [readers.language_code(v) for v in ("en-US", "AR", "uk_UA", " ru ", "english!", "", None)] == [
        "en", "ar", "uk", "ru", None, None, None]
    p = tmp_path / "a.json"
    p.write_text(json.dumps({"text": EN, "language": "en-GB"}))
    assert readers.read_file(p)[0].language == "en"


def test_plain_xml_is_not_a_feed(tmp_path):
    p = tmp_path / "sitemap.xml"
    p.write_text('<?xml version="1.0"?><urlset><url><loc>https://example.org/</loc></url></urlset>')
    [item] = readers.read_path_items(p)
    assert "neither an RSS/Atom feed nor HTML" in item.error


# --------------------------------------------------------------------------- NUL bytes: proportionate


def test_stray_nul_bytes_in_good_text_are_removed_with_a_warning(tmp_path, caplog):
    p = tmp_path / "nul.txt"
    body = "The ministry said on Monday it would pause strikes on energy infrastructure for thirty days."
    p.write_bytes(("URL: https://ex.org/nul\nDATE: 2025-03-18\n\n" + body.replace(" ", " \x00", 3) + "\x00\n")
                  .encode())
    with caplog.at_level("WARNING", logger="tracker.ingest.readers"):
        [doc] = readers.read_file(p)
    assert doc.body.strip() == body and doc.url == "https://ex.org/nul"
    assert "removed 4 stray NUL bytes" in caplog.text and str(p) in caplog.text


def test_stray_nul_in_legacy_encoded_text_is_removed():
    text, enc = readers.decode_bytes((RU + "\x00 " + RU).encode("cp1251"))
    assert enc == "cp1251" and "\x00" not in text and text == RU + " " + RU


@pytest.mark.parametrize("data,reason", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00\x10IHDR" * 50, "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    (b"PK\x03\x04" + b"\x14\x00" * 40, "ZIP archive"),
    (b"abc" + b"\x00" * 1000, "1,000 NUL bytes in the first 1,003 bytes"),
    (bytes(range(256)) * 20, "NUL and"),
    # good text for 64 KiB, then a large block of NULs: judged on the whole item, not the head
    (b"a quiet line of text\n" * 4000 + b"\x00" * 50_000, "50,000 NUL bytes in 134,000"),
])
def test_real_binary_is_refused_with_a_clear_reason(data, reason):
    with pytest.raises(readers.BinaryInputError, match=reason):
        readers.decode_bytes(data, origin="item")


def test_utf16_without_bom_is_text_not_binary():
    for enc in ("utf-16-le", "utf-16-be"):
        text, used = readers.decode_bytes((EN + " " + EN).encode(enc))
        assert used == enc and text == EN + " " + EN
