"""Document metadata from the text itself: publication date, title, publisher.

General rules only: the publication date comes from a *date line* near the top (a short line that is mostly
a full date: "Thursday, 20 April 2017 19:20", "05 February 2018 In Coalition News", "Posted on 3 March 2019")
or from a *dateline* opening a paragraph ("KABUL, Afghanistan (Jan. 25, 2013) –"); never from a date
mentioned in the body, which is usually the date of an event. Ambiguous numeric dates (12/03/2019) are
skipped rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docket.ingest.dates import iter_dates
from docket.ingest.lexicon import Lexicon, load_lexicon

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


def _head_lines(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """(offset, line) of the first ``limit`` non-empty lines, with surrounding blanks trimmed."""
    count = 0
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            yield pos + (len(raw) - len(raw.lstrip())), stripped
            count += 1
            if count >= limit:
                return
        pos += len(raw) + 1


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def _date_line(line: str, lex: Lexicon) -> tuple[str | None, tuple[int, int] | None, bool] | None:
    """If ``line`` is a date line: (iso or None if ambiguous, span within line, is-an-update-date)."""
    cfg = lex.section("date_line")
    if len(line) > int(cfg["max_line_chars"]):
        return None
    found = list(iter_dates(line, lex))
    if not found:
        return None
    rest = line
    for d in reversed(found):
        rest = rest[: d.start] + " " + rest[d.end:]
    rest = lex.weekday_re.sub(" ", lex.time_re.sub(" ", rest))
    fillers = {w.lower() for w in cfg["filler_words"]}
    updates = {w.lower() for w in cfg["update_words"]}
    words = [w.lower() for w in _words(rest)]
    is_update = any(w in updates for w in words)
    others = [w for w in words if w not in fillers and w not in updates]
    if len(others) > int(cfg["max_other_words"]):
        return None
    first = found[0]
    return first.iso, (first.start, first.end), is_update


def _dateline(line: str, lex: Lexicon) -> tuple[str, tuple[int, int]] | None:
    for pattern in (lex.labelled_date_re, *lex.dateline_res):
        m = pattern.match(line)
        if m:
            for d in iter_dates(m.group("date"), lex):
                if d.iso:
                    start = m.start("date") + d.start
                    return d.iso, (start, start + d.end - d.start)
    return None


def find_published(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """The publication date (ISO) and its character span in ``text``, or ``(None, None)``."""
    lex = load_lexicon()
    fallback: tuple[str, tuple[int, int]] | None = None
    for offset, line in _head_lines(text, int(lex.section("date_line")["head_lines"])):
        hit = _date_line(line, lex)
        if hit is not None:
            iso, span, is_update = hit
            if iso and span:
                found = (iso, (offset + span[0], offset + span[1]))
                if not is_update:
                    return found
                fallback = fallback or found
            continue
        dl = _dateline(line, lex)
        if dl is not None:
            return dl[0], (offset + dl[1][0], offset + dl[1][1])
    if fallback:
        return fallback
    return None, None


def _is_release_header(line: str, lex: Lexicon) -> bool:
    norm = " ".join(_words(line.lower()))
    return norm in {h.lower() for h in lex.section("publisher")["release_headers"]}


def find_title(text: str) -> str | None:
    """A headline from the top of the text; else the first sentence of the first paragraph."""
    lex = load_lexicon()
    cfg = lex.section("title")
    max_words, min_words, max_chars = int(cfg["max_words"]), int(cfg["min_words"]), int(cfg["max_chars"])
    skip_prefixes = tuple(p.lower() for p in cfg["skip_prefixes"])
    first_line: str | None = None
    first_para: str | None = None
    after_header = False
    for _, line in _head_lines(text, int(lex.section("date_line")["head_lines"])):
        n = len(_words(line))
        issuer = after_header and n <= 8  # the line naming who issued a "Press release"
        after_header = _is_release_header(line, lex)
        if (after_header or issuer or _date_line(line, lex) is not None
                or line.lower().startswith(skip_prefixes) or lex.labelled_date_re.match(line)):
            continue
        if n == 0:
            continue
        first_line = first_line or line
        if min_words <= n <= max_words and len(line) <= max_chars and not line.endswith("."):
            return line
        if n >= min_words:
            first_para = line
            break
    if first_para is None:
        return first_line
    sentence = _SENTENCE_END.split(first_para, maxsplit=1)[0]
    if len(sentence) > max_chars:
        sentence = sentence[:max_chars].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def find_publisher(text: str) -> str | None:
    """The publishing organisation: a "(Source: X)" trailer, a copyright line, or the line after a
    "Press release" header."""
    lex = load_lexicon()
    for pattern in lex.trailer_res:
        matches = list(pattern.finditer(text))
        if matches:
            name = matches[-1].group("name").strip(" \t-–—:,")
            if name:
                return name
    lines = list(_head_lines(text, int(lex.section("date_line")["head_lines"])))
    for (_, line), (_, nxt) in zip(lines, lines[1:], strict=False):
        if _is_release_header(line, lex) and _date_line(nxt, lex) is None and 0 < len(_words(nxt)) <= 8:
            return nxt
    return None
