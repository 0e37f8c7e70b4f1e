"""Incremental linking: blocking on place, graded scoring, then one consistent assignment per document.

The linker keeps a compact index of every stored incident (an :class:`Entry`: its document, case, block
keys and indexed days, about a hundred bytes plus its id) and the full link records only as far as its
``records`` mapping holds them: every record for a linker used on its own, the most recently used ones when
a :class:`~docket.link.stage.LinkStage` gives it a ``loader`` that reads the others from the store. For a
new document it proposes the case each incident joins (or a new case):

- **Blocking** is on place, with or without dates: the gazetteer id, the place key and skeleton of each
  name (``docket.text.names``), and a coordinate grid cell. Inside a place block, dated incidents are found
  through an index of the days they cover (in buckets of ``DAY_BUCKET`` days, an incident under every
  bucket its window touches; only the buckets of the new incident's window, widened by
  ``date_window_days``, are read) and incidents without a usable date through a short list of the block's
  most recent ones. The work per new incident grows with the incidents of its place and days, not with
  the incidents a town has had, nor with how many reports a day a town has had in the weeks around.
- **Undated reports** link at ``threshold_without_date``, or at the lower ``undated_distinctive.threshold``
  when the pair shares a distinctive kind of attack and no other case of the place comes within
  ``undated_distinctive.margin`` (two chemical attacks on one town: an undated report joins neither).
- **Assignment** is one greedy matching per document, strongest link first: two incidents of one document
  never share a case, and a case is closed to an incident that some member contradicts (a score below
  ``case.veto_below``), so a chain A~B~C breaks at its weakest link instead of merging A and C.

An incident a reviewer placed (``pinned``) is never moved, and existing cases are never merged
automatically: a reviewer does that.
"""

from __future__ import annotations

import hashlib
import math
import sys
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from docket.geocode.distance import within_km
from docket.link.records import LinkRecord
from docket.link.rules import default_rules
from docket.link.score import LinkScore, best_name_similarity, score_pair


def new_case_id(seed: str) -> str:
    """A stable case id derived from the incident (or split) that founded it."""
    return "c-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]


EXPLAIN_TOP = 3   # how many of a new member's best-scoring links into its case are kept as the explanation
DAY_BUCKET = 4    # dated incidents are indexed under every bucket of this many days their window touches


@dataclass
class Assignment:
    incident_id: str
    case_id: str
    new_case: bool
    score: float | None
    explanation: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Entry:
    """What the index keeps of one incident: enough to find it and to take it out again (its full
    :class:`LinkRecord` may live only in the store)."""

    document_id: str
    case_id: str | None
    keys: tuple[str, ...]      # the place blocks it is indexed in
    lo: int | None = None      # first and last indexed day (None: not indexed by day)
    hi: int | None = None


@dataclass
class Block:
    """The incidents of one place key: an index of the dated ones by the days they cover (``DAY_BUCKET``-day
    buckets), the undated ones, and the most recent ones."""

    recent_max: int
    by_day: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    loose: deque[str] = field(default_factory=deque)
    recent: deque[str] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.loose = deque(maxlen=self.recent_max)
        self.recent = deque(maxlen=self.recent_max)


class RecordCache(MutableMapping[str, LinkRecord]):
    """At most ``size`` link records, the least recently used ones dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[str, LinkRecord] = OrderedDict()

    def __getitem__(self, key: str) -> LinkRecord:
        rec = self._data[key]
        self._data.move_to_end(key)
        return rec

    def __setitem__(self, key: str, rec: LinkRecord) -> None:
        self._data[key] = rec
        self._data.move_to_end(key)
        while len(self._data) > self.size:
            self._data.popitem(last=False)

    def __delitem__(self, key: str) -> None:
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _buckets(lo: int, hi: int) -> range:
    """The ``DAY_BUCKET``-day buckets that the days ``lo``..``hi`` touch."""
    return range(lo // DAY_BUCKET, hi // DAY_BUCKET + 1)


def _discard(index: dict[str, list[str]], key: str, incident_id: str, drop_empty: bool = True) -> None:
    ids = index.get(key)
    if ids is not None and incident_id in ids:
        ids.remove(incident_id)
        if not ids and drop_empty:
            del index[key]


_SHARED_FIELDS = ("names", "place_keys", "attack_types", "weapons", "targets", "facilities", "actors", "country",
                  "gazetteer_id", "place_precision")

Loader = Callable[[list[str]], Iterable[LinkRecord]]


@dataclass
class Linker:
    rules: dict[str, Any] = field(default_factory=default_rules)
    # the full records at hand: all of them, unless a ``loader`` reads the others (then a RecordCache)
    records: MutableMapping[str, LinkRecord] = field(default_factory=dict)
    loader: Loader | None = None
    entries: dict[str, Entry] = field(default_factory=dict)
    blocks: dict[str, Block] = field(default_factory=dict)
    case_members: dict[str, list[str]] = field(default_factory=dict)
    doc_records: dict[str, list[str]] = field(default_factory=dict)
    case_seq: dict[str, int] = field(default_factory=dict)
    # one shared copy of each name tuple, key set, label set, block key tuple and day (few distinct values)
    shared: dict[Any, Any] = field(default_factory=dict)

    # -- index -------------------------------------------------------------------------------------------
    def _days(self, rec: LinkRecord) -> range | None:
        """The days a record is indexed under (None: it has no window short enough to index by day)."""
        w = rec.when
        if w.lo is None or w.hi is None or w.kind == "year":
            return None
        return range(w.lo, w.hi + 1) if w.hi - w.lo <= self._max_span() else None

    def _max_span(self) -> int:
        r = self.rules["date"]
        return int(r["max_range_days"] + r["published_window_days"])

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
        days = self._days(rec) if rec.placed else None
        keys = tuple(sys.intern(k) for k in self.block_keys(rec)) if rec.placed else ()  # one copy of each key
        share = self.shared.setdefault   # incidents of one place share their keys, of one day their day
        entry = Entry(rec.document_id, rec.case_id, share(keys, keys), share(days.start, days.start) if days else None,
                      share(days.stop - 1, days.stop - 1) if days else None)
        if rec.case_id and case_seq is not None:
            self.case_seq.setdefault(rec.case_id, case_seq)
        self.put(rec.incident_id, entry)
        self.records[rec.incident_id] = self._compact(rec)

    def remove(self, incident_id: str) -> None:
        if self.take(incident_id) is not None:
            self.records.pop(incident_id, None)

    def put(self, incident_id: str, entry: Entry) -> None:
        """Put an entry in the index (appended: the most recent of its blocks)."""
        self.entries[incident_id] = entry
        self.doc_records.setdefault(entry.document_id, []).append(incident_id)
        if entry.case_id:
            self.case_members.setdefault(entry.case_id, []).append(incident_id)
        for key in entry.keys:
            block = self.blocks.get(key)
            if block is None:
                block = self.blocks[key] = Block(self.rules["blocking"]["recent_per_block"])
            block.recent.append(incident_id)
            if entry.lo is None:
                block.loose.append(incident_id)
            else:
                for bucket in _buckets(entry.lo, entry.hi):  # type: ignore[arg-type]
                    block.by_day[bucket].append(incident_id)

    def take(self, incident_id: str) -> Entry | None:
        """Take an entry out of the index (its record stays in ``records``)."""
        entry = self.entries.pop(incident_id, None)
        if entry is None:
            return None
        _discard(self.doc_records, entry.document_id, incident_id)
        if entry.case_id:
            _discard(self.case_members, entry.case_id, incident_id, drop_empty=False)  # a case once seen stays known
        for key in entry.keys:
            block = self.blocks[key]
            for q in (block.recent, block.loose):
                if incident_id in q:
                    q.remove(incident_id)
            if entry.lo is not None:
                for bucket in _buckets(entry.lo, entry.hi):  # type: ignore[arg-type]
                    ids = block.by_day.get(bucket)
                    if ids and incident_id in ids:
                        ids.remove(incident_id)
        return entry

    def fetch(self, ids: list[str]) -> list[LinkRecord]:
        """The records of ``ids`` (indexed incidents), read through ``loader`` where ``records`` lacks them
        (an id the loader no longer finds is left out)."""
        got = {i: self.records[i] for i in ids if i in self.records}
        missing = [i for i in ids if i not in got]
        if missing and self.loader is not None:
            same = {i: i for i in missing}
            for rec in self.loader(missing):
                entry = self.entries.get(rec.incident_id)
                if entry is not None:   # the index's own copies of the ids
                    rec.incident_id, rec.document_id = same.get(rec.incident_id, rec.incident_id), entry.document_id
                    rec.case_id = entry.case_id
                    got[rec.incident_id] = self.records[rec.incident_id] = self._compact(rec)
        return [got[i] for i in ids if i in got]

    def _compact(self, rec: LinkRecord) -> LinkRecord:
        """``rec`` with its names, keys and labels replaced by the copies other records already hold."""
        for name in _SHARED_FIELDS:
            value = getattr(rec, name)
            if value is not None:
                setattr(rec, name, self.shared.setdefault(value, value))
        return rec

    # -- blocking and scoring ----------------------------------------------------------------------------
    def candidates(self, rec: LinkRecord) -> list[LinkRecord]:
        if not rec.placed:
            return []
        b = self.rules["blocking"]
        days = self._days(rec)
        found: set[str] = set()
        if days is not None:
            first, last = days.start - b["date_window_days"], days.stop - 1 + b["date_window_days"]
        for key in self.block_keys(rec, neighbours=True):
            block = self.blocks.get(key)
            if block is None:
                continue
            if days is None:
                found.update(block.recent)
                continue
            found.update(block.loose)
            for bucket in _buckets(first, last):
                for other_id in block.by_day.get(bucket, ()):
                    if other_id not in found:   # (an incident of the town is in several of its blocks)
                        e = self.entries[other_id]
                        if e.lo <= last and e.hi >= first:  # type: ignore[operator]
                            found.add(other_id)
        ids = sorted(i for i in found if self.entries[i].document_id != rec.document_id)
        out = []
        for other in self.fetch(ids):
            if rec.country and other.country and rec.country != other.country:
                continue
            if rec.gazetteer_id and rec.gazetteer_id == other.gazetteer_id:
                out.append(other)
            elif rec.located and other.located:
                if within_km(rec.lat, rec.lon, other.lat, other.lon, b["max_km"]):  # type: ignore[arg-type]
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
        open_to: dict[str, bool] = {}   # case -> it holds no incident of rec's document
        for other in self.candidates(rec):
            case_id = self.entries[other.incident_id].case_id
            if case_id is None:
                continue
            if case_id not in open_to:
                open_to[case_id] = all(self.entries[m].document_id != rec.document_id
                                       for m in self.case_members.get(case_id, ()))
            if open_to[case_id]:
                found[case_id].append(self.score(rec, other))   # (incidents of one document never merge)
        best = {case_id: max(s.total for s in scores) for case_id, scores in found.items()}
        out = {}
        for case_id in sorted(found):
            if not any(map(self.links, found[case_id])) and not (
                    any(map(self.links_undated_distinctive, found[case_id])) and self._unrivalled(case_id, best)):
                continue
            # only a case that a link reaches has the rest of its members scored, for their veto
            seen = {s.b for s in found[case_id]}
            rest = [m for m in sorted(self.case_members.get(case_id, ())) if m not in seen][:max(0, cap - len(seen))]
            scores = found[case_id] + [self.score(rec, other) for other in self.fetch(rest)]
            if not any(map(self.contradicts, scores)):
                out[case_id] = sorted(scores, key=lambda s: (-s.total, s.b))
        return out

    def links_undated_distinctive(self, s: LinkScore) -> bool:
        """An undated pair (no date evidence for or against) that shares a distinctive kind of attack (both
        chemical) and reaches ``undated_distinctive.threshold``: enough when no other case comes close."""
        r = self.rules.get("undated_distinctive")
        if not r or any(f.name == "date" and (f.weight < 0 or f.weight >= self.rules["date_evidence_min"])
                        for f in s.features):
            return False
        return s.total >= r["threshold"] and any(f.name == "distinctive" and f.weight > 0 for f in s.features)

    def _unrivalled(self, case_id: str, best: dict[str, float]) -> bool:
        """Every other candidate case of the place links at least ``undated_distinctive.margin`` weaker."""
        margin = self.rules["undated_distinctive"]["margin"]
        return all(best[case_id] - total >= margin for other, total in best.items() if other != case_id)

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
                chosen[rec.incident_id] = Assignment(rec.incident_id, case_id, case_id not in self.case_members, None,
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
