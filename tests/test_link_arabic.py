"""Linking across languages with the real pipeline: an Arabic and an English report of one attack on one real
town meet on its OCHA gazetteer id and become one case; the same attack in another town on the same day stays
a case of its own. `docket run` reads, extracts, geocodes (OCHA's communities imported) and links.

The reports are FICTIONAL, written for this test; Saraqib and Ariha are real towns of Idlib."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docket.cli import app

OCHA_CSV = Path(__file__).resolve().parents[1].parent / "shared" / "gazetteer" / "syr_ocha_humanitarian_locations.csv"
pytestmark = pytest.mark.skipif(not OCHA_CSV.exists(), reason="shared OCHA gazetteer file not present")

ARABIC_SARAQIB = """مرصد الشمال المتخيّل (تقرير متخيّل كُتب لاختبارات Docket)

قُتل ثلاثة مدنيين جراء غارة جوية للطيران الروسي على مدينة سراقب في ريف إدلب الشرقي يوم الثلاثاء 12 آذار 2019، بحسب الدفاع المدني.
"""
ARABIC_ARIHA = ARABIC_SARAQIB.replace("مدينة سراقب في ريف إدلب الشرقي", "مدينة أريحا في ريف إدلب الجنوبي")
ENGLISH_SARAQIB = """North Monitor (FICTIONAL report written for the Docket tests)

Three civilians were killed in a Russian airstrike on the town of Saraqib in eastern rural Idlib on Tuesday, 12 March 2019, the Syrian Civil Defence said.
"""


@pytest.fixture(scope="module")
def ocha_home(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Path:
    home = seeded_home(tmp_path_factory.mktemp("link-arabic") / "home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCKET_HOME", str(home))
        res = CliRunner().invoke(app, ["gazetteer", "import", str(OCHA_CSV)])
        assert res.exit_code == 0, res.output
    return home


def run_cases(home: Path, root: Path, reports: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """`docket run` on the reports, then the cases as `docket export` writes them."""
    monkeypatch.setenv("DOCKET_HOME", str(home))
    folder = root / "reports"
    folder.mkdir(parents=True)
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = f"sqlite:///{root / 'docket.db'}"
    res = CliRunner().invoke(app, ["run", str(folder), "--db", db, "-q"])
    assert res.exit_code == 0, res.output
    out = root / "cases.jsonl"
    res = CliRunner().invoke(app, ["export", "--db", db, "--format", "jsonl", "--out", str(out)])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_arabic_and_english_reports_of_one_attack_are_one_case(ocha_home: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    cases = run_cases(ocha_home, tmp_path, {"ar.txt": ARABIC_SARAQIB, "en.txt": ENGLISH_SARAQIB}, monkeypatch)
    assert len(cases) == 1, [(c["location"], len(c["members"])) for c in cases]
    case = cases[0]
    assert len(case["members"]) == 2
    assert case["location"]["gazetteer_id"] == "ocha:C3916" and case["location"]["admin1"] == "Idlib"
    assert case["date"]["start"] == "2019-03-12"
    killed = next(c for c in case["casualties"] if c["outcome"] == "killed")
    assert (killed["best"], killed["n_stated"]) == (3, 2)  # the same three dead stated twice, not six


def test_another_town_on_the_same_day_stays_a_case_of_its_own(ocha_home: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cases = run_cases(ocha_home, tmp_path, {"ar.txt": ARABIC_ARIHA, "en.txt": ENGLISH_SARAQIB}, monkeypatch)
    assert sorted(c["location"]["gazetteer_id"] for c in cases) == ["ocha:C3916", "ocha:C4278"]
    assert all(len(c["members"]) == 1 for c in cases)


def test_unplaced_arabic_and_english_spellings_of_one_village_link_on_the_name() -> None:
    """When neither report's village is in the gazetteer, an Arabic and an English spelling of one name still
    meet (one consonant skeleton: the place keys of docket.text.names); another village the same day does not.
    The villages are FICTIONAL."""
    from test_link_cases import inc, link

    got = link([("ar", "2019-03-13", [inc("ar#0", "كفر زمرين", "2019-03-12", killed=4)]),
                ("en", "2019-03-13", [inc("en#0", "Kafr Zamrin", "2019-03-12", killed=4)]),
                ("en2", "2019-03-13", [inc("en2#0", "Kafr Nabudah", "2019-03-12", killed=4)])])
    assert got["ar#0"] == got["en#0"] != got["en2#0"]
