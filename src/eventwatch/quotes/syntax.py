"""Small helpers over spaCy tokens shared by the quote finders.

The language model is trained on Universal Dependencies, but the helpers also accept the
ClearNLP labels of spaCy's stock English models, so a swapped-in model keeps working.
"""

from __future__ import annotations

import re

from spacy.strings import get_string_id
from spacy.tokens import Span, Token

from eventwatch.knowledge.cues import SpeechCues, Verb

SUBJECT = {"nsubj", "nsubjpass", "nsubj:pass", "csubj", "csubj:pass", "expl"}
CLAUSE_LINKS = {"conj", "advcl", "xcomp", "acl", "acl:relcl", "relcl"}  # a participle borrows its head's subject
PUNCT = {"PUNCT"}
VERBAL = {"VERB", "AUX"}
# these forms are read as speech verbs whatever tag a weaker model gives them
MONTHS_AND_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                   "yesterday", "tonight"}
UNAMBIGUOUS = {"said", "says", "told", "tells", "added", "adding", "saying", "telling", "wrote", "writes"}
# a dateline opens an article: "KYIV —", "Washington (AFP) –", "BRUSSELS, June 3 (Reuters) -"
DATELINE = re.compile(r"^[A-Z][\w.'’-]*(?:[ ,]+[\w.'’-]+){0,5}?\s*(?:\([^)\n]{1,30}\))?\s*[—–]+\s+")


def end_of(token: Token) -> int:
    return token.idx + len(token.text)


def first_words(cues: SpeechCues) -> frozenset[str]:
    """What a token that starts a cue verb can read (lower-cased): a whole cue ("said") or its
    words up to a space ("pointed" of "pointed out"). A token that reads none of them starts no
    cue: `cue_at` says None."""
    found: set[str] = set()
    for form in cues.verbs:
        words = form.split(" ")
        found.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return frozenset(found)


def first_word_ids(cues: SpeechCues) -> frozenset[int]:
    """`first_words` as ids of spaCy's string store, to compare with a Doc's LOWER column."""
    return frozenset(get_string_id(word) for word in first_words(cues))


def cue_at(token: Token, cues: SpeechCues, *, any_tag: bool = False) -> tuple[Verb, Token] | None:
    """The speech verb starting at `token` and its last token ("pointed out"), if any. Next to
    quotation marks (`any_tag`) the tag is not asked: taggers read "asks" in `"...?" a narrator
    asks.` as a noun."""
    if not any_tag and token.pos_ not in VERBAL and token.lower_ not in UNAMBIGUOUS:
        return None
    if token.i > 0 and token.nbor(-1).text == "-" and not token.nbor(-1).whitespace_:
        return None  # "so-called", "long-expected": part of a compound word
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and (verb := cues.verb(f"{token.lower_} {following.lower_}")):
        return verb, following
    verb = cues.verb(token.lower_)
    return (verb, token) if verb else None


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, borrowed from the governing verb for participles and conjuncts
    ("..., adding that", "said ... and added that")."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECT and child.dep_ != "expl":
                return child
        if current.dep_ in CLAUSE_LINKS and current.head is not current:
            current = current.head
            continue
        return None
    return None


def trim_span(doc_text: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding whitespace, leading/trailing punctuation and a leading 'that'."""
    text = doc_text
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
            start += 1
            changed = True
        for word in ("that ", "That "):
            if text.startswith(word, start) and end - start > len(word):
                start += len(word)
                changed = True
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-"):
            end -= 1
            changed = True
    return start, end


def sentence_start(sent: Span) -> int:
    """The sentence's first character after a dateline ("KYIV — ")."""
    match = DATELINE.match(sent.text)
    if match and sent.start == 0:
        return sent.start_char + match.end()
    return sent.start_char
