"""Recognisers one by one, on sentences the team wrote (fictional, in the style of real reports)."""

from __future__ import annotations

from datetime import date

import pytest

from docket.extract import Extractor
from docket.extract.dates import find_dates
from docket.extract.numbers import QuantityFinder
from docket.extract.text import split_sentences
from docket.model import Document
from docket.vocab import Vocab


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return Vocab.load()


@pytest.fixture(scope="module")
def extractor(vocab: Vocab) -> Extractor:
    return Extractor(vocab)


def doc(text: str, published: str | None = "2018-02-05") -> Document:
    return Document(id="sha256:" + "0" * 64, text=text, published=published, title=None)


# -- quantities -------------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase, count, qualifier, low, high", [
    ("no fewer than 50 airstrikes", 50, "at_least", 50, None),
    ("over 12 cases", 12, "more_than", 13, None),
    ("six civilians", 6, "exact", 6, 6),
    ("dozens of people", None, "vague", 24, 99),
    ("at least 1,109 civilians", 1109, "at_least", 1109, None),
    ("nearly three million people", 3_000_000, "about", 3_000_000, 3_000_000),
    ("up to 20 people", 20, "up_to", None, 20),
    ("forty-five people", 45, "exact", 45, 45),
])
def test_quantity_qualifiers_and_bounds(vocab: Vocab, phrase: str, count, qualifier, low, high) -> None:
    q = QuantityFinder(vocab).find(phrase)[0]
    assert (q.count, q.qualifier, q.low, q.high) == (count, qualifier, low, high)


def test_between_gives_both_bounds(vocab: Vocab) -> None:
    qs = QuantityFinder(vocab).find("Between 13 and 20 civilians were killed")
    assert [(q.count, q.qualifier) for q in qs] == [(13, "at_least"), (20, "up_to")]


def test_percent_and_distances_are_not_counts(vocab: Vocab) -> None:
    assert QuantityFinder(vocab).find("80 percent of residents fled 15km north") == []


# -- dates -----------------------------------------------------------------------------------------
PUB = date(2018, 2, 5)  # a Monday


@pytest.mark.parametrize("phrase, start, end, precision", [
    ("on Sunday", "2018-02-04", "2018-02-04", "day"),
    ("on Monday", "2018-02-05", "2018-02-05", "day"),          # the publication day itself
    ("Thursday morning", "2018-02-01", "2018-02-01", "day"),
    ("yesterday", "2018-02-04", "2018-02-04", "day"),
    ("overnight", "2018-02-04", "2018-02-05", "range"),
    ("over the past week", "2018-01-29", "2018-02-05", "range"),
    ("in the last five days", "2018-01-31", "2018-02-05", "range"),
    ("between 7 and 10 September", "2017-09-07", "2017-09-10", "range"),   # year-less, so last year
    ("since April 4", "2017-04-04", "2018-02-05", "range"),
    ("in January", "2018-01-01", "2018-01-31", "month"),
    ("on January 3", "2018-01-03", "2018-01-03", "day"),
    ("in September and October 2016", "2016-09-01", "2016-10-31", "range"),
    ("June 4-11", "2017-06-04", "2017-06-11", "range"),
])
def test_dates_resolve_against_publication(phrase: str, start: str, end: str, precision: str) -> None:
    d = find_dates(phrase, PUB)[0]
    assert (d.span.start, d.span.end, d.span.precision) == (start, end, precision)


@pytest.mark.parametrize("phrase, day", [
    ("On the 14th, six civilians were killed", "2018-01-14"),   # (published on 5 February)
    ("on the 2nd, jets struck the town", "2018-02-02"),
    ("on the night of the 31st, gunmen", "2018-01-31"),
    ("on the 3rd of May, gunmen", "2017-05-03"),
])
def test_a_day_of_the_month_alone_is_the_latest_such_day_before_publication(phrase: str, day: str) -> None:
    d = find_dates(phrase, PUB)[0]
    assert (d.span.start, d.span.end, d.span.precision) == (day, day, "day")


@pytest.mark.parametrize("phrase", ["on the 14th floor of the building", "on the 5th day of the siege",
                                    "a bomb went off on the 4th-floor of a hotel", "fighters of the 5th, 6th and 7th "
                                    "battalions", "an air strike killed 12 of Mayadin's residents", "12 Marines died"])
def test_an_ordinal_before_a_noun_or_a_number_before_a_name_is_no_date(phrase: str) -> None:
    assert find_dates(phrase, PUB) == []


def test_a_day_of_the_month_alone_is_in_the_month_the_text_last_named() -> None:
    d = find_dates("In November, the rebels began an offensive. On the 14th, six civilians were killed.", PUB)[-1]
    assert (d.span.start, d.span.precision) == ("2017-11-14", "day")


def test_weekday_without_publication_date_is_unknown() -> None:
    d = find_dates("on Sunday", None)[0]
    assert d.span.precision == "unknown" and d.span.start is None


# -- sentences -------------------------------------------------------------------------------------
def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "KABUL, Afghanistan (Jan. 25, 2013) A blast hit Dr. Amin's clinic. Two died.\nNext line"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["KABUL, Afghanistan (Jan. 25, 2013) A blast hit Dr. Amin's clinic.",
                                       "Two died.", "Next line"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_a_clock_time_does_not_end_a_sentence_before_its_gmt_or_its_weekday() -> None:
    # FICTIONAL: a local time with GMT in brackets, a time then its weekday, and a time that does end a sentence
    text = ("The raid began at 04:00 a.m. (0300 GMT) on Friday at Ogwaji. Shots rang out around 6 a.m. Tuesday near "
            "the market. It ended at 7 p.m. Police came later. Gunmen struck at 5 a.m. Friday prayers were cancelled. "
            "Shots rang out at 9 a.m. Monday (0600 GMT).")
    assert [s.text for s in split_sentences(text)] == [
        "The raid began at 04:00 a.m. (0300 GMT) on Friday at Ogwaji.",
        "Shots rang out around 6 a.m. Tuesday near the market.", "It ended at 7 p.m.", "Police came later.",
        "Gunmen struck at 5 a.m.", "Friday prayers were cancelled.", "Shots rang out at 9 a.m. Monday (0600 GMT)."]


# -- incidents (fictional reports) -------------------------------------------------------------------
def incidents(extractor: Extractor, text: str, published: str | None = "2018-02-05"):
    return extractor.extract(doc(text, published)).incidents


def test_list_of_towns_gives_one_incident_each_sharing_details(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Activists said regime helicopters dropped barrel bombs on the towns "
                                "of Kafr Tala, Um Sahrij and Tal Bisa on Sunday, killing 12 civilians.")
    assert [i.location.name for i in incs] == ["Kafr Tala", "Um Sahrij", "Tal Bisa"]
    for i in incs:
        assert i.date.start == "2018-02-04"
        assert i.weapons == ["barrel_bomb"] and "airstrike" in i.attack_types
        assert [a.name for a in i.actors] == ["Syrian government forces"]
        assert i.killed is None          # a toll over three towns is not any one town's toll


def test_casualties_stay_with_their_town(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Russian airstrikes killed five civilians in the town of Kafr Tala "
                                "and four others in the town of Um Sahrij.")
    by = {i.location.name: i.killed.count for i in incs}
    assert by == {"Kafr Tala": 5, "Um Sahrij": 4}
    assert all(c.group == "civilians" for i in incs for c in i.casualties)


def test_subsets_are_not_added_and_disjoint_groups_are(extractor: Extractor) -> None:
    a = incidents(extractor, "FICTIONAL. Shelling on the town of Kafr Tala killed six civilians, including two "
                             "children, and injured dozens more.")[0]
    assert (a.killed.count, a.killed.qualifier) == (6, "exact")
    assert {(c.group, c.count) for c in a.casualties if c.outcome == "killed"} == {("civilians", 6), ("children", 2)}
    assert a.injured.qualifier == "vague" and a.injured.count is None
    b = incidents(extractor, "FICTIONAL. Airstrikes on the town of Tal Bisa killed 45 civilians and 44 fighters.")[0]
    assert b.killed.count == 89


def test_qualifiers_are_kept_as_bounds(extractor: Extractor) -> None:
    inc = incidents(extractor, "FICTIONAL. No fewer than 50 people were killed and over 12 wounded when jets "
                               "bombed the village of Um Sahrij.")[0]
    killed = next(c for c in inc.casualties if c.outcome == "killed")
    assert (killed.count, killed.qualifier, killed.low, killed.high) == (50, "at_least", 50, None)
    assert inc.killed.qualifier == "at_least"


def test_asphyxiation_is_affected_not_injured(extractor: Extractor) -> None:
    inc = incidents(extractor, "FICTIONAL. Activists recorded over 20 cases of asphyxiation in the town of "
                               "Kafr Tala on Sunday after a regime helicopter dropped a chlorine-filled barrel bomb.")[0]
    assert inc.casualties[0].outcome == "affected" and inc.injured is None and inc.killed is None
    assert set(inc.weapons) == {"barrel_bomb", "chlorine"}
    assert {"airstrike", "chemical_attack"} <= set(inc.attack_types)
    assert [lr.instrument for lr in inc.legal] == []   # legal references come from the pipeline, not the extractor


def test_region_wide_statistics_are_aggregates(extractor: Extractor) -> None:
    ex = extractor.extract(doc("FICTIONAL. A monitoring group said at least 300 airstrikes hit the towns and "
                               "villages of Idlib province since April 4, killing 120 civilians."))
    assert ex.incidents == []
    assert {(a.metric, a.count) for a in ex.aggregates} >= {("airstrikes", 300), ("killed", 120)}


def test_follow_up_sentence_adds_details_to_its_incident(extractor: Extractor) -> None:
    inc = incidents(extractor, "FICTIONAL. Two civilians were killed when Russian jets bombed the outskirts of "
                               "the town of Tal Bisa in rural Hama with cluster bombs. The attacks also put a "
                               "hospital out of service.")[0]
    assert inc.location.qualifier == "outskirts" and inc.location.admin1 == "Hama"
    assert inc.weapons == ["cluster_munition"]
    assert [(t.type, t.effect) for t in inc.targets] == [("medical", "out_of_service")]


def test_named_facility_and_effect(extractor: Extractor) -> None:
    inc = incidents(extractor, "FICTIONAL. Russian jets hit Nour Hospital near the town of Kafr Tala with "
                               "bunker-buster bombs, which completely destroyed the facility.")[0]
    assert inc.targets[0].name == "Nour Hospital" and inc.targets[0].effect == "destroyed"
    assert inc.weapons == ["bunker_buster"] and inc.location.qualifier == "near"


def test_report_date_is_not_the_attack_date(extractor: Extractor) -> None:
    inc = incidents(extractor, "FICTIONAL. Barrel bombs hit the town of Kafr Tala on Friday, killing three "
                               "civilians. The Coalition said on Monday that the attack was a war crime.")[0]
    assert inc.date.start == "2018-02-02"


def test_every_value_has_evidence_inside_the_text(extractor: Extractor) -> None:
    text = ("FICTIONAL. Activists said that Russian jets killed four civilians, including a child, in the town "
            "of Kafr Tala on Sunday and destroyed a school.")
    inc = incidents(extractor, text)[0]
    fields = {e.field.split("[")[0] for e in inc.evidence}
    assert {"location", "date", "actors", "attack_types", "casualties", "targets", "sources"} <= fields
    for e in inc.evidence:
        assert 0 <= e.start < e.end <= len(text)
    loc = next(e for e in inc.evidence if e.field == "location")
    assert text[loc.start:loc.end] == "Kafr Tala"


def test_perpetrators_only(extractor: Extractor) -> None:
    inc = incidents(extractor, "FICTIONAL. Russian jets hit headquarters of the Free Syrian Army in the town of "
                               "Tal Bisa, killing 10 fighters, an FSA source said.")[0]
    assert [a.name for a in inc.actors] == ["Russian forces"]
    assert inc.targets[0].type == "military"


def test_user_actor_dictionary(tmp_path, vocab: Vocab) -> None:
    f = tmp_path / "yemen.yaml"
    f.write_text("actors:\n  - name: Fictional Brigade\n    patterns: ['fictional brigade']\n", encoding="utf-8")
    ex = Extractor(Vocab.load([f]))
    inc = ex.extract(doc("FICTIONAL. The Fictional Brigade shelled the village of Um Sahrij, killing two people.")).incidents[0]
    assert [a.name for a in inc.actors] == ["Fictional Brigade"]


def test_bad_actor_dictionary_is_one_line(tmp_path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("actors: [{name: X}]\n", encoding="utf-8")
    with pytest.raises(ValueError) as e:
        Vocab.load([f])
    assert str(e.value).startswith(str(f)) and "\n" not in str(e.value)


@pytest.mark.parametrize("text, killed, injured", [
    ("FICTIONAL. A barrel bomb hit a house in the village of Um Sahrij, killing a family of five.", 5, None),
    ("FICTIONAL. Rescuers recovered the bodies of 20 people in the town of Kafr Tala after the airstrike.", 20, None),
    ("FICTIONAL. Shelling killed 3 and wounded 7 in the town of Tal Bisa.", 3, 7),
    ("FICTIONAL. The death toll from the shelling of Kafr Tala rose to 12, including five children.", 12, None),
    ("FICTIONAL. At least 35 people were killed or wounded when shells hit the town of Tal Bisa.", None, None),
])
def test_toll_phrasings(extractor: Extractor, text: str, killed: int | None, injured: int | None) -> None:
    inc = incidents(extractor, text)[0]
    assert (inc.killed.count if inc.killed else None) == killed
    assert (inc.injured.count if inc.injured else None) == injured
    if killed is None:   # "killed or wounded" with a number: kept out of both totals, not split by guesswork
        assert not [c for c in inc.casualties if c.outcome in ("killed", "injured")]
        assert inc.attack_types == ["shelling"]


def test_day_pairs_are_ranges() -> None:
    d = find_dates("on 12 and 13 March", PUB)[0]
    assert (d.span.start, d.span.end, d.span.precision) == ("2017-03-12", "2017-03-13", "range")


def test_breakdown_by_town_gives_each_town_its_own_toll(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Syrian activists said Russian airstrikes on the towns of Kafr Tala and "
                                "Um Sahrij killed 10 civilians on Monday: six in Kafr Tala and four in Um Sahrij.")
    assert {i.location.name: i.killed.count for i in incs} == {"Kafr Tala": 6, "Um Sahrij": 4}


def test_in_each_town(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Jets bombed the town of Kafr Tala on Saturday and the town of Tal Bisa on "
                                "Sunday, killing five people in each town.")
    assert {i.location.name: (i.killed.count, i.date.start) for i in incs} == {
        "Kafr Tala": (5, "2018-02-03"), "Tal Bisa": (5, "2018-02-04")}


@pytest.mark.parametrize("phrase, count, qualifier", [
    ("more than a dozen people", 12, "more_than"),
    ("half a dozen civilians", 6, "exact"),
    ("two dozen people", 24, "exact"),
])
def test_dozens_as_figures(vocab: Vocab, phrase: str, count: int, qualifier: str) -> None:
    q = QuantityFinder(vocab).find(f"FICTIONAL. Shelling killed {phrase}.")[0]
    assert (q.count, q.qualifier) == (count, qualifier)


@pytest.mark.parametrize("phrase, count, qualifier, low, high", [
    ("more than a thousand people", 1000, "more_than", 1001, None),
    ("over a hundred civilians", 100, "more_than", 101, None),
    ("nearly a hundred people", 100, "about", 100, 100),
    ("up to a hundred and fifty people", 150, "up_to", None, 150),
    ("a hundred people", 100, "exact", 100, 100),
])
def test_a_hundred_keeps_its_qualifier(vocab: Vocab, phrase: str, count, qualifier, low, high) -> None:
    """'more than a thousand' is a bound, not 1,000 flat (the qualifier stood before the article and was lost)."""
    q = QuantityFinder(vocab).find(f"FICTIONAL. Shelling killed {phrase}.")[0]
    assert (q.count, q.qualifier, q.low, q.high, q.text) == (count, qualifier, low, high, phrase.rsplit(" ", 1)[0])


def test_a_force_so_many_strong_is_no_count(vocab: Vocab) -> None:
    assert QuantityFinder(vocab).find("FICTIONAL. a 300-strong militia and a thousand-strong crowd") == []


def test_an_implausibly_long_figure_is_dropped_and_the_report_kept(extractor: Extractor) -> None:
    nines = "9" * 5000
    ex = extractor.extract(doc(f"FICTIONAL. Shelling on the town of Kafr Tala killed {nines} people and "
                               "123456789012345678901234567890.5 more on Monday."))
    assert [i.location.name for i in ex.incidents] == ["Kafr Tala"] and ex.incidents[0].killed is None


# -- weapons carried by reference (fictional) --------------------------------------------------------
def test_the_attack_sentence_takes_the_weapons_told_just_before(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Government forces again used barrel bombs filled with chlorine in the "
                                "eastern countryside. The attack caused dozens of cases of suffocation in the towns "
                                "of Kafr Tala and Um Sahrij.")
    assert [i.location.name for i in incs] == ["Kafr Tala", "Um Sahrij"]
    assert all(set(i.weapons) == {"barrel_bomb", "chlorine"} for i in incs)


def test_a_sentence_on_its_own_shelling_keeps_its_own_weapons(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Activists said the army used cluster munitions in the bombardment of "
                                "villages in the south. Civil defence teams said the shelling mainly hit homes in "
                                "the town of Kafr Tala.")
    assert [i.location.name for i in incs] == ["Kafr Tala"] and incs[0].weapons == []


def test_similar_attacks_take_the_kind_and_weapons_of_the_last_attack(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Regime helicopters dropped barrel bombs on the town of Kafr Tala on "
                                "Sunday, killing four civilians. The town of Um Sahrij was exposed to similar "
                                "bombardment, which killed a woman.")
    by = {i.location.name: i for i in incs}
    assert set(by) == {"Kafr Tala", "Um Sahrij"}
    assert by["Um Sahrij"].weapons == ["barrel_bomb"] and "airstrike" in by["Um Sahrij"].attack_types
    assert by["Um Sahrij"].killed.count == 1


def test_similar_shelling_states_its_kind_and_keeps_no_borrowed_weapon(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Rockets loaded with cluster bombs hit the town of Kafr Tala on "
                                "Friday, killing three civilians. Similar shelling targeted the village of Tal Bisa.")
    by = {i.location.name: i for i in incs}
    assert by["Kafr Tala"].weapons == ["cluster_munition"]
    assert by["Tal Bisa"].weapons == [] and "shelling" in by["Tal Bisa"].attack_types


def test_the_base_of_the_attackers_and_its_region_are_not_the_scene(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Shelling killed five civilians in the town of Kafr Tala on Friday. "
                                "Activists said that troops stationed in the village of Tal Bisa in northern rural "
                                "Hama carried out the shelling, adding that some of the rockets carried cluster bombs.")
    assert [i.location.name for i in incs] == ["Kafr Tala"]
    assert incs[0].weapons == ["cluster_munition"] and incs[0].killed.count == 5


@pytest.mark.parametrize("phrase", ["phosphorus bombs", "phosphorous shells", "white phosphorus munitions"])
def test_phosphorus_named_without_white_is_white_phosphorus(extractor: Extractor, phrase: str) -> None:
    inc = incidents(extractor, f"FICTIONAL. Jets dropped {phrase} on the town of Kafr Tala on Monday, "
                               "killing two people.")[0]
    assert inc.weapons == ["white_phosphorus"]


@pytest.mark.parametrize("sentence", [
    "FICTIONAL. The airstrikes have killed and injured dozens of civilians across Idlib province since Thursday.",
    "FICTIONAL. Shelling on the towns and villages of Hama province killed and wounded dozens of people since Monday.",
])
def test_a_killed_or_injured_statistic_is_one_other_aggregate(extractor: Extractor, sentence: str) -> None:
    ex = extractor.extract(doc(sentence))
    assert [(a.metric, a.count, a.qualifier) for a in ex.aggregates] == [("other", None, "vague")]


def test_weapons_told_without_a_place_fold_into_the_reports_one_attack(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Government forces are using banned weapons in their assault on the "
                                "town of Kafr Tala.\n\nActivists said the forces stepped up their campaign on Sunday "
                                "and hit homes with more than 20 napalm-filled barrel bombs.")
    assert [i.location.name for i in incs] == ["Kafr Tala"]
    assert set(incs[0].weapons) == {"napalm", "barrel_bomb"} and incs[0].date.start == "2018-02-04"


def test_weapons_without_a_place_or_a_toll_are_no_incident(extractor: Extractor) -> None:
    assert incidents(extractor, "FICTIONAL. Activists said the forces hit homes with barrel bombs on Sunday.") == []
    incs = incidents(extractor, "FICTIONAL. Jets struck the town of Kafr Tala on Friday. Shelling hit the village "
                                "of Um Sahrij on Friday. Activists said the forces also used cluster bombs on Sunday.")
    assert all(i.weapons == [] for i in incs)   # two attacks told: the details belong to neither


def test_a_weapon_goes_to_the_place_named_again_next_to_it(extractor: Extractor) -> None:
    incs = incidents(extractor, "FICTIONAL. Jets struck the towns of Kafr Tala and Um Sahrij on Monday and the "
                                "outskirts of the village of Tal Bisa, while regime artillery shelled the town of "
                                "Kafr Tala with white phosphorus rockets.")
    by = {i.location.name: i.weapons for i in incs}
    assert by["Kafr Tala"] == ["white_phosphorus"] and by["Tal Bisa"] == []


@pytest.mark.parametrize("sentence, start, end, precision", [
    ("FICTIONAL. Last year, a bombing at the train station in the town of Kafr Tala killed 63 people.",
     "2017-01-01", "2017-12-31", "year"),
    ("FICTIONAL. Last April, a bombing at the train station in the town of Kafr Tala killed 63 people.",
     "2017-04-01", "2017-04-30", "month"),
])
def test_one_attack_dated_by_a_month_or_a_year_is_an_incident(extractor: Extractor, sentence: str, start: str,
                                                             end: str, precision: str) -> None:
    ex = extractor.extract(doc(sentence, "2018-02-05"))
    assert [(i.location.name, i.date.start, i.date.end, i.date.precision, i.killed.count) for i in ex.incidents] == [
        ("Kafr Tala", start, end, precision, 63)]


def test_attacks_in_the_plural_over_a_year_stay_a_statistic(extractor: Extractor) -> None:
    ex = extractor.extract(doc("FICTIONAL. Last year, airstrikes on the town of Kafr Tala killed 63 people.", "2018-02-05"))
    assert ex.incidents == [] and [(a.metric, a.count) for a in ex.aggregates] == [("killed", 63)]
