"""Test-session settings shared by every test module.

One DOCKET_HOME for the whole session (the built-in gazetteer is built there once), so no test touches
the user's own Docket data and no two modules pay for the build.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def docket_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("docket-home")
    old = os.environ.get("DOCKET_HOME")
    os.environ["DOCKET_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("DOCKET_HOME", None)
    else:
        os.environ["DOCKET_HOME"] = old


@pytest.fixture(scope="session")
def seeded_home(docket_home: Path) -> Callable[[Path], Path]:
    """Make a fresh DOCKET_HOME at the given path that already holds the built-in gazetteer (built once per
    session), so modules that need a home of their own do not each pay for the build."""
    from docket.geocode import Geocoder

    Geocoder.load(docket_home)

    def make(path: Path) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        if not (path / "gazetteer").exists():
            shutil.copytree(docket_home / "gazetteer", path / "gazetteer")
        return path

    return make


@pytest.fixture(scope="session")
def ocha_env(tmp_path_factory: pytest.TempPathFactory, seeded_home: Callable[[Path], Path]) -> dict[str, str]:
    """The environment of a `docket` process whose DOCKET_HOME holds the built-in gazetteer plus OCHA's Syrian
    communities, imported with `docket gazetteer import` as a Syria analyst would (once per session)."""
    import subprocess
    import sys

    ocha = SHARED / "gazetteer" / "syr_ocha_humanitarian_locations.csv"
    if not ocha.exists():
        pytest.skip("../shared/gazetteer missing")
    env = dict(os.environ, DOCKET_HOME=str(seeded_home(tmp_path_factory.mktemp("home-ocha") / "home")))
    r = subprocess.run([sys.executable, "-m", "docket.cli", "gazetteer", "import", str(ocha)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return env
