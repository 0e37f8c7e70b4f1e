"""A light check that a report is in English: script first, then the share of English stopwords."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from docket.ingest.lexicon import load_lexicon

_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII_LETTERS = re.compile(r"[^\W\d_A-Za-z]")
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


@functools.lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"


def detect_non_english(text: str) -> str | None:
    """None if ``text`` reads as English (or is too short to judge); else what it looks like instead
    (a language code such as ``ar``/``fr``, a script name, or ``unknown``)."""
    cfg = load_lexicon().section("language")
    n_ascii = len(_ASCII_LETTERS.findall(text))
    others = Counter(_script(ch) for ch in _NON_ASCII_LETTERS.findall(text))
    latin = n_ascii + others.pop("LATIN", 0)
    n_letters = latin + sum(others.values())
    if not n_letters:
        return None
    scripts = others
    if scripts and 1 - latin / n_letters > float(cfg["max_foreign_letters"]):
        main, _ = scripts.most_common(1)[0]
        return str(cfg["scripts"].get(main, "unknown"))
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if len(tokens) < int(cfg["min_words"]):
        return None
    english = {w.lower() for w in cfg["english"]}
    share = sum(t in english for t in tokens) / len(tokens)
    if share >= float(cfg["min_english_share"]):
        return None
    scores = {lang: sum(t in set(words) for t in tokens) / len(tokens) for lang, words in cfg["others"].items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return str(lang) if best > share else "unknown"
