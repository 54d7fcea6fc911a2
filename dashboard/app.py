"""Navigation only: every page is its own script under pages/ (and runs on its own)."""

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).resolve().parent / "pages"

navigation = st.navigation({
    "Review": [
        st.Page(PAGES / "queue.py", title="Review queue", url_path="queue", default=True),
        st.Page(PAGES / "commitments.py", title="Commitments", url_path="commitments"),
        st.Page(PAGES / "map.py", title="Events map", url_path="map"),
    ],
    "Data": [
        st.Page(PAGES / "sources.py", title="Sources and ingestion", url_path="sources"),
        st.Page(PAGES / "intake.py", title="Add a document", url_path="intake"),
        st.Page(PAGES / "export.py", title="Export", url_path="export"),
    ],
})
navigation.run()
