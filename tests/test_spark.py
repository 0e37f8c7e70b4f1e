"""`docket spark run` in Spark local mode gives the same docket as `docket run`.

One SparkSession for the module (local[2], two shuffle partitions). The module skips, saying why, when
pyspark is not installed or there is no Java to run Spark with (``scripts/setup.sh --test`` installs both).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_store_postgres import pg_url  # noqa: F401 - the throw-away PostgreSQL server, as a fixture
from typer.testing import CliRunner

from docket.cli import app
from docket.store import Store, StoreError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "corpus" / "dev"
LINKING = SHARED / "linking" / "raw"


def _why_no_spark() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (scripts/setup.sh --test installs the spark extra)"
    java = shutil.which("java")
    if java is None:
        return "no Java to run Spark with (scripts/setup.sh --test installs Debian openjdk-17-jre-headless)"
    try:
        subprocess.run([java, "-version"], capture_output=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"java does not run ({exc})"
    return None


pytestmark = [pytest.mark.skipif(_why_no_spark() is not None, reason=_why_no_spark() or ""),
              pytest.mark.skipif(not DEV.is_dir() or not LINKING.is_dir(),
                                 reason="../shared dev corpus or linking set not present")]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from docket.spark.job import session

    s = session("local[2]", "docket-tests", {"spark.sql.shuffle.partitions": "2",
                                              "spark.default.parallelism": "2"})
    yield s
    s.stop()


def _export(db: Path | str, level: str, fmt: str = "jsonl") -> str:
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    res = CliRunner().invoke(app, ["export", "--db", url, "--format", fmt, "--level", level])
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.fixture(scope="module")
def both(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The dev corpus and the linking set run through `docket run` and through `docket spark run --db`."""
    from docket.spark.job import spark_run
    from docket.spark.load import load

    work = tmp_path_factory.mktemp("spark")
    extra = work / "extra"    # a report given again (a duplicate) and one with other whitespace (a copy)
    extra.mkdir()
    shutil.copyfile(DEV / "h001.txt", extra / "again.txt")
    (extra / "copy.txt").write_bytes((DEV / "h003.txt").read_bytes().replace(b"\n", b" \n", 3))
    inputs = [DEV, LINKING, extra]
    res = CliRunner().invoke(app, ["run", *map(str, inputs), "--db", f"sqlite:///{work / 'run.db'}", "-q"])
    assert res.exit_code == 0, res.output
    summary = spark_run(spark, inputs, work / "out", partitions=2)
    assert summary.failed == 0, summary.failures
    assert (summary.duplicates, summary.copies) == (1, 1)
    result = load(work / "out", f"sqlite:///{work / 'spark.db'}")
    assert result.status == "loaded"
    return {"work": work, "run": work / "run.db", "spark": work / "spark.db", "out": work / "out"}


def test_spark_run_gives_the_same_incidents_and_cases_as_docket_run(both: dict[str, Path]) -> None:
    """The equality test: the exports of both dockets (cases and incidents, JSON Lines and CSV) are identical."""
    for level in ("case", "incident"):
        ours, theirs = _export(both["spark"], level), _export(both["run"], level)
        assert ours.count("\n") > 100
        assert ours == theirs, f"{level} exports differ"
    assert _export(both["spark"], "case", "csv") == _export(both["run"], "case", "csv")
    cases = [json.loads(line) for line in _export(both["spark"], "case").splitlines()]
    assert any(c["n_documents"] > 1 for c in cases)          # cross-report links were made, not only singletons
    with Store.open(f"sqlite:///{both['spark']}") as spark_store, Store.open(f"sqlite:///{both['run']}") as run_store:
        assert spark_store.counts() == run_store.counts()
        assert spark_store.check(verify_archive=True) == []   # the archive copies are where the store expects
        copies = []
        for store in (spark_store, run_store):
            with store.engine.connect() as conn:
                copies.append(conn.exec_driver_sql("SELECT id, copy_of, seq FROM documents WHERE copy_of IS NOT NULL")
                              .all())
        assert copies[0] == copies[1] and len(copies[0]) == 1


def test_parquet_tables_one_row_per_incident_with_nested_evidence(spark: Any, both: dict[str, Path]) -> None:
    out = both["out"]
    incidents = spark.read.parquet(str(out / "incidents")).collect()
    ids = [r.id for r in incidents]
    assert len(ids) == len(set(ids)) > 100
    with_evidence = [r for r in incidents if r.evidence]
    assert with_evidence
    for r in with_evidence[:20]:
        data = json.loads(r.data)
        assert [(e.field, e.start, e.end) for e in r.evidence] == \
            [(e["field"], e["start"], e["end"]) for e in data["evidence"]]
        assert r.case_id and r.case_id.startswith("c-")
    docs = spark.read.parquet(str(out / "documents")).collect()
    for d in docs:   # the id is the SHA-256 of the original bytes, archived beside the tables
        raw = (out / "archive" / d.archive_path).read_bytes()
        assert d.id == "sha256:" + hashlib.sha256(raw).hexdigest() and d.sha256 == d.id[7:]
    cases = spark.read.parquet(str(out / "cases")).collect()
    assert {r.case_id for r in incidents} == {c.id for c in cases}
    assert sorted(c.seq for c in cases) == list(range(1, len(cases) + 1))
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["incidents"] == len(incidents) and set(run["seconds"]) == {"extract", "link", "write"}


def test_load_is_idempotent_and_refuses_a_docket_with_other_documents(spark: Any, both: dict[str, Path]) -> None:
    from docket.spark.load import load

    before = _export(both["spark"], "case")
    key = "spark.sql.parquet.enableVectorizedReader"
    setting = spark.conf.get(key, None)
    again = load(both["out"], f"sqlite:///{both['spark']}")
    assert again.status == "unchanged"
    assert spark.conf.get(key, None) == setting     # the load reads the files: the session is as it was
    assert _export(both["spark"], "case") == before
    other = both["work"] / "other.db"
    res = CliRunner().invoke(app, ["run", str(DEV / "h001.txt"), "--db", f"sqlite:///{other}", "-q"])
    assert res.exit_code == 0, res.output
    with pytest.raises(StoreError, match="already holds 1 documents that are not this run's"):
        load(both["out"], f"sqlite:///{other}")
    with Store.open(f"sqlite:///{other}") as store:
        assert store.counts()["documents"] == 1      # nothing was half-written


@pytest.mark.postgres
def test_load_into_postgresql_with_copy_gives_the_same_docket(spark: Any, both: dict[str, Path],
                                                              pg_url: str, tmp_path: Path) -> None:  # noqa: F811
    """The bulk load's PostgreSQL path (COPY): the same exports as the SQLite load; again: nothing changes."""
    from docket.spark.load import load

    assert load(both["out"], pg_url, archive_dir=tmp_path / "archive").status == "loaded"
    for level in ("case", "incident"):
        assert _export(pg_url, level) == _export(both["spark"], level)
    assert load(both["out"], pg_url, archive_dir=tmp_path / "archive").status == "unchanged"
    with Store.open(pg_url, archive_dir=tmp_path / "archive") as store:
        assert store.check(verify_archive=True) == []


def test_cli_bulk_and_parquet_inputs_duplicates_and_failures(spark: Any, tmp_path: Path) -> None:
    """`docket spark run` on a .jsonl file with a bad row and a Parquet table of documents (fictional texts):
    one line per failure, exit 1; a report given twice is a duplicate; the docket loads and exports."""
    texts = ["FICTIONAL TEST REPORT. On 3 March 2021 an airstrike hit a market in Idlib, killing 4 civilians.",
             "FICTIONAL TEST REPORT. On 9 May 2022 shelling hit a school in Kharkiv, injuring 2 children."]
    bulk = tmp_path / "rows.jsonl"
    bulk.write_text(json.dumps({"text": texts[0], "url": "https://example.org/a", "published": "2021-03-04"})
                    + "\n{not json\n" + json.dumps({"text": texts[0], "url": "https://example.org/a"}) + "\n",
                    encoding="utf-8")
    table = tmp_path / "docs.parquet"
    spark.createDataFrame([("https://example.org/b", texts[1], "2022-05-10", "Fictional Wire", "b")],
                          "source string, text string, published string, publisher string, title string") \
        .write.parquet(str(table))
    db = tmp_path / "d.db"
    res = CliRunner().invoke(app, ["spark", "run", str(bulk), str(table), "--out", str(tmp_path / "out"),
                                   "--db", f"sqlite:///{db}", "--partitions", "2"])
    assert res.exit_code == 1, res.output
    assert "3 reports read; documents 2 new, 0 copies of a stored text, 1 duplicates (skipped), 1 failed" in res.stdout
    assert f"{bulk}:2:" in res.stdout and "failed: unreadable: 1" in res.stdout
    assert "load: 2 documents" in res.stdout
    cases = [json.loads(line) for line in _export(db, "case").splitlines()]
    assert {c["location"]["name"] for c in cases if c["location"]} >= {"Idlib", "Kharkiv"}
    assert any(m["source"] == "https://example.org/b" for c in cases for m in c["members"])
    res = CliRunner().invoke(app, ["spark", "load", str(tmp_path / "out"), "--db", f"sqlite:///{db}"])
    assert res.exit_code == 0 and "nothing changed" in res.stdout, res.output


def test_report_files_with_any_name_are_read_and_the_run_leaves_no_listing(spark: Any, tmp_path: Path) -> None:
    """The report files are listed into a file the executors read (not held on the driver): names with a tab, a
    line break, quotes or non-ASCII letters are read like any other, and only the tables stay in the output."""
    from docket.spark.job import OUTPUTS, spark_run

    folder = tmp_path / "reports"
    folder.mkdir()
    names = ["plain.txt", "tab\there.txt", "line\nbreak.txt", 'quote "q".txt', "Dar\u02bfa \u062f\u0631\u0639\u0627.txt"]
    for k, name in enumerate(names):
        (folder / name).write_text(f"FICTIONAL TEST REPORT {k}. On {k + 1} March 2021 shelling hit a bakery in "
                                   f"Idlib, killing {k + 2} civilians.", encoding="utf-8")
    out = tmp_path / "out"
    summary = spark_run(spark, [folder], out, partitions=2)
    assert (summary.reports, summary.new, summary.failed) == (5, 5, 0), summary.failures
    docs = spark.read.parquet(str(out / "documents")).select("source", "seq").collect()
    assert sorted((r["seq"], Path(r["source"]).name) for r in docs) == list(enumerate(sorted(names), start=1))
    assert sorted(p.name for p in out.iterdir()) == sorted(["archive", "run.json", *OUTPUTS])


def test_cli_says_what_is_wrong_with_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("x", encoding="utf-8")
    res = CliRunner().invoke(app, ["spark", "run", str(DEV / "h001.txt"), "--out", str(tmp_path / "busy")])
    assert res.exit_code == 2
    assert "is not empty and holds no earlier docket spark run" in res.stderr


def test_cli_says_when_there_is_no_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **kw: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv("PYSPARK_GATEWAY_PORT", raising=False)
    res = CliRunner().invoke(app, ["spark", "run", str(DEV / "h001.txt"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "Spark needs Java 17 or newer" in res.stderr and "\n" not in res.stderr.strip()


def test_gazetteer_is_shipped_to_the_workers_and_the_pipeline_kept_per_process(spark: Any, both: dict[str, Path],
                                                                             docket_home: Path) -> None:
    def _worker_view(_part: Any) -> Any:   # nested: pickled by value, the workers do not import this module
        import os

        from docket.spark import tasks

        home = tasks.shipped_home()
        first = tasks.executor_pipeline(home)
        yield (os.getpid(), home, len(tasks._PIPELINES), first is tasks.executor_pipeline(home))

    views = spark.sparkContext.parallelize(range(4), 4).mapPartitions(_worker_view).collect()
    for _pid, home, loaded, same in views:
        assert Path(home) != docket_home                      # SparkFiles' copy, not the driver's folder
        assert list((Path(home) / "gazetteer").glob("builtin-v*.sqlite"))
        assert loaded == 1 and same                            # one pipeline per process, reused by every task


def test_a_local_run_gets_a_heap_for_driver_and_executors(spark: Any) -> None:
    from docket.spark.job import LOCAL_HEAP

    # one JVM is the driver and both executors: Spark's 1 GiB default ran out loading 100,000 reports
    heap_mib = spark.sparkContext._jvm.java.lang.Runtime.getRuntime().maxMemory() / 2**20
    assert spark.conf.get("spark.driver.memory") == LOCAL_HEAP and heap_mib > 1024


def test_partitions_grow_with_the_run_so_no_persisted_block_outgrows_the_heap() -> None:
    from docket.spark.job import DOCS_PER_PARTITION, partition_count

    assert partition_count(10, 2) == 4                      # small runs: two per core
    assert partition_count(100_000, 2) == 100_000 // DOCS_PER_PARTITION   # 100,000 reports: not 4 blocks of 25,000
    assert partition_count(100_000, 2, requested=8) == 8    # an explicit --partitions wins


def test_the_load_reads_the_tables_from_their_files_in_bounded_row_groups(both: dict[str, Path], tmp_path: Path) -> None:
    """The load needs no Spark session (streaming through the JVM ran its heap out at 100,000 reports): another
    process loads the run's files into the same docket; and the run writes row groups no bigger than the load
    is meant to hold at once."""
    import pyarrow.parquet as pq

    from docket.spark.job import ROW_GROUP_BYTES

    db = tmp_path / "files.db"
    code = ("import sys; from pathlib import Path; from docket.spark.load import load; "
            "print(load(Path(sys.argv[1]), sys.argv[2], archive_dir=Path(sys.argv[3])).status, "
            "'pyspark' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code, str(both["out"]), f"sqlite:///{db}", str(tmp_path / "archive")],
                       capture_output=True, text=True)
    assert (r.returncode, r.stdout.strip()) == (0, "loaded False"), r.stderr[-2000:]
    for level in ("case", "incident"):
        assert _export(db, level) == _export(both["spark"], level)
    for f in (both["out"] / "documents").glob("*.parquet"):
        meta = pq.ParquetFile(f).metadata
        assert all(meta.row_group(i).total_byte_size <= 2 * ROW_GROUP_BYTES for i in range(meta.num_row_groups))


def test_a_damaged_table_file_is_one_line_naming_it_and_the_docket_is_unchanged(both: dict[str, Path],
                                                                              tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(both["out"], out, symlinks=True)
    victim = sorted((out / "cases").glob("*.parquet"))[0]
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])   # cut short, as by a full disk
    db = tmp_path / "damaged.db"
    res = CliRunner().invoke(app, ["spark", "load", str(out), "--db", f"sqlite:///{db}"])
    assert res.exit_code != 0
    assert victim.name in res.stderr and "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    with Store.open(f"sqlite:///{db}") as store:   # one transaction: the documents read before are not kept
        assert store.counts()["documents"] == 0
