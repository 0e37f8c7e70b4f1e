"""Linking across publishers: undated and partly dated reports, consistent cases, independent sources, review.

Every text and incident here is FICTIONAL, written for these tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from docket.link.independence import containment, shingles
from docket.link.linker import Linker
from docket.link.records import LinkRecord, month_day, weekday
from docket.model import Actor, DateSpan, Document, Extraction, Incident, Location, Target, Total
from docket.store import Store
from docket.store.queries import iter_cases

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def inc(iid: str, place: str, start: str | None = None, *, text: str | None = None, killed: int | None = None,
        attack: tuple[str, ...] = ("airstrike",), weapons: tuple[str, ...] = (), gid: str | None = None,
        lat: float | None = None, lon: float | None = None, target: tuple[str, str | None] | None = None,
        actor: str | None = "Syrian government forces") -> Incident:
    return Incident(
        id=iid, date=DateSpan(start, start, "day" if start else "unknown", text),
        location=Location(place, gazetteer_id=gid, lat=lat, lon=lon, country="SY"),
        attack_types=list(attack), weapons=list(weapons), killed=Total(killed, "exact") if killed else None,
        targets=[Target(*target)] if target else [], actors=[Actor(actor)] if actor else [],
    )


def link(docs: list[tuple[str, str | None, list[Incident]]], linker: Linker | None = None) -> dict[str, str]:
    """Link (document id, published, incidents) one document at a time, as `docket run` does."""
    linker = linker or Linker()
    out: dict[str, str] = {}
    for doc, published, incidents in docs:
        recs = [LinkRecord.from_incident(i, doc, doc, published) for i in incidents]
        for rec, a in zip(recs, linker.assign(recs), strict=True):
            rec.case_id = a.case_id
            linker.add(rec)
            out[rec.incident_id] = a.case_id
    return out


# -- partial dates ------------------------------------------------------------------------------------------
def test_partial_date_texts_are_read() -> None:
    assert month_day("On April 4") == (4, 4) and month_day("4th of April") == (4, 4)
    assert month_day("on Tuesday") is None and month_day("April 31") is None
    assert weekday("late Wednesday") == 2 and weekday("Tuesday or Wednesday") is None


def test_undated_copies_of_one_attack_link() -> None:
    """Three reports without any date line: the same town, a chemical attack, compatible tolls."""
    got = link([
        ("d1", None, [inc("d1#0", "Khan Sheikhoun", killed=58, attack=("airstrike", "chemical_attack"),
                          weapons=("sarin",), gid="ocha:C1")]),
        ("d2", None, [inc("d2#0", "Khan Shaykhun", text="on Tuesday", killed=35, attack=("chemical_attack",),
                          gid="ocha:C1")]),
        ("d3", None, [inc("d3#0", "Khan Sheikhun", text="This morning", killed=50,
                          attack=("chemical_attack",), weapons=("toxic_chemical",))]),
    ])
    assert got["d1#0"] == got["d2#0"] == got["d3#0"]


def test_undated_generic_strike_does_not_join_a_dated_one() -> None:
    """Without a date, a town, an attack type, a toll and an actor that any two strikes share are not enough."""
    got = link([("d1", "2019-07-12", [inc("d1#0", "Jisr al-Shughour", "2019-07-11", killed=6, gid="ocha:C2")]),
                ("d2", None, [inc("d2#0", "Jisr al-Shughour", killed=6, gid="ocha:C2")])])
    assert got["d1#0"] != got["d2#0"]


def _chemical(iid: str, day: str | None, weapon: str, killed: int, target: str | None, actor: str | None) -> Incident:
    return inc(iid, "Kafr Zeit", day, killed=killed, attack=("chemical_attack",), weapons=(weapon,), gid="ocha:C11",
               target=(target, None) if target else None, actor=actor)


def test_undated_chemical_report_joins_the_one_chemical_case_of_its_town() -> None:
    """A report with no date and no publication date, of a chemical attack on a town whose only chemical case
    is told by a report of other tolls and targets (4.75: short of threshold_without_date): the shared
    distinctive kind and no rival case in the town take it in; a later dated report joins the same case, and
    the town's market strike stays apart."""
    got = link([
        ("d0", "2018-03-21", [inc("d0#0", "Kafr Zeit", "2018-03-20", killed=10, gid="ocha:C11",
                                  target=("market", None))]),
        ("d1", "2018-04-08", [_chemical("d1#0", None, "toxic_chemical", 40, "residential", None)]),
        ("d2", None, [_chemical("d2#0", None, "chlorine", 6, "medical", "Syrian government forces")]),
        ("d3", "2018-04-08", [_chemical("d3#0", "2018-04-07", "chlorine", 11, "medical", "Syrian government forces")]),
    ])
    assert got["d1#0"] == got["d2#0"] == got["d3#0"] != got["d0#0"]


def test_undated_chemical_report_joins_neither_of_two_chemical_cases_in_its_town() -> None:
    """Two chemical attacks on one town, months apart: an undated report as close to one as to the other
    (below threshold_without_date) is left in a case of its own (undated_distinctive.margin)."""
    got = link([
        ("d1", "2018-04-08", [_chemical("d1#0", "2018-04-07", "toxic_chemical", 40, "residential", None)]),
        ("d4", "2018-01-23", [_chemical("d4#0", "2018-01-22", "toxic_chemical", 45, "residential", None)]),
        ("d2", None, [_chemical("d2#0", None, "chlorine", 6, "medical", "Syrian government forces")]),
    ])
    assert len({got["d1#0"], got["d4#0"], got["d2#0"]}) == 3
    one = link([("d1", "2018-04-08", [_chemical("d1#0", "2018-04-07", "toxic_chemical", 40, "residential", None)]),
                ("d2", None, [_chemical("d2#0", None, "chlorine", 6, "medical", "Syrian government forces")])])
    assert one["d1#0"] == one["d2#0"]          # with only one of them in the town, it joins that one


def test_partial_dates_link_with_the_publication_year_and_split_on_another_day() -> None:
    dated = ("d1", "2017-04-05", [inc("d1#0", "Saraqib", "2017-04-04", killed=9, gid="ocha:C3")])
    same = ("d2", "2017-04-06", [inc("d2#0", "Saraqib", text="On April 4", killed=11, gid="ocha:C3")])
    other = ("d3", "2017-04-10", [inc("d3#0", "Saraqib", text="On April 9", killed=10, gid="ocha:C3")])
    no_year = ("d4", None, [inc("d4#0", "Saraqib", text="April 4", killed=9, gid="ocha:C3")])
    got = link([dated, same, other, no_year])
    assert got["d1#0"] == got["d2#0"] == got["d4#0"]
    assert got["d3#0"] != got["d1#0"]
    score = Linker().score(LinkRecord.from_incident(same[2][0], "d2", "d2", "2017-04-06"),
                           LinkRecord.from_incident(dated[2][0], "d1", "d1", "2017-04-05"))
    assert [f.detail for f in score.features if f.name == "date"] == [
        "same day (a year taken from the publication date)"]


def test_same_town_on_other_days_stays_apart() -> None:
    """Another weekday, an event after a report's publication, or a week later: never one case."""
    got = link([
        ("d1", "2015-08-16", [inc("d1#0", "Douma", "2015-08-16", killed=80, gid="ocha:C4", target=("market", None))]),
        ("d2", None, [inc("d2#0", "Douma", text="Tuesday", killed=70, gid="ocha:C4", target=("market", None))]),
        ("d3", "2015-02-03", [inc("d3#0", "Douma", killed=3, gid="ocha:C4", target=("market", None))]),
        ("d4", "2015-08-24", [inc("d4#0", "Douma", "2015-08-23", killed=80, gid="ocha:C4", target=("market", None))]),
    ])
    assert len({got["d1#0"], got["d2#0"], got["d3#0"], got["d4#0"]}) == 4


def test_nearby_towns_on_the_same_day_stay_apart() -> None:
    """Two towns 15 km apart, both struck on one day with similar tolls."""
    got = link([("d1", "2023-03-14", [inc("d1#0", "Ariha", "2023-03-13", killed=7, gid="ocha:C5", lat=35.81, lon=36.61)]),
                ("d2", "2023-03-14", [inc("d2#0", "Maarrat Misrin", "2023-03-13", killed=7, gid="ocha:C6",
                                          lat=35.95, lon=36.66)])])
    assert got["d1#0"] != got["d2#0"]


def test_named_facility_links_undated_reports_and_tells_hospitals_apart() -> None:
    quds = ("medical", "al-Quds field hospital")
    got = link([
        ("d1", "2016-04-28", [inc("d1#0", "Aleppo", "2016-04-27", killed=27, target=quds, gid="ocha:C7")]),
        ("d2", None, [inc("d2#0", "Aleppo", killed=27, target=("medical", "Al Quds hospital"), gid="ocha:C7")]),
        ("d3", None, [inc("d3#0", "Aleppo", killed=20, target=("medical", "Omar bin Abdulaziz hospital"),
                          gid="ocha:C7")]),
    ])
    assert got["d1#0"] == got["d2#0"] != got["d3#0"]


# -- consistent cases -----------------------------------------------------------------------------------------
def test_one_report_never_puts_two_incidents_in_one_case_and_the_strongest_link_wins() -> None:
    """A report of two Aleppo strikes (the hospital one, and another the next day): each goes its own way,
    the hospital strike into the hospital case even though it is listed second."""
    hospital = inc("d2#1", "Aleppo", killed=27, target=("medical", "al-Quds hospital"), gid="ocha:C7")
    other = inc("d2#0", "Aleppo", text="Thursday", killed=31, gid="ocha:C7")
    got = link([("d1", "2016-04-28", [inc("d1#0", "Aleppo", "2016-04-27", killed=27,
                                          target=("medical", "Al Quds hospital"), gid="ocha:C7")]),
                ("d2", None, [other, hospital])])
    assert got["d2#1"] == got["d1#0"] != got["d2#0"]


def test_a_chain_through_an_undated_report_breaks_at_its_weakest_link() -> None:
    """A (4 April) ~ B (undated) ~ C (11 April): B joins A's case, and C, contradicted by A, stays out."""
    got = link([
        ("a", "2017-04-05", [inc("a#0", "Sarmin", "2017-04-04", killed=12, weapons=("chlorine",),
                                 attack=("chemical_attack",), gid="ocha:C8")]),
        ("b", None, [inc("b#0", "Sarmin", killed=12, weapons=("chlorine",), attack=("chemical_attack",), gid="ocha:C8")]),
        ("c", "2017-04-12", [inc("c#0", "Sarmin", "2017-04-11", killed=12, weapons=("chlorine",),
                                 attack=("chemical_attack",), gid="ocha:C8")]),
    ])
    assert got["a#0"] == got["b#0"] != got["c#0"]


def test_candidates_per_incident_do_not_grow_with_the_incidents_of_a_town() -> None:
    """5,000 strikes on one town over 14 years: a dated incident is compared with those of its own days, an
    undated one with the town's most recent ones (``recent_per_block``), never with all of them."""
    linker = Linker()
    base = 735000
    for n in range(5000):
        day = base + n
        rec = LinkRecord.from_incident(inc(f"s{n}#0", "Aleppo", dt.date.fromordinal(day).isoformat(), gid="ocha:C7"),
                                       f"s{n}", f"s{n}", None)
        rec.case_id = f"c{n}"
        linker.add(rec)
    dated = LinkRecord.from_incident(inc("q#0", "Aleppo", dt.date.fromordinal(base + 2500).isoformat(), gid="ocha:C7"),
                                     "q", "q", None)
    undated = LinkRecord.from_incident(inc("u#0", "Aleppo", gid="ocha:C7"), "u", "u", None)
    assert 1 <= len(linker.candidates(dated)) <= 3
    assert len(linker.candidates(undated)) == linker.rules["blocking"]["recent_per_block"]



class _Reads(dict):
    """The linker's entry index, counting the entries a query reads."""

    reads = 0

    def __getitem__(self, key: str) -> object:
        self.reads += 1
        return super().__getitem__(key)


def test_a_dated_incident_reads_only_the_index_days_around_it() -> None:
    """Ten strikes a day on one town for 200 days: a dated incident reads the index of the few days around it,
    not of the weeks before (a week's window of reports a day would make linking grow with the feed)."""
    linker = Linker(entries=_Reads())
    base = 735000
    for n in range(2000):
        rec = LinkRecord.from_incident(inc(f"s{n}#0", "Aleppo", dt.date.fromordinal(base + n // 10).isoformat(),
                                           gid="ocha:C7"), f"s{n}", f"s{n}", None)
        rec.case_id = f"c{n}"
        linker.add(rec)
    query = LinkRecord.from_incident(inc("q#0", "Aleppo", dt.date.fromordinal(base + 100).isoformat(), gid="ocha:C7"),
                                     "q", "q", None)
    linker.entries.reads = 0
    found = linker.candidates(query)
    assert len(found) == 30                      # days 99, 100 and 101
    # each of the town's three blocks (id, name key, skeleton) reads at most a week of ten reports a day, then
    # the 30 found are read once more (the index by first day read six weeks before: 1,950 reads)
    assert linker.entries.reads <= 3 * 7 * 10 + 30


def test_an_incident_with_a_long_window_is_found_from_its_last_days_and_taken_out_whole() -> None:
    """An incident told as "between 1 and 20 March" is a candidate for a strike on 19 March; once taken out of
    the index (its report re-linked), it is no longer found from any of its days."""
    linker = Linker()
    wide = LinkRecord.from_incident(
        Incident(id="w#0", date=DateSpan("2023-03-01", "2023-03-20", "range"), location=Location("Aleppo",
                 gazetteer_id="ocha:C7", country="SY"), attack_types=["airstrike"]), "w", "w", None)
    wide.case_id = "cw"
    linker.add(wide)
    late = LinkRecord.from_incident(inc("q#0", "Aleppo", "2023-03-19", gid="ocha:C7"), "q", "q", None)
    early = LinkRecord.from_incident(inc("e#0", "Aleppo", "2023-03-02", gid="ocha:C7"), "e", "e", None)
    assert [r.incident_id for r in linker.candidates(late)] == ["w#0"]
    assert [r.incident_id for r in linker.candidates(early)] == ["w#0"]
    linker.remove("w#0")
    assert linker.candidates(late) == [] and linker.candidates(early) == []
    assert all(not ids for block in linker.blocks.values() for ids in block.by_day.values())

# -- independence -----------------------------------------------------------------------------------------------
WIRE = ("FICTIONAL. Warplanes struck a crowded vegetable market in the town of Kafr Hamra on Monday morning, "
        "killing at least twelve civilians including four children, a local monitoring group said. Rescue "
        "workers pulled survivors from the rubble for hours after the raid, and the town's only clinic was "
        "overwhelmed with the wounded, according to a doctor who asked not to be named.")


def test_near_copy_containment() -> None:
    a = shingles("Breaking news from our desk. " + WIRE + " Subscribe to our newsletter for more.", 5)
    b = shingles(WIRE.replace("Monday morning", "Monday"), 5)
    c = shingles("FICTIONAL. A different story about shelling on a bakery in another town entirely, "
                 "told in other words by another reporter on another day.", 5)
    assert containment(a, b) >= 0.8 and containment(a, c) == 0.0


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(f"sqlite:///{tmp_path}/docket.db")
    yield s
    s.close()


def put(store: Store, text: str, publisher: str | None, incident: Incident, published: str | None = "2023-03-14") -> str:
    raw = text.encode("utf-8")
    doc = Document("sha256:" + hashlib.sha256(raw).hexdigest(), text, published,
                   f"https://{(publisher or 'anon').replace(' ', '').lower()}.example/{len(text)}", publisher)
    store.store_extraction(Extraction(doc, [incident]), raw)
    return doc.id


def market(day: str | None = "2023-03-13") -> Incident:
    return inc("", "Kafr Hamra", day, killed=12, gid="ocha:C9", target=("market", None))


def only_case(store: Store) -> dict:
    with store.engine.connect() as conn:
        (case,) = list(iter_cases(conn))
    return case


def test_syndicated_wire_copy_and_same_publisher_count_once(store: Store) -> None:
    a = put(store, "Wire desk. " + WIRE, "Wire Agency", market())
    b = put(store, "Site B home | World news\n" + WIRE + "\nShare this story.", "Site B", market())
    case = only_case(store)
    assert case["n_documents"] == 2 and case["n_independent_sources"] == 1 and case["single_source"]
    (group,) = case["counted_together"]
    assert sorted(group["documents"]) == sorted([a, b]) and "near-identical text" in group["reasons"][0]
    c = put(store, "FICTIONAL. Our correspondent saw the market of Kafr Hamra in ruins after Monday's jets.",
            "Monitor C", market())
    d = put(store, "FICTIONAL. Monitor C update: the toll at the Kafr Hamra market rose on Monday.", "monitor  c",
            market())
    case = only_case(store)
    assert case["n_documents"] == 4 and case["n_independent_sources"] == 2
    groups = {tuple(sorted(g["documents"])): g["reasons"] for g in case["counted_together"]}
    (reason,) = groups[tuple(sorted([c, d]))]
    assert reason.endswith(": same publisher monitor c") and c in reason and d in reason


# -- review -----------------------------------------------------------------------------------------------------
def test_confirmed_case_taking_a_new_report_needs_review_again(store: Store) -> None:
    put(store, "FICTIONAL. Jets hit the Kafr Hamra market on Monday, twelve dead.", "Monitor A", market())
    case = only_case(store)
    store.set_status("case", case["id"], "confirmed", "ana")
    new = put(store, "FICTIONAL. Fifteen killed at Kafr Hamra market, says Monitor B.", "Monitor B", market())
    case = only_case(store)
    assert case["review_status"] == "needs_review" and case["n_documents"] == 2
    (entry,) = [e for e in store.review_log("case", case["id"]) if e["action"] == "new_member"]
    assert entry["before"] == "confirmed" and entry["after"] == "needs_review" and new in entry["reason"]
    from docket.store.read.records import queue
    with store.engine.connect() as conn:   # a case that changed after its review is back in the review queue
        assert [q["id"] for q in queue(conn, 10)[1]] == [case["id"]]
    # stays so through a recomputation (a correction of another field), and a reviewer can confirm again
    store.correct("case", case["id"], "location.admin1", "Idlib", "ana")
    store.set_status("case", case["id"], "confirmed", "ana")
    assert only_case(store)["review_status"] == "confirmed"


def test_unreviewed_case_taking_a_new_report_is_left_alone(store: Store) -> None:
    put(store, "FICTIONAL. Jets hit the Kafr Hamra market on Monday, twelve dead.", "Monitor A", market())
    put(store, "FICTIONAL. Fifteen killed at Kafr Hamra market, says Monitor B.", "Monitor B", market())
    case = only_case(store)
    assert case["review_status"] == "unreviewed"
    assert not [e for e in store.review_log("case", case["id"]) if e["action"] == "new_member"]


# -- calibration ------------------------------------------------------------------------------------------------
def test_fellegi_sunter_weights_follow_the_labels() -> None:
    from docket.link.calibrate import Pair, apply_weights, best_threshold, fit_weights
    from docket.link.rules import default_rules

    pairs = [Pair(("a", 0), ("b", 0), True, ["date.same_day", "actors.shared"], 0.0) for _ in range(8)]
    pairs += [Pair(("a", 0), ("c", 0), False, ["date.apart", "actors.shared"], 0.0) for _ in range(8)]
    w = fit_weights(pairs)
    assert w["date.same_day"] > 2 and w["date.apart"] < -2 and abs(w["actors.shared"]) < 0.01
    t = best_threshold(pairs, w)
    assert w["date.apart"] < t <= w["date.same_day"]
    rules = apply_weights(default_rules(), w, t)
    assert rules["date"]["same_day"] == w["date.same_day"] and rules["threshold"] == t
    assert default_rules()["date"]["same_day"] == 2.5  # the shipped rules are not touched


@pytest.mark.skipif(not (SHARED / "linking" / "cases.json").is_file(), reason="../shared/linking not present")
def test_linking_set_gold_links_across_publishers() -> None:
    """On the linking set's gold extractions (linking alone, not extraction): every same-event pair across
    reports is linked and nothing else."""
    from docket.link.evaluation import cross_report_pairs, link_extractions, linking_set

    ls = linking_set(SHARED / "linking")
    got = cross_report_pairs(link_extractions(ls.extractions), ls.truth)
    print(f"\nlinking set, gold extractions: {got}")
    assert got.precision >= 0.95 and got.f1 >= 0.9


# -- linking as its own stage -------------------------------------------------------------------------------------
def test_run_loop_links_then_stores_in_one_transaction(store: Store, tmp_path: Path) -> None:
    """link_input -> LinkStage.assign -> store_extraction(assignments=...): the stage decides, the store
    stores; assign changes nothing until the document is stored; a wrong assignment list is refused."""
    from docket.store import StoreError

    first = put(store, "FICTIONAL. Jets hit the Kafr Hamra market on Monday, twelve dead.", "Monitor A", market())
    stage = store.linking
    text = "FICTIONAL. Fifteen killed at Kafr Hamra market, says Monitor B."
    raw = text.encode("utf-8")
    doc = Document("sha256:" + hashlib.sha256(raw).hexdigest(), text, "2023-03-14", "https://b.example/1", "Monitor B")
    ex = Extraction(doc, [market()])
    inp = store.link_input(ex)
    (a,) = stage.assign(inp)
    assert not a.new_case and a.case_id == only_case(store)["id"] and a.explanation[0]["score"] == a.score
    assert stage.assign(inp) == [a]                       # deciding twice gives the same, and stores nothing
    assert store.counts()["documents"] == 1
    with pytest.raises(StoreError, match="do not match"):
        store.store_extraction(Extraction(doc, [market(), market()]), raw, assignments=[a])
    assert store.counts()["documents"] == 1 and store.check() == []
    store.store_extraction(ex, raw, assignments=[a])
    case = only_case(store)
    assert {m["document_id"] for m in case["members"]} == {first, doc.id}
    # a stage loaded afresh from the database knows both reports and puts a third one in their case
    store.relink_case_cache()
    assert set(store.linking.linker.entries) == {f"{first}#0", f"{doc.id}#0"}
    third = Document("sha256:" + "0" * 64, "FICTIONAL. Kafr Hamra market struck.", "2023-03-14", None, "Monitor C")
    (b,) = store.linking.assign(store.link_input(Extraction(third, [market()])))
    assert b.case_id == case["id"]


def test_run_stage_holds_a_bounded_number_of_records_and_links_as_one_that_holds_all(store: Store) -> None:
    """The store's link stage indexes every incident but keeps at most ``link_cache_size`` full records,
    reading the others back from the database when blocking finds them: memory does not grow with the
    records of the whole docket, and the cases are those of a linker that holds everything."""
    store.link_cache_size = 3
    towns = [("Kafr Hamra", "ocha:C9"), ("Tell Qasr", "ocha:C8"), ("Ain Sabil", "ocha:C7")]
    docs: list[tuple[str, str | None, list[Incident]]] = []
    ids = {}
    for k in range(21):
        town, gid = towns[k % 3]
        day = None if k >= 18 else f"2023-03-{10 + 4 * ((k // 3) % 3):02d}"   # (town, day) twice; 3 undated
        killed = 12 + k % 3 + (k // 9)
        text = f"FICTIONAL report {k}. Jets struck {town}, {killed} dead."
        doc_id = put(store, text, f"Monitor {k}", inc("", town, day, killed=killed, gid=gid), published=None)
        ids[doc_id] = f"d{k}"
        docs.append((f"d{k}", None, [inc(f"d{k}#0", town, day, killed=killed, gid=gid)]))

    def partition(case_of: dict[str, str]) -> set[frozenset[str]]:
        cases: dict[str, set[str]] = {}
        for member, case in case_of.items():
            cases.setdefault(case, set()).add(member)
        return {frozenset(c) for c in cases.values()}

    with store.engine.connect() as conn:
        stored = {ids[m["document_id"]]: c["id"] for c in iter_cases(conn) for m in c["members"]}
    expected = partition({iid.split("#")[0]: case for iid, case in link(docs).items()})
    assert sum(len(c) > 1 for c in expected) == 9                 # the nine (town, day) pairs link
    assert partition(stored) == expected
    assert len(store.linker.entries) == 21 and len(store.linker.records) <= 3
    store.relink_case_cache()                                      # loaded afresh: bounded too
    assert len(store.linker.entries) == 21 and len(store.linker.records) <= 3
    (a,) = store.linking.assign(store.link_input(Extraction(
        Document("sha256:" + "1" * 64, "FICTIONAL. Tell Qasr hit.", None, None, "Monitor X"),
        [inc("", "Tell Qasr", "2023-03-14", killed=14, gid="ocha:C8")])))
    assert a.case_id == stored["d4"] == stored["d13"]


def test_case_page_says_which_reports_were_counted_together(store: Store, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from docket.web import create_app

    a = put(store, "Wire desk. " + WIRE, "Wire Agency", market())
    b = put(store, "Site B home | World news\n" + WIRE + "\nShare this story.", "Site B", market())
    case = only_case(store)
    url = str(store.engine.url)
    with TestClient(create_app(url, home=tmp_path / "home", secret="test-secret")) as client:
        page = client.get(f"/cases/{case['id']}")
    assert page.status_code == 200
    (line,) = re.findall(r'class="muted counted-together">([^<]*)<', page.text)
    assert line.startswith("counted as one source: ") and a in line and b in line and "near-identical text" in line
