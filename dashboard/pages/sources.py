"""Sources and ingestion: documents per source, runs with counts and errors, dropped documents."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import data, ui  # noqa: E402



def table_or_text(rows: list[dict], empty: str) -> None:
    """The rows as a table, or ``empty`` when there are none."""
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.text(empty)


ui.page_setup("Sources and ingestion")
url = data.db_url()

totals = data.totals(url)
for col, (name, value) in zip(st.columns(len(totals)), totals.items(), strict=True):
    col.metric(name.capitalize(), f"{value:,}")

st.subheader("Sources")
sources = data.source_counts(url)
table_or_text(sources, "No sources yet.")

st.subheader("Ingest runs")
n_runs = data.ingest_runs(url, 0, 0)[0]
offset, limit = ui.pager(n_runs, key="runs", sizes=(20, 50, 100))
_, runs = data.ingest_runs(url, offset, limit)
if runs:
    st.dataframe(pd.DataFrame([{
        "run": r["id"], "started": r["started"], "finished": r["finished"], "status": r["status"],
        "worker": r["worker"], **{k: v for k, v in r["counts"].items() if isinstance(v, (int, float, str))},
        "errors": len(r["errors"]),
        "dropped because": "; ".join(f"{reason} ({n})" for reason, n in
                                     (r["counts"].get("dropped_reasons") or {}).items()),
    } for r in runs]), hide_index=True)
    errors = [{"run": r["id"], "item": str(e.get("item", "")) if isinstance(e, dict) else "",
               "reason": str(e.get("reason", e)) if isinstance(e, dict) else str(e)}
              for r in runs for e in r["errors"]]
    st.subheader("Errors")
    table_or_text(errors, "No errors in these runs.")
else:
    st.text("No ingest runs yet.")

st.subheader("Dropped documents")
n_dropped = data.dropped_documents(url, 0, 0)[0]
offset, limit = ui.pager(n_dropped, key="dropped", sizes=(25, 50, 100))
_, dropped = data.dropped_documents(url, offset, limit)
table_or_text(dropped, "No dropped documents.")
