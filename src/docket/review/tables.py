"""The review package's tables (on the store's metadata; created by migration ``0002_web``)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from docket.store.schema import metadata

user_roles = Table(  # an account without a row here has the default role (accounts predate roles)
    "user_roles", metadata,
    Column("username", String(100), ForeignKey("users.username", ondelete="CASCADE"), primary_key=True),
    Column("role", String(16), nullable=False),
)

web_sessions = Table(  # server-side sessions: the cookie holds a random token, the database its SHA-256
    "web_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(100), ForeignKey("users.username", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

login_failures = Table(  # failed sign-ins, for throttling: key is "user:NAME" or "addr:IP"
    "login_failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False),
    Column("at", String(32), nullable=False),
    Index("ix_login_failures_key_at", "key", "at"),
)
