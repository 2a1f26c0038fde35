"""Silver entity labels for UD English EWT train, made by the accurate variant's NER.

    python -m training.silver --shared ../shared [--out training/build/corpus/silver.spacy]

UniversalNER annotates EWT train with PER/ORG/LOC, but that file is not available offline, so
the default CNN NER learns from about a third of the entity data the accurate encoder saw
through its pre-training. The accurate pipeline (UniversalNER PUD F1 0.780) labels the EWT
train sentences on their gold tokens instead; those labels teach the CNN NER (distillation).
EWT train is already UD training data; no test set is read. Needs the `accurate` extra at
build time only; the labels are deterministic (one thread, fixed weights).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from eventwatch.language import load
from eventwatch.language.gold import ConlluSentence, iter_conllu
from training.convert import corpus_summary, grouped, spans_to_iob

ROOT = Path(__file__).resolve().parent.parent
KEEP = {"PERSON", "ORG", "LOC", "NORP"}


def ud_train(shared: Path) -> list[ConlluSentence]:
    """The UD EWT train sentences that the silver corpus labels, in its order."""
    return list(iter_conllu(shared / "data" / "train" / "UD_English-EWT" / "en_ewt-ud-train.conllu"))


def silver_docs(nlp: Language, sents: list[ConlluSentence]) -> list[Doc]:
    """The sentences, grouped as the UD training documents are, with the entities `nlp` finds
    on their gold words as full labels (every other word "O")."""
    labelled = nlp.pipe((Doc(nlp.vocab, words=s.words, spaces=s.spaces) for s in sents), batch_size=128)
    docs = []
    for group in grouped(sents):
        words, spaces, iob = [], [], []
        for sent in group:
            doc = next(labelled)
            words += sent.words
            spaces += sent.spaces[:-1] + [True]
            iob += spans_to_iob(len(doc), [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in KEEP])
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces, ents=iob))
    return docs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Label UD EWT train with the accurate variant's entities.")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "build" / "corpus" / "silver.spacy")
    args = ap.parse_args(argv)
    docs = silver_docs(load("accurate"), ud_train(args.shared))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(args.out)
    print(f"silver: {corpus_summary(docs)}")


if __name__ == "__main__":
    main()
