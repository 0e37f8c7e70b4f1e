"""Evidence highlighting: the report text cut at every evidence boundary, server-side.

The template escapes each piece of text; no markup from the report ever reaches the page unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    key: str          # anchor id on the page, e.g. "ev-0-3" (incident 0, evidence row 3)
    field: str        # the evidence field as stored, e.g. "casualties[1]"
    start: int
    end: int
    owner: str        # what the span belongs to, e.g. "incident 1" or "aggregate 1"

    @property
    def kind(self) -> str:
        """The field's base name (``casualties[1]`` → ``casualties``), used for its colour."""
        return self.field.split("[", 1)[0].split(".", 1)[0]


@dataclass
class Segment:
    text: str
    spans: list[Span] = field(default_factory=list)   # spans covering this piece (outermost first)
    opens: list[Span] = field(default_factory=list)   # spans starting at this piece (for anchors)

    @property
    def kind(self) -> str | None:
        """The colour of the innermost covering span."""
        return self.spans[-1].kind if self.spans else None

    @property
    def kinds(self) -> list[str]:
        return list(dict.fromkeys(s.kind for s in self.spans))

    def label(self) -> str:
        return "; ".join(f"{s.owner}: {s.field}" for s in self.spans)


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece knows which spans cover it."""
    n = len(text)
    good = sorted((s for s in spans if 0 <= s.start < s.end <= n), key=lambda s: (s.start, -s.end, s.key))
    cuts = sorted({0, n} | {s.start for s in good} | {s.end for s in good})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in good if s.start <= a and s.end >= b]
        covering.sort(key=lambda s: (s.start, -s.end))  # outermost first
        out.append(Segment(text[a:b], covering, [s for s in good if s.start == a]))
    if not out:
        out.append(Segment(text))
    return out
