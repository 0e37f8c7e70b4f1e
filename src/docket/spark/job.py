"""`docket spark run` on the driver: read, extract, link and write the docket as Parquet.

Stages (each a Spark job; see ``docs/scale.md``):

1. **read**: report files and .jsonl/.csv files are read by the executors (one task per file group),
   Parquet tables of documents by Spark; a report whose bytes were already read is a duplicate, as in
   ``docket run`` (the first one read wins).
2. **extract**: ``mapPartitions`` with one pipeline per executor process (the gazetteer shipped with
   ``SparkContext.addFile``); the original bytes go to ``OUT/archive`` under their SHA-256.
3. **link**: each incident's blocking keys; the components of the key graph (a union-find over the distinct
   key pairs, whose number grows with the places named, not with the documents); the incidents partitioned by
   component and sorted by storage order (spilling to disk), so that ``LinkStage`` links each component's
   documents in order exactly as ``docket run`` does while holding one document at a time; cases grouped from
   their members and merged with the store's own ``merge_case``.
4. **write**: ``OUT/documents``, ``OUT/incidents`` (one row per incident, evidence nested), ``OUT/aggregates``,
   ``OUT/cases``, ``OUT/failures`` as Parquet, and ``OUT/run.json`` (counts and stage times).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from docket.spark import tasks

PARQUET_SUFFIX = ".parquet"
OUTPUTS = ("documents", "incidents", "aggregates", "cases", "failures")
SHOWN_FAILURES = 50          # failure lines printed; all of them are in OUT/failures
# Reports per partition at most: a persisted partition is one block, which Spark reads back into one buffer of the
# executor's heap; with a fixed number of partitions the blocks grow with the run (25,000 reports and their
# extractions per block at 100,000 reports on 2 cores ran a 1 GiB heap out of memory while writing the tables).
DOCS_PER_PARTITION = 2000
ROW_GROUP_BYTES = 8 * 1024 * 1024   # Parquet row groups of the tables a run writes (the load streams them in rows)
# the run's report files, [order, path] per line, read by the executors; removed at the end (not hidden: Hadoop's
# input formats skip names that begin with "." or "_")
LISTING = "run-inputs.jsonl"


class SparkRunError(Exception):
    """A one-line problem that stops the run (bad input paths, an output folder in the way)."""


@dataclass
class SparkRunSummary:
    out: str
    reports: int = 0              # reports read (rows and files)
    new: int = 0
    copies: int = 0
    duplicates: int = 0
    failed: int = 0
    incidents: int = 0
    aggregates: int = 0
    cases: int = 0
    failure_classes: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)    # the first SHOWN_FAILURES lines
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # extract, link, write
    worker_peak_mib: float = 0.0  # the largest peak memory of an executor's Python worker
    worker_cpu_s: dict[str, float] = field(default_factory=dict)  # CPU seconds of the Python workers, per stage

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


LOCAL_HEAP = "2g"   # the JVM heap of a local[N] run (driver and executors in one process)


def session(master: str | None = None, app_name: str = "docket", conf: Mapping[str, str] | None = None) -> Any:
    """A SparkSession (the active one when there is one). Local masters run the executors' Python with this
    interpreter, so they see the installed ``docket``."""
    import os
    import sys

    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    b = SparkSession.builder.appName(app_name)
    if master:
        b = b.master(master)
    local = master is not None and master.startswith("local")
    if local and not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable   # read by the workers this driver starts
    b = b.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    if local and "spark.driver.memory" not in (conf or {}):
        # in local mode one JVM is the driver and every executor: Spark's 1 GiB default heap ran out while loading
        # 100,000 reports (a cluster sets its own, see docs/scale.md)
        b = b.config("spark.driver.memory", LOCAL_HEAP)
    for k, v in (conf or {}).items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _split_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    tables: list[Path] = []
    others: list[Path] = []
    for p in paths:
        (tables if p.suffix.lower() == PARQUET_SUFFIX and p.exists() else others).append(p)
    return tables, others


def check_out(out: Path) -> None:
    """Raise SparkRunError when ``out`` cannot take this run's tables (before anything starts)."""
    if out.exists() and not out.is_dir():
        raise SparkRunError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "run.json").exists():
        raise SparkRunError(f"{out}: folder is not empty and holds no earlier docket spark run (give a new folder)")
    if not out.parent.is_dir():
        raise SparkRunError(f"{out}: folder {out.parent} does not exist")


def _prepare_out(out: Path) -> None:
    check_out(out)
    for name in (*OUTPUTS, "run.json", LISTING):   # an earlier run's tables are replaced; its archive is kept
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    (out / "archive").mkdir(parents=True, exist_ok=True)


def partition_count(documents: int, parallelism: int, requested: int | None = None) -> int:
    """Partitions of a run: ``requested``, else two per core, and more as the run grows (at most
    ``DOCS_PER_PARTITION`` reports each), so that no persisted block outgrows an executor's heap."""
    return requested or max(2, parallelism * 2, -(-documents // DOCS_PER_PARTITION))


def spark_run(spark: Any, paths: Sequence[Path], out: Path, *, columns: Mapping[str, str] | None = None,
              max_bytes: int | None = None, timeout: float | None = 30.0, partitions: int | None = None,
              home: Path | None = None) -> SparkRunSummary:
    """Read, extract and link ``paths`` on ``spark`` and write the docket's tables under ``out``."""
    from pyspark import StorageLevel

    from docket.config import docket_home
    from docket.geocode import store as gazetteer_store
    from docket.ingest import iter_paths

    keep = StorageLevel.MEMORY_AND_DISK  # recomputing a partition would extract it again
    out = out.resolve()
    _prepare_out(out)
    sc = spark.sparkContext
    summary = SparkRunSummary(out=str(out))
    path_failures: list[dict[str, Any]] = []

    # the gazetteer: built (when missing) on the driver, shipped to every executor as files
    home = docket_home(home)
    gazetteer_store.ensure_builtin(home)
    gaz = gazetteer_store.gazetteer_dir(home)
    shipped = {Path(p).name for p in (sc.listFiles if hasattr(sc, "listFiles") else [])}
    if "gazetteer" not in shipped:
        sc.addFile(str(gaz), recursive=True)

    t0 = time.perf_counter()
    tables, others = _split_inputs(paths)
    # the report files are listed into a file the executors read, not into a list on the driver (a path each:
    # about 500 bytes of the driver's memory per report file, 47 MiB at 100,000 files)
    listing = out / LISTING
    n_files = 0
    with listing.open("w", encoding="utf-8") as fh:
        for item in iter_paths(others):
            if isinstance(item, Exception):
                path_failures.append(tasks.failure((-1, len(path_failures)), str(item), "unreadable",
                                                   tasks._reason(item))[1])
            else:
                fh.write(json.dumps([n_files, str(item)]) + "\n")   # (JSON: any character a file name holds)
                n_files += 1
    options: dict[str, Any] = {}
    if columns:
        options["columns"] = dict(columns)
    if max_bytes:
        options["max_bytes"] = max_bytes
    n = partition_count(n_files + sum(spark.read.parquet(str(t)).count() for t in tables), sc.defaultParallelism,
                        partitions)
    pieces = []
    if n_files:
        listed = sc.textFile(listing.as_uri(), minPartitions=min(n_files, n)).map(json.loads)
        pieces.append(listed.mapPartitions(lambda part: tasks.read_files(part, options)))
    for k, table in enumerate(tables):
        file_idx, name = n_files + k, str(table)
        rows = spark.read.parquet(name).rdd.map(lambda r: r.asDict()).zipWithIndex()
        pieces.append(rows.mapPartitions(lambda part, i=file_idx, nm=name: tasks.read_table_rows(part, i, nm, options)))
    read = sc.union(pieces) if pieces else sc.emptyRDD()
    read.persist(keep)
    raws = read.filter(lambda t: t[0] == "raw").map(lambda t: (t[1][1].id, t[1]))
    unique = raws.reduceByKey(tasks.first_read, numPartitions=n)
    archive_root = str(out / "archive")
    extracted = unique.mapPartitions(lambda part: tasks.extract_partition(part, archive_root, timeout))
    extracted.persist(keep)
    summary.reports = read.map(lambda t: t[0]).countByValue().get("raw", 0)
    done = extracted.map(lambda t: t[0]).countByValue()       # the extraction itself runs here
    summary.duplicates = summary.reports - done.get("doc", 0) - done.get("fail", 0)
    failures = (sc.parallelize(path_failures, 1)
                .union(read.filter(lambda t: t[0] == "fail").map(lambda t: t[1]))
                .union(extracted.filter(lambda t: t[0] == "fail").map(lambda t: t[1])))
    notes = (read.filter(lambda t: t[0] == "note").map(lambda t: t[1])
             .union(extracted.filter(lambda t: t[0] == "note").map(lambda t: t[1])).distinct())
    summary.notes = sorted(notes.take(SHOWN_FAILURES))
    failures.persist(keep)
    summary.failure_classes = dict(failures.map(lambda f: (f["kind"], 1)).reduceByKey(lambda a, b: a + b).collect())
    summary.failed = sum(summary.failure_classes.values())
    summary.failures = [f["line"][:300] for f in failures.takeOrdered(SHOWN_FAILURES, key=lambda f: f["order"])]
    read.unpersist()
    # storage order: the order `docket run` reads and stores reports in
    docs = (extracted.filter(lambda t: t[0] == "doc").map(lambda t: (t[1]["order"], t[1]))
            .sortByKey(numPartitions=n).values().zipWithIndex()
            .map(lambda t: {**t[0], "seq": t[1] + 1}))
    docs.persist(keep)
    summary.new = docs.count()
    extracted.unpersist()
    summary.seconds["extract"] = time.perf_counter() - t0
    usage = _worker_usage(sc)
    summary.worker_peak_mib = max((u[0] for u in usage.values()), default=0.0)
    summary.worker_cpu_s["extract"] = sum(u[1] for u in usage.values())

    t1 = time.perf_counter()
    items = docs.flatMap(tasks.link_items)
    items.persist(keep)
    edges = items.flatMap(tasks.key_edges).distinct().collect()
    roots = sc.broadcast(tasks.components(edges))
    del edges
    cases = (items.map(lambda it: ((tasks.component_of(it, roots.value), it["seq"], it["idx"]), it))
             .repartitionAndSortWithinPartitions(n, tasks.component_partition)
             .mapPartitions(tasks.link_partition)
             .groupByKey(numPartitions=n).map(lambda kv: tasks.case_of(kv[0], kv[1])))
    cases.persist(keep)
    texts_needed = cases.flatMap(tasks.case_documents)
    texts = (texts_needed.join(docs.map(lambda d: (d["id"], d["text"])), numPartitions=n)
             .map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))).groupByKey(numPartitions=n)
             .mapValues(dict))
    built = (cases.leftOuterJoin(texts, numPartitions=n)
             .map(lambda kv: tasks.build_case(kv[0], kv[1][0], kv[1][1]))
             .map(lambda c: (c["created"], c)).sortByKey(numPartitions=n).values().zipWithIndex()
             .map(lambda t: {**t[0], "seq": t[1] + 1}))
    built.persist(keep)
    summary.cases = built.count()
    items.unpersist()
    cases.unpersist()
    roots.unpersist()
    summary.seconds["link"] = time.perf_counter() - t1
    after = _worker_usage(sc)
    summary.worker_peak_mib = max([summary.worker_peak_mib, *(u[0] for u in after.values())])
    summary.worker_cpu_s["link"] = sum(u[1] - usage.get(pid, (0.0, 0.0))[1] for pid, u in after.items())

    t2 = time.perf_counter()
    _write_tables(spark, out, docs, built, failures, n)
    summary.incidents = built.map(lambda c: len(c["members"])).sum()
    summary.aggregates = docs.map(lambda d: len(d["aggregates"])).sum()
    summary.copies = summary.new - docs.map(lambda d: d["text_hash"]).distinct().count()
    summary.new -= summary.copies
    docs.unpersist()
    built.unpersist()
    failures.unpersist()
    summary.seconds["write"] = time.perf_counter() - t2

    write_summary(out, summary)
    listing.unlink(missing_ok=True)
    return summary


def _worker_usage(sc: Any) -> dict[int, tuple[float, float]]:
    """Ask the Python workers for their peak memory and CPU time (workers are reused, so a few small tasks
    reach them all)."""
    m = max(2, sc.defaultParallelism * 2)
    return dict(sc.parallelize(range(m), m).mapPartitions(tasks.worker_usage).collect())


def write_summary(out: Path, summary: SparkRunSummary) -> None:
    tmp = out / "run.json.tmp"
    tmp.write_text(json.dumps(summary.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(out / "run.json")


def _write_tables(spark: Any, out: Path, docs: Any, built: Any, failures: Any, n: int) -> None:
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from docket.spark import schema as T

    doc_df = spark.createDataFrame(docs.map(lambda d: tuple(d.get(c) for c in T.DOCUMENT_COLUMNS)), T.DOCUMENTS,
                                   verifySchema=False)
    first = F.first("id").over(Window.partitionBy("text_hash").orderBy("seq"))   # the first stored copy
    doc_df = doc_df.withColumn("copy_of", F.when(first != F.col("id"), first))
    def table(df: Any, name: str) -> None:   # (row groups the load can hold: ROW_GROUP_BYTES)
        df.write.option("parquet.block.size", ROW_GROUP_BYTES).parquet(str(out / name))

    table(doc_df, "documents")
    inc = built.flatMap(lambda c: [tasks.incident_row(m, c["id"]) for m in c["members"]])
    table(spark.createDataFrame(inc.map(lambda r: tuple(r[c] for c in T.INCIDENT_COLUMNS)), T.INCIDENTS,
                                verifySchema=False), "incidents")
    aggs = docs.flatMap(tasks.aggregate_rows_of)
    table(spark.createDataFrame(aggs.map(lambda r: tuple(r[c] for c in T.AGGREGATE_COLUMNS)), T.AGGREGATES,
                                verifySchema=False), "aggregates")
    table(spark.createDataFrame(built.map(lambda c: tuple(c[k] for k in T.CASE_COLUMNS)), T.CASES,
                                verifySchema=False), "cases")
    spark.createDataFrame(failures.map(lambda f: (f["order"][0], f["order"][1], f["line"], f["kind"], f["reason"],
                                                  f["detail"])), T.FAILURES).write.parquet(str(out / "failures"))
