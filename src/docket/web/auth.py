"""Local accounts, sessions and CSRF tokens for the review pages.

Passwords are hashed with Argon2id (argon2-cffi); the session lives in a cookie signed by Starlette's
SessionMiddleware (itsdangerous) with a secret kept under ``$DOCKET_HOME``; every form carries the
session's CSRF token.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from docket.store import Store, StoreError

USERNAME_MAX = 100
PASSWORD_MIN = 8


class AuthError(Exception):
    """A one-line problem with an account."""


def hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise AuthError(f"password too short: use at least {PASSWORD_MIN} characters")
    return hasher().hash(password)


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > USERNAME_MAX or any(c.isspace() or not c.isprintable() for c in name):
        raise AuthError(f"user name {username!r}: use 1–{USERNAME_MAX} printable characters without spaces")
    return name


def add_user(store: Store, username: str, password: str) -> None:
    """Create a local account (raises AuthError with one line on a bad name, short password or duplicate)."""
    name = check_username(username)
    try:
        store.add_user(name, hash_password(password))
    except StoreError as exc:
        raise AuthError(str(exc)) from None


def verify_user(store: Store, username: str, password: str) -> bool:
    """True when the account exists, is active and the password matches (constant work either way)."""
    user = store.get_user(username.strip()) if username.strip() else None
    ph = hasher()
    if user is None or not user.get("active", True):
        # spend the same time as a real check so a wrong name and a wrong password look alike
        with contextlib.suppress(VerificationError, InvalidHashError):
            ph.verify(_DUMMY_HASH, password)
        return False
    try:
        return ph.verify(user["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = PasswordHasher().hash("not a password of anyone")


def secret_key(home: Path) -> str:
    """The session-signing secret: ``$DOCKET_SECRET_KEY``, else ``HOME/web-secret`` (created once, mode 600)."""
    env = os.environ.get("DOCKET_SECRET_KEY")
    if env:
        return env
    path = home / "web-secret"
    if path.is_file():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    return value


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token (created on first use)."""
    tok = session.get("csrf")
    if not isinstance(tok, str) or len(tok) < 20:
        tok = secrets.token_urlsafe(32)
        session["csrf"] = tok
    return tok


def csrf_ok(session: dict[str, Any], submitted: str | None) -> bool:
    tok = session.get("csrf")
    return bool(isinstance(tok, str) and submitted and hmac.compare_digest(tok, submitted))
