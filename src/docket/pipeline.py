"""The per-document pipeline: extract → geocode → legal references.

Everything that loads models or tables is loaded once, in ``Pipeline.load``; ``process`` is then a
pure function of one document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docket.extract import Extractor
from docket.geocode import Geocoder, geocode_extraction
from docket.legal import derive_legal
from docket.model import Document, Extraction
from docket.vocab import Vocab


@dataclass
class Pipeline:
    vocab: Vocab
    extractor: Extractor
    geocoder: Geocoder | None

    @classmethod
    def load(cls, home: Path | None = None, actor_files: list[Path] | None = None,
             geocode: bool = True) -> Pipeline:
        vocab = Vocab.load(actor_files)
        geocoder = Geocoder.load(home) if geocode else None
        return cls(vocab=vocab, extractor=Extractor(vocab, geocoder), geocoder=geocoder)

    def process(self, document: Document) -> Extraction:
        extraction = self.extractor.extract(document)
        if self.geocoder is not None:
            extraction = geocode_extraction(extraction, self.geocoder)
        for incident in extraction.incidents:
            incident.legal = derive_legal(incident, self.vocab.legal)
        return extraction
