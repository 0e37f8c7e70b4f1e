"""Exports of the docket (CSV, GeoJSON, JSONL) — consumers of the store only."""

from docket.export.formats import (
    COLUMN_NAMES,
    FORMATS,
    LEVELS,
    ExportResult,
    Tally,
    attribution,
    chunks,
    export,
    parse_csv,
)

__all__ = ["COLUMN_NAMES", "FORMATS", "LEVELS", "ExportResult", "Tally", "attribution", "chunks", "export", "parse_csv"]
