"""Incremental linking: blocking on a day index, scoring, then assignment to the best compatible case.

The linker holds the link records of every stored incident in memory (a few hundred bytes each). For a new
document it proposes, incident by incident, the case each joins (or a new case), never putting two
incidents of one document in the same case and never moving an incident a reviewer placed (``pinned``).
Existing cases are never merged automatically: a reviewer does that.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from docket.link.records import LinkRecord
from docket.link.rules import default_rules
from docket.link.score import LinkScore, best_name_similarity, haversine_km, score_pair


def new_case_id(seed: str) -> str:
    """A stable case id derived from the incident (or split) that founded it."""
    return "c-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]


EXPLAIN_TOP = 3   # how many of a new member's best-scoring links into its case are kept as the explanation


@dataclass
class Assignment:
    incident_id: str
    case_id: str
    new_case: bool
    score: float | None
    explanation: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Linker:
    rules: dict[str, Any] = field(default_factory=default_rules)
    records: dict[str, LinkRecord] = field(default_factory=dict)
    by_day: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    case_docs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    case_seq: dict[str, int] = field(default_factory=dict)

    # -- index -------------------------------------------------------------------------------------------
    def linkable(self, rec: LinkRecord) -> bool:
        """Only incidents with a place and a day or short stated period are compared with others."""
        if rec.start is None or rec.end is None or not (rec.names or rec.located):
            return False
        if rec.precision in ("month", "year", "unknown"):
            return False
        return rec.end - rec.start < self.rules["blocking"]["max_range_days"]

    def add(self, rec: LinkRecord, case_seq: int | None = None) -> None:
        """Index a stored incident (``rec.case_id`` set)."""
        self.records[rec.incident_id] = rec
        if rec.case_id:
            self.case_docs[rec.case_id].add(rec.document_id)
            if case_seq is not None:
                self.case_seq.setdefault(rec.case_id, case_seq)
        if self.linkable(rec):
            for day in range(rec.start, rec.end + 1):  # type: ignore[arg-type]
                self.by_day[day].append(rec.incident_id)

    def remove(self, incident_id: str) -> None:
        rec = self.records.pop(incident_id, None)
        if rec is None:
            return
        if self.linkable(rec):
            for day in range(rec.start, rec.end + 1):  # type: ignore[arg-type]
                ids = self.by_day.get(day)
                if ids and incident_id in ids:
                    ids.remove(incident_id)
        if rec.case_id:
            docs = {r.document_id for r in self.records.values() if r.case_id == rec.case_id}
            self.case_docs[rec.case_id] = docs

    # -- blocking and scoring ----------------------------------------------------------------------------
    def candidates(self, rec: LinkRecord) -> list[LinkRecord]:
        if not self.linkable(rec):
            return []
        b = self.rules["blocking"]
        w = b["date_window_days"]
        seen: dict[str, LinkRecord] = {}
        for day in range(rec.start - w, rec.end + w + 1):  # type: ignore[operator]
            for other_id in self.by_day.get(day, ()):
                other = self.records[other_id]
                if other_id in seen or other.document_id == rec.document_id:
                    continue
                if rec.country and other.country and rec.country != other.country:
                    continue
                if rec.gazetteer_id and rec.gazetteer_id == other.gazetteer_id:
                    seen[other_id] = other
                elif rec.located and other.located:
                    if haversine_km(rec.lat, rec.lon, other.lat, other.lon) <= b["max_km"]:  # type: ignore[arg-type]
                        seen[other_id] = other
                elif best_name_similarity(rec, other) >= b["min_name_similarity"]:
                    seen[other_id] = other
        return sorted(seen.values(), key=lambda r: r.incident_id)

    def score(self, a: LinkRecord, b: LinkRecord) -> LinkScore:
        return score_pair(a, b, self.rules)

    # -- assignment --------------------------------------------------------------------------------------
    def assign(self, recs: list[LinkRecord], pins: dict[str, str] | None = None) -> list[Assignment]:
        """Decide the case of each incident of one new document (not yet indexed)."""
        pins = pins or {}
        threshold = self.rules["threshold"]
        taken: dict[str, set[str]] = defaultdict(set)  # case -> documents, including this document's choices
        out: list[Assignment] = []
        for rec in recs:
            if rec.incident_id in pins:
                case_id = pins[rec.incident_id]
                out.append(Assignment(rec.incident_id, case_id, case_id not in self.case_docs, None,
                                      [{"pinned": True}]))
                taken[case_id].add(rec.document_id)
                continue
            by_case: dict[str, list[LinkScore]] = defaultdict(list)
            for other in self.candidates(rec):
                s = self.score(rec, other)
                if s.total >= threshold and other.case_id:
                    by_case[other.case_id].append(s)
            best: tuple[float, int, str] | None = None
            for case_id, scores in by_case.items():
                docs = self.case_docs.get(case_id, set()) | taken[case_id]
                if rec.document_id in docs:
                    continue  # incidents of one document never merge
                top = max(s.total for s in scores)
                key = (-top, self.case_seq.get(case_id, 1 << 60), case_id)
                if best is None or key < best:
                    best = key
            if best is None:
                case_id = new_case_id(rec.incident_id)
                out.append(Assignment(rec.incident_id, case_id, True, None, []))
            else:
                case_id = best[2]
                scores = sorted(by_case[case_id], key=lambda s: (-s.total, s.b))
                # the strongest few links explain the decision; all of them would grow with the case (n² in total)
                out.append(Assignment(rec.incident_id, case_id, False, scores[0].total,
                                      [s.to_dict() for s in scores[:EXPLAIN_TOP]]))
            taken[case_id].add(rec.document_id)
        return out
