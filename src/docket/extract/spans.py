"""Which characters of a text are already taken by a match: overlap tests in time proportional to the match,
not to the number of earlier matches (recognisers stay linear on long reports)."""

from __future__ import annotations


class Covered:
    """A mark per character of ``text[start:end]``, by label ("" when the label does not matter)."""

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self._marks: dict[str, bytearray] = {}
        self._size = max(0, end - start)

    def _row(self, label: str) -> bytearray:
        row = self._marks.get(label)
        if row is None:
            row = self._marks[label] = bytearray(self._size)
        return row

    def overlaps(self, a: int, b: int, label: str = "") -> bool:
        return any(self._row(label)[max(0, a - self.start):max(0, b - self.start)])

    def take(self, a: int, b: int, label: str = "") -> None:
        lo, hi = max(0, a - self.start), max(0, b - self.start)
        self._row(label)[lo:hi] = b"\x01" * (hi - lo)
