"""Place mentions: trigger phrases ("the town of X", "X neighbourhood", "rural X") and, for bare
names after a preposition, confirmation by the gazetteer or by the shape of Arabic place names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from typing import Protocol

from docket.extract.spans import Covered
from docket.text.names import actor_form, demonym_countries, demonym_country, lexicon
from docket.vocab import Vocab, alternation, ascii_lower

_ART = r"(?:al|el|ad|as|an|ar|ash|at|az|ez|es|ed|er|ul|Al|El|Ad|As|An|Ar|Ash|At|Az|Ez)"
# (a slash joins the names of one area: "Katsina/Ala", "Ogba/Egbema/Ndoni")
TOK = rf"(?:{_ART}[-‑])?[A-Z][\w’'`ʿ]*(?:[-‑][A-Za-z][\w’'`ʿ]*)*(?:/[A-Z][\w’'`ʿ]*(?:[-‑][A-Za-z][\w’'`ʿ]*)*)*"
# Romance names run on through their particles: "Playa del Carmen", "San Jose de Viborillas", "Pau d'Arco".
_PARTICLE = lexicon().particles(r"[ \t]+")   # "Playa del Carmen" (text/data/names.yaml)
NAME = rf"{TOK}(?:[ \t]+(?:{TOK}|{_ART}[ \t]+[A-Z][\w’'`]*|{_PARTICLE}[ \t]+{TOK})|[ \t]+d['’]{TOK}" \
       rf"|(?<=Republic)[ \t]+of[ \t]+(?:the[ \t]+)?{TOK}){{0,3}}"   # ("the Democratic Republic of Congo")
# Shapes of Arabic-derived place names that let a bare capitalised word count as a place.
_ARABIC_PREFIX = re.compile(
    r"^(?:Kafr|Kfar|Kafar|Kafer|Kefr|Tal|Tall|Tell|Khan|Deir|Dayr|Ain|Ayn|Jisr|Ma[’'`]?a?r|Maar|Beit|Bayt|Bab|"
    r"Ras|Umm?|Abu|Sheikh|Shaykh|Jabal|Jebel|Wadi|Qasr|Hayy|Marj|Mazraat|Tell|Hamm?am|Qalaat)", re.I)


# The words after a name that may still be part of it: uncapitalised ("Tel baluni") or marked with an ayn
# ("Umm 'Adam"), then up to two more words of any case ("Hawayes ebin Hadeeb").
_RUN_ON = re.compile(r"[ \t]+(?:['’‘`ʿ][A-Z]|[a-z])[\w’'`ʿ-]*(?:[ \t]+['’‘`ʿ]?[A-Za-z][\w’'`ʿ-]*){0,2}")


# A capitalised word and an ayn mark right before a name: the name's first word ("Umm" of "Umm 'Adam", "Ras" of
# "Ras 'Ayn"), which the name pattern, starting at a capital, leaves out; only a generic head word, an article or a
# whole name the gazetteer knows ("northern Aleppo 'Azaz town" is Azaz in Aleppo)
_AYN_HEAD = re.compile(r"(?<![\w’'`ʿ-])([A-Z][\w’'`ʿ-]*)[ \t]+['’‘`ʿ]$")

# The words before a name that may be part of it ("Gir yazil" of "Gir yazil Alkabeer", as OCHA spells it)
_RUN_BACK = re.compile(r"(?:['’‘`ʿ]?[A-Za-z][\w’'`ʿ-]*[ \t]+){1,3}$")


def _bare_head(name: str) -> bool:
    """"Tel", "Umm", "Kafr", "al-Tall": one of the generic words that begin Arabic place names
    (text/data/names.yaml ``generic_words``), with at most an article before it."""
    words = re.split(r"[\s-]+", ascii_lower(name))
    if len(words) == 2 and words[0] in lexicon().articles:
        words = words[1:]
    return len(words) == 1 and words[0] in lexicon().generic


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("h ", " ").rstrip("h"))


# Adjectives of nationality or region ("Mexican", "Nigerian", "Sudanese", "Iraqi") never name a region themselves.
_DEMONYM = re.compile(r"[A-Z][a-z]{2,}(?:ian|ean|ican|aican|ese)")


def _hyphenated(text: str, start: int, end: int) -> str:
    """The word at ``start``..``end`` with the parts hyphenated to it ("Turkish" -> "pro-Turkish")."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-‐–"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "-‐–"):
        end += 1
    return text[start:end]


class PlaceOracle(Protocol):
    """What the extractor asks the gazetteer (docket.geocode.Geocoder satisfies it)."""

    def place_kind(self, name: str, country: str | None = None) -> str | None: ...

    def region_name(self, name: str) -> str | None: ...

    def country_of(self, name: str) -> str | None: ...

    def region_country(self, name: str) -> str | None: ...

    def country_name(self, code: str) -> str | None: ...

    def knows_alike(self, name: str) -> bool: ...

    def spelled_like_town(self, name: str, admin1: str, country: str, tail_words: int = 0) -> bool: ...

    def town_regions(self, name: str, country: str | None) -> frozenset[str]: ...

    @property
    def home_countries(self) -> frozenset[str]: ...   # the countries of the gazetteers the user imported


# A bare name right before one of these nouns names a facility ("Omari mosque"), not a place.
_FACILITY_AFTER = re.compile(r"(?i)[ \t]+(?:mosque|hospital|school|clinic|church|bakery|university|stadium|prison|"
                             r"hotel|airport|airbase|base|bridge|dam|gate|street|road|highway|camp)\b")
# "75 km northeast of X", "north of X": a reference point, not where it happened.
_REFERENCE_BEFORE = re.compile(r"(?i)(?:\d+\s?(?:km|kilometres?|kilometers?|miles?)\s+(?:\w+\s+)?|(?<!\bin the )"
                               r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
                               r"south-east|south-west)\s+)(?:of|from)\s+$")   # ("in the south of X" is inside X)
# "15 km", "60 kilometres (35 miles)", "10 miles": the distance a landmark is measured at.
_DISTANCE = re.compile(r"(?i)(\d+(?:[.,]\d+)?)\s?(kms?|kilomet(?:er|re)s?|miles?)\b")


def stated_km(before: str) -> float | None:
    """The last distance stated in ``before`` ("30 kilometres from", "10 miles north of"), in km."""
    found = list(_DISTANCE.finditer(before))
    if not found:
        return None
    m = found[-1]
    km = float(m.group(1).replace(",", "."))
    return km * 1.609 if m.group(2).lower().startswith("mile") else km


_FACILITY_WORD = re.compile(r"(?i)\b(?:hospital|school|mosque|clinic|church|bakery|university|market|center|centre|"
                            r"headquarters|station|building|factory|prison|airport|base|hotel|office|palace|airfield|"
                            r"airstrip|compound|embassy|ministry|parliament|barracks|checkpoint)s?$")
# "shelled Daraa al-Balad": after an attack verb a capitalised name of two or more words is where it struck.
_ATTACK_VERBS = frozenset({"shelled", "bombed", "struck", "hit", "targeted", "targeting", "pounded"})
# "a market in X": what comes after such a noun and "in" is where it stands.
_FACILITY_IN_BEFORE = re.compile(r"(?i)\b(?:market|marketplace|mosque|school|bakery|camp|neighbou?rhood|village|town|"
                                 r"house|home|building|checkpoint|square)s?\s*$")
# "in Kafr Tala, a village in rural Hama": the apposition says it is a place.
_APPOSITION_AFTER = re.compile(r"(?i),?\s+(?:a|the)\s+(?:[a-z]+(?:-[a-z]+)?\s+){0,2}"
                               r"(?:town|village|city|neighbou?rhood|district|suburb|hamlet|camp|settlement|community|locality)\b")
# "a hospital in X received the bodies": where victims were taken, not where the attack was.
_RECEIVING_BEFORE = re.compile(r"(?i)(?:hospitals?|clinics?|morgues?|medical cent(?:er|re)s?)\b[^.;]{0,25}\bin\s+$")
# "the wounded were hospitalized in the central town of X": received there (the town right after "hospitalized in")
_HOSPITALIZED_IN = re.compile(r"(?i)\bhospitali[sz]ed\s+(?:in|at)\s+(?:the\s+)?(?:(?!(?:in|at|on|of|after|when|during|an?)\b)"
                              r"[\w-]+\s+){0,3}?(?:(?:town|city|village)\s+of\s+)?$")


@dataclass
class PlaceMention:
    start: int
    end: int
    name: str
    precision: str                 # 'town' | 'point' | 'region' | 'country'
    qualifier: str | None = None
    admin1: str | None = None
    list_id: int | None = None     # names given together in one list ("the towns of A, B and C")
    list_size: int = 1
    trigger: bool = True
    parent: str | None = None      # "El Fasher's Abushouk area" → parent El Fasher
    is_parent: bool = False        # names the town around a more specific place just before it
    inside: bool = False           # a town or market named inside its parent ("Mogadishu's Bakara market")
    near: str | None = None        # the town the text puts it near ("Abbati, a community outside Maiduguri")
    toward: str | None = None      # the town at the other end of the way ("the X-Y road", "between X and Y")
    role: str | None = None        # what the words around it make it (lexicon places.roles): 'title' for "the mayor
    #                                of X", 'speaker' for "officials in X", 'reference' for "10 km from X"...;
    #                                'capital' for the demonym of "the Syrian capital"


# a blank line: the end of a paragraph
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
# a capitalised name right before "in" (see PlaceFinder._unknown_before)
_NAME_BEFORE = re.compile(rf"(?P<name>{NAME})[ \t]+$")
# "the X-Y road": a road's name of two places joined by a hyphen, right after "the", whatever the case of their words
# ("the Bab Elkhayr-Al sedeh road"; not "the Al-Jazeera journalists on the highway", "an ISIS-laid mine on a road")
_ROAD_ENDS_BEFORE = re.compile(r"(?<=\bthe[ \t])[A-Z][\w'’]*(?:[ \t]+[\w'’]+){0,2}-(?!(?:led|held|backed|run|planted|laid|"
                               r"owned|made|based|linked|affiliated|style|controlled|allied)\b)[\w'’]+"
                               r"(?:[ \t]+[\w'’]+){0,2}[ \t]+$")

# the noun of a first-level region after its name ("Borno State", "Borno state", "Idlib province")
_REGION_NOUN = r"(?i:state|province|governorate|region|oblast|county)"

# the outskirts of a town: around it, not inside it
_AROUND = re.compile(r"(?i)\b(?:outskirts|suburbs|vicinity)\s+of\b")

# "X (Y)", "X (Y State)", "X (Y governorate)": the region a place lies in, in brackets after it
_PAREN_REGION = re.compile(rf"[ \t]*\([ \t]*(?P<name>{NAME}?)(?:[ \t]+(?i:province|governorate|state|region))?[ \t]*\)")

# "the border with X", "the frontier of X", "bordering X", "the X border": X is the country across it (not "the
# Kenya border town of Mandera")
_BORDER_NAMES = (re.compile(r"\b(?i:(?:border|frontier)s?\s+(?:with|of)|bordering)\s+(?:the\s+)?"
                            r"(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})"),
                 re.compile(r"(?<![\w-])(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})[ \t]+(?i:border|frontier)s?\b"
                            r"(?![ \t]+(?i:town|city|village|district|region|area|province|state)s?\b)"))

# What stands between a place and the region it lies in ("X in southern rural Y", "X, Y province")
_PARENT_GAP = re.compile(r"(?i)\s*(?:,|\bin)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}")


_RECEIVING = r"(?:received|receiving|treated|admitted|taken|transferred|brought|rushed|evacuated)"


def _receiving(text: str, at: int, end: int) -> bool:
    """Is the name at ``at`` where a hospital that received the victims stands: "the wounded were treated at a
    hospital in X", "... receiving treatment at a clinic in X", "a hospital in X received the bodies"? The verb of
    receiving must come in the same clause before the hospital, or right after the name ("air strikes hit a hospital
    in X, ...; others were brought to Y" is the attack in X)."""
    a, _ = _sentence_bounds(text, at)
    before = text[max(a, at - 100):at]
    if _HOSPITALIZED_IN.search(before):
        return True   # "militiamen injured in the fighting were hospitalized in the town of X"
    hospital = _RECEIVING_BEFORE.search(before)
    if hospital is None:
        return False
    return bool(re.search(rf"(?i)\b{_RECEIVING}\b[^.;,]{{0,45}}$", before[:hospital.start()])) or bool(
        re.match(rf"(?i)\s*(?:\w+\s+){{0,2}}{_RECEIVING}\b", text[end:end + 40]))


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence around pos (at ". " or a line break)."""
    a = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return a, min(ends) if ends else len(text)


def _title_case_line(text: str, pos: int) -> bool:
    """Is the line around pos a Title Case headline (most of its longer words capitalised)?"""
    a, b = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text[a:b if b >= 0 else len(text)]) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _qualifier(qual: str | None) -> str | None:
    if not qual:
        return None
    q = qual.lower()
    return "outskirts" if q.startswith("outskirt") else "near" if q in ("surroundings", "vicinity", "environs") else "countryside"


class _Found:
    """Places found so far between start and end, with the overlap test of the other recognisers (spans.Covered)."""

    def __init__(self, start: int, end: int) -> None:
        self.items: list[PlaceMention] = []
        self._covered = Covered(start, end)

    def add(self, p: PlaceMention) -> None:
        self.items.append(p)
        self._covered.take(p.start, p.end)

    def reserve(self, a: int, b: int) -> None:
        """A span no recogniser may take: a name that only says where another place is ("between X and Y")."""
        self._covered.take(a, b)

    def overlaps(self, a: int, b: int) -> bool:
        return self._covered.overlaps(a, b)


class PlaceFinder:
    def __init__(self, vocab: Vocab, oracle: PlaceOracle | None = None) -> None:
        cfg = vocab.place_cfg
        self.oracle = oracle
        self.landmark_km = lexicon().distances["landmark"]   # a landmark farther from the scene is no place for it
        self.report_verbs = vocab.report_verbs
        self.actor_rx = vocab.actor_rx   # "shelled HTS in Idlib": an actor, not a place
        self.adjective_rx = re.compile(rf"(?i)-(?:{alternation(cfg['adjective_suffixes'])})$")
        self.stop = frozenset(cfg["stopwords"])
        self.directions = frozenset(cfg["directions"])
        # the nouns that may follow a place's name without being part of it ("Tal village", "the Hakora front")
        self.place_nouns = frozenset(w for nouns in [*cfg["trigger_nouns"].values(), cfg["front_after"],
                                                    cfg["settlement_after"]] for w in nouns if re.fullmatch(r"[a-z]+", w))
        article = r"(?:the\s+)?(?:(?:[\w-]+\s+){0,2}?(?:town|city|village|capital|camp|district|province|area)\s+of\s+)?(?:the\s+)?" \
            rf"(?:{cfg['capital_before']})?"   # ("north of the capital Tegucigalpa": a landmark too)
        self.role_rx = {role: re.compile(rf"(?i)(?:{alternation(pats)})\s+{article}$") for role, pats in cfg["roles"].items()}
        self.victim_speaker_rx = re.compile(
            rf"(?i)\b(?:{alternation(cfg['speaker_victim_before'])})\s+(?:an?|the|one|two|three|four|five|six|seven|"
            rf"eight|nine|ten|\d+)\s+(?:[\w-]+\s+){{0,4}}?(?:{alternation(cfg['roles']['speaker'])})\s+{article}$")
        first = cfg["landmark_first"]
        self.landmark_before_rx = re.compile(rf"(?i)(?:{alternation(first['before'])})$")
        self.landmark_between_rx = re.compile(rf"(?i)(?:{alternation(first['between'])})")
        self.institution_rx = re.compile(rf"(?i)[ \t]+(?:{alternation(cfg['institution_after'])})")
        dirs = alternation([re.escape(d) for d in cfg["directions"]])
        town_nouns = alternation(cfg["trigger_nouns"]["town"])
        point_nouns = alternation(cfg["trigger_nouns"]["point"])
        lead = alternation(cfg["lead_words"])
        settle = alternation(cfg["settlement_after"])
        self.never_run_on = frozenset(cfg["never_run_on"])
        self.adverbs = frozenset(cfg["adverbs_after_name"])
        names = rf"(?P<names>{NAME}(?:\s*,\s*{NAME})*(?:\s*,?\s*(?:and|&)\s+{NAME})?)"
        # ("the outskirts of X", "the vicinity of X" need no town noun: only a place has outskirts)
        self.list_rx = re.compile(rf"(?i:\b(?:the\s+)?(?:(?P<qual>outskirts|surroundings|vicinity|countryside|outskirt|environs)\s+of\s+(?:the\s+)?)?"
                                  rf"(?:(?P<kind>{town_nouns})s?\s+of\s+|(?<=outskirts of )|(?<=outskirts of the )"
                                  rf"|(?<=vicinity of )|(?<=vicinity of the )|(?<=surroundings of )|(?<=surroundings of the )"
                                  rf"|(?<=environs of )|(?<=environs of the )))"
                                  rf"{names}")
        self.point_rx = re.compile(rf"(?P<name>{NAME})\s+(?i:(?P<kind>{point_nouns}|valley|basin|plain|town|city|village))\b")
        # ("the district of Kech", "the northwest tribal district of Bajaur")
        # (a compass word only before "tribal": "the eastern quarter of Aleppo" is a part of the city)
        self.point_of_rx = re.compile(rf"(?i:\bthe\s+(?:(?:(?:{dirs})\s+)?tribal\s+)?(?P<kind>neighbou?rhood|district|quarter|"
                                      rf"area|camp)\s+of\s+)(?P<name>{NAME})")
        named = alternation(cfg["modified_nouns"]["named_after_town"])   # ("the X airbase in Y": Y locates X)
        # ("X, a low-income neighbourhood in Y", "X, a suburb of Y", "X, the outskirts of Y", "X, a village in Y": Y
        # is X's town too, not a second place)
        part_of = alternation(cfg["part_of_town"])
        around = alternation(cfg["surroundings"])   # ("X and its surroundings in Y")
        self.surroundings_after_rx = re.compile(rf"(?i)\s+and\s+(?:its|their)\s+(?:(?:{dirs})\s+)?(?:{around})\b")
        self.parent_gap = re.compile(rf"^\s*(?:(?i:neighbou?rhood|district|quarter|area|camp|valley|basin|region|{settle}|village|town|{named})\s*)?(?i:and\s+(?:its|their)\s+(?:(?:{dirs})\s+)?(?:{around})\s*)?(?:,\s*|(?P<part>,\s*(?:an?|the)\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:(?i:{part_of})|(?P<settled>(?i:village|town|hamlet|{settle})))\s+(?=in\b|of\b))?(?:in|of|on)\s+(?:the\s+)?(?:(?i:{dirs})\s+)?(?:(?i:syrian|nearby)\s+)?(?:(?i:outskirts|suburbs|vicinity)\s+of\s+(?:the\s+)?)?(?:(?i:town|city|village|capital)\s+of\s+)?)$")
        self.rural_rx = re.compile(rf"(?i:\b(?:(?P<dir>{dirs})\s+)?(?:rural|the\s+countryside\s+of|countryside\s+of|the\s+(?:(?i:{dirs})\s+)?(?:[A-Z][a-z]+\s+|[a-z]+-[a-z]+\s+){{0,2}}(?:province|governorate|state|oblast|region)\s+of)\s+)(?P<name>{NAME})")
        self.prov_rx = re.compile(rf"(?:(?i:(?P<dir>{dirs}))\s+)?(?P<name>{NAME})(?:’s|'s)?\s+(?i:(?P<kind>province|governorate|countryside|region|suburbs?|state|oblast))\b")
        self.lead_rx = re.compile(rf"(?i:\b(?P<lead>{lead})\s+(?:the\s+)?(?:(?P<near>nearby|neighbouring|neighboring|besieged|[a-z]+-held|[a-z]+-controlled)\s+)?(?:downtown\s+)?(?:(?P<dir>{dirs})\s+)?)(?P<name>{NAME})")
        # "between X and Y", "on the road between the towns of X and Y": somewhere near X, on the way to Y
        self.between_rx = re.compile(rf"\b(?i:between)\s+(?:the\s+)?(?:(?P<kind>(?i:towns?|villages?|cities|communities))"
                                     rf"\s+of\s+)?(?P<a>{NAME})\s+(?i:and)\s+(?:the\s+)?(?P<b>{NAME})")
        # "on the X-Y road", "the X to Y highway": somewhere on the road out of X towards Y
        self.road_words = alternation(cfg["road_words"])
        # the capitalised words right before a road word, hyphenated names and all ("the Sarmada-Bab Al-Hawa road",
        # "the Dar-es-Salaam-Morogoro highway"), or two names joined by "to" ("the Gusau to Funtua highway")
        word = r"[A-Z0-9][\w’']*(?:-[\w’']+)*"
        self.road_rx = re.compile(rf"(?<![\w’'-])(?P<run>{word}(?:[ \t]+{word}){{0,5}})[ \t]+(?i:{self.road_words})\b")
        self.road_before_rx = re.compile(rf"(?i)(?<=[ \t])(?:{self.road_words})[ \t]+$")   # ("X road in Hama")
        self.road_to_rx = re.compile(rf"\b(?P<a>{NAME})[ \t]+to[ \t]+(?P<b>{NAME})[ \t]+(?i:{self.road_words})\b")
        # "between" where it says where the attack was ("an IED exploded between X and Y", "on the road between"),
        # not who took part ("clashes between X and Y", "killed in fighting between X and Y", "a dispute ...")
        self.between_where_rx = re.compile(rf"(?i:\b(?:{alternation(cfg['between_where'])})\s+(?:[\w’'-]+\s+){{0,3}}$)")
        self.between_who_after_rx = re.compile(rf"[ \t]+(?i:{alternation(cfg['between_who_after'])})\b")
        self.lead_more_rx = re.compile(rf"(?:[ \t]*,[ \t]*{NAME})*[ \t]*,?[ \t]*(?:and|&)[ \t]+{NAME}")
        self.facility_name_rx = re.compile(rf"(?i)\b(?:{alternation(cfg['facility_name_words'])})s?\b")
        # "X lies 32 km north of Y", "X is a village in ...": the text says X is a place (lexicon places.place_predicates)
        self.said_place_rx = re.compile(rf"(?:^|(?<=[.!?]\s))(?P<name>{NAME})\s+(?i:{alternation(cfg['place_predicates'])})\b")
        # a front, villages, an area, a place's surroundings or a road between two places "in" a name that is also
        # a governorate: the governorate ("the X-Y road in Hasakah", "X and its surroundings in Hasakah", whatever X
        # and Y are)
        self.area_before_rx = re.compile(rf"(?i)(?:\b(?:{alternation(cfg['front_after'])}|villages|towns|areas|"
                                         rf"countryside|outskirts)|(?<![\w’‘'`ʿ-])(?-i:[A-Z])[\w’‘'`ʿ-]*(?:\s+(?!(?:neighbou?rhoods?|districts?|quarters?|areas?|camps?|suburbs?)\b)[\w’‘'`ʿ-]+)?\s+and\s+(?:its|their)\s+(?:(?:{dirs})\s+)?{around}|\b(?-i:[A-Z])[\w’']*\s*[-–]\s*(?-i:[A-Z])[\w’']*\s+(?:{self.road_words}))\s*$")
        self.front_after_rx = re.compile(rf"[ \t]+(?i:{alternation(cfg['front_after'])})\b")
        self.settlement_after_rx = re.compile(rf"[ \t]+(?:[a-z]+[ \t]+)?(?i:{settle})\b")
        admin1_nouns, below = alternation(cfg["area_nouns"]["admin1"]), alternation(cfg["area_nouns"]["below"])
        # "X, Y Local Government Area", "X in Y district": the text says X lies in an area, so X is a place
        self.in_area_rx = re.compile(rf"\s*(?:,\s*(?:(?i:a|the)\s+[\w-]+\s+(?i:in|of)\s+|in\s+)?|(?:in|of)\s+)(?:the\s+)?"
                                     rf"(?:(?i:{dirs})\s+)?(?P<name>{NAME})\s+(?i:(?P<admin1>{admin1_nouns})|{below})\b")
        # "X, in the southern state of Y", "X, in the rebel-held region of Y": the same, told the other way round
        self.area_of_rx = re.compile(rf"\s*,\s*(?i:in\s+)?(?i:the)\s+(?:[\w-]+\s+){{0,2}}?"
                                     rf"(?i:(?P<admin1>{admin1_nouns})|{below})\s+of\s+(?:the\s+)?(?P<name>{NAME})")
        self.capital_rx = re.compile(rf"(?i:{cfg['capital_before']})(?P<name>{NAME})")
        self.demonyms = frozenset(d for ds in lexicon().demonyms.values() for d in ds)
        demonyms = alternation(sorted(self.demonyms, key=len, reverse=True))
        self.demonym_capital_rx = re.compile(   # "in the Syrian capital", "the northern Nigerian capital"
            rf"\b(?i:the)\s+(?:[a-z-]+\s+)?(?P<name>{demonyms})\s+(?i:capital)\b(?!\s+(?i:region|district|territory|"
            rf"province|state|city\s+of|of)\b)")
        self.country_capital_rx = re.compile(   # "in Chile's capital" (a country's name, checked by the oracle)
            r"\b(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})(?:’s|'s)\s+(?i:capital)\b(?!\s+(?i:region|district|"
            rf"territory|province|state|city\s+of|of|{alternation(cfg['capital_not_city_after'])})\b)")
        persons = cfg["persons"]
        # a word of a name: no function word ("Across Idlib, a child") and no possessive ("northern Mali's Gao, a
        # local official"); a name's words stand on one line
        word = rf"(?!{alternation(persons['function_words'])}\b)[A-Z][\w-]*(?:['’][A-Za-rt-z][\w-]*)?(?!['’]s\b)\b"
        apposition = vocab.with_person_nouns(persons["apposition"])
        self.person_rx = re.compile(   # "Mr. Ope Bademosi", "Ambrosio Soto Duarte, mayor of", "Gabriel Soto, 40,"
            rf"\b(?:{alternation(persons['titles'])})\.?[ \t]+(?:{word}[ \t]+){{0,3}}(?P<titled>{word})"
            rf"|(?:{word}[ \t]+){{1,3}}(?P<named>{word})(?=(?i:{apposition}))")
        self.border_after_rx = re.compile(rf"(?i:{cfg['country_border_after']})")
        self.place_word_rx = re.compile(rf"(?i)\b(?:{town_nouns}|state|province|district|county|region)\b")
        self.capital_after_rx = re.compile(rf"(?i:{cfg['capital_after']})")
        nouns = cfg["modified_nouns"]
        self.modified_rx = re.compile(rf"\b(?i:an?|the)\s+(?P<adj>(?:[a-z][\w-]*\s+){{0,2}})(?P<name>{NAME})\s+(?:[a-z][\w-]*\s+)?"
                                      rf"(?i:(?P<event>{alternation(nouns['event'])})|(?P<named>"
                                      rf"{alternation(nouns['named_after_town'])})|{alternation(nouns['facility'])})\b")
        # where an airport named after its town is the scene: "at/on/near the X airport", "shelled the X airbase"
        self.named_lead_rx = re.compile(rf"(?i)\b(?:{alternation([w for w in cfg['lead_words'] if w not in ('from', 'of', 'toward', 'towards')])})\s+$")
        # ("in Abbati near Maiduguri", "in X, west of Y", "in X, 5 km south of the town of Y")
        # (in lower case: "In Ambush On Convoy, West Of Mogadishu" is a headline's words)
        self.near_town_rx = re.compile(rf"(?:{alternation(cfg['landmark_after'])})\s+(?:the\s+)?"
                                       rf"(?:(?i:{town_nouns})\s+of\s+)?(?P<name>{NAME})")
        # (a lower-case noun or two may follow the landmark's name: "near the Bab al-Hawa crossing, in Idlib")
        self.landmark_end_rx = re.compile(self.near_town_rx.pattern + r"(?P<noun>(?:\s+[a-z]+){0,2})\s*,\s*$")
        self.landmark_noun_rx = re.compile(r"(?:[ \t]+[a-z]+){1,2}(?=[ \t]*,)")
        # "X, in Idlib": a comma, then the first-level region X lies in; unless more names follow the same way (a
        # list: "in Azaz, in Aleppo and in Idlib", "in Saraqib, in Idlib and Hama")
        self.comma_in_rx = re.compile(rf"\s*,\s*in\s+(?:the\s+)?(?:(?i:{dirs})\s+)?$")
        self.list_after_rx = re.compile(r"\s*(?:,\s*)?(?:(?:and|or)\s+(?:in\s+)?(?:the\s+)?|in\s+(?:the\s+)?)(?!(?:January|"
                                        r"February|March|April|May|June|July|August|September|October|November|"
                                        r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z]")
        # "in Aleppo city": the city; not "in Idlib city's countryside", "Raqqa city and countryside"
        self.city_after_rx = re.compile(r"[ \t]+(?i:city)\b(?!['’]s\b|[ \t]+(?i:and|countryside|outskirts|suburbs|"
                                        r"province|governorate|state)\b)")
        self.urban_end_rx = re.compile(rf"(?i)\b(?:{alternation(cfg['urban_landmarks'])})s?$")
        # a line or a sentence that opens on a first-level region, its noun (lexicon places.heading_nouns) and a
        # colon ("Idlib province: 4 airstrikes targeted ...", "Hama Province:" alone on its line): a section of a
        # daily report about that region. (A bare "Kabul:" or "LAGOS:" is a dateline, which says where the report
        # was filed, not where its attacks were.)
        self.heading_rx = re.compile(rf"(?m)(?:^[ \t]*|(?<=[.!?] ))(?P<name>{NAME})[ \t]+(?P<noun>(?i:"
                                     rf"{alternation(cfg['heading_nouns'])}))[ \t]*:(?=[ \t]*(?P<rest>[^\n]*))")
        self.in_region_rx = re.compile(rf"\s*(?:,\s*(?:(?i:a|the)\s+[\w-]+\s+(?i:in|of)\s+|in\s+)?|in\s+|of\s+)(?:the\s+)?(?:(?i:neighbou?ring|nearby)\s+)?(?:(?i:{dirs})\s+)?(?:(?i:rural)\s+|(?i:(?:[\w-]+\s+)?(?:countryside|province|governorate)\s+of\s+))?(?P<name>{NAME})(?:\s+(?i:province|governorate|countryside))?")

    # -- helpers -------------------------------------------------------------------------------------
    def _clean(self, name: str, start: int, countries: set[str] | None = None) -> tuple[str, int, str | None] | None:
        """Strip leading stopwords and a possessive parent; None if nothing place-like is left."""
        parent = None
        m = re.search(r"^(.*?)(?:’s|'s)\s+(.+)$", name)
        if m:
            parent, name = m.group(1), m.group(2)
            start += m.start(2)
        name = re.sub(r"(?:’s|'s)$", "", name)   # "in Aleppo's eastern districts": the owner is the place
        words = name.split()
        if words and self.adjective_rx.search(words[-1]):
            return None   # "a Shiite-dominated town", "the rebel-held city": an adjective, not a name
        if len(words) == 1 and _DEMONYM.fullmatch(words[0]) and not self._town_named_like_demonym(words[0], countries):
            return None   # "the eastern Mexican state of X": an adjective of nationality is not a place
        if len(words) > 1 and self.oracle is not None and self.oracle.place_kind(words[0]) == "country" \
                and self.oracle.place_kind(" ".join(words)) is None:
            start += len(words[0]) + 1   # "northeastern Nigerian Damboa": the adjective is not part of the name
            words = words[1:]
        while words and (words[0] in self.stop and not self._known_whole(words) or words[0].islower()):
            start += len(words[0]) + 1   # ("on Saturday at Epogi": the name is Epogi)
            words = words[1:]
        while words and words[-1] in self.stop and not self._known_whole(words):
            words = words[:-1]
        if not words:
            return None
        name = " ".join(words)
        return name, start, parent

    def _town_named_like_demonym(self, word: str, countries: set[str] | None) -> bool:
        """A village of one of the text's countries (or, when it names none, of the imported gazetteers') spelled
        like a nationality word ("near Zwaian in Aleppo"), never a word the lexicon lists as one, nor a town
        abroad ("Canadian and Afghan troops")."""
        if self.oracle is None or demonym_country(word):
            return False
        return any(self.oracle.place_kind(word, cc) == "town" for cc in countries or self.oracle.home_countries)

    def _known_whole(self, words: list[str]) -> bool:
        """"Western Kweires", "Central Darfur", "Rural Damascus", "Arab Shah", "Tal Eid": a name the gazetteer
        knows whole keeps the stopwords it begins or ends with (a compass word, "Rural", "Arab", "Eid")."""
        if len(words) < 2 or not words[0][:1].isupper():
            return False
        whole = " ".join(words)
        return self._kind(whole) is not None or (   # ("Eastern Rashidiya" for "Eastern Rashidiyeh": spelled alike)
            words[0].lower() in self.directions and self.oracle is not None and self.oracle.knows_alike(whole))

    def _with_qualifier(self, text: str, m: re.Match[str], name: str, s: int) -> tuple[str, int, bool]:
        """The name with the compass word the pattern took apart ("in North Kivu": dir North, name Kivu) put
        back when the two make a known place (see :meth:`_known_whole`); and whether it was."""
        d = m.groupdict().get("dir")
        if d and s == m.start("name") and self._known_whole([d, name]):
            return text[m.start("dir"):s + len(name)], m.start("dir"), True
        return name, s, False

    def _one_name(self, names: str) -> bool:
        """Is a list of names ("Jammu and Kashmir", "Trinidad and Tobago") one region or country the gazetteer
        knows whole?"""
        return " and " in names and self._kind(names.strip()) in ("region", "country")

    def _kind(self, name: str) -> str | None:
        if self.oracle is None:
            return None
        return self.oracle.place_kind(name)

    def _lead_place(self, text: str, m: re.Match[str], raw: str, raw_start: int,
                    countries: set[str] | None, listed: bool = False, said: frozenset[str] = frozenset()) -> PlaceMention | None:
        """A bare capitalised name after a preposition: a place if the gazetteer (or its shape) says so."""
        c = self._clean(raw, raw_start, countries)
        if c is None:
            return None
        name, s, parent = c
        name, s, qualified = self._with_qualifier(text, m, name, s)
        if self.actor_rx.fullmatch(ascii_lower(name)):
            return None   # "struck Taliban in Kunar", "fighters of the Taliban": an actor, whatever village is so named
        lead = m.group("lead").lower()
        fac = self.facility_name_rx.search(name)
        if fac:   # "at Penitenciária Agrícola de Monte Cristo in Boa Vista": the facility; the town follows ...
            head = name[:fac.start()].strip()
            if not head or " " in head or self._kind_in(head, countries) != "town" or re.search(r"(?i)\bthe\s+$", text[max(0, s - 5):s]):
                return None
            name = head   # ... but "in Abakaliki Prisons" stands in Abakaliki, a town the gazetteer knows
        facility = _FACILITY_AFTER.match(text, s + len(name))
        if facility and self._kind_in(name, countries) == "town" and not re.search(r"(?i)\bthe\s+$", text[max(0, s - 5):s]):
            facility = None   # "El Fasher Hospital": a facility named after its town (but "the Omari mosque" is not)
        before = text[max(0, m.start() - 40):m.start("lead")] + lead + " "
        km = stated_km(before)
        if facility or _REFERENCE_BEFORE.search(before) and (km is None or km > self.landmark_km):
            return None   # ("30 km from X": near X; "200 km north of X", "southwest of X" say too little)
        kind = self._kind_in(name, countries)
        tail = _RUN_ON.match(text, s + len(name)) if kind is None and self.oracle is not None else None
        whole = self._known_run_on(text, s, tail, countries, spelled=True) if tail is not None else None
        if whole is not None:
            name, kind = whole, "town"   # ("hit Kar awidani, Aleppo": OCHA's name whole, the first word unknown alone;
            #                              "the vicinity of Kba salhya in Raqqa": a spelling of OCHA's Qba salhya)
        end = s + len(name)
        if self.capital_after_rx.match(text, end) and not _FACILITY_WORD.search(name):
            kind = "town"   # "in Benin, the Edo State capital": the city, whatever else the name may be
        bare = not re.search(r"(?i)\bthe\s+$", text[max(0, s - 5):s])
        settled = self.settlement_after_rx.match(text, end)
        if kind is None and settled and (bare or self._in_area(text, settled.end())) \
                and not _FACILITY_WORD.search(name):
            kind = "town"   # "in Kukoki community", "the Tawari community of Kogi LGA" (but "the Hazara community"
            #                 is a people)
        if kind is None and self.surroundings_after_rx.match(text, end) and not _FACILITY_WORD.search(name):
            kind = "town"   # "shelled X and its surroundings": only a place has surroundings
        front = self.front_after_rx.match(text, end)
        if kind is None and front and self._admin1_after(text, front.end()) and not _FACILITY_WORD.search(name):
            kind = "town"   # "the Qorbana front in Hama": the village the front is named after
        if kind is None and lead in ("in", "at", "near", "on") and self._in_area(text, end) \
                and not _FACILITY_WORD.search(name):
            kind = "town"   # "in Ifiayong, Uruan Local Government Area", "at Epogi, in the Mokwa LGA"
        if kind is None and name in said:
            kind = "town"   # "... attacked Makeke. Makeke lies 32 km north of Beni": the text says it is a place
        if kind is None and not _ARABIC_PREFIX.match(name) and not (
                lead == "in" and _FACILITY_IN_BEFORE.search(text[max(0, m.start() - 30):m.start()])) \
                and not _APPOSITION_AFTER.match(text, s + len(name)) \
                and not re.match(r"[ \t]+(?i:market|souq|marketplace)\b", text[s + len(name):]) \
                and not (lead in _ATTACK_VERBS and m.group("near") is None and not _FACILITY_WORD.search(name)
                         and (len(name.split()) >= 2 or self._located_after(text, s + len(name)))) \
                and not (listed and not _FACILITY_WORD.search(name)) \
                and not (lead in ("in", "near", "at", "on") and self._located_after(text, s + len(name))
                         and not _FACILITY_WORD.search(name)):
            return None
        if kind == "town" and self._region(name) and m.group("dir") and not qualified:
            kind = "region"        # "in southern Idlib": a part of the governorate, not the city
        elif kind == "town" and self._region(name) and re.search(
                rf"(?i)(?:rural|countryside of|province of|rural areas of)\s+{re.escape(name)}|"
                rf"{re.escape(name)}(?:’s|'s)?\s+(?:and\s+[\w’'-]+\s+)?(?:[a-z-]+\s+)?(?:provinces?|governorates?|countryside)", text):
            kind = "region"        # "in Idlib" in a text that speaks of Idlib province: the governorate
        elif kind == "town" and self.city_after_rx.match(text, end):
            pass                   # "in Sheikh Maqsoud in Aleppo city": the city, whatever comes before it
        elif kind == "town" and self._region(name) and lead == "in" and self.area_before_rx.search(
                text, max(0, m.start() - 45), m.start()):
            kind = "region"        # "the Qorbanian front in Aleppo", "villages in Idlib": what contains them
        elif kind == "town" and self._region(name) and lead == "in" and self._between_before(text, m.start()):
            kind = "region"        # "an IED exploded between X and Y in Hama": what contains both
        elif kind == "town" and self._region(name) and lead == "in" and self._landmark_before(text, m.start()):
            kind = "region"        # "X, near Y, in Idlib", "X, west of Y, in Idlib": the region around X and Y
        elif kind == "town" and self._region(name) and lead == "in" and self._unknown_before(text, m.start()):
            kind = "region"        # "near Kurrazli in Aleppo": a village the gazetteer does not know, in the
            #                        governorate (or a quarter of the city: the governorate holds both)
        if kind == "country":
            return PlaceMention(s, s + len(name), name, "country", trigger=False)
        precision = "region" if kind == "region" else "town"
        qual = "near" if (lead == "near" or (m.group("near") or "").lower() == "nearby") else None
        return PlaceMention(s, s + len(name), name, precision, qual, trigger=False, parent=parent,
                            inside=parent is not None and precision == "town",
                            admin1=self._region(name) if precision == "region" else   # ("the Taif front in Hasakah":
                            self._admin1_after(text, front.end() if front else end))     #  Hasakah, past the front)

    def _between_before(self, text: str, at: int) -> bool:
        """Does a "between X and Y" of two names that says where (lexicon places.between_where: "exploded between",
        not "fighting between the SDF and ISIS", nor "between the clock tower and the main mosque") end right
        before ``at``?"""
        window = max(0, at - 110)
        b = re.search(r"\b(?i:between)\s+(?:the\s+)?[A-Z][^,;.]{0,60}\b(?i:and)\s+(?:the\s+)?[A-Z][^,;.]{0,40}$",
                      text[window:at])
        return b is not None and bool(self.between_where_rx.search(text, max(0, window + b.start() - 60),
                                                                    window + b.start()))

    def _landmark_before(self, text: str, at: int) -> bool:
        """Does "<a name>, near <a landmark outside a city>, " (or a bearing from it: "X, west of Y, ") end right
        before ``at``? (See :meth:`_settlement`.)"""
        landmark = self.landmark_end_rx.search(text, max(0, at - 100), at)
        return landmark is not None and self._settlement(landmark)

    def _settlement(self, landmark: re.Match[str]) -> bool:
        """Does the landmark lie outside a city, as "X, near Y, in Idlib" reads: a town the gazetteer knows, a
        village however spelled ("south of Maarat al-Numan"), a mountain, a border, an airbase? Only a landmark inside
        a city leaves "in Idlib" the city: a building, a street or a square (lexicon places.urban_landmarks: "near the
        Governor's Office, in Kandahar", "near Tahrir Square, in Baghdad"). (The governorate holds the city too: when
        in doubt it is the honest reading.)"""
        name = landmark.group("name") + (landmark.groupdict().get("noun") or "")
        return self._kind(landmark.group("name")) == "town" or not self.urban_end_rx.search(name)

    def _unknown_before(self, text: str, at: int) -> bool:
        """Is the word right before ``at`` a capitalised name the gazetteer does not know, and no facility ("near
        Kurrazli in Aleppo", "the Kukoki-Ifiayong road in Hama"; not "the Omari Hospital in Aleppo", "Saraqeb in
        Idlib")?"""
        road = self.road_before_rx.search(text[max(0, at - 30):at])
        if road:   # (a road named after a village the gazetteer does not know)
            at -= len(road.group())
        if _title_case_line(text, at):
            return False   # ("Civilians Killed in Aleppo": a headline's words are capitalised, not names)
        ends = _ROAD_ENDS_BEFORE.search(text, max(0, at - 60), at) if road else None
        if ends and not re.search(r"\b(?:on|in|at|of|to|from|near|by|with|and|or|the|an?)\b", ends.group()):
            return True   # ("the Bab Elkhayr-Al sedeh road in Raqqa": between two places, however spelled)
        m = _NAME_BEFORE.search(text, max(0, at - 60), at)
        if m is None or _FACILITY_WORD.search(m.group("name")) or m.group("name").split()[0] in self.stop:
            return False
        return self._kind(m.group("name")) is None

    def _kind_in(self, name: str, countries: set[str] | None) -> str | None:
        if self.oracle is None:
            return None
        if not countries or len(name) > 5:
            kind = self.oracle.place_kind(name)
            if kind == "town" and not countries and name.isupper() and len(name) <= 4:
                return None   # ("Somali and AU troops", "SAA units": an acronym, whatever town is so spelled)
            return kind
        kind = self.oracle.place_kind(name)
        if kind in ("country", "region", None):
            return kind
        return "town" if any(self.oracle.place_kind(name, cc) for cc in countries) else None

    def _town_in(self, name: str, countries: set[str] | None) -> bool:
        """Is ``name`` a town the gazetteer knows, anywhere or in one of the text's countries?"""
        return self._kind_in(name, countries) == "town" or self.oracle is not None and any(
            self.oracle.place_kind(name, cc) == "town" for cc in countries or ())

    def _in_region(self, name: str, region: str) -> bool:
        """May the town ``name`` lie in ``region``: unknown to the gazetteer, or known there ("the city of Homs,
        Hama" is two places)?"""
        if self.oracle is None:
            return True
        regions = self.oracle.town_regions(name, self.oracle.region_country(region))
        return not regions or region in regions

    def _region(self, name: str) -> str | None:
        if self.oracle is None:
            return None
        return self.oracle.region_name(name)

    def _country_after(self, text: str, end: int) -> bool:
        """Is the name at ``end`` followed by "in (eastern) <country>" or ", <country>"?"""
        m = self.in_region_rx.match(text, end, min(len(text), end + 60))
        return bool(m and self.oracle is not None and self.oracle.place_kind(m.group("name")) == "country"
                    and not _DEMONYM.fullmatch(m.group("name")) and not m.group("name").endswith(("i", "an")))

    def _in_area(self, text: str, end: int) -> re.Match[str] | None:
        """The area the text puts the name at ``end`` in, right after it ("X, Y Local Government Area", "X in Y
        district", "X, in the southern state of Y"): groups ``name`` and ``admin1`` (set for a first-level one)."""
        stop = min(len(text), end + 80)
        return self.in_area_rx.match(text, end, stop) or self.area_of_rx.match(text, end, stop)

    def _located_after(self, text: str, end: int) -> bool:
        """Does the text locate the name at ``end`` right after it: "in <a known region or country>" ("in Jamiliyeh
        in al-Hasakeh", "in Chiquimula in eastern Guatemala") or "near <a known town>"? Then it is a place."""
        return bool(self._admin1_after(text, end) or self._country_after(text, end) or self._near_town_after(text, end))

    def _near_town_after(self, text: str, end: int) -> bool:
        """Is the name at ``end`` followed by "near <a known town>" ("in Abbati near Maiduguri")?"""
        m = self.near_town_rx.match(text, end, min(len(text), end + 60))
        if m is None or self._kind(m.group("name")) == "town":
            return m is not None
        tail = _RUN_ON.match(text, m.end("name"))   # ("west of Khribet Al kukiyuh", as OCHA spells it)
        return tail is not None and self._known_run_on(text, m.start("name"), tail) is not None

    def _admin1_after(self, text: str, end: int, depth: int = 0) -> str | None:
        paren = _PAREN_REGION.match(text, end, min(len(text), end + 60))
        if paren and self._region(paren.group("name")):
            return self._region(paren.group("name"))   # "Khan Sheikhoun (Idlib)", "Damboa (Borno State)"
        m = self.in_region_rx.match(text, end, min(len(text), end + 60))
        area = self._in_area(text, end)
        if area and area.group("admin1") and not _DEMONYM.fullmatch(area.group("name")):
            return self._region(area.group("name")) or area.group("name")   # "X in Y state": Y is X's admin1
        if area and not depth:   # "X in Y district, Z", "X in Y district of Z province": Z, after the district
            after = self._admin1_after(text, area.end(), depth + 1)
            if after and self._region(after):
                return after
        landmark = None if paren or m or area or depth else self.near_town_rx.match(text, end, min(len(text), end + 60))
        noun = self.landmark_noun_rx.match(text, landmark.end()) if landmark else None
        if landmark and self._settlement(landmark) and not (noun and self.urban_end_rx.search(
                landmark.group("name") + noun.group())):   # "X, near Y, in Idlib", "X, west of Y (Hama)", "X,
            #                                                near the Y crossing, in Idlib": the region X and Y lie in
            after = self._admin1_after(text, noun.end() if noun else landmark.end(), depth + 1)
            if after and self._region(after):
                return after
        if not m:
            return None
        tail = text[m.end("name"):m.end()]
        rural = re.search(r"(?i)rural", text[end:m.start("name")])
        name = re.sub(r"(?:’s|'s)$", "", m.group("name"))   # "in Aleppo's northern countryside": Aleppo's
        # "Rural Damascus", "the Damascus countryside": a governorate of its own when the gazetteer says so
        for phrase in ("rural " + name if rural else None, name + tail, name):
            region = self._region(phrase) if phrase else None
            if region:
                return region
        if re.search(r"(?i)province|governorate|countryside", tail) or rural:
            return name
        return None

    # -- main ----------------------------------------------------------------------------------------
    def document_countries(self, text: str) -> set[str]:
        """Countries the text names ("Syria", "Yemen's", "the Syrian town of") or names a first-level region of
        ("rural Hasakah"): bare short names must be known there (an empty set admits them anywhere). A nationality
        that labels an actor ("Turkish forces", "the Syrian regime") says who acted, not where: it only widens the
        set the text's own place words open ("... in northern Syria": Syria or Turkey; "Turkish forces shelled Afrin"
        alone: anywhere). One made into a label ("pro-Turkish factions", "Saudi-led") counts nothing."""
        if self.oracle is None:
            return set()
        out, labels = set(), set()
        # ("the border with South Sudan", "near the Cameroon border"; "the Somali capital", "Pakistani police")
        borders = [m.span("name") for rx in _BORDER_NAMES for m in rx.finditer(text)]
        placed = demonym_countries(text)
        for m in re.finditer(r"\b[A-Z][a-z]+(?=([ \t]+[A-Z][a-z]+)?)", text):
            if actor_form(_hyphenated(text, m.start(), m.end())):
                continue
            if any(a <= m.start() < z for a, z in borders):
                continue   # ("in Ngala, near the border with Cameroon": the country across the border)
            for phrase in (m.group(), m.group() + (m.group(1) or "")):
                cc = self.oracle.country_of(phrase.strip()) or self.oracle.region_country(phrase.strip())
                demonym = demonym_country(phrase.strip())
                if cc and demonym and demonym not in placed:
                    labels.add(cc)   # ("Russian jets", "the Syrian regime": who acted)
                elif cc:
                    out.add(cc)
        return out | labels if out else set()

    def _role(self, text: str, p: PlaceMention) -> str | None:
        """'reference', 'origin', 'speaker' or 'title' when the words right before the name say so (see lexicon
        places.roles)."""
        before = text[max(0, p.start - 70):p.start]
        for role, rx in self.role_rx.items():
            if rx.search(before):
                return role
        return None

    def _speaks_after(self, text: str, end: int) -> bool:
        """Does a reporting verb follow in the same sentence ("activists in X said")?"""
        stop = min([i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0] or [len(text)])
        return bool(self.report_verbs.search(text, end, stop))

    def _without_side_places(self, text: str, found: list[PlaceMention]) -> list[PlaceMention]:
        """Drop places that are only an origin or a landmark. A landmark after a town in its sentence becomes
        that town's ``near`` ("Abbati village near Maiduguri", "Y, 10 km north of X"); with no town before it, it
        stays, qualified 'near' ("10 km north of X" alone: near X). A place in an office's title ("the mayor of
        X") stays only when its sentence names no other town."""
        out: list[PlaceMention] = []
        side_end = -1
        for p in found:
            if p.precision == "country" and self.border_after_rx.match(text, p.end):
                continue   # "near the Uganda border": near it, on either side
            role = "speaker" if self.institution_rx.match(text, p.end) else self._role(text, p)
            p.role = role or p.role   # (a demonym capital keeps its own; the scene's role stays None)
            if role == "speaker" and not self.institution_rx.match(text, p.end) and (
                    not self._speaks_after(text, p.end)
                    or self.victim_speaker_rx.search(text, max(0, p.start - 90), p.start)):
                role = None   # "a radio reporter in X was shot dead": a victim in X, not someone reporting from X
                if self.victim_speaker_rx.search(text, max(0, p.start - 90), p.start):
                    p.role = None
            if role in ("origin", "speaker") or (side_end >= 0 and p.precision in ("region", "country")
                                                and _PARENT_GAP.fullmatch(text, side_end, p.start)):
                side_end = p.end   # ("troops stationed in X in rural Y": Y only locates X, the base)
                continue
            side_end = -1
            if role == "title":
                a, z = _sentence_bounds(text, p.start)
                if any(q is not p and a <= q.start < z and q.precision in ("town", "point") and not q.is_parent
                       and self._role(text, q) != "title" for q in found):
                    continue   # "the emir of X ... were killed in Y": X names an office, Y the scene
            if role == "reference" and (stated_km(text[max(0, p.start - 70):p.start]) or 0) > self.landmark_km:
                continue   # "100 km south of the city of X": too far to stand for the scene
            if role == "reference":
                sentence_start = max(text.rfind(". ", 0, p.start), text.rfind("\n", 0, p.start)) + 1
                before = [q for q in out if q.end <= p.start and q.start >= sentence_start
                          and q.precision in ("town", "point")]
                if before:   # "Abbati village near Maiduguri": the landmark of the place just named
                    if before[-1].near is None and p.precision in ("town", "point"):
                        before[-1].near = p.name
                    continue
                if p.precision in ("town", "point"):
                    p.qualifier = p.qualifier or "near"
            out.append(p)
        return out

    def _landmarks_told_first(self, text: str, places: list[PlaceMention]) -> list[PlaceMention]:
        """"killed six farmers outside the city of X, in Y village": Y is the scene and X its landmark (``near``),
        not a place of its own. A region after the comma only locates X ("near X, in Y province")."""
        drop: set[int] = set()
        for i, (q, p) in enumerate(zip(places, places[1:], strict=False)):
            if q.precision in ("town", "point") and p.precision in ("town", "point") and p.near is None \
                    and self.landmark_between_rx.fullmatch(text, q.end, p.start) \
                    and self.landmark_before_rx.search(text[max(0, q.start - 70):q.start]):
                p.near = q.name
                drop.add(i)
        return [p for i, p in enumerate(places) if i not in drop]

    def find(self, text: str, start: int, end: int, countries: set[str] | None = None) -> list[PlaceMention]:
        """Every place the text names between start and end, each with its precision, parent and role."""
        found = _Found(start, end)
        lists = count(1)
        self._between_places(text, start, end, found, countries)
        self._list_places(text, start, end, found, lists)
        self._capital_places(text, start, end, found)
        self._demonym_capitals(text, start, end, found)
        self._point_places(text, start, end, found)
        self._region_places(text, start, end, found)
        self._lead_places(text, start, end, found, lists, countries)
        self._modifier_places(text, start, end, found, countries)
        # ("the wounded were treated at a hospital in X", "... receiving treatment at a hospital in X district")
        places = sorted((p for p in found.items if not _receiving(text, p.start, p.end)), key=lambda p: p.start)
        self._trim_title_case(text, places)
        places = self._run_on(text, places)
        self._link_parents(text, places)
        places = self._without_side_places(text, places)
        places = self._landmarks_told_first(text, places)
        places = self._without_persons(text, places)
        places = self._named_capitals(text, places)
        self._capitals(text, places)
        self._sections(text, places)
        return places

    def _sections(self, text: str, places: list[PlaceMention]) -> None:
        """A town of a daily report's section about a region ("Idlib province: ... airstrikes on X"; "Hama
        Province:" alone on its line, then the section's paragraphs) lies in that region unless its own sentence
        names another ("In Idlib, barrel bombs hit X"): the region is its admin1. A heading's section runs to the
        next heading, and no further than the end of its paragraph when text follows it on its line."""
        if self.oracle is None:
            return
        heads = []
        for m in self.heading_rx.finditer(text):
            name = m.group("name")
            rural = self._region("rural " + name) if m.group("noun").lower() == "countryside" else None
            region = rural or (self._region(name) if self._kind(name) != "country" else None)   # ("Damascus
            #                                                      Countryside:" is Rif Dimashq, not Damascus city's)
            if region:
                heads.append((m, region))
        for i, (m, region) in enumerate(heads):
            nxt = heads[i + 1][0].start() if i + 1 < len(heads) else len(text)
            if m.group("rest").strip():
                para = _PARAGRAPH_END.search(text, m.end())
                nxt = min(nxt, para.start() if para else len(text))
            for p in places:
                if not (m.end("name") <= p.start < nxt and p.precision in ("town", "point") and p.admin1 is None):
                    continue
                a, z = _sentence_bounds(text, p.start)
                if any(a <= q.start < z and q.start >= m.end() and self._region(q.name) not in (None, region)
                       for q in places):
                    continue   # ("Aleppo province: ... In Idlib, barrel bombs hit X": Idlib's; "Idlib" itself)
                p.admin1 = region

    def _without_persons(self, text: str, places: list[PlaceMention]) -> list[PlaceMention]:
        """Drop a mention that is the surname of a person the text names ("Ambrosio Soto Duarte, mayor of X ... in
        Duarte's security detail"), unless the text calls it a place there ("the town of Castro", "Castro
        village") or it stands right after "in"/"at"/"near" without a possessive ("in Castro")."""
        surnames = {m.group("titled") or m.group("named") for m in self.person_rx.finditer(text)}
        if not surnames:
            return places
        out = []
        for p in places:
            if p.name in surnames:
                before, after = text[max(0, p.start - 30):p.start], text[p.end:p.end + 20]
                possessive = re.match(r"['’]s?\b", after) is not None
                called = self.place_word_rx.search(before[-12:]) or self.place_word_rx.match(after.lstrip())
                if not called and (possessive or not re.search(r"(?i)\b(?:in|at|near)\s+$", before)):
                    continue
            out.append(p)
        return out

    def _trim_title_case(self, text: str, places: list[PlaceMention]) -> None:
        """In a Title Case headline a name runs on into the words after it ("the Town of Khan Sheikhoun Using
        Poisonous Gas"): an unknown name is cut back to the longest known name it starts with."""
        if self.oracle is None:
            return
        for p in places:
            words = p.name.split()
            if len(words) < 2 or not _title_case_line(text, p.start) or self._kind(p.name):
                continue
            for k in range(len(words) - 1, 0, -1):
                head = " ".join(words[:k])
                if self._kind(head):
                    p.name, p.end = head, p.start + len(head)
                    break

    def _run_on(self, text: str, places: list[PlaceMention]) -> list[PlaceMention]:
        """A name the gazetteer knows whole runs on over the uncapitalised or ayn-marked words after it ("Tel
        baluni", "Umm 'Adam", "Al Wasittah tal tamer", as OCHA spells them), or back over those before it ("Gir
        yazil" of "Gir yazil Alkabeer village", which alone matched another village); and a generic head word the
        pattern cut from the rest of its name ("Tel" of "Tel baluni", "Umm" of "Um 'Adem") is no place by
        itself: alone it matched other villages ("At Tall", hundreds of km away)."""
        if self.oracle is None:
            return places
        kept = []
        for p in places:
            back = _RUN_BACK.search(text, max(0, p.start - 60), p.start) if p.precision in ("town", "point") else None
            if back and re.search(r"(?:^|[ \t])(?:['’‘`ʿ]|[a-z])\S*[ \t]+$", back.group()):
                # ("airstrikes on Gir yazil Alkabeer village": OCHA's "Gir yazil Alkabeer", not "Alkabeer")
                for w in re.finditer(r"(?:^|(?<=[ \t]))['’‘`ʿ]?[A-Z]\S*", back.group()):
                    whole = text[back.start() + w.start():p.end]
                    if self._kind(whole) == "town":
                        p.name, p.start = whole, back.start() + w.start()
                        break
            tail = _RUN_ON.match(text, p.end)
            if tail is None or p.precision not in ("town", "point") or self._runs_on(tail.group(), True) is None:
                kept.append(p)   # ("in al-Tall village", "shelled Tal killing three": the name ends there)
                continue
            run_on = self._known_run_on(text, p.start, tail, spelled=self._kind(p.name) is None or _bare_head(p.name))
            if run_on is None and self._runs_on(tail.group()) is None:
                kept.append(p)   # ("shelled Tal at dawn": only a name known whole runs on over "at", "as", "an")
                continue
            if run_on is not None:
                p.name, p.end = run_on, p.start + len(run_on)
                kept.append(p)
            else:
                if not _bare_head(p.name):
                    kept.append(p)
                elif self._near_town_after(text, tail.end()) and not any(
                        w in self.adverbs or re.fullmatch(r"[a-z]+ly", w) for w in tail.group().lower().split()):
                    # ("on Um gwir, west of Rasm al ghazal": the whole name, which the town it lies by settles)
                    p.name, p.end = text[p.start:tail.end()], tail.end()
                    kept.append(p)
                else:   # ("hit Tel qorvashi, Aleppo": the governorate the text puts it in still stands)
                    region = self._admin1_after(text, tail.end())
                    m = self.in_region_rx.match(text, tail.end(), min(len(text), tail.end() + 60))
                    if region and m and not any(q.start == m.start("name") for q in places):
                        kept.append(PlaceMention(m.start("name"), m.end("name"), m.group("name"), "region",
                                                 trigger=False, admin1=region))
        return kept

    def _runs_on(self, tail: str, english_articles: bool = False) -> list[re.Match[str]] | None:
        """The words of a run-on tail (:data:`_RUN_ON`) that may still be part of the name before it; None when its
        first word ends the name (a stopword other than an article, a place noun, a verb in -ing or -ed). An
        article that is also an English word ("at", "as", "an"), or a generic word otherwise a stopword ("abu"),
        ends it unless ``english_articles``: only a name the gazetteer knows whole, or spells alike, runs on over it
        ("Khirbet at tamr", "Tall abu Farah", as OCHA spells them; never "Tal at dawn")."""
        words = list(re.finditer(r"\S+", tail))
        if not words:
            return None
        first = ascii_lower(words[0].group()).strip("'’‘`ʿ")
        article = first in lexicon().articles   # ("Tel al halib", as OCHA spells it)
        generic = english_articles and first in lexicon().generic   # ("Tall abu Farah": only a name known whole)
        if (first in lexicon().not_places and not article and not generic) or first in self.place_nouns \
                or first in self.never_run_on and not (english_articles and article and len(words) > 1) \
                or re.fullmatch(r"[a-z]+(?:ing|ed)", first):
            return None
        return words

    def _known_run_on(self, text: str, start: int, tail: re.Match[str], countries: set[str] | None = None,
                      spelled: bool = False) -> str | None:
        """The longest name from ``start`` over the words of ``tail`` that the gazetteer knows whole as a town (of
        one of ``countries`` when given), or (``spelled``) that is spelled like a town of the first-level region
        the text names right after it, of one of its countries ("Kba salhya in Raqqa" for OCHA's Qba salhya).
        Never one that ends on an article: "Karm al" of "Karm al zeitoun" is no Karm abroad."""
        words = self._runs_on(tail.group(), True) or []
        for i in range(len(words) - 1, -1, -1):
            w = words[i]
            whole = text[start:tail.start() + w.end()]
            if ascii_lower(w.group()).strip("'’‘`ʿ") in lexicon().articles or self.oracle is None:
                continue
            if self._kind(whole) == "town" and (not countries or any(
                    self.oracle.place_kind(whole, cc) == "town" for cc in countries)):
                return whole
            region = self._admin1_after(text, tail.start() + w.end()) if spelled else None
            home = self.oracle.region_country(region) if region else None
            if region and home and (not countries or home in countries) and all(
                    self._spelled_word(x.group(), words[j - 1].group() if j else None)
                    for j, x in enumerate(words[:i + 1])) and \
                    self.oracle.spelled_like_town(whole, region, home, tail_words=i + 1):
                return whole
        return None

    def _spelled_word(self, word: str, before: str | None = None) -> bool:
        """May a lower-case word after a name be part of it, as a spelling of a gazetteer's name (not only its exact
        one)? An article, or a word of five letters or more (three after an article: "at tamr") that is no plural,
        adverb or noun of the lexicons: English words of that shape are what spell like a village's last word ("Tal
        tower", "Um mill", "Kafr again", "Jeb towers"); OCHA's own lower-case words are transliterations, nearly all
        longer."""
        w = ascii_lower(word).strip("'’‘`ʿ")
        if w in lexicon().articles:
            return True
        shortest = 3 if before is not None and ascii_lower(before) in lexicon().articles else 5
        return len(w) >= shortest and not w.endswith("s") and w not in self.adverbs and not w.endswith("ly") and \
            w not in self.place_nouns and not self.urban_end_rx.search(w) and not _FACILITY_WORD.search(w)

    def _list_places(self, text: str, start: int, end: int, found: _Found, lists: Iterator[int]) -> None:
        """"the towns of A, B and C", "the village of X, Borno state", "the outskirts of the town of X"."""
        for m in self.list_rx.finditer(text, start, end):
            kind = (m.group("kind") or "town").lower()
            precision = "region" if kind in ("province", "governorate") else "town"
            list_id = next(lists)
            cleaned = []
            whole = m.group("names").rstrip()
            parts = [(whole, 0)] if self._one_name(whole) else [(p.group(), p.start())
                                                                 for p in re.finditer(NAME, m.group("names"))]
            for part, offset in parts:   # ("the state of Jammu and Kashmir": one name)
                c = self._clean(part, m.start("names") + offset)
                if c is not None and m.group("kind") is None and _FACILITY_WORD.search(c[0]):
                    continue   # ("the vicinity of the Omari Mosque": a facility, whatever town it is in)
                if c is None or self._region(c[0]) and kind in ("province", "governorate") or \
                        found.overlaps(c[1], c[1] + len(c[0])):
                    continue   # (or taken already: "between the towns of X and Y" is one place, near X)
                cleaned.append(c)
            tail = text[m.end():m.end() + 15]
            # ("the town of Gamboru, Borno State", "the village of X, Borno, on Monday": its region, after a comma)
            last_region = self._region(cleaned[1][0]) if len(cleaned) == 2 else None
            region_last = last_region is not None and re.fullmatch(
                r",\s*", text[cleaned[0][1] + len(cleaned[0][0]):cleaned[1][1]]) is not None and (
                    re.search(rf"\s{_REGION_NOUN}$", cleaned[1][0]) is not None
                    or not kind.endswith("s") and not re.match(r"\s+and\b", tail)) \
                and self._in_region(cleaned[0][0], last_region)
            if len(cleaned) > 1 and (region_last or re.match(rf"\s+{_REGION_NOUN}\b", tail)):
                # "the village of X, Borno state": the last name is the region the village is in, not a second village
                last_name, last_s, _ = cleaned.pop()
                region = self._region(last_name) or last_name
                found.add(PlaceMention(last_s, last_s + len(last_name), last_name, "region", None, admin1=region,
                                       is_parent=True))
                for name, s2, parent in cleaned:
                    found.add(PlaceMention(s2, s2 + len(name), name, precision, None, parent=parent, admin1=region))
                continue
            if kind == "suburb" and len(cleaned) == 1 and re.search(r"(?i)suburbs\s+of", m.group()):
                name, s, _ = cleaned[0]   # "the western suburbs of Hama": the governorate's countryside when the
                governorate = self._region(name)   # name is one, else around the town (not inside it)
                found.add(PlaceMention(s, s + len(name), name, "region" if governorate else "town",
                                       "countryside" if governorate else "outskirts", admin1=governorate))
                continue
            if kind.endswith("s") and len(cleaned) == 1 or re.match(r"(?i)\s+(?:province|governorate|countryside|region)\b", tail):
                if cleaned:
                    name, s, _ = cleaned[0]
                    found.add(PlaceMention(s, s + len(name), name, "region", None, admin1=self._region(name) or name))
                continue
            near = bool(re.search(r"(?i)\bnear\s+(?:the\s+)?$", text[max(start, m.start() - 12):m.start()]))
            for name, s, parent in cleaned:
                mention = PlaceMention(s, s + len(name), name, precision, _qualifier(m.group("qual")), list_id=list_id,
                                       list_size=len(cleaned), parent=parent)
                mention.admin1 = self._admin1_after(text, m.end())
                if near:
                    mention.qualifier = "near"
                found.add(mention)

    def _capital_places(self, text: str, start: int, end: int, found: _Found) -> None:
        """"in the capital Dhaka", "Somalia's capital Mogadishu", "the state capital, Puerto Ayacucho": a city."""
        for m in self.capital_rx.finditer(text, start, end):
            c = self._clean(m.group("name"), m.start("name"))
            if c is None or found.overlaps(c[1], c[1] + len(c[0])):
                continue
            name, s, _ = c
            found.add(PlaceMention(s, s + len(name), name, "town", trigger=False,
                                   admin1=self._admin1_after(text, s + len(name))))

    def _demonym_capitals(self, text: str, start: int, end: int, found: _Found) -> None:
        """"in the Syrian capital", "the Ukrainian capital", "in Chile's capital": that country's capital city,
        named by its demonym or its country (the geocoder finds the city: a nationality adjective alone is no
        place)."""
        countries = [m for m in self.country_capital_rx.finditer(text, start, end)
                     if self.oracle is not None and self.oracle.country_of(m.group("name"))]
        for m in [*self.demonym_capital_rx.finditer(text, start, end), *countries]:
            if found.overlaps(m.start("name"), m.end("name")) or self.capital_rx.match(text, m.start()):
                continue   # ("the Nigerian capital, Abuja", "Somalia's capital Mogadishu": the city is named)
            found.add(PlaceMention(m.start("name"), m.end("name"), m.group("name"), "town", trigger=False,
                                   role="capital"))

    @staticmethod
    def _named_capitals(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
        """"a Mogadishu hotel ... the Somali capital's busiest street": a capital told by its demonym in a sentence
        that names a town is that town told again (or a second place the sentence does not tell apart)."""
        def bounds(p: PlaceMention) -> tuple[int, int]:
            return _sentence_bounds(text, p.start)

        towns = {bounds(p) for p in places if p.role != "capital" and p.precision in ("town", "point")
                 and not p.is_parent}
        return [p for p in places if p.role != "capital" or bounds(p) not in towns]

    def _modifier_places(self, text: str, start: int, end: int, found: _Found, countries: set[str] | None) -> None:
        """"a popular Mogadishu hotel", "the Kabul suicide bombing": a town the gazetteer knows, named as the
        modifier of the place or the attack (lexicon places.modified_nouns)."""
        for m in self.modified_rx.finditer(text, start, end):
            c = self._clean(m.group("name"), m.start("name"))
            named = m.group("named") and self.named_lead_rx.search(text, max(0, m.start() - 20), m.start())
            if c is None or found.overlaps(c[1], c[1] + len(c[0])) or not self._town_in(c[0], countries) \
                    or not (m.group("event") or named or m.group("adj") or m.group().lower().startswith("a")):
                continue   # ("the Omari mosque": the mosque's own name; "flown from the Kismayo airport": no scene)
            name, s, _ = c
            found.add(PlaceMention(s, s + len(name), name, "town", trigger=False))

    def _point_places(self, text: str, start: int, end: int, found: _Found) -> None:
        """"X neighbourhood", "the district of X", "X town" (a reference point when measured from)."""
        for m in list(self.point_of_rx.finditer(text, start, end)) + list(self.point_rx.finditer(text, start, end)):
            if found.overlaps(m.start("name"), m.end("name")):
                continue
            c = self._clean(m.group("name"), m.start("name"))
            if c is None:
                continue
            name, s, parent = c
            head = _AYN_HEAD.search(text, max(0, s - 30), s)
            if head and (_bare_head(head.group(1)) or ascii_lower(head.group(1)) in lexicon().articles
                         or self._kind(text[head.start():s + len(name)]) == "town"):
                name, s = text[head.start():s + len(name)], head.start()   # ("Umm 'Adam village": not "Adam")
            settlement = m.re is self.point_rx and m.group("kind").lower() in ("town", "city", "village")
            if settlement and re.match(r"\s+of\s+(?:the\s+)?[A-Z]", text[m.end():m.end() + 12]) \
                    and re.search(r"(?i)\b(?:the|an?)\s+(?:(?!(?:in|at|on|of|near|from|to|by|with)\s)[a-z-]+\s+){0,3}$",
                                  text[max(0, s - 40):s]):
                continue   # "the Somali town of X", "the Amazon town of X": X is the town ("in Bardere town of
                #            Gedo region": Bardere)
            if settlement and name in self.demonyms:   # "a Kenyan town": the country, no town of that name
                cc = self.oracle.country_of(name) if self.oracle is not None else None
                country = self.oracle.country_name(cc) if self.oracle is not None and cc else None
                if country:
                    found.add(PlaceMention(s, s + len(name), country, "country", trigger=False))
                continue
            if settlement and (name in self.stop or self._region(name) and not self._kind(name)
                               or _REFERENCE_BEFORE.search(text[max(0, s - 40):s])):
                continue   # "15km north of Aleppo city" is a reference point
            if m.re is self.point_rx and m.group("kind").lower() in ("valley", "basin", "plain", "square", "street"):
                name = name + text[m.end("name"):m.end()]
            # (a local government area lies inside a state: "Donga LGA of Taraba State" is not Benin's Donga)
            lga = re.match(r"(?i)[ \t]+(?:lga|local[ \t]+government)\b", text[s + len(name):s + len(name) + 20])
            region = None if settlement or lga else self._region(name)
            precision = "town" if settlement else ("region" if region else "point")
            around = self.in_region_rx.match(text, m.end(), min(len(text), m.end() + 60))
            if around and re.search(r"(?i)\b(?:rural|province|governorate|countryside)\b", around.group()):
                around = None   # "the X area in the Raqqa countryside": a governorate (its admin1), not a town around it
            around_c = self._clean(around.group("name"), around.start("name")) if around else None
            found.add(PlaceMention(s, s + len(name), name, precision,   # (an LGA is no neighbourhood of its state)
                                   parent=None if lga else parent or (around_c[0] if around_c else None),
                                   admin1=region or self._admin1_after(text, m.end())))

    def _region_places(self, text: str, start: int, end: int, found: _Found) -> None:
        """"rural Hama", "the province of X", "X state", "Idlib countryside"."""
        for rx in (self.rural_rx, self.prov_rx):
            for m in rx.finditer(text, start, end):
                if found.overlaps(m.start("name"), m.end("name")):
                    continue
                c = self._clean(m.group("name"), m.start("name"))
                if c is None:
                    continue
                name, s, _ = c
                name, s, _ = self._with_qualifier(text, m, name, s)
                kind = (m.groupdict().get("kind") or "").lower()
                if kind.startswith("suburb") or _DEMONYM.fullmatch(name):
                    continue   # "the Mexican state of X": an adjective of nationality is not a region
                qual = "countryside" if rx is self.rural_rx or kind == "countryside" else None
                if rx is self.rural_rx and re.search(r"(?i)(?:province|governorate|state|oblast|region) of", m.group()):
                    qual = None
                rural = self._region("rural " + name) if qual == "countryside" else None   # "Rural Damascus"
                found.add(PlaceMention(s, s + len(name), name, "region", qual, admin1=rural or self._region(name) or name))

    def _between_places(self, text: str, start: int, end: int, found: _Found, countries: set[str] | None) -> None:
        """"an IED exploded between X and Y", "on the X-Y road": one place, near X, on the way towards Y (``toward``),
        when one of them is a town the gazetteer knows, or the text calls them towns ("between the villages of X and
        Y") or names a road after them; never two incidents, and never peoples, groups, regions or countries
        ("clashes between the Hema and Lendu", "between Taraba and Adamawa")."""
        pairs: list[tuple[tuple[str, int], tuple[str, int], bool]] = []
        for m in self.between_rx.finditer(text, start, end):
            a, b = self._clean(m.group("a"), m.start("a")), self._clean(m.group("b"), m.start("b"))
            if a is None or b is None or self.between_who_after_rx.match(text, m.end("b")):
                continue   # ("between Kano and Kaduna youths": who, not where)
            if re.search(r",\s*$", text[max(start, m.start() - 3):m.start()]):
                found.reserve(a[1], m.end("b"))   # "in Konduga, between Maiduguri and Bama": Konduga's landmarks
                continue
            if m.group("kind") or self.between_where_rx.search(text, max(start, m.start() - 60), m.start()):
                pairs.append(((a[0], a[1]), (b[0], b[1]), bool(m.group("kind"))))
        for m in self.road_to_rx.finditer(text, start, end):
            a, b = self._clean(m.group("a"), m.start("a")), self._clean(m.group("b"), m.start("b"))
            if a is not None and b is not None and self._town_in(a[0], countries) and self._town_in(b[0], countries):
                pairs.append(((a[0], a[1]), (b[0], b[1]), True))
        pairs += [x for m in self.road_rx.finditer(text, start, end) if (x := self._road_ends(text, m, countries))]
        for (a_name, a_start), (b_name, b_start), named in pairs:
            if found.overlaps(a_start, b_start + len(b_name)):
                continue
            kinds = [self._kind_in(x, countries) for x in (a_name, b_name)]
            if any(k in ("country", "region") for k in kinds) or any(
                    self.actor_rx.fullmatch(ascii_lower(x)) for x in (a_name, b_name)):
                continue   # "between Taraba and Adamawa" (two states), "between the army and Boko Haram"
            if not named and not (self._town_in(a_name, countries) or self._town_in(b_name, countries)):
                continue   # (one town the gazetteer knows is enough: the other may be a village it does not)
            found.add(PlaceMention(a_start, a_start + len(a_name), a_name, "town", qualifier="near", trigger=named,
                                   toward=b_name))
            found.reserve(b_start, b_start + len(b_name))

    def _road_ends(self, text: str, m: re.Match[str], countries: set[str] | None) -> tuple[tuple[str, int],
                                                                                               tuple[str, int], bool] | None:
        """The two towns a road is named after, split at the hyphen that leaves on each side a town the gazetteer
        knows in one of the text's countries ("Sarmada-Bab Al-Hawa", "Deir Ez-Zor-Raqqa"); or, for a road in a
        first-level region the text names right after it, of one country, at its one hyphen when an end is a town
        of that country or spelled like one of the region's ("the Jubb Ar Rummman-Neimiyeh road in Hama"), that end
        first. None for a road named after one place ("the Ras Al-Ain road", "the Trans-Sahara highway") or after
        towns of no one country the text names ("the Santa Fe-Victoria road")."""
        run, s = m.group("run"), m.start("run")
        number = next(reversed(list(re.finditer(r"\S*\d\S*\s*", run))), None)   # ("the Route 1 Kabul-...", "M4")
        if number is not None:
            run, s = run[number.end():], s + number.end()
        if not run or self._town_in(run, countries) or self.oracle is None:
            return None
        def ends(hy: re.Match[str]) -> tuple[tuple[str, int], tuple[str, int]]:   # the names on each side, and where
            rest = run[hy.end():]
            return (run[:hy.start()].strip(), s), (rest.strip(), s + hy.end() + len(rest) - len(rest.lstrip()))

        dashes = list(re.finditer(r"[-–]", run))
        for hy in dashes:
            (a, _), (b, b_start) = ends(hy)
            if a and b[:1].isupper() and any(self.oracle.place_kind(a, cc) == "town" and self.oracle.place_kind(b, cc)
                                            == "town" for cc in countries or ()):
                return (a, s), (b, b_start), True
        region = self._admin1_after(text, m.end()) if len(dashes) == 1 else None
        home = self.oracle.region_country(region) if region else None
        if region and home and (not countries or home in countries):
            # "the Jubb Ar Rummman-Neimiyeh road in Hama": on a road in the governorate the text names (of one
            # country), two names spelled like towns of it: near the first. One alone ("the Gwoza-Kukoki road in
            # Borno State", "the Castello-Handarat road in Aleppo": Castello is no village): near that one.
            first, second = ends(dashes[0])
            if first[0][:1].isupper() and second[0][:1].isupper():
                for x, y in ((first, second), (second, first)):
                    if self.oracle.place_kind(x[0], home) == "town" or self.oracle.spelled_like_town(x[0], region, home):
                        return x, y, True
        return None

    def _lead_places(self, text: str, start: int, end: int, found: _Found, lists: Iterator[int],
                     countries: set[str] | None) -> None:
        """Bare names after a preposition or an attack verb, alone or in a list ("on Ariha and Sarmin")."""
        said = frozenset(x.group("name") for x in self.said_place_rx.finditer(text))
        for m in self.lead_rx.finditer(text, start, end):
            names = [(m.group("name"), m.start("name"))]
            more = self.lead_more_rx.match(text, m.end("name"))
            if more and self._one_name(text[m.start("name"):more.end()]):
                names = [(text[m.start("name"):more.end()].rstrip(), m.start("name"))]   # "in Jammu and Kashmir"
            elif more:   # "in Afrin and Hasakah", "on Harasta, Douma and Saqba"
                names += [(x.group(), more.start() + x.start()) for x in re.finditer(NAME, more.group())]
            mentions = [self._lead_place(text, m, raw, raw_start, countries, said=said) for raw, raw_start in names]
            if len(names) > 1 and any(x is not None and x.precision == "town" for x in mentions):
                # "on Ariha and Sarmin": a list of places is all places, known to the gazetteer or not
                mentions = [x or self._lead_place(text, m, raw, raw_start, countries, listed=True)
                            for x, (raw, raw_start) in zip(mentions, names, strict=True)]
            kept = [x for x in mentions if x is not None and not found.overlaps(x.start, x.end)]
            if len(kept) > 1:
                list_id = 100 + next(lists)
                for x in kept:
                    x.list_id, x.list_size = list_id, len(kept)
            for x in kept:
                found.add(x)

    def _link_parents(self, text: str, places: list[PlaceMention]) -> None:
        """"Al-Qusour neighbourhood in the city of Idlib": the city is the parent, not a second place; so is the
        province around a district."""
        for a, b in zip(places, places[1:], strict=False):
            if a.list_id is not None and a.list_id == b.list_id:
                continue
            gap = a.end   # ("between X and Y in Z", "the X-Y road in Z": Z locates X, past the other end Y)
            if a.toward:
                other = re.match(rf"\s*(?:(?i:and|to)\s+(?:the\s+)?|[-–]\s*){re.escape(a.toward)}(?:\s+(?i:"
                                 rf"{self.road_words}))?", text[a.end:b.start])
                gap += other.end() if other else 0
            linked = self.parent_gap.match(text[gap:b.start])
            comma = re.match(r"\s*,\s*(?=in\s)", text[gap:b.start])
            if not linked and comma and _AROUND.search(text, gap, b.start) and not self.list_after_rx.match(text, b.end):
                linked = self.parent_gap.match(text[gap + comma.end():b.start])   # "X, in the outskirts of Y"
            comma_in = not linked and bool(self.comma_in_rx.match(text[gap:b.start])) and \
                not self.list_after_rx.match(text, b.end)
            # "in Sheikh Maqsoud(,) in Aleppo city": a part of the city
            in_city = (comma_in or bool(linked)) and bool(self.city_after_rx.match(text, b.end))
            if comma_in and not in_city and self._region(b.name) and not self._region(a.name) and \
                    not self.urban_end_rx.search(text[a.start:gap].rstrip(" ,")):
                # "in Atmeh, in Idlib": the governorate Atmeh lies in, no second scene at Idlib city (but "near
                # Government House, in Kaduna", a building inside it, leaves the city; "in Damascus, in Homs" names
                # two governorates)
                b.precision, b.admin1, b.is_parent = "region", self._region(b.name), True
                a.admin1 = a.admin1 or b.admin1
                continue
            if not linked and not in_city:
                area = self._in_area(text, a.end)   # "Sweida, in Masyaf district": the district is Sweida's parent
                if area is None or area.start("name") != b.start or area.group("admin1"):
                    continue
            if a.precision in ("town", "point") and b.precision in ("town", "point"):
                if not _AROUND.search(text, a.end, b.start):
                    a.parent = a.parent or b.name
                    if linked and linked.group("settled"):   # "X, a village in Y": Y's area, Y its landmark
                        a.near = a.near or b.name
                    elif linked and linked.group("part") or in_city:
                        a.inside = True   # "X, a poor neighbourhood of Y", "X, in Y city": a part of the town Y,
                        #                   which stands for X unless X is found within 15 km of it
                else:   # "X town in the northern outskirts of Y": not inside Y but near it (in Y's governorate when
                    #         Y names one too); Y is no second place
                    a.admin1 = a.admin1 or self._region(b.name)
                    a.near = a.near or (None if a.admin1 else b.name)
                b.is_parent = True
            elif a.precision == b.precision == "region":   # "Mayo district in Pattani province": one area
                a.admin1 = a.admin1 or b.name
                b.is_parent = True
            elif linked and a.precision in ("town", "point") and b.precision == "region" and self._region(b.name):
                # "Touba town in the northwestern suburbs of Aleppo": the governorate the town lies in, which says
                # its country too (not Senegal's Touba)
                a.admin1 = a.admin1 or self._region(b.name)

    @staticmethod
    def _capitals(text: str, places: list[PlaceMention]) -> None:
        """A name that is both a governorate and its capital: the text's own "the city of X" decides."""
        towns = {_key(p.name) for p in places if p.precision == "town" and p.trigger and not p.is_parent}
        for p in places:
            if p.precision == "region" and not p.trigger and _key(p.name) in towns \
                    and not re.match(r"(?i)\s+and\s+its\s+countryside", text[p.end:p.end + 25]):
                p.precision, p.admin1 = "town", None
