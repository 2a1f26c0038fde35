"""The language stage: parse the article with eventwatch's spaCy pipeline.

`process(doc)` sets `doc.spacy` (the parsed spaCy Doc: tokens, UPOS, morphology, lemmas,
dependencies, entities) and `doc.sentences` ((start, end) character offsets, trailing
whitespace excluded). The pipeline is English only, so the stage first checks the language
offline: the share of the text's words that are common English function words ("the", "of",
"and", "said"; list in data/english_function_words.txt), counted over the words that begin
in lower case (names say nothing of the language), is 0.39-0.53 in English news stories and
at least 0.18 even in short, name-dense English news snippets, and 0.00-0.09 in news
paragraphs in German, French, Spanish, Italian, Dutch, Portuguese and Indonesian; texts in
other scripts have almost no such words. The threshold, 0.13, sits between the two. A text
of at least `min_words` such words whose share is under `min_share` is not parsed:
`doc.language` becomes "und" (undetermined), `doc.spacy` stays None, `doc.sentences` empty,
and a warning says why, so the later stages find nothing and the record has no events.
Shorter texts (headlines, single sentences) are too short to judge and are parsed.
"""
from __future__ import annotations

import re
from importlib import resources as package_files
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from eventwatch.document import Document

WORD = re.compile(r"[^\W\d_]+")
FUNCTION_WORDS_FILE = "english_function_words.txt"


def read_function_words() -> frozenset[str]:
    text = package_files.files("eventwatch.language").joinpath("data", FUNCTION_WORDS_FILE).read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def words_of(text: str) -> list[str]:
    """The text's words that begin in lower case, lower-cased. Capitalised words are left out:
    names say nothing of the language, and a name-dense English sentence would otherwise look
    foreign."""
    return [word.lower() for word in WORD.findall(text) if not word[0].isupper()]


def function_word_share(words: list[str], function_words: frozenset[str]) -> float:
    return sum(word in function_words for word in words) / len(words) if words else 0.0


def sentence_offsets(parsed: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences, without surrounding whitespace;
    whitespace-only sentences (paragraph breaks) are left out."""
    spans = []
    for sent in parsed.sents:
        text = sent.text
        stripped = text.strip()
        if stripped:
            start = sent.start_char + (len(text) - len(text.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans


class LanguageStage:
    name = "language"

    def __init__(self, *, nlp: Language, function_words: frozenset[str], min_share: float = 0.13,
                 min_words: int = 20) -> None:
        self.nlp = nlp
        self.function_words = function_words
        self.min_share = min_share
        self.min_words = min_words

    def process(self, doc: Document) -> Document:
        words = words_of(doc.text)
        share = function_word_share(words, self.function_words)
        if len(words) >= self.min_words and share < self.min_share:
            doc.language = "und"
            doc.warn(f"language: text does not look like English (English function words {share:.2f} of "
                     f"{len(words)} words, below {self.min_share:.2f}); not analysed, no events extracted")
            return doc
        doc.language = "en"
        doc.spacy = self.nlp(doc.text)
        doc.sentences = sentence_offsets(doc.spacy)
        return doc


def create(*, resources: Any, options: dict[str, Any]) -> LanguageStage:
    """Pipeline factory: the `nlp` resource (eventwatch.language:load) plus stage options
    `min_share` and `min_words`."""
    return LanguageStage(nlp=resources.get("nlp"), function_words=read_function_words(), **options)
