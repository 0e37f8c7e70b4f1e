"""Reading reports: one file or record → a Document (SPEC §1), with metadata and one-line errors."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docket.ingest.dates import parse_date
from docket.ingest.decode import decode_bytes
from docket.ingest.errors import IngestError
from docket.ingest.language import accepted_languages, detect_language
from docket.ingest.lexicon import load_lexicon
from docket.ingest.manifest import MANIFEST_NAME, Manifests
from docket.ingest.metadata import find_published, find_publisher, find_title
from docket.model import Document

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".jsonl", ".csv"})
DOCUMENT_SUFFIXES: dict[str, str] = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
KINDS: frozenset[str] = frozenset({"txt", "md", "html"})
META_FIELDS: tuple[str, ...] = ("url", "title", "published", "publisher")
DEFAULT_MAX_BYTES = 10_000_000
MAX_META_CHARS = 1000       # a title, publisher or URL longer than this is cut

_HTML_SNIFF = re.compile(rb"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_MD_SIGNALS = re.compile(r"^(?:#{1,6} \S|\s*[-*+] \S.*|\s*\d+\. \S.*)$|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*",
                         re.MULTILINE)


def sha256_id(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _sniff_kind(source: str, data: bytes) -> str:
    suffix = Path(source.split("?", 1)[0].split("#", 1)[0]).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        return DOCUMENT_SUFFIXES[suffix]
    if _HTML_SNIFF.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "html"
    head = data[:8192].decode("utf-8", errors="ignore")
    if len(_MD_SIGNALS.findall(head)) >= 2:
        return "md"
    return "txt"


def _clean(value: object) -> str | None:
    """A metadata value as one line of text; lists, mappings and other structures are not metadata."""
    if value is None or isinstance(value, dict | list | tuple | set | bytes):
        return None
    s = " ".join(str(value).split())
    return s[:MAX_META_CHARS] or None


def document_from_bytes(data: bytes, *, source: str, kind: str | None = None,
                        meta: Mapping[str, str | None] | None = None, notes: list[str] | None = None) -> Document:
    """One report as a Document. ``kind`` is 'txt', 'md' or 'html' (None: by the source's suffix, then by
    sniffing). ``meta`` (url/title/published/publisher from a record or the caller) overrides what the
    page or text gives; an HTML page's own metadata overrides what its text gives. Decisions worth
    telling the user (a decoding with replaced bytes) are appended to ``notes``."""
    if kind is None:
        kind = _sniff_kind(source, data)
    if kind not in KINDS:
        raise IngestError(source, f"unknown kind {kind!r} (expected one of: {', '.join(sorted(KINDS))})")
    text = decode_bytes(data, source, html=(kind == "html"), notes=notes)
    page_meta: dict[str, str | None] = {}
    if kind == "html":
        from docket.ingest.html import read_html

        page = read_html(text)
        text = page.text
        page_meta = {"title": page.title, "published": page.published, "publisher": page.publisher,
                     "url": page.url}
    elif kind == "md":
        from docket.ingest.markdown import front_matter, markdown_to_text

        fm, body = front_matter(text)
        text = markdown_to_text(body)
        page_meta = {
            "title": _clean(fm.get("title")),
            "published": parse_date(_clean(fm.get("date") or fm.get("published")) or "") or None,
            "publisher": _clean(fm.get("publisher") or fm.get("source")),
            "url": _clean(fm.get("url")),
        }
    n_words = len(text.split())
    if n_words < int(load_lexicon().section("report")["min_words"]):
        problem = "no report text found" if kind == "html" else "too little text"
        raise IngestError(source, f"{problem} ({n_words} word{'s' if n_words != 1 else ''})")
    language = detect_language(text)
    if language not in accepted_languages():
        raise IngestError(source, f"not English (detected: {language})")

    given = {k: _clean(v) for k, v in (meta or {}).items() if k in META_FIELDS}
    published = given.get("published")
    if published is not None:
        iso = parse_date(published)
        if iso is None and notes is not None:  # one odd value never costs the report: it is dropped and said
            notes.append(f"{source}: published {published[:40]!r} is not a date (ignored; use YYYY-MM-DD)")
        published = iso
    published = published or page_meta.get("published") or find_published(text)[0]
    title = given.get("title") or page_meta.get("title") or find_title(text)
    publisher = given.get("publisher") or page_meta.get("publisher") or find_publisher(text)
    return Document(
        id=sha256_id(data), text=text, published=published,
        source=given.get("url") or source, publisher=publisher, title=title, language=language, raw=data,
    )


def _size_problem(size: int, max_bytes: int) -> str:
    return f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:g} MB limit)"


@dataclass(frozen=True)
class RawReport:
    """One report's bytes as received, before decoding: what ``docket run`` checks against the store (by
    ``id``) and hands to the extraction worker (``document``)."""

    data: bytes = field(repr=False)
    source: str                                   # the file path, or a row's URL or "file#line"
    where: str                                    # for error lines: the file, or "file:line" for a row
    kind: str | None = None
    meta: Mapping[str, str | None] | None = None

    @property
    def id(self) -> str:
        return sha256_id(self.data)

    def document(self, notes: list[str] | None = None) -> Document:
        try:
            return document_from_bytes(self.data, source=self.source, kind=self.kind, meta=self.meta, notes=notes)
        except IngestError as exc:
            if exc.where == self.where:
                raise
            raise IngestError(self.where, exc.problem) from None


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one .txt/.md/.html report. Raises IngestError with a one-line reason."""
    return read_raw(path, max_bytes=max_bytes).document()


def read_raw(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
             meta: Mapping[str, str | None] | None = None) -> RawReport:
    """The bytes of one .txt/.md/.html report (size-checked, not yet decoded)."""
    where = str(path)
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IngestError(where, "is a directory")
        if st.st_size > max_bytes:
            raise IngestError(where, _size_problem(st.st_size, max_bytes))
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError(where, _os_problem(exc)) from None
    if len(data) > max_bytes:
        raise IngestError(where, _size_problem(len(data), max_bytes))
    return RawReport(data, source=where, where=where, meta=meta)


def _os_problem(exc: OSError) -> str:
    reason = exc.strerror or exc.__class__.__name__
    return f"cannot read ({reason.lower()})"


def _walk(directory: Path, ancestors: tuple[tuple[int, int], ...],
          seen_files: set[str]) -> Iterator[Path | IngestError]:
    try:
        with os.scandir(directory) as it:   # (the names only, sorted: a DirEntry each held some 250 bytes a file,
            names = sorted(e.name for e in it if not e.name.startswith("."))   # 36 MiB for 100,000 in one folder)
    except OSError as exc:
        yield IngestError(str(directory), f"cannot read directory ({(exc.strerror or 'error').lower()})")
        return
    for name in names:
        path = directory / name
        try:
            st: os.stat_result | None = path.stat()
        except FileNotFoundError:
            st = None            # a broken symbolic link (or a file gone since): said below if it is a report's
        except OSError as exc:
            yield IngestError(str(path), _os_problem(exc))
            continue
        if st is not None and stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield IngestError(str(path), "directory loop (symbolic link back to a parent), skipped")
                continue
            yield from _walk(path, (*ancestors, key), seen_files)
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or name == MANIFEST_NAME:
            continue  # a manifest.jsonl is metadata for the folder's files, not reports
        if st is None:
            yield IngestError(str(path), "broken symbolic link" if path.is_symlink() else "no such file or directory")
            continue
        yield from _file_entry(path, seen_files)


def _file_entry(path: Path, seen_files: set[str]) -> Iterator[Path | IngestError]:
    real = os.path.realpath(path)
    if real in seen_files:
        return
    seen_files.add(real)
    if not os.access(path, os.R_OK):
        yield IngestError(str(path), "cannot read (permission denied)")
        return
    yield path


def iter_paths(paths: Sequence[Path]) -> Iterator[Path | IngestError]:
    """The report files named by ``paths`` (folders recursively, sorted, hidden entries and unsupported
    suffixes skipped), each file once; problems (missing, unreadable, a directory loop) as IngestError."""
    seen_files: set[str] = set()
    for given in paths:
        path = Path(given)
        if not path.exists():
            problem = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield IngestError(str(path), problem)
        elif path.is_dir():
            st = path.stat()
            yield from _walk(path, ((st.st_dev, st.st_ino),), seen_files)
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield IngestError(str(path), f"unsupported file type {path.suffix or '(none)'!r} "
                                         f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
        else:
            yield from _file_entry(path, seen_files)


def sidecar_meta(manifests: Manifests, path: Path) -> dict[str, str | None] | None:
    """A report file's metadata from its folder's manifest.jsonl: title, publisher and date. The source stays
    the file the report was read from, which every export and the reference scorers key a report by (its URL
    stays in the manifest). ``docket run`` and ``docket extract`` both read it, so they see the same report."""
    meta = manifests.meta_for(path)
    return {k: v for k, v in meta.items() if k != "url"} if meta else None


def iter_raw(path: Path, *, columns: Mapping[str, str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
             manifests: Manifests | None = None) -> Iterator[RawReport | IngestError]:
    """The reports in one file, undecoded: one for .txt/.md/.html, one per row for .jsonl/.csv (a bad row is
    an IngestError "<file>:<line>: <problem>" and the next rows go on). ``columns`` maps our names (text,
    url, title, published, publisher) to the file's column names. For bulk files ``max_bytes`` limits each
    row. With ``manifests``, a ``manifest.jsonl`` beside a report gives its metadata."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".csv"):
        from docket.ingest.records import iter_raw_records

        yield from iter_raw_records(path, columns=columns, max_bytes=max_bytes)
        return
    meta = sidecar_meta(manifests, path) if manifests is not None else None
    try:
        yield read_raw(path, max_bytes=max_bytes, meta=meta)
    except IngestError as exc:
        yield exc


def iter_documents(path: Path, *, columns: Mapping[str, str] | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | IngestError]:
    """The documents in one file (see ``iter_raw``), decoded and read."""
    for item in iter_raw(path, columns=columns, max_bytes=max_bytes, manifests=Manifests()):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            yield item.document()
        except IngestError as exc:
            yield exc
