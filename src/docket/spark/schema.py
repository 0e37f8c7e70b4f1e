"""The Parquet tables `docket spark run` writes (column names and Spark types)."""

from __future__ import annotations

from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)


def _struct(*cols: tuple[str, object]) -> StructType:
    return StructType([StructField(name, typ, True) for name, typ in cols])  # type: ignore[arg-type]


S, L, D, INT = StringType(), LongType(), DoubleType(), IntegerType()
EVIDENCE = ArrayType(_struct(("field", S), ("start", L), ("end", L)))

DOCUMENTS = _struct(("id", S), ("seq", L), ("sha256", S), ("text_hash", S), ("source", S), ("publisher", S),
                    ("title", S), ("published", S), ("text", S), ("n_bytes", L), ("archive_path", S))
DOCUMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in DOCUMENTS.fields)

INCIDENTS = _struct(("id", S), ("document_id", S), ("idx", INT), ("case_id", S), ("score", D), ("explanation", S),
                    ("date_start", S), ("date_end", S), ("date_precision", S), ("place_name", S),
                    ("gazetteer_id", S), ("lat", D), ("lon", D), ("admin1", S), ("country", S), ("killed", L),
                    ("injured", L), ("attack_types", ArrayType(S)), ("confidence", D), ("data", S),
                    ("evidence", EVIDENCE))
INCIDENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in INCIDENTS.fields)

AGGREGATES = _struct(("id", S), ("document_id", S), ("idx", INT), ("metric", S), ("count", L), ("low", L),
                     ("high", L), ("period_start", S), ("period_end", S), ("area", S), ("data", S),
                     ("evidence", EVIDENCE))
AGGREGATE_COLUMNS: tuple[str, ...] = tuple(f.name for f in AGGREGATES.fields)

CASES = _struct(("id", S), ("seq", L), ("date_start", S), ("date_end", S), ("date_precision", S),
                ("place_name", S), ("place_canonical", S), ("gazetteer_id", S), ("lat", D), ("lon", D),
                ("admin1", S), ("country", S), ("killed_low", L), ("killed_best", L), ("killed_high", L),
                ("injured_low", L), ("injured_best", L), ("injured_high", L), ("n_documents", L),
                ("n_independent_sources", L), ("single_source", BooleanType()), ("review_status", S),
                ("data", S), ("facets", ArrayType(_struct(("kind", S), ("value", S)))))
CASE_COLUMNS: tuple[str, ...] = tuple(f.name for f in CASES.fields)

FAILURES = _struct(("file", L), ("row", L), ("line", S), ("kind", S), ("reason", S), ("detail", S))
