"""Geocoding whole dev reports with OCHA's communities imported: the document's own geography decides,
and a place Docket cannot pin down falls back to its town or governorate, never to a wrong village."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OCHA = SHARED / "gazetteer" / "syr_ocha_humanitarian_locations.csv"
CORPUS = SHARED / "corpus" / "dev"

pytestmark = pytest.mark.skipif(not OCHA.exists() or not CORPUS.is_dir(), reason="../shared gazetteer/corpus missing")


@pytest.fixture(scope="module")
def home(ocha_env: dict[str, str]) -> dict[str, str]:
    return ocha_env


def locations(env: dict[str, str], stem: str) -> dict[str, dict]:
    r = subprocess.run([sys.executable, "-m", "docket.cli", "extract", str(CORPUS / f"{stem}.txt")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return {i["location"]["name"]: i["location"] for i in json.loads(r.stdout)["incidents"]}


def test_homonym_is_settled_by_the_reports_other_places(home: dict[str, str]) -> None:
    locs = locations(home, "s004")
    # Maasran exists in Hama (same spelling) and in Idlib (OCHA: Maasaran); the report is about rural Idlib
    assert locs["Maasran"]["gazetteer_id"] == "ocha:C3980" and locs["Maasran"]["admin1"] == "Idlib"
    assert locs["Sarqib"]["gazetteer_id"] == "ocha:C3916"
    assert locs["Kafranbel"]["gazetteer_id"] == "ocha:C4068"


def test_neighbourhood_stays_in_its_town(home: dict[str, str]) -> None:
    qusour = locations(home, "h011")["Al-Qusour"]     # "Al-Qusour neighborhood in the city of Idlib"
    assert qusour["admin1"] == "Idlib" and qusour["precision"] in ("town", "point")
    assert abs(qusour["lat"] - 35.93) < 0.1 and abs(qusour["lon"] - 36.63) < 0.1


def test_a_village_is_found_in_the_named_area_the_text_puts_it_in(home: dict[str, str]) -> None:
    # "strikes on Bala, in the rebel-stronghold region of Eastern Ghouta": OCHA has a Bala in Eastern Ghouta
    # (Rif Dimashq) and another in Aleppo, nearer the report's other places; the area the text names decides
    bala = locations(home, "h043")["Bala"]
    assert (bala["gazetteer_id"], bala["admin1"], bala["precision"]) == ("ocha:C6665", "Rif Dimashq", "town"), bala


ADMIN1 = SHARED / "gazetteer" / "syr_admin1_ocha_20201217.geojson"


@pytest.mark.skipif(not ADMIN1.exists(), reason="../shared OCHA admin1 polygons missing")
def test_imported_boundaries_are_simplified_listed_and_served(tmp_path: Path, seeded_home) -> None:
    from fastapi.testclient import TestClient

    from docket.web import create_app

    home = seeded_home(tmp_path / "home")
    env = dict(os.environ, DOCKET_HOME=str(home))
    r = subprocess.run([sys.executable, "-m", "docket.cli", "gazetteer", "import", str(ADMIN1)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "14 boundary outlines" in r.stdout and "CC BY-IGO" in r.stdout
    info = subprocess.run([sys.executable, "-m", "docket.cli", "gazetteer", "info"], capture_output=True, text=True,
                          env=env)
    assert "boundaries:syr_admin1_ocha_20201217" in info.stdout and "UN OCHA COD-AB" in info.stdout
    with TestClient(create_app(f"sqlite:///{tmp_path / 'd.db'}", home=home, secret="s", warm=False)) as client:
        gj = client.get("/api/outlines")
        assert gj.status_code == 200
        data = gj.json()
        assert len(data["features"]) == 14 and len(gj.content) < ADMIN1.stat().st_size / 10
        assert {f["properties"]["name"] for f in data["features"]} >= {"Idleb", "Aleppo", "Hama"}
        assert 'data-outlines="yes"' in client.get("/").text


def test_a_file_that_is_not_polygons_is_refused_in_one_line(tmp_path: Path, seeded_home) -> None:
    home = seeded_home(tmp_path / "home")
    bad = tmp_path / "points.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
                   '"geometry": {"type": "Point", "coordinates": [36.6, 35.9]}}]}', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "docket.cli", "gazetteer", "import", str(bad)],
                       capture_output=True, text=True, env=dict(os.environ, DOCKET_HOME=str(home)))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and "not a Polygon" in r.stderr
    assert not (home / "gazetteer" / "boundaries" / "points.geojson").exists()
