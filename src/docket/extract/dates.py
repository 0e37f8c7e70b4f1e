"""Date expressions in report text, resolved against the publication date.

Rules follow SPEC §1: a weekday is the most recent such day on or before publication; a stated span
("between 7 and 10 September", "over the past week", "since April 4") is a range; a month alone is a
month. dateparser parses the absolute dates it handles well; the relative and range forms it does not
handle (see research/deps.md §3) are rules here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

import dateparser

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
    ("dm", rf"\b({_DAY})\s+({_MONTH})(?:,?\s+({_YEAR}))?"),
    ("month_year", rf"\b(?:in\s+|during\s+)?(?:(early|mid|late)[- ])?({_MONTH})\s+({_YEAR})\b"),
    ("in_month", rf"\b(?:in|during)\s+(?:(early|mid|late)[- ])?({_MONTH})\b(?!\s+\d)"),
    ("early_month", rf"\b(early|mid|late)[- ]({_MONTH})\b"),
    ("past_period", rf"\b(?:over|in|during|for|within)?\s*the\s+(?:past|last|previous)\s+(?:({_NUMWORD})\s+)?(hours?|days?|week|weeks|month|months|24 hours|48 hours)\b"),
    ("last_week", r"\blast\s+(week|month)\b"),
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


def resolve(rule: str, m: re.Match[str], pub: date | None) -> DateSpan:
    """Turn one matched expression into a DateSpan (unknown when it needs a publication date we lack)."""
    t = m.group(0)
    g = m.groups()
    unknown = DateSpan(None, None, "unknown", t)
    if rule == "iso":
        d = _safe(int(g[0]), int(g[1]), int(g[2]))
        return _mk(d, d, "day", t) if d else unknown
    if rule in ("between_mdmd", "between_dmdm"):
        if rule == "between_mdmd":
            m1, d1, y1, m2, d2, y2 = _month(g[0]), _day(g[1]), g[2], _month(g[3]), _day(g[4]), g[5]
        else:
            d1, m1, y1, d2, m2, y2 = _day(g[0]), _month(g[1]), g[2], _day(g[3]), _month(g[4]), g[5]
        ye = int(y2) if y2 else _year_for(m2, d2, pub)
        if ye is None:
            return unknown
        ys = int(y1) if y1 else (ye if (m1, d1) <= (m2, d2) else ye - 1)
        a, b = _safe(ys, m1, d1), _safe(ye, m2, d2)
        return _mk(a, b, "range", t) if a and b and a <= b else unknown
    if rule in ("between_dm", "range_dm", "and_dm"):
        mo = _month(g[2])
        y = int(g[3]) if g[3] else _year_for(mo, _day(g[1]), pub)
        if y is None:
            return unknown
        a, b = _safe(y, mo, _day(g[0])), _safe(y, mo, _day(g[1]))
        return _mk(a, b, "range", t) if a and b and a <= b else unknown
    if rule in ("between_md", "range_md", "and_md"):
        mo = _month(g[0])
        y = int(g[3]) if g[3] else _year_for(mo, _day(g[2]), pub)
        if y is None:
            return unknown
        a, b = _safe(y, mo, _day(g[1])), _safe(y, mo, _day(g[2]))
        return _mk(a, b, "range", t) if a and b and a <= b else unknown
    if rule == "since_date":
        if pub is None:
            return unknown
        inner = _parse_absolute(g[1], pub)
        if inner is None:
            return unknown
        start = date.fromisoformat(inner.start) if inner.start else None
        if g[0] and inner.precision == "month" and start:
            start = _month_span(start.year, start.month, g[0].lower())[0]
        return _mk(start, pub, "range", t) if start and start <= pub else unknown
    if rule == "since_weekday":
        if pub is None:
            return unknown
        d = _weekday(g[0], pub)
        return _mk(d, pub, "range", t)
    if rule == "month_months":
        y = int(g[2])
        a = _month_span(y, _month(g[0]))[0]
        b = _month_span(y, _month(g[1]))[1]
        return _mk(a, b, "range", t)
    if rule in ("md", "dm"):
        mo, dy = (_month(g[0]), _day(g[1])) if rule == "md" else (_month(g[1]), _day(g[0]))
        y = int(g[2]) if g[2] else _year_for(mo, dy, pub)
        if y is None:
            return unknown
        d = _safe(y, mo, dy)
        return _mk(d, d, "day", t) if d else unknown
    if rule == "month_year":
        a, b = _month_span(int(g[2]), _month(g[1]), g[0].lower() if g[0] else None)
        return _mk(a, b, "range" if g[0] else "month", t)
    if rule in ("in_month", "early_month"):
        part, mon = (g[0], g[1])
        mo = _month(mon)
        y = _year_for(mo, 1, pub)
        if y is None:
            return unknown
        a, b = _month_span(y, mo, part.lower() if part else None)
        if pub and b > pub:
            b = pub
        return _mk(a, b, "range" if part or b != _month_span(y, mo)[1] else "month", t)
    if rule == "past_period":
        if pub is None:
            return unknown
        n_raw, unit = g[0], g[1].lower()
        n = int(n_raw) if n_raw and n_raw.isdigit() else _NUMVAL.get((n_raw or "").lower(), 1)
        if unit.startswith("hour") or unit == "24 hours":
            days = 0 if unit.startswith("hour") else 1
        elif unit == "48 hours":
            days = 2
        elif unit.startswith("day"):
            days = n
        elif unit.startswith("week"):
            days = 7 * n
        else:
            days = 30 * n
        return _mk(pub - timedelta(days=days), pub, "range", t)
    if rule == "last_week":
        if pub is None:
            return unknown
        return _mk(pub - timedelta(days=7 if g[0].lower() == "week" else 30), pub, "range", t)
    if rule == "yesterday":
        if pub is None:
            return unknown
        if t.lower() == "yesterday":
            return _mk(pub - timedelta(days=1), pub - timedelta(days=1), "day", t)
        return _mk(pub - timedelta(days=1), pub, "range", t)
    if rule == "today":
        return _mk(pub, pub, "day", t) if pub else unknown
    if rule == "weekday":
        if pub is None:
            return unknown
        d = _weekday(g[0], pub)
        return _mk(d, d, "day", t)
    if rule == "year":
        a = date(int(g[0]), 1, 1)
        b = date(int(g[1] or g[0]), 12, 31)
        return _mk(a, b, "year" if not g[1] else "range", t)
    return unknown


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


def find_dates(text: str, pub: date | None, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date expression between start and end, non-overlapping, resolved against ``pub``."""
    end = len(text) if end is None else end
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    low = ascii_lower(text)   # rules are lower-case; offsets are the text's own
    for rule, rx in RULES:
        for m in rx.finditer(low, start, end):
            a, b = m.start(), m.end()
            while a < b and text[a].isspace():
                a += 1
            if any(not (b <= s or a >= e) for s, e in taken):
                continue
            span = resolve(rule, m, pub)
            span.text = text[m.start():m.end()].strip()
            out.append(DateMention(a, b, text[a:b], span, rule))
            taken.append((a, b))
    out.sort(key=lambda d: d.start)
    return out
