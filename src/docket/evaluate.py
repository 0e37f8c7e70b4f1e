"""Accuracy against hand-coded gold files, with the reference scorer's rules (shared/tools/score.py).

Incidents are aligned per document by place name (transliteration-tolerant) and date compatibility,
then every slot (location, date, killed, injured, each actor, attack type, weapon and target type)
counts as a true positive, false positive or false negative. Aggregates match on (metric, count).
The figures must equal the reference scorer's on the same files; a test checks that.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

FIELDS = ("location", "date", "killed", "injured", "actors", "attack_types", "weapons", "targets")
_ARTICLES = re.compile(r"\b(al|el|ar|as|ash|ad|at|an|az)[ -]")
_PLACE_WORDS = re.compile(
    r"\b(the )?(town|city|village|province|governorate|countryside|of|rural|northern|southern|eastern|western)\b")

Tally = dict[str, list[int]]
# Arabic names as the reference scorer (../shared/tools/score.py) normalises them, so both print the same
_ARABIC = re.compile(r"[\u0621-\u064A]")
_AR_WORDS = re.compile(r"(?<![\u0621-\u064A])(مدينه|بلده|قريه|ريف|محافظه|منطقه|حي|مخيم|الشمالي|الجنوبي|الشرقي|الغربي)"
                       r"(?![\u0621-\u064A])")


def norm_place_ar(s: str) -> str:
    """Arabic names: diacritics and tatweel dropped, alef/yaa/taa marbuta unified, place words and the article
    dropped (the reference scorer's rule, kept apart from the place-name key so the two print the same)."""
    s = re.sub(r"[\u064B-\u0652\u0670\u0640]", "", s)
    s = re.sub("[إأآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    s = _AR_WORDS.sub(" ", s)
    s = re.sub(r"(?<![\u0621-\u064A])(وال|بال|لل|ال)(?=[\u0621-\u064A]{2})", "", s)
    return re.sub(r"[^\u0621-\u064A]+", "", s)


def norm_place(s: str | None) -> str:
    if not s:
        return ""
    if _ARABIC.search(s):
        return norm_place_ar(s)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['`’ʿʾ‘]", "", s)
    s = _ARTICLES.sub("", s)
    s = _PLACE_WORDS.sub(" ", s)
    s = re.sub(r"[^a-z]+", "", s)
    for a, b in (("ou", "u"), ("ee", "i"), ("ei", "ay"), ("kafar", "kafr"), ("kfar", "kafr")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def _place_sim(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    g = norm_place((gold.get("location") or {}).get("name"))
    loc = pred.get("location") or {}
    cands = [norm_place(loc.get("name")), norm_place(loc.get("canonical"))]
    if not g:
        return 0.0
    return max((fuzz.ratio(g, c) for c in cands if c), default=0.0)


def _span(d: dict[str, Any] | None) -> tuple[date, date] | None:
    if not d or not d.get("start"):
        return None
    s = date.fromisoformat(d["start"])
    return s, date.fromisoformat(d.get("end") or d["start"])


def _dates_compatible(g: dict[str, Any], p: dict[str, Any]) -> bool:
    gs, ps = _span(g.get("date")), _span(p.get("date"))
    if gs is None or ps is None:
        return True
    one = timedelta(days=1)
    return ps[0] <= gs[1] + one and gs[0] <= ps[1] + one


def _jaccard(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def values(inc: dict[str, Any], field: str) -> set[Any]:
    if field == "location":
        return {"place"}
    if field == "date":
        s = _span(inc.get("date"))
        return {s} if s else set()
    if field in ("killed", "injured"):
        v = inc.get(field) or {}
        return {v["count"]} if v.get("count") is not None else set()
    if field == "actors":
        return {(a if isinstance(a, str) else a.get("name", "")).strip().lower() for a in inc.get("actors") or []}
    if field == "targets":
        return {t["type"] for t in inc.get("targets") or []}
    return set(inc.get(field) or [])


def align(golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Greedy one-to-one alignment by place similarity, then date and details."""
    pairs = []
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            sim = _place_sim(g, p)
            if sim >= 80 and _dates_compatible(g, p):
                exact_day = _span(g.get("date")) == _span(p.get("date")) and _span(g.get("date")) is not None
                details = (5 * (values(g, "killed") == values(p, "killed") != set())
                           + 3 * _jaccard(values(g, "attack_types") | values(g, "weapons"),
                                          values(p, "attack_types") | values(p, "weapons"))
                           + 2 * _jaccard(values(g, "targets"), values(p, "targets")))
                pairs.append((-(sim + (10 if exact_day else 0) + details), i, j))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def score_document(gold: dict[str, Any], pred: dict[str, Any], tally: Tally) -> None:
    gi, pi = gold.get("incidents", []), pred.get("incidents", [])
    pairs = align(gi, pi)
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    t = tally["incidents"]
    t[0] += len(pairs)
    t[1] += len(pi) - len(pairs)
    t[2] += len(gi) - len(pairs)
    for f in FIELDS:
        c = tally[f]
        for i, j in pairs:
            if f == "date" and (gi[i].get("date") or {}).get("precision") == "unknown":
                continue
            g, p = values(gi[i], f), values(pi[j], f)
            c[0] += len(g & p)
            c[1] += len(p - g)
            c[2] += len(g - p)
        for i, g_inc in enumerate(gi):
            if i not in matched_g and not (f == "date" and (g_inc.get("date") or {}).get("precision") == "unknown"):
                c[2] += len(values(g_inc, f))
        for j, p_inc in enumerate(pi):
            if j not in matched_p:
                c[1] += len(values(p_inc, f))

    def key(a: dict[str, Any]) -> tuple[Any, Any]:
        return a.get("metric"), a.get("count")

    ga = [key(a) for a in gold.get("aggregates", []) if a.get("count") is not None]
    rest = [key(a) for a in pred.get("aggregates", []) if a.get("count") is not None]
    n_pred = len(rest)
    hit = 0
    for k in ga:
        if k in rest:
            rest.remove(k)
            hit += 1
    a = tally["aggregates"]
    a[0] += hit
    a[1] += n_pred - hit
    a[2] += len(ga) - hit


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(pairs: Iterable[tuple[dict[str, Any], dict[str, Any] | None]]) -> dict[str, dict[str, float]]:
    """Score (gold, prediction) pairs; a missing prediction counts as empty."""
    tally: Tally = {k: [0, 0, 0] for k in ("incidents", *FIELDS, "aggregates")}
    for gold, pred in pairs:
        score_document(gold, pred or {"incidents": [], "aggregates": []}, tally)
    slots = [sum(tally[f][k] for f in FIELDS) for k in range(3)]
    result: dict[str, dict[str, float]] = {}
    for k, v in tally.items():
        result[k] = dict(zip(("tp", "fp", "fn", "p", "r", "f1"), (*v, *prf(*v)), strict=True))
    result["slots"] = dict(zip(("tp", "fp", "fn", "p", "r", "f1"), (*slots, *prf(*slots)), strict=True))
    return result


def format_table(result: dict[str, dict[str, float]], missing: list[str]) -> str:
    lines = [f"{'':12} {'tp':>5} {'fp':>5} {'fn':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for k, v in result.items():
        lines.append(f"{k:12} {int(v['tp']):5} {int(v['fp']):5} {int(v['fn']):5} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f}")
    if missing:
        lines.append(f"no usable prediction for {len(missing)} document(s): {', '.join(missing[:10])}")
    lines.append(f"slot F1 = {result['slots']['f1']:.3f}")
    return "\n".join(lines)


def load_gold(gold_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for gf in sorted(Path(gold_dir).glob("*.json")):
        try:
            out.append((gf.stem, json.loads(gf.read_text(encoding="utf-8"))))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"{gf}: not a readable gold file: {exc}") from None
    return out
