"""Throughput of the language pipeline on news text, single core.

    python benchmarks/bench_language.py SHARED [--repeat 3] [--variant accurate]

Text: the sample VOA stories (SHARED/data/corpus/voa/voa_stories.jsonl, field "text").
Measures, in the same run and process, the words per second (non-whitespace tokens) of
(1) the tokenizer alone (the baseline) and (2) the full pipeline `eventwatch.language.load()`
(tokenizer, tok2vec, morphologizer, lemmatizer, sentence rules, parser, NER) through
`nlp.pipe`, and prints the ratio full / tokenizer. Each is timed `--repeat` times after
one warm-up pass; the best time counts. Thread pools are pinned to one thread before numpy
is imported, so the figure is one core's (torch reads OMP_NUM_THREADS too). The target is
>= 10,000 words/s for the full default pipeline; `--variant accurate` measures the pipeline with
the transformer NER (eventwatch.language.accurate) instead.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

from pathlib import Path  # noqa: E402

from timing import arguments, best_seconds, voa_stories  # noqa: E402

from eventwatch.language import VARIANTS, load  # noqa: E402


def read_texts(shared: Path) -> list[str]:
    return [story["text"] for story in voa_stories(shared)]



def main() -> None:
    ap = arguments(__doc__, repeat=3)
    ap.add_argument("--variant", choices=VARIANTS, default="default")
    args = ap.parse_args()

    texts = read_texts(args.shared)
    nlp = load(args.variant)
    words = sum(1 for doc in nlp.tokenizer.pipe(texts) for token in doc if not token.is_space)
    tokenizer_s = best_seconds(lambda: list(nlp.tokenizer.pipe(texts)), args.repeat)
    full_s = best_seconds(lambda: list(nlp.pipe(texts)), args.repeat)
    tokenizer_wps, full_wps = words / tokenizer_s, words / full_s
    print(f"texts={len(texts)} words={words} pipeline: {', '.join(nlp.pipe_names)}")
    print(f"tokenizer only: {tokenizer_s:.3f} s, {tokenizer_wps:,.0f} words/s")
    print(f"full pipeline:  {full_s:.3f} s, {full_wps:,.0f} words/s")
    print(f"bench-language: variant={args.variant} full_wps={full_wps:.0f} tokenizer_wps={tokenizer_wps:.0f} "
          f"ratio={full_wps / tokenizer_wps:.3f} words={words}")


if __name__ == "__main__":
    main()
