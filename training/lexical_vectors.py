"""Static word vectors distilled from the accurate variant's NER encoder, for the CNN NER.

    python -m training.lexical_vectors [--corpus training/build/corpus] [--dims 32] [--rows 50000]

The CNN learns names only from the entity corpora, so a name it never saw there ("Khartoum",
"Wintour") is a guess from its shape and letters. The accurate variant's encoder knows far
more names from its pre-training. Each word of a vocabulary is read *alone* by the fine-tuned
encoder (with its shape, as the tagger reads it); the hidden state at its first piece, reduced
by PCA, is the word's target vector (the idea of Model2Vec, on an entity-tuned encoder).

The targets are stored as floret vectors (spaCy's "floret" mode): a fixed table of hashed rows,
a word's vector being the mean of the rows of the whole word and of its character 3- to
5-grams (two hashes each). The table is fitted to the targets by ridge least squares
(conjugate gradients), so a word outside the vocabulary still gets the vector its letters
suggest ("-ovich", "-abad"), and the table's size does not grow with the vocabulary. On
UniversalNER PUD this beat plain word tables of the same vocabulary (entity F1 0.682 against
0.662 at 32 dimensions and 0.670 at 48, in 6.4 MB instead of 12 or 18), mostly by finding
people the vocabulary did not know (docs/model-card.md, "How it is built", step 2).

The vocabulary (case kept: "Turkey" and "turkey" differ): every word of the training corpora,
the whole words of the encoder's own word-piece vocabulary in lower case and capitalised, and
the single words of eventwatch's knowledge files (gazetteer places of 15,000 people or more,
actor KB, countries, given names). No test set is read. Needs the `accurate` extra at build
time only (one thread, so the table is the same on every machine); the vectors ship inside the
default model, which never imports torch.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import DocBin
from spacy.vectors import Vectors

from eventwatch.language.accurate import (
    ACCURATE_DIR,
    TransformerTagger,
    base_model_dir,
    encode_sentences,
    padded,
)

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "src" / "eventwatch" / "knowledge" / "data"
GIVEN_NAMES = ROOT / "src" / "eventwatch" / "language" / "data" / "given_names.txt"
MIN_POPULATION = 15000
WORD = re.compile(r"[A-Za-z][A-Za-z'.\-]*[A-Za-z.]|[A-Za-z]")
CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'\-]+")
FLORET = {"minn": 3, "maxn": 5, "hash_count": 2, "hash_seed": 0, "bow": "<", "eow": ">"}
RIDGE = 0.01
CG_STEPS = 300


def corpus_words(paths: Iterable[Path]) -> set[str]:
    vocab = spacy.blank("en").vocab
    return {t.text for path in paths for doc in DocBin().from_disk(path).get_docs(vocab) for t in doc}


def piece_words(tokenizer) -> set[str]:
    """Whole words of the encoder's (uncased) vocabulary, lower case and capitalised."""
    words = {w for w in tokenizer.get_vocab() if w.isalpha() and w.isascii() and len(w) > 1}
    return words | {w.capitalize() for w in words}


def knowledge_words() -> set[str]:
    words: set[str] = set()
    with gzip.open(KNOWLEDGE / "gazetteer" / "places.tsv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if int(row["population"] or 0) >= MIN_POPULATION:
                words.update(WORD.findall(row["name"]))
    for path in [*sorted((KNOWLEDGE / "actors").glob("*.yaml")), KNOWLEDGE / "countries.yaml"]:
        words.update(CAPITALISED.findall(path.read_text(encoding="utf-8")))
    words.update(GIVEN_NAMES.read_text(encoding="utf-8").split())
    return words


def hidden_states(tagger: TransformerTagger, words: list[str], *, batch_size: int = 512) -> np.ndarray:
    """The encoder's last hidden state at the first piece of each word read alone."""
    import torch

    model = tagger.model
    out = np.zeros((len(words), model.encoder.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for begin in range(0, len(words), batch_size):
            alone = [[word] for word in words[begin:begin + batch_size]]
            batch = [chunks[0][1] for chunks in encode_sentences(tagger.tokenizer, alone)]  # a word is one chunk
            hidden = model.hidden(*padded(batch))
            out[begin:begin + len(batch)] = hidden[:, 1].numpy()  # [CLS] is position 0
    return out


def pca(matrix: np.ndarray, dims: int) -> np.ndarray:
    centred = matrix - matrix.mean(axis=0)
    _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
    projected = centred @ vt[:dims].T
    return (projected / projected.std()).astype(np.float32)


def floret_rows(vectors: Vectors, words: list[str]):
    """Sparse matrix [words x table rows]: each word's mean over its hashed rows, as spaCy reads it."""
    import torch

    n_rows = vectors.shape[0]
    word_index, row_index, weights = [], [], []
    for i, word in enumerate(words):
        rows = [h % n_rows for gram in vectors._get_ngrams(word) for h in vectors._get_ngram_hashes(gram)]
        word_index += [i] * len(rows)
        row_index += rows
        weights += [1.0 / len(rows)] * len(rows)
    indices = torch.tensor([word_index, row_index])
    values = torch.tensor(weights, dtype=torch.float64)
    return torch.sparse_coo_tensor(indices, values, (len(words), n_rows), check_invariants=True).coalesce()


def ridge_fit(rows, targets: np.ndarray, *, ridge: float = RIDGE, steps: int = CG_STEPS) -> np.ndarray:
    """The table T minimising |rows @ T - targets|^2 + ridge |T|^2, by conjugate gradients on
    the normal equations (every column at once)."""
    import torch

    transposed = rows.t().coalesce()
    y = torch.tensor(targets, dtype=torch.float64)

    def normal(x):
        return transposed @ (rows @ x) + ridge * x

    table = torch.zeros((rows.shape[1], y.shape[1]), dtype=torch.float64)
    residual = transposed @ y
    direction = residual.clone()
    norm = (residual * residual).sum(0)
    for _ in range(steps):
        product = normal(direction)
        step = norm / (direction * product).sum(0)
        table += step * direction
        residual -= step * product
        new_norm = (residual * residual).sum(0)
        if float(new_norm.max()) < 1e-20:
            break
        direction = residual + (new_norm / norm) * direction
        norm = new_norm
    return table.numpy().astype(np.float32)


def word_vectors(tagger: TransformerTagger, words: list[str], *, dims: int, rows: int) -> Language:
    """A blank English pipeline whose vocabulary holds floret vectors fitted to the distilled
    vector of every word."""
    targets = pca(hidden_states(tagger, words), dims)
    vectors = Vectors(mode="floret", data=np.zeros((rows, dims), dtype=np.float32), **FLORET)
    vectors.data[:] = ridge_fit(floret_rows(vectors, words), targets)
    nlp = spacy.blank("en")
    nlp.vocab.vectors = vectors
    return nlp


def build(corpus: Path, out: Path, *, dims: int, rows: int) -> int:
    import torch

    torch.set_num_threads(1)
    tagger = TransformerTagger.load(base=base_model_dir(), weights=ACCURATE_DIR)
    words = corpus_words(sorted(corpus.glob("*.spacy"))) | piece_words(tagger.tokenizer) | knowledge_words()
    words = sorted(w for w in words if w.strip() and len(w) <= 40)
    word_vectors(tagger, words, dims=dims, rows=rows).to_disk(out)
    return len(words)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Distil the accurate NER encoder into static word vectors.")
    ap.add_argument("--corpus", type=Path, default=ROOT / "training" / "build" / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "build" / "vectors")
    ap.add_argument("--dims", type=int, default=32)
    ap.add_argument("--rows", type=int, default=50_000, help="rows of the floret table")
    args = ap.parse_args(argv)
    n = build(args.corpus, args.out, dims=args.dims, rows=args.rows)
    print(f"vectors: floret table {args.rows} x {args.dims} fitted to {n} words -> {args.out}")


if __name__ == "__main__":
    main()
