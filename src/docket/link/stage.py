"""Linking as its own stage, between extraction and storage.

A run loop holds one :class:`LinkStage` (loaded from the stored incidents with :meth:`LinkStage.load`) and,
per document::

    inp = store.link_input(extraction)          # the incidents as stored: reviewers' corrections and pins
    assignments = stage.assign(inp)             # which case each incident joins; changes nothing
    store.store_extraction(extraction, raw, assignments=assignments)   # one transaction
    stage.commit(inp, assignments)              # only after the commit: index the document

``assign`` leaves the index as it was (a re-extracted document is compared without its own old incidents),
so a transaction that fails needs no undo; ``commit`` replaces the document's old records by the new ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from docket.link.linker import Assignment, Linker
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


class LinkStage:
    """The linker's in-memory index of stored incidents, and the per-document decisions."""

    def __init__(self, linker: Linker | None = None) -> None:
        self.linker = linker or Linker()
        self._last: tuple[LinkInput, list[LinkRecord]] | None = None   # the records of the last assign

    @classmethod
    def load(cls, rows: Iterable[StoredIncident], case_seqs: Mapping[str, int]) -> LinkStage:
        stage = cls()
        for r in rows:
            rec = LinkRecord.from_incident(r.incident, r.document_id, r.copy_group, r.published, stage.linker.rules)
            rec.case_id, rec.pinned = r.case_id, r.pinned
            stage.linker.add(rec, case_seqs.get(r.case_id) if r.case_id else None)
        stage.linker.case_seq.update(case_seqs)
        return stage

    @property
    def case_seq(self) -> dict[str, int]:
        """Creation order of the cases (older cases win ties)."""
        return self.linker.case_seq

    def records(self, inp: LinkInput) -> list[LinkRecord]:
        return [LinkRecord.from_incident(i, inp.document_id, inp.copy_group, inp.published, self.linker.rules)
                for i in inp.incidents]

    def _own(self, document_id: str) -> list[LinkRecord]:
        return [self.linker.records[iid] for iid in sorted(self.linker.doc_records.get(document_id, ()))]

    def assign(self, inp: LinkInput) -> list[Assignment]:
        """The case of each incident of ``inp`` (a new case where none fits). The index is left unchanged."""
        stale = self._own(inp.document_id)   # a re-extracted document must not meet its own old incidents
        for rec in stale:
            self.linker.remove(rec.incident_id)
        recs = self.records(inp)
        self._last = (inp, recs)
        try:
            return self.linker.assign(recs, inp.pins)
        finally:
            for rec in stale:
                self.linker.add(rec)

    def commit(self, inp: LinkInput, assignments: list[Assignment]) -> None:
        """Index the document's incidents in their cases (after its transaction committed)."""
        for rec in self._own(inp.document_id):
            self.linker.remove(rec.incident_id)
        recs = self._last[1] if self._last is not None and self._last[0] is inp else self.records(inp)
        self._last = None
        for rec, a in zip(recs, assignments, strict=True):
            rec.case_id = a.case_id
            rec.pinned = a.incident_id in inp.pins
            self.linker.add(rec, self.case_seq.get(a.case_id))
