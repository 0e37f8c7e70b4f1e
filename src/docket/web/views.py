"""What each page and API answer shows, read from the store with its shared filters (read-only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, and_, func, or_, select, true

from docket.store import schema as S
from docket.store.queries import Filters, case_conditions, get_case, get_document, incident_conditions, stats
from docket.web.highlight import Segment, Span, segments

COUNT_DIMENSIONS: tuple[str, ...] = ("attack_type", "weapon", "target_type", "actor")
OUTCOME_ORDER: tuple[str, ...] = ("killed", "injured", "affected", "missing", "detained", "displaced")


# -- lists -----------------------------------------------------------------------------------------------
FACET_FILTERS: tuple[str, ...] = ("actor", "attack_type", "weapon", "target_type")


def _where(conn: Connection, flt: Filters, at: tuple[float, float] | None = None) -> Any:
    """The store's case conditions, with the facet filters written as ``id IN (cases having the value)``:
    the same meaning as the store's correlated EXISTS, but the database can start from the few matching
    cases instead of probing every case (10× faster on 100,000 cases in SQLite)."""
    rest = replace(flt, **{k: () for k in FACET_FILTERS})
    cond = case_conditions(rest, conn.dialect.name)
    f = S.case_facets
    for kind in FACET_FILTERS:
        values = getattr(flt, kind)
        if values:
            cond.append(S.cases.c.id.in_(select(f.c.case_id).where(f.c.kind == kind, f.c.value.in_(values))))
    if at is not None:
        cond += [S.cases.c.lat == at[0], S.cases.c.lon == at[1]]
    return and_(true(), *cond)


def case_page(conn: Connection, flt: Filters, limit: int, offset: int,
              at: tuple[float, float] | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total, cases) for the filtered view, newest first."""
    c = S.cases
    where = _where(conn, flt, at)
    total = conn.execute(select(func.count()).select_from(c).where(where)).scalar() or 0
    q = (select(c.c.data, c.c.review_status).where(where)
         .order_by(c.c.date_start.desc().nulls_last(), c.c.id).limit(limit).offset(offset))
    return total, [{**r.data, "review_status": r.review_status} for r in conn.execute(q)]


def incident_page(conn: Connection, flt: Filters, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    from docket.store.queries import iter_incidents

    where = and_(true(), *incident_conditions(flt, conn.dialect.name))
    total = conn.execute(select(func.count()).select_from(S.incidents).where(where)).scalar() or 0
    return total, list(iter_incidents(conn, flt, limit=limit, offset=offset))


def facet_stats(conn: Connection, by: str, flt: Filters) -> list[dict[str, Any]]:
    """Like ``docket.store.queries.stats`` for a facet dimension, with the facet table aliased so that a
    facet filter (``weapon=...``) and the grouping facet do not correlate (the store's ``stats`` fails then)."""
    c = S.cases
    f = S.case_facets.alias("grouping_facet")
    cols = ["killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high"]
    q = (select(f.c.value, func.count(), *[func.sum(c.c[k]) for k in cols])
         .select_from(c.join(f, and_(f.c.case_id == c.c.id, f.c.kind == by)))
         .where(_where(conn, flt)).group_by(f.c.value))
    out = []
    for value, n, *sums in conn.execute(q):
        row: dict[str, Any] = {"key": value, "cases": n}
        row.update({k: int(v) if v is not None else None for k, v in zip(cols, sums, strict=True)})
        out.append(row)
    out.sort(key=lambda x: (-x["cases"], str(x["key"])))
    return out


def counts(conn: Connection, flt: Filters, top: int = 12) -> dict[str, list[dict[str, Any]]]:
    """Cases by attack type, weapon, target type and actor (each event once per value)."""
    return {d: facet_stats(conn, d, flt)[:top] for d in COUNT_DIMENSIONS}


def any_stats(conn: Connection, by: str, flt: Filters) -> list[dict[str, Any]]:
    """``docket.store.queries.stats``, with facet dimensions through ``facet_stats``."""
    if by in COUNT_DIMENSIONS:
        return facet_stats(conn, by, flt)
    return stats(conn, by, flt)


def options(conn: Connection) -> dict[str, list[str]]:
    """Values present in the docket, for the filter form's choices."""
    f, c = S.case_facets, S.cases

    def facet(kind: str) -> list[str]:
        return [r[0] for r in conn.execute(select(f.c.value).where(f.c.kind == kind).distinct().order_by(f.c.value))]

    return {
        "actor": facet("actor"), "attack_type": facet("attack_type"), "weapon": facet("weapon"),
        "target_type": facet("target_type"),
        "admin1": [r[0] for r in conn.execute(select(c.c.admin1).where(c.c.admin1.is_not(None)).distinct()
                                               .order_by(c.c.admin1))],
        "country": [r[0] for r in conn.execute(select(c.c.country).where(c.c.country.is_not(None)).distinct()
                                                .order_by(c.c.country))],
        "status": list(S.REVIEW_STATUSES),
    }


# -- timeline --------------------------------------------------------------------------------------------
@dataclass
class Week:
    start: str
    cases: int = 0
    killed_low: int = 0
    killed_high: int = 0
    injured_low: int = 0
    injured_high: int = 0


@dataclass
class Timeline:
    weeks: list[Week]
    undated: int
    width: int = 800
    height: int = 120
    bars: list[dict[str, Any]] = field(default_factory=list)
    killed_band: str = ""
    injured_band: str = ""
    killed_line: str = ""
    injured_line: str = ""
    ticks: list[dict[str, Any]] = field(default_factory=list)
    max_cases: int = 0
    max_people: int = 0


def _monday(day: str) -> dt.date:
    d = dt.date.fromisoformat(day)
    return d - dt.timedelta(days=d.weekday())


def timeline(conn: Connection, flt: Filters, max_weeks: int = 1200) -> Timeline:
    """Cases per week (by the case's first date) with killed and injured low–high sums.

    An open upper bound ("at least 7") counts at its best estimate in the high band."""
    c = S.cases
    where = _where(conn, flt)

    def co(*cols: Any) -> Any:
        return func.sum(func.coalesce(*cols, 0))

    q = (select(c.c.date_start, func.count(), co(c.c.killed_low, c.c.killed_best),
                co(c.c.killed_high, c.c.killed_best, c.c.killed_low), co(c.c.injured_low, c.c.injured_best),
                co(c.c.injured_high, c.c.injured_best, c.c.injured_low))
         .where(where).group_by(c.c.date_start))
    weeks: dict[dt.date, Week] = {}
    undated = 0
    for day, n, kl, kh, il, ih in conn.execute(q):
        if not day:
            undated += n
            continue
        try:
            m = _monday(day)
        except ValueError:
            undated += n
            continue
        w = weeks.setdefault(m, Week(m.isoformat()))
        w.cases += n
        w.killed_low += int(kl or 0)
        w.killed_high += int(kh or 0)
        w.injured_low += int(il or 0)
        w.injured_high += int(ih or 0)
    if not weeks:
        return Timeline([], undated)
    first, last = min(weeks), max(weeks)
    span = (last - first).days // 7 + 1
    if span > max_weeks:  # keep the most recent max_weeks weeks
        first = last - dt.timedelta(weeks=max_weeks - 1)
        span = max_weeks
    series = [weeks.get(first + dt.timedelta(weeks=i)) or Week((first + dt.timedelta(weeks=i)).isoformat())
              for i in range(span)]
    tl = Timeline(series, undated)
    _geometry(tl)
    return tl


def _geometry(tl: Timeline) -> None:
    n = len(tl.weeks)
    w, h = tl.width, tl.height
    step = w / n
    tl.max_cases = max(x.cases for x in tl.weeks) or 1
    tl.max_people = max(max(x.killed_high, x.injured_high) for x in tl.weeks) or 1
    for i, x in enumerate(tl.weeks):
        bh = h * x.cases / tl.max_cases
        tl.bars.append({"x": round(i * step, 2), "y": round(h - bh, 2), "w": round(max(step - 1, 0.6), 2),
                        "h": round(bh, 2), "week": x})

    def band(lo: str, hi: str) -> tuple[str, str]:
        top = [(i * step + step / 2, h - h * getattr(x, hi) / tl.max_people) for i, x in enumerate(tl.weeks)]
        bottom = [(i * step + step / 2, h - h * getattr(x, lo) / tl.max_people) for i, x in enumerate(tl.weeks)]
        pts = top + bottom[::-1]
        return (" ".join(f"{a:.1f},{b:.1f}" for a, b in pts), " ".join(f"{a:.1f},{b:.1f}" for a, b in bottom))

    tl.killed_band, tl.killed_line = band("killed_low", "killed_high")
    tl.injured_band, tl.injured_line = band("injured_low", "injured_high")
    seen: set[str] = set()
    yearly = n > 104
    for i, x in enumerate(tl.weeks):
        label = x.start[:4] if yearly else x.start[:7]
        if label not in seen:
            seen.add(label)
            tl.ticks.append({"x": round(i * step, 1), "label": label})
    if len(tl.ticks) > 12:
        k = -(-len(tl.ticks) // 12)
        tl.ticks = tl.ticks[::k]


# -- map -------------------------------------------------------------------------------------------------
def map_points(conn: Connection, flt: Filters) -> list[dict[str, Any]]:
    """Cases grouped by their coordinates: count, killed/injured (best), the most frequent attack type."""
    c, f = S.cases, S.case_facets.alias("grouping_facet")
    where = and_(_where(conn, flt), c.c.lat.is_not(None), c.c.lon.is_not(None))
    q = (select(c.c.lat, c.c.lon, func.count(), func.sum(func.coalesce(c.c.killed_best, c.c.killed_low, 0)),
                func.sum(func.coalesce(c.c.injured_best, c.c.injured_low, 0)),
                func.min(func.coalesce(c.c.place_canonical, c.c.place_name)), func.min(c.c.id))
         .where(where).group_by(c.c.lat, c.c.lon))
    pts: dict[tuple[float, float], dict[str, Any]] = {}
    for lat, lon, n, k, j, place, cid in conn.execute(q):
        pts[(lat, lon)] = {"lat": lat, "lon": lon, "n": n, "killed": int(k or 0), "injured": int(j or 0),
                           "place": place, "case": cid if n == 1 else None, "attack": None}
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


# -- case page -------------------------------------------------------------------------------------------
def report_url(document_id: str, focus: str | None = None) -> str:
    url = "/reports/" + quote(document_id, safe=":")
    if focus:
        url += "?focus=" + quote(focus) + "#ev-" + focus.replace(".", "-")
    return url


def evidence_index(conn: Connection, owner_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    e = S.evidence
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if owner_ids:
        for r in conn.execute(select(e.c.owner_id, e.c.idx, e.c.field, e.c.start, e.c.end)
                              .where(e.c.owner_id.in_(owner_ids)).order_by(e.c.owner_id, e.c.idx)):
            out[r.owner_id].append({"idx": r.idx, "field": r.field, "start": r.start, "end": r.end})
    return out


def _base(fieldname: str) -> tuple[str, int | None]:
    name, _, rest = fieldname.partition("[")
    name = name.split(".", 1)[0]
    idx = int(rest.split("]", 1)[0]) if rest and rest.split("]", 1)[0].isdigit() else None
    return name, idx


def evidence_links(inc: dict[str, Any], rows: list[dict[str, Any]], document_id: str,
                   inc_idx: int) -> dict[str, str]:
    """Links from an incident's values to their evidence spans on the report page.

    Keys: ``date``, ``location``, ``killed``, ``injured``, ``actors``, ``attack_types``, ``weapons``,
    ``targets``, ``sources``, ``strikes`` and ``casualties[i]``."""
    links: dict[str, str] = {}
    cas = inc.get("casualties") or []
    for r in rows:
        name, i = _base(r["field"])
        url = report_url(document_id, f"{inc_idx}.{r['idx']}")
        links.setdefault(r["field"], url)
        links.setdefault(name, url)
        if name == "casualties":
            outcome = cas[i]["outcome"] if i is not None and i < len(cas) else None
            if outcome:
                links.setdefault(outcome, url)
    return links


def _values_differ(values: list[Any]) -> bool:
    return len({v for v in values if v is not None}) > 1


def case_view(conn: Connection, case_id: str) -> dict[str, Any] | None:
    """A case with its members side by side, conflicts marked, evidence links and its review log."""
    case = get_case(conn, case_id)
    if case is None:
        return None
    i = S.incidents
    member_ids = [m["incident_id"] for m in case.get("members") or []]
    rows = {r.id: r for r in conn.execute(select(i.c.id, i.c.data, i.c.extracted, i.c.review_status, i.c.idx,
                                                 i.c.document_id).where(i.c.id.in_(member_ids)))}
    docs = {r.id: r for r in conn.execute(select(S.documents.c.id, S.documents.c.title, S.documents.c.copy_of)
                                          .where(S.documents.c.id.in_({r.document_id for r in rows.values()})))}
    ev = evidence_index(conn, member_ids)
    members = []
    for m in case.get("members") or []:
        r = rows.get(m["incident_id"])
        data = r.data if r else {}
        doc = docs.get(m["document_id"])
        members.append({
            **m, "incident": data, "review_status": r.review_status if r else None,
            "title": doc.title if doc else None, "copy_of": doc.copy_of if doc else None,
            "links": evidence_links(data, ev.get(m["incident_id"], []), m["document_id"], m["incident_index"]),
            "report_url": report_url(m["document_id"]),
            "killed_count": (m.get("killed") or {}).get("count"),
            "injured_count": (m.get("injured") or {}).get("count"),
        })
    conflicts = {
        "date": _values_differ([(m["date"] or {}).get("start") for m in members]),
        "place": _values_differ([m.get("place") for m in members]),
        "killed": _values_differ([m["killed_count"] for m in members]),
        "injured": _values_differ([m["injured_count"] for m in members]),
        "actors": _values_differ([tuple(m.get("actors") or []) for m in members if m.get("actors")]),
    }
    casualties = sorted(case.get("casualties") or [],
                        key=lambda c: OUTCOME_ORDER.index(c["outcome"]) if c["outcome"] in OUTCOME_ORDER else 99)
    return {"case": case, "members": members, "conflicts": conflicts, "casualties": casualties,
            "log": review_log(conn, [("case", case["id"])] + [("incident", x) for x in member_ids]),
            "canonical_id": case["id"]}


def review_log(conn: Connection, entities: list[tuple[str, str]] | None = None,
               limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    """Review log entries, newest first (all of them, or those about ``entities``)."""
    rl = S.review_log
    q = select(rl).order_by(rl.c.id.desc()).limit(limit).offset(offset)
    if entities is not None:
        if not entities:
            return []
        q = q.where(or_(*[and_(rl.c.entity == e, rl.c.entity_id == x) for e, x in entities]))
    return [dict(r._mapping) for r in conn.execute(q)]


# -- report page -----------------------------------------------------------------------------------------
def report_view(conn: Connection, document_id: str) -> dict[str, Any] | None:
    """A report with its text cut into highlighted evidence segments, its incidents and aggregates."""
    doc = get_document(conn, document_id)
    if doc is None:
        return None
    e = S.evidence
    owners: dict[str, tuple[str, str]] = {}
    for inc in doc["incidents"]:
        owners[f"{document_id}#{inc['incident_index']}"] = (str(inc["incident_index"]),
                                                             f"incident {inc['incident_index'] + 1}")
    for k, _agg in enumerate(doc["aggregates"]):
        owners[f"{document_id}#a{k}"] = (f"a{k}", f"aggregate {k + 1}")
    spans: list[Span] = []
    by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in conn.execute(select(e.c.owner_id, e.c.idx, e.c.field, e.c.start, e.c.end)
                          .where(e.c.document_id == document_id).order_by(e.c.owner_id, e.c.idx)):
        tag, label = owners.get(r.owner_id, (r.owner_id.rsplit("#", 1)[-1], r.owner_id.rsplit("#", 1)[-1]))
        key = f"ev-{tag}-{r.idx}"
        spans.append(Span(key, r.field, r.start, r.end, label))
        by_owner[tag].append({"key": key, "field": r.field, "start": r.start, "end": r.end,
                              "text": doc["text"][r.start:r.end]})
    for inc in doc["incidents"]:
        inc["evidence_rows"] = by_owner.get(str(inc["incident_index"]), [])
    aggs = [{**a, "evidence_rows": by_owner.get(f"a{k}", []), "index": k} for k, a in enumerate(doc["aggregates"])]
    segs: list[Segment] = segments(doc["text"], spans)
    return {"document": doc, "segments": segs, "aggregates": aggs, "n_spans": len(spans)}
