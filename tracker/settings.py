"""Settings: one table of name, default and help, read from flags or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: str | None
    help: str


def default_data_dir() -> Path:
    """Where the embedded SQLite database lives: $TRACKER_HOME, else ~/.local/share/tracker."""
    home = os.environ.get("TRACKER_HOME")
    if home:
        return Path(home)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "tracker"


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "TRACKER_DATABASE_URL", None,
            "SQLAlchemy URL of the database. Default: sqlite:///$TRACKER_HOME/tracker.db "
            "(TRACKER_HOME defaults to ~/.local/share/tracker)."),
    Setting("home", "TRACKER_HOME", None, "Folder for the embedded SQLite database and the scheduler lock."),
    Setting("auth_header", "TRACKER_AUTH_HEADER", None,
            "Dashboard single sign-on: take the reviewer's identity from this HTTP header, set by a trusted "
            "reverse proxy (for example X-Forwarded-User). Off unless set."),
    Setting("test_database_url", "TRACKER_TEST_DATABASE_URL", None,
            "PostgreSQL URL used by the test suite; tests that need PostgreSQL skip when it is unset."),
)


def get(name: str) -> str | None:
    """Return a setting's value from the environment, or its default."""
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(setting.env, setting.default)
    raise KeyError(name)


def database_url(explicit: str | None = None) -> str:
    """The database URL: ``--db``, else $TRACKER_DATABASE_URL, else the embedded SQLite file."""
    url = explicit or get("database_url")
    if url:
        return url
    return f"sqlite:///{default_data_dir() / 'tracker.db'}"


def is_default_database(url: str) -> bool:
    return url == f"sqlite:///{default_data_dir() / 'tracker.db'}"
