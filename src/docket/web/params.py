"""The filters of the web app as query-string parameters, shared by pages, downloads and the JSON API.

One name per filter of ``docket.store.queries.Filters``; a parameter may repeat (``weapon=a&weapon=b``:
either). Empty values (an untouched form field) mean "no filter".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from urllib.parse import urlencode

from fastapi import HTTPException, Query

from docket.store.queries import Filters

# query parameter -> Filters field (the parameter names users see in URLs)
PARAMS: dict[str, str] = {
    "date_from": "date_from", "date_to": "date_to", "country": "country", "admin1": "admin1",
    "actor": "actor", "attack_type": "attack_type", "weapon": "weapon", "target_type": "target_type",
    "min_killed": "min_killed", "min_injured": "min_injured", "source": "source",
    "single_source": "single_source", "status": "review_status", "q": "text",
}
MULTI = {"country", "admin1", "actor", "attack_type", "weapon", "target_type", "source", "status"}


class BadParam(HTTPException):
    """A query parameter that cannot be read: a 400 with one clear line."""

    def __init__(self, name: str, value: str, expected: str) -> None:
        super().__init__(400, f"query parameter {name}={value!r}: expected {expected}")


def _date(name: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadParam(name, value, "a date YYYY-MM-DD") from None


def _int(name: str, value: str | None) -> int | None:
    if value is None or value.strip() == "":
        return None
    try:
        n = int(value)
    except ValueError:
        raise BadParam(name, value, "a whole number") from None
    if n < 0:
        raise BadParam(name, value, "a number ≥ 0")
    return n


def _bool(name: str, value: str | None) -> bool | None:
    if not value:
        return None
    v = value.lower()
    if v in ("yes", "true", "1", "single"):
        return True
    if v in ("no", "false", "0", "corroborated"):
        return False
    raise BadParam(name, value, "yes or no")


def _multi(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values or () if v and v.strip()))


def filters_from(
    date_from: str | None = Query(None, description="Events on or after this date (YYYY-MM-DD)"),
    date_to: str | None = Query(None, description="Events on or before this date (YYYY-MM-DD)"),
    country: list[str] | None = Query(None, description="ISO 3166-1 alpha-2 country code (repeatable)"),
    admin1: list[str] | None = Query(None, description="Governorate (repeatable)"),
    actor: list[str] | None = Query(None, description="Canonical actor name (repeatable)"),
    attack_type: list[str] | None = Query(None, description="Attack type (repeatable)"),
    weapon: list[str] | None = Query(None, description="Weapon (repeatable)"),
    target_type: list[str] | None = Query(None, description="Target type (repeatable)"),
    min_killed: str | None = Query(None, description="At least this many killed (best estimate)"),
    min_injured: str | None = Query(None, description="At least this many injured (best estimate)"),
    source: list[str] | None = Query(None, description="Reporting source or publisher, substring (repeatable)"),
    single_source: str | None = Query(None, description="yes: single-source cases only; no: corroborated only"),
    status: list[str] | None = Query(None, description="Review status (repeatable)"),
    q: str | None = Query(None, description="Full-text search in the reports' text and titles"),
) -> Filters:
    """The FastAPI dependency reading the shared filters from the query string."""
    return Filters(
        date_from=_date("date_from", date_from), date_to=_date("date_to", date_to),
        country=tuple(c.upper() for c in _multi(country)), admin1=_multi(admin1), actor=_multi(actor),
        attack_type=_multi(attack_type), weapon=_multi(weapon), target_type=_multi(target_type),
        min_killed=_int("min_killed", min_killed), min_injured=_int("min_injured", min_injured),
        source=_multi(source), single_source=_bool("single_source", single_source),
        review_status=_multi(status), text=(q or "").strip() or None,
    )


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def page_from(
    limit: str | None = Query(None, description="Rows per page (1–1000, default 50)"),
    offset: str | None = Query(None, description="Rows to skip"),
) -> Page:
    n = _int("limit", limit)
    o = _int("offset", offset) or 0
    if n is not None and not 1 <= n <= 1000:
        raise BadParam("limit", str(limit), "1 to 1000")
    return Page(n or 50, o)


def query_pairs(flt: Filters) -> list[tuple[str, str]]:
    """The query-string pairs that give back ``flt`` (inverse of ``filters_from``)."""
    out: list[tuple[str, str]] = []
    names = {f.name for f in fields(Filters)}
    for param, attr in PARAMS.items():
        if attr not in names:
            continue
        value = getattr(flt, attr)
        if value in (None, ()):
            continue
        if isinstance(value, tuple):
            out.extend((param, v) for v in value)
        elif isinstance(value, bool):
            out.append((param, "yes" if value else "no"))
        else:
            out.append((param, str(value)))
    return out


def query_string(flt: Filters, **extra: str | int | None) -> str:
    pairs = query_pairs(flt) + [(k, str(v)) for k, v in extra.items() if v not in (None, "")]
    return urlencode(pairs)


def point_from(at: str | None) -> tuple[float, float] | None:
    """The ``at=LAT,LON`` parameter (the cases at one map point)."""
    if not at:
        return None
    try:
        lat, lon = (float(x) for x in at.split(","))
    except ValueError:
        raise HTTPException(400, f"query parameter at={at!r}: expected LAT,LON") from None
    return lat, lon
