"""HTML pages: the main text, title, date, URL and site name, extracted with trafilatura.

Extraction favours precision and skips trafilatura's fallback extractors: a menu or a
cookie banner read as "the article" would feed the event extractor noise, so a page where
trafilatura finds no article body is an error. Offsets in the record point into the
extracted text.
"""

from __future__ import annotations

import datetime as dt

import trafilatura

from eventwatch.document import ArticleText
from eventwatch.ingest.base import IngestError, decode, iso_date


def read_html(data: bytes, *, origin: str, published: dt.date | None = None,
              encoding: str | None = None) -> ArticleText:
    html = decode(data, origin=origin, encoding=encoding)
    page = trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True, fast=True,
                                       include_comments=False)
    text = (page.text or "").strip() if page is not None else ""
    if not text or not any(ch.isalpha() for ch in text):
        raise IngestError(origin, "no article body found in the HTML")
    date = iso_date(page.date) if page.date else None
    return ArticleText(
        text=text,
        title=page.title or None,
        url=page.url or None,
        source=page.sitename or page.hostname or None,
        published=date or published,
        origin=origin,
    )

