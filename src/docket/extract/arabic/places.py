"""Arabic place mentions: "مدينة/بلدة/قرية X" (town), "حي X" (point), "محور X" (a front at X), "ريف X الجنوبي"
(region, countryside), "محافظة X" (region), "أطراف X" (outskirts), "محيط X" (near), "جنوب X" after a town (its
governorate). "(30 كم غرب إدلب)" is a reference point, not a place. Names are kept as written, without the
marker word (gold README); ``admin1`` is the governorate's canonical English name when the text ties the place
to it."""

from __future__ import annotations

import re
from typing import Any

from docket.extract.arabic.lexicon import BEFORE, MARKS, SPACE, ar_pattern, strip_marks
from docket.extract.arabic.numbers import DIGITS
from docket.extract.places import PlaceMention

_TOKEN = re.compile(r"[^\s،,.:;؛!?؟()«»\"“”'\[\]{}<>/\\|\-–—_]+")
_OPEN = "(“\"«"
# a mountain, a plain, a valley, a river, a desert: an area, not a town
_AREA_HEAD = re.compile(r"(?:جبل|جبال|سهل|وادي|نهر|بادية|البادية|هضبة)\s")
# words that describe a place after its name ("الخاضعتين لسيطرة", "الواقعة", "التابعة ل"): never part of it
_STOP_PREFIX = re.compile("ال(?:خاضع|واقع|تابع|محاذي|مجاور|محرر|محاصر|ريفي|قريب|بعيد)")
_HEADS = {strip_marks(w) for w in ("أبو", "أم", "تل", "خان", "كفر", "دير", "جسر", "معرة", "عين", "بيت", "رأس", "مساكن",
                                      "الشيخ", "حويجة", "فيضة", "رسم", "جبل", "وادي", "سهل", "قلعة", "مزرعة", "بئر", "باب",
                                      "خربة", "تلة", "ظهرة", "عرب", "حاس", "مخيم", "بني", "سيدي", "قصر", "نبع", "جب", "حزرة",
                                      "كفر", "عقربا", "بيت", "تلول", "مرج", "دوار", "حي", "شارع", "ساحة", "ضاحية", "أرض")}


def _alt(entries: list[str], clitics: bool = True) -> str:
    return "(?:" + "|".join(sorted((ar_pattern(str(e), clitics) for e in entries), key=len, reverse=True)) + ")" + MARKS


class ArabicPlaces:
    def __init__(self, raw: dict[str, Any], stop_terms: Any, actor_rx: re.Pattern[str], acts: Any) -> None:
        cfg = raw["places"]
        self.actor_rx = actor_rx          # a marker word that begins a party's name ("جبهة النصرة") is no marker
        self.acts = acts                  # an attack or outcome cue right after a bare name
        self.stop_terms = stop_terms      # every lexicon term: a name never runs into one
        self.stop = {strip_marks(str(w)) for w in cfg["stop_words"]}
        self.gov = {strip_marks(str(n)): str(name) for name, names in cfg["governorates"].items() for n in names}
        self.areas = {strip_marks(str(a)) for a in cfg["areas"]}
        no_article = "(?:[وف])?(?:[بكل])?"
        # neighbourhoods first: "حي X في مدينة Y" makes Y the town around X before Y is read as a place of its own
        self.markers = [(kind, re.compile(BEFORE + no_article + _alt(words, False) + SPACE))
                        for kind, words in sorted(cfg["markers"].items(), key=lambda kv: kv[0] != "point")]
        self.any_marker = re.compile(BEFORE + no_article + _alt([w for ws in cfg["markers"].values() for w in ws], False)
                                     + r"(?!\w)")
        # "في الريف الغربي لمدينة إدلب": the countryside of a city, written the other way round
        self.rural_of = re.compile(BEFORE + r"(?:[وف])?(?:في|ب)?" + SPACE.join(["", ""]) + "(?:ال)?ريف" + MARKS
                                   + r"(?:" + self.directions_pattern(cfg) + r")?" + SPACE + r"ل(?:مدينة|محافظة)?" + MARKS
                                   + r"\s*")
        self.region = [(qual, re.compile(BEFORE + "(?:[وف])?(?:[بكل])?" + _alt(words, False) + SPACE + r"(?:" + _alt(["محافظة", "مدينة"], False) + SPACE + ")?"))
                       for qual, words in cfg["region_markers"].items()]
        self.qualifier_before = [(qual, re.compile("(?:" + _alt(words) + r")" + SPACE + r"(?:ال)?$"))
                                 for qual, words in cfg["qualifiers"].items()]
        self.directions = re.compile(SPACE + _alt(cfg["directions"], False))
        compass = _alt(cfg["compass"], False)
        units = _alt(cfg["distance_units"], False)
        self.reference = re.compile(rf"{BEFORE}{DIGITS}+(?:[.,]{DIGITS}+)?\s*{units}{SPACE}(?:(?:إلى|الى){SPACE}(?:ال)?)?{compass}(?:{SPACE}(?:من{SPACE})?)?(?:(?:مدينة|بلدة|قرية|محافظة){SPACE})?")
        self.compass_after = re.compile(rf"(?:{SPACE}|\s*[،,]\s*)(?:(?:في|ب)\s*)?{compass}{SPACE}(?:(?:مدينة|محافظة){SPACE})?")
        self.especially = re.compile(BEFORE + r"(?:و)?(?:خاصة|خصوصا|لا\s+سيما|منها|مثل|أبرزها|ابرزها)" + MARKS + SPACE)
        self.plural_before = re.compile(BEFORE + r"(?:[وفبل])?(?:مدن|بلدات|قرى|المدن|البلدات|القرى)(?!\w)")
        self.origin_before = re.compile("(?:" + "|".join(cfg["origin_before"]) + ")$")
        self.rural_after = re.compile(r"\s*(?:[،,]\s*)?(?:ب|في\s+)ريف\s+(?:محافظة\s+)?")
        self.lead = re.compile(BEFORE + r"(?:[وف])?(?:(?:في|على|الى|إلى)\s+|ب(?=[^\s\u0627]))")
        self.parent_after = re.compile(rf"(?:{SPACE}|\s*[،,]\s*)(?:(?:[وف]?(?:في|ب))(?:{SPACE})?|(?:[وف]?(?:في|ب))?(?=ريف))"
                                       rf"(?:(?:ريف|محافظة){SPACE}(?:محافظة{SPACE})?|(?:مدينة|بلدة){SPACE})?")

    @staticmethod
    def directions_pattern(cfg: dict[str, Any]) -> str:
        return SPACE + _alt(cfg["directions"], False)

    # -- names ------------------------------------------------------------------------------------------------
    def name_at(self, text: str, pos: int, end: int, first_free: bool = False) -> tuple[int, int] | None:
        """The place name that starts at ``pos``: one to three words, stopped by stop words, clitic-marked words,
        figures and lexicon terms; a word after the first needs the article or a name head before it."""
        words: list[tuple[int, int]] = []
        at = pos
        if pos < end and text[pos] in _OPEN:   # "بلدة (السيال)", منطقة "فيضة جب": the brackets delimit the name
            close = re.match(r"[(“\"«]\s*([^()“”\"«»\n]{2,40}?)\s*[)”\"»]", text[pos:end])
            if close and len(close.group(1).split()) <= 4 and not re.search(r"\d", close.group(1)):
                return pos + close.start(1), pos + close.end(1)
            return None
        while len(words) < 3:
            m = _TOKEN.match(text, at, end)
            if not m:
                break
            w = strip_marks(m.group())
            if len(w) < 2 or self.any_marker.fullmatch(m.group()) or re.search(r"(?:ها|هم|هن|هما)$", w) and len(w) > 4 \
                    and not words and not w.startswith("ال"):   # "مطارها": a noun with a pronoun, no name
                break
            if w in self.stop or w.removeprefix("ال") in self.stop or re.search(r"\d", w) or \
                    self.stop_terms.match(text, m.start(), end) is not None and not (
                    not words and first_free):
                break
            if words:
                prev = strip_marks(text[words[-1][0]:words[-1][1]])
                if not (w.startswith("ال") or prev in _HEADS) or w[:1] in "وفبل" and not w.startswith("ال") \
                        and prev not in _HEADS:
                    break
                if w.removeprefix("ال") in self.stop or w in ("الذي", "التي") or _STOP_PREFIX.match(w):
                    break
            words.append((m.start(), m.end()))
            nxt = re.match(r"[ \t]+", text[m.end():end])
            if not nxt:
                break
            at = m.end() + nxt.end()
        if not words:
            return None
        # a trailing compass/direction adjective is not part of the name ("ريف إدلب الجنوبي")
        while len(words) > 1 and self.directions.fullmatch(" " + text[words[-1][0]:words[-1][1]]):
            words.pop()
        return words[0][0], words[-1][1]

    def governorate(self, name: str, rural: bool = False) -> str | None:
        """The canonical governorate a name stands for; ``rural``: the name followed "ريف" ("ريف دمشق" is a
        governorate of its own)."""
        key = strip_marks(name)
        if rural and strip_marks("ريف " + name) in self.gov:
            return self.gov[strip_marks("ريف " + name)]
        return self.gov.get(key) or self.gov.get(key.removeprefix("ال"))

    # -- mentions ---------------------------------------------------------------------------------------------
    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceMention]:
        end = len(text) if end is None else end
        out: list[PlaceMention] = []
        taken = bytearray(end - start + 1)

        def free(a: int, b: int) -> bool:
            return not any(taken[max(0, a - start):max(0, b - start)])

        def take(a: int, b: int) -> None:
            taken[a - start:b - start] = b"\x01" * (b - a)

        for m in self.reference.finditer(text, start, end):   # "30 كم غرب إدلب": a landmark, no place
            nm = self.name_at(text, m.end(), end, first_free=True)
            take(m.start(), nm[1] if nm else m.end())
        # "في الريف الغربي لمدينة إدلب" before the markers read "مدينة إدلب" as a town
        self._regions(text, start, end, [("countryside", self.rural_of)], free, take, out)
        list_id = 0
        for kind, rx in self.markers:
            for m in rx.finditer(text, start, end):
                if not free(m.start(), m.end()):
                    continue
                term = self.stop_terms.match(text, m.start(), end)
                if term is not None and term > m.end() or self.actor_rx.match(text, m.start(), end) \
                        or re.search(r"ريف\s*$", text[max(start, m.start() - 6):m.start()]):
                    continue   # "ريف مدينة إدلب" is the countryside, read by the region markers
                items = self._list(text, m.end(), end, plural=_plural(m.group()))
                if not items:
                    continue
                list_id += 1
                precision = "point" if kind == "point" else "town"
                if len(items) == 1 and (strip_marks(text[items[0][0]:items[0][1]]) in self.areas
                                        or _AREA_HEAD.match(text, items[0][0])):
                    precision = "region"   # "منطقة جبل الزاوية": an area, not a town
                qualifier = self._qualifier(text, start, m.start()) or ("near" if kind == "front" else None)
                group: list[PlaceMention] = []
                for a, b in items:
                    if not free(a, b):
                        continue
                    group.append(PlaceMention(m.start() if not group else a, b, text[a:b], precision, qualifier,
                                              list_id=list_id if len(items) > 1 else None, list_size=len(items)))
                    take(a, b)
                take(m.start(), m.end())
                self._parent(text, group, end, out, take)
                out.extend(group)
        for m in self.especially.finditer(text, start, end):
            if not self.plural_before.search(text[max(start, m.start() - 80):m.start()]):
                continue
            items = [it for it in self._list(text, m.end(), end, plural=True) if free(*it)]
            list_id += 1
            for a, b in items:
                out.append(PlaceMention(a, b, text[a:b], "town", list_id=list_id if len(items) > 1 else None,
                                        list_size=len(items)))
                take(a, b)
        for p in self.bare(text, start, end, free):
            if free(p.start, p.end):
                take(p.start, p.end)
                self._parent(text, [p], end, out, take)
                out.append(p)
        self._regions(text, start, end, self.region, free, take, out)
        out = [p for p in out if not self.origin_before.search(text, max(start, p.start - 40), p.start)]
        out.sort(key=lambda p: p.start)
        return out

    def _regions(self, text: str, start: int, end: int, markers: list[tuple[str, re.Pattern[str]]], free: Any,
                 take: Any, out: list[PlaceMention]) -> None:
        """"ريف X الجنوبي", "محافظة X": a region (countryside after ريف), its governorate as admin1."""
        for qual, rx in markers:
            for m in rx.finditer(text, start, end):
                nm = self.name_at(text, m.end(), end, first_free=True)
                if not nm or not free(m.start(), nm[1]):
                    continue
                name = text[nm[0]:nm[1]]
                d = self.directions.match(text, nm[1], end)
                stop = d.end() if d else nm[1]
                rural = qual == "countryside"
                out.append(PlaceMention(m.start(), stop, name, "region", "countryside" if rural else None,
                                        admin1=self.governorate(name, rural=rural)))
                take(m.start(), stop)

    def _list(self, text: str, pos: int, end: int, plural: bool = False) -> list[tuple[int, int]]:
        """"مدينة إدلب ومعرة مصرين وبنش": the names a marker introduces, joined by و or a comma."""
        items = []
        nm = self.name_at(text, pos, end)
        while nm:
            items.append(nm)
            m = re.match(r"(?:\s*[،,]\s*|\s+)(?:و\s*)?(?=\S)", text[nm[1]:end])
            if not m or not re.search(r"[،,]|و", m.group()):
                break
            nxt_start = nm[1] + m.end()
            if text[nxt_start - 1] != "و" and not plural:
                break   # "مدينة إدلب، راح ضحيتها": a comma after one town ends it
            nm = self.name_at(text, nxt_start, end)
            if nm and any(rx.match(text, nxt_start - 1 if text[nxt_start - 1] == "و" else nxt_start, end)
                          for _, rx in self.markers):
                break
        return items

    def bare(self, text: str, start: int, end: int, free: Any) -> list[PlaceMention]:
        """A name with no marker word after في/على/ب: a place when the text says so, by brackets ("في (حويجة
        كاطع)") or by the governorate it puts it in ("بخان شيخون جنوب إدلب", "في سرمين بريف إدلب")."""
        out: list[PlaceMention] = []
        for m in self.lead.finditer(text, start, end):
            word = _TOKEN.match(text, m.start(), end)
            if word and (self.any_marker.fullmatch(word.group())
                         or self.stop_terms.match(text, m.start(), word.end()) is not None):
                continue   # "وبلدات", "بغارات": the ب belongs to the word
            nm = self.name_at(text, m.end(), end)
            if not nm or not free(m.start(), nm[1]) or strip_marks(text[nm[0]:nm[1]]) in self.gov:
                continue
            nxt = _TOKEN.match(text, nm[1] + 1, end) if nm[1] < end and text[nm[1]] == " " else None
            names = {strip_marks(text[nm[0]:nm[1]])} | ({strip_marks(text[nm[0]:nxt.end()])} if nxt else set())
            if names & self.areas or _AREA_HEAD.match(text, nm[0]):
                continue   # "بالغوطة الشرقية", "في جبل X": an area, not a town
            bracketed = nm[0] > m.end()
            if bracketed and (text[m.end()] != "(" or self.actor_rx.match(text, nm[0], nm[1])):
                continue   # a quoted name after a preposition is more often an outlet or a group than a place
            attached = not m.group().rstrip().endswith(("في", "على", "الى", "إلى"))
            strong = self.compass_after.match(text, nm[1], end) or self.rural_after.match(text, nm[1], end)
            after = strong or (None if attached else self.parent_after.match(text, nm[1], end))
            tied = False
            if after and after.end() > nm[1]:
                gov = self.name_at(text, after.end(), end, first_free=True)
                tied = gov is not None and self.governorate(text[gov[0]:gov[1]]) is not None
            # "وفي ملّس استهدفت طائرة ...": a name after في that an attack or a toll follows at once
            acted = not attached and self.acts.match(text, nm[1], end) is not None
            if bracketed or tied or acted:
                out.append(PlaceMention(nm[0], nm[1] + (1 if bracketed else 0), text[nm[0]:nm[1]], "town"))
        return out

    def _qualifier(self, text: str, start: int, pos: int) -> str | None:
        before = text[max(start, pos - 25):pos]
        for qual, rx in self.qualifier_before:
            if rx.search(before):
                return str(qual)
        return None

    def _parent(self, text: str, group: list[PlaceMention], end: int, out: list[PlaceMention], take: Any) -> None:
        """"… بريف إدلب", "… في محافظة حماة", "… جنوب إدلب" right after the names: their governorate."""
        if not group:
            return
        last = group[-1].end
        if last < end and text[last] in ")”\"»":
            last += 1
        m = self.parent_after.match(text, last, end) or self.compass_after.match(text, last, end)
        if not m or m.end() == last:
            return
        nm = self.name_at(text, m.end(), end, first_free=True)
        if not nm:
            return
        said = text[last:m.end()]
        gov = self.governorate(text[nm[0]:nm[1]], rural="ريف" in said)
        if gov is None:
            points = [p for p in group if p.precision == "point"]
            if points and re.search(r"(?:في|ب)\s*(?:(?:مدينة|بلدة)\s*)?$", said) and not re.search("ريف|محافظة", said):
                for p in points:   # "حي جبارة في إدلب", "حي X في مدينة Y": the town around a neighbourhood
                    p.parent = text[nm[0]:nm[1]]
                out.append(PlaceMention(m.start(), nm[1], text[nm[0]:nm[1]], "town", is_parent=True))
                take(m.start(), nm[1])
            return
        region_word = bool(re.search("ريف|محافظة", said)) or bool(self.compass_after.match(text, last, end))
        for p in group:
            if region_word and strip_marks(p.name) not in self.gov:
                p.admin1 = gov
            elif not region_word and p.precision == "point":
                p.parent = text[nm[0]:nm[1]]
        stop = nm[1]
        d = self.directions.match(text, stop, end)
        if d:
            stop = d.end()
        out.append(PlaceMention(m.start(), stop, text[nm[0]:nm[1]], "region" if region_word else "town",
                                "countryside" if "ريف" in said else None, admin1=gov, is_parent=True))
        take(m.start(), stop)


def _plural(marker: str) -> bool:
    """"بلدات", "قريتي", "مدن": a marker that introduces several names (comma lists allowed)."""
    w = strip_marks(marker).strip()
    return bool(re.search(r"(?:ات|تي|يي)$", w)) or w.lstrip("وفبلك") in ("مدن", "قري", "احياء", "محاور", "جبهات")
