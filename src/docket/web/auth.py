"""Sign-in for the web app: the session cookie, CSRF tokens and the secret that signs the cookie.

Accounts, roles, server-side sessions and throttling are :mod:`docket.review`'s; the cookie (signed by
Starlette's SessionMiddleware with a secret kept under ``$DOCKET_HOME``) holds only the session token and the
CSRF token, so a copied cookie stops working when its session ends (sign-out, disabled account, new role).
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from docket.review import Accounts, AuthError, Session, check_username
from docket.review.accounts import PASSWORD_MIN
from docket.store import Store

__all__ = ["PASSWORD_MIN", "AuthError", "Session", "add_user", "check_username", "csrf_ok", "csrf_token",
           "secret_key"]


def add_user(store: Store, username: str, password: str, role: str | None = None) -> str:
    """Create a local account (raises AuthError with one line on a bad name, role, short password or duplicate)."""
    return Accounts(store.engine).add(username, password, role)


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
    home.mkdir(parents=True, exist_ok=True)
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
