"""The document layer: what a sentence leaves unstated is taken from the context that governs it.

One object carries the context across sentences (it used to live in loop variables): the date in force,
the perpetrators of the last attack told, the lead's attribution as the document's default, the incidents
just built (for follow-up sentences), and the attack type last stated (for "the strikes hit X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from docket.extract.dates import DateMention, relative_days
from docket.extract.doc import SentenceInfo
from docket.extract.mentions import Labelled
from docket.model import DateSpan

# A sentence that opens on another attack: context (perpetrators) from the previous one does not carry over.
# ("Another boy was hurt in X" is another victim of the same attack, not another attack.)
TOPIC_SHIFT = re.compile(r"(?i)\s*(?:meanwhile|elsewhere|separately|in (?:a |another )?separate|in another|"
                         r"(?:a second|another)\s+(?:[\w-]+\s+)?(?:attack|air ?strike|strike|raid|bombing|blast|explosion|"
                         r"incident|shelling|massacre|car bomb|suicide|ambush|assault)|in other (?:news|developments))\b")


def span_days(d: DateMention | None) -> int:
    """Days between a resolved date's start and end (0 for a day or an unresolved date)."""
    if d is None or d.span.start is None or d.span.end is None:
        return 0
    return (date.fromisoformat(d.span.end) - date.fromisoformat(d.span.start)).days


# the date rules of a period up to publication: a statistic's, which a new attack told next does not share (a
# closed period, "between May 1 and May 20", may be broken down by the sentences after it)
_OPEN_PERIODS = frozenset({"since_date", "since_weekday", "past_period"})


def is_campaign(d: DateMention | None) -> bool:
    """A span of over two weeks is a campaign, not one incident (SPEC: one day or a short period)."""
    return span_days(d) > 16


def is_period(d: DateMention | None) -> bool:
    """Over a week: a period statistic's span rather than one attack's day."""
    return span_days(d) > 8


@dataclass
class DocContext:
    date: DateMention | None = None
    actors: list[Labelled] = field(default_factory=list)
    actors_para: int = -1
    doc_actors: list[Labelled] = field(default_factory=list)   # the lead's attribution: the document's default
    doc_default: bool = True                                    # until another party is said to act
    last: list[Any] = field(default_factory=list)               # the incident builders of the last event sentence
    last_index: int = -10
    recent_types: dict[str, tuple[int, int]] = field(default_factory=dict)
    recent_index: int = -10
    area_weapons: dict[str, tuple[int, int]] = field(default_factory=dict)
    area_weapons_index: int = -10
    date_of_statistic: bool = False   # the date in force is the open period of a statistic that made no incident
    #                                   ("300 were killed since January", "... over the past month")

    def date_for(self, info: SentenceInfo, own: DateMention | None) -> DateMention | None:
        """The sentence's own date, else the one in force; vague time ("recently") ends it outside a campaign."""
        if info.vague_time and own is None and info.is_event() and not is_campaign(self.date):
            self.date = None
        if own is None and self.date_of_statistic and info.specific and info.harm() and not (info.same_attack
                                                                                           or info.similar):
            return None   # "300 were killed since January. Gunmen killed six in X": a new attack, not the period's
        return own or self.date

    def count_relative_days(self, info: SentenceInfo) -> None:
        """"The following day, gunmen killed ...", "Two days later, ...": the sentence's day counted from the day in
        force (a sentence with no day in force keeps no date from it)."""
        for dates in (info.dates, info.event_dates):
            dates[:] = [c for d in dates if (c := self._counted_from(d) if d.rule == "relative_day" else d)]

    def _counted_from(self, rel: DateMention) -> DateMention | None:
        """"Two days later" from the day in force; None (no date) when the date in force is not one day."""
        base = self.date
        if base is None or base.span.precision != "day" or not base.span.start:
            return None
        d = date.fromisoformat(base.span.start) + timedelta(days=relative_days(rel.text))
        return DateMention(rel.start, rel.end, rel.text, DateSpan(d.isoformat(), d.isoformat(), "day", rel.text),
                           rel.rule)

    def actors_for(self, info: SentenceInfo, event_actors: list[Labelled]) -> list[Labelled]:
        """Who the sentence says attacked, else the context's perpetrators, unless it opens on another attack."""
        if event_actors:
            return event_actors
        if TOPIC_SHIFT.match(info.s.text):
            return []
        return self.actors or self.doc_actors

    def types_before(self, k: int) -> dict[str, tuple[int, int]]:
        """The attack types of the last incident (or of the last attack sentence) within two sentences."""
        if self.last and k - self.last_index <= 2:
            return dict(self.last[0].attack_types)
        return self.recent_types if k - self.recent_index <= 2 else {}

    def weapons_before(self, k: int) -> dict[str, tuple[int, int]]:
        """The weapons of the last attack sentence that named no town, within two sentences (A: "Jets dropped
        barrel bombs on the area. The bombings hit X and Y.")."""
        return self.area_weapons if k - self.area_weapons_index <= 2 else {}

    def advance(self, k: int, info: SentenceInfo, created: list[Any], own: DateMention | None,
                event_actors: list[Labelled]) -> None:
        """Update the context after sentence k."""
        is_event = info.is_event()
        if created:
            self.last, self.last_index = created, k
        if own is not None and is_event:
            self.date = own
            self.date_of_statistic = not created and is_campaign(own) and own.rule in _OPEN_PERIODS
        if info.attack_types:
            self.recent_types = {lab.label: (lab.start, lab.end) for lab in info.attack_types}
            self.recent_index = k
        if info.weapons and is_event and not info.specific:
            self.area_weapons = {lab.label: (lab.start, lab.end) for lab in info.weapons}
            self.area_weapons_index = k
        if event_actors:
            self.actors, self.actors_para = event_actors, info.s.para
            if self.doc_default and not self.doc_actors:
                self.doc_actors = event_actors
            elif {a.label for a in event_actors} - {a.label for a in self.doc_actors}:
                self.doc_actors, self.doc_default = [], False
        elif is_event and not info.anaphora and info.s.para > self.actors_para:
            self.actors = []
