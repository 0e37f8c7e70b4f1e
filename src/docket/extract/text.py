"""Paragraphs and sentences with character offsets into ``Document.text``."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "approx", "est", "dept", "govt", "inc", "ltd", "corp", "jr", "sr", "prof", "rev"]
)
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9@#])")
_PARA = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    index: int
    para: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split into sentences; a line break always ends one (headlines, date lines, list items)."""
    out: list[Sentence] = []
    for para_index, para in enumerate(_PARA.finditer(text)):
        p_start = para.start()
        body = para.group()
        cut = 0
        for m in _BOUNDARY.finditer(body):
            before = body[cut:m.start() + 1]
            last = re.search(r"([\w.]+)\.$", before)
            if last and (last.group(1).lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", last.group(1))):
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
