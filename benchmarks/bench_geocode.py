"""Geocoder figures: build and load time, and the cost of locate() and place_kind() calls.

    .venv/bin/python benchmarks/bench_geocode.py [--home DIR] [--ocha ../shared/gazetteer/syr_ocha_humanitarian_locations.csv]

Uses $DOCKET_HOME (or --home); builds the built-in gazetteer there if it is missing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from docket.geocode import Geocoder, import_file
from docket.geocode.store import builtin_path, ensure_builtin

NAMES = ["Sarqib", "Kafranbel", "Khan Sheikhoun", "Ma'arat al-Nu'man", "Ltamenah", "Habeet", "Maasran", "Idlib",
         "Hama", "Kabul", "El Fasher", "Jisr al-Shughour", "Douma", "Tal Mardikh", "Keik", "Kafarzeita"]
WORDS = ["Thursday", "Russian", "Syria", "Saraqib", "Hospital", "Idleb province", "White Helmets", "Aleppo",
         "Civil Defense", "Qalamoun", "Assad", "Sunday", "Jets", "Human Rights Watch"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", type=Path, default=None)
    ap.add_argument("--ocha", type=Path, default=None)
    args = ap.parse_args()
    t = time.perf_counter()
    existed = builtin_path(args.home).exists()
    ensure_builtin(args.home)
    print(f"built-in gazetteer: {'present' if existed else 'built'} in {time.perf_counter() - t:.2f} s "
          f"({builtin_path(args.home).stat().st_size / 1e6:.0f} MB)")
    if args.ocha:
        t = time.perf_counter()
        info = import_file(args.ocha, args.home)
        print(f"OCHA import: {info.places} places in {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    geo = Geocoder.load(args.home)
    print(f"Geocoder.load: {time.perf_counter() - t:.3f} s")

    t = time.perf_counter()
    for n in NAMES:
        geo.locate(n, country="SY", nearby=NAMES[:5])
    cold = (time.perf_counter() - t) / len(NAMES)
    rounds = 2000
    t = time.perf_counter()
    for _ in range(rounds):
        for n in NAMES:
            geo.locate(n, country="SY", nearby=NAMES[:5])
    warm = (time.perf_counter() - t) / (rounds * len(NAMES))
    print(f"locate: first call {cold * 1e3:.2f} ms/name (cold, incl. SQLite); repeated {warm * 1e6:.1f} µs/name")

    geo2 = Geocoder.load(args.home)
    t = time.perf_counter()
    for w in WORDS:
        geo2.place_kind(w)
    cold = (time.perf_counter() - t) / len(WORDS)
    t = time.perf_counter()
    for _ in range(rounds):
        for w in WORDS:
            geo2.place_kind(w)
    warm = (time.perf_counter() - t) / (rounds * len(WORDS))
    print(f"place_kind: first call {cold * 1e6:.0f} µs; repeated {warm * 1e6:.2f} µs")

    # the geocode stage on a fictional report with five places
    from docket.geocode import geocode_extraction
    from docket.model import Document, Extraction, Incident, Location

    text = ("FICTIONAL EXAMPLE. Russian warplanes struck Sarqib, Kafranbel and Habeet in Idleb province on "
            "Sunday, while regime helicopters dropped barrel bombs on Ltamenah in northern rural Hama. The Syrian "
            "Network for Human Rights and the White Helmets said a hospital in Khan Sheikhoun was destroyed. ") * 6
    names = ["Sarqib", "Kafranbel", "Habeet", "Ltamenah", "Khan Sheikhoun"]
    geo3 = Geocoder.load(args.home)
    docs = 200
    t = time.perf_counter()
    for i in range(docs):
        doc = Document(id=f"sha256:{i}", text=text.replace("Sunday", f"day {i}"))
        ex = Extraction(document=doc, incidents=[Incident(id=str(j), location=Location(name=n))
                                                 for j, n in enumerate(names)])
        geocode_extraction(ex, geo3)
    per_doc = (time.perf_counter() - t) / docs
    print(f"geocode_extraction: {per_doc * 1e3:.2f} ms/doc ({1 / per_doc:.0f} docs/s; {len(text)} chars, "
          f"{len(names)} incidents)")


if __name__ == "__main__":
    main()
