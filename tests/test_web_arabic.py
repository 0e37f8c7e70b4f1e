"""Arabic reports in the web app, over HTTP: the report page is laid out right to left with its evidence
highlighted at the right offsets, full-text search folds Arabic spellings as the place key does, and the
language filter, downloads, CLI export and API treat Arabic reports like English ones.

The Arabic report is read by the real ingest and stored by the real store; its one incident and evidence spans
are written here (the web is under test, not extraction). Both reports are FICTIONAL, written for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web import fresh_docket, web_client
from typer.testing import CliRunner

from docket.cli import app as cli
from docket.ingest.reader import document_from_bytes
from docket.model import Casualty, DateSpan, Evidence, Extraction, Incident, Location, Source, Total
from docket.store import Store

# FICTIONAL: the events, figures and the monitoring network are made up.
ARABIC_REPORT = """شبكة الرصد المتخيّلة (نص متخيّل كُتب لاختبارات Docket)

قُتل ثلاثة مدنيين وأصيب خمسة آخرون جراء غارة جوية استهدفت سوقاً شعبياً في مدينة سراقب بريف إدلب الشرقي صباح الثلاثاء، وفق ما أفاد به الدفاع المدني. كما طال القصف أطراف بلدة الهبيط دون ورود أنباء عن إصابات.
"""
ENGLISH_REPORT = """FICTIONAL EXAMPLE written for the Docket web tests; the events, figures and organisations are made up.

Published: 9 April 2019

Shelling killed two civilians in the town of Kafr Nabl in southern rural Idlib on Monday, the Imaginary Rescue Service said.
"""
# evidence field -> the exact text it covers in ARABIC_REPORT
ARABIC_EVIDENCE = {"casualties[0]": "قُتل ثلاثة مدنيين", "casualties[1]": "وأصيب خمسة آخرون",
                   "attack_types": "غارة جوية", "location": "مدينة سراقب بريف إدلب الشرقي",
                   "sources": "الدفاع المدني"}


@dataclass
class ArabicDocket:
    url: str
    home: Path
    arabic_id: str
    english_ids: list[str]


def arabic_extraction(raw: bytes, source: str) -> Extraction:
    """The real ingest's Document of the Arabic report and one incident whose evidence spans are found in it."""
    doc = document_from_bytes(raw, source=source)
    assert doc.language == "ar"
    ev = [Evidence(f, doc.text.index(t), doc.text.index(t) + len(t)) for f, t in ARABIC_EVIDENCE.items()]
    inc = Incident(
        id="", date=DateSpan(start="2019-04-09", end="2019-04-09", precision="day"),
        location=Location(name="سراقب", canonical="Saraqab", gazetteer_id="ocha:C3916", lat=35.86, lon=36.80,
                          admin1="Idlib", country="SY", precision="town"),
        attack_types=["airstrike"], targets=[],
        casualties=[Casualty(outcome="killed", group="civilians", count=3, qualifier="exact", low=3, high=3),
                    Casualty(outcome="injured", group="people", count=5, qualifier="exact", low=5, high=5)],
        killed=Total(3, "exact"), injured=Total(5, "exact"), sources=[Source("Syrian Civil Defence", "ngo")],
        evidence=ev)
    return Extraction(document=doc, incidents=[inc], aggregates=[])


def build_arabic_docket(root: Path) -> ArabicDocket:
    """The English report through the real `docket run`, then the Arabic one stored by the real store."""
    reports = root / "reports"
    reports.mkdir(parents=True)
    (reports / "en.txt").write_text(ENGLISH_REPORT, encoding="utf-8")
    url = f"sqlite:///{root / 'docket.db'}"
    res = CliRunner().invoke(cli, ["run", str(reports), "--db", url, "-q"])
    assert res.exit_code == 0, res.output
    raw = ARABIC_REPORT.encode("utf-8")
    (root / "ar.txt").write_bytes(raw)
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            english = [r[0] for r in conn.exec_driver_sql("SELECT id FROM documents")]
        ext = arabic_extraction(raw, str(root / "ar.txt"))
        assert store.store_extraction(ext, raw).status == "new"
    finally:
        store.close()
    return ArabicDocket(url, root / "home", ext.document.id, english)


@pytest.fixture(scope="module")
def ar_docket(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Iterator[ArabicDocket]:
    yield from fresh_docket(tmp_path_factory, seeded_home, "web-arabic", build_arabic_docket)


@pytest.fixture(scope="module")
def client(ar_docket: ArabicDocket) -> Iterator[TestClient]:
    with web_client(ar_docket) as c:  # type: ignore[arg-type]
        yield c


def test_arabic_report_page_is_right_to_left_with_evidence_at_its_offsets(client: TestClient,
                                                                          ar_docket: ArabicDocket) -> None:
    page = client.get(f"/reports/{ar_docket.arabic_id}")
    assert page.status_code == 200
    html = page.text
    assert re.search(r'<div class="report-text" id="report-text" lang="ar" dir="rtl">', html)
    assert re.search(r'<dd id="language">Arabic</dd>', html)
    marks = re.findall(r'<mark class="ev f-(\w+)[^"]*"[^>]*>([^<]*)</mark>', html)
    for fld, text in ARABIC_EVIDENCE.items():
        assert (fld.split("[")[0], text) in marks, (fld, text)
    # Arabic values in the left-to-right side panel are marked right to left too
    assert '<span class="place" dir="rtl" lang="ar">' not in html  # the canonical name is Latin ...
    assert '(<span dir="rtl" lang="ar">سراقب</span>)' in html      # ... the name as written is Arabic
    assert '<q class="evtext" dir="rtl" lang="ar">قُتل ثلاثة مدنيين</q>' in html
    # an English report stays left to right
    en = client.get(f"/reports/{ar_docket.english_ids[0]}").text
    assert 'id="report-text" lang="en" dir="ltr"' in en and '<dd id="language">English</dd>' in en


def test_report_api_gives_the_language_and_the_exact_text(client: TestClient, ar_docket: ArabicDocket) -> None:
    rep = client.get(f"/api/reports/{ar_docket.arabic_id}").json()
    assert rep["language"] == "ar" and rep["text"] == ARABIC_REPORT
    rows = rep["incidents"][0]["evidence_rows"]
    assert {r["field"]: r["text"] for r in rows} == ARABIC_EVIDENCE
    assert all(rep["text"][r["start"]:r["end"]] == r["text"] for r in rows)


def _incident_docs(client: TestClient, **params: str) -> set[str]:
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 200, r.text
    return {i["document_id"] for i in r.json()["incidents"]}


@pytest.mark.parametrize("query", ["ادلب", "إدلب", "أدلب", "سراقب", "الهبيط", "هبيط", "بالهبيط", "غارة جوية",
                                   "غاره جويه", "مدنيين ثلاثه", "قتل"])
def test_search_folds_arabic_spellings(client: TestClient, ar_docket: ArabicDocket, query: str) -> None:
    assert _incident_docs(client, q=query) == {ar_docket.arabic_id}
    cases = client.get("/api/cases", params={"q": query}).json()
    assert cases["total"] == 1 and cases["cases"][0]["members"][0]["document_id"] == ar_docket.arabic_id


def test_search_keeps_different_words_apart(client: TestClient, ar_docket: ArabicDocket) -> None:
    for query in ("سراقة", "الهبيطة", "حلب"):
        assert _incident_docs(client, q=query) == set(), query
    assert _incident_docs(client, q="Kafr Nabl") == set(ar_docket.english_ids)
    assert _incident_docs(client, q="Idlib") == set(ar_docket.english_ids)  # no transliteration across scripts


def test_language_filter_on_api_pages_and_downloads(client: TestClient, ar_docket: ArabicDocket) -> None:
    assert _incident_docs(client, language="ar") == {ar_docket.arabic_id}
    assert _incident_docs(client, language="en") == set(ar_docket.english_ids)
    assert _incident_docs(client, language=["ar", "en"]) == {ar_docket.arabic_id, *ar_docket.english_ids}
    assert client.get("/api/cases", params={"language": "AR"}).json()["total"] == 1
    overview = client.get("/", params={"language": "ar"}).text
    assert 'id="f-language"' in overview and '<option value="ar" selected>' in overview
    r = client.get("/download/incidents.csv", params={"language": "ar"})
    assert r.status_code == 200 and r.headers["X-Docket-Count"] == "1"
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 1 and rows[0]["location"] == "Saraqab" and rows[0]["admin1"] == "Idlib"  # as for English
    r = client.get("/download/incidents.jsonl", params={"q": "ادلب"})
    lines = [json.loads(x) for x in r.text.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0]["location"]["name"] == "سراقب"
    assert lines[0]["killed"] == {"count": 3, "qualifier": "exact"}


def test_cli_export_filters_by_language_and_arabic_search(ar_docket: ArabicDocket, tmp_path: Path) -> None:
    out = tmp_path / "ar.jsonl"
    res = CliRunner().invoke(cli, ["export", "--db", ar_docket.url, "--level", "incident", "--language", "ar",
                                   "--text", "الادلب", "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["location"]["name"] for r in rows] == ["سراقب"]
    res = CliRunner().invoke(cli, ["export", "--db", ar_docket.url, "--level", "incident", "--language", "fr",
                                   "--out", str(tmp_path / "none.jsonl")])
    assert res.exit_code == 0 and (tmp_path / "none.jsonl").read_text() == ""


def test_migration_0004_folds_the_arabic_reports_already_stored(tmp_path: Path) -> None:
    """A database whose Arabic report was indexed as written (revision 0003, as the downgrade leaves it) finds it
    by folded spellings after the upgrade."""
    from alembic import command
    from alembic.config import Config

    from docket.store.read import count_incidents
    from docket.store.read.filters import Filters

    url = f"sqlite:///{tmp_path / 'm.db'}"
    raw = ARABIC_REPORT.encode("utf-8")
    store = Store.open(url)
    try:
        store.store_extraction(arabic_extraction(raw, "ar.txt"), raw)
        cfg = Config(str(Path(__import__("docket.store", fromlist=["x"]).__file__).parent / "alembic.ini"))
        cfg.set_main_option("script_location", str(Path(cfg.config_file_name).parent / "migrations"))

        def found(q: str) -> int:
            with store.engine.connect() as conn:
                return count_incidents(conn, Filters(text=q))

        assert found("هبيط") == found("ادلب") == 1
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003_document_language")
        with store.engine.connect() as conn:  # as 0003 left it: the text indexed as written, unfound when folded
            assert conn.exec_driver_sql("SELECT text FROM documents_fts").scalar() == ARABIC_REPORT
        assert found("هبيط") == found("ادلب") == 0
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert found("هبيط") == found("ادلب") == found("الهبيط") == 1
    finally:
        store.close()


def test_downgrading_below_the_language_column_keeps_every_incident(tmp_path: Path) -> None:
    """Revision 0003's downgrade drops documents.language in place: a table copy would cascade-delete incidents."""
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'd.db'}"
    raw = ARABIC_REPORT.encode("utf-8")
    store = Store.open(url)
    try:
        store.store_extraction(arabic_extraction(raw, "ar.txt"), raw)
        with store.engine.connect() as conn:
            before = conn.exec_driver_sql("SELECT count(*) FROM incidents").scalar()
        cfg = Config(str(Path(__import__("docket.store", fromlist=["x"]).__file__).parent / "alembic.ini"))
        cfg.set_main_option("script_location", str(Path(cfg.config_file_name).parent / "migrations"))
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002_web")
        with store.engine.connect() as conn:
            cols = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(documents)")]
            assert "language" not in cols
            assert before and conn.exec_driver_sql("SELECT count(*) FROM incidents").scalar() == before
    finally:
        store.close()


def test_case_page_and_overview_mark_arabic_values_right_to_left(client: TestClient) -> None:
    case = client.get("/api/cases", params={"language": "ar"}).json()["cases"][0]
    page = client.get(f"/cases/{case['id']}").text
    # the place as the Arabic report wrote it, and the report's Arabic title, in the side-by-side table
    assert re.search(r'<td><span dir="rtl" lang="ar"><a class="ev-link" href="[^"]+"[^>]*>سراقب</a></span></td>', page)
    assert re.search(r'<a href="/reports/[^"]+" dir="rtl" lang="ar">شبكة الرصد المتخيّلة', page)
    overview = client.get("/", params={"language": "ar"}).text
    assert "<td><span>Saraqab</span>, Idlib</td>" in overview  # a Latin place name gets no direction


def test_the_reviewers_place_search_finds_arabic_names(ar_docket: ArabicDocket) -> None:
    """The place picker of a correction searches the gazetteer by the place key, so an Arabic name written with
    or without hamza or the article finds the town by its Arabic (GeoNames alternate) name."""
    import docket.web  # noqa: F401 (imported first: docket.review alone hits an import cycle through docket.web)
    from docket.review.places import search_places

    for query in ("إدلب", "ادلب", "مدينة إدلب"):
        hits = search_places(ar_docket.home, query, "SY")
        assert hits and hits[0]["name"] == "Idlib" and hits[0]["country"] == "SY", (query, hits[:2])
    assert search_places(ar_docket.home, "Idlib", "SY")[0]["name"] == "Idlib"
