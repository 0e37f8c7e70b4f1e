"""The explainable match score between two incidents: a sum of named feature weights (``link_rules.yaml``).

Unknown is neutral: a feature whose inputs one side lacks is left out, never counted against the pair.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from docket.geocode.distance import haversine_km
from docket.link.names import name_similarity
from docket.link.records import LinkRecord, When


@dataclass(frozen=True)
class Feature:
    name: str
    weight: float
    detail: str
    level: str = ""      # the rule key the weight comes from ("date.same_day"): what calibration counts


    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "weight": self.weight, "detail": self.detail}


@dataclass
class LinkScore:
    a: str
    b: str
    features: list[Feature] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(f.weight for f in self.features), 3)

    def to_dict(self) -> dict[str, Any]:
        return {"incident_id": self.b, "score": self.total, "features": [f.to_dict() for f in self.features]}


def _f(name: str, r: dict[str, Any], key: str, factor: float, detail: str) -> Feature:
    """The feature ``name`` with the weight of rule ``key`` (scaled by ``factor``)."""
    return Feature(name, r[key] * factor, detail, f"{name}.{key}" + ("" if factor == 1.0 else "*"))


def best_name_similarity(a: LinkRecord, b: LinkRecord) -> float:
    return max((name_similarity(x, y) for x in a.names for y in b.names), default=0.0)


def place_feature(a: LinkRecord, b: LinkRecord, rules: dict[str, Any]) -> Feature | None:
    r = rules["place"]
    coarse = set(r["coarse_precision"])
    factor = r["coarse_factor"] if (a.place_precision in coarse or b.place_precision in coarse) else 1.0
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return _f("place", r, "same_gazetteer_id", factor, f"same gazetteer id {a.gazetteer_id}")
    if a.located and b.located:
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        if km <= r["near_km"]:
            return _f("place", r, "near", factor, f"{km:.1f} km apart")
        if km > rules["blocking"]["max_km"]:
            return _f("place", r, "different", 1.0, f"{km:.0f} km apart")
    sim = best_name_similarity(a, b)
    names = f"{a.names[0] if a.names else '?'} ~ {b.names[0] if b.names else '?'}"
    if {k for k in a.place_keys if k.startswith("k:")} & {k for k in b.place_keys if k.startswith("k:")}:
        return _f("place", r, "same_name", factor, f"names {names}: one place key")
    if sim >= r["similar_name_min"]:
        return _f("place", r, "similar_name", factor, f"names {names} similar ({sim:.2f})")
    if sim >= r["related_name_min"]:
        return _f("place", r, "related_name", factor, f"names {names} related ({sim:.2f})")
    return _f("place", r, "different", 1.0, f"names {names} differ ({sim:.2f})")


_PRECISE = ("exact", "partial")


def _exact_dates(a: When, b: When, r: dict[str, Any], window: int) -> Feature:
    partial = "partial" in (a.kind, b.kind)
    a_day, b_day = a.lo == a.hi, b.lo == b.hi
    if a_day and b_day and a.lo == b.lo:
        if partial:
            return _f("date", r, "partial_same_day", 1.0, "same day (a year taken from the publication date)")
        return _f("date", r, "same_day", 1.0, "same day")
    overlap = min(a.hi, b.hi) - max(a.lo, b.lo)  # type: ignore[type-var,operator]
    if overlap >= 0:
        if a_day or b_day:
            return _f("date", r, "within_range", 1.0, "day within the other's range")
        return _f("date", r, "overlap", 1.0, f"ranges overlap by {overlap + 1} days")
    if -overlap <= window:
        return _f("date", r, "adjacent", 1.0, f"{-overlap} day apart")
    if -overlap <= 2 * window:
        return _f("date", r, "near", 1.0, f"{-overlap} days apart")
    return _f("date", r, "apart", 1.0, f"{-overlap} days apart")


def _after_publication(x: When, y: When, window: int) -> bool:
    """``y`` certainly happened after ``x``'s report was published."""
    return x.not_after is not None and y.lo is not None and y.kind in _PRECISE and y.lo > x.not_after + window


def date_feature(a: LinkRecord, b: LinkRecord, rules: dict[str, Any]) -> Feature | None:
    """Graded date evidence: exact days, partial dates, publication windows, weekdays; unknown is neutral."""
    r = rules["date"]
    window = rules["blocking"]["date_window_days"]
    x, y = a.when, b.when
    if x.kind in _PRECISE and y.kind in _PRECISE:
        return _exact_dates(x, y, r, window)
    if _after_publication(x, y, window) or _after_publication(y, x, window):
        return _f("date", r, "after_publication", 1.0, "one happened after the other report was published")
    if x.lo is not None and y.lo is not None and "published" not in (x.kind, y.kind):
        overlap = min(x.hi, y.hi) - max(x.lo, y.lo)  # type: ignore[type-var,operator]
        if overlap < -window:
            return _f("date", r, "apart", 1.0, f"{x.kind} and {y.kind} dates {-overlap} days apart")
    if x.md and y.md and x.kind != "published" and y.kind != "published":
        gap = min(abs(x.md[1] - y.md[1]), 99) if x.md[0] == y.md[0] else 99
        if gap == 0:
            return _f("date", r, "same_month_day", 1.0, f"both {_md(x.md)}")
        if gap > window:
            return _f("date", r, "other_month_day", 1.0, f"{_md(x.md)} vs {_md(y.md)}")
    if x.weekday is not None and y.weekday is not None:
        if x.weekday == y.weekday:
            return _f("date", r, "same_weekday", 1.0, f"both on a {_WEEKDAY_NAMES[x.weekday]}")
        return _f("date", r, "other_weekday", 1.0, f"{_WEEKDAY_NAMES[x.weekday]} vs {_WEEKDAY_NAMES[y.weekday]}")
    if x.lo is not None and y.lo is not None and "year" not in (x.kind, y.kind):
        overlap = min(x.hi, y.hi) - max(x.lo, y.lo)  # type: ignore[type-var,operator]
        if overlap >= -window:
            return _f("date", r, "approx_overlap", 1.0, f"{x.kind} and {y.kind} dates overlap")
    return None


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def _md(md: tuple[int, int]) -> str:
    return f"{_MONTH_NAMES[md[0]]} {md[1]}"


def _sets(name: str, x: frozenset[str], y: frozenset[str], r: dict[str, Any]) -> Feature | None:
    if not x or not y:
        return None
    shared = x & y
    if shared:
        w = r["shared"]
        if shared & set(r.get("distinctive", ())):
            w += r["distinctive_shared"]
        level = "distinctive_shared" if w != r["shared"] else "shared"
        return Feature(name, w, "both: " + ", ".join(sorted(shared)), f"{name}.{level}")
    for family, members in (r.get("families") or {}).items():
        if x & set(members) and y & set(members):
            return _f(name, r, "same_family", 1.0, f"both {family}: {', '.join(sorted(x))} vs {', '.join(sorted(y))}")
    return _f(name, r, "disjoint", 1.0, f"{', '.join(sorted(x))} vs {', '.join(sorted(y))}")


def distinctive_feature(a: LinkRecord, b: LinkRecord, rules: dict[str, Any]) -> Feature | None:
    r = rules["distinctive_kinds"]
    la, lb = a.attack_types | a.weapons, b.attack_types | b.weapons
    if not la or not lb:
        return None
    for kind, labels in r.items():
        if not isinstance(labels, list):
            continue
        ina, inb = bool(la & set(labels)), bool(lb & set(labels))
        if ina and inb:
            return _f("distinctive", r, "shared", 1.0, f"both {kind}")
        if ina != inb:
            return _f("distinctive", r, "one_side", 1.0, f"{kind} on one side only")
    return None


def facility_feature(a: LinkRecord, b: LinkRecord, rules: dict[str, Any]) -> Feature | None:
    r = rules["facility"]
    names_a = {k[5:] for k in a.facilities if k.startswith("name:")}
    names_b = {k[5:] for k in b.facilities if k.startswith("name:")}
    if names_a & names_b:
        return _f("facility", r, "same", 1.0, "same facility: " + ", ".join(sorted(k.split(":", 1)[1] for k in names_a & names_b)))
    if {k.split(":", 1)[0] for k in names_a} & {k.split(":", 1)[0] for k in names_b}:
        return _f("facility", r, "other", 1.0, "different named facilities: " + " vs ".join(
            ", ".join(sorted(k.split(":", 1)[1] for k in f)) for f in (names_a, names_b)))
    kinds = {k for k in a.facilities if k.startswith("kind:")} & {k for k in b.facilities if k.startswith("kind:")}
    if kinds:
        return _f("facility", r, "same_kind", 1.0, "both: " + ", ".join(sorted(k[5:] for k in kinds)))
    return None


def killed_feature(a: LinkRecord, b: LinkRecord, rules: dict[str, Any]) -> Feature | None:
    r = rules["killed"]
    if a.killed is None or b.killed is None:
        return None
    ka, kb = a.killed, b.killed
    lo_a, lo_b = ka.low if ka.low is not None else 0, kb.low if kb.low is not None else 0
    hi_a = ka.high if ka.high is not None else math.inf
    hi_b = kb.high if kb.high is not None else math.inf
    detail = f"killed {ka.count if ka.count is not None else lo_a} vs {kb.count if kb.count is not None else lo_b}"
    if max(lo_a, lo_b) <= min(hi_a, hi_b):
        return _f("killed", r, "compatible", 1.0, detail + ": ranges overlap")
    ca = ka.count if ka.count is not None else lo_a
    cb = kb.count if kb.count is not None else lo_b
    small, big = sorted((ca, cb))
    if big - small < r["min_gap"] or (small > 0 and big / small <= r["ratio"]):
        return _f("killed", r, "compatible", 1.0, detail + ": close")
    return _f("killed", r, "incompatible", 1.0, detail + ": far apart")


def score_pair(a: LinkRecord, b: LinkRecord, rules: dict[str, Any]) -> LinkScore:
    """Every feature that applies, with its weight and a human-readable detail."""
    feats = [
        place_feature(a, b, rules),
        date_feature(a, b, rules),
        _sets("attack_types", a.attack_types, b.attack_types, rules["attack_types"]),
        _sets("weapons", a.weapons, b.weapons, rules["weapons"]),
        distinctive_feature(a, b, rules),
        _sets("targets", a.targets, b.targets, rules["targets"]),
        facility_feature(a, b, rules),
        killed_feature(a, b, rules),
        _sets("actors", a.actors, b.actors, rules["actors"]),
    ]
    return LinkScore(a.incident_id, b.incident_id, [f for f in feats if f is not None])
