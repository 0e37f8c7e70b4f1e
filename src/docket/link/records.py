"""What linking needs to know about one stored incident (a small, picklable record).

Besides the extraction's own fields, a record keeps what a partial date still tells: the month and day of
"On April 4" (no year), the weekday of "on Tuesday", and the document's publication date, which bounds
when the event can have happened. Place names, facility names and skeletons are keys of
:func:`docket.text.names.place_key`, so linking and geocoding agree on what "the same name" is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from docket.link.rules import casualty_bounds_table, default_rules
from docket.model import Casualty, Incident, Total
from docket.text.names import latin_skeletons, place_key


@dataclass(frozen=True, slots=True)
class Bounds:
    """What one incident states for one outcome: the count it gives and the bounds the wording implies."""

    count: int | None
    low: int | None
    high: int | None


def _from_total(total: Total) -> Bounds:
    rule = casualty_bounds_table().get(total.qualifier) or casualty_bounds_table()["exact"]
    n = total.count
    if n is None:
        return Bounds(None, None, None)

    def bound(factor: float | None, add: float | None) -> int | None:
        return None if factor is None else int(n * factor + (add or 0))

    return Bounds(n, bound(rule["low_factor"], rule["low_add"]), bound(rule["high_factor"], rule["high_add"]))


def _from_rows(rows: list[Casualty]) -> Bounds | None:
    if not rows:
        return None
    counts = [r.count for r in rows if r.count is not None]
    lows = [r.low for r in rows if r.low is not None]
    highs = [r.high for r in rows if r.high is not None]
    if not (counts or lows or highs):
        return None
    return Bounds(max(counts) if counts else None, max(lows) if lows else None, max(highs) if highs else None)


def outcome_bounds(incident: Incident, outcome: str) -> Bounds | None:
    """The incident's stated figure for ``killed``/``injured``/... (its total if given, else its largest row)."""
    rows = [c for c in incident.casualties if c.outcome == outcome]
    total = {"killed": incident.killed, "injured": incident.injured}.get(outcome)
    if total is not None and total.count is not None:
        b = _from_total(total)
        row = _from_rows(rows)
        if row is not None and b.low is None and row.low is not None:
            b = Bounds(b.count, row.low, b.high)
        return b
    return _from_rows(rows)


# -- dates ----------------------------------------------------------------------------------------------------
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MD_RE = re.compile(rf"\b(?:({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                    rf"({_MONTH_RE}))\b", re.I)
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def published_window(published: str | None) -> tuple[int, int] | None:
    """The days a publication date allows: one day, or every day of "2022-04" (a month) or "2017" (a year)."""
    if not published:
        return None
    p = published.strip()
    day = _day(p) if len(p) >= 10 else None
    if day:
        return day.toordinal(), day.toordinal()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", p[:7])
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1).toordinal(), dt.date(year, month, last).toordinal()
    return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()


def month_day(text: str | None) -> tuple[int, int] | None:
    """(month, day) of a date text that names both ("April 4", "4th of April"), year or not."""
    if not text:
        return None
    m = _MD_RE.search(text)
    if not m:
        return None
    month = _MONTHS[(m.group(1) or m.group(4)).lower()]
    day = int(m.group(2) or m.group(3))
    return (month, day) if 1 <= day <= calendar.monthrange(2000, month)[1] else None


def weekday(text: str | None) -> int | None:
    """0 (Monday) .. 6 of the one weekday a date text names ("late Wednesday"); None for none or several."""
    if not text:
        return None
    found = {_WEEKDAYS[w.lower()] for w in _WEEKDAY_RE.findall(text)}
    return found.pop() if len(found) == 1 else None


def _latest_on_or_before(md: tuple[int, int], last: int) -> int | None:
    """The latest date with month/day ``md`` on or before the ordinal ``last``."""
    end = dt.date.fromordinal(last)
    for year in (end.year, end.year - 1, end.year - 2, end.year - 3, end.year - 4):
        try:
            d = dt.date(year, *md)
        except ValueError:  # 29 February
            continue
        if d <= end:
            return d.toordinal()
    return None


@dataclass(frozen=True, slots=True)
class When:
    """What is known of an incident's date, graded.

    ``kind``: ``exact`` (a day or a short stated range), ``month``, ``year``, ``partial`` (month and day,
    the year taken from the publication date), ``published`` (no date: the days before publication),
    ``none``. ``lo``/``hi`` are date ordinals (None for ``none``). ``md`` and ``weekday`` come from the
    date text; ``not_after`` is the last day of the publication window (an event cannot follow its report)."""

    kind: str
    lo: int | None = None
    hi: int | None = None
    md: tuple[int, int] | None = None
    weekday: int | None = None
    not_after: int | None = None

    @property
    def single_day(self) -> int | None:
        return self.lo if self.lo is not None and self.lo == self.hi and self.kind in ("exact", "partial") else None


def when_of(incident: Incident, published: str | None, rules: dict | None = None) -> When:
    """Grade the date evidence of ``incident`` in a document published on ``published`` (may be None)."""
    r = (rules or default_rules())["date"]
    d = incident.date
    pub = published_window(published)
    not_after = pub[1] if pub else None
    start, end = _day(d.start), _day(d.end or d.start)
    md = month_day(d.text)
    wd = weekday(d.text)
    if start and end:
        lo, hi = start.toordinal(), end.toordinal()
        if lo == hi:
            wd = start.weekday()
            md = (start.month, start.day)
        if d.precision in ("day", "range") and hi - lo <= r["max_range_days"]:
            return When("exact", lo, hi, md, wd, not_after)
        return When("year" if d.precision == "year" or hi - lo > 62 else "month", lo, hi, md, wd, not_after)
    if md and pub:
        day = _latest_on_or_before(md, pub[1])
        if day is not None and pub[1] - day <= r["partial_max_days_before_published"]:
            return When("partial", day, day, md, wd, not_after)
    if pub:
        lo = pub[0] - r["published_window_days"]
        return When("published", lo, pub[1], md, wd, not_after)
    return When("none", None, None, md, wd, None)


# -- the record -------------------------------------------------------------------------------------------------
def name_keys_of(names: tuple[str, ...]) -> frozenset[str]:
    """Blocking keys of place names: their place keys and consonant skeletons (of two consonants or more)."""
    out: set[str] = set()
    for n in names:
        k = place_key(n)
        if k:
            out.add("k:" + k)
        out |= {"s:" + s for s in latin_skeletons(n, fused=True) if len(s) >= 2}
    return frozenset(out)


def facility_keys(incident: Incident, rules: dict | None = None) -> frozenset[str]:
    """The facilities an incident's targets name: ``name:TYPE:KEY`` for a named one, the place key of its name
    without generic facility words and the town's own name ("al-Quds field hospital" -> "name:medical:quds"),
    and ``kind:KIND`` for the kind of facility its words say ("Kramatorsk railway station" -> "kind:station")."""
    r = (rules or default_rules())["facility"]
    generic = set(r["generic_words"])
    kinds = _kind_keys(tuple((kind, tuple(words)) for kind, words in r["kinds"].items()))
    loc = incident.location
    town = {place_key(n) for n in ((loc.name, loc.canonical) if loc else ()) if n}
    out = set()
    for t in incident.targets:
        if not t.name:
            continue
        words = [re.sub(r"['’]s$", "", w) for w in re.split(r"[^\w'’-]+", t.name) if w]
        keys = [place_key(w) for w in words]
        out |= {"kind:" + kinds[k] for k in keys if k in kinds}
        kept = [w for w, k in zip(words, keys, strict=True) if k and k not in generic and k not in kinds and k not in town]
        key = place_key(" ".join(kept)) if kept else ""
        if len(key) >= r["min_key_length"]:
            out.add(f"name:{t.type}:{key}")
    return frozenset(out)


@functools.cache
def _kind_keys(kinds: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    """place key of a facility word -> its kind (``facility.kinds``), computed once per table."""
    return {place_key(w): kind for kind, words in kinds for w in words}


@dataclass(slots=True)
class LinkRecord:
    """One incident as the linker sees it."""

    incident_id: str
    document_id: str
    copy_group: str                      # text hash: copies of one text share it
    when: When
    country: str | None
    gazetteer_id: str | None
    lat: float | None
    lon: float | None
    names: tuple[str, ...]               # surface name and canonical name
    place_precision: str | None
    place_keys: frozenset[str] = frozenset()
    attack_types: frozenset[str] = frozenset()
    weapons: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    facilities: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    killed: Bounds | None = None
    case_id: str | None = None
    pinned: bool = False
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_incident(cls, incident: Incident, document_id: str, copy_group: str,
                      published: str | None = None, rules: dict | None = None) -> LinkRecord:
        loc = incident.location
        names = tuple(dict.fromkeys(n for n in ((loc.name, loc.canonical) if loc else ()) if n))
        return cls(
            incident_id=incident.id, document_id=document_id, copy_group=copy_group,
            when=when_of(incident, published, rules),
            country=loc.country if loc else None, gazetteer_id=loc.gazetteer_id if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None, names=names,
            place_precision=loc.precision if loc else None, place_keys=name_keys_of(names),
            attack_types=frozenset(incident.attack_types), weapons=frozenset(incident.weapons),
            targets=frozenset(t.type for t in incident.targets), facilities=facility_keys(incident, rules),
            actors=frozenset(a.name for a in incident.actors), killed=outcome_bounds(incident, "killed"),
        )

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def placed(self) -> bool:
        return bool(self.names or self.located or self.gazetteer_id)
