"""Arabic date expressions, resolved against the publication date by the same rules as the English ones
(SPEC §1): a weekday is the most recent such day on or before publication, "اليوم"/"أمس" are the day of
publication and the day before, a stated span is a range. Both month series are read (كانون الثاني … and
يناير …), numeric dates ("2-8-2016", "4/ نيسان/ 2017") too; a day and month with no year takes the year of
the last full date before it, else of publication, else stays unknown (gold README)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from docket.extract.arabic.lexicon import BEFORE, MARKS, SPACE, ar_pattern, strip_marks
from docket.extract.arabic.numbers import DIGITS, figure_value
from docket.extract.dates import DateMention
from docket.extract.spans import Covered
from docket.model import DateSpan

_D = rf"(?P<d>{DIGITS}{{1,2}})"
_Y = rf"(?P<y>(?:19|20|١٩|٢٠){DIGITS}{{2}})"
_SEP = r"\s*[-/.\\]\s*"


def _alt(entries: list[str], clitics: bool = True, definite: bool = False) -> str:
    return "(?:" + "|".join(sorted((ar_pattern(str(e), clitics, definite) for e in entries), key=len, reverse=True)) \
        + ")" + MARKS


class ArabicDates:
    def __init__(self, raw: dict[str, Any]) -> None:
        cfg = raw["dates"]
        self.months = {strip_marks(str(name)).replace(" ", ""): int(n) for n, names in cfg["months"].items()
                       for name in names}
        self.weekdays = {strip_marks(str(name)).removeprefix("ال"): int(n) for n, names in cfg["weekdays"].items()
                         for name in names}
        any_month = _alt([n for names in cfg["months"].values() for n in names], clitics=False)
        # "10 تشرين الثاني/نوفمبر 2016": both series side by side
        month = f"(?P<m>{any_month})(?:\\s*/\\s*{any_month})?"
        weekday = _alt([n for names in cfg["weekdays"].values() for n in names], clitics=False)
        lead = _alt(cfg["weekday_lead"])
        of = rf"(?:{SPACE}(?:من{SPACE})?(?:شهر{SPACE})?)"
        year = rf"(?:\s*[/،,]?\s*(?:(?:من{SPACE})?(?:عام|العام|سنة){SPACE})?{_Y})?"
        self.rules: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(BEFORE + rx)) for name, rx in [
            ("numeric", rf"{_D}{_SEP}(?P<mo>{DIGITS}{{1,2}}){_SEP}{_Y}(?!{DIGITS})"),
            ("between", rf"(?:[وف]?بين|من){SPACE}(?P<d1>{DIGITS}{{1,2}})(?:{SPACE}(?:و|حتى|إلى|الى)(?:{SPACE})?|\s*[-–]\s*)"
                        rf"{_D}{of}?(?:{SPACE})?{month}{year}"),
            ("dm", rf"{_D}\s*/?{of}?\s*{month}\s*/?{year}"),
            ("numeric_dm", rf"(?<=بتاريخ )(?P<d>{DIGITS}{{1,2}})\s*[-/]\s*(?P<mo>{DIGITS}{{1,2}})(?![-/\d])"),
            ("month_year", rf"(?:شهر{SPACE})?{month}{SPACE}(?:من{SPACE})?(?:عام{SPACE})?{_Y}"),
            ("year", rf"(?:[وف]?(?:ب|ل|خلال{SPACE})?(?:عام|العام|سنة)|خلال){SPACE}{_Y}(?!{DIGITS})"),
            ("night_range", rf"(?:ليلة|ليل){SPACE}(?P<w1>{weekday})\s*[-–—/]\s*(?P<w2>{weekday})"),
            ("next_day", _alt(cfg["next_day"], definite=True)),
            ("yesterday", _alt(cfg["yesterday"], definite=True)),
            ("weekday", rf"(?:(?:{lead}){SPACE})?(?:ال)?(?P<w>{weekday})(?!{SPACE}(?:الماضي|المقبل)(?:ة)?\b)"),
            ("today", _alt(cfg["today"], definite=True)),
        ]]

    def find(self, text: str, pub: date | None, start: int = 0, end: int | None = None) -> list[DateMention]:
        end = len(text) if end is None else end
        out: list[DateMention] = []
        taken = Covered(start, end)
        for rule, rx in self.rules:
            for m in rx.finditer(text, start, end):
                a, b = m.start(), m.end()
                if taken.overlaps(a, b):
                    continue
                if rule == "weekday" and not self._weekday_context(text, a, m):
                    continue
                out.append(DateMention(a, b, text[a:b], DateSpan(), rule))
                taken.take(a, b)
        out.sort(key=lambda d: d.start)
        last_year: int | None = None
        resolved: list[DateMention] = []
        for d in out:
            again = next(rx for r, rx in self.rules if r == d.rule).match(text, d.start)
            assert again is not None
            if d.rule == "next_day":   # the day after the last day told, if there is one
                before = next((r.span for r in reversed(resolved) if r.span.precision == "day"), None)
                span = _day(date.fromisoformat(before.start) + timedelta(days=1)) if before and before.start \
                    else DateSpan.unknown()
            else:
                span = self._resolve(d.rule, again, pub, last_year)
            span.text = d.text
            resolved.append(DateMention(d.start, d.end, d.text, span, d.rule))
            if span.start and d.rule in ("numeric", "dm", "between", "month_year", "year") and again.groupdict().get("y"):
                last_year = int(span.start[:4])
        return resolved

    @staticmethod
    def _weekday_context(text: str, a: int, m: re.Match[str]) -> bool:
        """A weekday name alone is a date only with ال or a lead word ("يوم الأحد", "الأحد"), not "أحد" (one)."""
        return m.group(0).strip() != m.group("w") or m.group("w").startswith("ال")

    def _month(self, s: str) -> int:
        key = strip_marks(s).replace(" ", "")
        return self.months.get(key) or next(v for k, v in self.months.items() if key.endswith(k))

    def _resolve(self, rule: str, m: re.Match[str], pub: date | None, last_year: int | None) -> DateSpan:
        g = m.groupdict()
        try:
            if rule == "numeric":
                return _day(date(figure_value(g["y"]) or 0, figure_value(g["mo"]) or 0, figure_value(g["d"]) or 0))
            if rule == "year":
                y = figure_value(g["y"]) or 0
                return DateSpan(date(y, 1, 1).isoformat(), date(y, 12, 31).isoformat(), "year")
            if rule in ("dm", "numeric_dm", "between", "month_year"):
                mo = self._month(g["m"]) if g.get("m") else figure_value(g["mo"]) or 0
                year = figure_value(g["y"]) if g.get("y") else None
                if rule == "month_year":
                    assert year is not None
                    first = date(year, mo, 1)
                    nxt = date(year + (mo == 12), mo % 12 + 1, 1)
                    return DateSpan(first.isoformat(), (nxt - timedelta(days=1)).isoformat(), "month")
                if year is None:   # a month named without its year: the year of publication (gold README)
                    year = (last_year if rule == "numeric_dm" else None) or (pub.year if pub else None)
                    if year is None:
                        return DateSpan.unknown()
                    if pub and last_year is None and date(year, mo, figure_value(g["d"]) or 1) > pub:
                        year -= 1
                if rule == "between":
                    s, e = date(year, mo, figure_value(g["d1"]) or 0), date(year, mo, figure_value(g["d"]) or 0)
                    return DateSpan(s.isoformat(), e.isoformat(), "range" if s != e else "day")
                return _day(date(year, mo, figure_value(g["d"]) or 0))
        except (ValueError, StopIteration, AssertionError):
            return DateSpan.unknown()
        if pub is None:
            return DateSpan.unknown()
        if rule == "today":
            return _day(pub)
        if rule == "yesterday":
            return _day(pub - timedelta(days=1))
        if rule == "weekday":
            return _day(_last_weekday(pub, self.weekdays[strip_marks(g["w"]).removeprefix("ال")]))
        if rule == "night_range":
            w1 = _last_weekday(pub, self.weekdays[strip_marks(g["w1"]).removeprefix("ال")])
            w2 = w1 + timedelta(days=1)
            if w2 > pub:
                w1, w2 = w1 - timedelta(days=7), w2 - timedelta(days=7)
            return DateSpan(w1.isoformat(), w2.isoformat(), "range")
        return DateSpan.unknown()


def _day(d: date) -> DateSpan:
    return DateSpan(d.isoformat(), d.isoformat(), "day")


def _last_weekday(pub: date, weekday: int) -> date:
    return pub - timedelta(days=(pub.weekday() - weekday) % 7)
