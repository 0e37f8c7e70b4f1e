"""Victims, tolls without a town, place roles, clashes and stated zeros.

Every sentence here is FICTIONAL, written by the team in the style of wire reports and analyst notes from several
conflicts; each rule covers a class of phrasings seen in unrelated sources, not one sentence.
"""

from __future__ import annotations

import pytest

from docket.model import Document, Incident
from docket.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.load()


def incidents(pipeline: Pipeline, text: str, published: str | None = "2019-03-06") -> list[Incident]:
    doc = Document(id="sha256:" + "2" * 64, text="FICTIONAL. " + text, published=published)
    return pipeline.process(doc).incidents


def only(pipeline: Pipeline, text: str) -> Incident:
    incs = incidents(pipeline, text)
    assert len(incs) == 1, [(i.location, i.killed) for i in incs]
    return incs[0]


def killed(inc: Incident) -> int | None:
    return inc.killed.count if inc.killed else None


def told(pipeline: Pipeline, text: str, published: str) -> list[Incident]:
    """The incidents of a text that carries its own FICTIONAL mark."""
    return pipeline.process(Document(id="sha256:" + "3" * 64, text=text, published=published)).incidents


def tolls_at(pipeline: Pipeline, text: str, place: str = "Kunduz") -> list[tuple[int | None, int | None]]:
    """(killed, injured) of each incident a FICTIONAL-marked text places at ``place``."""
    return [(i.killed.count if i.killed else None, i.injured.count if i.injured else None)
            for i in told(pipeline, text, "2018-06-04") if i.location is not None and i.location.name == place]


# -- a toll never vanishes for want of a town ---------------------------------------------------------
@pytest.mark.parametrize("text, count", [
    ("Gunmen shot dead four farmers on Tuesday evening, police said.", 4),
    ("Nine villagers were killed when armed men raided a settlement in Zamfara state.", 9),
    ("A bomb hidden in a motorcycle killed three traders outside a mosque in Balochistan province.", 3),
])
def test_a_toll_without_a_named_town_is_still_an_incident(pipeline: Pipeline, text: str, count: int) -> None:
    inc = only(pipeline, text)
    assert killed(inc) == count
    assert inc.location is None or inc.location.precision in ("region", "country")


def test_an_unplaced_toll_folds_into_the_one_placed_incident(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Militants killed twelve civilians on Sunday, officials said. The attack took place in the "
                         "village of Dorvalu in the east of the country, where gunmen burned houses.")
    assert killed(inc) == 12 and inc.location.name == "Dorvalu"


# -- victim grammar ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, count, group", [
    ("Unknown attackers shot dead a local reporter in the town of Velmora on Friday.", 1, "journalists"),
    ("The village chief was hacked to death by assailants in the town of Korsabad.", 1, "people"),
    ("A 7-year-old boy was wounded by sniper fire in the town of Ardeni.", 1, "children"),
    ("Ten people were allegedly killed by gunmen in the town of Ekwani over the weekend.", 10, "people"),
    ("Six fishermen lost their lives when militants attacked the town of Barunga.", 6, "civilians"),
])
def test_single_victims_and_verb_phrases(pipeline: Pipeline, text: str, count: int, group: str) -> None:
    inc = only(pipeline, text)
    rows = [c for c in inc.casualties if c.count == count]
    assert rows and rows[0].group == group, inc.casualties
    total = inc.killed or inc.injured
    assert total is not None and total.count == count


@pytest.mark.parametrize("text", [
    "The editor of a weekly newspaper has been slain in the town of Velmora.",
    "The head of a local radio station in the town of Velmora was found stabbed to death.",
    "A campaigner against a new dam was found murdered in the town of Velmora on Sunday.",
    "A tax collector was beaten to death by a mob in the town of Velmora.",
    "A district administrator has been stabbed and killed in the town of Velmora, the government said.",
    "Gunmen killed an electoral delegate in the town of Velmora on Monday.",
])
def test_one_victim_slain_found_murdered_beaten_to_death_or_stabbed_and_killed(pipeline: Pipeline, text: str) -> None:
    # (no figure in the sentence: "X was slain" is one victim, as "X was killed" is)
    inc = only(pipeline, text)
    assert (killed(inc), inc.location.name) == (1, "Velmora"), inc


@pytest.mark.parametrize("text, start", [
    ("A journalist who ran for parliament last year was killed on Thursday by a gunman in the town of Velmora.",
     "2019-02-28"),
    ("A farmer who won a national prize in 2005 has been shot dead at his home in the town of Velmora.", None),
    # a day inside the clause is the attack's
    ("A farmer who was working on his farm on Sunday was hacked to death by herdsmen in the town of Velmora.",
     "2019-03-03"),
])
def test_a_date_in_a_clause_about_who_the_victim_was_is_not_when_the_attack_happened(
        pipeline: Pipeline, text: str, start: str | None) -> None:
    # ("last year" made the sentence a year-long campaign: no incident at all)
    inc = only(pipeline, text)
    assert (killed(inc), inc.date.start) == (1, start), inc.date


@pytest.mark.parametrize("text", [
    "A local journalist was shot dead at his home over the weekend, police said.",
    "A camp leader was shot dead as tensions mount over the planned return of refugees.",
])
def test_over_the_weekend_or_over_a_dispute_is_no_statistic(pipeline: Pipeline, text: str) -> None:
    # ("over the" read as "over the past month": the one killing, told without a place, became a statistic)
    inc = only(pipeline, text)
    assert killed(inc) == 1, inc


@pytest.mark.parametrize("text", [
    "Over the past week, 40 people were killed, the monitor said.",
    "Over the summer, 400 people were killed, the monitor said.",
    "Over the next few days, 40 people were killed, the monitor said.",
    "Over the two days of fighting, 40 people were killed, the monitor said.",
])
def test_over_a_stretch_of_time_is_a_statistic(pipeline: Pipeline, text: str) -> None:
    assert incidents(pipeline, text) == []


def test_coordinated_groups_are_summed(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Gunmen stormed a wedding in the town of Almeri, killing nine men and four women.")
    assert killed(inc) == 13


def test_the_attackers_are_not_victims(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Three masked attackers killed five worshippers in the town of Neroka on Friday.")
    assert killed(inc) == 5
    assert [c.group for c in inc.casualties if c.outcome == "killed"] == ["civilians"]


def test_a_speaker_or_a_title_is_not_a_victim(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Shelling killed 14 people and wounded 30 in the city of Dravik, the regional governor said.")
    assert (killed(inc), inc.injured.count) == (14, 30)


def test_a_subset_list_is_not_added(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Eleven people, including a foreign national and three minors, were killed by armed men "
                         "in the town of Sarvesa.")
    assert killed(inc) == 11
    assert any(c.group == "children" and c.count == 3 for c in inc.casualties)


@pytest.mark.parametrize("text", [
    "Gunmen stormed the town of Sarvesa on Friday. Five people were killed in the arson, they included two "
    "elderly men and three children.",
    "Five people were killed when gunmen stormed the town of Sarvesa, and the victims included two elderly men "
    "and three children.",
])
def test_a_group_the_dead_included_is_part_of_the_toll_not_added_to_it(pipeline: Pipeline, text: str) -> None:
    inc = only(pipeline, text)
    assert killed(inc) == 5
    assert any(c.group == "children" and c.count == 3 for c in inc.casualties)


def test_a_verb_before_an_earlier_group_does_not_reach_past_it(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Police killed four escaped prisoners in the town of Malvo and are searching for 12 others.")
    assert killed(inc) == 4


@pytest.mark.parametrize("text, count", [
    ("Police said 300 people had surrendered in the town of Malvo, and two were killed.", 2),
    ("Some 40 villagers were sheltering in the town of Malvo on Sunday, and two were shot dead.", 2),
    # ... but with no figure between, what befell them is still told after their own verb
    ("Two men were riding a motorcycle near the town of Malvo, and were shot dead.", 2),
    ("Seven people were travelling in a minibus near the town of Malvo, and all were killed.", 7),
    ("Nine people were sleeping in a house in the town of Malvo, among them four children; all were killed.", 9),
    # ... and a date, a time, a distance or things counted are no figure of people
    ("Three farmers were working in fields 2 km from the town of Malvo, and were killed.", 3),
    ("Seven fishermen were at sea off the town of Malvo on 12 March, and drowned.", 7),
    ("Five men were riding in one car near the town of Malvo at 5 am, and were shot dead.", 5),
    # ... and a figure with no group noun is the later cue's too (none of the 70 on board drowned as one toll)
    ("Seventy people were on board a boat off the town of Malvo; 40 of them drowned.", None),
    ("Fifty fighters had surrendered in the town of Malvo, and two were executed.", None),
])
def test_people_with_a_verb_of_their_own_are_not_the_later_figures_victims(pipeline: Pipeline, text: str,
                                                                          count: int | None) -> None:
    # (the cue after the next figure is that figure's: 300 and 2 had been summed to 302 killed, the 70 on board
    # counted as 70 drowned; a missing toll is better than a wrong one)
    assert [killed(i) for i in incidents(pipeline, text) if killed(i) is not None] == ([count] if count else [])


def test_machines_named_like_people_are_no_victims(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Two vacuum cleaners and a car were destroyed in the blast in the town of Malvo; no one was "
                         "hurt.")
    assert inc.injured is None or inc.injured.count == 0, inc.casualties


@pytest.mark.parametrize("text, count", [
    ("Police said 13 suspected drug dealers were killed in the town of Malvo on Tuesday.", 13),
    ("Twenty foreigners were murdered at a restaurant in the town of Malvo on Friday.", 20),
    ("Fourteen loggers were killed near the town of Malvo on Monday.", 14),
])
def test_people_named_by_what_they_do_or_where_they_come_from_are_victims(pipeline: Pipeline, text: str,
                                                                          count: int) -> None:
    # (not in the lexicon's person nouns, the figure had no group and the note no incident)
    assert killed(only(pipeline, text)) == count


def test_left_reads_the_word_after_it(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Two people were killed in an ambush near the town of Tereni that also left six injured.")
    assert (killed(inc), inc.injured.count) == (2, 6)


# -- place roles -----------------------------------------------------------------------------------------
def test_a_landmark_is_not_where_it_happened(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Nine people were killed in an attack on Kolbeni village, 10 km north of the town of "
                         "Maravet, on Monday.")
    assert inc.location.name == "Kolbeni" and killed(inc) == 9


def test_where_attackers_are_stationed_is_not_where_it_happened(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Troops stationed in the town of Ostrava shelled the village of Dubrin, killing two women.")
    assert inc.location.name == "Dubrin" and killed(inc) == 2


def test_a_name_followed_by_a_known_region_is_a_place(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Regime shelling killed two civilians in Jamiliyeh in al-Hasakeh on Monday.")
    assert inc.location.name == "Jamiliyeh" and inc.location.admin1 == "Hasakah"


def test_a_list_ending_in_a_state_names_the_village_and_its_state(pipeline: Pipeline) -> None:
    inc = only(pipeline, "At least eight people were killed in the village of Kwambari, Borno state, residents said.")
    assert inc.location.name == "Kwambari" and killed(inc) == 8


# -- clashes and stated zeros ----------------------------------------------------------------------------
def test_a_clash_note_is_a_ground_attack_with_both_sides_and_a_stated_zero(pipeline: Pipeline) -> None:
    inc = only(pipeline, "On 3 March, clashes took place between regime forces and opposition factions in Tal "
                         "Harran in Hama governorate. Neither fatalities nor injuries were reported.")
    assert inc.attack_types == ["ground_attack"]
    assert sorted(a.name for a in inc.actors) == ["Syrian government forces", "Syrian opposition forces"]
    assert (inc.killed.count, inc.killed.qualifier, inc.injured.count) == (0, "exact", 0)
    assert inc.date.start == "2019-03-03"


def test_an_ambush_without_casualties(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Clashes erupted between ISIS fighters and the SDF near the village of Abu Hamam on "
                         "Tuesday. No casualties were reported.")
    assert {a.name for a in inc.actors} == {"ISIS", "SDF"}
    assert (inc.killed.count, inc.injured.count) == (0, 0)


def test_no_zero_where_a_figure_is_given(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Shelling hit the town of Kafr Tala, killing three people. No one else was hurt.")
    assert killed(inc) == 3


def test_agents_after_by_are_not_victims(pipeline: Pipeline) -> None:
    inc = only(pipeline, "A local councillor was shot dead by two assailants on a motorbike in the town of Pelvara.")
    assert killed(inc) == 1


def test_people_made_homeless_are_displaced_not_killed(pipeline: Pipeline) -> None:
    inc = only(pipeline, "The governor said 17 people were killed and 3,000 others rendered homeless in the town "
                         "of Gandura.")
    assert killed(inc) == 17
    assert any(c.outcome == "displaced" and c.count == 3000 for c in inc.casualties)


def test_a_nationality_adjective_is_not_a_region(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "Nine people were killed when gunmen opened fire on a party in the eastern Mexican "
                               "state of Ovalta. The gunmen arrived at a family home in Ternillo and opened fire.")
    assert [i.location.name for i in incs if i.killed] == ["Ternillo"]
    assert incs[0].killed.count == 9


def test_massacres_in_a_list_of_towns_are_killings_in_each(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "Over the past few hours, regime forces committed massacres in the towns of Kafr "
                               "Tala, Tal Bisa and Ariha.")
    assert sorted(i.location.name for i in incs) == ["Ariha", "Kafr Tala", "Tal Bisa"]
    assert all(i.killed.qualifier == "vague" and i.killed.count is None for i in incs)


# -- dates of background sentences (D) ---------------------------------------------------------------------
@pytest.mark.parametrize("phrase, start, end, precision", [
    ("the town was gassed last April", "2018-04-01", "2018-04-30", "month"),
    ("during the summer of 2013", "2013-06-01", "2013-08-31", "range"),
    ("in the winter of 2016", "2016-12-01", "2017-02-28", "range"),
])
def test_background_dates_are_parsed(phrase: str, start: str, end: str, precision: str) -> None:
    from datetime import date

    from docket.extract.dates import find_dates
    (d,) = find_dates(f"FICTIONAL. {phrase}.", date(2019, 3, 6))
    assert (d.span.start, d.span.end, d.span.precision) == (start, end, precision)


def test_a_background_attack_does_not_merge_into_todays(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "Jets bombed the town of Kafr Tala on Tuesday, killing four people. Kafr Tala was "
                               "also hit with chlorine last April, when two children died.")
    by_date = {i.date.start: i for i in incs}
    assert by_date["2019-03-05"].killed.count == 4
    assert "chlorine" not in by_date["2019-03-05"].weapons


# -- word lists (J) ----------------------------------------------------------------------------------------
def test_an_explosion_in_an_airstrike_is_not_a_bomb(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Warplanes struck the town of Kafr Tala, and a huge explosion shook the market.")
    assert inc.attack_types == ["airstrike"]


def test_an_agent_only_compared_with_is_unspecified(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Rockets hit the town of Kafr Tala on Tuesday, and 30 people suffered symptoms like "
                         "sarin.")
    assert "sarin" not in inc.weapons and "toxic_chemical" in inc.weapons


def test_a_chemical_attack_with_no_agent_is_a_toxic_chemical(pipeline: Pipeline) -> None:
    inc = only(pipeline, "A chemical attack hit the town of Kafr Tala on Tuesday, killing three people.")
    assert inc.weapons == ["toxic_chemical"] and "chemical_attack" in inc.attack_types


def test_machine_gun_fire_is_shooting(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Troops raked the village of Dubrin with machine guns, killing two farmers.")
    assert "shooting" in inc.attack_types and killed(inc) == 2


# -- actors (I) ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Forces loyal to President Bashar al-Assad shelled the town of Kafr Tala, killing two people.",
    "Bashar al-Assad's forces dropped barrel bombs on the town of Kafr Tala, killing two people.",
])
def test_assad_by_name_is_the_government(pipeline: Pipeline, text: str) -> None:
    assert [a.name for a in only(pipeline, text).actors] == ["Syrian government forces"]


def test_a_definite_reference_reaches_past_sentences_of_comment(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Jets bombed the town of Kafr Tala on Wednesday. The strikes came as talks resumed abroad. "
                         "Diplomats expressed concern about the escalation. A truce had been agreed last year. The "
                         "raids killed nine people, activists said.")
    assert killed(inc) == 9 and inc.date.start == "2019-03-06"


def test_another_victim_keeps_the_attacker(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "Regime helicopters dropped barrel bombs on the town of Kafr Tala on Monday, killing "
                               "two children. Another boy was hurt in the town of Tal Bisa.")
    assert {i.location.name: [a.name for a in i.actors] for i in incs}["Tal Bisa"] == ["Syrian government forces"]


@pytest.mark.parametrize("text, count", [
    ("A well-known local broadcaster, Tomas Verel, was shot dead outside his home in the town of Ravna.", 1),
    ("Seven fishermen were fatally shot by pirates off the coast of the town of Ravna, officials said.", 7),
    ("At least 12 people were killed in a militant attack on the village of Ravna on Sunday.", 12),
])
def test_singular_victims_fatal_shootings_and_militant_attacks(pipeline: Pipeline, text: str, count: int) -> None:
    assert killed(only(pipeline, text)) == count


def test_a_running_total_without_places_is_a_toll(pipeline: Pipeline) -> None:
    inc = only(pipeline, "A total of 13 bodies have now been found after the attack, an official said on Saturday.")
    assert killed(inc) == 13


def test_a_count_since_a_date_is_a_statistic(pipeline: Pipeline) -> None:
    doc = Document(id="sha256:" + "5" * 64, text="FICTIONAL. Monitors recorded 230 civilians killed in the province "
                   "of Hama since the start of March.", published="2019-03-06")
    ex = pipeline.process(doc)
    assert ex.incidents == [] and [(a.metric, a.count) for a in ex.aggregates] == [("killed", 230)]


def test_weapons_told_of_an_area_carry_to_the_bombings_that_hit_named_towns(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "Jets dropped barrel bombs on the area on Monday. The bombings hit the towns of Kafr "
                               "Tala and Tal Bisa.")
    assert sorted(i.location.name for i in incs) == ["Kafr Tala", "Tal Bisa"]
    assert all(i.weapons == ["barrel_bomb"] for i in incs)


@pytest.mark.parametrize("text", [
    "Shelling killed three civilians in the town of Kafr Tala, which HTS took last month.",
    "Despite a truce brokered by Russia, shelling killed three civilians in the town of Kafr Tala.",
    "An HTS spokesman said shelling killed three civilians in the town of Kafr Tala.",
])
def test_owners_brokers_and_speakers_are_not_attackers(pipeline: Pipeline, text: str) -> None:
    inc = only(pipeline, text)
    assert inc.actors == [] and killed(inc) == 3


def test_the_victims_side_is_not_the_attacker(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Regime jets bombed positions of the SDF in the town of Kafr Tala.")
    assert [a.name for a in inc.actors] == ["Syrian government forces"]


def test_a_party_named_in_a_victim_group_is_the_victims_side(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Regime shelling killed three SDF fighters in the town of Kafr Tala.")
    assert [a.name for a in inc.actors] == ["Syrian government forces"] and killed(inc) == 3


@pytest.mark.parametrize("text, count", [
    ("Police say seven suspected smugglers have been killed in a shootout in the town of Ravna.", 7),
    ("Two staff members of a relief group were shot dead by gunmen in the town of Ravna.", 2),
    ("Ivo Tellen, 54, has died in an explosion at his home in the town of Ravna.", 1),
])
def test_more_victim_groups_and_died_in(pipeline: Pipeline, text: str, count: int) -> None:
    assert killed(only(pipeline, text)) == count


def test_an_explicit_span_after_weekdays_dates_the_attack(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Jets bombed the town of Kafr Tala on Tuesday and Wednesday (26-27 February), killing four "
                         "people.")
    assert (inc.date.start, inc.date.end, inc.date.precision) == ("2019-02-26", "2019-02-27", "range")


def test_a_wire_dateline_dates_the_report_not_the_attack(pipeline: Pipeline) -> None:
    inc = only(pipeline, "\nVELMORA, March 6 (Wire) - Jets bombed the town of Kafr Tala on Monday, killing four people.")
    assert inc.date.start == "2019-03-04"


def test_an_undated_lead_over_a_region_is_the_one_town_attack_told_next(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "A local reporter was killed in the northern state of Ovalta. Tomas Verel was shot dead "
                               "on Wednesday night in the town of Ternillo, police said.")
    assert [(i.location.name, killed(i)) for i in incs] == [("Ternillo", 1)]


# -- one victim told twice; appositions; "suffered wounds" ------------------------------------------------
@pytest.mark.parametrize("text", [
    "A priest was killed in the town of Ocotal on Friday. The priest was killed on a road in Somoto district.",
    "Gunmen killed a mayor in the town of Ocotal on Friday. Prosecutors said Jose Ramos was shot dead when "
    "gunmen blocked his car on a road in Somoto district.",
])
def test_one_victim_told_again_is_counted_once(pipeline: Pipeline, text: str) -> None:
    assert sum(killed(i) or 0 for i in incidents(pipeline, text)) == 1


def test_two_victims_of_one_noun_are_two(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "A farmer was killed in the town of Ocotal on Friday. On Saturday another farmer "
                               "was killed in the village of Somoto.")
    assert sum(killed(i) or 0 for i in incs) == 2


@pytest.mark.parametrize("text, count", [
    ("Two persons, a lawyer and a youth leader, were shot dead in the town of Ocotal on Friday.", 2),
    ("Gunmen killed three people, a teacher and two farmers, in the town of Ocotal on Friday.", 3),
])
def test_an_apposition_names_the_victims_already_counted(pipeline: Pipeline, text: str, count: int) -> None:
    assert killed(only(pipeline, text)) == count


@pytest.mark.parametrize("text, dead, hurt", [
    ("Thirty people were killed and seven more suffered gunshot wounds in the town of Ocotal on Friday.", 30, 7),
    ("Five people were killed and 12 others sustained serious injuries in the town of Ocotal on Friday.", 5, 12),
])
def test_suffered_wounds_are_injuries(pipeline: Pipeline, text: str, dead: int, hurt: int) -> None:
    inc = only(pipeline, text)
    assert (killed(inc), inc.injured.count if inc.injured else None) == (dead, hurt)


@pytest.mark.parametrize("text, count", [
    ("Four people including a candidate in the coming state elections (and one policeman) have been killed by a "
     "bomb in the town of Ocotal on Friday.", 4),
    ("Six people, including a nurse from the local clinic and two children, were killed in the town of Ocotal on "
     "Friday.", 6),
    ("Eight workers from a power company and three other people were found dead in the town of Ocotal on Friday.", 11),
])
def test_a_long_list_of_victims_keeps_its_verb(pipeline: Pipeline, text: str, count: int) -> None:
    assert killed(only(pipeline, text)) == count


@pytest.mark.parametrize("text, count", [
    ("The musicians Juan Ruiz and Elias Soto were found murdered in the town of Ocotal.", 2),
    ("Peter Okon, head of news at a radio station, and one Samuel Ede were assassinated by unknown gunmen in the "
     "town of Ocotal.", 2),
    ("Suspected gunmen killed the village head, Chief Musa Adamu, in an attack on the town of Ocotal.", 1),
    ("The group said it killed an intelligence agent in a bomb attack in the town of Ocotal.", 1),
])
def test_named_victims_without_a_figure(pipeline: Pipeline, text: str, count: int) -> None:
    assert killed(only(pipeline, text)) == count


def test_a_pair_of_groups_is_not_a_pair_of_named_victims(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "Soldiers and Militiamen were killed in the town of Ocotal, officials said.")
    assert all(killed(i) != 2 for i in incs)


@pytest.mark.parametrize("text, count", [
    ("Two female pastors were killed by knife attacks in the town of Ocotal on Saturday.", 2),
    ("Two priests and 17 other worshippers were killed at a church in the village of Ocotal.", 19),
    ("Gunmen shot dead three village elders in the town of Ocotal on Monday.", 3),
])
def test_any_person_noun_in_the_plural_counts(pipeline: Pipeline, text: str, count: int) -> None:
    assert killed(only(pipeline, text)) == count


def test_a_plural_person_noun_far_after_the_number_is_not_its_group(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Ten people were killed and 43 injured on Monday when two suicide bombers struck "
                         "civilians in the town of Ocotal.")
    assert (killed(inc), inc.injured.count if inc.injured else None) == (10, 43)


@pytest.mark.parametrize("text, count", [
    ("Gunmen broke into the home of a local politician in the town of Ocotal at dawn and shot him dead.", 1),
    ("Unidentified assailants shot and killed a prominent Elder in the town of Ocotal on Tuesday night.", 1),
])
def test_a_single_victim_as_pronoun_or_capitalised_noun(pipeline: Pipeline, text: str, count: int) -> None:
    assert killed(only(pipeline, text)) == count


def test_the_titled_speaker_is_not_a_victim(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Three farmers were shot dead in the town of Ocotal, the Regional Governor said on Monday.")
    assert killed(inc) == 3


@pytest.mark.parametrize("told", ["told AFP Saturday", "told reporters on Saturday"])
def test_a_date_a_source_told_the_press_on_dates_the_report_so_the_lead_folds_into_the_attack(
        pipeline: Pipeline, told: str) -> None:
    # the lead over the state is undated once "told AFP Saturday" dates the report: it is the village's attack,
    # counted once, not a second incident of Saturday with the same five dead
    [inc] = incidents(pipeline, f"At least five people were killed in an attack by gunmen in Dravik state, a militia "
                                f"leader {told}. The gunmen stormed the village of Sarvesa late Friday, setting homes on "
                                "fire. Five people were killed in the arson.")
    assert (inc.location.name, killed(inc), inc.date.text) == ("Sarvesa", 5, "late Friday")


@pytest.mark.parametrize("text", [
    "Nine internally displaced persons were killed by assailants in the village of Sarvesa on Monday.",
    "At least nine displaced people awaiting food aid were killed in an attack on a camp in the town of Sarvesa.",
])
def test_displaced_people_who_are_killed_are_killed(pipeline: Pipeline, text: str) -> None:
    # "displaced" names who the victims are; the verb after the group says what happened to them
    inc = only(pipeline, text)
    assert killed(inc) == 9
    assert [c.outcome for c in inc.casualties] == ["killed"]


@pytest.mark.parametrize("text", [
    "Five people were killed in an ethnic clash in Bali Local Government Area of Taraba state.",
    "Five people were killed on Monday in Bali LGA of Taraba State.",
])
def test_a_toll_in_a_local_government_area_of_a_state_is_an_incident_there(pipeline: Pipeline, text: str) -> None:
    # (Bali is a real Nigerian LGA, and an Indonesian province.) The state only locates the area: one attack
    # in Nigeria, not a statistic over two regions, nor Indonesia's Bali
    inc = only(pipeline, text)
    assert (inc.location.name, inc.location.admin1, inc.location.country, killed(inc)) == ("Bali", "Taraba", "NG", 5)


@pytest.mark.parametrize("text, count", [
    ("Gunmen shot two farmers to death on Tuesday in Kunduz.", 2),
    ("A mob beat three men to death on Tuesday in Kunduz, police said.", 3),
    ("Attackers stabbed a teacher to death outside his home in Kunduz.", 1),
])
def test_a_verb_then_its_victims_then_to_death_is_a_killing(pipeline: Pipeline, text: str, count: int) -> None:
    assert killed(only(pipeline, text)) == count


def test_a_death_sentence_is_not_a_killing(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "A court in Kunduz sentenced two men to death on Tuesday.")
    assert all(killed(i) is None for i in incs)


@pytest.mark.parametrize("text", [
    "FICTIONAL. A journalist was beaten to death in the town of Kunduz on Tuesday, becoming the third reporter to be "
    "killed this year.",
    "FICTIONAL. A teacher was shot dead in the town of Kunduz on Tuesday, the eighth teacher murdered in the province "
    "since January.",
    "FICTIONAL. A journalist was beaten to death in the northern state of Sonora on Tuesday, prosecutors said, "
    "becoming the third reporter in the country to be killed in the past two weeks.",
])
def test_a_rank_among_a_periods_victims_is_neither_a_victim_nor_a_statistic(pipeline: Pipeline, text: str) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert (inc.killed.count, inc.date.start) == (1, "2018-06-05"), inc


@pytest.mark.parametrize("text, killed", [
    ("FICTIONAL. Six rangers were killed in an ambush in the town of Kunduz on Monday.", 6),
    ("FICTIONAL. Two tribesmen were killed in the town of Kunduz on Monday.", 2),
    ("FICTIONAL. Gunmen killed a university lecturer in the town of Kunduz on Monday.", 1),
    ("FICTIONAL. Seventeen worshipers were killed in an attack on a mosque in the town of Kunduz on Monday.", 17),
])
def test_more_kinds_of_victims_are_counted(pipeline: Pipeline, text: str, killed: int) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert inc.killed.count == killed, inc


@pytest.mark.parametrize("speaker", ["a doctor at the main hospital said", "the head of the hospital told reporters",
                                     "the director of the hospital said", "a preacher at the mosque said"])
def test_a_speaker_named_with_where_he_works_is_no_victim(pipeline: Pipeline, speaker: str) -> None:
    text = f"FICTIONAL. Two people were killed in the town of Kunduz on Monday, {speaker}."
    [inc] = told(pipeline, text, "2018-06-05")
    assert inc.killed.count == 2, inc


@pytest.mark.parametrize("text, killed", [
    ("FICTIONAL. A bomb in the town of Kunduz killed 12 people on Tuesday, bringing the death toll to 15.", 15),
    ("FICTIONAL. The attack in the town of Kunduz on Tuesday killed 12 people, and the death toll later rose to 15.",
     15),
    ("FICTIONAL. A bomb in the town of Kunduz killed 12 people on Tuesday, raising the toll to at least 15.", 15),
    # a running toll over a period is a statistic's, not the attack's
    ("FICTIONAL. Gunmen killed two more villagers in the town of Kunduz on Tuesday, bringing the death toll from this "
     "week's violence to 40.", 2),
])
def test_a_running_toll_in_the_same_sentence_is_the_total_not_more_dead(pipeline: Pipeline, text: str, killed: int) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert inc.killed.count == killed, inc


@pytest.mark.parametrize("text", [
    "FICTIONAL. A bomb killed seven people and hurt 20 in the town of Kunduz on Tuesday.",
    "FICTIONAL. Seven people were killed and 20 were hurt when a bomb exploded in the town of Kunduz on Tuesday.",
    "FICTIONAL. A bomb killed seven people, maiming 20 others, in the town of Kunduz on Tuesday.",
])
def test_hurt_and_maimed_are_injuries_never_more_dead(pipeline: Pipeline, text: str) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert (inc.killed.count, inc.injured.count) == (7, 20), inc


@pytest.mark.parametrize("text, killed, injured", [
    ("FICTIONAL. No one was killed in the attack on the town of Kunduz on Tuesday, but three people were wounded.",
     0, 3),
    ("FICTIONAL. Nobody was killed when a bomb exploded in the town of Kunduz on Tuesday.", 0, None),
    ("FICTIONAL. Not one person was killed when a bomb exploded in the town of Kunduz on Tuesday.", 0, None),
    ("FICTIONAL. Not a single civilian was killed when a bomb exploded in the town of Kunduz on Tuesday.", 0, None),
    ("FICTIONAL. Eleven people were killed in the town of Kunduz on Tuesday, four of them children.", 11, None),
    ("FICTIONAL. Eleven people were killed in the town of Kunduz on Tuesday, four of whom were children.", 11, None),
])
def test_no_one_is_zero_and_four_of_them_is_a_part(pipeline: Pipeline, text: str, killed: int, injured: int | None) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert (inc.killed.count, inc.injured.count if inc.injured else None) == (killed, injured), inc


@pytest.mark.parametrize("text, killed, day", [
    ("FICTIONAL. Gunmen killed two people in the town of Bama on Friday. The latest attack killed five people in the "
     "town of Kukawa on Sunday.", 5, "2018-06-03"),
    ("FICTIONAL. Gunmen shot dead a journalist for a local radio station who had reported on corruption in the town "
     "of Kukawa on Sunday.", 1, "2018-06-03"),
    ("FICTIONAL. Twelve soldiers were killed in the town of Kukawa on Sunday, a figure that officials expect to "
     "rise.", 12, "2018-06-03"),
    ("FICTIONAL. Gunmen killed four soldiers at the head of a military convoy in the town of Kukawa on Sunday.", 4,
     "2018-06-03"),
    ("FICTIONAL. A bomb killed a trader in the town of Kukawa on Sunday, leaving behind a widow and an orphan.", 1,
     "2018-06-03"),
])
def test_ranks_speakers_and_nouns_never_change_an_ordinary_toll_or_its_day(pipeline: Pipeline, text: str, killed: int, day: str) -> None:
    incs = told(pipeline, text, "2018-06-04")
    inc = incs[-1]
    assert (inc.location.name, inc.killed.count, inc.date.start) == ("Kukawa", killed, day), inc


@pytest.mark.parametrize("text", [
    "FICTIONAL. A bomb exploded in the town of Kunduz on Sunday, leaving 12 dead and 30 injured.",
    "FICTIONAL. The attack in the town of Kunduz on Sunday left 12 dead and 30 wounded.",
    "FICTIONAL. The attack left 12 people dead and 30 injured in the town of Kunduz on Sunday.",
])
def test_left_dead_and_injured_keeps_each_figure_to_its_outcome(pipeline: Pipeline, text: str) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert (inc.killed.count, inc.injured.count) == (12, 30), inc


@pytest.mark.parametrize("text, killed, qualifier", [
    ("FICTIONAL. Of the 15 killed in the town of Kunduz on Sunday, eight were children.", 15, "exact"),
    ("FICTIONAL. Activists said 20 people were killed in the town of Kunduz on Sunday, while state media said 12 "
     "died.", 12, "at_least"),
    ("FICTIONAL. Jets killed three children in the town of Kunduz on Sunday, but rescuers said two more were killed.",
     5, "exact"),
])
def test_a_part_or_another_sources_figure_is_never_added(pipeline: Pipeline, text: str, killed: int, qualifier: str) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert (inc.killed.count, inc.killed.qualifier) == (killed, qualifier), inc


@pytest.mark.parametrize("text, killed, injured", [
    # another source's figure only when both are attributed and nothing says the victims are others
    ("FICTIONAL. Ten soldiers were killed in the town of Kunduz on Sunday, while police said 12 civilians were also "
     "killed.", (22, "exact"), None),
    ("FICTIONAL. Three soldiers were killed in the town of Kunduz on Sunday, while the rebels said 12 of their "
     "fighters were killed.", (15, "exact"), None),
    ("FICTIONAL. A bomb killed 20 people in the town of Kunduz on Sunday, while officials said 12 children were among "
     "the dead.", (20, "exact"), None),
    ("FICTIONAL. Local sources reported 15 dead, while the ministry said 10 were killed, in the town of Kunduz on "
     "Sunday.", (10, "at_least"), None),
    # a part in one clause never drags the next figure of the list into it
    ("FICTIONAL. Of the 15 killed in the town of Kunduz on Sunday, eight were children, and 30 people were wounded.",
     (15, "exact"), 30),
    ("FICTIONAL. Of the 20 soldiers wounded in the town of Kunduz on Sunday, three later died in hospital.",
     (3, "exact"), 20),
    ("FICTIONAL. Eleven people were killed in the town of Kunduz on Sunday, four of them children, and 20 others were "
     "wounded.", (11, "exact"), 20),
    ("FICTIONAL. Eleven soldiers were killed in the town of Kunduz on Sunday, four of them officers, and two civilians "
     "also died.", (13, "exact"), None),
    # a running toll over a period told after its figure; a figure's outcome word never from the next clause
    ("FICTIONAL. An airstrike killed 12 people in the town of Kunduz on Sunday, raising the toll to 40 this week.",
     (12, "exact"), None),
    ("FICTIONAL. An airstrike in the town of Kunduz on Sunday killed five fighters and two civilians, wounded 20 "
     "others.", (7, "exact"), 20),
])
def test_figures_of_other_victims_parts_and_periods_in_one_sentence(pipeline: Pipeline, text: str, killed: tuple[int, str],
                                                                    injured: int | None) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert ((inc.killed.count, inc.killed.qualifier), inc.injured.count if inc.injured else None) == (killed, injured)


@pytest.mark.parametrize("text, killed, injured", [
    ("FICTIONAL. Gunmen attacked a bus in the town of Kunduz on Sunday. The three passengers were not hurt.", None,
     None),
    ("FICTIONAL. Gunmen killed two people in the town of Kunduz on Sunday, and 300 residents have left their homes.",
     2, None),
    # "hospitalized" is no outcome of its own: it is most often a part of the wounded ("wounded 30, 12 hospitalized")
    ("FICTIONAL. The blast in the town of Kunduz wounded 30 people, and 12 were hospitalized in serious condition.",
     None, 30),
    ("FICTIONAL. Two soldiers were not killed instantly in the blast in the town of Kunduz but died later in hospital.",
     2, None),
    ("FICTIONAL. Militants killed 12 villagers in the town of Kunduz on Sunday, and three others were stoned to death.",
     15, None),
])
def test_negated_outcomes_and_other_verbs_are_no_victims(pipeline: Pipeline, text: str, killed: int | None, injured: int | None) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert (inc.killed.count if inc.killed else None, inc.injured.count if inc.injured else None) == (killed, injured)


@pytest.mark.parametrize("text, killed, injured", [
    ("FICTIONAL. Activists said 20 people were killed in the town of Kunduz, while state media said 12 died and more "
     "than 30 were wounded.", (12, "at_least"), 30),
    ("FICTIONAL. Activists said 20 civilians were killed in the town of Kunduz, while state media said 12 people "
     "died in Tuesday's shelling.", (12, "at_least"), None),
    ("FICTIONAL. Eleven people were killed in the town of Kunduz, four of them children and two women.",
     (11, "exact"), None),
    ("FICTIONAL. Five soldiers were killed in the town of Kunduz and two civilians were among the wounded.",
     (5, "exact"), 2),
    ("FICTIONAL. Gunmen killed five soldiers and 12 civilians and also wounded 30 people in the town of Kunduz on "
     "Sunday.", (17, "exact"), 30),
])
def test_a_third_review_of_figures_in_one_sentence(pipeline: Pipeline, text: str, killed: tuple[int, str], injured: int | None) -> None:
    [inc] = told(pipeline, text, "2018-06-05")
    assert ((inc.killed.count, inc.killed.qualifier), inc.injured.count if inc.injured else None) == (killed, injured)


@pytest.mark.parametrize("opening, day", [
    ("The following day", "2018-05-30"), ("Two days later", "2018-05-31"), ("A day earlier", "2018-05-28"),
])
def test_a_sentence_opening_on_a_day_counted_from_the_last_takes_that_day(pipeline: Pipeline, opening: str, day: str) -> None:
    text = (f"FICTIONAL. Gunmen killed five people in the town of Kunduz on Tuesday. {opening}, a bomb killed three "
            f"people in the town of Baghlan.")
    incs = told(pipeline, text, "2018-06-04")
    assert [(i.location.name, i.date.start) for i in incs] == [("Kunduz", "2018-05-29"), ("Baghlan", day)]


@pytest.mark.parametrize("clause", ["but police said 12 were killed in a separate attack in the town of Baghlan",
                                    "and 12 died in an ambush in the town of Baghlan",
                                    "days after an ambush killed 12 in the town of Baghlan"])
def test_a_toll_told_with_its_own_attack_and_place_belongs_to_that_place(pipeline: Pipeline, clause: str) -> None:
    text = f"FICTIONAL. Gunmen killed 20 people in the town of Kunduz on Sunday, {clause}."
    incs = told(pipeline, text, "2018-06-04")
    assert [(i.location.name, i.killed.count) for i in incs] == [("Kunduz", 20), ("Baghlan", 12)]


@pytest.mark.parametrize("text", [
    "FICTIONAL. Twelve people were killed in the town of Kunduz on Sunday, up from an earlier toll of eight.",
    "FICTIONAL. Gunmen killed 12 people in the town of Kunduz on Sunday, a week after 30 died in a similar attack.",
    # the distance in time with no number, hours, and the other attack told as its own clause
    "FICTIONAL. Gunmen killed 12 people in the town of Kunduz on Sunday, days after an ambush killed five soldiers.",
    "FICTIONAL. A bomber killed 12 people in the town of Kunduz on Sunday, hours after a similar attack killed 30.",
    "FICTIONAL. A bomber killed 12 people in the town of Kunduz on Sunday, a week after a suicide car bomb attack "
    "killed 30 there.",
])
def test_a_superseded_or_recalled_figure_is_not_added(pipeline: Pipeline, text: str) -> None:
    [inc] = told(pipeline, text, "2018-06-04")
    assert inc.killed.count == 12, inc


@pytest.mark.parametrize("text, killed", [
    ("FICTIONAL. A mother of five was killed in the town of Kunduz on Sunday.", 1),
    ("FICTIONAL. Gunmen killed a father of three in the town of Kunduz on Sunday.", 1),
    ("FICTIONAL. Gunmen killed 12 people on Highway 1 in the town of Kunduz on Sunday.", 12),
    ("FICTIONAL. An air strike killed a family of five in the town of Kunduz on Sunday.", 5),
])
def test_a_parents_children_and_a_roads_number_are_no_victims(pipeline: Pipeline, text: str, killed: int) -> None:
    [inc] = told(pipeline, text, "2018-06-04")
    assert inc.killed.count == killed, inc


@pytest.mark.parametrize("text, killed, injured", [
    # a figure of deaths, fatalities or injuries counts the dead or the injured, as "12 dead" does
    ("FICTIONAL. A car ploughed into a crowd in the town of Kunduz on Sunday, causing at least five deaths and 18 "
     "injuries, police said.", (5, "at_least"), 18),
    ("FICTIONAL. On 10 March 2018, clashes broke out in the town of Kunduz. 4 fatalities.", (4, "exact"), None),
    ("FICTIONAL. Militants stormed a checkpoint in the town of Kunduz on Sunday, resulting in 3 fatalities.",
     (3, "exact"), None),
    # a short sentence that states a zero is not dropped as a fragment
    ("FICTIONAL. On 10 March 2018, mortar shells hit the town of Kunduz. No fatalities reported.", (0, "exact"), None),
])
def test_deaths_fatalities_and_injuries_are_counted_as_the_dead_and_the_injured(
        pipeline: Pipeline, text: str, killed: tuple[int, str], injured: int | None) -> None:
    [inc] = told(pipeline, text, "2018-06-04")
    assert (inc.killed.count, inc.killed.qualifier) == killed, inc
    assert (inc.injured.count if inc.injured else None) == injured, inc


@pytest.mark.parametrize("sentence", [
    "The war has killed more than 300,000 people since 2011.",
    "The conflict has caused more than 300,000 deaths.",
    "The insurgency, now in its tenth year, has killed more than 27,000 people.",
])
def test_a_wars_toll_is_never_the_attacks(pipeline: Pipeline, sentence: str) -> None:
    text = f"FICTIONAL. On 10 March 2018, mortar shells hit the town of Kunduz. {sentence}"
    [inc] = told(pipeline, text, "2018-06-04")
    assert inc.killed is None, inc


def test_an_insurgency_named_after_the_attack_leaves_the_attacks_toll(pipeline: Pipeline) -> None:
    text = ("FICTIONAL. At least seven people were shot dead and a dozen injured in the town of Kunduz on Sunday, "
            "where a low-level insurgency has left dozens dead in recent years.")
    [inc] = told(pipeline, text, "2018-06-04")
    assert (inc.killed.count, inc.injured.count) == (7, 12), inc


@pytest.mark.parametrize("text, killed, injured", [
    # a later figure of deaths is a statistic or another attack's, never more dead of this one
    ("FICTIONAL. A bomb in the town of Kunduz on Monday killed 2 people, taking the total to 12 deaths this week.",
     2, None),
    ("FICTIONAL. The bombing in the town of Kunduz on Monday killed 30, compared with 100 deaths in all of 2017.", 30,
     None),
    ("FICTIONAL. A suicide bomber killed 11 people in the town of Kunduz on Monday, a week after a similar attack "
     "caused 20 deaths there.", 11, None),
    ("FICTIONAL. A blast in the town of Kunduz killed 9 people on Monday, the UN said, adding that it had documented "
     "1,692 deaths in the first half of the year.", 9, None),
    # one person's wounds; a rate
    ("FICTIONAL. A soldier suffered 3 injuries in a grenade attack in the town of Kunduz on Monday.", None, 1),
    # "since <year>" inside an attack's sentence does not make it a statistic
    ("FICTIONAL. A car bomb killed 9 people in the town of Kunduz on Monday, the worst bombing there since 2017.", 9,
     None),
    ("FICTIONAL. The town of Kunduz, held by rebels since 2012, was hit by shells on Monday, killing 7 civilians.", 7,
     None),
    # a war that left ruins is no toll
    ("FICTIONAL. The war has left much of the town of Kunduz in ruins; on Monday a mine blast there killed 3 "
     "children.", 3, None),
])
def test_a_second_figure_of_deaths_a_wars_ruin_or_a_year_since_change_no_toll(
        pipeline: Pipeline, text: str, killed: int | None, injured: int | None) -> None:
    assert tolls_at(pipeline, text) == [(killed, injured)]


@pytest.mark.parametrize("text, killed, injured", [
    # the first figure of each outcome counts, however it is worded
    ("FICTIONAL. A suicide bomber killed 4 people and caused 15 injuries at a market in the town of Kunduz on "
     "Monday.", 4, 15),
    ("FICTIONAL. A blast in the town of Kunduz on Monday left one death and 7 injuries.", 1, 7),
    ("FICTIONAL. The bombing in the town of Kunduz on Monday killed 30 and wounded 40, compared with 100 deaths and "
     "300 injuries in all of 2017.", 30, 40),
    # a sentence of death is no death
    ("FICTIONAL. A court in the town of Kunduz sentenced 3 men to death on Monday for the killing of a farmer.", 1,
     None),
    # "since" in a past-tense toll is the attack's
    ("FICTIONAL. Gunmen stormed a market in the town of Kunduz on Monday. Twelve people were killed, the deadliest "
     "attack since the outbreak of the insurgency.", 12, None),
    # a war's toll in words is the war's
    ("FICTIONAL. Militants attacked a checkpoint in the town of Kunduz on Monday. The war has claimed the lives of "
     "more than 100,000 Afghans.", None, None),
])
def test_figures_of_deaths_and_injuries_in_a_second_review(pipeline: Pipeline, text: str, killed: int | None,
                                                          injured: int | None) -> None:
    assert tolls_at(pipeline, text) == [(killed, injured)]


@pytest.mark.parametrize("text, killed, injured", [
    # a figure of deaths told with words between it and the attack's figure is a statistic or another attack's
    ("FICTIONAL. Gunmen wounded three villagers in the town of Kunduz on Monday, compared with 45 deaths in a "
     "similar raid last year.", None, 3),
    ("FICTIONAL. A car bomb wounded 17 people in the town of Kunduz on Saturday, weeks after an attack there caused "
     "25 deaths.", None, 17),
    # a death sentence or a death threat is no death
    ("FICTIONAL. A military court in the town of Kunduz handed down 3 death sentences on Monday after gunmen "
     "wounded two guards.", None, 2),
    # a toll since a year, in any tense, is the years' ("the deadliest attack since 2014" is the attack's, above)
    ("FICTIONAL. Gunmen attacked a police post in the town of Kunduz on Monday. At least 40 policemen were killed in "
     "the district since 2016.", None, None),
    # "half of the town in ruins" is no war toll
    ("FICTIONAL. The war has left half of the town of Kunduz in ruins; on Monday, an airstrike killed five people "
     "there.", 5, None),
])
def test_figures_of_deaths_and_injuries_in_a_third_review(pipeline: Pipeline, text: str, killed: int | None,
                                                         injured: int | None) -> None:
    assert tolls_at(pipeline, text) == [(killed, injured)]


@pytest.mark.parametrize("text, killed", [
    # a year before "deaths" is no figure
    ("FICTIONAL. Gunmen shot dead a reporter in the town of Kunduz on Monday. Police in Kunduz said an inquiry into "
     "2017 deaths at a checkpoint had been closed.", 1),
    # "since <year>" in a clause about the place, or in a comparison, leaves the attack its toll
    ("FICTIONAL. Jets struck a market in the town of Kunduz on Monday. Nine civilians were killed in the town, under "
     "rebel control since 2012.", 9),
    ("FICTIONAL. Gunmen attacked the town of Kunduz on Monday. Nine soldiers were killed in fighting that has raged "
     "in the area since 2016.", 9),
    # "three more lives" is this attack's toll, not a war's
    ("FICTIONAL. The insurgency has claimed three more lives after gunmen attacked the town of Kunduz on Monday.", 3),
])
def test_figures_of_deaths_and_injuries_in_a_fourth_review(pipeline: Pipeline, text: str, killed: int) -> None:
    assert [k for k, _ in tolls_at(pipeline, text)][:1] == [killed]


def test_a_groups_toll_since_a_year_is_no_incident_at_the_town_it_names(pipeline: Pipeline) -> None:
    text = ("FICTIONAL. Militants attacked a base on Monday. The group has killed more than 4,000 people since 2010, "
            "most of them in the town of Kunduz.")
    assert not [i for i in told(pipeline, text, "2018-06-04") if i.killed and i.killed.count == 4000]


def test_a_year_before_deaths_is_no_figure(pipeline: Pipeline) -> None:
    text = "FICTIONAL. Police in the town of Kunduz said on Monday an inquiry into 2017 deaths at a checkpoint had closed."
    assert not [i for i in told(pipeline, text, "2018-06-04") if i.killed and i.killed.count == 2017]


@pytest.mark.parametrize("text, killed", [
    # an attack told in the past tense keeps its place and toll, whatever "since" says about the fighting or the
    # people ("the fiercest fighting since 2016", "soldiers deployed there since 2013")
    ("FICTIONAL. At least 5 people were killed in the town of Kunduz in the fiercest fighting since 2016.", 5),
    ("FICTIONAL. A roadside bomb on Monday killed 3 soldiers deployed in the region since 2013 near the town of "
     "Kunduz.", 3),
    # a figure in the range of years, after a verb, is a figure
    ("FICTIONAL. Fighting on Tuesday caused 2000 deaths in the town of Kunduz.", 2000),
])
def test_figures_of_deaths_in_a_fifth_review(pipeline: Pipeline, text: str, killed: int) -> None:
    assert [k for k, _ in tolls_at(pipeline, text)] == [killed]


@pytest.mark.parametrize("text", [
    "FICTIONAL. Jets hit the town of Kunduz on Monday, killing 5 civilians, and shelling on the town of Baghlan "
    "wounded 3.",
    "FICTIONAL. Airstrikes on the town of Kunduz killed 5 civilians on Monday, while shelling on the town of Baghlan "
    "wounded 3.",
])
def test_a_toll_before_a_new_clause_stays_with_its_own_town(pipeline: Pipeline, text: str) -> None:
    # (the clause after ", and" / ", while" tells another attack: its town is not introduced by the first toll)
    assert tolls_at(pipeline, text) == [(5, None)] and tolls_at(pipeline, text, "Baghlan") == [(None, 3)]


@pytest.mark.parametrize("text, killed, injured", [
    ("A journalist was killed by a car bomb in Mogadishu on Monday, said a police officer.", 1, None),
    ("Gunmen shot dead a farmer near Dikwa on Tuesday, says a local official.", 1, None),
    ('"A soldier was wounded in Kabul," said an army spokesman on Monday.', None, 1),
    # the speech before its object, with no comma: the person is a victim
    ("The army said a soldier and two civilians were killed in Kabul on Monday.", 3, None),
    # a speaker named in apposition before the verb, then the victims (a third review)
    ("Gunmen attacked Kaduna on Monday. The spokesman, Musa Adamu, said a soldier and a policeman were killed.", 2,
     None),
    ("Militants attacked a checkpoint in Kandahar on Monday, said a soldier who was wounded in the attack.", None, 1),
    ("Gunmen attacked Kaduna on Monday. The spokesman, Musa Adamu, said a soldier, a policeman and two civilians "
     "were killed.", 4, None),
    # a speaker told of further after their name (a fourth review): still the speaker
    ("Gunmen killed three villagers in Kaduna on Monday, said a police officer in the state capital.", 3, None),
    ("Gunmen killed three villagers in Kaduna on Monday, said a resident who asked not to be named.", 3, None),
    ("Two soldiers were wounded in a blast in Kabul on Monday, said a police officer at the scene.", None, 2),
    ("Gunmen killed three villagers in Kaduna on Monday, said a police officer who was at the scene.", 3, None),
    # a new clause or an apposition after the speaker tells of others (a fifth review)
    ("Gunmen killed three villagers in Kaduna on Monday, said an official, and two soldiers were wounded.", 3, 2),
    ("Gunmen killed three villagers in Kaduna on Monday, said a police officer, and a soldier was killed.", 4, None),
    ("Gunmen killed three villagers in Kaduna on Monday, said a resident, a teacher whose son was wounded.", 3, 1),
    ("Gunmen killed three villagers in Kaduna on Monday, said a doctor who is treating the wounded.", 3, None),
])
def test_a_speaker_after_the_verb_of_speech_is_no_victim(pipeline: Pipeline, text: str, killed: int | None,
                                                         injured: int | None) -> None:
    inc = only(pipeline, text)
    assert (inc.killed and inc.killed.count, inc.injured and inc.injured.count) == (killed, injured)


@pytest.mark.parametrize("text", [
    "Gunmen shot dead a farmer near Dikwa on Monday, said police.",
    "A journalist was killed by a car bomb in Mogadishu late Monday, says a fellow journalist.",
    # any verb of speech of the lexicon (speech_verbs_before_speaker), as for the speaker rule
    "Gunmen shot dead a farmer near Dikwa on Monday, noted a local official.",
])
def test_the_date_before_an_inverted_attribution_is_the_attacks(pipeline: Pipeline, text: str) -> None:
    inc = only(pipeline, text)   # (published Wednesday 6 March 2019: Monday is the 4th)
    assert (inc.date.start, inc.date.precision) == ("2019-03-04", "day"), inc.date


def test_a_date_the_speaker_gave_dates_the_report(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Police on Monday said gunmen shot dead a farmer in Dikwa.")
    assert inc.date.precision == "unknown" or inc.date.start != "2019-03-04", inc.date


@pytest.mark.parametrize("text, killed", [
    ("Gunmen killed three villagers in Kandahar on Monday, said a spokesman for the provincial governor.", 3),
    ("Gunmen killed three villagers in Kandahar on Monday, according to a spokesman for the provincial governor.", 3),
    ("Gunmen killed three villagers in Kandahar on Monday, said an aide to the governor.", 3),
    ("A suicide bomber killed the wife of the governor in Kandahar on Monday.", 1),
    ("A bomb killed four bodyguards of the governor in Kandahar on Monday.", 4),
    # the governor himself, named as a victim, still counts
    ("A suicide bomber killed the governor and his driver in Kandahar on Monday.", 2),
    # a victim named after a relative, with what befell them (a sixth review)
    ('"We had no warning," said the father of a boy killed in the airstrike in Dikwa on Monday.', 1),
    ("Supporters of a candidate shot dead in Dikwa on Monday blocked the main road.", 1),
    # ... but not an outcome word that is another verb's object, nor an earlier death (a seventh review)
    ("Gunmen killed three villagers in Kandahar on Monday, said a spokesman for the governor who mourned the dead.", 3),
    ("Gunmen killed three villagers in Kandahar on Monday, said an aide to the governor who lives in the city.", 3),
    ("A bomb killed two guards in Kandahar on Monday, said an aide to the governor whose brother was killed in 2016.",
     2),
    ("Gunmen killed three villagers in Dikwa on Monday, said the son of a policeman killed in a similar attack in "
     "2016.", 3),
    # ... nor one of a figure the sentence already gave, nor a death told with "nearly" or of another month (an eighth
    # review)
    ("Three people were killed in an airstrike in Dikwa on Monday, said the father of a boy killed in the strike.", 3),
    ("Gunmen killed three villagers in Kandahar on Monday, said an aide to the governor who was killed in March.", 3),
    ('"We had no warning," said the father of a boy reportedly killed in the airstrike in Dikwa on Monday.', 1),
])
def test_a_person_named_as_someone_elses_employer_or_kin_is_no_victim(pipeline: Pipeline, text: str,
                                                                     killed: int) -> None:
    assert only(pipeline, text).killed.count == killed


def test_the_victim_after_a_relative_keeps_their_group(pipeline: Pipeline) -> None:
    inc = only(pipeline, "The mother of a child wounded by shelling in Dikwa on Monday said she had no help.")
    assert inc.injured.count == 1 and [c.group for c in inc.casualties] == ["children"], inc.casualties


def test_a_relative_nearly_killed_is_no_victim(pipeline: Pipeline) -> None:
    inc = only(pipeline, "Gunmen wounded three villagers in Kandahar on Monday, said an aide to the governor who was "
                         "nearly killed.")
    assert (inc.killed, inc.injured.count) == (None, 3), inc.casualties


def test_a_time_after_which_the_attack_itself_came_keeps_its_toll(pipeline: Pipeline) -> None:
    # no comma and no "came" before "two days after": the sentence's own attack, not one it recalls
    [inc] = told(pipeline, "FICTIONAL. Two days after arriving in the town of Kunduz gunmen killed 12 villagers there.",
                 "2018-06-04")
    assert inc.killed.count == 12, inc


@pytest.mark.parametrize("text, killed", [
    # a recalled attack is the only one of a sentence whose main clause is a march, an arrest or a statement: its
    # toll stands (a third review: these had lost their incident)
    ("FICTIONAL. Thousands of people marched in the town of Kunduz on Saturday, a day after a truck bomb killed 30 "
     "people there.", 30),
    ("FICTIONAL. Police arrested three suspects in the town of Kunduz on Monday, hours after gunmen killed 12 people "
     "there.", 12),
    ("FICTIONAL. The statement came hours after a car bomb killed 18 people in the town of Kunduz.", 18),
    # ... but after "the attack came" it is another attack's
    ("FICTIONAL. Gunmen killed three people in the town of Kunduz on Monday. The attack came barely 12 hours after "
     "the insurgents killed more than 10 farmers.", 3),
])
def test_a_recalled_attack_alone_in_its_sentence_keeps_its_toll(pipeline: Pipeline, text: str, killed: int) -> None:
    incs = told(pipeline, text, "2018-06-04")
    assert [i.killed.count for i in incs if i.killed] == [killed], incs


@pytest.mark.parametrize("text, killed", [
    # people who are the subject of a clause of their own ("as 2,000 people marched", "when four gunmen opened fire")
    # are not the outcome verb's victims (seen in wire copy from Congo and Colombia)
    ("Police killed at least seven people in Kinshasa on Sunday as more than 2,000 people marched in the capital.", 7),
    ("Gunmen killed three policemen in Dikwa on Monday as two others escaped.", 3),
    ("At least seven people were killed in a bar in Dikwa on Monday when four gunmen opened fire.", 7),
    ("A teacher was shot dead in Dikwa on Monday amid fears for some 40,000 displaced people.", 1),
    # ... but "as well as", "as many as" go on with the count (a review: "..., as well as" had lost the victims
    # after it), an aside gives the figure back to the verb, "as of", "as part of" open no clause, and "As" of a
    # place's name is no word ("in As Sulaymaniyah ... and 2 people in Erbil")
    ("Gunmen killed five villagers as well as two soldiers in Dikwa on Monday.", 7),
    ("Gunmen killed five villagers in Dikwa on Monday, as well as two soldiers.", 7),
    ("Gunmen killed as many as 12 villagers in Dikwa on Monday.", 12),
    ("Clashes between rival militias in Dikwa have killed, as of Monday, at least 47 people, officials said.", 47),
    ("Militants killed, when they overran the base in Dikwa on Monday, at least 30 soldiers.", 30),
    ("Gunmen killed 4 people in Dikwa on Sunday as part of a feud, and 3 police officers.", 7),
    # ... nor does "as" after "known", "dressed", "worked" (a second review)
    ("An airstrike killed a commander known as Abu Omar and four of his bodyguards in Dikwa.", 5),
    ("The bombing killed a man dressed as a policeman and 8 worshippers in Dikwa.", 9),
    ("Gunmen killed a man who worked as a driver and 3 of his passengers in Dikwa.", 4),
    # ... with words between ("known locally as"), nor "what it termed as", "as yet", "as also", and "amid" or
    # "until" heads a phrase, not a clause (a third review)
    ("Gunmen killed a commander known locally as Abu Omar and four of his bodyguards in Dikwa on Monday.", 5),
    ("The military said the raid killed what it termed as 25 militants in Dikwa on Monday.", 25),
    ("Terrorists killed two soldiers as also three civilians in Dikwa on Monday.", 5),
    ("Police killed amid the unrest at least 12 protesters in Dikwa on Monday.", 12),
    ("The fighting has killed until now more than 300 people in Dikwa, officials said on Monday.", 300),
    # ... and an opener with words between it and the figure leaves the figure to the verb: it is most often a
    # preposition or a clause inside the list of victims (a fourth review)
    ("Police killed a robber operating as a taxi driver and 2 members of his gang in Dikwa on Monday.", 3),
    ("Shelling killed a woman in Kafr as Sabi and 4 of her children on Monday, activists said.", 5),
    ("The coalition killed 40 children in Dikwa when it struck a school bus and 11 adults, officials said.", 51),
])
def test_people_of_a_clause_of_their_own_are_no_victims(pipeline: Pipeline, text: str, killed: int) -> None:
    assert only(pipeline, text).killed.count == killed


def test_a_figure_keeps_its_own_verb_before_the_next_group(pipeline: Pipeline) -> None:
    # "12 died and others were wounded": "others" is the next group, not the noun of the 12 (they had become 12
    # wounded)
    inc = only(pipeline, "Officials said 12 died and others were wounded when shelling hit the town of Kunduz on "
                         "Monday.")
    assert (inc.killed.count, inc.injured) == (12, None), inc.casualties


def test_as_of_a_place_name_opens_no_clause(pipeline: Pipeline) -> None:
    incs = incidents(pipeline, "A car bomb killed 3 people in As Sulaymaniyah on Monday and 2 people in Erbil.")
    assert sorted(i.killed.count for i in incs if i.killed) == [2, 3], [(i.location, i.killed) for i in incs]


@pytest.mark.parametrize("text, place", [
    # "across" a border, a river or a road is one crossing, not a toll spread over places (seen in AP copy from
    # Kashmir and from Ciudad Juarez); "across the province" still spreads it
    ("Soldiers on Tuesday killed at least eight people trying to sneak across the border near the town of Kunduz.",
     "Kunduz"),
    ("Prosecutors are investigating the killing of 11 people inside a home in Kunduz, across the river from "
     "Jalalabad.", "Kunduz"),
    ("Troops fired across the river and killed 4 smugglers near Kunduz on Monday.", "Kunduz"),
])
def test_a_crossing_is_no_spread_over_places(pipeline: Pipeline, text: str, place: str) -> None:
    inc = only(pipeline, text)
    assert (inc.location.name, inc.killed is not None) == (place, True), inc


@pytest.mark.parametrize("text", [
    "Airstrikes killed 40 people across the province of Kunduz on Monday.",
    # ... nor across the border states, a river valley (a review)
    "Bandit attacks across the border states of Kunduz and Takhar killed 300 people this year.",
    "Attacks across the Lake Chad Basin killed 45 people on Monday, officials in Maiduguri said.",
    "Bandit attacks across the border of Kunduz and Takhar killed 40 people on Monday.",
])
def test_a_toll_across_a_province_is_no_incident(pipeline: Pipeline, text: str) -> None:
    assert [i for i in incidents(pipeline, text) if i.killed] == []
