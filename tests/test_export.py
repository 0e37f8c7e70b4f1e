"""`docket export` and `docket stats`: formats, round trips, filters, attribution."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docket.cli import app
from docket.export import COLUMN_NAMES, parse_csv
from docket.link.evaluation import gold_extractions
from docket.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
pytestmark = pytest.mark.skipif(not (SHARED / "gold" / "dev").is_dir(), reason="../shared dev gold not present")

SPEC_CASE_KEYS = {"id", "date", "location", "actors", "attack_types", "weapons", "targets", "casualties",
                  "n_documents", "n_independent_sources", "single_source", "members"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("export") / "docket.db"
    url = f"sqlite:///{path}"
    with Store.open(url) as store:
        for ex, raw in gold_extractions(SHARED):
            for n, i in enumerate(ex.incidents):  # made-up coordinates for some, to exercise GeoJSON geometry
                if i.location and n % 2 == 0:
                    h = int(hashlib.sha256(i.location.name.encode()).hexdigest()[:6], 16)
                    i.location.lat, i.location.lon = 33.0 + (h % 400) / 100, 36.0 + (h // 400 % 400) / 100
                    i.location.gazetteer_id = f"ocha:C{h}"
            store.store_extraction(ex, raw)
    return url


def invoke(*args: str) -> tuple[str, str]:
    res = CliRunner().invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.stdout, res.stderr


def test_jsonl_cases_follow_the_spec(db: str) -> None:
    out, err = invoke("export", "--db", db, "--format", "jsonl", "--level", "case")
    cases = [json.loads(line) for line in out.splitlines()]
    assert len(cases) >= 50
    for c in cases:
        assert set(c) >= SPEC_CASE_KEYS
        for m in c["members"]:
            assert {"document_id", "source", "incident_index"} <= set(m)
        for k in c["casualties"]:
            assert {"outcome", "low", "best", "high"} <= set(k)
    khan = [c for c in cases if c["n_documents"] >= 2 and c["date"]["start"] == "2017-04-04"]
    assert len(khan) == 1 and not khan[0]["single_source"]
    assert "GeoNames" in err and "CC BY 4.0" in err


def test_jsonl_incidents_carry_their_case(db: str) -> None:
    out, _ = invoke("export", "--db", db, "--format", "jsonl", "--level", "incident")
    incidents = [json.loads(line) for line in out.splitlines()]
    cases = {json.loads(line)["id"] for line in invoke("export", "--db", db)[0].splitlines()}
    stored = sum(len(ex.incidents) for ex, _raw in gold_extractions(SHARED))   # every gold incident, once
    assert len(incidents) == stored and all(i["case_id"] in cases for i in incidents)
    assert {"date", "location", "casualties", "evidence", "document_id", "incident_index"} <= set(incidents[0])


@pytest.mark.parametrize("level", ["case", "incident"])
def test_csv_and_geojson_round_trip(db: str, tmp_path: Path, level: str) -> None:
    invoke("export", "--db", db, "--format", "csv", "--level", level, "--out", str(tmp_path / "x.csv"))
    invoke("export", "--db", db, "--format", "geojson", "--level", level, "--out", str(tmp_path / "x.geojson"))
    text = (tmp_path / "x.csv").read_text(encoding="utf-8")
    rows = parse_csv(text)
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == COLUMN_NAMES
    assert {"event_id", "event_date", "event_type", "sub_event_type", "actor1", "fatalities", "latitude",
            "fatalities_low", "injured_high", "n_sources", "single_source", "evidence"} <= set(header)
    gj = json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and any("GeoNames" in a for a in gj["attribution"])
    assert any("OCHA" in a for a in gj["attribution"])  # places came from the OCHA gazetteer
    props = [f["properties"] for f in gj["features"]]
    assert rows == props  # the same values, parsed back from both files
    jl = [json.loads(line) for line in invoke("export", "--db", db, "--level", level)[0].splitlines()]
    assert [r["event_id"] for r in rows] == [o["id"] for o in jl]
    for row, obj, feat in zip(rows, jl, gj["features"], strict=True):
        assert row["event_date"] == obj["date"]["start"]
        loc = obj.get("location") or {}
        assert row["latitude"] == (round(loc["lat"], 6) if loc.get("lat") is not None else None)
        assert (feat["geometry"] is None) == (loc.get("lat") is None)
    sidecar = (tmp_path / "x.csv.ATTRIBUTION.txt").read_text(encoding="utf-8")
    assert "GeoNames" in sidecar and "CC BY 4.0" in sidecar


def test_filters_and_bad_options(db: str) -> None:
    out, _ = invoke("export", "--db", db, "--format", "jsonl", "--weapon", "sarin")
    cases = [json.loads(line) for line in out.splitlines()]
    assert cases and all("sarin" in c["weapons"] for c in cases)
    out, _ = invoke("export", "--db", db, "--since", "2019-01-01", "--until", "2019-12-31", "--admin1", "Idlib")
    assert all("2019" <= json.loads(line)["date"]["start"] <= "2019-12-31" for line in out.splitlines())
    out, _ = invoke("export", "--db", db, "--corroborated")
    corroborated = [json.loads(line) for line in out.splitlines()]
    every = [json.loads(line) for line in invoke("export", "--db", db)[0].splitlines()]
    # exactly the cases told by two or more independent sources (the Khan Sheikhoun attack among them)
    assert corroborated and [c["id"] for c in corroborated] == [c["id"] for c in every if not c["single_source"]]
    assert any(c["date"]["start"] == "2017-04-04" for c in corroborated)
    res = CliRunner().invoke(app, ["export", "--db", db, "--format", "xml"])
    assert res.exit_code == 2 and "--format 'xml'" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(app, ["export", "--db", db, "--since", "May 2019"])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output


def test_stats_counts_cases_with_sums(db: str) -> None:
    out, _ = invoke("stats", "--db", db, "--json")
    data = json.loads(out)
    total = data["cases"]
    months = data["by"]["month"]
    assert sum(r["cases"] for r in months) == total  # each case once by month
    jl = [json.loads(line) for line in invoke("export", "--db", db)[0].splitlines()]
    killed_best = sum(next((k["best"] or 0 for k in c["casualties"] if k["outcome"] == "killed"), 0) for c in jl)
    assert sum(r["killed_best"] or 0 for r in months) == killed_best
    weapons = {r["key"]: r["cases"] for r in data["by"]["weapon"]}
    assert weapons["barrel_bomb"] == sum(1 for c in jl if "barrel_bomb" in c["weapons"])
    out, _ = invoke("stats", "--db", db, "--by", "governorate")
    assert "by governorate" in out and "Idlib" in out
