"""The Arabic lexicon (``vocab/data/lexicon_ar.yaml``) compiled into patterns over the text as written.

No Arabic parser exists here, so every term is a pattern over words with the clitics handled: each entry may
take و ف ب ل ك and the article ال in front; hamza forms of alef, final ة/ه and ى/ي are interchangeable;
diacritics and tatweel between letters are skipped. Matching runs on the original text, so every span's
offsets are the document's own (nothing is normalised away before matching).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from docket.vocab import DATA

MARKS = "[\u064b-\u0652\u0670\u0640]*"           # diacritics and tatweel, skipped between letters
LETTER = "[\u0621-\u064a\u0671-\u06d3]"
_CLASSES = {"ا": "[اأإآٱ]", "أ": "[اأإآٱ]", "إ": "[اأإآٱ]", "آ": "[اأإآٱ]", "ة": "[ةه]", "ى": "[ىي]", "ي": "[يى]",
            "ه": "[هة]"}
# clitics in front of a word: conjunction (و/ف), preposition (ب/ل/ك), article (ال; ل+ال is written لل)
PREFIX = "(?:[وف]" + MARKS + ")?(?:(?:[بك]" + MARKS + ")?ال|لل|[بكل]" + MARKS + ")?"
BEFORE = r"(?<![\w\u064b-\u0652\u0640])"
AFTER = r"(?![\w])"
SPACE = r"[\s\u200c-\u200f]+"


def _word(word: str, strip_article: bool) -> str:
    star = word.endswith("*")
    word = word.rstrip("*")
    if strip_article and word.startswith("ال") and len(word) > 3:
        word = word[2:]
    if word.startswith("ـ"):
        word = word[1:]
    parts = []
    for ch in word:
        if "\u064b" <= ch <= "\u0652" or ch == "\u0640":
            continue
        parts.append((_CLASSES.get(ch) or re.escape(ch)) + MARKS)
    if star:
        parts.append(f"(?:{LETTER}{MARKS}){{0,3}}")
    return "".join(parts)


def ar_pattern(entry: str, clitics: bool = True, definite: bool = False) -> str:
    """The regex of one lexicon entry (see the module docstring), without word boundaries. ``definite``: an entry
    written with ال keeps it ("القصف" = the shelling, not "قصف"), behind the clitics و ف ب ك or as لل."""
    words = entry.split()
    if definite and clitics and words and words[0].startswith("ال") and len(words[0]) > 3:
        rest = SPACE.join(_word(w, False) for w in [words[0][2:], *words[1:]])
        return "(?:[وف]" + MARKS + ")?(?:(?:[بك]" + MARKS + ")?ال|لل)" + rest
    body = ""
    for i, w in enumerate(words):
        if w == "…":   # up to two words of any kind ("لم يسفر … عن وقوع إصابات": لم يسفر القصف عن ...)
            body += rf"(?:[^\s.،,؛;]+{SPACE}){{0,2}}"
            continue
        body += _word(w, i == 0 and clitics) + (SPACE if i < len(words) - 1 else "")
    return (PREFIX if clitics else "") + body


def ar_regex(entries: list[str], clitics: bool = True, definite: bool = False) -> re.Pattern[str]:
    """One regex for a list of entries, longest first, on word boundaries."""
    alts = sorted({ar_pattern(e, clitics, definite) for e in entries if e}, key=len, reverse=True)
    if not alts:
        return re.compile(r"(?!x)x")
    return re.compile(BEFORE + "(?:" + "|".join(alts) + ")" + MARKS + AFTER)


@dataclass(frozen=True)
class ArLexicon:
    """label → regex; ``find`` gives every (label, start, end), longest first where two overlap."""

    patterns: dict[str, re.Pattern[str]]

    @classmethod
    def from_table(cls, table: dict[str, list[str]], vocabulary: tuple[str, ...] | None = None,
                   where: str = "lexicon_ar.yaml") -> ArLexicon:
        if vocabulary is not None:
            unknown = set(table) - set(vocabulary)
            if unknown:
                raise ValueError(f"{where}: labels outside the SPEC vocabulary: {sorted(unknown)}")
        return cls({str(label): ar_regex([str(e) for e in entries]) for label, entries in table.items() if entries})

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        end = len(text) if end is None else end
        hits = [(label, m.start(), m.end()) for label, rx in self.patterns.items() for m in rx.finditer(text, start, end)]
        hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
        return hits

    def first_at(self, text: str, pos: int, end: int) -> tuple[str, int, int] | None:
        """The longest entry that starts exactly at ``pos``."""
        best: tuple[str, int, int] | None = None
        for label, rx in self.patterns.items():
            m = rx.match(text, pos, end)
            if m and (best is None or m.end() > best[2]):
                best = (label, m.start(), m.end())
        return best


def strip_marks(s: str) -> str:
    """Letters only: diacritics and tatweel dropped, alef/yaa/taa-marbuta forms unified (for comparing names)."""
    s = re.sub("[\u064b-\u0652\u0670\u0640]", "", s)
    return re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")


@cache
def load_raw() -> dict[str, Any]:
    """The Arabic lexicon as read (cached; the file is data shipped with Docket)."""
    data = yaml.safe_load((DATA / "lexicon_ar.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("vocab/data/lexicon_ar.yaml: not a mapping")
    return data
