"""Reading Arabic reports (issue 13, ingest half): accepted, language recorded, right-to-left text and offsets kept.

Every Arabic sentence here is FICTIONAL, written for these tests ("مدينة خيالية" = "Fictional City").
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from docket.ingest import IngestError, document_from_bytes, read_file
from docket.ingest.language import detect_language
from docket.store import Store

# FICTIONAL: "Warplanes shelled Fictional City on Sunday, killing three civilians, the Civil Defence said."
AR_BODY = ("قصفت الطائرات الحربية مدينة خيالية يوم الأحد، ما أدى إلى مقتل ثلاثة مدنيين وإصابة ٥ آخرين، "
           "بحسب ما أفاد به الدفاع المدني في المنطقة الخيالية.")
RLM, LRM, RLE, PDF = "\u200f", "\u200e", "\u202b", "\u202c"


def test_arabic_is_read_and_its_language_recorded(tmp_path: Path) -> None:
    path = tmp_path / "ar.txt"
    path.write_text(AR_BODY, encoding="utf-8")
    doc = read_file(path)
    assert doc.language == "ar" and doc.text == AR_BODY
    assert doc.to_dict()["language"] == "ar"
    english = document_from_bytes((b"FICTIONAL: shelling hit the market of Fictionville on Sunday, killing three "
                                   b"civilians, local activists said."), source="en.txt")
    assert english.language == "en"


def test_other_languages_in_the_arabic_script_are_still_refused(tmp_path: Path) -> None:
    # FICTIONAL Persian and Urdu: same script, other languages
    persian = "هواپیماهای جنگی شهر خیالی را بمباران کردند و سه غیرنظامی در این حمله کشته شدند که برای امدادگران بود"
    urdu = "جنگی طیاروں نے خیالی شہر پر بمباری کی ہے اور اس حملے میں تین شہری ہلاک ہو گئے ہیں جن کے لیے امدادی کارکن پہنچے"
    assert detect_language(persian) == "fa" and detect_language(urdu) == "ur"
    for name, text, code in (("fa.txt", persian, "fa"), ("ur.txt", urdu, "ur")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(IngestError) as err:
            read_file(path)
        assert str(err.value) == f"{path}: not English (detected: {code})"


def test_bidi_marks_are_kept_so_offsets_point_at_the_same_words() -> None:
    """Direction marks are invisible but they are characters of the text: stripping them would shift every
    evidence offset after them. The text keeps them and a phrase found in it is found at its own offsets."""
    marked = f"{RLM}{AR_BODY[:40]}{LRM}2017{LRM}{RLE}{AR_BODY[40:]}{PDF}"
    doc = document_from_bytes(marked.encode("utf-8"), source="marked.txt")
    assert doc.text == marked and doc.language == "ar"
    phrase = "الدفاع المدني"
    start = doc.text.index(phrase)
    assert doc.text[start:start + len(phrase)] == phrase
    assert start == marked.index(phrase)


def test_arabic_document_language_is_stored_and_the_extract_output_validates(tmp_path: Path) -> None:
    path = tmp_path / "ar.txt"
    path.write_text(AR_BODY, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "docket.cli", "extract", str(path)],
                         capture_output=True, text=True, check=True, timeout=600).stdout
    result = json.loads(out)
    assert result["document"]["language"] == "ar" and result["document"]["text"] == AR_BODY
    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[1] / "src" / "docket" / "schema" /
                         "extraction.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(result, schema)

    db = tmp_path / "d.db"
    with Store.open(f"sqlite:///{db}") as store:
        from docket.model import Extraction

        doc = read_file(path)
        store.store_extraction(Extraction(doc, [], []), doc.raw or b"")
    row = sqlite3.connect(db).execute("select language, text from documents").fetchone()
    assert row == ("ar", AR_BODY)
