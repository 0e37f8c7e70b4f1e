"""Reading cases, incidents, reports and the review log (read-only; the web app and the exports use these)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, func, literal_column, or_, select

from docket.store import schema as S
from docket.store.read.bounds import normalise_case
from docket.store.read.filters import Filters
from docket.store.read.where import case_where, incident_where


def _case(data: dict[str, Any], review_status: str) -> dict[str, Any]:
    return {**normalise_case(data), "review_status": review_status}


def iter_cases(conn: Connection, flt: Filters = Filters(), limit: int | None = None, offset: int = 0,
               newest_first: bool = False, at: tuple[float, float] | None = None,
               batch: int = 500) -> Iterator[dict[str, Any]]:
    """Case objects (SPEC §4 jsonl shape plus ``review_status``), by date then id (oldest first unless
    ``newest_first``). Rows are streamed from the database ``batch`` at a time, so memory stays constant."""
    c = S.cases
    order = ((c.c.date_start.desc().nulls_last(), c.c.id) if newest_first
             else (c.c.date_start.asc().nulls_last(), c.c.id))
    q = select(c.c.data, c.c.review_status).where(case_where(flt, conn.dialect.name, at)).order_by(*order)
    q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    for r in conn.execute(q.execution_options(yield_per=batch)):
        yield _case(r.data, r.review_status)


def count_cases(conn: Connection, flt: Filters = Filters(), at: tuple[float, float] | None = None) -> int:
    q = select(func.count()).select_from(S.cases).where(case_where(flt, conn.dialect.name, at))
    return conn.execute(q).scalar() or 0


def case_page(conn: Connection, flt: Filters, limit: int, offset: int,
              at: tuple[float, float] | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total, cases) for the filtered view, newest first."""
    return count_cases(conn, flt, at), list(iter_cases(conn, flt, limit, offset, newest_first=True, at=at))


def resolve_case_id(conn: Connection, case_id: str) -> str:
    """The id a case has now (following the alias of a case merged into another)."""
    return conn.execute(select(S.case_aliases.c.new_id).where(S.case_aliases.c.old_id == case_id)).scalar() or case_id


def get_case(conn: Connection, case_id: str) -> dict[str, Any] | None:
    """One case by id (following the alias of a case merged into another)."""
    cid = resolve_case_id(conn, case_id)
    r = conn.execute(select(S.cases.c.data, S.cases.c.review_status).where(S.cases.c.id == cid)).first()
    return _case(r.data, r.review_status) if r else None


def location_of(conn: Connection, entity: str, entity_id: str) -> dict[str, Any] | None:
    """The current location object of a case or an incident (corrections applied)."""
    table = S.cases if entity == "case" else S.incidents
    data = conn.execute(select(table.c.data).where(table.c.id == entity_id)).scalar()
    loc = (data or {}).get("location")
    return loc if isinstance(loc, dict) else None


def case_of_incident(conn: Connection, incident_id: str) -> str | None:
    return conn.execute(select(S.case_members.c.case_id).where(S.case_members.c.incident_id == incident_id)).scalar()


def iter_incidents(conn: Connection, flt: Filters = Filters(), limit: int | None = None, offset: int = 0,
                   batch: int = 500) -> Iterator[dict[str, Any]]:
    """Incidents as extracted (corrections applied), each with ``case_id``, ``document_id``,
    ``incident_index``, ``source``, ``publisher``, ``published`` and ``review_status``; streamed."""
    i, m, d = S.incidents, S.case_members, S.documents
    q = (select(i.c.data, i.c.document_id, i.c.idx, i.c.review_status, m.c.case_id, d.c.source, d.c.publisher,
                d.c.published, d.c.copy_of)
         .select_from(i.join(d, d.c.id == i.c.document_id).outerjoin(m, m.c.incident_id == i.c.id))
         .where(incident_where(flt, conn.dialect.name))
         .order_by(i.c.date_start.asc().nulls_last(), i.c.id).offset(offset))
    if limit is not None:
        q = q.limit(limit)
    for r in conn.execute(q.execution_options(yield_per=batch)):
        yield {**r.data, "case_id": r.case_id, "document_id": r.document_id, "incident_index": r.idx,
               "source": r.source, "publisher": r.publisher, "published": r.published,
               "copy_of": r.copy_of, "review_status": r.review_status}


def count_incidents(conn: Connection, flt: Filters = Filters()) -> int:
    q = select(func.count()).select_from(S.incidents).where(incident_where(flt, conn.dialect.name))
    return conn.execute(q).scalar() or 0


def incident_page(conn: Connection, flt: Filters, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    return count_incidents(conn, flt), list(iter_incidents(conn, flt, limit=limit, offset=offset))


def incidents_by_id(conn: Connection, ids: list[str]) -> dict[str, Any]:
    """``{id: row}`` with ``data``, ``extracted``, ``review_status``, ``idx`` and ``document_id``."""
    i = S.incidents
    if not ids:
        return {}
    return {r.id: r for r in conn.execute(select(i.c.id, i.c.data, i.c.extracted, i.c.review_status, i.c.idx,
                                                 i.c.document_id).where(i.c.id.in_(ids)))}


def documents_by_id(conn: Connection, ids: set[str]) -> dict[str, Any]:
    """``{id: row}`` with ``title`` and ``copy_of``."""
    d = S.documents
    if not ids:
        return {}
    return {r.id: r for r in conn.execute(select(d.c.id, d.c.title, d.c.copy_of).where(d.c.id.in_(ids)))}


def document_file(conn: Connection, document_id: str) -> tuple[str, str | None] | None:
    """``(sha256, source)`` of a stored report, for its archived original."""
    r = conn.execute(select(S.documents.c.sha256, S.documents.c.source)
                     .where(S.documents.c.id == document_id)).first()
    return (r.sha256, r.source) if r else None


def get_document(conn: Connection, document_id: str) -> dict[str, Any] | None:
    """A document with its incidents and aggregates (for the report page)."""
    d = conn.execute(select(S.documents).where(S.documents.c.id == document_id)).first()
    if d is None:
        return None
    out = dict(d._mapping)
    out.pop("search", None)  # the folded copy for full-text search (PostgreSQL): not part of the report
    out["incidents"] = sorted(iter_incidents(conn, Filters(document_id=document_id)),
                              key=lambda x: x["incident_index"])
    out["aggregates"] = [r.data for r in conn.execute(
        select(S.aggregates.c.data).where(S.aggregates.c.document_id == document_id).order_by(S.aggregates.c.idx))]
    return out


def evidence_rows(conn: Connection, *, owner_ids: list[str] | None = None,
                  document_id: str | None = None) -> list[dict[str, Any]]:
    """Evidence spans of some owners (incidents, aggregates) or of one document, by owner then index."""
    e = S.evidence
    q = select(e.c.owner_id, e.c.idx, e.c.field, e.c.start, e.c.end).order_by(e.c.owner_id, e.c.idx)
    if owner_ids is not None:
        if not owner_ids:
            return []
        q = q.where(e.c.owner_id.in_(owner_ids))
    if document_id is not None:
        q = q.where(e.c.document_id == document_id)
    return [dict(r._mapping) for r in conn.execute(q)]


def evidence_index(conn: Connection, owner_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in evidence_rows(conn, owner_ids=owner_ids):
        out[r["owner_id"]].append({k: r[k] for k in ("idx", "field", "start", "end")})
    return out


def review_log(conn: Connection, entities: list[tuple[str, str]] | None, limit: int = 200,
               offset: int = 0) -> list[dict[str, Any]]:
    """Review-log entries, newest first; ``entities``: only those ``(entity, entity_id)`` pairs."""
    rl = S.review_log
    q = select(rl).order_by(rl.c.id.desc()).limit(limit).offset(offset)
    if entities is not None:
        if not entities:
            return []
        q = q.where(or_(*[and_(rl.c.entity == e, rl.c.entity_id == x) for e, x in entities]))
    return [dict(r._mapping) for r in conn.execute(q)]


def missing_database(url: str) -> str | None:
    """One line when ``url`` names a SQLite file that does not exist (a reader must not create it empty)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        u = make_url(url)
    except ArgumentError:
        return None   # Store.open says what is wrong with it
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    path = Path(u.database)
    if path.is_file():
        return None
    return f"{path}: no such database (create it with `docket run REPORTS --db {url}`)"


def gazetteer_ids(conn: Connection, flt: Filters, level: str = "case") -> list[str]:
    """The distinct gazetteer ids of the filtered cases (or incidents): what an export owes attribution for."""
    if level == "case":
        c = S.cases
        q = select(c.c.gazetteer_id).where(case_where(flt, conn.dialect.name), c.c.gazetteer_id.is_not(None))
    else:
        i = S.incidents
        q = select(i.c.gazetteer_id).where(incident_where(flt, conn.dialect.name), i.c.gazetteer_id.is_not(None))
    return [r[0] for r in conn.execute(q.distinct())]


def case_info(conn: Connection) -> dict[str, tuple[int, bool]]:
    """``{case id: (independent sources, single source)}`` for the incident-level exports."""
    c = S.cases
    return {r.id: (r.n_independent_sources, bool(r.single_source))
            for r in conn.execute(select(c.c.id, c.c.n_independent_sources, c.c.single_source))}


def value_reviews(conn: Connection, entity: str, entity_id: str) -> dict[str, dict[str, Any]]:
    """Per value (dotted path) of a case or incident, what reviewers last said of it: ``{verdict: confirm |
    dispute | correct, username, at, reason, value, original}``; ``original`` is the value before the first
    correction (kept however often it was corrected since)."""
    rl = S.review_log
    q = (select(rl.c.action, rl.c.field, rl.c.username, rl.c.at, rl.c.reason, rl.c.before, rl.c.after)
         .where(rl.c.entity == entity, rl.c.entity_id == entity_id,
                rl.c.action.in_(("confirm", "dispute", "correct")), rl.c.field.is_not(None))
         .order_by(rl.c.id))
    out: dict[str, dict[str, Any]] = {}
    for r in conn.execute(q):
        prev = out.get(r.field)
        original = prev["original"] if prev and prev.get("corrected") else (r.before if r.action == "correct" else None)
        corrected = bool(prev and prev.get("corrected")) or r.action == "correct"
        out[r.field] = {"verdict": r.action, "username": r.username, "at": r.at, "reason": r.reason,
                        "value": r.after, "original": original, "corrected": corrected}
    return out


def corrections(conn: Connection, entity: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Every corrected value of the cases (or incidents): ``{id: {field: {original, value, by, at, reason}}}``,
    ``original`` being the value before the first correction (for the exports, which carry both)."""
    rl = S.review_log
    q = (select(rl.c.entity_id, rl.c.field, rl.c.before, rl.c.after, rl.c.username, rl.c.at, rl.c.reason)
         .where(rl.c.entity == entity, rl.c.action == "correct").order_by(rl.c.id))
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for r in conn.execute(q):
        fields = out.setdefault(r.entity_id, {})
        first = fields.get(r.field)
        fields[r.field] = {"original": first["original"] if first else r.before, "value": r.after,
                           "by": r.username, "at": r.at, "reason": r.reason}
    return out


def queue_order(c: Any) -> Any:
    """The queue's first sort key, written as index ``ix_web_cases_queue`` has it (a literal, not a parameter)."""
    return func.coalesce(c.c.killed_best, c.c.killed_low, literal_column("-1")).desc()


def queue(conn: Connection, limit: int, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """The review queue: cases never reviewed, cases that changed after a review (a new report joined a
    confirmed or corrected case: ``needs_review``), and cases with a disputed value; the most killed first,
    then the most recent."""
    c, rl = S.cases, S.review_log
    disputed = select(rl.c.entity_id).where(rl.c.entity == "case", rl.c.action == "dispute")
    where = or_(c.c.review_status.in_(("unreviewed", "needs_review")), c.c.id.in_(disputed))
    total = conn.execute(select(func.count()).select_from(c).where(where)).scalar() or 0
    q = (select(c.c.data, c.c.review_status).where(where)
         .order_by(queue_order(c), c.c.date_start.desc(), c.c.id).limit(limit).offset(offset))
    return total, [_case(r.data, r.review_status) for r in conn.execute(q)]


def data_version(conn: Connection) -> tuple[Any, ...]:
    """Cheap (index-only) markers that move whenever the docket changes."""
    return tuple(conn.execute(select(
        select(func.max(S.documents.c.seq)).scalar_subquery(),
        select(func.max(S.cases.c.seq)).scalar_subquery(),
        select(func.max(S.review_log.c.id)).scalar_subquery(),
        select(func.max(S.overrides.c.id)).scalar_subquery(),
    )).one())
