"""What the Spark executors run: plain functions over partitions, built from Docket's own code.

Nothing here decides anything of its own: reading is ``docket.ingest``, extraction is
``docket.pipeline.Pipeline`` (with ``docket.worker.Isolated`` for the per-document time budget, as in
``docket run``), linking is ``docket.link.stage.LinkStage`` and cases are ``docket.link.merge.merge_case``
with the rows of ``docket.store.store``. Records travel between stages as plain dicts and tuples.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from pathlib import Path
from typing import Any

from docket.ingest.errors import IngestError
from docket.ingest.reader import RawReport
from docket.link.linker import Linker
from docket.link.records import LinkRecord
from docket.link.stage import LinkInput, LinkStage
from docket.model import Aggregate, CaseMember, Incident
from docket.store.archive import Archive
from docket.store.store import aggregate_id, case_rows, incident_id, text_hash

Order = tuple[int, int]          # (input file, row in the file): the order `docket run` reads reports in

# One pipeline per executor process (PySpark reuses its Python workers), keyed by the gazetteer folder it
# was loaded from: loading the lexicons, parser and gazetteer once per process, never per document.
_PIPELINES: dict[str, Any] = {}
_LINKERS: dict[str, Linker] = {}


def executor_pipeline(home: str) -> Any:
    """The extraction pipeline of this process, loaded from ``home`` (a folder holding ``gazetteer/``)."""
    pipeline = _PIPELINES.get(home)
    if pipeline is None:
        from docket.pipeline import Pipeline

        pipeline = _PIPELINES[home] = Pipeline.load(Path(home))
    return pipeline


def shipped_home() -> str:
    """The folder the driver's gazetteer was shipped to on this executor (``SparkContext.addFile``)."""
    from pyspark import SparkFiles

    return str(Path(SparkFiles.get("gazetteer")).parent)


def _reason(exc: Exception) -> str:
    return exc.problem if isinstance(exc, IngestError) else exc.__class__.__name__


def failure(order: Order, line: str, kind: str, reason: str | None, detail: str = "") -> tuple[str, Any]:
    return ("fail", {"order": order, "line": " ".join(str(line).split()), "kind": kind,
                     "reason": (reason or "")[:120], "detail": detail[-4000:]})


# -- reading -------------------------------------------------------------------------------------------------
def read_files(part: Iterable[tuple[int, str]], options: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """The raw reports of report files and .jsonl/.csv files: ("raw", (order, RawReport)) or ("fail", ...);
    manifest problems as ("note", line)."""
    from docket.ingest import iter_raw
    from docket.ingest.manifest import Manifests

    kw: dict[str, Any] = {"manifests": Manifests(), **options}
    for file_idx, name in part:
        path = Path(name)
        try:
            for row, raw in enumerate(iter_raw(path, **kw)):
                if isinstance(raw, Exception):
                    yield failure((file_idx, row), str(raw), "unreadable", _reason(raw))
                else:
                    yield ("raw", ((file_idx, row), raw))
        except Exception as exc:  # a reader bug must not stop the run
            yield failure((file_idx, 0), f"{path}: {exc.__class__.__name__}: {exc}", "unreadable",
                          exc.__class__.__name__)
        for line in kw["manifests"].notes:
            yield ("note", line)
        kw["manifests"].notes.clear()


def read_table_rows(part: Iterable[tuple[dict[str, Any], int]], file_idx: int, name: str,
                    options: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Rows of a Parquet table of documents (``text`` and optional ``published``, ``source``/``url``,
    ``publisher``, ``title``), read as rows of a .jsonl file are: the id is the SHA-256 of the text's bytes."""
    from docket.ingest.reader import DEFAULT_MAX_BYTES
    from docket.ingest.records import _column_names, _row_report

    path = Path(name)
    names = _column_names(path, options.get("columns"))
    if "url" not in (options.get("columns") or {}):
        names["url"] = "source"
    for record, i in part:
        rec = {k: (v if v is None or isinstance(v, str) else str(v)) for k, v in record.items()}
        try:
            yield ("raw", ((file_idx, i), _row_report(path, i + 1, rec, names,
                                                      options.get("max_bytes") or DEFAULT_MAX_BYTES)))
        except IngestError as exc:
            yield failure((file_idx, i), str(exc), "unreadable", exc.problem)


def first_read(a: tuple[Order, RawReport], b: tuple[Order, RawReport]) -> tuple[Order, RawReport]:
    """Of two reports with the same bytes, the one read first (the later is a duplicate, as in `docket run`)."""
    return a if a[0] <= b[0] else b


# -- extraction ------------------------------------------------------------------------------------------------
def extract_partition(items: Iterable[tuple[str, tuple[Order, RawReport]]], archive_root: str,
                      timeout: float | None, home: str | None = None) -> Iterator[tuple[str, Any]]:
    """Archive, read and extract each report of the partition: ("doc", record) or ("fail", ...)."""
    from docket.store.run import Failure, extract_report, read_and_extract
    from docket.worker import Isolated

    pipeline = executor_pipeline(home or shipped_home())
    archive = Archive(Path(archive_root))

    def job(raw: RawReport) -> Any:
        return read_and_extract(pipeline, raw)

    with Isolated(job, timeout) as worker:
        for _id, (order, raw) in items:
            outcome = extract_report(raw, worker)
            if isinstance(outcome, Failure):
                yield failure(order, outcome.line, outcome.kind, outcome.reason, outcome.detail)
                continue
            extraction, notes = outcome
            for line in notes:
                yield ("note", line)
            copy = archive.put(raw.data)   # written once, content-addressed, before anything refers to it
            doc = extraction.document
            incidents = []
            for i, inc in enumerate(extraction.incidents):
                d = inc.to_dict()
                d["id"] = incident_id(doc.id, i)
                incidents.append(d)
            yield ("doc", {
                "order": order, "id": doc.id, "text": doc.text, "title": doc.title, "published": doc.published,
                "publisher": doc.publisher, "source": doc.source, "sha256": copy.sha256, "n_bytes": copy.size,
                "archive_path": copy.relpath, "text_hash": text_hash(doc.text), "incidents": incidents,
                "aggregates": [a.to_dict() for a in extraction.aggregates],
            })


# -- linking ---------------------------------------------------------------------------------------------------
def _linker() -> Linker:
    linker = _LINKERS.get("default")
    if linker is None:
        linker = _LINKERS["default"] = Linker()
    return linker


def link_items(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One item per incident of a stored document: what linking and the case merge need of it, and its
    blocking keys (the keys the linker looks a record up under, neighbouring grid cells included)."""
    linker = _linker()
    for idx, data in enumerate(doc["incidents"]):
        inc = Incident.from_dict(data)
        rec = LinkRecord.from_incident(inc, doc["id"], doc["text_hash"], doc["published"], linker.rules)
        keys = linker.block_keys(rec, neighbours=True) if rec.placed else []
        yield {"id": data["id"], "seq": doc["seq"], "idx": idx, "document_id": doc["id"],
               "text_hash": doc["text_hash"], "published": doc["published"], "source": doc["source"],
               "publisher": doc["publisher"], "data": data, "keys": keys}


def key_edges(item: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Edges joining every blocking key of one incident (a star on its first key)."""
    keys = item["keys"]
    for k in keys:
        yield (keys[0], k)


def components(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find over blocking keys: each key's component (its smallest key). Two incidents can meet in
    linking only when they share a key, so the components are independent linking problems."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            parent[hi] = lo
    return {k: find(k) for k in parent}


def component_of(item: dict[str, Any], roots: Mapping[str, str]) -> str:
    return roots[item["keys"][0]] if item["keys"] else "u:" + item["id"]


def component_partition(key: tuple[str, int, int]) -> int:
    """The partition of a (component, seq, idx) key: a stable hash of its component, so that one component's
    incidents meet in one partition whatever process computes it."""
    return zlib.crc32(key[0].encode("utf-8"))


def link_partition(rows: Iterable[tuple[tuple[str, int, int], dict[str, Any]]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Link the components of one partition as `docket run` links them. ``rows`` are the incidents keyed by
    (component, seq, idx) and sorted by that key (``repartitionAndSortWithinPartitions``, which spills to disk):
    one ``LinkStage`` per component, its documents in storage order, each through ``assign`` then ``commit``,
    a new case numbered as the store numbers it. Yields (case id, member) for every incident as it is linked,
    so that memory holds one document's incidents and the stage's own bounded state, never a whole component
    (a component can be a whole conflict's reports)."""
    for _component, comp_rows in groupby(rows, key=lambda kv: kv[0][0]):
        stage = LinkStage()
        for seq, doc_rows in groupby(comp_rows, key=lambda kv: kv[0][1]):
            its = [it for _key, it in doc_rows]
            first = its[0]
            inp = LinkInput(first["document_id"], first["text_hash"], first["published"],
                            [Incident.from_dict(it["data"]) for it in its], {})
            assignments = stage.assign(inp)
            for it, a in zip(its, assignments, strict=True):
                if a.case_id not in stage.case_seq:   # a new case: numbered as the store numbers it
                    stage.case_seq[a.case_id] = seq * 100_000 + it["idx"]
                yield (a.case_id, {**it, "score": a.score, "explanation": a.explanation, "case_id": a.case_id})
            stage.commit(inp, assignments)


def case_of(case_id: str, members: Iterable[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """A case from its members: in the order they were linked, created by the first of them."""
    ordered = sorted(members, key=lambda m: (m["seq"], m["idx"]))
    return case_id, {"created": (ordered[0]["seq"], ordered[0]["idx"]), "members": ordered}


def case_documents(case: tuple[str, dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(document id, case id) for each document of a case told by several documents: their texts are
    needed to find syndicated copies (``source_groups``), as the store's case merge reads them."""
    case_id, c = case
    docs = {m["document_id"] for m in c["members"]}
    if len(docs) > 1:
        for d in sorted(docs):
            yield (d, case_id)


def build_case(case_id: str, c: dict[str, Any], texts: Mapping[str, str] | None) -> dict[str, Any]:
    """The case as the store writes it: ``merge_case`` over its members, then its row and facets."""
    from docket.link.merge import merge_case

    members = [CaseMember(Incident.from_dict(m["data"]), m["document_id"], m["idx"], m["source"], m["publisher"],
                          m["text_hash"], m["published"], m["score"], False, m["explanation"] or [],
                          (texts or {}).get(m["document_id"]))
               for m in sorted(c["members"], key=lambda m: m["id"])]
    data = merge_case(case_id, members).to_dict()
    values, facets = case_rows(data, None)
    values["data"] = json.dumps(values["data"], ensure_ascii=False, sort_keys=True)
    return {"id": case_id, "created": c["created"], **values, "facets": facets,
            "members": [{"id": m["id"], "document_id": m["document_id"], "idx": m["idx"], "data": m["data"],
                         "score": m["score"], "explanation": m["explanation"]} for m in c["members"]]}


def worker_usage(_part: Iterable[Any]) -> Iterator[tuple[int, tuple[float, float]]]:
    """(pid, (peak resident memory in MiB, CPU seconds)) of this Python worker, its extraction child included."""
    import os
    import resource

    own, child = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + child.ru_utime + child.ru_stime
    yield (os.getpid(), (max(own.ru_maxrss, child.ru_maxrss) / 1024, cpu))


# -- output rows -------------------------------------------------------------------------------------------------
def _evidence(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"field": e["field"], "start": e["start"], "end": e["end"]} for e in data.get("evidence") or []]


def incident_row(m: dict[str, Any], case_id: str) -> dict[str, Any]:
    """One incident as a row of the incidents table (the full incident as JSON, the evidence nested)."""
    d = m["data"]
    loc = d.get("location") or {}
    killed, injured = d.get("killed") or {}, d.get("injured") or {}
    return {
        "id": m["id"], "document_id": m["document_id"], "idx": m["idx"], "case_id": case_id,
        "score": m["score"], "explanation": json.dumps(m["explanation"] or [], ensure_ascii=False, sort_keys=True),
        "date_start": (d.get("date") or {}).get("start"), "date_end": (d.get("date") or {}).get("end"),
        "date_precision": (d.get("date") or {}).get("precision"),
        "place_name": loc.get("name"), "gazetteer_id": loc.get("gazetteer_id"), "lat": loc.get("lat"),
        "lon": loc.get("lon"), "admin1": loc.get("admin1"), "country": loc.get("country"),
        "killed": killed.get("count"), "injured": injured.get("count"),
        "attack_types": list(d.get("attack_types") or []), "confidence": float(d.get("confidence") or 0.0),
        "data": json.dumps(d, ensure_ascii=False, sort_keys=True), "evidence": _evidence(d),
    }


def aggregate_rows_of(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The document's aggregates as rows of the aggregates table (evidence nested)."""
    for idx, d in enumerate(doc["aggregates"]):
        agg = Aggregate.from_dict(d)
        yield {"id": aggregate_id(doc["id"], idx), "document_id": doc["id"], "idx": idx, "metric": agg.metric,
               "count": agg.count, "low": agg.low, "high": agg.high,
               "period_start": agg.period.start if agg.period else None,
               "period_end": agg.period.end if agg.period else None, "area": agg.area,
               "data": json.dumps(d, ensure_ascii=False, sort_keys=True), "evidence": _evidence(d)}
