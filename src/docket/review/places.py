"""The place picker of a place correction: gazetteer entries by name, and a location from a pick or from
coordinates a reviewer typed (read-only access to the gazetteer under ``$DOCKET_HOME``)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from docket.geocode import store as gaz
from docket.text.names import place_key

MAX_QUERY = 100
_COLUMNS = "p.gid, p.source, p.kind, p.name, p.country, p.admin1, p.lat, p.lon, p.population"
PRECISION = {"town": "town", "district": "district", "region": "region", "country": "country"}


class PlaceError(ValueError):
    """A place entry that cannot be used: one line for the reviewer."""


def _paths(home: Path) -> list[Path]:
    paths = [gaz.builtin_path(home)]
    if gaz.imports_path(home).exists():
        paths.append(gaz.imports_path(home))
    return [p for p in paths if p.exists()]


def _row(r: tuple[Any, ...]) -> dict[str, Any]:
    gid, source, kind, name, country, admin1, lat, lon, population = r
    return {"gazetteer_id": gid, "source": source, "kind": kind, "name": name, "country": country,
            "admin1": admin1, "lat": lat, "lon": lon, "population": population}


def search_places(home: Path, query: str, country: str | None = None, limit: int = 12) -> list[dict[str, Any]]:
    """Gazetteer entries whose name (as the geocoder keys it) is or starts with ``query``; exact names first,
    then by population; ``country`` (ISO alpha-2) first when given."""
    key = place_key(query[:MAX_QUERY]) if query else ""  # Latin or Arabic, as the gazetteer keys names
    if len(key) < 2:
        return []
    found: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
    sql = (f"SELECT k.key = ?, {_COLUMNS} FROM keys k JOIN places p ON p.id = k.place "
           "WHERE k.how = 0 AND k.key >= ? AND k.key < ? AND p.lat IS NOT NULL ORDER BY p.population DESC LIMIT 200")
    for path in _paths(home):
        with contextlib.closing(gaz.connect(path, readonly=True)) as con:
            try:
                rows = con.execute(sql, (key, key, key + "\uffff")).fetchall()
            except sqlite3.DatabaseError:
                continue
        for exact, *rest in rows:
            place = _row(tuple(rest))
            rank = (not exact, place["country"] != country if country else False, -(place["population"] or 0))
            cur = found.get(place["gazetteer_id"])
            if cur is None or rank < cur[0]:
                found[place["gazetteer_id"]] = (rank, place)
    return [p for _, p in sorted(found.values(), key=lambda x: x[0])][:limit]


def place_by_id(home: Path, gazetteer_id: str) -> dict[str, Any] | None:
    for path in _paths(home):
        with contextlib.closing(gaz.connect(path, readonly=True)) as con:
            try:
                r = con.execute(f"SELECT {_COLUMNS} FROM places p WHERE p.gid = ? LIMIT 1",
                                (gazetteer_id[:200],)).fetchone()
            except sqlite3.DatabaseError:
                r = None
        if r:
            return _row(r)
    return None


def location_from_pick(place: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
    """The location a gazetteer pick gives: its name, point, governorate and country; the names the reports
    wrote are kept."""
    loc = {"name": place["name"], "canonical": place["name"], "gazetteer_id": place["gazetteer_id"],
           "lat": place["lat"], "lon": place["lon"], "admin1": place["admin1"], "country": place["country"],
           "precision": PRECISION.get(place["kind"], "town"), "qualifier": None}
    if current and current.get("names"):
        loc["names"] = current["names"]
    return loc


def location_from_point(name: str, lat: str, lon: str, current: dict[str, Any] | None) -> dict[str, Any]:
    """The location of coordinates a reviewer typed (decimal degrees); governorate and country are kept."""
    label = " ".join((name or "").split())
    if not label or len(label) > 200 or not label.isprintable():
        raise PlaceError("name the place (one line of at most 200 characters)")
    try:
        y, x = float(lat), float(lon)
    except ValueError:
        raise PlaceError(f"coordinates {lat!r}, {lon!r}: expected decimal degrees, e.g. 35.79, 36.64") from None
    if not (-90 <= y <= 90 and -180 <= x <= 180):
        raise PlaceError(f"coordinates {lat}, {lon}: latitude is -90..90 and longitude -180..180")
    cur = current or {}
    loc = {"name": label, "canonical": label, "gazetteer_id": None, "lat": round(y, 6), "lon": round(x, 6),
           "admin1": cur.get("admin1"), "country": cur.get("country"), "precision": "point", "qualifier": None}
    if cur.get("names"):
        loc["names"] = cur["names"]
    return loc
