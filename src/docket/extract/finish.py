"""From an assembled incident to the SPEC's Incident: values, totals, confidence, and evidence for each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docket.extract.builder import Builder
from docket.extract.mentions import CasualtyMention
from docket.model import (
    Actor,
    Casualty,
    DateSpan,
    Evidence,
    Incident,
    Location,
    Source,
    Strike,
    Target,
    Total,
)

CHEMICAL_AGENTS = ("chlorine", "sarin")


@dataclass(frozen=True)
class LabelRules:
    """Lexicon rules applied when an incident is finished (vocab ``weapon_implies``, ``weak_labels``,
    ``hedged_agent_before``)."""

    implies: dict[str, list[str]]
    weak: dict[str, re.Pattern[str]]
    hedged: re.Pattern[str]

    @classmethod
    def from_lexicon(cls, raw: dict[str, Any]) -> LabelRules:
        weak = {k: re.compile(r"(?i)(?:" + "|".join(v) + r")") for k, v in raw.get("weak_labels", {}).items()}
        hedged = re.compile(r"(?i)\b(?:" + "|".join(raw.get("hedged_agent_before", [])) + r")\s+$")
        return cls(dict(raw["weapon_implies"]), weak, hedged)


def finish_incident(text: str, b: Builder, index: int, admin1: str | None, rules: LabelRules,
                    subset_groups: frozenset[str]) -> Incident:
    ev: list[Evidence] = []
    loc = _location(b, admin1, ev)
    date_span = _date(b, ev)
    weapons = _weapons(b, text, rules)
    _drop_weak(b, text, rules)
    attack_types = dict(b.attack_types)
    ev += [Evidence(f"attack_types[{i}]", s, e) for i, (s, e) in enumerate(attack_types.values())]
    ev += [Evidence(f"weapons[{i}]", s, e) for i, (s, e) in enumerate(weapons.values())]
    actors = [Actor(name=a.label, text=a.text) for a in b.actors.values()]
    ev += [Evidence(f"actors[{i}]", a.start, a.end) for i, a in enumerate(b.actors.values())]
    casualties, killed, injured = casualty_rows(b, text, subset_groups)
    ev += [Evidence(f"casualties[{i}]", m.start, m.end) for i, (_c, m) in enumerate(casualties)]
    strikes = _strikes(b, ev)
    targets = _targets(b, ev)
    sources = [Source(name=name, type=typ) for name, (typ, _s, _e) in b.sources.items()]
    ev += [Evidence(f"sources[{i}]", s, e) for i, (_typ, s, e) in enumerate(b.sources.values())]
    details = sum(bool(x) for x in (attack_types, weapons, casualties, targets, strikes, actors))
    confidence = min(0.95, 0.35 + 0.1 * details + (0.1 if b.place.trigger else 0) + (0.1 if date_span.start else 0))
    return Incident(
        id=str(index), date=date_span, location=loc, actors=actors, attack_types=list(attack_types),
        weapons=list(weapons), strikes=strikes, casualties=[c for c, _ in casualties], killed=killed,
        injured=injured, targets=targets, sources=sources, evidence=ev, confidence=round(confidence, 2),
    )


def _location(b: Builder, admin1: str | None, ev: list[Evidence]) -> Location | None:
    p = b.place
    if p.precision == "unplaced":
        return None
    # (a town named inside its parent, "Mogadishu's Bakara market", lies in it like a neighbourhood)
    within = p.parent or next(iter(b.surroundings), None) if p.precision == "point" or p.inside else None
    ev.append(Evidence("location", p.start, p.end))
    return Location(name=p.name, admin1=admin1, precision=p.precision,  # type: ignore[arg-type]
                    qualifier=p.qualifier, within=within, near=p.near, toward=p.toward)  # type: ignore[arg-type]


def _date(b: Builder, ev: list[Evidence]) -> DateSpan:
    if b.date is not None and b.date_span.precision != "unknown":
        ev.append(Evidence("date", b.date.start, b.date.end))
        return b.date_span
    return DateSpan(None, None, "unknown", b.date.text if b.date else None)


def _weapons(b: Builder, text: str, rules: LabelRules) -> dict[str, tuple[int, int]]:
    """The weapons: an agent only compared with is unspecified ("symptoms like sarin"), a named agent replaces
    the unspecified one, a chemical attack with no agent named is toxic_chemical, and each weapon adds the
    attack type it implies."""
    weapons: dict[str, tuple[int, int]] = {}
    for w, (s, e) in b.weapons.items():
        if w in CHEMICAL_AGENTS and rules.hedged.search(text[max(0, s - 25):s]):
            w = "toxic_chemical"
        weapons.setdefault(w, (s, e))
    if any(w in CHEMICAL_AGENTS for w in weapons) and "toxic_chemical" in weapons:
        del weapons["toxic_chemical"]
    if "chemical_attack" in b.attack_types and not any(w in CHEMICAL_AGENTS or w == "toxic_chemical" for w in weapons):
        weapons["toxic_chemical"] = b.attack_types["chemical_attack"]
    for w, span in weapons.items():
        for implied in rules.implies.get(w, []):
            if implied not in b.attack_types:
                b.attack_types[implied] = span
    return weapons


def _drop_weak(b: Builder, text: str, rules: LabelRules) -> None:
    """A label given only by a weak phrase ("an explosion") yields to any other attack type of the incident."""
    for label, rx in rules.weak.items():
        span = b.attack_types.get(label)
        if span and len(b.attack_types) > 1 and rx.fullmatch(text[span[0]:span[1]]):
            del b.attack_types[label]


def _strikes(b: Builder, ev: list[Evidence]) -> list[Strike]:
    strikes: list[Strike] = []
    seen: set[tuple[int | None, str]] = set()
    for c in b.strikes:
        key = (c.q.count, c.label)
        if key in seen:
            continue
        seen.add(key)
        ev.append(Evidence(f"strikes[{len(strikes)}]", c.start, c.end))
        strikes.append(Strike(count=c.q.count, qualifier=c.q.qualifier, what=c.label))  # type: ignore[arg-type]
    return strikes


def _targets(b: Builder, ev: list[Evidence]) -> list[Target]:
    """One target per type: a later mention may name it or say it was destroyed."""
    targets: list[Target] = []
    for t, (s, e) in b.targets:
        dup = next((x for x in targets if x.type == t.type), None)
        if dup:
            if t.name and not dup.name:
                dup.name = t.name
            if dup.effect == "hit" and t.effect != "hit":
                dup.effect = t.effect
            continue
        ev.append(Evidence(f"targets[{len(targets)}]", s, e))
        targets.append(t)
    return targets


def casualty_rows(b: Builder, text: str, subset_groups: frozenset[str]) -> tuple[list[tuple[Casualty, CasualtyMention]], Total | None, Total | None]:
    rows: list[tuple[Casualty, CasualtyMention]] = []
    seen = set()
    for _, m in b.casualties:
        key = (m.outcome, m.group, m.q.count, m.q.qualifier, m.start if m.q.count is None else None)   # a restated figure once
        if key in seen:
            continue
        seen.add(key)
        rows.append((Casualty(outcome=m.outcome, group=m.group, count=m.q.count, low=m.q.low,  # type: ignore[arg-type]
                              high=m.q.high, qualifier=m.q.qualifier, text=text[m.start:m.end]), m))  # type: ignore[arg-type]
    totals: dict[str, Total | None] = {}
    for outcome in ("killed", "injured"):
        by_sentence: dict[int, list[CasualtyMention]] = {}
        for si, m in b.casualties:
            if m.outcome == outcome:
                by_sentence.setdefault(si, []).append(m)
        totals[outcome] = None
        for si in sorted(by_sentence):
            t = _total(by_sentence[si], subset_groups)
            if t is not None:
                totals[outcome] = t
                break
    return rows, totals["killed"], totals["injured"]


def _total(ms: list[CasualtyMention], subset_groups: frozenset[str]) -> Total | None:
    """Total over one statement: disjoint groups summed; subsets ("including two children") not added."""
    top = [m for m in ms if m.subset_of is None]
    others = [m.q.count for m in top if m.alternative and m.q.count is not None]
    firsts = [m for m in top if not m.alternative]
    if others and len(firsts) == 1 and firsts[0].q.count is not None:
        # two sources' figures for the same dead: never their sum; at least the lower one
        return Total(count=min([firsts[0].q.count, *others]), qualifier="at_least")
    top = [m for m in top if not m.alternative] or top   # (a figure only another source gives still counts)
    tolls = [m for m in top if m.toll]
    if tolls:   # "killed 12 people, bringing the death toll to 15": the running toll counts them all
        top = tolls[-1:]
    if any(m.group in ("people", "civilians") for m in top):
        top = [m for m in top if not (m.group in subset_groups and m.q.qualifier == "vague")]
    if not top:
        return None
    if any(m.q.qualifier == "vague" for m in top):
        return Total(count=None, qualifier="vague") if all(m.q.qualifier == "vague" for m in top) else \
            Total(count=sum(m.q.count or 0 for m in top), qualifier="at_least")
    if any(m.q.qualifier == "up_to" for m in top):
        ups = [m for m in top if m.q.qualifier != "up_to"]
        top = ups or top
    count = sum(m.q.count or 0 for m in top)
    quals = {m.q.qualifier for m in top}
    qualifier = quals.pop() if len(quals) == 1 else ("at_least" if quals & {"at_least", "more_than", "exact"} and not quals & {"about"} else "about")
    return Total(count=count, qualifier=qualifier)  # type: ignore[arg-type]
