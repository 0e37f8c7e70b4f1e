"""covering indexes for the web app's aggregations (moved from web/indexes.py)

Revision ID: 0002_web
Revises: 0001
"""

from __future__ import annotations

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
    "ix_web_case_facets_by_value": "case_facets (kind, value, case_id)",
    "ix_web_review_log_by_entity": "review_log (entity_id, entity, id)",
}


def upgrade() -> None:
    for name, target in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
