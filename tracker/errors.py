"""One exception hierarchy. The CLI turns these into one-line messages and exit codes."""

from __future__ import annotations


class TrackerError(Exception):
    """Base class for errors that tracker reports to users without a traceback."""

    exit_code = 1


class ConfigError(TrackerError):
    """A setting is missing or invalid (for example a malformed database URL)."""

    exit_code = 2


class DatabaseError(TrackerError):
    """The database cannot be reached or used."""

    exit_code = 3


class NotMigratedError(DatabaseError):
    """The database schema is missing or older than this version of tracker."""


class InputError(TrackerError):
    """One input item (file, URL, feed) could not be read. The batch goes on."""

    exit_code = 4


class UnsupportedLanguageError(InputError):
    """The text is in a language tracker has no data for."""


class AuthError(TrackerError):
    """The reviewer is not authenticated or not allowed to do this."""

    exit_code = 5
