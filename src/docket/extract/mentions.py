"""Sentence-level mentions: casualties, strikes and counts, actors, sources, targets."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from docket.extract.numbers import NUMBER, SINGLE_DETERMINERS, Quantity, person_noun_pattern
from docket.extract.spans import Covered
from docket.vocab import Vocab, alternation, ascii_lower, word_regex

Candidate = tuple[Quantity, str, int, int]   # quantity, group, group start, group end
_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and|as well as|along with)\s*")
# ... unless the whole group is the subject again ("; all were killed", "they were all shot dead")
_ALL_OF_THEM = re.compile(r"(?i)[;,]\s*(?:and\s+)?(?:all|they|both)\b(?:\s+(?:of\s+them|were|was|had|have|been|all|later))*\s*$")
# A figure of people of its own in a clause after a group's ("...; 40 of them drowned", "two of whom were wounded",
# "and two were executed"): a number that counts people (of them, a verb, a person noun), not a date, a time, a distance
# or things ("on 12 March", "at 5 am", "2 km from", "in one car")
_FIGURE_RX = re.compile(rf"(?<![\w:.-])(?:{NUMBER}|dozens|scores|hundreds)(?![\w:.-])", re.I)
_FIGURE_OF_PEOPLE = re.compile(r"(?i)\s+(?:(?:of|among)\s+(?:them|whom|those)\b|(?:were|was|are|have|had|died|drowned|"
                               r"perished|survived|succumbed)\b)")
_GAP = re.compile(r"\s*(?:of\s+(?:the\s+|their\s+|them\s+|whom\s+|those\s+)?)?(?:[\w’'-]+\s+){0,2}?$")


# "four of them children", "two of whom were women": a part of the victims just counted
_PART_OF_THEM = re.compile(r"(?i)\s+of\s+(?:them|whom|those|the\s+(?:dead|victims|killed|wounded|injured))\b")

# "Of the 15 killed, eight were children": what follows is a part of that figure
_OF_THE = re.compile(r"(?i)\bof\s+the\s+$")
# "Activists reported 15 dead, while the ministry said 10 were killed": another source's figure for the same dead
# (both figures attributed; never one said to be more, other, also, among them, separate or elsewhere)
_REPORTED = re.compile(r"(?i)\b(?:said|says|reported|reports|claimed|put|gave|according to|told)\b")
_NOT_THE_SAME = re.compile(r"(?i)\b(?:also|more|other|others|another|additional|among|separate|third|fourth|fifth|"
                           r"elsewhere|nearby|neighbou?ring|later|too)\b")
# "12 children were among the dead": a part of the victims just counted (of the same outcome)
_AMONG_THEM = re.compile(r"(?i)\s+(?:were|was)\s+(?:also\s+)?among\s+(?:the\s+)?(dead|victims|killed|wounded|injured)\b")
_AMONG_OUTCOME = {"dead": "killed", "victims": "killed", "killed": "killed", "wounded": "injured", "injured": "injured"}
# "in Tuesday's shelling": a day, not a place the victims were in
_DAY_WORDS = frozenset(n.lower() for n in [*calendar.day_name, *calendar.month_name] if n)
_ANOTHER_CLAIM = re.compile(r"(?i)[^.;]*?,?\s+(?P<conj>while|whereas|but|though|although)\s+(?:[\w’'-]+\s+){1,5}?"
                            r"(?:said|says|reported|put|gave|claimed|told\s+\w+)\s+(?:that\s+|the\s+toll\s+at\s+|only\s+)?")

# "were not hurt", "have never been found": an outcome denied
_NEGATED = re.compile(r"(?i)\b(?:not|never)\s+(?:been\s+)?$")

# "12 were killed, up from an earlier toll of eight": a superseded figure
_EARLIER_FIGURE = re.compile(r"(?i)\b(?:up|down)\s+from\s+(?:an?\s+|the\s+)?(?:earlier|previous|initial|first)?\s*"
                             r"(?:death\s+)?(?:toll|figure|count|estimate|tally)?\s*(?:of\s+)?$")
# "..., a week after 30 died in a similar attack", "..., days after an ambush killed five soldiers": victims of another
# attack, which the sentence recalls after telling its own toll; "The attack came hours after a car bomb killed 12":
# the attack told before came after it (see MentionFinder.attack_came). Not "Thousands marched on Saturday, a day
# after a truck bomb killed 300" (the only attack of the sentence) nor "Two days after arriving in the town gunmen
# killed 12" (the attack itself). A place of its own after the figure makes it that place's toll.
_RECALL_SPAN = (r"(?:(?:a|an|one|two|three|four|five|six|several|few|couple|of|\d+)\s+){0,3}(?:hours?|days?|weeks?|"
                r"months?|years?)\s+(?:after|before|since)\s+(?:[\w’'-]+\s+){0,6}?$")
_RECALLED = re.compile(r"(?i),\s*" + _RECALL_SPAN)

# A running toll that counts more than one attack ("the death toll from this week's violence rose to 40")
_TOLL_SCOPE = re.compile(r"(?i)\b(?:since|so far|to date|this (?:week|month|year)|last (?:week|month|year)|in the past|"
                         r"over the|during the|(?:week|month|year)(?:'s|’s)|the (?:conflict|war|insurgency|crisis)|"
                         r"in (?:a|one|two|three|four|five|\d+) (?:days?|weeks?|months?)|(?:days?|weeks?|months?) of)\b")


@dataclass
class CasualtyMention:
    start: int
    end: int
    outcome: str
    group: str
    q: Quantity
    subset_of: int | None = None   # index of the mention it is part of ("including two children")
    combined: bool = False
    each: bool = False             # holds for each place of the sentence ("massacres in A, B and C")
    toll: bool = False             # a running toll ("the death toll rose to 15"): all the dead so far, not more
    alternative: bool = False      # another source's figure for the same dead ("..., while the ministry said 10")


@dataclass
class CountMention:
    start: int
    end: int
    q: Quantity
    label: str          # attack type or weapon label for strikes; aggregate metric for counts
    kind: str           # 'strike' | 'metric'
    group: str | None = None


@dataclass
class Labelled:
    label: str
    start: int
    end: int
    text: str


def _pair_names(matched: str) -> list[str]:
    """The two names of "X, a teacher, and one Y were killed" (appositions left out)."""
    head = re.split(r" (?:were|have been|had been) ", matched)[0]
    return [n.strip() for n in re.split(r"\s+and\s+(?:one\s+)?", re.sub(r",[^,]*,", "", head)) if n.strip()]


def stated_zeros(zero_rx: dict[str, re.Pattern[str]], text: str, start: int, end: int,
                 found: list[CasualtyMention]) -> list[CasualtyMention]:
    """A `people` row of 0 per outcome a stated-zero phrase covers (key "both": killed and injured), unless the
    sentence states that outcome already."""
    out: list[CasualtyMention] = []
    stated = {c.outcome for c in found}
    for key, rx in zero_rx.items():
        for m in rx.finditer(text, start, end):
            for outcome in ("killed", "injured") if key == "both" else (key,):
                if outcome in stated or any(c.outcome == outcome for c in out):
                    continue
                q = Quantity(m.start(), m.end(), 0, 0, 0, "exact", m.group())
                out.append(CasualtyMention(m.start(), m.end(), outcome, "people", q))
    return out


# what may stand between two figures of a list of outcomes ("killed 4 people and caused 15 injuries", "3 deaths, 12
# injuries", "killing 2; 9 injuries were reported")
_OUTCOME_LIST_GAP = re.compile(r"(?i)\s*(?:,|;|,?\s+and)\s+(?:(?:also\s+)?(?:caused|causing|left|leaving|with|"
                               r"resulting\s+in|inflicting|injured|wounded|injuring|wounding)\s+)?"
                               r"(?:(?:at\s+least|some|about|around|nearly|more\s+than|over)\s+)?")

# after a person named right after ", said": what befell them, told at once ("said a soldier who was wounded",
# "said a soldier and a policeman were killed"), or after a list that ends on "and" ("said a soldier, a policeman and
# two civilians were killed"); the outcome word must follow (see MentionFinder._speaker). A new clause after a comma
# (", and two soldiers were wounded", ", the wounded are ...") or an apposition (", a teacher whose son was wounded")
# tells of others.
_COUNTED = r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+[^,.;]{1,30}?"
_TOLD_OF = re.compile(rf"(?:(?:\s*,\s*{_COUNTED})+,?\s+and\s+{_COUNTED}|\s+and\s+{_COUNTED})?\s+(?:who\s+)?"
                      r"(?:(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:also\s+)?(?:among\s+the\s+)?|"
                      r"(?=died\b|perished\b))")

# right after a person: what befell them, told at once ("a boy killed", "a girl who was wounded", "a man who died")
_BEFELL = re.compile(r"\s+(?:(?:who|that)\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+)?"
                     r"(?:(?!(?:nearly|almost|narrowly)\b)\w+ly\s+|(?:later|also)\s+)?(?:(?:who|that)\s+(?=died\b))?")


class MentionFinder:
    """Finds the sentence-level mentions the incident builder assembles."""

    def __init__(self, vocab: Vocab) -> None:
        self.v = vocab
        raw = vocab.raw
        self.subset_rx = word_regex(raw["subset_markers"])
        self.subset_end_rx = re.compile(r"(?i)(?<![\w-])" + alternation(raw["subset_markers"]) + r"[\s,:]*$")
        self.spread_rx = word_regex(raw["spread_markers"])
        self.war_toll_rx = re.compile(r"(?i)\s*" + alternation(raw["war_toll"]) + r"\b")   # (at a sentence's start)
        self.anaphora_rx = word_regex(raw["anaphora"])
        self.earlier_death_rx = re.compile(rf"(?i)\b{alternation(raw['earlier_death_words'])}(?![\w-])")
        self.affiliated_before = re.compile(rf"(?i)\b{alternation([vocab.with_person_nouns(x) for x in raw['affiliated_before']])}$")
        # (after a comma: "..., said a police officer"; not "the army said a soldier and two civilians were killed")
        self.speech_before = re.compile(rf"(?i)[,;][\"”’']?\s*{alternation(raw['speech_verbs_before_speaker'])}\s+$")
        self.attribution_rx = word_regex(raw["attribution"])
        self.vague_time_rx = word_regex(raw["vague_time"])
        self.similar_rx = word_regex(raw["similar_attack"])
        self.attack_came = re.compile(r"(?i)\b" + alternation(raw["same_attack"]) + r"\s+(?:[a-z]+\s+)?(?:came|comes)\s+"
                                      r"(?:[a-z]+\s+)?" + _RECALL_SPAN)
        # "known as", "what it termed as": "as" a preposition, up to three words after the verb
        self.as_preposition_rx = re.compile(rf"(?i)\b{alternation(raw['as_preposition_after'])}(?:\s+[\w’'-]+){{0,3}}?\s+$")
        # an opener right before a figure: the figure is the subject of the clause it opens ("as more than 2,000 people
        # marched", "when four gunmen opened fire"); in lower case, and never before a hyphen ("as-Suwayda" is a place)
        self.subordinate_rx = re.compile(r"(?<![\w-])" + alternation(raw["subordinate_openers"]) + r"\s+(?:(?:more|fewer|less)"
                                         r"\s+than|over|about|some|at\s+least|nearly|around|almost|roughly|up\s+to|an?"
                                         r"\s+estimated|(?:tens|hundreds|thousands|dozens|scores)\s+of)?\s*(?:an?\s+)?$")
        self.plural_places_rx = word_regex(raw["plural_places"])
        self.same_attack_rx = word_regex(raw["same_attack"])
        # "(becoming) the third reporter (to be) killed in the past two weeks": the period a rank counts over, right
        # before a date of the sentence (which then dates no attack of it)
        # (a person noun of the lexicon right before the verb: "the latest attack killed five" is no rank)
        self.ranking_rx = re.compile(vocab.with_person_nouns(
            rf"(?i)\bthe\s+(?:{alternation(raw['ranking_words'])})\s+(?:(?!(?:was|were|is|are|has|had|have|an?|the|who)\b)"
            rf"[\w-]+\s+){{0,3}}?(?:PERSON_NOUN|victim)s?\s+"
            rf"(?:in\s+(?:the\s+)?[\w-]+\s+)?(?:(?:to\s+(?:be|have\s+been)|who\s+(?:was|has\s+been))\s+)?"
            rf"(?:killed|murdered|slain|assassinated|shot dead)\b[^,;.]{{0,40}}$"))
        self.place_statement_rx = word_regex(raw["place_statement"] + [
            vocab.with_person_nouns(p) for p in raw["victim_retold"]])
        # the words between a statement and its place, when none of them opens another clause
        # (a clock time's dots stay inside it: "happened at about 05:00 a.m. (0400 GMT) on Saturday at X")
        self.own_clause_rx = re.compile(rf"(?i)(?:\b[ap]\.m\.|(?<=\d)\.(?=\d)|"
                                        rf"(?!\b(?:{alternation(raw['clause_openers'])})\b)[^,;.]){{0,60}}")
        strike_nouns = {
            "airstrike": [r"air ?strikes?", r"air[- ]raids?", r"raids?", r"sorties"],
            "barrel_bomb": [r"barrel[- ]bombs?", r"explosive barrels?", r"barrel bombs? attacks?"],
            "rocket": [r"(?:[\w-]+ )?rockets?", r"rocket shells?"],
            "missile": [r"(?:[\w-]+ )?missiles?"],
            "shell": [r"(?:artillery |mortar |tank )?shells?", r"mortars?"],
            "cluster_munition": [r"cluster (?:bombs?|munitions?)"],
            "bomb": [r"(?:[\w-]+ )?bombs"],
        }
        self.strike_rx = {k: re.compile(r"^\s*(?:(?:[A-Za-z’'‘“”-]+\s+){0,2})" + alternation(v) + r"\b", re.I)
                          for k, v in strike_nouns.items()}
        self.person_rx = re.compile(person_noun_pattern(vocab), re.I)
        self.persons_rx = re.compile(person_noun_pattern(vocab, plural=True), re.I)
        self.verb_before_group = re.compile(rf"(?i)\b(?:{alternation(raw['verbs_to_death'])})\s+(?:[\w'’.-]+\s+){{0,4}}$")
        self.relative = re.compile(r"(?i)\b(?:who|which|that)\s+(?:had\s+|have\s+|has\s+|were\s+|was\s+)?(?:been\s+)?$")
        self.toll_rose = re.compile(r"(?i)\b(?:(?:death toll|number of (?:the )?dead)\b[^.;]{0,110}\b(?:rose|risen|climbed|"
                                    r"increased|reached|stood|stands|hit)\s+(?:to\s+|at\s+)?|(?:bringing|brought|raising|"
                                    r"raised|pushing|pushed|taking|took)\s+(?:the\s+)?(?:overall\s+|total\s+)?(?:death\s+)?"
                                    r"toll\s+(?:to|at)\s+(?:some\s+|at\s+least\s+)?)$")
        self.breakdown = re.compile(r"\s+(?:of them\s+|were killed\s+|died\s+)?(?:in|at)\s+(?:the\s+)?"
                                    r"(?:(?:town|village|city|camp|neighbou?rhood)\s+of\s+)?[A-Z]")
        self.by_agent = re.compile(r"(?i)\bby\s+(?:the\s+|some\s+|about\s+|around\s+|at least\s+)?$")
        roles = raw["actor_roles"]
        self.role_before = re.compile(r"(?:" + "|".join(roles["before"]) + r")$")
        self.brokered = re.compile(r"(?:" + "|".join(roles["broker"]) + r")$")
        self.role_after = re.compile(r"(?i)(?:" + "|".join(roles["after"]) + r")")
        self.zero_rx = {k: word_regex(v) for k, v in raw["zero_casualties"].items()}
        self.uncounted_rx = word_regex(raw["uncounted_killings"])
        self.singular_rx = word_regex(raw["singular_killed"])
        self.pair_rx = word_regex(raw["named_pair_killed"], flags=0)
        self.other_verb = re.compile(r"(?i)\b(?:are|is|was|were|have|has|had|while|but|who|which|after|before|then|"
                                     r"(?!including\b|according\b)[a-z]{3,}(?:ing|ed))\b")
        self.clause_break = re.compile(r"[;.]|\b(?:killed|killing|wounded|wounding|injured|injuring|died|while|but|and (?:wounded|injured))\b",
                                       re.I)
        self.agent_object = re.compile(r"\s+(?:at least\s+|more than\s+|over\s+|some\s+|about\s+|nearly\s+|around\s+)?"
                                       r"(?:\d|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                                       r"dozens|scores|hundreds|several|many|his|her|their|its|the|a|an)\b)", re.I)
        adverbs = alternation(raw["outcome_adverbs"])
        self.passive_after = re.compile(rf"\s+(?:were\s+|was\s+|have been\s+|has been\s+|had been\s+|others\s+|more\s+|"
                                        rf"have\s+|had\s+|are\s+)?(?:(?:{adverbs})\s+){{0,2}}(?:killed|wounded|injured|hurt|maimed|dead|"
                                        rf"murdered|shot dead|gunned down|died|lost their lives|hacked to death|beheaded)\b", re.I)
        # "causing five deaths and 18 injuries", "4 fatalities.": a figure of deaths, fatalities or injuries (never
        # "5 deaths per 100,000")
        # (the singular only after "one": "3 death sentences", "two death threats" are no deaths)
        self.noun_outcome_after = re.compile(r"\s+(?:deaths|fatalities|injuries|(?<=\bone )(?:death|fatality|injury)"
                                             r"(?!\s+(?:row|sentence|threat|penalty|squad|toll|certificate|warrant)))"
                                             r"\b(?!\s+per\b)", re.I)
        self.active_near = re.compile(r"(?:" + "|".join(
            sorted((p for ps in raw["outcomes"].values() for p in ps["active"]), key=len, reverse=True)) + r")\s*$", re.I)

    # -- casualties ------------------------------------------------------------------------------------
    def casualties(self, text: str, start: int, end: int, quantities: list[Quantity]) -> list[CasualtyMention]:
        """The victims a sentence counts: each quantity's group, its outcome, and what it is a subset of."""
        cands: list[Candidate] = []
        for q in quantities:
            cand = self._candidate(text, start, end, q, cands)
            if cand is not None:
                cands.append(cand)
        out = self._resolve(text, start, end, cands)
        # a figure of deaths or injuries after another figure counts only as the next of a list of outcomes ("killed
        # 4 people and caused 15 injuries", "five deaths and 18 injuries", "3 deaths, 12 injuries"), never a second
        # figure of one outcome nor one told with words between ("killed 2, taking the total to 12 deaths this
        # week", "wounded three, compared with 45 deaths in a similar raid last year": a statistic, another attack)
        out = [c for i, c in enumerate(out) if not (i and self.noun_outcome_after.match(text, c.q.end, end) and (
            any(x.outcome == c.outcome for x in out[:i]) or not self._listed_after(text, out[i - 1], c)))]
        zeros = self._zeros(text, start, end, out)   # ("No one was killed": no singular victim "was killed")
        final: list[CasualtyMention] = (zeros + self._uncounted(text, start, end, out + zeros)
                                        + self._singular(text, start, end, out + zeros))
        for c in out:   # "killed or wounded" with a vague amount: both outcomes; with a number it cannot be split
            if c.combined:
                if c.q.qualifier == "vague":
                    final.append(CasualtyMention(c.start, c.end, "killed", c.group, c.q, None, True))
                    final.append(CasualtyMention(c.start, c.end, "injured", c.group, c.q, None, True))
                continue
            final.append(c)
        return final

    def _candidate(self, text: str, start: int, end: int, q: Quantity, cands: list[Candidate]) -> Candidate | None:
        """(quantity, group, group start, group end) when the quantity counts people, else None."""
        if self.by_agent.search(text, max(start, q.start - 12), q.start):
            return None   # "shot dead by two assailants": who did it, not who died
        affiliated = self.affiliated_before.search(text, max(start, q.start - 60), q.start) \
            if q.text.lower() in SINGLE_DETERMINERS else None
        if affiliated and (any(c[3] <= affiliated.start() for c in cands) or not self._befell(text, q.end, end)):
            return None   # "said a spokesman for the provincial governor": whose spokesman, no victim (but "the father
            #               of a boy killed in the airstrike": the boy, unless a figure before counts him already)
        window_end = min(end, q.end + 45)
        for label, s, e in self.v.groups.find(text, q.end, window_end)[:1]:
            gap = text[q.end:s]
            if _GAP.match(gap) and not (re.search(r"(?i)\b(?:and|or)\s+$", gap) and self.v.outcome_passive.find(gap)):
                # (not across the figure's own verb: "12 died and more than 30 were wounded")
                if q.text.lower() in SINGLE_DETERMINERS and self._speaker(text, q.start, e):
                    return None   # "..., a doctor at the main hospital said": who speaks
                return (q, "inherit" if re.match(r"(?i)others|more", text[s:e]) else label, s, e)
        pm = self.persons_rx.match(text, q.end, window_end) if q.count != 1 else None
        if pm:   # "two female pastors", "five elders": any person noun of the lexicon, in the plural
            return (q, "people", q.start, pm.end())
        if re.search(r"(?i)\b(?:mother|father|parent|grandmother|grandfather)\s+of\s+$", text[max(start, q.start - 14):q.start]):
            return None   # "a mother of five was killed": her children, not victims
        if self.toll_rose.search(text[start:q.start]) or re.search(r"(?i)\bfamily of\s+$", text[max(start, q.start - 12):q.start]):
            return (q, "people", q.start, q.end)   # "the death toll rose to 12", "killed a family of five"
        if cands and (self.breakdown.match(text[q.end:q.end + 50]) or "another" in q.text.lower()):
            return (q, "inherit", q.start, q.end)   # "10 civilians: six in Ariha and four in Sarmin"
        if q.count == 1 and q.text.lower() in SINGLE_DETERMINERS:
            pm = self.person_rx.match(text, q.end, window_end)   # "a local reporter", "the village chief"
            title = pm and q.text.lower() == "the" and pm.group(1).split()[-1][:1].isupper()
            if pm and (self._speaker(text, q.start, pm.end()) or title):
                return None   # "..., the regional governor said", "the Attorney General": a speaker or a title
            if pm:
                return (q, "people", q.start, pm.end())
        if self.passive_after.match(text, q.end, min(end, q.end + 60)):
            return (q, "people", q.start, q.end)
        if self.noun_outcome_after.match(text, q.end, end) and self._noun_figure(text, start, q):
            return (q, "people", q.start, q.end)
        left = text[max(start, q.start - 30):q.start]
        if self.active_near.search(left) and (q.count is not None or q.qualifier == "vague"):
            return (q, "people", q.start, q.end)
        return None

    def _befell(self, text: str, at: int, end: int) -> bool:
        """Does the person named at ``at`` (a determiner's end) have what befell them told right after them, in this
        attack ("a boy killed in the airstrike", "a girl who was wounded", "a soldier who died")? Not an outcome word
        that is another verb's object ("who saw the bodies", "whose guards were killed"), nor an earlier death ("killed
        last year", "in a similar attack", "in 2016")."""
        person = self.person_rx.match(text, at, min(end, at + 60))
        if person is None:
            return False
        told = _BEFELL.match(text, person.end(), end)
        if told is None or not self._outcome_at(text, told.end(), min(end, told.end() + 30)):
            return False
        clause = re.split(r"[;.]", text[person.end():min(end, told.end() + 80)])[0]
        return self.earlier_death_rx.search(clause) is None

    def _outcome_at(self, text: str, at: int, stop: int) -> bool:
        """Does an outcome word ("killed", "wounded", "among the dead") begin right at ``at``?"""
        return any(h[1] == at for h in self.v.outcome_passive.find(text, at, stop))

    def _listed_after(self, text: str, prev: CasualtyMention, c: CasualtyMention) -> bool:
        """Is ``c`` the next figure of a list of outcomes after ``prev`` ("3 deaths, 12 injuries")?"""
        gap = prev.end
        noun = self.noun_outcome_after.match(text, gap, c.q.start)
        gap = noun.end() if noun else gap
        return _OUTCOME_LIST_GAP.fullmatch(text, gap, c.q.start) is not None

    @staticmethod
    def _noun_figure(text: str, start: int, q: Quantity) -> bool:
        """May "N deaths / fatalities / injuries" count an attack's victims? Not one person's wounds ("a soldier
        suffered 3 injuries"), nor a year ("the 2017 deaths of two journalists"); see :meth:`casualties` for a
        second figure of one outcome."""
        if re.fullmatch(r"(?:19|20)\d\d", q.text.strip()) and re.search(
                r"(?i)\b(?:the|into|over|of|for|in|since|after)\s+$", text[max(start, q.start - 8):q.start]):
            return False   # ("an inquiry into 2017 deaths"; but "caused 2000 deaths")
        return not re.search(r"(?i)\b(?:suffered|sustained)\s+$", text[max(start, q.start - 12):q.start])

    def _resolve(self, text: str, start: int, end: int, cands: list[Candidate]) -> list[CasualtyMention]:
        """Subsets, inherited groups and outcomes, in the order the sentence gives them."""
        out: list[CasualtyMention] = []
        parts: set[int] = set()   # the mentions that are "four of them": a list does not run on from them
        for i, (q, group, gs, ge) in enumerate(cands):
            between = text[out[-1].end if out else start:q.start]
            # the figure's own outcome word, right after it or its group ("12 dead and 30 injured", "and 20 others
            # were wounded"; not a later verb, "12 civilians and also wounded 30")
            own = bool(self.passive_after.match(text, q.end, min(end, q.end + 60))
                       or self.passive_after.match(text, ge, min(end, ge + 60)))
            subset_of = self._subset_of(between, out, q)
            if subset_of is not None and len(out) - 1 in parts and own and not self.subset_rx.search(between):
                subset_of = None   # ("..., four of them children, and 20 others were wounded": no longer the part)
            top = max((j for j, c in enumerate(out) if c.subset_of is None), default=None)
            among = _AMONG_THEM.match(text, ge)
            if among and top is not None and _AMONG_OUTCOME[among.group(1).lower()] != out[top].outcome:
                among = None   # ("five were killed and two civilians were among the wounded")
            if subset_of is None and top is not None and (_PART_OF_THEM.match(text, q.end) or among):
                subset_of = top   # "11 were killed, four of them children", "12 children were among the dead"
                parts.add(len(out))
            # "Of the 15 killed, eight were children": the figure right after, in the same clause, of the same outcome
            of_the = subset_of is None and top == len(out) - 1 and top is not None and ";" not in between \
                and bool(_OF_THE.search(text, max(start, out[top].q.start - 8), out[top].q.start))
            if group == "inherit":   # "... and four others": the main group before, not a subset group in it
                group = next((c.group for c in reversed(out) if c.subset_of is None
                              and c.group not in self.v.subset_groups), "people")
            # "activists reported 15 dead, while the ministry said 10 were killed": another source's figure for the
            # same victims (the first figure attributed too, the same group, nothing said to be more or other)
            claim = _ANOTHER_CLAIM.fullmatch(text, out[-1].end, q.start) if out else None
            alternative = claim is not None and subset_of is None and top == len(out) - 1 and top is not None \
                and (group == out[top].group or {group, out[top].group} <= {"people", "civilians"}) \
                and len(_REPORTED.findall(text, start, q.start)) >= 2 \
                and not self._other_victims(text, claim.start("conj"), q.end)
            outcome: str | None
            if subset_of is not None:
                outcome, combined = out[subset_of].outcome, False
            else:
                outcome, combined = self._outcome(text, start, end, q, gs, ge, cands, i)
            if out and i > 0 and _LIST_GAP.fullmatch(text[cands[i - 1][3]:q.start]) \
                    and out[-1].q is cands[i - 1][0] and not combined and not own:
                outcome = out[-1].outcome   # "five civil defense workers and many civilians": one verb for the list
            if of_the and top is not None and (outcome in (None, out[top].outcome) or not own):
                subset_of, outcome = top, out[top].outcome   # ("Of the 20 wounded, three died": three more dead)
                parts.add(len(out))
            if outcome is None:
                continue
            if subset_of is not None and outcome != out[subset_of].outcome:
                outcome = out[subset_of].outcome
            recalled = self.attack_came.search(text, max(start, q.start - 90), q.start) or any(
                c.outcome in ("killed", "injured") for c in out) and _RECALLED.search(text, max(start, q.start - 60),
                                                                                    q.start)
            if _EARLIER_FIGURE.search(text, max(start, q.start - 60), q.start) or recalled and not re.match(
                    r"[^,;.]*?\b(?:in|at|near)\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?[A-Z]",
                    text[q.end:min(end, q.end + 60)]):
                continue   # "up from an earlier toll of eight"; "a week after 30 died in a similar attack"
            rose = self.toll_rose.search(text[start:q.start]) if outcome == "killed" else None
            after = re.split(r"[,;.]", text[q.end:min(end, q.end + 50)])[0]   # ("raising the toll to 40 this week")
            if rose and (_TOLL_SCOPE.search(rose.group()) or _TOLL_SCOPE.search(after)) \
                    and any(c.outcome == "killed" for c in out):
                continue   # "killed two, bringing the death toll from this week's violence to 40": a statistic's
            out.append(CasualtyMention(q.start, ge, outcome, group, q, subset_of, combined, toll=bool(rose),
                                       alternative=alternative and top is not None and outcome == out[top].outcome))
        return out

    @staticmethod
    def _other_victims(text: str, conj: int, figure_end: int) -> bool:
        """Does the clause from ``conj`` to its figure's verb ("while police said 12 were also killed in Kandahar")
        say its victims are others: more, also, among them, elsewhere, or in a place the text has not named
        before? (Not a word of the next clause: "... 12 died and more than 30 were wounded".)"""
        clause = text[conj:figure_end] + re.split(r"[,;.]|\s(?:and|but|while)\s", text[figure_end:figure_end + 60])[0]
        if _NOT_THE_SAME.search(clause):
            return True
        named = text[:conj]
        return any(m.group(1) not in named and m.group(1).lower() not in _DAY_WORDS
                   for m in re.finditer(r"\bin\s+(?:the\s+)?([A-Z][a-z-]+)", clause))

    def _subset_of(self, between: str, out: list[CasualtyMention], q: Quantity) -> int | None:
        """The mention this one is part of ("11 people, including a foreign national and three minors"; the
        apposition "two persons, a lawyer and a teacher,")."""
        if not out:
            return None
        if q.count == 1 and q.text.lower() in ("a", "an") and (out[-1].q.count or 0) > 1 and out[-1].subset_of is None \
                and re.fullmatch(r"\s*[,:(–—-]\s*", between):
            return len(out) - 1
        last_top = max((j for j, c in enumerate(out) if c.subset_of is None), default=None)
        if last_top is not None and (self.subset_end_rx.search(between) or (
                self.subset_rx.search(between) and not self.clause_break.search(between))):
            return last_top
        if out[-1].subset_of is not None and self._continues_list(between):
            return out[-1].subset_of   # "four people, including a candidate in the elections (and one policeman)"
        return None

    def _continues_list(self, between: str) -> bool:
        """Does the text between two victim groups join them in one list ("a nurse from the clinic and two
        children")?"""
        return bool(re.fullmatch(r"\s*(?:,|and|,\s*and|as well as)\s*", between) or (
            len(between) < 60 and not self.clause_break.search(between)
            and re.search(r"(?:[(,]\s*|\s)(?:and|as well as)\s*$", between)))

    def _zeros(self, text: str, start: int, end: int, found: list[CasualtyMention]) -> list[CasualtyMention]:
        """Stated zeros ("no casualties were reported"): a `people` row of 0 per outcome the phrase covers."""
        return stated_zeros(self.zero_rx, text, start, end, found)

    def _singular(self, text: str, start: int, end: int, found: list[CasualtyMention]) -> list[CasualtyMention]:
        """"Journalist X was shot dead": one victim, when the sentence gives no figure of its own ("X and Y were
        assassinated": two)."""
        if any(c.outcome == "killed" for c in found):
            return []
        pair = self.pair_rx.search(text, start, end)
        if pair and any(self.v.groups.find(name, 0, len(name)) for name in _pair_names(pair.group())):
            pair = None   # "Soldiers and Policemen were killed" (a headline's capitals): groups, not two names
        m = pair or self.singular_rx.search(text, start, end)
        if not m or re.search(r"(?i)\b(?:who|which|that)\s+$", text[max(start, m.start() - 8):m.start()]):
            return []
        n = 2 if pair else 1
        q = Quantity(m.start(), m.end(), n, n, n, "exact", m.group())
        return [CasualtyMention(m.start(), m.end(), "killed", "people", q)]

    def _uncounted(self, text: str, start: int, end: int, found: list[CasualtyMention]) -> list[CasualtyMention]:
        """Killings without a figure ("massacres in A, B and C"): a vague killed row, unless a figure is given."""
        if any(c.outcome == "killed" for c in found):
            return []
        m = self.uncounted_rx.search(text, start, end)
        if not m or re.match(r"(?i)\s+of\b", text[m.end():m.end() + 4]) and re.search(r"\d", text[m.end():m.end() + 30]):
            return []
        q = Quantity(m.start(), m.end(), None, None, None, "vague", m.group())
        return [CasualtyMention(m.start(), m.end(), "killed", "people", q, each=True)]

    def _agent(self, text: str, group_start: int, verb_end: int) -> bool:
        """Is the verb that follows a group used actively, with its own victims after it ("attackers have killed
        five people", "80 armed men killed six villagers")? Then the group is the agent, not the victims."""
        before_verb = text[group_start:verb_end]
        if re.search(r"(?i)\b(?:were|was|been|being|are|is)\s+(?:\w+\s+){0,2}\w+$", before_verb):
            return False
        return bool(self.agent_object.match(text, verb_end))

    def _speaker(self, text: str, start: int, end: int) -> bool:
        """Is the person named at start..end the one who speaks ("the governor said", "according to a doctor")?"""
        if re.search(r"(?i)(?:according to|quoted|told|cited)\s+$", text[max(0, start - 20):start]):
            return True
        if self.speech_before.search(text, max(0, start - 20), start):
            # ("..., said a police officer in the state capital", "says a fellow journalist": the speech comes first)
            # unless what follows tells what befell them ("The spokesman, X, said a soldier, a policeman and two
            # civilians were killed", "said a soldier who was wounded")
            told = _TOLD_OF.match(text, end, min(len(text), end + 160))
            return told is None or not self._outcome_at(text, told.end(), min(len(text), told.end() + 40))
        # ("a doctor at the main hospital said", "the director of the hospital told AFP": where the speaker works)
        # (the words between never open a clause: "a journalist for a local radio station who had reported")
        return bool(self.v.report_verbs.match(text, end + 1) or re.match(r"\s*(?:,[^,]{0,60},\s*|\s(?:at|of|for|from|in|with)\s+"
                                                                  r"(?:(?!(?:who|whom|whose|which|that|had|has|have|was|were)\b)"
                                                                  r"[\w’'-]+\s+){1,5}?)?(?:has\s+|had\s+|have\s+)?"
                                                                  r"(?:said|says|told|reported|confirmed|announced|added|stated)\b",
                                                                  text[end:end + 80]))

    def _outcome(self, text: str, start: int, end: int, q: Quantity, gs: int, ge: int,
                 cands: list[tuple[Quantity, str, int, int]], i: int) -> tuple[str | None, bool]:
        v = self.v
        if v.combined_outcome.match(text, ge, min(end, ge + 30)) or re.match(r"\s+(?:were\s+|have been\s+)?(?:killed|dead) (?:or|and) (?:wounded|injured)", text[ge:ge + 40]):
            return "killed", True
        # a cue before an earlier victim group governs that group ("killed nine inmates and are hunting 19 others")
        prev_end = cands[i - 1][3] if i > 0 and cands[i - 1][0].start != q.start else start
        if start <= prev_end <= q.start and self.other_verb.search(text, prev_end, q.start):
            start = prev_end
        left_near = text[max(start, q.start - 40):q.start]
        noun = self.noun_outcome_after.match(text, q.end)
        if noun:   # "one death and 7 injuries": the noun right after the figure says which
            return ("injured" if "injur" in noun.group().lower() else "killed"), False
        if re.match(r"\s+to death\b", text[ge:ge + 12]) and self.verb_before_group.search(left_near):
            return "killed", False   # "gunmen shot two farmers to death"
        if re.search(r"(?i)\b(?:rose|risen|climbed|increased|jumped|reached|stood|stands|now|hit)\s+(?:to\s+|at\s+)?$", left_near) \
                and re.search(r"(?i)\b(?:death toll|toll of the dead|number of (?:the )?dead|number of deaths)\b", text[start:q.start]) \
                or self.toll_rose.search(text[start:q.start]):
            return "killed", False   # "the death toll from Monday's shelling rose to 12", "raising the toll to 15"
        if v.combined_outcome.search(left_near[-30:]) and re.search(r"(?:killing|killed)\s+(?:and|or)\s+(?:wounding|injuring|wounded|injured)\s*$", left_near, re.I):
            return "killed", True
        m = self.active_near.search(left_near)
        if m and re.search(r"(?i)\b(?:left|leaving)\s*$", left_near):
            # "left six injured", "leaving two dead" ("dead" may be the group word itself: "left 12 dead and 30 injured")
            after = v.outcome_passive.find(text, gs, min(end, ge + 25))
            if after:
                return after[0][0], False
        if m:
            hits = v.outcome_active.find(left_near, m.start(), len(left_near))
            if hits:
                return hits[0][0], False
        # passive cue to the right, up to the next quantity that is not a subset of this one
        stop = end
        for j in range(i + 1, len(cands)):
            if cands[j][0].start == q.start:
                continue   # the other bound of the same "between 13 and 20"
            between = text[cands[j - 1][3]:cands[j][0].start]
            if self.subset_rx.search(between) or self._continues_list(between):
                continue
            stop = cands[j][0].start
            break
        right = text[gs:stop]
        comb = v.combined_outcome.search(right)
        # a verb inside a relative clause is not what happened to them ("34 refugees who had fled ... were killed")
        # ("27 civilians who were killed" keeps its verb when no other follows)
        hits = v.outcome_passive.find(right)
        # a cue that only modifies the group's noun yields to one after the group ("20 displaced people ... were
        # killed"); "five dead and dozens wounded" keeps its own, and "40 wounded men" too when nothing follows
        hits = [h for h in hits if h[2] >= ge - gs] or hits   # (a cue that ends where the group ends is its own)
        hits = [h for h in hits if not self.relative.search(right, max(0, h[1] - 18), h[1])] or hits
        if hits and _NEGATED.search(right, 0, hits[0][1]):
            # "the three passengers were not hurt": no victims; "were not killed instantly but died later": died
            hits = [h for h in hits[1:] if not _NEGATED.search(right, 0, h[1])]
            if not hits:
                return None, False
        if comb and (not hits or comb.start() <= hits[0][1]):
            return "killed", True
        if hits and self._agent(text, gs, gs + hits[0][2]):
            return None, False   # "three gunmen killed five people": the number before the verb did the killing
        own_verb = re.match(r"(?i)\s+(?:have|has|had|were|was|are|is|will|would)\s+\w+[^,;.]*", text[ge:min(end, ge + 80)])
        if own_verb and not v.outcome_passive.find(own_verb.group()) and not re.search(
                r"(?i)\b(?:to death|alive|dead|died|killed|lives)\b", own_verb.group()):
            # "..., and 300 residents have left their homes": the subject of a verb of its own; a cue after the next
            # figure is that figure's ("300 people had surrendered, and two were killed": the two's), one before it
            # may still be theirs ("two men were riding a motorcycle, and were shot dead"), and the group's own word
            # still tells ("13 bodies have been found")
            # ("70 people were on board; 40 of them drowned", "two of whom were wounded": any figure counts)
            nxt = next((c[0].start for c in cands[i + 1:] if c[0].start != q.start), None)
            figure = next((f for f in _FIGURE_RX.finditer(text, ge, min(end, nxt) if nxt is not None else end)
                           if _FIGURE_OF_PEOPLE.match(text, f.end()) or self.persons_rx.match(text, f.end())), None)
            nxt = figure.start() if figure is not None else nxt
            if nxt is not None:   # (but "..., among them four children; all were killed": all eleven)
                hits = [h for h in hits if h[1] < ge - gs or gs + h[1] < nxt
                        or _ALL_OF_THEM.search(text, nxt, gs + h[1])]
            if not hits:
                return None, False
        if hits:
            return hits[0][0], False
        # farther left: the nearest active cue in the sentence
        left = text[start:q.start]
        hits = v.outcome_active.find(left)
        if hits:
            label, s, e = max(hits, key=lambda h: h[1])
            opener = self.subordinate_rx.search(left, e) if q.text.lower() not in SINGLE_DETERMINERS else None
            if opener is not None and left[opener.start():opener.start() + 2] == "as" and \
                    self.as_preposition_rx.search(left, 0, opener.start()):
                opener = None   # ("what it termed as 25 militants": a preposition)
            if q.start - (start + s) < 120 and opener is None:
                return label, False   # (not "killed seven people as 2,000 people marched": another clause's people)
        return None, False

    # -- strike counts and aggregate metrics --------------------------------------------------------------
    def counts(self, text: str, quantities: list[Quantity], casualty_spans: set[int]) -> list[CountMention]:
        out: list[CountMention] = []
        for q in quantities:
            if q.start in casualty_spans or q.count is None:
                continue
            after = text[q.end:q.end + 50]
            for what, rx in self.strike_rx.items():
                m = rx.match(after)
                if m:
                    label = {"rocket": "rocket_attack", "missile": "missile_strike", "shell": "shelling",
                             "bomb": "airstrike"}.get(what, what)
                    out.append(CountMention(q.start, q.end + m.end(), q, label, "strike"))
                    break
            else:
                for metric, s, e in self.v.aggregate_metrics.find(text, q.end, q.end + 60):
                    if re.fullmatch(r"\s*(?:[\w’'-]+\s+){0,2}", text[q.end:s]):
                        group = None
                        if metric == "facility_attacks":
                            tg = self.v.targets.find(text, s, e)
                            group = tg[0][0] if tg else None
                        out.append(CountMention(q.start, e, q, metric, "metric", group))
                    break
        return out

    # -- lexicon spans ----------------------------------------------------------------------------------
    def labels(self, lexicon_name: str, text: str, start: int, end: int) -> list[Labelled]:
        lex = getattr(self.v, lexicon_name)
        hits = lex.find(text, start, end)
        out: list[Labelled] = []
        taken = Covered(start, end)
        for label, s, e in sorted(hits, key=lambda h: (-(h[2] - h[1]), h[1])):
            if lexicon_name != "targets" and taken.overlaps(s, e):
                continue
            if taken.overlaps(s, e, label):
                continue
            out.append(Labelled(label, s, e, text[s:e]))
            taken.take(s, e)
            taken.take(s, e, label)
        out.sort(key=lambda x: x.start)
        return out

    def actors(self, text: str, start: int, end: int) -> list[Labelled]:
        """Actor-dictionary matches that may be perpetrators: the longest match wins, and a name in a role that
        is not attacking (lexicon ``actor_roles``: owner, target, broker, speaker, who holds a place) is left out."""
        low = ascii_lower(text)
        spans = [(m.start(), m.end(), self.v.actors[int(m.lastgroup[1:].split("_")[0])])  # type: ignore[index]
                 for m in self.v.actor_rx.finditer(low, start, end)]
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        covered = Covered(start, end)   # characters already taken by a longer match
        out: list[Labelled] = []
        for s, e, entry in spans:
            if covered.overlaps(s, e):
                continue
            before = text[max(start, s - 60):s].lower()
            if self.role_before.search(before) and not re.search(r"\bby\s+(?:the\s+)?$", before) \
                    or self.brokered.search(before):
                continue
            if entry.exclude_after and any(before.rstrip().endswith(x) for x in entry.exclude_after):
                continue
            if self.role_after.match(text, e, min(len(text), e + 40)):
                continue   # the group speaks here, or holds a place; it is not said to have attacked
            out.append(Labelled(entry.name, s, e, text[s:e]))
            covered.take(s, e)
        out.sort(key=lambda x: x.start)
        return out

    def sources(self, text: str, start: int, end: int) -> list[tuple[str, str, int, int]]:
        """(name, type, start, end) of who the sentence says reported it."""
        sent = text[start:end]
        if not (self.v.report_verbs.search(sent) or re.search(r"(?i)according to|quoted|cited", sent)):
            return []
        out: list[tuple[str, str, int, int]] = []
        taken: list[tuple[int, int]] = []
        for entry in self.v.sources:
            for m in entry.regex.finditer(text, start, end):
                if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                    continue
                if not self._reporting(text, m.start(), m.end(), end):
                    continue
                out.append((entry.name, entry.type, m.start(), m.end()))
                taken.append((m.start(), m.end()))
        for m in re.finditer(r"(?:according to|quoted)\s+(?:the\s+)?((?:[A-Z][\w’'&-]*\s*){1,7}(?:(?:health |interior |defen[cs]e |foreign )?"
                             r"(?:ministry|officials?|sources?|authorities|media|army|police|government|medics|doctors)\b)?)", sent):
            s, e = start + m.start(1), start + m.end(1)
            if any(not (e <= a or s >= b) for a, b in taken):
                continue
            name = m.group(1).strip()
            out.append((name, self._name_type(name), s, s + len(name)))
            taken.append((s, s + len(name)))
        for m in re.finditer(r"(?:^|[.,;]\s+|\bthe\s+|\bThe\s+)((?:[A-Z][\w’'&()-]*\s+){1,7})(?:on \w+\s+)?(?:said|reported|announced|documented|recorded|stated|confirmed)\b", sent):
            s, e = start + m.start(1), start + m.end(1)
            name = m.group(1).strip()
            if any(not (e <= a or s >= b) for a, b in taken) or name.split()[0] in ("He", "She", "It", "They", "We", "I"):
                continue
            if self.v.actor_rx.fullmatch(ascii_lower(name)):
                continue   # "the SDF said": an armed party speaking is recorded as an actor's claim elsewhere
            out.append((name, self._name_type(name), s, s + len(name)))
            taken.append((s, s + len(name)))
        out.sort(key=lambda x: x[2])
        return out

    def _reporting(self, text: str, s: int, e: int, end: int) -> bool:
        """Is this mention the subject of a report verb, or after 'according to'?"""
        before = text[max(0, s - 25):s].lower()
        after = text[e:min(end, e + 60)].lower()
        if re.search(r"according to\s+(?:the\s+)?$|quoted\s+(?:the\s+)?$|cited\s+(?:the\s+)?$", before):
            return True
        return bool(re.match(r"\s*(?:\([^)]{1,20}\)\s*)?(?:(?:agency|group|organi[sz]ation|network|service|teams?|volunteers)\s+)?(?:,[^,]{0,60},\s*)?(?:in [\w\s]{1,30}\s+)?(?:on \w+\s+|also\s+|earlier\s+|later\s+|have\s+|had\s+|has\s+)?"
                             r"(?:said|says|say|reported|reports|announced|documented|recorded|registered|stated|confirmed|told|added|noted|counted|pointed out|described)\b", after))

    def _name_type(self, name: str) -> str:
        for typ, words in self.v.source_name_types.items():
            if any(w in name for w in words):
                return typ
        for entry in self.v.sources:
            if entry.regex.fullmatch(name):
                return entry.type
        return "other"
