"""Geocoding figures: accuracy first (coverage test, WAD dev rows, the Syrian dev corpus), then speed.

    .venv/bin/python benchmarks/bench_geocode.py [--home DIR] [--file ROWS.jsonl] [--n 600] [--no-ocha]
        [--no-outlines] [--misses FILE]

Works in a temporary DOCKET_HOME (or --home): copies the built-in gazetteer from $DOCKET_HOME when it is there
(else builds it), imports ../shared/gazetteer's OCHA communities and admin1 outlines as a Syria analyst would.
Prints:

- coverage_test.tsv (25 names): right P-code / wrong point / fallen back to the governorate / unresolved;
- WAD dev rows (../shared/external_dev, the rows ../shared/tools/external_dev.py scores; or every row of
  ``--file``, e.g. a split of them kept for study or held out): placed within 25 and 50 km, and where the rest are lost (no incident, no location, not resolved, only coarse, wrong point);
- the Syrian dev corpus: town/point locations outside the governorate the gold puts them in;
- the Arabic dev set: Syrian town-level places with an OCHA id, from the gold names and from extraction;
- counts by precision, and the wrong-point rate: locations at town or point precision more than 50 km from
  where the coding puts them (WAD) or outside the governorate the text states (dev corpus). For WAD it is
  printed raw and judged by the text: the rows of ``benchmarks/wad_coding_audit.yaml`` (coded points that
  contradict the place the text names, with the gazetteer's point for that place) are then judged against
  that point instead of the coded one.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GAZ = SHARED / "gazetteer"
WAD = SHARED / "external_dev" / "pitf_wad_dev.jsonl"
AUDIT = Path(__file__).resolve().parent / "wad_coding_audit.yaml"
FINE = ("point", "town")


def _prepare_home(args: argparse.Namespace) -> Path:
    if args.home:
        home = Path(args.home)
    else:
        home = Path(tempfile.mkdtemp(prefix="bench-geocode."))
        src = Path(os.environ.get("DOCKET_HOME", "")) / "gazetteer"
        if os.environ.get("DOCKET_HOME") and src.is_dir():
            (home / "gazetteer").mkdir(parents=True)
            for f in src.glob("builtin-v*.sqlite"):
                shutil.copy2(f, home / "gazetteer" / f.name)
    os.environ["DOCKET_HOME"] = str(home)
    from docket.geocode.boundaries import import_boundaries
    from docket.geocode.store import builtin_path, ensure_builtin, import_file

    t = time.perf_counter()
    existed = builtin_path(home).exists()
    ensure_builtin(home)
    print(f"built-in gazetteer: {'present' if existed else 'built'} in {time.perf_counter() - t:.2f} s")
    ocha = GAZ / "syr_ocha_humanitarian_locations.csv"
    if not args.no_ocha and ocha.exists():
        t = time.perf_counter()
        info = import_file(ocha, home, replace=True)
        print(f"OCHA import: {info.places} places in {time.perf_counter() - t:.2f} s")
    outlines = GAZ / "syr_admin1_ocha_20201217.geojson"
    if not args.no_outlines and outlines.exists():
        src = import_boundaries(outlines, home, replace=True)
        print(f"outlines: {src['features']} admin1 polygons")
    return home


def coverage(geo: object) -> None:
    path = GAZ / "coverage_test.tsv"
    if not path.exists():
        return
    counts: Counter[str] = Counter()
    wrong = []
    for r in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
        m = geo.locate(r["test_name"], admin1=r["admin1Name_en"] or None, country="SY")  # type: ignore[attr-defined]
        expected = r["best_ocha_pcode"] or None
        if m is None:
            counts["unresolved"] += 1
        elif m.precision in ("region", "country"):
            counts["fallen back"] += 1
        elif expected and m.gazetteer_id == f"ocha:{expected}":
            counts["right"] += 1
        else:
            counts["wrong"] += 1
            wrong.append(f"{r['test_name']} -> {m.canonical} ({m.gazetteer_id})")
    print(f"coverage_test (25 names): right {counts['right']}, wrong {counts['wrong']}, fallen back "
          f"{counts['fallen back']}, unresolved {counts['unresolved']}" + (f"; wrong: {wrong}" if wrong else ""))


def _header(d: str | None) -> str:
    try:
        return date.fromisoformat((d or "")[:10]).strftime("%d %B %Y") + "\n\n"
    except ValueError:
        return ""


def _audit() -> dict[str, tuple[float, float]]:
    """Row id -> the gazetteer point of the place the text names, for rows whose coded point contradicts it."""
    import yaml

    if not AUDIT.exists():
        return {}
    return {r["id"]: (float(r["point"][0]), float(r["point"][1]))
            for r in (yaml.safe_load(AUDIT.read_text(encoding="utf-8")) or {}).get("rows", [])}


def wad(pipeline: object, path: Path, n: int | None, precision: Counter[str], misses: list[dict],
        lost_rows: list[dict] | None = None) -> tuple[int, int, int, int, int, int]:
    """WAD dev rows; returns (wrong town/point locations, town/point locations, rows whose nearest town/point
    location is wrong, rows with a town/point location, of those wrong rows the ones still wrong when the audited
    rows are judged by the text, audited rows scored). A coded point whose latitude or longitude sign was lost
    in coding (it lies 50 km from ours once a sign is flipped), and a coded point at whole or half degrees (a
    country's or region's point, not a town's) or at 'Multiple locations', are left out of the wrong-point figures
    and counted apart."""
    from docket.geocode.distance import haversine_km
    from docket.ingest import read_file
    from docket.ingest.errors import IngestError
    from docket.model import Document, Extraction

    if not path.exists():
        return 0, 0, 0, 0, 0, 0
    audit = _audit()
    text_wrong = audited = 0
    rows = [json.loads(x) for x in path.open(encoding="utf-8") if x.strip()]
    rows = [r for r in rows if r.get("fatalities") is not None]
    if n:
        rows = rows[:: max(1, len(rows) // n)][:n]  # the rows ../shared/tools/external_dev.py scores
    work = Path(tempfile.mkdtemp(prefix="bench-wad."))
    lost: Counter[str] = Counter()
    within25 = within50 = scored = 0
    fine = fine_wrong = rows_fine = rows_wrong = flipped = coarse = 0
    countried = other_country = 0  # located in a country, of any precision; in another than the coded one
    abroad_rows: list[str] = []
    country_of = pipeline.geocoder.country_named  # type: ignore[attr-defined]
    t = time.perf_counter()
    for i, r in enumerate(rows):
        f = work / f"x{i:05d}.txt"
        f.write_text(_header(r.get("date")) + r["text"], encoding="utf-8")
        try:
            ex = pipeline.process(read_file(f))  # type: ignore[attr-defined]
        except IngestError as e:  # a row the reader refuses (not English): no incident from it
            print(f"  row {r['id']}: {e}")
            ex = Extraction(document=Document(id=r["id"], text=""), incidents=[])
        locs = [inc.location for inc in ex.incidents if inc.location is not None]
        placed = [loc for loc in locs if loc.lat is not None and loc.lon is not None]
        for loc in placed:
            precision[loc.precision] += 1
        coded_cc = country_of(r.get("country") or "")
        if coded_cc:  # (every row, whatever its coded point)
            countried += sum(1 for loc in placed if loc.country)
            abroad = [loc for loc in placed if loc.country and loc.country != coded_cc]
            other_country += len(abroad)
            abroad_rows.extend(f"{r['id'].split('row')[-1]}:{loc.name}->{loc.canonical} ({loc.country}, "
                               f"{loc.precision})" for loc in abroad)
        if r.get("lat") is None or r.get("lon") is None:
            continue
        scored += 1
        dists = [(haversine_km(r["lat"], r["lon"], loc.lat, loc.lon), loc) for loc in placed]
        best = min((d for d, _ in dists), default=float("inf"))
        within25 += best <= 25
        within50 += best <= 50
        fine_d = [d for d, loc in dists if loc.precision in FINE]
        if fine_d and min(fine_d) > 50 and any(haversine_km(a * r["lat"], o * r["lon"], loc.lat, loc.lon) <= 50
                                               for a, o in ((1, -1), (-1, 1), (-1, -1)) for _, loc in dists):
            flipped += 1
            lost["coded point off (a sign lost)"] += 1
            continue
        if fine_d and min(fine_d) > 50 and (r.get("location") == "Multiple locations" or (
                float(r["lat"]) * 2).is_integer() and (float(r["lon"]) * 2).is_integer()):
            coarse += 1  # coded at whole or half degrees (a country's or region's point), or at one of several
            lost["coded point coarse (whole degrees, several places)"] += 1
            continue
        if fine_d:
            rows_fine += 1
            rows_wrong += min(fine_d) > 50
            named = audit.get(r["id"])
            if named is not None:  # the coded point contradicts the place the text names: judge by that place
                audited += 1
                coded_km = haversine_km(r["lat"], r["lon"], *named)
                if coded_km <= 50:
                    print(f"  audit row {r['id']}: the coded point is only {coded_km:.0f} km from the named place")
                text_wrong += min(haversine_km(*named, loc.lat, loc.lon) for _, loc in dists
                                  if loc.precision in FINE) > 50
            else:
                text_wrong += min(fine_d) > 50
        for d, loc in dists:
            if loc.precision in FINE:
                fine += 1
                if d > 50:
                    fine_wrong += 1
                    misses.append({"id": r["id"], "text": r["text"], "coded": [r["country"], r["admin1"], r["location"]],
                                   "placed": [loc.name, loc.canonical, loc.gazetteer_id, loc.country,
                                              loc.precision], "km": round(d)})
        if best <= 50:
            continue
        if not ex.incidents:
            why = "no incident"
        elif not locs:
            why = "incident without a place"
        elif not placed:
            why = "place not resolved"
        elif all(loc.precision not in FINE for loc in placed):
            why = "only region/country (coarse)"
        else:
            why = "town/point more than 50 km off"
        lost[why] += 1
        if lost_rows is not None:
            lost_rows.append({"id": r["id"], "why": why, "text": r["text"], "coded": [
                r["country"], r["admin1"], r["location"]], "places": [
                [loc.name, loc.within, loc.admin1, loc.canonical, loc.country, loc.precision,
                 None if loc.lat is None else round(haversine_km(r["lat"], r["lon"], loc.lat, loc.lon))]
                for loc in locs]})
    secs = time.perf_counter() - t
    shutil.rmtree(work, ignore_errors=True)
    print(f"WAD dev rows: {len(rows)} texts in {secs:.1f} s; placed within 25 km: {within25 / scored:.3f}  "
          f"50 km: {within50 / scored:.3f}  (n={scored}; coded points are coarse)")
    wrong_all = rows_wrong + flipped + coarse
    print(f"  rows with a town/point location none of which is within 50 km, counting every row: {wrong_all}/"
          f"{rows_fine + flipped + coarse} = {wrong_all / max(1, rows_fine + flipped + coarse):.3f}")
    print("  not within 50 km: " + ", ".join(f"{k} {v}" for k, v in lost.most_common()))
    if flipped:
        print(f"  ({flipped} rows whose coded latitude or longitude lost its sign: within 50 km once flipped; left "
              "out of the wrong-point rate)")
    print(f"  locations (any precision) in another country than the coded one: {other_country}/{countried}"
          + (f": {abroad_rows[:12]}" if abroad_rows else ""))
    if coarse:
        print(f"  ({coarse} rows coded at whole or half degrees or at 'Multiple locations', with a town/point of ours "
              "over 50 km off: left out of the wrong-point rate)")
    return fine_wrong, fine, rows_wrong, rows_fine, text_wrong, audited


def dev_corpus(pipeline: object, geo: object, precision: Counter[str]) -> tuple[int, int]:
    """Town/point locations of the Syrian dev corpus outside the governorate the gold states for that place."""
    from docket.ingest import read_file
    from docket.text.names import same_place

    corpus = sorted((SHARED / "corpus" / "dev").glob("*.txt"))
    fine = wrong = 0
    bad = []
    for p in corpus:
        gold_path = SHARED / "gold" / "dev" / f"{p.stem}.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        stated = [(g["location"]["name"], g["location"].get("admin1")) for g in gold.get("incidents", [])
                  if g.get("location") and g["location"].get("admin1")]
        for inc in pipeline.process(read_file(p)).incidents:  # type: ignore[attr-defined]
            loc = inc.location
            if loc is None or loc.lat is None or loc.precision not in FINE:
                continue
            precision[loc.precision] += 1
            admin1 = next((a for n, a in stated if same_place(n, loc.name)), None)
            if admin1 is None:
                continue
            fine += 1
            region = geo.region(admin1, "SY", loose=True)  # type: ignore[attr-defined]
            if region is not None and not geo.inside(loc.lat, loc.lon, region):  # type: ignore[attr-defined]
                wrong += 1
                bad.append(f"{p.stem}:{loc.name}->{loc.canonical} (gold {admin1})")
    print(f"dev corpus (Syria): {fine} town/point places with a gold governorate, {wrong} outside it"
          + (f": {bad}" if bad else ""))
    return wrong, fine


def arabic_dev(pipeline: object, geo: object) -> None:
    """The Arabic dev set's Syrian town-level places (gold precision 'town') that get an OCHA community id:
    the gold names geocoded in their report's context, and the places extraction finds for them."""
    from docket.ingest import read_file
    from docket.text.names import same_place

    gold_n = gold_ocha = found = found_ocha = ext_n = ext_ocha = 0
    for gold_path in sorted((SHARED / "gold" / "dev_ar").glob("a*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        towns = [g["location"] for g in gold["incidents"] if g["location"].get("country") == "SY"
                 and g["location"].get("precision") == "town"]
        names = [g["location"]["name"] for g in gold["incidents"]]
        for loc in towns:
            near = tuple(n for n in dict.fromkeys(names) if n != loc["name"])
            m = geo.locate(loc["name"], admin1=loc.get("admin1"), country="SY", nearby=near)  # type: ignore[attr-defined]
            gold_n += 1
            gold_ocha += bool(m and (m.gazetteer_id or "").startswith("ocha:C"))
        text = SHARED / "corpus" / "dev_ar" / f"{gold_path.stem}.txt"
        incs = pipeline.process(read_file(text)).incidents if text.exists() else []  # type: ignore[attr-defined]
        for inc in incs:
            if inc.location is not None and inc.location.country == "SY" and inc.location.precision in FINE:
                ext_n += 1
                ext_ocha += (inc.location.gazetteer_id or "").startswith("ocha:C")
        for loc in towns:
            ids = [i.location.gazetteer_id or "" for i in incs if i.location and same_place(i.location.name, loc["name"])]
            found += bool(ids)
            found_ocha += any(x.startswith("ocha:C") for x in ids)
    if gold_n:
        print(f"Arabic dev (Syria, town level): gold names with an OCHA id {gold_ocha}/{gold_n} = "
              f"{gold_ocha / gold_n:.3f}; extracted for {found} of them, {found_ocha} with an OCHA id; extracted "
              f"town/point places with an OCHA id {ext_ocha}/{ext_n}")


def speed(geo_cls: type, home: Path) -> None:
    names = ["Sarqib", "Kafranbel", "Khan Sheikhoun", "Ma'arat al-Nu'man", "Ltamenah", "Habeet", "Maasran", "Idlib",
             "Hama", "Kabul", "El Fasher", "Jisr al-Shughour", "Douma", "Tal Mardikh", "Keik", "Kafarzeita"]
    t = time.perf_counter()
    geo = geo_cls.load(home)
    load = time.perf_counter() - t
    t = time.perf_counter()
    for n in names:
        geo.locate(n, country="SY", nearby=names[:5])
    cold = (time.perf_counter() - t) / len(names)
    rounds = 500
    t = time.perf_counter()
    for _ in range(rounds):
        for n in names:
            geo.locate(n, country="SY", nearby=names[:5])
    warm = (time.perf_counter() - t) / (rounds * len(names))
    print(f"speed: Geocoder.load {load:.3f} s; locate first call {cold * 1e3:.2f} ms/name (cold, incl. SQLite), "
          f"repeated {warm * 1e6:.1f} µs/name")
    from docket.geocode import geocode_extraction
    from docket.model import Document, Extraction, Incident, Location

    text = ("FICTIONAL EXAMPLE. Russian warplanes struck Sarqib, Kafranbel and Habeet in Idleb province on "
            "Sunday, while regime helicopters dropped barrel bombs on Ltamenah in northern rural Hama. The Syrian "
            "Network for Human Rights and the White Helmets said a hospital in Khan Sheikhoun was destroyed. ") * 6
    places = ["Sarqib", "Kafranbel", "Habeet", "Ltamenah", "Khan Sheikhoun"]
    geo = geo_cls.load(home)
    docs = 200
    t = time.perf_counter()
    for i in range(docs):
        doc = Document(id=f"sha256:{i}", text=text.replace("Sunday", f"day {i}"))
        geocode_extraction(Extraction(document=doc, incidents=[Incident(id=str(j), location=Location(name=n))
                                                               for j, n in enumerate(places)]), geo)
    per_doc = (time.perf_counter() - t) / docs
    print(f"geocode_extraction: {per_doc * 1e3:.2f} ms/doc ({1 / per_doc:.0f} docs/s; {len(text)} chars, "
          f"{len(places)} incidents)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", default=None)
    ap.add_argument("--file", default=None, help="WAD rows (JSON lines) to score, every one of them; default: "
                    "the dev rows ../shared/tools/external_dev.py scores")
    ap.add_argument("--n", type=int, default=None, help="score every len/n-th row, n of them (default 600 of "
                    "the dev file, all rows of --file)")
    ap.add_argument("--no-ocha", action="store_true")
    ap.add_argument("--no-outlines", action="store_true")
    ap.add_argument("--misses", default=None, help="write WAD town/point locations > 50 km off here (JSON lines)")
    ap.add_argument("--lost", default=None, help="write every WAD row not placed within 50 km here, with why and "
                    "its places (JSON lines)")
    args = ap.parse_args()
    home = _prepare_home(args)
    from docket.geocode import Geocoder
    from docket.pipeline import Pipeline

    geo = Geocoder.load(home)
    coverage(geo)
    pipeline = Pipeline.load(home)
    precision: Counter[str] = Counter()
    misses: list[dict] = []
    lost_rows: list[dict] | None = [] if args.lost else None
    wad_wrong, wad_fine, wad_rows_wrong, wad_rows, wad_text_wrong, audited = wad(pipeline, Path(args.file) if args.file else WAD,
                                                         args.n or (None if args.file else 600), precision, misses,
                                                         lost_rows)
    dev_wrong, dev_fine = dev_corpus(pipeline, geo, precision)
    arabic_dev(pipeline, geo)
    print("locations by precision (WAD + dev corpus): " + ", ".join(f"{k} {v}" for k, v in precision.most_common()))
    if wad_fine:
        print(f"wrong-point rate, WAD: {wad_rows_wrong}/{wad_rows} = {wad_rows_wrong / wad_rows:.3f} of rows with a "
              "town/point location have none within 50 km of the coded point; per location "
              f"{wad_wrong}/{wad_fine} = {wad_wrong / wad_fine:.3f} (a text may name other places than the coded one)")
        print(f"wrong-point rate, WAD, judged by the text for the {audited} rows of {AUDIT.name} whose coded point "
              f"contradicts the place the text names: {wad_text_wrong}/{wad_rows} = {wad_text_wrong / wad_rows:.3f}")
    if dev_fine:
        print(f"wrong-point rate, dev corpus: {dev_wrong}/{dev_fine} = {dev_wrong / dev_fine:.3f} of town/point "
              "locations outside the governorate the gold states")
    if args.lost and lost_rows is not None:
        Path(args.lost).write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in lost_rows),
                                   encoding="utf-8")
    if args.misses:
        Path(args.misses).write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in misses), encoding="utf-8")
    speed(Geocoder, home)
    if not args.home:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
