"""The language stage: parse the article with eventwatch's spaCy pipeline.

`process(doc)` sets `doc.spacy` (the parsed spaCy Doc: tokens, UPOS, morphology, lemmas,
dependencies, entities) and `doc.sentences` ((start, end) character offsets, trailing
whitespace excluded); `process_many(docs)` does the same for a batch, parsing the English
texts together with `nlp.pipe` (the pipeline hands it each batch of articles). The pipeline
is English only, so the stage first checks the language
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
from spacy.pipeline.transition_parser import Parser as TransitionParser
from spacy.tokens import Doc
from threadpoolctl import ThreadpoolController

from eventwatch.document import Document
from eventwatch.language.surface import doc_text, remember_text, sentence_starts, token_offsets

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


def sentence_bounds(parsed: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of `parsed.sents` (`surface.sentence_starts`: iterating
    `Doc.sents` builds a Span per sentence and a Token per word to get the texts)."""
    starts = sentence_starts(parsed)
    return list(zip(starts, [*starts[1:], len(parsed)], strict=True)) if starts else []


def sentence_offsets(parsed: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences, without surrounding whitespace;
    whitespace-only sentences (paragraph breaks) are left out. A sentence's text is cut from the
    Doc's text (`surface`, which later stages read too)."""
    full = doc_text(parsed)
    token_starts, token_ends = token_offsets(parsed)
    spans = []
    for first, end in sentence_bounds(parsed):
        text = full[token_starts[first]:token_ends[end - 1]]  # `Span.text`
        stripped = text.strip()
        if stripped:
            start = token_starts[first] + (len(text) - len(text.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans


def whole_batch_parsing(nlp: Language, *, batch_size: int) -> dict[str, dict[str, Any]]:
    """`nlp.pipe` options under which the transition-based components (parser, NER) step through
    a whole batch of `batch_size` texts at once.

    spaCy's parser sorts each batch by length and parses it in sub-batches of a quarter of its
    batch size, each step of the network covering the texts of one sub-batch: with `nlp.pipe`'s
    batch of 4 stories, two at a time. Given four times the batch size, it parses the batch in one
    sub-batch, and each step's matrix products cover every text: on the VOA sample in batches of 4,
    the language stage's CPU time fell from 33.8 to 30.8 ms per story (`benchmarks/bench_stages.py`,
    language_ms). The parses are the same (the VOA records are byte-identical)."""
    return {name: {"batch_size": 4 * batch_size} for name, component in nlp.pipeline
            if isinstance(component, TransitionParser)}


class LanguageStage:
    name = "language"

    def __init__(self, *, nlp: Language, function_words: frozenset[str], min_share: float = 0.13,
                 min_words: int = 20, batch_size: int = 8, blas_threads: int | None = 1) -> None:
        self.nlp = nlp
        self.function_words = function_words
        self.min_share = min_share
        self.min_words = min_words
        self.batch_size = batch_size
        # The model multiplies matrices with numpy's BLAS (see eventwatch.language.load_from), whose
        # thread pool would take every core for the larger products: on 2 cores that saved 5% of
        # the wall time of one process for 45% more CPU time, and with one worker process per core
        # (`--workers`) the threads only fight. So parsing runs with `blas_threads` threads (None:
        # the BLAS's own setting), limited only for the duration of the call.
        self.blas_threads = blas_threads
        self.threadpools = ThreadpoolController()
        self.component_cfg = whole_batch_parsing(nlp, batch_size=batch_size)

    def process(self, doc: Document) -> Document:
        if self.is_english(doc):
            with self.threadpools.limit(limits=self.blas_threads, user_api="blas"):
                parsed = self.nlp(doc.text)
            self.attach(doc, parsed)
        return doc

    def process_many(self, docs: list[Document]) -> list[Document]:
        """`process` over many documents, the English ones parsed together by `nlp.pipe`: the
        network layers work on up to `batch_size` texts at once, with the same parses as one call
        per text and faster (VOA stories: 10% less CPU time in batches of 4 to 16, 9% in pairs);
        much larger batches are slower again (64: 14% slower than one by one) and every text in
        a batch adds to the memory the network's arrays need."""
        english = [doc for doc in docs if self.is_english(doc)]
        with self.threadpools.limit(limits=self.blas_threads, user_api="blas"):
            parsed = list(self.nlp.pipe((doc.text for doc in english), batch_size=self.batch_size,
                                        component_cfg=self.component_cfg))
        for doc, spacy_doc in zip(english, parsed, strict=True):
            self.attach(doc, spacy_doc)
        return docs

    def is_english(self, doc: Document) -> bool:
        """Whether the text is to be parsed; sets `doc.language`, and warns when it is not."""
        words = words_of(doc.text)
        share = function_word_share(words, self.function_words)
        if len(words) >= self.min_words and share < self.min_share:
            doc.language = "und"
            doc.warn(f"language: text does not look like English (English function words {share:.2f} of "
                     f"{len(words)} words, below {self.min_share:.2f}); not analysed, no events extracted")
            return False
        doc.language = "en"
        return True

    @staticmethod
    def attach(doc: Document, parsed: Doc) -> None:
        remember_text(parsed, doc.text)  # the later stages read the parse's text from its cache
        doc.spacy = parsed
        doc.sentences = sentence_offsets(parsed)


def create(*, resources: Any, options: dict[str, Any]) -> LanguageStage:
    """Pipeline factory: the `nlp` resource (eventwatch.language:load) plus stage options
    `min_share`, `min_words`, `batch_size` (texts per `nlp.pipe` batch in `process_many`) and
    `blas_threads` (BLAS threads while parsing; null: the BLAS's own setting)."""
    return LanguageStage(nlp=resources.get("nlp"), function_words=read_function_words(), **options)
