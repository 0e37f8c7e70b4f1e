"""web app: covering indexes for the aggregations (moved from web/indexes.py); roles, sessions, throttling

Revision ID: 0002_web
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_web"
down_revision = "0001"
branch_labels = None
depends_on = None

CASE_COLUMNS = ("date_end, lat, lon, admin1, country, killed_low, killed_best, killed_high, injured_low, "
                "injured_best, injured_high, review_status, single_source")
# IF NOT EXISTS: databases the web app opened before this migration already have them, under these names
INDEXES: dict[str, str] = {
    "ix_web_cases_by_date": f"cases (date_start, id, {CASE_COLUMNS})",
    "ix_web_cases_by_id": f"cases (id, date_start, {CASE_COLUMNS})",
    "ix_web_cases_by_place": "cases (lat, lon, killed_low, killed_best, killed_high, injured_low, injured_best, "
                             "injured_high, id)",
    # the governorate filter compares lower(admin1): an index on the expression lets it start from the few cases
    "ix_web_cases_admin1_lower": "cases (lower(admin1), date_start, id, killed_low, killed_best, killed_high, "
                                 "injured_low, injured_best, injured_high, date_end, review_status, single_source, "
                                 "lat, lon, country)",
    # the review queue's order (docket.store.read.records.queue): the most killed first, then the most recent
    "ix_web_cases_queue": "cases (coalesce(killed_best, killed_low, -1) DESC, date_start DESC, id, review_status)",
    "ix_web_case_facets_by_value": "case_facets (kind, value, case_id)",
    "ix_web_review_log_by_entity": "review_log (entity_id, entity, id)",
}


def upgrade() -> None:
    for name, target in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    op.create_table(
        "user_roles",
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(["username"], ["users.username"], name=op.f("fk_user_roles_username_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_user_roles")))
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(["username"], ["users.username"], name=op.f("fk_web_sessions_username_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_web_sessions")))
    op.create_index(op.f("ix_web_sessions_username"), "web_sessions", ["username"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")))
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    op.create_table(   # materialised aggregates of the whole docket, with the data version they are of
        "web_summary",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("version", sa.String(200), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_web_summary")))


def downgrade() -> None:
    op.drop_table("web_summary")
    op.drop_table("login_failures")
    op.drop_table("web_sessions")
    op.drop_table("user_roles")
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
