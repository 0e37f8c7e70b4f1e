"""The filters of the web app as query-string parameters, shared by pages, downloads and the JSON API.

Parsing and validation are the read layer's (:func:`docket.store.read.parse_filters`); this module only turns
FastAPI's query parameters into its input and a :class:`FilterError` into a 400 with one clear line. A
parameter may repeat (``weapon=a&weapon=b``: either); empty values (an untouched form field) mean "no filter".
"""

from __future__ import annotations

from fastapi import HTTPException, Query

from docket.store.read import FilterError, Filters, Page, parse_filters, parse_page, query_pairs, query_string

__all__ = ["BadParam", "Filters", "Page", "filters_from", "page_from", "point_from", "query_pairs", "query_string"]


class BadParam(HTTPException):
    """A query parameter that cannot be read: a 400 with one clear line."""

    def __init__(self, exc: FilterError) -> None:
        super().__init__(400, f"query parameter {exc}")


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
    language: list[str] | None = Query(None, description="Report language as recorded at import, ISO 639-1: en, ar "
                                                           "(repeatable)"),
    q: str | None = Query(None, description="Full-text search in the reports' text and titles (Arabic words match "
                                            "with or without the article, hamza and taa-marbuta variants)"),
) -> Filters:
    """The FastAPI dependency reading the shared filters from the query string."""
    try:
        return parse_filters({
            "date_from": date_from, "date_to": date_to, "country": country, "admin1": admin1, "actor": actor,
            "attack_type": attack_type, "weapon": weapon, "target_type": target_type, "min_killed": min_killed,
            "min_injured": min_injured, "source": source, "single_source": single_source, "review_status": status,
            "language": language, "text": q})
    except FilterError as exc:
        raise BadParam(exc) from None


def page_from(
    limit: str | None = Query(None, description="Rows per page (1–1000, default 50)"),
    offset: str | None = Query(None, description="Rows to skip"),
) -> Page:
    try:
        return parse_page(limit, offset)
    except FilterError as exc:
        raise BadParam(exc) from None


def point_from(at: str | None) -> tuple[float, float] | None:
    """The ``at=LAT,LON`` parameter (the cases at one map point)."""
    if not at:
        return None
    try:
        lat, lon = (float(x) for x in at.split(","))
    except ValueError:
        lat = lon = float("nan")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise HTTPException(400, f"query parameter at={at!r}: expected LAT,LON")
    return lat, lon
