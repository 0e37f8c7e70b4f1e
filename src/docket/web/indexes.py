"""Covering indexes the web app's aggregations need (created once, idempotent, SQLite and PostgreSQL).

The ``cases`` rows carry their merged JSON, so scanning them for sums is slow; these indexes hold the columns
the overview, the timeline, the map and the counts read, so the database answers from the index alone.
They belong with the store's migrations; until then the web app creates them when it opens a database.
"""

from __future__ import annotations

from sqlalchemy import Engine

CASE_COLUMNS = ("date_end, lat, lon, admin1, country, killed_low, killed_best, killed_high, injured_low, "
                "injured_best, injured_high, review_status, single_source")
INDEXES: tuple[str, ...] = (
    f"CREATE INDEX IF NOT EXISTS ix_web_cases_by_date ON cases (date_start, id, {CASE_COLUMNS})",
    f"CREATE INDEX IF NOT EXISTS ix_web_cases_by_id ON cases (id, date_start, {CASE_COLUMNS})",
    "CREATE INDEX IF NOT EXISTS ix_web_case_facets_by_value ON case_facets (kind, value, case_id)",
)


def ensure_indexes(engine: Engine) -> None:
    with engine.begin() as conn:
        for ddl in INDEXES:
            conn.exec_driver_sql(ddl)
