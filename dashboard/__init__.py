"""The Streamlit review dashboard (``tracker dashboard``). ``app.py`` builds the navigation;
each script in ``pages/`` runs on its own too; ``data.py`` holds queries and caches."""
