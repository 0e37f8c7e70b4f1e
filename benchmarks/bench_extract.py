"""Extraction benchmark: docs/s and peak memory over the dev corpus repeated to >= 1,000 documents,
in one process, plus accuracy per field against ../shared/gold/dev (reference scorer's rules); then the same
for the Arabic dev corpus (../shared/corpus/dev_ar, gold dev_ar) when it is there.

    .venv/bin/python benchmarks/bench_extract.py [--docs 1000] [--no-geocode]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from docket import evaluate
from docket.ingest import read_file
from docket.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _run(pipeline: Pipeline, docs: list, total: int) -> tuple[int, int, float, float]:
    """(documents, incidents, seconds, CPU seconds) for ``total`` documents taken round the list."""
    n = incidents = 0
    t1, c1 = time.perf_counter(), time.process_time()
    while n < total:
        for d in docs:
            incidents += len(pipeline.process(d).incidents)
            n += 1
            if n >= total:
                break
    return n, incidents, time.perf_counter() - t1, time.process_time() - c1


def _accuracy(pipeline: Pipeline, corpus: list[Path], name: str) -> None:
    golds = evaluate.load_gold(SHARED / "gold" / name)
    by_stem = {p.stem: pipeline.process(read_file(p)).to_dict() for p in corpus}
    result = evaluate.score((g, by_stem.get(stem)) for stem, g in golds)
    print(f"\naccuracy on ../shared/gold/{name}")
    print(evaluate.format_table(result, []))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--no-geocode", action="store_true")
    args = ap.parse_args()
    corpus = sorted((SHARED / "corpus" / "dev").glob("*.txt"))
    if not corpus:
        print("no ../shared/corpus/dev beside the checkout", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    pipeline = Pipeline.load(geocode=not args.no_geocode)
    load_s = time.perf_counter() - t0
    docs = [read_file(p) for p in corpus]
    n, incidents, elapsed, cpu = _run(pipeline, docs, args.docs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents        {n}")
    print(f"load time        {load_s:.2f} s (vocabularies, gazetteer)")
    print(f"extraction       {elapsed:.2f} s  ->  {n / elapsed:.1f} docs/s (one process)")
    print(f"cpu time         {cpu:.2f} s  ->  {n / cpu:.1f} docs per CPU-second (comparable on a loaded machine)")
    print(f"incidents        {incidents}")
    print(f"peak memory      {peak_mb:.0f} MiB (max RSS)")
    _accuracy(pipeline, corpus, "dev")
    arabic = sorted((SHARED / "corpus" / "dev_ar").glob("*.txt"))
    if arabic:
        docs_ar = [read_file(p) for p in arabic]
        n, incidents, elapsed, cpu = _run(pipeline, docs_ar, args.docs)
        print(f"\nArabic documents {n} (../shared/corpus/dev_ar repeated)")
        print(f"extraction       {elapsed:.2f} s  ->  {n / elapsed:.1f} docs/s (one process)")
        print(f"cpu time         {cpu:.2f} s  ->  {n / cpu:.1f} docs per CPU-second")
        print(f"incidents        {incidents}")
        _accuracy(pipeline, arabic, "dev_ar")
    return 0


if __name__ == "__main__":
    sys.exit(main())
