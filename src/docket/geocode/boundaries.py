"""Administrative boundary outlines (GeoJSON polygons) that the user imports, for the web app's map.

Docket ships no boundaries (the good ones, OCHA's COD-AB, are CC BY-IGO and not ours to redistribute);
``docket gazetteer import syr_admin1.geojson`` keeps a simplified copy under ``$DOCKET_HOME`` with its
licence, and ``docket serve`` draws it. Simplification (Douglas–Peucker on each ring) keeps the file small
enough to send to a browser: OCHA's 29,000-vertex governorates become a few thousand vertices.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docket.config import docket_home

NAME_KEYS = ("adm1_name", "ADM1_EN", "admin1Name_en", "shapeName", "NAME_1", "name", "NAME", "province_name")
OCHA_LICENCE = "CC BY-IGO"
OCHA_ATTRIBUTION = "Administrative boundaries: UN OCHA COD-AB (via HDX), CC BY-IGO."


class BoundaryError(ValueError):
    """A boundaries file Docket cannot use; the message is one line naming the file."""


def boundaries_dir(home: Path | None = None) -> Path:
    d = docket_home(home) / "gazetteer" / "boundaries"
    d.mkdir(parents=True, exist_ok=True)
    return d


def looks_like_geojson(path: Path, head: str) -> bool:
    return path.suffix.lower() in (".geojson", ".json") or head.lstrip().startswith("{")


def import_boundaries(path: Path, home: Path | None = None, tolerance: float = 0.004) -> dict[str, Any]:
    """Validate, simplify and store a GeoJSON file of (Multi)Polygons; returns its source record."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise BoundaryError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BoundaryError(f"{path}: not JSON ({exc})") from None
    features = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    if not isinstance(features, list) or not features:
        raise BoundaryError(f"{path}: not a GeoJSON FeatureCollection with features")
    out = []
    vertices_in = vertices_out = 0
    for i, f in enumerate(features):
        geom = (f or {}).get("geometry") or {}
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            raise BoundaryError(f"{path}: feature {i + 1} is a {geom.get('type')!r}, not a Polygon or MultiPolygon")
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        new_polys = []
        for poly in polys:
            rings = []
            for ring in poly:
                if not _valid_ring(ring):
                    raise BoundaryError(f"{path}: feature {i + 1} has a ring that is not a list of [lon, lat] points")
                vertices_in += len(ring)
                simple = _simplify(ring, tolerance)
                if len(simple) >= 4:
                    rings.append([[round(x, 4), round(y, 4)] for x, y in simple])
                    vertices_out += len(simple)
            if rings:
                new_polys.append(rings)
        props = f.get("properties") or {}
        name = next((props[k] for k in NAME_KEYS if isinstance(props.get(k), str) and props[k].strip()), None)
        out.append({"type": "Feature", "properties": {"name": name},
                    "geometry": {"type": "MultiPolygon", "coordinates": new_polys}})
    ocha = any("adm1_pcode" in (f.get("properties") or {}) or "ADM1_PCODE" in (f.get("properties") or {})
               for f in features)
    source = {
        "id": f"boundaries:{Path(path).stem}",
        "title": f"Boundary outlines ({Path(path).name})",
        "licence": OCHA_LICENCE if ocha else "as stated by its publisher (not recorded in the file)",
        "attribution": OCHA_ATTRIBUTION if ocha else f"Boundaries from {Path(path).name}",
        "path": str(Path(path).resolve()),
        "added": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "features": len(out), "vertices": vertices_out, "vertices_in_source": vertices_in,
    }
    doc = {"type": "FeatureCollection", "docket_source": source, "features": out}
    target = boundaries_dir(home) / f"{Path(path).stem}.geojson"
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:   # write then rename: never a half-written outline file
        json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return source


def list_boundaries(home: Path | None = None) -> list[tuple[Path, dict[str, Any]]]:
    """Imported outline files with their source records, oldest first."""
    out = []
    d = docket_home(home) / "gazetteer" / "boundaries"
    for p in sorted(d.glob("*.geojson")) if d.exists() else []:
        try:
            src = json.loads(p.read_text(encoding="utf-8")).get("docket_source") or {}
        except (OSError, json.JSONDecodeError):
            continue
        out.append((p, src))
    return sorted(out, key=lambda x: str(x[1].get("added", "")))


def _valid_ring(ring: Any) -> bool:
    return isinstance(ring, list) and len(ring) >= 4 and all(
        isinstance(pt, list | tuple) and len(pt) >= 2 and all(isinstance(v, int | float) for v in pt[:2])
        for pt in ring)


def _simplify(points: list[list[float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative; the ring stays closed."""
    pts = [(float(p[0]), float(p[1])) for p in points]
    if len(pts) < 5:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            d = abs(dy * px - dx * py + bx * ay - by * ax) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, idx = d, i
        if idx > 0 and best > tol:
            keep[idx] = True
            stack.extend([(a, idx), (idx, b)])
    return [p for p, k in zip(pts, keep, strict=True) if k]
