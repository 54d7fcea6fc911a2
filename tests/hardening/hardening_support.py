"""Small helpers shared by the hardening tests."""

from __future__ import annotations


def real_extractor_available() -> bool:
    """Whether tracker.extract imports (it is built in parallel with these tests)."""
    try:
        import tracker.extract  # noqa: F401
    except Exception:  # noqa: BLE001
        return False
    return True
