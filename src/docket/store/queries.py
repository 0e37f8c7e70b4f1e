"""The queries of the docket's readers, kept under their old names: see :mod:`docket.store.read`."""

from docket.store.read import (
    STAT_DIMENSIONS,
    Filters,
    case_conditions,
    count_cases,
    fts_query,
    get_case,
    get_document,
    incident_conditions,
    iter_cases,
    iter_incidents,
    stats,
)

__all__ = ["STAT_DIMENSIONS", "Filters", "case_conditions", "count_cases", "fts_query", "get_case", "get_document",
           "incident_conditions", "iter_cases", "iter_incidents", "stats"]
