"""The Arabic victim grammar, strike counts, sources and sentence cues: the same mentions the English
:class:`~docket.extract.mentions.MentionFinder` gives (CasualtyMention, CountMention, Labelled), from patterns
over words with clitics.

A victim phrase is a group noun with its figure ("ثلاثة مدنيين", "11 مدنياً", "مدنيين اثنين"), a dual that is
two by itself ("طفلين"), a singular that is one where an outcome governs it ("قتلت امرأة"), or "آخرون" (the main
group again). Its outcome is the last outcome cue before it in the sentence ("قتل ثلاثة مدنيين وأصيب ثمانية
آخرون"), else the first one after it ("ثلاثة مدنيين بينهم امرأة قتلوا"); "بينهم" makes the next phrases a
subset of the one before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docket import model
from docket.extract.arabic.lexicon import ArLexicon, ar_regex, fold, strip_marks
from docket.extract.arabic.numbers import ArabicNumbers
from docket.extract.mentions import CasualtyMention, CountMention, Labelled, stated_zeros
from docket.extract.numbers import Quantity


@dataclass(frozen=True)
class _Group:
    label: str
    number: str        # 'plural' | 'dual' | 'singular' | 'others' | 'outcome'
    start: int
    end: int
    outcome: str | None = None


# A party named right after these words is where a strike landed, who holds an area, or a side spoken of: not
# the attacker ("مواقع قوات النظام", "الخاضعة لسيطرة المعارضة", "اتفاق بين ..."). Compared on folded letters.
_HELD_BY = re.compile(strip_marks(r"(?:مواقع|موقع|نقاط|نقطة|مقرات|مقر|ثكنة|حاجز|سيطرة|مناطق|عناصر|عنصر|مقاتلي|مقاتلين|ضد|مع|"
                                  r"اتفاق|قتلى|جرحى|وفد|باسم|مصادر|تابعة? ل)\s*$"))


def _definite(text: str, g: _Group, forms: dict[str, Any] | None = None) -> bool:
    """"المدني" (as in الدفاع المدني) is an adjective or a known one, not "a civilian" counted as one victim.
    A listed form that only looks definite ("والدتها": her mother) is not."""
    word = text[g.start:g.end]
    if forms is not None and fold(word.split()[0]) in forms:
        return False
    return bool(re.match(r"(?:[وفبلك])?(?:ال|لل)", word))


class ArabicMentions:
    def __init__(self, raw: dict[str, Any], numbers: ArabicNumbers) -> None:
        self.numbers = numbers
        self.attack_types = ArLexicon.from_table(raw["attack_types"], model.ATTACK_TYPES)
        self.weapons = ArLexicon.from_table(raw["weapons"], model.WEAPONS)
        self.targets = ArLexicon.from_table(raw["targets"], model.TARGET_TYPES)
        self.effects = ArLexicon.from_table(raw["effects"], model.EFFECTS)
        tagged: dict[str, list[str]] = {}
        for label, forms in raw["groups"].items():
            for number in ("singular", "dual", "plural"):   # first wins: a form listed twice reads as the singular
                for f in forms.get(number) or []:
                    tagged.setdefault(f"{label}|{number}", []).append(str(f))
        tagged["people|others"] = [str(x) for x in raw["others"]]
        for outcome, forms in raw["outcome_nouns"].items():
            for number in ("singular", "dual", "plural"):
                tagged[f"people|{number}|{outcome}"] = [str(x) for x in forms.get(number) or []]
        self.groups = ArLexicon.from_table(tagged)
        self.outcomes = ArLexicon.from_table(raw["outcomes"], model.OUTCOMES)
        self.combined = ar_regex(raw["combined_outcomes"])
        self.subset = ar_regex(raw["subset_markers"])
        self.zero = {k: ar_regex(v) for k, v in raw["zero_casualties"].items() if v}
        self.strikes = ArLexicon.from_table({f"{label}|{number}": forms[number] for label, forms in raw["strike_nouns"].items()
                                             for number in ("plural", "dual") if forms.get(number)})
        self.metrics = ArLexicon.from_table(raw["aggregate_metrics"], model.AGGREGATE_METRICS)
        self.attack_cues = ar_regex(raw["attack_cues"])
        self.anaphora = ar_regex(raw["anaphora"], definite=True)
        self.spread = ar_regex(raw["spread_markers"])
        self.vague_time = ar_regex(raw["vague_time"])
        self.statistic = ar_regex(raw["statistic"])
        self.report_verbs = ar_regex(raw["report_verbs"])
        self.source_entries = [(str(s["name"]), str(s["type"]), ar_regex([str(s["entry"])])) for s in raw["sources"]]

    # -- labels -----------------------------------------------------------------------------------------------
    def labels(self, kind: str, text: str, start: int, end: int) -> list[Labelled]:
        lex: ArLexicon = getattr(self, kind)
        out: list[Labelled] = []
        taken: list[tuple[int, int]] = []
        for label, s, e in sorted(lex.find(text, start, end), key=lambda h: (-(h[2] - h[1]), h[1])):
            if kind != "targets" and any(s < b and a < e for a, b in taken):
                continue
            if any(a == s and b == e and x.label == label for x in out for a, b in [(x.start, x.end)]):
                continue
            out.append(Labelled(label, s, e, text[s:e]))
            taken.append((s, e))
        out.sort(key=lambda x: x.start)
        return out

    # -- casualties -------------------------------------------------------------------------------------------
    def _groups(self, text: str, start: int, end: int) -> list[_Group]:
        out: list[_Group] = []
        for key, s, e in sorted(self.groups.find(text, start, end), key=lambda h: (-(h[2] - h[1]), h[1])):
            if any(s < g.end and g.start < e for g in out):
                continue
            parts = key.split("|")
            out.append(_Group(parts[0], parts[1], s, e, parts[2] if len(parts) > 2 else None))
        out.sort(key=lambda g: g.start)
        return out

    def casualties(self, text: str, start: int, end: int, quantities: list[Quantity]) -> list[CasualtyMention]:
        cues = [(label, s, e) for label, s, e in self.outcomes.find(text, start, end)]
        combined = [(m.start(), m.end()) for m in self.combined.finditer(text, start, end)]
        groups = self._groups(text, start, end)
        # "من بين العدد الإجمالي للقتلى المدنيين، 842 طفلًا": a definite outcome noun governs the figures after it
        cues += [(str(g.outcome), g.start, g.end) for g in groups if g.outcome and _definite(text, g)]
        cues.sort(key=lambda c: c[1])
        used_q: set[int] = set()
        phrases: list[tuple[Quantity, _Group | None, int, int]] = []   # quantity, group, start, end
        for g in groups:
            if any(s <= g.start < e for _, s, e in cues) and g.outcome is None:
                continue
            if any(q.start <= g.start and g.end <= q.end for q in quantities):
                continue   # "عدد آخر": the word is part of the amount
            q = next((q for q in quantities if q.start not in used_q and q.end <= g.start
                      and re.fullmatch(r"\s*(?:من\s+)?(?:ال)?", text[q.end:g.start])), None)
            if q is None:   # "مدنيين اثنين": the figure after the noun
                q = next((q for q in quantities if q.start not in used_q and q.start >= g.end and q.count is not None
                          and q.count <= 10 and re.fullmatch(r"\s*", text[g.end:q.start])
                          and not re.match(r"\d", text[q.start:q.start + 1])), None)
            if q is not None:
                used_q.add(q.start)
                qual = self.numbers.after_qualifier(text, max(g.end, q.end), end)
                if qual and q.count is not None and q.qualifier == "exact":
                    q = Quantity(q.start, q.end, q.count, q.count, None if qual == "at_least" else q.count, qual, q.text)
                phrases.append((q, g, min(q.start, g.start), max(q.end, g.end)))
            elif g.number == "dual":
                phrases.append((Quantity(g.start, g.end, 2, 2, 2, "exact", text[g.start:g.end]), g, g.start, g.end))
            elif g.number == "singular" and not _definite(text, g, self.groups.exact) and self._one(text, start, g, cues, phrases):
                phrases.append((Quantity(g.start, g.end, 1, 1, 1, "exact", text[g.start:g.end]), g, g.start, g.end))
            elif g.number == "others":
                phrases.append((Quantity(g.start, g.end, None, None, None, "vague", text[g.start:g.end]), g, g.start, g.end))
        for q in quantities:   # "قتل 5 وأصيب 10": a figure right after an outcome cue counts people
            if q.start in used_q or (q.count is None and q.qualifier != "vague"):
                continue
            if any(re.fullmatch(r"\s*(?:عن\s+)?", text[e:q.start]) for _, _, e in cues if e <= q.start):
                used_q.add(q.start)
                phrases.append((q, None, q.start, q.end))
        phrases.sort(key=lambda p: p[2])
        out: list[CasualtyMention] = []
        main: int | None = None
        for q, grp, s, e in phrases:
            between = text[out[-1].end if out else start:s]
            subset = main is not None and (bool(self.subset.search(between)) or (
                out[-1].subset_of is not None and re.fullmatch(r"[\s،,و]*", between) is not None))
            if subset and not any(cs >= (out[-1].end if out else start) and ce <= s for _, cs, ce in cues):
                assert main is not None
                out.append(CasualtyMention(s, e, out[main].outcome, grp.label if grp else "people", q, main))
                continue
            if grp is not None and grp.outcome is not None:
                outcome: str | None = grp.outcome
                comb = False
            else:
                outcome, comb = self._outcome(text, start, end, s, e, cues, combined)
            if outcome is None:
                continue
            label = grp.label if grp else "people"
            if grp is not None and grp.number == "others" or (grp is None and re.match(r"\s*(?:آخر|اخر)", text[e:e + 8])):
                label = next((c.group for c in reversed(out) if c.subset_of is None), "people")
            if comb:
                if q.qualifier == "vague":
                    out.append(CasualtyMention(s, e, "killed", label, q, None, True))
                    out.append(CasualtyMention(s, e, "injured", label, q, None, True))
                continue
            out.append(CasualtyMention(s, e, outcome, label, q))
            main = len(out) - 1
        return self._zeros(text, start, end, out) + out

    def _one(self, text: str, start: int, g: _Group, cues: list[tuple[str, int, int]],
             phrases: list[tuple[Quantity, _Group | None, int, int]]) -> bool:
        """Does a singular noun count one victim? Right after an outcome cue ("بمقتل سيدة", "قتلت امرأة"), right
        before one ("مدنيًا قتل"), or in a list of victims ("بينهم 7 أطفال وسيدة")."""
        before = text[max(start, g.start - 30):g.start]
        if g.outcome is not None:
            return True   # "سقوط شهيد": the noun says the outcome
        if any(e <= g.start and re.fullmatch(r"\s*(?:\S+\s+)?", text[e:g.start]) for _, _, e in cues):
            return True
        if any(s >= g.end and re.fullmatch(r"\s*", text[g.end:s]) for _, s, _ in cues):
            return True
        if phrases and re.fullmatch(r"\s*(?:و|،\s*و?|,\s*و?)?\s*", text[phrases[-1][3]:g.start]):
            return True
        return bool(self.subset.search(before) and re.search(r"\S+\s*$", before)
                    and self.subset.search(before[-12:]))

    def _outcome(self, text: str, start: int, end: int, s: int, e: int, cues: list[tuple[str, int, int]],
                 combined: list[tuple[int, int]]) -> tuple[str | None, bool]:
        before = [c for c in cues if c[2] <= s]
        after = [c for c in cues if c[1] >= e and c[1] - e < 60]
        comb_before = [c for c in combined if c[1] <= s]
        if comb_before and (not before or comb_before[-1][0] >= before[-1][1] - 1) and \
                not re.search(r"[.؛;]", text[comb_before[-1][1]:s]):
            return "killed", True
        if after and re.fullmatch(r"\s*", text[e:after[0][1]]) and text[after[0][1]] not in "وف":
            return after[0][0], False    # "ثلاثة مدنيين قتلوا" (not "... وأصيب": the next clause)
        if before:
            return before[-1][0], False
        if after:
            return after[0][0], False
        return None, False

    def _zeros(self, text: str, start: int, end: int, found: list[CasualtyMention]) -> list[CasualtyMention]:
        return stated_zeros(self.zero, text, start, end, found)

    # -- strike counts and statistics -------------------------------------------------------------------------
    def counts(self, text: str, start: int, end: int, quantities: list[Quantity], casualty_spans: set[int]) -> list[CountMention]:
        out: list[CountMention] = []
        used: set[int] = set()
        for q in quantities:
            if q.start in casualty_spans:
                continue
            m = re.match(r"\s*(?:من\s+)?", text[q.end:end])
            at = q.end + (m.end() if m else 0)
            hit = self.strikes.first_at(text, at, end)
            if hit and q.count is not None:
                out.append(CountMention(q.start, hit[2], q, hit[0].split("|")[0], "strike"))
                used.add(hit[1])
                continue
            metric = self.metrics.first_at(text, at, end)
            if metric and q.count is not None:
                out.append(CountMention(q.start, metric[2], q, metric[0], "metric"))
        for key, s, e in self.strikes.find(text, start, end):   # "غارتين": two strikes by itself
            label, number = key.split("|")
            if number == "dual" and s not in used and not any(c.start <= s < c.end for c in out):
                out.append(CountMention(s, e, Quantity(s, e, 2, 2, 2, "exact", text[s:e]), label, "strike"))
        out.sort(key=lambda c: c.start)
        return out

    def sources(self, text: str, start: int, end: int) -> list[tuple[str, str, int, int]]:
        if not self.report_verbs.search(text, start, end):
            return []
        out: list[tuple[str, str, int, int]] = []
        for name, typ, rx in self.source_entries:
            for m in rx.finditer(text, start, end):
                if any(m.start() < b and a < m.end() for _, _, a, b in out):
                    continue
                out.append((name, typ, m.start(), m.end()))
        out.sort(key=lambda x: x[2])
        return out

    def actors(self, actor_rx: re.Pattern[str], actors: list[Any], text: str, start: int, end: int) -> list[Labelled]:
        """Actor-dictionary matches, longest first; a party named as a position or an area held ("مواقع قوات
        النظام", "مناطق سيطرة") is where it was hit or who holds it, not the attacker."""
        spans = [(m.start(), m.end(), actors[int(str(m.lastgroup)[1:].split("_")[0])].name)
                 for m in actor_rx.finditer(text, start, end)]
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        out: list[Labelled] = []
        for s, e, name in spans:
            if any(s < x.end and x.start < e for x in out):
                continue
            before = strip_marks(text[max(start, s - 25):s])
            if _HELD_BY.search(before) and name != "terrorists":
                continue
            out.append(Labelled(name, s, e, text[s:e]))
        out.sort(key=lambda x: x.start)
        return out
