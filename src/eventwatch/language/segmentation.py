"""News-proof sentence boundaries: a rule component that runs before the parser.

spaCy's parser decides sentence boundaries, but it respects boundaries set before it runs:
a token marked `is_sent_start = False` cannot start a sentence, one marked True must. News
text breaks statistical segmenters at abbreviations, so this component forbids a sentence
start

- after a title or fixed abbreviation ("Gen.", "Sen.", "Dr.", "St.", "No."),
- after an initial ("John F. Kennedy", "George W. Bush"),
- after a month abbreviation before a number ("Jan. 6"),
- after any other abbreviation token ending in "." ("U.S.", "a.m.", "Inc.") unless the next
  word is a typical sentence opener ("... to the U.S. The talks ...") — the parser then decides,
- on a lower-case word, digit or closing punctuation after an abbreviation or a closing quote
  ('"We will win," he said.'),
- anywhere inside a quotation that opens and closes within one paragraph (a quoted passage of
  several sentences stays with its attribution, which the quote stage needs),

and it forces a sentence start after a blank line (a paragraph break); whitespace tokens
never start a sentence. The word lists live in
`data/sentence_rules.json`. Gold-tokenised single sentences (the UD scorers) only ever lose
breaks, never gain them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc

from eventwatch.language.surface import TokenColumns

FACTORY = "eventwatch_news_sentences"
RULES_FILE = "sentence_rules.json"
INITIAL = re.compile(r"[A-Z]\.")
OPENING_QUOTES = {"“": "”", "‘‘": "’’", "``": "''"}
STRAIGHT_QUOTE = '"'
CLOSING_PUNCT = {",", ";", ":", ")", "]", "”", "’", "'", '"', "%", "-", "—", "–"}


def read_rules() -> dict[str, Any]:
    text = resources.files("eventwatch.language").joinpath("data", RULES_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class SentenceRules:
    titles: frozenset[str]
    months: frozenset[str]
    starters: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SentenceRules:
        return cls(titles=frozenset(data["titles"]), months=frozenset(data["months"]),
                   starters=frozenset(data["sentence_starters"]))


def is_abbreviation(text: str) -> bool:
    """A token like "U.S." or "a.m.": letters and a final period kept by the tokenizer."""
    return len(text) > 1 and text.endswith(".") and any(c.isalpha() for c in text)


def continues(text: str) -> bool:
    """Words that do not open a sentence: lower case, digits, closing punctuation."""
    first = text[0]
    return first.islower() or first.isdigit() or text in CLOSING_PUNCT


def is_space(text: str) -> bool:
    """`Token.is_space`: spaCy's IS_SPACE lexeme flag is `str.isspace` of the token's text."""
    return text.isspace()


def quotation_interiors(texts: list[str]) -> list[tuple[int, int]]:
    """(first, last) token index of each quotation's interior plus its closing mark, pairing
    marks within a paragraph; an unclosed quotation is left alone. `texts`: the tokens' texts."""
    spans, open_at, closer = [], None, None
    for i, text in enumerate(texts):
        if "\n" in text and is_space(text):
            open_at = closer = None
        elif open_at is None and text in OPENING_QUOTES:
            open_at, closer = i, OPENING_QUOTES[text]
        elif open_at is None and text == STRAIGHT_QUOTE:
            open_at, closer = i, STRAIGHT_QUOTE
        elif open_at is not None and text == closer:
            spans.append((open_at + 1, i))
            open_at = closer = None
    return spans


def starts(doc: Doc, rules: SentenceRules) -> list[bool | None]:
    """The sentence-start constraint of every token: True, False or None (parser decides)."""
    # the tokens' texts as one column: a Token object per access was most of this component's time
    texts = TokenColumns(doc).words
    marks: list[bool | None] = [None] * len(texts)
    for first, last in quotation_interiors(texts):
        marks[first:last + 1] = [False] * (last + 1 - first)
        if last + 1 < len(texts) and continues(texts[last + 1]):
            marks[last + 1] = False
    spaces = [is_space(text) for text in texts]
    # Only a token ending in "." or listed in the rules can be an abbreviation: tested first, as
    # the other tokens (most of them) cannot continue one.
    listed = rules.titles | rules.months
    for i in range(1, len(texts)):
        prev = texts[i - 1]
        if spaces[i]:
            marks[i] = False  # whitespace stays with the sentence before it
        elif spaces[i - 1] and prev.count("\n") >= 2:
            marks[i] = True
        elif (prev.endswith(".") or prev in listed) and continues_abbreviation(doc, i, texts, rules):
            marks[i] = False
    return marks


def continues_abbreviation(doc: Doc, i: int, texts: list[str], rules: SentenceRules) -> bool:
    """Whether token `i` continues the sentence of the abbreviation or initial before it."""
    prev, text = texts[i - 1], texts[i]
    if prev in rules.titles or INITIAL.fullmatch(prev):
        return True
    if prev in rules.months and doc[i].like_num:
        return True
    return is_abbreviation(prev) and (continues(text) or text not in rules.starters)


class NewsSentences:
    """Sets sentence-start constraints for the parser (see the module docstring)."""

    def __init__(self, *, rules: SentenceRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        marks = starts(doc, self.rules)
        if not any(mark is not None for mark in marks[1:]):
            return doc
        # One column write instead of `token.is_sent_start = mark` per token: that setter scans the
        # whole Doc for a parse each time (`Doc.has_annotation("DEP")`). Its check is kept, once.
        if doc.has_annotation("DEP"):
            raise ValueError(Errors.E043)
        column = doc.to_array(SENT_START).view(numpy.int64)  # True 1, False -1, None 0
        for i, mark in enumerate(marks):
            if mark is not None and i > 0:
                column[i] = 1 if mark else -1
        doc.from_array([SENT_START], column.view(numpy.uint64))
        return doc


@Language.factory(FACTORY)
def make_news_sentences(nlp: Language, name: str) -> NewsSentences:
    return NewsSentences(rules=SentenceRules.from_data(read_rules()))
