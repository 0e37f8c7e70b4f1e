"""Arabic quantities: digits (Western and Eastern), number words and their compounds, qualifiers, vague amounts.

The same :class:`~docket.extract.numbers.Quantity` the English finder gives, with the same bounds.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from docket.extract.arabic.lexicon import BEFORE, MARKS, SPACE, ar_pattern, ar_regex, strip_marks
from docket.extract.numbers import MAX_DIGITS, Quantity, _bounds
from docket.extract.spans import Covered

DIGITS = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_FIGURE = rf"{DIGITS}{{1,3}}(?:[,٬]{DIGITS}{{3}})+(?!{DIGITS})|{DIGITS}+"


def figure_value(s: str) -> int | None:
    """'1,109' / '١٢' / '۱۲' → an int (Unicode decimal digits of any script)."""
    digits = "".join(str(unicodedata.digit(c)) for c in s if unicodedata.category(c) == "Nd")
    if not digits or len(digits) > MAX_DIGITS:
        return None
    return int(digits)


class ArabicNumbers:
    """Finds Arabic quantities: "أكثر من 20", "ثلاثة آلاف و364", "عشرات", "١٢"."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.words = {strip_marks(k): int(v) for k, v in raw["number_words"].items()}
        self.multipliers = {strip_marks(k): int(v) for k, v in raw["multipliers"].items()}
        entries = sorted(set(raw["number_words"]) | set(raw["multipliers"]), key=len, reverse=True)
        word = "(?:" + "|".join(ar_pattern(str(e), clitics=False) for e in entries) + ")" + MARKS
        token = rf"(?:{_FIGURE}|{word})(?![\w])"
        # a figure: tokens joined by و ("خمسة وعشرون", "ثلاثة آلاف و364"); a clitic ب/و/ل may stand in front
        self.number = re.compile(rf"{BEFORE}(?:[وبل]{MARKS})?(?P<n>{token}(?:(?:{SPACE}|(?:{SPACE})?و{MARKS}(?:{SPACE})?)(?:{token}))*)")
        self.qualifiers = {str(q): str(label) for label, qs in raw["qualifiers"].items() for q in qs}
        self.qual_rx = {label: ar_regex([str(q) for q in qs], clitics=False)
                        for label, qs in raw["qualifiers"].items()}
        self.vague = {strip_marks(str(k)): (v[0], v[1]) for k, v in raw["vague_amounts"].items()}
        self.vague_rx = ar_regex([str(k) for k in raw["vague_amounts"]])
        self.not_after = re.compile(r"\s*(?:" + ar_regex([str(x) for x in raw["not_counts"] if x != "%"]).pattern
                                    + r"|%|[:/.\-]" + DIGITS + ")")
        self.not_before = re.compile("(?:" + ar_regex([str(x) for x in raw["not_counts_before"]]).pattern + r")\s*$")

    def value(self, phrase: str) -> int | None:
        """The number a phrase of figures and number words says ("ثلاثة آلاف و364" = 3364), or None."""
        total, current = 0, 0
        for part in phrase.split():
            key = strip_marks(part)
            if key.startswith("و") and len(key) > 1 and (key[1:] in self.words or key[1:] in self.multipliers
                                                         or re.fullmatch(_FIGURE, key[1:])):
                key, part = key[1:], part[1:]
            if re.fullmatch(_FIGURE, part):
                v = figure_value(part)
                if v is None:
                    return None
                current += v
            elif key in self.multipliers and self.multipliers[key] >= 1000:
                total += (current or 1) * self.multipliers[key]
                current = 0
            elif key in self.multipliers:
                current = (current or 1) * self.multipliers[key]
            elif key in self.words:
                current += self.words[key]
            elif key != "و":
                return None
        return total + current

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
        end = len(text) if end is None else end
        found: list[Quantity] = []
        taken = Covered(start, end)
        for m in self.number.finditer(text, start, end):
            a, b = m.start("n"), m.end("n")
            phrase = text[a:b]
            # "عشر" alone after a figure ("ثلاثة عشر") is in the phrase; "أحد"/"ست" alone are too ambiguous
            n = self.value(phrase)
            if n is None:
                continue
            if self.not_after.match(text, b, min(end, b + 14)) or self.not_before.search(text, max(start, a - 12), a):
                continue
            qual, qa = self._qualifier(text, start, a)
            low, high = _bounds(n, qual)
            s = qa if qa is not None else a
            found.append(Quantity(s, b, n, low, high, qual, text[s:b]))
            taken.take(s, b)
        for m in self.vague_rx.finditer(text, start, end):
            if taken.overlaps(m.start(), m.end()):
                continue
            key = strip_marks(re.sub(r"^(?:[وبل])?(?:ال)?", "", text[m.start():m.end()]))
            bounds = self.vague.get(key) or next((v for k, v in self.vague.items() if key.endswith(k) or k.endswith(key)),
                                                  (None, None))
            found.append(Quantity(m.start(), m.end(), None, bounds[0], bounds[1], "vague", m.group()))
            taken.take(m.start(), m.end())
        found.sort(key=lambda q: q.start)
        return found

    def _qualifier(self, text: str, start: int, a: int) -> tuple[str, int | None]:
        """The qualifier written right before a figure ("أكثر من 20", "نحو ثلاثين"), and where it starts."""
        before = text[max(start, a - 20):a]
        for label, rx in self.qual_rx.items():
            for m in rx.finditer(before):
                if re.fullmatch(r"\s*(?:ال)?", before[m.end():]):
                    return label, a - len(before) + m.start()
        return "exact", None

    def after_qualifier(self, text: str, pos: int, end: int) -> str | None:
        """"قتل 5 مدنيين على الأقل": a qualifier written after the counted noun."""
        m = re.match(r"\s*", text[pos:end])
        at = pos + (m.end() if m else 0)
        for label, rx in self.qual_rx.items():
            if rx.match(text, at, end) and label in ("at_least", "about"):
                return label
        return None
