"""HTML → clean main text (boilerplate removed by trafilatura) and the page's own metadata."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docket.ingest.dates import parse_date


@dataclass(frozen=True)
class HtmlPage:
    text: str                  # main text, paragraphs separated by blank lines
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None


def _paragraphs(text: str | None) -> str:
    if not text:
        return ""
    return "\n\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def read_html(html: str) -> HtmlPage:
    """Main text and metadata of an HTML page.

    The date comes only from the page's markup (article:published_time, JSON-LD datePublished,
    ``<time datetime>``, date-classed elements ...): htmldate's extensive body search is off so that
    copyright years and event dates in the body are never taken for the publication date.
    """
    import trafilatura  # imported here: it takes a noticeable time to import

    doc: Any = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = _paragraphs(doc.text if doc is not None else None)
    if not text:  # very short pages: trafilatura's recall-oriented fallback
        text = _paragraphs(trafilatura.extract(html, favor_recall=True, include_comments=False))
    if doc is None:
        return HtmlPage(text=text)
    published = parse_date(doc.date) if doc.date else None
    return HtmlPage(
        text=text, title=(doc.title or None), published=published,
        publisher=(doc.sitename or None), url=(doc.url or None),
    )
