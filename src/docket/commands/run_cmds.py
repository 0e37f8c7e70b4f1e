"""`docket run` (ingest reports into the database) and `docket backup` (a consistent copy of it)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

DB_HELP = "Database URL: sqlite:///FILE (default sqlite:///./docket.db) or postgresql://user@host/db"
DbOpt = Annotated[str, typer.Option("--db", help=DB_HELP, envvar="DOCKET_DB")]
DEFAULT_TIMEOUT = 30.0


def _fail(msg: str, code: int = 2) -> typer.Exit:
    sys.stderr.write(f"error: {' '.join(msg.split())}\n")  # one line, never wrapped
    return typer.Exit(code)


class LazyLog:
    """A log file created on the first write (a clean run leaves no file behind)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: TextIO | None = None

    def write(self, text: str) -> int:
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("a", encoding="utf-8")
        return self._fh.write(text)

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):  # a full disk: the summary on stdout still says what failed
                self._fh.close()

    @property
    def used(self) -> bool:
        return self._fh is not None


def parse_columns(column: list[str] | None, timeout: float) -> dict[str, str]:
    """The --column OURS=THEIRS mappings (and a check of --timeout), as `docket run` and `docket spark run` take them."""
    columns: dict[str, str] = {}
    for spec in column or []:
        ours, sep, theirs = spec.partition("=")
        if not sep or not ours or not theirs:
            raise _fail(f"--column {spec!r}: expected OURS=THEIRS, e.g. text=body")
        columns[ours.strip()] = theirs.strip()
    if timeout < 0:
        raise _fail(f"--timeout {timeout:g}: expected seconds >= 0 (0: no limit)")
    return columns


def _default_log() -> Path:
    from docket.config import docket_home

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return docket_home() / "logs" / f"run-{stamp}-{os.getpid()}.log"


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run_cmd(
        paths: Annotated[list[Path], typer.Argument(help="Report files or folders (.txt .md .html .jsonl .csv)")],
        db: DbOpt = "sqlite:///./docket.db",
        archive: Annotated[Path | None, typer.Option(help="Archive folder (default: beside the database)")] = None,
        column: Annotated[list[str] | None, typer.Option(
            "--column", help="Column mapping for .jsonl/.csv, e.g. --column text=body (repeatable)")] = None,
        max_bytes: Annotated[int | None, typer.Option(help="Largest report accepted, in bytes")] = None,
        timeout: Annotated[float, typer.Option(
            help="Seconds each document may take to read and extract; 0: no limit")] = DEFAULT_TIMEOUT,
        log: Annotated[Path | None, typer.Option(
            help="Write failures with their details here (default: DOCKET_HOME/logs/run-...log)")] = None,
        reprocess: Annotated[bool, typer.Option(help="Re-extract documents already stored (keeps corrections)")] = False,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    ) -> None:
        """Ingest reports: archive, extract, geocode, store and link them into cases; print a summary.

        Exits 1 when any input failed (each failure is one line, and one line per class of failure sums
        them up), 2 when nothing could run (a bad option, database or pipeline)."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from docket.config import docket_home
        from docket.store import Store, StoreError
        from docket.store.run import run

        columns = parse_columns(column, timeout)
        try:
            store = Store.open(db, archive_dir=archive)
        except StoreError as exc:
            raise _fail(str(exc)) from None
        try:
            from docket.pipeline import Pipeline

            pipeline = Pipeline.load(docket_home())
        except Exception as exc:
            store.close()
            raise _fail(f"cannot load the extraction pipeline: {exc.__class__.__name__}: {exc}") from None
        err = Console(stderr=True)
        progress = Progress(TextColumn("[bold]docket run"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.description}"), console=err, transient=True,
                            disable=quiet or not err.is_terminal)
        log_file = LazyLog(log or _default_log())
        try:
            with progress:
                task = progress.add_task("", total=None)

                def on_file(done: int, total: int, name: str) -> None:
                    progress.update(task, completed=done, total=total,
                                    description=Path(name).name[-40:] if name else "")

                summary = run(paths, store, pipeline, columns=columns, max_bytes=max_bytes, reprocess=reprocess,
                              timeout=timeout or None, log=log_file, on_file=on_file)  # type: ignore[arg-type]
            counts = store.counts()
        finally:
            store.close()
            log_file.close()
        _print_summary(summary, counts, log_file)
        if summary.failed:
            raise typer.Exit(1)

    @app.command("backup")
    def backup_cmd(
        dest: Annotated[Path, typer.Argument(help="The copy to write (a new SQLite file)")],
        db: DbOpt = "sqlite:///./docket.db",
    ) -> None:
        """A consistent copy of a SQLite docket database, safe while runs are writing to it.

        Copying only the .db file can lose data (recent writes live in the -wal file); this uses SQLite's
        online backup API. The archive folder is not part of the database: copy it too (its files never
        change, so any file copy will do). For PostgreSQL use pg_dump."""
        from sqlalchemy.engine import make_url

        try:
            u = make_url(db)
        except Exception:
            raise _fail(f"{db}: not a database URL (use sqlite:///FILE)") from None
        if u.get_backend_name() != "sqlite":
            raise _fail(f"{u.render_as_string(hide_password=True)}: docket backup copies SQLite databases; for "
                        f"PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file=docket.dump "
                        f"'{u.render_as_string(hide_password=True).replace('+psycopg', '')}'")
        if not u.database or u.database == ":memory:":
            raise _fail(f"{db}: not a database file")
        source = Path(u.database)
        if not source.is_file():
            raise _fail(f"{source}: no such database")
        if dest.exists():
            raise _fail(f"{dest}: already exists (give a new file name)")
        if not dest.parent.is_dir():
            raise _fail(f"{dest}: folder {dest.parent} does not exist")
        tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
        try:
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                out = sqlite3.connect(tmp)
                try:
                    src.backup(out)
                finally:
                    out.close()
            finally:
                src.close()
            tmp.replace(dest)
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise _fail(f"{source}: backup failed ({exc})") from None
        from docket.store.store import default_archive_dir

        archive = default_archive_dir(db)
        print(f"backed up {source} to {dest} ({dest.stat().st_size:,} bytes)")
        print(f"the archive of original reports is {archive}: copy that folder too (e.g. cp -a or rsync -a)")


def write_notes_and_failures(notes: Sequence[str], failures: Sequence[str], failures_header: str,
                             class_lines: Sequence[str]) -> None:
    """The end of a run's summary (`docket run`, `docket spark run`): its notes, the failures shown and one line per
    class of failure, as plain lines (never wrapped, never marked up)."""
    write = sys.stdout.write
    if notes:
        write(f"notes ({len(notes)}):\n")
        for line in notes:
            write(f"  {line}\n")
    if failures:
        write(f"{failures_header}:\n")
        for line in failures:
            write(f"  {line}\n")
        for line in class_lines:
            write(f"failed: {line}\n")


def _print_summary(summary: Any, counts: dict[str, int], log_file: LazyLog) -> None:
    table = Table(title="docket run", show_header=True, header_style="bold")
    table.add_column("")
    table.add_column("this run", justify="right")
    table.add_column("in database", justify="right")
    table.add_row("documents new", str(summary.new), str(counts["documents"]))
    table.add_row("  copies of a stored text", str(summary.copies), "")
    table.add_row("  duplicates (skipped)", str(summary.duplicates), "")
    if summary.replaced:
        table.add_row("  re-extracted", str(summary.replaced), "")
    table.add_row("  failed", str(summary.failed), "")
    table.add_row("incidents", str(summary.incidents), str(counts["incidents"]))
    table.add_row("aggregates", str(summary.aggregates), str(counts["aggregates"]))
    table.add_row("cases (touched / total)", str(len(summary.cases_touched)), str(counts["cases"]))
    out = Console(width=max(100, Console().width))
    out.print(table)
    write_notes_and_failures(summary.notes, summary.failures, f"failures ({len(summary.failures)})",
                             summary.class_lines())
    if log_file.used:
        sys.stdout.write(f"details: {log_file.path}\n")
    sys.stdout.flush()
