"""Where Docket keeps its gazetteer and settings: ``$DOCKET_HOME`` or the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def docket_home(override: Path | str | None = None) -> Path:
    """The Docket home directory (created on demand)."""
    raw = override or os.environ.get("DOCKET_HOME") or platformdirs.user_data_dir("docket", appauthor=False)
    home = Path(raw).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home
