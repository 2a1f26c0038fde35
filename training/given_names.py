"""Build the given-name list the entity component uses (src/eventwatch/language/data/given_names.txt).

    python -m training.given_names [--shared ../shared]

A name such as "Florence Garrard" or "Goffredo Petrassi" that the NER tags LOC, or misses,
is a person when its first word is a given name. The list is read off the NER training
corpora the model is built from (never a test set): the first word of every PERSON entity
of at least two words in GUM train (open genres), UniversalNER EWT dev, wikigold and re3d
(without BBC), kept when it is a capitalised alphabetic word of at least two letters that
begins more than twice as many PERSON entities as LOC and ORG entities there ("John", not
"New"), never occurs in lower case there ("acting", "mark"),
and is no title ("President") and no nationality word.
The words are facts about names, listed with their sources' attribution in the file header.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import Doc

from eventwatch.language.entities import read_rules
from training.convert import (
    gum_open_docs,
    iob_doc,
    load_demonyms,
    re3d_docs,
    read_iob,
    ud_docs,
)

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "eventwatch" / "language" / "data" / "given_names.txt"
HEADER = """\
# Given names: the first word of PERSON entities of two words or more in eventwatch's NER training
# corpora, when it begins more than twice as many PERSON entities as LOC and ORG entities there
# and never occurs in lower case. Built by training/given_names.py from UD English GUM train
# (open genres; CC BY 4.0 annotations), UniversalNER English EWT dev (CC BY-SA 4.0), wikigold
# (CC BY 4.0) and re3d without its BBC subset (see MODEL-LICENSE.md). Used by language/entities.py
# with the first names of the actor KB's people: a capitalised two- or three-word name that starts
# with one of these words and that no knowledge file reads otherwise is a person.
"""


def training_docs(shared: Path) -> list[Doc]:
    nlp = spacy.blank("en")
    train_dir = shared / "data" / "train"
    demonyms = load_demonyms(shared)
    docs = ud_docs(nlp.vocab, train_dir / "UD_English-GUM" / "en_gum-ud-train.conllu",
                   gum_open_docs(shared).__contains__, demonyms)
    for path in (train_dir / "UNER_English-EWT" / "en_ewt-ud-dev.iob2", train_dir / "wikigold" / "wikigold.conll.txt"):
        docs += [iob_doc(nlp.vocab, w, t, x, demonyms) for w, t, x in read_iob(path)]
    docs += re3d_docs(nlp, train_dir / "re3d" / "original-json", demonyms)
    return docs


def given_names(docs: list[Doc], excluded: set[str]) -> list[str]:
    person_first: Counter[str] = Counter()
    other_first: Counter[str] = Counter()
    common = {token.text for doc in docs for token in doc if token.is_lower}
    for doc in docs:
        for ent in doc.ents:
            first = ent[0].text
            if ent.label_ == "PERSON" and len(ent) > 1:
                person_first[first] += 1
            elif ent.label_ in ("LOC", "ORG"):
                other_first[first] += 1
    return sorted(word for word in person_first
                  if word.isalpha() and word.istitle() and len(word) > 1 and person_first[word] > 2 * other_first[word]
                  and word.lower() not in excluded and word.lower() not in common)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    rules = read_rules()
    excluded = {w.lower() for w in load_demonyms(args.shared)} | set(rules["title_words"]) | set(rules["honorifics"])
    names = given_names(training_docs(args.shared), excluded)
    TARGET.write_text(HEADER + "\n".join(names) + "\n", encoding="utf-8")
    print(json.dumps({"given_names": len(names), "file": str(TARGET.relative_to(ROOT))}))


if __name__ == "__main__":
    main()
