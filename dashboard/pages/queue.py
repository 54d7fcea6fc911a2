"""Review queue: pairs by score, unreviewed first; both sides side by side; verdicts."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from dashboard import data, ui  # noqa: E402
from tracker.errors import TrackerError  # noqa: E402


def give_verdict(pair_id: int, verdict: str) -> None:
    """Button callback: record the verdict as the session's reviewer (the service checks it)."""
    reviewer = ui.current_reviewer()
    note_key = f"note-{pair_id}"
    try:
        data.record_verdict(data.db_url(), pair_id=pair_id, verdict=verdict,
                            reviewer_id=reviewer.id if reviewer else None,
                            note=st.session_state.get(note_key))
    except TrackerError as e:
        st.session_state["flash"] = ("error", f"Verdict not recorded: {e}")
        return
    st.session_state[note_key] = ""
    st.session_state["flash"] = ("success", f"Recorded “{ui.STATUS_LABELS[verdict]}” on pair {pair_id} "
                                            f"as {reviewer.name}.")


def side_html(side: data.Side) -> str:
    if side.kind == "commitment":
        head = "Commitment"
        rows = [
            ui.meta("Actor", side.actor),
            ui.meta("Stated by", side.speaker),
            ui.meta("Promise", f"{'refrain from' if side.polarity == 'refrain' else 'keep to'} "
                               f"{side.action} · target: {side.target}"),
            ui.meta("Scope", side.scope_place),
            ui.meta("Window", side.window),
        ]
    else:
        head = "Event"
        rows = [
            ui.meta("Actor", side.actor or "not named"),
            ui.meta("Claimed by", side.speaker),
            ui.meta("Claimed by party", side.speaker_party if side.speaker_party != side.speaker else None),
            ui.meta("What", f"{'stopped: ' if side.polarity == 'stopped' else ''}{side.action} · "
                            f"target: {side.target}"),
            ui.meta("Place", side.place or "unknown"),
            ui.meta("Date", side.when),
        ]
    return (f'<div class="tr-card"><div class="tr-side">{head}</div>{"".join(rows)}'
            f"{ui.quote_html(side)}{ui.source_html(side)}</div>")


def reasons_html(pair: data.PairView) -> str:
    reasons = "".join(f'<div class="tr-reason">• <bdi dir="auto">{ui.esc(r)}</bdi></div>' for r in pair.reasons)
    flags = ui.flag_chips(pair.all_flags)
    return (f'<div class="tr-card"><div class="tr-side">Why tracker paired them</div>{reasons or "—"}'
            f'<div style="margin-top:.3rem">{flags}</div></div>')


def history_html(pair: data.PairView) -> str:
    if not pair.history:
        return '<div class="tr-hist">No verdict yet.</div>'
    items = []
    n = len(pair.history)
    for i, h in enumerate(reversed(pair.history)):
        current = " (current)" if i == 0 else " (superseded)"
        note = f' · note: <bdi dir="auto">{ui.esc(h.note)}</bdi>' if h.note else ""
        items.append(f'<div class="tr-hist">{ui.status_chip(h.verdict)} by <b>{ui.esc(h.reviewer)}</b> at '
                     f'{ui.esc(ui.fmt_time(h.at))}{current}{note}</div>')
    return f'<div class="tr-side">Verdict history ({n})</div>' + "".join(items)


def show_pair(pair: data.PairView, reviewer: data.ReviewerInfo | None) -> None:
    with st.container(border=True, key=f"pair-{pair.id}"):
        inactive = "" if pair.active else ' · <span class="tr-flag">no longer paired by the current rules</span>'
        st.html(f'<div><b>Pair {pair.id}</b> · score {pair.score:.2f} · {ui.status_chip(pair.status)}{inactive}</div>')
        left, right = st.columns(2)
        with left:
            st.html(side_html(pair.commitment))
        with right:
            st.html(side_html(pair.event))
        st.html(reasons_html(pair))
        if reviewer is not None:
            st.text_input("Note (optional)", key=f"note-{pair.id}", max_chars=2000)
            cols = st.columns(3)
            for col, (verdict, label) in zip(cols, ui.VERDICT_BUTTONS, strict=True):
                col.button(label, key=f"{verdict}-{pair.id}", on_click=give_verdict, args=(pair.id, verdict),
                           type="primary" if verdict == "confirmed" else "secondary", width="stretch")
        st.html(history_html(pair))


ui.page_setup("Review queue")
reviewer = ui.current_reviewer()
flash = st.session_state.pop("flash", None)
if flash:
    ui.notice(*flash)
if reviewer is None:
    st.info("You are reading. Log in as a reviewer (sidebar) to give verdicts.")

url = data.db_url()
filters = ui.filter_sidebar(key="q")
wanted = st.query_params.get("pair")
if wanted:
    try:
        pair = data.pair_view(url, int(wanted))
    except ValueError:
        pair = None
    if st.button("Back to the queue", key="back"):
        del st.query_params["pair"]
        st.rerun()
    if pair is None:
        st.warning("No such pair.")
    else:
        show_pair(pair, reviewer)
else:
    cap = data.SEARCH_COUNT_CAP  # a text search is counted up to here (exact below it)
    counts = data.queue_counts(url, filters, cap)
    if counts.capped:
        ui.notice("info", ui.queue_caption(counts))
    else:
        st.caption(ui.queue_caption(counts))
    offset, limit = ui.pager(counts.total, key="queue", capped=counts.capped)
    page = data.queue_page(url, filters, offset, limit, cap)
    if not page.pairs:
        st.write("No pairs match.")
    for pair in page.pairs:
        show_pair(pair, reviewer)
