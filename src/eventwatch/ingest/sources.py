"""From a command-line argument to articles: which reader, single article or batch.

`open_source("story.txt")` says what the input is (or raises `IngestError` when it cannot
be read at all: a missing path, a directory with nothing readable); `read_source` yields its
articles in input order, with item-level problems as `IngestError` values, so a batch can
report a bad item and go on. Directories are walked recursively in sorted path order
(stable across runs and machines); only files with a known suffix are read, hidden files
and folders are skipped, and symbolic links to folders are not followed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from eventwatch.document import ArticleText
from eventwatch.ingest.base import MAX_ARTICLE_BYTES, IngestError, describe_size, read_bounded
from eventwatch.ingest.jsonlines import read_json, read_jsonl
from eventwatch.ingest.text import read_text

KINDS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
BATCH_KINDS = {"jsonl", "feed", "directory"}
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input: a file of a known kind, a directory, or standard input (`path` None)."""

    kind: str
    path: Path | None
    name: str

    @property
    def batch(self) -> bool:
        """True when the input holds any number of articles (records go out one per line)."""
        return self.kind in BATCH_KINDS


def open_source(argument: str | Path, *, kind: str | None = None) -> Source:
    """What `argument` names; `kind` overrides the suffix ("text", "html", "json", "jsonl", "feed")."""
    if str(argument) == STDIN:
        return Source(kind=kind or "text", path=None, name="<stdin>")
    path = Path(argument)
    if not path.exists():
        raise IngestError(str(argument), "no such file or directory")
    if path.is_dir():
        return Source(kind="directory", path=path, name=str(argument))
    if not path.is_file():
        raise IngestError(str(argument), "not a regular file")
    if not os.access(path, os.R_OK):
        raise IngestError(str(argument), "permission denied")
    return Source(kind=kind or KINDS.get(path.suffix.lower(), "text"), path=path, name=str(argument))


def read_source(source: Source, *, published: dt.date | None = None, encoding: str | None = None,
                stdin: BinaryIO | None = None,
                max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[ArticleText | IngestError]:
    """The articles of `source` in input order; a bad item comes as an `IngestError` value."""
    if source.kind == "directory":
        assert source.path is not None
        files = list(walk(source.path))
        if not files:
            yield IngestError(source.name, f"no readable files ({', '.join(sorted(KINDS))}) in the directory")
        for path in files:
            yield from _read_file(Source(KINDS[path.suffix.lower()], path, str(path)), published=published,
                                  encoding=encoding, max_bytes=max_bytes)
        return
    if source.path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _read_stream(source, stream, published=published, encoding=encoding, max_bytes=max_bytes)
        return
    yield from _read_file(source, published=published, encoding=encoding, max_bytes=max_bytes)


def walk(root: Path) -> Iterator[Path]:
    """Readable files under `root`, recursively, in sorted order of their relative paths."""
    found = []
    for folder, subfolders, names in os.walk(root, followlinks=False):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in names:
            path = Path(folder, name)
            if not name.startswith(".") and path.suffix.lower() in KINDS and path.is_file():
                found.append(path)
    yield from sorted(found, key=lambda p: p.relative_to(root).parts)


def _read_file(source: Source, *, published: dt.date | None, encoding: str | None,
               max_bytes: int) -> Iterator[ArticleText | IngestError]:
    assert source.path is not None
    try:
        with source.path.open("rb") as stream:
            yield from _read_stream(source, stream, published=published, encoding=encoding,
                                    max_bytes=max_bytes)
    except OSError as error:
        yield IngestError(source.name, f"cannot read: {error.strerror or error}")


def _read_stream(source: Source, stream: BinaryIO, *, published: dt.date | None, encoding: str | None,
                 max_bytes: int) -> Iterator[ArticleText | IngestError]:
    try:
        if source.kind == "jsonl":
            yield from read_jsonl(stream, origin=source.name, published=published, encoding=encoding,
                                  max_bytes=max_bytes)
            return
        if source.kind == "feed":
            # A feed holds many articles, so it may be several times one article's limit.
            data = read_bounded(stream, origin=source.name, max_bytes=FEED_FACTOR * max_bytes)
            yield from read_feed(data, origin=source.name, published=published)
            return
        data = read_bounded(stream, origin=source.name, max_bytes=max_bytes)
        yield READERS[source.kind](data, origin=source.name, published=published, encoding=encoding)
    except IngestError as error:
        yield error


def read_html(data: bytes, **options: Any) -> ArticleText:
    # trafilatura takes about 60 ms to import: only when a web page is read, not for every run
    from eventwatch.ingest.webpage import read_html as read_page

    return read_page(data, **options)


def read_feed(data: bytes, **options: Any) -> Iterator[ArticleText | IngestError]:
    # feedparser and defusedxml likewise: only when a feed is read
    from eventwatch.ingest.feeds import read_feed as read_entries

    return read_entries(data, **options)


FEED_FACTOR = 5
READERS = {"text": read_text, "html": read_html, "json": read_json}

__all__ = ["BATCH_KINDS", "KINDS", "STDIN", "Source", "describe_size", "open_source", "read_source", "walk"]
