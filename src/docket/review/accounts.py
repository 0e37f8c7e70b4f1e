"""Local accounts with roles, server-side revocable sessions and sign-in throttling.

Passwords are hashed with Argon2id (argon2-cffi). A session is a random token: the browser keeps it in the
signed session cookie, the database keeps only its SHA-256, so signing out, disabling an account or
changing its role ends it at once. Failed sign-ins are counted per user name and per client address over a
window (``web/data/security.yaml``); past the limit the sign-in is refused even with the right password.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import secrets
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from docket.review.tables import login_failures, user_roles, web_sessions
from docket.store import schema as S

USERNAME_MAX = 100
PASSWORD_MIN = 8


@functools.cache
def rules() -> dict[str, Any]:
    return yaml.safe_load((resources.files("docket.web") / "data" / "security.yaml").read_text(encoding="utf-8"))


ROLES: tuple[str, ...] = tuple(rules()["roles"])


class AuthError(Exception):
    """A one-line problem with an account."""


class Throttled(AuthError):
    """Too many failed sign-ins: ``seconds`` until the next try is accepted."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(f"too many failed sign-ins: try again in {max(1, -(-seconds // 60))} minute(s)")


@dataclass(frozen=True)
class Session:
    username: str
    role: str

    def can(self, role: str) -> bool:
        """True when this session's role is ``role`` or a more powerful one."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds")


def hash_password(password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise AuthError(f"password too short: use at least {PASSWORD_MIN} characters")
    return PasswordHasher().hash(password)


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > USERNAME_MAX or any(c.isspace() or not c.isprintable() for c in name):
        raise AuthError(f"user name {username!r}: use 1–{USERNAME_MAX} printable characters without spaces")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError(f"role {role!r}: expected one of {', '.join(ROLES)}")
    return role


_DUMMY_HASH = PasswordHasher().hash("not a password of anyone")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    """Accounts and sessions over the docket database (every change in one transaction)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- accounts --------------------------------------------------------------------------------------
    def add(self, username: str, password: str, role: str | None = None) -> str:
        name = check_username(username)
        role = check_role(role or rules()["default_role"])
        hashed = hash_password(password)
        with self.engine.begin() as conn:
            if conn.execute(select(S.users.c.username).where(S.users.c.username == name)).first():
                raise AuthError(f"user {name!r} already exists")
            conn.execute(insert(S.users), dict(username=name, password_hash=hashed, created_at=_iso(_now()),
                                                active=True))
            conn.execute(insert(user_roles), dict(username=name, role=role))
        return name

    def list(self) -> list[dict[str, Any]]:
        """Every account: ``username, role, active, created_at, sessions`` (open sessions now)."""
        u, r, s = S.users, user_roles, web_sessions
        n_sessions = (select(func.count()).select_from(s)
                      .where(s.c.username == u.c.username, s.c.expires_at > _iso(_now())).scalar_subquery())
        q = (select(u.c.username, u.c.active, u.c.created_at, r.c.role, n_sessions.label("sessions"))
             .select_from(u.outerjoin(r, r.c.username == u.c.username)).order_by(u.c.username))
        with self.engine.connect() as conn:
            return [{"username": x.username, "role": x.role or rules()["default_role"], "active": bool(x.active),
                     "created_at": x.created_at, "sessions": x.sessions} for x in conn.execute(q)]

    def _require(self, conn: Connection, username: str) -> None:
        if conn.execute(select(S.users.c.username).where(S.users.c.username == username)).first() is None:
            raise AuthError(f"no user {username!r}")

    def set_role(self, username: str, role: str) -> None:
        """Change an account's role; its open sessions end (they were granted under the old role)."""
        check_role(role)
        with self.engine.begin() as conn:
            self._require(conn, username)
            conn.execute(delete(user_roles).where(user_roles.c.username == username))
            conn.execute(insert(user_roles), dict(username=username, role=role))
            conn.execute(delete(web_sessions).where(web_sessions.c.username == username))

    def set_active(self, username: str, active: bool) -> None:
        """Disable (or enable again) an account; disabling ends its sessions at once."""
        with self.engine.begin() as conn:
            self._require(conn, username)
            conn.execute(update(S.users).where(S.users.c.username == username).values(active=active))
            if not active:
                conn.execute(delete(web_sessions).where(web_sessions.c.username == username))

    # -- sign-in ---------------------------------------------------------------------------------------
    def _failures(self, conn: Connection, key: str, since: str) -> tuple[int, str | None]:
        f = login_failures
        n, first = conn.execute(select(func.count(), func.min(f.c.at)).where(f.c.key == key, f.c.at > since)).one()
        return n or 0, first

    def sign_in(self, username: str, password: str, address: str | None) -> str:
        """A new session token for a right password of an active account; raises Throttled past the limit of
        failed tries and AuthError for a wrong name or password (the same message either way)."""
        name = username.strip()
        t = rules()["throttle"]
        now = _now()
        window = dt.timedelta(minutes=t["window_minutes"])
        since = _iso(now - window)
        keys = [(f"user:{name[:USERNAME_MAX]}", t["max_per_user"])]
        if address:
            keys.append((f"addr:{address[:100]}", t["max_per_address"]))
        with self.engine.connect() as conn:
            for key, limit in keys:
                n, first = self._failures(conn, key, since)
                if n >= limit and first:
                    wait = (dt.datetime.fromisoformat(first) + window - now).total_seconds()
                    raise Throttled(int(wait) + 1)
            row = conn.execute(select(S.users.c.password_hash, S.users.c.active)
                               .where(S.users.c.username == name)).first() if name else None
        ok = False
        ph = PasswordHasher()
        if row is None or not row.active:
            with contextlib.suppress(VerificationError, InvalidHashError):
                ph.verify(_DUMMY_HASH, password)   # the same work as a real check
        else:
            with contextlib.suppress(VerifyMismatchError, VerificationError, InvalidHashError):
                ok = ph.verify(row.password_hash, password)
        with self.engine.begin() as conn:
            conn.execute(delete(login_failures).where(login_failures.c.at < since))
            if not ok:
                conn.execute(insert(login_failures), [{"key": k, "at": _iso(now)} for k, _ in keys])
        if not ok:   # raised after the commit, so the failure is counted
            raise AuthError("wrong user name or password")
        with self.engine.begin() as conn:
            conn.execute(delete(login_failures).where(login_failures.c.key == keys[0][0]))
            token = secrets.token_urlsafe(32)
            conn.execute(insert(web_sessions), dict(
                token_hash=_token_hash(token), username=name, created_at=_iso(now),
                expires_at=_iso(now + dt.timedelta(hours=rules()["session_hours"]))))
            conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < _iso(now)))
        return token

    def session(self, token: str | None) -> Session | None:
        """The signed-in account of a session token, if the session is open and the account active."""
        if not token or len(token) > 200:
            return None
        s, u, r = web_sessions, S.users, user_roles
        q = (select(s.c.username, s.c.expires_at, u.c.active, r.c.role)
             .select_from(s.join(u, u.c.username == s.c.username).outerjoin(r, r.c.username == s.c.username))
             .where(s.c.token_hash == _token_hash(token)))
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        if row is None or not row.active or row.expires_at <= _iso(_now()):
            return None
        return Session(row.username, row.role or rules()["default_role"])

    def sign_out(self, token: str | None) -> None:
        if token:
            with self.engine.begin() as conn:
                conn.execute(delete(web_sessions).where(web_sessions.c.token_hash == _token_hash(token)))
