"""Queries the exports, ``docket stats`` and the web app share: one set of filters, parameterised SQL.

Filters combine with AND; a tuple of values within one filter combines with OR. Case filters look at the
case's merged values (``case_facets``); incident filters at the incident's own rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    text,
    true,
)

from docket.store import schema as S


@dataclass(frozen=True)
class Filters:
    date_from: str | None = None          # YYYY-MM-DD: the case/incident date range overlaps [from, to]
    date_to: str | None = None
    country: tuple[str, ...] = ()         # ISO alpha-2
    admin1: tuple[str, ...] = ()          # governorate (as the gazetteer names it); case-insensitive
    actor: tuple[str, ...] = ()
    attack_type: tuple[str, ...] = ()
    weapon: tuple[str, ...] = ()
    target_type: tuple[str, ...] = ()
    min_killed: int | None = None         # best (else low) killed at least this
    min_injured: int | None = None
    source: tuple[str, ...] = ()          # a reporting source or publisher name, case-insensitive substring
    single_source: bool | None = None     # True: only single-source cases; False: only corroborated
    review_status: tuple[str, ...] = ()
    text: str | None = None               # full-text search over report text and title
    document_id: str | None = None
    case_id: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, ()) for f in fields(self))


def _lower_in(col: Any, values: tuple[str, ...]) -> ColumnElement[bool]:
    return func.lower(col).in_([v.lower() for v in values])


def fts_query(q: str) -> str:
    """A safe FTS5 query: every word quoted, all required."""
    words = re.findall(r"\w+", q)
    return " ".join(f'"{w}"' for w in words)


def _text_match(conn_dialect: str, doc_id_col: Any, q: str) -> ColumnElement[bool]:
    d = S.documents
    if conn_dialect == "sqlite":
        return doc_id_col.in_(
            select(text("document_id")).select_from(text("documents_fts"))
            .where(text("documents_fts MATCH :fts_q")).params(fts_q=fts_query(q) or '""'))
    # the same expression as the GIN index ix_documents_fulltext, so PostgreSQL uses it
    match = text("to_tsvector('simple', coalesce(documents.title, '') || ' ' || documents.text)"
                 " @@ plainto_tsquery('simple', :ts_q)").bindparams(ts_q=q)
    return doc_id_col.in_(select(d.c.id).where(match))


def _facet(kind: str, values: tuple[str, ...]) -> ColumnElement[bool]:
    f = S.case_facets
    return exists(select(literal(1)).where(f.c.case_id == S.cases.c.id, f.c.kind == kind, f.c.value.in_(values)))


def case_conditions(flt: Filters, dialect: str) -> list[ColumnElement[bool]]:
    c, f = S.cases, S.case_facets
    cond: list[ColumnElement[bool]] = []
    if flt.date_from:
        cond.append(c.c.date_end >= flt.date_from)
    if flt.date_to:
        cond.append(c.c.date_start <= flt.date_to)
    if flt.country:
        cond.append(_lower_in(c.c.country, flt.country))
    if flt.admin1:
        cond.append(_lower_in(c.c.admin1, flt.admin1))
    for kind, values in (("actor", flt.actor), ("attack_type", flt.attack_type), ("weapon", flt.weapon),
                         ("target_type", flt.target_type)):
        if values:
            cond.append(_facet(kind, values))
    if flt.min_killed is not None:
        cond.append(func.coalesce(c.c.killed_best, c.c.killed_low, 0) >= flt.min_killed)
    if flt.min_injured is not None:
        cond.append(func.coalesce(c.c.injured_best, c.c.injured_low, 0) >= flt.min_injured)
    if flt.source:
        cond.append(exists(select(literal(1)).where(
            f.c.case_id == c.c.id, f.c.kind.in_(("source", "publisher")),
            or_(*[func.lower(f.c.value).contains(s.lower(), autoescape=True) for s in flt.source]))))
    if flt.single_source is not None:
        cond.append(c.c.single_source.is_(flt.single_source))
    if flt.review_status:
        cond.append(c.c.review_status.in_(flt.review_status))
    if flt.document_id:
        cond.append(_facet("document", (flt.document_id,)))
    if flt.case_id:
        cond.append(c.c.id == flt.case_id)
    if flt.text:
        docs = select(f.c.case_id).where(f.c.kind == "document", _text_match(dialect, f.c.value, flt.text))
        cond.append(c.c.id.in_(docs))
    return cond


def incident_conditions(flt: Filters, dialect: str) -> list[ColumnElement[bool]]:
    i, m = S.incidents, S.case_members
    cond: list[ColumnElement[bool]] = []
    if flt.date_from:
        cond.append(i.c.date_end >= flt.date_from)
    if flt.date_to:
        cond.append(i.c.date_start <= flt.date_to)
    if flt.country:
        cond.append(_lower_in(i.c.country, flt.country))
    if flt.admin1:
        cond.append(_lower_in(i.c.admin1, flt.admin1))
    if flt.actor:
        a = S.incident_actors
        cond.append(exists(select(literal(1)).where(a.c.incident_id == i.c.id, a.c.name.in_(flt.actor))))
    for kind, values in (("attack_type", flt.attack_type), ("weapon", flt.weapon)):
        if values:
            lab = S.incident_labels
            cond.append(exists(select(literal(1)).where(lab.c.incident_id == i.c.id, lab.c.kind == kind,
                                                        lab.c.value.in_(values))))
    if flt.target_type:
        t = S.incident_targets
        cond.append(exists(select(literal(1)).where(t.c.incident_id == i.c.id, t.c.type.in_(flt.target_type))))
    if flt.min_killed is not None:
        cond.append(func.coalesce(i.c.killed_count, 0) >= flt.min_killed)
    if flt.min_injured is not None:
        cond.append(func.coalesce(i.c.injured_count, 0) >= flt.min_injured)
    if flt.source:
        s, d = S.incident_sources, S.documents
        cond.append(or_(
            exists(select(literal(1)).where(s.c.incident_id == i.c.id, or_(
                *[func.lower(s.c.name).contains(v.lower(), autoescape=True) for v in flt.source]))),
            exists(select(literal(1)).where(d.c.id == i.c.document_id, or_(
                *[func.lower(d.c.publisher).contains(v.lower(), autoescape=True) for v in flt.source]))),
        ))
    if flt.single_source is not None:
        cond.append(exists(select(literal(1)).where(
            m.c.incident_id == i.c.id, m.c.case_id == S.cases.c.id, S.cases.c.single_source.is_(flt.single_source))))
    if flt.review_status:
        cond.append(i.c.review_status.in_(flt.review_status))
    if flt.document_id:
        cond.append(i.c.document_id == flt.document_id)
    if flt.case_id:
        cond.append(exists(select(literal(1)).where(m.c.incident_id == i.c.id, m.c.case_id == flt.case_id)))
    if flt.text:
        cond.append(_text_match(dialect, i.c.document_id, flt.text))
    return cond


def case_select(flt: Filters, dialect: str) -> Select:
    c = S.cases
    return (select(c.c.id, c.c.data, c.c.review_status)
            .where(and_(true(), *case_conditions(flt, dialect))).order_by(c.c.date_start.asc().nulls_last(), c.c.id))


def iter_cases(conn: Connection, flt: Filters = Filters(), limit: int | None = None,
               offset: int = 0) -> Iterator[dict[str, Any]]:
    """Case objects (SPEC §4 jsonl shape plus ``review_status``), ordered by date then id."""
    q = case_select(flt, conn.dialect.name).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    for r in conn.execute(q):
        yield {**r.data, "review_status": r.review_status}


def count_cases(conn: Connection, flt: Filters = Filters()) -> int:
    q = select(func.count()).select_from(S.cases).where(and_(true(), *case_conditions(flt, conn.dialect.name)))
    return conn.execute(q).scalar() or 0


def get_case(conn: Connection, case_id: str) -> dict[str, Any] | None:
    """One case by id (following the alias of a case merged into another)."""
    cid = conn.execute(select(S.case_aliases.c.new_id).where(S.case_aliases.c.old_id == case_id)).scalar() or case_id
    r = conn.execute(select(S.cases.c.data, S.cases.c.review_status).where(S.cases.c.id == cid)).first()
    return {**r.data, "review_status": r.review_status} if r else None


def iter_incidents(conn: Connection, flt: Filters = Filters(), limit: int | None = None,
                   offset: int = 0) -> Iterator[dict[str, Any]]:
    """Incidents as extracted (corrections applied), each with ``case_id``, ``document_id``,
    ``incident_index``, ``source``, ``publisher``, ``published`` and ``review_status``."""
    i, m, d = S.incidents, S.case_members, S.documents
    q = (select(i.c.data, i.c.document_id, i.c.idx, i.c.review_status, m.c.case_id, d.c.source, d.c.publisher,
                d.c.published, d.c.copy_of)
         .select_from(i.join(d, d.c.id == i.c.document_id).outerjoin(m, m.c.incident_id == i.c.id))
         .where(and_(true(), *incident_conditions(flt, conn.dialect.name)))
         .order_by(i.c.date_start.asc().nulls_last(), i.c.id).offset(offset))
    if limit is not None:
        q = q.limit(limit)
    for r in conn.execute(q):
        yield {**r.data, "case_id": r.case_id, "document_id": r.document_id, "incident_index": r.idx,
               "source": r.source, "publisher": r.publisher, "published": r.published,
               "copy_of": r.copy_of, "review_status": r.review_status}


def get_document(conn: Connection, document_id: str) -> dict[str, Any] | None:
    """A document with its incidents, aggregates and evidence spans (for the report page)."""
    d = conn.execute(select(S.documents).where(S.documents.c.id == document_id)).first()
    if d is None:
        return None
    out = dict(d._mapping)
    out["incidents"] = list(iter_incidents(conn, Filters(document_id=document_id)))
    out["incidents"].sort(key=lambda x: x["incident_index"])
    out["aggregates"] = [r.data for r in conn.execute(
        select(S.aggregates.c.data).where(S.aggregates.c.document_id == document_id).order_by(S.aggregates.c.idx))]
    return out


STAT_DIMENSIONS: tuple[str, ...] = ("month", "governorate", "actor", "weapon", "target_type", "attack_type")


def stats(conn: Connection, by: str, flt: Filters = Filters()) -> list[dict[str, Any]]:
    """Cases counted by one dimension with killed/injured low/best/high sums. Cases only: an event is
    counted once per group (a case with two weapons counts under each), aggregates never."""
    c, f = S.cases, S.case_facets
    cond = and_(true(), *case_conditions(flt, conn.dialect.name))
    if by == "month":
        key = func.coalesce(func.substr(c.c.date_start, 1, 7), "unknown")
        base = select(key.label("key"), c).where(cond)
    elif by == "governorate":
        base = select(func.coalesce(c.c.admin1, "unknown").label("key"), c).where(cond)
    elif by in ("actor", "weapon", "target_type", "attack_type"):
        g = f.alias("grouping")   # its own alias, so a facet filter's EXISTS on case_facets is not correlated to it
        base = (select(g.c.value.label("key"), c).select_from(c.join(g, and_(g.c.case_id == c.c.id, g.c.kind == by)))
                .where(cond))
    else:
        raise ValueError(f"unknown stats dimension {by!r} (one of {', '.join(STAT_DIMENSIONS)})")
    sub = base.subquery()
    cols = ["killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high"]
    def total(k: str) -> Any:
        # a sum of upper bounds is open (NULL) as soon as one case has a lower bound and no upper bound
        if not k.endswith("_high"):
            return func.sum(sub.c[k]).label(k)
        low = sub.c[k.replace("_high", "_low")]
        open_ = func.sum(case((and_(low.is_not(None), sub.c[k].is_(None)), 1), else_=0))
        return case((open_ > 0, null()), else_=func.sum(sub.c[k])).label(k)

    q = (select(sub.c.key, func.count().label("cases"), *[total(k) for k in cols])
         .group_by(sub.c.key).order_by(sub.c.key))
    out = []
    for r in conn.execute(q):
        row = {"key": r.key, "cases": r.cases}
        row.update({k: int(getattr(r, k)) if getattr(r, k) is not None else None for k in cols})
        out.append(row)
    if by != "month":
        out.sort(key=lambda x: (-x["cases"], str(x["key"])))
    return out
