"""Fixtures for ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.helpers import PAUSE, STRIKE, TARIFF, TARIFF_PAUSE, article


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Five small articles: a pause, a strike the next night (another outlet), a tariff pause and
    tariffs imposed in one article, one with nothing to extract, and one whitespace-only file."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(article("https://ex.org/a", "2025-03-18", "Pause announced.", PAUSE))
    (root / "sub" / "b.txt").write_text(article("https://other.example/b?utm_source=x", "2025-03-20",
                                                "Strike reported.", STRIKE))
    (root / "c.txt").write_text(article("https://ex.org/c", "2025-05-03", TARIFF_PAUSE, TARIFF))
    (root / "d.txt").write_text(article("https://ex.org/d", "2025-05-03", "Weather was mild today."))
    (root / "e.txt").write_text("   \n\n  \n")
    return root
