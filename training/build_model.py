"""Build eventwatch's English pipeline from scratch with one command.

    python -m training.build_model [--shared ../shared] [--max-steps N] [--only-ner]     (or: make model)

Steps:
1. Convert the open corpora (training/convert.py) into training/build/corpus and train
   training/config.cfg (seeded, 16,000 steps; `spacy train` keeps the checkpoint with the
   best weighted dev score as model-best): tok2vec, morphologizer, parser and a first NER.
2. Train the shipped NER (training/config-ner.cfg, seeded, 8,000 steps) with its own tok2vec:
   the accurate variant labels UD EWT train (training/silver.py) and its encoder is distilled
   into static word vectors (training/lexical_vectors.py); it learns from the entity-annotated
   documents of step 1's corpus plus those labels. `--only-ner` starts here, reusing step 1.
3. Assemble the shipped model: step 1's components with step 2's NER (and its vectors) in
   place of the first one, plus the news tokenizer exceptions, the rule lemmatizer from
   spacy-lookups-data, the news sentence rules before the parser, and after the NER the entity
   span clean-up and the knowledge-informed entity corrections (given-name list from
   training/given_names.py); install it in src/eventwatch/language/model with its licence.
4. Print the test-set figures of the project's own evaluations (UD EWT/GUM/PUD, UniversalNER
   PUD/EWT; gold tokenisation).
Training-only dependencies: spacy-lookups-data (its English lemma tables are copied into the
model) and the `accurate` extra (step 2). The shipped model needs neither.
"""
from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.language import Language
from spacy.tokens import DocBin

from eventwatch.language import MODEL_DIR, load_from
from eventwatch.language.entities import FACTORY as ENTITY_SPANS
from eventwatch.language.entities import KNOWLEDGE_FACTORY as ENTITY_KNOWLEDGE
from eventwatch.language.lemmas import FACTORY as LEMMATIZER
from eventwatch.language.segmentation import FACTORY as SENTENCES
from eventwatch.language.segmentation import read_rules
from training import convert, given_names, lexical_vectors, readers, silver  # noqa: F401  (readers registers the corpus reader)

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "training" / "build"
CONFIG = ROOT / "training" / "config.cfg"
CONFIG_NER = ROOT / "training" / "config-ner.cfg"
LICENCE = ROOT / "training" / "MODEL-LICENSE.md"
MAX_MODEL_BYTES = 40 * 1024 * 1024


def ner_corpus(corpus: Path) -> Path:
    """Step 1's documents that carry entity annotation, plus the silver-labelled EWT train."""
    vocab = spacy.blank("en").vocab
    annotated = [d for d in DocBin().from_disk(corpus / "train.spacy").get_docs(vocab) if any(t.ent_iob for t in d)]
    labelled = list(DocBin().from_disk(corpus / "silver.spacy").get_docs(vocab))
    path = corpus / "ner-train.spacy"
    DocBin(docs=annotated + labelled, store_user_data=False).to_disk(path)
    return path


def train_ner(shared: Path, corpus: Path, output: Path, *, max_steps: int | None = None) -> None:
    silver.main(["--shared", str(shared), "--out", str(corpus / "silver.spacy")])
    train_path = ner_corpus(corpus)
    vectors = BUILD / "vectors"
    lexical_vectors.main(["--corpus", str(corpus), "--out", str(vectors)])
    overrides = {"paths.train": str(train_path), "paths.dev": str(corpus / "dev.spacy"), "paths.vectors": str(vectors)}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    train(CONFIG_NER, output, overrides=overrides)


def with_ner(nlp: Language, trained_ner: Path) -> None:
    """Replace the NER of `nlp` by the one in `trained_ner`, with its own tok2vec and vectors."""
    source = spacy.load(trained_ner)
    source.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.vocab.vectors = source.vocab.vectors
    position = nlp.pipe_names.index("ner")
    nlp.remove_pipe("ner")
    nlp.add_pipe("ner", source=source, before=position if position < len(nlp.pipe_names) else None)


def assemble(trained: Path, target: Path, *, trained_ner: Path) -> Language:
    """The shipped pipeline: the trained components plus the rule-based ones."""
    nlp = spacy.load(trained)
    with_ner(nlp, trained_ner)
    rules = read_rules()
    for abbreviation in rules["split_by_default_tokenizer"]:
        nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    lemmatizer = nlp.add_pipe(LEMMATIZER, name="lemmatizer", after="morphologizer", config={"mode": "rule"})
    lemmatizer.initialize()
    nlp.add_pipe(SENTENCES, before="parser")
    nlp.add_pipe(ENTITY_SPANS, after="ner")
    nlp.add_pipe(ENTITY_KNOWLEDGE, after=ENTITY_SPANS)
    nlp.meta.update({
        "name": "eventwatch_en", "version": "0.1.0", "license": "CC BY-SA 4.0",
        "description": "eventwatch's English pipeline trained from open treebanks; see docs/model-card.md",
        "sources": [
            {"name": "UD English EWT (train)", "license": "CC BY-SA 4.0"},
            {"name": "UD English GUM (train, open genres only)", "license": "CC BY / CC BY-SA (per genre)"},
            {"name": "UniversalNER English EWT (dev)", "license": "CC BY-SA 4.0"},
            {"name": "wikigold", "license": "CC BY 4.0"},
            {"name": "re3d (without the BBC subset)", "license": "CC BY 3.0 AU / public domain / OGL v3 / CC BY-SA 3.0"},
            {"name": "all-MiniLM-L6-v2, fine-tuned as the accurate variant's NER (silver labels, word vectors)",
             "license": "Apache 2.0"},
        ],
    })
    if target.exists():
        shutil.rmtree(target)
    nlp.to_disk(target)
    shutil.copy(LICENCE, target / "LICENSE.md")
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    if size > MAX_MODEL_BYTES:
        raise SystemExit(f"model is {size / 1e6:.1f} MB, over the 40 MB package limit")
    print(f"installed {target} ({size / 1e6:.1f} MB): {', '.join(nlp.pipe_names)}")
    return nlp


def report(shared: Path, model: Path) -> None:
    from eventwatch.evaluate import ner, ud

    nlp = load_from(model)
    print(ud.run(shared, nlp=nlp).render())
    print(ner.run(shared, nlp=nlp).render())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Build eventwatch's English spaCy pipeline from open corpora.")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps of both configs (a quick trial)")
    ap.add_argument("--output", type=Path, default=BUILD / "train", help="spacy train output folder")
    ap.add_argument("--install", type=Path, default=MODEL_DIR, help="where the shipped model goes")
    ap.add_argument("--ner-output", type=Path, default=BUILD / "train-ner", help="spacy train output folder of the NER")
    ap.add_argument("--only-ner", action="store_true", help="reuse OUTPUT/model-best; train the NER, assemble, install")
    ap.add_argument("--skip-training", action="store_true", help="assemble and install the existing model-best folders only")
    args = ap.parse_args(argv)

    corpus = BUILD / "corpus"
    if not (args.skip_training or args.only_ner):
        convert.main(args.shared, corpus)
        overrides = {"paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy")}
        if args.max_steps is not None:
            overrides["training.max_steps"] = args.max_steps
        started = time.perf_counter()
        train(CONFIG, args.output, overrides=overrides)
        minutes = (time.perf_counter() - started) / 60
        (args.output / "wall_time.json").write_text(json.dumps({"training_minutes": round(minutes, 1)}))
        print(f"training wall time: {minutes:.1f} min")
    if not args.skip_training:
        started = time.perf_counter()
        train_ner(args.shared, corpus, args.ner_output, max_steps=args.max_steps)
        minutes = (time.perf_counter() - started) / 60
        (args.ner_output / "wall_time.json").write_text(json.dumps({"training_minutes": round(minutes, 1)}))
        print(f"NER training wall time: {minutes:.1f} min")
    given_names.main(["--shared", str(args.shared)])
    assemble(args.output / "model-best", args.install, trained_ner=args.ner_output / "model-best")
    report(args.shared, args.install)


if __name__ == "__main__":
    main()
