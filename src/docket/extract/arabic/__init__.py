"""Arabic extraction: components for the same pipeline (``extract/data/pipeline.yaml``, ``languages: ar``) that
write the same typed spans and sentence frames the English ones write, from ``vocab/data/lexicon_ar.yaml`` and
the Arabic surface forms in the actor dictionaries. The assembler (engine.py) is shared."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docket.extract.arabic.dates import ArabicDates
from docket.extract.arabic.lexicon import BEFORE, ArLexicon, load_raw
from docket.extract.arabic.mentions import ArabicMentions
from docket.extract.arabic.numbers import ArabicNumbers
from docket.extract.arabic.places import ArabicPlaces
from docket.extract.doc import Doc, SentenceInfo
from docket.extract.text import Sentence, _add, _paragraphs

if TYPE_CHECKING:
    from docket.extract.components import Tools

_BOUNDARY = re.compile(r"[.!?؟][\"”’')\]»]*\s+")


class Terms:
    """Does a lexicon term start at a position? Lexicons (word look-up) and regexes (their own boundaries)."""

    def __init__(self, lexicons: list[ArLexicon], regexes: list[re.Pattern[str]], skip: str = "") -> None:
        self.lexicons = [ArLexicon.merged(lexicons)]
        self.regex = re.compile(skip + "(?:" + "|".join(rx.pattern.replace(BEFORE, "") for rx in regexes) + ")")
        self.skip = re.compile(skip) if skip else None

    def match(self, text: str, pos: int, end: int) -> int | None:
        """The end of the longest term at ``pos`` (after the optional ``skip``), or None."""
        m = self.regex.match(text, pos, end)
        best = m.end() if m else None
        at = pos
        if self.skip is not None:
            sk = self.skip.match(text, pos, end)
            at = sk.end() if sk else pos
        for lex in self.lexicons:
            hit = lex.first_at(text, at, end)
            if hit and (best is None or hit[2] > best):
                best = hit[2]
        return best


@dataclass(frozen=True)
class ArabicTools:
    numbers: ArabicNumbers
    dates: ArabicDates
    places: ArabicPlaces
    mentions: ArabicMentions

    @classmethod
    def load(cls, actor_rx: re.Pattern[str]) -> ArabicTools:
        raw = load_raw()
        numbers = ArabicNumbers(raw)
        mentions = ArabicMentions(raw, numbers)
        dates = ArabicDates(raw)
        # every lexicon term, where a name's word starts: a place name never runs into one
        stop = Terms([mentions.attack_types, mentions.weapons, mentions.targets, mentions.groups, mentions.outcomes],
                     [mentions.report_verbs, mentions.attack_cues, *(rx for _, rx in dates.rules[-3:])])
        # an attack or a toll right after a bare name ("وفي ملّس استهدفت ...")
        acts = Terms([mentions.outcomes], [mentions.attack_cues], skip=r"\s*(?:[،,]\s*)?")
        return cls(numbers, dates, ArabicPlaces(raw, stop, actor_rx, acts), mentions)


def split_sentences_ar(text: str) -> list[Sentence]:
    """Arabic sentences: lines, cut after . ! ? ؟ (Arabic has no capitals to tell a sentence start)."""
    out: list[Sentence] = []
    for para, (p_start, p_end) in enumerate(_paragraphs(text)):
        cut = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            _add(out, text, para, cut, m.end())
            cut = m.end()
        _add(out, text, para, cut, p_end)
    return out


# -- the components ----------------------------------------------------------------------------------------------

def sentences(doc: Doc, tools: Tools) -> None:
    seen: set[str] = set()
    for s in split_sentences_ar(doc.text):
        key = re.sub(r"\W+", " ", s.text).strip()
        if not key or key in seen:
            continue
        seen.add(key)
        if len(s.text.split()) < 4 and not re.search(r"\d", s.text):
            continue
        doc.sentences.append(s)


def dates(doc: Doc, tools: Tools) -> None:
    doc.set_spans("dates", tools.arabic.dates.find(doc.text, doc.published))


def quantities(doc: Doc, tools: Tools) -> None:
    doc.set_spans("quantities", tools.arabic.numbers.find(doc.text))


def places(doc: Doc, tools: Tools) -> None:
    found = tools.arabic.places.find(doc.text)
    town = None
    for p in found:   # a neighbourhood told without its town is in the town the report last named
        if p.precision == "town":
            town = p.name
        elif p.precision == "point" and p.parent is None and town is not None:
            p.parent = town
    doc.set_spans("places", found)


def labels(doc: Doc, tools: Tools) -> None:
    for kind in ("attack_types", "weapons", "targets", "effects"):
        doc.set_spans(kind, tools.arabic.mentions.labels(kind, doc.text, 0, len(doc.text)))


def actors(doc: Doc, tools: Tools) -> None:
    v = tools.vocab
    doc.set_spans("actors", tools.arabic.mentions.actors(v.actor_rx, v.actors, doc.text, 0, len(doc.text)))


def sentence_frames(doc: Doc, tools: Tools) -> None:
    doc.infos = [frame(doc, tools, s) for s in doc.sentences]


_BY_MEANS_OF = re.compile(r"(?:[وف]?ب(?:عدة|عدد\s+من|ال)?)")


def _munitions_of_aircraft(text: str, labels: list) -> list:
    """"استهدفت طائرة حربية البلدة بعدة صواريخ": rockets or missiles named as what an aircraft struck with
    (instrumental ب) are the airstrike's munitions, not a rocket attack of their own."""
    if not any(x.label in ("airstrike", "drone_strike") for x in labels):
        return labels
    return [x for x in labels if not (x.label in ("rocket_attack", "missile_strike")
                                      and _BY_MEANS_OF.match(text, x.start) and text[x.start] in "وفب"
                                      or x.label in ("rocket_attack", "missile_strike")
                                      and re.search(r"ب(?:عدة|عدد من)\s*$", text[max(0, x.start - 10):x.start]))]


def frame(doc: Doc, tools: Tools, s: Sentence) -> SentenceInfo:
    text, a, b, m = doc.text, s.start, s.end, tools.arabic.mentions
    found = doc.within("dates", a, b)
    qs = doc.within_undated("quantities", a, b, found)
    casualties = m.casualties(text, a, b, qs)
    return SentenceInfo(
        s=s, places=doc.within_undated("places", a, b, found), dates=found,
        event_dates=[d for d in found if not m.report_verbs.search(text, max(a, d.start - 25), d.start)],
        casualties=casualties, counts=m.counts(text, a, b, qs, {c.q.start for c in casualties}),
        attack_types=_munitions_of_aircraft(text, doc.within("attack_types", a, b)), weapons=doc.within("weapons", a, b),
        targets=doc.within("targets", a, b), effects=doc.within("effects", a, b),
        actors=[x for x in doc.within("actors", a, b) if not any(c.start <= x.start and x.end <= c.end for c in casualties)],
        sources=m.sources(text, a, b),
        attack_cue=bool(m.attack_cues.search(text, a, b)),
        spread=bool(m.spread.search(text, a, b)),
        anaphora=bool(m.anaphora.search(text, a, b)),
        vague_time=bool(m.vague_time.search(text, a, b)),
    )
