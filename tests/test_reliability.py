"""Reliability of `docket run` and ingest (issue 11): an honest exit code, nothing lost silently, bounded work
per report, concurrent runs, odd values, decoding, backups.

Every report here is FICTIONAL. The run mechanics use the small stand-in pipeline of test_run.py (a script
run as its own process, so kills and concurrency are real); the CLI tests use the real pipeline.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event
from test_run import STAND_IN, write_reports
from typer.testing import CliRunner

from docket.cli import app
from docket.ingest import IngestError, iter_documents, iter_raw, read_file
from docket.ingest.markdown import front_matter
from docket.model import DateSpan, Extraction, Incident, Location, Total
from docket.store import Store
from docket.store.run import run

BODY = ("FICTIONAL: An air strike hit the market of the town of Fictionville on Sunday, killing three civilians "
        "and injuring eleven others, local activists said.")


class StandIn:
    """In-process stand-in: one incident per 'strike on TOWN on DATE killed N' sentence (FICTIONAL input)."""

    def process(self, doc):  # noqa: ANN001, ANN201
        import re

        if "EXPLODE" in doc.text:
            raise RuntimeError("stand-in extractor failure")
        incs = [Incident(id="", date=DateSpan(m[2], m[2], "day"), location=Location(m[1], country="SY"),
                         attack_types=["airstrike"], killed=Total(int(m[3]), "exact"))
                for m in re.finditer(r"strike on ([A-Za-z' -]+?) on (\d{4}-\d\d-\d\d) killed (\d+)", doc.text)]
        return Extraction(doc, incs)


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    return script


def documents(url: str) -> list[tuple[str, str]]:
    with Store.open(url) as store, store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT id, source FROM documents ORDER BY id")]


# --- finding 4: exit code, a line per class of failure, backup ----------------------------------------------

def test_run_exits_1_when_anything_failed_with_a_line_per_class(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(BODY, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    db = f"sqlite:///{tmp_path}/d.db"
    log = tmp_path / "run.log"
    res = CliRunner().invoke(app, ["run", str(src), "--db", db, "-q", "--log", str(log)])
    assert res.exit_code == 1, res.output
    assert "failed: unreadable: 2 (2 different reasons)" in res.stdout
    assert f"details: {log}" in res.stdout and "empty.txt: empty file" in log.read_text()
    again = CliRunner().invoke(app, ["run", str(src / "good.txt"), "--db", db, "-q"])
    assert again.exit_code == 0 and "failures" not in again.stdout  # nothing failed: exit 0


def test_a_full_database_fails_every_report_with_one_line_and_no_sql(tmp_path: Path) -> None:
    write_reports(tmp_path / "in", 30)
    store = Store.open(f"sqlite:///{tmp_path}/full.db")
    pages = store.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()
    store.close()
    store = Store.open(f"sqlite:///{tmp_path}/full.db")
    event.listen(store.engine, "connect", lambda c, _r: c.execute(f"PRAGMA max_page_count={pages + 2}"))
    store.engine.dispose()
    summary = run([tmp_path / "in"], store, StandIn())
    store.close()
    assert summary.failed > 0 and summary.failed + summary.new + summary.copies == 30
    assert summary.class_lines() == [f"not stored: {summary.failed} (database or disk is full)"]
    for line in summary.failures:
        assert "INSERT" not in line and "FICTIONAL" not in line and len(line) < 300, line


def test_backup_copies_a_live_wal_database_and_refuses_postgresql(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/live.db"
    write_reports(tmp_path / "in", 5)
    store = Store.open(url)
    run([tmp_path / "in"], store, StandIn())  # the store stays open: its last writes are in the -wal file
    res = CliRunner().invoke(app, ["backup", str(tmp_path / "copy.db"), "--db", url])
    store.close()
    assert res.exit_code == 0, res.output
    con = sqlite3.connect(tmp_path / "copy.db")
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (5,)
    con.close()
    again = CliRunner().invoke(app, ["backup", str(tmp_path / "copy.db"), "--db", url])
    assert again.exit_code == 2 and "already exists" in again.output
    pg = CliRunner().invoke(app, ["backup", "x.dump", "--db", "postgresql://u@localhost/docket"])
    assert pg.exit_code == 2 and "pg_dump" in pg.output


# --- finding 2: every bad row reported, every good row kept -------------------------------------------------

def _row(k: int) -> str:
    return f"FICTIONAL row {k}. An air strike on Ariha on 2023-03-0{k % 6 + 1} killed {k + 1} people in the market."


def test_jsonl_deep_nesting_and_huge_numbers_lose_only_their_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    lines = [json.dumps({"text": _row(1), "url": "https://e.org/1"}),
             '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
             '{"text": "x", "n": ' + "9" * 5000 + "}",
             json.dumps({"text": _row(4), "url": "https://e.org/4"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents(path))
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "IngestError", "Document"]
    assert str(items[1]).startswith(f"{path}:2: invalid JSON")
    assert str(items[2]).startswith(f"{path}:3: invalid JSON")
    assert [d.source for d in (items[0], items[3])] == ["https://e.org/1", "https://e.org/4"]


def test_csv_unterminated_quote_is_one_bad_row_and_the_next_rows_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(f'text,url\n"{_row(1)}",https://e.org/1\n"unterminated,https://e.org/2\n'
                    f'"{_row(3)}",https://e.org/3\n"{_row(4)}",https://e.org/4\n', encoding="utf-8")
    items = list(iter_documents(path))
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "Document", "Document"]
    assert str(items[1]).startswith(f"{path}:3: malformed CSV row")
    assert [d.source for d in items if not isinstance(d, IngestError)] == [
        "https://e.org/1", "https://e.org/3", "https://e.org/4"]
    assert all("unterminated" not in d.text for d in items if not isinstance(d, IngestError))


def test_csv_duplicate_header_is_reported_and_the_first_column_used(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(f'text,url,text\n"{_row(1)}",https://e.org/1,\n', encoding="utf-8")
    items = list(iter_documents(path))
    assert str(items[0]) == f"{path}:1: column 'text' appears twice (columns 1 and 3); the first is used"
    assert not isinstance(items[1], IngestError) and items[1].text.startswith("FICTIONAL row 1")


# --- finding 3: odd values never discard a report ------------------------------------------------------------

def test_front_matter_with_an_impossible_date_or_aliases_still_gives_the_report(tmp_path: Path) -> None:
    md = tmp_path / "r.md"
    md.write_text(f"---\ntitle: Fictional title\ndate: 2019-02-31\n---\n\n{BODY}\n", encoding="utf-8")
    doc = read_file(md)
    assert doc.title == "Fictional title" and doc.published is None
    laughs = "---\na: &a [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
        f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ) + "title: *i\n---\n\n" + BODY + "\n"
    fm, _ = front_matter(laughs)
    assert fm == {}  # aliases refused: the front matter is ignored, not expanded
    (tmp_path / "laughs.md").write_text(laughs, encoding="utf-8")
    doc = read_file(tmp_path / "laughs.md")
    assert len(doc.title or "") < 300


def test_a_count_too_big_for_the_database_keeps_the_report_and_its_evidence(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "big.txt").write_text("FICTIONAL. An air strike on Ariha on 2023-03-02 killed 3000000000 people.",
                                 encoding="utf-8")
    url = f"sqlite:///{tmp_path}/d.db"
    with Store.open(url) as store:
        summary = run([src], store, StandIn())
        assert (summary.new, summary.failed) == (1, 0), summary.failures
        with store.engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT killed_count, data FROM incidents").one()
    data = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    assert row[0] is None and data["killed"]["count"] == 3_000_000_000


# --- finding 5: concurrent runs ------------------------------------------------------------------------------

def concurrent_runs(stand_in: Path, url: str, folders: list[list[Path]]) -> list[subprocess.CompletedProcess[str]]:
    procs = [subprocess.Popen([sys.executable, str(stand_in), url, *map(str, paths)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for paths in folders]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def overlapping_folders(tmp_path: Path) -> tuple[list[list[Path]], int]:
    for name, seed in (("a", 1), ("b", 2), ("c", 3)):
        write_reports(tmp_path / name, 40, seed=seed)
    return [[tmp_path / "a", tmp_path / "b"], [tmp_path / "b", tmp_path / "c"], [tmp_path / "c", tmp_path / "a"]], 120


def test_three_concurrent_runs_on_a_fresh_sqlite_database_store_every_document_once(
        tmp_path: Path, stand_in: Path) -> None:
    folders, n = overlapping_folders(tmp_path)
    url = f"sqlite:///{tmp_path}/shared.db"
    results = concurrent_runs(stand_in, url, folders)
    for r in results:
        assert r.returncode == 0 and r.stderr == "", r.stderr[-2000:]
        assert r.stdout.split()[3] == "0"  # no failures
    stored = documents(url)
    assert len(stored) == len({d for d, _ in stored}) == len({p.read_bytes() for f in "abc"
                                                           for p in (tmp_path / f).iterdir()})
    assert len(stored) <= n
    with Store.open(url) as store:
        assert store.check(verify_archive=True) == []


# --- finding 1: a time budget per document -------------------------------------------------------------------

def test_a_report_that_hangs_fails_at_the_budget_and_the_run_goes_on(tmp_path: Path, stand_in: Path) -> None:
    src = tmp_path / "in"
    write_reports(src, 4)
    (src / "r0001b-hangs.txt").write_text("FICTIONAL report that makes the stand-in HANG forever, with enough "
                                          "words to be read as a report.", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(stand_in), f"sqlite:///{tmp_path}/d.db", str(src)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "DOCKET_TIMEOUT": "10"})
    assert proc.returncode == 0, proc.stderr
    new, copies, _dups, failed, _inc = map(int, proc.stdout.split())
    assert (new + copies, failed) == (4, 1)
    assert proc.stderr.strip() == f"{src / 'r0001b-hangs.txt'}: timed out: took longer than 10 s; stopped"


# --- finding 6: decoding -------------------------------------------------------------------------------------

def test_utf8_with_stray_bytes_stays_utf8_and_the_decision_is_noted(tmp_path: Path) -> None:
    text = f"FICTIONAL: Syria’s civil defence said the café in Fictionville was hit. {BODY}"
    data = text.encode("utf-8").replace(b"Fictionville was", b"Fictionville\xff\xfe was")
    path = tmp_path / "stray.txt"
    path.write_bytes(data)
    notes: list[str] = []
    doc = next(iter_raw(path)).document(notes)  # type: ignore[union-attr]
    assert "Syria’s" in doc.text and "café" in doc.text and "Syria‚Äôs" not in doc.text
    assert notes == [f"{path}: decoded as UTF-8 with 2 invalid byte sequences replaced by U+FFFD"]


@pytest.mark.parametrize("encoding", ["cp1256", "latin-1", "cp1252"])
def test_legacy_code_pages_are_detected(tmp_path: Path, encoding: str) -> None:
    arabic = " (بيان الدفاع المدني)" if encoding == "cp1256" else " (défense civile, café détruit)"
    text = BODY + arabic + " The shelling continued into the evening, the activists said."
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert read_file(path).text == text


# --- finding 9: small ones -----------------------------------------------------------------------------------

def test_manifest_sidecar_is_metadata_not_a_report(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "f001.txt").write_text(BODY, encoding="utf-8")
    (src / "manifest.jsonl").write_text(
        json.dumps({"id": "f001", "url": "https://example.org/fictional/1", "publisher": "Fictional Monitor",
                    "title": "A fictional title", "published": "2023-03-05"}) + "\n"
        + '{"id": "f002", "published": "not a date"}\n', encoding="utf-8")
    url = f"sqlite:///{tmp_path}/d.db"
    with Store.open(url) as store:
        summary = run([src], store, StandIn())
        with store.engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT source, publisher, title, published FROM documents").one()
    assert (summary.new, summary.failed) == (1, 0), summary.failures
    # the source stays the file read (exports and the reference scorers key reports by it); the rest is the manifest's
    assert tuple(row) == (str(src / "f001.txt"), "Fictional Monitor", "A fictional title", "2023-03-05")
    assert summary.notes == [f"{src / 'manifest.jsonl'}:2: published 'not a date' is not a date (ignored)"]


def test_temporary_archive_files_of_killed_runs_are_swept(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/d.db"
    with Store.open(url) as store:
        folder = store.archive.root / "ab" / "cd"
        folder.mkdir(parents=True)
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()
        (folder / f".tmp-{dead}-x1").write_bytes(b"half a copy")
        (folder / f".tmp-{os.getpid()}-x2").write_bytes(b"being written by a live process")
        run([], store, StandIn())
        assert sorted(p.name for p in folder.iterdir()) == [f".tmp-{os.getpid()}-x2"]


def test_extract_out_refuses_two_inputs_with_one_output_name(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(BODY, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["extract", "--no-geocode", "-q", "--out", str(out),
                                   str(tmp_path / "a" / "report.txt"), str(tmp_path / "b" / "report.txt")])
    assert res.exit_code == 1
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert lines == [f"docket: {tmp_path / 'b' / 'report.txt'}: would overwrite {out / 'report.json'} "
                     f"(from {tmp_path / 'a' / 'report.txt'}); skipped"]
    assert [p.name for p in out.iterdir()] == ["report.json"]


def test_error_lines_are_not_wrapped(tmp_path: Path) -> None:
    deep = tmp_path / ("x" * 60) / ("y" * 60)
    deep.mkdir(parents=True)
    (deep / "empty.txt").write_bytes(b"")
    res = CliRunner().invoke(app, ["extract", "--no-geocode", "-q", str(deep / "empty.txt")])
    assert res.exit_code == 1
    assert res.output.strip() == f"docket: {deep / 'empty.txt'}: empty file"


def _job(n: int) -> int:
    if n == 2:  # a report that brings its worker down (as the kernel's out-of-memory killer would)
        os.kill(os.getpid(), 9)
    if n == 3:
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")
    return n * 10


def test_a_worker_that_dies_or_raises_costs_one_job_and_the_next_jobs_run() -> None:
    from docket.worker import Isolated, JobFailed, WorkerDied

    with Isolated(_job, 60) as worker:
        assert worker(1) == 10
        with pytest.raises(WorkerDied, match="killed by SIGKILL"):
            worker(2)
        with pytest.raises(JobFailed, match="ValueError: Exceeds the limit"):
            worker(3)
        assert worker(4) == 40
        assert worker.restarts == 1


class FullDisk:
    """A log file on a disk that is full: every write fails (ENOSPC)."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")

    def flush(self) -> None:
        raise OSError(28, "No space left on device")


def test_a_log_that_cannot_be_written_does_not_stop_the_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    write_reports(src, 3)
    (src / "empty.txt").write_bytes(b"")
    with Store.open(f"sqlite:///{tmp_path}/d.db") as store:
        summary = run([src], store, StandIn(), log=FullDisk())  # type: ignore[arg-type]
    assert (summary.new + summary.copies, summary.failed) == (3, 1)
    assert summary.notes == ["the log file could not be written (No space left on device); details are lost"]
