"""Review actions: which values a reviewer may correct (a data file) and how a form value is read."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from docket.model import ATTACK_TYPES, TARGET_TYPES, WEAPONS
from docket.store.read import MAX_INT

VOCABS: dict[str, tuple[str, ...]] = {"attack_types": ATTACK_TYPES, "weapons": WEAPONS, "targets": TARGET_TYPES}
REASON_MAX = 2000
# how a stated count reads ("44 (at_least)" was the raw code)
QUALIFIER_WORDS: dict[str, str] = {"exact": "{n}", "at_least": "at least {n}", "more_than": "more than {n}",
                                   "about": "about {n}", "up_to": "up to {n}", "vague": "{n} (vague)"}
TEXT_MAX = 200


class ReviewError(ValueError):
    """A form value that cannot be used: one line for the reviewer."""


@dataclass(frozen=True)
class FieldSpec:
    path: str
    label: str
    type: str
    vocab: str | None = None


@functools.cache
def field_specs() -> dict[str, dict[str, FieldSpec]]:
    """``{entity: {path: FieldSpec}}`` from ``web/data/review_fields.yaml``."""
    raw = yaml.safe_load((resources.files("docket.web") / "data" / "review_fields.yaml").read_text(encoding="utf-8"))
    return {entity: {path: FieldSpec(path, spec["label"], spec["type"], spec.get("vocab"))
                     for path, spec in paths.items()} for entity, paths in raw.items()}


def parse_value(spec: FieldSpec, raw: str) -> Any:
    """The stored value for a form entry; empty clears the value."""
    text = (raw or "").strip()
    if spec.type in ("int", "total"):
        if not text:
            return None
        try:
            n = int(text.replace(",", "")) if len(text) <= 40 else None
            if n is None:
                raise ValueError(text)
        except ValueError:
            raise ReviewError(f"{spec.label}: {text[:40]!r} is not a whole number") from None
        if n < 0:
            raise ReviewError(f"{spec.label}: a count cannot be negative")
        if n > MAX_INT:
            raise ReviewError(f"{spec.label}: {n:,} is more than a database count can hold ({MAX_INT:,})")
        return {"count": n, "qualifier": "exact"} if spec.type == "total" else n
    if spec.type == "date":
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ReviewError(f"{spec.label}: {text[:40]!r} is not a date YYYY-MM-DD") from None
    if spec.type == "text":
        if len(text) > TEXT_MAX or any(not c.isprintable() for c in text):
            raise ReviewError(f"{spec.label}: use one line of at most {TEXT_MAX} characters")
        return text or None
    if spec.type == "list":
        items = [v.strip() for v in text.split(",") if v.strip()]
        if spec.vocab:
            allowed = VOCABS[spec.vocab]
            bad = [v for v in items if v not in allowed]
            if bad:
                shown = ", ".join(b[:40] for b in bad[:5])
                raise ReviewError(f"{spec.label}: {shown} not in the vocabulary ({', '.join(allowed)})")
        if any(len(v) > TEXT_MAX for v in items):
            raise ReviewError(f"{spec.label}: a value is longer than {TEXT_MAX} characters")
        return list(dict.fromkeys(items))
    raise ReviewError(f"{spec.label}: unknown field type {spec.type!r}")


def display(value: Any) -> str:
    """A stored value as the review log shows it."""
    if value is None:
        return "—"
    if isinstance(value, dict) and "lat" in value and "name" in value:   # a location
        where = ", ".join(x for x in (value.get("admin1"), value.get("country")) if x)
        point = f" {value['lat']:.4f}, {value['lon']:.4f}" if value.get("lat") is not None else ""
        return f"{value.get('canonical') or value['name']}" + (f" ({where})" if where else "") + point
    if isinstance(value, dict) and "count" in value:
        words = QUALIFIER_WORDS.get(value.get("qualifier") or "exact", "{n}")
        return words.format(n=value["count"])
    if isinstance(value, list):
        return ", ".join(display(v) for v in value) or "(none)"
    return str(value)


def clean_reason(raw: str | None, required: bool) -> str | None:
    reason = " ".join((raw or "").split())
    if required and not reason:
        raise ReviewError("say why: a reason is required for this change")
    if len(reason) > REASON_MAX:
        raise ReviewError(f"reason longer than {REASON_MAX} characters")
    return reason or None
