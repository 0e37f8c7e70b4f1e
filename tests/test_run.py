"""`docket run`: summary, idempotent re-runs, bad input, and SIGKILL at random points.

The mechanics tests use a small stand-in pipeline (FICTIONAL one-line reports it can read) so they test the
store and the run loop whatever the extractor finds; the examples test drives the real CLI.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docket.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

STAND_IN = textwrap.dedent('''
    import os, re, signal, sys
    from pathlib import Path
    from docket.model import DateSpan, Extraction, Incident, Location, Total
    from docket.store import Store
    from docket.store.run import run

    class StandIn:
        """Reads 'strike on TOWN on YYYY-MM-DD killed N' sentences (FICTIONAL test reports only)."""
        def process(self, doc):
            if "EXPLODE" in doc.text:
                raise RuntimeError("stand-in extractor failure")
            while "HANG" in doc.text:  # a report that never finishes (pure Python: no signal stops it)
                pass
            incs = [Incident(id="", date=DateSpan(m[2], m[2], "day"), location=Location(m[1], country="SY"),
                             attack_types=["airstrike"], killed=Total(int(m[3]), "exact"))
                    for m in re.finditer(r"strike on ([A-Za-z' -]+?) on (\\d{4}-\\d\\d-\\d\\d) killed (\\d+)", doc.text)]
            return Extraction(doc, incs)

    def kill_at_statement(store, n):
        """SIGKILL this process just before its n-th SQL statement: inside a document's transaction."""
        from sqlalchemy import event
        seen = [0]
        def before(conn, cursor, statement, parameters, context, executemany):
            seen[0] += 1
            if seen[0] == n:
                os.kill(os.getpid(), signal.SIGKILL)
        event.listen(store.engine, "before_cursor_execute", before)

    if __name__ == "__main__":
        store = Store.open(sys.argv[1])
        if os.environ.get("KILL_AT_STATEMENT"):
            kill_at_statement(store, int(os.environ["KILL_AT_STATEMENT"]))
        timeout = float(os.environ.get("DOCKET_TIMEOUT") or 0) or None
        s = run([Path(p) for p in sys.argv[2:]], store, StandIn(), timeout=timeout)
        print(s.new, s.copies, s.duplicates, s.failed, s.incidents, flush=True)
        for line in s.failures:
            print(line, file=sys.stderr)
''')

TOWNS = ["Saraqib", "Sarakib", "Ariha", "Atarib", "Kafr Nabl", "Kafranbel", "Maarat al-Numan", "Ma'arat al-Nu'man"]


def write_reports(folder: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        day = f"2023-03-{rng.randint(1, 6):02d}"
        lines = [f"FICTIONAL test report {k}."]
        for _ in range(rng.randint(1, 3)):
            lines.append(f"An air strike on {rng.choice(TOWNS)} on {day} killed {rng.randint(1, 12)} people.")
        (folder / f"r{k:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    return script


def run_stand_in(script: Path, db: Path, *paths: Path, timeout: float = 120) -> list[int]:
    out = subprocess.run([sys.executable, str(script), f"sqlite:///{db}", *map(str, paths)], capture_output=True,
                         text=True, timeout=timeout, check=True)
    return [int(x) for x in out.stdout.split()]


def export_jsonl(db: Path, level: str = "case") -> list[dict]:
    res = CliRunner().invoke(app, ["export", "--db", f"sqlite:///{db}", "--format", "jsonl", "--level", level])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_rerun_changes_nothing(tmp_path: Path, stand_in: Path) -> None:
    write_reports(tmp_path / "in", 30)
    db = tmp_path / "d.db"
    new, copies, dups, failed, incidents = run_stand_in(stand_in, db, tmp_path / "in")
    assert (new + copies, dups, failed) == (30, 0, 0) and incidents > 30
    before = dump(db)
    archive = sorted(p.relative_to(tmp_path) for p in (tmp_path / "d-archive").rglob("*") if p.is_file())
    assert len(archive) == 30
    assert run_stand_in(stand_in, db, tmp_path / "in") == [0, 0, 30, 0, 0]
    assert dump(db) == before
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "d-archive").rglob("*") if p.is_file()) == archive


def test_bad_input_is_one_line_each_and_the_rest_is_stored(tmp_path: Path, stand_in: Path) -> None:
    src = tmp_path / "in"
    write_reports(src, 3)
    (src / "rows.jsonl").write_text(
        '{"text": "FICTIONAL. An air strike on Ariha on 2023-03-02 killed 2 people.", "url": "https://e.org/1"}\n'
        '{"text": broken json\n'
        '{"body": "no text field"}\n', encoding="utf-8")
    (src / "rows.csv").write_text('text,url\n"FICTIONAL. An air strike on Atarib on 2023-03-03 killed 1 people.",'
                                  'https://e.org/2\n"unterminated,https://e.org/3\n', encoding="utf-8")
    (src / "latin1.txt").write_bytes(b"\xff\xfe\x00\xd8 not utf-8 \x00\x00\xc3")
    (src / "explode.txt").write_text("FICTIONAL test report that makes the stand-in extractor EXPLODE on purpose, "
                                     "with enough words to be read as a report.", encoding="utf-8")
    (src / "loop").mkdir()
    (src / "loop" / "back").symlink_to(src, target_is_directory=True)
    db = tmp_path / "d.db"
    proc = subprocess.run([sys.executable, str(stand_in), f"sqlite:///{db}", str(src), str(tmp_path / "missing")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    new, copies, dups, failed, incidents = map(int, proc.stdout.split())
    assert new + copies >= 5  # three reports, one jsonl row, one csv row
    assert failed >= 4
    from docket.store import Store
    from docket.store.run import run

    class Quiet:
        def process(self, doc):  # noqa: ANN001, ANN202
            from docket.model import Extraction
            if "EXPLODE" in doc.text:
                raise RuntimeError("stand-in extractor failure")
            return Extraction(doc)

    store = Store.open(f"sqlite:///{tmp_path}/again.db")
    summary = run([src, tmp_path / "missing"], store, Quiet())
    store.close()
    lines = summary.failures
    assert all("\n" not in line and "Traceback" not in line for line in lines)
    joined = "\n".join(lines)
    assert "missing: no such file or directory" in joined
    assert "rows.jsonl:2" in joined and "rows.jsonl:3" in joined
    assert "explode.txt: extraction failed: RuntimeError: stand-in extractor failure" in joined
    assert "loop" in joined


def test_sigkill_at_random_points_leaves_a_consistent_database(tmp_path: Path, stand_in: Path) -> None:
    """Each round kills the run inside a transaction: at its K-th SQL statement, K from a seeded sample (every
    run executes at least one statement per input file, so K <= 80 always falls inside the run)."""
    write_reports(tmp_path / "in", 80, seed=3)
    ref = tmp_path / "ref.db"
    run_stand_in(stand_in, ref, tmp_path / "in")
    expected = export_jsonl(ref)
    expected_incidents = export_jsonl(ref, "incident")
    db = tmp_path / "killed.db"
    points = random.Random(11).sample(range(2, 81), 6)
    for k in points:
        proc = subprocess.run([sys.executable, str(stand_in), f"sqlite:///{db}", str(tmp_path / "in")],
                              capture_output=True, text=True, timeout=120, env={**os.environ, "KILL_AT_STATEMENT": str(k)})
        assert proc.returncode == -signal.SIGKILL, (k, proc.returncode, proc.stderr[-500:])
        if db.exists():
            from docket.store import Store
            with Store.open(f"sqlite:///{db}") as store:
                assert store.check(verify_archive=True) == []  # consistent after every kill
    assert db.exists()
    run_stand_in(stand_in, db, tmp_path / "in")
    assert export_jsonl(db) == expected
    assert export_jsonl(db, "incident") == expected_incidents


def test_examples_readme_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's main command on the bundled FICTIONAL examples prints the summary (real pipeline)."""
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["run", str(EXAMPLES), "-q"])
    assert res.exit_code == 0, res.output
    assert "documents new" in res.stdout and "failures" not in res.stdout
    first = [line for line in res.stdout.splitlines() if "documents new" in line][0]
    assert first.replace("│", " ").split()[-2:] == ["6", "6"], first
    again = runner.invoke(app, ["run", str(EXAMPLES), "-q"])
    assert again.exit_code == 0, again.output
    dup = [line for line in again.stdout.splitlines() if "duplicates (skipped)" in line][0]
    assert dup.replace("│", " ").split()[-1] == "6", dup
    cases = export_jsonl(Path("docket.db"))
    two = [c for c in cases if c["n_independent_sources"] >= 2]
    assert two, "the examples hold one event reported by two independent sources"
    assert {m["source"].rsplit("/", 1)[-1] for m in two[0]["members"]} >= {
        "01-saraqib-market-ngo.txt", "02-sarakib-market-news.md"}


def test_archived_row_bytes_hash_to_the_document_id(tmp_path: Path) -> None:
    """A .jsonl row whose text ingest cleans (CRLF, control characters) is archived as received."""
    import hashlib
    import json as _json

    from docket.ingest import iter_documents
    from docket.store.run import raw_bytes

    rows = tmp_path / "rows.jsonl"
    text = "FICTIONAL.\r\nShelling hit the town of Kafr Tala on Sunday, killing two civilians.\r\n"
    rows.write_text(_json.dumps({"text": text, "url": "https://example.org/a"}) + "\n", encoding="utf-8")
    doc = next(d for d in iter_documents(rows))
    data = raw_bytes(rows, doc)
    assert "sha256:" + hashlib.sha256(data).hexdigest() == doc.id
    assert data == text.encode("utf-8")


def test_reprocess_keeps_reports_in_the_cases_they_were_linked_into(tmp_path: Path) -> None:
    """Re-extracting stored documents (`docket run --reprocess`) must not split the cases they formed."""
    from typer.testing import CliRunner

    from docket.cli import app

    db = f"sqlite:///{tmp_path / 're.db'}"
    examples = Path(__file__).resolve().parents[1] / "examples"
    runner = CliRunner()

    def multi_doc_cases() -> dict[str, int]:
        r = runner.invoke(app, ["export", "--db", db, "--format", "jsonl", "--level", "case"])
        assert r.exit_code == 0, r.output
        rows = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
        return {c["id"]: c["n_documents"] for c in rows if c["n_documents"] > 1}

    assert runner.invoke(app, ["run", str(examples), "--db", db, "-q"]).exit_code == 0
    before = multi_doc_cases()
    assert before, "the examples hold one event reported twice"
    assert runner.invoke(app, ["run", str(examples), "--db", db, "-q", "--reprocess"]).exit_code == 0
    assert multi_doc_cases() == before
