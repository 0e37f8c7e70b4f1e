"""Reading reports: .txt, .md, .html files and .jsonl/.csv bulk files → Documents (SPEC §1).

Metadata (publication date, title, publisher) comes from the caller or record first, then an HTML page's
own metadata or Markdown front matter, then general rules over the text (see ``metadata``).
Every problem is an :class:`IngestError` whose ``str`` is one line: ``"<file>: <problem>"``.
"""

from docket.ingest.errors import IngestError
from docket.ingest.metadata import find_published, find_publisher, find_title
from docket.ingest.reader import (
    SUPPORTED_SUFFIXES,
    RawReport,
    document_from_bytes,
    iter_documents,
    iter_paths,
    iter_raw,
    read_file,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "RawReport",
    "document_from_bytes",
    "find_published",
    "find_publisher",
    "find_title",
    "iter_documents",
    "iter_paths",
    "iter_raw",
    "read_file",
]
