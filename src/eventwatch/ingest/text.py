"""Plain text: one article per file (or standard input), decoded by `base.decode`.

The article id is the SHA-256 of the input's exact bytes (first 16 hex digits), so the id
of a UTF-8 file without BOM equals the SHA-256 of its text, as the record contract says, and
a file keeps its id whatever encoding it was read in.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from eventwatch.document import ArticleText
from eventwatch.ingest.base import decode, require_letters


def read_text(data: bytes, *, origin: str, published: dt.date | None = None,
              encoding: str | None = None) -> ArticleText:
    text = require_letters(decode(data, origin=origin, encoding=encoding), origin=origin)
    return ArticleText(text=text, id=hashlib.sha256(data).hexdigest()[:16], published=published,
                       origin=origin)
