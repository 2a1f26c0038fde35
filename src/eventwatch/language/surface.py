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
from functools import cached_property

import numpy
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LENGTH,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
)
from spacy.tokens import Doc

TEXT_KEY = "eventwatch_text"
OFFSETS_KEY = "eventwatch_token_offsets"
SENT_STARTS_KEY = "eventwatch_sentence_starts"


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


def sentence_starts(doc: Doc) -> list[int]:
    """The index of each sentence's first token (`[sent.start for sent in doc.sents]`), read once
    per document from the SENT_START column: iterating `Doc.sents` builds a Span per sentence. With
    sentence hooks, or no sentence boundaries (where `Doc.sents` raises), spaCy answers. Read only
    once the parser has set the boundaries (the stages, and the rule components after the parser)."""
    cached = doc.user_data.get(SENT_STARTS_KEY)
    if cached is None:
        hooked = "sents" in doc.user_hooks or "sent" in doc.user_token_hooks or "sent" in doc.user_span_hooks
        if not len(doc):
            cached = []
        elif hooked or not doc.has_annotation("SENT_START"):
            cached = [sent.start for sent in doc.sents]
        else:
            marks = doc.to_array(SENT_START).view(numpy.int64).tolist()  # 1 starts a sentence
            cached = [0, *(i for i in range(1, len(marks)) if marks[i] == 1)]
        doc.user_data[SENT_STARTS_KEY] = cached
    return cached


def sentence_start_of(doc: Doc, i: int) -> int:
    """`doc[i].sent.start`."""
    starts = sentence_starts(doc)
    return starts[bisect_right(starts, i) - 1]


def token_heads(doc: Doc) -> list[int]:
    """`[t.head.i for t in doc]`, from the HEAD column (which holds each head's offset from its
    token, negative ones wrapped round in the unsigned array)."""
    offsets = doc.to_array(HEAD).astype("int64").tolist() if len(doc) else []
    return [i + offset for i, offset in enumerate(offsets)]


def first_starting_from(doc: Doc, offset: int) -> int:
    """The index of the first token that starts at or after `offset` (len(doc) if none)."""
    return bisect_left(token_offsets(doc)[0], offset)


def count_ending_by(doc: Doc, offset: int) -> int:
    """How many tokens end at or before `offset`: they are the tokens doc[0:n]."""
    return bisect_right(token_offsets(doc)[1], offset)


class TokenColumns:
    """One Doc's token attributes as plain Python lists, each read on first use with one
    `Doc.to_array` call and string-store look-ups.

    The stages' and rule components' inner loops ask for token attributes tens of thousands of
    times per article; every `doc[i]` builds a new spaCy Token and every `doc[i:j].text` a Span,
    which was most of their time. A column is read when it is first asked for, so each reader
    pays only for the columns it uses. The values are spaCy's own (the same string store);
    the Doc must not change while the columns are in use (entities included: `ents` is a snapshot)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def __len__(self) -> int:
        return len(self.doc)

    def span(self, start: int, end: int) -> str:
        """The text of tokens [start, end), as `doc[start:end].text` (empty when the range is)."""
        return self.text[self.starts[start]:self.ends[end - 1]] if end > start else ""

    def sentence_start(self, i: int) -> int:
        """`doc[i].sent.start`."""
        return sentence_start_of(self.doc, i)

    @cached_property
    def text(self) -> str:
        """`Doc.text`."""
        return doc_text(self.doc)

    @cached_property
    def starts(self) -> list[int]:
        """Each token's character offset (`Token.idx`)."""
        return token_offsets(self.doc)[0]

    @cached_property
    def ends(self) -> list[int]:
        """Where each token's text ends."""
        return token_offsets(self.doc)[1]

    @cached_property
    def words(self) -> list[str]:
        """`Token.text`."""
        return self._strings(ORTH)

    @cached_property
    def capitalised(self) -> list[bool]:
        """Whether the token's first character is upper case."""
        return [word[:1].isupper() for word in self.words]

    @cached_property
    def lower(self) -> list[str]:
        """`Token.lower_`."""
        return self._strings(LOWER)

    @cached_property
    def lemmas(self) -> list[str]:
        """`Token.lemma_` ("" where no lemmatizer ran)."""
        return self._strings(LEMMA)

    @cached_property
    def pos(self) -> list[str]:
        """`Token.pos_`."""
        return self._strings(POS)

    @cached_property
    def dep(self) -> list[str]:
        """`Token.dep_`."""
        return self._strings(DEP)

    @cached_property
    def ents(self) -> list[str]:
        """`Token.ent_type_` ("" outside an entity)."""
        return self._strings(ENT_TYPE)

    @cached_property
    def heads(self) -> list[int]:
        """`Token.head.i`."""
        return token_heads(self.doc)

    @cached_property
    def spaced(self) -> list[bool]:
        """Whether whitespace follows (`Token.whitespace_`)."""
        return self._flags(SPACY)

    @cached_property
    def alpha(self) -> list[bool]:
        return self._flags(IS_ALPHA)

    @cached_property
    def punct(self) -> list[bool]:
        return self._flags(IS_PUNCT)

    @cached_property
    def space(self) -> list[bool]:
        return self._flags(IS_SPACE)

    def _column(self, attr: int) -> numpy.ndarray:
        return self.doc.to_array(attr)

    def _strings(self, attr: int) -> list[str]:
        strings = self.doc.vocab.strings
        return [strings[key] for key in self._column(attr).tolist()] if len(self.doc) else []

    def _flags(self, attr: int) -> list[bool]:
        return list(map(bool, self._column(attr).tolist())) if len(self.doc) else []
