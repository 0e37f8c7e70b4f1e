"""Docket: conflict reports in, a sourced, geocoded, deduplicated docket of incidents out."""

__version__ = "0.1.0"
