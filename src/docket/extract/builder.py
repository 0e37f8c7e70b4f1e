"""An incident being assembled from the sentences of one report."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.extract.dates import DateMention
from docket.extract.mentions import CasualtyMention, CountMention, Labelled
from docket.extract.places import PlaceMention
from docket.model import DateSpan, Target


@dataclass
class Builder:
    """An incident being assembled; evidence is kept as (field, start, end)."""

    place: PlaceMention
    date: DateMention | None
    date_span: DateSpan
    sentence_index: int
    para: int
    attack_types: dict[str, tuple[int, int]] = field(default_factory=dict)
    weapons: dict[str, tuple[int, int]] = field(default_factory=dict)
    actors: dict[str, Labelled] = field(default_factory=dict)
    casualties: list[tuple[int, CasualtyMention]] = field(default_factory=list)   # (sentence index, mention)
    strikes: list[CountMention] = field(default_factory=list)
    targets: list[tuple[Target, tuple[int, int]]] = field(default_factory=list)
    sources: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    sentences: set[int] = field(default_factory=set)
    surroundings: set[str] = field(default_factory=set)   # normalised names of towns around this place
    headline: bool = False                                 # from the title: folds into the body's account
    detail: bool = False                                   # details with no place and no toll: fold or vanish
    named_again: list[tuple[int, int]] = field(default_factory=list)   # the place named again in its sentence

    def spans(self) -> list[tuple[int, int]]:
        """Where the sentence names this incident's place (for the details nearest to it)."""
        return [(self.place.start, self.place.end), *self.named_again]

    @property
    def date_key(self) -> tuple[str | None, str | None, str]:
        return (self.date_span.start, self.date_span.end, self.date_span.precision)

    def concrete(self) -> bool:
        return bool(self.attack_types or self.weapons or self.casualties or self.targets or self.strikes)
