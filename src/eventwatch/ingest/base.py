"""What every reader shares: the error type, the size limit, decoding and dates.

Decisions (documented in README.md, "Input"):

- A single article (a `.txt`, `.html`, `.json` file, standard input, one JSONL line, one
  feed file) larger than `MAX_ARTICLE_BYTES` (10 MiB) is refused with a clear error rather
  than read: no news article is that long, and a bounded read keeps memory bounded. JSONL
  files are streamed line by line, so a batch of any size is fine.
- Bytes are decoded UTF-8 first (a UTF-8 BOM is dropped; UTF-16/32 with a BOM are honoured).
  Bytes that are not UTF-8 go to charset-normalizer; its answer is used only when it is
  confident (little "chaos", some language coherence), preferring Windows-1252, the legacy
  encoding of most English news, when that is among its plausible answers. Anything else is
  an error that says how to convert the file, never silently garbled text.
- Binary data (a NUL byte, or control characters in more than 1% of the text) is refused.
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import re
from typing import BinaryIO

from charset_normalizer import from_bytes

MAX_ARTICLE_BYTES = 10 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer's "chaos" (mess ratio) above this, or "coherence" (language fit) below,
# means it is guessing; we refuse rather than produce mojibake.
MAX_CHAOS = 0.1
MIN_COHERENCE = 0.1
_PREFERRED_LEGACY = "cp1252"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


class IngestError(Exception):
    """An input that cannot be read as an article; the message is one line naming it."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


def read_bounded(stream: BinaryIO, *, origin: str, max_bytes: int = MAX_ARTICLE_BYTES) -> bytes:
    """At most `max_bytes` from a binary stream, or an error when there is more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(origin, f"larger than the {describe_size(max_bytes)} limit for one article")
    return data


def describe_size(n: int) -> str:
    return f"{n / 2**20:g} MiB" if n >= 2**20 else f"{n} bytes"


def decode(data: bytes, *, origin: str, encoding: str | None = None) -> str:
    """The text of `data` (see the module docstring for the rules), or an `IngestError`."""
    if not data.strip():
        raise IngestError(origin, "empty input")
    if encoding is not None:
        return _check_text(_decode_with(data, encoding, origin=origin), origin=origin)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _check_text(_decode_with(data, codec, origin=origin), origin=origin)
    if b"\x00" in data:
        raise IngestError(origin, "binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect(data, origin=origin)
    return _check_text(text, origin=origin)


def _decode_with(data: bytes, codec: str, *, origin: str) -> str:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError) as error:
        raise IngestError(origin, f"cannot decode as {codec}: {error}") from None


def _detect(data: bytes, *, origin: str) -> str:
    results = from_bytes(data)
    plausible = [r for r in results if r.chaos <= MAX_CHAOS]
    legacy = next((r for r in plausible if r.encoding == _PREFERRED_LEGACY), None)
    best = results.best()
    if legacy is None and (best is None or best.chaos > MAX_CHAOS or best.coherence < MIN_COHERENCE):
        raise IngestError(
            origin,
            "undecodable bytes: not UTF-8 and no encoding detected with confidence "
            "(convert it to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`, or pass --encoding)",
        )
    chosen = legacy or best
    return _decode_with(data, chosen.encoding, origin=origin)


def _check_text(text: str, *, origin: str) -> str:
    if not text.strip():
        raise IngestError(origin, "empty input")
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if "\x00" in sample or controls > len(sample) / 100:
        raise IngestError(origin, "binary data (control characters), not text")
    return text


def require_letters(text: str, *, origin: str, what: str = "the input") -> str:
    """Text with no letter has no sentence to read an event from."""
    if not any(ch.isalpha() for ch in text):
        raise IngestError(origin, f"no text: {what} has no letters, so no sentences")
    return text


def parse_published(value: object, *, origin: str) -> dt.date | None:
    """A publication date from an ISO date or datetime string ('2025-03-14 20:30:26Z')."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    date = iso_date(str(value))
    if date is None:
        raise IngestError(origin, f"'published' is not an ISO date (YYYY-MM-DD...): {value!r}")
    return date


def iso_date(value: str) -> dt.date | None:
    """The date at the start of an ISO date or datetime string, or None when there is none."""
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if not (year >= 1 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return dt.date(year, month, day)
