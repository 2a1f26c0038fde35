"""The language stage's batch parsing (`process_many`) and its BLAS thread limit, on handwritten
news text; the stage's language check and sentence offsets are tested in test_language.py."""
from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from threadpoolctl import threadpool_info, threadpool_limits

from eventwatch.document import ArticleText, Document
from eventwatch.language import load
from eventwatch.language.stage import LanguageStage, read_function_words

ATTRIBUTES = [POS, TAG, DEP, HEAD, LEMMA, ENT_IOB, ENT_TYPE, SENT_START, MORPH]
TEXTS = [
    "KYIV, Ukraine — Russian drones struck Dnipro overnight into Tuesday, killing at least 12 civilians, "
    "regional governor Serhiy Lysak said. “We will rebuild,” he told reporters.",
    "Die Regierung hat am Montag neue Sanktionen gegen das Land beschlossen, wie ein Sprecher in Berlin "
    "mitteilte. Die Maßnahmen sollen ab der kommenden Woche gelten und betreffen vor allem den Handel.",
    "Police arrested 40 protesters in Mandalay on Sunday.\n\nThe junta imposed a curfew in the city.",
    "",
    "Gen. Abdel Fattah al-Burhan rejected the offer.",
]


def documents() -> list[Document]:
    return [Document(article=ArticleText(text=text)) for text in TEXTS]


def blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


@pytest.fixture(scope="module")
def stage() -> LanguageStage:
    return LanguageStage(nlp=load(), function_words=read_function_words(), batch_size=2)


def test_a_batch_is_parsed_as_each_text_alone(stage: LanguageStage) -> None:
    alone = [stage.process(doc) for doc in documents()]
    together = stage.process_many(documents())
    assert [d.language for d in together] == [d.language for d in alone] == ["en", "und", "en", "en", "en"]
    assert [d.warnings for d in together] == [d.warnings for d in alone]
    assert [d.sentences for d in together] == [d.sentences for d in alone]
    for one, many in zip(alone, together, strict=True):
        assert (one.spacy is None) == (many.spacy is None)
        if one.spacy is not None:
            assert many.spacy.text == one.spacy.text
            assert (many.spacy.to_array(ATTRIBUTES) == one.spacy.to_array(ATTRIBUTES)).all()
    second = TEXTS[2].index("The junta")
    assert together[2].sentences[1] == (second, len(TEXTS[2]))  # the second paragraph


def test_process_many_returns_the_documents_it_was_given(stage: LanguageStage) -> None:
    docs = documents()
    assert stage.process_many(docs) is docs
    assert stage.process_many([]) == []


SEEN_BLAS_THREADS: list[list[int]] = []


@spacy.Language.component("eventwatch_test_record_blas_threads")
def record_blas_threads(doc):
    """A real component that notes how many BLAS threads it may use while it runs."""
    SEEN_BLAS_THREADS.append(blas_threads())
    return doc


def test_parsing_runs_with_the_configured_blas_threads() -> None:
    if not blas_threads():
        pytest.skip("numpy has no BLAS that threadpoolctl can see")
    SEEN_BLAS_THREADS.clear()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("eventwatch_test_record_blas_threads")
    words = read_function_words()
    with threadpool_limits(limits=3, user_api="blas"):
        LanguageStage(nlp=nlp, function_words=words).process(Document(article=ArticleText(text=TEXTS[0])))
        LanguageStage(nlp=nlp, function_words=words, blas_threads=2).process_many(documents()[:1])
        LanguageStage(nlp=nlp, function_words=words, blas_threads=None).process(
            Document(article=ArticleText(text=TEXTS[0])))
        after = blas_threads()
    assert [set(threads) for threads in SEEN_BLAS_THREADS] == [{1}, {2}, {3}]
    assert set(after) == {3}  # the limit holds for the call only
