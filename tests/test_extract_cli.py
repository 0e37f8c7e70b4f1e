"""`docket extract` and `docket evaluate` end to end, on the real dev corpus in ../shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "dev"
GOLD = SHARED / "gold" / "dev"
DOCKET = [sys.executable, "-m", "docket.cli"]

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/dev is not beside the checkout")


def run(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DOCKET, *args], capture_output=True, text=True, env=env, timeout=600, **kw)


@pytest.fixture(scope="module")
def home(docket_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DOCKET_HOME"] = str(docket_home)
    return env


@pytest.fixture(scope="module")
def predictions(tmp_path_factory: pytest.TempPathFactory, home: dict[str, str]) -> Path:
    out = tmp_path_factory.mktemp("pred")
    r = run("extract", *map(str, sorted(CORPUS.glob("*.txt"))), "--out", str(out), env=home)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""                      # nothing but results on stdout, and with --out nothing at all
    return out


def reference_scores(pred: Path) -> dict:
    r = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(GOLD), str(pred), "--json"],
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout[: r.stdout.rindex("}") + 1])


def test_every_dev_document_validates_against_the_schema(predictions: Path) -> None:
    schema = json.loads((ROOT / "src" / "docket" / "schema" / "extraction.schema.json").read_text())
    files = sorted(predictions.glob("*.json"))
    assert len(files) == len(list(CORPUS.glob("*.txt")))
    for f in files:
        data = json.loads(f.read_text())
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
        text = data["document"]["text"]
        for inc in data["incidents"]:
            for ev in inc["evidence"]:
                assert 0 <= ev["start"] < ev["end"] <= len(text), (f.name, ev)
            if inc["location"] is None:   # a toll whose place the text does not give (SPEC §1): no location evidence
                assert not any(e["field"] == "location" for e in inc["evidence"])
                continue
            loc = next(e for e in inc["evidence"] if e["field"] == "location")
            assert inc["location"]["name"] in text[loc["start"]:loc["end"]]


def test_accuracy_on_the_dev_set_meets_the_bar(predictions: Path) -> None:
    # A regression guard on all 45 dev reports (the 25 the rules grew on and the 20 added later), set just
    # under the figures measured when it was last raised (slots 0.836, incidents 0.91, killed P 0.87).
    s = reference_scores(predictions)
    assert s["slots"]["f1"] >= 0.82, s["slots"]
    assert s["incidents"]["f1"] >= 0.88, s["incidents"]
    assert s["killed"]["p"] >= 0.85, s["killed"]


def test_no_aggregate_is_reported_as_an_incident(predictions: Path) -> None:
    s001 = json.loads((predictions / "s001.json").read_text())
    assert s001["incidents"] == []
    assert {(a["metric"], a["count"]) for a in s001["aggregates"]} >= {("attacks", 13), ("killed", 14)}


def test_legal_references_carry_caveats_and_party_status(predictions: Path) -> None:
    s004 = json.loads((predictions / "s004.json").read_text())
    refs = [lr for inc in s004["incidents"] for lr in inc["legal"]]
    ccm = [lr for lr in refs if "Cluster Munitions" in lr["instrument"]]
    assert ccm and all(lr["caveat"] and lr["table_checked"] for lr in ccm)
    assert ccm[0]["parties"].get("Russian forces") is False     # Russia is not party to the CCM
    cwc = [lr for lr in refs if "Chemical Weapons" in lr["instrument"]]
    assert cwc and cwc[0]["parties"].get("Syrian government forces") is True


def test_evaluate_prints_the_reference_scorers_figures(predictions: Path, home: dict[str, str]) -> None:
    ours = run("evaluate", str(GOLD), "--pred", str(predictions), env=home)
    ref = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(GOLD), str(predictions)],
                         capture_output=True, text=True, check=True)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.strip() == ref.stdout.strip()


def test_evaluate_from_the_corpus_matches_extract(predictions: Path, home: dict[str, str]) -> None:
    direct = run("evaluate", str(GOLD), "--corpus", str(CORPUS), env=home)
    via = run("evaluate", str(GOLD), "--pred", str(predictions), env=home)
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout == via.stdout


def test_single_file_prints_one_json_object(home: dict[str, str]) -> None:
    r = run("extract", str(CORPUS / "s004.txt"), env=home)
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["document"]["published"] == "2018-02-05"
    assert obj["document"]["id"].startswith("sha256:")


def test_bad_inputs_are_one_line_each_and_the_rest_still_runs(tmp_path: Path, home: dict[str, str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "latin.txt").write_bytes("FICTIONAL. Shelling hit the town of Kafr Tala on Sunday, caf\xe9 owners said "
                                         "two civilians were killed.".encode("latin-1"))
    (tmp_path / "big.txt").write_bytes(b"FICTIONAL report line. " * (20 * 1024 * 1024 // 23 + 1))
    (tmp_path / "arabic.txt").write_text("قصف الطيران الحربي بلدة كفرنبل وقتل ستة مدنيين " * 20, encoding="utf-8")
    good = CORPUS / "s004.txt"
    out = tmp_path / "out"
    names = ["empty.txt", "binary.txt", "latin.txt", "big.txt", "arabic.txt"]
    r = run("extract", *[str(tmp_path / n) for n in names], str(good), "--out", str(out), env=home)
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    for bad in ("empty.txt", "binary.txt", "big.txt", "arabic.txt"):
        assert sum(bad in ln for ln in lines) == 1, (bad, lines)
    assert (out / "s004.json").exists() and (out / "latin.json").exists()
    assert r.returncode == 1
