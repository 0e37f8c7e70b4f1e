"""Exports of the docket: CSV (ACLED-like columns plus ours), GeoJSON and JSONL, with their attribution.

Attribution: the CSV and JSONL bodies stay pure data (a comment line would break CSV/JSONL readers), so the
attribution goes to a sidecar ``FILE.ATTRIBUTION.txt`` beside ``--out`` and to stderr; GeoJSON carries it
in the FeatureCollection's ``attribution`` member as well.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import IO, Any

import yaml
from sqlalchemy import Connection

from docket.link.records import outcome_bounds
from docket.model import Incident
from docket.store.read import Filters, case_info, corrections, iter_cases, iter_incidents

FORMATS = ("csv", "geojson", "jsonl")
LEVELS = ("case", "incident")

# (column, type) in CSV order; the first block follows ACLED's names, the second is ours. The last two carry
# the reviewers' corrections (the other columns hold the corrected values): ``corrected`` lists the corrected
# fields (dotted paths, e.g. ``casualties.killed.best``), ``originals`` is a compact JSON object
# ``{field: value before the first correction}`` (an object in GeoJSON).
COLUMNS: tuple[tuple[str, type], ...] = (
    ("event_id", str), ("event_date", str), ("end_date", str), ("year", int), ("time_precision", int),
    ("event_type", str), ("sub_event_type", str), ("actor1", str), ("assoc_actor_1", str),
    ("country", str), ("admin1", str), ("location", str), ("latitude", float), ("longitude", float),
    ("geo_precision", int), ("source", str), ("notes", str), ("fatalities", int),
    ("fatalities_low", int), ("fatalities_best", int), ("fatalities_high", int),
    ("injured_low", int), ("injured_best", int), ("injured_high", int),
    ("attack_types", str), ("weapons", str), ("targets", str), ("legal", str),
    ("n_documents", int), ("n_sources", int), ("single_source", bool), ("case_id", str),
    ("documents", str), ("evidence", str), ("gazetteer_id", str), ("review_status", str),
    ("corrected", str), ("originals", dict),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c for c, _ in COLUMNS)
SEP = "; "


@functools.cache
def _data(name: str) -> dict[str, Any]:
    return yaml.safe_load((resources.files("docket.export") / "data" / name).read_text(encoding="utf-8"))


def acled_event_type(attack_types: list[str], weapons: list[str]) -> tuple[str, str]:
    table = _data("acled.yaml")
    for w in weapons:
        if w in table["weapons"]:
            e = table["weapons"][w]
            return e["event_type"], e["sub_event_type"]
    for t in table["priority"]:
        if t in attack_types:
            e = table["attack_types"][t]
            return e["event_type"], e["sub_event_type"]
    e = table["unknown"]
    return e["event_type"], e["sub_event_type"]


def _time_precision(date: dict[str, Any]) -> int:
    tp = _data("acled.yaml")["time_precision"]
    p = date.get("precision") or "unknown"
    if p == "range" and date.get("start") and date.get("end"):
        import datetime as dt

        days = (dt.date.fromisoformat(date["end"]) - dt.date.fromisoformat(date["start"])).days
        return tp["range_week"] if days <= 7 else tp["range"]
    return tp.get(p, tp["unknown"])


def _geo_precision(loc: dict[str, Any] | None) -> int | None:
    if not loc:
        return None
    table = _data("acled.yaml")
    if loc.get("qualifier"):
        return table["qualifier_geo_precision"]
    return table["geo_precision"].get(loc.get("precision") or "town")


def _fmt_range(low: int | None, best: int | None, high: int | None) -> str:
    if low is None and high is None:
        return str(best) if best is not None else "unknown"
    lo = "?" if low is None else str(low)
    hi = "" if high is None else str(high)
    return f"{lo}–{hi}" + (f" (best {best})" if best is not None else "")


def _notes(attack_types: list[str], weapons: list[str], place: str | None, admin1: str | None,
           killed: dict[str, Any] | None, injured: dict[str, Any] | None, n_docs: int, n_src: int) -> str:
    what = " and ".join(a.replace("_", " ") for a in attack_types) or "attack"
    if weapons:
        what += " (" + ", ".join(w.replace("_", " ") for w in weapons) + ")"
    where = place or "an unnamed place"
    if admin1 and admin1 != place:
        where += f", {admin1}"
    parts = [f"{what[0].upper()}{what[1:]} on {where}."]
    if killed:
        parts.append(f"Killed {_fmt_range(killed.get('low'), killed.get('best'), killed.get('high'))}.")
    if injured:
        parts.append(f"Injured {_fmt_range(injured.get('low'), injured.get('best'), injured.get('high'))}.")
    parts.append(f"Reported in {n_docs} document{'s' if n_docs != 1 else ''} "
                 f"({n_src} independent source{'s' if n_src != 1 else ''}).")
    return " ".join(parts)


def _common(obj: dict[str, Any], loc: dict[str, Any] | None, killed: dict[str, Any] | None,
            injured: dict[str, Any] | None) -> dict[str, Any]:
    date = obj.get("date") or {}
    actors = [a["name"] if isinstance(a, dict) else a for a in obj.get("actors") or []]
    ev_type, sub = acled_event_type(obj.get("attack_types") or [], obj.get("weapons") or [])
    targets = [t["type"] + (f" ({t['name']})" if t.get("name") else "") for t in obj.get("targets") or []]
    legal = list(dict.fromkeys(lr["instrument"] for lr in obj.get("legal") or []))
    k, j = killed or {}, injured or {}
    return {
        "event_date": date.get("start"), "end_date": date.get("end"),
        "year": int(date["start"][:4]) if date.get("start") else None, "time_precision": _time_precision(date),
        "event_type": ev_type, "sub_event_type": sub,
        "actor1": actors[0] if actors else None, "assoc_actor_1": SEP.join(actors[1:]) or None,
        "country": (loc or {}).get("country"), "admin1": (loc or {}).get("admin1"),
        "location": ((loc or {}).get("canonical") or (loc or {}).get("name")),
        "latitude": (loc or {}).get("lat"), "longitude": (loc or {}).get("lon"),
        "geo_precision": _geo_precision(loc),
        "fatalities": k.get("low") if k.get("low") is not None else k.get("best"),
        "fatalities_low": k.get("low"), "fatalities_best": k.get("best"), "fatalities_high": k.get("high"),
        "injured_low": j.get("low"), "injured_best": j.get("best"), "injured_high": j.get("high"),
        "attack_types": SEP.join(obj.get("attack_types") or []) or None,
        "weapons": SEP.join(obj.get("weapons") or []) or None,
        "targets": SEP.join(targets) or None, "legal": SEP.join(legal) or None,
        "gazetteer_id": (loc or {}).get("gazetteer_id"), "review_status": obj.get("review_status"),
    }


def _corrections(fixed: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
    """The ``corrected`` and ``originals`` cells from ``{field: {original, value, ...}}`` (store.read.corrections)."""
    if not fixed:
        return {"corrected": None, "originals": None}
    names = sorted(fixed)
    return {"corrected": SEP.join(names), "originals": {f: fixed[f]["original"] for f in names}}


def case_row(case: dict[str, Any], fixed: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """One flat row (typed values; None for empty) for a case; ``fixed`` = its corrections, if any."""
    cas = {c["outcome"]: c for c in case.get("casualties") or []}
    loc = case.get("location")
    row = _common(case, loc, cas.get("killed"), cas.get("injured"))
    members = case.get("members") or []
    row.update({
        "event_id": case["id"], "case_id": case["id"],
        "source": SEP.join(case.get("publishers") or case.get("sources") or []) or None,
        "notes": _notes(case.get("attack_types") or [], case.get("weapons") or [],
                        row["location"], row["admin1"], cas.get("killed"), cas.get("injured"),
                        case["n_documents"], case["n_independent_sources"]),
        "n_documents": case["n_documents"], "n_sources": case["n_independent_sources"],
        "single_source": case["single_source"],
        "documents": SEP.join(dict.fromkeys(m["document_id"] for m in members)) or None,
        "evidence": SEP.join(m["incident_id"] for m in members if m.get("incident_id")) or None,
        **_corrections(fixed),
    })
    return {c: row.get(c) for c in COLUMN_NAMES}


def _bounds(inc: Incident, outcome: str) -> dict[str, Any] | None:
    b = outcome_bounds(inc, outcome)
    return None if b is None else {"low": b.low, "best": b.count, "high": b.high}


def incident_row(obj: dict[str, Any], case_info: dict[str, tuple[int, bool]],
                 fixed: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    inc = Incident.from_dict(obj)
    killed, injured = _bounds(inc, "killed"), _bounds(inc, "injured")
    row = _common(obj, obj.get("location"), killed, injured)
    n_src, single = case_info.get(obj.get("case_id") or "", (1, True))
    row.update({
        "event_id": obj["id"], "case_id": obj.get("case_id"),
        "source": obj.get("publisher") or obj.get("source"),
        "notes": _notes(inc.attack_types, inc.weapons, row["location"], row["admin1"], killed, injured, 1, 1),
        "n_documents": 1, "n_sources": n_src, "single_source": single, "documents": obj.get("document_id"),
        "evidence": SEP.join(f"{e['field']}@{e['start']}-{e['end']}" for e in obj.get("evidence") or []) or None,
        **_corrections(fixed),
    })
    return {c: row.get(c) for c in COLUMN_NAMES}


# -- CSV -------------------------------------------------------------------------------------------------
# A text cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"): it is written
# with a leading apostrophe, which spreadsheets show as text and parse_csv takes off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _csv_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(round(v, 6))
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dict):   # always starts with "{": never a formula
        return json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    s = str(v)
    return "'" + s if s.startswith(FORMULA_START) or (s.startswith("'") and s[1:].startswith(FORMULA_START)) else s


class _Line:
    """A file-like sink for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, s: str) -> int:
        self.parts.append(s)
        return len(s)

    def take(self) -> str:
        out = "".join(self.parts)
        self.parts.clear()
        return out


def iter_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV text, one line at a time (header first)."""
    sink = _Line()
    w = csv.writer(sink, lineterminator="\n")
    w.writerow(COLUMN_NAMES)
    yield sink.take()
    for row in rows:
        w.writerow([_csv_value(row.get(c)) for c in COLUMN_NAMES])
        yield sink.take()


def parse_csv(text: str) -> list[dict[str, Any]]:
    """Read a Docket CSV export back into typed rows (the inverse of ``iter_csv``)."""
    types = dict(COLUMNS)
    out = []
    for raw in csv.DictReader(io.StringIO(text)):
        row: dict[str, Any] = {}
        for k, v in raw.items():
            t = types.get(k, str)
            if v == "":
                row[k] = None
            elif t is str and v.startswith("'") and v[1:].startswith(FORMULA_START + ("'",)):
                row[k] = v[1:]
            elif t is bool:
                row[k] = v == "true"
            elif t is dict:
                row[k] = json.loads(v)
            else:
                row[k] = t(v)
        out.append(row)
    return out


# -- GeoJSON and JSONL -----------------------------------------------------------------------------------
def feature(row: dict[str, Any]) -> dict[str, Any]:
    geom = None
    if row.get("latitude") is not None and row.get("longitude") is not None:
        geom = {"type": "Point", "coordinates": [round(row["longitude"], 6), round(row["latitude"], 6)]}
    props = {k: (round(v, 6) if isinstance(v, float) else v) for k, v in row.items()}
    return {"type": "Feature", "id": row["event_id"], "geometry": geom, "properties": props}


def iter_geojson(rows: Iterable[dict[str, Any]], attribution: Callable[[], list[str]]) -> Iterator[str]:
    """A FeatureCollection, piece by piece; its ``attribution`` member (known once all rows are seen) comes last."""
    yield '{"type": "FeatureCollection", "features": [\n'
    for n, row in enumerate(rows):
        yield (",\n" if n else "") + json.dumps(feature(row), ensure_ascii=False, sort_keys=True)
    yield '\n], "attribution": ' + json.dumps(attribution(), ensure_ascii=False) + "}\n"


def iter_jsonl(objs: Iterable[dict[str, Any]]) -> Iterator[str]:
    for obj in objs:
        yield json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n"


# -- the export ------------------------------------------------------------------------------------------
def attribution(gazetteer_ids: Iterable[str | None]) -> list[str]:
    table = _data("attribution.yaml")
    lines = list(table["always"])
    prefixes = {g.split(":", 1)[0] for g in gazetteer_ids if g and ":" in g}
    for prefix in sorted(prefixes):
        line = table["gazetteer"].get(prefix)
        if line and line not in lines:
            lines.append(line)
    lines.append(table["data"])
    return lines


@dataclass
class ExportResult:
    count: int
    attribution: list[str]


@dataclass
class Tally:
    """What an export has written so far: records and the gazetteer ids met (for the attribution)."""

    count: int = 0
    gazetteer_ids: set[str | None] = field(default_factory=set)


def chunks(conn: Connection, fmt: str = "jsonl", level: str = "case", flt: Filters = Filters(),
           tally: Tally | None = None, size: int = 1 << 16) -> Iterator[str]:
    """The filtered docket in ``fmt``, as text pieces of about ``size`` characters, read from the database as
    they go (constant memory at any docket size); ``tally`` counts what was written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    if level not in LEVELS:
        raise ValueError(f"unknown export level {level!r} (one of {', '.join(LEVELS)})")
    t = tally if tally is not None else Tally()
    objs: Iterator[dict[str, Any]] = iter_cases(conn, flt) if level == "case" else iter_incidents(conn, flt)

    def tracked() -> Iterator[dict[str, Any]]:
        for o in objs:
            t.gazetteer_ids.add((o.get("location") or {}).get("gazetteer_id"))
            t.count += 1
            yield o

    # corrected values carry what they were before: a ``corrections`` member in JSON Lines, the ``corrected`` and
    # ``originals`` columns in CSV and GeoJSON (held in memory: one entry per corrected value, not per record)
    fixed = corrections(conn, level)
    if fmt == "jsonl":
        pieces = iter_jsonl({**o, "corrections": fixed[o["id"]]} if o.get("id") in fixed else o for o in tracked())
    else:
        if level == "case":
            rows: Iterator[dict[str, Any]] = (case_row(o, fixed.get(o["id"])) for o in tracked())
        else:
            info = case_info(conn)
            rows = (incident_row(o, info, fixed.get(o["id"])) for o in tracked())
        pieces = iter_csv(rows) if fmt == "csv" else iter_geojson(rows, lambda: attribution(t.gazetteer_ids))
    buf: list[str] = []
    n = 0
    for p in pieces:
        buf.append(p)
        n += len(p)
        if n >= size:
            yield "".join(buf)
            buf, n = [], 0
    if buf:
        yield "".join(buf)


def export(conn: Connection, fh: IO[str], fmt: str = "jsonl", level: str = "case",
           flt: Filters = Filters()) -> ExportResult:
    """Write the filtered docket to ``fh``; returns how many records and the attribution owed."""
    tally = Tally()
    for piece in chunks(conn, fmt, level, flt, tally):
        fh.write(piece)
    return ExportResult(tally.count, attribution(tally.gazetteer_ids))
