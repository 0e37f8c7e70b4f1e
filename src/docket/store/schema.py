"""The database schema: one SQLAlchemy Core definition for SQLite and PostgreSQL.

Migrations under ``store/migrations`` are generated from this metadata; ``docs/store.md`` describes
every table for the web app.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(200)
INT_MAX = 2**31 - 1   # PostgreSQL integer; SQLite takes the same limit so both backends store the same


class Count(TypeDecorator[int]):
    """An integer column for counts read from reports: a value outside the 32-bit range (3,000,000,000
    killed) is implausible and is stored as NULL here, while the incident's JSON keeps it with its evidence;
    without this one odd number would make PostgreSQL (or SQLite, beyond 64 bits) refuse the whole report."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> int | None:
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            return value  # type: ignore[no-any-return]
        if value != value or not -INT_MAX <= value <= INT_MAX:  # NaN, or out of range
            return None
        return int(value)

documents = Table(
    "documents", metadata,
    Column("id", ID, primary_key=True),                 # "sha256:" + hex of the raw bytes
    Column("seq", Integer, nullable=False, unique=True),  # storage order (1, 2, ...)
    Column("sha256", String(64), nullable=False),        # hex of the archived bytes
    Column("text_hash", String(64), nullable=False, index=True),  # hex of the normalised text
    Column("copy_of", ID, nullable=True),                # first stored document with the same text
    Column("source", Text), Column("publisher", Text), Column("title", Text),
    Column("published", String(10), index=True),
    Column("language", String(8), nullable=True),       # ISO 639-1 as detected at import (NULL: stored before 0003)
    # PostgreSQL only: title and text as full-text search sees them when they differ from the stored ones (Arabic
    # words folded, see docket.text.names.search_text); NULL otherwise. SQLite's FTS5 table holds the folded copy.
    Column("search", Text, nullable=True),
    Column("text", Text, nullable=False),
    Column("n_bytes", Integer, nullable=False),
    Column("archive_path", Text, nullable=False),        # relative to the archive root
    Column("received_at", String(32), nullable=False),   # ISO 8601 UTC
    Column("review_status", String(16), nullable=False, default="unreviewed"),
)

incidents = Table(
    "incidents", metadata,
    Column("id", ID, primary_key=True),                  # f"{document_id}#{index}"
    Column("document_id", ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("idx", Integer, nullable=False),              # position in `docket extract` output
    Column("date_start", String(10), index=True), Column("date_end", String(10)),
    Column("date_precision", String(8), nullable=False), Column("date_text", Text),
    Column("place_name", Text), Column("place_canonical", Text), Column("gazetteer_id", String(100)),
    Column("lat", Float), Column("lon", Float),
    Column("admin1", Text, index=True), Column("country", String(2), index=True),
    Column("place_precision", String(10)), Column("place_qualifier", String(12)),
    Column("killed_count", Count), Column("killed_qualifier", String(10)),
    Column("injured_count", Count), Column("injured_qualifier", String(10)),
    Column("confidence", Float, nullable=False),
    Column("review_status", String(16), nullable=False, default="unreviewed"),
    Column("data", JSON, nullable=False),                # the full Incident.to_dict(), overrides applied
    Column("extracted", JSON, nullable=False),           # the Incident as extracted, before overrides
)

incident_actors = Table(
    "incident_actors", metadata,
    Column("incident_id", ID, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("name", Text, nullable=False, index=True), Column("text", Text),
)

incident_labels = Table(  # attack types and weapons (vocabulary values)
    "incident_labels", metadata,
    Column("incident_id", ID, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), primary_key=True),        # "attack_type" | "weapon"
    Column("value", String(40), primary_key=True),
    Index("ix_incident_labels_kind_value", "kind", "value"),
)

incident_targets = Table(
    "incident_targets", metadata,
    Column("incident_id", ID, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("type", String(40), nullable=False, index=True), Column("name", Text), Column("effect", String(20)),
)

incident_casualties = Table(
    "incident_casualties", metadata,
    Column("incident_id", ID, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("outcome", String(16), nullable=False), Column("grp", String(20), nullable=False),
    Column("count", Count), Column("low", Count), Column("high", Count),
    Column("qualifier", String(10), nullable=False), Column("text", Text),
)

incident_sources = Table(
    "incident_sources", metadata,
    Column("incident_id", ID, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("name", Text, nullable=False, index=True), Column("type", String(20)),
)

evidence = Table(
    "evidence", metadata,
    Column("owner_id", ID, primary_key=True),            # an incident id or an aggregate id
    Column("idx", Integer, primary_key=True),
    Column("document_id", ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("field", String(60), nullable=False),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
)

aggregates = Table(
    "aggregates", metadata,
    Column("id", ID, primary_key=True),                  # f"{document_id}#a{index}"
    Column("document_id", ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("idx", Integer, nullable=False),
    Column("metric", String(20), nullable=False), Column("count", Count), Column("qualifier", String(10)),
    Column("low", Count), Column("high", Count), Column("grp", String(40)),
    Column("period_start", String(10)), Column("period_end", String(10)),
    Column("area", Text), Column("source", Text),
    Column("data", JSON, nullable=False),
)

cases = Table(
    "cases", metadata,
    Column("id", String(40), primary_key=True),          # "c-" + 12 hex, stable once created
    Column("seq", Integer, nullable=False, unique=True),  # creation order
    Column("date_start", String(10), index=True), Column("date_end", String(10), index=True),
    Column("date_precision", String(8), nullable=False),
    Column("place_name", Text), Column("place_canonical", Text), Column("gazetteer_id", String(100)),
    Column("lat", Float), Column("lon", Float),
    Column("admin1", Text, index=True), Column("country", String(2), index=True),
    Column("killed_low", Count), Column("killed_best", Count), Column("killed_high", Count),
    Column("injured_low", Count), Column("injured_best", Count), Column("injured_high", Count),
    Column("n_documents", Integer, nullable=False), Column("n_independent_sources", Integer, nullable=False),
    Column("single_source", Boolean, nullable=False),
    Column("review_status", String(16), nullable=False, default="unreviewed"),
    Column("data", JSON, nullable=False),                # the merged case object (SPEC §4 jsonl shape)
)

case_members = Table(
    "case_members", metadata,
    Column("incident_id", ID, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("case_id", String(40), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("pinned", Boolean, nullable=False, default=False),  # placed by a reviewer: linking never moves it
    Column("score", Float),                              # best link score to the case when it joined
    Column("explanation", JSON, nullable=False),         # [{incident_id, score, features:[{name, weight, detail}]}]
)

case_facets = Table(  # what a case carries, for filters: actor, attack_type, weapon, target_type, source, publisher
    "case_facets", metadata,
    Column("case_id", String(40), ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("value", String(200), primary_key=True),
    Index("ix_case_facets_kind_value", "kind", "value"),
)

case_aliases = Table(  # ids of cases that were merged into another, so old links keep working
    "case_aliases", metadata,
    Column("old_id", String(40), primary_key=True),
    Column("new_id", String(40), nullable=False),
)

overrides = Table(  # reviewer corrections, re-applied whenever an extraction is (re)stored
    "overrides", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity", String(10), nullable=False),        # "incident" | "case" | "document"
    Column("entity_id", ID, nullable=False),
    Column("field", String(100), nullable=False),        # dotted path in the object, e.g. "killed.count"
    Column("value", JSON),
    Column("username", String(100), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("reason", Text),
    Column("active", Boolean, nullable=False, default=True),
    Index("ix_overrides_entity", "entity", "entity_id"),
)

review_log = Table(
    "review_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("username", String(100), nullable=False),
    Column("entity", String(10), nullable=False),
    Column("entity_id", ID, nullable=False),
    Column("action", String(20), nullable=False),        # correct | confirm | reject | status | move | split
    Column("field", String(100)),
    Column("before", JSON), Column("after", JSON),
    Column("reason", Text),
    Index("ix_review_log_entity", "entity", "entity_id"),
)

users = Table(
    "users", metadata,
    Column("username", String(100), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
)

# needs_review: a confirmed or corrected case took in a new report since it was reviewed
REVIEW_STATUSES: tuple[str, ...] = ("unreviewed", "confirmed", "corrected", "rejected", "needs_review")
