"""Paragraphs and sentences with character offsets into ``Document.text``."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "approx", "est", "dept", "govt", "inc", "ltd", "corp", "jr", "sr", "prof", "rev"]
)
# a clock time's "a.m."/"p.m." before its time zone in brackets or its weekday ("05:00 a.m. (0400 GMT) on Saturday",
# "around 5 a.m. Wednesday") goes on with the sentence; before any other capital it may end one
_CLOCK_GOES_ON = re.compile(r"(?i)\b[ap]\.m\.$")
_CLOCK_NEXT = re.compile(r"\s*(?:\(|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?=\s*[,.;:()]|\s+(?:morning|"
                         r"afternoon|evening|night|in|at|near|on|when|as|after|before|outside|inside|and|local|during|"
                         r"while)\b))")
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9@#])")
_PARA = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    index: int
    para: int
    start: int
    end: int
    text: str


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Lines, except that a line that stops mid-sentence continues on the next when that one starts in lower case
    (wrapped wire text); headlines, date lines and list items stay lines of their own."""
    spans: list[tuple[int, int]] = []
    for m in _PARA.finditer(text):
        tail = text[max(spans[-1][0], spans[-1][1] - 12):spans[-1][1]].rstrip() if spans else ""
        if spans and _WRAPPED.match(tail[-1:]) and (_CONTINUES.match(m.group()) or _OPEN_END.search(tail)) \
                and "\n\n" not in text[spans[-1][1]:m.start()] and text[spans[-1][1]:m.start()].strip() == "":
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return spans


_WRAPPED = re.compile(r"[\w,;(\-–]")
_CONTINUES = re.compile(r"\s*[a-z(]")
# a line that stops on a word that cannot end a sentence or a headline ("... in rural Aleppo on")
_OPEN_END = re.compile(r"(?<![\w-])(?:on|in|of|the|a|an|and|to|at|by|for|with|from|that|as|near|into|between|said|were|was)$")


def split_sentences(text: str) -> list[Sentence]:
    """Split into sentences within paragraphs (see :func:`_paragraphs`). Linear in the text's length."""
    out: list[Sentence] = []
    for para_index, (p_start, p_end) in enumerate(_paragraphs(text)):
        body = text[p_start:p_end]
        cut = 0
        for m in _BOUNDARY.finditer(body):
            before = body[max(cut, m.start() - 40):m.start() + 1]   # a bounded look-back: no quadratic scans
            last = re.search(r"([\w.]+)\.$", before)
            if last and (last.group(1).lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", last.group(1))):
                continue
            if _CLOCK_GOES_ON.search(before) and _CLOCK_NEXT.match(body, m.start() + 1):
                continue
            _add(out, text, para_index, p_start + cut, p_start + m.end())
            cut = m.end()
        _add(out, text, para_index, p_start + cut, p_start + len(body))
    return out


def _add(out: list[Sentence], text: str, para: int, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), para, start, end, text[start:end]))
