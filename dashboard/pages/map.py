"""Events map: events at their gazetteer coordinates, coloured by actor; unresolved places beside it."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import data, ui  # noqa: E402

#: Colour-blind-friendly palette (Okabe-Ito), then greys.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442", "#000000",
           "#999999", "#666666"]


def actor_colours(actors: list[str]) -> dict[str, str]:
    """A stable colour per actor (by sorted name, so it does not jump with the filters)."""
    return {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(sorted(set(actors)))}


ui.page_setup("Events map")
url = data.db_url()
filters = ui.filter_sidebar(statuses=False, key="m")
md = data.map_data(url, filters)

left, right = st.columns([3, 1])
with left:
    if md.points:
        frame = pd.DataFrame(md.points)
        colours = actor_colours(list(frame["actor"]))
        frame["colour"] = frame["actor"].map(colours)
        st.map(frame, latitude="lat", longitude="lon", color="colour", size=12000, zoom=4)
        st.html("<div>" + " ".join(
            f'<span class="tr-flag" style="background:{c};color:#fff;text-shadow:0 0 2px #000">'
            f"<bdi>{ui.esc(a)}</bdi></span>" for a, c in colours.items()) + "</div>")
        if md.truncated:
            st.caption(f"Showing the newest {data.MAX_MAP_POINTS:,} events; narrow the filters to see others.")
        st.dataframe(frame[["date", "actor", "action", "target", "place", "country", "lat", "lon"]],
                     hide_index=True)
    else:
        st.text("No events with coordinates match.")
with right:
    st.subheader("Unresolved places")
    st.caption("Place names the gazetteer could not place; these events are not on the map.")
    if md.unresolved:
        st.dataframe(pd.DataFrame(md.unresolved, columns=["place as written", "events"]), hide_index=True)
    else:
        st.text("none")
    st.caption(f"{md.no_place:,} matching events name no place at all.")
