"""`docket spark run` and `docket spark load`: the pipeline on Apache Spark (the `spark` extra)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from docket.commands.run_cmds import DB_HELP, DEFAULT_TIMEOUT, _fail, parse_columns, write_notes_and_failures

spark_app = typer.Typer(no_args_is_help=True, add_completion=False,
                        help="Run Docket on Apache Spark when one machine is not enough (see docs/scale.md).")

MASTER_HELP = "Spark master URL: local[N] (N cores of this machine; the default local[*]), spark://HOST:7077, yarn"
OutOpt = Annotated[Path, typer.Option("--out", help="Output folder: Parquet tables, the archive, run.json")]
MasterOpt = Annotated[str | None, typer.Option("--master", help=MASTER_HELP, envvar="DOCKET_SPARK_MASTER")]
ArchiveOpt = Annotated[Path | None, typer.Option(help="The database's archive folder (default: beside it)")]


def _spark(master: str | None) -> tuple[Any, bool]:
    """A SparkSession and whether this command started it (and so stops it)."""
    submitted = bool(os.environ.get("PYSPARK_GATEWAY_PORT"))   # started by spark-submit: its JVM and master
    if not submitted and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise _fail("Spark needs Java 17 or newer: install it (e.g. apt-get install openjdk-17-jre-headless) "
                    "or set JAVA_HOME")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise _fail("pyspark is not installed: pip install 'docket[spark]' (or scripts/setup.sh --spark)") from None
    from docket.spark.job import session

    own = SparkSession.getActiveSession() is None
    if master is None and not submitted:
        master = "local[*]"   # this machine's cores
    try:
        return session(master), own
    except Exception as exc:
        raise _fail(f"cannot start Spark ({master or 'local[*]'}): {exc.__class__.__name__}: "
                    f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''}") from None


def _load(out: Path, db: str, archive: Path | None) -> Any:
    from docket.spark.load import load
    from docket.store import StoreError

    try:
        return load(out, db, archive)
    except StoreError as exc:
        raise _fail(str(exc)) from None


def _print_load(result: Any, db: str) -> None:
    from sqlalchemy.engine import make_url

    shown = make_url(db.replace("postgresql://", "postgresql+psycopg://", 1)).render_as_string(hide_password=True)
    if result.status == "unchanged":
        print(f"load: {shown} already holds this run's documents; nothing changed")
    else:
        print(f"load: {result.documents} documents, {result.incidents} incidents, {result.aggregates} aggregates, "
              f"{result.cases} cases into {shown} in {result.seconds:.1f} s (one transaction)")


def register(app: typer.Typer) -> None:
    @spark_app.command("run")
    def run_cmd(
        paths: Annotated[list[Path], typer.Argument(
            help="Report files or folders (.txt .md .html .jsonl .csv) and Parquet tables of documents (.parquet)")],
        out: OutOpt,
        db: Annotated[str | None, typer.Option("--db", help=DB_HELP + "; when given, the run is loaded into it")] = None,
        master: MasterOpt = None,
        archive: ArchiveOpt = None,
        column: Annotated[list[str] | None, typer.Option(
            "--column", help="Column mapping for .jsonl/.csv/.parquet, e.g. --column text=body (repeatable)")] = None,
        max_bytes: Annotated[int | None, typer.Option(help="Largest report accepted, in bytes")] = None,
        timeout: Annotated[float, typer.Option(
            help="Seconds each document may take to read and extract; 0: no limit")] = DEFAULT_TIMEOUT,
        partitions: Annotated[int | None, typer.Option(help="Spark partitions (default: twice the cores)")] = None,
    ) -> None:
        """Ingest, extract and link reports on Spark; write Parquet tables under --out; load them with --db.

        The same documents, incidents and cases as `docket run` on the same inputs. Exits 1 when any input
        failed (one line each, then one line per class of failure), 2 when nothing could run."""
        from docket.spark.job import SparkRunError, check_out, spark_run

        columns = parse_columns(column, timeout)
        if partitions is not None and partitions < 1:
            raise _fail(f"--partitions {partitions}: expected 1 or more")
        try:
            check_out(out.resolve())
        except SparkRunError as exc:
            raise _fail(str(exc)) from None
        spark, own = _spark(master)
        try:
            try:
                summary = spark_run(spark, paths, out, columns=columns, max_bytes=max_bytes,
                                    timeout=timeout or None, partitions=partitions)
            except SparkRunError as exc:
                raise _fail(str(exc)) from None
            t = summary.seconds
            print(f"docket spark run: {summary.reports} reports read; documents {summary.new} new, "
                  f"{summary.copies} copies of a stored text, {summary.duplicates} duplicates (skipped), "
                  f"{summary.failed} failed")
            print(f"incidents {summary.incidents}, aggregates {summary.aggregates}, cases {summary.cases}")
            print(f"stages: extract {t['extract']:.1f} s, link {t['link']:.1f} s, write {t['write']:.1f} s")
            print(f"tables: {summary.out}/{{documents,incidents,aggregates,cases,failures}} (Parquet); "
                  f"original bytes: {summary.out}/archive")
            write_notes_and_failures(summary.notes, summary.failures,
                                     f"failures ({summary.failed}; all of them in {summary.out}/failures)",
                                     [f"{kind}: {n}" for kind, n in sorted(summary.failure_classes.items())])
            if db:
                _print_load(_load(out, db, archive), db)
        finally:
            if own:
                spark.stop()
        sys.stdout.flush()
        if summary.failed:
            raise typer.Exit(1)

    @spark_app.command("load")
    def load_cmd(
        out: Annotated[Path, typer.Argument(help="The --out folder of a docket spark run")],
        db: Annotated[str, typer.Option("--db", help=DB_HELP, envvar="DOCKET_DB")] = "sqlite:///./docket.db",
        archive: ArchiveOpt = None,
    ) -> None:
        """Load a docket spark run into a database, in bulk and in one transaction (again: nothing changes). It
        reads the run's files: no Spark, no Java needed."""
        _print_load(_load(out, db, archive), db)

    app.add_typer(spark_app, name="spark")
