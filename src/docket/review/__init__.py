"""Accounts, roles, server-side sessions and sign-in throttling for the web app's review workflow."""

from docket.review.accounts import (
    ROLES,
    Accounts,
    AuthError,
    Session,
    Throttled,
    check_username,
    hash_password,
)

__all__ = ["ROLES", "Accounts", "AuthError", "Session", "Throttled", "check_username", "hash_password"]
