"""The extraction components: each one job over the Doc, registered by name; their order is data
(``data/pipeline.yaml``), in the spirit of spaCy's pipeline: a component is ``(doc, tools) -> None`` and writes
typed spans into ``doc.spans`` (or sentence frames into ``doc.infos``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from docket.extract import arabic
from docket.extract.dates import DateMention, find_dates
from docket.extract.doc import Doc, SentenceInfo
from docket.extract.mentions import MentionFinder
from docket.extract.numbers import SINGLE_DETERMINERS, QuantityFinder
from docket.extract.parse import load_parser, parse_roles
from docket.extract.places import PlaceFinder, PlaceOracle
from docket.extract.text import Sentence, split_sentences
from docket.vocab import Vocab


@dataclass(frozen=True)
class Tools:
    """What components share: the vocabulary and the recognisers built from it (loaded once)."""

    vocab: Vocab
    places: PlaceFinder
    quantities: QuantityFinder
    mentions: MentionFinder
    oracle: PlaceOracle | None
    arabic: arabic.ArabicTools   # the Arabic recognisers (lexicon_ar.yaml), for the components of languages: ar
    parser: Any = None   # docket.extract.parse.Parser when DOCKET_PARSE turns the optional parse on

    @classmethod
    def load(cls, vocab: Vocab, oracle: PlaceOracle | None = None) -> Tools:
        return cls(vocab, PlaceFinder(vocab, oracle), QuantityFinder(vocab), MentionFinder(vocab), oracle,
                   arabic.ArabicTools.load(vocab.actor_rx), load_parser())


Component = Callable[[Doc, Tools], None]


def body_sentences(doc: Doc, tools: Tools) -> None:
    """Sentences of the body: repeated lines, navigation trails and fragments without figures left out."""
    seen: set[str] = set()
    title = (doc.document.title or "").strip()
    for s in split_sentences(doc.text):
        key = re.sub(r"\W+", " ", s.text).strip().lower()
        if not key or key in seen:
            continue
        seen.add(key)
        if title and s.text.endswith(title) and s.text != title:
            continue   # "Home Media Center News <title>" navigation trails
        if len(s.text.split()) < 4 and not re.search(r"\d", s.text) \
                and not any(rx.search(s.text) for rx in tools.mentions.zero_rx.values()):
            continue   # (but "No fatalities reported." states a zero)
        doc.sentences.append(s)


def dates(doc: Doc, tools: Tools) -> None:
    doc.set_spans("dates", find_dates(doc.text, doc.published, 0, len(doc.text)))


def quantities(doc: Doc, tools: Tools) -> None:
    doc.set_spans("quantities", tools.quantities.find(doc.text, 0, len(doc.text)))


def places(doc: Doc, tools: Tools) -> None:
    text = doc.text
    doc.set_spans("places", tools.places.find(text, 0, len(text), tools.places.document_countries(text)))


def labels(doc: Doc, tools: Tools) -> None:
    for kind in ("attack_types", "weapons", "targets", "effects"):
        doc.set_spans(kind, tools.mentions.labels(kind, doc.text, 0, len(doc.text)))


def actors(doc: Doc, tools: Tools) -> None:
    doc.set_spans("actors", tools.mentions.actors(doc.text, 0, len(doc.text)))


def sentence_frames(doc: Doc, tools: Tools) -> None:
    doc.infos = [frame(doc, tools, s) for s in doc.sentences]


def restated_victims(doc: Doc, tools: Tools) -> None:
    """One victim told again is not a second victim: "A priest was killed in X. The priest was killed on Y
    road", "Gunmen killed a mayor. Jose Garcia was killed when ...". A definite "the <noun>" after a victim of
    that noun, and a bare "was killed" after any single victim, are dropped from the later sentence."""
    nouns: set[str] = set()
    single = False
    for info in doc.infos:
        kept = []
        for c in info.casualties:
            one = c.outcome == "killed" and c.q.count == 1 and c.subset_of is None
            det = c.q.text.lower()
            noun = doc.text[c.start:c.end].split()[-1].lower() if det in SINGLE_DETERMINERS else None
            bare = det.split()[0] in ("was", "has", "had")   # the singular passive ("X was shot dead")
            if one and ((det == "the" and noun in nouns) or (bare and single)):
                continue
            if one:
                single = True
                nouns.update([noun] if noun and det != "another" else [])
            kept.append(c)
        info.casualties[:] = kept


def frame(doc: Doc, tools: Tools, s: Sentence) -> SentenceInfo:
    """One sentence's frame: its slice of every span kind, then its casualties, counts, sources and cues."""
    text, a, b, m = doc.text, s.start, s.end, tools.mentions
    found = doc.within("dates", a, b)
    qs = doc.within_undated("quantities", a, b, found)
    found = [d for d in found if not m.ranking_rx.search(text, a, d.start)]   # ("the third killed this year")
    casualties = m.casualties(text, a, b, qs)
    return SentenceInfo(
        s=s, places=doc.within_undated("places", a, b, found), dates=found,
        event_dates=[d for d in found if not report_date(tools, text, d, a, b) and not _RELATIVE.search(text, a, d.start)
                     and not _dateline(text, d, a) and not _about_the_victim(text, d, a, b)],
        casualties=casualties, counts=m.counts(text, qs, {c.q.start for c in casualties}),
        attack_types=doc.within("attack_types", a, b), weapons=doc.within("weapons", a, b),
        targets=doc.within("targets", a, b), effects=doc.within("effects", a, b),
        # a party named inside a victim group ("three SDF fighters were killed") is the victims' side
        actors=[x for x in doc.within("actors", a, b) if not any(c.start <= x.start and x.end <= c.end for c in casualties)],
        sources=m.sources(text, a, b),
        attack_cue=bool(tools.vocab.attack_cues.search(text, a, b)),
        spread=bool(m.spread_rx.search(text, a, b) or m.war_toll_rx.match(text, a, b)),   # ("The war has killed ...")
        anaphora=bool(m.anaphora_rx.search(text, a, b)),
        vague_time=bool(m.vague_time_rx.search(text, a, b)),
        similar=bool(m.similar_rx.search(text, a, b)),
        same_attack=bool(m.same_attack_rx.match(text, a + len(s.text) - len(s.text.lstrip()), b)),   # opens on it
    )


# A date inside a relative clause about a place or a party ("X, which the rebels took last month") is not when
# the attack happened.
_RELATIVE = re.compile(r",\s+(?:which|who|whom|where)\b[^,;]*$")
# ... and so is a month or a year inside a clause that tells who the victim was ("a journalist who ran for
# parliament last year was killed on Thursday", "a leader who won a prize in 2005 has been shot dead"): the clause
# has no comma, opens on who/whom/whose, tells no harm itself, and the sentence's own verb follows it. A day there
# is the attack's ("a farmer who was working on his farm on Sunday was hacked to death").
_WHO_BEFORE = re.compile(r"\b(?:who|whom|whose)\b(?![^,;]*\b(?:killed|shot|murdered|slain|died|wounded|injured|"
                         r"attacked|abducted|kidnapped)\b)[^,;]*$")
_MAIN_AFTER = re.compile(r"(?i)[^,;]*?\b(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?(?:killed|shot|murdered|"
                         r"slain|gunned|stabbed|beaten|found|assassinated|executed|hacked|beheaded|lynched)\b")


def _about_the_victim(text: str, d: DateMention, a: int, b: int) -> bool:
    return d.span.precision in ("month", "year") and bool(_WHO_BEFORE.search(text, a, d.start)) \
        and bool(_MAIN_AFTER.match(text, d.end, b))


_SAID_BEFORE = re.compile(r"(?:said|says|reported|announced|stated|added|noted|confirmed|warned|issued|published|"
                          r"released|statement|told(?:\s+(?:reporters|journalists|[a-z]{2,6}|the\s+[a-z]+(?:\s+[a-z]+)?))?)"
                          r"\s+(?:on\s+|late\s+|early\s+)?$")   # ("told AFP on Saturday", "told reporters Monday")
_SAID_AFTER = re.compile(r"\s*(?:,\s*)?(?:also\s+)?(?:said|says|reported|announced|stated|added|noted|confirmed|warned|"
                         r"told|issued)\b")


_DATELINE_BEFORE = re.compile(r"^\W*(?:date\s*)?(?:[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Z.'-]+)*[ ,]*)?(?:\d{4}-\d\d-\d\d\s+)?"
                              r"(?:[A-Z][A-Z.'-]{2,}[ ,]+)?$")
_DATELINE_AFTER = re.compile(r"^\s*(?:[-–—:(]|[A-Z]{3,}\b)")


def _dateline(text: str, d: DateMention, a: int) -> bool:
    """"date 2013-08-27 ISTANBUL Aug 27 Syria's ...", "BEIRUT, March 5 (Reuters) -": the wire dateline dates
    the report, not the attack."""
    return d.start - a <= 45 and bool(_DATELINE_BEFORE.match(text[a:d.start])) and (
        bool(_DATELINE_AFTER.match(text[d.end:d.end + 12])) or bool(re.search(r"[A-Z]{3,}", text[a:d.start])))


def report_date(tools: Tools, text: str, d: DateMention, a: int, b: int) -> bool:
    """A date beside a reporting verb dates the report ("said on Friday", "issued on Monday"), not the attack."""
    before = text[max(a, d.start - 30):d.start].lower()
    after = text[d.end:min(b, d.end + 25)].lower()
    if _SAID_BEFORE.search(before):
        return True
    if tools.vocab.inverted_attribution.match(text, d.end, min(b, d.end + 40)):
        return False   # ("killed a farmer on Monday, said police", "late Monday, says a fellow journalist": the
        #                speaker comes after the speech, and the date is the attack's)
    return bool(_SAID_AFTER.match(after)) and not tools.vocab.report_verbs.search(before[-8:])


COMPONENTS: Mapping[str, Component] = MappingProxyType({
    "sentences": body_sentences,
    "dates": dates,
    "quantities": quantities,
    "places": places,
    "labels": labels,
    "actors": actors,
    "sentence_frames": sentence_frames,
    "restated_victims": restated_victims,
    # Arabic (docket.extract.arabic): the same spans and frames from patterns over words with clitics
    "ar_sentences": arabic.sentences,
    "ar_dates": arabic.dates,
    "ar_quantities": arabic.quantities,
    "ar_places": arabic.places,
    "ar_labels": arabic.labels,
    "ar_actors": arabic.actors,
    "ar_sentence_frames": arabic.sentence_frames,
    "parse_roles": parse_roles,   # optional (docket.extract.parse); spaCy is imported only when it is on
})


@cache
def configured_order(language: str | None = None) -> tuple[str, ...]:
    """The component names from ``data/pipeline.yaml`` for a document's language (``languages``; any other
    language, or none, gets ``components``), checked against the registry."""
    raw = yaml.safe_load(resources.files("docket.extract").joinpath("data/pipeline.yaml").read_text("utf-8"))
    per_language = raw.get("languages") or {}
    names = tuple(str(n) for n in per_language.get(language) or raw["components"])
    unknown = [n for n in names if n not in COMPONENTS]
    if unknown:
        raise ValueError(f"extract/data/pipeline.yaml: unknown component(s) {', '.join(unknown)}")
    return names


@cache
def language_options(language: str | None) -> dict[str, object]:
    """The assembler's options for a document's language (``options`` in ``data/pipeline.yaml``; none: defaults)."""
    raw = yaml.safe_load(resources.files("docket.extract").joinpath("data/pipeline.yaml").read_text("utf-8"))
    return dict((raw.get("options") or {}).get(language) or {})


def build_doc(doc: Doc, tools: Tools, order: tuple[str, ...] | None = None) -> Doc:
    """Run the components, in the order configured for the document's language, over the Doc."""
    names = order or configured_order(doc.document.language)
    if tools.parser is not None and "sentence_frames" in names and "parse_roles" not in names:
        at = names.index("sentence_frames") + 1
        names = (*names[:at], "parse_roles", *names[at:])
    for name in names:
        COMPONENTS[name](doc, tools)
    return doc
