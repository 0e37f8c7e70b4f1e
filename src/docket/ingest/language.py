"""A light language check: script first, then the share of stopwords. Docket reads the languages listed
under ``language.accepted`` in ``data/ingest.yaml`` (English and Arabic); the others are refused at import."""

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


def detect_language(text: str) -> str:
    """The language ``text`` is written in: ``en`` for English (or a text too short to judge), ``ar`` for
    Arabic, else what it looks like instead (a language code such as ``fr``/``fa``, or ``unknown``)."""
    cfg = load_lexicon().section("language")
    n_ascii = len(_ASCII_LETTERS.findall(text))
    others = Counter(_script(ch) for ch in _NON_ASCII_LETTERS.findall(text))
    latin = n_ascii + others.pop("LATIN", 0)
    n_letters = latin + sum(others.values())
    if not n_letters:
        return "en"
    scripts = others
    if scripts and 1 - latin / n_letters > float(cfg["max_foreign_letters"]):
        main, _ = scripts.most_common(1)[0]
        code = str(cfg["scripts"].get(main, "unknown"))
        # one script, several languages (Arabic, Persian, Urdu ...): the stopwords say which
        return _by_stopwords(text, cfg["script_languages"][code], "unknown") if code in cfg["script_languages"] \
            else code
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if len(tokens) < int(cfg["min_words"]):
        return "en"
    english = {w.lower() for w in cfg["english"]}
    share = sum(t in english for t in tokens) / len(tokens)
    if share >= float(cfg["min_english_share"]):
        return "en"
    return _by_stopwords(text, cfg["others"], "unknown", floor=share)


def _by_stopwords(text: str, languages: dict[str, list[str]], default: str, floor: float = 0.0) -> str:
    """The language whose stopwords make the largest share of ``text``'s words (above ``floor``)."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if not tokens:
        return default
    scores = {lang: sum(t in set(words) for t in tokens) / len(tokens) for lang, words in languages.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return str(lang) if best > floor else default


def accepted_languages() -> frozenset[str]:
    """The languages Docket reads (the others are refused at import)."""
    return frozenset(str(c) for c in load_lexicon().section("language")["accepted"])


def detect_non_english(text: str) -> str | None:
    """None if ``text`` reads as English (or is too short to judge); else what it looks like instead."""
    lang = detect_language(text)
    return None if lang == "en" else lang
