"""Reads and writes of the docket database, each document in one transaction.

``Store.open(url)`` creates or migrates the database (Alembic) and returns a store; the caller holds it.
Linking state is loaded from the database on first use and kept in the store object.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

from docket.link.linker import Assignment, Linker, new_case_id
from docket.link.merge import merge_case
from docket.link.stage import CACHE_RECORDS, LinkInput, LinkStage, StoredIncident
from docket.model import Aggregate, CaseMember, Document, Extraction, Incident
from docket.store import schema as S
from docket.store.archive import Archive
from docket.store.read.bounds import check_correction, normalise_case
from docket.text.names import search_text

DEFAULT_URL = "sqlite:///./docket.db"
LINKER_USER = "docket-linker"   # the name review-log entries made by linking carry


class StoreError(Exception):
    """A one-line problem with the database or its input."""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def text_hash(text: str) -> str:
    """Hash of the cleaned text with whitespace normalised: equal for copies of one text."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def incident_id(document_id: str, index: int) -> str:
    return f"{document_id}#{index}"


def aggregate_id(document_id: str, index: int) -> str:
    return f"{document_id}#a{index}"


# -- dotted paths for overrides --------------------------------------------------------------------------
def _step(container: Any, key: str) -> Any:
    if isinstance(container, list):
        if key.isdigit():
            return container[int(key)]
        for item in container:  # casualties.killed -> the element whose outcome is "killed"
            if isinstance(item, dict) and key in (item.get("outcome"), item.get("field"), item.get("type")):
                return item
        raise KeyError(key)
    return container[key]


def get_path(obj: dict[str, Any], path: str) -> Any:
    cur: Any = obj
    for key in path.split("."):
        try:
            cur = _step(cur, key)
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    cur: Any = obj
    for i, key in enumerate(keys[:-1]):
        try:
            nxt = _step(cur, key)
        except (KeyError, IndexError, TypeError):
            nxt = None
        if nxt is None:
            if isinstance(cur, list) and not key.isdigit():
                nxt = {"outcome": key}
                cur.append(nxt)
            elif isinstance(cur, dict):
                nxt = [] if keys[i + 1].isdigit() else {}
                cur[key] = nxt
            else:
                raise StoreError(f"cannot set {path!r}: {key!r} is not a field")
        cur = nxt
    last = keys[-1]
    if isinstance(cur, list):
        if last.isdigit() and int(last) < len(cur):
            cur[int(last)] = value
        else:
            raise StoreError(f"cannot set {path!r}: no element {last!r}")
    elif isinstance(cur, dict):
        cur[last] = value
    else:
        raise StoreError(f"cannot set {path!r}")


SPECIAL_FIELDS = {"case_id", "review_status"}

# Statements used per document, built once (SQLAlchemy then reuses their compiled form).
_OVERRIDES_OF = (select(S.overrides).where(S.overrides.c.entity == bindparam("o_entity"),
                                           S.overrides.c.entity_id == bindparam("o_id"),
                                           S.overrides.c.active.is_(True)).order_by(S.overrides.c.id))
_UPDATE_CASE = S.cases.update().where(S.cases.c.id == bindparam("b_id"))


@dataclass
class StoreResult:
    status: str                      # new | copy | duplicate | replaced
    document_id: str
    n_incidents: int = 0
    n_aggregates: int = 0
    case_ids: list[str] = field(default_factory=list)


SQLITE_CACHE_KIB = 8192  # page cache per connection; the OS file cache does the rest


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")  # first: switching to WAL waits for another process's lock too
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")  # bounded: memory must not grow with the database
    cur.close()
    # Python's sqlite3 opens transactions only before INSERT/UPDATE/DELETE, so DDL (the migration's CREATE
    # TABLEs) would commit one statement at a time and a kill mid-migration would leave half a schema.
    # Let SQLAlchemy's begin emit a real BEGIN instead (the SQLAlchemy documentation's recipe).
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Any) -> None:
    # A write transaction takes the write lock at BEGIN (waiting up to busy_timeout for another writer): a
    # deferred one that reads first and then writes fails at once with "database is locked" when another
    # process wrote in between, because SQLite cannot wait for it without a deadlock.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


WRITE = "docket_write"        # execution option of the store's write transactions
WRITER_LOCK = 0x646F636B6574  # PostgreSQL advisory lock key ("docket") taken by every write transaction
RETRIES = 5                   # a write transaction that meets a lock or a concurrent change is tried again


def _retryable(exc: BaseException) -> bool:
    """A lock timeout, deadlock or serialisation failure: trying the transaction again can succeed."""
    if not isinstance(exc, OperationalError | DBAPIError):
        return False
    msg = str(getattr(exc, "orig", exc)).lower()
    return any(s in msg for s in ("database is locked", "database table is locked", "deadlock detected",
                                  "could not serialize", "lock timeout"))


def default_archive_dir(url: str) -> Path:
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        db = Path(u.database)
        return db.with_name(f"{db.stem}-archive")
    from docket.config import docket_home

    return docket_home() / "archive"


class Store:
    """The docket database plus its archive. Not thread-safe; several processes may write at once (their
    write transactions take turns, see ``store_extraction``)."""

    link_cache_size: int = CACHE_RECORDS   # full link records the link stage keeps in memory (the rest: read back)

    def __init__(self, engine: Engine, archive: Archive) -> None:
        self.engine = engine
        self.archive = archive
        self._linking: LinkStage | None = None
        self.is_sqlite = engine.dialect.name == "sqlite"
        # write transactions: BEGIN IMMEDIATE on SQLite, the writers' advisory lock on PostgreSQL
        self.writer = engine.execution_options(**{WRITE: True})
        self._marker: tuple[int, int] | None = None  # (max document seq, max case seq) the linker has seen
        self._transaction: Connection | None = None    # the write transaction under way (link records read in it)

    def _write_lock(self, conn: Connection) -> None:
        """Serialise writers across processes (SQLite's BEGIN IMMEDIATE already did)."""
        if not self.is_sqlite:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")

    def _read_marker(self, conn: Connection) -> tuple[int, int]:
        return (conn.execute(select(func.max(S.documents.c.seq))).scalar() or 0,
                conn.execute(select(func.max(S.cases.c.seq))).scalar() or 0)

    # -- opening ---------------------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str = DEFAULT_URL, archive_dir: Path | None = None) -> Store:
        """Open (creating and migrating as needed) the database at ``url``."""
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://"):]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        try:
            u = make_url(url)
        except ArgumentError:
            raise StoreError(f"{url}: not a database URL (use sqlite:///FILE or postgresql://...)") from None
        if u.get_backend_name() not in ("sqlite", "postgresql"):
            raise StoreError(f"{url}: unsupported database (use sqlite:///FILE or postgresql://...)")
        if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
            parent = Path(u.database).parent
            if not parent.is_dir():
                raise StoreError(f"{u.database}: folder {parent} does not exist")
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        store = cls(engine, Archive(archive_dir or default_archive_dir(url)))
        store.migrate()
        return store

    def migrate(self) -> None:
        pkg = resources.files("docket.store")
        cfg = Config(str(pkg / "alembic.ini"))
        cfg.set_main_option("script_location", str(pkg / "migrations"))
        try:
            with self.writer.begin() as conn:  # one process migrates; the others wait, then find it done
                self._write_lock(conn)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise StoreError(f"{self.engine.url.render_as_string(hide_password=True)}: {msg}") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents -------------------------------------------------------------------------------------
    def has_document(self, document_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(S.documents.c.id).where(S.documents.c.id == document_id)).first() is not None

    def store_extraction(self, extraction: Extraction, raw: bytes, *, replace: bool = False,
                         assignments: list[Assignment] | None = None) -> StoreResult:
        """Archive ``raw`` and store the extraction, its incidents, aggregates and case assignments in one
        transaction. ``assignments`` come from ``LinkStage.assign(store.link_input(extraction))``; without
        them the store's own link stage (:attr:`linking`) decides. The store's stage is kept current.

        Safe with other processes writing to the same database: writers take turns (a lock per
        transaction), a document another process stored meanwhile is a duplicate, and linking state is
        reloaded when another process changed it."""
        for attempt in range(RETRIES + 1):
            try:
                with self.writer.begin() as conn:
                    self._write_lock(conn)
                    if self._linking is not None and self._read_marker(conn) != self._marker:
                        self._linking = None  # another process stored documents: link against them too
                    self._transaction = conn
                    try:
                        result, committed = self._store_in_transaction(extraction, raw, replace, assignments, conn)
                    finally:
                        self._transaction = None
                    marker = self._read_marker(conn)
                self._marker = marker
                committed()
                return result
            except BaseException as exc:
                self._linking = None  # the transaction rolled back: reload linking state from the database
                if attempt == RETRIES or not _retryable(exc):
                    raise
                time.sleep(random.uniform(0.05, 0.5) * (attempt + 1))
        raise AssertionError("unreachable")

    def link_input(self, extraction: Extraction) -> LinkInput:
        """The document as linking sees it before it is stored: reviewers' corrections and pins applied."""
        doc = extraction.document
        with self.engine.connect() as conn:
            row = conn.execute(select(S.documents.c.copy_of).where(S.documents.c.id == doc.id)).first()
            th = text_hash(doc.text)
            copy_of = row.copy_of if row is not None else conn.execute(
                select(S.documents.c.id).where(S.documents.c.text_hash == th).order_by(S.documents.c.seq).limit(1)
            ).scalar()
            group = th if not copy_of else self._copy_group(conn, copy_of)
            incidents, pins = [], {}
            for i, inc in enumerate(extraction.incidents):
                iid = incident_id(doc.id, i)
                data, _status, pin = self._apply_incident_overrides(conn, iid, {**inc.to_dict(), "id": iid})
                incidents.append(Incident.from_dict(data))
                if pin:
                    pins[iid] = pin
        return LinkInput(doc.id, group, doc.published, incidents, pins)

    def _search_column(self, doc: Document) -> str | None:
        """``documents.search`` (PostgreSQL): the folded title and text when folding changes them, else NULL."""
        if self.is_sqlite:
            return None
        plain = f"{doc.title or ''} {doc.text}"
        folded = search_text(plain)
        return folded if folded != plain else None

    def _store_in_transaction(self, extraction: Extraction, raw: bytes, replace: bool,
                              assignments: list[Assignment] | None,
                              transaction: Connection) -> tuple[StoreResult, Callable[[], None]]:
        """The writes of one document in the caller's ``transaction``; returns the result and what to do to
        the in-memory link stage once it commits."""
        doc = extraction.document
        conn = transaction
        existing = conn.execute(select(S.documents.c.id).where(S.documents.c.id == doc.id)).first()
        if existing is not None and not replace:
            return StoreResult("duplicate", doc.id), lambda: None
        copy = self.archive.put(raw)  # before the commit: a committed document always has its copy
        th = text_hash(doc.text)
        removed: list[str] = []
        if existing is not None:
            removed = self._delete_document_rows(conn, doc.id)
            status = "replaced"
            first = conn.execute(select(S.documents.c.copy_of).where(S.documents.c.id == doc.id)).scalar()
            conn.execute(update(S.documents).where(S.documents.c.id == doc.id).values(
                text=doc.text, title=doc.title, published=doc.published, publisher=doc.publisher,
                language=doc.language, source=doc.source, text_hash=th, search=self._search_column(doc)))
            copy_of = first
        else:
            copy_of = conn.execute(
                select(S.documents.c.id).where(S.documents.c.text_hash == th).order_by(S.documents.c.seq).limit(1)
            ).scalar()
            status = "copy" if copy_of else "new"
            seq = (conn.execute(select(func.max(S.documents.c.seq))).scalar() or 0) + 1
            conn.execute(insert(S.documents), dict(
                id=doc.id, seq=seq, sha256=copy.sha256, text_hash=th, copy_of=copy_of, source=doc.source,
                publisher=doc.publisher, title=doc.title, published=doc.published, language=doc.language,
                text=doc.text, n_bytes=copy.size, archive_path=copy.relpath, received_at=now(), review_status="unreviewed",
                search=self._search_column(doc),
            ))
        if self.is_sqlite:
            if existing is not None:  # document_id is UNINDEXED in FTS5: only scan when replacing
                conn.exec_driver_sql("DELETE FROM documents_fts WHERE document_id = ?", (doc.id,))
            conn.exec_driver_sql("INSERT INTO documents_fts (document_id, title, text) VALUES (?, ?, ?)",
                                 (doc.id, search_text(doc.title or ""), search_text(doc.text)))
        group = th if not copy_of else self._copy_group(conn, copy_of)
        incidents: list[Incident] = []
        pins: dict[str, str] = {}
        for i, inc in enumerate(extraction.incidents):
            iid = incident_id(doc.id, i)
            extracted = inc.to_dict()
            extracted["id"] = iid
            data, status_override, pin = self._apply_incident_overrides(conn, iid, extracted)
            self._insert_incident(conn, doc.id, i, extracted, data, status_override)
            incidents.append(Incident.from_dict(data))
            if pin:
                pins[iid] = pin
        for i, agg in enumerate(extraction.aggregates):
            self._insert_aggregate(conn, doc.id, i, agg)
        inp = LinkInput(doc.id, group, doc.published, incidents, pins)
        if assignments is None:
            assignments = self.linking.assign(inp)
        elif [a.incident_id for a in assignments] != [i.id for i in incidents]:
            raise StoreError(f"{doc.id}: the case assignments do not match the document's incidents")
        touched = set(removed)
        for a in assignments:
            self._join_case(conn, a, pinned=a.incident_id in pins)
            touched.add(a.case_id)
            if not a.new_case and a.case_id not in removed:
                self._reopen_reviewed_case(conn, a.case_id, doc.id, doc.source, a.incident_id)
        for case_id in sorted(touched):
            self._recompute_case(conn, case_id)

        def committed() -> None:  # now index the document in the store's link stage
            if self._linking is not None:
                self._linking.commit(inp, assignments)

        return StoreResult(status, doc.id, len(extraction.incidents), len(extraction.aggregates),
                           sorted({a.case_id for a in assignments})), committed

    def _copy_group(self, conn: Connection, document_id: str) -> str:
        return conn.execute(select(S.documents.c.text_hash).where(S.documents.c.id == document_id)).scalar() or ""

    def _delete_document_rows(self, conn: Connection, document_id: str) -> list[str]:
        """Remove a document's incidents and aggregates (for re-extraction); returns the cases touched."""
        ids = [r[0] for r in conn.execute(select(S.incidents.c.id).where(S.incidents.c.document_id == document_id))]
        cases = sorted({r[0] for r in conn.execute(
            select(S.case_members.c.case_id).where(S.case_members.c.incident_id.in_(ids)))}) if ids else []
        if ids:
            for t in (S.case_members, S.incident_actors, S.incident_labels, S.incident_targets,
                      S.incident_casualties, S.incident_sources):
                conn.execute(delete(t).where(t.c.incident_id.in_(ids)))
        conn.execute(delete(S.evidence).where(S.evidence.c.document_id == document_id))
        conn.execute(delete(S.incidents).where(S.incidents.c.document_id == document_id))
        conn.execute(delete(S.aggregates).where(S.aggregates.c.document_id == document_id))
        return cases

    # -- incidents -------------------------------------------------------------------------------------
    def _overrides(self, conn: Connection, entity: str, entity_id: str) -> list[Any]:
        return list(conn.execute(_OVERRIDES_OF, {"o_entity": entity, "o_id": entity_id}))

    def _apply_incident_overrides(
        self, conn: Connection, iid: str, extracted: dict[str, Any]
    ) -> tuple[dict[str, Any], str | None, str | None]:
        data = copy.deepcopy(extracted)
        status = pin = None
        for o in self._overrides(conn, "incident", iid):
            if o.field == "review_status":
                status = o.value
            elif o.field == "case_id":
                pin = o.value
            else:
                set_path(data, o.field, o.value)
        return data, status, pin

    def _insert_incident(self, conn: Connection, document_id: str, idx: int, extracted: dict[str, Any],
                         data: dict[str, Any], review_status: str | None) -> None:
        _execute_rows(conn, incident_rows(document_id, idx, extracted, data, review_status))

    def _insert_aggregate(self, conn: Connection, document_id: str, idx: int, agg: Aggregate) -> None:
        _execute_rows(conn, aggregate_rows(document_id, idx, agg))

    # -- cases -----------------------------------------------------------------------------------------
    def _join_case(self, conn: Connection, a: Assignment, pinned: bool) -> None:
        exists = conn.execute(select(S.cases.c.seq).where(S.cases.c.id == a.case_id)).scalar()
        if exists is None:
            seq = (conn.execute(select(func.max(S.cases.c.seq))).scalar() or 0) + 1
            conn.execute(insert(S.cases), dict(
                id=a.case_id, seq=seq, date_precision="unknown", n_documents=0, n_independent_sources=0,
                single_source=True, review_status="unreviewed", data={}))
            if self._linking is not None:
                self._linking.case_seq[a.case_id] = seq
        conn.execute(delete(S.case_members).where(S.case_members.c.incident_id == a.incident_id))
        conn.execute(insert(S.case_members), dict(
            incident_id=a.incident_id, case_id=a.case_id, pinned=pinned, score=a.score, explanation=a.explanation))

    def _reopen_reviewed_case(self, conn: Connection, case_id: str, document_id: str, source: str | None,
                              iid: str) -> None:
        """A confirmed or corrected case that takes in a new report goes back to review, with a log entry."""
        status = conn.execute(select(S.cases.c.review_status).where(S.cases.c.id == case_id)).scalar()
        if status not in ("confirmed", "corrected"):
            return
        reason = f"new report {document_id}" + (f" ({source})" if source else "") + f" joined as {iid}"
        self._add_override(conn, "case", case_id, "review_status", "needs_review", LINKER_USER, reason)
        conn.execute(update(S.cases).where(S.cases.c.id == case_id).values(review_status="needs_review"))
        self._log(conn, LINKER_USER, "case", case_id, "new_member", "review_status", status, "needs_review", reason)

    def _members(self, conn: Connection, case_id: str) -> list[CaseMember]:
        d, i, m = S.documents, S.incidents, S.case_members
        rows = conn.execute(
            select(i.c.data, i.c.document_id, i.c.idx, d.c.source, d.c.publisher, d.c.text_hash, d.c.copy_of,
                   d.c.published, d.c.text, m.c.score, m.c.pinned, m.c.explanation)
            .select_from(m.join(i, i.c.id == m.c.incident_id).join(d, d.c.id == i.c.document_id))
            .where(m.c.case_id == case_id).order_by(i.c.id)
        ).all()
        copy_hash: dict[str, str] = {}
        several = len({r.document_id for r in rows}) > 1   # texts are only needed to find syndicated copies
        out = []
        for r in rows:
            group = r.text_hash
            if r.copy_of:
                group = copy_hash.get(r.copy_of) or self._copy_group(conn, r.copy_of) or r.text_hash
                copy_hash[r.copy_of] = group
            out.append(CaseMember(Incident.from_dict(r.data), r.document_id, r.idx, r.source, r.publisher, group,
                                  r.published, r.score, bool(r.pinned), r.explanation or [],
                                  r.text if several else None))
        return out

    def _recompute_case(self, conn: Connection, case_id: str) -> None:
        members = self._members(conn, case_id)
        if not members:
            conn.execute(delete(S.case_facets).where(S.case_facets.c.case_id == case_id))
            conn.execute(delete(S.cases).where(S.cases.c.id == case_id))
            if self._linking is not None:
                self._linking.case_seq.pop(case_id, None)
            return
        data = merge_case(case_id, members).to_dict()
        status = conn.execute(select(S.cases.c.review_status).where(S.cases.c.id == case_id)).scalar()
        for o in self._overrides(conn, "case", case_id):
            if o.field == "review_status":
                status = o.value
            else:
                set_path(data, o.field, o.value)
        values, facets = case_rows(data, status)
        conn.execute(_UPDATE_CASE, {"b_id": case_id, **values})
        conn.execute(delete(S.case_facets).where(S.case_facets.c.case_id == case_id))
        if facets:
            conn.execute(insert(S.case_facets), [{"case_id": case_id, **f} for f in facets])

    # -- linking state ---------------------------------------------------------------------------------
    @property
    def linking(self) -> LinkStage:
        """The link stage over the stored incidents (loaded on first use, then kept current by this store).

        It keeps a compact index of every incident and reads full link records back by id when blocking
        finds them (:meth:`_link_rows`), so its memory does not grow with the records of the whole docket."""
        if self._linking is None:
            with self.engine.connect() as conn:  # read before loading: a change in between is seen as stale
                self._marker = self._read_marker(conn)
                seqs = {r.id: r.seq for r in conn.execute(select(S.cases.c.id, S.cases.c.seq))}
                self._linking = LinkStage.load(self._stored_incidents(conn), seqs, fetch=self._link_rows,
                                              cache_size=self.link_cache_size)
        return self._linking

    @property
    def linker(self) -> Linker:
        return self.linking.linker

    def _link_rows(self, ids: list[str]) -> list[StoredIncident]:
        """The stored incidents ``ids``, read in the write transaction under way if there is one (the link
        stage decides inside it), else on a connection of their own."""
        if self._transaction is not None:
            return list(self._stored_incidents(self._transaction, ids))
        with self.engine.connect() as conn:
            return list(self._stored_incidents(conn, ids))

    def _stored_incidents(self, conn: Connection, ids: list[str] | None = None) -> Iterator[StoredIncident]:
        """Every stored incident (or those of ``ids``) with its case and copy group, one row at a time."""
        d, i, m = S.documents, S.incidents, S.case_members
        first = d.alias("original")   # the document a copy copies: its text hash is the copy group
        query = (select(i.c.id, i.c.document_id, i.c.data, m.c.case_id, m.c.pinned, d.c.text_hash, d.c.copy_of,
                        d.c.published, first.c.text_hash.label("first_hash"))
                 .select_from(i.join(d, d.c.id == i.c.document_id).outerjoin(first, first.c.id == d.c.copy_of)
                              .outerjoin(m, m.c.incident_id == i.c.id)).order_by(i.c.id))
        for chunk in ([None] if ids is None else [ids[k:k + 500] for k in range(0, len(ids), 500)]):
            for r in conn.execute(query if chunk is None else query.where(i.c.id.in_(chunk))):
                group = r.first_hash if r.copy_of and r.first_hash is not None else r.text_hash
                yield StoredIncident(Incident.from_dict(r.data), r.document_id, group, r.published, r.case_id,
                                     bool(r.pinned))

    def relink_case_cache(self) -> None:
        """Forget the in-memory linking state (after changes made by another process)."""
        self._linking = None

    # -- review ----------------------------------------------------------------------------------------
    def add_user(self, username: str, password_hash: str) -> None:
        with self.engine.begin() as conn:
            if conn.execute(select(S.users.c.username).where(S.users.c.username == username)).first():
                raise StoreError(f"user {username!r} already exists")
            conn.execute(insert(S.users), dict(username=username, password_hash=password_hash,
                                                created_at=now(), active=True))

    def get_user(self, username: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(S.users).where(S.users.c.username == username)).first()
            return dict(r._mapping) if r else None

    def _log(self, conn: Connection, username: str, entity: str, entity_id: str, action: str,
             fld: str | None, before: Any, after: Any, reason: str | None) -> None:
        conn.execute(insert(S.review_log), dict(
            at=now(), username=username, entity=entity, entity_id=entity_id, action=action, field=fld,
            before=before, after=after, reason=reason))

    def _add_override(self, conn: Connection, entity: str, entity_id: str, fld: str, value: Any,
                      username: str, reason: str | None) -> None:
        conn.execute(update(S.overrides).where(
            S.overrides.c.entity == entity, S.overrides.c.entity_id == entity_id, S.overrides.c.field == fld
        ).values(active=False))
        conn.execute(insert(S.overrides), dict(
            entity=entity, entity_id=entity_id, field=fld, value=value, username=username, created_at=now(),
            reason=reason, active=True))

    def _case_of(self, conn: Connection, iid: str) -> str | None:
        return conn.execute(select(S.case_members.c.case_id).where(S.case_members.c.incident_id == iid)).scalar()

    def _rematerialise_incident(self, conn: Connection, iid: str) -> None:
        row = conn.execute(select(S.incidents).where(S.incidents.c.id == iid)).first()
        if row is None:
            raise StoreError(f"no incident {iid}")
        data, status, _pin = self._apply_incident_overrides(conn, iid, row.extracted)
        for t in (S.incident_actors, S.incident_labels, S.incident_targets, S.incident_casualties, S.incident_sources):
            conn.execute(delete(t).where(t.c.incident_id == iid))
        conn.execute(delete(S.evidence).where(S.evidence.c.owner_id == iid))
        member = conn.execute(select(S.case_members).where(S.case_members.c.incident_id == iid)).first()
        conn.execute(delete(S.case_members).where(S.case_members.c.incident_id == iid))
        conn.execute(delete(S.incidents).where(S.incidents.c.id == iid))
        self._insert_incident(conn, row.document_id, row.idx, row.extracted, data, status or row.review_status)
        if member is not None:
            conn.execute(insert(S.case_members), dict(**dict(member._mapping)))

    def correct(self, entity: str, entity_id: str, fld: str, value: Any, username: str,
                reason: str | None = None) -> None:
        """Record a reviewer's correction of one field (a dotted path) and apply it now and on every re-run."""
        if entity not in ("incident", "case"):
            raise StoreError(f"cannot correct a {entity}")
        if fld in SPECIAL_FIELDS:
            raise StoreError(f"use set_status/move_incident for {fld}")
        with self.engine.begin() as conn:
            table = S.incidents if entity == "incident" else S.cases
            row = conn.execute(select(table.c.data).where(table.c.id == entity_id)).first()
            if row is None:
                raise StoreError(f"no {entity} {entity_id}")
            # the value as every page showed it (a case's figures ordered by the read layer's rule)
            shown = normalise_case(row.data) if entity == "case" else row.data
            if entity == "case":
                try:
                    check_correction(shown, fld, value)
                except ValueError as exc:
                    raise StoreError(str(exc)) from None
            before = get_path(shown, fld)
            self._add_override(conn, entity, entity_id, fld, value, username, reason)
            self._add_override(conn, entity, entity_id, "review_status", "corrected", username, reason)
            self._log(conn, username, entity, entity_id, "correct", fld, before, value, reason)
            if entity == "incident":
                self._rematerialise_incident(conn, entity_id)
                case_id = self._case_of(conn, entity_id)
            else:
                case_id = entity_id
            if case_id:
                self._recompute_case(conn, case_id)
        self.relink_case_cache()

    def mark_value(self, entity: str, entity_id: str, fld: str, verdict: str, username: str,
                   reason: str | None = None) -> None:
        """A reviewer confirms or disputes one value (a dotted path) of a case or an incident, as it stands now;
        the review log keeps who, when, why and the value. A dispute needs a reason."""
        if verdict not in ("confirm", "dispute"):
            raise StoreError(f"unknown verdict {verdict!r} (confirm or dispute)")
        if verdict == "dispute" and not reason:
            raise StoreError("say why the value is disputed")
        table = {"incident": S.incidents, "case": S.cases}.get(entity)
        if table is None:
            raise StoreError(f"cannot review a value of a {entity}")
        with self.engine.begin() as conn:
            data = conn.execute(select(table.c.data).where(table.c.id == entity_id)).scalar()
            if data is None:
                raise StoreError(f"no {entity} {entity_id}")
            value = get_path(normalise_case(data) if entity == "case" else data, fld)
            self._log(conn, username, entity, entity_id, verdict, fld, value, value, reason)

    def set_status(self, entity: str, entity_id: str, status: str, username: str, reason: str | None = None) -> None:
        """Confirm, reject, or reset the review status of an incident, case or document."""
        if status not in S.REVIEW_STATUSES:
            raise StoreError(f"unknown review status {status!r} (one of {', '.join(S.REVIEW_STATUSES)})")
        table = {"incident": S.incidents, "case": S.cases, "document": S.documents}.get(entity)
        if table is None:
            raise StoreError(f"no review status on a {entity}")
        with self.engine.begin() as conn:
            before = conn.execute(select(table.c.review_status).where(table.c.id == entity_id)).scalar()
            if before is None:
                raise StoreError(f"no {entity} {entity_id}")
            self._add_override(conn, entity, entity_id, "review_status", status, username, reason)
            conn.execute(update(table).where(table.c.id == entity_id).values(review_status=status))
            self._log(conn, username, entity, entity_id, "status", "review_status", before, status, reason)

    def move_incident(self, iid: str, case_id: str | None, username: str, reason: str | None = None) -> str:
        """Put an incident into another case (``None``: a case of its own). Linking never moves it back."""
        with self.engine.begin() as conn:
            target = self._move(conn, iid, case_id, username, reason)
        self.relink_case_cache()
        return target

    def _move(self, conn: Connection, iid: str, case_id: str | None, username: str, reason: str | None,
              new_id: str | None = None) -> str:
        before = self._case_of(conn, iid)
        if before is None and conn.execute(select(S.incidents.c.id).where(S.incidents.c.id == iid)).first() is None:
            raise StoreError(f"no incident {iid}")
        target = case_id or new_id or new_case_id("move:" + iid)
        if case_id is not None:
            if conn.execute(select(S.cases.c.id).where(S.cases.c.id == case_id)).first() is None:
                raise StoreError(f"no case {case_id}")
            doc = conn.execute(select(S.incidents.c.document_id).where(S.incidents.c.id == iid)).scalar()
            clash = conn.execute(
                select(S.incidents.c.id).select_from(
                    S.case_members.join(S.incidents, S.incidents.c.id == S.case_members.c.incident_id))
                .where(S.case_members.c.case_id == case_id, S.incidents.c.document_id == doc,
                       S.incidents.c.id != iid)).first()
            if clash:
                raise StoreError(f"case {case_id} already holds an incident of the same document ({clash[0]})")
        self._add_override(conn, "incident", iid, "case_id", target, username, reason)
        self._join_case(conn, Assignment(iid, target, case_id is None, None, [{"pinned": True, "by": username}]),
                        pinned=True)
        self._log(conn, username, "incident", iid, "move", "case_id", before, target, reason)
        for c in sorted({x for x in (before, target) if x is not None}):
            self._recompute_case(conn, c)
        return target

    def split_case(self, case_id: str, incident_ids: Iterable[str], username: str, reason: str | None = None) -> str:
        """Move ``incident_ids`` out of ``case_id`` into one new case; returns its id."""
        ids = sorted(set(incident_ids))
        if not ids:
            raise StoreError("split needs at least one incident")
        new_id = new_case_id("split:" + ",".join(ids))
        with self.engine.begin() as conn:
            for iid in ids:
                if self._case_of(conn, iid) != case_id:
                    raise StoreError(f"incident {iid} is not in case {case_id}")
            self._log(conn, username, "case", case_id, "split", "members", ids, new_id, reason)
            self._move(conn, ids[0], None, username, reason, new_id=new_id)
            for iid in ids[1:]:
                self._move(conn, iid, new_id, username, reason)
            self._recompute_case(conn, new_id)
            self._recompute_case(conn, case_id)
        self.relink_case_cache()
        return new_id

    def review_log(self, entity: str | None = None, entity_id: str | None = None) -> list[dict[str, Any]]:
        q = select(S.review_log).order_by(S.review_log.c.id)
        if entity:
            q = q.where(S.review_log.c.entity == entity)
        if entity_id:
            q = q.where(S.review_log.c.entity_id == entity_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    # -- summaries and checks --------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            def n(t: Any) -> int:
                return conn.execute(select(func.count()).select_from(t)).scalar() or 0
            return {"documents": n(S.documents), "incidents": n(S.incidents), "aggregates": n(S.aggregates),
                    "cases": n(S.cases)}

    def check(self, verify_archive: bool = False) -> list[str]:
        """Problems that would mean an inconsistent database (empty when all is well)."""
        problems = []
        d, i, m, c = S.documents, S.incidents, S.case_members, S.cases
        with self.engine.connect() as conn:
            orphans = conn.execute(select(func.count()).select_from(i.outerjoin(m, m.c.incident_id == i.c.id))
                                   .where(m.c.case_id.is_(None))).scalar()
            if orphans:
                problems.append(f"{orphans} incidents in no case")
            empty = conn.execute(select(func.count()).select_from(c.outerjoin(m, m.c.case_id == c.c.id))
                                 .where(m.c.incident_id.is_(None))).scalar()
            if empty:
                problems.append(f"{empty} cases without members")
            bad = conn.execute(select(func.count()).select_from(c).where(
                c.c.n_documents != select(func.count(func.distinct(i.c.document_id))).select_from(
                    m.join(i, i.c.id == m.c.incident_id)).where(m.c.case_id == c.c.id).scalar_subquery())).scalar()
            if bad:
                problems.append(f"{bad} cases whose document count is stale")
            for r in conn.execute(select(d.c.id, d.c.sha256)):
                path = self.archive.path_for(r.sha256)
                if not path.is_file() or (verify_archive and not self.archive.verify(r.sha256)):
                    problems.append(f"{r.id}: archive copy missing or altered")
            if self.is_sqlite:
                n_fts = conn.exec_driver_sql("SELECT count(*) FROM documents_fts").scalar()
                n_docs = conn.execute(select(func.count()).select_from(d)).scalar()
                if n_fts != n_docs:
                    problems.append(f"full-text index has {n_fts} rows for {n_docs} documents")
        return problems


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


# -- the rows of one incident, aggregate or case (shared by the per-document store and bulk loaders) -----
Rows = list[tuple[Any, list[dict[str, Any]]]]   # (table, its rows), in an order the foreign keys allow


def _evidence_rows(owner_id: str, document_id: str, evidence: list[Any]) -> list[dict[str, Any]]:
    return [{"owner_id": owner_id, "idx": i, "document_id": document_id, "field": e.field, "start": e.start,
             "end": e.end} for i, e in enumerate(evidence)]


def incident_rows(document_id: str, idx: int, extracted: dict[str, Any], data: dict[str, Any],
                  review_status: str | None) -> Rows:
    """The rows one incident is stored as: ``incidents`` and its child tables (``data`` has overrides applied)."""
    inc = Incident.from_dict(data)
    loc = inc.location
    iid = data["id"]
    out: Rows = [(S.incidents, [dict(
        id=iid, document_id=document_id, idx=idx, date_start=inc.date.start, date_end=inc.date.end,
        date_precision=inc.date.precision, date_text=inc.date.text,
        place_name=loc.name if loc else None, place_canonical=loc.canonical if loc else None,
        gazetteer_id=loc.gazetteer_id if loc else None, lat=loc.lat if loc else None,
        lon=loc.lon if loc else None, admin1=loc.admin1 if loc else None, country=loc.country if loc else None,
        place_precision=loc.precision if loc else None, place_qualifier=loc.qualifier if loc else None,
        killed_count=inc.killed.count if inc.killed else None,
        killed_qualifier=inc.killed.qualifier if inc.killed else None,
        injured_count=inc.injured.count if inc.injured else None,
        injured_qualifier=inc.injured.qualifier if inc.injured else None,
        confidence=inc.confidence, review_status=review_status or "unreviewed", data=data, extracted=extracted,
    )])]
    labels = {("attack_type", v) for v in inc.attack_types} | {("weapon", v) for v in inc.weapons}
    children: Rows = [
        (S.incident_actors, [{"incident_id": iid, "idx": i, "name": a.name, "text": a.text}
                             for i, a in enumerate(inc.actors)]),
        (S.incident_labels, [{"incident_id": iid, "kind": k, "value": v} for k, v in sorted(labels)]),
        (S.incident_targets, [{"incident_id": iid, "idx": i, "type": t.type, "name": t.name, "effect": t.effect}
                              for i, t in enumerate(inc.targets)]),
        (S.incident_casualties, [{"incident_id": iid, "idx": i, "outcome": c.outcome, "grp": c.group,
                                  "count": c.count, "low": c.low, "high": c.high, "qualifier": c.qualifier,
                                  "text": c.text} for i, c in enumerate(inc.casualties)]),
        (S.incident_sources, [{"incident_id": iid, "idx": i, "name": s.name, "type": s.type}
                              for i, s in enumerate(inc.sources)]),
        (S.evidence, _evidence_rows(iid, document_id, inc.evidence)),
    ]
    return out + [(t, rows) for t, rows in children if rows]


def aggregate_rows(document_id: str, idx: int, agg: Aggregate) -> Rows:
    """The rows one aggregate is stored as: ``aggregates`` and its evidence."""
    aid = aggregate_id(document_id, idx)
    out: Rows = [(S.aggregates, [dict(
        id=aid, document_id=document_id, idx=idx, metric=agg.metric, count=agg.count, qualifier=agg.qualifier,
        low=agg.low, high=agg.high, grp=agg.group, period_start=agg.period.start if agg.period else None,
        period_end=agg.period.end if agg.period else None, area=agg.area, source=agg.source, data=agg.to_dict(),
    )])]
    if agg.evidence:
        out.append((S.evidence, _evidence_rows(aid, document_id, agg.evidence)))
    return out


def case_rows(data: dict[str, Any], review_status: str | None) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """A merged case (``merge_case(...).to_dict()``, overrides applied) as the values of its ``cases`` row
    (all but id and seq) and its ``case_facets`` rows (without case_id)."""
    cas = {c["outcome"]: c for c in data["casualties"]}
    loc = data["location"] or {}
    values = dict(
        date_start=data["date"]["start"], date_end=data["date"]["end"], date_precision=data["date"]["precision"],
        place_name=loc.get("name"), place_canonical=loc.get("canonical"), gazetteer_id=loc.get("gazetteer_id"),
        lat=loc.get("lat"), lon=loc.get("lon"), admin1=loc.get("admin1"), country=loc.get("country"),
        killed_low=cas.get("killed", {}).get("low"), killed_best=cas.get("killed", {}).get("best"),
        killed_high=cas.get("killed", {}).get("high"), injured_low=cas.get("injured", {}).get("low"),
        injured_best=cas.get("injured", {}).get("best"), injured_high=cas.get("injured", {}).get("high"),
        n_documents=data["n_documents"], n_independent_sources=data["n_independent_sources"],
        single_source=data["single_source"], review_status=review_status or "unreviewed", data=data,
    )
    facets = {("actor", v) for v in data["actors"]} | {("attack_type", v) for v in data["attack_types"]}
    facets |= {("weapon", v) for v in data["weapons"]} | {("target_type", t["type"]) for t in data["targets"]}
    facets |= {("source", v[:200]) for v in data["sources"]} | {("publisher", v[:200]) for v in data["publishers"]}
    facets |= {("document", m["document_id"]) for m in data["members"]}
    return values, [{"kind": k, "value": v} for k, v in sorted(facets)]


def _execute_rows(conn: Connection, rows: Rows) -> None:
    for table, values in rows:
        conn.execute(insert(table), values)
