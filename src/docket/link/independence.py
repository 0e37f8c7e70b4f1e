"""Which reports of a case are independent sources.

Reports count once together when they are copies of one text (the same text hash), come from the same
publisher, or are syndicated copies of one wire text on different sites: near-duplicate text, found by
word-shingle containment (the share of the shorter text's word 5-grams that the other text also has, so
a wire story trimmed or wrapped in another site's header and footer still counts as a copy). Each group
says why its reports were counted together.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from docket.link.rules import default_rules

_WORD_RE = re.compile(r"\w+")


@lru_cache(maxsize=256)   # a growing case is recomputed with each new report: its texts come back
def shingles(text: str, size: int) -> frozenset[int]:
    """CRC-32 hashes of the lowercase word ``size``-grams of ``text`` (the whole text when shorter)."""
    words = _WORD_RE.findall(text.lower())
    if len(words) < size:
        return frozenset({zlib.crc32(" ".join(words).encode("utf-8"))}) if words else frozenset()
    return frozenset(zlib.crc32(" ".join(words[i:i + size]).encode("utf-8")) for i in range(len(words) - size + 1))


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller shingle set found in the other (0 when either is empty)."""
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & big) / len(small)


def publisher_of(publisher: str | None) -> str | None:
    """The publisher's name, case and spacing folded (None when not known)."""
    return " ".join(publisher.casefold().split()) or None if publisher else None


@dataclass
class Report:
    """One document of a case, as independence needs it."""

    document_id: str
    copy_group: str                 # text hash: exact copies share it
    publisher: str | None = None
    source: str | None = None
    text: str | None = None         # None: near-duplicate detection not possible for this report


@dataclass
class SourceGroup:
    """Reports counted as one independent source, and why."""

    documents: list[str]
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"documents": self.documents, "reasons": self.reasons}


def source_groups(reports: list[Report], rules: dict | None = None) -> list[SourceGroup]:
    """Group the reports of a case into independent sources (union of same text, publisher, near-copy)."""
    r = (rules or default_rules())["independence"]
    docs = list(dict.fromkeys(rep.document_id for rep in reports))
    by_id = {rep.document_id: rep for rep in reports}
    parent = {d: d for d in docs}
    edges: list[tuple[str, str]] = []   # (a document of the group, why)

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    def union(a: str, b: str, why: str) -> None:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
        edges.append((a, why))

    first_by: dict[tuple[str, str], str] = {}
    for d in docs:
        rep = by_id[d]
        pub = publisher_of(rep.publisher)
        for kind, key, why in (("text", rep.copy_group, "same text"), ("publisher", pub, f"same publisher {pub}")):
            if not key:
                continue
            other = first_by.setdefault((kind, key), d)
            if other != d and find(other) != find(d):
                union(other, d, f"{other} and {d}: {why}")
    texts = [d for d in docs if by_id[d].text]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if find(a) != find(b):
                c = containment(shingles(by_id[a].text or "", r["shingle_words"]),
                                shingles(by_id[b].text or "", r["shingle_words"]))
                if c >= r["near_duplicate"]:
                    union(a, b, f"{a} and {b}: near-identical text ({c:.0%} of the shorter text's phrases shared)")
    groups: dict[str, SourceGroup] = {}
    for d in docs:
        groups.setdefault(find(d), SourceGroup([])).documents.append(d)
    for d, why in edges:
        groups[find(d)].reasons.append(why)
    return list(groups.values())
