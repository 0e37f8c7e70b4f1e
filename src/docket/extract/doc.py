"""One document as the extraction components see it: its text, sentences and typed spans, built once.

``Doc.spans`` holds each recogniser's output over the whole text, sorted by start; ``Doc.within`` gives the
spans of one kind inside a sentence by binary search (no all-pairs scans). ``Doc.infos`` holds one
:class:`SentenceInfo` per body sentence: the sentence-level frame the assembler works from.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docket.extract.dates import DateMention
from docket.extract.mentions import CasualtyMention, CountMention, Labelled
from docket.extract.places import PlaceMention
from docket.extract.text import Sentence
from docket.model import Document


@dataclass
class SentenceInfo:
    """What one sentence says: its mentions, and the cues that decide its role in the document."""

    s: Sentence
    places: list[PlaceMention]
    dates: list[DateMention]
    event_dates: list[DateMention]
    casualties: list[CasualtyMention]
    counts: list[CountMention]
    attack_types: list[Labelled]
    weapons: list[Labelled]
    targets: list[Labelled]
    effects: list[Labelled]
    actors: list[Labelled]
    sources: list[tuple[str, str, int, int]]
    attack_cue: bool
    spread: bool
    anaphora: bool
    vague_time: bool
    similar: bool = False   # "similar attacks hit X": another attack of the kind just told
    same_attack: bool = False   # opens on "The attack ...": the attack just told

    @property
    def specific(self) -> list[PlaceMention]:
        return [p for p in self.places if p.precision in ("town", "point")]

    @property
    def regions(self) -> list[PlaceMention]:
        return [p for p in self.places if p.precision == "region" and not p.is_parent]

    def has_detail(self) -> bool:
        return bool(self.casualties or self.weapons or self.attack_types or self.targets
                    or any(c.kind == "strike" for c in self.counts))

    def is_event(self) -> bool:
        """Does the sentence speak of an attack (not only of displacement, or of facilities in general)?"""
        harm = any(c.outcome in ("killed", "injured", "affected") for c in self.casualties)
        return bool(self.attack_cue or self.attack_types or self.weapons or harm
                    or any(c.kind == "strike" for c in self.counts))

    def harm(self) -> bool:
        """Does the sentence state a figure of people killed, injured or affected (a stated zero included)?"""
        return any(c.outcome in ("killed", "injured", "affected") and c.subset_of is None and c.q.count is not None
                   for c in self.casualties)


@dataclass
class Doc:
    document: Document
    published: date | None
    sentences: list[Sentence] = field(default_factory=list)
    spans: dict[str, list[Any]] = field(default_factory=dict)
    infos: list[SentenceInfo] = field(default_factory=list)
    _starts: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _order: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.document.text

    def set_spans(self, kind: str, items: list[Any]) -> None:
        """Keep a recogniser's spans in the order it gave them, with an index by start for :meth:`within`."""
        self.spans[kind] = items
        order = sorted(range(len(items)), key=lambda i: items[i].start)
        self._order[kind] = order
        self._starts[kind] = [items[i].start for i in order]

    def within(self, kind: str, start: int, end: int) -> list[Any]:
        """The spans of ``kind`` that lie inside start..end, in the recogniser's order."""
        items, order, starts = self.spans.get(kind, []), self._order.get(kind, []), self._starts.get(kind, [])
        picked = []
        for j in range(bisect_left(starts, start), len(order)):
            x = items[order[j]]
            if x.start >= end:
                break
            if x.end <= end:
                picked.append(order[j])
        return [items[i] for i in sorted(picked)]

    def within_undated(self, kind: str, start: int, end: int, dates: list[DateMention]) -> list[Any]:
        """The spans of ``kind`` inside start..end that do not start inside one of ``dates`` (the 4 of "4 April"
        is no count, "April" no place)."""
        return [x for x in self.within(kind, start, end) if not any(d.start <= x.start < d.end for d in dates)]
