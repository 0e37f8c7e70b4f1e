"""Fellegi–Sunter weights for the linking rules, estimated from labelled pairs, with leave-one-case-out.

Each feature of a scored pair comes from one rule key (its ``level``, e.g. ``date.same_day``). For every
level, m = P(level | same event) and u = P(level | different events) are counted over labelled candidate
pairs (Laplace-smoothed) and the weight is log2(m / u); a feature a pair lacks stays neutral. The fitted
weights replace the YAML ones key by key, so the explanation shown on a case page keeps its shape.

Used by ``benchmarks/bench_link.py``; nothing here is used by ``docket run``.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from docket.link.evaluation import LinkingSet, PairCounts, cross_report_pairs, link_extractions
from docket.link.linker import Linker
from docket.link.records import LinkRecord

SECTIONS = {"distinctive": "distinctive_kinds"}   # feature name -> rules section, where they differ


@dataclass
class Pair:
    a: tuple[str, int]
    b: tuple[str, int]
    same: bool
    levels: list[str]
    total: float


def labelled_pairs(ls: LinkingSet, rules: dict[str, Any] | None = None) -> list[Pair]:
    """Every pair of gold incidents of different documents that blocking makes candidates, scored."""
    linker = Linker(rules=rules) if rules is not None else Linker()
    recs: dict[tuple[str, int], LinkRecord] = {}
    for ex in ls.extractions:
        for k, i in enumerate(ex.incidents):
            rec = LinkRecord.from_incident(i, ex.document.id, ex.document.id, ex.document.published, linker.rules)
            rec.case_id = f"{ex.document.id}#{k}"
            recs[(ex.document.id, k)] = rec
            linker.add(rec)
    by_id = {r.incident_id: key for key, r in recs.items()}
    out = []
    for key, rec in recs.items():
        for other in linker.candidates(rec):
            okey = by_id[other.incident_id]
            if okey <= key or key not in ls.truth or okey not in ls.truth:
                continue
            s = linker.score(rec, other)
            out.append(Pair(key, okey, ls.truth[key] == ls.truth[okey], [f.level for f in s.features], s.total))
    return out


def fit_weights(pairs: list[Pair], alpha: float = 1.0) -> dict[str, float]:
    """log2(m/u) per level (levels of scaled weights, marked ``*``, are left to the YAML)."""
    n_m = sum(p.same for p in pairs)
    n_u = len(pairs) - n_m
    m: Counter[str] = Counter()
    u: Counter[str] = Counter()
    for p in pairs:
        (m if p.same else u).update(lv for lv in p.levels if not lv.endswith("*"))
    levels = sorted(set(m) | set(u))
    return {lv: round(math.log2(((m[lv] + alpha) / (n_m + 2 * alpha)) / ((u[lv] + alpha) / (n_u + 2 * alpha))), 2)
            for lv in levels}


def apply_weights(rules: dict[str, Any], weights: dict[str, float], threshold: float) -> dict[str, Any]:
    """A copy of ``rules`` with the fitted weights put in place of the YAML ones, and one threshold."""
    out = copy.deepcopy(rules)
    for level, w in weights.items():
        name, key = level.split(".", 1)
        section = out[SECTIONS.get(name, name)]
        if key == "distinctive_shared":      # the feature weighs shared + distinctive_shared
            section[key] = round(w - section["shared"], 2)
        elif key in section:
            section[key] = w
    out["threshold"] = out["threshold_without_date"] = threshold
    if "undated_distinctive" in out:   # one fitted threshold for every pair
        out["undated_distinctive"]["threshold"] = threshold
    return out


def best_threshold(pairs: list[Pair], weights: dict[str, float]) -> float:
    """The pair-level F1-best threshold for ``weights`` (the midpoint between neighbouring scores)."""
    scored = sorted((sum(weights.get(lv, 0.0) for lv in p.levels), p.same) for p in pairs)
    best, best_t = -1.0, 0.0
    for (lo, _), (hi, _) in itertools.pairwise(scored + [(scored[-1][0] + 2, False)] if scored else []):
        t = (lo + hi) / 2
        c = PairCounts()
        for s, same in scored:
            c.tp += s >= t and same
            c.fp += s >= t and not same
            c.fn += s < t and same
        if c.f1 > best:
            best, best_t = c.f1, t
    return round(best_t, 2)


def fitted_rules(ls: LinkingSet, pairs: list[Pair], base: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    weights = fit_weights(pairs)
    return apply_weights(base, weights, best_threshold(pairs, weights)), weights


def leave_one_case_out(ls: LinkingSet, base: dict[str, Any]) -> PairCounts:
    """For each true case: fit on the pairs not touching it, link everything, count the pairs touching it."""
    pairs = labelled_pairs(ls, base)
    total = PairCounts()
    for case in sorted(set(ls.truth.values())):
        held = {k for k, v in ls.truth.items() if v == case}
        train = [p for p in pairs if p.a not in held and p.b not in held]
        rules, _ = fitted_rules(ls, train, base)
        total = total + cross_report_pairs(link_extractions(ls.extractions, rules), ls.truth, only=held)
    return total
