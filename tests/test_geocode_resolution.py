"""Resolution classes found on the WAD study rows (issue #8), each on invented sentences: what the text calls a
place (a district, a longer country name), what it says about the country (an area of one country), and a
town's official name the report shortens.

Every sentence below is FICTIONAL (made up for these tests), and so is every village name ("Zorbeti", "Qardhowle");
real countries, regions and towns are named because the tests need them in the built-in gazetteer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from docket.geocode import Geocoder, geocode_extraction
from docket.geocode.distance import haversine_km
from docket.model import Document, Extraction, Incident, Location


@pytest.fixture(scope="module")
def geo(tmp_path_factory: pytest.TempPathFactory, seeded_home: Callable[[Path], Path]) -> Geocoder:
    return Geocoder.load(seeded_home(tmp_path_factory.mktemp("resolution") / "home"))


def geocode(geo: Geocoder, text: str, *locs: Location) -> list[Location]:
    doc = Document(id="sha256:fictional", text=text)
    ex = Extraction(document=doc, incidents=[Incident(id=str(i), location=loc) for i, loc in enumerate(locs)])
    return [i.location for i in geocode_extraction(ex, geo).incidents]


def test_a_name_the_text_calls_a_district_is_not_a_town_point(geo: Geocoder) -> None:
    # a district is wider than its namesake town: the town's point stands for it, at precision 'district'
    [kupwara] = geocode(geo, "FICTIONAL. Militants shot dead a shopkeeper in the Kupwara district on Monday.",
                        Location(name="Kupwara"))
    assert (kupwara.country, kupwara.precision) == ("IN", "district"), kupwara
    village, lga = geocode(geo, "FICTIONAL. Gunmen killed nine at Zorbeti Village under Maro in Kajuru Local "
                           "Government Area of the state.", Location(name="Zorbeti"),
                           Location(name="Kajuru", precision="point"))
    assert (lga.canonical, lga.precision) == ("Kajuru", "district"), lga
    # the unknown village of a capitalised "Local Government Area" falls back to that area, not to the country
    assert (village.canonical, village.precision) == ("Kajuru", "district"), village
    [named] = geocode(geo, "FICTIONAL. Five travellers were killed in Demsa Local Government Area of Adamawa State.",
                      Location(name="Demsa Local Government Area", admin1="Adamawa"))
    assert (named.canonical, named.precision) == ("Demsa", "district"), named


@pytest.mark.parametrize(("name", "country"), [("Manchester", "GB"), ("Colombo", "LK"), ("Barcelona", "ES")])
def test_with_no_country_in_the_text_a_world_city_twice_its_namesakes_size_is_meant(geo: Geocoder, name: str,
                                                                                   country: str) -> None:
    [loc] = geocode(geo, f"FICTIONAL. A bomb went off outside a concert hall in {name}, killing nine.",
                    Location(name=name))
    assert (loc.country, loc.precision) == (country, "town"), loc


def test_with_no_country_namesakes_of_like_size_are_not_guessed(geo: Geocoder) -> None:
    # Valencia (Venezuela) and Valencia (Spain) are both large: with no country, no guess
    assert geo.locate("Valencia") is None


def test_a_country_name_inside_a_longer_country_name_is_the_longer_country(geo: Geocoder) -> None:
    [drc] = geocode(geo, "FICTIONAL. Rebels killed six farmers in the Democratic Republic of Congo's restive east.",
                    Location(name="Congo", precision="country"))
    assert drc.country == "CD", drc
    [ss] = geocode(geo, "FICTIONAL. Cattle raiders killed ten herders in South Sudan on Tuesday.",
                   Location(name="Sudan", precision="country"))
    assert ss.country == "SS", ss
    [cg] = geocode(geo, "FICTIONAL. Police shot two protesters in Brazzaville, the capital of Congo.",
                   Location(name="Congo", precision="country"))
    assert cg.country == "CG", cg


@pytest.mark.parametrize(("text", "name", "country"), [
    ("FICTIONAL. Gunmen killed an official of the Puntland administration in northern Galkayo.", "Galkayo", "SO"),
    ("FICTIONAL. Security forces killed eight protesters in Zalingei in Darfur.", "Zalingei", "SD"),
])
def test_an_area_of_one_country_names_that_country(geo: Geocoder, text: str, name: str, country: str) -> None:
    # neither town is spelled so in the gazetteer's own names, and the text names no country
    [loc] = geocode(geo, text, Location(name=name))
    assert (loc.country, loc.precision) == (country, "town"), loc


def test_a_town_name_without_its_official_tail_is_that_town(geo: Geocoder) -> None:
    # "Paracho" is Paracho de Verduzco (37,000 people), not the hamlet El Paracho 70 km away in the same state
    [loc] = geocode(geo, "FICTIONAL. The mayor of Paracho in the southern state of Michoacan was shot dead.",
                    Location(name="Paracho", admin1="Michoacan"))
    assert loc.canonical == "Paracho de Verduzco" and loc.lat is not None, loc
    assert haversine_km(loc.lat, loc.lon, 19.65, -102.05) < 10, loc


@pytest.mark.parametrize(("text", "name", "state"), [
    ("FICTIONAL. Police in the small town of Yehualtepec in central Mexico found six bodies.", "Yehualtepec", "Puebla"),
    ("FICTIONAL. A gunman killed the mayor of Pacula in the central Mexico state of Hidalgo.", "Pacula", "Hidalgo"),
])
def test_a_country_given_as_the_admin1_is_not_its_namesake_state(geo: Geocoder, text: str, name: str,
                                                                  state: str) -> None:
    # "central Mexico" is the country: the town is not looked for in the State of Mexico only
    [loc] = geocode(geo, text, Location(name=name, admin1="Mexico"))
    assert (loc.country, loc.admin1, loc.precision) == ("MX", state, "town"), loc


@pytest.mark.parametrize(("text", "name", "admin1", "point"), [
    ("FICTIONAL. A council candidate was shot in San Marcos, in southern Guerrero state.", "San Marcos", "Guerrero",
     (16.80, -99.39)),
    ("FICTIONAL. A reporter was shot dead at his home in Gutierrez Zamora, in Veracruz state.",
     "Gutierrez Zamora", "Veracruz", (20.45, -97.09)),
])
def test_a_town_five_times_its_namesakes_size_in_the_stated_state_is_meant(
        geo: Geocoder, text: str, name: str, admin1: str, point: tuple[float, float]) -> None:
    # each state has a town of 13,000 people and hamlets of the same name: the town, not the state's centre
    [loc] = geocode(geo, text, Location(name=name, admin1=admin1))
    assert loc.precision == "town" and loc.lat is not None, loc
    assert haversine_km(loc.lat, loc.lon, *point) < 10, loc


def test_a_place_the_text_puts_far_from_a_town_is_not_at_that_town(geo: Geocoder) -> None:
    [far] = geocode(geo, "FICTIONAL. Five guards were killed near Zorbeti, about 43 miles from the city of Cali, in "
                    "Colombia.", Location(name="Cali", qualifier="near"))
    assert far.lat is None or far.precision in ("region", "country"), far
    [bunia] = geocode(geo, "FICTIONAL. Gunmen torched seven villages of Qardhowle chieftaincy, 80km north of Bunia, "
                      "in the Democratic Republic of Congo.", Location(name="Bunia"))
    assert bunia.lat is None or bunia.precision in ("region", "country"), bunia
    # 20 km away is still near enough for the town's point
    [near] = geocode(geo, "FICTIONAL. A mine exploded outside Qardhowle, some 20 kilometres from Maiduguri, in "
                     "Nigeria.", Location(name="Maiduguri", qualifier="near"))
    assert (near.canonical, near.precision) == ("Maiduguri", "town"), near
    # a town the text also names as a place of its own keeps its point
    [own] = geocode(geo, "FICTIONAL. Shelling killed four in Maiduguri; a mine exploded in Qardhowle, 40 km from "
                    "Maiduguri.", Location(name="Maiduguri"))
    assert (own.canonical, own.precision) == ("Maiduguri", "town"), own


def test_a_big_city_the_text_names_says_which_country_its_places_are_in(geo: Geocoder) -> None:
    # "Bama" is a town in Nigeria, Burkina Faso, China and Indonesia; only the mention of Maiduguri (a city that
    # dwarfs its namesakes), where nothing happened, says which
    [bama] = geocode(geo, "FICTIONAL. Two bombers attacked a mosque in Bama on Sunday, and the wounded were taken "
                     "to Maiduguri.", Location(name="Bama"))
    assert (bama.country, bama.admin1, bama.precision) == ("NG", "Borno", "town"), bama
