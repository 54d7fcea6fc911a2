"""Reviewer accounts: argon2 password hashes, and an optional trusted single-sign-on header.

Two ways to be a reviewer:

* **Password accounts** (the embedded default), created with ``tracker reviewer add NAME``.
  Passwords are hashed with argon2id (argon2-cffi); the hash is upgraded on login when the
  library's parameters change.
* **Single sign-on from a trusted reverse proxy**: only when the ``TRACKER_AUTH_HEADER``
  setting names a header (e.g. ``X-Forwarded-User``). The proxy authenticates people and sets
  the header; tracker takes the name from it and accepts it only if it is an active reviewer
  (``tracker reviewer add NAME --sso`` registers one without a password). Password login is
  switched off in that mode, so the proxy is the only way in. See ``docs/dashboard.md``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import settings
from tracker.db.models import Reviewer
from tracker.errors import AuthError, InputError

MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 255

_hasher = PasswordHasher()
#: Verified against when the name is unknown, so that a wrong name and a wrong password
#: take the same time (no account enumeration by timing).
_DUMMY_HASH = _hasher.hash("tracker-dummy-password")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``password_hash`` (False for a missing or broken hash)."""
    if not password_hash:
        _safe_verify(_DUMMY_HASH, password)
        return False
    return _safe_verify(password_hash, password)


def _safe_verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def normalize_name(name: str) -> str:
    """A reviewer name as stored: NFC, trimmed, one line.

    Raises:
        InputError: the name is empty, too long or has control characters.
    """
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise InputError("a reviewer name cannot be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(f"a reviewer name has at most {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise InputError("a reviewer name cannot contain control characters")
    return name


def check_password(password: str) -> None:
    """Raise InputError when a new password is unusable."""
    if password is None or len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if password != password.strip():
        raise InputError("a password cannot start or end with spaces (check for a stray newline)")


def find_reviewer(session: Session, name: str) -> Reviewer | None:
    """The reviewer called ``name`` (active or not), or None."""
    try:
        name = normalize_name(name)
    except InputError:
        return None
    return session.scalars(select(Reviewer).where(Reviewer.name == name)).first()


def add_reviewer(session: Session, name: str, password: str | None, *, update: bool = False) -> Reviewer:
    """Create a reviewer (or, with ``update``, reset an existing one's password and reactivate it).

    ``password=None`` makes a single-sign-on identity that cannot log in with a password.

    Raises:
        InputError: bad name or password, or the reviewer exists and ``update`` is False.
    """
    name = normalize_name(name)
    if password is not None:
        check_password(password)
    password_hash = hash_password(password) if password is not None else None
    reviewer = find_reviewer(session, name)
    if reviewer is not None:
        if not update:
            raise InputError(f"reviewer {name!r} exists: use --update to reset the password")
        reviewer.password_hash = password_hash
        reviewer.active = True
    else:
        reviewer = Reviewer(name=name, password_hash=password_hash, active=True)
        session.add(reviewer)
    session.flush()
    return reviewer


def set_active(session: Session, name: str, active: bool) -> Reviewer:
    """Switch a reviewer on or off. Their past verdicts stay.

    Raises:
        InputError: no such reviewer.
    """
    reviewer = find_reviewer(session, name)
    if reviewer is None:
        raise InputError(f"no reviewer called {name!r}")
    reviewer.active = active
    session.flush()
    return reviewer


def list_reviewers(session: Session) -> list[Reviewer]:
    return list(session.scalars(select(Reviewer).order_by(Reviewer.name)))


def authenticate(session: Session, name: str, password: str) -> Reviewer | None:
    """The active reviewer with this name and password, or None.

    Raises:
        AuthError: password login is switched off because single sign-on is configured.
    """
    if sso_header():
        raise AuthError("password login is off: this dashboard takes identities from single sign-on")
    reviewer = find_reviewer(session, name)
    ok = verify_password(reviewer.password_hash if reviewer else None, password or "")
    if not ok or reviewer is None or not reviewer.active:
        return None
    if _hasher.check_needs_rehash(reviewer.password_hash):
        reviewer.password_hash = hash_password(password)
        session.flush()
    return reviewer


def sso_header() -> str | None:
    """The configured single-sign-on header name, or None when SSO is off."""
    value = (settings.get("auth_header") or "").strip()
    return value or None


def reviewer_from_headers(session: Session, headers: Mapping[str, str] | None) -> Reviewer | None:
    """The active reviewer named by the trusted SSO header, or None.

    Returns None when SSO is off (the header is then ignored, whoever sends it), when the
    header is missing, or when it names nobody registered and active.
    """
    header = sso_header()
    if not header or not headers:
        return None
    value = None
    for key, val in headers.items():
        if key.lower() == header.lower():
            value = val
            break
    if not value:
        return None
    reviewer = find_reviewer(session, value)
    if reviewer is None or not reviewer.active:
        return None
    return reviewer


def active_reviewer(session: Session, reviewer_id: int | None) -> Reviewer | None:
    """Reload a reviewer by id; None unless it exists and is active."""
    if reviewer_id is None:
        return None
    reviewer = session.get(Reviewer, reviewer_id)
    if reviewer is None or not reviewer.active:
        return None
    return reviewer


__all__ = [
    "MIN_PASSWORD_LENGTH",
    "active_reviewer",
    "add_reviewer",
    "authenticate",
    "check_password",
    "find_reviewer",
    "hash_password",
    "list_reviewers",
    "normalize_name",
    "reviewer_from_headers",
    "set_active",
    "sso_header",
    "verify_password",
]
