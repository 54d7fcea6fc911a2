"""Ad-hoc intake: paste a text or upload a file; it goes through the `tracker ingest` pipeline."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import data, ui  # noqa: E402

ui.page_setup("Add a document")
reviewer = ui.current_reviewer()
st.caption("Paste an article (optionally with URL:, DATE:, LANG:, TITLE: header lines, a blank line, then the "
           "body) or upload a file (text, HTML, JSON, JSONL). It is read, extracted, stored and paired exactly as "
           "`tracker ingest` does.")
if reviewer is None:
    st.info("Reading only. Log in as a reviewer (sidebar) to add documents.")
    st.stop()
if not data.intake_available():
    st.warning("The ingestion pipeline (tracker.ingest.pipeline) is not installed in this build.")
    st.stop()

with st.form("intake", clear_on_submit=True):
    pasted = st.text_area("Article text", height=240, key="intake_text")
    upload = st.file_uploader("…or a file", type=["txt", "text", "md", "html", "htm", "json", "jsonl"],
                              key="intake_file", max_upload_size=10)
    source = st.text_input("Source name (optional)", key="intake_source")
    published = st.date_input("Publication date, if the text has none", value=None, key="intake_published")
    submitted = st.form_submit_button("Ingest")

if submitted:
    items: list[tuple[str, bytes]] = []
    if pasted and pasted.strip():
        items.append(("pasted.txt", pasted.encode("utf-8")))
    if upload is not None:
        items.append((upload.name, upload.getvalue()))
    if not items:
        st.error("Paste a text or choose a file first.")
    else:
        with st.spinner("Extracting and pairing…"):
            try:
                summary = data.intake(items, source=(source or "").strip() or None, published=published,
                                      reviewer_id=reviewer.id)
            except Exception as e:  # noqa: BLE001 - shown to the user, not raised into Streamlit
                ui.notice("error", f"Intake failed: {type(e).__name__}: {e}")
                summary = None
        if summary is not None:
            ui.notice("success", f"Run {summary['run_id']}: {summary['new']} new, {summary['version']} new version, "
                       f"{summary['duplicate']} duplicate, {summary['dropped']} dropped, {summary['failed']} failed; "
                       f"{summary['pairs_written']} pairs written.")
            problems = [{"item": k, "reason": "dropped", "count": v} for k, v in summary["dropped_reasons"].items()]
            problems += [{"item": f["item"], "reason": f["reason"], "count": 1} for f in summary["failed_items"]]
            if problems:
                st.dataframe(pd.DataFrame(problems), hide_index=True)
