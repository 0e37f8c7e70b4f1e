"""What linking needs to know about one stored incident (a small, picklable record)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from docket.link.rules import casualty_bounds_table
from docket.model import Casualty, Incident, Total


@dataclass(frozen=True)
class Bounds:
    """What one incident states for one outcome: the count it gives and the bounds the wording implies."""

    count: int | None
    low: int | None
    high: int | None


def _from_total(total: Total) -> Bounds:
    rule = casualty_bounds_table().get(total.qualifier) or casualty_bounds_table()["exact"]
    n = total.count
    if n is None:
        return Bounds(None, None, None)

    def bound(factor: float | None, add: float | None) -> int | None:
        return None if factor is None else int(n * factor + (add or 0))

    return Bounds(n, bound(rule["low_factor"], rule["low_add"]), bound(rule["high_factor"], rule["high_add"]))


def _from_rows(rows: list[Casualty]) -> Bounds | None:
    if not rows:
        return None
    counts = [r.count for r in rows if r.count is not None]
    lows = [r.low for r in rows if r.low is not None]
    highs = [r.high for r in rows if r.high is not None]
    if not (counts or lows or highs):
        return None
    return Bounds(max(counts) if counts else None, max(lows) if lows else None, max(highs) if highs else None)


def outcome_bounds(incident: Incident, outcome: str) -> Bounds | None:
    """The incident's stated figure for ``killed``/``injured``/... (its total if given, else its largest row)."""
    rows = [c for c in incident.casualties if c.outcome == outcome]
    total = {"killed": incident.killed, "injured": incident.injured}.get(outcome)
    if total is not None and total.count is not None:
        b = _from_total(total)
        row = _from_rows(rows)
        if row is not None and b.low is None and row.low is not None:
            b = Bounds(b.count, row.low, b.high)
        return b
    return _from_rows(rows)


def _ordinal(day: str | None) -> int | None:
    if not day:
        return None
    try:
        return dt.date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return None


@dataclass
class LinkRecord:
    """One incident as the linker sees it."""

    incident_id: str
    document_id: str
    copy_group: str                      # text hash: copies of one text share it
    start: int | None                    # date ordinals
    end: int | None
    precision: str
    country: str | None
    gazetteer_id: str | None
    lat: float | None
    lon: float | None
    names: tuple[str, ...]               # surface name and canonical name
    place_precision: str | None
    attack_types: frozenset[str] = frozenset()
    weapons: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    killed: Bounds | None = None
    case_id: str | None = None
    pinned: bool = False
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_incident(cls, incident: Incident, document_id: str, copy_group: str) -> LinkRecord:
        loc = incident.location
        names = tuple(dict.fromkeys(n for n in ((loc.name, loc.canonical) if loc else ()) if n))
        return cls(
            incident_id=incident.id, document_id=document_id, copy_group=copy_group,
            start=_ordinal(incident.date.start), end=_ordinal(incident.date.end or incident.date.start),
            precision=incident.date.precision,
            country=loc.country if loc else None, gazetteer_id=loc.gazetteer_id if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None, names=names,
            place_precision=loc.precision if loc else None,
            attack_types=frozenset(incident.attack_types), weapons=frozenset(incident.weapons),
            actors=frozenset(a.name for a in incident.actors), killed=outcome_bounds(incident, "killed"),
        )

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None
