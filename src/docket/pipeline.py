"""The per-document pipeline: extract → geocode → legal references.

Everything that loads models or tables is loaded once, in ``Pipeline.load``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docket.model import Document, Extraction


@dataclass
class Pipeline:
    """Holds the loaded extractor and geocoder; ``process`` is pure per document."""

    home: Path | None = None

    @classmethod
    def load(cls, home: Path | None = None) -> Pipeline:
        return cls(home=home)

    def process(self, document: Document) -> Extraction:
        # Placeholder until the extraction engine lands: no incidents.
        return Extraction(document=document)
