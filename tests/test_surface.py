"""Offsets of a parsed Doc computed once: text, token starts and ends, offset look-ups."""

from __future__ import annotations

import spacy

from eventwatch.language.surface import count_ending_by, doc_text, first_starting_from, token_offsets

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
