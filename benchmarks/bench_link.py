"""Linking figures: the cross-report linking set on its gold extractions (YAML weights, Fellegi–Sunter
weights fitted on the set, and the fitted weights' leave-one-case-out figure), then the cost of linking
as one town accumulates incidents (it must stay flat, not grow with the town).

usage: python benchmarks/bench_link.py [--link-dir ../shared/linking] [--town 20000]
The figures are pairwise over gold incidents of different reports, as ../shared/tools/linking_score.py
counts them, but on gold extractions: they measure linking alone, not extraction.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from pathlib import Path

from docket.link.calibrate import fitted_rules, labelled_pairs, leave_one_case_out
from docket.link.evaluation import cross_report_pairs, link_extractions, linking_set
from docket.link.linker import Linker
from docket.link.records import LinkRecord
from docket.link.rules import default_rules
from docket.model import Actor, DateSpan, Incident, Location, Total

HERE = Path(__file__).resolve().parent


def town_cost(n: int) -> None:
    """Link ``n`` reports of strikes on one town (one a day, a fifth undated); time per 1,000 reports."""
    linker = Linker()
    t0 = time.perf_counter()
    last = t0
    for k in range(n):
        day = dt.date(2012, 1, 1) + dt.timedelta(days=k // 3)
        undated = k % 5 == 0
        inc = Incident(id=f"d{k}#0", date=DateSpan(None if undated else day.isoformat(), None if undated else
                                                    day.isoformat(), "unknown" if undated else "day"),
                       location=Location("Aleppo", gazetteer_id="ocha:C1007", country="SY"),
                       attack_types=["airstrike"], killed=Total(k % 40 + 1, "exact"),
                       actors=[Actor("Syrian government forces")])
        rec = LinkRecord.from_incident(inc, f"d{k}", f"d{k}", None)
        (a,) = linker.assign([rec])
        rec.case_id = a.case_id
        linker.add(rec)
        if (k + 1) % (n // 4) == 0:
            now = time.perf_counter()
            print(f"  {k + 1:>7} incidents in one town: {1000 * (now - last) / (n // 4):.2f} ms per report "
                  f"for the last {n // 4}")
            last = now
    print(f"  total {time.perf_counter() - t0:.1f} s, {len(set(r.case_id for r in linker.records.values()))} cases, "
          f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--link-dir", type=Path, default=HERE.parent.parent / "shared" / "linking")
    ap.add_argument("--town", type=int, default=20000)
    args = ap.parse_args()
    ls = linking_set(args.link_dir)
    base = default_rules()
    print(f"linking set: {len(ls.extractions)} reports, {len(ls.truth)} gold incidents, "
          f"{len(set(ls.truth.values()))} cases")
    print("YAML weights (hand-set, seen this set):  ", cross_report_pairs(link_extractions(ls.extractions), ls.truth))
    pairs = labelled_pairs(ls, base)
    print(f"candidate pairs after blocking: {len(pairs)} ({sum(p.same for p in pairs)} same event)")
    rules, weights = fitted_rules(ls, pairs, base)
    print("Fellegi-Sunter, fitted on all:           ", cross_report_pairs(link_extractions(ls.extractions, rules),
                                                                         ls.truth))
    print("Fellegi-Sunter, leave-one-case-out:      ", leave_one_case_out(ls, base))
    print(f"fitted threshold {rules['threshold']} (YAML {base['threshold']}/{base['threshold_without_date']})")
    for level, w in sorted(weights.items()):
        name, key = level.split(".", 1)
        section = base.get({"distinctive": "distinctive_kinds"}.get(name, name), {})
        yaml_w = section.get(key)
        if key == "distinctive_shared":
            yaml_w = section["shared"] + section[key]
        print(f"  {level:<32} fitted {w:>6.2f}   yaml {yaml_w}")
    print(f"linking cost as one town fills up ({args.town} reports):")
    town_cost(args.town)


if __name__ == "__main__":
    main()
