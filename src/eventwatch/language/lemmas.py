"""The rule lemmatizer, with its answers remembered per word form, part of speech and morphology.

spaCy's English rule lemmatizer decides a lemma from three things only: the token's text, its
UPOS and its morphological features. Two costs made it a quarter of the language model's time
on a fresh process (10.1 ms of each VOA story; this component 0.75 ms, by
`benchmarks/bench_language_rules.py`):

- each new word tests its candidate forms against the table of known lemmas, which
  spacy-lookups-data stores as lists (57,528 nouns): a linear scan per candidate, tens of
  microseconds per new word. Here the lists are read once into sets;
- it calls Python code for every token, and for the commonest tokens (singular nouns, base
  verbs, positive adjectives: the "base forms") it does not use its own cache. Here the
  (ORTH, POS, MORPH) columns of the whole document are read as one array, the lemmatizer is
  asked once per distinct triple not seen before, and the LEMMA column is written back with one
  `Doc.from_array`.

The lemmas are the same as spaCy's (tests/test_language_lemmas.py compares them on news
sentences; the VOA records are byte-identical with either lemmatizer). The remembered answers are the component's own: one
dictionary per loaded pipeline, never shared between pipelines.

The component is the shipped model's `lemmatizer` (factory `eventwatch_lemmatizer`, set by
`training.build_model`); its lookup tables are spaCy's, from spacy-lookups-data.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en import English
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab
from thinc.api import Model

FACTORY = "eventwatch_lemmatizer"


class RememberingLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer, asked once per distinct (text, UPOS, morphology)."""

    def __init__(self, vocab: Vocab, model: Model | None, name: str = "lemmatizer", *, mode: str = "rule",
                 overwrite: bool = False, scorer: Callable | None = None) -> None:
        super().__init__(vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)
        self.remembered: dict[tuple[int, int, int], int] = {}
        self._known: dict[str, frozenset[str]] = {}
        self._known_from: object = None

    def known_lemmas(self, univ_pos: str) -> frozenset[str]:
        """The lemma index of one part of speech as a set, read once per lookups object."""
        if self._known_from is not self.lookups:
            self._known, self._known_from = {}, self.lookups
        if univ_pos not in self._known:
            self._known[univ_pos] = frozenset(self.lookups.get_table("lemma_index", {}).get(univ_pos, ()))
        return self._known[univ_pos]

    def rule_lemmatize(self, token: Token) -> list[str]:
        """spaCy's `Lemmatizer.rule_lemmatize` (3.8), with the lemma index looked up in a set."""
        cache_key = (token.orth, token.pos, token.morph.key)
        if cache_key in self.cache:
            return self.cache[cache_key]
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            return [string.lower()]
        if self.is_base_form(token):
            return [string.lower()]
        exceptions = self.lookups.get_table("lemma_exc", {}).get(univ_pos, {})
        rules = self.lookups.get_table("lemma_rules", {}).get(univ_pos, {})
        index = self.known_lemmas(univ_pos)
        if not (index or exceptions or rules):
            return [string] if univ_pos == "propn" else [string.lower()]
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        self.cache[cache_key] = forms
        return forms

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables()
        if len(doc) == 0:
            return doc
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = self.remembered.get(key)
            if found is None:
                found = self.remembered[key] = self.vocab.strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], numpy.ascontiguousarray(lemmas.reshape(-1, 1)))
        return doc


@English.factory(FACTORY, assigns=["token.lemma"],
                 default_config={"model": None, "mode": "rule", "overwrite": False,
                                 "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
                 default_score_weights={"lemma_acc": 1.0})
def make_lemmatizer(nlp: Language, model: Model | None, name: str, mode: str, overwrite: bool,
                    scorer: Callable | None) -> RememberingLemmatizer:
    return RememberingLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)
