"""Transliteration-tolerant keys and similarity for place names ("Sarqib" ~ "Saraqib")."""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz
from unidecode import unidecode

from docket.link.rules import load_yaml


@functools.cache
def _table() -> dict:
    return load_yaml("place_names.yaml")


@functools.cache
def place_key(name: str) -> str:
    """A comparison key: "Ma'arat al-Nu'man" and "Maaret al-Nouman" both give "marat numan"."""
    t = _table()
    drop = set(t["drop_chars"]) | set(unidecode(t["drop_chars"]))
    s = "".join(c for c in unidecode(name).lower() if c not in drop)
    for prefix in t["article_prefixes"]:
        s = re.sub(rf"\b{re.escape(prefix)}", "", s)
    s = s.translate({ord(c): " " for c in t["space_chars"]})
    articles = set(t["articles"])
    words = [w for w in s.split() if w not in articles] or s.split()
    words = [t["words"].get(w, w) for w in words]
    s = " ".join(words)
    for old, new in t["letters"]:
        s = s.replace(old, new)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s.strip()


def name_similarity(a: str, b: str) -> float:
    """0..1: the better of the spaced and the unspaced key ratio ("Kafr Nabl" vs "Kafranbel")."""
    ka, kb = place_key(a), place_key(b)
    if not ka or not kb:
        return 0.0
    spaced = fuzz.ratio(ka, kb)
    joined = fuzz.ratio(ka.replace(" ", ""), kb.replace(" ", ""))
    return max(spaced, joined) / 100.0
