"""Incremental linking: blocking on place, graded scoring, then one consistent assignment per document.

The linker holds the link records of every stored incident in memory (a few hundred bytes each). For a new
document it proposes the case each incident joins (or a new case):

- **Blocking** is on place, with or without dates: the gazetteer id, the place key and skeleton of each
  name (``docket.text.names``), and a coordinate grid cell. Inside a place block, dated incidents are found
  through a day index (only the days around the new incident's dates are read) and incidents without a
  usable date through a short list of the block's most recent ones, so the work per new incident does not
  grow with the number of incidents a town has had.
- **Assignment** is one greedy matching per document, strongest link first: two incidents of one document
  never share a case, and a case is closed to an incident that some member contradicts (a score below
  ``case.veto_below``), so a chain A~B~C breaks at its weakest link instead of merging A and C.

An incident a reviewer placed (``pinned``) is never moved, and existing cases are never merged
automatically: a reviewer does that.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict, deque
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
class Block:
    """The incidents of one place key: a day index, the undated ones, and the most recent ones."""

    recent_max: int
    by_day: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    loose: deque[str] = field(default_factory=deque)
    recent: deque[str] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.loose = deque(maxlen=self.recent_max)
        self.recent = deque(maxlen=self.recent_max)


@dataclass
class Linker:
    rules: dict[str, Any] = field(default_factory=default_rules)
    records: dict[str, LinkRecord] = field(default_factory=dict)
    blocks: dict[str, Block] = field(default_factory=dict)
    case_docs: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    case_members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    doc_records: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    case_seq: dict[str, int] = field(default_factory=dict)

    # -- index -------------------------------------------------------------------------------------------
    def _days(self, rec: LinkRecord) -> range | None:
        """The days a record is indexed under (None: it has no window short enough to index by day)."""
        w = rec.when
        if w.lo is None or w.hi is None or w.kind == "year":
            return None
        r = self.rules["date"]
        if w.hi - w.lo > r["max_range_days"] + r["published_window_days"]:
            return None
        return range(w.lo, w.hi + 1)

    def block_keys(self, rec: LinkRecord, neighbours: bool = False) -> list[str]:
        keys = []
        if rec.gazetteer_id:
            keys.append("g:" + rec.gazetteer_id)
        keys.extend(sorted(rec.place_keys))
        if rec.located:
            size = self.rules["blocking"]["cell_degrees"]
            x, y = math.floor(rec.lat / size), math.floor(rec.lon / size)  # type: ignore[operator]
            cells = [(x + i, y + j) for i in (-1, 0, 1) for j in (-1, 0, 1)] if neighbours else [(x, y)]
            keys.extend(f"c:{a}:{b}" for a, b in cells)
        return keys

    def add(self, rec: LinkRecord, case_seq: int | None = None) -> None:
        """Index a stored incident (``rec.case_id`` set)."""
        self.records[rec.incident_id] = rec
        self.doc_records[rec.document_id].add(rec.incident_id)
        if rec.case_id:
            self.case_docs[rec.case_id][rec.document_id] += 1
            self.case_members[rec.case_id].add(rec.incident_id)
            if case_seq is not None:
                self.case_seq.setdefault(rec.case_id, case_seq)
        if not rec.placed:
            return
        days = self._days(rec)
        cap = self.rules["blocking"]["recent_per_block"]
        for key in self.block_keys(rec):
            block = self.blocks.get(key)
            if block is None:
                block = self.blocks[key] = Block(cap)
            block.recent.append(rec.incident_id)
            if days is None:
                block.loose.append(rec.incident_id)
            else:
                for day in days:
                    block.by_day[day].append(rec.incident_id)

    def remove(self, incident_id: str) -> None:
        rec = self.records.pop(incident_id, None)
        if rec is None:
            return
        self.doc_records[rec.document_id].discard(incident_id)
        if not self.doc_records[rec.document_id]:
            del self.doc_records[rec.document_id]
        days = self._days(rec)
        for key in self.block_keys(rec):
            block = self.blocks.get(key)
            if block is None:
                continue
            for q in (block.recent, block.loose):
                if incident_id in q:
                    q.remove(incident_id)
            for day in days or ():
                ids = block.by_day.get(day)
                if ids and incident_id in ids:
                    ids.remove(incident_id)
        if rec.case_id:
            docs = self.case_docs[rec.case_id]
            self.case_members[rec.case_id].discard(incident_id)
            docs[rec.document_id] -= 1
            if docs[rec.document_id] <= 0:
                del docs[rec.document_id]

    # -- blocking and scoring ----------------------------------------------------------------------------
    def candidates(self, rec: LinkRecord) -> list[LinkRecord]:
        if not rec.placed:
            return []
        b = self.rules["blocking"]
        days = self._days(rec)
        found: set[str] = set()
        for key in self.block_keys(rec, neighbours=True):
            block = self.blocks.get(key)
            if block is None:
                continue
            if days is None:
                found.update(block.recent)
                continue
            found.update(block.loose)
            for day in range(days.start - b["date_window_days"], days.stop + b["date_window_days"]):
                found.update(block.by_day.get(day, ()))
        out = []
        for other_id in sorted(found):
            other = self.records[other_id]
            if other.document_id == rec.document_id:
                continue
            if rec.country and other.country and rec.country != other.country:
                continue
            if rec.gazetteer_id and rec.gazetteer_id == other.gazetteer_id:
                out.append(other)
            elif rec.located and other.located:
                if haversine_km(rec.lat, rec.lon, other.lat, other.lon) <= b["max_km"]:  # type: ignore[arg-type]
                    out.append(other)
            elif best_name_similarity(rec, other) >= b["min_name_similarity"]:
                out.append(other)
        return out

    def score(self, a: LinkRecord, b: LinkRecord) -> LinkScore:
        return score_pair(a, b, self.rules)

    # -- assignment --------------------------------------------------------------------------------------
    def options(self, rec: LinkRecord) -> dict[str, list[LinkScore]]:
        """The cases ``rec`` may join, each with its scored links to the case's members (best first).

        A case is left out when no link reaches the threshold or when some member contradicts ``rec``: every
        member of a case that a candidate belongs to is scored (up to ``case.max_members_scored``), not only
        the members blocking found."""
        cap = self.rules["case"]["max_members_scored"]
        found: dict[str, list[LinkScore]] = defaultdict(list)
        for other in self.candidates(rec):
            if other.case_id and rec.document_id not in self.case_docs.get(other.case_id, ()):
                found[other.case_id].append(self.score(rec, other))   # (incidents of one document never merge)
        out = {}
        for case_id in sorted(found):
            if not any(map(self.links, found[case_id])):
                continue
            # only a case that a link reaches has the rest of its members scored, for their veto
            seen = {s.b for s in found[case_id]}
            rest = [m for m in sorted(self.case_members.get(case_id, ())) if m not in seen][:max(0, cap - len(seen))]
            scores = found[case_id] + [self.score(rec, self.records[m]) for m in rest]
            if not any(map(self.contradicts, scores)):
                out[case_id] = sorted(scores, key=lambda s: (-s.total, s.b))
        return out

    def links(self, s: LinkScore) -> bool:
        """The score reaches the threshold (``threshold_without_date`` unless the dates agree by at least
        ``date_evidence_min``: a publication window or a weekday alone does not date a pair)."""
        dated = any(f.name == "date" and f.weight >= self.rules["date_evidence_min"] for f in s.features)
        return s.total >= self.rules["threshold" if dated else "threshold_without_date"]

    def contradicts(self, s: LinkScore) -> bool:
        """A member that scores below ``case.veto_below``, or whose date or place alone says "not the same"."""
        r = self.rules["case"]
        return s.total < r["veto_below"] or any(
            f.name in r["veto_features"] and f.weight <= r["veto_weight"] for f in s.features)

    def assign(self, recs: list[LinkRecord], pins: dict[str, str] | None = None) -> list[Assignment]:
        """Decide the case of each incident of one new document (not yet indexed)."""
        pins = pins or {}
        taken: set[str] = set()
        chosen: dict[str, Assignment] = {}
        for rec in recs:
            if rec.incident_id in pins:
                case_id = pins[rec.incident_id]
                chosen[rec.incident_id] = Assignment(rec.incident_id, case_id, case_id not in self.case_docs, None,
                                                     [{"pinned": True}])
                taken.add(case_id)
        # one matching for the whole document, strongest link first (ties: older case, then ids)
        ranked = []
        for order, rec in enumerate(recs):
            if rec.incident_id in chosen:
                continue
            for case_id, scores in self.options(rec).items():
                ranked.append((-scores[0].total, self.case_seq.get(case_id, 1 << 60), case_id, order, rec, scores))
        ranked.sort(key=lambda t: t[:4])
        for neg, _seq, case_id, _order, rec, scores in ranked:
            if rec.incident_id in chosen or case_id in taken:
                continue
            chosen[rec.incident_id] = Assignment(rec.incident_id, case_id, False, -neg,
                                                 [s.to_dict() for s in scores[:EXPLAIN_TOP]])
            taken.add(case_id)
        out = []
        for rec in recs:
            a = chosen.get(rec.incident_id)
            if a is None:
                a = Assignment(rec.incident_id, new_case_id(rec.incident_id), True, None, [])
            out.append(a)
        return out
