"""How the transformer NER feeds its encoder: word-piece encoding speed and padding.

    python benchmarks/bench_encoding.py SHARED [--repeat 5]

Text: the sample VOA stories, split into sentences by the default pipeline, as the transformer
NER receives them. In one process, on one core, it prints:
- encoding: the word pieces, shapes and first pieces of every sentence, (1) sentence by
  sentence through the tokenizer (the baseline, as eventwatch did before) and (2) as
  `TransformerTagger.tag` does (`accurate.encode_sentences`: each distinct word coded once, the
  sentences assembled from the codes); best of `--repeat`, the ratio, and the number of
  sentence chunks whose encodings differ (must be 0);
- padding: of the pieces and of the attention scores (which grow with the square of a call's
  longest sentence), when calls take 32 sentences of similar length (the baseline) and when
  they take up to `BATCH_PIECES` padded pieces (`accurate.length_batches`).
Needs the `accurate` extra (the base encoder's tokenizer).
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

from collections.abc import Sequence  # noqa: E402

from timing import arguments, best_seconds, voa_stories  # noqa: E402

from eventwatch.language import load  # noqa: E402
from eventwatch.language.accurate import (  # noqa: E402
    BATCH_PIECES,
    MAX_PIECES,
    base_model_dir,
    encode_sentences,
    length_batches,
    read_tokenizer,
    word_chunks,
    word_shape,
)


def sentence_by_sentence(tokenizer, sentences: Sequence[Sequence[str]]) -> list[tuple[list[int], list[int], list[int]]]:
    """(ids, shapes, first pieces) of each chunk of each sentence from its own tokenizer call,
    piece by piece (a sentence over MAX_PIECES pieces encoded again chunk by chunk)."""
    out = []
    for words in sentences:
        whole = tokenizer.encode(list(words), is_pretokenized=True)
        counts = [0] * len(words)
        for word in whole.word_ids:
            if word is not None:
                counts[word] += 1
        if sum(counts) <= MAX_PIECES:
            out.append(pieces_of(whole, words))
        else:
            out += [pieces_of(tokenizer.encode(list(words[a:b]), is_pretokenized=True), words[a:b])
                    for a, b in word_chunks(counts)]
    return out


def pieces_of(encoding, words: Sequence[str]) -> tuple[list[int], list[int], list[int]]:
    word_shapes = [word_shape(word) for word in words]
    shapes, first = [], [-1] * len(words)
    for position, word in enumerate(encoding.word_ids):
        shapes.append(0 if word is None else word_shapes[word])
        if word is not None and first[word] < 0:
            first[word] = position
    return list(encoding.ids), shapes, first


def from_codes(tokenizer, sentences: Sequence[Sequence[str]]) -> list[tuple[list[int], list[int], list[int]]]:
    return [(e.ids, e.shapes, e.first_piece) for chunks in encode_sentences(tokenizer, sentences) for _, e in chunks]


def padding(lengths: Sequence[int], batches: list[list[int]]) -> tuple[float, float]:
    """Share of padding among the pieces and among the attention scores of the batches."""
    pieces = sum(len(b) * max(lengths[k] for k in b) for b in batches)
    scores = sum(len(b) * max(lengths[k] for k in b) ** 2 for b in batches)
    return 1 - sum(lengths) / pieces, 1 - sum(n * n for n in lengths) / scores


def main() -> None:
    args = arguments(__doc__, repeat=5).parse_args()
    texts = [story["text"] for story in voa_stories(args.shared)]
    sentences = [[t.text for t in sent] for doc in load("default").pipe(texts) for sent in doc.sents]
    tokenizer = read_tokenizer(base_model_dir() / "tokenizer.json")

    baseline = sentence_by_sentence(tokenizer, sentences)
    coded = from_codes(tokenizer, sentences)
    differing = sum(a != b for a, b in zip(baseline, coded, strict=True))
    baseline_s = best_seconds(lambda: sentence_by_sentence(tokenizer, sentences), args.repeat)
    coded_s = best_seconds(lambda: from_codes(tokenizer, sentences), args.repeat)
    words = sum(len(words) for words in sentences)
    distinct = len({word for words in sentences for word in words})
    print(f"sentences={len(sentences)} words={words} distinct words={distinct}")
    print(f"encoding sentence by sentence: {baseline_s:.3f} s; from word codes: {coded_s:.3f} s "
          f"({baseline_s / coded_s:.2f}x); chunks encoded differently: {differing}")

    lengths = [len(ids) for ids, _, _ in coded]
    order = sorted(range(len(lengths)), key=lambda k: lengths[k])
    fixed = [order[i:i + 32] for i in range(0, len(order), 32)]
    budget = length_batches(lengths, budget=BATCH_PIECES)
    padded = {"fixed32": padding(lengths, fixed), "budget": padding(lengths, budget)}
    for name, batches, key in (("32 sentences per call", fixed, "fixed32"),
                               (f"{BATCH_PIECES} pieces per call", budget, "budget")):
        pieces, scores = padded[key]
        print(f"{name}: {len(batches)} calls, padding {pieces:.1%} of the pieces, {scores:.1%} of the attention scores")
    print(f"bench-encoding: ratio={baseline_s / coded_s:.3f} baseline_s={baseline_s:.4f} coded_s={coded_s:.4f} "
          f"differing={differing} sentences={len(sentences)} "
          + " ".join(f"padding_pieces_{key}={pieces:.4f} padding_scores_{key}={scores:.4f}"
                     for key, (pieces, scores) in padded.items()))


if __name__ == "__main__":
    main()
