"""Load the tables of a `docket spark run` into the database `docket run` writes (SQLite or PostgreSQL).

The rows are the store's own (``incident_rows``, ``aggregate_rows``, ``case_rows`` of
``docket.store.store``), written in bulk in ONE transaction: executemany on SQLite, ``COPY ... FROM STDIN``
on PostgreSQL. Loading is idempotent: a database that already holds exactly this run's documents is left
unchanged; a database holding other documents is refused (its linking would have to see them: add reports
to an existing docket with ``docket run``). The original bytes are linked (or copied) from ``OUT/archive``
into the store's archive before the transaction, so every committed document has its copy.

The driver streams each table from its Parquet files 100 rows at a time (pyarrow), so its memory does not grow
with the number of documents (only with the largest row, a big case's record), and the load needs nothing of
Spark.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, Text, TypeDecorator, bindparam, func, select

from docket.model import Aggregate
from docket.store import Store, StoreError
from docket.store import schema as S
from docket.store.store import Rows, aggregate_rows, incident_rows, now

BATCH = 5000                # rows per table buffered before they are written
BATCH_CHARS = 4_000_000    # or this many characters of report text (documents and their search index hold it twice)
ROWS_PER_BATCH = 100        # rows decoded into Python at once (a case's record may weigh megabytes)
# tables in an order their foreign keys allow
ORDER = (S.documents, S.incidents, S.incident_actors, S.incident_labels, S.incident_targets,
         S.incident_casualties, S.incident_sources, S.aggregates, S.evidence, S.cases, S.case_facets,
         S.case_members)


class RawJSON(str):
    """A JSON document already serialised (a case's ``data``, a member's link explanation, as the run wrote them):
    written as it is, never parsed on the driver, where a large case parsed took several times its text in
    memory."""


@dataclass
class LoadResult:
    status: str                   # loaded | unchanged
    documents: int = 0
    incidents: int = 0
    aggregates: int = 0
    cases: int = 0
    seconds: float = 0.0


class _Writer:
    """Buffers rows per table and writes them in foreign-key order, in bulk."""

    def __init__(self, conn: Connection, sqlite: bool) -> None:
        self.conn = conn
        self.sqlite = sqlite
        self.buffers: dict[str, list[dict[str, Any]]] = {t.name: [] for t in ORDER}
        self.fts: list[tuple[str, str, str]] = []
        self.pending = 0
        self.chars = 0

    def add(self, rows: Rows, chars: int = 0) -> None:
        """Buffer ``rows``; ``chars`` is how much text they carry (a report's, a case's), which also bounds the buffer."""
        for table, values in rows:
            self.buffers[table.name].extend(values)
            self.pending += len(values)
        self.chars += chars
        if self.pending >= BATCH or self.chars >= BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        for table in ORDER:
            rows = self.buffers[table.name]
            if rows:
                self._write(table, rows)
                self.buffers[table.name] = []
        if self.fts:
            self.conn.exec_driver_sql("INSERT INTO documents_fts (document_id, title, text) VALUES (?, ?, ?)",
                                      self.fts)
            self.fts = []
        self.pending = 0
        self.chars = 0

    def _write(self, table: Any, rows: list[dict[str, Any]]) -> None:
        if self.sqlite:
            as_text = {k: bindparam(k, type_=Text) for k, v in rows[0].items() if isinstance(v, RawJSON)}
            self.conn.execute(table.insert().values(as_text) if as_text else table.insert(), rows)
            return
        cols = [c for c in table.columns if not (c.primary_key and c.autoincrement is True)]
        dialect = self.conn.dialect

        def cell(col: Any, value: Any) -> Any:
            if isinstance(col.type, TypeDecorator):
                value = col.type.process_bind_param(value, dialect)
            if isinstance(col.type, JSON) and value is not None and not isinstance(value, RawJSON):
                return json.dumps(value, ensure_ascii=False)
            return value

        names = ", ".join(f'"{c.name}"' for c in cols)
        raw: Any = self.conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for r in rows:
                copy.write_row([cell(c, r.get(c.name)) for c in cols])


def _parquet_file(f: Path) -> Any:
    """The Parquet file ``f`` opened with pyarrow; a StoreError naming it when it cannot be read."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise StoreError("pyarrow is not installed: install the spark extra (scripts/setup.sh --spark) to load a "
                         "docket spark run") from None
    try:
        return pq.ParquetFile(f, memory_map=False, pre_buffer=False, buffer_size=1 << 20)   # (read as needed)
    except (OSError, pa.ArrowException) as e:
        raise StoreError(f"{f}: not a readable Parquet file ({e})") from None


def _count(path: Path) -> int:
    return sum(_parquet_file(f).metadata.num_rows for f in sorted(path.glob("*.parquet")))


def _iter_rows(path: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The rows of one table, read from its Parquet files on the driver with pyarrow, ``ROWS_PER_BATCH`` rows at
    a time (pages decoded as they are needed, not a whole row group first): what the driver holds grows with the
    largest rows (a big case's record), not with the table. The JVM takes no part: streaming the tables through
    Spark (``toLocalIterator`` over a range-partitioned shuffle) ran a 2 GiB JVM heap out of memory at 100,000
    reports. Reading a whole row group at once (the run writes them at most ``ROW_GROUP_BYTES``) held three to
    four times the group's size (a 9.8 MB case record in a 15,000-report output raised the load's peak from 255 to
    380 MiB; streamed, 216 to 298).
    Rows come in the files' order (the order of a table's rows does not matter to the database), as dicts of
    their columns (nested structs as dicts too). ``columns``: only those are read (a pass that needs a table's
    ids does not decode its records)."""
    import pyarrow as pa

    pool = pa.default_memory_pool()
    for f in sorted(path.glob("*.parquet")):
        pf = _parquet_file(f)
        batches = pf.iter_batches(batch_size=ROWS_PER_BATCH, columns=columns, use_threads=False)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                break
            except (OSError, pa.ArrowException) as e:
                raise StoreError(f"{f}: cannot be read ({e})") from None
            yield from batch.to_pylist()
            del batch
        pool.release_unused()


def _archive(src_root: Path, dst_root: Path, rel: str) -> None:
    src, dst = src_root / rel, dst_root / rel
    if dst.exists() and dst.stat().st_size == src.stat().st_size:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".tmp-{os.getpid()}-{dst.name}")
    try:
        try:
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
            os.chmod(tmp, 0o444)
        os.replace(tmp, dst)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _already_loaded(conn: Connection, ids: Iterable[str], n_out: int, n_db: int) -> bool:
    if n_out != n_db:
        return False
    batch: list[str] = []
    found = 0
    for i in ids:
        batch.append(i)
        if len(batch) == 500:
            found += conn.execute(select(func.count()).where(S.documents.c.id.in_(batch))).scalar() or 0
            batch = []
    if batch:
        found += conn.execute(select(func.count()).where(S.documents.c.id.in_(batch))).scalar() or 0
    return found == n_out


def load(out: Path, url: str, archive_dir: Path | None = None) -> LoadResult:
    """Load the run under ``out`` into the database at ``url`` (see the module's documentation); it reads the
    tables from their files, so it needs no Spark session."""
    t0 = time.perf_counter()
    out = out.resolve()
    if not (out / "run.json").is_file() or not (out / "documents").is_dir():
        raise StoreError(f"{out}: not the output of docket spark run (no run.json or documents table)")
    store = Store.open(url, archive_dir=archive_dir)
    try:
        n_out = _count(out / "documents")
        with store.engine.connect() as conn:
            n_db = conn.execute(select(func.count()).select_from(S.documents)).scalar() or 0
            if n_db:
                ids = (r["id"] for r in _iter_rows(out / "documents", ["id"])) if n_out == n_db else iter(())
                if _already_loaded(conn, ids, n_out, n_db):
                    return LoadResult("unchanged", seconds=time.perf_counter() - t0)
                raise StoreError(
                    f"{store.engine.url.render_as_string(hide_password=True)}: the database already holds "
                    f"{n_db} documents that are not this run's; docket spark run loads into an empty docket "
                    f"(add reports to an existing one with docket run)")
        result = LoadResult("loaded")
        src_archive = out / "archive"
        store.archive.root.mkdir(parents=True, exist_ok=True)
        with store.writer.begin() as conn:
            store._write_lock(conn)
            w = _Writer(conn, store.is_sqlite)
            received = now()
            for d in _iter_rows(out / "documents"):
                _archive(src_archive, store.archive.root, d["archive_path"])
                if store.is_sqlite:
                    w.fts.append((d["id"], d["title"] or "", d["text"]))
                # (the table's columns are the documents row's, but for when it was received and its review)
                w.add([(S.documents, [{**d, "received_at": received, "review_status": "unreviewed"}])],
                      chars=len(d["text"] or ""))
                result.documents += 1
            w.flush()
            for r in _iter_rows(out / "incidents", ["document_id", "idx", "data"]):
                data = json.loads(r["data"])
                w.add(incident_rows(r["document_id"], r["idx"], data, data, None))
                result.incidents += 1
            for r in _iter_rows(out / "aggregates", ["document_id", "idx", "data"]):
                w.add(aggregate_rows(r["document_id"], r["idx"], Aggregate.from_dict(json.loads(r["data"]))))
                result.aggregates += 1
            w.flush()
            for c in _iter_rows(out / "cases"):
                facets = c.pop("facets")
                c["data"] = RawJSON(c["data"])
                w.add([(S.cases, [c]), (S.case_facets, [{"case_id": c["id"], **f} for f in facets])],
                      chars=len(c["data"]))   # (a case carries its members: the buffer is bounded by their text too)
                result.cases += 1
            w.flush()
            for r in _iter_rows(out / "incidents", ["id", "case_id", "score", "explanation"]):
                # (the explanation as the run serialised it: parsed, 5,000 buffered rows of it raised the load's
                # peak from 182 to 201 MiB on a 10,000-report output, more as a denser run links more members)
                w.add([(S.case_members, [{"incident_id": r["id"], "case_id": r["case_id"], "pinned": False,
                                          "score": r["score"], "explanation": RawJSON(r["explanation"])}])],
                      chars=len(r["explanation"]))
            w.flush()
        result.seconds = time.perf_counter() - t0
        return result
    finally:
        store.close()
