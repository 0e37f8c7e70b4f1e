"""Merging the incidents of one case into the case's values (SPEC §1 "Case")."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import asdict
from typing import Any

from docket.link.independence import Report, source_groups
from docket.link.records import outcome_bounds
from docket.model import LOCATION_CONTEXT, OUTCOMES, Case, CaseMember

PRECISION_RANK = {"point": 0, "town": 1, "district": 2, "region": 3, "country": 4}


def merge_dates(members: list[CaseMember]) -> dict[str, Any]:
    dated = [m.incident.date for m in members if m.incident.date.start]
    if not dated:
        return {"start": None, "end": None, "precision": "unknown"}
    spans = [(d.start, d.end or d.start) for d in dated if d.start]  # every dated span has a start
    start = max(s for s, _ in spans)
    end = min(e for _, e in spans)
    if start > end:  # reports disagree by a day or so: keep the span between them
        start, end = end, start
    precision = "day" if start == end else "range"
    if len(dated) == 1 and dated[0].precision in ("month", "year"):
        precision = dated[0].precision
    return {"start": start, "end": end, "precision": precision}


def merge_location(members: list[CaseMember]) -> dict[str, Any] | None:
    locs = [m.incident.location for m in members if m.incident.location]
    if not locs:
        return None
    ids = Counter(loc.gazetteer_id for loc in locs if loc.gazetteer_id)
    names = Counter(loc.name for loc in locs)

    def rank(loc: Any) -> tuple:
        return (
            -ids.get(loc.gazetteer_id, 0) if loc.gazetteer_id else 1,
            loc.lat is None,
            PRECISION_RANK.get(loc.precision, 9),
            -names[loc.name],
        )

    best = min(locs, key=rank)
    out = asdict(best)
    for key in LOCATION_CONTEXT:   # geocoding context only, not part of the SPEC location
        out.pop(key, None)
    out["name"] = names.most_common(1)[0][0] if not best.gazetteer_id else best.name
    out["names"] = sorted(names)
    return out


def merge_casualties(members: list[CaseMember]) -> list[dict[str, Any]]:
    """Per outcome: low = largest stated lower bound, high = largest upper bound, best = median count."""
    out = []
    for outcome in OUTCOMES:
        stated = [b for m in members if (b := outcome_bounds(m.incident, outcome)) is not None]
        if not stated:
            continue
        lows = [b.low for b in stated if b.low is not None]
        highs = [b.high for b in stated if b.high is not None]
        stated_counts = [b.count if b.count is not None else b.low for b in stated]
        counts = [c for c in stated_counts if c is not None]
        low = max(lows) if lows else None
        high = max(highs) if highs else None
        if high is not None and low is not None and high < low:
            high = low
        best = int(statistics.median(counts)) if counts else None
        out.append({"outcome": outcome, "low": low, "best": best, "high": high, "n_stated": len(stated)})
    return out


def _union(values: list[list[str]]) -> list[str]:
    counts: Counter[str] = Counter(v for vs in values for v in dict.fromkeys(vs))
    return [v for v, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def merge_case(case_id: str, members: list[CaseMember], rules: dict[str, Any] | None = None) -> Case:
    """The case of SPEC §4 (``docket export --format jsonl --level case``): merged values, members, and the
    independent sources (reports of one text, publisher or syndicated wire story count once)."""
    members = sorted(members, key=lambda m: (m.document_id, m.incident_index))
    targets: dict[tuple, dict[str, Any]] = {}
    for m in members:
        for t in m.incident.targets:
            targets.setdefault((t.type, t.name), asdict(t))
    legal: dict[tuple, dict[str, Any]] = {}
    for m in members:
        for lr in m.incident.legal:
            legal.setdefault((lr.instrument, lr.engaged_by), asdict(lr))
    documents = list(dict.fromkeys(m.document_id for m in members))
    groups = source_groups([Report(m.document_id, m.copy_group, m.publisher, m.source, m.text) for m in members],
                           rules)
    return Case(
        id=case_id,
        date=merge_dates(members),
        location=merge_location(members),
        actors=_union([[a.name for a in m.incident.actors] for m in members]),
        attack_types=_union([m.incident.attack_types for m in members]),
        weapons=_union([m.incident.weapons for m in members]),
        targets=[targets[k] for k in sorted(targets, key=lambda k: (k[0], k[1] or ""))],
        casualties=merge_casualties(members),
        sources=_union([[s.name for s in m.incident.sources] for m in members]),
        publishers=sorted({m.publisher for m in members if m.publisher}),
        legal=[legal[k] for k in sorted(legal)],
        n_documents=len(documents),
        n_independent_sources=len(groups),
        single_source=len(groups) <= 1,
        counted_together=[g.to_dict() for g in groups if len(g.documents) > 1],
        members=members,
    )
