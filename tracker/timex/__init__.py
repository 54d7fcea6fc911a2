"""Times: dates in running text and commitment windows, in ar, en, ru and uk.

Public API (fixed by docs/DESIGN.md):

- ``find_dates(text, lang, published) -> list[(start, end, TimeSpan)]``;
- ``resolve_window(text, lang, published) -> Window``.

Fast rules (word lists in ``data/words.json``) run first; dateparser is only asked
about candidate substrings the rules could not read. Without a publication date,
relative expressions stay unanchored: ``relative`` keeps the text, bounds are None.
"""

from tracker.timex.rules import find_dates, resolve_window  # noqa: F401

__all__ = ["find_dates", "resolve_window"]
