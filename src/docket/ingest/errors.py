"""The one error type of docket.ingest."""

from __future__ import annotations


class IngestError(Exception):
    """A report that cannot be read. ``str(e)`` is one line: ``"<file>: <problem>"``."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = " ".join(problem.split())
        super().__init__(f"{where}: {self.problem}")
