"""Counts as the text states them: a number, its qualifier and the bounds the wording implies."""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from docket.extract.spans import Covered
from docket.vocab import Vocab, alternation

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million"]
_WORD = alternation(_UNITS)
NUMBER = (r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s?(?:million|thousand))?"
          r"|(?:half\s+a|a|one|two|three|four|five|six)\s+dozen"
          rf"|(?:an?\s+(?=(?:hundred|thousand|million)\b))?{_WORD}(?:(?:[\s-]+(?:and[\s-]+)?){_WORD})*)")
# Figures longer than this are not casualty counts (and Python refuses to parse very long ones): dropped.
MAX_DIGITS = 12
_DOZENS = {"half a": 6, "a": 12, "one": 12, "two": 24, "three": 36, "four": 48, "five": 60, "six": 72}
_NUMBER_RX = re.compile(rf"(?<![\w-]){NUMBER}(?![\w])", re.I)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    count: int | None
    low: int | None
    high: int | None
    qualifier: str
    text: str


def parse_number(s: str) -> int | None:
    """'1,109' → 1109, 'forty-five' → 45, '2 million' → 2000000; None if not a number."""
    s = s.strip().lower()
    dozen = re.fullmatch(r"(half\s+a|a|one|two|three|four|five|six)\s+dozen", s)
    if dozen:
        return _DOZENS[" ".join(dozen.group(1).split())]
    if sum(c.isdigit() for c in s) > MAX_DIGITS:
        return None   # implausible as a count ("killing 999...9 people"); the figure is left out, the report kept
    s = re.sub(r"^an?\s+", "", s)   # "a hundred", "a thousand": the article is the figure's one
    mult = 1
    m = re.fullmatch(r"([\d.,]+)\s?(million|thousand)", s)
    if m:
        s, mult = m.group(1), {"million": 1_000_000, "thousand": 1000}[m.group(2)]
    if re.fullmatch(r"[\d,]+", s):
        return int(s.replace(",", "")) * mult
    if re.fullmatch(r"\d+\.\d+", s):
        return int(float(s) * mult)
    try:
        return int(text2num(s.replace("-", " ").replace(" and ", " "), "en")) * mult
    except ValueError:
        return None


# The words that make a singular person noun one victim ("a local reporter", "the village chief", "his wife").
SINGLE_DETERMINERS = ("another", "an", "a", "one", "the", "his", "her")


def _plural(noun: str) -> str:
    """The plural of a person noun ("policeman" → "policemen", "deputy" → "deputies", "judge" → "judges")."""
    head, _, last = noun.rpartition(" ")
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x")):
        last += "es"
    elif last == "wife":
        last = "wives"
    else:
        last += "s"
    return f"{head} {last}".strip()


def person_noun_pattern(vocab: Vocab, plural: bool = False) -> str:
    """Up to two modifiers and a singular (or plural) person noun from the lexicon (" local reporter",
    " village chief"; " female pastors")."""
    words = [_plural(n) for n in vocab.raw["person_nouns"]] if plural else vocab.raw["person_nouns"]
    nouns = alternation(sorted({re.escape(n) for n in words}, key=len, reverse=True))
    heads = alternation([re.escape(h) for h in vocab.raw["person_compound_heads"]])
    # a modifier is any word but a determiner, a pronoun or a preposition ("a crime the socialist leader" is not one)
    modifier = r"(?!(?:the|a|an|his|her|their|its|our|with|of|in|on|at|for|and|or|to|from|by|as|who|that)\b)[\w’'-]+"
    most = 2 if plural else 3   # (no determiner stands before a plural: fewer words may come between)
    return rf"\s+((?:{modifier}\s+){{0,{most}}}?(?:{nouns}))\b(?![’'-])(?!\s+(?:{heads})\b)"


# A number that is part of a name ("Highway 1", "Route 7", "Ward 4", "Brigade 93", "No. 5")
_NAMED_NUMBER = re.compile(r"\b(?:Highway|Route|Road|Street|Avenue|Block|Sector|Zone|Gate|Checkpoint|Ward|Phase|Unit|"
                           r"Brigade|Division|Battalion|Regiment|Camp|Kilometre|Km|No\.|Number)\s+$")


class QuantityFinder:
    """Finds stated quantities with qualifiers ('no fewer than 50', 'dozens', 'between 13 and 20')."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        qual = alternation([re.escape(q) for q in vocab.qualifiers])
        vague = alternation([re.escape(v) for v in vocab.vague])
        self._range = re.compile(rf"(?<![\w-])between ({NUMBER}) and ({NUMBER})(?![\w])", re.I)
        self._num = re.compile(rf"(?<![\w-])(?:({qual})\s+(?:another\s+|some\s+)?)?({NUMBER})(?![\w])", re.I)
        self._vague = re.compile(rf"(?<![\w-])({vague})(?:\s+of)?(?![\w])", re.I)
        # "a/an/one/the" + (up to two modifiers) + a singular person noun: one victim
        self._one = re.compile(rf"(?<![\w-])({'|'.join(SINGLE_DETERMINERS)})(?={person_noun_pattern(vocab)})", re.I)
        # "the third reporter (to be) killed this year": a rank among the year's victims, not one more victim
        self._ranked = re.compile(rf"(?i)the\s+(?:{alternation(vocab.raw['ranking_words'])})\b")

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
        end = len(text) if end is None else end
        found: list[Quantity] = []
        taken = Covered(start, end)

        def free(a: int, b: int) -> bool:
            return not taken.overlaps(a, b)

        for m in self._range.finditer(text, start, end):
            lo, hi = parse_number(m.group(1)), parse_number(m.group(2))
            if lo is not None and hi is not None:
                found.append(Quantity(m.start(), m.end(), lo, lo, hi, "at_least", m.group()))
                found.append(Quantity(m.start(), m.end(), hi, lo, hi, "up_to", m.group()))
                taken.take(m.start(), m.end())
        for m in self._num.finditer(text, start, end):
            if not free(m.start(), m.end()):
                continue
            n = parse_number(m.group(2))
            if n is None or re.search(r"(?i)\b(?:no|not)[ -]$", text[max(0, m.start() - 4):m.start()]):
                continue   # ("no one was killed": a stated zero, not one victim)
            if _NAMED_NUMBER.search(text, max(0, m.start() - 14), m.start()):
                continue   # "on Highway 1", "Ward 4", "Brigade 93": a name's number, not a count
            tail = text[m.end():m.end() + 12].lower()
            if re.match(r"\s*(?:%|percent|per cent|km|kilomet|metres|meters|-?years?\b|-?months?\b|-strong\b|am\b|pm\b|:\d)", tail):
                continue
            qual = self.vocab.qualifiers[m.group(1).lower()] if m.group(1) else "exact"
            low, high = _bounds(n, qual)
            found.append(Quantity(m.start(), m.end(), n, low, high, qual, m.group()))
            taken.take(m.start(), m.end())
        for m in self._vague.finditer(text, start, end):
            if not free(m.start(), m.end()):
                continue
            lo, hi = self.vocab.vague[m.group(1).lower()]
            found.append(Quantity(m.start(), m.end(), None, lo, hi, "vague", m.group()))
            taken.take(m.start(), m.end())
        for m in self._one.finditer(text, start, end):
            if re.search(r"(?i)\b(?:no|not)\s+$", text[max(0, m.start() - 5):m.start()]):
                continue   # ("not one person", "not a single civilian was killed": nobody)
            if free(m.start(), m.end()) and not self._ranked.match(text, m.start()):
                found.append(Quantity(m.start(), m.end(), 1, 1, 1, "exact", m.group()))
        found.sort(key=lambda q: (q.start, q.qualifier == "up_to"))
        return found


def _bounds(n: int, qualifier: str) -> tuple[int | None, int | None]:
    if qualifier == "exact":
        return n, n
    if qualifier == "at_least":
        return n, None
    if qualifier == "more_than":
        return n + 1, None
    if qualifier == "up_to":
        return None, n
    return n, n  # about: the stated figure is the best bound we have
