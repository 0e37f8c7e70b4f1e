"""Materialised aggregates of the whole docket (no filter): the overview's counts, timeline, map and options.

Each is stored in ``web_summary`` with the data version it was computed from (the markers of
:func:`docket.store.read.records.data_version`, which move with every stored document, case and review change),
and computed again on the first read after a change. Filtered views are always computed live.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, Connection, Engine, String, Table, Text, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from docket.store.read.records import data_version
from docket.store.schema import metadata

web_summary = Table(
    "web_summary", metadata,
    Column("name", String(40), primary_key=True),
    Column("version", String(200), nullable=False),
    Column("data", Text, nullable=False),
)


def materialised(conn: Connection, name: str, compute: Callable[[], Any]) -> Any:
    """The stored aggregate ``name`` if it is of the current data, else ``compute()`` (stored for next time)."""
    version = json.dumps(data_version(conn))
    row = conn.execute(select(web_summary.c.version, web_summary.c.data).where(web_summary.c.name == name)).first()
    if row is not None and row.version == version:
        return json.loads(row.data)
    value = compute()
    try:
        with conn.engine.begin() as w:
            w.execute(delete(web_summary).where(web_summary.c.name == name))
            w.execute(insert(web_summary), {"name": name, "version": version, "data": json.dumps(value)})
    except SQLAlchemyError:   # a read-only database or a busy writer: answer all the same
        pass
    return value


def ensure_statistics(engine: Engine) -> None:
    """Give SQLite's query planner its table statistics (``ANALYZE`` once, ``PRAGMA optimize`` after): without
    them it looks cases up through the primary key and reads every case's JSON, 10× slower on the filtered
    overview. PostgreSQL's autovacuum keeps its own."""
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.begin() as conn:
            has = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
            conn.exec_driver_sql("PRAGMA optimize" if has else "ANALYZE")
    except SQLAlchemyError:   # a read-only or busy database: plan without them
        pass
