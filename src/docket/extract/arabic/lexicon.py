"""The Arabic lexicon (``vocab/data/lexicon_ar.yaml``) compiled into patterns over the text as written.

No Arabic parser exists here, so every term is a pattern over words with the clitics handled: each entry may
take و ف ب ل ك and the article ال in front; hamza forms of alef, final ة/ه and ى/ي are interchangeable;
diacritics and tatweel between letters are skipped. Matching runs on the original text, so every span's
offsets are the document's own (nothing is normalised away before matching).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
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
WORD_START = re.compile(r"(?<![\w\u064b-\u0652\u0640])\w")


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


_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_MARK = re.compile("[\u064b-\u0652\u0670\u0640]")
TOKEN = re.compile("[\u0621-\u064a\u0671-\u06d3\u064b-\u0652\u0670\u0640]+")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word as the lexicon compares it: diacritics and tatweel dropped, alef/yaa/taa marbuta forms unified."""
    return _MARK.sub("", word).translate(_FOLD)


@lru_cache(maxsize=65536)
def _stems(token: str) -> tuple[tuple[str, bool], ...]:
    """The ways a folded word splits into clitics and a stem: (stem, with the article)."""
    out: list[tuple[str, bool]] = [(token, False)]
    for conj in ("", "و", "ف"):
        if not token.startswith(conj):
            continue
        t1 = token[len(conj):]
        for prep in ("", "ب", "ل", "ك"):
            if not t1.startswith(prep):
                continue
            t2 = t1[len(prep):]
            if len(t2) < 2:
                continue
            if conj or prep:
                out.append((t2, False))
            if t2.endswith("ا") and len(t2) > 3:
                out.append((t2[:-1], False))   # accusative alef: "مسجدا", "مدنيا"
            if t2.startswith("ال") and len(t2) > 3:
                out.append((t2[2:], True))
            if prep == "ل" and t2.startswith("ل") and len(t2) > 2:
                out.append((t2[1:], True))   # لل = ل + ال
    return tuple(out)


def _same_word(w: str, word: str, is_star: bool) -> bool:
    """A following word of an entry: the article agrees with the noun's ("القصف المدفعي" for قصف مدفعي), and the
    accusative alef of an indefinite noun is the same word ("مسجدا" for مسجد)."""
    for x in {w, w.removeprefix("ال") if not word.startswith("ال") else w}:
        if x == word or is_star and x.startswith(word) and len(x) - len(word) <= 3:
            return True
        if x.endswith("ا") and x[:-1] == word:
            return True
    return False


@dataclass(frozen=True)
class _Entry:
    label: str
    first_star: bool
    article: bool | None      # True: the entry needs ال (definite); None: either
    rest: tuple[tuple[str, bool], ...]   # the next words, folded, with their star; ("…", False) a gap


@dataclass(frozen=True)
class ArLexicon:
    """Entries (see the module docstring) matched word by word on folded words: a dictionary look-up per word
    and clitic split, not a regex scan, so a lexicon costs the same whatever its size."""

    exact: dict[str, list[_Entry]]
    star: dict[str, list[_Entry]]
    labels: tuple[str, ...]

    @classmethod
    def from_table(cls, table: dict[str, list[str]], vocabulary: tuple[str, ...] | None = None,
                   where: str = "lexicon_ar.yaml", definite: bool = False) -> ArLexicon:
        if vocabulary is not None:
            unknown = set(table) - set(vocabulary)
            if unknown:
                raise ValueError(f"{where}: labels outside the SPEC vocabulary: {sorted(unknown)}")
        exact: dict[str, list[_Entry]] = {}
        star: dict[str, list[_Entry]] = {}
        for label, entries in table.items():
            for entry in entries or []:
                words = [fold(w) if w == "…" else fold(w.rstrip("*")) + ("*" if w.endswith("*") else "")
                         for w in str(entry).split()]
                first = words[0].rstrip("*")
                article: bool | None = None
                if first.startswith("ال") and len(first) > 3:
                    first, article = first[2:], (True if definite else None)
                e = _Entry(str(label), words[0].endswith("*"), article,
                           tuple((w.rstrip("*"), w.endswith("*")) for w in words[1:]))
                (star if e.first_star else exact).setdefault(first, []).append(e)
        return cls(exact, star, tuple(str(k) for k in table))

    @classmethod
    def merged(cls, lexicons: list[ArLexicon]) -> ArLexicon:
        """One lexicon holding the entries of several (to ask "is any term here?" in one look-up)."""
        exact: dict[str, list[_Entry]] = {}
        star: dict[str, list[_Entry]] = {}
        for lex in lexicons:
            for mine, theirs in ((exact, lex.exact), (star, lex.star)):
                for k, v in theirs.items():
                    mine.setdefault(k, []).extend(v)
        return cls(exact, star, tuple(x for lex in lexicons for x in lex.labels))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        end = len(text) if end is None else end
        toks = [(m.start(), m.end(), fold(m.group())) for m in TOKEN.finditer(text, start, end)]
        hits: list[tuple[str, int, int]] = []
        for i in range(len(toks)):
            hits.extend(self._at(text, toks, i))
        hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
        return hits

    def first_at(self, text: str, pos: int, end: int) -> tuple[str, int, int] | None:
        """The longest entry that starts exactly at ``pos``."""
        toks = []
        for m in TOKEN.finditer(text, pos, min(end, pos + 80)):
            toks.append((m.start(), m.end(), fold(m.group())))
            if len(toks) == 6:
                break
        if not toks or toks[0][0] != pos:
            return None
        hits = self._at(text, toks, 0)
        return max(hits, key=lambda h: h[2]) if hits else None

    def _at(self, text: str, toks: list[tuple[int, int, str]], i: int) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        seen: set[tuple[str, int]] = set()
        for stem, has_article in _stems(toks[i][2]):
            cands = list(self.exact.get(stem, ()))
            for k in range(0, 4):
                if len(stem) - k >= 2:
                    cands.extend(self.star.get(stem[:len(stem) - k], ()))
            for e in cands:
                if e.article is True and not has_article:
                    continue
                stop = self._rest(text, toks, i, e.rest)
                if stop is not None and (e.label, stop) not in seen:
                    seen.add((e.label, stop))
                    out.append((e.label, toks[i][0], stop))
        return out

    @staticmethod
    def _rest(text: str, toks: list[tuple[int, int, str]], i: int, rest: tuple[tuple[str, bool], ...]) -> int | None:
        """Where the entry ends if its next words follow token i (only spaces between), else None."""
        j = i
        for k, (word, is_star) in enumerate(rest):
            if word == "…":   # up to two words of any kind, then the next word of the entry
                for skip in range(0, 3):
                    stop = ArLexicon._rest(text, toks, j + skip, rest[k + 1:])
                    if stop is not None and all(text[toks[x][1]:toks[x + 1][0]].isspace()
                                                for x in range(j, min(j + skip, len(toks) - 1))):
                        return stop
                return None
            j += 1
            if j >= len(toks) or not text[toks[j - 1][1]:toks[j][0]].isspace():
                return None
            if not _same_word(toks[j][2], word, is_star):
                return None
        return toks[j][1]


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
