"""Linking as its own stage, between extraction and storage.

A run loop holds one :class:`LinkStage` (loaded from the stored incidents with :meth:`LinkStage.load`) and,
per document::

    inp = store.link_input(extraction)          # the incidents as stored: reviewers' corrections and pins
    assignments = stage.assign(inp)             # which case each incident joins; changes nothing
    store.store_extraction(extraction, raw, assignments=assignments)   # one transaction
    stage.commit(inp, assignments)              # only after the commit: index the document

``assign`` leaves the index as it was (a re-extracted document is compared without its own old incidents),
so a transaction that fails needs no undo; ``commit`` replaces the document's old records by the new ones.

A stage loaded with ``fetch`` (a reader of stored incidents by id) keeps only the linker's compact index
and the ``cache_size`` most recently used link records in memory, and reads the others back from the store
when blocking finds them: memory then grows by about a hundred bytes per stored incident, not by its record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from docket.link.linker import Assignment, Linker, RecordCache
from docket.link.records import LinkRecord
from docket.model import Incident


@dataclass
class LinkInput:
    """One document as linking sees it: its incidents (ids set, reviewers' corrections applied) and the
    cases reviewers pinned some of them to."""

    document_id: str
    copy_group: str                   # the text hash shared by copies of one text
    published: str | None
    incidents: list[Incident]
    pins: dict[str, str] = field(default_factory=dict)


@dataclass
class StoredIncident:
    """One stored incident and its case, for loading the stage."""

    incident: Incident
    document_id: str
    copy_group: str
    published: str | None
    case_id: str | None
    pinned: bool = False


Fetch = Callable[[list[str]], Iterable[StoredIncident]]   # stored incidents by incident id
CACHE_RECORDS = 12288   # link records a stage loaded with ``fetch`` keeps in memory


class LinkStage:
    """The linker's in-memory index of stored incidents, and the per-document decisions."""

    def __init__(self, linker: Linker | None = None, *, fetch: Fetch | None = None,
                 cache_size: int = CACHE_RECORDS) -> None:
        self.linker = linker or Linker()
        self._fetch = fetch
        if fetch is not None:
            self.linker.records = RecordCache(cache_size)
            self.linker.loader = self._load_records
        self._last: tuple[LinkInput, list[LinkRecord]] | None = None   # the records of the last assign

    @classmethod
    def load(cls, rows: Iterable[StoredIncident], case_seqs: Mapping[str, int], *, fetch: Fetch | None = None,
             cache_size: int = CACHE_RECORDS) -> LinkStage:
        """The stage over ``rows`` (every stored incident). With ``fetch``, records are read back on demand
        instead of all being kept (see the module's docstring)."""
        stage = cls(fetch=fetch, cache_size=cache_size)
        for r in rows:
            stage.linker.add(stage._record(r), case_seqs.get(r.case_id) if r.case_id else None)
        stage.linker.case_seq.update(case_seqs)
        return stage

    def _record(self, r: StoredIncident) -> LinkRecord:
        rec = LinkRecord.from_incident(r.incident, r.document_id, r.copy_group, r.published, self.linker.rules)
        rec.case_id, rec.pinned = r.case_id, r.pinned
        return rec

    def _load_records(self, ids: list[str]) -> list[LinkRecord]:
        assert self._fetch is not None
        return [self._record(r) for r in self._fetch(ids)]

    @property
    def case_seq(self) -> dict[str, int]:
        """Creation order of the cases (older cases win ties)."""
        return self.linker.case_seq

    def records(self, inp: LinkInput) -> list[LinkRecord]:
        return [LinkRecord.from_incident(i, inp.document_id, inp.copy_group, inp.published, self.linker.rules)
                for i in inp.incidents]

    def _own(self, document_id: str) -> list[str]:
        return sorted(self.linker.doc_records.get(document_id, ()))

    def assign(self, inp: LinkInput) -> list[Assignment]:
        """The case of each incident of ``inp`` (a new case where none fits). The index is left unchanged."""
        # a re-extracted document must not meet its own old incidents: out of the index while deciding
        stale = [(iid, self.linker.take(iid)) for iid in self._own(inp.document_id)]
        recs = self.records(inp)
        self._last = (inp, recs)
        try:
            return self.linker.assign(recs, inp.pins)
        finally:
            for iid, entry in stale:
                if entry is not None:
                    self.linker.put(iid, entry)

    def commit(self, inp: LinkInput, assignments: list[Assignment]) -> None:
        """Index the document's incidents in their cases (after its transaction committed)."""
        for iid in self._own(inp.document_id):
            self.linker.remove(iid)
        recs = self._last[1] if self._last is not None and self._last[0] is inp else self.records(inp)
        self._last = None
        for rec, a in zip(recs, assignments, strict=True):
            rec.case_id = a.case_id
            rec.pinned = a.incident_id in inp.pins
            self.linker.add(rec, self.case_seq.get(a.case_id))
