"""Guards shared by every way in (files, HTTP responses, feeds): the size cap, the wall-clock
deadline and the redirect limit, each with one wording of its reason.

Each guard raises an :class:`tracker.errors.InputError` subclass with a one-line reason that
starts with the item's origin. Callers that report their own error type (``fetch.FetchError``)
pass it as ``error``.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urljoin, urlsplit

from tracker.errors import InputError

#: Largest input file, response or feed read, in bytes (also after decompression).
MAX_INPUT_BYTES = int(os.environ.get("TRACKER_MAX_INPUT_BYTES", str(10 * 1024 * 1024)))


class EmptyInputError(InputError):
    """The item has no bytes at all."""


class TooLargeError(InputError):
    """The item is bigger than the size cap."""


def max_input_bytes() -> int:
    """The size cap now (read at call time, so that tests and settings can lower it)."""
    return MAX_INPUT_BYTES


def check_not_empty(data: bytes, *, origin: str, what: str = "", error: type[InputError] = EmptyInputError) -> None:
    """Refuse an item with no bytes (or only whitespace, for ``what`` = "feed")."""
    if not data or (what and not data.strip()):
        raise error(f"{origin}: empty {what or '(0 bytes)'}".rstrip())


def check_size(size: int, *, origin: str, cap: int | None = None, what: str = "", declared: bool = False,
               error: type[InputError] = TooLargeError) -> None:
    """Refuse an item of ``size`` bytes over the cap (``declared``: a Content-Length, not read yet)."""
    cap = max_input_bytes() if cap is None else cap
    if size > cap:
        raise error(f"{origin}: {what + ' ' if what else ''}too large ({size:,} bytes"
                    f"{' declared' if declared else ''}; the cap is {cap:,})")


def cap_exceeded(*, origin: str, cap: int, what: str = "", decompressed: bool = False,
                 error: type[InputError] = TooLargeError) -> InputError:
    """The error for a stream that went past the cap (its full size is never read)."""
    return error(f"{origin}: {what + ' ' if what else ''}too large (more than {cap:,} bytes"
                 f"{' after decompression' if decompressed else ''}; capped)")


class Deadline:
    """A wall-clock limit for a whole operation (a server dripping bytes never times out a read)."""

    def __init__(self, seconds: float, *, origin: str, error: type[InputError] = InputError):
        self.seconds = seconds
        self.origin = origin
        self.error = error
        self.started = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise self.error(f"{self.origin}: too slow (no complete response within {self.seconds:g} s)")


def redirect_target(current: str, location: str | None, *, origin: str, hops: int, max_redirects: int,
                    error: type[InputError] = InputError) -> str:
    """The URL a redirect leads to, after the checks every hop gets: a Location header, an
    http(s) target, and at most ``max_redirects`` hops (``hops`` counts this one)."""
    if hops > max_redirects:
        raise too_many_redirects(origin=origin, max_redirects=max_redirects, error=error)
    if not location:
        raise error(f"{origin}: redirect without a Location header")
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme not in ("http", "https"):
        raise error(f"{origin}: redirected to a non-http URL ({target[:80]})")
    return target


def too_many_redirects(*, origin: str, max_redirects: int, error: type[InputError] = InputError) -> InputError:
    return error(f"{origin}: too many redirects (more than {max_redirects})")
