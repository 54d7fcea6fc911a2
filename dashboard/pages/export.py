"""Exports: ClaimReview JSON-LD of confirmed contradictions, CSV of all pairs with verdicts."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from dashboard import data, ui  # noqa: E402

ui.page_setup("Export")
url = data.db_url()
# exact (no text search, no cap); the files below hold every pair, whatever the queue shows
confirmed = data.queue_counts(url, data.Filters(statuses=("confirmed",)), None).reviewed
total = data.totals(url)["pairs"]
st.caption("The same files as `tracker export --format claimreview|csv`. They are built when you click.")

org = st.text_input("Your organisation (ClaimReview author)", value="tracker", key="org")
base = st.text_input("Dashboard address (ClaimReview url is ADDRESS?pair=ID)", value="http://localhost:8501/",
                     key="base")

left, right = st.columns(2)
with left:
    st.subheader("ClaimReview JSON-LD")
    st.text(f"{confirmed:,} confirmed contradictions")
    st.download_button("Download ClaimReview JSON-LD", data=lambda: data.export_claimreview(url, org, base),
                       file_name="tracker-claimreview.json", mime="application/ld+json", key="dl-claimreview",
                       on_click="ignore")
    with st.expander("Preview (first 3)"):
        st.json(data.claimreview_preview(url, org, base))
with right:
    st.subheader("CSV")
    st.text(f"{total:,} pairs with their current verdicts")
    st.download_button("Download CSV", data=lambda: data.export_csv(url), file_name="tracker-pairs.csv",
                       mime="text/csv", key="dl-csv", on_click="ignore")
