"""Regression tests for the web audit (issue #10): each test failed before its fix.

The docket is the FICTIONAL one of ``test_web.py`` (built by the real `docket run`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web import Docket, build_docket, copy_docket, csrf, sign_in
from typer.testing import CliRunner

from docket.cli import app as cli


@pytest.fixture(scope="module")
def docket(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Iterator[Docket]:
    root = tmp_path_factory.mktemp("webfind")
    seeded_home(root / "home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCKET_HOME", str(root / "home"))
        yield build_docket(root)


@pytest.fixture
def mine(docket: Docket, tmp_path: Path) -> Docket:
    """A private copy for tests that change the docket."""
    return copy_docket(docket, tmp_path / "copy")


def app_client(d: Docket, **kw) -> TestClient:
    from docket.web import create_app

    return TestClient(create_app(d.url, home=d.home, secret="test-secret", **kw))


@pytest.fixture
def client(docket: Docket) -> Iterator[TestClient]:
    with app_client(docket) as c:
        yield c


def _case_without(client: TestClient, outcome: str) -> dict:
    for c in client.get("/api/cases", params={"limit": 1000}).json()["cases"]:
        if not any(x["outcome"] == outcome for x in c["casualties"]):
            return c
    pytest.skip(f"the fictional docket has no case without a {outcome} figure")


# -- finding 1: a correction of a figure the case did not have -------------------------------------------
def test_setting_a_missing_figure_keeps_every_page_up(mine: Docket) -> None:
    with app_client(mine) as client:
        cases = client.get("/api/cases", params={"limit": 1000}).json()["cases"]
        target = next((c for c in cases if not any(x["outcome"] == "injured" for x in c["casualties"])), None)
        assert target is not None, "the fictional docket should hold a case with no injured figure"
        assert sign_in(client) == 303
        page = client.get(f"/cases/{target['id']}").text
        r = client.post("/review/correct", data={
            "entity": "case", "entity_id": target["id"], "field": "casualties.injured.best", "value": "3",
            "reason": "FICTIONAL: hospital list", "csrf_token": csrf(page)}, follow_redirects=True)
        assert r.status_code == 200, r.text[:500]
        for path in ("/", f"/cases/{target['id']}", "/api/cases", f"/api/cases/{target['id']}",
                     "/download/cases.csv", "/api/stats", "/api/map", "/log"):
            assert client.get(path).status_code == 200, path
        row = re.search(r'<tr id="toll-injured"[^>]*>(.*?)</tr>', client.get(f"/cases/{target['id']}").text, re.S)
        assert row and '<td class="best">3</td>' in row.group(1)
        got = client.get(f"/api/cases/{target['id']}").json()
        injured = next(x for x in got["casualties"] if x["outcome"] == "injured")
        assert injured["best"] == 3 and {"low", "high"} <= injured.keys()
        # clearing the value again removes the figure and the pages stay up
        page = client.get(f"/cases/{target['id']}").text
        r = client.post("/review/correct", data={
            "entity": "case", "entity_id": target["id"], "field": "casualties.injured.best", "value": "",
            "reason": "FICTIONAL: withdrawn", "csrf_token": csrf(page)}, follow_redirects=True)
        assert r.status_code == 200
        assert client.get("/").status_code == 200
        got = client.get(f"/api/cases/{target['id']}").json()
        assert not any(x["outcome"] == "injured" and x["best"] is not None for x in got["casualties"])


# -- finding 2: the source filter at incident level ------------------------------------------------------
def test_source_filter_works_at_incident_level(client: TestClient, docket: Docket, tmp_path: Path) -> None:
    r = client.get("/api/incidents", params={"source": "sohr"})
    assert r.status_code == 200, r.text[:300]
    hits = r.json()["incidents"]
    assert hits and all(any(s["name"] == "SOHR" for s in i["sources"]) for i in hits)
    assert r.json()["total"] < client.get("/api/incidents").json()["total"]
    for fmt in ("csv", "jsonl", "geojson"):
        assert client.get(f"/download/incidents.{fmt}", params={"source": "sohr"}).status_code == 200
    res = CliRunner().invoke(cli, ["export", "--level", "incident", "--source", "sohr", "--db", docket.url,
                                   "-o", str(tmp_path / "i.jsonl")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "i.jsonl").read_text().count("\n") == len(hits)
    # the overview's "incidents CSV" link carries the filter and works
    page = client.get("/", params={"source": "sohr"}).text
    link = re.search(r'href="(/download/incidents\.csv\?[^"]*)"', page)
    assert link and "source=sohr" in link.group(1)
    assert client.get(link.group(1).replace("&amp;", "&")).status_code == 200
