"""Loading the linking rules and name-normalisation tables (data files under ``link/data``)."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

DATA = resources.files("docket.link") / "data"


def load_yaml(name: str, path: Path | None = None) -> dict[str, Any]:
    """One YAML mapping from ``link/data`` (or from ``path``), with a one-line error on bad input."""
    source = path or DATA / name
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{source}: cannot read linking rules: {exc}".splitlines()[0]) from None
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping at the top level")
    return data


@functools.cache
def default_rules() -> dict[str, Any]:
    return load_yaml("link_rules.yaml")


@functools.cache
def casualty_bounds_table() -> dict[str, dict[str, float | None]]:
    return load_yaml("casualty_bounds.yaml")
