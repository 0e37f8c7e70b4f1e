"""From a document to incidents and aggregates, every value with its evidence span.

The builder walks sentences in order. A sentence that ties attack details to a named town or
neighbourhood opens (or extends) an incident per place; a following sentence that refers back to it
("the attack also ...") adds details; counts that cover many places or a period become aggregates.
Dates, actors and sources that a sentence leaves unstated are taken from the context that governs it.
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz

from docket.extract.attach import PlaceFrame
from docket.extract.builder import Builder
from docket.extract.components import Tools, build_doc, language_options
from docket.extract.context import DocContext, is_campaign, is_period
from docket.extract.dates import DateMention
from docket.extract.doc import Doc, SentenceInfo
from docket.extract.finish import LabelRules, finish_incident
from docket.extract.mentions import CasualtyMention, Labelled
from docket.extract.places import PlaceMention, PlaceOracle
from docket.extract.text import Sentence
from docket.model import (
    Aggregate,
    DateSpan,
    Document,
    Evidence,
    Extraction,
    Incident,
    Period,
    Target,
)
from docket.text.names import place_key, same_place
from docket.vocab import Vocab, alternation

# roles that make a place no scene (PlaceMention.role)
_SIDE_ROLES = frozenset({"speaker", "title", "origin", "reference"})

_PERFECT_BEFORE = re.compile(r"(?i)\b(?:has|have)\s+(?:\w+\s+)?(?:been\s+)?$")


_WEEKDAYS_THEN_DATE = re.compile(r"(?i)\s*(?:and|to|-|,)?\s*(?:(?:on\s+)?[a-z]+day)?\s*[(,]?\s*")
# One attack told in the singular ("a bombing at X killed 63", "struck a market"): one incident, even when dated
# only by a month or a year.
_ONE_ATTACK = re.compile(
    r"(?i)\b(?:an?|one)\s+(?:[\w-]+\s+){0,2}(?:air ?strike|strike|attack|massacre|raid|explosion|bombing|"
    r"car bomb|shell|warplane|jet|helicopter|drone|missile|rocket|barrel bomb)\b|"
    r"\b(?:bombed|struck|hit|targeted|shelled|attacked)\s+an?\s+(?!number\b|series\b|total\b)[a-z]")
_RUNNING_TOTAL = re.compile(r"(?i)\b(?:in total|a total of|total of|so far|to date)\b")


class Extractor:
    """Rule-based extractor; load once, call :meth:`extract` per document."""

    def __init__(self, vocab: Vocab, oracle: PlaceOracle | None = None) -> None:
        self.vocab = vocab
        self.tools = Tools.load(vocab, oracle)
        self.label_rules = LabelRules.from_lexicon(vocab.raw)
        self._not_scene = re.compile(rf"(?i)\b(?:{'|'.join(vocab.place_cfg['not_scene'])})\b")
        # words that make a count a statistic (lexicon statistic_words); a toll since a year (lexicon since_toll)
        self._statistic = re.compile(rf"(?i)\b{alternation(vocab.raw['statistic_words'])}\b")
        since = vocab.raw["since_toll"]
        self._since_year = re.compile(rf"(?i)\b{alternation(since['verbs'])}\b(?P<between>(?:\s+(?:\d[\d,.]*\d|[\w’'-]+))"
                                      r"{0,8}?)\s+since\s+(?:(?:early|mid|late)[- ])?(?:(?:19|20)\d\d\b|"
                                      r"the\s+(?:start|beginning|outbreak)\b)")
        self._since_excused = re.compile(rf"(?i)\b{alternation(since['excused'])}\b")
        self.oracle = oracle

    def _since_toll(self, text: str, perfect: bool = False) -> bool:
        """Does the sentence count its toll over the years since a date ("... have been killed since 2011")? With
        ``perfect``, only in a perfect tense ("the group has killed more than 4,000 people since 2010, most of them
        in X"), the tense of a running count: an attack told in the past tense keeps its place ("5 were killed in X
        in the fiercest fighting since 2016")."""
        m = self._since_year.search(text)
        if m is None or self._since_excused.search(m.group("between")):
            return False
        return not perfect or bool(_PERFECT_BEFORE.search(text[:m.start()]))

    # -- the document ------------------------------------------------------------------------------------------
    def extract(self, document: Document) -> Extraction:
        pub = date.fromisoformat(document.published) if document.published else None
        doc = build_doc(Doc(document, pub), self.tools)
        builders: list[Builder] = []
        aggregates: list[Aggregate] = []
        ctx = DocContext(doc_default=bool(language_options(document.language).get("lead_attribution", True)))
        for k, info in enumerate(doc.infos):
            ctx.count_relative_days(info)
            own = self._pick_date(info)
            date_m = ctx.date_for(info, own)
            attributed = info.actors and (info.is_event() or self._attribution(info, ctx.last))
            event_actors = info.actors if attributed else []
            created = self._sentence(doc, k, info, own, date_m, ctx.actors_for(info, event_actors), event_actors,
                                     ctx, builders, aggregates)
            ctx.advance(k, info, created, own, event_actors)
        return self._assemble(document, builders, aggregates, doc)

    def _sentence(self, doc: Doc, k: int, info: SentenceInfo, own: DateMention | None, date_m: DateMention | None,
                  actors: list[Labelled], event_actors: list[Labelled], ctx: DocContext, builders: list[Builder],
                  aggregates: list[Aggregate]) -> list[Builder]:
        """The incidents sentence k opens, extends or adds to (possibly none)."""
        told = self._place_told_after(doc.text, info, k, own, event_actors, ctx, builders)
        if told:
            return told
        is_event = info.is_event()
        specific = [p for p in info.specific if not p.is_parent]
        one_attack = len(specific) == 1 and not info.spread and date_m is not None \
            and date_m.span.precision in ("month", "year") and bool(_ONE_ATTACK.search(info.s.text))
        if specific and is_event and (not is_campaign(date_m) or one_attack) and not self._since_toll(info.s.text, True):
            created = self._placed(doc, k, info, specific, date_m, actors, ctx, builders, aggregates)
            return self._mark_headline(doc, info, created)
        if (is_event or self._attribution(info, ctx.last)) and self._can_attach(info, ctx.last, k - ctx.last_index, own):
            for b in ctx.last:
                self._attach(doc.text, info, b, own, event_actors, casualties=len(ctx.last) == 1)
            return ctx.last
        if is_event:
            created = self._unplaced(doc, k, info, date_m, actors, builders, aggregates)
            headline_like = len(info.s.text.split()) <= 15 and not re.search(r"[.!?][\"”’)]*$", info.s.text.strip())
            return self._mark_headline(doc, info, created) if headline_like else created
        return []

    def _place_told_after(self, text: str, info: SentenceInfo, k: int, own: DateMention | None,
                          event_actors: list[Labelled], ctx: DocContext, builders: list[Builder]) -> list[Builder]:
        """"The incident took place in X", "The bodies were found at X", "The elder was gunned down in X" (lexicon
        place_statement, victim_retold): where the one attack just told, placed only in a region or a country or not
        at all, happened. It takes that place (a region only in place of a country it lies in); no new incident.
        Like any definite reference, it reaches back past a few sentences of comment (see _can_attach)."""
        if len(ctx.last) != 1 or k - ctx.last_index > 5 or ctx.last[0].place.precision not in ("unplaced", "region", "country"):
            return []
        m = self.tools.mentions.place_statement_rx.search(text, info.s.start, info.s.end)
        place = next((p for p in info.specific if not p.is_parent and p.start >= m.end()), None) if m else None
        oracle = self.tools.oracle
        lede = ctx.last[0].place
        if m is not None and place is None and lede.precision == "country" and oracle is not None:
            # ("... in central Somalia. The elder was gunned down in the Mudug region": a region of that country)
            cc = oracle.country_of(lede.name)
            place = next((p for p in info.regions if p.start >= m.end() and cc
                          and oracle.region_country(p.name) == cc), None)
        if m is None or place is None or not self.tools.mentions.own_clause_rx.fullmatch(text, m.end(), place.start):
            return []   # (the place must be the statement's own: "... occurred as X threatened Y" is not)
        b = ctx.last[0]
        if b.place.precision == "region" and place.admin1 is None:
            place.admin1 = b.place.admin1 or b.place.name   # "... in X state. The attack occurred in Y": Y is in X
        b.place = place
        self._attach(text, info, b, own, event_actors, casualties=not b.casualties)
        twin = next((x for x in builders if x is not b and self._same_place(x.place, place) and self._same_time(x, b)), None)
        if twin is not None:   # the place of an incident the report has already told (from its headline)
            self._absorb(twin, b)
            builders.remove(b)
            return [twin]
        return ctx.last

    def _mark_headline(self, doc: Doc, info: SentenceInfo, created: list[Builder]) -> list[Builder]:
        """Incidents told by the title or a headline line fold into the body's account later (see _merge)."""
        if created and self._headline(doc.document, info.s, doc.text):
            for b in created:
                if b.sentence_index == info.s.index:
                    b.headline = True
        return created

    def _placed(self, doc: Doc, k: int, info: SentenceInfo, specific: list[PlaceMention], date_m: DateMention | None,
                actors: list[Labelled], ctx: DocContext, builders: list[Builder],
                aggregates: list[Aggregate]) -> list[Builder]:
        """A sentence that ties an attack to named towns: an incident per place (or the same-place twin)."""
        created = self._incidents_from(doc.text, info, specific, date_m, actors, builders, aggregates)
        if (info.anaphora or info.similar) and not info.weapons:
            before, weapons = ctx.types_before(k), ctx.weapons_before(k)
            if info.similar and ctx.last:   # (a "similar shelling" says its kind; the weapons stay its own)
                before = dict(ctx.last[0].attack_types)
                weapons = {} if info.attack_types else dict(ctx.last[0].weapons)
            if info.attack_types and not info.same_attack and not info.similar:
                weapons = {}   # ("... the shelling targeted X": its own kind, not the weapons told before)
            for b in created:   # "similar attacks killed two children in X", "the bombings hit X and Y"
                if not b.attack_types and not info.attack_types:
                    b.attack_types.update(before)
                if not b.weapons:
                    b.weapons.update(weapons)
        return created

    def _unplaced(self, doc: Doc, k: int, info: SentenceInfo, date_m: DateMention | None, actors: list[Labelled],
                  builders: list[Builder], aggregates: list[Aggregate]) -> list[Builder]:
        """An event sentence with no town: one attack on a region, a statistic, or a toll kept without a town."""
        text = doc.text
        region_inc = self._region_incident(text, info, date_m, actors)
        if region_inc:
            builders.append(region_inc)
            aggregates.extend(self._aggregates_from(text, info, date_m, [], counts=True))
            return [region_inc]
        # "... as a result of the bombings": a toll that refers back to attacks told over several regions
        inherited = info.anaphora and any(len(p.regions) > 1 or p.spread for p in doc.infos[max(0, k - 3):k])
        parents = {place_key(p.parent) for p in info.places if p.parent}   # ("X LGA of Y state": Y locates X)
        areas = list({place_key(p.name): p for p in info.places if not p.is_parent and place_key(p.name) not in parents}.values())
        several = len({p.precision for p in areas}) < len(areas)   # two regions, two countries
        if inherited or self._aggregate_scope(info, date_m, by_place=several or not info.harm()):
            aggregates.extend(self._aggregates_from(text, info, date_m, info.casualties, scoped=True))
            return []
        period = any(is_period(d) for d in [date_m, *info.dates])
        detail = not info.harm() and bool(info.weapons) and not (
            info.spread or info.vague_time or self.tools.mentions.plural_places_rx.search(text, info.s.start, info.s.end))
        if (info.harm() or detail) and not period:
            # (kept only if it folds into the report's one placed incident, or the report places none: _merge;
            # weapons with no toll only fold: "... targeted populated areas with napalm-filled barrel bombs")
            b = self._unplaced_incident(text, info, date_m, actors)
            b.detail = detail
            builders.append(b)
            return [] if detail else [b]   # (details are no incident later sentences add to)
        return []

    def _assemble(self, document: Document, builders: list[Builder], aggregates: list[Aggregate],
                  doc: Doc) -> Extraction:
        builders = self._merge(builders)
        self._lone_place(doc, builders)
        stated = {place_key(b.place.name): b.place.admin1 for b in builders if b.place.admin1}
        for b in builders:   # a town the text places once ("Khan Sheikhoun in rural Idlib") is there every time
            b.place.admin1 = b.place.admin1 or stated.get(place_key(b.place.name))
        incidents = [self._finish(document, b, i) for i, b in enumerate(b for b in builders if b.concrete())]
        for i, inc in enumerate(incidents):
            inc.id = f"{document.id[7:19]}-{i}"
        return Extraction(document=document, incidents=incidents, aggregates=self._dedupe_aggregates(aggregates))

    def _lone_place(self, doc: Doc, builders: list[Builder]) -> None:
        """A report whose every toll is left without a place, and that names one place as the scene ("In Kasai
        province, the toll of Monday's attack has risen. Local chiefs say 15 people were killed"): the tolls are
        there. One town (with the region it lies in, if the text says so) or one region; never when the report
        names two, never a place of a sentence that does something else there ("the victims were buried in X",
        "the president, speaking in X, condemned ...": lexicon places.not_scene), and never a place named only as
        a speaker's, an office's, an origin or a landmark ("officials in X", "the mayor of X", "troops based in
        X", "10 km from X")."""
        told = [b for b in builders if b.concrete()]
        if not told or any(b.place.precision != "unplaced" for b in told):
            return
        scenes = [p for info in doc.infos if not self._not_scene.search(doc.text, info.s.start, info.s.end)
                  for p in info.places
                  if not p.is_parent and p.role not in _SIDE_ROLES and p.precision in ("town", "point", "region")]
        towns = {place_key(p.name): p for p in scenes if p.precision != "region"}
        regions = {place_key(p.name) for p in scenes if p.precision == "region"}
        if len(towns) == 1:
            [town] = towns.values()
            pick = town if regions <= {place_key(town.admin1 or ""), place_key(town.parent or "")} else None
        else:
            pick = next(p for p in scenes if p.precision == "region") if not towns and len(regions) == 1 else None
        if pick is not None:
            for b in told:
                b.place = pick

    def _can_attach(self, info: SentenceInfo, last: list[Builder], distance: int, own_date: DateMention | None) -> bool:
        """May this sentence, which names no place, add details to the incident(s) just before it?"""
        # (B) a definite reference ("the raids killed nine") reaches back past a few sentences of comment
        if not last or distance > (5 if info.anaphora else 2) or info.places:
            return False
        if not info.has_detail() and not self._attribution(info, last):
            return False
        if info.spread or info.vague_time or any(c.kind == "metric" for c in info.counts):
            return False
        if re.match(r"(?i)\s*since\b", info.s.text) or is_period(own_date) or self._since_toll(info.s.text):
            return False   # ("300 people have been killed there since 2011": no toll of the attack just told)
        b = last[0]
        if own_date is not None and b.date is not None and (
                (own_date.span.start, own_date.span.end) != (b.date_span.start, b.date_span.end)
                or (own_date.span.precision == "unknown" and own_date.text.lower() != b.date.text.lower())):
            return False
        para_gap = info.s.para - max(x.para for x in last)
        if para_gap == 0:
            return True
        return para_gap == 1 and (info.anaphora or not any(x.concrete() for x in last))

    @staticmethod
    def _headline(doc: Document, s: Sentence, text: str) -> bool:
        """The title, or a headline-like line near the top (one line, no closing full stop, short)."""
        if doc.title and s.text.strip() == doc.title.strip():
            return True
        line_start = text.rfind("\n", 0, s.start) + 1
        line_end = text.find("\n", s.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
        return (line == s.text.strip() and s.para <= 4 and len(s.text.split()) <= 25
                and not re.search(r"[.!?][\"”’)]*$", s.text.strip()))

    def _attribution(self, info: SentenceInfo, last: list[Builder]) -> bool:
        """'Sources blamed Russia', 'X claimed responsibility for the attack': perpetrators of the incident just told."""
        return bool(info.actors and len(last) == 1 and self.tools.mentions.attribution_rx.search(info.s.text)
                    and info.s.para - last[0].para <= 1
                    and re.search(r"(?i)\b(?:attacks?|strikes?|bombings?|shelling|massacre|killings?|blasts?|explosions?|"
                                  r"raids?|the blame|it)\b", info.s.text))

    def _pick_date(self, info: SentenceInfo) -> DateMention | None:
        ds = [d for d in info.event_dates]
        if not ds:
            return None
        resolved = [d for d in ds if d.span.precision != "unknown"]
        return self._explicit_over_weekdays(info) or (resolved or ds)[0]

    @staticmethod
    def _explicit_over_weekdays(info: SentenceInfo) -> DateMention | None:
        """"on Wednesday (March 21)", "on Tuesday and Wednesday (19-20 September)": the explicit date right
        after the weekday(s) wins over them."""
        resolved = [d for d in info.event_dates if d.span.precision != "unknown"]
        near = [d for d in resolved if d.rule not in ("weekday", "yesterday", "today")]
        weekdays = [d for d in resolved if d.rule == "weekday"]
        if near and weekdays and (abs(near[0].start - weekdays[0].end) < 5 or _WEEKDAYS_THEN_DATE.fullmatch(
                info.s.text[weekdays[0].end - info.s.start:near[0].start - info.s.start])):
            return near[0]
        return None

    # -- incidents -------------------------------------------------------------------------------------------
    def _incidents_from(self, text: str, info: SentenceInfo, places: list[PlaceMention], date_m: DateMention | None,
                        actors: list[Labelled], builders: list[Builder], aggregates: list[Aggregate]) -> list[Builder]:
        """An incident per place the sentence names; each detail goes to the place it belongs to."""
        frame = PlaceFrame(text, self._new_builders(info, places, date_m))
        frame.add_labels(info)
        frame.add_context(actors, info.sources)
        spread = frame.add_casualties(info, lambda end: self._introduces(text, end, frame.out))
        if spread:
            aggregates.extend(self._aggregates_from(text, info, date_m, spread, counts=False))
        frame.add_strikes(info)
        frame.add_targets(info, lambda t: self._target(text, info, t))
        return self._join_twins(frame.out, builders)

    def _new_builders(self, info: SentenceInfo, places: list[PlaceMention], date_m: DateMention | None) -> list[Builder]:
        out: list[Builder] = []
        unique: list[PlaceMention] = []
        again: dict[int, list[tuple[int, int]]] = {}
        for p in places:   # "on Ariha and Sarmin ...: six in Ariha and four in Sarmin": two places, not four
            first = next((i for i, q in enumerate(unique) if self._same_place(p, q)), None)
            if first is None:
                unique.append(p)
            else:
                again.setdefault(first, []).append((p.start, p.end))
        first_level = {self.oracle.region_name(r.admin1 or r.name) for r in info.regions} - {None} if self.oracle else set()
        for i, p in enumerate(unique):
            if p.admin1 is None and len(first_level) == 1:   # "In Damascus province, ... strikes on Bala"
                p.admin1 = next(iter(first_level))
            own = self._nearest_date(info, p) or date_m
            b = Builder(place=p, date=own, date_span=own.span if own else DateSpan(), sentence_index=info.s.index,
                        para=info.s.para, named_again=again.get(i, []))
            b.sentences.add(info.s.index)
            out.append(b)
        return out

    def _join_twins(self, out: list[Builder], builders: list[Builder]) -> list[Builder]:
        """Each new builder joins the report's incident at the same place and time, or becomes one."""
        merged: list[Builder] = []
        for b in out:
            twin = next((x for x in builders if self._same_place(x.place, b.place) and self._same_time(x, b)), None)
            if twin:
                if twin.date_span.start is None and b.date_span.start is not None:
                    twin.date, twin.date_span = b.date, b.date_span
                self._absorb(twin, b, every_row=True)
                merged.append(twin)
            else:
                builders.append(b)
                merged.append(b)
        return merged

    @staticmethod
    def _introduces(text: str, end: int, builders: list[Builder]) -> Builder | None:
        """The place a mention is directly followed by ("six in Ariha", "killing a child in Kafr Nabudah")."""
        # ("12 were killed in a separate attack in Kandahar", "died in an ambush near X": that attack's place)
        m = re.match(r"(?i)\s+(?:of them\s+|were killed\s+|died\s+)?(?:in|at)\s+(?:an?\s+(?:[\w-]+\s+){0,2}?(?:attack|raid|"
                     r"strike|airstrike|bombing|ambush|assault|explosion|blast|shelling|clash(?:es)?)\s+(?:in|at|on|near)\s+)?"
                     r"(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?"
                     r"((?-i:[A-Z][\w’'`-]*(?:[ \t]+(?:[A-Z]|al-|el-)[\w’'`-]*){0,3}))", text[end:end + 60])
        if not m:
            return None
        named = place_key(m.group(1))
        return next((b for b in builders if place_key(b.place.name) == named or named.startswith(place_key(b.place.name))), None)

    def _nearest_date(self, info: SentenceInfo, p: PlaceMention) -> DateMention | None:
        ds = [d for d in info.event_dates if d.span.precision != "unknown"]
        if len(ds) <= 1 or self._explicit_over_weekdays(info):
            return self._pick_date(info)
        return min(ds, key=lambda d: abs(d.start - p.start))

    def _attach(self, text: str, info: SentenceInfo, b: Builder, own_date: DateMention | None,
                actors: list[Labelled], casualties: bool = True) -> None:
        b.sentences.add(info.s.index)
        b.para = max(b.para, info.s.para)
        for lab in info.attack_types:
            b.attack_types.setdefault(lab.label, (lab.start, lab.end))
        for lab in info.weapons:
            b.weapons.setdefault(lab.label, (lab.start, lab.end))
        if casualties:
            for c in info.casualties:
                b.casualties.append((info.s.index, c))
            for count in info.counts:
                if count.kind == "strike":
                    b.strikes.append(count)
        for t in info.targets:
            target = self._target(text, info, t)
            if target is not None:
                b.targets.append((target, (t.start, t.end)))
        for a in actors:
            b.actors.setdefault(a.label, a)
        for name, typ, s, e in info.sources:
            b.sources.setdefault(name, (typ, s, e))
        if own_date is not None and (b.date is None or b.date_span.precision == "unknown"):
            b.date, b.date_span = own_date, own_date.span

    def _region_incident(self, text: str, info: SentenceInfo, date_m: DateMention | None,
                         actors: list[Labelled]) -> Builder | None:
        """A single attack placed only in a region ("a massacre in rural Idlib on Thursday")."""
        if info.spread or len(info.regions) != 1 or is_campaign(date_m):
            return None
        if not _ONE_ATTACK.search(info.s.text) or any(c.kind == "metric" for c in info.counts):
            return None
        p = info.regions[0]
        b = Builder(place=p, date=date_m, date_span=date_m.span if date_m else DateSpan(), sentence_index=info.s.index,
                    para=info.s.para)
        b.sentences.add(info.s.index)
        self._attach(text, info, b, None, actors or [])
        return b

    def _unplaced_incident(self, text: str, info: SentenceInfo, date_m: DateMention | None,
                           actors: list[Labelled]) -> Builder:
        """A toll never vanishes because its place is not named at town level: the incident is kept at the
        coarsest place the sentence gives (a region, then a country), or with no place at all."""
        coarse = [p for p in info.places if p.precision in ("region", "country") and not p.is_parent]
        coarse.sort(key=lambda p: p.precision != "region")
        place = coarse[0] if coarse else PlaceMention(info.s.start, info.s.start, "", "unplaced", trigger=False)
        b = Builder(place=place, date=date_m, date_span=date_m.span if date_m else DateSpan(),
                    sentence_index=info.s.index, para=info.s.para)
        self._attach(text, info, b, None, actors or [])
        return b

    def _target(self, text: str, info: SentenceInfo, t: Labelled) -> Target | None:
        before = text[max(info.s.start, t.start - 25):t.start].lower()
        if re.search(r"(?:(?:rushed|taken|transferred|moved|evacuated|brought|sent|return(?:ed)?|on (?:their|its|the) way)\s+to|fled|flee|fleeing|left|leave|from)\s+(?:the\s+|their\s+|his\s+|her\s+|nearby\s+)*$", before):
            return None   # a destination or a home left behind, not what was hit
        if re.search(r"(?i)treated\s+(?:at|in)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$", before) or \
                self.vocab.report_verbs.match(text, t.end + 1) or re.match(r"\s+(?:said|say|says|reported)\b", text[t.end:t.end + 12]):
            return None   # where victims were treated, or the teams reporting
        # effect: the nearest effect phrase in the same clause
        effect = "hit"
        best = None
        for e in info.effects:
            gap = text[min(e.end, t.end):max(e.start, t.start)]
            if ";" in gap or len(gap) > 80:
                continue
            dist = abs(e.start - t.start)
            if best is None or dist < best[0]:
                best = (dist, e.label)
        if best:
            effect = best[1]
        # facility name: capitalised words joined to the facility noun ("Shaam Hospital", "Omari mosque")
        name = None
        caps = re.search(r"((?:[A-Z][\w’'-]+\s+){1,4})$", text[info.s.start:t.start])
        after = re.match(r"\s+(?:for|of)\s+((?:[A-Z][\w’'-]+(?:\s+(?:and|for|of)\s+|\s+)?){1,6})", text[t.end:info.s.end])
        if caps:
            words = [w for w in caps.group(1).split() if w not in self.tools.places.stop or w in ("National", "Central")]
            if words and not any(re.fullmatch(r"(?i)the|a|an", w) for w in words[:1]):
                name = " ".join(words) + " " + text[t.start:t.end]
        if name is None and after and re.match(r"[A-Z]", text[t.start]):
            name = text[t.start:t.end] + text[t.end:t.end + after.end()].rstrip()
        elif name and after:
            name = name + text[t.end:t.end + after.end()].rstrip()
        if name and self.tools.places.stop.issuperset(name.split()[:-1]):
            name = None
        return Target(type=t.label, name=name, effect=effect)

    @staticmethod
    def _same_place(a: PlaceMention, b: PlaceMention) -> bool:
        """One place under the place-name key ("Al-Latamneh" = "Latamneh"), or a near spelling of it."""
        if a.precision != b.precision:
            return False
        if same_place(a.name, b.name):
            return True
        x, y = place_key(a.name), place_key(b.name)
        return min(len(x), len(y)) > 4 and fuzz.ratio(x, y) >= 88

    @staticmethod
    def _same_time(a: Builder, b: Builder) -> bool:
        """The same day or period (an undated mention may be background: it never merges into a dated one)."""
        return a.date_key == b.date_key

    @staticmethod
    def _absorb(into: Builder, b: Builder, every_row: bool = False) -> None:
        """Fold b's account into the incident it tells again. A summary's tolls are not added: its rows count
        only for the outcomes the host gives no figure for (a lead's death toll, then the body's injured).
        A twin told again in the body brings every row (finishing reconciles them)."""
        into.sentences |= b.sentences
        for k, v in b.attack_types.items():
            into.attack_types.setdefault(k, v)
        for k, v in b.weapons.items():
            into.weapons.setdefault(k, v)
        for k, a in b.actors.items():
            into.actors.setdefault(k, a)
        stated = {c.outcome for _, c in into.casualties}
        into.casualties.extend(x for x in b.casualties if every_row or x[1].outcome not in stated)
        if every_row or not into.strikes:
            into.strikes.extend(b.strikes)
        into.targets.extend(b.targets)
        for k, s in b.sources.items():
            into.sources.setdefault(k, s)
        into.surroundings |= b.surroundings | {place_key(x) for x in (b.place.parent, b.place.admin1) if x}
        if into.place.admin1 is None:
            into.place.admin1 = b.place.admin1
        if into.place.qualifier is None:
            into.place.qualifier = b.place.qualifier

    def _merge(self, builders: list[Builder]) -> list[Builder]:
        """Fold a report's summary mentions into the specific incident they summarise: a region-level
        incident into the one town incident of the same day in that region, and a town named as the
        surroundings of a neighbourhood incident ("the Sukari neighbourhood in eastern Aleppo") into it."""
        out: list[Builder] = []
        specific = [b for b in builders if b.place.precision in ("town", "point")]
        for b in builders:
            host = None
            if b.headline and b.place.precision in ("region", "country", "unplaced") and any(
                    not t.headline and t.place.precision in ("town", "point") for t in builders):
                continue   # a headline over a province sums the body's town incidents: a summary, not one more
            if b.headline:
                host = next((t for t in builders if t is not b and not t.headline and self._same_place(t.place, b.place)), None)
                if host is not None:
                    self._absorb(host, b)
                    continue
            if b.place.precision in ("unplaced", "country"):
                host = self._coarse_host(b, builders, out)
                if host is not None:
                    self._absorb(host, b)
                    if b.detail and host.date_span.start is None and b.date_span.start is not None:
                        host.date, host.date_span = b.date, b.date_span
                if host is not None or b.detail or any(t.place.precision not in ("unplaced", "country") for t in builders):
                    continue   # a report that places its attacks: an unplaced toll is a summary of them
            if b.place.precision == "region":
                region = place_key(b.place.admin1 or b.place.name)
                cands = [t for t in specific if t.date_key == b.date_key and t.sentence_index > b.sentence_index - 3
                         and not (t.actors and b.actors and not set(t.actors) & set(b.actors))]
                same = [t for t in cands if t.place.admin1 and place_key(t.place.admin1) == region]
                open_ = [t for t in cands if not t.place.admin1]
                host = same[0] if same else (open_[0] if len(open_) == 1 else None)
                if host is None and len(cands) >= 1:
                    nxt = [t for t in cands if t.sentence_index == b.sentence_index + 1]
                    host = nxt[0] if nxt else None
                if host is None and b.date_span.start is None and len(specific) == 1 \
                        and specific[0].sentence_index > b.sentence_index:
                    host = specific[0]   # an undated lead over a region, then the report's one town: one attack
            elif b.place.precision == "town":
                host = next((t for t in specific if t is not b and t.date_key == b.date_key and t.place.precision == "point"
                             and place_key(b.place.name) in t.surroundings | {place_key(t.place.admin1 or ""), place_key(t.place.parent or "")}), None)
            if host is not None:
                self._absorb(host, b)
                continue
            out.append(b)
        return out

    def _coarse_host(self, b: Builder, builders: list[Builder], kept: list[Builder]) -> Builder | None:
        """The incident an unplaced or country-level account is about: the report's one placed incident of a
        compatible date, else an earlier unplaced/country account of the same date."""
        def compatible(t: Builder) -> bool:
            return t.date_key == b.date_key or t.date_span.start is None or b.date_span.start is None

        placed = [t for t in builders if t is not b and t.place.precision not in ("unplaced", "country")
                  and compatible(t) and not (t.actors and b.actors and not set(t.actors) & set(b.actors))]
        if placed:
            return placed[0] if len(placed) == 1 else None
        return next((t for t in kept if t.place.precision in ("unplaced", "country") and t.date_key == b.date_key
                     and (t.place.precision == "unplaced" or b.place.precision == "unplaced"
                          or place_key(t.place.name) == place_key(b.place.name))), None)

    # -- aggregates -------------------------------------------------------------------------------------------
    def _aggregates_from(self, text: str, info: SentenceInfo, date_m: DateMention | None,
                         casualties: list[CasualtyMention], counts: bool = True, scoped: bool = False) -> list[Aggregate]:
        """Statistics over an area or a period. A toll with neither (an incident whose place the text does not
        give) is not an aggregate: it is left out rather than recorded as something it is not."""
        if not (scoped or self._aggregate_scope(info, date_m)):
            return []
        out: list[Aggregate] = []
        if date_m is None or date_m.span.start is None:   # "activists said on Sunday that 50 airstrikes ..."
            date_m = next((d for d in info.dates if d.span.start), date_m)
        period = Period(date_m.span.start, date_m.span.end) if date_m and date_m.span.start else None
        area = self._area(text, info)
        source = info.sources[0][0] if info.sources else None
        combined: set[int] = set()
        for c in casualties:
            if c.each:
                continue   # "massacres" with no figure: a property of each place, not a statistic
            if c.combined and c.start in combined:
                continue   # "killing and wounding dozens": one statistic that cannot be split, counted once
            metric = "other" if c.combined else c.outcome if c.outcome in ("killed", "injured", "displaced") else "other"
            if c.combined:
                combined.add(c.start)
            out.append(Aggregate(metric=metric, count=c.q.count, qualifier=c.q.qualifier, low=c.q.low, high=c.q.high,  # type: ignore[arg-type]
                                 group=c.group, period=period, area=area, source=source,
                                 evidence=[Evidence("count", c.start, c.end)]))
        for n in info.counts if counts else []:
            group: str | None
            if n.kind == "metric":
                metric, group = n.label, n.group
            else:
                metric = "airstrikes" if n.label == "airstrike" else "weapon_uses"
                group = None if metric == "airstrikes" else n.label
            out.append(Aggregate(metric=metric, count=n.q.count, qualifier=n.q.qualifier, low=n.q.low, high=n.q.high,  # type: ignore[arg-type]
                                 group=group, period=period, area=area, source=source,
                                 evidence=[Evidence("count", n.start, n.end)]))
        return out

    def _aggregate_scope(self, info: SentenceInfo, date_m: DateMention | None, by_place: bool = True) -> bool:
        """Is the sentence's count a statistic over an area or a period? ``by_place``: any place named counts as
        an area (False for one attack's toll in one region or country, which stays an incident)."""
        if any(is_period(d) or d.span.precision in ("month", "year") for d in info.dates):
            return True   # "... killed 492 civilians in the period between February 2 and May 20"
        if (by_place and info.places) or info.spread or is_period(date_m) or (date_m and date_m.span.precision in ("range", "month", "year")):
            return True
        ranked = self.tools.mentions.ranking_rx   # ("... the third reporter killed this year": a rank, no statistic)
        if any(not ranked.search(info.s.text, 0, st.start()) for st in self._statistic.finditer(info.s.text)):
            return True
        # "a total of 13 bodies", "killed so far": a statistic when the sentence names places, a toll when not
        return by_place and bool(_RUNNING_TOTAL.search(info.s.text))

    @staticmethod
    def _area(text: str, info: SentenceInfo) -> str | None:
        if info.places:
            p = info.places[0]
            if p.precision == "region" and p.qualifier == "countryside":
                return f"rural {p.name}"
            return p.name
        return None

    @staticmethod
    def _dedupe_aggregates(aggs: list[Aggregate]) -> list[Aggregate]:
        seen = set()
        out = []
        for a in aggs:
            key = (a.metric, a.count, a.group, a.evidence[0].start if a.evidence else None)
            if key not in seen:
                seen.add(key)
                out.append(a)
        return out

    # -- finishing --------------------------------------------------------------------------------------------
    def _finish(self, doc: Document, b: Builder, index: int) -> Incident:
        admin1 = b.place.admin1 or (self.oracle.region_name(b.place.parent) if self.oracle and b.place.parent else None)
        return finish_incident(doc.text, b, index, admin1, self.label_rules, self.vocab.subset_groups)

