"""Loads the ingest lexicon (``data/ingest.yaml``) once into an immutable object."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

#: a full date with a month name or all-numeric; groups d, m (name or number), y
_DMY = r"(?P<d>{day})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/]+(?P<m>{month})\.?,?[\s\-/]+(?P<y>{year})"
_MDY = r"(?P<m2>{month})\.?[\s\-/]+(?P<d2>{day})(?:st|nd|rd|th)?,?\s+(?P<y2>{year})"
_ISO = r"(?P<y3>{year})[\-/.](?P<m3>[01]?\d)[\-/.](?P<d3>[0-3]?\d)"
_NUM = r"(?P<a4>[0-3]?\d)[/.\-](?P<b4>[0-3]?\d)[/.\-](?P<y4>{year})"
_DAY = r"[0-3]?\d"
_YEAR = r"(?:19|20)\d\d"


@dataclass(frozen=True)
class Lexicon:
    raw: dict[str, Any]
    month_numbers: dict[str, int]
    date_re: re.Pattern[str]
    weekday_re: re.Pattern[str]
    time_re: re.Pattern[str]
    dateline_res: tuple[re.Pattern[str], ...]
    trailer_res: tuple[re.Pattern[str], ...]
    labelled_date_re: re.Pattern[str]

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.raw.get(name) or {})


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def date_pattern(month_names: list[str]) -> str:
    """The regex source of one full date (any of the supported shapes), without anchors."""
    month = _alternation(month_names)
    fmt = {"day": _DAY, "month": month, "year": _YEAR}
    parts = [_DMY.format(**fmt), _MDY.format(**fmt), _ISO.format(**fmt), _NUM.format(**fmt)]
    return r"(?i:(?<![\w/.\-])(?:" + "|".join(parts) + r")(?!\d|[/\-.]\d|[^\W\dT_]))"


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon (read once per process; the object is immutable)."""
    text = resources.files("docket.ingest").joinpath("data/ingest.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    month_numbers = {name.lower(): int(num) for num, names in raw["months"].items() for name in names}
    date_src = date_pattern(list(month_numbers))
    weekday_re = re.compile(r"\b(?:" + _alternation(raw["weekdays"]) + r")\b\.?,?", re.IGNORECASE)
    time_re = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*[+\-]\d{2}:?\d{2})?", re.I)
    datelines = tuple(re.compile(p.replace("{date}", "(?P<date>" + date_src + ")")) for p in raw["datelines"])
    trailers = tuple(re.compile(p, re.MULTILINE | re.IGNORECASE) for p in raw["publisher"]["trailers"])
    labelled = re.compile(r"^(?i:" + _alternation(raw["date_line"].get("labels") or ["date"]) + r")\s*:?\s*"
                          r"(?P<date>" + date_src + r")(?!\S)")
    return Lexicon(
        raw=raw, month_numbers=month_numbers, date_re=re.compile(date_src),
        weekday_re=weekday_re, time_re=time_re, dateline_res=datelines, trailer_res=trailers,
        labelled_date_re=labelled,
    )
