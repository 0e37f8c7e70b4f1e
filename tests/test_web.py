"""The web app over a real SQLite docket filled by the real `docket run`: pages, filters, downloads, API,
evidence highlighting, escaping of hostile report text, security headers, sign-in, CSRF and review."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from docket.cli import app as cli
from docket.export import parse_csv

# ---------------------------------------------------------------------------------------------------------
# FICTIONAL reports written for these tests: the events, figures and organisations are made up.
REPORTS: dict[str, str] = {
    "01-kafr-nabl-ngo.txt": """FICTIONAL EXAMPLE written for the Docket web tests; the events, figures and organisations are made up.

Published: 6 June 2022

Barrel bombs kill civilians in Kafr Nabl

At least eight civilians, including three children, were killed and 20 others injured on Sunday when regime helicopters dropped barrel bombs on residential neighbourhoods of Kafr Nabl in southern rural Idlib, the Fictional Rights Observatory said.
""",
    "02-kafranbel-news.md": """FICTIONAL EXAMPLE written for the Docket web tests; the events, figures and organisations are made up.

Published: 7 June 2022

# Eleven dead in Kafranbel barrel bomb attack

Eleven people were killed and 25 injured on Sunday when Syrian government helicopters dropped barrel bombs on homes in the town of Kafranbel in Idlib province, local rescue workers told the Imaginary News Agency.
""",
    # hostile text: each payload would set window.__pwned or the title if it ever ran
    "03-xss-payloads.txt": """FICTIONAL EXAMPLE written for the Docket web tests; it carries script-injection payloads on purpose.

Published: 12 June 2022

<script>window.__pwned = 1; document.title = "PWNED";</script> Shelling on Ariha <img src=x onerror="window.__pwned=2;document.title='PWNED'"> killed four civilians on Friday, said activists of the <a href="javascript:window.__pwned=3">Fictional Monitor</a>.
""",
    "04-feed.jsonl": json.dumps({
        "url": "javascript:window.__pwned=4", "title": "<script>window.__pwned=5</script>FICTIONAL feed item",
        "published": "2022-06-20",
        "text": "FICTIONAL EXAMPLE written for the Docket web tests. Russian warplanes struck the town of Saraqib "
                "on Monday, killing five civilians and injuring 12, activists said."}) + "\n",
}
PASSWORD = "correct horse battery"


@dataclass
class Docket:
    url: str
    home: Path
    reports: Path


def build_docket(root: Path) -> Docket:
    """Write the fictional reports, run the real `docket run` on them and add a reviewer account."""
    reports = root / "reports"
    reports.mkdir(parents=True)
    for name, text in REPORTS.items():
        (reports / name).write_text(text, encoding="utf-8")
    url = f"sqlite:///{root / 'docket.db'}"
    runner = CliRunner()
    res = runner.invoke(cli, ["run", str(reports), "--db", url, "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["user", "add", "reviewer", "--db", url, "--password-stdin"], input=PASSWORD + "\n")
    assert res.exit_code == 0, res.output
    return Docket(url, root / "home", reports)


def fresh_docket(tmp_path_factory: pytest.TempPathFactory, seeded_home, name: str,
                 build: Callable[[Path], Any] | None = None) -> Iterator[Any]:
    """A module's own test docket (for module-scoped fixtures): built (by ``build``, default
    :func:`build_docket`), with DOCKET_HOME set while it is used."""
    root = tmp_path_factory.mktemp(name)
    seeded_home(root / "home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCKET_HOME", str(root / "home"))
        yield (build or build_docket)(root)


@pytest.fixture(scope="module")
def docket(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Iterator[Docket]:
    yield from fresh_docket(tmp_path_factory, seeded_home, "web")


@pytest.fixture
def client(docket: Docket) -> Iterator[TestClient]:
    with web_client(docket) as c:
        yield c


def csrf(page_html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def sign_in(client: TestClient, password: str = PASSWORD) -> int:
    token = csrf(client.get("/login").text)
    r = client.post("/login", data={"username": "reviewer", "password": password, "csrf_token": token},
                    follow_redirects=False)
    return r.status_code


def two_report_case(client: TestClient) -> dict:
    cases = client.get("/api/cases", params={"weapon": "barrel_bomb"}).json()["cases"]
    multi = [c for c in cases if c["n_documents"] == 2]
    assert multi, f"the two fictional Kafranbel reports were not linked: {cases}"
    return multi[0]


# -- overview, filters, downloads, API --------------------------------------------------------------------
def test_overview_lists_cases_counts_and_timeline(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    total = int(re.search(r'<strong id="total">(\d+)</strong>', r.text).group(1))
    assert total == client.get("/api/cases").json()["total"] >= 3
    assert 'id="counts-weapon"' in r.text and "barrel bomb" in r.text
    assert "<svg class=\"timeline\"" in r.text and "week of 2022-05-30" in r.text  # Sunday 5 June 2022
    assert 'src="/static/leaflet/leaflet.js"' in r.text and 'src="/static/map.js"' in r.text
    assert client.get("/static/leaflet/leaflet.js").status_code == 200


def test_weapon_filter_is_shared_by_page_api_and_downloads(client: TestClient) -> None:
    all_total = client.get("/api/cases").json()["total"]
    api = client.get("/api/cases", params={"weapon": "barrel_bomb"}).json()
    assert 0 < api["total"] < all_total
    assert all("barrel_bomb" in c["weapons"] for c in api["cases"])
    page = client.get("/", params={"weapon": "barrel_bomb"}).text
    assert f'<strong id="total">{api["total"]}</strong>' in page
    assert "/download/cases.csv?weapon=barrel_bomb" in page
    rows = parse_csv(client.get("/download/cases.csv", params={"weapon": "barrel_bomb"}).text)
    assert {r["case_id"] for r in rows} == {c["id"] for c in api["cases"]}
    gj = client.get("/download/cases.geojson", params={"weapon": "barrel_bomb"})
    assert gj.headers["content-type"].startswith("application/geo+json")
    feats = json.loads(gj.text)["features"]
    assert {f["id"] for f in feats} == {c["id"] for c in api["cases"]}
    assert any("GeoNames" in line for line in json.loads(gj.text)["attribution"])
    # the map and the timeline follow the filter too
    n_map = sum(p["n"] for p in client.get("/api/map", params={"weapon": "barrel_bomb"}).json()["points"])
    placed = [c for c in api["cases"] if c["location"] and c["location"].get("lat") is not None]
    assert placed and n_map == len(placed)
    tl = client.get("/api/timeline", params={"weapon": "barrel_bomb"}).json()
    assert sum(w["cases"] for w in tl["weeks"]) + tl["undated"] == api["total"]


def test_text_search_and_bad_parameters(client: TestClient) -> None:
    hits = client.get("/api/cases", params={"q": "Imaginary News Agency"}).json()
    assert hits["total"] >= 1
    for c in hits["cases"]:  # every hit has a report whose text or title holds the words
        texts = [client.get(f"/api/reports/{m['document_id']}").json() for m in c["members"]]
        assert any("Imaginary News Agency" in (t["text"] + (t["title"] or "")) for t in texts)
    assert client.get("/api/cases", params={"q": "nonexistentwordzz"}).json()["total"] == 0
    r = client.get("/api/cases", params={"date_from": "June 5"})
    assert r.status_code == 400 and r.json()["detail"] == "query parameter date_from='June 5': expected a date YYYY-MM-DD"
    r = client.get("/", params={"min_killed": "many"})
    assert r.status_code == 400 and "min_killed" in r.text and "Traceback" not in r.text
    assert client.get("/download/cases.xlsx").status_code == 404
    assert client.get("/cases/c-000000000000").status_code == 404


def test_stats_and_incidents_api(client: TestClient) -> None:
    s = client.get("/api/stats", params={"by": ["weapon", "month"], "weapon": "barrel_bomb"}).json()
    assert s["by"]["weapon"][0]["key"] == "barrel_bomb" and s["by"]["weapon"][0]["cases"] == s["cases"]
    inc = client.get("/api/incidents", params={"weapon": "barrel_bomb"}).json()
    assert inc["total"] >= 2 and all(i["case_id"] for i in inc["incidents"])
    assert client.get("/api/stats", params={"by": "colour"}).status_code == 400


def test_docs_page_works_offline(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200 and "/api/cases" in r.text and "weapon" in r.text
    assert not re.search(r'(src|href)="https?://', r.text)
    spec = client.get("/openapi.json").json()
    assert "/api/cases" in spec["paths"] and "/download/{name}" in spec["paths"]


# -- case and report pages ---------------------------------------------------------------------------------
def test_case_page_side_by_side_with_conflicts_and_evidence(client: TestClient) -> None:
    case = two_report_case(client)
    r = client.get(f"/cases/{case['id']}")
    assert r.status_code == 200
    page = r.text
    killed = next(x for x in case["casualties"] if x["outcome"] == "killed")
    row = re.search(r'<tr id="toll-killed"( class="conflict")?>(.*?)</tr>', page, re.S)
    assert row and row.group(1), "the differing killed figures are not highlighted"
    assert f'<td class="best">{killed["best"]}</td>' in row.group(2)
    assert '<strong id="n-sources">2</strong>' in page
    assert "Report 1" in page and "Report 2" in page
    # every member's killed figure links to its evidence; the span there contains the figure's words
    links = re.findall(r'<td class="killed"><a class="ev-link" href="([^"]+)"', page)
    assert len(links) == 2
    texts = []
    for link in links:
        target = html.unescape(link)
        rep = client.get(target.split("#")[0])
        assert rep.status_code == 200
        key = target.split("#")[1]
        assert f'id="{key}"' in rep.text
        focus = re.search(r'<mark class="ev f-casualties[^"]*focus[^"]*"[^>]*>([^<]*)</mark>', rep.text)
        assert focus, f"no highlighted evidence for {target}"
        texts.append(focus.group(1).lower())
    assert any("eight" in t for t in texts) and any("eleven" in t for t in texts)


def test_report_page_highlights_every_span_and_shows_hash(client: TestClient) -> None:
    case = two_report_case(client)
    doc_id = case["members"][0]["document_id"]
    rep = client.get(f"/api/reports/{doc_id}").json()
    page = client.get(f"/reports/{doc_id}").text
    n_spans = sum(len(i["evidence"]) for i in rep["incidents"])
    assert page.count('<span class="anchor" id="ev-') == n_spans > 0
    assert doc_id.split(":", 1)[1] in page  # the SHA-256 of the bytes
    orig = client.get(f"/reports/{doc_id}/original")
    assert orig.status_code == 200 and orig.headers["content-type"] == "application/octet-stream"
    assert "attachment" in orig.headers["content-disposition"]
    import hashlib

    assert "sha256:" + hashlib.sha256(orig.content).hexdigest() == doc_id


# -- hostile input and headers -----------------------------------------------------------------------------
def test_hostile_report_text_is_escaped_everywhere(client: TestClient) -> None:
    inc = client.get("/api/incidents", params={"q": "Fictional Monitor"}).json()["incidents"]
    assert inc, "the hostile fictional report produced no incident"
    doc_id = inc[0]["document_id"]
    page = client.get(f"/reports/{doc_id}").text
    assert "<script>window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page
    assert 'href="javascript:' not in page.lower()
    feed = client.get("/api/incidents", params={"q": "warplanes Saraqib"}).json()["incidents"]
    feed_page = client.get(f"/reports/{feed[0]['document_id']}").text
    assert 'href="javascript:' not in feed_page.lower() and "javascript:window.__pwned=4" in feed_page
    assert "<script>window.__pwned=5" not in feed_page
    for path in ("/", f"/cases/{inc[0]['case_id']}", "/log", "/api/cases"):
        body = client.get(path).text
        assert "<script>window.__pwned" not in body and 'href="javascript:' not in body.lower()


@pytest.mark.parametrize("path", ["/", "/login", "/docs", "/api/cases", "/static/docket.css", "/nope"])
def test_security_headers(client: TestClient, path: str) -> None:
    h = client.get(path).headers
    csp = h["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert h["x-content-type-options"] == "nosniff"
    assert h["x-frame-options"] == "DENY"
    assert h["referrer-policy"]


def test_pages_have_no_inline_script_or_external_resources(client: TestClient) -> None:
    case = two_report_case(client)
    for path in ("/", f"/cases/{case['id']}", f"/reports/{case['members'][0]['document_id']}", "/login", "/docs"):
        body = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)[^>]*>", body), path
        assert not re.search(r"\son[a-z]+=", body.split("<main", 1)[1]), path
        assert not re.search(r'(src|href)="(https?:)?//', body), path


# -- sign-in, CSRF, review ---------------------------------------------------------------------------------
def test_read_only_without_sign_in_and_csrf_required(client: TestClient) -> None:
    case = two_report_case(client)
    page = client.get(f"/cases/{case['id']}").text
    assert 'action="/review/correct"' not in page and "Sign in" in page
    token = csrf(client.get("/login").text)
    r = client.post("/review/correct", data={"entity": "case", "entity_id": case["id"], "field": "casualties.killed.best",
                                             "value": "1", "reason": "x", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 403
    assert sign_in(client, "wrong password!") == 401
    assert sign_in(client) == 303
    r = client.post("/review/correct", data={"entity": "case", "entity_id": case["id"], "field": "casualties.killed.best",
                                             "value": "1", "reason": "x", "csrf_token": "forged"}, follow_redirects=False)
    assert r.status_code == 403
    assert client.get(f"/api/cases/{case['id']}").json()["review_log"] == [] or all(
        e["reason"] != "x" for e in client.get(f"/api/cases/{case['id']}").json()["review_log"])


def copy_docket(docket: Docket, dest: Path) -> Docket:
    """A copy of the test docket (database and archive), for tests that change it for good."""
    src = Path(docket.url.removeprefix("sqlite:///"))
    dest.mkdir()
    shutil.copy(src, dest / "docket.db")
    shutil.copytree(src.with_name("docket-archive"), dest / "docket-archive")
    return Docket(f"sqlite:///{dest / 'docket.db'}", docket.home, docket.reports)


def web_client(d: Docket, **kw: object) -> TestClient:
    """A test client on the test docket's app (keyword options go to ``create_app``)."""
    from docket.web import create_app

    return TestClient(create_app(d.url, home=d.home, secret="test-secret", **kw))


def test_correct_a_toll_is_logged_and_survives_a_rerun(docket: Docket, tmp_path: Path) -> None:
    from docket.web import create_app

    mine = copy_docket(docket, tmp_path / "copy")
    with TestClient(create_app(mine.url, home=mine.home, secret="test-secret")) as client:
        case = two_report_case(client)
        before = next(x for x in case["casualties"] if x["outcome"] == "killed")["best"]
        assert sign_in(client) == 303
        page = client.get(f"/cases/{case['id']}").text
        assert 'action="/review/correct"' in page
        # best stays within low..high (issue #10, finding 13): a best above the high is refused in one line
        r = client.post("/review/correct", data={
            "entity": "case", "entity_id": case["id"], "field": "casualties.killed.best", "value": "25",
            "reason": "FICTIONAL: hospital list checked", "csrf_token": csrf(page)}, follow_redirects=True)
        assert "Not saved: killed best 25: the best (25) would be above the high (11)" in r.text
        r = client.post("/review/correct", data={
            "entity": "case", "entity_id": case["id"], "field": "casualties.killed.high", "value": "20",
            "reason": "FICTIONAL: hospital list checked", "csrf_token": csrf(r.text)}, follow_redirects=True)
        r = client.post("/review/correct", data={
            "entity": "case", "entity_id": case["id"], "field": "casualties.killed.best", "value": "15",
            "reason": "FICTIONAL: hospital list checked", "csrf_token": csrf(r.text)}, follow_redirects=True)
        assert r.status_code == 200
        assert re.search(r'<td class="best">15 <span class="mark[^"]*m-corrected', r.text) and "corrected" in r.text
        entry = re.search(r'<tr class="log-entry">(.*?)</tr>', r.text, re.S).group(1)
        assert "reviewer" in entry and "casualties.killed.best" in entry and "FICTIONAL: hospital list checked" in entry
        assert f'<td class="before">{before}</td>' in entry and '<td class="after">15</td>' in entry
        # a bad value is refused with one line, nothing stored
        r = client.post("/review/correct", data={
            "entity": "case", "entity_id": case["id"], "field": "casualties.killed.best", "value": "ten",
            "reason": "typo", "csrf_token": csrf(r.text)}, follow_redirects=True)
        assert "Not saved: Killed (best): &#39;ten&#39; is not a whole number" in r.text
        # an incident-level correction recomputes the case
        iid = case["members"][0]["incident_id"]
        r = client.post("/review/correct", data={
            "entity": "incident", "entity_id": iid, "field": "injured", "value": "30",
            "reason": "FICTIONAL: second list", "csrf_token": csrf(r.text)}, follow_redirects=True)
        assert "Saved: Injured (total) = 30" in r.text
        member = next(m for m in client.get(f"/api/cases/{case['id']}").json()["members"] if m["incident_id"] == iid)
        assert member["injured"]["count"] == 30
        # re-running `docket run`, plain and re-extracting everything, keeps the corrections
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("DOCKET_HOME", str(mine.home))
            for extra in ([], ["--reprocess"]):
                res = CliRunner().invoke(cli, ["run", str(mine.reports), "--db", mine.url, "-q", *extra])
                assert res.exit_code == 0, res.output
        again = client.get(f"/api/cases/{case['id']}").json()
        assert next(x for x in again["casualties"] if x["outcome"] == "killed")["best"] == 15
        assert again["review_status"] == "corrected"
        inc = client.get("/api/incidents", params={"status": "corrected"}).json()["incidents"]
        assert any(i["injured"] == {"count": 30, "qualifier": "exact"} for i in inc)


def test_confirm_move_and_split(client: TestClient) -> None:
    assert sign_in(client) == 303
    cases = client.get("/api/cases").json()["cases"]
    single = next(c for c in cases if c["n_documents"] == 1)
    page = client.get(f"/cases/{single['id']}").text
    r = client.post("/review/status", data={"entity": "case", "entity_id": single["id"], "status": "confirmed",
                                            "reason": "", "csrf_token": csrf(page)}, follow_redirects=True)
    assert 'id="case-status">confirmed' in r.text
    assert client.get("/api/cases", params={"status": "confirmed"}).json()["total"] >= 1
    # rejecting needs a reason
    r = client.post("/review/status", data={"entity": "case", "entity_id": single["id"], "status": "rejected",
                                            "reason": "", "csrf_token": csrf(page)}, follow_redirects=True)
    assert "Not saved: say why" in r.text
    # split the two-report case: one report's incident goes to a new case
    case = two_report_case(client)
    iid = case["members"][1]["incident_id"]
    page = client.get(f"/cases/{case['id']}").text
    r = client.post("/review/split", data={"case_id": case["id"], "incident_id": [iid],
                                           "reason": "FICTIONAL: different raid", "csrf_token": csrf(page)},
                    follow_redirects=True)
    assert r.status_code == 200 and "Split 1 incident" in r.text
    new_id = unquote(str(r.url).rsplit("/", 1)[1])
    assert new_id != case["id"]
    assert client.get(f"/api/cases/{new_id}").json()["members"][0]["incident_id"] == iid
    log = client.get("/api/review-log").json()["entries"]
    assert any(e["action"] == "split" and e["entity_id"] == case["id"] for e in log)
    # move it back into the first case
    r = client.post("/review/move", data={"incident_id": iid, "case_id": case["id"], "reason": "FICTIONAL: same raid",
                                          "csrf_token": csrf(r.text)}, follow_redirects=True)
    assert "Moved the incident" in r.text
    assert client.get(f"/api/cases/{case['id']}").json()["n_documents"] == 2
    assert client.get(f"/api/cases/{new_id}").status_code in (200, 404)


def test_sign_out(client: TestClient) -> None:
    assert sign_in(client) == 303
    page = client.get("/").text
    assert "Signed in as <strong>reviewer</strong>" in page
    r = client.post("/logout", data={"csrf_token": csrf(page)}, follow_redirects=True)
    assert "Read-only" in r.text


# -- commands and outlines ---------------------------------------------------------------------------------
def test_user_add_errors_are_one_line(docket: Docket) -> None:
    runner = CliRunner()
    for args, stdin, expected in (
        (["user", "add", "reviewer"], PASSWORD, "user 'reviewer' already exists"),
        (["user", "add", "other"], "short", "password too short"),
        (["user", "add", "two words"], PASSWORD, "use 1–100 printable characters without spaces"),
    ):
        res = runner.invoke(cli, [*args, "--db", docket.url, "--password-stdin"], input=stdin + "\n")
        assert res.exit_code == 2, res.output
        assert expected in res.output and "Traceback" not in res.output


def test_serve_rejects_bad_outlines_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "b.geojson"
    bad.write_text("{not json", encoding="utf-8")
    res = CliRunner().invoke(cli, ["serve", "--outlines", str(bad), "--db", f"sqlite:///{tmp_path}/x.db"])
    assert res.exit_code == 2 and "not JSON" in res.output and "Traceback" not in res.output


def test_outlines_are_served_when_given(docket: Docket, tmp_path: Path) -> None:
    from docket.web import create_app

    outline = tmp_path / "outline.geojson"  # a FICTIONAL square, not real boundary data
    outline.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 36], [36, 35]]]}}]}))
    with TestClient(create_app(docket.url, home=docket.home, secret="s", outlines=outline)) as c:
        assert c.get("/api/outlines").json()["features"][0]["geometry"]["type"] == "Polygon"
        assert 'data-outlines="yes"' in c.get("/").text
    with TestClient(create_app(docket.url, home=docket.home, secret="s")) as c:
        assert c.get("/api/outlines").status_code == 404


def test_docket_home_secret_is_private(docket: Docket, tmp_path: Path) -> None:
    from docket.web.auth import secret_key

    home = tmp_path / "h"
    home.mkdir()
    key = secret_key(home)
    assert key == secret_key(home) and len(key) >= 40
    assert (home / "web-secret").stat().st_mode & 0o077 == 0
    shutil.rmtree(home)
