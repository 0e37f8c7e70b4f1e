"""The one read layer of the docket: filters, where-builders, records, statistics, timeline, map and options.

The CLI (``docket export``, ``docket stats``), the exports and the web app read the database only through
this package; none of them touches a table.
"""

from docket.store.read.bounds import figures, normalise_case, ordered
from docket.store.read.filters import (
    MAX_INT,
    PARAMS,
    FilterError,
    Filters,
    Page,
    parse_filters,
    parse_page,
    query_pairs,
    query_string,
)
from docket.store.read.records import (
    case_info,
    case_of_incident,
    case_page,
    corrections,
    count_cases,
    count_incidents,
    data_version,
    document_file,
    documents_by_id,
    evidence_index,
    evidence_rows,
    gazetteer_ids,
    get_case,
    get_document,
    incident_page,
    incidents_by_id,
    iter_cases,
    iter_incidents,
    location_of,
    missing_database,
    queue,
    resolve_case_id,
    review_log,
    value_reviews,
)
from docket.store.read.stats import STAT_DIMENSIONS, counts, daily, map_points, options, stats
from docket.store.read.summary import ensure_statistics
from docket.store.read.where import (
    case_conditions,
    case_where,
    fts_query,
    incident_conditions,
    incident_where,
)

__all__ = [
    "MAX_INT", "PARAMS", "STAT_DIMENSIONS", "FilterError", "Filters", "Page", "case_conditions", "case_info", "case_of_incident",
    "case_page", "case_where", "corrections", "count_cases", "count_incidents", "counts", "daily", "data_version",
    "document_file", "ensure_statistics", "documents_by_id", "evidence_index", "evidence_rows", "figures", "fts_query", "gazetteer_ids", "get_case",
    "get_document", "incident_conditions", "incident_page", "incident_where", "incidents_by_id", "iter_cases",
    "iter_incidents", "location_of", "map_points", "missing_database", "normalise_case", "options", "ordered", "parse_filters", "parse_page", "queue", "value_reviews",
    "query_pairs", "query_string", "resolve_case_id", "review_log", "stats",
]
