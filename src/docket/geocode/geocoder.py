"""Resolving place names against the gazetteer: candidates, context, disambiguation, fallbacks."""

from __future__ import annotations

import math
import re
import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from docket.geocode import store
from docket.geocode.boundaries import Outline, load_outlines
from docket.geocode.distance import haversine_km
from docket.geocode.store import Place
from docket.model import PlacePrecision
from docket.text.names import (
    arabic_full_key,
    arabic_spelling,
    arabic_words,
    fold,
    is_arabic,
    latin_skeletons,
    lexicon,
    name_key,
    name_keys,
    place_key,
    skeletons,
    strip_region_words,
    vowel_key,
    without_prefix,
)

# how a candidate was found -> strength (before context)
EXACT = 0.95
FUSED = 0.9
ARABIC_ARTICLE = 0.85  # an Arabic spelling that differs only by the article ("صبحة" for "الصبحة")
ARABIC_SHORT = 0.8  # an Arabic name without its last word ("المليحة" for "المليحة الشرقية")
SKELETON = 0.85
SKELETON_SHORT = 0.7  # a skeleton of three consonant classes
# a spelling that differs only by how its vowels are written ("Jayber" / "Jeiber"; names.yaml): as strong as a skeleton
# of its length, and at least this for three consonants or more
VOWELS = 0.8
# a consonant-skeleton match must be spelled this alike (0-100, vowels written one way) unless the text names a place
# near it: real respellings of Syrian villages score 64-100 ("Taybet Alimam" / Tiba Elemam 64, "Kafrien" / Kafr Ein
# 71), look-alikes of made-up names 47-89 (half below 65)
SKELETON_ALIKE = 65
# a spelling of a town (Geocoder.spelled_like_town): its match's score and its letters' likeness (0-100); English
# words that share a village's consonants score 45-60 ("Castello"/"Qastal", "Military"/"Um Eltoyur"), respellings 80+
SPELLED_SCORE = 0.85
SPELLED_ALIKE = 80
SKELETON_TINY = 0.55  # two classes or fewer: only with the governorate confirming it
PREFIX_PENALTY = 0.08
FUZZY_CAP = 0.72
NEAR_KM = 35.0
CLOSER = 0.8  # of two homonyms both near the text's other places, one this much nearer is preferred
SAME_PLACE_KM = 8.0
HIGH = 0.8
OUTLINE_MARGIN_KM = 5.0  # a point this close outside its region's outline still counts as inside (coast, border)
MIN_REGION_RADIUS_KM = 40.0
BIG_CITY = 100_000
SAME_TOWN_ALIKE = 70   # two records of one town in two gazetteers are spelled this alike ("Hama", "Ḩamāh";
#                        "Muhradah", "Maharda"; articles aside: "Atareb", "Al Atārib")
WORLD_CITY = 500_000  # with no country in the text, only towns this big are found by an alternate name
DOMINANT_TOWN = ((20_000, 10.0), (10_000, 5.0))  # (people, times its biggest namesake's): the town meant
WORLD_CITY_LEAD = 2.0  # with no country in the text, a world city this many times bigger than any namesake wins

_SOURCE_RANK = {"ocha": 0, "geonames-dump": 1, "geonames-cities1000": 2, "geonames-cities500": 2, "builtin-regions": 3}
# gazetteers whose every name for a place is one of its official names (OCHA lists a community's admin name and its
# location name); a GeoNames alternate may be a historic, foreign or confused spelling ("Salakhed" for Salkhad)
_OFFICIAL_NAMES = frozenset({"ocha"})
_KIND_RANK = {"town": 0, "district": 1, "region": 2, "country": 3}
_CACHE_MAX = 50_000
_POOL_MAX = 4  # fuzzy pools kept (each a country or region, 10-25 MiB for a large one)
_ACRONYM_RE = re.compile(r"[A-Z]{2,5}")
_PAREN_RE = re.compile(r"\s*\([^)]*\)\s*$")   # OCHA's "Maarin (Hama)": which of the namesakes, not the name
# the tail of a Spanish or Portuguese town's official name, which reports leave off ("Paracho de Verduzco")
_TAIL_RE = re.compile(r"(?i)\s+(?:de\s+la|de\s+las|de\s+los|del|de|do|da|dos|das)\s+.*$")


@dataclass
class GeoMatch:
    """A resolved place. ``country`` is ISO 3166-1 alpha-2; ``score`` the confidence (0..1) in this resolution."""

    canonical: str
    gazetteer_id: str | None
    lat: float | None
    lon: float | None
    admin1: str | None
    country: str | None
    precision: PlacePrecision
    score: float
    source: str


@dataclass
class _Cand:
    place: Place
    strength: float
    how: str  # 'exact' | 'skeleton' | 'fuzzy'
    named: bool = False  # the text's spelling is, but for an article, one of its official names (_OFFICIAL_NAMES)


@lru_cache(maxsize=2)
def _arabic_admin_words(countryside: bool = False) -> frozenset[str]:
    """The Arabic words for a governorate and its like ("محافظة"), or (``countryside``) for its countryside
    ("ريف"), folded as the place key folds them."""
    lex = lexicon()
    return frozenset(arabic_words(" ".join(lex.arabic_countryside if countryside else lex.arabic_region_words)))


def _km(a: Place, b: Place) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return math.inf
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _precision_of(place: Place) -> PlacePrecision:
    kinds: dict[str, PlacePrecision] = {"town": "town", "district": "district", "region": "region", "country": "country"}
    return kinds.get(place.kind, "town")


def _match(place: Place, score: float, precision: PlacePrecision | None = None) -> GeoMatch:
    return GeoMatch(canonical=place.name, gazetteer_id=place.gid, lat=place.lat, lon=place.lon,
                    admin1=place.admin1 if place.kind != "country" else None, country=place.country,
                    precision=precision or _precision_of(place), score=round(min(0.99, max(0.0, score)), 3),
                    source=place.source)


class _Pool:
    """Fuzzy-matching candidates of one country (optionally one region), bucketed by the first consonant class of
    each key's skeletons.

    A country's pool has 100,000+ keys, so it holds the key strings and the places' row references only: the
    skeletons of the few keys a search returns are recomputed, and their places read from the gazetteer
    (``fetch``). Holding a ``Place`` and a skeleton per entry made one Syrian pool weigh about 90 MiB."""

    def __init__(self, rows: Iterable[tuple[str, int]], fetch: Callable[[int], Place]):
        self._fetch = fetch
        self.by_first: dict[str, tuple[list[str], array[int]]] = {}
        for key, ref in rows:
            for first in {sk[:1] for sk in latin_skeletons(key)} or {""}:
                bucket = self.by_first.get(first)
                if bucket is None:
                    bucket = self.by_first[first] = ([], array("q"))
                bucket[0].append(key)
                bucket[1].append(ref)

    def search(self, key: str, skel: str, cutoff: float) -> list[tuple[Place, float]]:
        first = skel[:1]
        bucket = self.by_first.get(first)
        if not bucket:
            return []
        keys, refs = bucket
        out: dict[str, tuple[Place, float]] = {}
        for _, score, idx in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8):
            sks = [sk for sk in latin_skeletons(keys[idx]) if sk[:1] == first] or [""]
            combined = (score + max(fuzz.ratio(skel, sk) for sk in sks)) / 2
            if combined < cutoff:
                continue
            place = self._fetch(refs[idx])
            if combined > out.get(place.gid, (place, 0.0))[1]:
                out[place.gid] = (place, combined)
        return list(out.values())


# The endings transliterations write several ways: Arabic -iyya / ta marbuta ("Quriyeh", "Quriyah", "Quriya")
_ENDINGS = ((re.compile(r"(?:iy+|i)(?:eh|ah|a)$"), "iya"), (re.compile(r"(?:eh|ah)$"), "a"))


def _ending(key: str) -> str:
    for rx, to in _ENDINGS:
        key, n = rx.subn(to, key)
        if n:
            break
    return key


def _loose(key: str) -> str:
    """A name key as transliterations may write it either way: a doubled letter single, the ending one way
    ("Salhiyeh" / "Salhiya", "Madfaa" / "Madfah", "Ma'arrin" / "Maarin")."""
    return _ending(re.sub(r"(.)\1+", r"\1", key))


def _compass(name: str) -> str | None:
    """The compass word a name begins with, in its canonical form ("Northern Mweileh" -> "north")."""
    first = fold(name).split()[:1]
    return lexicon().compass.get(first[0]) if first else None


def _has_article(name: str) -> bool:
    """Is the Arabic article written in the name as a word of its own ("Al Fakka", "al-Fakka")?"""
    return any(w in lexicon().articles for w in fold(name).split()[:-1])


def alike(a: str, b: str) -> float:
    """How alike two place keys are (0-100), the ending written either way ("quriya" / "quriyeh": 100)."""
    return max(fuzz.ratio(a, b), fuzz.ratio(_ending(a), _ending(b)))


def alike_voiced(a: str, b: str) -> float:
    """:func:`alike`, or as alike once the vowels are written one way ("jayber" / "jeiber": 100; "jaber" 91):
    how the spellings of one consonant skeleton are told apart."""
    return max(alike(a, b), fuzz.ratio(vowel_key(_ending(a)), vowel_key(_ending(b))))


class Geocoder:
    """The gazetteer, loaded once: the built-in one plus every import under ``$DOCKET_HOME``."""

    def __init__(self, paths: Sequence[Path], outlines: Sequence[Outline] = ()):
        self._paths = [Path(p) for p in paths]
        self._outline_list = list(outlines)
        self._open()

    # -- loading ---------------------------------------------------------------------------------------

    @classmethod
    def load(cls, home: Path | None = None) -> Geocoder:
        """Open the built-in gazetteer (building it on first use) and the user's imports."""
        paths = [store.ensure_builtin(home)]
        imports = store.imports_path(home)
        if imports.exists():
            paths.append(imports)
        return cls(paths, load_outlines(home))

    def _open(self) -> None:
        self._cons: list[sqlite3.Connection] = []
        for p in self._paths:
            con = store.connect(p, readonly=True)
            try:
                con.execute("SELECT 1 FROM keys LIMIT 1").fetchall()
            except sqlite3.DatabaseError as e:
                raise store.GazetteerError(f"{p}: not a Docket gazetteer ({e}); run `docket gazetteer build`") from None
            self._cons.append(con)
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._lookups: dict[tuple[str, int, bool], list[Place]] = {}
        self._pools: dict[tuple[str, str | None], _Pool] = {}
        # countries, regions and named areas are small: keep them in memory
        self._country_keys: dict[str, str] = {}
        self._countries: dict[str, Place] = {}
        self._region_keys: dict[str, list[Place]] = defaultdict(list)
        self._regions: dict[tuple[str | None, str], Place] = {}
        builtin = self._cons[0]
        for pid, place in store.iter_places(builtin, "kind IN ('country', 'region') OR source='builtin-regions'"):
            keys = [k for (k,) in builtin.execute("SELECT key FROM keys WHERE place=? AND how=0", (pid,))]
            if place.kind == "country":
                self._countries[place.country or ""] = place
                for k in keys:
                    self._country_keys.setdefault(k, place.country or "")
            else:
                if place.kind == "region":
                    self._regions[(place.country, place.name)] = place
                for k in keys:
                    self._region_keys[k].append(place)
        self._add_region_aliases()
        lex = lexicon()
        self._not_places = lex.not_places
        self._adjectives = {name_key(d) for ds in lex.demonyms.values() for d in ds}
        self._radii: dict[tuple[str | None, str], float] = {}
        self._outlines: dict[tuple[str | None, str], Outline] = {}
        self._attach_outlines()
        # the countries whose towns the user imported (OCHA's Syria, a GeoNames country dump)
        self.home_countries = frozenset(c for con in self._cons[1:] for (c,) in con.execute(
            "SELECT DISTINCT country FROM places WHERE kind='town' AND country IS NOT NULL"))

    def _add_region_aliases(self) -> None:
        """Report spellings of first-level regions the packages lack ("Lower Shabelle"), from
        ``data/context.yaml``."""
        raw = yaml.safe_load(resources.files("docket.geocode").joinpath("data/context.yaml").read_text("utf-8"))
        for cc, names in (raw.get("region_aliases") or {}).items():
            for name, aliases in names.items():
                hits = [p for p in self._region_keys.get(name_key(name), ()) if p.country == cc]
                if len(hits) != 1:
                    continue
                for alias in aliases:
                    k = name_key(alias)
                    if k and hits[0] not in self._region_keys[k]:
                        self._region_keys[k].append(hits[0])

    def _attach_outlines(self) -> None:
        """Give each first-level region its imported outline: containment checks use it, and the region's point
        becomes the outline's centroid."""
        govs, _ = store.syria_table()
        by_pcode = {g.ocha: g.name for g in govs}
        moved: dict[str, Place] = {}
        for o in self._outline_list:
            if o.level not in (None, 1) or not o.name:
                continue
            hits = [p for p in self._regions_for(o.name, o.country, loose=True) if p.kind == "region"]
            if o.pcode in by_pcode:
                hits = [p for p in self._regions.values() if p.country == "SY" and p.name == by_pcode[o.pcode]]
            if len({(p.country, p.name) for p in hits}) != 1:
                continue
            region = hits[0]
            self._outlines[(region.country, region.name)] = o
            lat, lon = o.centroid()
            new = replace(region, lat=round(lat, 5), lon=round(lon, 5))
            self._regions[(region.country, region.name)] = new
            moved[region.gid] = new
        if moved:
            for k, places in self._region_keys.items():
                self._region_keys[k] = [moved.get(p.gid, p) for p in places]

    def __getstate__(self) -> dict[str, Any]:
        return {"paths": self._paths, "outlines": self._outline_list}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._paths = state["paths"]
        self._outline_list = state.get("outlines", [])
        self._open()

    # -- lookups ---------------------------------------------------------------------------------------

    def _lookup(self, key: str, how: int, areas: bool = False) -> list[Place]:
        """The places ``key`` finds; the second-level areas only with ``areas`` (district() alone asks for them)."""
        ck = (key, how, areas)
        hit = self._lookups.get(ck)
        if hit is not None:
            return hit
        sql = ("SELECT p.gid, p.source, p.kind, p.name, p.country, p.admin1, p.lat, p.lon, p.population "
               "FROM keys k JOIN places p ON p.id = k.place WHERE k.key = ? AND k.how = ?")
        out = [p for con in self._cons for p in (Place(*r) for r in con.execute(sql, (key, how)))
               if areas or p.source != store.ADMIN2_SOURCE]
        if len(self._lookups) > _CACHE_MAX:
            self._lookups.clear()
        self._lookups[ck] = out
        return out

    def _pool(self, country: str, admin1: str | None) -> _Pool:
        """The fuzzy pool of a country (or one of its regions); the ``_POOL_MAX`` most recently used are kept."""
        pk = (country, admin1)
        pool = self._pools.pop(pk, None)
        if pool is None:
            sql = ("SELECT k.key, p.id FROM places p JOIN keys k ON k.place = p.id WHERE p.country = ? AND k.how = 0 "
                   f"AND p.kind IN ('town', 'district') AND p.source != '{store.ADMIN2_SOURCE}'")
            args: tuple[Any, ...] = (country,)
            if admin1 is not None:
                sql += " AND p.admin1 = ?"
                args = (country, admin1)
            n = len(self._cons)
            pool = _Pool(((key, pid * n + ci) for ci, con in enumerate(self._cons)
                          for key, pid in con.execute(sql, args)), self._place_at)
            if len(self._pools) >= _POOL_MAX:
                del self._pools[next(iter(self._pools))]
        self._pools[pk] = pool  # (re)inserted last: the dict's order is the order of use
        return pool

    def _place_at(self, ref: int) -> Place:
        """The place a pool's row reference points to (row id times the number of gazetteers, plus which one)."""
        n = len(self._cons)
        row = self._cons[ref % n].execute(
            "SELECT gid, source, kind, name, country, admin1, lat, lon, population FROM places WHERE id = ?",
            (ref // n,)).fetchone()
        return Place(*row)

    # -- public helpers ----------------------------------------------------------------------------------

    def country_of(self, name: str) -> str | None:
        """ISO code of a country named by ``name`` ("Syria", "Syrian", "Syrian Arab Republic" -> "SY")."""
        ck = ("country_of", name)
        hit = self._cache.get(ck, ck)
        if hit is not ck:
            return hit  # type: ignore[no-any-return]
        result = None
        for k in ((place_key(name),) if is_arabic(name) else (name_key(name), fold(name).replace(" ", ""))):
            cc = self._country_keys.get(k)
            if cc:
                result = cc
                break
        self._remember(ck, result)
        return result

    def _remember(self, key: tuple[Any, ...], value: Any) -> None:
        if len(self._cache) > _CACHE_MAX:
            self._cache.clear()
        self._cache[key] = value

    def country_named(self, name: str) -> str | None:
        """ISO code of the country ``name`` names as a place ("Syria", "Syria's", "DR Congo"); None for a
        nationality adjective ("Syrian", "Turkish", "Saudi"): who acted is not where it happened."""
        ck = ("country_named", name)
        hit = self._cache.get(ck, ck)
        if hit is not ck:
            return hit  # type: ignore[no-any-return]
        bare = re.sub(r"['’]s$", "", name)
        result = None if name_key(name) in self._adjectives or name_key(bare) in self._adjectives else \
            self.country_of(bare)
        self._remember(ck, result)
        return result

    def is_adjective(self, name: str) -> bool:
        """True when ``name`` is a nationality adjective or people ("Nigerian", "Somalis"), not a place."""
        ck = ("adjective", name)
        hit = self._cache.get(ck)
        if hit is None:
            hit = name_key(name) in self._adjectives
            self._remember(ck, hit)
        return bool(hit)

    def _own_named(self, name: str) -> list[Place]:
        """Towns and districts whose own name is spelled ``name``: for a Latin name its key, with alternate names
        only for cities of WORLD_CITY people or more; for an Arabic name its spelling or place key."""
        if is_arabic(name):
            found = {p.gid: p for k in dict.fromkeys((arabic_spelling(name), place_key(name))) if k
                     for p in self._lookup(k, 0)}
            return [p for p in found.values() if p.kind in ("town", "district") and p.country]
        key = name_key(name)
        if not key or self._common_word(name):
            return []
        keys = name_keys(name, fused=True)
        return [p for p in self._lookup(key, 0) if p.kind in ("town", "district") and p.country
                and (p.population >= WORLD_CITY or name_keys(p.name, fused=True) & keys)]

    def _common_word(self, name: str) -> bool:
        """Is ``name`` a common word that names no place ("Pacific", "Hospital"; lexicon not_places)? An Arabic
        name of four letters or more never is, whatever its Latin fold ("درعا", Daraa, folds to "dr"); a shorter
        one is read by its fold (أبي, باي, مرة, دار are words before they are places)."""
        if is_arabic(name) and len(re.sub(r"\W", "", name)) >= 4:
            return False
        return fold(name) in self._not_places

    def towns_countries(self, name: str) -> set[str]:
        """Countries that have a town (or district) whose own name is spelled ``name`` (alternate names count
        only for cities of WORLD_CITY people or more)."""
        return {p.country for p in self._own_named(name) if p.country}

    def own_name(self, name: str, country: str) -> bool:
        """Is ``name`` the own name of a town of ``country``, not only an alternate name of one?"""
        keys = name_keys(name, fused=True)
        return any(p.country == country and name_keys(p.name, fused=True) & keys for p in self._own_named(name))

    def big_town_country(self, name: str) -> str | None:
        """The country of the city spelled ``name`` when it has BIG_CITY people or more and dwarfs (20 times)
        every namesake: "Mogadishu" -> SO, "Nice" -> FR; else None."""
        ck = ("big", name)
        hit = self._cache.get(ck, ck)
        if hit is not ck:
            return hit  # type: ignore[no-any-return]
        result = self._big_town_country(name)
        self._remember(ck, result)
        return result

    def _big_town_country(self, name: str) -> str | None:
        towns = sorted((p for p in self._own_named(name) if p.kind == "town"), key=lambda p: -p.population)
        if not towns or towns[0].population < BIG_CITY:
            return None
        rivals = [p.population for p in towns[1:] if p.country != towns[0].country]
        return towns[0].country if not rivals or towns[0].population >= 20 * max(1, rivals[0]) else None

    def town_population(self, name: str, country: str | None = None) -> int:
        """The most people of a town spelled ``name`` (in ``country`` when given); 0 when none is known."""
        return max((p.population for p in self._own_named(name) if p.kind == "town"
                    and (country is None or p.country == country)), default=0)

    def namesakes(self, name: str, country: str | None = None) -> list[GeoMatch]:
        """Every town whose own name is spelled ``name`` (in ``country`` when given), each as a match at 'town'."""
        return [_match(p, EXACT, "town") for p in self._own_named(name) if p.kind == "town" and p.lat is not None
                and p.lon is not None and (country is None or p.country == country)]

    def people_near(self, lat: float, lon: float, country: str | None, name: str, km: float = 3.0) -> int:
        """The most people counted for the town spelled like ``name`` within ``km`` of the point: the same town in
        another gazetteer (OCHA's "Hama" has no count, GeoNames' Ḩamāh at the same spot has one; a village 2 km
        from Douma is not Douma); 0 when none is counted."""
        keys = {name_key(x) for x in (name, without_prefix(name)) if x}
        return max((p.population for p in self._towns_around(lat, lon, km, country) if max(
            alike(k, name_key(x)) for k in keys for x in (p.name, without_prefix(p.name)) if x) >= SAME_TOWN_ALIKE),
            default=0)

    def country_by_border(self, name: str, borders: set[str]) -> str | None:
        """The one country whose towns spelled ``name`` lie within the 'border' reach of a town of one of the
        ``borders`` countries ("Ngala, near the border with Cameroon": Nigeria's Ngala, not the Ivorian one);
        None when no town or towns of several countries do."""
        near: set[str] = set()
        for c in self._candidates(name, None):
            p = c.place
            if c.how != "exact" or p.kind != "town" or p.lat is None or p.lon is None or p.country in borders:
                continue   # (a town of the border's own country is not "near the border with" it)
            if p.country and self.near_border(p.lat, p.lon, borders):
                near.add(p.country)
        return next(iter(near)) if len(near) == 1 else None

    def near_border(self, lat: float, lon: float, borders: set[str]) -> bool:
        """Does the point lie within the 'border' reach of a town of one of the ``borders`` countries?"""
        km = lexicon().distances["border"]
        return any(self._town_within(lat, lon, cc, km) for cc in borders)

    def _town_within(self, lat: float, lon: float, country: str, km: float) -> bool:
        """Is a town of ``country`` within ``km`` of the point?"""
        return next(self._towns_around(lat, lon, km, country), None) is not None

    def _towns_around(self, lat: float, lon: float, km: float, country: str | None = None) -> Iterator[Place]:
        """The towns (of ``country`` when given) within ``km`` of the point: a box query, then the distance."""
        dlat = km / 111.0
        dlon = km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        where = "kind='town' AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?" + (" AND country=?" if country else "")
        args: tuple[Any, ...] = (lat - dlat, lat + dlat, lon - dlon, lon + dlon) + ((country,) if country else ())
        for con in self._cons:
            for _, p in store.iter_places(con, where, args):
                if p.lat is not None and p.lon is not None and haversine_km(lat, lon, p.lat, p.lon) <= km:
                    yield p

    def world_city_elsewhere(self, name: str, country: str | None) -> bool:
        """A city of WORLD_CITY people or more spelled ``name`` lies outside ``country``: "Manchester" is a parish
        of Jamaica, but a bare "Manchester" is not evidence of Jamaica."""
        return any(p.kind == "town" and p.population >= WORLD_CITY and p.country != country
                   for p in self._own_named(name))

    def region_match(self, name: str, country: str | None = None) -> GeoMatch | None:
        """The first-level region ``name`` as a match of precision 'region' at its centroid (the outline's
        centroid when outlines are imported), or None when ``name`` is not one region."""
        r = self.region(name, country)
        if r is None or r.lat is None:
            return None
        return _match(r, 0.9, "region" if r.kind == "region" else "district")

    def _region_radius(self, region: Place) -> float:
        """How far from its point a place of the region may lie: from the region's own towns."""
        key = (region.country, region.name)
        hit = self._radii.get(key)
        if hit is None:
            where = "kind='town' AND country=? AND admin1=?"
            per_source = [[d for _, p in store.iter_places(con, where, (region.country, region.name))
                           if (d := _km(region, p)) < math.inf] for con in self._cons]
            far = max(per_source[0], default=0.0)  # the built-in towns' farthest: regions are seldom round
            # an imported gazetteer's villages (OCHA's) may lie farther, short of a point far beyond all the rest
            # (filed under the wrong region)
            reach = 0.0
            for d in sorted(d for ds in per_source for d in ds):
                if reach and d > reach * 1.5 and d > reach + 50.0:
                    break
                reach = d
            far = max(far, reach)
            hit = max(MIN_REGION_RADIUS_KM, far * 1.1 + 15.0)
            self._radii[key] = hit
        return hit

    def inside(self, lat: float, lon: float, region: Place, margin_km: float = 0.0) -> bool:
        """Is the point in the region: inside its outline (with a small margin) when one is imported, else
        within the region's radius of its point; ``margin_km`` farther out still counts."""
        outline = self._outlines.get((region.country, region.name))
        if outline is not None:
            ck = ("inside", lat, lon, region.country, region.name, margin_km)
            hit = self._cache.get(ck)
            if hit is None:
                hit = outline.contains(lat, lon, OUTLINE_MARGIN_KM + margin_km)
                self._remember(ck, hit)
            return bool(hit)
        if region.lat is None or region.lon is None:
            return True
        return haversine_km(lat, lon, region.lat, region.lon) <= self._region_radius(region) + margin_km

    def consistent(self, m: GeoMatch, admin1: str | None, country: str | None = None, by_label: bool = True,
                   margin_km: float = 0.0) -> bool:
        """False when a point contradicts the first-level region the text states for it. Without the region's
        outline, a town the gazetteer files under another region of the country contradicts it too, unless
        ``by_label`` is False (a landmark may lie across the border from the place it stands for, up to
        ``margin_km`` outside the region)."""
        if not admin1 or m.lat is None or m.lon is None or m.precision in ("region", "country"):
            return True
        region = self.first_level(admin1, country)
        if region is None or region.kind != "region":
            return True
        if m.country and region.country and m.country != region.country:
            return False
        if by_label and (region.country, region.name) not in self._outlines and m.admin1:
            # without an outline the radius is coarse: a town the gazetteer files under another first-level
            # region of the country is a namesake there ("Mehrabpur" of Balochistan for a Sindh village)
            own = self.region(m.admin1, m.country)
            if own is not None and own.kind == "region" and own.country == region.country and own.gid != region.gid:
                return False
        return self.inside(m.lat, m.lon, region, margin_km)

    def country_name(self, code: str) -> str | None:
        """The name of the country with ISO code ``code``."""
        place = self._countries.get(code.upper())
        return place.name if place else None

    def country_match(self, code: str) -> GeoMatch | None:
        """The country with ISO code ``code`` as a match of precision 'country'."""
        place = self._countries.get(code.upper())
        return _match(place, EXACT, "country") if place else None

    def _regions_for(self, name: str, country: str | None, loose: bool = False) -> list[Place]:
        if is_arabic(name):
            # the full name first ("ريف دمشق" is a governorate), then without "محافظة" and its like, then the
            # place key ("ريف إدلب الجنوبي" -> إدلب)
            admin = _arabic_admin_words()
            bare = " ".join(w for w in arabic_words(name) if w not in admin)
            keys = list(dict.fromkeys(k for k in (arabic_full_key(name), arabic_full_key(bare), place_key(name),
                                                  place_key(bare)) if k))
            for k in keys:
                hits = [p for p in self._region_keys.get(k, ()) if country is None or p.country == country]
                if hits:
                    return hits
            return []
        keys = [name_key(name)]
        words = fold(name).split()
        lex = lexicon()
        compass = {w for w in lex.area_modifiers if w not in ("rural", "countryside", "reef", "rif")}
        kept = [w for w in words if w not in compass and w not in lex.region_words or w == "countryside"]
        if kept != words:
            keys.append(name_key(" ".join(kept)))
        core = strip_region_words(name)
        if core:
            keys.append(name_key(core))
        for k in keys:
            hits = [p for p in self._region_keys.get(k, ()) if country is None or p.country == country]
            if hits:
                return hits
        if loose and country is not None and core:  # in one country a skeleton may settle it ("Sa'dah")
            sks = latin_skeletons(core)
            hits = [p for p in self._regions.values() if p.country == country and latin_skeletons(p.name) & sks]
            if len(hits) == 1:
                return hits
        return []

    def district(self, name: str, country: str | None, admin1: str | None = None) -> GeoMatch | None:
        """The second-level area the text calls ``name`` ("Shiroro Local Government Area", "the Tinsukia district"),
        from the built-in areas, at precision 'district': one area of that exact name in ``country`` (and in
        ``admin1``, when the text states it), else None. Without a country, only a name no other country shares."""
        hits: dict[str, Place] = {}
        region = self.first_level(admin1, country) if admin1 else None
        for k in dict.fromkeys(k for k in (name_key(name), name_key(strip_region_words(name) or "")) if k):
            hits = {p.gid: p for p in self._lookup(k, 0, areas=True) if p.source == store.ADMIN2_SOURCE
                    and (country is None or p.country == country)
                    and (not admin1 or region is not None and p.admin1 == region.name)}
            if hits:  # the exact name first ("Lower Dir"), the name without its area words only then
                break
        if len(hits) != 1:
            return None
        [place] = hits.values()
        return _match(place, 0.7, "district")

    def region(self, name: str, country: str | None = None, loose: bool = False) -> Place | None:
        """The first-level region (or named area) ``name`` denotes, or None when unknown or ambiguous.
        ``loose`` (for names a file or the text states as a region) also accepts the one region of ``country``
        whose consonant skeleton matches ("Sa'dah" -> Saada)."""
        ck = ("region", name, country, loose)
        hit = self._cache.get(ck, ck)
        if hit is not ck:
            return hit  # type: ignore[no-any-return]
        hits = self._regions_for(name, country, loose)
        regions = [p for p in hits if p.kind == "region"] or hits
        result = regions[0] if len({(p.country, p.name) for p in regions}) == 1 else None
        self._remember(ck, result)
        return result

    def first_level(self, name: str, country: str | None = None) -> Place | None:
        """The first-level region ``name`` denotes or lies in: a named area ("Eastern Ghouta") gives the
        governorate it is filed under (Rif Dimashq); None when unknown or ambiguous."""
        r = self.region(name, country)
        if r is not None and r.kind != "region" and r.admin1:
            return self._regions.get((r.country, r.admin1))
        return r

    def region_country(self, name: str) -> str | None:
        """The country of the one first-level region ``name`` denotes ("Hasakah" -> "SY"), else None."""
        r = self.region(name)
        return r.country if r is not None and r.kind == "region" and not self._common_word(name) else None

    def region_name(self, name: str) -> str | None:
        """Canonical first-level region name ("Idleb province" -> "Idlib"), else None."""
        ck = ("region_name", name)
        hit = self._cache.get(ck, ck)
        if hit is not ck:
            return hit  # type: ignore[no-any-return]
        result = None
        if not self._common_word(name):
            hits = [p for p in self._regions_for(name, None) if p.kind == "region"]
            if len({(p.country, p.name) for p in hits}) == 1:
                result = hits[0].name
        self._remember(ck, result)
        return result

    def town_regions(self, name: str, country: str | None) -> frozenset[str]:
        """The first-level regions of the towns of ``country`` spelled ``name``, alternate spellings included ("Hama"
        for GeoNames' Hamah); empty when none is known."""
        key = name_key(name)
        if not key or self._common_word(name):
            return frozenset()
        return frozenset(p.admin1 for p in self._lookup(key, 0)
                         if p.kind == "town" and p.admin1 and (country is None or p.country == country))

    def spelled_like_town(self, name: str, admin1: str, country: str, tail_words: int = 0) -> bool:
        """Is ``name`` a spelling of one town of that first-level region: found there with a strong score, and
        alike to its name letter by letter (SPELLED_ALIKE)? "Jubb Ar Rummman" for OCHA's Jubb Ar Rumman in Hama,
        but not "Castello" for Qastal: the same consonants, another word. With ``tail_words``, the last words of
        ``name`` must be alike to the town's last words on their own too: a shared first word ("Tal", "Sheikh")
        makes any name look alike whole ("Tal tower" and Tal Teir)."""
        m = self.locate(name, admin1=admin1, country=country)
        if m is None or m.precision not in ("town", "point") or m.score < SPELLED_SCORE or \
                alike(name_key(name), name_key(m.canonical)) < SPELLED_ALIKE:
            return False
        if tail_words:
            own = " ".join(name.split()[-tail_words:])
            theirs = " ".join(m.canonical.split()[-tail_words:])
            return alike(name_key(own), name_key(theirs)) >= SPELLED_ALIKE
        return True

    def knows_alike(self, name: str) -> bool:
        """Is there a town spelled like ``name`` (the same consonant skeleton) whose name begins with the same
        word? "Eastern Rashidiya" for OCHA's "Eastern Rashidiyeh": the compass word is part of the name."""
        first = fold(name).split()[:1]
        return bool(first) and any(p.kind == "town" and fold(p.name).split()[:1] == first
                                   for sk in latin_skeletons(name) if len(sk) >= 6 for p in self._lookup(sk, 1))

    def place_kind(self, name: str, country: str | None = None) -> str | None:
        """'country' | 'region' | 'town' | None: is ``name`` a known place (exact after normalisation)?

        A name that is both a town and a region ("Idlib") is a 'town' (the more specific)."""
        ck = ("kind", name, country)
        hit = self._cache.get(ck, ck)
        if hit is not ck:
            return hit  # type: ignore[no-any-return]
        result = self._place_kind(name, country)
        if len(self._cache) > _CACHE_MAX:
            self._cache.clear()
        self._cache[ck] = result
        return result

    def _place_kind(self, name: str, country: str | None) -> str | None:
        key = place_key(name) if is_arabic(name) else name_key(name)
        if not key or len(key) < 2:
            return None
        if key in self._country_keys:
            return "country"
        common = self._common_word(name)
        towns = [p for p in self._lookup(key, 0) if p.kind in ("town", "district")]
        if country is not None:
            towns = [p for p in towns if p.country == country]
        elif common:
            towns = []
        else:
            towns = [p for p in towns if p.population >= 1000 or p.source != "geonames-cities500"]
        if any(p.kind == "town" for p in towns):
            return "town"
        regions = [p for p in self._region_keys.get(key, ()) if country is None or p.country == country]
        if regions and not (common and country is None):
            return "region"
        if towns:
            return "region"  # a district or named area
        return None

    # -- locate ----------------------------------------------------------------------------------------

    def locate(self, name: str, *, admin1: str | None = None, country: str | None = None,
               nearby: Sequence[str] = (), precision_hint: str | None = None) -> GeoMatch | None:
        """Resolve a place name in context; None when nothing credible (see module doc for the rules)."""
        ck = ("loc", name, admin1, country, tuple(nearby), precision_hint)
        hit = self._cache.get(ck, ck)
        if hit is not ck:
            return hit  # type: ignore[no-any-return]
        result = self._locate(name, admin1, country, tuple(nearby), precision_hint)
        if len(self._cache) > _CACHE_MAX:
            self._cache.clear()
        self._cache[ck] = result
        return result

    def _locate(self, name: str, admin1: str | None, country: str | None, nearby: tuple[str, ...],
                hint: str | None) -> GeoMatch | None:
        if not name or not fold(name) or self._common_word(name):
            return None  # "Pacific", "Africa", "Hospital": words, not places
        region = self.first_level(admin1, country) if admin1 else None
        if country is None and region is not None:
            country = region.country
        # a country
        cc = self.country_named(name)
        if cc and cc in self._countries and (country is None or cc == country or hint == "country"):
            return _match(self._countries[cc], EXACT, "country")
        lex = lexicon()
        words = set(fold(name).split())
        says_region = bool(words & lex.region_words) or bool(words & {"rural", "countryside", "reef"})
        if is_arabic(name):  # "ريف إدلب", "محافظة حماة"
            says_region = bool(set(arabic_words(name)) & (_arabic_admin_words() | _arabic_admin_words(True)))
        # (hint 'town': the city, never the region of its name, "Sanaa" or "Buenos Aires" as a capital)
        named_region = self.region(name, country) if hint != "town" else None
        if named_region is not None and (hint in ("region", "district") or says_region):
            return _match(named_region, 0.9, "region" if named_region.kind == "region" else "district")

        if _ACRONYM_RE.fullmatch(name.strip()):
            return None  # "APC", "RSF": an acronym, not a place (countries such as "DRC" are found above)
        cands = self._candidates(name, country, region)
        if country is None and named_region is None and self._regions_for(name, None) and not any(
                c.place.population >= WORLD_CITY for c in cands):
            return None  # regions of that name in several countries, and no country in the text: no guess
        if region is not None and region.kind == "region":
            inside = [c for c in cands if c.place.admin1 == region.name and c.place.lat is not None
                      and c.place.lon is not None and self.inside(c.place.lat, c.place.lon, region)]
            if not inside:
                if named_region is not None and named_region.name == region.name:
                    return _match(named_region, 0.85)
                return _match(region, 0.6, "region")  # the village is unknown in that governorate
            cands = [replace(c, strength=c.strength + 0.05) for c in inside]
        if named_region is not None and (region is None or region.kind != "region" or named_region.gid == region.gid):
            # (a region stated for the place settles it: "Sweida in Masyaf district, Hama" is Hama's village, not
            # the governorate of As-Sweida)
            exact_towns = [c for c in cands if c.how == "exact" and c.place.kind == "town"]
            same = [c for c in exact_towns if c.place.admin1 == named_region.name or named_region.kind != "region"]
            # with no country to go by, a big town of that name elsewhere ("Manchester") beats a small region
            big_elsewhere = country is None and any(c.place.population >= 100_000 for c in exact_towns)
            if not same and not big_elsewhere:
                return _match(named_region, 0.85 if hint is None else 0.9)
        if not cands:
            return None
        return self._choose(name, cands, region, country, nearby)

    def _candidates(self, name: str, country: str | None, region: Place | None = None) -> list[_Cand]:
        """Exact, skeleton and fuzzy candidates. Without a country only exact spellings count; fuzzy ones are
        searched only inside the country (and the region, when the text states it)."""
        region_known = region is not None
        found: dict[str, _Cand] = {}

        query_keys = name_keys(name, fused=True)
        arabic_exact = False

        compass = _compass(name)

        fused_only = {k for n in (name, without_prefix(name)) if n for k in
                      (name_keys(n, fused=True) - name_keys(n)) | (skeletons(n, fused=True) - skeletons(n))}
        arabic_article = lexicon().fused_article_countries

        def add(place: Place, strength: float, how: str, key: str = "", named: bool = False) -> None:
            if country is not None and place.country != country:
                return
            if key in fused_only and place.country not in arabic_article:
                return   # ("Albay" is no "Al Bay" outside the lands of the Arabic article)
            if compass is not None and _compass(place.name) not in (None, compass):
                return  # "Western Atshaneh" is not OCHA's "Eastern Atshana", whatever their skeletons say
            if place.kind not in ("town", "district"):
                return
            if country is None and place.population < WORLD_CITY and not arabic_exact and \
                    not (name_keys(place.name, fused=True) & query_keys):
                return  # with no country to go by, an alternate spelling of a small town abroad is a guess
            old = found.get(place.gid)
            named = named or (old is not None and old.named)
            if old is None or old.strength < strength:
                found[place.gid] = _Cand(place, strength, how, named)
            elif named:
                old.named = True

        variants = [(name, 0.0)]
        bare = without_prefix(name)
        if bare:
            variants.append((bare, PREFIX_PENALTY))
        main = name_key(name)
        if is_arabic(name) and place_key(name):  # the exact Arabic spelling: a place's own name
            arabic_exact = True
            for place in self._lookup(arabic_spelling(name), 0):
                add(place, EXACT, "exact", named=place.source in _OFFICIAL_NAMES)
            for place in self._lookup(place_key(name), 0):  # with or without the article
                add(place, ARABIC_ARTICLE, "exact")
            for place in self._lookup(place_key(name), 2):  # without a compass word the report left off
                add(place, ARABIC_SHORT, "exact")
            arabic_exact = False
        for text, penalty in variants:
            loose = _loose(name_key(text))
            voiced = _loose(vowel_key(name_key(text)))
            for k in name_keys(text, fused=True):
                strength = (EXACT if k == main else FUSED) - penalty
                for place in self._lookup(k, 0):
                    add(place, strength, "exact", k, named=k == main and not penalty and place.source in _OFFICIAL_NAMES)
            for sk in skeletons(text, fused=True):
                if len(sk) >= 4:
                    strength = SKELETON
                elif len(sk) == 3:
                    strength = SKELETON_SHORT
                else:
                    strength = SKELETON_TINY
                if country is None or (region_known is False and len(sk) < 3):
                    continue
                for place in self._lookup(sk, 1):
                    own = name_key(_PAREN_RE.sub("", place.name))
                    if _loose(own) == loose:
                        add(place, FUSED - penalty, "exact", sk)   # "Salhiya" is "Salhiyeh": the same name, not a look-alike
                    elif _loose(vowel_key(own)) == voiced:
                        # "Jayber" is "Jeiber", not "Jaber": the same name, its vowels written another way; at least
                        # as strong as a skeleton of its length, never as a spelling as written or with its ending
                        # another way ("Tanuza" is Tanuzah before Tannouzeh)
                        add(place, (max(strength, VOWELS) if len(sk) >= 3 else strength) - penalty, "vowels", sk)
                    else:
                        add(place, strength - penalty, "skeleton", sk)
        if not found and country is not None and len(main) >= 5:
            sks = sorted(skeletons(name), key=len, reverse=True)
            if sks and len(sks[0]) >= 3:
                in_region = region.name if region is not None and region.kind == "region" else None
                for place, score in self._pool(country, in_region).search(main, sks[0], 84.0):
                    add(place, min(FUZZY_CAP, score / 100 * 0.8), "fuzzy")
        return list(found.values())

    def _groups(self, cands: list[_Cand]) -> list[list[_Cand]]:
        cands = sorted(cands, key=lambda c: (-c.strength, _KIND_RANK.get(c.place.kind, 9),
                                             _SOURCE_RANK.get(c.place.source, 9)))
        groups: list[list[_Cand]] = []
        for c in cands:
            for g in groups:
                if _km(g[0].place, c.place) <= SAME_PLACE_KM:
                    g.append(c)
                    break
            else:
                groups.append([c])
        return groups

    def _context_points(self, nearby: tuple[str, ...], country: str | None) -> tuple[list[Place], set[str]]:
        points: list[Place] = []
        regions: set[str] = set()
        for n in nearby[:12]:
            r = self.region(n, country)
            if r is not None and r.kind == "region":
                regions.add(r.name)
                continue
            for k in (dict.fromkeys((arabic_spelling(n), place_key(n))) if is_arabic(n) else name_keys(n)):
                points.extend(p for p in self._lookup(k, 0)
                              if p.kind == "town" and (country is None or p.country == country))
            for sk in skeletons(n):
                if len(sk) >= 4 and country is not None:
                    points.extend(p for p in self._lookup(sk, 1) if p.kind == "town" and p.country == country)
        return points, regions

    def _choose(self, name: str, cands: list[_Cand], region: Place | None, country: str | None,
                nearby: tuple[str, ...]) -> GeoMatch | None:
        qkeys = name_keys(name, fused=True)
        sk_len = max((len(s) for s in skeletons(name, fused=True)), default=0)
        if sk_len <= 3:  # few consonants: the spelling must also look alike
            need = 80 if sk_len <= 2 else 55  # "Pibor" is not "Bor"
            cands = [c for c in cands if c.how in ("exact", "vowels") or max(
                (alike(q, name_key(c.place.name)) for q in qkeys), default=0) >= need]
            if not cands:
                return _match(region, 0.55, "region") if region is not None else None
        towns = [c for c in cands if c.place.kind == "town"]
        if towns:  # a district of the same name only counts when no town matches as well
            best_town = max(c.strength for c in towns)
            cands = [c for c in cands if c.place.kind == "town" or c.strength > best_town + 0.01]
        if country is None and len({c.place.country for c in cands}) > 1:
            # no country in the text and towns of that name in several: only a city that dwarfs the others
            pops = sorted((c.place.population for c in cands), reverse=True)
            if not (pops[0] >= WORLD_CITY or pops[0] >= BIG_CITY and pops[0] >= 20 * max(1, pops[1])):
                return None
        groups = self._groups(cands)
        points, ctx_regions = self._context_points(nearby, country) if nearby else ([], set())

        def rep(g: list[_Cand]) -> Place:
            best = max(c.strength for c in g)
            top = [c for c in g if c.strength >= best - 0.1]
            return min(top, key=lambda c: (_KIND_RANK.get(c.place.kind, 9), _SOURCE_RANK.get(c.place.source, 9))).place

        def sim(g: list[_Cand], voiced: bool = True, every: bool = False) -> float:
            # ("Paracho" is as like "Paracho de Verduzco" as "El Paracho"); with its vowels written one way only for a
            # spelling found so ("Jayber" / Jeiber), never for a look-alike when ranking ("Tal Hmeir" is no Tal
            # Ahmar), but for ``every`` candidate when judging whether a look-alike is a spelling at all ("Shuhayl"
            # for Shiheil)
            if any(c.named for c in g):
                return 100.0   # "Batra" is as like OCHA's "Al Bitrah", also listed as "Batra", as its namesake "Batra"
            return max(((alike_voiced if voiced and (every or c.how == "vowels") else alike)(q, name_key(n))
                        for c in g for n in {c.place.name, _TAIL_RE.sub("", c.place.name)} for q in qkeys),
                       default=0.0)

        # letter by letter, vowels as written: of two towns spelled alike but for their vowels ("Basey", "Basay", both
        # listed as "Basey"), the one the text spells letter for letter
        plain = {id(g): sim(g, voiced=False) for g in groups}

        scored = []
        for g in groups:
            strength = round(max(c.strength for c in g), 3)
            place = rep(g)
            closest = min((d for d in (_km(place, p) for p in points) if d > 1.0), default=math.inf)
            near = closest <= NEAR_KM
            in_ctx = place.admin1 in ctx_regions if ctx_regions else False
            pop = max(c.place.population for c in g)
            literal = any(fold(c.place.name) == fold(name) for c in g)   # the text's spelling, article and all
            scored.append((strength, near, in_ctx, sim(g), pop, place, g, closest, literal))
        # the document's own geography can outweigh a slightly better spelling elsewhere ("Maasran" in a report
        # about southern Idlib is the Idlib village, not the exact-spelled homonym in Hama)
        scored.sort(key=lambda s: (-(s[0] + (0.12 if s[1] else 0.0) + (0.06 if s[2] else 0.0)), -s[3], -plain[id(s[6])],
                                   -s[4], -s[8], s[7]))
        if not scored[0][8]:   # a namesake near the text's places but spelled with an article the text does not write
            # ("Al-Hama" for "Akka and Hama") yields to a city spelled as the text spells it (Hama, 600 km away);
            # a village so spelled keeps its nearness ("Quneitra" by Armanaz, not the city)
            as_written = [x for x in scored[1:] if x[8] and x[0] >= scored[0][0] and x[4] >= BIG_CITY]
            if as_written:
                scored.remove(as_written[0])
                scored.insert(0, as_written[0])
        strength, near, in_ctx, similarity, pop, place, g, closest, literal = scored[0]
        how = max(g, key=lambda c: c.strength).how
        if how == "skeleton" and sim(g, voiced=True, every=True) < SKELETON_ALIKE and not near and not is_arabic(name):
            # the same consonants, letters far apart ("Fidiwaiyeh" / Al Faydah): a made-up or unlisted name as often
            # as a respelling, and nothing in the text near it; the governorate stands
            return _match(region, 0.55, "region") if region is not None and region.kind == "region" else None
        penalty = 0.0
        if len(scored) > 1:
            second = scored[1]
            if strength - second[0] >= 0.099 or near and not second[1]:
                penalty = 0.05
            elif in_ctx and not second[2]:
                penalty = 0.1
            elif similarity >= 80 and similarity - second[3] >= 12 or \
                    plain[id(g)] == 100 and plain[id(second[6])] <= 88:   # (spelled as written: "Basey", not Basay)
                penalty = 0.12
            elif how == "exact" and strength >= FUSED and all(
                    max(c.strength for c in x[6]) < strength and any(c.how == "vowels" for c in x[6])
                    for x in scored[1:] if x[0] > strength - 0.099):
                penalty = 0.1   # "Tanuza": OCHA's Tanuzah, the ending written another way, not Tannouzeh (its vowels too)
            elif any(pop >= big and pop >= times * max(1, second[4]) for big, times in DOMINANT_TOWN):
                penalty = 0.15  # a town that dwarfs its namesakes: the municipal seat ("San Marcos", Guerrero)
            elif country is None and pop >= WORLD_CITY and pop >= WORLD_CITY_LEAD * max(1, second[4]):
                penalty = 0.2  # no country in the text: a world city over twice its namesakes' size ("Barcelona")
            elif literal and sum(s[8] for s in scored) == 1 and second[0] <= strength and similarity >= second[3] \
                    and pop >= second[4] and _has_article(name) and any(
                        name_key(c.place.name) == name_key(name) and not _has_article(c.place.name) for c in second[6]):
                # "Al Fakka" where the gazetteer has both "Al Fakka" and "Fakka": the one with the article the text
                # writes. Not the other way round: reports often drop an article ("Fakka" may be either). Nor when
                # more than the article tells them apart: "Rashidiyah" and "Rashidiya", "Batra" and "Al Bitrah"
                # (also called Batra) are two villages of one name however each list spells it
                penalty = 0.12
            elif near and second[1] and second[0] == strength and closest <= CLOSER * second[7]:
                penalty = 0.25  # two homonyms near the text's other places, one clearly nearer: a weak choice
            else:
                admins = {s[5].admin1 for s in scored if s[0] >= strength - 0.1}
                fallback = region
                if fallback is None and len(admins) == 1:
                    (only,) = admins
                    if only is not None:
                        fallback = self._regions.get((place.country, only))
                return _match(fallback, 0.55, "region") if fallback is not None else None
        score = strength - penalty + (0.05 if near else 0.0) + (0.03 if in_ctx else 0.0)
        if len(scored) > 1 and not near and not in_ctx and region is None:
            second = scored[1]
            if second[0] >= SKELETON and second[3] >= 80 and second[5].admin1 != place.admin1:
                score = min(score, 0.75)  # a near-identical spelling elsewhere: a homonym the text did not settle
        if how != "exact" and region is None and ctx_regions and not in_ctx and not near:
            return None  # a spelling look-alike outside every region the text names is not where the text puts it
        if how == "fuzzy":
            if not (near or in_ctx or region is not None):
                return None   # a loose spelling match that nothing in the text corroborates is a guess
            score = min(score, FUZZY_CAP)
        if country is None and how != "exact":
            score = min(score, 0.75)
        if how == "skeleton":
            sk_len = max((len(s) for s in skeletons(name)), default=0)
            if sk_len <= 3 and region is None and not near and not in_ctx:
                return None  # three consonants alike ("Godar" / "Gwadar") and nothing in the text near it: a guess
            if sk_len <= 2:
                score = min(score, 0.5)
        return _match(place, score)
