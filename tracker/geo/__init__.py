"""Places: an offline multilingual gazetteer (ar, en, ru, uk) and scope containment.

Public API (fixed by docs/DESIGN.md):

- ``get_gazetteer() -> Gazetteer`` (lazy, cached; the index loads on first use);
- ``Gazetteer.lookup(name, lang, *, prefer_countries=()) -> Place | None``;
- ``Gazetteer.find(text, lang) -> list[(start, end, Place)]``;
- ``country_of(name_or_code) -> str | None``;
- ``in_scope(scope_country, scope_place, place) -> bool | None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from tracker.geo.core import Gazetteer

__all__ = ["Gazetteer", "get_gazetteer", "country_of", "in_scope"]

_GAZETTEER = None


def get_gazetteer() -> "Gazetteer":
    """The process-wide gazetteer. Cheap to call; the index itself loads on first lookup."""
    global _GAZETTEER
    if _GAZETTEER is None:
        from tracker.geo.core import Gazetteer

        _GAZETTEER = Gazetteer()
    return _GAZETTEER


def country_of(name_or_code: str | None) -> str | None:
    """ISO2 of a country name or code, or of the country a place lies in ("Gaza" -> "PS").

    Seas and other international areas ("Black Sea") give None.
    """
    return get_gazetteer().country_of(name_or_code)


def in_scope(scope_country: str | None, scope_place: str | None, place) -> bool | None:
    """Is ``place`` inside the scope? True, False, or None when it cannot be told."""
    return get_gazetteer().in_scope(scope_country, scope_place, place)


def __getattr__(name: str):
    if name == "Gazetteer":
        from tracker.geo.core import Gazetteer

        return Gazetteer
    raise AttributeError(name)
