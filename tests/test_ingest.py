"""Reading reports (docket.ingest): dev-corpus metadata, HTML/Markdown cleaning, bad input, bulk files.

Every HTML/Markdown/text fixture written here is FICTIONAL (places like "Fictionville" do not exist).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from docket.ingest import (
    SUPPORTED_SUFFIXES,
    IngestError,
    document_from_bytes,
    find_published,
    find_publisher,
    find_title,
    iter_documents,
    iter_paths,
    read_file,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "corpus" / "dev"
GOLD = SHARED / "gold" / "dev"
DEV_DOCS = sorted(DEV.glob("*.txt")) if DEV.is_dir() else []
needs_dev = pytest.mark.skipif(not DEV_DOCS, reason="../shared/corpus/dev not present")

FICTIONAL_BODY = (
    "Artillery shelling hit the main market of the town of Fictionville on Sunday, killing three civilians "
    "and injuring eleven others, local activists said. The market was badly damaged and several shops were "
    "destroyed in the fire that followed, according to the civil defence teams working in the area."
)


def _error(fn, *args, **kwargs) -> str:
    with pytest.raises(IngestError) as info:
        fn(*args, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


# --- the dev corpus -----------------------------------------------------------------------------------------

@needs_dev
@pytest.mark.parametrize("path", DEV_DOCS, ids=lambda p: p.stem)
def test_dev_published_matches_gold(path: Path) -> None:
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))["published"]
    doc = read_file(path)
    assert doc.published == gold
    iso, span = find_published(doc.text)
    assert iso == gold
    if gold is None:
        assert span is None
    else:  # the span covers the date as written, inside the top of the text
        start, end = span
        assert any(ch.isdigit() for ch in doc.text[start:end])
        assert start < 600


@needs_dev
@pytest.mark.parametrize("path", DEV_DOCS, ids=lambda p: p.stem)
def test_dev_document_identity_text_and_title(path: Path) -> None:
    data = path.read_bytes()
    doc = read_file(path)
    assert doc.id == "sha256:" + hashlib.sha256(data).hexdigest()
    assert doc.source == str(path)
    assert doc.text == data.decode("utf-8").replace("\r\n", "\n")  # plain text is kept as received
    title = doc.title
    assert title and "\n" not in title and len(title) <= 251
    head = doc.text[:1200]
    assert title.rstrip("…") in head  # a line (or the first sentence) from the top of the report
    assert find_published(title) == (None, None)  # never the date line


@needs_dev
def test_dev_source_trailer_gives_publisher() -> None:
    trailer = "(Source: Syrian Coalition’s Media Department"
    with_trailer = [p for p in DEV_DOCS if trailer in p.read_text(encoding="utf-8")]
    assert with_trailer
    for path in with_trailer:
        assert read_file(path).publisher == "Syrian Coalition’s Media Department"


# --- metadata rules on fictional texts ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Thursday, 20 April 2017 19:20\n\nHeadline here\n\n" + FICTIONAL_BODY, "2017-04-20"),
    ("News\n05 February 2018 In Coalition News\n\n" + FICTIONAL_BODY, "2018-02-05"),
    ("Headline here\nBy Staff Reporter\nSeptember 6, 2016\n\n" + FICTIONAL_BODY, "2016-09-06"),
    ("KABUL, Afghanistan (Jan. 25, 2013) – " + FICTIONAL_BODY, "2013-01-25"),
    ("FICTIONVILLE, 3 March 2019 (AFP) - " + FICTIONAL_BODY, "2019-03-03"),
    ("Headline here\nPosted on 3 March 2019\n\n" + FICTIONAL_BODY, "2019-03-03"),
    ("Headline here\n2019-03-03T10:15:00Z\n\n" + FICTIONAL_BODY, "2019-03-03"),
    ("Headline here\nPublished: 25/03/2019\n\n" + FICTIONAL_BODY, "2019-03-25"),
    ("Headline here\nApril 19 2016 06:31 PM\n\n" + FICTIONAL_BODY, "2016-04-19"),
    # an update line is used only when there is nothing better
    ("Updated: 5 May 2019\nPosted on 3 March 2019\n\n" + FICTIONAL_BODY, "2019-03-03"),
    ("Headline here\nLast updated 5 May 2019\n\n" + FICTIONAL_BODY, "2019-05-05"),
])
def test_find_published_date_lines(text: str, expected: str) -> None:
    iso, span = find_published(text)
    assert iso == expected
    assert span is not None and text[span[0]:span[1]].strip()


@pytest.mark.parametrize("text", [
    # ambiguous day/month: not guessed
    "Headline here\nPublished: 12/03/2019\n\n" + FICTIONAL_BODY,
    # a date in the body is an event date, not the publication date
    "Headline here\n\nThe attack on 3 March 2019 killed five people in the town of Fictionville, activists said.",
    # a dateline without a year
    "FICTIONVILLE, March 3 (Agency) - " + FICTIONAL_BODY,
    # a dateline without a date
    "(New Fictionburg) – " + FICTIONAL_BODY + " The campaign ran in September and October 2016.",
    # a date below the top of the text
    "Headline here\n\n" + "\n\n".join([FICTIONAL_BODY] * 14) + "\n\nPosted on 3 March 2019",
    # impossible date
    "Headline here\nPosted on 31 February 2019\n\n" + FICTIONAL_BODY,
])
def test_find_published_refuses(text: str) -> None:
    assert find_published(text) == (None, None)


def test_title_and_publisher_rules() -> None:
    text = ("Thursday, 20 April 2017 19:20\n\nShelling Hits Fictionville Market\n\n" + FICTIONAL_BODY
            + " (Source: Fictional Monitoring Group)\n\nHome News Shelling Hits Fictionville Market")
    assert find_title(text) == "Shelling Hits Fictionville Market"
    assert find_publisher(text) == "Fictional Monitoring Group"
    release = "Press release\nFictional Relief Network\nMarch 22, 2018\n\n" + FICTIONAL_BODY
    assert find_publisher(release) == "Fictional Relief Network"
    assert find_published(release)[0] == "2018-03-22"
    assert find_title(release) == FICTIONAL_BODY.split(". ")[0] + "."
    assert find_publisher("Fictional text.\n\n© 2020 Example Fictional News. All rights reserved.") \
        == "Example Fictional News"
    assert find_publisher(FICTIONAL_BODY) is None


# --- HTML and Markdown --------------------------------------------------------------------------------------

FICTIONAL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Shelling hits market in Fictionville | Example Fictional News</title>
<meta property="og:title" content="Shelling hits market in Fictionville">
<meta property="og:site_name" content="Example Fictional News">
{published_meta}
<script>var tracker = "SCRIPTCODE";</script><style>.x {{ color: red }} /* STYLECODE */</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">NAVWORLD</a></li><li>NAVCONTACT</li></ul></nav>
<header><div class="menu">Subscribe now | NAVLOGIN</div></header>
<article>
<h1>Shelling hits market in Fictionville</h1>
<p class="date">Posted on 1 January 2019</p>
<p>FICTIONAL EXAMPLE. Artillery shelling hit the main market of the town of Fictionville on Sunday, killing
three civilians and injuring eleven others, local activists said.</p>
<p>The market was badly damaged and several shops were destroyed in the fire that followed the shelling,
according to the civil defence teams working in the area.</p>
<p>Residents said the shelling came from positions east of the town, and that it lasted for about two hours
before the rescue teams could reach the market on <time datetime="2018-12-30">Sunday</time>.</p>
</article>
<footer><p>Copyright 2020 Example Fictional News. FOOTERRIGHTS reserved.</p><a href="/p">Privacy</a></footer>
<script>console.log("SCRIPTCODE2")</script>
</body></html>"""


def test_html_boilerplate_removed_and_page_metadata_wins(tmp_path: Path) -> None:
    html = FICTIONAL_PAGE.format(
        published_meta='<meta property="article:published_time" content="2020-02-03T10:00:00+02:00">')
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = read_file(path)
    for junk in ("SCRIPTCODE", "STYLECODE", "NAVWORLD", "NAVCONTACT", "NAVLOGIN", "FOOTERRIGHTS", "<p", "</"):
        assert junk not in doc.text
    assert "killing three civilians and injuring eleven others" in doc.text  # lines rejoined
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "Shelling hits market in Fictionville"
    assert any(p.startswith("The market was badly damaged") for p in paragraphs)
    assert doc.published == "2020-02-03"  # the page's metadata beats the "Posted on" line
    assert doc.title == "Shelling hits market in Fictionville"
    assert doc.publisher == "Example Fictional News"
    assert doc.id == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def test_html_without_date_meta_uses_date_line_not_copyright(tmp_path: Path) -> None:
    html = FICTIONAL_PAGE.format(published_meta="")
    doc = document_from_bytes(html.encode(), source="https://example.org/news/fictional")  # sniffed as HTML
    assert doc.published == "2019-01-01"
    no_date = html.replace('<p class="date">Posted on 1 January 2019</p>', "").replace(
        '<time datetime="2018-12-30">Sunday</time>', "Sunday")
    assert document_from_bytes(no_date.encode(), source="x.html").published is None


def test_caller_meta_overrides(tmp_path: Path) -> None:
    html = FICTIONAL_PAGE.format(published_meta="").encode()
    doc = document_from_bytes(html, source="x.html", meta={
        "published": "March 5, 2021", "title": "Given title", "publisher": "Given Publisher",
        "url": "https://example.org/given"})
    assert (doc.published, doc.title, doc.publisher, doc.source) == (
        "2021-03-05", "Given title", "Given Publisher", "https://example.org/given")
    notes: list[str] = []
    odd = document_from_bytes(html, source="x.html", meta={"published": "someday"}, notes=notes)
    assert odd.published != "someday" and odd.text == doc.text  # the odd value is dropped, the report kept
    assert notes == ["x.html: published 'someday' is not a date (ignored; use YYYY-MM-DD)"]


def test_markdown_markup_dropped(tmp_path: Path) -> None:
    md = (
        "---\ntitle: Fictional front-matter title\ndate: 2019-03-04\n---\n"
        "# Shelling hits **Fictionville**\n\n"
        "Posted on 3 March 2019\n\n"
        "FICTIONAL. Shelling hit [the market](https://example.org/market) of *Fictionville* on Sunday, "
        "killing three civilians, activists said. The civil defence teams said the market was destroyed.\n\n"
        "- first __fictional__ item\n- second item with ![a photo](img.png)\n"
    )
    path = tmp_path / "report.md"
    path.write_text(md, encoding="utf-8")
    doc = read_file(path)
    assert doc.text.startswith("Shelling hits Fictionville\n\nPosted on 3 March 2019\n\n")
    for junk in ("#", "**", "__", "](", "https://", "img.png", "---", "title:"):
        assert junk not in doc.text
    assert "Shelling hit the market of Fictionville on Sunday" in doc.text
    assert "first fictional item" in doc.text and "a photo" in doc.text
    assert doc.published == "2019-03-04" and doc.title == "Fictional front-matter title"
    without_fm = document_from_bytes(md.split("---\n", 2)[2].encode(), source="r.md")
    assert without_fm.published == "2019-03-03" and without_fm.title == "Shelling hits Fictionville"


# --- bad input ----------------------------------------------------------------------------------------------

def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    cases = {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b" \n\r\n\t", "empty file"),
        "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
        "noise.txt": (bytes((i * 7919) % 128 + 128 for i in range(3000)), "binary file"),
        # Arabic is read (tests/test_ingest_arabic.py); Persian, in the same script, is not
        "persian.txt": (("هواپیماهای جنگی شهر خیالی را بمباران کردند و سه غیرنظامی در این حمله کشته شدند که "
                         "برای امدادگران از راه دور بود " * 3).encode(), "not English (detected: fa)"),
        "nav-only.html": (b"<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>",
                          "no report text found (1 word)"),
        "french.txt": (("Le bombardement de la ville fictive a fait trois morts parmi les civils selon les "
                        "secouristes qui sont arrivés sur place avec des ambulances pour aider les blessés "
                        "dans la nuit.").encode(), "not English (detected: fr)"),
    }
    for name, (data, problem) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        message = _error(read_file, path)
        assert message.startswith(f"{path}: {problem}"), message


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: nothing is written or read
        fh.truncate(20_000_000)
    assert _error(read_file, path) == f"{path}: file too large (20.0 MB > 10 MB limit)"
    small = tmp_path / "small.txt"
    small.write_text(FICTIONAL_BODY, encoding="utf-8")
    assert "file too large" in _error(read_file, small, max_bytes=100)


def test_encodings_detected(tmp_path: Path) -> None:
    text = ("Posted on 3 March 2019\n\nFICTIONAL: The shelling of the café in Fictionville on Sunday killed three "
            "civilians, “activists” said — the civil defence teams were there within the hour.\r\n")
    for encoding in ("cp1252", "utf-16", "utf-8-sig"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        doc = read_file(path)
        assert doc.text == text.replace("\r\n", "\n"), encoding
        assert doc.published == "2019-03-03"
    dirty = ("FICTIONAL report\x00 with a NUL and\x07 a bell. " + FICTIONAL_BODY).encode()
    assert "\x00" not in document_from_bytes(dirty, source="d.txt").text


# --- files, folders, bulk records ---------------------------------------------------------------------------

def test_iter_paths_sorted_filtered_and_directory_loop(tmp_path: Path) -> None:
    root = tmp_path / "reports"
    (root / "b" / "inner").mkdir(parents=True)
    (root / "a.txt").write_text(FICTIONAL_BODY)
    (root / "b" / "c.html").write_text(FICTIONAL_PAGE)
    (root / "b" / "inner" / "d.md").write_text(FICTIONAL_BODY)
    (root / "b" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / ".hidden.txt").write_text(FICTIONAL_BODY)
    os.symlink(root, root / "b" / "inner" / "loop")  # a directory loop
    os.symlink(tmp_path / "gone.txt", root / "b" / "dangling.txt")  # a report's link to nothing
    os.symlink(tmp_path / "gone.pdf", root / "b" / "dangling.pdf")  # ... and no report's: not said
    (root / "b" / "linked.txt").symlink_to(root / "a.txt")           # a second name of a report: read once
    items = list(iter_paths([root, tmp_path / "missing.txt", root / "a.txt"]))
    errors = [str(i) for i in items if isinstance(i, IngestError)]
    paths = [i for i in items if isinstance(i, Path)]
    assert paths == [root / "a.txt", root / "b" / "c.html", root / "b" / "inner" / "d.md"]
    assert errors == [f"{root / 'b' / 'dangling.txt'}: broken symbolic link",
                      f"{root / 'b' / 'inner' / 'loop'}: directory loop (symbolic link back to a parent), skipped",
                      f"{tmp_path / 'missing.txt'}: no such file or directory"]
    assert {p.suffix for p in paths} <= SUPPORTED_SUFFIXES


def test_jsonl_rows_with_a_malformed_row(tmp_path: Path) -> None:
    good = {"text": "FICTIONAL. " + FICTIONAL_BODY, "url": "https://example.org/1", "published": "2019-03-03",
            "title": "Row title"}
    lines = [json.dumps(good), "{not json", "", json.dumps([1, 2]), json.dumps({"text": ""}),
             json.dumps({"text": FICTIONAL_BODY, "published": "not a date"}),
             json.dumps({"text": "Posted on 4 March 2019\n\n" + FICTIONAL_BODY})]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents(path))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Document", "IngestError", "IngestError", "IngestError", "Document", "Document"]
    first, last = items[0], items[-1]
    assert first.id == "sha256:" + hashlib.sha256(good["text"].encode()).hexdigest()
    assert (first.source, first.published, first.title) == ("https://example.org/1", "2019-03-03", "Row title")
    assert last.source == f"{path}#7" and last.published == "2019-03-04"
    assert str(items[1]).startswith(f"{path}:2: invalid JSON")
    assert str(items[2]) == f"{path}:4: expected a JSON object, got list"
    assert str(items[3]) == f"{path}:5: text field 'text' is empty"
    assert items[4].published is None  # an odd value is dropped, the report kept (docket run notes it)


def test_csv_rows_configurable_columns_and_malformed_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    body = "FICTIONAL. " + FICTIONAL_BODY
    path.write_text(
        "id,body,link,date\n"
        f'1,"{body}",https://example.org/a,2019-03-03\n'
        "2,only two\n"
        f'3,"Posted on 4 March 2019\n\n{body}",,\n'
        '4,"unterminated quote, then the file ends\n',
        encoding="utf-8",
    )
    columns = {"text": "body", "url": "link", "published": "date"}
    items = list(iter_documents(path, columns=columns))
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "Document", "IngestError"]
    assert items[0].source == "https://example.org/a" and items[0].published == "2019-03-03"
    assert str(items[1]) == f"{path}:3: 2 fields, expected 4"
    assert items[2].source == f"{path}#4" and items[2].published == "2019-03-04"  # multi-line row starts at 4
    assert str(items[3]).startswith(f"{path}:7: ")
    missing = list(iter_documents(path))  # default column name "text" is not there
    assert [str(m) for m in missing] == [f"{path}: no column 'text' (columns: id, body, link, date)"]


def test_iter_documents_single_file_errors_are_yielded(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    assert [str(i) for i in iter_documents(path)] == [f"{path}: empty file"]
