"""Administrative boundary outlines (GeoJSON polygons) that the user imports, for the web app's map.

Docket ships no boundaries (the good ones, OCHA's COD-AB, are CC BY-IGO and not ours to redistribute);
``docket gazetteer import syr_admin1.geojson`` keeps a simplified copy under ``$DOCKET_HOME`` with its
licence, and ``docket serve`` draws it. Simplification (Douglas–Peucker on each ring) keeps the file small
enough to send to a browser: OCHA's 29,000-vertex governorates become a few thousand vertices.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import re
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docket.config import docket_home

NAME_KEYS = ("adm1_name", "ADM1_EN", "admin1Name_en", "shapeName", "NAME_1", "name", "NAME", "province_name")
OCHA_LICENCE = "CC BY-IGO"
OCHA_ATTRIBUTION = "Administrative boundaries: UN OCHA COD-AB (via HDX), CC BY-IGO."
SHRINK_LIMIT = 0.05  # a re-import with this much fewer features needs replace=True
MAX_DEPTH = 200  # GeoJSON nests four levels deep; deeper is not a boundaries file
_ADM_RE = re.compile(r"^adm(\d)_?(?:pcode|code)$", re.I)


class BoundaryError(ValueError):
    """A boundaries file Docket cannot use; the message is one line naming the file."""


@dataclass(frozen=True)
class Outline:
    """One administrative unit of an imported boundaries file: its names, codes and rings (lon, lat)."""

    name: str | None
    level: int | None  # 1 = governorate/province/state, 2 = district ...; None when the file does not say
    pcode: str | None
    country: str | None  # ISO 3166-1 alpha-2 when the file says
    arabic: str | None
    parent: str | None  # the first-level unit's name, for level >= 2
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]

    def contains(self, lat: float, lon: float, margin_km: float = 0.0) -> bool:
        """True when the point is inside (or within ``margin_km`` of) the outline."""
        for poly in self.polygons:
            if _in_rings(poly, lon, lat):
                return True
        if margin_km <= 0:
            return False
        return self.distance_km(lat, lon) <= margin_km

    def distance_km(self, lat: float, lon: float) -> float:
        """Approximate distance from the point to the nearest edge (equirectangular, fine at these scales)."""
        kx = 111.32 * math.cos(math.radians(lat))
        best = math.inf
        for poly in self.polygons:
            for ring in poly:
                for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                    ax, ay, bx, by = (x1 - lon) * kx, (y1 - lat) * 110.57, (x2 - lon) * kx, (y2 - lat) * 110.57
                    dx, dy = bx - ax, by - ay
                    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
                    best = min(best, math.hypot(ax + t * dx, ay + t * dy))
        return best

    def centroid(self) -> tuple[float, float]:
        """(lat, lon) of the area-weighted centroid of the outer rings."""
        sa = sx = sy = 0.0
        for poly in self.polygons:
            ring = poly[0]
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                c = x1 * y2 - x2 * y1
                sa += c
                sx += (x1 + x2) * c
                sy += (y1 + y2) * c
        if abs(sa) < 1e-12:
            pts = [p for poly in self.polygons for p in poly[0]]
            return statistics.fmean(p[1] for p in pts), statistics.fmean(p[0] for p in pts)
        return sy / (3 * sa), sx / (3 * sa)


def _in_rings(rings: tuple[tuple[tuple[float, float], ...], ...], x: float, y: float) -> bool:
    inside = False
    for ring in rings:  # even-odd over the outer ring and its holes
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def boundaries_dir(home: Path | None = None) -> Path:
    d = docket_home(home) / "gazetteer" / "boundaries"
    d.mkdir(parents=True, exist_ok=True)
    return d


def looks_like_geojson(path: Path, head: str) -> bool:
    return path.suffix.lower() in (".geojson", ".json") or head.lstrip().startswith("{")


def _reject_constant(value: str) -> Any:
    raise ValueError(f"{value} is not a number GeoJSON allows")


def _depth_ok(text: str) -> bool:
    """No more than MAX_DEPTH nested brackets (json.loads would recurse until it crashes)."""
    depth = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def read_features(path: Path) -> list[dict[str, Any]]:
    """The features of a GeoJSON FeatureCollection, checked; BoundaryError (one line) when malformed."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise BoundaryError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise BoundaryError(f"{path}: not UTF-8 text ({exc.reason})") from None
    if not _depth_ok(text):
        raise BoundaryError(f"{path}: nested more than {MAX_DEPTH} levels deep, not a GeoJSON boundaries file")
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError, RecursionError) as exc:
        raise BoundaryError(f"{path}: not JSON ({str(exc).splitlines()[0]})") from None
    features = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    if not isinstance(features, list) or not features:
        raise BoundaryError(f"{path}: not a GeoJSON FeatureCollection with features")
    for i, f in enumerate(features):
        if not isinstance(f, dict):
            raise BoundaryError(f"{path}: feature {i + 1} is a {type(f).__name__}, not a GeoJSON Feature object")
        props = f.get("properties")
        if props is not None and not isinstance(props, dict):
            raise BoundaryError(f"{path}: feature {i + 1} has properties that are a {type(props).__name__}, "
                                "not an object")
        geom = f.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
            kind = geom.get("type") if isinstance(geom, dict) else geom
            raise BoundaryError(f"{path}: feature {i + 1} is a {kind!r}, not a Polygon or MultiPolygon")
        coords = geom.get("coordinates")
        polys = coords if geom["type"] == "MultiPolygon" else [coords]
        if not isinstance(polys, list) or not polys or not all(
                isinstance(poly, list) and poly and all(_valid_ring(r) for r in poly) for poly in polys):
            raise BoundaryError(f"{path}: feature {i + 1} has a ring that is not a closed list of [lon, lat] "
                                "points with finite coordinates in range")
    return features


def _level_and_code(props: dict[str, Any]) -> tuple[int | None, str | None]:
    """The administrative level a feature describes (its deepest admN P-code) and that code."""
    best: tuple[int | None, str | None] = (None, None)
    for k, v in props.items():
        m = _ADM_RE.match(str(k))
        if m and isinstance(v, str) and v.strip() and int(m.group(1)) >= 1 and (
                best[0] is None or int(m.group(1)) > best[0]):
            best = (int(m.group(1)), v.strip())
    if best[0] is None and isinstance(props.get("shapeType"), str):  # geoBoundaries: shapeType "ADM1"
        m = re.fullmatch(r"ADM(\d)", props["shapeType"].strip(), re.I)
        if m:
            best = (int(m.group(1)), props.get("shapeID") if isinstance(props.get("shapeID"), str) else None)
    return best


def _prop(props: dict[str, Any], *keys: str) -> str | None:
    for k in keys:
        for cand in (k, k.upper(), k.lower()):
            v = props.get(cand)
            if isinstance(v, str) and v.strip():
                return v.strip()
    return None


def outline_of(props: dict[str, Any], polys: list[Any]) -> Outline:
    """An Outline from a (checked) feature's properties and its list of polygons."""
    level, pcode = _level_and_code(props)
    if level is not None:
        name = _prop(props, f"ADM{level}_EN", f"adm{level}_name", f"admin{level}Name_en", "shapeName", f"NAME_{level}")
        arabic = _prop(props, f"ADM{level}_AR", f"adm{level}_name1", f"admin{level}Name_ar")
    else:
        name = next((props[k] for k in NAME_KEYS if isinstance(props.get(k), str) and props[k].strip()), None)
        arabic = None
    parent = _prop(props, "ADM1_EN", "adm1_name", "admin1Name_en") if level and level >= 2 else None
    cc = _prop(props, "ADM0_PCODE", "adm0_pcode", "admin0Pcode", "iso_a2", "ISO_A2")
    country = cc[:2].upper() if cc and re.match(r"^[A-Za-z]{2}", cc) else None
    polygons = tuple(tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in poly) for poly in polys)
    return Outline(name=name.strip() if isinstance(name, str) else None, level=level, pcode=pcode, country=country,
                   arabic=arabic, parent=parent, polygons=polygons)


def import_boundaries(path: Path, home: Path | None = None, tolerance: float = 0.004,
                      replace: bool = False) -> dict[str, Any]:
    """Validate, simplify and store a GeoJSON file of (Multi)Polygons; returns its source record.

    Re-importing a file of the same name with more than SHRINK_LIMIT fewer features needs ``replace``."""
    features = read_features(path)
    target = boundaries_dir(home) / f"{Path(path).stem}.geojson"
    if target.exists() and not replace:
        try:
            old = json.loads(target.read_text(encoding="utf-8")).get("docket_source", {}).get("features", 0)
        except (OSError, ValueError, AttributeError):
            old = 0
        if isinstance(old, int) and old and len(features) < old * (1 - SHRINK_LIMIT):
            raise BoundaryError(f"{path}: has {len(features)} outlines where the earlier import had {old}; "
                                "pass --replace to replace it")
    out = []
    units: list[Outline] = []
    vertices_in = vertices_out = 0
    for f in features:
        geom = f["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        new_polys = []
        for poly in polys:
            rings = []
            for ring in poly:
                vertices_in += len(ring)
                simple = _simplify(ring, tolerance)
                if len(simple) >= 4:
                    rings.append([[round(x, 4), round(y, 4)] for x, y in simple])
                    vertices_out += len(simple)
            if rings:
                new_polys.append(rings)
        o = outline_of(f.get("properties") or {}, new_polys)
        units.append(o)
        props = {"name": o.name, "level": o.level, "pcode": o.pcode, "country": o.country, "arabic": o.arabic,
                 "parent": o.parent}
        out.append({"type": "Feature", "properties": {k: v for k, v in props.items() if v is not None},
                    "geometry": {"type": "MultiPolygon", "coordinates": new_polys}})
    ocha = any(re.match(r"(?i)adm\d_pcode", str(k)) for f in features for k in (f.get("properties") or {}))
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
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:   # write then rename: never a half-written outline file
            json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
        os.chmod(tmp, 0o644)
        _store_districts(Path(path), units, source, home, replace_ok=replace,
                         commit=lambda: os.replace(tmp, target))
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return source


def _store_districts(path: Path, units: list[Outline], source: dict[str, Any], home: Path | None,
                     replace_ok: bool, commit: Callable[[], None]) -> None:
    """Second-level and lower units become 'district' places of the gazetteer, in the same transaction that
    puts the outline file in place; a file of first-level units only just puts the file in place."""
    from docket.geocode import store

    if not any(u.level and u.level >= 2 for u in units):
        commit()
        return
    try:
        rows = store.district_rows(units, path, home)
        info = store.SourceInfo(id=source["id"], kind="ocha-cod-ab", title=source["title"],
                                licence=source["licence"], attribution=source["attribution"], path=source["path"],
                                added=source["added"], places=len(rows.places))
        store.store_rows(path, rows, info, home, replace_ok, before_commit=commit)
    except store.GazetteerError as e:
        raise BoundaryError(str(e)) from None


def load_outlines(home: Path | None = None) -> list[Outline]:
    """Every outline of every imported boundaries file (oldest file first)."""
    out: list[Outline] = []
    for path, _src in list_boundaries(home):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for f in data.get("features") or []:
            geom = f.get("geometry") or {}
            if geom.get("type") != "MultiPolygon":
                continue
            props = f.get("properties") or {}
            o = outline_of({}, geom["coordinates"])
            out.append(replace(o, name=props.get("name"), level=props.get("level"), pcode=props.get("pcode"),
                               country=props.get("country"), arabic=props.get("arabic"), parent=props.get("parent")))
    return out


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
        isinstance(pt, list) and len(pt) >= 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in pt[:2])
        and -180 <= pt[0] <= 180 and -90 <= pt[1] <= 90
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
