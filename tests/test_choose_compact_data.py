"""The held-out dev set of training/choose_compact_data.py (UniversalNER EWT dev out of training)."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc
from training.choose_compact_data import UNER_DEV, held_out


def test_universalner_dev_leaves_training_and_becomes_the_dev_set_once(tmp_path):
    path = tmp_path / UNER_DEV
    path.parent.mkdir(parents=True)
    path.write_text("# text = Imran Khan spoke.\n1\tImran\tB-PER\n2\tKhan\tI-PER\n3\tspoke\tO\n4\t.\tO\n\n",
                    encoding="utf-8")
    nlp = spacy.blank("en")
    dev_doc = Doc(nlp.vocab, words=["Imran", "Khan", "spoke", "."])
    other = Doc(nlp.vocab, words=["Imran", "Khan", "visited", "Lahore", "."])
    kept, dev = held_out([other, dev_doc, dev_doc, other, dev_doc], tmp_path)
    assert kept == [other, other]  # every copy of the dev sentence left training; the others stay
    assert [[t.text for t in doc] for doc in dev] == [["Imran", "Khan", "spoke", "."]]
