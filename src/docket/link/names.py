"""Place-name similarity for linking: a thin layer over Docket's one place key (``docket.text.names``).

Two names are the same place when :func:`docket.text.names.same_place` says so or their consonant skeletons
agree ("Sarqib" ~ "Saraqib"; a skeleton of one or two consonants only with close keys); otherwise their keys are compared with an edit-distance ratio, which also
covers spaced against joined spellings ("Kafr Nabl" ~ "Kafranbel": keys have no spaces).
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from docket.text.names import latin_skeletons, place_key, same_place

SHORT_SKELETON = 3


@lru_cache(maxsize=100_000)
def name_similarity(a: str, b: str) -> float:
    """0..1: 1.0 for one key or one skeleton, else the edit ratio of the two place keys."""
    if same_place(a, b):
        return 1.0
    ka, kb = place_key(a), place_key(b)
    if not ka or not kb:
        return 0.0
    ratio = fuzz.ratio(ka, kb) / 100.0
    shared = latin_skeletons(a, fused=True) & latin_skeletons(b, fused=True)
    # a short skeleton ("DM": Douma, Dama) says little on its own: it needs keys that are already close
    if shared and (max(map(len, shared)) >= SHORT_SKELETON or ratio >= 0.75):
        return max(0.9, ratio)
    return ratio
