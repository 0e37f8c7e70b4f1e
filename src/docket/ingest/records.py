"""Bulk files: one report per .jsonl line or .csv row, with optional url/title/published/publisher."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import charset_normalizer

from docket.ingest.errors import IngestError
from docket.ingest.reader import META_FIELDS, _sniff_kind, document_from_bytes
from docket.model import Document

FIELDS: tuple[str, ...] = ("text", *META_FIELDS)
_SAMPLE = 1 << 16


def _column_names(path: Path, columns: Mapping[str, str] | None) -> dict[str, str]:
    names = {f: f for f in FIELDS}
    for ours, theirs in (columns or {}).items():
        if ours not in names:
            raise IngestError(str(path), f"unknown column mapping {ours!r} (known: {', '.join(FIELDS)})")
        names[ours] = theirs
    return names


def _row_document(path: Path, line: int, record: Mapping[str, Any], names: Mapping[str, str],
                  max_bytes: int) -> Document:
    where = f"{path}:{line}"
    text = record.get(names["text"])
    if not isinstance(text, str) or not text.strip():
        problem = "missing" if text is None else ("not a string" if not isinstance(text, str) else "empty")
        raise IngestError(where, f"text field {names['text']!r} is {problem}")
    if "\ufffd" in text:
        raise IngestError(where, "text is not valid in the file's encoding")
    data = text.encode("utf-8")
    if len(data) > max_bytes:
        raise IngestError(where, f"row too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:g} MB limit)")
    meta: dict[str, str | None] = {}
    for field in META_FIELDS:
        value = record.get(names[field])
        if isinstance(value, dict | list):
            raise IngestError(where, f"field {names[field]!r} is not a single value")
        meta[field] = None if value is None else str(value)
    source = (meta.get("url") or "").strip() or f"{path}#{line}"
    try:
        return document_from_bytes(data, source=source, kind=_sniff_kind("", data), meta=meta)
    except IngestError as exc:
        raise IngestError(where, exc.problem) from None


def _iter_jsonl(path: Path, names: Mapping[str, str], max_bytes: int) -> Iterator[Document | IngestError]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield IngestError(where, "invalid UTF-8 (JSON Lines must be UTF-8)")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield IngestError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield IngestError(where, f"expected a JSON object, got {type(record).__name__}")
                continue
            try:
                yield _row_document(path, number, record, names, max_bytes)
            except IngestError as exc:
                yield exc


def _csv_encoding(path: Path) -> str:
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE)
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IngestError(str(path), "binary file, not a CSV file")
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=len(sample) < _SAMPLE)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise IngestError(str(path), "cannot detect the text encoding")
    return best.encoding


def _iter_csv(path: Path, names: Mapping[str, str], max_bytes: int) -> Iterator[Document | IngestError]:
    encoding = _csv_encoding(path)
    # the csv module's field limit is process-wide; it is only ever raised, never lowered
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes + 1))
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            yield IngestError(f"{path}:1", f"malformed CSV header ({exc})")
            return
        if not header:
            yield IngestError(str(path), "empty file")
            return
        header = [h.strip() for h in header]
        if names["text"] not in header:
            yield IngestError(str(path), f"no column {names['text']!r} (columns: {', '.join(header)})")
            return
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield IngestError(f"{path}:{start}", f"malformed CSV row ({exc})")
                if reader.line_num < start:
                    return
                continue
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield IngestError(f"{path}:{start}", f"{len(row)} fields, expected {len(header)}")
                continue
            record = {h: (v if v != "" else None) for h, v in zip(header, row, strict=True)}
            try:
                yield _row_document(path, start, record, names, max_bytes)
            except IngestError as exc:
                yield exc


def iter_records(path: Path, *, columns: Mapping[str, str] | None = None,
                 max_bytes: int = 10_000_000) -> Iterator[Document | IngestError]:
    """The documents of a .jsonl or .csv file, one per record; bad records as IngestError."""
    try:
        names = _column_names(path, columns)
        if path.suffix.lower() == ".jsonl":
            yield from _iter_jsonl(path, names, max_bytes)
        else:
            yield from _iter_csv(path, names, max_bytes)
    except IngestError as exc:
        yield exc
    except OSError as exc:
        yield IngestError(str(path), f"cannot read ({(exc.strerror or exc.__class__.__name__).lower()})")
