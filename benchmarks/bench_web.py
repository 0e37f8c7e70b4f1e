"""Web app benchmark: 100,000 generated incidents in SQLite, then p50/p95 of the overview page and of
filtered API queries through the real app (FastAPI TestClient, in process).

    .venv/bin/python benchmarks/bench_web.py [--incidents 100000] [--requests 40] [--db PATH]

Rows are bulk-inserted through the store's own tables (``docket.store.schema``); the data are synthetic
(FICTIONAL), spread over 14 governorates, 3 years, the SPEC vocabularies and a few hundred places.
Targets at p95 with the aggregate cache off (issue #10): the overview and text search ≤ 300 ms, the map of all
cases ≤ 300 ms, every other request ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert

from docket.model import ATTACK_TYPES, TARGET_TYPES, WEAPONS
from docket.store import Store
from docket.store import schema as S
from docket.web import create_app

GOVS = ["Aleppo", "Idlib", "Hama", "Homs", "Damascus", "Rif Dimashq", "Daraa", "As-Suwayda", "Quneitra",
        "Latakia", "Tartus", "Ar-Raqqa", "Deir ez-Zor", "Al-Hasakah"]
ACTORS = ["Syrian government forces", "Russian forces", "Iranian forces", "Hezbollah", "US-led coalition",
          "Turkish forces", "SDF", "ISIS", "HTS", "Syrian opposition forces"]


def generate(store: Store, n_incidents: int, seed: int = 7) -> int:
    rnd = random.Random(seed)
    places = [(f"Place {i}", GOVS[i % len(GOVS)], 32.5 + rnd.random() * 4.5, 35.8 + rnd.random() * 6.3)
              for i in range(600)]
    per_doc = 5
    n_docs = n_incidents // per_doc
    docs, incs, labels, members, cases, facets, fts = [], [], [], [], [], [], []
    case_n = 0
    pending_case: dict[str, Any] | None = None
    for d in range(n_docs):
        did = f"sha256:{d:064x}"
        text = f"FICTIONAL generated report {d} about attacks."
        docs.append({"id": did, "seq": d + 1, "sha256": f"{d:064x}", "text_hash": f"{d:064x}", "copy_of": None,
                     "source": f"gen/{d}.txt", "publisher": f"Publisher {d % 40}", "title": f"Report {d}",
                     "published": None, "text": text, "n_bytes": len(text), "archive_path": "none",
                     "received_at": "2024-01-01T00:00:00+00:00", "review_status": "unreviewed"})
        fts.append((did, f"Report {d}", text))
        for k in range(per_doc):
            iid = f"{did}#{k}"
            name, gov, lat, lon = rnd.choice(places)
            day = f"{2021 + rnd.randrange(3)}-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}"
            at = rnd.choice(ATTACK_TYPES[:7])
            ws = [rnd.choice(WEAPONS)] if rnd.random() < 0.3 else []
            tt = [rnd.choice(TARGET_TYPES)] if rnd.random() < 0.5 else []
            actor = rnd.choice(ACTORS)
            killed = rnd.randrange(0, 30)
            injured = rnd.randrange(0, 60)
            loc = {"name": name, "canonical": name, "gazetteer_id": None, "lat": lat, "lon": lon, "admin1": gov,
                   "country": "SY", "precision": "town", "qualifier": None}
            data = {"id": iid, "date": {"start": day, "end": day, "precision": "day", "text": None}, "location": loc,
                    "actors": [{"name": actor, "text": actor}], "attack_types": [at], "weapons": ws, "strikes": [],
                    "casualties": [], "killed": {"count": killed, "qualifier": "exact"},
                    "injured": {"count": injured, "qualifier": "exact"},
                    "targets": [{"type": t, "name": None, "effect": "hit"} for t in tt], "sources": [],
                    "evidence": [], "confidence": 0.7, "legal": []}
            incs.append({"id": iid, "document_id": did, "idx": k, "date_start": day, "date_end": day,
                         "date_precision": "day", "date_text": None, "place_name": name, "place_canonical": name,
                         "gazetteer_id": None, "lat": lat, "lon": lon, "admin1": gov, "country": "SY",
                         "place_precision": "town", "place_qualifier": None, "killed_count": killed,
                         "killed_qualifier": "exact", "injured_count": injured, "injured_qualifier": "exact",
                         "confidence": 0.7, "review_status": "unreviewed", "data": data, "extracted": data})
            labels.append({"incident_id": iid, "kind": "attack_type", "value": at})
            labels.extend({"incident_id": iid, "kind": "weapon", "value": w} for w in ws)
            # every fifth incident joins the previous case (a second report of one event)
            if pending_case is not None and rnd.random() < 0.2 and pending_case["docs"] != did:
                cid = pending_case["id"]
                pending_case["n"] += 1
            else:
                case_n += 1
                cid = f"c-{case_n:012x}"
                cas = [{"outcome": "killed", "low": killed, "best": killed, "high": killed, "n_stated": 1},
                       {"outcome": "injured", "low": injured, "best": injured, "high": injured, "n_stated": 1}]
                cdata = {"id": cid, "date": {"start": day, "end": day, "precision": "day"}, "location": loc,
                         "actors": [actor], "attack_types": [at], "weapons": ws,
                         "targets": [{"type": t, "name": None, "effect": "hit"} for t in tt], "casualties": cas,
                         "sources": [], "publishers": [f"Publisher {d % 40}"], "legal": [], "n_documents": 1,
                         "n_independent_sources": 1, "single_source": True,
                         "members": [{"document_id": did, "source": f"gen/{d}.txt", "incident_index": k,
                                      "incident_id": iid, "publisher": None, "published": None,
                                      "date": data["date"], "place": name, "killed": data["killed"],
                                      "injured": data["injured"], "actors": [actor], "score": None, "pinned": False,
                                      "explanation": []}]}
                cases.append({"id": cid, "seq": case_n, "date_start": day, "date_end": day, "date_precision": "day",
                              "place_name": name, "place_canonical": name, "gazetteer_id": None, "lat": lat,
                              "lon": lon, "admin1": gov, "country": "SY", "killed_low": killed,
                              "killed_best": killed, "killed_high": killed, "injured_low": injured,
                              "injured_best": injured, "injured_high": injured, "n_documents": 1,
                              "n_independent_sources": 1, "single_source": True, "review_status": "unreviewed",
                              "data": cdata})
                fs = {("actor", actor), ("attack_type", at), ("document", did), ("publisher", f"Publisher {d % 40}")}
                fs |= {("weapon", w) for w in ws} | {("target_type", t) for t in tt}
                facets.extend({"case_id": cid, "kind": kd, "value": v} for kd, v in fs)
                pending_case = {"id": cid, "docs": did, "n": 1}
            members.append({"incident_id": iid, "case_id": cid, "pinned": False, "score": None, "explanation": []})
    with store.engine.begin() as conn:
        for table, rows in ((S.documents, docs), (S.incidents, incs), (S.incident_labels, labels),
                            (S.cases, cases), (S.case_members, members), (S.case_facets, facets)):
            for i in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[i:i + 5000])
        conn.exec_driver_sql("DELETE FROM documents_fts")
        conn.exec_driver_sql("SELECT 1")
        raw = conn.connection.driver_connection
        raw.executemany("INSERT INTO documents_fts (document_id, title, text) VALUES (?, ?, ?)", fts)
    with store.engine.begin() as conn:   # committed, or the planner never sees the statistics
        conn.exec_driver_sql("ANALYZE")
    return len(cases)


def timeit(client: Any, url: str, n: int) -> tuple[float, float, int]:
    client.get(url)  # warm-up
    times = []
    status = 200
    for _ in range(n):
        t0 = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        status = r.status_code
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))], status


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--db", type=Path, default=None, help="Keep the generated database here")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="docket-bench-web-")
    os.environ.setdefault("DOCKET_HOME", str(Path(tmp) / "home"))
    db = args.db or Path(tmp) / "bench.db"
    url = f"sqlite:///{db}"
    fresh = not db.exists()
    store = Store.open(url)
    t0 = time.perf_counter()
    if fresh:
        n_cases = generate(store, args.incidents)
        print(f"generated {args.incidents:,} incidents in {n_cases:,} cases in {time.perf_counter() - t0:.1f} s; "
              f"database {db.stat().st_size / 1e6:.0f} MB")
    store.close()

    for cache_size, note in ((0, "aggregate cache off: every request computed"),
                             (64, "aggregate cache on: repeated filters answered from the cache")):
        with TestClient(create_app(url, secret="bench", cache_size=cache_size, warm=False)) as client:
            print(f"\n{note}")
            run_requests(client, args.requests)


def run_requests(client: Any, n: int) -> None:
        print(f"{'request':<70} {'p50 ms':>8} {'p95 ms':>8}")
        for label, path, target in (
            ("overview page", "/", 300),
            ("overview page, weapon filter", "/?weapon=barrel_bomb", 300),
            ("overview page, governorate + dates + min killed",
             "/?admin1=Idlib&date_from=2022-01-01&date_to=2022-12-31&min_killed=5", 300),
            ("API cases: weapon + governorate", "/api/cases?weapon=barrel_bomb&admin1=Idlib", 150),
            ("API cases: actor + attack type + dates",
             "/api/cases?actor=Russian+forces&attack_type=airstrike&date_from=2022-01-01&date_to=2022-06-30", 150),
            ("API cases: text search", "/api/cases?q=report+attacks&weapon=chlorine", 300),
            ("API map (all cases)", "/api/map", 300),
            ("API map, weapon filter", "/api/map?weapon=barrel_bomb", 150),
            ("API stats by weapon, filtered", "/api/stats?by=weapon&admin1=Aleppo", 150),
            ("API timeline, actor filter", "/api/timeline?actor=HTS", 150),
            ("case page", "/cases/c-000000000064", 150),
            ("review queue", "/queue", 150),
        ):
            p50, p95, status = timeit(client, path, n)
            flag = "" if p95 <= target else f"  (over {target} ms)"
            print(f"{label:<70} {p50:8.1f} {p95:8.1f}{flag}" + ("" if status == 200 else f"  HTTP {status}"))


if __name__ == "__main__":
    main()
