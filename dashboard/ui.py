"""Shared page pieces: escaping, highlighted quotes, the login sidebar and the filters.

Security rule for every page: article text is hostile. Text from the database reaches the
browser only through ``st.text``/``st.dataframe``/charts (no HTML), or through :func:`esc`
inside ``st.html`` (which does not interpret Markdown). Never pass database text to
``st.markdown``, ``st.write`` or any label, since those interpret Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import streamlit as st

from dashboard import data
from tracker.errors import TrackerError

#: HTML specials plus the characters Markdown, LaTeX ($) and emoji shortcodes (:) act on,
#: as numeric entities: inert both as HTML and should they ever reach a Markdown renderer.
_ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in "&<>\"'`\\*_{}[]()#!|~$:="}
RTL_LANGS = {"ar", "fa", "he", "ur", "ps", "yi"}
_RTL_CHARS = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_SENTENCE_END = re.compile(r"[.!?؟。…]+[\"'»”)\]]*\s+|\n\s*")

FLAG_LABELS = {
    "timing_uncertain": "Timing uncertain",
    "opposing_claim": "Claimed only by the opposing side",
    "conditional": "Conditional commitment",
    "mt_suspect": "Suspected machine-translation error",
    "target_uncertain": "Target uncertain",
    "place_uncertain": "Place uncertain",
    "denied": "Denied by the accused side",
    "contradicted_in_document": "Contradicted within the same document",
}
VERDICT_BUTTONS = (
    ("confirmed", "Confirm contradiction"),
    ("rejected", "Not a contradiction"),
    ("needs-evidence", "Needs more evidence"),
)
STATUS_LABELS = {
    "unreviewed": "Unreviewed",
    "confirmed": "Confirmed contradiction",
    "rejected": "Not a contradiction",
    "needs-evidence": "Needs more evidence",
}

CSS = """
<style>
.tr-card{border:1px solid #d0d4da;border-radius:8px;padding:.7rem .9rem;background:#fff;margin-bottom:.4rem}
.tr-side{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:#5b6472;margin-bottom:.2rem}
.tr-quote{font-size:1.02rem;line-height:1.6;border-left:3px solid #c9ced6;padding:.2rem .6rem;margin:.4rem 0;
  unicode-bidi:plaintext;white-space:pre-wrap}
.tr-quote[dir=rtl]{border-left:none;border-right:3px solid #c9ced6;font-size:1.12rem}
.tr-quote mark{background:#ffe28a;padding:0 .1rem;border-radius:2px}
.tr-meta{font-size:.86rem;color:#2f3640;margin:.1rem 0}
.tr-meta b{color:#5b6472;font-weight:600}
.tr-flag{display:inline-block;background:#fdecea;color:#8a1c12;border-radius:10px;padding:.05rem .55rem;
  margin:.1rem .2rem .1rem 0;font-size:.8rem}
.tr-reason{font-size:.88rem;margin:.05rem 0}
.tr-status{display:inline-block;border-radius:10px;padding:.05rem .6rem;font-size:.8rem;background:#eef1f5}
.tr-status.confirmed{background:#fde2e1;color:#8a1c12}.tr-status.rejected{background:#e3f4e6;color:#1d5e2c}
.tr-status.needs-evidence{background:#fff4d6;color:#6b4e00}
.tr-hist{font-size:.85rem;margin:.1rem 0}
.tr-warn{font-size:.8rem;color:#8a5a00}
</style>
"""


def esc(value: object) -> str:
    """Text made inert for HTML (and for Markdown, should it ever get there)."""
    if value is None:
        return ""
    return str(value).translate(_ESCAPES)


def text_dir(text: str | None, lang: str | None) -> str:
    """``rtl`` for right-to-left languages (or text that is mostly Arabic/Hebrew script), else ``auto``."""
    if lang and lang.split("-")[0].lower() in RTL_LANGS:
        return "rtl"
    if text:
        letters = [ch for ch in text if ch.isalpha()]
        if letters and sum(1 for ch in letters if _RTL_CHARS.match(ch)) > len(letters) / 2:
            return "rtl"
    return "auto"


def safe_href(url: str | None) -> str | None:
    """The URL when it is plain http(s), else None (no javascript:, data:, ...)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def sentence_around(snippet: str, start: int, end: int) -> tuple[str, str, str, bool, bool]:
    """(before, evidence, after, cut_left, cut_right): the sentence(s) around ``snippet[start:end]``."""
    left = 0
    cut_left = start > 0
    for m in _SENTENCE_END.finditer(snippet, 0, start):
        left = m.end()
        cut_left = False
    right = len(snippet)
    cut_right = end < len(snippet)
    m = _SENTENCE_END.search(snippet, end)
    if m:
        right = m.start() + len(m.group(0).rstrip())
        cut_right = False
    return snippet[left:start], snippet[start:end], snippet[end:right].rstrip(), cut_left, cut_right


def quote_html(side: data.Side) -> str:
    """The evidence highlighted inside its sentence, escaped, with the right direction."""
    lang = side.language
    direction = text_dir(side.evidence, lang)
    lang_attr = f' lang="{esc(lang)}"' if lang else ""
    found = side.locate()
    if found is None:
        inner = f"<mark>{esc(side.evidence)}</mark>"
        note = '<div class="tr-warn">The stored offsets do not match the document text; showing the quote alone.</div>'
    else:
        before, evidence, after, cut_left, cut_right = sentence_around(*found)
        inner = (("… " if cut_left else "") + esc(before.lstrip()) + f"<mark>{esc(evidence)}</mark>"
                 + esc(after) + (" …" if cut_right else ""))
        note = ""
    return f'<div class="tr-quote" dir="{direction}"{lang_attr}>{inner}</div>{note}'


def meta(label: str, value: object, *, lang: str | None = None) -> str:
    """One "label: value" line; the value isolated (<bdi>) so mixed scripts keep their order."""
    if value in (None, "", []):
        return ""
    lang_attr = f' lang="{esc(lang)}"' if lang else ""
    return f'<div class="tr-meta"><b>{esc(label)}:</b> <bdi dir="auto"{lang_attr}>{esc(value)}</bdi></div>'


def source_html(side: data.Side) -> str:
    """Outlet, linked URL (http/https only), publication date and language."""
    parts = []
    if side.source_name:
        parts.append(meta("Source", side.source_name))
    href = safe_href(side.url)
    if href:
        parts.append(f'<div class="tr-meta"><b>URL:</b> <a href="{esc(href)}" target="_blank" '
                     f'rel="noopener noreferrer nofollow"><bdi dir="ltr">{esc(href)}</bdi></a></div>')
    elif side.url:
        parts.append(meta("URL", side.url))
    if side.title:
        parts.append(meta("Title", side.title, lang=side.language))
    parts.append(meta("Published", side.published.isoformat() if side.published else "unknown"))
    parts.append(meta("Language", side.language or "unknown"))
    return "".join(parts)


def flag_chips(flags: Iterable[str]) -> str:
    chips = [f'<span class="tr-flag">{esc(FLAG_LABELS.get(f, f.replace("_", " ")))}</span>' for f in flags]
    return "".join(chips)


def status_chip(status: str) -> str:
    cls = esc(status) if status in STATUS_LABELS else ""
    return f'<span class="tr-status {cls}">{esc(STATUS_LABELS.get(status, status))}</span>'


def fmt_date(value: dt.date | None) -> str:
    return value.isoformat() if value else "?"


_NOTICE_COLOURS = {"success": ("#e3f4e6", "#1d5e2c"), "error": ("#fde2e1", "#8a1c12"),
                   "info": ("#e8f0fb", "#1f4e8c")}


def notice(kind: str, message: str) -> None:
    """A coloured message box whose text (which may quote names or inputs) is escaped, not Markdown."""
    bg, fg = _NOTICE_COLOURS.get(kind, _NOTICE_COLOURS["info"])
    st.html(f'<div class="tr-notice tr-{esc(kind)}" role="status" style="background:{bg};color:{fg};'
            f'padding:.7rem 1rem;border-radius:8px">{esc(message)}</div>')


def fmt_time(value: dt.datetime) -> str:
    """A stored time in UTC (SQLite hands back naive datetimes, written as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M:%S UTC")


def page_setup(title: str) -> None:
    """Page config, styles and the login sidebar; every page calls this first."""
    st.set_page_config(page_title=f"{title} · tracker", layout="wide")
    st.html(CSS)
    st.title(title)
    try:
        data.get_engine(data.db_url())
    except TrackerError as e:  # not migrated, unreachable: say so instead of a traceback
        notice("error", str(e))
        st.stop()
    login_sidebar()


# --------------------------------------------------------------------------- authentication


def request_headers() -> dict[str, str]:
    """Headers of the browser's request (for single sign-on behind a trusted proxy)."""
    try:
        return dict(st.context.headers)
    except Exception:  # noqa: BLE001 - no request (bare mode, tests)
        return {}


def current_reviewer() -> data.ReviewerInfo | None:
    """The logged-in, still active reviewer of this browser session, or None (a reader)."""
    from tracker import auth

    if auth.sso_header():
        info = data.reviewer_from_headers(request_headers())
        st.session_state["reviewer"] = info
        return info
    info = st.session_state.get("reviewer")
    if info is None:
        return None
    fresh = data.reviewer_by_id(info.id)  # a disabled account loses its session at once
    if fresh is None:
        st.session_state.pop("reviewer", None)
    return fresh


def _login() -> None:
    name = st.session_state.get("login_name", "")
    password = st.session_state.get("login_password", "")
    st.session_state["login_password"] = ""
    try:
        info = data.authenticate(name, password)
    except data.LoginLocked:
        st.session_state["login_error"] = "Too many failed logins for this name. Wait a minute and try again."
        st.session_state.pop("reviewer", None)
        return
    if info is None:
        st.session_state["login_error"] = "Unknown reviewer or wrong password."
        st.session_state.pop("reviewer", None)
    else:
        st.session_state["reviewer"] = info
        st.session_state.pop("login_error", None)


def _logout() -> None:
    st.session_state.pop("reviewer", None)


def login_sidebar() -> data.ReviewerInfo | None:
    from tracker import auth

    reviewer = current_reviewer()
    with st.sidebar:
        if reviewer is not None:
            st.text(f"Reviewer: {reviewer.name}")
            if not auth.sso_header():
                st.button("Log out", key="logout", on_click=_logout)
            return reviewer
        if auth.sso_header():
            st.caption("Reading only: your single sign-on identity is not a registered reviewer.")
            return None
        with st.form("login", clear_on_submit=False):
            st.text_input("Reviewer name", key="login_name")
            st.text_input("Password", type="password", key="login_password")
            st.form_submit_button("Log in", on_click=_login)
        if st.session_state.get("login_error"):
            st.error(st.session_state["login_error"])
        st.caption("Reading only. Log in to give verdicts.")
    return None


# --------------------------------------------------------------------------- filters


def filter_sidebar(*, statuses: bool = True, key: str = "f") -> data.Filters:
    """Filters shared by the queue, the commitments page and the map."""
    options = data.filter_options(data.db_url())
    with st.sidebar:
        st.subheader("Filters")
        search = st.text_input("Search text", key=f"{key}-search", help="Words in either quote or a title.")
        actors = st.multiselect("Actor", options.actors, key=f"{key}-actor")
        languages = st.multiselect("Language", options.languages, key=f"{key}-lang")
        targets = st.multiselect("Target", options.targets, key=f"{key}-target")
        sources = st.multiselect("Source", options.sources, key=f"{key}-source")
        chosen_status: list[str] = []
        if statuses:
            chosen_status = st.multiselect("Verdict status", list(STATUS_LABELS), key=f"{key}-status",
                                           format_func=lambda s: STATUS_LABELS[s])
        date_from = st.date_input("From date", value=None, key=f"{key}-from")
        date_to = st.date_input("To date", value=None, key=f"{key}-to")
        include_inactive = False
        if statuses:
            include_inactive = st.checkbox("Include pairs the current rules no longer make", key=f"{key}-inactive")
    return data.Filters(include_inactive=include_inactive, 
        actors=tuple(actors), languages=tuple(languages), targets=tuple(targets), sources=tuple(sources),
        statuses=tuple(chosen_status), date_from=date_from, date_to=date_to, search=(search or "").strip(),
    )


def pager_caption(total: int, page: int, pages: int, *, capped: bool = False) -> str:
    """The pager's line: "N in all · page P of Q", or for a capped count "N+ match · ... narrow"."""
    if capped:
        return (f"{total:,}+ match · page {page:,} of {pages:,} · the count stops at {total:,}: "
                f"narrow the search to page past {total:,}")
    return f"{total:,} in all · page {page:,} of {pages:,}"


def queue_caption(counts: tuple[int, int]) -> str:
    """What the queue says above its pager: exact numbers, or for a capped text search what is known."""
    unreviewed, reviewed = counts
    if not getattr(counts, "capped", False):
        return f"{unreviewed:,} unreviewed · {reviewed:,} reviewed (matching the filters)"
    cap = counts.cap
    if unreviewed > cap:
        split = f"more than {cap:,} of them unreviewed"
    else:
        split = f"{unreviewed:,} unreviewed, the rest reviewed"
    return (f"{cap:,}+ pairs match the search ({split}). The queue shows the first {cap:,}; "
            f"narrow the search to page past {cap:,}.")


def pager(total: int, *, key: str, sizes: tuple[int, ...] = (10, 25, 50), capped: bool = False) -> tuple[int, int]:
    """Page number (0-based) and page size controls; returns (offset, limit).

    ``capped``: more than ``total`` items match and only the first ``total`` can be paged
    (a capped search count); the caption says so and asks to narrow the search.
    """
    cols = st.columns([1, 1, 3])
    size = cols[1].selectbox("Per page", sizes, key=f"{key}-size")
    pages = max(1, -(-total // size))
    page = cols[0].number_input("Page", min_value=1, max_value=pages, value=1, step=1, key=f"{key}-page")
    cols[2].caption(pager_caption(total, int(page), pages, capped=capped))
    return (int(page) - 1) * size, size
