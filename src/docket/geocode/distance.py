"""Great-circle distance, the one implementation every stage uses."""

from __future__ import annotations

import math


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in kilometres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


KM_PER_DEGREE = 2 * math.pi * 6371.0 / 360   # along a meridian


def within_km(lat1: float, lon1: float, lat2: float, lon2: float, km: float) -> bool:
    """Whether two points lie at most ``km`` apart. The difference in latitude alone is a lower bound of the
    distance, so most far pairs are refused without the trigonometry."""
    return abs(lat1 - lat2) * KM_PER_DEGREE <= km and haversine_km(lat1, lon1, lat2, lon2) <= km
