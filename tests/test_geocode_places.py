"""Where the text puts a place, and never a wrong point: the causes of wrong points found on analyst notes,
each on invented sentences, and the import formats (GeoNames dump, OCHA/COD populated places for any country,
GeoNames cities CSV, COD-AB outlines) with their malformed files.

Every sentence, village name, code and outline below is FICTIONAL (made up for these tests), except the names
of real governorates, provinces and states, which the tests need to exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docket.cli import app
from docket.geocode import Geocoder, geocode_extraction
from docket.geocode.distance import haversine_km
from docket.model import Document, Extraction, Incident, Location

runner = CliRunner()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, seeded_home: Callable[[Path], Path]) -> Path:
    """A home of its own with the built-in gazetteer, plus a fictional GeoNames dump for Idlib and Daraa."""
    h = seeded_home(tmp_path_factory.mktemp("places") / "home")
    dump = tmp_path_factory.mktemp("dump") / "SY.txt"
    dump.write_text("\n".join([
        # a village in Idlib's file but with a point in Daraa: a gazetteer error the check must catch
        _dump_line(99100001, "Qarmashiyya", "Qarmashiyeh,قرمشية", 32.70, 36.10, "12"),
        _dump_line(99100002, "Zuhayfiyya", "Zuheifiyeh", 35.80, 36.60, "12"),
        _dump_line(99100003, "Marjat Hulwa", "Marjet Helweh", 35.95, 36.95, "12"),
    ]) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["gazetteer", "import", str(dump)], env={"DOCKET_HOME": str(h)})
    assert r.exit_code == 0, r.output
    return h


def _dump_line(gid: int, name: str, alts: str, lat: float, lon: float, admin1: str, cc: str = "SY",
               fclass: str = "P", fcode: str = "PPL") -> str:
    return "\t".join([str(gid), name, name, alts, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "",
                      "0", "", "300", "Asia/Damascus", "2024-01-01"])


def geocode(geo: Geocoder, text: str, *locs: Location) -> list[Location]:
    doc = Document(id="sha256:fictional", text=text)
    ex = Extraction(document=doc, incidents=[Incident(id=str(i), location=loc) for i, loc in enumerate(locs)])
    return [i.location for i in geocode_extraction(ex, geo).incidents]


# -- the causes of wrong points ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text,name", [
    ("FICTIONAL. Pro-Turkish factions and Turkish drones shelled Zarqubiyeh village during the operation.",
     "Zarqubiyeh"),
    ("FICTIONAL. Saudi-led coalition jets and Saudi artillery struck Bayt Qurzan overnight.", "Bayt Qurzan"),
    ("FICTIONAL. Russian jets and Iranian-backed militias attacked Tulul Ghawazi.", "Tulul Ghawazi"),
])
def test_country_never_comes_from_a_nationality_adjective(home: Path, text: str, name: str) -> None:
    [loc] = geocode(Geocoder.load(home), text, Location(name=name))
    assert loc.country is None and loc.lat is None and loc.precision == "town", loc


def test_a_country_named_as_a_place_still_counts(home: Path) -> None:
    [loc] = geocode(Geocoder.load(home), "FICTIONAL. In Syria, Turkish drones shelled Zarqubiyeh village.",
                    Location(name="Zarqubiyeh"))
    assert loc.country == "SY" and loc.precision == "country"


def test_a_people_is_not_a_place(home: Path) -> None:
    [loc] = geocode(Geocoder.load(home), "FICTIONAL. Gunmen killed five Nigerians in Borno state.",
                    Location(name="Nigerians", admin1="Borno"))
    assert loc.precision == "region" and loc.canonical == "Borno" and loc.country == "NG"


def test_no_spelling_lookalike_on_another_continent(home: Path) -> None:
    # "Mattapon" and "Tawarmida" resemble real towns abroad; with no country in the text they stay unresolved
    geo = Geocoder.load(home)
    locs = geocode(geo, "FICTIONAL. Gunmen killed five people in Mattapon and two in Tawarmida.",
                   Location(name="Mattapon"), Location(name="Tawarmida"))
    assert all(loc.lat is None for loc in locs), locs
    assert geo.locate("Mattapon") is None


def test_a_fused_arabic_article_is_split_off_only_where_arabic_is_spoken(home: Path) -> None:
    # "Albay" is no "Al Bay" in the Philippines (a real town named Bay lies 300 km from Albay); "Albab" is Al Bab
    geo = Geocoder.load(home)
    albay = geo.locate("Albay", country="PH")
    assert albay is None or albay.canonical != "Bay", albay
    assert geo.locate("Albab", country="SY").canonical in ("Al Bab", "Al Bāb")


def test_unknown_village_falls_back_to_the_governorate_as_a_region(home: Path) -> None:
    geo = Geocoder.load(home)
    [loc] = geocode(geo, "FICTIONAL. Shelling hit Qurtubbanixa in al-Hasakeh.",
                    Location(name="Qurtubbanixa", admin1="Hasakah"))
    city = geo.locate("Hasakah", country="SY")  # the governorate's capital
    assert city is not None and city.precision == "town"
    assert loc.precision == "region" and loc.canonical == "Hasakah" and loc.gazetteer_id == "iso:SY-HA"
    assert (loc.lat, loc.lon) != (city.lat, city.lon)


def test_a_point_outside_the_stated_governorate_is_refused(home: Path) -> None:
    geo = Geocoder.load(home)
    # Qarmashiyya is filed under Idlib but its point lies in Daraa, 300 km away
    [loc] = geocode(geo, "FICTIONAL. Jets struck Qarmashiyeh in Idleb province.",
                    Location(name="Qarmashiyeh", admin1="Idlib"))
    assert loc.precision == "region" and loc.canonical == "Idlib" and loc.gazetteer_id == "iso:SY-ID"
    # a village that does lie in Idlib is placed
    [ok] = geocode(geo, "FICTIONAL. Jets struck Zuheifiyeh in Idleb province.",
                   Location(name="Zuheifiyeh", admin1="Idlib"))
    assert ok.gazetteer_id == "geonames:99100002" and ok.precision == "town"


def test_fuzzy_candidates_only_inside_the_stated_governorate(home: Path) -> None:
    geo = Geocoder.load(home)
    near = geo.locate("Zuhayfiyyat", admin1="Idlib", country="SY", nearby=("Marjat Hulwa",))
    assert near is not None and near.gazetteer_id == "geonames:99100002"
    # the same misspelling stated in Hama must not reach into Idlib
    other = geo.locate("Zuhayfiyyat", admin1="Hama", country="SY", nearby=("Marjat Hulwa",))
    assert other is not None and other.precision == "region" and other.canonical == "Hama"


def test_fuzzy_pools_are_bounded_and_give_the_same_answer_after_eviction(home: Path) -> None:
    """A country's fuzzy pool is large (a Syrian one had 140,000 entries): only the most recently used few are
    kept, and one rebuilt after eviction finds the same place (the gazetteer row, read back from the file)."""
    from docket.geocode.geocoder import _POOL_MAX

    geo = Geocoder.load(home)
    first = geo.locate("Zuhayfiyyat", admin1="Idlib", country="SY", nearby=("Marjat Hulwa",))
    for gov in ("Hama", "Homs", "Aleppo", "Dar'a", "Lattakia", "Tartous"):
        geo.locate("Zuhayfiyyat", admin1=gov, country="SY")
    assert len(geo._pools) <= _POOL_MAX and ("SY", "Idlib") not in geo._pools
    geo._cache.clear()  # resolve again, not from the result cache
    again = geo.locate("Zuhayfiyyat", admin1="Idlib", country="SY", nearby=("Marjat Hulwa",))
    assert first is not None and again is not None
    assert (again.gazetteer_id, again.lat, again.lon) == (first.gazetteer_id, first.lat, first.lon) == \
        ("geonames:99100002", 35.80, 36.60)


def test_worldwide_first_level_regions(home: Path) -> None:
    geo = Geocoder.load(home)
    locs = geocode(geo, "FICTIONAL. Gunmen raided Kwazulimari village in Nigeria's Borno state; separately, "
                   "clashes were reported in Sennar province.",
                   Location(name="Kwazulimari", admin1="Borno"), Location(name="Sennar province", precision="region"))
    assert (locs[0].canonical, locs[0].country, locs[0].precision, locs[0].gazetteer_id) == \
        ("Borno", "NG", "region", "iso:NG-BO")
    assert (locs[1].canonical, locs[1].country, locs[1].precision, locs[1].gazetteer_id) == \
        ("Sennar", "SD", "region", "iso:SD-SI")


# -- outlines: containment and centroids ------------------------------------------------------------------------


def _square(lat: float, lon: float, half: float) -> list[list[list[float]]]:
    return [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half],
             [lon - half, lat - half]]]


def _codab(features: list[tuple[str, str, list]]) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ADM0_EN": "Syrian Arab Republic", "ADM0_PCODE": "SY", "ADM1_EN": name,
                                           "ADM1_PCODE": pcode},
         "geometry": {"type": "Polygon", "coordinates": rings}} for name, pcode, rings in features]}


def test_outline_gives_the_region_point_and_the_containment_check(tmp_path: Path,
                                                                  seeded_home: Callable[[Path], Path]) -> None:
    h = seeded_home(tmp_path / "home")
    dump = tmp_path / "SY.txt"
    dump.write_text(_dump_line(99200001, "Khirbat Sawsana", "Khirbet Sawsaneh", 35.95, 36.95, "12") + "\n"
                    + _dump_line(99200002, "Ayn Qartaba", "Ein Qartabeh", 35.80, 36.60, "12") + "\n", encoding="utf-8")
    assert runner.invoke(app, ["gazetteer", "import", str(dump)], env={"DOCKET_HOME": str(h)}).exit_code == 0
    geo = Geocoder.load(h)
    before = geo.locate("Khirbet Sawsaneh", admin1="Idlib", country="SY")
    assert before is not None and before.precision == "town"  # within Idlib's radius: no outline yet
    outline = tmp_path / "adm1.geojson"  # a FICTIONAL square "Idlib" around 35.8N 36.6E, 0.2 degrees across
    outline.write_text(json.dumps(_codab([("Idleb", "SY07", _square(35.8, 36.6, 0.1))])), encoding="utf-8")
    r = runner.invoke(app, ["gazetteer", "import", str(outline)], env={"DOCKET_HOME": str(h)})
    assert r.exit_code == 0 and "1 boundary outlines" in r.output, r.output
    geo = Geocoder.load(h)
    region = geo.region_match("Idlib", "SY")
    assert region is not None and abs(region.lat - 35.8) < 1e-3 and abs(region.lon - 36.6) < 1e-3
    [out, inside] = geocode(geo, "FICTIONAL. Jets struck Khirbet Sawsaneh and Ein Qartabeh in Idleb province.",
                            Location(name="Khirbet Sawsaneh", admin1="Idlib"),
                            Location(name="Ein Qartabeh", admin1="Idlib"))
    assert out.precision == "region" and (round(out.lat, 3), round(out.lon, 3)) == (35.8, 36.6)
    assert inside.gazetteer_id == "geonames:99200002" and inside.precision == "town"


# -- import formats ---------------------------------------------------------------------------------------------


def _import(h: Path, path: Path, *extra: str) -> tuple[int, str]:
    r = runner.invoke(app, ["gazetteer", "import", str(path), *extra], env={"DOCKET_HOME": str(h)})
    return r.exit_code, r.output


def _idlib_village_of(tmp_path: Path, seeded_home: Callable[[Path], Path], villages: str, written: str) -> Location:
    """The location of "FICTIONAL. Regime shelling hit <written> in rural Idlib" with the FICTIONAL ``villages``
    (OCHA-format rows "name,pcode,lat,lon", one per line, all in Idleb) imported."""
    h = seeded_home(tmp_path / "home")
    csv_file = tmp_path / "syr_fictional.csv"
    rows = "".join(f"SY,SY07,Idleb,{n},,{c},{lat},{lon}\n" for n, c, lat, lon in
                   (line.split(",") for line in villages.split("\n") if line))
    csv_file.write_text("admin0Pcode,admin1Pcode,admin1Name_en,admin4Name_en,admin4Name_ar,admin4Pcode,Latitude_y,"
                        "Longitude_x\n" + rows, encoding="utf-8")
    assert _import(h, csv_file)[0] == 0
    [loc] = geocode(Geocoder.load(h), f"FICTIONAL. Regime shelling hit {written} in rural Idlib, killing two.",
                    Location(name=written, admin1="Idlib"))
    return loc


@pytest.mark.parametrize(("written", "gid", "precision"), [
    ("Qtaybel", "ocha:C99201", "town"),    # the diphthong "ei" written "ay": Qteibel, not Qatbel (a letter fewer)
    ("Tulayl", "ocha:C99203", "town"),     # "ou" written "u" and "ei" written "ay": Touleil, not Talil
    ("Mzayrib", "iso:SY-ID", "region"),    # two villages spelled so, but for their vowels: neither is guessed
    ("Qtaibel", "iso:SY-ID", "region"),    # "ai" is no "ei": it as often spans an ayn ("Saida" for Sa'ida)
    ("Sarmuza", "ocha:C99208", "town"),    # the ending written another way (Sarmuzah) before the vowels (Sarmouzeh)
    ("Deefat", "ocha:C99210", "town"),     # a look-alike's letters decide: Deifat, not Difa
    ("Tal Zmeir", "ocha:C99212", "town"),  # a look-alike gets no credit for its vowels: Tal Ezmeir, not Tal Azmar
    ("Qabteen", "ocha:C99214", "town"),    # "ee" for the long "i": Qabtin, not Qabtan
])
def test_a_name_with_its_vowels_written_another_way_is_that_village(
        tmp_path: Path, seeded_home: Callable[[Path], Path], written: str, gid: str, precision: str) -> None:
    """Transliterations write one Arabic vowel several ways ("Sheikh" / "Shaykh", "Zeitoun" / "Zaytun"): a spelling
    that differs from a village only so is that village, before a look-alike of the same consonants that differs by a
    letter. The villages are FICTIONAL."""
    loc = _idlib_village_of(tmp_path, seeded_home, "Qteibel,C99201,35.90,36.10\nQatbel,C99202,35.40,36.90\n"
                            "Touleil,C99203,35.95,36.20\nTalil,C99204,35.45,36.95\nMzeirib,C99205,35.50,36.30\n"
                            "Mzeyrib,C99206,36.00,36.80\nQatibel,C99207,35.60,36.50\nSarmuzah,C99208,35.70,36.40\n"
                            "Sarmouzeh,C99209,35.98,36.90\nDeifat,C99210,35.52,36.22\nDifa,C99211,35.92,36.72\n"
                            "Tal Ezmeir,C99212,35.57,36.27\nTal Azmar,C99213,35.97,36.77\nQabtin,C99214,35.62,36.32\n"
                            "Qabtan,C99215,35.99,36.79", written)
    assert (loc.gazetteer_id, loc.precision) == (gid, precision), loc


@pytest.mark.parametrize(("written", "gid", "precision"), [
    ("Dafarawiyeh", "iso:SY-ID", "region"),   # the consonants of Dufra, the letters of another name: no guess
    ("Dofrah", "ocha:C99210", "town"),        # a respelling of Dufra
    ("Dhuhayl", "ocha:C99211", "town"),       # letters apart, alike once the vowels are written one way: Dhiheil
])
def test_a_name_that_only_shares_a_villages_consonants_is_no_guess(
        tmp_path: Path, seeded_home: Callable[[Path], Path], written: str, gid: str, precision: str) -> None:
    """A made-up or unlisted name shares a consonant skeleton with some village of the governorate as often as not; a
    look-alike spelled that far apart is a guess unless the text names a place near it. The village is FICTIONAL."""
    loc = _idlib_village_of(tmp_path, seeded_home, "Dufra,C99210,35.90,36.10\nDhiheil,C99211,35.60,36.60", written)
    assert (loc.gazetteer_id, loc.precision) == (gid, precision), loc


def test_of_two_towns_listed_under_one_spelling_the_one_spelled_so_wins(
        tmp_path: Path, seeded_home: Callable[[Path], Path]) -> None:
    """Both FICTIONAL towns are listed as "Kalbey" (one as its own name, one as another name): the vowels written one
    way make them alike, the letters as written say which."""
    h = seeded_home(tmp_path / "home")
    dump = tmp_path / "SY.txt"
    dump.write_text(_dump_line(99300101, "Kalbey", "", 35.95, 36.95, "12") + "\n"
                    + _dump_line(99300102, "Kalbay", "Kalbey", 35.55, 36.55, "12") + "\n", encoding="utf-8")
    assert runner.invoke(app, ["gazetteer", "import", str(dump)], env={"DOCKET_HOME": str(h)}).exit_code == 0
    m = Geocoder.load(h).locate("Kalbey", country="SY")
    assert m is not None and (m.gazetteer_id, m.precision) == ("geonames:99300101", "town"), m


def test_import_cod_populated_places_of_another_country(tmp_path: Path, seeded_home: Callable[[Path], Path]) -> None:
    h = seeded_home(tmp_path / "home")
    csv_file = tmp_path / "yem_pplp_fictional.csv"
    csv_file.write_text(
        "ADM0_EN,ADM0_PCODE,ADM1_EN,ADM1_PCODE,ADM2_EN,ADM2_PCODE,PPL_EN,PPL_AR,PPL_PCODE,Latitude,Longitude\n"
        "Yemen,YE,Sa'dah,YE22,Fictional District,YE2201,Bayt Zurqanah,بيت زرقانة,YE220199001,16.95,43.70\n"
        "Yemen,YE,Ta'izz,YE15,Other District,YE1502,Wadi Qurmuz,وادي قرمز,YE150299002,13.60,44.00\n",
        encoding="utf-8")
    code, out = _import(h, csv_file)
    assert code == 0 and "imported 2 places" in out.replace(",", "") or "imported" in out, out
    assert "CC BY-IGO" in out
    geo = Geocoder.load(h)
    [loc] = geocode(geo, "FICTIONAL. Airstrikes hit Beit Zurqana in Saada governorate.",
                    Location(name="Beit Zurqana", admin1="Saada"))
    assert loc.gazetteer_id == "ocha:YE220199001" and loc.admin1 == "Saada" and loc.country == "YE"
    m = geo.locate("وادي قرمز", country="YE")
    assert m is not None and m.gazetteer_id == "ocha:YE150299002" and m.admin1 == "Taiz"


def test_an_import_indexed_under_older_name_keys_is_flagged_until_imported_again(
        tmp_path: Path, seeded_home: Callable[[Path], Path]) -> None:
    """An import made before the Arabic spelling keys finds "الزهيرة" only without its article rule; `gazetteer
    info` says to import it again, and after that the exact spelling is found (the village is FICTIONAL)."""
    import sqlite3

    h = seeded_home(tmp_path / "home")
    csv_file = tmp_path / "syr_fictional.csv"
    csv_file.write_text("admin0Pcode,admin1Pcode,admin1Name_en,admin4Name_en,admin4Name_ar,admin4Pcode,Latitude_y,"
                        "Longitude_x\nSY,SY07,Idleb,Zuhayra,الزهيرة,C99001,35.70,36.60\n", encoding="utf-8")
    assert _import(h, csv_file)[0] == 0
    env = {"DOCKET_HOME": str(h)}
    assert "indexed by an older Docket" not in runner.invoke(app, ["gazetteer", "info"], env=env).output
    assert Geocoder.load(h).locate("الزهيرة", country="SY").score >= 0.9
    con = sqlite3.connect(h / "gazetteer" / "imports.sqlite")  # as an older Docket left it: no spelling keys
    with con:
        con.execute("DELETE FROM meta WHERE key LIKE 'keys_version:%'")
        con.execute("DELETE FROM keys WHERE key = 'الزهيره'")
    con.close()
    info = runner.invoke(app, ["gazetteer", "info"], env=env).output
    assert f"indexed by an older Docket: import {csv_file.resolve()} again" in info
    assert Geocoder.load(h).locate("الزهيرة", country="SY").score < 0.9  # found only by the looser key
    assert _import(h, csv_file)[0] == 0
    assert "indexed by an older Docket" not in runner.invoke(app, ["gazetteer", "info"], env=env).output
    assert Geocoder.load(h).locate("الزهيرة", country="SY").score >= 0.9


def test_import_geonames_cities_csv(tmp_path: Path, seeded_home: Callable[[Path], Path]) -> None:
    h = seeded_home(tmp_path / "home")
    cities = tmp_path / "cities_fictional.csv"
    cities.write_bytes(b"lat,lon,name,admin1,admin2,cc\r\n35.61,36.71,Tall Zaghrudiyya,Idlib,,SY\r\n"
                       b"33.21,36.41,Ghabaghib Sharqi,Rif-dimashq,,SY\r\n")
    code, out = _import(h, cities)
    assert code == 0 and "imported 2 places" in out and "geonames-cities1000:SY" in out and "CC BY 4.0" in out, out
    geo = Geocoder.load(h)
    m = geo.locate("Tel Zaghrudiyya", country="SY")
    assert m is not None and m.admin1 == "Idlib" and m.source == "geonames-cities1000"
    m2 = geo.locate("Ghabaghib Sharqi", country="SY")
    assert m2 is not None and m2.admin1 == "Rif Dimashq"


SHARED_CITIES = Path(__file__).resolve().parents[1].parent / "shared" / "gazetteer" / "geonames_cities1000_SY.csv"


@pytest.mark.skipif(not SHARED_CITIES.exists(), reason="../shared cities1000 extract missing")
def test_import_the_shared_cities1000_extract(tmp_path: Path, seeded_home: Callable[[Path], Path]) -> None:
    h = seeded_home(tmp_path / "home")
    code, out = _import(h, SHARED_CITIES)
    assert code == 0 and "imported 282 places" in out, out  # 283 rows, one without a name
    m = Geocoder.load(h).locate("Kafr Nubl", admin1="Idlib", country="SY")
    assert m is not None and m.admin1 == "Idlib" and abs(m.lat - 35.6) < 0.1


def _huge_field_csv() -> str:
    return "lat,lon,name,admin1,admin2,cc\n35.6,36.7,\"" + "x" * 200_000 + "\",Idlib,,SY\n"


@pytest.mark.parametrize("filename,content,problem", [
    ("huge.csv", _huge_field_csv(), "not valid CSV"),
    ("nan.csv", "lat,lon,name,admin1,admin2,cc\nnan,36.7,Fictional,Idlib,,SY\n", "not a finite number"),
    ("inf.txt", _dump_line(99300001, "Fictional", "", 35.0, float("inf"), "12") + "\n", "not a finite number"),
    ("noise.csv", "lat,lon,name,admin1,admin2,cc\n35.6,36.7,Fictional,Idlib,,Syria\n", "is not a two-letter country code"),
    ("cod.csv", "ADM0_PCODE,ADM1_EN,PPL_EN,PPL_PCODE,Latitude,Longitude\nYE,Saada,Fictional,YE1,north,43\n",
     "latitude 'north' is not a number"),
    ("list.geojson", '{"type": "FeatureCollection", "features": [[1, 2, 3]]}', "feature 1 is a list"),
    ("number.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
     '"geometry": {"type": "Polygon", "coordinates": 7}}]}', "ring that is not a closed list"),
    ("strprops.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": "Idlib", '
     '"geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 35]]]}}]}',
     "properties that are a str"),
    ("nan.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
     '"geometry": {"type": "Polygon", "coordinates": [[[36, 35], [NaN, 35], [37, 36], [36, 35]]]}}]}',
     "not JSON"),
    ("deep.geojson", "[" * 100_000 + "]" * 100_000, "nested more than"),
])
def test_malformed_files_are_refused_in_one_line(tmp_path: Path, seeded_home: Callable[[Path], Path],
                                                 filename: str, content: str, problem: str) -> None:
    h = seeded_home(tmp_path / "home")
    env = {"DOCKET_HOME": str(h)}
    before = runner.invoke(app, ["gazetteer", "info"], env=env).output
    bad = tmp_path / filename
    bad.write_text(content, encoding="utf-8")
    r = runner.invoke(app, ["gazetteer", "import", str(bad)], env=env)
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.exception  # no traceback
    assert len(lines) == 1 and str(bad) in lines[0] and problem in lines[0], r.output
    assert runner.invoke(app, ["gazetteer", "info"], env=env).output == before


def _gids(h: Path) -> set[str]:
    import sqlite3

    con = sqlite3.connect(h / "gazetteer" / "imports.sqlite")
    try:
        return {g for (g,) in con.execute("SELECT gid FROM places")}
    finally:
        con.close()


def test_a_source_that_shrinks_needs_replace(tmp_path: Path, seeded_home: Callable[[Path], Path]) -> None:
    h = seeded_home(tmp_path / "home")
    env = {"DOCKET_HOME": str(h)}
    full = tmp_path / "SY.txt"
    full.write_text("\n".join(_dump_line(99400000 + i, f"Qaryat Fictiva {i}", "", 35.5, 36.5, "12")
                              for i in range(40)) + "\n", encoding="utf-8")
    assert _import(h, full)[0] == 0
    full.write_text("\n".join(_dump_line(99400000 + i, f"Qaryat Fictiva {i}", "", 35.5, 36.5, "12")
                              for i in range(30)) + "\n", encoding="utf-8")
    before = runner.invoke(app, ["gazetteer", "info"], env=env).output
    code, out = _import(h, full)
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert code == 1 and len(lines) == 1 and "has 30 places where the earlier import" in lines[0] \
        and "40" in lines[0] and "--replace" in lines[0], out
    assert runner.invoke(app, ["gazetteer", "info"], env=env).output == before
    assert _gids(h) == {f"geonames:{99400000 + i}" for i in range(40)}
    code, out = _import(h, full, "--replace")
    assert code == 0, out
    assert _gids(h) == {f"geonames:{99400000 + i}" for i in range(30)}
    # outlines too
    outline = tmp_path / "adm1.geojson"
    outline.write_text(json.dumps(_codab([("Idleb", "SY07", _square(35.8, 36.6, 0.1)),
                                          ("Hama", "SY05", _square(35.2, 37.0, 0.1))])), encoding="utf-8")
    assert _import(h, outline)[0] == 0
    outline.write_text(json.dumps(_codab([("Idleb", "SY07", _square(35.8, 36.6, 0.1))])), encoding="utf-8")
    code, out = _import(h, outline)
    assert code == 1 and "--replace" in out and "2" in out
    assert _import(h, outline, "--replace")[0] == 0


def test_geonames_dump_with_alternate_names_resolves_any_country(tmp_path: Path,
                                                                 seeded_home: Callable[[Path], Path]) -> None:
    h = seeded_home(tmp_path / "home")
    dump = tmp_path / "SD.txt"
    dump.write_text(_dump_line(99500001, "Umm Zuwayrifa", "Um Zweirifa,أم زويرفة", 13.40, 33.90, "58", cc="SD")
                    + "\n", encoding="utf-8")
    code, out = _import(h, dump)
    assert code == 0 and "geonames-dump:SD" in out, out
    geo = Geocoder.load(h)
    [loc] = geocode(geo, "FICTIONAL. Militiamen attacked Um Zweirifa in Sennar state.",
                    Location(name="Um Zweirifa", admin1="Sennar"))
    assert loc.gazetteer_id == "geonames:99500001" and loc.admin1 == "Sennar" and loc.country == "SD"
    assert haversine_km(loc.lat, loc.lon, 13.40, 33.90) < 0.1


@pytest.mark.parametrize("name", ["قرمشية", "قرمشيه", "القرمشية", "قرية قرمشيّة"])
def test_geonames_arabic_alternate_names_resolve_with_the_place_key(home: Path, name: str) -> None:
    """A GeoNames dump's Arabic alternate name (of the FICTIONAL village above) is found through the one
    resolution step, with taa marbuta/haa, the article, "قرية" and a shadda as the place key folds them."""
    m = Geocoder.load(home).locate(name, country="SY")
    assert m is not None and m.gazetteer_id == "geonames:99100001" and m.precision == "town", (name, m)


def test_a_capital_the_text_calls_a_state_is_the_state(home: Path) -> None:
    geo = Geocoder.load(home)
    [state] = geocode(geo, "FICTIONAL. Bandits killed six people in Katsina State on Monday.", Location(name="Katsina"))
    assert (state.canonical, state.precision, state.gazetteer_id) == ("Katsina", "region", "iso:NG-KT")
    [city] = geocode(geo, "FICTIONAL. Bandits killed six people in Katsina city, the capital of Katsina State.",
                     Location(name="Katsina"))
    assert city.precision == "town" and city.gazetteer_id != "iso:NG-KT"


def test_a_place_the_text_puts_in_a_region_is_never_a_town_at_the_regions_point(home: Path) -> None:
    loc = Location(name="Qarwazinki", within="Zamfara")
    [out] = geocode(Geocoder.load(home), "FICTIONAL. Gunmen raided Qarwazinki in Zamfara State.", loc)
    assert (out.canonical, out.precision, out.country) == ("Zamfara", "region", "NG")


def test_an_alternate_spelling_abroad_does_not_decide_the_country(home: Path) -> None:
    # "Balasa" and "Mwanda" are alternate names of small towns on other continents; the sentence names no country
    locs = geocode(Geocoder.load(home), "FICTIONAL. Gunmen killed four farmers in Balasa and two in Mwanda.",
                   Location(name="Balasa"), Location(name="Mwanda"))
    assert all(loc.lat is None and loc.country is None for loc in locs), locs


def test_cod_ab_district_outlines_become_district_places(tmp_path: Path, seeded_home: Callable[[Path], Path]) -> None:
    h = seeded_home(tmp_path / "home")
    adm2 = tmp_path / "yem_admbnda_adm2_fictional.geojson"  # FICTIONAL districts in HDX COD-AB columns
    adm2.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ADM0_EN": "Yemen", "ADM0_PCODE": "YE", "ADM1_EN": "Sa'dah",
                                           "ADM1_PCODE": "YE22", "ADM2_EN": "Wadi Zumrud", "ADM2_AR": "وادي زمرد",
                                           "ADM2_PCODE": "YE2299"},
         "geometry": {"type": "Polygon", "coordinates": _square(17.0, 43.6, 0.05)}},
        {"type": "Feature", "properties": {"ADM0_EN": "Yemen", "ADM0_PCODE": "YE", "ADM1_EN": "Ta'izz",
                                           "ADM1_PCODE": "YE15", "ADM2_EN": "Jabal Qirfan", "ADM2_PCODE": "YE1599"},
         "geometry": {"type": "Polygon", "coordinates": _square(13.5, 44.0, 0.05)}}]}), encoding="utf-8")
    code, out = _import(h, adm2)
    assert code == 0 and "2 boundary outlines" in out and "CC BY-IGO" in out, out
    info = runner.invoke(app, ["gazetteer", "info"], env={"DOCKET_HOME": str(h)}).output
    assert "boundaries:yem_admbnda_adm2_fictional" in info and "2 places" in info
    geo = Geocoder.load(h)
    [loc] = geocode(geo, "FICTIONAL. Airstrikes hit Wadi Zumrud district in Saada governorate.",
                    Location(name="Wadi Zumrud", admin1="Saada", precision="district"))
    assert (loc.gazetteer_id, loc.admin1, loc.country, loc.precision) == ("cod:YE2299", "Saada", "YE", "district")
    assert abs(loc.lat - 17.0) < 1e-3 and abs(loc.lon - 43.6) < 1e-3
    m = geo.locate("وادي زمرد", country="YE")
    assert m is not None and m.gazetteer_id == "cod:YE2299"


def test_a_region_name_of_several_countries_is_not_a_small_town_abroad(home: Path) -> None:
    # "Plateau" is a Nigerian state, a Beninese department and a small town in the United States
    geo = Geocoder.load(home)
    [loc] = geocode(geo, "FICTIONAL. The army said 25 people were killed in Plateau.", Location(name="Plateau"))
    assert loc.lat is None and loc.country is None
    [ng] = geocode(geo, "FICTIONAL. The army said 25 people were killed in Plateau, Nigeria.", Location(name="Plateau"))
    assert (ng.canonical, ng.country, ng.precision) == ("Plateau", "NG", "region")


def test_arabic_names_resolve_exactly_and_by_governorate(home: Path) -> None:
    geo = Geocoder.load(home)
    assert geo.region("محافظة إدلب") is not None and geo.region("محافظة إدلب").name == "Idlib"
    assert geo.country_named("سوريا") == "SY"
    # a fictional village in the module's GeoNames file, by its Arabic name, with the governorate in Arabic
    [loc] = geocode(geo, "خبر متخيل: قصف على قرمشية في محافظة حمص.", Location(name="قرمشية", admin1="محافظة حمص"))
    assert loc.precision == "region" and loc.canonical == "Homs"  # filed under Idlib: not where the text puts it
    m = geo.locate("قرمشية")  # no country: the exact Arabic spelling of the only place so named
    assert m is not None and m.gazetteer_id == "geonames:99100001"


def test_acronyms_and_common_words_are_not_places(home: Path) -> None:
    geo = Geocoder.load(home)
    locs = geocode(geo, "FICTIONAL. Nigeria's APC said gunmen from across Africa attacked the Pacific coast.",
                   Location(name="APC"), Location(name="Africa"), Location(name="Pacific"))
    assert all(loc.lat is None or loc.precision == "country" for loc in locs), locs
    assert geo.locate("APC", country="HU") is None and geo.locate("Africa") is None


def test_a_look_alike_outside_the_regions_the_text_names_is_refused(home: Path) -> None:
    geo = Geocoder.load(home)
    # "Zohfiyeh" has the consonants of the fictional Zuhayfiyya of Idlib; this text speaks of Daraa only
    [loc] = geocode(geo, "FICTIONAL. Shelling hit Zohfiyeh in the Daraa countryside, activists said in Syria.",
                    Location(name="Zohfiyeh"))
    assert loc.precision in ("region", "country") and loc.gazetteer_id != "geonames:99100002", loc
    [idlib] = geocode(geo, "FICTIONAL. Shelling hit Zohfiyeh in the Idlib countryside, activists said in Syria.",
                      Location(name="Zohfiyeh"))
    assert idlib.gazetteer_id == "geonames:99100002", idlib


def test_a_big_city_and_a_named_country_outweigh_stray_region_names(home: Path) -> None:
    geo = Geocoder.load(home)
    # "Makkah" and "Somali" are also regions (of Saudi Arabia, of Ethiopia); the report is about Mogadishu
    [mog] = geocode(geo, "FICTIONAL. A car bomb went off on the Makkah road in Mogadishu, Somali police said.",
                    Location(name="Mogadishu"))
    assert (mog.country, mog.precision) == ("SO", "town")
    # "La Union" is a first-level region of El Salvador only; the report says it is in the Philippines
    [ph] = geocode(geo, "FICTIONAL. Gunmen killed a mayor in the northern Philippines, in Bangar town in La Union "
                   "province.", Location(name="Bangar", admin1="La Union"))
    assert ph.country == "PH", ph


@pytest.mark.parametrize("text, name, admin1", [
    ("FICTIONAL. Regime forces shelled Daraa al-Balad on Monday, Syrian activists said.", "Daraa al-Balad", None),
    ("FICTIONAL. Barrel bombs fell on Daraa el-Mahatta in Daraa province.", "Daraa el-Mahatta", "Daraa"),
])
def test_a_quarter_named_after_its_town_stands_at_the_towns_point(home: Path, text: str, name: str,
                                                                  admin1: str | None) -> None:
    geo = Geocoder.load(home)
    city = geo.locate("Daraa", country="SY", precision_hint="town")
    [loc] = geocode(geo, text, Location(name=name, admin1=admin1))
    assert city is not None and (loc.precision, loc.gazetteer_id, loc.name) == ("town", city.gazetteer_id, name), loc


def test_a_quarter_word_after_no_known_town_gives_no_town_point(home: Path) -> None:
    geo = Geocoder.load(home)
    [loc] = geocode(geo, "FICTIONAL. Shells hit Qurtubbanixa al-Balad in Daraa province.",
                    Location(name="Qurtubbanixa al-Balad", admin1="Daraa"))
    assert (loc.precision, loc.canonical) == ("region", "Daraa"), loc
