"""Extraction: sentences → mentions → incidents and aggregates with evidence spans."""

from docket.extract.engine import Extractor

__all__ = ["Extractor"]
