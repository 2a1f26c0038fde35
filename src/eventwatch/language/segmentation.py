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

from spacy.language import Language
from spacy.tokens import Doc, Token

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


def is_abbreviation(token: Token) -> bool:
    """A token like "U.S." or "a.m.": letters and a final period kept by the tokenizer."""
    return len(token.text) > 1 and token.text.endswith(".") and any(c.isalpha() for c in token.text)


def continues(token: Token) -> bool:
    """Words that do not open a sentence: lower case, digits, closing punctuation."""
    first = token.text[0]
    return first.islower() or first.isdigit() or token.text in CLOSING_PUNCT


def quotation_interiors(doc: Doc) -> list[tuple[int, int]]:
    """(first, last) token index of each quotation's interior plus its closing mark, pairing
    marks within a paragraph; an unclosed quotation is left alone."""
    spans, open_at, closer = [], None, None
    for token in doc:
        if token.is_space and "\n" in token.text:
            open_at = closer = None
        elif open_at is None and token.text in OPENING_QUOTES:
            open_at, closer = token.i, OPENING_QUOTES[token.text]
        elif open_at is None and token.text == STRAIGHT_QUOTE:
            open_at, closer = token.i, STRAIGHT_QUOTE
        elif open_at is not None and token.text == closer:
            spans.append((open_at + 1, token.i))
            open_at = closer = None
    return spans


def starts(doc: Doc, rules: SentenceRules) -> list[bool | None]:
    """The sentence-start constraint of every token: True, False or None (parser decides)."""
    marks: list[bool | None] = [None] * len(doc)
    for first, last in quotation_interiors(doc):
        for i in range(first, last + 1):
            marks[i] = False
        if last + 1 < len(doc) and continues(doc[last + 1]):
            marks[last + 1] = False
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if token.is_space:
            marks[token.i] = False  # whitespace stays with the sentence before it
        elif prev.is_space and prev.text.count("\n") >= 2:
            marks[token.i] = True
        elif continues_abbreviation(prev, token, rules):
            marks[token.i] = False
    return marks


def continues_abbreviation(prev: Token, token: Token, rules: SentenceRules) -> bool:
    """Whether `token` continues the sentence of the abbreviation or initial before it."""
    if prev.text in rules.titles or INITIAL.fullmatch(prev.text):
        return True
    if prev.text in rules.months and token.like_num:
        return True
    return is_abbreviation(prev) and (continues(token) or token.text not in rules.starters)


class NewsSentences:
    """Sets sentence-start constraints for the parser (see the module docstring)."""

    def __init__(self, *, rules: SentenceRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        for token, mark in zip(doc, starts(doc, self.rules), strict=True):
            if mark is not None and token.i > 0:
                token.is_sent_start = mark
        return doc


@Language.factory(FACTORY)
def make_news_sentences(nlp: Language, name: str) -> NewsSentences:
    return NewsSentences(rules=SentenceRules.from_data(read_rules()))
