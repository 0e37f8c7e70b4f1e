"""Date expressions in report text, resolved against the publication date.

Rules follow SPEC §1: a weekday is the most recent such day on or before publication; a stated span
("between 7 and 10 September", "over the past week", "since April 4") is a range; a month alone is a
month. dateparser parses the absolute dates it handles well; the relative and range forms it does not
handle (see research/deps.md §3) are rules here.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

import dateparser

from docket.extract.spans import Covered
from docket.model import DateSpan
from docket.vocab import ascii_lower, lower_pattern

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMWORD = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty|few|several)"
_NUMVAL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12, "fourteen": 14, "thirty": 30, "few": 3, "several": 3}

# Each rule: (name, regex). Order matters: earlier rules win on overlapping text.
RULES: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(lower_pattern(rx))) for name, rx in [
    ("iso", rf"\b({_YEAR})-(\d\d)-(\d\d)\b"),
    ("between_mdmd", rf"\b(?:between|from)\s+({_MONTH})\s+({_DAY})(?:,?\s+({_YEAR}))?\s+(?:and|to|until|till)\s+({_MONTH})\s+({_DAY})(?:,?\s+({_YEAR}))?"),
    ("between_dmdm", rf"\b(?:between|from)\s+({_DAY})\s+({_MONTH})(?:,?\s+({_YEAR}))?\s+(?:and|to|until|till)\s+({_DAY})\s+({_MONTH})(?:,?\s+({_YEAR}))?"),
    ("and_dm", rf"\b({_DAY})\s+and\s+({_DAY})\s+({_MONTH})(?:,?\s+({_YEAR}))?"),
    ("and_md", rf"\b({_MONTH})\s+({_DAY})\s+and\s+({_DAY})(?:,?\s+({_YEAR}))?"),
    ("between_dm", rf"\bbetween\s+({_DAY})\s+and\s+({_DAY})\s+({_MONTH})(?:,?\s+({_YEAR}))?"),
    ("between_md", rf"\bbetween\s+({_MONTH})\s+({_DAY})\s*(?:and|-|–)\s*({_DAY})(?:,?\s+({_YEAR}))?"),
    ("range_md", rf"\b({_MONTH})\s+({_DAY})\s*(?:-|–|to)\s*({_DAY})(?:,?\s+({_YEAR}))?\b"),
    ("range_dm", rf"\b({_DAY})\s*(?:-|–|to)\s*({_DAY})\s+({_MONTH})(?:,?\s+({_YEAR}))?\b"),
    ("since_date", rf"\bsince\s+(?:the\s+)?(?:(early|mid|late)[- ])?({_MONTH}(?:\s+{_DAY})?(?:,?\s+{_YEAR})?|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?)"),
    ("since_weekday", rf"\bsince\s+(?:last\s+)?({_WEEKDAY})"),
    ("month_months", rf"\bin\s+({_MONTH})\s+and\s+({_MONTH})\s+({_YEAR})"),
    ("md", rf"\b({_MONTH})\s+({_DAY})(?:,?\s+({_YEAR}))?(?![\d:])"),
    # ("the 3rd of May"; never "12 of Mayadin's residents", "12 Marines")
    ("dm", rf"\b({_DAY}|(?:[0-2]?\d|3[01])(?:st|nd|rd|th)\s+of)\s+({_MONTH})(?![a-z])(?:,?\s+({_YEAR}))?"),
    # "on the 14th", "on the night of the 5th": the day of a month the text has named, else of the latest month (not
    # "the 14th floor", "on the 4th-floor", "the 5th, 6th and 7th battalions", "the 5th of May")
    ("ordinal_day", rf"\bon\s+the\s+(?:night\s+of\s+the\s+)?([0-2]?\d|3[01])(?:st|nd|rd|th)\b"
                    rf"(?!\s+(?:of\s+)?{_MONTH})(?!\s+[a-z])(?![-–]|,?\s+(?:and\s+)?\d)"),
    ("season", rf"\b(?:the\s+)?(spring|summer|autumn|fall|winter)\s+of\s+({_YEAR})\b"),
    ("month_year", rf"\b(?:in\s+|during\s+)?(?:(early|mid|late)[- ])?({_MONTH})\s+({_YEAR})\b"),
    ("last_month_name", rf"\blast\s+({_MONTH})\b(?!\s+\d)"),
    ("in_month", rf"\b(?:in|during)\s+(?:(early|mid|late)[- ])?({_MONTH})\b(?!\s+\d)"),
    ("early_month", rf"\b(early|mid|late)[- ]({_MONTH})\b"),
    ("past_period", rf"\b(?:over|in|during|for|within)?\s*the\s+(?:past|last|previous)\s+(?:({_NUMWORD})\s+)?(hours?|days?|week|weeks|month|months|24 hours|48 hours)\b"),
    ("last_week", r"\blast\s+(week|month)\b"),
    ("last_year", r"\blast\s+year\b"),
    # "The following day, ...", "Two days later, ...", "A day earlier, ..." opening a sentence: a day counted from
    # the date in force (the context resolves it; alone it is unknown)
    ("relative_day", r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:the\s+(?:following|next)\s+(?:day|morning|night|evening|afternoon)|"
                     r"(?:a|one|two|three|four|five|six|seven)\s+days?\s+(?:later|after|earlier|before))\b"),
    ("yesterday", r"\b(?:yesterday|last night|overnight)\b"),
    ("today", r"\b(?:today|this (?:morning|afternoon|evening)|tonight|earlier today)\b"),
    ("weekday", rf"\b(?:(?:last|this|on|early|late)\s+)?(?:(?:the\s+)?(?:early\s+)?(?:morning|evening|night|afternoon|dawn)\s+(?:hours\s+)?of\s+)?({_WEEKDAY})(?:’s|'s)?\b"),
    ("year", rf"\bin\s+({_YEAR})(?:\s+and\s+({_YEAR}))?\b"),
]]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    span: DateSpan          # resolved (precision 'unknown' when it cannot be resolved)
    rule: str


def _mk(s: date, e: date, precision: str, text: str) -> DateSpan:
    if s == e and precision == "range":
        precision = "day"
    return DateSpan(s.isoformat(), e.isoformat(), precision, text)  # type: ignore[arg-type]


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")[:4] if s.lower().startswith("sept") else s.lower().rstrip(".")[:3]]


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group())  # type: ignore[union-attr]


def _year_for(month: int, day: int, pub: date | None) -> int | None:
    """Year of a year-less date: the publication year, or the year before if that would be after publication."""
    if pub is None:
        return None
    try:
        d = date(pub.year, month, min(day, calendar.monthrange(pub.year, month)[1]))
    except ValueError:
        return None
    return pub.year if d <= pub + timedelta(days=1) else pub.year - 1


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_span(y: int, m: int, part: str | None = None) -> tuple[date, date]:
    last = calendar.monthrange(y, m)[1]
    if part == "early":
        return date(y, m, 1), date(y, m, 10)
    if part == "mid":
        return date(y, m, 11), date(y, m, 20)
    if part == "late":
        return date(y, m, 21), date(y, m, last)
    return date(y, m, 1), date(y, m, last)


Resolver = Callable[[tuple[Any, ...], str, "date | None"], "DateSpan | None"]


def resolve(rule: str, m: re.Match[str], pub: date | None) -> DateSpan:
    """Turn one matched expression into a DateSpan (unknown when it needs a publication date we lack)."""
    t = m.group(0)
    span = RESOLVERS[rule](m.groups(), t, pub)
    return span if span is not None else DateSpan(None, None, "unknown", t)


def _r_iso(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    d = _safe(int(g[0]), int(g[1]), int(g[2]))
    return _mk(d, d, "day", t) if d else None


def _r_between_full(g: tuple[Any, ...], t: str, pub: date | None, month_first: bool) -> DateSpan | None:
    if month_first:
        m1, d1, y1, m2, d2, y2 = _month(g[0]), _day(g[1]), g[2], _month(g[3]), _day(g[4]), g[5]
    else:
        d1, m1, y1, d2, m2, y2 = _day(g[0]), _month(g[1]), g[2], _day(g[3]), _month(g[4]), g[5]
    ye = int(y2) if y2 else _year_for(m2, d2, pub)
    if ye is None:
        return None
    ys = int(y1) if y1 else (ye if (m1, d1) <= (m2, d2) else ye - 1)
    a, b = _safe(ys, m1, d1), _safe(ye, m2, d2)
    return _mk(a, b, "range", t) if a and b and a <= b else None


def _r_day_range(g: tuple[Any, ...], t: str, pub: date | None, month_first: bool) -> DateSpan | None:
    """"12 and 13 March", "March 12-13", "between 7 and 10 September"."""
    mo, d1, d2 = (_month(g[0]), _day(g[1]), _day(g[2])) if month_first else (_month(g[2]), _day(g[0]), _day(g[1]))
    y = int(g[3]) if g[3] else _year_for(mo, d2, pub)
    if y is None:
        return None
    a, b = _safe(y, mo, d1), _safe(y, mo, d2)
    return _mk(a, b, "range", t) if a and b and a <= b else None


def _r_since_date(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    inner = _parse_absolute(g[1], pub) if pub else None
    if pub is None or inner is None or inner.start is None:
        return None
    start = date.fromisoformat(inner.start)
    if g[0] and inner.precision == "month":
        start = _month_span(start.year, start.month, g[0].lower())[0]
    return _mk(start, pub, "range", t) if start <= pub else None


def _r_since_weekday(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    return _mk(_weekday(g[0], pub), pub, "range", t) if pub else None


def _r_month_months(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    y = int(g[2])
    return _mk(_month_span(y, _month(g[0]))[0], _month_span(y, _month(g[1]))[1], "range", t)


def _r_day(g: tuple[Any, ...], t: str, pub: date | None, month_first: bool) -> DateSpan | None:
    mo, dy = (_month(g[0]), _day(g[1])) if month_first else (_month(g[1]), _day(g[0].split()[0]))
    y = int(g[2]) if g[2] else _year_for(mo, dy, pub)
    d = _safe(y, mo, dy) if y is not None else None
    return _mk(d, d, "day", t) if d else None


def _r_ordinal_day(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    """The most recent such day of a month on or before publication (as for a weekday)."""
    if pub is None:
        return None
    y, mo = pub.year, pub.month
    for _ in range(3):   # (the 31st of a shorter month: the month before that)
        if int(g[0]) <= pub.day or (y, mo) != (pub.year, pub.month):
            d = _safe(y, mo, int(g[0]))
            if d is not None:
                return _mk(d, d, "day", t)
        y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    return None


def _r_month_year(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    a, b = _month_span(int(g[2]), _month(g[1]), g[0].lower() if g[0] else None)
    return _mk(a, b, "range" if g[0] else "month", t)


def _r_in_month(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    part, mo = g[0], _month(g[1])
    y = _year_for(mo, 1, pub)
    if y is None:
        return None
    a, b = _month_span(y, mo, part.lower() if part else None)
    if pub and b > pub:
        b = pub
    return _mk(a, b, "range" if part or b != _month_span(y, mo)[1] else "month", t)


def _r_last_month_name(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    """"last April": the most recent April before the publication month (D: background dated, not today's)."""
    if pub is None:
        return None
    mo = _month(g[0])
    y = pub.year if mo < pub.month else pub.year - 1
    a, b = _month_span(y, mo)
    return _mk(a, b, "month", t)


_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}


def _r_season(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    """"the summer of 2013": the season's months in that year (winter runs into the next year)."""
    first, last = _SEASONS[g[0].lower()]
    y = int(g[1])
    a = _month_span(y, first)[0]
    b = _month_span(y + (last - 1) // 12, (last - 1) % 12 + 1)[1]
    return _mk(a, b, "range", t)


def _r_past_period(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    if pub is None:
        return None
    n_raw, unit = g[0], g[1].lower()
    n = int(n_raw) if n_raw and n_raw.isdigit() else _NUMVAL.get((n_raw or "").lower(), 1)
    if unit.startswith("hour") or unit in ("24 hours", "48 hours"):
        days = {"24 hours": 1, "48 hours": 2}.get(unit, 0)
    else:
        days = n * {"d": 1, "w": 7}.get(unit[0], 30)
    return _mk(pub - timedelta(days=days), pub, "range", t)


def _r_last_week(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    return _mk(pub - timedelta(days=7 if g[0].lower() == "week" else 30), pub, "range", t) if pub else None


def _r_last_year(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    """"last year": the calendar year before the publication's."""
    return _mk(date(pub.year - 1, 1, 1), date(pub.year - 1, 12, 31), "year", t) if pub else None


def relative_days(text: str) -> int:
    """How many days "The following day", "Two days later", "A day earlier" count from the date in force."""
    t = text.lower()
    words = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
    n = 1 if re.match(r"the\s", t) else words.get(t.split()[0], 1)
    return -n if re.search(r"\b(?:earlier|before)\b", t) else n


def _r_relative_day(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    return None   # (counted from the day in force: context.DocContext.count_relative_days)


def _r_yesterday(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    if pub is None:
        return None
    day_before = pub - timedelta(days=1)
    return _mk(day_before, day_before, "day", t) if t.lower() == "yesterday" else _mk(day_before, pub, "range", t)


def _r_today(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    return _mk(pub, pub, "day", t) if pub else None


def _r_weekday(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    if pub is None:
        return None
    d = _weekday(g[0], pub)
    return _mk(d, d, "day", t)


def _r_year(g: tuple[Any, ...], t: str, pub: date | None) -> DateSpan | None:
    return _mk(date(int(g[0]), 1, 1), date(int(g[1] or g[0]), 12, 31), "year" if not g[1] else "range", t)


RESOLVERS: dict[str, Resolver] = {
    "iso": _r_iso,
    "between_mdmd": partial(_r_between_full, month_first=True),
    "between_dmdm": partial(_r_between_full, month_first=False),
    "between_dm": partial(_r_day_range, month_first=False),
    "range_dm": partial(_r_day_range, month_first=False),
    "and_dm": partial(_r_day_range, month_first=False),
    "between_md": partial(_r_day_range, month_first=True),
    "range_md": partial(_r_day_range, month_first=True),
    "and_md": partial(_r_day_range, month_first=True),
    "since_date": _r_since_date,
    "since_weekday": _r_since_weekday,
    "month_months": _r_month_months,
    "md": partial(_r_day, month_first=True),
    "dm": partial(_r_day, month_first=False),
    "ordinal_day": _r_ordinal_day,
    "month_year": _r_month_year,
    "in_month": _r_in_month,
    "early_month": _r_in_month,
    "last_month_name": _r_last_month_name,
    "last_year": _r_last_year,
    "season": _r_season,
    "past_period": _r_past_period,
    "last_week": _r_last_week,
    "relative_day": _r_relative_day,
    "yesterday": _r_yesterday,
    "today": _r_today,
    "weekday": _r_weekday,
    "year": _r_year,
}


def _weekday(name: str, pub: date) -> date:
    back = (pub.weekday() - WEEKDAYS[name.lower()]) % 7
    return pub - timedelta(days=back)


def _parse_absolute(s: str, pub: date | None) -> DateSpan | None:
    """An absolute date or month ('April 4', '4 April 2017', 'June 2017', 'early June') via dateparser."""
    has_day = bool(re.search(r"\d{1,2}(?!\d)", re.sub(_YEAR, "", s)))
    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if pub:
        from datetime import datetime

        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    parsed = dateparser.parse(s, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    d = parsed.date()
    if not re.search(_YEAR, s) and pub is None:
        return None
    if has_day:
        return _mk(d, d, "day", s)
    a, b = _month_span(d.year, d.month)
    return _mk(a, b, "month", s)


def _in_month_named(before: list[DateMention], day: int, pub: date | None) -> DateSpan | None:
    """The day ``day`` of the month of the last of the dates ``before`` that names one (a day, a month or a range
    within one month), when that day is not after publication."""
    before = [d for d in before if d.span.start and d.span.end and d.rule != "ordinal_day"
              and d.span.start[:7] == d.span.end[:7]]
    last = before[-1].span.start if before else None
    if not last:
        return None
    y, mo = int(last[:4]), int(last[5:7])
    d = _safe(y, mo, day)
    return _mk(d, d, "day", "") if d is not None and (pub is None or d <= pub) else None


def find_dates(text: str, pub: date | None, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date expression between start and end, non-overlapping, resolved against ``pub``."""
    end = len(text) if end is None else end
    out: list[DateMention] = []
    taken = Covered(start, end)
    low = ascii_lower(text)   # rules are lower-case; offsets are the text's own
    for rule, rx in RULES:
        for m in rx.finditer(low, start, end):
            a, b = m.start(), m.end()
            while a < b and text[a].isspace():
                a += 1
            if taken.overlaps(a, b):
                continue
            span = resolve(rule, m, pub)
            span.text = text[m.start():m.end()].strip()
            out.append(DateMention(a, b, text[a:b], span, rule))
            taken.take(a, b)
    out.sort(key=lambda d: d.start)
    for i, d in enumerate(out):   # ("In April, ... On the 14th": April 14)
        if d.rule == "ordinal_day" and (named := _in_month_named(out[:i], int(re.sub(r"\D", "", d.text)), pub)):
            out[i] = DateMention(d.start, d.end, d.text, DateSpan(named.start, named.end, "day", d.span.text), d.rule)
    return out
