"""Measuring linking: extractions from gold files, synthetic cross-report variants, pairwise precision/recall.

Used by the tests and ``benchmarks/``; nothing here is used by ``docket run``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docket.model import Aggregate, Document, Extraction, Incident, Total

# Spelling changes seen between transliterations of one Arabic name (applied at random, never all at once).
VARIANT_RULES: tuple[tuple[str, str], ...] = (
    ("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("a", "e"), ("e", "a"), ("q", "k"), ("k", "q"),
    ("sh", "ch"), ("aa", "a"), ("al-", "el-"), ("al-", ""), ("ah", "a"), ("y", "i"), ("ei", "ay"),
)


def gold_extractions(shared: Path) -> list[tuple[Extraction, bytes]]:
    """The dev gold as extractions over the dev corpus (gold actors/sources are plain strings)."""
    manifest: dict[str, dict] = {}
    man_path = shared / "corpus" / "dev" / "manifest.jsonl"
    if man_path.exists():
        for line in man_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                manifest[rec["id"]] = rec
    out = []
    for f in sorted((shared / "gold" / "dev").glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        raw = (shared / "corpus" / "dev" / f"{g['doc']}.txt").read_bytes()
        meta = manifest.get(g["doc"], {})
        doc = Document(id="sha256:" + hashlib.sha256(raw).hexdigest(), text=raw.decode("utf-8"),
                       published=g.get("published"), source=meta.get("url") or f"{g['doc']}.txt",
                       publisher=meta.get("publisher"), title=meta.get("title"))
        incidents = [Incident.from_dict(i) for i in g.get("incidents") or []]
        aggs = [Aggregate.from_dict(a) for a in g.get("aggregates") or []]
        out.append((Extraction(doc, incidents, aggs), raw))
    return out


def respell(name: str, rng: random.Random, changes: int = 1) -> str:
    """Another plausible transliteration of ``name``: ``changes`` spelling rules applied where they fit."""
    out = name
    rules = list(VARIANT_RULES)
    rng.shuffle(rules)
    done = 0
    for old, new in rules:
        if done >= changes:
            break
        idx = [m.start() for m in re.finditer(re.escape(old), out.lower())]
        if not idx or (old in ("a", "e", "i", "u") and len(out) <= 5):
            continue
        i = rng.choice(idx)
        repl = new if not out[i:i + 1].isupper() else new[:1].upper() + new[1:]
        candidate = out[:i] + repl + out[i + len(old):]
        if candidate.strip() and candidate != out:
            out = candidate
            done += 1
    return out


def _shift(day: str | None, days: int) -> str | None:
    return None if not day else (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def variant_incident(inc: Incident, rng: random.Random) -> Incident:
    """The same event as another outlet might report it: respelt place, ±1 day, another toll, fewer actors."""
    v = Incident.from_dict(json.loads(json.dumps(inc.to_dict())))
    if v.location:
        v.location.name = respell(v.location.name, rng, changes=rng.choice((1, 1, 2)))
        v.location.canonical = v.location.canonical  # a geocoder would give the same canonical name
    shift = rng.choice((0, 0, 0, 1, -1))
    if shift and v.date.precision == "day":
        v.date.start = _shift(v.date.start, shift)
        v.date.end = v.date.start
    if v.killed and v.killed.count is not None:
        new = max(1, v.killed.count + rng.choice((0, 1, 2, 3, -1)) + v.killed.count // 4)
        v.killed = Total(new, rng.choice(("exact", "at_least")))
        v.casualties = [c for c in v.casualties if c.outcome != "killed"]
    if v.actors and rng.random() < 0.3:
        v.actors = v.actors[:1]
    return v


@dataclass
class LinkEval:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    def __str__(self) -> str:
        return (f"pairwise precision {self.precision:.3f} recall {self.recall:.3f} "
                f"({self.correct_pairs} correct of {self.predicted_pairs} predicted, {self.true_pairs} true)")


def pairs_of(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    out: set[frozenset[str]] = set()
    for g in groups:
        for a, b in itertools.combinations(sorted(set(g)), 2):
            out.add(frozenset((a, b)))
    return out


def pairwise(predicted: dict[str, str], truth: dict[str, str]) -> LinkEval:
    """Pairwise P/R of a clustering ``incident -> cluster`` against ``incident -> true event``."""
    def groups(assign: dict[str, str]) -> list[list[str]]:
        g: dict[str, list[str]] = {}
        for k, v in assign.items():
            g.setdefault(v, []).append(k)
        return list(g.values())

    keys = set(truth)
    p = pairs_of(groups({k: v for k, v in predicted.items() if k in keys}))
    t = pairs_of(groups(truth))
    correct = len(p & t)
    return LinkEval(correct / len(p) if p else 1.0, correct / len(t) if t else 1.0, len(t), len(p), correct)


# -- the cross-report linking set (../shared/linking) ----------------------------------------------------------
@dataclass
class LinkingSet:
    """Gold extractions of the linking set and, per (document, incident index), its true case."""

    extractions: list[Extraction]
    truth: dict[tuple[str, int], str]


def linking_set(link_dir: Path) -> LinkingSet:
    """The gold of ``link_dir`` (``raw/*.txt``, ``gold/*.json``, ``cases.json``) as extractions."""
    extractions = []
    for f in sorted((link_dir / "gold").glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        raw = (link_dir / "raw" / f"{g['doc']}.txt").read_bytes()
        doc = Document(id=g["doc"], text=raw.decode("utf-8"), published=g.get("published"), source=f"{g['doc']}.txt")
        incidents = [Incident.from_dict({**i, "id": f"{g['doc']}#{k}"}) for k, i in enumerate(g.get("incidents") or [])]
        extractions.append(Extraction(doc, incidents, []))
    truth: dict[tuple[str, int], str] = {}
    for case in json.loads((link_dir / "cases.json").read_text(encoding="utf-8")):
        for m in case["members"]:
            truth[(m["doc"], m["incident"])] = case["case"]
    return LinkingSet(extractions, truth)


def link_extractions(extractions: list[Extraction], rules: dict | None = None) -> dict[tuple[str, int], str]:
    """Link extractions one document at a time, in order, as ``docket run`` does: (doc, index) -> case."""
    from docket.link.linker import Linker
    from docket.link.records import LinkRecord

    linker = Linker(rules=rules) if rules is not None else Linker()
    out: dict[tuple[str, int], str] = {}
    for ex in extractions:
        doc = ex.document
        group = hashlib.sha256(" ".join(doc.text.split()).encode("utf-8")).hexdigest()
        recs = [LinkRecord.from_incident(i, doc.id, group, doc.published, linker.rules) for i in ex.incidents]
        for k, (rec, a) in enumerate(zip(recs, linker.assign(recs), strict=True)):
            rec.case_id = a.case_id
            linker.add(rec)
            out[(doc.id, k)] = a.case_id
    return out


@dataclass
class PairCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: PairCounts) -> PairCounts:
        return PairCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"tp {self.tp} fp {self.fp} fn {self.fn}  P {self.precision:.3f} R {self.recall:.3f} "
                f"F1 {self.f1:.3f}")


def cross_report_pairs(predicted: dict[tuple[str, int], str], truth: dict[tuple[str, int], str],
                       only: set[tuple[str, int]] | None = None) -> PairCounts:
    """Pairwise counts over gold incidents of different documents (as ``linking_score.py`` counts them);
    with ``only``, just the pairs with at least one incident in ``only``."""
    c = PairCounts()
    for a, b in itertools.combinations(sorted(truth), 2):
        if a[0] == b[0] or (only is not None and a not in only and b not in only):
            continue
        same_gold = truth[a] == truth[b]
        same_pred = a in predicted and predicted.get(a) == predicted.get(b)
        c.tp += same_gold and same_pred
        c.fp += same_pred and not same_gold
        c.fn += same_gold and not same_pred
    return c
