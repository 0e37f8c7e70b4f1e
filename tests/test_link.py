"""Linking incidents into cases: names, scores, merging, and pairwise precision/recall on dev-derived sets."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from docket.link.evaluation import gold_extractions, pairwise, variant_incident
from docket.link.linker import Linker
from docket.link.merge import merge_case
from docket.link.names import name_similarity
from docket.link.records import LinkRecord
from docket.model import CaseMember, Casualty, DateSpan, Incident, Location, Total

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "gold" / "dev").is_dir(), reason="../shared dev gold not present")


def inc(iid: str, place: str, day: str, killed: int | None = None, q: str = "exact", *, lat: float | None = None,
        lon: float | None = None, gid: str | None = None, attack: tuple[str, ...] = ("airstrike",),
        end: str | None = None) -> Incident:
    return Incident(
        id=iid, date=DateSpan(day, end or day, "range" if end else "day"),
        location=Location(name=place, gazetteer_id=gid, lat=lat, lon=lon, country="SY"),
        attack_types=list(attack), killed=Total(killed, q) if killed is not None else None,  # type: ignore[arg-type]
    )


def link_all(incidents: list[tuple[str, Incident]]) -> dict[str, str]:
    """Link (document_id, incident) pairs in order, one document at a time, like `docket run` does."""
    linker = Linker()
    by_doc: dict[str, list[Incident]] = {}
    for doc, i in incidents:
        by_doc.setdefault(doc, []).append(i)
    out: dict[str, str] = {}
    for doc, items in by_doc.items():
        recs = [LinkRecord.from_incident(i, doc, doc) for i in items]
        for rec, a in zip(recs, linker.assign(recs), strict=True):
            rec.case_id = a.case_id
            linker.add(rec)
            out[rec.incident_id] = a.case_id
    return out


# -- names --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("a,b", [
    ("Sarqib", "Saraqib"), ("Maaret al-Nouman", "Ma'arat al-Nu'man"), ("Khan Sheikhoun", "Khān Shaykhūn"),
    ("Kafarzeita", "Kafr Zaytā"), ("Taybet Alimam", "Ţayyibat al Imām"), ("Douma", "Duma"), ("Hass", "Haas"),
])
def test_transliterations_are_similar(a: str, b: str) -> None:
    assert name_similarity(a, b) >= 0.85


@pytest.mark.parametrize("a,b", [("Kafranbel", "Kafraya"), ("Harasta", "Arbin"), ("Ariha", "Rakaya"),
                                 ("Maasran", "Marzita"), ("Saqba", "Hammouriya")])
def test_different_towns_are_not(a: str, b: str) -> None:
    assert name_similarity(a, b) < 0.8


# -- scores and explanations --------------------------------------------------------------------------------
def test_link_is_explained_feature_by_feature() -> None:
    a = inc("d1#0", "Saraqib", "2023-03-13", 7)
    b = inc("d2#0", "Sarakib", "2023-03-13", 9, "at_least")
    score = Linker().score(LinkRecord.from_incident(a, "d1", "d1"), LinkRecord.from_incident(b, "d2", "d2"))
    names = {f.name: f for f in score.features}
    assert set(names) >= {"place", "date", "attack_types", "killed"}
    assert names["date"].detail == "same day" and names["place"].weight > 0
    assert score.total >= Linker().rules["threshold"]


def test_other_town_same_day_and_same_town_a_week_later_do_not_link() -> None:
    got = link_all([("d1", inc("d1#0", "Saraqib", "2023-03-13", 7)),
                    ("d2", inc("d2#0", "Ariha", "2023-03-13", 7)),
                    ("d3", inc("d3#0", "Saraqib", "2023-03-20", 7))])
    assert len(set(got.values())) == 3


def test_incidents_of_one_document_never_merge() -> None:
    got = link_all([("d1", inc("d1#0", "Saraqib", "2023-03-13", 7)),
                    ("d1", inc("d1#1", "Saraqib", "2023-03-13", 2)),
                    ("d2", inc("d2#0", "Saraqib", "2023-03-13", 7))])
    assert got["d1#0"] != got["d1#1"]
    assert got["d2#0"] in (got["d1#0"], got["d1#1"])


def test_coordinates_and_gazetteer_ids_decide_when_present() -> None:
    got = link_all([
        ("d1", inc("d1#0", "Sarmin", "2023-03-13", lat=35.90, lon=36.72, gid="geonames:1")),
        ("d2", inc("d2#0", "Sermeen", "2023-03-13", lat=35.90, lon=36.72, gid="geonames:1")),   # same id
        ("d3", inc("d3#0", "Sarmin", "2023-03-13", lat=33.51, lon=36.29)),                     # 270 km away
    ])
    assert got["d1#0"] == got["d2#0"] != got["d3#0"]


def test_linking_is_incremental_and_order_stable() -> None:
    items = [("d1", inc("d1#0", "Saraqib", "2023-03-13", 7)), ("d2", inc("d2#0", "Sarakib", "2023-03-14", 9)),
             ("d3", inc("d3#0", "Ariha", "2023-03-13", 1))]
    first = link_all(items)
    again = link_all(items)
    assert first == again
    assert first["d1#0"] == first["d2#0"] != first["d3#0"]


# -- merging ------------------------------------------------------------------------------------------------
def member(i: Incident, doc: str, group: str) -> CaseMember:
    return CaseMember(i, doc, 0, f"https://example.org/{doc}", None, group)


def test_case_merge_follows_the_spec() -> None:
    a = inc("d1#0", "Saraqib", "2023-03-13", 7)
    a.casualties = [Casualty("injured", "people", 15, 15, 15, "exact")]
    b = inc("d2#0", "Sarakib", "2023-03-12", 9, "at_least", end="2023-03-13")
    c = inc("d3#0", "Saraqib", "2023-03-13", 12, "about")
    case = merge_case("c-x", [member(a, "d1", "g1"), member(b, "d2", "g2"), member(c, "d3", "g2")]).to_dict()
    killed = next(x for x in case["casualties"] if x["outcome"] == "killed")
    assert killed["low"] == 12            # largest stated lower bound (7, 9, 12)
    assert killed["high"] == 12           # largest upper bound (7, none, 12)
    assert killed["best"] == 9            # median of 7, 9, 12
    assert case["date"] == {"start": "2023-03-13", "end": "2023-03-13", "precision": "day"}
    assert case["n_documents"] == 3 and case["n_independent_sources"] == 2 and not case["single_source"]
    assert [m["document_id"] for m in case["members"]] == ["d1", "d2", "d3"]
    injured = next(x for x in case["casualties"] if x["outcome"] == "injured")
    assert injured == {"outcome": "injured", "low": 15, "best": 15, "high": 15, "n_stated": 1}


# -- the dev-derived linking set ------------------------------------------------------------------------------
def _fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z]", "", s)


def _overlap(a: Incident, b: Incident) -> bool:
    if not (a.date.start and b.date.start):
        return False
    return max(a.date.start, b.date.start) <= min(a.date.end or a.date.start, b.date.end or b.date.start)


@needs_shared
def test_dev_gold_links_the_same_events_across_documents() -> None:
    """Truth: incidents of different dev documents at the same place (spelling folded) with overlapping dates."""
    items, truth = _dev_items_and_truth()
    got = link_all(items)
    ev = pairwise(got, truth)
    print(f"\ndev gold linking ({len(items)} incidents): {ev}")
    assert ev.true_pairs >= 2  # Khan Sheikhoun 4 April 2017 (s000, s002) and Daraa June 2017 (h009, h023)
    assert ev.recall == 1.0 and ev.precision >= 0.99


def _dev_items_and_truth() -> tuple[list[tuple[str, Incident]], dict[str, str]]:
    """Dev gold incidents and their true events: the same place (spelling folded) with overlapping dates
    in different documents is one event."""
    items: list[tuple[str, Incident]] = []
    for ex, _raw in gold_extractions(SHARED):
        for k, i in enumerate(ex.incidents):
            i.id = f"{ex.document.id}#{k}"
            items.append((ex.document.id, i))
    truth: dict[str, str] = {}
    for n, (doc, i) in enumerate(items):
        truth[i.id] = i.id
        for doc2, j in items[:n]:
            if doc2 != doc and i.location and j.location and _fold(i.location.name) == _fold(j.location.name) \
                    and _overlap(i, j):
                truth[i.id] = truth[j.id]
                break
    return items, truth


@needs_shared
@pytest.mark.parametrize("seed", [20230313, 7, 99])
def test_synthetic_cross_report_variants(seed: int) -> None:
    """Each dated, placed gold event re-reported by 1-3 other outlets (respelt place, ±1 day, another toll,
    fewer actors), mixed with decoys: the same place a week later, and the event moved to another gold place.
    Decoys are only placed where no other event or decoy is within two days, so the truth is unambiguous."""
    rng = random.Random(seed)
    dev, dev_truth = _dev_items_and_truth()
    base = [(doc, i) for doc, i in dev if i.location and i.date.precision == "day" and i.date.start]
    places = sorted({i.location.name for _, i in base if i.location})
    occupied: list[tuple[str, dt.date]] = [(_fold(i.location.name), dt.date.fromisoformat(i.date.start))  # type: ignore[union-attr]
                                           for _, i in base]

    def free(place: str, day: str) -> bool:
        d0 = dt.date.fromisoformat(day)
        return not any(fuzz.ratio(p, _fold(place)) >= 80 and abs((d - d0).days) <= 2 for p, d in occupied)

    items: list[tuple[str, Incident]] = []
    truth: dict[str, str] = {}
    for n, (doc, i) in enumerate(base):
        event = dev_truth[i.id]
        items.append((doc, i))
        truth[i.id] = event
        same_place = [j for _, j in base if j is not i and j.location and _fold(j.location.name) == _fold(i.location.name)]  # type: ignore[union-attr]
        for k in range(rng.randint(1, 3)):
            v = variant_incident(i, rng)
            if any(j.date.start == v.date.start and dev_truth[j.id] != event for j in same_place):
                v.date = DateSpan(i.date.start, i.date.end, "day")  # the shift would land on another event
            v.id = f"v{n}.{k}#0"
            items.append((f"v{n}.{k}", v))
            truth[v.id] = event
        week_later = (dt.date.fromisoformat(i.date.start) + dt.timedelta(days=7)).isoformat()
        if free(i.location.name, week_later):  # type: ignore[union-attr]
            later = variant_incident(i, rng)
            later.date = DateSpan(week_later, week_later, "day")
            later.id = f"w{n}#0"
            items.append((f"w{n}", later))
            truth[later.id] = f"w{n}"
            occupied.append((_fold(i.location.name), dt.date.fromisoformat(week_later)))  # type: ignore[union-attr]
        elsewhere = [p for p in places if free(p, i.date.start)]
        if elsewhere:
            other = variant_incident(i, rng)
            other.location = Location(name=rng.choice(elsewhere), country="SY")
            other.id = f"o{n}#0"
            items.append((f"o{n}", other))
            truth[other.id] = f"o{n}"
            occupied.append((_fold(other.location.name), dt.date.fromisoformat(other.date.start)))  # type: ignore[arg-type]
    rng.shuffle(items)
    got = link_all(items)
    ev = pairwise(got, truth)
    print(f"\nsynthetic variants ({len(items)} incidents, {len(set(truth.values()))} events incl. decoys): {ev}")
    by_case: dict[str, list[str]] = {}
    for k, v in got.items():
        by_case.setdefault(v, []).append(k)
    names = {i.id: (i.location.name if i.location else None, i.date.start) for _, i in items}
    for members in by_case.values():
        if len({truth[m] for m in members}) > 1:
            print("  wrongly merged:", [(truth[m], *names[m]) for m in members])
    assert ev.precision >= 0.9
    assert ev.recall >= 0.85
