"""Fixtures for the hardening tests: the generated bad-input corpus, a hostile local HTTP
server, an extractor (the real one when tracker.extract is importable, else a tiny stand-in)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from hardening_support import real_extractor_available  # noqa: E402
from ingest.httpserver import LocalServer, load_generator  # noqa: E402


@pytest.fixture(scope="session")
def bad_generator():  # noqa: ANN201
    return load_generator()


@pytest.fixture(scope="session")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory, bad_generator) -> tuple[Path, dict]:  # noqa: ANN001
    """The full bad-input corpus (20 MB text, 1 MB lines, ...) generated once per session."""
    root = tmp_path_factory.mktemp("bad-corpus")
    kinds = bad_generator.generate(root)
    return root, kinds


@pytest.fixture(scope="session")
def bad_server():  # noqa: ANN201
    """The test suite's one local HTTP server (tests/ingest/httpserver.py), hostile routes included."""
    with LocalServer(slow_seconds=4.0) as srv:
        yield srv


@pytest.fixture(scope="session")
def extractor():  # noqa: ANN201
    """tracker.extract.extract_many when it exists, else the stand-in (so that storage is still tested)."""
    if real_extractor_available():
        from tracker.extract import extract_many

        return lambda docs: extract_many(docs, batch_size=max(1, len(docs)))
    import stand_in

    return stand_in.extract_many
