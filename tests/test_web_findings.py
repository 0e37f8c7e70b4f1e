"""Regression tests for the web audit (issue #10): each test failed before its fix.

The docket is the FICTIONAL one of ``test_web.py`` (built by the real `docket run`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web import Docket, build_docket, copy_docket, csrf, fresh_docket, sign_in, web_client
from typer.testing import CliRunner

from docket.cli import app as cli


@pytest.fixture(scope="module")
def docket(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Iterator[Docket]:
    yield from fresh_docket(tmp_path_factory, seeded_home, "webfind")


@pytest.fixture
def mine(docket: Docket, tmp_path: Path) -> Docket:
    """A private copy for tests that change the docket."""
    return copy_docket(docket, tmp_path / "copy")




@pytest.fixture
def client(docket: Docket) -> Iterator[TestClient]:
    with web_client(docket) as c:
        yield c


def _case_without(client: TestClient, outcome: str) -> dict:
    for c in client.get("/api/cases", params={"limit": 1000}).json()["cases"]:
        if not any(x["outcome"] == outcome for x in c["casualties"]):
            return c
    pytest.skip(f"the fictional docket has no case without a {outcome} figure")


# -- finding 1: a correction of a figure the case did not have -------------------------------------------
def test_setting_a_missing_figure_keeps_every_page_up(mine: Docket) -> None:
    with web_client(mine) as client:
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
        assert row and re.search(r'<td class="best">3 <span class="mark', row.group(1))
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


# -- a docket with an open upper bound and a case with no figure (FICTIONAL reports) -------------------------
EXTRA: dict[str, str] = {
    "05-open-bound.txt": """FICTIONAL EXAMPLE written for the Docket web tests; the events and figures are made up.

Published: 4 July 2022

At least 30 civilians were killed on Sunday when government artillery shelled the market of Maarat al-Numan in Idlib province, local activists said.
""",
    "06-no-figures.txt": """FICTIONAL EXAMPLE written for the Docket web tests; the events and figures are made up.

Published: 9 July 2022

Government helicopters dropped barrel bombs on the town of Jisr al-Shughur in Idlib province on Friday, rescue workers said. There was no word on casualties.
""",
}


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Iterator[Docket]:
    root = tmp_path_factory.mktemp("webwide")
    seeded_home(root / "home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCKET_HOME", str(root / "home"))
        d = build_docket(root)
        extra = root / "extra"
        extra.mkdir()
        for name, text in EXTRA.items():
            (extra / name).write_text(text, encoding="utf-8")
        res = CliRunner().invoke(cli, ["run", str(extra), "--db", d.url, "-q"])
        assert res.exit_code == 0, res.output
        yield d


def test_stats_agree_and_high_is_never_below_low(wide: Docket) -> None:
    res = CliRunner().invoke(cli, ["stats", "--db", wide.url, "--json", "--by", "month", "--by", "weapon",
                                   "--by", "attack_type", "--by", "governorate"])
    assert res.exit_code == 0, res.output
    import json

    cli_stats = json.loads(res.stdout)
    with web_client(wide) as client:
        api = client.get("/api/stats", params={"by": ["month", "weapon", "attack_type", "governorate"]}).json()
        assert api == cli_stats
        opened = [r for rows in api["by"].values() for r in rows if r["killed_low"] and r["killed_high"] is None]
        assert opened, "the fictional 'at least 30' should leave an open upper bound"
        for rows in api["by"].values():
            for r in rows:
                for o in ("killed", "injured"):
                    lo, best, hi = r[f"{o}_low"], r[f"{o}_best"], r[f"{o}_high"]
                    assert lo is None or best is None or lo <= best, r
                    assert hi is None or lo is None or lo <= hi, r
        # the overview counts and the timeline follow the same rule: an open high is shown open, never below
        page = client.get("/").text
        assert not re.search(r">(\d+)–(\d+)<", page) or all(
            int(a) <= int(b) for a, b in re.findall(r">(\d+)–(\d+)<", page))
        assert re.search(r"<td>\d+ or more</td>", page)
        weeks = client.get("/api/timeline").json()["weeks"]
        assert any(w["killed_open"] for w in weeks)
        assert all(w["killed_low"] <= w["killed_high"] for w in weeks)


def test_unknown_figures_are_not_zero(wide: Docket) -> None:
    with web_client(wide) as client:
        pts = client.get("/api/map").json()["points"]
        quiet = [p for p in pts if "Jisr" in (p["place"] or "")]
        assert quiet, pts
        assert quiet[0]["killed"] is None and quiet[0]["injured"] is None


# -- finding 11: huge numbers, and what a 500 looks like ----------------------------------------------------
FILTERED = ("/", "/api/cases", "/api/incidents", "/api/stats", "/api/map", "/api/timeline", "/download/cases.csv",
            "/download/incidents.jsonl")
PAGED = ("/", "/api/cases", "/api/incidents", "/log", "/api/review-log")


@pytest.mark.parametrize(("params", "paths"), [
    ({"min_killed": "9" * 40}, FILTERED), ({"min_injured": str(2**63)}, FILTERED), ({"offset": str(10**20)}, PAGED),
    ({"limit": "1e3"}, PAGED), ({"min_killed": "-1"}, FILTERED), ({"date_from": "2022-13-01"}, FILTERED),
    ({"status": "<script>"}, FILTERED), ({"at": "1e999,5"}, ("/api/cases",)), ({"q": "x" * 5000}, FILTERED)])
def test_malformed_parameters_are_400_not_500(client: TestClient, params: dict, paths: tuple[str, ...]) -> None:
    for path in paths:
        r = client.get(path, params=params)
        assert r.status_code == 400, (path, params, r.status_code)
        assert "Traceback" not in r.text


def test_a_500_is_a_page_with_the_security_headers(mine: Docket) -> None:
    import sqlite3

    from docket.web import create_app

    con = sqlite3.connect(mine.url.removeprefix("sqlite:///"))
    con.execute("ALTER TABLE cases RENAME TO cases_gone")   # a broken database: the overview can only fail
    con.commit()
    con.close()
    with TestClient(create_app(mine.url, home=mine.home, secret="s", warm=False),
                    raise_server_exceptions=False) as c:
        r = c.get("/")
        assert r.status_code == 500
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert "Traceback" not in r.text and "no such table" not in r.text


# -- issue #11 finding 8: the reading commands -----------------------------------------------------------------
def test_reading_commands_refuse_bad_input_in_one_line(docket: Docket, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = f"sqlite:///{tmp_path / 'nothing.db'}"
    for args in (["export", "--db", missing], ["stats", "--db", missing], ["serve", "--db", missing]):
        res = runner.invoke(cli, args)
        assert res.exit_code == 2 and "no such database" in res.output and "Traceback" not in res.output, args
        assert not (tmp_path / "nothing.db").exists()
    for args, expected in ((["--since", "2022-02-30"], "--since='2022-02-30': expected a date YYYY-MM-DD"),
                           (["--until", "yesterday"], "--until='yesterday': expected a date YYYY-MM-DD"),
                           (["--min-killed", "9" * 30], "--min-killed="),
                           (["--since", "2022-06-01", "--until", "2022-01-01"], "on or after 2022-06-01")):
        for cmd in ("export", "stats"):
            res = runner.invoke(cli, [cmd, "--db", docket.url, *args])
            assert res.exit_code == 2 and expected in res.output and "Traceback" not in res.output, (cmd, res.output)


# -- finding 12: spreadsheet-safe CSV ------------------------------------------------------------------------
def test_csv_cells_that_start_a_formula_are_quoted(mine: Docket, tmp_path: Path) -> None:
    import csv
    import io
    import json

    from docket.export import parse_csv

    feed = tmp_path / "feed"
    feed.mkdir()
    hostile = '=HYPERLINK("http://example.invalid/x","click")'
    (feed / "hostile.jsonl").write_text(json.dumps({
        "url": "https://example.invalid/a", "title": "FICTIONAL feed item", "published": "2022-07-20",
        "publisher": hostile,
        "text": "FICTIONAL EXAMPLE written for the Docket web tests. Government warplanes struck the town of "
                "Binnish on Tuesday, killing three civilians, activists said."}) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCKET_HOME", str(mine.home))
        res = CliRunner().invoke(cli, ["run", str(feed), "--db", mine.url, "-q"])
    assert res.exit_code == 0, res.output
    with web_client(mine) as client:
        for level in ("cases", "incidents"):
            body = client.get(f"/download/{level}.csv").text
            cells = [c for row in csv.reader(io.StringIO(body)) for c in row]
            assert any(hostile in c for c in cells), level
            assert not any(c.startswith(("=", "+", "@")) for c in cells), level
            assert any(c == "'" + hostile or c.startswith("'=HYPERLINK") for c in cells)
            # negative coordinates and numbers stay numbers; parse_csv gives the publisher back unchanged
            rows = parse_csv(body)
            assert any(r["source"] == hostile for r in rows), level


# -- finding 10: downloads are streamed ------------------------------------------------------------------------
def test_downloads_are_streamed_not_built_in_memory(client: TestClient) -> None:
    import json

    for name in ("cases.csv", "cases.jsonl", "cases.geojson", "incidents.csv", "incidents.jsonl"):
        with client.stream("GET", f"/download/{name}") as r:
            assert r.status_code == 200
            assert "content-length" not in r.headers, name   # sent as it is read, not built whole first
            body = "".join(r.iter_text())
        n = int(r.headers["x-docket-count"])
        if name.endswith(".jsonl"):
            assert len(body.splitlines()) == n
        elif name.endswith(".geojson"):
            assert len(json.loads(body)["features"]) == n and "GeoNames" in r.headers["x-docket-attribution"]
        else:
            assert len(body.splitlines()) == n + 1


# -- finding 6: a place correction moves the point ------------------------------------------------------------
def test_place_correction_by_gazetteer_pick_and_by_coordinates(mine: Docket) -> None:
    with web_client(mine) as client:
        case = next(c for c in client.get("/api/cases", params={"limit": 1000}).json()["cases"]
                    if c["location"] and c["location"].get("lat") is not None
                    and "Saraqib" not in (c["location"].get("canonical") or c["location"]["name"]))
        old = case["location"]
        assert sign_in(client) == 303
        page = client.get(f"/cases/{case['id']}", params={"place_q": "Saraqib"}).text
        picks = re.findall(r'name="gazetteer_id" value="([^"]+)"', page)
        assert picks, "the gazetteer search found no Saraqib"
        r = client.post("/review/place", data={"entity": "case", "entity_id": case["id"], "gazetteer_id": picks[0],
                                               "reason": "FICTIONAL: the report means Saraqib",
                                               "csrf_token": csrf(page)}, follow_redirects=True)
        assert "Saved: the place is now Saraqib" in r.text
        loc = client.get(f"/api/cases/{case['id']}").json()["location"]
        assert loc["gazetteer_id"] == picks[0] and loc["canonical"] == "Saraqib"
        assert (loc["lat"], loc["lon"]) != (old["lat"], old["lon"]) and loc["admin1"] == "Idlib"
        pts = client.get("/api/map").json()["points"]
        assert any(abs(p["lat"] - loc["lat"]) < 1e-6 and abs(p["lon"] - loc["lon"]) < 1e-6 for p in pts)
        # coordinates typed by hand; bad ones are refused in one line
        r = client.post("/review/place", data={"entity": "case", "entity_id": case["id"], "name": "FICTIONAL farm",
                                               "lat": "95", "lon": "36.6", "reason": "x", "csrf_token": csrf(r.text)},
                        follow_redirects=True)
        assert "Not saved: coordinates 95, 36.6: latitude is -90..90" in r.text
        r = client.post("/review/place", data={"entity": "case", "entity_id": case["id"], "name": "FICTIONAL farm",
                                               "lat": "35.81", "lon": "36.62", "reason": "FICTIONAL: survey",
                                               "csrf_token": csrf(r.text)}, follow_redirects=True)
        loc = client.get(f"/api/cases/{case['id']}").json()["location"]
        assert (loc["lat"], loc["lon"], loc["name"], loc["gazetteer_id"]) == (35.81, 36.62, "FICTIONAL farm", None)
        assert client.get("/").status_code == 200


# -- the review workflow: per-value confirm and dispute, corrections marked with the original, the queue --------
def test_confirm_dispute_values_and_the_queue(mine: Docket) -> None:
    with web_client(mine) as client:
        assert sign_in(client) == 303
        queue = client.get("/queue")
        assert queue.status_code == 200
        ids = re.findall(r'<tr class="queue-row" data-href="/cases/([^"]+)"', queue.text)
        cases = {c["id"]: c for c in client.get("/api/cases", params={"limit": 1000}).json()["cases"]}
        assert ids and set(ids) == {i for i, c in cases.items() if c["review_status"] == "unreviewed"}

        def killed(cid: str) -> int:
            k = next((x for x in cases[cid]["casualties"] if x["outcome"] == "killed"), None)
            return -1 if k is None or k["best"] is None else k["best"]

        assert [killed(i) for i in ids] == sorted((killed(i) for i in ids), reverse=True)   # most killed first
        first = ids[0]
        page = client.get(f"/cases/{first}").text
        r = client.post("/review/value", data={"entity": "case", "entity_id": first, "field": "date.start",
                                               "verdict": "dispute", "reason": "", "csrf_token": csrf(page)},
                        follow_redirects=True)
        assert "Not saved: say why" in r.text
        r = client.post("/review/value", data={"entity": "case", "entity_id": first, "field": "weapons",
                                               "verdict": "confirm", "reason": "", "csrf_token": csrf(r.text)},
                        follow_redirects=True)
        assert "Confirmed: Weapons." in r.text and 'class="mark m-confirm"' in r.text
        r = client.post("/review/value", data={"entity": "case", "entity_id": first, "field": "date.start",
                                               "verdict": "dispute", "reason": "FICTIONAL: the report is dated later",
                                               "csrf_token": csrf(r.text)}, follow_redirects=True)
        assert 'class="mark m-dispute"' in r.text
        log = client.get("/api/review-log").json()["entries"]
        assert {(e["action"], e["field"]) for e in log} >= {("confirm", "weapons"), ("dispute", "date.start")}
        # a corrected figure is marked as corrected on the page, with the original value kept
        k = next((x for x in cases[first]["casualties"] if x["outcome"] == "killed"), None)
        high = (k["high"] or k["best"] or 0) + 5 if k else 5
        r = client.post("/review/correct", data={"entity": "case", "entity_id": first,
                                                 "field": "casualties.killed.high", "value": str(high),
                                                 "reason": "FICTIONAL: hospital list", "csrf_token": csrf(r.text)},
                        follow_redirects=True)
        cell = re.search(r'<td class="high">(.*?)</td>', r.text, re.S)
        assert cell and "corrected" in cell.group(1) and "was " in cell.group(1)
        # the corrected case leaves the queue only when no value is disputed: this one has a dispute
        assert first in client.get("/queue").text
        # viewers and signed-out users cannot mark values
    with web_client(mine) as anon:
        token = csrf(anon.get("/login").text)
        r = anon.post("/review/value", data={"entity": "case", "entity_id": first, "field": "weapons",
                                             "verdict": "confirm", "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 403


# -- finding 16: polish ---------------------------------------------------------------------------------------------
def test_head_requests_and_readable_values(client: TestClient) -> None:
    for path in ("/", "/log", "/login", "/docs"):
        r = client.head(path)
        assert r.status_code == 200 and r.text == "", path
    cases = client.get("/api/cases", params={"limit": 1000}).json()["cases"]
    for c in cases:
        page = client.get(f"/cases/{c['id']}").text
        assert not re.search(r"\((at_least|more_than|up_to|about|exact)\)", page), c["id"]
        instruments = re.findall(r'<div class="legal">\s*<p><strong>([^<]+)</strong>', page)
        assert len(instruments) == len(set(instruments)), f"legal references repeated: {instruments}"


def test_filter_form_takes_several_values(client: TestClient) -> None:
    page = client.get("/", params={"weapon": ["barrel_bomb", "cluster_munition"]}).text
    sel = re.search(r'<select id="f-weapon" name="weapon" multiple[^>]*>(.*?)</select>', page, re.S)
    assert sel and '<option value="barrel_bomb" selected>' in sel.group(1)
    assert "weapon=barrel_bomb&amp;weapon=cluster_munition" in page


def test_web_package_reads_only_through_the_read_layer() -> None:
    """`web/` holds no SQL and imports no table: every query is in docket.store.read."""
    import ast
    from importlib import resources

    root = Path(str(resources.files("docket.web")))
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module != "docket.store.schema", f"{path.name} imports the tables"
                assert node.module != "docket.store" or all(a.name != "schema" for a in node.names), path.name
                if node.module.startswith("sqlalchemy"):
                    assert {a.name for a in node.names} <= {"Connection"}, f"{path.name} builds SQL"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in ("execute", "exec_driver_sql"), f"{path.name} runs SQL"


def test_huge_and_malformed_review_values_are_refused_not_500(mine: Docket) -> None:
    with web_client(mine) as client:
        case_id = client.get("/api/cases").json()["cases"][0]["id"]
        assert sign_in(client) == 303
        page = client.get(f"/cases/{case_id}").text
        for field, value, expected in (("casualties.killed.high", "9" * 30, "more than a database count can hold"),
                                       ("casualties.killed.high", "9" * 5000, "is not a whole number"),
                                       ("date.start", "2022-02-30", "is not a date"),
                                       ("weapons", "<script>", "not in the vocabulary")):
            r = client.post("/review/correct", data={"entity": "case", "entity_id": case_id, "field": field,
                                                     "value": value, "reason": "FICTIONAL", "csrf_token": csrf(page)},
                            follow_redirects=True)
            assert r.status_code == 200 and expected in r.text, (field, value[:20])
            assert "<script>" not in r.text.split("<main", 1)[1]
        r = client.post("/review/correct", data={"entity": "case", "entity_id": case_id, "field": "no.such",
                                                 "value": "1", "reason": "x", "csrf_token": csrf(page)})
        assert r.status_code == 400
        r = client.post("/review/place", data={"entity": "case", "entity_id": case_id, "gazetteer_id": "x" * 500,
                                               "reason": "x", "csrf_token": csrf(page)}, follow_redirects=True)
        assert r.status_code == 200 and "Not saved: no gazetteer entry" in r.text


def test_exports_carry_corrections_with_the_original(mine: Docket, tmp_path: Path) -> None:
    import json

    with web_client(mine) as client:
        case = client.get("/api/cases").json()["cases"][0]
        assert sign_in(client) == 303
        page = client.get(f"/cases/{case['id']}").text
        r = client.post("/review/correct", data={"entity": "case", "entity_id": case["id"], "field": "weapons",
                                                 "value": "cluster_munition", "reason": "FICTIONAL: photographs",
                                                 "csrf_token": csrf(page)}, follow_redirects=True)
        assert "Saved" in r.text
        lines = [json.loads(x) for x in client.get("/download/cases.jsonl").text.splitlines()]
    got = next(x for x in lines if x["id"] == case["id"])
    assert got["weapons"] == ["cluster_munition"]
    assert got["corrections"]["weapons"]["original"] == case["weapons"]
    assert got["corrections"]["weapons"]["by"] == "reviewer"
    res = CliRunner().invoke(cli, ["export", "--db", mine.url, "-o", str(tmp_path / "c.jsonl")])
    assert res.exit_code == 0
    cli_got = next(json.loads(x) for x in (tmp_path / "c.jsonl").read_text().splitlines()
                   if json.loads(x)["id"] == case["id"])
    assert cli_got["corrections"] == got["corrections"]


def test_csv_and_geojson_carry_corrections_with_the_original(mine: Docket, tmp_path: Path) -> None:
    """A value corrected through the store shows corrected in CSV and GeoJSON, with the original beside it."""
    import json

    from docket.export import COLUMN_NAMES, parse_csv
    from docket.store import Store
    from docket.store.read import iter_cases, iter_incidents

    with Store.open(mine.url) as store:
        with store.engine.connect() as conn:
            cases = list(iter_cases(conn))
            incidents = list(iter_incidents(conn))
        case = next(c for c in cases if any(x["outcome"] == "killed" and x["high"] is not None
                                            for x in c["casualties"]))
        old_high = next(x for x in case["casualties"] if x["outcome"] == "killed")["high"]
        store.correct("case", case["id"], "casualties.killed.high", old_high + 50, "reviewer", "FICTIONAL: list")
        store.correct("case", case["id"], "weapons", ["cluster_munition"], "reviewer", "FICTIONAL: photographs")
        inc = next(i for i in incidents if (i.get("killed") or {}).get("count") is not None)
        old_count = inc["killed"]["count"]
        store.correct("incident", inc["id"], "killed.count", old_count + 1, "reviewer", "FICTIONAL: names")
    assert COLUMN_NAMES[-2:] == ("corrected", "originals")
    want = {"casualties.killed.high": old_high, "weapons": case["weapons"]}

    def check_case(row: dict) -> None:
        assert row["fatalities_high"] == old_high + 50 and row["weapons"] == "cluster_munition"
        assert row["corrected"] == "casualties.killed.high; weapons" and row["originals"] == want

    with web_client(mine) as client:
        csv_text = client.get("/download/cases.csv").text
        rows = {r["event_id"]: r for r in parse_csv(csv_text)}
        gj = json.loads(client.get("/download/cases.geojson").text)
        feats = {f["id"]: f["properties"] for f in gj["features"]}
        inc_rows = {r["event_id"]: r for r in parse_csv(client.get("/download/incidents.csv").text)}
        inc_feats = {f["id"]: f["properties"]
                     for f in json.loads(client.get("/download/incidents.geojson").text)["features"]}
    check_case(rows[case["id"]])
    check_case(feats[case["id"]])
    assert rows == feats    # the same values, parsed back from both files
    # the raw CSV cell is compact JSON a spreadsheet shows as text
    assert json.dumps(want, sort_keys=True, separators=(",", ":")).replace('"', '""') in csv_text
    assert all(r["corrected"] is None and r["originals"] is None for i, r in rows.items() if i != case["id"])
    for got in (inc_rows[inc["id"]], inc_feats[inc["id"]]):
        assert got["corrected"] == "killed.count" and got["originals"] == {"killed.count": old_count}
    # the CLI writes the same
    res = CliRunner().invoke(cli, ["export", "--db", mine.url, "--format", "csv", "-o", str(tmp_path / "c.csv")])
    assert res.exit_code == 0, res.output
    check_case(next(r for r in parse_csv((tmp_path / "c.csv").read_text(encoding="utf-8"))
                    if r["event_id"] == case["id"]))
