"""The explainable match score between two incidents: a sum of named feature weights."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from docket.geocode.distance import haversine_km
from docket.link.names import name_similarity
from docket.link.records import LinkRecord


@dataclass(frozen=True)
class Feature:
    name: str
    weight: float
    detail: str

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


def best_name_similarity(a: LinkRecord, b: LinkRecord) -> float:
    return max((name_similarity(x, y) for x in a.names for y in b.names), default=0.0)


def place_feature(a: LinkRecord, b: LinkRecord, rules: dict[str, Any]) -> Feature | None:
    r = rules["place"]
    coarse = set(r["coarse_precision"])
    factor = r["coarse_factor"] if (a.place_precision in coarse or b.place_precision in coarse) else 1.0
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return Feature("place", r["same_gazetteer_id"] * factor, f"same gazetteer id {a.gazetteer_id}")
    if a.located and b.located:
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        if km <= r["near_km"]:
            return Feature("place", r["near"] * factor, f"{km:.1f} km apart")
        if km > rules["blocking"]["max_km"]:
            return Feature("place", r["different"], f"{km:.0f} km apart")
    sim = best_name_similarity(a, b)
    names = f"{a.names[0] if a.names else '?'} ~ {b.names[0] if b.names else '?'}"
    if sim >= r["similar_name_min"]:
        return Feature("place", r["similar_name"] * factor, f"names {names} similar ({sim:.2f})")
    if sim >= r["related_name_min"]:
        return Feature("place", r["related_name"] * factor, f"names {names} related ({sim:.2f})")
    return Feature("place", r["different"], f"names {names} differ ({sim:.2f})")


def date_feature(a: LinkRecord, b: LinkRecord, rules: dict[str, Any]) -> Feature | None:
    r = rules["date"]
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return None
    a_day, b_day = a.start == a.end, b.start == b.end
    if a_day and b_day and a.start == b.start:
        return Feature("date", r["same_day"], "same day")
    overlap = min(a.end, b.end) - max(a.start, b.start)
    if overlap >= 0:
        if a_day or b_day:
            return Feature("date", r["within_range"], "day within the other's range")
        return Feature("date", r["overlap"], f"ranges overlap by {overlap + 1} days")
    if -overlap <= rules["blocking"]["date_window_days"]:
        return Feature("date", r["adjacent"], f"{-overlap} day apart")
    return Feature("date", r["apart"], f"{-overlap} days apart")


def _sets(name: str, x: frozenset[str], y: frozenset[str], r: dict[str, Any]) -> Feature | None:
    if not x or not y:
        return None
    shared = x & y
    if shared:
        w = r["shared"]
        if shared & set(r.get("distinctive", ())):
            w += r["distinctive_shared"]
        return Feature(name, w, "both: " + ", ".join(sorted(shared)))
    return Feature(name, r["disjoint"], f"{', '.join(sorted(x))} vs {', '.join(sorted(y))}")


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
        return Feature("killed", r["compatible"], detail + ": ranges overlap")
    ca = ka.count if ka.count is not None else lo_a
    cb = kb.count if kb.count is not None else lo_b
    small, big = sorted((ca, cb))
    if big - small < r["min_gap"] or (small > 0 and big / small <= r["ratio"]):
        return Feature("killed", r["compatible"], detail + ": close")
    return Feature("killed", r["incompatible"], detail + ": far apart")


def score_pair(a: LinkRecord, b: LinkRecord, rules: dict[str, Any]) -> LinkScore:
    """Every feature that applies, with its weight and a human-readable detail."""
    feats = [
        place_feature(a, b, rules),
        date_feature(a, b, rules),
        _sets("attack_types", a.attack_types, b.attack_types, rules["attack_types"]),
        _sets("weapons", a.weapons, b.weapons, rules["weapons"]),
        killed_feature(a, b, rules),
        _sets("actors", a.actors, b.actors, rules["actors"]),
    ]
    return LinkScore(a.incident_id, b.incident_id, [f for f in feats if f is not None])
