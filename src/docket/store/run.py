"""``docket run``: ingest files and folders, extract, store and link, one document per transaction.

Bad input (an unreadable file, a malformed row, a directory loop, an extraction that raises) becomes one
line in the summary's failures and never stops the run. Re-running on the same inputs changes nothing:
a document whose id is already stored is counted as a duplicate and skipped before extraction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from docket.model import Document, Extraction
from docket.store.store import Store, StoreError

DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}


class PipelineLike(Protocol):
    def process(self, document: Document) -> Extraction: ...


class ReaderLike(Protocol):
    """What ``docket.ingest`` provides."""

    def iter_paths(self, paths: Sequence[Path]) -> Iterator[Path | Exception]: ...

    def iter_documents(self, path: Path, **kw: Any) -> Iterator[Document | Exception]: ...


@dataclass
class RunSummary:
    new: int = 0
    copies: int = 0           # new documents whose text another stored document already has
    duplicates: int = 0       # the same bytes as a stored document: skipped
    replaced: int = 0         # re-extracted with --reprocess
    failed: int = 0
    incidents: int = 0
    aggregates: int = 0
    cases_touched: set[str] = field(default_factory=set)
    cases_total: int = 0
    failures: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.failed += 1
        self.failures.append(" ".join(str(line).split()))


def raw_bytes(path: Path, doc: Document) -> bytes:
    """The bytes the document id was computed from: the file's for a report file, the row text's for a row."""
    if doc.raw is not None and "sha256:" + hashlib.sha256(doc.raw).hexdigest() == doc.id:
        return doc.raw
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        data = path.read_bytes()
        if "sha256:" + hashlib.sha256(data).hexdigest() == doc.id:
            return data
    return doc.text.encode("utf-8")


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {msg}" if not isinstance(exc, StoreError) else msg


def run(
    paths: Sequence[Path],
    store: Store,
    pipeline: PipelineLike,
    *,
    reader: ReaderLike | None = None,
    columns: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    reprocess: bool = False,
    on_file: Callable[[int, int, str], None] | None = None,
) -> RunSummary:
    """Ingest ``paths`` into ``store``. ``on_file(done, total, name)`` reports progress per file."""
    if reader is None:
        import docket.ingest as reader_module

        reader = reader_module  # type: ignore[assignment]
    assert reader is not None
    summary = RunSummary()
    files: list[Path] = []
    for item in reader.iter_paths(list(paths)):
        if isinstance(item, Exception):
            summary.fail(str(item))
        else:
            files.append(item)
    kw: dict[str, Any] = {}
    if columns:
        kw["columns"] = dict(columns)
    if max_bytes:
        kw["max_bytes"] = max_bytes
    for n, path in enumerate(files):
        if on_file:
            on_file(n, len(files), str(path))
        try:
            for item in reader.iter_documents(path, **kw):
                if isinstance(item, Exception):
                    summary.fail(str(item))
                    continue
                _one_document(path, item, store, pipeline, reprocess, summary)
        except Exception as exc:  # a reader bug must not stop the run
            summary.fail(f"{path}: {_one_line(exc)}")
    if on_file:
        on_file(len(files), len(files), "")
    summary.cases_total = store.counts()["cases"]
    return summary


def _one_document(path: Path, doc: Document, store: Store, pipeline: PipelineLike, reprocess: bool,
                  summary: RunSummary) -> None:
    where = doc.source or str(path)
    if not reprocess and store.has_document(doc.id):
        summary.duplicates += 1
        return
    try:
        extraction = pipeline.process(doc)
    except Exception as exc:
        summary.fail(f"{where}: extraction failed: {_one_line(exc)}")
        return
    try:
        result = store.store_extraction(extraction, raw_bytes(path, doc), replace=reprocess)
    except Exception as exc:
        summary.fail(f"{where}: not stored: {_one_line(exc)}")
        return
    if result.status == "duplicate":
        summary.duplicates += 1
        return
    if result.status == "replaced":
        summary.replaced += 1
    elif result.status == "copy":
        summary.copies += 1
    else:
        summary.new += 1
    summary.incidents += result.n_incidents
    summary.aggregates += result.n_aggregates
    summary.cases_touched.update(result.case_ids)
