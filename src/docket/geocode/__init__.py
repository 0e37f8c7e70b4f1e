"""Offline geocoding: the gazetteer (built-in from installed packages, plus user imports) and the geocode stage.

Typical use::

    geocoder = Geocoder.load()          # once per process
    geocoder.locate("Sarqib", admin1="Idlib")
    extraction = geocode_extraction(extraction, geocoder)
"""

from __future__ import annotations

from docket.geocode.geocoder import Geocoder, GeoMatch
from docket.geocode.stage import geocode_extraction
from docket.geocode.store import GazetteerError, SourceInfo, build_builtin, import_file, list_sources

__all__ = [
    "GazetteerError", "GeoMatch", "Geocoder", "SourceInfo", "build_builtin", "geocode_extraction", "import_file",
    "list_sources",
]
