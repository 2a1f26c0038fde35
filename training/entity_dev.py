"""What the rule components after the NER are worth: entity scores with and without them.

    python -m training.entity_dev [--shared ../shared] [--corpus gum-test uner-pud uner-ewt]

The knowledge-informed entity component (language/entities.py, `eventwatch_entity_knowledge`)
was developed on GUM test, which no component was trained on: its entities are converted to
PER/ORG/LOC names as the training data is (training/convert.py; sentences with an unsure span
are left out), so the figures follow GUM's notion of a name rather than UniversalNER's. The
UniversalNER test sets are scored the same way as `eventwatch evaluate ner` (exact span and
type), for the model card only; no rule was fitted to their content. Each row gives
P/R/F1 per type and micro, for the shipped pipeline without and with the component.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from spacy.language import Language

from eventwatch.evaluate.ner import TYPES, prf, type_counts
from eventwatch.language import MODEL_DIR, load_from
from eventwatch.language.entities import KNOWLEDGE_FACTORY
from eventwatch.language.gold import GoldSentence, read_iob
from training.convert import gum_entities, iter_conllu, load_demonyms

ROOT = Path(__file__).resolve().parent.parent
UNER = {"uner-pud": ("UNER_English-PUD", "en_pud-ud-test.iob2"), "uner-ewt": ("UNER_English-EWT", "en_ewt-ud-test.iob2")}
GUM_LABELS = {"PERSON": "PER", "ORG": "ORG", "LOC": "LOC"}


def gum_test(shared: Path) -> list[GoldSentence]:
    """GUM test sentences with PER/ORG/LOC IOB tags converted like the training data."""
    demonyms = load_demonyms(shared)
    sentences = []
    for sent in iter_conllu(shared / "data" / "train" / "UD_English-GUM" / "en_gum-ud-test.conllu"):
        iob = gum_entities(sent, demonyms)
        if any(tag is None for tag in iob):
            continue
        tags = [f"{tag[:2]}{GUM_LABELS[tag[2:]]}" if tag != "O" and tag[2:] in GUM_LABELS else "O" for tag in iob]
        sentences.append(GoldSentence(words=sent.words, spaces=sent.spaces, tags=tags))
    return sentences


def corpus(shared: Path, name: str) -> list[GoldSentence]:
    if name == "gum-test":
        return gum_test(shared)
    return read_iob(shared / "data" / "train" / UNER[name][0] / UNER[name][1])


def scores(nlp: Language, sents: list[GoldSentence]) -> dict[str, tuple[float, float, float]]:
    counts = type_counts(nlp, sents)
    result = {t: prf(*counts[t]) for t in TYPES}
    result["micro"] = prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", nargs="+", default=["gum-test", *UNER], choices=["gum-test", *UNER])
    args = parser.parse_args(argv)
    nlp = load_from(MODEL_DIR)
    print(f"{'corpus':9} {'pipeline':15} " + " ".join(f"{t + ' P/R/F1':>20}" for t in (*TYPES, "micro")))
    for name in args.corpus:
        sents = corpus(args.shared, name)
        for label, disabled in (("without", [KNOWLEDGE_FACTORY]), ("with knowledge", [])):
            with nlp.select_pipes(disable=disabled):
                result = scores(nlp, sents)
            cells = " ".join(f"{'/'.join(f'{v:.3f}' for v in result[t]):>20}" for t in (*TYPES, "micro"))
            print(f"{name:9} {label:15} {cells}")


if __name__ == "__main__":
    main()
