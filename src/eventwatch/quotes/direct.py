"""Direct quotes: the stretches of text inside quotation marks.

Straight (") and curly (“ ”) double marks are paired within a paragraph. A paragraph that
ends inside an open quote continues when the next paragraph opens with a mark again (the
news convention for a quote running over several paragraphs); each paragraph's piece is
its own quote span and the pieces share a `group` so they share one speaker. Single marks
are not used: in running text they are far more often apostrophes than quotes.

The quote `text` is the words inside the marks, without the marks and without the comma
before the closing mark (the examples' convention); a closing full stop stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "\u201c"
CLOSING = "\u201d"
STRAIGHT = '"'
PARAGRAPH = re.compile(r"\n")
# every character marks_in looks at: the three double marks and the apostrophe
MARK_CHARACTERS = re.compile(f"[{OPENING}{CLOSING}{STRAIGHT}']")
# characters after which a straight mark opens a quote rather than closing one
OPENS_AFTER = set(" \t\n([{\u2014\u2013-:;/")


@dataclass(frozen=True)
class QuotedSpan:
    start: int  # first character inside the marks (whitespace trimmed)
    end: int  # end of the quoted words (trailing comma and whitespace trimmed)
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when the paragraph ended first
    group: int  # pieces of one multi-paragraph quote share a group

    def words(self, text: str) -> int:
        return len(text[self.start:self.end].split())


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of the text."""
    spans, start = [], 0
    for match in PARAGRAPH.finditer(text + "\n"):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    return spans


def is_opening(text: str, i: int) -> bool:
    if text[i] == "'":  # the second character of a doubled apostrophe
        i -= 1
    char = text[i]
    if char == OPENING:
        return True
    if char == CLOSING:
        return False
    return i == 0 or text[i - 1] in OPENS_AFTER


def marks_in(text: str, start: int, end: int) -> list[int]:
    """Offsets of quotation marks; a doubled apostrophe ('' as some wires write a double mark)
    counts as one straight mark at its second character."""
    found = []
    # the regex jumps to the few characters that can be marks: a Python loop over every
    # character was most of the direct finder's time
    for match in MARK_CHARACTERS.finditer(text, start, end):
        i = match.start()
        if text[i] != "'":
            found.append(i)
        elif text[i + 1:i + 2] == "'" and text[i - 1:i] != "'":
            found.append(i + 1)
    return found


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace and without a trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",'"):
        end -= 1
    return start, end


def find_quotes(text: str) -> list[QuotedSpan]:
    """Every quoted stretch of the text, in order."""
    found: list[QuotedSpan] = []
    group = 0
    carried = False  # the previous paragraph ended inside a quote
    for p_start, p_end in paragraphs(text):
        open_at: int | None = None
        marks = marks_in(text, p_start, p_end)
        if carried and not (marks and marks[0] == first_visible(text, p_start) and is_opening(text, marks[0])):
            group += 1  # the continuation rule does not hold: a new quote starts later
        carried = False
        for i in marks:
            if open_at is None:
                if is_opening(text, i) or text[i] in (STRAIGHT, "'"):
                    open_at = i
                continue
            straight = text[i] in (STRAIGHT, "'")
            if text[i] == OPENING or (straight and is_opening(text, i) and text[i + 1:i + 2] != " "):
                # an opening mark while open: the earlier one was never closed; restart here
                open_at = i
                continue
            close_at = i - 1 if text[i] == "'" else i
            start, end = trimmed(text, open_at + 1, close_at)
            if end > start:
                found.append(QuotedSpan(start, end, open_at - (text[open_at] == "'"), close_at, group))
            group += 1
            open_at = None
        if open_at is not None:
            start, end = trimmed(text, open_at + 1, p_end)
            if end > start:
                found.append(QuotedSpan(start, end, open_at, None, group))
                carried = True
    return found


def first_visible(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start
