"""A folder's ``manifest.jsonl``: metadata (url, title, publisher, published) for the report files it names.

One JSON object per line with an ``id`` (the file's name without its suffix, or its full name) and any of
``url``, ``title``, ``publisher``, ``published``; null values are ignored. The manifest is read once per
folder; its bad lines and bad values become notes ("manifest.jsonl:3: ...") and never stop a run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from docket.ingest.dates import parse_date

MANIFEST_NAME = "manifest.jsonl"
MANIFEST_FIELDS: tuple[str, ...] = ("url", "title", "published", "publisher")
MAX_MANIFEST_BYTES = 50_000_000
MAX_LINE_BYTES = 1_000_000


@dataclass
class Manifests:
    """The manifests seen so far, per folder; ``notes`` collects the problems found in them."""

    notes: list[str] = field(default_factory=list)
    _folders: dict[Path, dict[str, dict[str, str]]] = field(default_factory=dict)

    def meta_for(self, path: Path) -> dict[str, str | None] | None:
        """The manifest's metadata for report file ``path``, or None when its folder names nothing for it."""
        folder = path.parent
        if folder not in self._folders:
            self._folders[folder] = self._read(folder / MANIFEST_NAME)
        table = self._folders[folder]
        found = table.get(path.name) or table.get(path.stem)
        return dict(found) if found else None

    def _read(self, manifest: Path) -> dict[str, dict[str, str]]:
        table: dict[str, dict[str, str]] = {}
        try:
            if not manifest.is_file():
                return table
            if manifest.stat().st_size > MAX_MANIFEST_BYTES:
                self.notes.append(f"{manifest}: too large to read as a manifest (ignored)")
                return table
            fh = manifest.open("rb")
        except OSError as exc:
            self.notes.append(f"{manifest}: cannot read ({(exc.strerror or 'error').lower()}); ignored")
            return table
        with fh:
            for number, raw in enumerate(fh, start=1):
                where = f"{manifest}:{number}"
                if not raw.strip():
                    continue
                if len(raw) > MAX_LINE_BYTES:
                    self.notes.append(f"{where}: line too long (ignored)")
                    continue
                try:
                    record = json.loads(raw.decode("utf-8-sig"))
                except (UnicodeDecodeError, ValueError, RecursionError):
                    self.notes.append(f"{where}: not a JSON object (ignored)")
                    continue
                if not isinstance(record, dict) or not isinstance(record.get("id"), str | int):
                    self.notes.append(f"{where}: no \"id\" naming a file (ignored)")
                    continue
                meta: dict[str, str] = {}
                for name in MANIFEST_FIELDS:
                    value = record.get(name)
                    if value is None:
                        continue
                    if not isinstance(value, str | int | float):
                        self.notes.append(f"{where}: {name} is not a single value (ignored)")
                        continue
                    value = str(value)
                    if name == "published" and parse_date(value) is None:
                        self.notes.append(f"{where}: published {value[:40]!r} is not a date (ignored)")
                        continue
                    meta[name] = value
                table[str(record["id"])] = meta
        return table
