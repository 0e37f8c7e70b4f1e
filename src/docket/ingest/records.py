"""Bulk files: one report per .jsonl line or .csv row, with optional url/title/published/publisher."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import charset_normalizer

from docket.ingest.errors import IngestError
from docket.ingest.reader import MAX_META_CHARS, META_FIELDS, RawReport, _sniff_kind
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


def _row_report(path: Path, line: int, record: Mapping[str, Any], names: Mapping[str, str],
                max_bytes: int) -> RawReport:
    where = f"{path}:{line}"
    text = record.get(names["text"])
    if not isinstance(text, str) or not text.strip():
        problem = "missing" if text is None else ("not a string" if not isinstance(text, str) else "empty")
        raise IngestError(where, f"text field {names['text']!r} is {problem}")
    if "\ufffd" in text:
        raise IngestError(where, "text is not valid in the file's encoding")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON "\ud800" escape
        raise IngestError(where, "text holds an invalid character (a lone surrogate)") from None
    if len(data) > max_bytes:
        raise IngestError(where, f"row too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:g} MB limit)")
    meta: dict[str, str | None] = {}
    for field in META_FIELDS:
        value = record.get(names[field])
        if isinstance(value, dict | list):
            raise IngestError(where, f"field {names[field]!r} is not a single value")
        meta[field] = None if value is None else str(value)
    source = " ".join((meta.get("url") or "").split())[:MAX_META_CHARS] or f"{path}#{line}"
    return RawReport(data, source=source, where=where, kind=_sniff_kind("", data), meta=meta)


def _document(item: RawReport | IngestError) -> Document | IngestError:
    if isinstance(item, IngestError):
        return item
    try:
        return item.document()
    except IngestError as exc:
        return exc


def _bounded_lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) for each line of ``fh``; a line longer than ``limit`` bytes is (number, None) and is
    skipped without being held in memory."""
    number = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the over-long line
                line = fh.readline(1 << 20)
            yield number, None
            continue
        yield number, line


def _iter_jsonl(path: Path, names: Mapping[str, str], max_bytes: int) -> Iterator[RawReport | IngestError]:
    # a row's JSON may escape its text (\uXXXX: 6 bytes for 3), so a line may be larger than its text
    limit = 2 * max_bytes + 1024
    with path.open("rb") as fh:
        for number, raw in _bounded_lines(fh, limit):
            where = f"{path}:{number}"
            if raw is None:
                yield IngestError(where, f"line too long (> {limit / 1e6:g} MB)")
                continue
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
            except RecursionError:
                yield IngestError(where, "invalid JSON (nested too deeply)")
                continue
            except ValueError as exc:  # e.g. an integer with more digits than Python converts
                yield IngestError(where, f"invalid JSON ({' '.join(str(exc).split())[:120]})")
                continue
            if not isinstance(record, dict):
                yield IngestError(where, f"expected a JSON object, got {type(record).__name__}")
                continue
            try:
                yield _row_report(path, number, record, names, max_bytes)
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


class _Lines:
    """The physical lines of a text file with their numbers, for the csv module, with a way to go back: a
    record that turns out malformed is reported at its first line and its other lines are read again."""

    def __init__(self, fh: io.TextIOBase) -> None:
        self._fh = fh
        self._again: list[tuple[int, str]] = []   # lines to read again, last first
        self._next_number = 1
        self.taken: list[tuple[int, str]] = []    # the lines of the record being read

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            item = self._again.pop()
        else:
            line = self._fh.readline()
            if not line:
                raise StopIteration
            item = (self._next_number, line)
            self._next_number += 1
        self.taken.append(item)
        return item[1]

    def start(self) -> int:
        """Begin a record; returns the number of its first line."""
        self.taken = []
        return self._again[-1][0] if self._again else self._next_number

    def reread_after_first(self) -> None:
        """Give back every line of the current record but its first."""
        self._again.extend(reversed(self.taken[1:]))
        self.taken = []


def _iter_csv(path: Path, names: Mapping[str, str], max_bytes: int) -> Iterator[RawReport | IngestError]:
    encoding = _csv_encoding(path)
    # the csv module's field limit is process-wide; it is only ever raised, never lowered
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes + 1))
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="") as fh:
        lines = _Lines(fh)
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            yield IngestError(f"{path}:1", f"malformed CSV header ({exc})")
            return
        if not header:
            yield IngestError(str(path), "empty file")
            return
        header = [h.strip() for h in header]
        column: dict[str, int] = {}
        for i, h in enumerate(header):
            if h in column:
                yield IngestError(f"{path}:1", f"column {h!r} appears twice (columns {column[h] + 1} and {i + 1}); "
                                               f"the first is used")
            else:
                column[h] = i
        if names["text"] not in column:
            yield IngestError(str(path), f"no column {names['text']!r} (columns: {', '.join(header)})")
            return
        while True:
            start = lines.start()
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # strict mode: a quote left open runs into the next rows; report this row, read the rest again
                yield IngestError(f"{path}:{start}", f"malformed CSV row ({exc})")
                lines.reread_after_first()
                reader = csv.reader(lines, strict=True)
                continue
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                # (a multi-line row is a quoted field with line breaks, not rows it swallowed: strict mode
                # stops a quote left open at the next quote, above)
                yield IngestError(f"{path}:{start}", f"{len(row)} fields, expected {len(header)}")
                continue
            record = {h: (row[i] if row[i] != "" else None) for h, i in column.items()}
            try:
                yield _row_report(path, start, record, names, max_bytes)
            except IngestError as exc:
                yield exc


def iter_raw_records(path: Path, *, columns: Mapping[str, str] | None = None,
                     max_bytes: int = 10_000_000) -> Iterator[RawReport | IngestError]:
    """The reports of a .jsonl or .csv file, one per record, undecoded; bad records as IngestError."""
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


def iter_records(path: Path, *, columns: Mapping[str, str] | None = None,
                 max_bytes: int = 10_000_000) -> Iterator[Document | IngestError]:
    """The documents of a .jsonl or .csv file, one per record; bad records as IngestError."""
    for item in iter_raw_records(path, columns=columns, max_bytes=max_bytes):
        yield _document(item)
