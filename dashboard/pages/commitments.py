"""Commitments: each window on a timeline with the events around it, and the accusation ledger."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import datetime as dt  # noqa: E402

import altair as alt  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import data, ui  # noqa: E402

POSITION_COLOURS = {"inside": "#c0392b", "overlaps": "#e67e22", "outside": "#7f8c8d", "undated": "#bdc3c7"}


def commitment_label(c: data.CommitmentRow) -> str:
    return f"#{c.id} · {c.actor} · {c.action} → {c.target} · {c.window}"


def timeline(c: data.CommitmentRow, events: list[data.EventRow]) -> alt.LayerChart | None:
    """The window as a bar, events as points (inside / overlapping / outside the window)."""
    start, end = data._window_bounds(c)  # noqa: SLF001 - shared with the queries on purpose
    window = pd.DataFrame([{"row": "window", "from": start.isoformat(),
                            "to": (end + dt.timedelta(days=1)).isoformat(), "label": c.window}])
    dated = [e for e in events if e.occurred_from or e.occurred_to]
    points = pd.DataFrame([{
        "row": "events", "date": (e.occurred_from or e.occurred_to).isoformat(),
        "to": (e.occurred_to or e.occurred_from).isoformat(), "position": e.position,
        "actor": e.actor or "?", "claimed by": e.claimed_by or "?", "what": f"{e.action} → {e.target}",
        "place": e.place or "?", "paired": "yes" if e.paired else "no",
    } for e in dated])
    bar = alt.Chart(window).mark_bar(height=22, color="#f5b7b1", cornerRadius=3).encode(
        x=alt.X("from:T", title=None), x2="to:T", y=alt.Y("row:N", title=None, sort=["window", "events"]),
        tooltip=[alt.Tooltip("label:N", title="window")],
    )
    if points.empty:
        return bar.properties(height=90)
    domain = list(POSITION_COLOURS)
    dots = alt.Chart(points).mark_point(filled=True, size=120).encode(
        x="date:T", y=alt.Y("row:N", sort=["window", "events"]),
        color=alt.Color("position:N", scale=alt.Scale(domain=domain, range=[POSITION_COLOURS[d] for d in domain]),
                        title="event vs window"),
        shape=alt.Shape("paired:N", title="paired"),
        tooltip=["date:T", "to:T", "actor:N", "claimed by:N", "what:N", "place:N", "position:N", "paired:N"],
    )
    return (bar + dots).properties(height=140)


def windows_chart(rows: list[data.CommitmentRow]) -> alt.Chart:
    """Every commitment on this page as a bar over its window (open ends drawn up to today)."""
    frame = pd.DataFrame([{
        "commitment": f"#{c.id} {c.actor} · {c.action} → {c.target}"[:70],
        "from": data._window_bounds(c)[0].isoformat(),  # noqa: SLF001
        "to": (data._window_bounds(c)[1] + dt.timedelta(days=1)).isoformat(),  # noqa: SLF001
        "window": c.window, "pairs": c.pairs, "actor": c.actor,
    } for c in rows])
    return alt.Chart(frame).mark_bar(cornerRadius=3).encode(
        x=alt.X("from:T", title=None), x2="to:T",
        y=alt.Y("commitment:N", title=None, sort=None),
        color=alt.Color("actor:N", title="actor"),
        tooltip=["commitment:N", "window:N", "pairs:Q"],
    ).properties(height=max(80, 26 * len(rows)))


def events_table(rows: list[data.EventRow]) -> pd.DataFrame:
    return pd.DataFrame([{
        "date": e.occurred_from, "to": e.occurred_to, "precision": e.date_precision, "position": e.position,
        "paired": e.paired, "actor": e.actor, "claimed by": e.claimed_by, "action": e.action, "target": e.target,
        "place": e.place, "quote": e.evidence, "language": e.language, "source": e.source_name,
    } for e in rows])


def ledger_view(ledger: data.Ledger) -> None:
    if not ledger.counterparts:
        st.text("No accusations between parties were recorded in this window.")
        return
    a = ledger.party
    for b, (a_alleges, b_alleges) in sorted(ledger.counterparts.items()):
        left, right = st.columns(2)
        with left:
            _allegations(a, b, a_alleges)
        with right:
            _allegations(b, a, b_alleges)


def _allegations(accuser: str, accused: str, rows: list[data.EventRow]) -> None:
    """One side of the ledger: what ``accuser`` says ``accused`` did."""
    st.html(f'<div class="tr-side">What <bdi>{ui.esc(accuser)}</bdi> says <bdi>{ui.esc(accused)}</bdi> did '
            f"({len(rows)})</div>")
    if rows:
        st.dataframe(events_table(rows)[["date", "action", "target", "place", "claimed by", "quote"]],
                     hide_index=True)
    else:
        st.text("nothing")


ui.page_setup("Commitments")
url = data.db_url()
filters = ui.filter_sidebar(statuses=False, key="c")
total = data.commitments_count(url, filters)
rows = data.commitments_page(url, filters, *ui.pager(total, key="commitments"))
if not rows:
    st.text("No commitments match.")
    st.stop()

st.dataframe(pd.DataFrame([{
    "id": c.id, "actor": c.actor, "stated by": c.stated_by, "polarity": c.polarity, "action": c.action,
    "target": c.target, "scope": c.scope_place, "window": c.window, "conditional": c.conditional,
    "pairs": c.pairs, "language": c.language, "source": c.source_name, "quote": c.evidence,
} for c in rows]), hide_index=True)

st.altair_chart(windows_chart(rows), width="stretch")

by_id = {c.id: c for c in rows}
chosen = st.selectbox("Commitment", list(by_id), format_func=lambda i: commitment_label(by_id[i]), key="commitment")
c = by_id[chosen]
direction = ui.text_dir(c.evidence, c.language)
lang_attr = f' lang="{ui.esc(c.language)}"' if c.language else ""
st.html(f'<div class="tr-card"><div class="tr-side">Commitment #{c.id}</div>'
        f"{ui.meta('Actor', c.actor)}{ui.meta('Stated by', c.stated_by)}{ui.meta('Window', c.window)}"
        f'<div class="tr-quote" dir="{direction}"{lang_attr}><mark>{ui.esc(c.evidence)}</mark></div>'
        f"{ui.meta('Source', c.source_name)}{ui.meta('Published', c.published)}</div>")

around = data.events_around(url, c)
st.subheader("Timeline")
chart = timeline(c, around)
st.altair_chart(chart, width="stretch")
counts = {p: sum(1 for e in around if e.position == p) for p in POSITION_COLOURS}
st.caption(" · ".join(f"{n} {p}" for p, n in counts.items()) + " (same actor and action family, ±14 days, "
           "plus every paired event)")
if around:
    st.dataframe(events_table(around), hide_index=True)

st.subheader("Accusation ledger")
st.caption("What each side alleges the other did during the window, in the commitment's action family.")
ledger_view(data.accusation_ledger(url, c))
