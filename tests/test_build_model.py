"""Assembling the shipped pipeline (training/build_model.py): the NER trained on its own, with
its own tok2vec and static vectors, takes the place of the NER that shares the UD tok2vec.

Both pipelines are tiny ones trained here on a few real sentences."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import fix_random_seed
from training.build_model import ner_corpus, with_ner

SENTENCES = [
    ("Imran Khan visited Lahore on Monday .", [(0, 10, "PERSON"), (19, 25, "LOC")]),
    ("The Taliban attacked Kabul .", [(4, 11, "ORG"), (21, 26, "LOC")]),
    ("Narendra Modi met officials in Srinagar .", [(0, 13, "PERSON"), (31, 39, "LOC")]),
]


def trained(nlp: Language, *, steps: int = 30) -> Language:
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": ents}) for text, ents in SENTENCES]
    fix_random_seed(0)
    optimizer = nlp.initialize(lambda: examples)
    optimizer.learn_rate = 0.01
    for _ in range(steps):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    return nlp


def pipeline(*, vectors: bool) -> Language:
    nlp = spacy.blank("en")
    if vectors:
        for i, word in enumerate(["Lahore", "Kabul", "Srinagar"]):
            nlp.vocab.set_vector(word, np.full(4, float(i + 1), dtype=np.float32))
    config = {"model": {"@architectures": "spacy.HashEmbedCNN.v2", "width": 32, "depth": 2, "embed_size": 500,
                        "window_size": 1, "maxout_pieces": 3, "subword_features": True,
                        "pretrained_vectors": vectors}}
    nlp.add_pipe("tok2vec", config=config)
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 32, "upstream": "*"}
    nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                                          "extra_state_tokens": False, "hidden_width": 32, "maxout_pieces": 2,
                                          "use_upper": True, "tok2vec": listener}})
    return trained(nlp)


def test_the_separately_trained_ner_replaces_the_shared_one_with_its_tok2vec_and_vectors(tmp_path: Path):
    source = pipeline(vectors=True)
    source.to_disk(tmp_path / "ner")
    nlp = pipeline(vectors=False)
    with_ner(nlp, tmp_path / "ner")
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert nlp.get_pipe("tok2vec").listening_components == []  # the NER no longer reads the UD tok2vec
    assert nlp.vocab["Kabul"].has_vector
    text = SENTENCES[1][0]
    expected = [(e.text, e.label_) for e in source(text).ents]
    assert expected == [("Taliban", "ORG"), ("Kabul", "LOC")]
    assert [(e.text, e.label_) for e in nlp(text).ents] == expected
    nlp.to_disk(tmp_path / "shipped")
    assert [(e.text, e.label_) for e in spacy.load(tmp_path / "shipped")(text).ents] == expected


def test_the_ner_corpus_keeps_documents_with_entity_annotation_and_adds_the_silver_ones(tmp_path: Path):
    nlp = spacy.blank("en")
    annotated = nlp.make_doc("Imran Khan visited Lahore .")
    annotated.ents = [annotated.char_span(0, 10, label="PERSON")]
    unannotated = nlp.make_doc("He visited the city .")  # UD-only document: entities missing
    silver = nlp.make_doc("The Taliban attacked Kabul .")
    silver.ents = [silver.char_span(4, 11, label="ORG"), silver.char_span(21, 26, label="LOC")]
    DocBin(docs=[annotated, unannotated]).to_disk(tmp_path / "train.spacy")
    DocBin(docs=[silver]).to_disk(tmp_path / "silver.spacy")
    docs = list(DocBin().from_disk(ner_corpus(tmp_path)).get_docs(nlp.vocab))
    assert [d.text for d in docs] == [annotated.text, silver.text]
