"""Check the compact encoder's training data on a held-out dev set of UniversalNER's conventions.

    OMP_NUM_THREADS=1 python -m training.choose_compact_data --shared SHARED --data gold
    OMP_NUM_THREADS=1 python -m training.choose_compact_data --shared SHARED --data silver
    (the two can run at once, one per core; about 10 and 20 minutes on this machine)

The shipped compact encoder learns from the gold entity corpora plus the silver UD EWT train
(`make model-compact`). That choice was made with the UniversalNER test sets in view, because
GUM dev, the dev set of the recipes, follows GUM's conventions and preferred the gold data alone
(docs/model-card.md, "Compact variant"). This script asks a dev set of the test sets' own
conventions: UniversalNER EWT dev is taken out of the training documents (all three copies)
and becomes the dev set, and the four-layer encoder is fine-tuned as `make model-compact` does,
on `--data gold` or `--data silver` (gold + silver). It prints the dev F1 of every epoch and the
best. Nothing is saved, and no test set is read.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from spacy.tokens import Doc

from eventwatch.language.accurate import base_model_dir
from training.convert import read_iob
from training.train_accurate import ROOT, Settings, fine_tune, read_corpus

UNER_DEV = Path("data") / "train" / "UNER_English-EWT" / "en_ewt-ud-dev.iob2"


def held_out(train: list[Doc], shared: Path) -> tuple[list[Doc], list[Doc]]:
    """The training documents without UniversalNER EWT dev's, and one copy of each of those."""
    dev_words = {tuple(words) for words, _tags, _text in read_iob(shared / UNER_DEV)}
    kept, dev, seen = [], [], set()
    for doc in train:
        words = tuple(token.text for token in doc)
        if words not in dev_words:
            kept.append(doc)
        elif words not in seen:
            seen.add(words)
            dev.append(doc)
    return kept, dev


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    ap.add_argument("--data", choices=("gold", "silver"), required=True, help="gold corpora alone, or plus silver")
    args = ap.parse_args(argv)

    silver = args.data == "silver"
    train, _gum_dev = read_corpus(args.shared, silver=silver)
    kept, dev = held_out(train, args.shared)
    print(f"training documents {len(train)} -> {len(kept)}; UniversalNER EWT dev documents {len(dev)}", flush=True)
    settings = Settings(layers=4, silver=silver)
    _tagger, scores = fine_tune(base=base_model_dir(), train_docs=kept, dev_docs=dev, settings=settings,
                                log=lambda line: print(line, flush=True))
    best = max(range(len(scores)), key=scores.__getitem__)
    print(json.dumps({"data": args.data, "uner_ewt_dev_f1_per_epoch": [round(s, 4) for s in scores],
                      "best_epoch": best + 1, "best_f1": round(scores[best], 4)}))


if __name__ == "__main__":
    main()
