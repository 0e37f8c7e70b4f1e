"""Benchmark `docket spark run` in local mode against `docket run`, on the varied documents of bench_run.py.

    .venv/bin/python benchmarks/bench_spark.py [--docs 100000] [--small 10000] [--cores 1,2] [--timeout 30]
        [--no-docket-run] [--no-link-alone]

For --docs documents (written once by ``bench_run.replicate``, the real pipeline extracts them) it runs, each
in its own process so that peak memory is its own:

- ``docket run`` into a fresh SQLite database (docs/s, peak memory);
- ``docket spark run --db`` with local[N] for every N of --cores: docs/s, the time of each stage (extract,
  link, write, load), peak memory of the driver (the Python driver and the JVM, which in local mode also runs
  the executors' threads) and of the executors' Python workers;

then the scaling ratio (docs/s at the most cores over docs/s at one core), and, with --small, the driver's
peak memory on the first --small documents against all --docs (it must stay flat as documents grow).
Spark's start-up (JVM, session) is outside the docs/s figures and printed on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _vm_hwm_mib(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process, in MiB (0 when /proc does not say)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def one_spark(reports: Path, work: Path, master: str, timeout: float, alone: bool = True) -> dict[str, float]:
    """One `docket spark run --db` in this process (called as a child of the benchmark)."""
    from docket.spark.job import session, spark_run
    from docket.spark.load import load

    t0 = time.perf_counter()
    spark = session(master, "docket-bench")
    startup = time.perf_counter() - t0
    t1 = time.perf_counter()
    summary = spark_run(spark, [reports], work / "out", timeout=timeout or None)
    t2 = time.perf_counter()
    loaded = load(work / "out", f"sqlite:///{work / 'spark.db'}")
    t3 = time.perf_counter()
    jvm = _vm_hwm_mib(spark.sparkContext._gateway.proc.pid)
    # the largest case (incidents linked together): its row is what the load holds at once
    largest = spark.read.parquet(str(work / "out" / "incidents")).groupBy("case_id").count() \
        .agg({"count": "max"}).collect()[0][0] or 0
    driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # before linking alone holds everything
    alone_s, n_incidents = link_alone(spark, work / "out") if alone else (0.0, 0)
    spark.stop()
    return {"docs": summary.new + summary.copies, "failed": summary.failed, "incidents": summary.incidents,
            "cases": summary.cases, "startup_s": startup, "run_s": t2 - t1, "load_s": t3 - t2,
            "total_s": t3 - t1, **{f"{k}_s": v for k, v in summary.seconds.items()},
            "driver_python_mib": driver, "driver_jvm_mib": jvm,
            "worker_mib": summary.worker_peak_mib, "loaded_cases": loaded.cases,
            "extract_cpu_s": summary.worker_cpu_s.get("extract", 0.0), "link_cpu_s": summary.worker_cpu_s.get("link", 0.0),
            "load_average": os.getloadavg()[0], "link_alone_s": alone_s, "link_alone_incidents": n_incidents,
            "largest_case": largest}


def link_alone(spark: object, out: Path) -> tuple[float, int]:
    """Seconds one process takes to link the run's incidents with LinkStage, documents in storage order (the
    serial part of the link stage when every incident falls in one component), and how many incidents."""
    from collections import defaultdict

    from docket.link.stage import LinkInput, LinkStage
    from docket.model import Incident

    docs = {r.id: (r.seq, r.text_hash, r.published) for r in spark.read.parquet(str(out / "documents"))  # type: ignore[attr-defined]
            .select("id", "seq", "text_hash", "published").toLocalIterator()}
    by_doc: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in spark.read.parquet(str(out / "incidents")).select("document_id", "idx", "data").toLocalIterator():  # type: ignore[attr-defined]
        by_doc[r.document_id].append((r.idx, r.data))
    inputs = []
    for doc_id in sorted(by_doc, key=lambda d: docs[d][0]):
        _seq, th, published = docs[doc_id]
        inputs.append(LinkInput(doc_id, th, published,
                                [Incident.from_dict(json.loads(d)) for _i, d in sorted(by_doc[doc_id])], {}))
    stage = LinkStage()
    t0 = time.perf_counter()
    for inp in inputs:
        stage.commit(inp, stage.assign(inp))
    return time.perf_counter() - t0, sum(len(i.incidents) for i in inputs)


def _child(args: list[str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True)
    if out.returncode != 0:
        log = Path(tempfile.mkstemp(prefix="bench-spark-child-", suffix=".log")[1])   # outside the work dir it removes
        log.write_text(out.stderr, encoding="utf-8")
        raise SystemExit(f"bench child {args} failed (its whole stderr: {log}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def docket_run(reports: Path, work: Path, timeout: float) -> dict[str, float]:
    docket = Path(sys.executable).with_name("docket")
    t0 = time.perf_counter()
    res = subprocess.run([str(docket), "run", str(reports), "--db", f"sqlite:///{work / 'run.db'}", "-q",
                          "--timeout", str(timeout)], capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if res.returncode not in (0, 1):
        raise SystemExit(f"docket run failed:\n{res.stderr[-3000:]}")
    return {"run_s": elapsed, "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=10_000, help="also run the first N documents (driver memory)")
    ap.add_argument("--cores", default="1,2", help="local[N] for each N, comma-separated")
    ap.add_argument("--timeout", type=float, default=30.0, help="per-document budget, as in docket run")
    ap.add_argument("--no-docket-run", action="store_true", help="skip the docket run comparison")
    ap.add_argument("--no-link-alone", action="store_true",
                    help="skip timing LinkStage alone in one process (at 100,000 documents it takes ~15 min)")
    ap.add_argument("--child", nargs=3, metavar=("REPORTS", "WORK", "MASTER"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        reports, work, master = args.child
        print(json.dumps(one_spark(Path(reports), Path(work), master, args.timeout, not args.no_link_alone)))
        return

    from bench_run import replicate

    base = Path(tempfile.mkdtemp(prefix="docket-bench-spark-"))
    try:
        t0 = time.perf_counter()
        reports = base / "reports"
        replicate(reports, args.docs)
        shutil.rmtree(base / "replay", ignore_errors=True)
        print(f"generated {args.docs} documents in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        cores = [int(c) for c in args.cores.split(",")]
        rows: dict[str, dict[str, float]] = {}
        if not args.no_docket_run:
            w = base / "run"
            w.mkdir()
            rows["docket run"] = docket_run(reports, w, args.timeout)
            print(f"docket run: {json.dumps(rows['docket run'])}", file=sys.stderr)
        for n in cores:
            w = base / f"spark{n}"
            w.mkdir()
            rows[f"local[{n}]"] = _child(["--child", str(reports), str(w), f"local[{n}]", "--timeout", str(args.timeout),
                                      *(["--no-link-alone"] if args.no_link_alone else [])])
            print(f"local[{n}]: {json.dumps(rows[f'local[{n}]'])}", file=sys.stderr)
            shutil.rmtree(w, ignore_errors=True)
        small = None
        if args.small and args.small < args.docs:
            few = base / "few"
            few.mkdir()
            for p in sorted(reports.iterdir())[:args.small]:
                os.link(p, few / p.name)
            w = base / "small"
            w.mkdir()
            small = _child(["--child", str(few), str(w), f"local[{max(cores)}]", "--timeout", str(args.timeout),
                           *(["--no-link-alone"] if args.no_link_alone else [])])
            print(f"small: {json.dumps(small)}", file=sys.stderr)

        print(f"documents: {args.docs} (bench_run.replicate: varied dates, places and numbers; real pipeline)")
        if "docket run" in rows:
            r = rows["docket run"]
            print(f"docket run           : {args.docs / r['run_s']:7.1f} docs/s ({r['run_s']:.0f} s), "
                  f"peak memory {r['peak_mib']:.0f} MiB")
        for n in cores:
            r = rows[f"local[{n}]"]
            print(f"docket spark local[{n}]: {args.docs / r['total_s']:7.1f} docs/s ({r['total_s']:.0f} s: extract "
                  f"{r['extract_s']:.0f} s, link {r['link_s']:.0f} s, write {r['write_s']:.0f} s, load "
                  f"{r['load_s']:.0f} s; start-up {r['startup_s']:.0f} s not counted); peak memory: driver "
                  f"Python {r['driver_python_mib']:.0f} MiB + JVM {r['driver_jvm_mib']:.0f} MiB, executor Python "
                  f"worker {r['worker_mib']:.0f} MiB; {r['incidents']:.0f} incidents, {r['cases']:.0f} cases "
                  f"(the largest of {r['largest_case']:.0f}), {r['failed']:.0f} failed")
            print(f"    extract: {args.docs / r['extract_s']:.1f} docs/s wall, {args.docs / r['extract_cpu_s']:.1f} docs per "
                  f"CPU-second of the Python workers, {r['extract_cpu_s'] / r['extract_s']:.2f} cores busy on "
                  f"average; machine load average {r['load_average']:.1f} at the end")
            if r["link_alone_incidents"]:
                print(f"    linking alone (LinkStage in one process over the run's incidents): {r['link_alone_s']:.1f} s "
                      f"for {r['link_alone_incidents']:.0f} incidents = "
                      f"{1000 * r['link_alone_s'] / max(1, r['link_alone_incidents']):.2f} ms per incident")
        if len(cores) > 1:
            lo, hi = rows[f"local[{min(cores)}]"], rows[f"local[{max(cores)}]"]
            print(f"scaling local[{max(cores)}] / local[{min(cores)}]: {lo['total_s'] / hi['total_s']:.2f}x overall, "
                  f"extract {lo['extract_s'] / hi['extract_s']:.2f}x, link {lo['link_s'] / hi['link_s']:.2f}x")
        if small is not None:
            big = rows[f"local[{max(cores)}]"]
            print(f"driver peak memory, {args.small} vs {args.docs} documents: Python "
                  f"{small['driver_python_mib']:.0f} vs {big['driver_python_mib']:.0f} MiB, JVM "
                  f"{small['driver_jvm_mib']:.0f} vs {big['driver_jvm_mib']:.0f} MiB (largest case "
                  f"{small['largest_case']:.0f} vs {big['largest_case']:.0f} incidents)")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
