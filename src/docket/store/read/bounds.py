"""The one rule for casualty bounds, on one case and on a sum of cases.

On one case (SPEC §1 "Case"): ``low`` is the largest stated lower bound, ``high`` the largest stated upper bound
and ``best`` the median of the stated counts, and they are kept in order: ``low ≤ best ≤ high`` wherever two
are stated. A best below the low ("more than 100": low 101, count 100) is raised to the low; a best above the
high is lowered to it; a high below the low is raised to the low. A figure with no value at all is no figure.

On a sum of cases: ``low`` adds the stated lows, ``best`` adds each case's best (its low when it has no best),
and ``high`` is *open* (``None``) as soon as one case with a figure has no upper bound. So a sum never shows
its high below its low.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, func

KEYS = ("low", "best", "high")


def ordered(low: int | None, best: int | None, high: int | None) -> tuple[int | None, int | None, int | None]:
    """``(low, best, high)`` put in order by the rule above."""
    if low is not None and high is not None and high < low:
        high = low
    if best is not None:
        if low is not None and best < low:
            best = low
        if high is not None and best > high:
            best = high
    return low, best, high


def figures(casualties: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """A case's ``casualties`` with every entry complete (``outcome, low, best, high``) and in order; entries
    with no value left (a reviewer cleared it) are dropped. Other keys (``n_stated``) are kept."""
    out = []
    for x in casualties or []:
        if not isinstance(x, dict) or not x.get("outcome"):
            continue
        vals = [x.get(k) if isinstance(x.get(k), int) and not isinstance(x.get(k), bool) else None for k in KEYS]
        low, best, high = ordered(*vals)
        if low is None and best is None and high is None:
            continue
        out.append({**x, "low": low, "best": best, "high": high})
    return out


def normalise_case(data: dict[str, Any]) -> dict[str, Any]:
    """A stored case object as every reader sees it (casualties complete and ordered)."""
    if "casualties" in data:
        return {**data, "casualties": figures(data.get("casualties"))}
    return data


# -- the same rule in SQL, per case row (columns {outcome}_low, _best, _high) ---------------------------------
def sql_low(cols: Any, outcome: str) -> ColumnElement[Any]:
    return cols[f"{outcome}_low"]


def sql_best(cols: Any, outcome: str) -> ColumnElement[Any]:
    low, best, high = (cols[f"{outcome}_{k}"] for k in KEYS)
    return case((best.is_(None), low),
                (and_(low.is_not(None), best < low), low),
                (and_(high.is_not(None), best > high), sql_high(cols, outcome)),
                else_=best)


def sql_high(cols: Any, outcome: str) -> ColumnElement[Any]:
    """The case's upper bound, ``NULL`` when open (a figure without an upper bound)."""
    low, high = cols[f"{outcome}_low"], cols[f"{outcome}_high"]
    return case((and_(low.is_not(None), high < low), low), else_=high)


def sql_open(cols: Any, outcome: str) -> ColumnElement[Any]:
    """1 when the case states a figure but no upper bound."""
    low, best, high = (cols[f"{outcome}_{k}"] for k in KEYS)
    return case((and_(high.is_(None), func.coalesce(low, best).is_not(None)), 1), else_=0)


def check_correction(case: dict[str, Any], path: str, value: Any) -> None:
    """Raise ValueError (one line) when setting ``path`` (``casualties.OUTCOME.low|best|high``) of ``case`` to
    ``value`` would break ``low ≤ best ≤ high``; other paths and clearing a value always pass."""
    parts = path.split(".")
    if len(parts) != 3 or parts[0] != "casualties" or parts[2] not in KEYS or value is None:
        return
    outcome, key = parts[1], parts[2]
    cur = next((x for x in figures(case.get("casualties")) if x["outcome"] == outcome), {})
    vals: dict[str, Any] = {k: cur.get(k) for k in KEYS} | {key: value}
    for a, b in (("low", "best"), ("best", "high"), ("low", "high")):
        if vals[a] is not None and vals[b] is not None and vals[a] > vals[b]:
            other = b if key == a else a
            raise ValueError(f"{outcome} {key} {value}: the {a} ({vals[a]}) would be above the {b} ({vals[b]}); "
                             f"correct the {other} first")
