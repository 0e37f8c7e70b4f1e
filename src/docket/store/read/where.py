"""Where-builders: the SQL conditions of a :class:`Filters`, for cases and for incidents (parameterised only)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, text, true

from docket.store import schema as S
from docket.store.read.filters import Filters
from docket.text.names import search_text

FACET_FILTERS: tuple[str, ...] = ("actor", "attack_type", "weapon", "target_type")
# what PostgreSQL's full-text index (ix_documents_fulltext, migration 0004) covers: the folded copy when there is one
FULLTEXT_DOCUMENT = "coalesce(documents.search, coalesce(documents.title, '') || ' ' || documents.text)"


def _lower_in(col: Any, values: tuple[str, ...]) -> ColumnElement[bool]:
    return func.lower(col).in_([v.lower() for v in values])


def fts_query(q: str) -> str:
    """A safe FTS5 query: every word quoted, all required."""
    words = re.findall(r"\w+", q)
    return " ".join(f'"{w}"' for w in words)


def text_match(dialect: str, doc_id_col: Any, q: str) -> ColumnElement[bool]:
    """``doc_id_col`` is a document whose title or text holds every word of ``q`` (FTS5 / PostgreSQL FTS)."""
    q = search_text(q)  # Arabic words folded as the index folds them ("ادلب" finds "إدلب")
    if dialect == "sqlite":
        return doc_id_col.in_(
            select(text("document_id")).select_from(text("documents_fts"))
            .where(text("documents_fts MATCH :fts_q")).params(fts_q=fts_query(q) or '""'))
    d = S.documents
    # the same expression as the GIN index ix_documents_fulltext, so PostgreSQL uses it
    match = text(f"to_tsvector('simple', {FULLTEXT_DOCUMENT}) @@ plainto_tsquery('simple', :ts_q)").bindparams(ts_q=q)
    return doc_id_col.in_(select(d.c.id).where(match))


def _contains_any(col: Any, values: tuple[str, ...]) -> ColumnElement[bool]:
    return or_(*[func.lower(col).contains(v.lower(), autoescape=True) for v in values])


def _when_where(flt: Filters, table: Any) -> list[ColumnElement[bool]]:
    """The date-range and place conditions, the same on cases and incidents (both have these columns)."""
    cond: list[ColumnElement[bool]] = []
    if flt.date_from:
        cond.append(table.c.date_end >= flt.date_from)
    if flt.date_to:
        cond.append(table.c.date_start <= flt.date_to)
    if flt.country:
        cond.append(_lower_in(table.c.country, flt.country))
    if flt.admin1:
        cond.append(_lower_in(table.c.admin1, flt.admin1))
    return cond


def case_conditions(flt: Filters, dialect: str) -> list[ColumnElement[bool]]:
    """Conditions on ``cases``; facet filters as ``id IN (cases having the value)`` so the database can start
    from the few matching cases instead of probing every case."""
    c, f = S.cases, S.case_facets
    cond = _when_where(flt, c)
    for kind in FACET_FILTERS:
        values = getattr(flt, kind)
        if values:
            cond.append(c.c.id.in_(select(f.c.case_id).where(f.c.kind == kind, f.c.value.in_(values))))
    if flt.min_killed is not None:
        cond.append(func.coalesce(c.c.killed_best, c.c.killed_low, 0) >= flt.min_killed)
    if flt.min_injured is not None:
        cond.append(func.coalesce(c.c.injured_best, c.c.injured_low, 0) >= flt.min_injured)
    if flt.source:
        cond.append(c.c.id.in_(select(f.c.case_id).where(f.c.kind.in_(("source", "publisher")),
                                                         _contains_any(f.c.value, flt.source))))
    if flt.single_source is not None:
        cond.append(c.c.single_source.is_(flt.single_source))
    if flt.review_status:
        cond.append(c.c.review_status.in_(flt.review_status))
    if flt.document_id:
        cond.append(c.c.id.in_(select(f.c.case_id).where(f.c.kind == "document", f.c.value == flt.document_id)))
    if flt.case_id:
        cond.append(c.c.id == flt.case_id)
    if flt.text:
        docs = select(f.c.case_id).where(f.c.kind == "document", text_match(dialect, f.c.value, flt.text))
        cond.append(c.c.id.in_(docs))
    if flt.language:  # a case with at least one report in one of these languages
        cond.append(c.c.id.in_(select(f.c.case_id).where(f.c.kind == "document",
                                                         f.c.value.in_(_in_language(flt.language)))))
    return cond


def _in_language(languages: tuple[str, ...]) -> Any:
    """The ids of the documents whose recorded language is one of ``languages`` (own alias: no correlation)."""
    d = S.documents.alias("lang_doc")
    return select(d.c.id).where(d.c.language.in_(languages))


def case_where(flt: Filters, dialect: str, at: tuple[float, float] | None = None) -> ColumnElement[bool]:
    cond = case_conditions(flt, dialect)
    if at is not None:
        cond += [S.cases.c.lat == at[0], S.cases.c.lon == at[1]]
    return and_(true(), *cond)


def incident_conditions(flt: Filters, dialect: str) -> list[ColumnElement[bool]]:
    """Conditions on ``incidents``; every sub-query names its own tables (``IN``), so none correlates with a
    table the outer query joins (the source filter over ``documents`` did, and crashed)."""
    i, m = S.incidents, S.case_members
    cond = _when_where(flt, i)
    if flt.actor:
        a = S.incident_actors
        cond.append(i.c.id.in_(select(a.c.incident_id).where(a.c.name.in_(flt.actor))))
    for kind, values in (("attack_type", flt.attack_type), ("weapon", flt.weapon)):
        if values:
            lab = S.incident_labels
            cond.append(i.c.id.in_(select(lab.c.incident_id).where(lab.c.kind == kind, lab.c.value.in_(values))))
    if flt.target_type:
        t = S.incident_targets
        cond.append(i.c.id.in_(select(t.c.incident_id).where(t.c.type.in_(flt.target_type))))
    if flt.min_killed is not None:
        cond.append(func.coalesce(i.c.killed_count, 0) >= flt.min_killed)
    if flt.min_injured is not None:
        cond.append(func.coalesce(i.c.injured_count, 0) >= flt.min_injured)
    if flt.source:
        s, d = S.incident_sources, S.documents.alias("source_doc")
        cond.append(or_(
            i.c.id.in_(select(s.c.incident_id).where(_contains_any(s.c.name, flt.source))),
            i.c.document_id.in_(select(d.c.id).where(_contains_any(d.c.publisher, flt.source))),
        ))
    if flt.single_source is not None:
        cs = S.cases.alias("member_case")
        cond.append(i.c.id.in_(select(m.c.incident_id).join(cs, cs.c.id == m.c.case_id)
                               .where(cs.c.single_source.is_(flt.single_source))))
    if flt.review_status:
        cond.append(i.c.review_status.in_(flt.review_status))
    if flt.document_id:
        cond.append(i.c.document_id == flt.document_id)
    if flt.case_id:
        cond.append(i.c.id.in_(select(m.c.incident_id).where(m.c.case_id == flt.case_id)))
    if flt.text:
        cond.append(text_match(dialect, i.c.document_id, flt.text))
    if flt.language:
        cond.append(i.c.document_id.in_(_in_language(flt.language)))
    return cond


def incident_where(flt: Filters, dialect: str) -> ColumnElement[bool]:
    return and_(true(), *incident_conditions(flt, dialect))


