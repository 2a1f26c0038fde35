"""Offsets of a parsed Doc computed once: text, token starts and ends, offset look-ups."""

from __future__ import annotations

import spacy

from eventwatch.language import load
from eventwatch.language.surface import (
    TokenColumns,
    count_ending_by,
    doc_text,
    first_starting_from,
    sentence_start_of,
    sentence_starts,
    token_offsets,
)

TEXT = "KYIV —  Drones struck Dnipro overnight,\n\n“We will rebuild,” he said."


def parsed():
    return spacy.blank("en")(TEXT)


def test_the_text_is_the_docs_own_and_is_built_once() -> None:
    doc = parsed()
    assert doc_text(doc) == doc.text == TEXT
    assert doc_text(doc) is doc_text(doc)


def test_token_offsets_are_each_tokens_start_and_end() -> None:
    doc = parsed()
    starts, ends = token_offsets(doc)
    assert starts == [t.idx for t in doc]
    assert ends == [t.idx + len(t.text) for t in doc]
    assert token_offsets(spacy.blank("en")("")) == ([], [])


def test_offset_look_ups_agree_with_scanning_the_tokens() -> None:
    doc = parsed()
    for offset in range(len(TEXT) + 2):
        scanned_first = next((t.i for t in doc if t.idx >= offset), len(doc))
        scanned_count = sum(1 for t in doc if t.idx + len(t.text) <= offset)
        assert first_starting_from(doc, offset) == scanned_first, offset
        assert count_ending_by(doc, offset) == scanned_count, offset


def test_a_quote_mark_is_found_by_its_offset() -> None:
    doc = parsed()
    mark = TEXT.index("“")
    assert doc[first_starting_from(doc, mark)].text == "“"
    assert doc[count_ending_by(doc, mark) - 1].is_space  # the paragraph break before the quote


def test_token_columns_say_what_the_spacy_tokens_say() -> None:
    text = ("Ukraine's air force said Russian-led troops\nhit the al-Shabaab base   in Kyiv's east.\n\n"
            "Mr. Osborne met U.N. envoys in Geneva. The talks, he said, \"went well\".")
    sp = load()(text)
    tokens = TokenColumns(sp)
    assert len(tokens) == len(sp) and tokens.text == sp.text
    assert tokens.words == [t.text for t in sp]
    assert tokens.lower == [t.lower_ for t in sp]
    assert tokens.lemmas == [t.lemma_ for t in sp]
    assert tokens.capitalised == [t.text[:1].isupper() for t in sp]
    assert tokens.pos == [t.pos_ for t in sp]
    assert tokens.dep == [t.dep_ for t in sp]
    assert tokens.ents == [t.ent_type_ for t in sp]
    assert tokens.heads == [t.head.i for t in sp]
    assert tokens.starts == [t.idx for t in sp]
    assert tokens.spaced == [bool(t.whitespace_) for t in sp]
    assert (tokens.alpha, tokens.punct, tokens.space) == ([t.is_alpha for t in sp], [t.is_punct for t in sp],
                                                         [t.is_space for t in sp])
    assert all(tokens.span(i, j) == sp[i:j].text for i in range(len(sp)) for j in range(i, len(sp) + 1))
    assert [tokens.sentence_start(t.i) for t in sp] == [t.sent.start for t in sp]


def test_sentence_starts_are_the_parsers() -> None:
    sp = load()("Rebels seized the town. The army said it would retake it.\n\nTalks resume on Monday.")
    assert sentence_starts(sp) == [sent.start for sent in sp.sents]
    assert len(sentence_starts(sp)) == 3
    assert [sentence_start_of(sp, t.i) for t in sp] == [t.sent.start for t in sp]


def test_columns_of_an_empty_doc() -> None:
    empty = load()("")
    columns = TokenColumns(empty)
    assert (len(columns), columns.words, columns.heads, columns.spaced, columns.span(0, 0)) == (0, [], [], [], "")
    assert sentence_starts(empty) == []
