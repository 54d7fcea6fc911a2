"""The code passes ruff with the project's rules ([tool.ruff.lint] in pyproject.toml: pyflakes, syntax
errors, bugbear). ruff is pinned in the test extra; the binary installed next to this Python is used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["tracker", "dashboard", "migrations", "tests"]


def test_ruff_check_is_clean() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.fail(f"ruff is not installed next to {sys.executable}: pip install -e '.[test]'")
    proc = subprocess.run([str(ruff), "check", "--no-cache", "--output-format", "concise", *PATHS],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.fail(f"ruff check exited {proc.returncode}:\n{proc.stdout}{proc.stderr}", pytrace=False)
