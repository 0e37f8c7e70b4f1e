"""Raw bytes → clean Unicode text, or a one-line reason why the bytes are not a text report."""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from docket.ingest.errors import IngestError
from docket.ingest.lexicon import load_lexicon

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls except tab and newline, DEL, and C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NON_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
MAX_CONTROL_SHARE = 0.01      # more control characters than this: not a text file
MAX_CHAOS = 0.25              # charset-normalizer's mess measure above this: decodes to garbage
# A file with valid multi-byte UTF-8 sequences is UTF-8 with a few stray bytes (replaced by U+FFFD) when the
# invalid sequences are at most this share of its non-ASCII characters; a legacy code page (Latin-1, cp1256)
# almost never forms valid UTF-8 sequences, so it stays below and goes to detection.
MAX_STRAY_SHARE = 0.5


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


_WORDISH = re.compile(r"[^\W\d_]+")


def _coherence(text: str) -> float:
    """Share of the non-ASCII characters that read as text: letters of the text's main script (accented
    Latin letters only inside words that also have plain ASCII letters, as in "café"; other scripts only
    in words without them), or typographic punctuation (“ ” ’ —)."""
    scripts: dict[str, int] = {}
    good = 0
    total = sum(1 for ch in text if ord(ch) >= 128)
    if not total:
        return 1.0
    for m in _WORDISH.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        has_ascii = any(c.isascii() for c in word)
        for ch in word:
            if ord(ch) < 128:
                continue
            script = _script(ch)
            if (script == "LATIN") == (has_ascii or len(word) == 1):
                scripts[script] = scripts.get(script, 0) + 1
    good += sum(1 for ch in text if "\u2010" <= ch <= "\u206f" or ch in "\u00a0«»°£€§©®")
    good += max(scripts.values(), default=0)
    return good / total


def _code_page_guess(data: bytes) -> tuple[str, str] | None:
    """(text, code page) for a mostly-ASCII report in a legacy single-byte code page, or None."""
    cfg = load_lexicon().section("decoding")
    ascii_share = sum(1 for b in data if b < 128) / len(data)
    if ascii_share < float(cfg.get("min_ascii_share", 0.8)):
        return None
    best: tuple[float, str, str] | None = None
    for name in cfg.get("code_pages") or []:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _coherence(text)
        if best is None or score > best[0]:
            best = (score, text, name)
    if best is None or best[0] < 0.9:
        return None
    return best[1], best[2]


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, number of invalid sequences replaced) when ``data`` is UTF-8 with a few stray bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    valid = non_ascii - bad
    if valid <= 0 or bad > MAX_STRAY_SHARE * non_ascii:
        return None
    return text, bad


def normalise_text(text: str) -> str:
    """Strip a BOM, turn \\r\\n and \\r into \\n, drop NUL and other control characters (tabs stay)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text.replace("\f", "\n").replace("\v", "\n"))


def _declared_encoding(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _control_share(text: str) -> float:
    """Share of control, surrogate and private-use characters (tab and line breaks are text)."""
    if not text:
        return 0.0
    return len(_NON_TEXT.findall(text)) / len(text)


def decode_bytes(data: bytes, where: str, *, html: bool = False, notes: list[str] | None = None) -> str:
    """Decode a report's bytes. Tries a BOM, then UTF-8, then (for HTML) the declared charset, then UTF-8
    with a few stray bytes replaced, then charset-normalizer's detection; raises IngestError for empty,
    binary or undecodable input. Every decision other than clean UTF-8 is appended to ``notes``."""
    notes = notes if notes is not None else []
    if not data.strip():
        raise IngestError(where, "empty file")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(where, f"invalid {encoding.upper()} text at byte {exc.start}") from None
            break
    few_nuls = data.count(b"\x00") <= MAX_CONTROL_SHARE * len(data)  # stray NULs in a text file are dropped
    if text is None and few_nuls:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            declared = _declared_encoding(data) if html else None
            if declared:
                try:
                    text = data.decode(declared)
                    if declared not in ("utf-8", "ascii"):
                        notes.append(f"{where}: decoded as {declared} (declared by the page)")
                except UnicodeDecodeError:
                    text = None
            if text is None:
                mostly = _mostly_utf8(data)
                if mostly is not None:
                    text, bad = mostly
                    notes.append(f"{where}: decoded as UTF-8 with {bad} invalid byte sequence"
                                 f"{'s' if bad != 1 else ''} replaced by U+FFFD")
    if text is None and few_nuls:
        guess = _code_page_guess(data)
        if guess is not None:
            text = guess[0]
            notes.append(f"{where}: decoded as {guess[1]} (its non-ASCII characters read as text)")
    if text is None:
        best = charset_normalizer.from_bytes(data).best()
        nul_ok = best is not None and best.encoding.startswith(("utf_16", "utf_32"))
        if best is None or (not few_nuls and not nul_ok):
            raise IngestError(where, "binary file, not a text report")
        if best.chaos > MAX_CHAOS:
            raise IngestError(where, f"undecodable text (best guess {best.encoding} gives garbage)")
        text = str(best)
        if not best.encoding.startswith(("utf_8", "ascii")):
            notes.append(f"{where}: decoded as {best.encoding} (detected)")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise IngestError(where, "binary file, not a text report")
    text = normalise_text(text)
    if not text.strip():
        raise IngestError(where, "empty file")
    return text
