"""Write the bad-input corpus into a folder (big inputs are generated, never committed).

    python tests/resources/bad/generate.py OUTDIR [--small]

Each file is one *kind* of bad input. ``KINDS`` maps file name -> (kind, what a correct
ingest does with it). The expectations are deliberately loose where the design leaves the
choice to the reader (dropped vs failed), and strict where it does not (bombs refused, legacy
encodings decoded, nothing crashes).

The hostile XML payloads here (entity bomb, XXE, malformed feed) are also what the test suite's
one local HTTP server (tests/ingest/httpserver.py) serves.

All texts are written for this project; none come from any gold set.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

RU = ("Министерство обороны заявило, что удары по энергетической инфраструктуре будут приостановлены "
      "на тридцать дней. Однако следующей ночью беспилотник атаковал электростанцию в Харькове.")
UK = ("Міністерство оборони заявило, що удари по енергетичній інфраструктурі буде призупинено на тридцять "
      "днів. Проте наступної ночі безпілотник атакував електростанцію в Харкові.")
AR = ("أعلنت وزارة الدفاع وقف الضربات على منشآت الطاقة لمدة ثلاثين يوما. "
      "لكن طائرة مسيرة استهدفت محطة كهرباء في المدينة في الليلة التالية.")
EN = ("The ministry said on Monday it would pause strikes on energy infrastructure for thirty days. "
      "The next night a drone hit the main power station in Kharkiv, officials said.")

# What a correct run may do with an item:
#   "stored"  new document (extracted or dropped with a reason)
#   "failed"  a per-item failure with a reason
#   "any"     stored or failed, but never a crash, never silently lost
ANY, STORED, FAILED = "any", "stored", "failed"


@dataclass(frozen=True)
class Kind:
    name: str  # file name in the corpus folder
    kind: str  # what it exercises
    expect: str  # ANY | STORED | FAILED
    reason: str = ""  # a word the failure reason must contain (case-insensitive), when FAILED
    text: str = ""  # a fragment the stored body must contain, when STORED


def _u(tag: str) -> str:
    """A sentence that makes one file's text unique (content-hash dedup would fold equal texts)."""
    return f" Reference {tag}."


def _header(body: str, *, url: str, lang: str, date: str = "2025-03-18") -> str:
    return f"URL: {url}\nDATE: {date}\nLANG: {lang}\nTITLE: bad-input test\n\n{body}\n"


def _html_scripts() -> str:
    return (
        "<!doctype html><html lang='en'><head><title>Scripts and frames</title>"
        "<script>document.write('<p>INJECTED TEXT</p>');for(;;){}</script>"
        "<style>p{color:red}</style></head><body onload=\"alert('x')\">"
        "<iframe src='http://127.0.0.1:9/evil'></iframe><iframe srcdoc='<p>FRAME TEXT</p>'></iframe>"
        f"<article><h1>Pause</h1><p>{EN}</p><p>Repair crews worked through the night.</p></article>"
        "<noscript>NOSCRIPT TEXT</noscript><script src='http://127.0.0.1:9/x.js'></script>"
        "<object data='x.swf'></object><svg><script>alert(1)</script></svg></body></html>"
    )


def _huge_dom(n: int) -> str:
    cells = "".join(f"<div class='c{i % 7}'><span>{i}</span></div>" for i in range(n))
    return f"<html><body><article><p>{EN}</p>{cells}</article></body></html>"


def _deep_dom(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + f"<p>{EN}</p>" + "</div>" * depth + "</body></html>"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description>
</item></channel></rss>"""

QUADRATIC_BLOWUP = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "' + "x" * 50_000 + '">]>'
                    '<rss version="2.0"><channel><title>q</title><item><description>' + "&a;" * 2000
                    + "</description></item></channel></rss>")

XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title><description>&xxe;</description>
<link>http://127.0.0.1:9/x</link></item></channel></rss>"""

XXE_PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/evil.dtd"> %ext;]>
<rss version="2.0"><channel><title>x</title><item><title>t</title></item></channel></rss>"""


MALFORMED_RSS = b"<rss version='2.0'><channel><title>broken<item><title>x"


def _rss_bad_dates() -> str:
    long = (EN + " ") * 3
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bad dates wire</title>'
        "<link>http://127.0.0.1/</link><description>d</description>"
        f"<item><title>No link, text, invalid date</title><description>{long}</description>"
        "<pubDate>32 Foo 2025 99:99:99</pubDate></item>"
        f"<item><title>Year zero</title><description>{long} Zero.</description><pubDate>0000-00-00</pubDate></item>"
        f"<item><title>Far future</title><description>{long} Future.</description>"
        "<pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate></item>"
        f"<item><title>Feb 30</title><description>{long} Thirty.</description><pubDate>2025-02-30</pubDate></item>"
        "<item><title>Nothing at all</title></item>"
        "<item><title>Link not http</title><link>javascript:alert(1)</link></item>"
        "</channel></rss>"
    )


def _broken_utf8(heavy: bool = False) -> bytes:
    """UTF-8 with invalid bytes: a few (after some spaces), or many (every ~100 bytes)."""
    raw = _header(RU + " " + EN + " " + RU + _u("heavy" if heavy else "light"),
                  url=f"https://bad.example/broken-utf8-{'heavy' if heavy else 'light'}", lang="ru").encode("utf-8")
    out = bytearray()
    spaces = 0
    for i, b in enumerate(raw):
        out.append(b)
        if heavy and i % 97 == 50:
            out += b"\xc3\x28\xff\xfe\xa0\xe2\x82"  # invalid sequences, truncated multibyte
        elif not heavy and b == 0x20:
            spaces += 1
            if spaces % 15 == 0:
                out += (b"\xff", b"\xe2\x82", b"\xc3")[spaces % 3]
    return bytes(out)


def _binary(seed: int = 1) -> bytes:
    rng = random.Random(seed)
    return b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(64_000))


def _big_text(size: int) -> bytes:
    para = (EN + " " + RU + " " + AR + "\n\n").encode("utf-8")
    return para * (size // len(para) + 1)


def _long_lines(*line_bytes: int) -> bytes:
    """Lines of the given lengths (no sentence punctuation: one huge 'sentence' each)."""
    unit = "The drone hit the plant at night and the ministry said the pause held "
    lines = [(unit * (n // len(unit) + 1))[:n] for n in line_bytes]
    return _header("\n".join(lines), url="https://bad.example/long-lines", lang="en").encode()


def build(small: bool = False) -> dict[str, tuple[Kind, bytes]]:
    """Every corpus file: name -> (Kind, bytes)."""
    big = 2 * 1024 * 1024 if small else 20 * 1024 * 1024
    long_line = 100_000 if small else 1_000_000
    items: list[tuple[Kind, bytes]] = [
        (Kind("empty.txt", "empty file", ANY), b""),
        (Kind("whitespace.txt", "whitespace only", ANY), " \n\t\n\u3000\u00a0\r\n  \n".encode()),
        (Kind("binary.txt", "binary data with a text suffix", FAILED), _binary()),
        (Kind("nul-bytes.txt", "a few NUL bytes inside text (removed, text kept)", STORED, text="power station"),
         _header(EN.replace(" ", " \x00", 5) + "\x00\x00" + _u("nul"), url="https://bad.example/nul", lang="en").encode()),
        (Kind("big-20mb.txt" if not small else "big-2mb.txt", "a 20 MB text", ANY), _big_text(big)),
        (Kind("long-lines.txt", "1 MB lines", ANY), _long_lines(long_line, long_line // 2)),
        (Kind("broken-utf8.txt", "broken UTF-8 (a few bad bytes)", STORED, text="Министерство"), _broken_utf8()),
        (Kind("broken-utf8-heavy.txt", "broken UTF-8 (7% bad bytes)", ANY), _broken_utf8(heavy=True)),
        (Kind("cp1256.txt", "cp1256 (Arabic) text", STORED, text="وزارة"),
         _header(AR + _u("cp1256"), url="https://bad.example/cp1256", lang="ar").encode("cp1256")),
        (Kind("windows-1251.txt", "windows-1251 (Russian) text", STORED, text="Министерство"),
         _header(RU + _u("cp1251"), url="https://bad.example/cp1251", lang="ru").encode("cp1251")),
        (Kind("koi8-r.txt", "koi8-r (Russian) text", STORED, text="Министерство"),
         _header(RU + _u("koi8"), url="https://bad.example/koi8", lang="ru").encode("koi8-r")),
        (Kind("koi8-r-bare.txt", "koi8-r text without header", STORED, text="электростанцию"),
         (RU + " " + RU + _u("koi8-bare")).encode("koi8-r")),
        (Kind("utf16.txt", "UTF-16 with BOM", ANY), _header(UK + _u("utf16"), url="https://bad.example/utf16", lang="uk")
         .encode("utf-16")),
        (Kind("scripts.html", "HTML with scripts and iframes", STORED, text="power station"),
         _html_scripts().replace("</article>", _u("scripts") + "</article>").encode()),
        (Kind("huge-dom.html", "HTML with a huge DOM", ANY), _huge_dom(8_000 if small else 120_000).replace("</p>", _u("huge") + "</p>", 1).encode()),
        (Kind("deep-dom.html", "deeply nested HTML", ANY), _deep_dom(3_000 if small else 20_000).replace("</p>", _u("deep") + "</p>", 1).encode()),
        (Kind("only-scripts.html", "HTML with no visible text", ANY),
         b"<html><head><script>var x = 'not text';</script></head><body><script>x()</script></body></html>"),
        (Kind("rtl-override.txt", "RTL override characters", STORED, text="power station"),
         _header("\u202eThe ministry\u202c said \u2066on Monday\u2069 it would pause strikes. \u200f" + EN
                 + " \u202dتم\u202c" + _u("rtl"), url="https://bad.example/rtl", lang="en").encode()),
        (Kind("entity-bomb.rss", "RSS with an XML entity bomb", FAILED, reason="entit"), BILLION_LAUGHS.encode()),
        (Kind("quadratic-blowup.rss", "RSS with a quadratic entity blow-up", FAILED, reason="entit"),
         QUADRATIC_BLOWUP.encode()),
        (Kind("xxe.rss", "RSS with an XXE external entity", FAILED, reason="entit"), XXE.encode()),
        (Kind("xxe-parameter.xml", "XML with an external parameter entity", FAILED), XXE_PARAMETER.encode()),
        (Kind("bad-dates.rss", "RSS with invalid dates and missing links", ANY), _rss_bad_dates().encode()),
        (Kind("malformed.rss", "malformed RSS", ANY), MALFORMED_RSS),
        (Kind("invalid.json", "invalid JSON", FAILED), b'{"text": "unterminated'),
        (Kind("wrong-shape.json", "JSON of the wrong shape", ANY), json.dumps({"text": 5, "url": ["x"]}).encode()),
        (Kind("mixed.jsonl", "JSONL with bad lines", ANY), (
            json.dumps({"text": EN + _u("jsonl-1"), "url": "https://bad.example/jsonl-1", "published": "not a date"}) + "\n"
            + "{broken\n" + json.dumps([1, 2, 3]) + "\n" + json.dumps({"text": ""}) + "\n"
            + json.dumps({"text": UK + _u("jsonl-5"), "language": "uk", "published": "2025-13-45"}) + "\n").encode()),
        (Kind("bad-header-date.txt", "header with an impossible date", STORED, text="power station"),
         _header(EN + _u("baddate"), url="https://bad.example/baddate", lang="en", date="2025-02-30").encode()),
        (Kind("gzip-as-text.txt", "gzip data with a text suffix", ANY), gzip.compress((EN + _u("gzip")).encode() * 50)),
        (Kind("controls.txt", "C0 controls, zero-width and combining marks", ANY),
         _header("\x07\x1b[31m" + EN + _u("controls") + "\u200b\u200d\ufeff e\u0301\u0301\u0301 \U0001F4A5" * 3,
                 url="https://bad.example/controls", lang="en").encode()),
        (Kind("duplicate-a.txt", "duplicate content (first copy)", STORED, text="power station"),
         _header(EN + _u("dup"), url="https://bad.example/dup?utm_source=x", lang="en").encode()),
        (Kind("duplicate-b.txt", "duplicate content (second copy, other whitespace)", ANY),
         _header((EN + _u("dup")).replace(" ", "  "), url="https://www.bad.example/dup/", lang="en").encode()),
    ]
    return {k.name: (k, data) for k, data in items}


def generate(root: Path, *, small: bool = False) -> dict[str, Kind]:
    root.mkdir(parents=True, exist_ok=True)
    kinds = {}
    for name, (kind, data) in build(small).items():
        (root / name).write_bytes(data)
        kinds[name] = kind
    return kinds


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    written = generate(Path(args[0]), small="--small" in sys.argv)
    print(f"wrote {len(written)} files to {args[0]}")
