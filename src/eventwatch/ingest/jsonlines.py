"""JSON articles: one object per `.json` file, one object per line in `.jsonl`.

An article object has `text` (required) and optionally `id`, `published` (ISO date or
datetime), `title`, `url` and `source`; any other field is kept and copied into the
record's `article` block. A JSONL file is streamed line by line (bounded memory for any
number of lines, each line bounded by the one-article size limit); a bad line is reported
with its line number and skipped, and the good lines are kept.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from eventwatch.document import ArticleText
from eventwatch.ingest.base import (
    MAX_ARTICLE_BYTES,
    IngestError,
    decode,
    describe_size,
    parse_published,
    require_letters,
)

_KNOWN = ("text", "id", "published", "title", "url", "source")


def read_json(data: bytes, *, origin: str, published: dt.date | None = None,
              encoding: str | None = None) -> ArticleText:
    return article_from_json(decode(data, origin=origin, encoding=encoding), origin=origin,
                             published=published)


def read_jsonl(stream: BinaryIO, *, origin: str, published: dt.date | None = None,
               encoding: str | None = None,
               max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[ArticleText | IngestError]:
    """Each line's article in order, or the `IngestError` of a bad line (reported, not raised)."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        where = f"{origin}:{number}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield IngestError(where, f"line longer than the {describe_size(max_bytes)} limit for one article")
            continue
        line = line.rstrip(b"\r\n")
        if not line.strip():
            continue
        try:
            yield article_from_json(decode(line, origin=where, encoding=encoding), origin=where,
                                    published=published)
        except IngestError as error:
            yield error


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def article_from_json(source: str, *, origin: str, published: dt.date | None = None) -> ArticleText:
    try:
        obj = json.loads(source)
    except json.JSONDecodeError as error:
        raise IngestError(origin, f"not valid JSON: {error}") from None
    return article_from_object(obj, origin=origin, published=published)


def article_from_object(obj: Any, *, origin: str, published: dt.date | None = None) -> ArticleText:
    """An article from a parsed JSON object; `published` is used when the object has no date."""
    if not isinstance(obj, dict):
        raise IngestError(origin, f"expected a JSON object (an article), got {type(obj).__name__}"
                          + (" (for many articles use a .jsonl file)" if isinstance(obj, list) else ""))
    text = obj.get("text")
    if not isinstance(text, str):
        raise IngestError(origin, "the article object has no 'text' string")
    if not text.strip():
        raise IngestError(origin, "empty 'text'")
    require_letters(text, origin=origin, what="'text'")
    for key in ("title", "url", "source"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise IngestError(origin, f"'{key}' must be a string")
    article_id = obj.get("id")
    if article_id is not None and not isinstance(article_id, str | int):
        raise IngestError(origin, "'id' must be a string or an integer")
    return ArticleText(
        text=text,
        id=str(article_id) if article_id not in (None, "") else None,
        title=obj.get("title"),
        url=obj.get("url"),
        source=obj.get("source"),
        published=parse_published(obj.get("published"), origin=origin) or published,
        origin=origin,
        extra={k: v for k, v in obj.items() if k not in _KNOWN},
    )
