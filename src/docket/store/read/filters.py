"""The docket's filters: one dataclass and one parse-and-validate, shared by the CLI, the web pages and the API.

Filters combine with AND; a tuple of values within one filter combines with OR. Every raw value (a query
string, a command-line option) goes through :func:`parse_filters`, which raises :class:`FilterError` with one
line naming the parameter, the value and what was expected; nothing reaches SQL unvalidated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlencode

from docket.store.schema import REVIEW_STATUSES

# Largest number a count filter or an offset may be: what every database stores in an INTEGER column.
MAX_INT = 2**31 - 1
MAX_TEXT = 500      # longest search text / filter value


@dataclass(frozen=True)
class Filters:
    date_from: str | None = None          # YYYY-MM-DD: the case/incident date range overlaps [from, to]
    date_to: str | None = None
    country: tuple[str, ...] = ()         # ISO alpha-2
    admin1: tuple[str, ...] = ()          # governorate (as the gazetteer names it); case-insensitive
    actor: tuple[str, ...] = ()
    attack_type: tuple[str, ...] = ()
    weapon: tuple[str, ...] = ()
    target_type: tuple[str, ...] = ()
    min_killed: int | None = None         # best (else low) killed at least this
    min_injured: int | None = None
    source: tuple[str, ...] = ()          # a reporting source or publisher name, case-insensitive substring
    single_source: bool | None = None     # True: only single-source cases; False: only corroborated
    review_status: tuple[str, ...] = ()
    language: tuple[str, ...] = ()       # the report's language as ingest recorded it (ISO 639-1: en, ar)
    text: str | None = None               # full-text search over report text and title
    document_id: str | None = None
    case_id: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, ()) for f in fields(self))


class FilterError(ValueError):
    """A filter value that cannot be used: ``name=value: expected ...`` in one line."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        self.name, self.value, self.expected = name, value, expected
        super().__init__(f"{name}={value!r}: expected {expected}")


# public parameter name (URL query string) -> Filters field; the CLI passes its own option names
PARAMS: dict[str, str] = {
    "date_from": "date_from", "date_to": "date_to", "country": "country", "admin1": "admin1",
    "actor": "actor", "attack_type": "attack_type", "weapon": "weapon", "target_type": "target_type",
    "min_killed": "min_killed", "min_injured": "min_injured", "source": "source",
    "single_source": "single_source", "status": "review_status", "language": "language", "q": "text",
}
MULTI = frozenset({"country", "admin1", "actor", "attack_type", "weapon", "target_type", "source",
                   "review_status", "language"})
Raw = str | int | bool | Iterable[str] | None


def parse_date(name: str, value: str | None) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise FilterError(name, value, "a date YYYY-MM-DD") from None


def parse_int(name: str, value: str | int | None, low: int = 0, high: int = MAX_INT) -> int | None:
    """A whole number in [low, high]; ``None`` for an empty value."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    try:
        n = int(str(value).strip()) if len(str(value)) <= 30 else None
    except ValueError:
        n = None
    if n is None:
        raise FilterError(name, value, "a whole number")
    if not low <= n <= high:
        raise FilterError(name, value, f"a number from {low:,} to {high:,}")
    return n


def parse_bool(name: str, value: str | bool | None) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    v = value.strip().lower()
    if not v:
        return None
    if v in ("yes", "true", "1", "single"):
        return True
    if v in ("no", "false", "0", "corroborated"):
        return False
    raise FilterError(name, value, "yes or no")


def _multi(name: str, values: Raw) -> tuple[str, ...]:
    if values is None:
        return ()
    items = [values] if isinstance(values, str) else list(values)  # type: ignore[arg-type]
    out = []
    for v in items:
        s = str(v).strip()
        if not s:
            continue
        if len(s) > MAX_TEXT or not s.isprintable():
            raise FilterError(name, v, f"one line of at most {MAX_TEXT} characters")
        out.append(s)
    return tuple(dict.fromkeys(out))


def _text(name: str, value: Raw) -> str | None:
    vals = _multi(name, value)
    return " ".join(vals) or None


def parse_filters(raw: Mapping[str, Raw], names: Mapping[str, str] | None = None) -> Filters:
    """Filters from raw values keyed by ``Filters`` field name; ``names`` gives the name a user typed for each
    field (``--since`` on the command line, ``date_from`` in a URL) for the error line."""
    shown = {attr: param for param, attr in PARAMS.items()} | dict(names or {})

    def n(attr: str) -> str:
        return shown.get(attr, attr)

    out: dict[str, Any] = {}
    for f in fields(Filters):
        value = raw.get(f.name)
        if f.name in ("date_from", "date_to"):
            out[f.name] = parse_date(n(f.name), value)  # type: ignore[arg-type]
        elif f.name in ("min_killed", "min_injured"):
            out[f.name] = parse_int(n(f.name), value)  # type: ignore[arg-type]
        elif f.name == "single_source":
            out[f.name] = parse_bool(n(f.name), value)  # type: ignore[arg-type]
        elif f.name in MULTI:
            out[f.name] = _multi(n(f.name), value)
        else:
            out[f.name] = _text(n(f.name), value)
    out["country"] = tuple(c.upper() for c in out["country"])
    out["language"] = tuple(x.lower() for x in out["language"])
    bad = [s for s in out["review_status"] if s not in REVIEW_STATUSES]
    if bad:
        raise FilterError(n("review_status"), bad[0], "one of " + ", ".join(REVIEW_STATUSES))
    if out["date_from"] and out["date_to"] and out["date_from"] > out["date_to"]:
        raise FilterError(n("date_to"), out["date_to"], f"a date on or after {out['date_from']}")
    return Filters(**out)


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


MAX_LIMIT = 1000
MAX_OFFSET = 10**9


def parse_page(limit: str | int | None, offset: str | int | None, default: int = 50) -> Page:
    return Page(parse_int("limit", limit, 1, MAX_LIMIT) or default, parse_int("offset", offset, 0, MAX_OFFSET) or 0)


def query_pairs(flt: Filters) -> list[tuple[str, str]]:
    """The URL query-string pairs that give back ``flt`` (inverse of :func:`parse_filters`)."""
    out: list[tuple[str, str]] = []
    for param, attr in PARAMS.items():
        value = getattr(flt, attr)
        if value in (None, ()):
            continue
        if isinstance(value, tuple):
            out.extend((param, v) for v in value)
        elif isinstance(value, bool):
            out.append((param, "yes" if value else "no"))
        else:
            out.append((param, str(value)))
    return out


def query_string(flt: Filters, **extra: str | int | None) -> str:
    pairs = query_pairs(flt) + [(k, str(v)) for k, v in extra.items() if v not in (None, "")]
    return urlencode(pairs)
