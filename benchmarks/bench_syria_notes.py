"""Short analyst-style notes about Syrian villages, with OCHA's communities imported as a Syria analyst would.

    .venv/bin/python benchmarks/bench_syria_notes.py [--n 300] [--seed 1] [--phrasings basic|more|reports|pairs|events] [--show N]

The notes are written from templates the team wrote (FICTIONAL sentences in the style of incident-database notes:
"regime helicopters dropped barrel bombs on X in Y governorate", "shelling hit X, Y", "the X front in Y"), filled
with communities drawn at random from ``../shared/gazetteer/syr_ocha_humanitarian_locations.csv``. Three runs:

- **exact**: the village as OCHA spells it (names OCHA writes as two villages, "A - B", are left out);
- **respelled**: the village respelled one of the ways reports respell Syrian names ("Kfar", "Tell", "-iya" for
  "-iyeh", a vowel or a doubled consonant changed), as the human-coded notes do;
- **invented**: a made-up Arabic-looking name that is in no gazetteer: any town-precision point is a guess.

For each it prints how many notes are placed within 10 km of the community at town precision, fall back to the
governorate (or coarser), give no place, or give a town point more than 10 km (and more than 50 km) off; and how
many points of any precision lie within 10 km (a neighbour village standing for an unknown one at 'district').
Nothing is downloaded; the OCHA file is read from ../shared and imported into a temporary DOCKET_HOME.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OCHA = HERE.parent.parent / "shared" / "gazetteer" / "syr_ocha_humanitarian_locations.csv"

GOVERNORATES = {"Idleb": "Idlib", "Al-Hasakeh": "Hasakah", "Dar'a": "Daraa", "Rural Damascus": "Rural Damascus",
                "Lattakia": "Latakia", "Ar-Raqqa": "Raqqa", "Deir-ez-Zor": "Deir ez-Zor", "Aleppo": "Aleppo",
                "Hama": "Hama", "Homs": "Homs", "Quneitra": "Quneitra", "Tartous": "Tartus", "As-Sweida": "Sweida",
                "Damascus": "Damascus"}
TEMPLATES = [  # FICTIONAL
    "On {d} March 2018, regime helicopters dropped barrel bombs on {n} in {g} governorate. {k} civilians were killed.",
    "On {d} March 2018, Russian warplanes carried out airstrikes on {n} village, in the {g} countryside, killing {k} "
    "civilians, including a child.",
    "On {d} March 2018, shelling by regime forces hit {n}, {g}. {k} people were killed and 3 were wounded.",
    "On {d} March 2018, pro-Turkish factions shelled {n} in rural {g}, killing {k} civilians.",
    "On {d} March 2018, regime forces shelled the {n} front in {g}, killing {k} fighters.",
    "On {d} March 2018, {k} civilians were killed in shelling on {n} in the {g} countryside.",
]
# more phrasings (--phrasings more): a direction before the countryside, "near", a governorate in brackets, "the
# outskirts of", telegraphic notes, a date at the end, "X town, Y countryside", "in the northern countryside of Y"
MORE_TEMPLATES = [  # FICTIONAL
    "On {d} March 2018, regime forces shelled {n} in the southern {g} countryside, killing {k} civilians.",
    "On {d} March 2018, an IED exploded near {n} in {g}, killing {k} civilians.",
    "On {d} March 2018, clashes between regime forces and rebels near {n} ({g}) left {k} fighters dead.",
    "On {d} March 2018, {k} civilians were killed when warplanes struck the outskirts of {n}, {g} governorate.",
    "On {d} March 2018, SAA shelled {n} village, {g}. {k} civilians killed.",
    "{k} civilians killed in Russian airstrikes on {n} town in {g} province on {d} March 2018.",
    "On {d} March 2018, unidentified gunmen killed {k} people in {n} town, {g} countryside.",
    "On {d} March 2018, HTS fighters attacked regime positions in {n}, in the northern countryside of {g}, killing "
    "{k} soldiers.",
    "On {d} March 2018, a landmine left by ISIS exploded in {n} in eastern {g}, killing {k} shepherds.",
    "On {d} March 2018, {k} members of one family were killed by regime artillery fire on their home in {n} ({g} "
    "governorate).",
]
RESPELL = [(r"^Kafr ", "Kfar "), (r"^Kafr ", "Kafar "), (r"^Tal ", "Tell "), (r"^Tal ", "Tel "), (r"^Deir ", "Dayr "),
           (r"\bAin\b", "Ayn"), (r"\bAin\b", "Ein"), (r"iyeh$", "iya"), (r"iyeh$", "iyah"), (r"eh$", "a"), (r"ou", "u"),
           (r"u", "ou"), (r"q", "k"), (r"Q", "K"), (r"^Al ", "al-"), (r"^Al ", "el-"), (r"ei", "ay"), (r"e", "i"),
           (r"aa", "a"), (r"([bdfklmnrst])\1", r"\1"), (r"([bdfklmnrst])([aeiou])", r"\1\1\2")]
CONSONANTS = ["b", "t", "j", "h", "kh", "d", "r", "z", "s", "sh", "f", "q", "k", "l", "m", "n", "w", "y", "gh"]
VOWELS = ["a", "i", "ou", "e", "aa", "ei"]


# the phrasings of monitoring groups' daily reports (--phrasings reports): "X town in the northwestern suburbs of Y",
# "Y's northern countryside", "X town, northern rural Y", a market in X, a governorate in brackets
REPORT_TEMPLATES = [  # FICTIONAL
    "On {d} March 2018, Syrian Russian alliance forces fired missiles at {n} town in the northwestern suburbs of {g}, "
    "killing {k} civilians.",
    "On {d} March 2018, regime forces shelled {n} in {g}'s northern countryside, killing {k} civilians.",
    "On {d} March 2018, {k} civilians were killed when regime forces shelled {n} town, northern rural {g}.",
    "On {d} March 2018, regime forces shelled the town of {n} in the northern {g} countryside. {k} civilians were "
    "killed.",
    "On {d} March 2018, a Russian airstrike hit a market in {n} in the southern countryside of {g}, killing {k} "
    "people.",
    "On {d} March 2018, an unidentified gunman shot dead {k} people in {n}, {g} governorate.",
    "On {d} March 2018, {k} civilians, including a woman, died in an explosion of an unknown source in {n}, {g}.",
    "On {d} March 2018, fighting between the SDF and ISIS in {n} ({g}) killed {k} fighters.",
]

# phrasings of which four name a second village near the first (--phrasings pairs; {m} lies within 15 km of {n}): a
# road named after both, "between", "near", "west of"; and a facility in the village, "the outskirts of"
PAIR_TEMPLATES = [  # FICTIONAL
    "On {d} March 2018, a drone struck a car on the {n}-{m} road in {g}, killing {k} people.",
    "On {d} March 2018, an IED exploded between {n} and {m} in {g}, killing {k} civilians.",
    "On {d} March 2018, Russian airstrikes hit {n}, near {m}, in rural {g}, killing {k} civilians.",
    "On {d} March 2018, a hospital in {n} ({g}) was hit by airstrikes, killing {k} medics.",
    "On {d} March 2018, regime artillery targeted the outskirts of {n} in {g} governorate, killing {k} civilians.",
    "{g}: On {d} March 2018, {k} civilians were killed by regime shelling on {n}, west of {m}.",
]

# the terse phrasings of conflict-event databases (--phrasings events): a note with no fatalities, "in the vicinity
# of", two villages hit at once, "fatalities" as a count, a nationality that is not the place's country
EVENT_TEMPLATES = [  # FICTIONAL
    "On {d} March 2018, regime forces shelled {n} ({g}). No fatalities reported.",
    "On {d} March 2018, clashes between HTS and NLF fighters in the vicinity of {n} ({g}). {k} fatalities.",
    "On {d} March 2018, Turkish forces shelled SDF positions in the vicinity of {n} in {g}. Casualties unknown.",
    "On {d} March 2018, regime and Russian airstrikes targeted {n} and its surroundings in {g}, killing {k} civilians.",
    "On {d} March 2018, an IED planted in a car exploded in {n} town in the {g} countryside, killing {k} civilians.",
    "On {d} March 2018, unknown gunmen shot dead a man in {n} ({g} governorate).",
    "On {d} March 2018, a landmine exploded in {n} village in the southern {g} countryside, killing a child.",
    "On {d} March 2018, Israeli airstrikes targeted Iranian positions near {n}, {g}. {k} fighters were killed.",
]

def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def notes(rows: list[dict[str, str]], kind: str, n: int, rng: random.Random, known: set[str],
          templates: list[str]) -> list[tuple]:
    """(text, lat, lon) of n notes of one kind (lat/lon None for an invented village)."""
    from docket.text.names import name_key

    out: list[tuple] = []
    while len(out) < n:
        i = len(out)
        r = rng.choice(rows)
        name = r["LocationName_en"].split(" (")[0]
        other = ""
        if "{m}" in templates[i % len(templates)]:   # the nearest other village of the governorate, within 15 km
            here = (float(r["Latitude_y"]), float(r["Longitude_x"]))
            near = [(km(*here, float(x["Latitude_y"]), float(x["Longitude_x"])), x["LocationName_en"].split(" (")[0])
                    for x in rows if x is not r and x["admin1Name_en"] == r["admin1Name_en"]]
            near = [x for x in near if 1.0 < x[0] <= 15.0 and name_key(x[1]) != name_key(name)]
            if not near:
                continue
            other = min(near)[1]
        if kind == "respelled":
            rules = [x for x in RESPELL if re.search(x[0], name)]
            if not rules:
                continue
            pat, rep = rng.choice(rules)
            name = re.sub(pat, rep, name, count=1)
            if name == r["LocationName_en"].split(" (")[0]:
                continue
        elif kind == "invented":
            name = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.choice([2, 3])))
            name = (name + rng.choice(["", "iyeh", "a", "an", "oun"])).capitalize()
            if name_key(name) in known:
                continue
        text = templates[i % len(templates)].format(d=i % 27 + 1, n=name, m=other, g=GOVERNORATES[r["admin1Name_en"]],
                                                    k=i % 7 + 2)
        # ("rural Rural Damascus" is nobody's phrase: "rural Damascus", "the Damascus countryside")
        text = text.replace("rural Rural Damascus", "rural Damascus").replace("the Rural Damascus countryside",
                                                                              "the Damascus countryside")
        coords = (None, None) if kind == "invented" else (float(r["Latitude_y"]), float(r["Longitude_x"]))
        out.append((text, *coords))
    return out


def run(kind: str, items: list[tuple], show: int = 0) -> Counter[str]:
    from docket.model import Document
    from docket.pipeline import Pipeline

    pipeline = Pipeline.load()
    tally: Counter[str] = Counter()
    for i, (text, lat, lon) in enumerate(items):
        ex = pipeline.process(Document(id=f"sha256:{i:064d}", text="FICTIONAL. " + text, published="2018-03-30"))
        loc = ex.incidents[-1].location if ex.incidents else None
        if loc is None or loc.lat is None or loc.lon is None:
            tally["no place"] += 1
        elif loc.precision not in ("town", "point"):
            tally["governorate or coarser"] += 1
        elif lat is None:
            tally["town point (a guess)"] += 1
        else:
            d = km(lat, lon, loc.lat, loc.lon)
            tally["within 10 km" if d <= 10 else "town point 10-50 km off" if d <= 50 else "town point >50 km off"] += 1
        if loc is not None and loc.lat is not None and loc.lon is not None and lat is not None and \
                km(lat, lon, loc.lat, loc.lon) <= 10:
            tally["_any"] += 1   # (a point within 10 km at any precision: a neighbour village at 'district' too)
        if show and (loc is None or loc.lat is None or lat is None or loc.precision not in ("town", "point")
                     or km(lat, lon, loc.lat, loc.lon) > 10):
            shown = tally.setdefault("_shown", 0)
            if shown < show:
                tally["_shown"] += 1
                where = None if loc is None else (loc.name, loc.canonical, loc.precision, loc.admin1, loc.gazetteer_id)
                print(f"    [{kind}] {text}\n      -> {where}", file=sys.stderr)
    tally.pop("_shown", None)
    return tally


def _report(kind: str, tally: Counter[str]) -> str:
    """One line per kind: the classes at town precision, then the points within 10 km at any precision."""
    any_precision = tally.pop("_any", 0)
    total = sum(tally.values())
    line = f"  {kind:9s}: " + ", ".join(f"{k} {v} ({v / total:.3f})" for k, v in tally.most_common())
    if kind != "invented":
        line += f"\n             any precision within 10 km {any_precision} ({any_precision / total:.3f})"
    return line


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="notes per kind")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=0, help="print up to this many notes per kind not placed within 10 km")
    ap.add_argument("--phrasings", choices=["basic", "more", "reports", "pairs", "events"], default="basic",
                    help="the first six templates, ten more note phrasings, eight in daily reports' style, six of "
                         "which four name a second village within 15 km (a road, 'between', 'near', 'west of'), or "
                         "eight in the terse style of conflict-event databases")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not OCHA.exists():
        raise SystemExit(f"{OCHA}: missing (the benchmark reads OCHA's communities from ../shared)")
    if args.child is None:   # import OCHA into a fresh home, then measure in a child that uses it
        with tempfile.TemporaryDirectory(prefix="docket-syria-notes-") as home:
            env = dict(os.environ, DOCKET_HOME=home)
            subprocess.run([sys.executable, "-m", "docket.cli", "gazetteer", "import", str(OCHA)], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            subprocess.run([sys.executable, __file__, "--n", str(args.n), "--seed", str(args.seed), "--show",
                            str(args.show), "--phrasings", args.phrasings, "--child", "1"],
                           check=True, env=env)
        return
    from docket.text.names import name_key

    with OCHA.open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if not any(c in r["LocationName_en"] for c in "-\\/")
                and r["LocationName_en"][:1].isupper()]
    known = {name_key(r["LocationName_en"].split(" (")[0]) for r in rows}
    templates = {"basic": TEMPLATES, "more": MORE_TEMPLATES, "reports": REPORT_TEMPLATES,
                 "pairs": PAIR_TEMPLATES, "events": EVENT_TEMPLATES}[args.phrasings]
    print(f"{args.n} notes per kind, seed {args.seed}, {len(templates)} templates ({args.phrasings}); OCHA imported")
    for kind in ("exact", "respelled", "invented"):
        tally = run(kind, notes(rows, kind, args.n, random.Random(f"{args.seed}-{kind}"), known, templates),
                    args.show)
        print(_report(kind, tally))


if __name__ == "__main__":
    main()
