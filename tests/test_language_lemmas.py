"""The remembering lemmatizer gives spaCy's English rule lemmas, on handwritten news sentences."""
from __future__ import annotations

import pytest
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.tokens import Doc

from eventwatch.language import load
from eventwatch.language.lemmas import RememberingLemmatizer

NEWS = [
    "Russian forces shelled the city overnight, killing at least 12 civilians, officials said.",
    "The ministers were meeting in Doha on Tuesday as protesters gathered outside the embassies.",
    "Rebels have seized three villages and are holding dozens of hostages, according to witnesses.",
    "Israel's army said it struck militants' positions after rockets were fired across the border.",
    "Sanctions imposed by the United States have crippled the country's biggest banks.",
    "He denied that his government had ever supplied weapons to the fighters.",
    "The talks, which broke down twice, resumed after mediators offered better terms.",
    "Prices rose faster; the worst-hit regions saw the highest increases in years.",
]


@pytest.fixture(scope="module")
def nlp():
    return load()


def unlemmatized(nlp, text: str) -> Doc:
    return nlp(text, disable=["lemmatizer"])


def test_shipped_model_uses_it(nlp):
    assert isinstance(nlp.get_pipe("lemmatizer"), RememberingLemmatizer)


def test_same_lemmas_as_spacy(nlp):
    shipped = nlp.get_pipe("lemmatizer")
    spacy_rules = EnglishLemmatizer(nlp.vocab, None, mode="rule")
    spacy_rules.lookups = shipped.lookups
    ours = RememberingLemmatizer(nlp.vocab, None, mode="rule")
    ours.lookups = shipped.lookups
    for _ in range(2):  # the second round is answered from what the first remembered
        for text in NEWS:
            expected = [t.lemma_ for t in spacy_rules(unlemmatized(nlp, text))]
            assert [t.lemma_ for t in ours(unlemmatized(nlp, text))] == expected


def test_news_lemmas(nlp):
    doc = nlp("Gunmen attacked two villages and abducted dozens of children, police said.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["attacked"] == "attack"
    assert lemmas["villages"] == "village"
    assert lemmas["children"] == "child"
    assert lemmas["said"] == "say"


def test_remembers_each_form_once(nlp):
    ours = RememberingLemmatizer(nlp.vocab, None, mode="rule")
    ours.lookups = nlp.get_pipe("lemmatizer").lookups
    ours(unlemmatized(nlp, "Troops fired shells at the base."))
    seen = dict(ours.remembered)
    assert len(seen) == 7  # seven distinct tokens
    doc = ours(unlemmatized(nlp, "Troops fired shells at the base."))
    assert ours.remembered == seen  # the repeat is answered from memory
    assert [t.lemma_ for t in doc] == ["troop", "fire", "shell", "at", "the", "base", "."]


def test_keeps_lemmas_already_set(nlp):
    ours = RememberingLemmatizer(nlp.vocab, None, mode="rule")
    ours.lookups = nlp.get_pipe("lemmatizer").lookups
    doc = unlemmatized(nlp, "Troops fired shells.")
    doc[1].lemma_ = "shoot"
    assert [t.lemma_ for t in ours(doc)] == ["troop", "shoot", "shell", "."]


def test_empty_document(nlp):
    ours = RememberingLemmatizer(nlp.vocab, None, mode="rule")
    ours.lookups = nlp.get_pipe("lemmatizer").lookups
    assert len(ours(Doc(nlp.vocab, words=[]))) == 0
