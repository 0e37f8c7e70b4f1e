"""Full calendar dates in text: find them, tell ambiguous numeric dates apart, normalise to ISO."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from docket.ingest.lexicon import Lexicon, load_lexicon


@dataclass(frozen=True)
class DateMatch:
    iso: str | None        # None when the date is ambiguous (12/03/2019) or impossible (31 February)
    start: int
    end: int


def _to_iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _match_to_iso(m: re.Match[str], lex: Lexicon) -> str | None:
    g = m.groupdict()
    if g.get("y"):
        return _to_iso(int(g["y"]), lex.month_numbers[g["m"].lower()], int(g["d"]))
    if g.get("y2"):
        return _to_iso(int(g["y2"]), lex.month_numbers[g["m2"].lower()], int(g["d2"]))
    if g.get("y3"):
        return _to_iso(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    a, b, year = int(g["a4"]), int(g["b4"]), int(g["y4"])
    if a == b or (a > 12 >= b):      # day first (or both the same)
        return _to_iso(year, b, a)
    if b > 12 >= a:                  # month first (US)
        return _to_iso(year, a, b)
    return None                      # 12/03/2019: day-first or month-first, nothing to tell which


def iter_dates(text: str, lex: Lexicon | None = None) -> Iterator[DateMatch]:
    """Every full date (day, month and year) in ``text``, in order."""
    lex = lex or load_lexicon()
    for m in lex.date_re.finditer(text):
        yield DateMatch(_match_to_iso(m, lex), m.start(), m.end())


def parse_date(value: str, lex: Lexicon | None = None) -> str | None:
    """An ISO date from a metadata value ("2019-03-03T10:00:00Z", "March 3, 2019", "3 Mar 2019"), or None."""
    lex = lex or load_lexicon()
    for found in iter_dates(value.strip(), lex):
        return found.iso
    return None
