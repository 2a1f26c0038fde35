"""The text and token offsets of a parsed spaCy Doc, computed once per document.

spaCy rebuilds `Doc.text` from its tokens on every call, and finding the tokens at a character
offset by iterating over the Doc builds a Python object for every token before it. The quote
finders ask both for every quotation mark and cue verb; done by scanning, that was about two
thirds of the quotes stage's time on news stories. These helpers compute the text and the
tokens' character offsets once, keep them in `Doc.user_data`, and answer offset questions by
binary search. The Doc must not be retokenised after the first call (no stage retokenises:
stages read the parse, they do not change it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

TEXT_KEY = "eventwatch_text"
OFFSETS_KEY = "eventwatch_token_offsets"


def doc_text(doc: Doc) -> str:
    """The parsed text (`Doc.text`), built once."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Fill the text cache with `text`, the string the Doc was parsed from, which spaCy's
    non-destructive tokenizer makes equal to `Doc.text`: building `Doc.text` token by token took
    about 0.3 ms per news story. Checked cheaply: the last token must end where the text ends."""
    if TEXT_KEY in doc.user_data or not len(doc):
        return
    last = doc[-1]
    if last.idx + len(last.text_with_ws) == len(text):
        doc.user_data[TEXT_KEY] = text


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """The character offset where each token starts and where it ends (both strictly increasing)."""
    cached = doc.user_data.get(OFFSETS_KEY)
    if cached is None:
        columns = doc.to_array([IDX, LENGTH]) if len(doc) else None
        starts = columns[:, 0].tolist() if columns is not None else []
        ends = (columns[:, 0] + columns[:, 1]).tolist() if columns is not None else []
        cached = doc.user_data[OFFSETS_KEY] = (starts, ends)
    return cached


def first_starting_from(doc: Doc, offset: int) -> int:
    """The index of the first token that starts at or after `offset` (len(doc) if none)."""
    return bisect_left(token_offsets(doc)[0], offset)


def count_ending_by(doc: Doc, offset: int) -> int:
    """How many tokens end at or before `offset`: they are the tokens doc[0:n]."""
    return bisect_right(token_offsets(doc)[1], offset)
