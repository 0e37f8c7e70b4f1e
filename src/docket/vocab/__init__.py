"""Controlled vocabularies, lexicons, actor dictionaries and the legal table, loaded from data files.

Everything the extractor recognises is spelled once, in ``vocab/data/*.yaml``; this module only
compiles it. Load a :class:`Vocab` once per process and pass it around.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from docket import model

DATA = resources.files("docket.vocab") / "data"


def _read_yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def alternation(patterns: list[str]) -> str:
    """One regex alternative group from surface patterns, longest first."""
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@functools.lru_cache(maxsize=8)
def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so every offset stays the same (str.lower() may change lengths)."""
    return text.translate(ASCII_LOWER)


def lower_pattern(pattern: str) -> str:
    """Lower-case a regex's letters but not its escapes (\\S must stay \\S)."""
    return re.sub(r"(\\.)|([A-Z])", lambda m: m.group(1) or m.group(2).lower(), pattern)


def word_regex(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + alternation(patterns) + r"(?![\w]|-(?:held|controlled|backed|run|led|affiliated)\b)", flags)


@dataclass
class Lexicon:
    """A map label → compiled regex, with a method to find every labelled span in a text."""

    patterns: dict[str, re.Pattern[str]]

    any_label: re.Pattern[str] | None = None

    @classmethod
    def from_lists(cls, table: dict[str, list[str]], vocabulary: tuple[str, ...] | None = None) -> Lexicon:
        """Patterns are written in lower case and matched against ``ascii_lower(text)``."""
        if vocabulary is not None:
            unknown = set(table) - set(vocabulary)
            if unknown:
                raise ValueError(f"lexicon labels outside the SPEC vocabulary: {sorted(unknown)}")
        pats = {label: word_regex(p, 0) for label, p in table.items() if p}
        union = word_regex([p for ps in table.values() for p in ps], 0) if pats else None
        return cls(pats, union)

    def find(self, text: str, start: int = 0, end: int | None = None, lowered: bool = False) -> list[tuple[str, int, int]]:
        """Every labelled span; ``lowered`` says the caller already passed ``ascii_lower(text)``.

        One scan with the union of all patterns finds where a term starts; each label's own pattern is then
        tried, anchored, only there (several labels may match at one place: "school housing displaced people")."""
        end = len(text) if end is None else end
        low = text if lowered else ascii_lower(text)
        hits: list[tuple[str, int, int]] = []
        if self.any_label is None:
            return hits
        for u in self.any_label.finditer(low, start, end):
            pos = u.start()
            for label, rx in self.patterns.items():
                m = rx.match(low, pos, end)
                if m:
                    hits.append((label, pos, m.end()))
        hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
        return hits


@dataclass
class ActorEntry:
    name: str
    regex: re.Pattern[str]
    exclude_after: list[str] = field(default_factory=list)


@dataclass
class SourceEntry:
    name: str
    type: str
    regex: re.Pattern[str]


@dataclass
class Vocab:
    """All lexicons, compiled once."""

    raw: dict[str, Any]
    attack_types: Lexicon
    weapons: Lexicon
    targets: Lexicon
    effects: Lexicon
    groups: Lexicon
    subset_groups: frozenset[str]
    outcome_passive: Lexicon
    outcome_active: Lexicon
    combined_outcome: re.Pattern[str]
    qualifiers: dict[str, str]
    qualifier_regex: re.Pattern[str]
    vague: dict[str, tuple[int | None, int | None]]
    vague_regex: re.Pattern[str]
    report_verbs: re.Pattern[str]
    # a comma, a verb of speech, then its speaker: an attribution told after the speech (", said police")
    inverted_attribution: re.Pattern[str]
    attack_cues: re.Pattern[str]
    aggregate_metrics: Lexicon
    actors: list[ActorEntry]
    actor_rx: re.Pattern[str]
    sources: list[SourceEntry]
    source_name_types: dict[str, list[str]]
    place_cfg: dict[str, Any]
    legal: dict[str, Any]
    chemical_agents: tuple[str, ...]

    def with_person_nouns(self, pattern: str) -> str:
        """``pattern`` with its PERSON_NOUN placeholder made the alternation of the lexicon's person nouns."""
        return pattern.replace("PERSON_NOUN", alternation(
            [re.escape(n).replace(r"\ ", r"\s+") for n in self.raw["person_nouns"]]))

    @classmethod
    def load(cls, actor_files: list[Path] | None = None) -> Vocab:
        lex = _read_yaml("lexicon.yaml")
        # the Arabic surface forms of the same actors live beside them (same names, same shape)
        actor_tables = [_read_yaml("actors_syria.yaml"), _read_yaml("actors_global.yaml"), _read_yaml("actors_syria_ar.yaml")]
        for path in actor_files or []:
            actor_tables.append(load_actor_file(path))
        actors: list[ActorEntry] = []
        alternatives: list[tuple[str, int]] = []
        for table in actor_tables:
            for entry in table.get("actors") or []:
                alternatives += [(lower_pattern(p), len(actors)) for p in entry["patterns"]]
                actors.append(ActorEntry(entry["name"], re.compile(
                    r"(?<![\w-])" + alternation([lower_pattern(p) for p in entry["patterns"]]) + r"(?![\w-])"),
                                         [s.lower() for s in entry.get("exclude_after") or []]))
        sources = []
        for s in lex["sources"]:
            if s["type"] not in model.SOURCE_TYPES:
                raise ValueError(f"lexicon.yaml: source type {s['type']!r} is not in the SPEC vocabulary")
            sources.append(SourceEntry(s["name"], s["type"], re.compile(r"(?<![\w-])(?:" + s["pattern"] + r")(?![\w-])", re.I)))
        quals = {phrase: label for label, phrases in lex["qualifiers"].items() for phrase in phrases}
        vague = {k: (v[0], v[1]) for k, v in lex["vague_amounts"].items()}
        outcomes = lex["outcomes"]
        return cls(
            raw=lex,
            attack_types=Lexicon.from_lists(lex["attack_types"], model.ATTACK_TYPES),
            weapons=Lexicon.from_lists(lex["weapons"], model.WEAPONS),
            targets=Lexicon.from_lists(lex["targets"], model.TARGET_TYPES),
            effects=Lexicon.from_lists(lex["effects"], model.EFFECTS),
            groups=Lexicon.from_lists(lex["groups"], model.GROUPS),
            subset_groups=frozenset(lex["subset_groups"]),
            outcome_passive=Lexicon.from_lists({k: v["passive"] for k, v in outcomes.items()}, model.OUTCOMES),
            outcome_active=Lexicon.from_lists({k: v["active"] for k, v in outcomes.items()}, model.OUTCOMES),
            combined_outcome=word_regex(lex["combined_outcomes"]),
            qualifiers=quals,
            qualifier_regex=word_regex(list(quals)),
            vague=vague,
            vague_regex=word_regex([k for k in vague]),
            report_verbs=word_regex(lex["report_verbs"]),
            inverted_attribution=re.compile(r"\s*,\s*" + alternation(lex["speech_verbs_before_speaker"])
                                            + r"\s+(?:an?\s|the\s|police\b|officials\b|[A-Z])"),
            attack_cues=word_regex(lex["attack_cues"]),
            aggregate_metrics=Lexicon.from_lists(lex["aggregate_metrics"], model.AGGREGATE_METRICS),
            actors=actors,
            actor_rx=re.compile(r"(?<![\w-])(?:" + "|".join(
                f"(?P<a{i}_{j}>{pat})" for j, (pat, i) in enumerate(sorted(alternatives, key=lambda x: -len(x[0]))))
                + r")(?![\w-])"),
            sources=sources,
            source_name_types=lex["source_name_types"],
            place_cfg=lex["places"],
            legal=_read_yaml("legal.yaml"),
            chemical_agents=tuple(lex["chemical_agents"]),
        )


def load_actor_file(path: Path) -> dict[str, Any]:
    """Read a user actor dictionary (same shape as ``actors_syria.yaml``); one-line errors."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read actor dictionary: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise ValueError(f"{path}: an actor dictionary needs a top-level 'actors' list")
    for i, entry in enumerate(data["actors"]):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("patterns"):
            raise ValueError(f"{path}: actor entry {i + 1} needs 'name' and 'patterns'")
        for pat in entry["patterns"]:
            try:
                re.compile(pat)
            except re.error as exc:
                raise ValueError(f"{path}: actor {entry['name']!r}: bad pattern {pat!r}: {exc}") from None
    return data
