"""``docket run``: ingest files and folders, extract, store and link, one document per transaction.

Bad input (an unreadable file, a malformed row, a directory loop, an extraction that raises or overruns its
time budget, a document the database refuses) becomes one line in the summary's failures, in a class
(``FAILURE_CLASSES``), and never stops the run; details (tracebacks, database messages) go to the log
file when one is given. Re-running on the same inputs changes nothing: a document whose id is already
stored is counted as a duplicate and skipped before extraction.

With ``timeout``, reading and extracting each document happens in a worker process that is killed when it
takes longer (``docket.worker``), so one pathological report costs at most that long.
"""

from __future__ import annotations

import hashlib
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from sqlalchemy.exc import SQLAlchemyError

from docket.ingest.errors import IngestError
from docket.ingest.manifest import Manifests
from docket.ingest.reader import RawReport
from docket.model import Document, Extraction
from docket.store.store import Store, StoreError
from docket.worker import Isolated, JobFailed, Overrun, WorkerDied

DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
# the classes of failure, in the order the summary lists them
FAILURE_CLASSES: tuple[str, ...] = ("unreadable", "extraction failed", "timed out", "not stored")
MAX_LINE = 300          # a failure line is cut to this many characters (the log file has the rest)


class PipelineLike(Protocol):
    def process(self, document: Document) -> Extraction: ...


class ReaderLike(Protocol):
    """What ``docket.ingest`` provides."""

    def iter_paths(self, paths: Sequence[Path]) -> Iterator[Path | Exception]: ...

    def iter_raw(self, path: Path, **kw: Any) -> Iterator[RawReport | Exception]: ...


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
    failure_classes: Counter[str] = field(default_factory=Counter)
    failure_reasons: dict[str, Counter[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # decisions worth knowing that are not failures
    log: TextIO | None = None

    def fail(self, line: str, kind: str = "unreadable", reason: str | None = None, detail: str = "") -> None:
        """Count one failure of class ``kind``; ``line`` is cut to one line, ``detail`` goes to the log."""
        one = " ".join(str(line).split())
        self.failed += 1
        self.failures.append(one if len(one) <= MAX_LINE else one[:MAX_LINE - 1] + "…")
        self.failure_classes[kind] += 1
        if reason:
            self.failure_reasons.setdefault(kind, Counter())[reason[:120]] += 1
        text = f"{kind}: {one}\n"
        if detail:
            text += "    " + detail.rstrip().replace("\n", "\n    ") + "\n"
        self._log(text)

    def note(self, line: str) -> None:
        self.notes.append(" ".join(str(line).split())[:MAX_LINE])
        self._log(f"note: {self.notes[-1]}\n")

    def _log(self, text: str) -> None:
        """Best effort: a log that cannot be written (a full disk) is given up, never a reason to stop."""
        if self.log is None:
            return
        try:
            self.log.write(text)
            self.log.flush()
        except OSError as exc:
            self.log = None
            self.notes.append(f"the log file could not be written ({exc.strerror or exc}); details are lost")

    def class_lines(self) -> list[str]:
        """One line per class of failure, with its most common reason: "not stored: 196 (database is full)"."""
        out = []
        for kind in sorted(self.failure_classes, key=lambda k: (FAILURE_CLASSES.index(k)
                                                                  if k in FAILURE_CLASSES else 99, k)):
            n = self.failure_classes[kind]
            reasons = self.failure_reasons.get(kind)
            common = ""
            if reasons:
                reason, count = reasons.most_common(1)[0]
                if len(reasons) == 1:
                    common = f" ({reason})"
                elif count > 1:
                    common = f" (most often: {reason}, {count}x)"
                else:
                    common = f" ({len(reasons)} different reasons)"
            out.append(f"{kind}: {n}{common}")
        return out


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
    if isinstance(exc, StoreError):
        return " ".join(str(exc).split())
    if isinstance(exc, SQLAlchemyError):  # the driver's message, without the SQL and its parameters
        orig = getattr(exc, "orig", None)
        first = (str(orig) if orig is not None else str(exc)).strip().splitlines()
        return f"database error: {first[0] if first else exc.__class__.__name__}"[:200]
    msg = " ".join(str(exc).split())[:200] or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {msg}"


def read_and_extract(pipeline: PipelineLike, raw: RawReport) -> tuple[Extraction, list[str]]:
    """Decode and read one report and extract it (what the worker process does per document)."""
    notes: list[str] = []
    try:
        doc = raw.document(notes)
    except IngestError:
        raise
    except Exception as exc:  # a reader bug on odd bytes: this report is unreadable, the run goes on
        raise IngestError(raw.where, f"cannot read: {_one_line(exc)}") from None
    extraction = pipeline.process(doc)
    extraction.document.raw = None  # the caller has the bytes; do not send them back
    return extraction, notes


def run(
    paths: Sequence[Path],
    store: Store,
    pipeline: PipelineLike,
    *,
    reader: ReaderLike | None = None,
    columns: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    reprocess: bool = False,
    timeout: float | None = None,
    log: TextIO | None = None,
    on_file: Callable[[int, int, str], None] | None = None,
) -> RunSummary:
    """Ingest ``paths`` into ``store``. ``on_file(done, total, name)`` reports progress per file.

    ``timeout`` (seconds) is each document's budget for reading and extraction; ``log`` receives every
    failure with its details."""
    if reader is None:
        import docket.ingest as reader_module

        reader = reader_module  # type: ignore[assignment]
    assert reader is not None
    summary = RunSummary(log=log)
    store.archive.sweep()  # temporary files left by a killed run
    files: list[Path] = []
    for item in reader.iter_paths(list(paths)):
        if isinstance(item, Exception):
            summary.fail(str(item), "unreadable", _reason(item))
        else:
            files.append(item)
    kw: dict[str, Any] = {"manifests": Manifests()}
    if columns:
        kw["columns"] = dict(columns)
    if max_bytes:
        kw["max_bytes"] = max_bytes

    def job(raw: RawReport) -> tuple[Extraction, list[str]]:
        return read_and_extract(pipeline, raw)

    with Isolated(job, timeout) as worker:
        for n, path in enumerate(files):
            if on_file:
                on_file(n, len(files), str(path))
            try:
                for raw in reader.iter_raw(path, **kw):
                    if isinstance(raw, Exception):
                        summary.fail(str(raw), "unreadable", _reason(raw))
                        continue
                    _one_document(raw, store, worker, reprocess, summary)
            except Exception as exc:  # a reader bug must not stop the run
                summary.fail(f"{path}: {_one_line(exc)}", "unreadable", exc.__class__.__name__)
            for line in kw["manifests"].notes:
                summary.note(line)
            kw["manifests"].notes.clear()
    if on_file:
        on_file(len(files), len(files), "")
    summary.cases_total = store.counts()["cases"]
    return summary


def _reason(exc: Exception) -> str:
    return exc.problem if isinstance(exc, IngestError) else exc.__class__.__name__


@dataclass(frozen=True)
class Failure:
    """One report that could not be read or extracted: a summary line, its class and reason, the details."""

    line: str
    kind: str
    reason: str | None = None
    detail: str = ""


def extract_report(raw: RawReport, worker: Callable[[RawReport], tuple[Extraction, list[str]]]
                   ) -> tuple[Extraction, list[str]] | Failure:
    """Read and extract one report with ``worker`` (an ``Isolated`` job or the plain function); a failure
    of any kind comes back as a :class:`Failure` in one of ``FAILURE_CLASSES``, never raised."""
    where = raw.where
    try:
        return worker(raw)
    except IngestError as exc:
        return Failure(str(exc), "unreadable", exc.problem)
    except Overrun as exc:
        return Failure(f"{where}: timed out: {exc}", "timed out", "over the time budget")
    except JobFailed as exc:
        return Failure(f"{where}: extraction failed: {exc.kind}: {exc.message}", "extraction failed", exc.kind,
                       exc.detail)
    except WorkerDied as exc:
        return Failure(f"{where}: extraction failed: {exc}", "extraction failed", "worker died")
    except Exception as exc:  # in-process extraction (no time budget)
        return Failure(f"{where}: extraction failed: {_one_line(exc)}", "extraction failed", exc.__class__.__name__,
                       "".join(traceback.format_exception(exc)))


def _one_document(raw: RawReport, store: Store, worker: Isolated[RawReport, tuple[Extraction, list[str]]],
                  reprocess: bool, summary: RunSummary) -> None:
    where = raw.where
    doc_id = raw.id
    if not reprocess and store.has_document(doc_id):
        summary.duplicates += 1
        return
    outcome = extract_report(raw, worker)
    if isinstance(outcome, Failure):
        summary.fail(outcome.line, outcome.kind, outcome.reason, outcome.detail)
        return
    extraction, notes = outcome
    for line in notes:
        summary.note(line)
    try:
        result = store.store_extraction(extraction, raw.data, replace=reprocess)
    except Exception as exc:
        line = _one_line(exc)
        summary.fail(f"{where}: not stored: {line}", "not stored", line.removeprefix("database error: "),
                     "".join(traceback.format_exception(exc)))
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
