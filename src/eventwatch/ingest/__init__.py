"""Ingest: every input becomes `eventwatch.document.ArticleText` (text plus metadata).

    >>> from eventwatch.ingest import open_source, read_source
    >>> source = open_source("batch.jsonl")        # raises IngestError if it cannot be read at all
    >>> for item in read_source(source, published=None):
    ...     ...                                    # an ArticleText, or an IngestError to report

Readers: `.txt` (and unknown suffixes) plain text, `.html`/`.htm` pages (trafilatura),
`.json` one article object, `.jsonl` one object per line, `.rss`/`.atom`/`.xml` feeds,
directories (recursive, sorted) and `-` for standard input. Limits and decoding rules are
in `base.py`.
"""

from eventwatch.ingest.base import MAX_ARTICLE_BYTES, IngestError, decode, parse_published
from eventwatch.ingest.sources import BATCH_KINDS, KINDS, STDIN, Source, open_source, read_source, walk

__all__ = [
    "BATCH_KINDS", "KINDS", "MAX_ARTICLE_BYTES", "STDIN", "IngestError", "Source", "decode",
    "open_source", "parse_published", "read_source", "walk",
]
