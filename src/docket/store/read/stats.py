"""Aggregates of the filtered docket: statistics by a dimension, the timeline, the map and the filter options.

One implementation for ``docket stats``, ``/api/stats`` and the overview; casualty sums follow the one rule of
:mod:`docket.store.read.bounds` (a sum's high is open as soon as one case is).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, func, select

from docket.store import schema as S
from docket.store.read.bounds import sql_best, sql_high, sql_low, sql_open
from docket.store.read.filters import Filters
from docket.store.read.summary import materialised
from docket.store.read.where import case_where

STAT_DIMENSIONS: tuple[str, ...] = ("month", "governorate", "actor", "weapon", "target_type", "attack_type")
FACET_DIMENSIONS: tuple[str, ...] = ("actor", "weapon", "target_type", "attack_type")
OUTCOMES: tuple[str, ...] = ("killed", "injured")
SUM_KEYS: tuple[str, ...] = tuple(f"{o}_{k}" for o in OUTCOMES for k in ("low", "best", "high"))


def _sums(cols: Any) -> list[Any]:
    out = []
    for o in OUTCOMES:
        out += [func.sum(sql_low(cols, o)), func.sum(sql_best(cols, o)), func.sum(sql_high(cols, o)),
                func.sum(sql_open(cols, o))]
    return out


def _row(values: list[Any]) -> dict[str, Any]:
    """Sums (low, best, high, n_open per outcome) as ``killed_low`` ... with an open high as ``None``."""
    row: dict[str, Any] = {}
    for k, o in enumerate(OUTCOMES):
        low, best, high, n_open = values[4 * k: 4 * k + 4]
        row[f"{o}_low"] = int(low) if low is not None else None
        row[f"{o}_best"] = int(best) if best is not None else None
        row[f"{o}_high"] = None if n_open else (int(high) if high is not None else None)
    return row


def stats(conn: Connection, by: str, flt: Filters = Filters()) -> list[dict[str, Any]]:
    """Cases counted by one dimension with killed/injured low/best/high sums. Cases only: an event is counted
    once per group (a case with two weapons counts under each), aggregates never."""
    c = S.cases
    where = case_where(flt, conn.dialect.name)
    if by == "month":
        key: Any = func.coalesce(func.substr(c.c.date_start, 1, 7), "unknown")
        frm: Any = c
    elif by == "governorate":
        key, frm = func.coalesce(c.c.admin1, "unknown"), c
    elif by in FACET_DIMENSIONS:
        g = S.case_facets.alias("grouping_facet")   # its own alias: a facet filter never correlates with it
        key, frm = g.c.value, c.join(g, and_(g.c.case_id == c.c.id, g.c.kind == by))
    else:
        raise ValueError(f"unknown stats dimension {by!r} (one of {', '.join(STAT_DIMENSIONS)})")
    q = select(key, func.count(), *_sums(c.c)).select_from(frm).where(where).group_by(key)
    out = [{"key": k, "cases": n, **_row(list(rest))} for k, n, *rest in conn.execute(q)]
    if by == "month":
        out.sort(key=lambda x: str(x["key"]))
    else:
        out.sort(key=lambda x: (-x["cases"], str(x["key"])))
    return out


def counts(conn: Connection, flt: Filters, top: int = 12) -> dict[str, list[dict[str, Any]]]:
    """Cases by attack type, weapon, target type and actor (each event once per value), the top ``top``;
    without filters from the materialised summary."""
    def compute() -> dict[str, list[dict[str, Any]]]:
        return {d: stats(conn, d, flt)[:top] for d in ("attack_type", "weapon", "target_type", "actor")}

    return materialised(conn, f"counts:{top}", compute) if flt.is_empty() else compute()


def daily(conn: Connection, flt: Filters) -> list[dict[str, Any]]:
    """:func:`daily_rows`; without filters from the materialised summary."""
    return materialised(conn, "daily", lambda: daily_rows(conn, flt)) if flt.is_empty() else daily_rows(conn, flt)


def daily_rows(conn: Connection, flt: Filters) -> list[dict[str, Any]]:
    """Cases per first date (``None``: undated) with the casualty sums of :func:`stats` and, for drawing, the
    high sum with open cases counted at their best (``killed_drawn_high``)."""
    c = S.cases
    drawn = [func.sum(func.coalesce(sql_high(c.c, o), sql_best(c.c, o))) for o in OUTCOMES]
    q = (select(c.c.date_start, func.count(), *_sums(c.c), *drawn)
         .where(case_where(flt, conn.dialect.name)).group_by(c.c.date_start))
    out = []
    for day, n, *rest in conn.execute(q):
        row = {"day": day, "cases": n, **_row(rest[:8])}
        row["killed_open"] = bool(rest[3])
        row["injured_open"] = bool(rest[7])
        row["killed_drawn_high"] = int(rest[8] or 0)
        row["injured_drawn_high"] = int(rest[9] or 0)
        out.append(row)
    return out


def map_points(conn: Connection, flt: Filters) -> list[dict[str, Any]]:
    """:func:`map_rows`; without filters from the materialised summary."""
    return materialised(conn, "map", lambda: map_rows(conn, flt)) if flt.is_empty() else map_rows(conn, flt)


def map_rows(conn: Connection, flt: Filters) -> list[dict[str, Any]]:
    """Cases grouped by their coordinates: count, killed/injured best sums (``None`` when no case there states
    a figure), the place name and the most frequent attack type."""
    c, f = S.cases, S.case_facets.alias("grouping_facet")
    where = and_(case_where(flt, conn.dialect.name), c.c.lat.is_not(None), c.c.lon.is_not(None))
    q = (select(c.c.lat, c.c.lon, func.count(), func.sum(sql_best(c.c, "killed")),
                func.sum(sql_best(c.c, "injured")),
                func.min(func.coalesce(c.c.place_canonical, c.c.place_name)), func.min(c.c.id))
         .where(where).group_by(c.c.lat, c.c.lon))
    pts: dict[tuple[float, float], dict[str, Any]] = {}
    for lat, lon, n, k, j, place, cid in conn.execute(q):
        pts[(lat, lon)] = {"lat": lat, "lon": lon, "n": n, "killed": None if k is None else int(k),
                           "injured": None if j is None else int(j), "place": place,
                           "case": cid if n == 1 else None, "attack": None}
    q2 = (select(c.c.lat, c.c.lon, f.c.value, func.count())
          .select_from(c.join(f, and_(f.c.case_id == c.c.id, f.c.kind == "attack_type")))
          .where(where).group_by(c.c.lat, c.c.lon, f.c.value))
    best: dict[tuple[float, float], tuple[int, str]] = {}
    for lat, lon, value, n in conn.execute(q2):
        cur = best.get((lat, lon))
        if cur is None or (n, value) > cur:
            best[(lat, lon)] = (n, value)
    for key, (_n, value) in best.items():
        if key in pts:
            pts[key]["attack"] = value
    return list(pts.values())


def options(conn: Connection) -> dict[str, list[str]]:
    """Values present in the docket, for the filter form's choices (materialised)."""
    return materialised(conn, "options", lambda: option_rows(conn))


def option_rows(conn: Connection) -> dict[str, list[str]]:
    """Values present in the docket, for the filter form's choices."""
    f, c = S.case_facets, S.cases

    def facet(kind: str) -> list[str]:
        return [r[0] for r in conn.execute(select(f.c.value).where(f.c.kind == kind).distinct().order_by(f.c.value))]

    def column(col: Any) -> list[str]:
        return [r[0] for r in conn.execute(select(col).where(col.is_not(None)).distinct().order_by(col))]

    return {"actor": facet("actor"), "attack_type": facet("attack_type"), "weapon": facet("weapon"),
            "target_type": facet("target_type"), "admin1": column(c.c.admin1), "country": column(c.c.country),
            "status": list(S.REVIEW_STATUSES), "language": column(S.documents.c.language)}
