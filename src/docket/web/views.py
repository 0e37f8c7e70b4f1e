"""What each page and API answer shows, read from the store with its shared filters (read-only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote

import yaml
from markupsafe import Markup
from sqlalchemy import Connection

from docket.store.read import (
    STAT_DIMENSIONS,
    Filters,
    case_page,
    count_cases,
    count_incidents,
    daily,
    documents_by_id,
    evidence_index,
    evidence_rows,
    gazetteer_ids,
    get_case,
    get_document,
    incident_page,
    incidents_by_id,
    map_points,
    options,
    review_log,
    stats,
    value_reviews,
)
from docket.store.read import counts as facet_counts
from docket.text.names import is_arabic
from docket.web.highlight import Segment, Span, segments

OUTCOME_ORDER: tuple[str, ...] = ("killed", "injured", "affected", "missing", "detained", "displaced")

__all__ = ["STAT_DIMENSIONS", "case_page", "count_cases", "count_incidents", "counts", "gazetteer_ids", "incident_page", "map_points", "options",
           "review_log", "stats"]


def counts(conn: Connection, flt: Filters, top: int = 12) -> dict[str, list[dict[str, Any]]]:
    """Cases by attack type, weapon, target type and actor for the overview."""
    return facet_counts(conn, flt, top)


# -- timeline --------------------------------------------------------------------------------------------
@dataclass
class Week:
    start: str
    cases: int = 0
    killed_low: int = 0
    killed_high: int = 0
    injured_low: int = 0
    injured_high: int = 0          # open cases counted at their best (see killed_open)
    killed_open: bool = False      # some case this week has a killed figure with no upper bound
    injured_open: bool = False


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
    """Cases per week (by the case's first date) with killed and injured low–high sums. A week whose high is
    open (a case states no upper bound) is marked open; the chart draws it at the cases' best."""
    weeks: dict[dt.date, Week] = {}
    undated = 0
    for row in daily(conn, flt):
        day, n = row["day"], row["cases"]
        try:
            m = _monday(day) if day else None
        except ValueError:
            m = None
        if m is None:
            undated += n
            continue
        w = weeks.setdefault(m, Week(m.isoformat()))
        w.cases += n
        for o in ("killed", "injured"):
            setattr(w, f"{o}_low", getattr(w, f"{o}_low") + (row[f"{o}_low"] or 0))
            setattr(w, f"{o}_high", getattr(w, f"{o}_high") + row[f"{o}_drawn_high"])
            if row[f"{o}_open"]:
                setattr(w, f"{o}_open", True)
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


# -- case page -------------------------------------------------------------------------------------------
def report_url(document_id: str, focus: str | None = None) -> str:
    url = "/reports/" + quote(document_id, safe=":")
    if focus:
        url += "?focus=" + quote(focus) + "#ev-" + focus.replace(".", "-")
    return url


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
    member_ids = [m["incident_id"] for m in case.get("members") or []]
    rows = incidents_by_id(conn, member_ids)
    docs = documents_by_id(conn, {r.document_id for r in rows.values()})
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
            "marks": value_reviews(conn, "case", case["id"]),
            "canonical_id": case["id"]}


# -- report page -----------------------------------------------------------------------------------------
def report_view(conn: Connection, document_id: str) -> dict[str, Any] | None:
    """A report with its text cut into highlighted evidence segments, its incidents and aggregates."""
    doc = get_document(conn, document_id)
    if doc is None:
        return None
    owners: dict[str, tuple[str, str]] = {}
    for inc in doc["incidents"]:
        owners[f"{document_id}#{inc['incident_index']}"] = (str(inc["incident_index"]),
                                                             f"incident {inc['incident_index'] + 1}")
    for k, _agg in enumerate(doc["aggregates"]):
        owners[f"{document_id}#a{k}"] = (f"a{k}", f"aggregate {k + 1}")
    spans: list[Span] = []
    by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in evidence_rows(conn, document_id=document_id):
        owner = r["owner_id"]
        tag, label = owners.get(owner, (owner.rsplit("#", 1)[-1], owner.rsplit("#", 1)[-1]))
        key = f"ev-{tag}-{r['idx']}"
        spans.append(Span(key, r["field"], r["start"], r["end"], label))
        by_owner[tag].append({"key": key, "field": r["field"], "start": r["start"], "end": r["end"],
                              "text": doc["text"][r["start"]:r["end"]]})
    for inc in doc["incidents"]:
        inc["evidence_rows"] = by_owner.get(str(inc["incident_index"]), [])
    aggs = [{**a, "evidence_rows": by_owner.get(f"a{k}", []), "index": k} for k, a in enumerate(doc["aggregates"])]
    segs: list[Segment] = segments(doc["text"], spans)
    lang = doc.get("language") or ("ar" if is_arabic(doc["text"][:2000]) else None)
    return {"document": doc, "segments": segs, "aggregates": aggs, "n_spans": len(spans), "text_lang": lang,
            "text_dir": "rtl" if lang in languages().right_to_left else "ltr"}


@dataclass(frozen=True)
class Languages:
    names: dict[str, str]
    right_to_left: frozenset[str]


@lru_cache(maxsize=1)
def languages() -> Languages:
    """Language names and the right-to-left ones (``data/languages.yaml``)."""
    raw = yaml.safe_load(resources.files("docket.web").joinpath("data/languages.yaml").read_text("utf-8"))
    return Languages({str(k): str(v) for k, v in raw["names"].items()}, frozenset(raw["right_to_left"]))


def language_name(code: str | None) -> str:
    """"Arabic" for "ar"; the code itself when unnamed; "—" when not recorded."""
    return languages().names.get(code, code) if code else "—"


def bidi(value: Any) -> Markup:
    """Attributes for an inline value in Arabic script (a place, a quoted span) so it is laid out right to left
    inside a left-to-right page; nothing for other values."""
    return Markup(' dir="rtl" lang="ar"') if isinstance(value, str) and is_arabic(value) else Markup("")
