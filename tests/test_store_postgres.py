"""The store on a real PostgreSQL server: same input gives identical exports to SQLite.

The fixture initdb's a throw-away cluster in a temp dir (as the ``postgres`` or ``nobody`` user when run as
root), starts it on a free loopback port with its socket in the temp dir, and stops it afterwards. It skips,
saying why, only when no PostgreSQL server binaries are installed or the server cannot start.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docket.cli import app
from docket.link.evaluation import gold_extractions
from docket.store import Store
from docket.store.queries import Filters, count_cases

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not (SHARED / "gold" / "dev").is_dir(), reason="../shared dev gold not present")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        pytest.skip("PostgreSQL server binaries not installed (scripts/setup.sh --test installs Debian postgresql)")
    bindir = Path(bins[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="docket-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = next((u for u in ("postgres", "nobody") if _has_user(u)), None)
        if user is None:
            pytest.skip("running as root and no unprivileged user to run PostgreSQL as")
        pw = pwd.getpwnam(user)
        os.chown(base, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", user, "--"]
    data, port = base / "data", _free_port()
    log = base / "server.log"

    def sh(*cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)

    r = sh(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "docket", "-E", "UTF8", "--no-locale")
    if r.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else r.returncode}")
    r = sh(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
           f"-p {port} -k {base} -h 127.0.0.1 -c fsync=off", "start")
    if r.returncode != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else [r.stderr]
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {' '.join(tail)}")
    try:
        r = sh(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "docket", "docket_test")
        assert r.returncode == 0, r.stderr
        yield f"postgresql://docket@127.0.0.1:{port}/docket_test"
    finally:
        sh(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _fill(url: str) -> None:
    with Store.open(url, archive_dir=None) as store:
        for ex, raw in gold_extractions(SHARED):
            store.store_extraction(ex, raw)


def _export(url: str, fmt: str, level: str) -> str:
    res = CliRunner().invoke(app, ["export", "--db", url, "--format", fmt, "--level", level])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_postgres_and_sqlite_give_identical_exports(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKET_HOME", str(tmp_path / "home"))
    sqlite_url = f"sqlite:///{tmp_path}/docket.db"
    _fill(sqlite_url)
    _fill(pg_url)
    _fill(pg_url)  # re-running changes nothing
    for fmt in ("jsonl", "csv", "geojson"):
        for level in ("case", "incident"):
            a, b = _export(sqlite_url, fmt, level), _export(pg_url, fmt, level)
            assert a == b, f"{fmt}/{level} differ"
    assert len(_export(pg_url, "jsonl", "case").splitlines()) >= 50
    with Store.open(pg_url) as pg:
        assert pg.check(verify_archive=True) == []
        with pg.engine.connect() as conn:
            assert count_cases(conn, Filters(text="sarin")) >= 1  # PostgreSQL full text
            assert count_cases(conn, Filters(text="sarin")) == _sqlite_count(sqlite_url, "sarin")
        row = json.loads(_export(pg_url, "jsonl", "case").splitlines()[0])
        pg.correct("case", row["id"], "casualties.killed.best", 3, "reviewer", "test")
        assert pg.review_log("case", row["id"])[0]["after"] == 3


def _sqlite_count(url: str, q: str) -> int:
    with Store.open(url) as s, s.engine.connect() as conn:
        return count_cases(conn, Filters(text=q))


def _fresh_database(pg_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return pg_url.rsplit("/", 1)[0] + "/" + name


def test_three_concurrent_runs_on_a_fresh_postgres_database_store_every_document_once(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three runs over overlapping folders at once, on a database none of them has migrated yet."""
    from test_reliability import concurrent_runs, documents, overlapping_folders
    from test_run import STAND_IN

    monkeypatch.setenv("DOCKET_HOME", str(tmp_path / "home"))
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    url = _fresh_database(pg_url, "docket_concurrent")
    folders, n = overlapping_folders(tmp_path)
    for r in concurrent_runs(script, url, folders):
        assert r.returncode == 0 and r.stderr == "", r.stderr[-2000:]
        assert r.stdout.split()[3] == "0"  # no failures
    stored = documents(url)
    distinct = {p.read_bytes() for f in "abc" for p in (tmp_path / f).iterdir()}
    assert len(stored) == len({d for d, _ in stored}) == len(distinct) <= n
    with Store.open(url) as store:
        assert store.check(verify_archive=True) == []


def test_a_count_too_big_for_postgres_integer_keeps_the_report(pg_url: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from test_reliability import StandIn

    from docket.store.run import run

    monkeypatch.setenv("DOCKET_HOME", str(tmp_path / "home"))
    src = tmp_path / "in"
    src.mkdir()
    (src / "big.txt").write_text("FICTIONAL. An air strike on Ariha on 2023-03-02 killed 3000000000 people.",
                                 encoding="utf-8")
    url = _fresh_database(pg_url, "docket_big")
    with Store.open(url) as store:
        summary = run([src], store, StandIn())
        assert (summary.new, summary.failed) == (1, 0), summary.failures
        with store.engine.connect() as conn:
            count, data = conn.exec_driver_sql("SELECT killed_count, data FROM incidents").one()
    assert count is None and data["killed"]["count"] == 3_000_000_000


def test_arabic_search_folds_spellings_on_postgres_with_its_index(pg_url: str, tmp_path: Path) -> None:
    """The FICTIONAL Arabic report of test_web_arabic on PostgreSQL: "ادلب" and "هبيط" find "إدلب" and
    "الهبيط" through documents.search, the query plan uses the full-text index, and the language filter works."""
    from test_web_arabic import ARABIC_REPORT, arabic_extraction

    from docket.store.read import count_incidents, get_document

    url = _fresh_database(pg_url, "docket_arabic")
    raw = ARABIC_REPORT.encode("utf-8")
    with Store.open(url, archive_dir=tmp_path / "archive") as store:
        ext = arabic_extraction(raw, "ar.txt")
        store_id = ext.document.id
        assert store.store_extraction(ext, raw).status == "new"
        with store.engine.connect() as conn:
            for q, n in (("ادلب", 1), ("إدلب", 1), ("هبيط", 1), ("بالهبيط", 1), ("غاره", 1), ("سراقة", 0)):
                assert count_incidents(conn, Filters(text=q)) == n, q
            assert count_incidents(conn, Filters(language=("ar",))) == 1
            doc = get_document(conn, store_id)
            assert doc is not None and doc["text"] == ARABIC_REPORT and "search" not in doc
            assert count_incidents(conn, Filters(language=("en",))) == 0
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(
                "EXPLAIN SELECT id FROM documents WHERE to_tsvector('simple', coalesce(documents.search, "
                "coalesce(documents.title, '') || ' ' || documents.text)) @@ plainto_tsquery('simple', 'ادلب')"))
            assert "ix_documents_fulltext" in plan, plan
