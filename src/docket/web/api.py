"""The JSON API and the downloads: the same filters as the pages (see ``docket.web.params``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse

from docket.export import FORMATS, LEVELS, attribution, chunks
from docket.store.read import STAT_DIMENSIONS, Filters
from docket.web import views
from docket.web.params import Page, filters_from, page_from, point_from

router = APIRouter()

MEDIA = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json", "jsonl": "application/x-ndjson"}


def _conn(request: Request) -> Any:
    return request.app.state.docket.store.engine.connect()


@router.get("/api/cases", tags=["cases"], summary="Cases matching the filters, newest first")
def api_cases(request: Request, flt: Filters = Depends(filters_from), page: Page = Depends(page_from),
              at: str | None = Query(None, description="Only cases at exactly these coordinates: LAT,LON")
              ) -> dict[str, Any]:
    with _conn(request) as conn:
        total, cases = views.case_page(conn, flt, page.limit, page.offset, point_from(at))
    return {"total": total, "limit": page.limit, "offset": page.offset, "cases": cases}


@router.get("/api/cases/{case_id}", tags=["cases"], summary="One case with its members and review log")
def api_case(request: Request, case_id: str) -> dict[str, Any]:
    with _conn(request) as conn:
        view = views.case_view(conn, case_id)
    if view is None:
        raise HTTPException(404, f"no case {case_id}")
    members = [{k: v for k, v in m.items() if k not in ("links", "report_url")} for m in view["members"]]
    return {**view["case"], "members": members, "conflicts": view["conflicts"], "review_log": view["log"]}


@router.get("/api/incidents", tags=["incidents"], summary="Incidents matching the filters, each with its case")
def api_incidents(request: Request, flt: Filters = Depends(filters_from),
                  page: Page = Depends(page_from)) -> dict[str, Any]:
    with _conn(request) as conn:
        total, rows = views.incident_page(conn, flt, page.limit, page.offset)
    return {"total": total, "limit": page.limit, "offset": page.offset, "incidents": rows}


@router.get("/api/reports/{document_id}", tags=["reports"],
            summary="One report: text, incidents, aggregates and evidence spans")
def api_report(request: Request, document_id: str) -> dict[str, Any]:
    with _conn(request) as conn:
        view = views.report_view(conn, document_id)
    if view is None:
        raise HTTPException(404, f"no report {document_id}")
    doc = dict(view["document"])
    return {**doc, "aggregates": view["aggregates"]}


@router.get("/api/stats", tags=["statistics"],
            summary="Cases counted by a dimension with killed/injured low/best/high sums")
def api_stats(request: Request, flt: Filters = Depends(filters_from),
              by: list[str] | None = Query(None, description=f"One of {', '.join(STAT_DIMENSIONS)} (repeatable)")
              ) -> dict[str, Any]:
    dims = by or ["month", "governorate", "actor", "weapon", "target_type", "attack_type"]
    bad = [d for d in dims if d not in STAT_DIMENSIONS]
    if bad:
        raise HTTPException(400, f"query parameter by={bad[0]!r}: expected one of {', '.join(STAT_DIMENSIONS)}")
    with _conn(request) as conn:
        total = views.count_cases(conn, flt)
        return {"cases": total, "by": {d: views.stats(conn, d, flt) for d in dims}}


@router.get("/api/timeline", tags=["statistics"],
            summary="Cases per week with killed and injured low–high sums")
def api_timeline(request: Request, flt: Filters = Depends(filters_from)) -> dict[str, Any]:
    with _conn(request) as conn:
        tl = request.app.state.docket.cache.get(conn, ("timeline", flt), lambda: views.timeline(conn, flt))
    return {"undated": tl.undated, "weeks": [w.__dict__ for w in tl.weeks]}


@router.get("/api/map", tags=["statistics"],
            summary="Cases grouped by coordinates: count, killed, injured, most frequent attack type")
def api_map(request: Request, flt: Filters = Depends(filters_from)) -> dict[str, Any]:
    with _conn(request) as conn:
        return {"points": request.app.state.docket.cache.get(conn, ("map", flt), lambda: views.map_points(conn, flt))}


@router.get("/api/outlines", tags=["statistics"],
            summary="The boundary outlines given to `docket serve --outlines` (GeoJSON), if any")
def api_outlines(request: Request) -> Response:
    path = request.app.state.docket.outlines
    if path is None:
        raise HTTPException(404, "no outlines: `docket gazetteer import FILE.geojson` or `docket serve --outlines FILE`")
    return Response(path.read_bytes(), media_type="application/geo+json")


@router.get("/api/review-log", tags=["review"], summary="The review log, newest first")
def api_review_log(request: Request, page: Page = Depends(page_from),
                   entity: str | None = Query(None, description="case, incident or document"),
                   entity_id: str | None = Query(None, description="The id of the case, incident or document")
                   ) -> dict[str, Any]:
    ents = [(entity, entity_id)] if entity and entity_id else None
    with _conn(request) as conn:
        rows = views.review_log(conn, ents, limit=page.limit, offset=page.offset)
    if entity and not entity_id:
        rows = [r for r in rows if r["entity"] == entity]
    return {"entries": rows}


@router.get("/download/{name}", tags=["downloads"],
            summary="The filtered view as cases.csv, cases.geojson, cases.jsonl, incidents.csv, ...")
def download(request: Request, name: str, flt: Filters = Depends(filters_from)) -> Response:
    """Streamed from the database as it is written (constant memory); a few at once, others wait their turn
    with 503 and Retry-After. The attribution owed is in the X-Docket-Attribution header (and in GeoJSON)."""
    stem, _, fmt = name.partition(".")
    level = {"cases": "case", "incidents": "incident"}.get(stem)
    if level not in LEVELS or fmt not in FORMATS:
        raise HTTPException(404, f"no download {name!r}: use cases.csv, cases.geojson, cases.jsonl, "
                                 "incidents.csv, incidents.geojson or incidents.jsonl")
    st = request.app.state.docket
    if not st.downloads.acquire(blocking=False):
        raise HTTPException(503, "too many downloads at once: try again in a minute", headers={"Retry-After": "30"})
    try:
        with _conn(request) as conn:
            total = views.count_cases(conn, flt) if level == "case" else views.count_incidents(conn, flt)
            owed = attribution(views.gazetteer_ids(conn, flt, level))
    except BaseException:
        st.downloads.release()
        raise

    def body() -> Iterator[str]:
        try:
            with _conn(request) as conn:
                yield from chunks(conn, fmt, level, flt)
        finally:
            st.downloads.release()

    headers = {"Content-Disposition": f'attachment; filename="docket-{stem}.{fmt}"',
               "X-Docket-Count": str(total),
               "X-Docket-Attribution": " | ".join(owed).encode("ascii", "replace").decode()}
    return StreamingResponse(body(), media_type=MEDIA[fmt], headers=headers)
