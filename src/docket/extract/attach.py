"""Which of a sentence's places each detail belongs to ("shelling on A killed two; B was hit by barrel bombs")."""

from __future__ import annotations

import re
from collections.abc import Callable

from docket.extract.builder import Builder
from docket.extract.doc import SentenceInfo
from docket.extract.mentions import CasualtyMention, Labelled
from docket.model import Target

# "X in the town of Y", "killed in Y": the gap between a mention and the place it introduces (never over a new
# clause: "hit A, killing 5, and shelling on B wounded 3": the 5 are A's).
_INTRODUCES = re.compile(
    r"(?i)(?![\s,]*(?:and|while|but|whereas)\b)"
    r"[\s,]*(?:(?:was|were|have been|has been)\s+(?:killed|injured|wounded)\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:in|at|on|near|of|inside)\s+(?:the\s+)?(?:nearby\s+|neighbouring\s+)?(?:[\w’'-]+\s+){0,2}?"
    r"(?:(?:town|city|village|neighbou?rhood|district|camp)s?\s+of\s+)?")
_COORDINATED = re.compile(r"(?i)\b(?:and|as well as|while)\s+(?:also\s+)?(?:in|on|at)\b")
_EACH = re.compile(r"(?i)\bin each (?:town|village|city|place|of the (?:towns|villages))\b")


class PlaceFrame:
    """The incident builders of one sentence, and the rules that hand each mention to one of them."""

    def __init__(self, text: str, out: list[Builder]) -> None:
        self.text = text
        self.out = out
        self.multi = len(out) > 1
        places = [b.place for b in out]
        self.listed = self.multi and len({p.list_id for p in places}) == 1 and places[0].list_id is not None

    def anchor(self, start: int, end: int, strict: bool = False) -> Builder | None:
        """The place a mention belongs to: the one it introduces ("X in the town of Y"), else the nearest."""
        for b in self.out:
            if 0 <= b.place.start - end <= 45 and _INTRODUCES.fullmatch(self.text[end:b.place.start]):
                return b
        best = min(self.out, key=lambda b: min(min(abs(start - e), abs(end - s)) for s, e in b.spans()))
        if strict and all(start < b.place.start for b in self.out) and best.place.start - end > 40:
            # a toll that opens the sentence belongs to the first place the sentence names, unless it lists several
            # or coordinates them ("killed in shelling on A and in an explosion in B")
            first = min(self.out, key=lambda b: b.place.start)
            if self.listed or any(_COORDINATED.search(self.text, first.place.end, b.place.start) for b in self.out
                                  if b is not first):
                return None
            return first
        return best

    def add_labels(self, info: SentenceInfo) -> None:
        """Attack types and weapons: the nearest place; places left with none share the sentence's."""
        for lab_list, attr in ((info.attack_types, "attack_types"), (info.weapons, "weapons")):
            for lab in lab_list:
                tgt = self.anchor(lab.start, lab.end) if self.multi and not self.listed else None
                for b in ([tgt] if tgt else self.out):
                    getattr(b, attr).setdefault(lab.label, (lab.start, lab.end))
        if self.multi and not self.listed:
            all_at = {lab.label: (lab.start, lab.end) for lab in info.attack_types}
            all_w = {lab.label: (lab.start, lab.end) for lab in info.weapons}
            for b in self.out:
                if not b.attack_types and not b.weapons:
                    b.attack_types.update(all_at)
                    b.weapons.update(all_w)

    def add_context(self, actors: list[Labelled], sources: list[tuple[str, str, int, int]]) -> None:
        for b in self.out:
            for a in actors:
                b.actors.setdefault(a.label, a)
            for name, typ, s, e in sources:
                b.sources.setdefault(name, (typ, s, e))

    def add_casualties(self, info: SentenceInfo, introduces: Callable[[int], Builder | None]) -> list[CasualtyMention]:
        """Each toll goes to the place it is tied to; what covers a list of places is returned (an aggregate)."""
        spread: list[CasualtyMention] = []
        each = bool(_EACH.search(info.s.text))
        directs = {id(c): introduces(c.end) for c in info.casualties}   # "six in Ariha": that place's toll
        broken_down = sum(d is not None for d in directs.values()) > 1   # "21 killed, including 11 in A, four in B"
        for c in info.casualties:
            direct = directs[id(c)]
            if direct is None and broken_down and self.multi:
                spread.append(c)
            elif direct is not None:
                if broken_down:   # a town's share of a total over several towns is that town's own toll
                    c.subset_of = None
                direct.casualties.append((info.s.index, c))
            elif each or c.each:
                for b in self.out:
                    b.casualties.append((info.s.index, c))
            elif self.listed or info.spread:
                spread.append(c)
            else:
                host = self.anchor(c.start, c.end, strict=True) if self.multi else self.out[0]
                if host is None:
                    spread.append(c)
                else:
                    host.casualties.append((info.s.index, c))
        return spread

    def add_strikes(self, info: SentenceInfo) -> None:
        for c in info.counts:
            if c.kind == "strike" and not info.spread and not self.listed:
                host = self.anchor(c.start, c.end)
                if host is not None:
                    host.strikes.append(c)

    def add_targets(self, info: SentenceInfo, target_of: Callable[[Labelled], Target | None]) -> None:
        for t in info.targets:
            target = target_of(t)
            if target is None:
                continue
            for b in ([self.anchor(t.start, t.end)] if self.multi and not self.listed else self.out):
                if b is not None:
                    b.targets.append((target, (t.start, t.end)))
