"""Normalising place names: folding, name keys and consonant skeletons (Latin and Arabic).

A *name key* is a spelling-level key: Latin letters, lowercase, no diacritics, apostrophes or articles, generic
words in one spelling, spaces removed ("Ma'arat al-Nu'man" -> "maaratnuman").

A *skeleton* keeps only consonant classes, in the spirit of vowel-free Arabic spelling: the English spelling and
the Arabic name of a place map to the same classes ("Sarqib", "Saraqab" and سراقب -> "SRKB"; "Habeet" and
الهبيط -> "HBT"). Both functions return a set of keys, because some rules are tried both ways (a fused
article, a final -eh, a ta marbuta).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from unidecode import unidecode

# Per-name caches: enough for the names a run meets again and again (gazetteer names, the towns of one war),
# small enough that a long run's memory stays flat (each is a dict of strings).
_NAME_CACHE = 20_000
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_MARKS_RE = re.compile(r"[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")
_APOSTROPHES_RE = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02bd\u02be\u02bf\u00b4\u2032]")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_NON_LATIN_LETTER_RE = re.compile(r"(?![A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f\u1e00-\u1eff\u0250-\u02af])[^\W\d_]")


@dataclass(frozen=True)
class Lexicon:
    """The normaliser's rules, read from ``data/names.yaml``."""

    articles: frozenset[str]
    fused_articles: tuple[str, ...]
    fused_article_countries: frozenset[str]
    generic: dict[str, str]
    compass: dict[str, str]   # a compass word -> its canonical form ("northern" -> "north")
    droppable_prefixes: frozenset[str]
    region_words: frozenset[str]
    area_modifiers: frozenset[str]
    latin_digraphs: dict[str, str]
    vowel_spellings: dict[str, str]   # a vowel's spelling -> its first form ("ei" -> "ay")
    latin_letters: dict[str, str]
    arabic_letters: dict[str, str]
    ta_marbuta: str
    arabic_folds: dict[str, str]
    arabic_articles: tuple[str, ...]
    arabic_generic: frozenset[str]
    arabic_directions: frozenset[str]
    arabic_name_tails: frozenset[str]
    arabic_region_words: frozenset[str]
    arabic_countryside: frozenset[str]
    country_names: dict[str, tuple[str, ...]]
    demonyms: dict[str, tuple[str, ...]]
    demonym_places: dict[str, Any]   # the lists of demonym_countries (see data/names.yaml)
    actor_prefixes: frozenset[str]
    actor_suffixes: frozenset[str]
    not_places: frozenset[str]
    distances: dict[str, float]   # km: 'town_point', 'landmark' (see data/names.yaml)
    name_particles: tuple[str, ...]
    town_quarters: tuple[str, ...]   # "al-Balad" in "Daraa al-Balad": a quarter of the town named before it
    quarter_heads_not_towns: frozenset[str]   # "Bab al-Balad": a gate, no town

    def particles(self, space: str = r"\s+") -> str:
        """The name particles as a regex alternation, longest first, words joined by ``space``."""
        return "(?:" + "|".join(space.join(re.escape(w) for w in p.split())
                                for p in sorted(self.name_particles, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon shipped with the package (read once; immutable)."""
    raw: dict[str, Any] = yaml.safe_load(resources.files("docket.text").joinpath("data/names.yaml").read_text("utf-8"))
    generic: dict[str, str] = {}
    for canon, variants in raw["generic_words"].items():
        generic[canon] = canon
        for v in variants:
            generic[str(v)] = canon
    compass = {str(v): str(canon) for canon, variants in raw["compass_words"].items() for v in [canon, *variants]}
    return Lexicon(
        articles=frozenset(raw["articles"]),
        compass=compass,
        fused_articles=tuple(raw["fused_articles"]),
        fused_article_countries=frozenset(str(x) for x in raw["fused_article_countries"]),
        generic=generic,
        droppable_prefixes=frozenset(raw["droppable_prefixes"]),
        region_words=frozenset(raw["region_words"]),
        area_modifiers=frozenset(raw["area_modifiers"]),
        latin_digraphs=dict(raw["latin_digraphs"]),
        vowel_spellings={str(v): str(canon) for canon, variants in raw["vowel_spellings"].items() for v in variants},
        latin_letters=dict(raw["latin_letters"]),
        arabic_letters=dict(raw["arabic_letters"]),
        ta_marbuta=raw["ta_marbuta"],
        arabic_folds={str(k): str(v or "") for k, v in raw["arabic_folds"].items()},
        arabic_articles=tuple(sorted((str(x) for x in raw["arabic_articles"]), key=len, reverse=True)),
        arabic_generic=frozenset(str(x) for x in raw.get("arabic_generic", [])),
        arabic_directions=frozenset(str(x) for x in raw.get("arabic_directions", [])),
        arabic_name_tails=frozenset(str(x) for x in raw.get("arabic_name_tails", [])),
        arabic_region_words=frozenset(str(x) for x in raw.get("arabic_region_words", [])),
        arabic_countryside=frozenset(str(x) for x in raw.get("arabic_countryside", [])),
        country_names={k: tuple(str(x) for x in v) for k, v in raw["country_names"].items()},
        demonyms={k: tuple(str(x) for x in v) for k, v in raw["demonyms"].items()},
        demonym_places=dict(raw["demonym_places"]),
        actor_prefixes=frozenset(raw["actor_prefixes"]),
        actor_suffixes=frozenset(raw["actor_suffixes"]),
        not_places=frozenset(str(x) for x in raw["not_places"]),
        distances={str(k): float(v) for k, v in raw["distances"].items()},
        name_particles=tuple(str(x) for x in raw["name_particles"]),
        town_quarters=tuple(sorted((str(x) for x in raw["town_quarters"]), key=len, reverse=True)),
        quarter_heads_not_towns=frozenset(str(x) for x in raw["quarter_heads_not_towns"]),
    )


def quarter_town(name: str) -> str | None:
    """The town a quarter is named after ("Daraa al-Balad": "Daraa"; "درعا البلد": "درعا"; lexicon
    ``town_quarters``), else None."""
    lex = lexicon()
    article = "|".join(lex.fused_articles)
    for tail in lex.town_quarters:
        latin = re.fullmatch(r"[a-z]+", tail) is not None
        m = re.fullmatch(r"(.*\S)\s+" + (rf"(?:{article})[-\s]+" if latin else "") + re.escape(tail), name.strip(),
                         re.IGNORECASE)
        if m:
            head = m.group(1)
            word = head if is_arabic(head) else fold(head)   # (the whole head: "Deir ez-Zor al-Balad" is a town's)
            if word in lex.quarter_heads_not_towns or word in lex.generic or word in lex.arabic_generic:
                return None   # ("Ain al-Balad", "Bab al-Balad": a spring, a gate)
            return head
    return None


@lru_cache(maxsize=50_000)
def actor_form(token: str) -> bool:
    """"pro-Turkish", "Saudi-led", "Iranian-backed": a country word made into an actor's label (lexicon
    ``actor_prefixes``, ``actor_suffixes``). Such a word says who acted, never where."""
    parts = [p.lower() for p in re.split(r"[-‐–]", token) if p]
    lex = lexicon()
    return len(parts) > 1 and (parts[0] in lex.actor_prefixes or parts[-1] in lex.actor_suffixes)


def word_alternation(words: Iterable[str]) -> str:
    """Literal words or phrases as one regex alternation, longest first, any whitespace between a phrase's words
    ("border town" also across a line break)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _demonym_patterns() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(demonym -> country; a run of capitalised words; what follows "Somali" in "the Somali capital", in
    "Pakistani police")."""
    rules = lexicon().demonym_places
    by_word = {d.lower(): cc for cc, ds in lexicon().demonyms.items() for d in ds}
    by_word.update({str(d).lower(): cc for cc, ds in rules["more_demonyms"].items() for d in ds})
    mods = rf"(?:[a-z-]+ern|{word_alternation(rules['place_modifiers'])})"
    place = re.compile(rf"(?i)\s+(?:{mods}\s+){{0,2}}(?:{word_alternation(rules['place_nouns'])})\b")
    forces = re.compile(rf"(?i)\s+(?:{word_alternation(rules['domestic_forces'])})\b")
    return by_word, re.compile(r"(?<![-\w])[A-Z][\w]+(?:\s+[A-Z][\w]+){0,2}"), place, forces


def demonym_country(word: str) -> str | None:
    """The country of a nationality adjective or people ("Turkish", "Sri Lankan" -> "TR", "LK"), else None."""
    return _demonym_patterns()[0].get(word.lower())


def place_noun_after(text: str, end: int) -> bool:
    """Does a place noun follow at ``end``, after up to two place modifiers (" capital", " northern port city")?"""
    return _demonym_patterns()[2].match(text, end) is not None


def nationalities(text: str) -> set[str]:
    """Every country a nationality adjective of the text names, however it is used ("A Somali journalist",
    "Congolese security forces", "Turkish drones"; an actor's label such as "Saudi-led" too)."""
    by_word, runs, _, _ = _demonym_patterns()
    out: set[str] = set()
    for run in runs.finditer(text):
        words = re.split(r"[\s-]+", run.group(0))
        i = 0
        while i < len(words):   # the longest nationality first ("South Sudanese" is not also "Sudanese")
            size = next((n for n in range(len(words) - i, 0, -1) if " ".join(words[i:i + n]).lower() in by_word), 0)
            if size:
                out.add(by_word[" ".join(words[i:i + size]).lower()])
            i += max(size, 1)
    return out


def demonym_countries(text: str) -> Counter[str]:
    """Countries a nationality adjective places the text in (lexicon ``demonym_places``): 2 for "the Somali
    capital", "the northern Mexican city of Juarez"; 1 for "Pakistani police say". An adjective that labels an
    actor ("Turkish drones", "Russian jets", "Saudi-led") places it nowhere."""
    by_word, runs, place, forces = _demonym_patterns()
    out: Counter[str] = Counter()
    for run in runs.finditer(text):
        words = run.group(0).split()
        for size in range(len(words), 0, -1):  # "Sri Lankan", "Papua New Guinean" before "Guinean"
            cc = by_word.get(" ".join(words[-size:]).lower())
            if cc is None:
                continue
            if place.match(text, run.end()):
                out[cc] = 2
            elif forces.match(text, run.end()) and not out[cc]:
                out[cc] = 1
            break
    return out


def is_arabic(text: str) -> bool:
    """True when the text is written in Arabic script."""
    return bool(_ARABIC_RE.search(text))


def is_latin(text: str) -> bool:
    """True when every letter of the text is a Latin letter (with or without diacritics)."""
    if text.isascii():
        return any(c.isalpha() for c in text)
    return not _NON_LATIN_LETTER_RE.search(text) and any(c.isalpha() for c in text)


@lru_cache(maxsize=_NAME_CACHE)
def fold(text: str) -> str:
    """Lowercase ASCII words separated by single spaces: diacritics, apostrophes and punctuation removed."""
    t = _APOSTROPHES_RE.sub("", text)
    t = (t if t.isascii() else unidecode(t)).lower().replace("'", "").replace("`", "")
    return _NON_ALNUM_RE.sub(" ", t).strip()


def tokens(text: str) -> list[str]:
    """Folded words with standalone articles dropped (unless the article is the whole name)."""
    words = fold(text).split()
    lex = lexicon()
    kept = [w for w in words if w not in lex.articles]
    return kept or words


def _fused_variants(words: list[str], fused: bool) -> list[list[str]]:
    """The words as given, and with a fused article ("alimam" -> "imam") split off where there is one."""
    if not fused:
        return [words]
    lex = lexicon()
    stripped = []
    changed = False
    for w in words:
        for art in lex.fused_articles:
            if w.startswith(art) and len(w) - len(art) >= 3:
                stripped.append(w[len(art):])
                changed = True
                break
        else:
            stripped.append(w)
    return [words, stripped] if changed else [words]


@lru_cache(maxsize=_NAME_CACHE)
def name_keys(text: str, fused: bool = False) -> frozenset[str]:
    """Spelling-level keys of a Latin-script name (see module doc); empty for non-Latin text.

    ``fused=True`` (for names read in reports) also tries the name with a fused article split off."""
    if is_arabic(text):
        return frozenset()
    lex = lexicon()
    out = set()
    for words in _fused_variants(tokens(text), fused):
        key = "".join(lex.generic.get(w, w) for w in words)
        if key:
            out.add(key)
    return frozenset(out)


def index_keys(text: str, with_skeleton: bool) -> tuple[str, str, tuple[str, ...]]:
    """For building an index (uncached): (folded text, name key, skeletons) of a Latin-script name."""
    lex = lexicon()
    f = fold.__wrapped__(text)
    words = f.split()
    kept = [w for w in words if w not in lex.articles] or words
    words = [lex.generic.get(w, w) for w in kept]
    key = "".join(words)
    if not with_skeleton:
        return f, key, ()
    sks = {_collapse("".join(_latin_word_skeleton(w, False) for w in words))}
    if any(len(w) > 2 and w.endswith("h") and w[-2] in "aeiouy" for w in words):
        sks.add(_collapse("".join(_latin_word_skeleton(w, True) for w in words)))
    return f, key, tuple(sk for sk in sks if sk)


def name_key(text: str) -> str:
    """The main spelling-level key of a name (no fused-article variant)."""
    lex = lexicon()
    return "".join(lex.generic.get(w, w) for w in tokens(text))


@lru_cache(maxsize=1)
def _vowel_rx() -> re.Pattern[str]:
    # (the first forms themselves, "ay", "u", "i", are listed as their own spellings: nothing to rewrite)
    spellings = lexicon().vowel_spellings
    return re.compile("|".join(sorted((re.escape(v) for v, canon in spellings.items() if v != canon), key=len,
                                      reverse=True)))


def vowel_key(key: str) -> str:
    """A name key (:func:`name_key`) with its vowels written one way (``vowel_spellings``): "jeiber" and "jayber"
    are "jayber", "zeitoun" and "zaytun" "zaytun"."""
    spellings = lexicon().vowel_spellings
    return _vowel_rx().sub(lambda m: spellings[m.group()], key)


def _collapse(s: str) -> str:
    return _DOUBLE_RE.sub(r"\1", s)


_DOUBLE_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=1)
def _latin_tables() -> tuple[re.Pattern[str], dict[str, str], dict[int, str | None]]:
    lex = lexicon()
    digraph_re = re.compile("|".join(sorted(lex.latin_digraphs, key=len, reverse=True)))
    table: dict[int, str | None] = {ord(c): None for c in "abcdefghijklmnopqrstuvwxyz0123456789"}
    table.update({ord(c): v for c, v in lex.latin_letters.items()})
    return digraph_re, dict(lex.latin_digraphs), table


def _latin_word_skeleton(word: str, drop_final_h: bool) -> str:
    digraph_re, digraphs, table = _latin_tables()
    w = word
    if drop_final_h and len(w) > 2 and w.endswith("h") and w[-2] in "aeiouy":
        w = w[:-1]
    return digraph_re.sub(lambda m: digraphs[m.group()], w).translate(table)


@lru_cache(maxsize=_NAME_CACHE)
def latin_skeletons(text: str, fused: bool = False) -> frozenset[str]:
    """Consonant-class skeletons of a Latin-script name (``fused`` as in :func:`name_keys`)."""
    lex = lexicon()
    out = set()
    for words in _fused_variants(tokens(text), fused):
        words = [lex.generic.get(w, w) for w in words]
        plain = _collapse("".join(_latin_word_skeleton(w, False) for w in words))
        if plain:
            out.add(plain)
        if any(len(w) > 2 and w.endswith("h") and w[-2] in "aeiouy" for w in words):
            dropped = _collapse("".join(_latin_word_skeleton(w, True) for w in words))
            if dropped:
                out.add(dropped)
    return frozenset(out)


@lru_cache(maxsize=_NAME_CACHE)
def arabic_skeletons(text: str) -> frozenset[str]:
    """Consonant-class skeletons of an Arabic-script name (article, long vowels and ayn dropped)."""
    lex = lexicon()
    t = unicodedata.normalize("NFKC", text)
    t = _ARABIC_MARKS_RE.sub("", t)
    words = [w for w in re.split(r"[\s\-_/()،,.]+", t) if w]
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]
    out = set()
    for ta in ("", "T"):
        parts = []
        for w in words:
            for ch in w:
                if ch == lex.ta_marbuta:
                    parts.append(ta)
                else:
                    parts.append(lex.arabic_letters.get(ch, ""))
        sk = _collapse("".join(parts))
        if sk:
            out.add(sk)
    return frozenset(out)


def skeletons(text: str, fused: bool = False) -> frozenset[str]:
    """Skeletons of a name in either script."""
    return arabic_skeletons(text) if is_arabic(text) else latin_skeletons(text, fused)


def without_prefix(text: str) -> str | None:
    """The name without a droppable leading generic word ("Tal Mardikh" -> "Mardikh"), or None."""
    words = tokens(text)
    lex = lexicon()
    if len(words) >= 2 and lex.generic.get(words[0], words[0]) in lex.droppable_prefixes:
        return " ".join(words[1:])
    return None


def strip_region_words(text: str) -> str:
    """Drop region words and area modifiers around a name ("northern rural Idleb province" -> "idleb")."""
    lex = lexicon()
    words = fold(text).split()
    core = [w for w in words if w not in lex.region_words and w not in lex.area_modifiers]
    return " ".join(core)


_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ARABIC_SPLIT_RE = re.compile(r"[\s\-_/()،,.:;\"'«»]+")


@lru_cache(maxsize=1)
def _arabic_tables() -> tuple[dict[int, str], frozenset[str], frozenset[str], tuple[str, ...]]:
    """(letter folds, generic words, compass words, article prefixes), all folded, from the lexicon."""
    lex = lexicon()
    folds = str.maketrans(lex.arabic_folds)
    return (folds, frozenset(w.translate(folds) for w in lex.arabic_generic),
            frozenset(w.translate(folds) for w in lex.arabic_directions),
            tuple(a.translate(folds) for a in lex.arabic_articles))


def _arabic_words(text: str, keep_generic: bool = False, keep_all: bool = False) -> list[str]:
    """The words of an Arabic-script name, folded (see ``arabic_folds``); compass words and (unless
    ``keep_generic``) generic words dropped unless they are the whole name; ``keep_all`` drops nothing."""
    folds, generic, compass, _ = _arabic_tables()
    t = unicodedata.normalize("NFKC", text)
    t = _ARABIC_MARKS_RE.sub("", t).translate(folds).translate(_ARABIC_DIGITS)
    words = [w for w in _ARABIC_SPLIT_RE.split(t) if w]
    if keep_all:
        return words
    dropped = compass if keep_generic else compass | generic
    return [w for w in words if w not in dropped] or words


def arabic_words(text: str) -> list[str]:
    """The folded words of an Arabic-script text, every word kept (for matching word lists such as
    ``arabic_region_words`` folded the same way)."""
    return _arabic_words(text, keep_all=True)


def _without_article(word: str) -> str:
    for art in _arabic_tables()[3]:
        if word.startswith(art) and len(word) - len(art) >= 2:
            return word[len(art):]
    return word


@lru_cache(maxsize=_NAME_CACHE)
def arabic_key(text: str) -> str:
    """Spelling-level key of an Arabic-script name, as the reference scorer normalises it: diacritics and
    tatweel dropped, alef/yaa/taa-marbuta/hamza forms folded, generic words (مدينة، بلدة، قرية، ريف، حي ...) and
    masculine compass words dropped, the article and its clitics (ال، وال، بال، لل) dropped from each word.
    All of it is data in ``names.yaml``."""
    return "".join(_without_article(w) for w in _arabic_words(text))


@lru_cache(maxsize=_NAME_CACHE)
def arabic_spelling(text: str) -> str:
    """The Arabic name as spelled, article kept: :func:`arabic_key` without the article rule. Two names with the
    same spelling are a closer match than two that differ only by the article ("الصبحة" vs "صبحة")."""
    return "".join(_arabic_words(text))


@lru_cache(maxsize=_NAME_CACHE)
def arabic_full_key(text: str) -> str:
    """:func:`arabic_key` with the generic words kept: the own name of a region that starts with one
    ("ريف دمشق", the Rural Damascus governorate, is not Damascus)."""
    return "".join(_without_article(w) for w in _arabic_words(text, keep_generic=True))


def arabic_short_key(text: str) -> str | None:
    """The place key of an Arabic name without a last word that reports leave off (``arabic_name_tails``:
    "المليحة الشرقية" -> the key of "المليحة"), or None when the name has no such word."""
    words = arabic_words(text)
    tails = set(arabic_words(" ".join(lexicon().arabic_name_tails)))
    if len(words) >= 2 and words[-1] in tails:
        return arabic_key(" ".join(words[:-1])) or None
    return None


_ARABIC_WORD_RE = re.compile(r"[\u0621-\u065f\u0670-\u06d3\u06fa-\u06ff\u0750-\u077f]+")  # letters and marks


def search_text(text: str) -> str:
    """Text as the full-text index and its queries see it: every Arabic word folded and stripped of its article
    as the place key does ("الإدلبي" -> "ادلبي", "بالرقة" -> "رقه"); everything else unchanged. Used on both the
    indexed text and the query, so "ادلب" finds "إدلب" and "الرقة" finds "رقة"."""
    if not is_arabic(text):
        return text
    folds = _arabic_tables()[0]

    def one(m: re.Match[str]) -> str:
        w = _ARABIC_MARKS_RE.sub("", m.group()).translate(folds)
        return _without_article(w) if w else m.group()

    return _ARABIC_WORD_RE.sub(one, unicodedata.normalize("NFKC", text) if not text.isascii() else text)


def place_key(text: str) -> str:
    """THE place-name key of Docket: one spelling-level key for a name in either script, used by extraction
    (merging incidents), geocoding (exact look-ups), linking (same place, same facility) and the web.
    "Ma'arat al-Nu'man", "Maarat an-Numan" and "MAARAT AL NUMAN" share one key; so do "الهبيط" and "هبيط"."""
    if is_arabic(text):
        return arabic_key(text)
    return name_key(text)


def same_place(a: str, b: str) -> bool:
    """True when two surface names share a key, or one's fused-article variant matches the other's."""
    if not a or not b:
        return False
    ka, kb = place_key(a), place_key(b)
    if ka and ka == kb:
        return True
    return bool(name_keys(a, fused=True) & name_keys(b, fused=True))
