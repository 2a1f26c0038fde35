"""RSS and Atom feed files: each entry is an article with its own title, link and date.

Feeds are XML, and XML can declare entities: "billion laughs" expands a few hundred bytes
into gigabytes, and an external entity reads local files or URLs. Before feedparser sees
the bytes, defusedxml parses them with entity declarations and external references
forbidden, so such a file is refused as a whole. (A DOCTYPE alone, as old RSS 0.91 feeds
carry, is allowed.) An entry's HTML content is reduced to plain text, paragraph by paragraph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html.parser import HTMLParser
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
import feedparser
from defusedxml import DefusedXmlException

from eventwatch.document import ArticleText
from eventwatch.ingest.base import IngestError

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def check_xml(data: bytes, *, origin: str) -> None:
    """Refuse XML that declares entities or references external ones, and XML that is not well formed."""
    try:
        safe_xml.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise IngestError(origin, f"unsafe XML refused ({type(error).__name__}): entity declarations "
                          "and external references are not allowed in feeds") from None
    except ParseError as error:
        raise IngestError(origin, f"not well-formed XML: {error}") from None


def read_feed(data: bytes, *, origin: str,
              published: dt.date | None = None) -> Iterator[ArticleText | IngestError]:
    """The feed's entries in document order; an entry with no text is reported, not raised."""
    if not data.strip():
        raise IngestError(origin, "empty input")
    check_xml(data, origin=origin)
    feed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not feed.get("version"):
        raise IngestError(origin, "not an RSS or Atom feed")
    source = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{origin}: entry {number}"
        text = entry_text(entry)
        if not any(ch.isalpha() for ch in text):
            yield IngestError(where, "the feed entry has no text")
            continue
        yield ArticleText(
            text=text,
            id=entry.get("id") or None,
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            source=source,
            published=_entry_date(entry) or published,
            origin=where,
        )


def entry_text(entry: feedparser.FeedParserDict) -> str:
    """The fullest text the entry carries (content, else summary), as plain text."""
    contents = [c.get("value", "") for c in entry.get("content", [])]
    html = max(contents, key=len) if contents else entry.get("summary", "")
    return html_to_text(html)


def _entry_date(entry: feedparser.FeedParserDict) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.paragraphs.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.paragraphs.append([])

    def handle_data(self, data: str) -> None:
        self.paragraphs[-1].append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: whitespace collapsed, one paragraph per line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    paragraphs = (" ".join("".join(parts).split()) for parts in collector.paragraphs)
    return "\n".join(p for p in paragraphs if p)

