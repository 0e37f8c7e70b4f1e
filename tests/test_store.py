"""The store: schema and migrations, archive, duplicates and copies, cases, corrections, queries and stats."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from docket.model import (
    Aggregate,
    Casualty,
    DateSpan,
    Document,
    Extraction,
    Incident,
    Location,
    Period,
    Total,
)
from docket.store import Store, StoreError
from docket.store.queries import Filters, count_cases, get_document, iter_cases, iter_incidents, stats


def document(text: str, source: str, published: str = "2023-03-14", publisher: str | None = None) -> tuple[Document, bytes]:
    raw = text.encode("utf-8")
    return Document("sha256:" + hashlib.sha256(raw).hexdigest(), text, published, source, publisher), raw


def incident(place: str, day: str, killed: int | None = None, *, weapons: tuple[str, ...] = (),
             admin1: str = "Idlib", actor: str = "Russian forces", target: str | None = None) -> Incident:
    i = Incident(id="", date=DateSpan(day, day, "day"), location=Location(place, admin1=admin1, country="SY"),
                 attack_types=["airstrike"], weapons=list(weapons))
    if killed is not None:
        i.killed = Total(killed, "exact")
        i.casualties = [Casualty("killed", "civilians", killed, killed, killed, "exact")]
    from docket.model import Actor, Target
    i.actors = [Actor(actor)]
    if target:
        i.targets = [Target(target, None, "hit")]
    return i


# FICTIONAL texts written for these tests.
TEXT_A = "FICTIONAL. Jets struck the market in Saraqib on Monday, killing seven civilians."
TEXT_B = "FICTIONAL. Nine dead as warplanes hit Sarakib market on Monday, with barrel bombs."
TEXT_C = "FICTIONAL. Shelling on Ariha hospital on Wednesday killed three people."


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(f"sqlite:///{tmp_path}/docket.db")
    yield s
    s.close()


def put(store: Store, text: str, source: str, incidents: list[Incident], aggregates: list[Aggregate] = (),
        publisher: str | None = None) -> str:
    doc, raw = document(text, source, publisher=publisher)
    store.store_extraction(Extraction(doc, incidents, list(aggregates)), raw)
    return doc.id


def _head_revision() -> str:
    """The newest migration shipped (several branches add their own; the lead chains them)."""
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("docket.store") / "migrations"))
    return str(ScriptDirectory.from_config(cfg).get_current_head())


def test_open_creates_and_migrates_once(tmp_path: Path) -> None:
    Store.open(f"sqlite:///{tmp_path}/d.db").close()
    Store.open(f"sqlite:///{tmp_path}/d.db").close()
    con = sqlite3.connect(tmp_path / "d.db")
    assert con.execute("select version_num from alembic_version").fetchall() == [(_head_revision(),)]
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"documents", "incidents", "incident_casualties", "incident_targets", "incident_actors",
            "incident_sources", "evidence", "aggregates", "cases", "case_members", "review_log", "users",
            "overrides", "documents_fts"} <= tables


def test_bad_urls_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unsupported database"):
        Store.open("mysql://x/y")
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(f"sqlite:///{tmp_path}/missing/dir/d.db")


def test_archive_keeps_the_original_bytes(store: Store) -> None:
    doc_id = put(store, TEXT_A, "https://example.org/a", [incident("Saraqib", "2023-03-13", 7)])
    sha = doc_id.split(":", 1)[1]
    path = store.archive.path_for(sha)
    assert path.read_bytes() == TEXT_A.encode("utf-8")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    assert not os.access(path, os.W_OK) or os.geteuid() == 0  # written read-only (root may still write)
    assert oct(path.stat().st_mode & 0o777) == "0o444"
    with store.engine.connect() as conn:
        d = get_document(conn, doc_id)
    assert d["sha256"] == sha and d["received_at"].endswith("+00:00") and d["n_bytes"] == len(TEXT_A)
    assert store.check(verify_archive=True) == []


def test_duplicate_bytes_stored_once_and_copies_count_as_one_source(store: Store) -> None:
    a, raw = document(TEXT_A, "https://example.org/a")
    ex = Extraction(a, [incident("Saraqib", "2023-03-13", 7)])
    assert store.store_extraction(ex, raw).status == "new"
    assert store.store_extraction(ex, raw).status == "duplicate"
    # the same text syndicated by another outlet: different bytes (HTML wrapper), same cleaned text
    copy = Document("sha256:" + hashlib.sha256(b"<p>" + raw).hexdigest(), TEXT_A + "\n", "2023-03-14",
                    "https://mirror.example.net/a")
    r = store.store_extraction(Extraction(copy, [incident("Saraqib", "2023-03-13", 7)]), b"<p>" + raw)
    assert r.status == "copy"
    with store.engine.connect() as conn:
        (case,) = list(iter_cases(conn))
    assert case["n_documents"] == 2 and case["n_independent_sources"] == 1 and case["single_source"]
    put(store, TEXT_B, "https://example.org/b", [incident("Sarakib", "2023-03-13", 9)])
    with store.engine.connect() as conn:
        (case,) = list(iter_cases(conn))
    assert case["n_documents"] == 3 and case["n_independent_sources"] == 2 and not case["single_source"]
    assert store.counts() == {"documents": 3, "incidents": 3, "aggregates": 0, "cases": 1}


def test_case_values_and_explanation(store: Store) -> None:
    put(store, TEXT_A, "https://example.org/a", [incident("Saraqib", "2023-03-13", 7)], publisher="Monitor A")
    put(store, TEXT_B, "https://example.org/b", [incident("Sarakib", "2023-03-13", 9, weapons=("barrel_bomb",))],
        publisher="Outlet B")
    with store.engine.connect() as conn:
        (case,) = list(iter_cases(conn))
    killed = next(c for c in case["casualties"] if c["outcome"] == "killed")
    # best = the median 8, raised to the low: low ≤ best ≤ high (issue #10, finding 13)
    assert (killed["low"], killed["best"], killed["high"]) == (9, 9, 9)
    assert case["weapons"] == ["barrel_bomb"] and case["publishers"] == ["Monitor A", "Outlet B"]
    joined = next(m for m in case["members"] if m["explanation"])
    feats = {f["name"] for f in joined["explanation"][0]["features"]}
    assert {"place", "date", "killed"} <= feats
    assert {m["incident_index"] for m in case["members"]} == {0}


def test_queries_filter_cases_and_incidents(store: Store) -> None:
    put(store, TEXT_A, "https://example.org/a", [incident("Saraqib", "2023-03-13", 7)], publisher="Monitor A")
    put(store, TEXT_B, "https://example.org/b", [incident("Sarakib", "2023-03-13", 9, weapons=("barrel_bomb",))])
    put(store, TEXT_C, "https://example.org/c",
        [incident("Ariha", "2023-03-15", 3, actor="Syrian government forces", target="medical")],
        [Aggregate("airstrikes", 40, "at_least", 40, None, None, Period("2023-03-01", "2023-03-31"), "Idlib")])
    with store.engine.connect() as conn:
        def ids(**kw: object) -> int:
            return count_cases(conn, Filters(**kw))  # type: ignore[arg-type]
        assert ids() == 2
        assert ids(weapon=("barrel_bomb",)) == 1
        assert ids(target_type=("medical",)) == 1
        assert ids(actor=("Syrian government forces",)) == 1
        assert ids(date_from="2023-03-14") == 1 and ids(date_to="2023-03-13") == 1
        assert ids(min_killed=5) == 1
        assert ids(single_source=True) == 1 and ids(single_source=False) == 1
        assert ids(source=("monitor",)) == 1
        assert ids(text="hospital") == 1 and ids(text="market") == 1 and ids(text="nothing-like-this") == 0
        assert ids(text='"unbalanced AND (') == 0  # user input never breaks the query
        assert ids(admin1=("idlib",)) == 2 and ids(country=("TR",)) == 0
        incs = list(iter_incidents(conn, Filters(weapon=("barrel_bomb",))))
        assert len(incs) == 1 and incs[0]["case_id"] and incs[0]["incident_index"] == 0


def test_stats_count_cases_once_and_never_aggregates(store: Store) -> None:
    put(store, TEXT_A, "https://example.org/a", [incident("Saraqib", "2023-03-13", 7)])
    put(store, TEXT_B, "https://example.org/b", [incident("Sarakib", "2023-03-13", 9)],
        [Aggregate("killed", 31, "exact", 31, 31, "civilians", Period("2023-03-01", "2023-03-31"), "Idlib")])
    put(store, TEXT_C, "https://example.org/c", [incident("Ariha", "2023-03-15", 3, admin1="Idlib")])
    with store.engine.connect() as conn:
        (month,) = stats(conn, "month")
        gov = stats(conn, "governorate")
        actors = stats(conn, "actor")
    # two cases: Saraqib (low 9, best 9, high 9) and Ariha (3): never 7 + 9 + 3, never the 31 of the aggregate
    assert month == {"key": "2023-03", "cases": 2, "killed_low": 12, "killed_best": 12, "killed_high": 12,
                     "injured_low": None, "injured_best": None, "injured_high": None}
    assert gov[0]["key"] == "Idlib" and gov[0]["cases"] == 2
    assert actors[0]["key"] == "Russian forces"


def test_corrections_survive_reextraction_and_are_logged(store: Store) -> None:
    doc, raw = document(TEXT_A, "https://example.org/a")
    ex = Extraction(doc, [incident("Saraqib", "2023-03-13", 7)])
    store.store_extraction(ex, raw)
    iid = f"{doc.id}#0"
    store.correct("incident", iid, "killed.count", 8, "reviewer", "the report says eight")
    with store.engine.connect() as conn:
        (case,) = list(iter_cases(conn))
    assert next(c for c in case["casualties"] if c["outcome"] == "killed")["best"] == 8
    # a new extractor version re-extracts the document: the correction is re-applied
    store.store_extraction(Extraction(doc, [incident("Saraqib", "2023-03-13", 7)]), raw, replace=True)
    with store.engine.connect() as conn:
        (inc,) = list(iter_incidents(conn))
        (case,) = list(iter_cases(conn))
    assert inc["killed"]["count"] == 8 and inc["review_status"] == "corrected"
    assert next(c for c in case["casualties"] if c["outcome"] == "killed")["best"] == 8
    (entry,) = store.review_log("incident", iid)
    assert (entry["username"], entry["field"], entry["before"], entry["after"]) == ("reviewer", "killed.count", 7, 8)
    with pytest.raises(StoreError, match="the best \\(10\\) would be above the high \\(8\\)"):
        store.correct("case", case["id"], "casualties.killed.best", 10, "reviewer", "hospital records")
    store.correct("case", case["id"], "casualties.killed.high", 12, "reviewer", "hospital records")
    store.correct("case", case["id"], "casualties.killed.best", 10, "reviewer", "hospital records")
    with store.engine.connect() as conn:
        (case,) = list(iter_cases(conn))
    assert next(c for c in case["casualties"] if c["outcome"] == "killed")["best"] == 10
    assert case["review_status"] == "corrected"
    assert store.check() == []


def test_move_and_split_are_respected_by_later_linking(store: Store) -> None:
    a = put(store, TEXT_A, "https://example.org/a", [incident("Saraqib", "2023-03-13", 7)])
    b = put(store, TEXT_B, "https://example.org/b", [incident("Sarakib", "2023-03-13", 9)])
    with store.engine.connect() as conn:
        (case,) = list(iter_cases(conn))
    new_id = store.split_case(case["id"], [f"{b}#0"], "reviewer", "different attack")
    assert new_id != case["id"]
    assert store.review_log("case", case["id"])[0]["action"] == "split"
    # a third report of the event arrives: linking joins a case but never moves the split-off incident back
    put(store, TEXT_C.replace("Ariha", "Saraqib"), "https://example.org/c", [incident("Saraqeb", "2023-03-13", 8)])
    with store.engine.connect() as conn:
        cases = {c["id"]: {m["incident_id"] for m in c["members"]} for c in iter_cases(conn)}
    assert f"{b}#0" in cases[new_id] and f"{a}#0" in cases[case["id"]]
    assert len(cases) == 2
    # moving back is allowed, and pinned
    store.move_incident(f"{b}#0", case["id"], "reviewer", "same after all")
    with store.engine.connect() as conn:
        cases = {c["id"]: c for c in iter_cases(conn)}
    assert f"{b}#0" in {m["incident_id"] for m in cases[case["id"]]["members"]}
    with pytest.raises(StoreError, match="same document"):
        two = put(store, "FICTIONAL. Two strikes.", "x", [incident("Saraqib", "2023-03-13", 1),
                                                          incident("Ariha", "2023-03-13", 1)])
        store.move_incident(f"{two}#1", store_case_of(store, f"{two}#0"), "reviewer")
    assert store.check() == []


def store_case_of(store: Store, iid: str) -> str:
    with store.engine.connect() as conn:
        return next(i["case_id"] for i in iter_incidents(conn) if i["id"] == iid)


def test_users_and_review_status(store: Store) -> None:
    store.add_user("ana", "$argon2id$fake-hash-for-test")
    with pytest.raises(StoreError, match="already exists"):
        store.add_user("ana", "x")
    assert store.get_user("ana")["password_hash"].startswith("$argon2id$")
    put(store, TEXT_A, "https://example.org/a", [incident("Saraqib", "2023-03-13", 7)])
    with store.engine.connect() as conn:
        (case,) = list(iter_cases(conn))
    store.set_status("case", case["id"], "confirmed", "ana")
    with pytest.raises(StoreError, match="unknown review status"):
        store.set_status("case", case["id"], "maybe", "ana")
    with store.engine.connect() as conn:
        assert count_cases(conn, Filters(review_status=("confirmed",))) == 1


def test_stats_by_a_facet_with_a_facet_filter(tmp_path: Path) -> None:
    """`docket stats --weapon X` groups by actor, weapon... while filtering on a facet (no SQL correlation error)."""
    from typer.testing import CliRunner

    from docket.cli import app

    db = f"sqlite:///{tmp_path / 'stats.db'}"
    runner = CliRunner()
    examples = Path(__file__).resolve().parents[1] / "examples"
    assert runner.invoke(app, ["run", str(examples), "--db", db, "-q"]).exit_code == 0
    r = runner.invoke(app, ["stats", "--db", db, "--weapon", "barrel_bomb", "--json"])
    assert r.exit_code == 0, r.output
    assert "barrel_bomb" in r.output


def test_an_interrupted_first_migration_leaves_no_half_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kill while the schema is being created must not leave tables behind that break the next open
    (SQLite DDL runs inside the migration's transaction)."""
    import docket.store.store as store_module
    from docket.store import Store

    db = tmp_path / "half.db"

    def interrupted(cfg: object, rev: str) -> None:
        cfg.attributes["connection"].exec_driver_sql("CREATE TABLE case_aliases (x INTEGER)")  # type: ignore[attr-defined]
        raise KeyboardInterrupt("killed mid-migration")

    monkeypatch.setattr(store_module.command, "upgrade", interrupted)
    with pytest.raises(KeyboardInterrupt):
        Store.open(f"sqlite:///{db}")
    monkeypatch.undo()
    assert sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == []
    with Store.open(f"sqlite:///{db}") as store:
        assert store.counts()["documents"] == 0
