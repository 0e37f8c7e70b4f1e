"""The geocode stage: fill each incident's location from the gazetteer, using the document as context."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache

from docket.geocode.distance import haversine_km
from docket.geocode.geocoder import Geocoder, GeoMatch
from docket.model import Extraction, Location
from docket.text.names import is_arabic, lexicon

# capitalised runs of up to four words ("Deir ez-Zor", "Rural Damascus", "Ma'arat al-Nu'man")
_CAPS_RE = re.compile(r"\b[A-Z][\w'’`-]*(?:\s+(?:(?:al|el|ad|an|ar|as|ash|at|az|ez|of)-?\s*)?[A-Z][\w'’`-]*){0,3}")
_ARABIC_WORD_RE = re.compile(r"[\u0621-\u064a\u0640\u064b-\u065f\u0670]+")
_ORIGIN_RE = re.compile(r"(?i)\b(?:from|border\s+with|borders?\s+of|bordering)\s+(?:the\s+)?$")
_FINE = {"point": 0, "town": 1, "district": 2, "region": 3, "country": 4}


@lru_cache(maxsize=50_000)
def _actor_form(token: str) -> bool:
    """"pro-Turkish", "Saudi-led", "Iranian-backed": a country word made into an actor's label."""
    parts = [p.lower() for p in re.split(r"[-‐–]", token) if p]
    lex = lexicon()
    return len(parts) > 1 and (parts[0] in lex.actor_prefixes or parts[-1] in lex.actor_suffixes)


def _mentions(text: str, geocoder: Geocoder) -> tuple[Counter[str], list[str]]:
    """(countries the text names as places, with counts; names of first-level regions named in the text).

    Nationality adjectives ("Turkish", "Saudi") and actor labels ("pro-Turkish", "Saudi-led") are not
    mentions of a country: they say who acted, not where."""
    countries: Counter[str] = Counter()
    regions: list[str] = []
    for m in _CAPS_RE.finditer(text):
        origin = bool(_ORIGIN_RE.search(text, max(0, m.start() - 12), m.start()))
        words = [w for w in m.group(0).split() if not _actor_form(w)]
        # every sub-run, longest first, so "Idlib province" and "Syria" are both seen
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                sub = " ".join(words[i:i + size])
                cc = geocoder.country_named(sub)
                if cc:
                    if not origin:  # "fired from Gaza", "the border with Sudan": not where it happened
                        countries[cc] += 1
                    continue
                if geocoder.is_adjective(sub):
                    continue  # "Somali forces" is not Ethiopia's Somali Region
                name = geocoder.region_name(sub)  # in memory: no database look-up per phrase
                if name and name not in regions:
                    regions.append(name)
    if is_arabic(text):
        _arabic_mentions(text, geocoder, countries, regions)
    return countries, regions


def _arabic_mentions(text: str, geocoder: Geocoder, countries: Counter[str], regions: list[str]) -> None:
    """Countries and first-level regions an Arabic text names ("سوريا", "ريف إدلب", "محافظة حماة"): Arabic has
    no capitals to find names by, so every run of up to three words is tried, longest first."""
    words = _ARABIC_WORD_RE.findall(text)
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            sub = " ".join(words[i:i + size])
            cc = geocoder.country_named(sub)
            name = None if cc else geocoder.region_name(sub)
            if cc or name:
                if cc:
                    countries[cc] += 1
                elif name not in regions:
                    regions.append(name)  # type: ignore[arg-type]
                i += size
                break
        else:
            i += 1


def _document_country(extraction: Extraction, geocoder: Geocoder, countries: Counter[str],
                      regions: list[str]) -> str | None:
    """The country the report is about, from its place names and explicit country mentions only: the
    governorates it states, the regions it names, the countries it names, and incident places whose exact
    spelling exists in one country only. Never from an actor's nationality."""
    votes: defaultdict[str, float] = defaultdict(float)  # weights include halves: not a Counter[str]
    for inc in extraction.incidents:
        loc = inc.location
        if loc is None or not loc.name:
            continue
        if loc.country:
            votes[loc.country] += 2
            continue
        stated = geocoder.region(loc.admin1) if loc.admin1 else None
        if stated is not None and stated.country and not geocoder.towns_countries(loc.name) - {stated.country}:
            votes[stated.country] += 2  # (not when the place's own name is a town of another country)
            continue
        if geocoder.is_adjective(loc.name):
            continue
        cc = geocoder.country_named(loc.name)
        if cc:
            votes[cc] += 1
            continue
        big = geocoder.big_town_country(loc.name)
        if big:
            votes[big] += 2  # "Mogadishu", "Quetta": a city, and the biggest of its name by far
            continue
        here = geocoder.towns_countries(loc.name)
        if len(here) == 1:
            votes[next(iter(here))] += 0.5  # a spelling that exists in one country only: weak evidence
    for name in regions:
        r = geocoder.region(name)
        if r is not None and r.country:
            votes[r.country] += 1.5
    for cc, n in countries.items():
        votes[cc] += 2 * min(n, 3)  # "in the northern Philippines" outweighs a region name found elsewhere
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)[:2]  # as Counter.most_common(2)
    if ranked[0][1] >= 1 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None  # one town spelling alone does not decide the country


def _region_role(text: str, name: str, geocoder: Geocoder, country: str | None) -> bool:
    """The text calls ``name`` a first-level region ("Katsina State", "Idlib province", "the province of
    Hama") and never a town ("Katsina city", "the town of Hama"): a name shared by a region and its capital
    then means the region."""
    if not name or geocoder.region(name, country) is None:
        return False
    n = re.escape(name.strip())
    lex = lexicon()
    words = "|".join(sorted(lex.region_words - {"area", "district", "countryside", "county"}))
    as_region = re.search(rf"(?i)\b{n}(?:['’]s)?\s+(?:{words})\b|\b(?:{words})\s+of\s+{n}\b", text)
    as_town = re.search(rf"(?i)\b{n}\s+(?:city|town|village)\b|\b(?:city|town|village)\s+of\s+{n}\b", text)
    return bool(as_region) and not as_town


def _inside(geocoder: Geocoder, m: GeoMatch | None, loc: Location, country: str | None,
            nearby: tuple[str, ...], text: str) -> GeoMatch | None:
    """A neighbourhood must lie in the town the text puts it in; else the town itself stands for it. When the
    container is a region (or a capital the text calls a region), the place must lie in that region, else the
    region stands for it, at precision 'region'."""
    within = loc.within or ""
    hint = "region" if _region_role(text, within, geocoder, country) else None
    town = geocoder.locate(within, admin1=loc.admin1, country=country, nearby=nearby, precision_hint=hint)
    if town is None or town.lat is None or town.lon is None:
        return m
    if town.precision not in ("town", "point"):
        region = geocoder.region(town.canonical, town.country) if town.precision == "region" else None
        if m is not None and m.lat is not None and m.lon is not None and (
                region is None or geocoder.inside(m.lat, m.lon, region)):
            return m
        return town
    if m is not None and m.lat is not None and m.lon is not None and haversine_km(m.lat, m.lon, town.lat, town.lon) <= 15:
        return m
    return replace(town, precision="town", score=round(min(town.score, 0.8), 2))


def _single_country(country: str, named: Counter[str]) -> bool:
    """Fall back to the country only when the text speaks of no other one: a report about a strike from
    one country on another ("rockets fired from Gaza hit Sderot") must not put the unknown town in the wrong one."""
    return all(cc == country for cc in named)


def geocode_extraction(extraction: Extraction, geocoder: Geocoder) -> Extraction:
    """Fill canonical, gazetteer_id, lat, lon, admin1, country and precision of every incident's location.

    The extracted ``name`` and ``qualifier`` stay; an ``admin1`` the extractor took from the text stays; a
    ``precision`` of 'region' set by the extractor stays. The other places of the document and the regions it
    names are the context; the document's country is inferred when its places agree. When a place cannot be
    resolved credibly it falls back to its region, or to the document's country, with that precision.
    """
    text = extraction.document.text or ""
    countries, regions = _mentions(text, geocoder)
    doc_country = _document_country(extraction, geocoder, countries, regions)
    names = [i.location.name for i in extraction.incidents if i.location is not None and i.location.name]
    incidents = []
    for inc in extraction.incidents:
        loc = inc.location
        if loc is None or not loc.name:
            incidents.append(inc)
            continue
        stated = None
        if loc.admin1:  # the report's own country first; a region abroad only when the report names no country
            stated = geocoder.region(loc.admin1, doc_country) if doc_country else geocoder.region(loc.admin1)
        if stated is not None and doc_country is None and geocoder.towns_countries(loc.name) - {stated.country}:
            stated = None  # "La Union" is a region of one country, but the town so named is in another
        country = loc.country or (stated.country if stated is not None else None) or doc_country
        nearby = tuple(n for n in dict.fromkeys(names + regions) if n != loc.name)
        hint = loc.precision if loc.precision in ("region", "district", "country") else None
        if hint is None and _region_role(text, loc.name, geocoder, country):
            hint = "region"  # "Katsina State" in the text: "Katsina" is the state here, not its capital
        m = None
        if not geocoder.is_adjective(loc.name):  # "Nigerian" names a people, not a place
            m = geocoder.locate(loc.name, admin1=loc.admin1, country=country, nearby=nearby, precision_hint=hint)
        if loc.within:
            m = _inside(geocoder, m, loc, country, nearby, text)
        if m is not None and not geocoder.consistent(m, loc.admin1, country):
            m = None  # a point outside the governorate the text states is refused
        if m is None and hint in ("region", "district"):  # a region the text names, wherever it is
            m = geocoder.region_match(loc.name)
        if m is None and loc.admin1:  # the governorate itself, at its own centroid: never its capital's point
            m = geocoder.region_match(loc.admin1, country) or geocoder.region_match(loc.admin1)
        if m is None and country and _single_country(country, countries) and \
                not geocoder.towns_countries(loc.name) - {country}:  # a town of that name elsewhere: no guess
            m = geocoder.country_match(country)
        incidents.append(replace(inc, location=_fill(loc, m, geocoder)))
    return replace(extraction, incidents=incidents)


def _fill(loc: Location, m: GeoMatch | None, geocoder: Geocoder) -> Location:
    """Copy the match in. Precision never claims more than the match has: a neighbourhood placed at its town's
    point is 'town'. admin1 is a first-level region: the text's own if it names one, else the gazetteer's."""
    if m is None:
        return loc
    precision = m.precision
    if loc.precision == "region" and _FINE[precision] < _FINE["region"]:
        precision = "region"
    elif loc.precision == "point" and precision == "town" and _norm_name(m.canonical) == _norm_name(loc.name):
        precision = "point"
    stated = geocoder.region_name(loc.admin1) if loc.admin1 else None
    return replace(loc, canonical=m.canonical, gazetteer_id=m.gazetteer_id, lat=m.lat, lon=m.lon,
                   admin1=stated or m.admin1 or loc.admin1, country=m.country or loc.country, precision=precision)


def _norm_name(s: str | None) -> str:
    return re.sub(r"[^a-z]", "", (s or "").lower())
