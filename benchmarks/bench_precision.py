"""A transformer variant in each precision: speed, and how far its tags move from float32.

    python benchmarks/bench_precision.py SHARED [--repeat 2] [--encoder accurate|compact]

Text: the sample VOA stories, as bench_language.py reads them. For each precision of
the `--encoder`'s variants (float32, the baseline, then bfloat16 and int8), in one process and
on one core (thread pools pinned before numpy is imported), it prints:
- the full pipeline's words per second (`load("<encoder>-<precision>")` through `nlp.pipe`,
  best of `--repeat` after a warm-up) and the ratio to float32;
- the sentences (split by the default pipeline) whose entity tags differ from float32's;
- the sentences whose tags differ between batches of 1,024 and of 256 padded word pieces
  (`TransformerTagger.tag(batch_pieces=...)`): none in float32; in bfloat16 and int8 (inputs
  quantised with fixed ranges) a few, as float sums that depend a little on a call's shape are
  rounded to bfloat16 or to int8 steps.
Entity F1 per precision comes from the scorers (`EVENTWATCH_LANGUAGE=accurate-int8 python
SHARED/scorers/score_ner.py SHARED`). Needs the `accurate` extra.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"


from timing import arguments, best_seconds, voa_stories  # noqa: E402

from eventwatch.language import load  # noqa: E402
from eventwatch.language.accurate import ENCODERS, PRECISIONS, variant_name  # noqa: E402


def differing(a: list[list[str]], b: list[list[str]]) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def main() -> None:
    ap = arguments(__doc__, repeat=2)
    ap.add_argument("--encoder", choices=list(ENCODERS), default="accurate")
    args = ap.parse_args()

    texts = [story["text"] for story in voa_stories(args.shared)]
    sentences = [[t.text for t in sent] for doc in load("default").pipe(texts) for sent in doc.sents]
    words = sum(1 for doc in load("default").tokenizer.pipe(texts) for token in doc if not token.is_space)
    baseline_wps, baseline_tags = 0.0, []
    for precision in PRECISIONS:
        nlp = load(variant_name(args.encoder, precision))
        wps = words / best_seconds(lambda nlp=nlp: list(nlp.pipe(texts)), args.repeat)
        tagger = nlp.get_pipe("ner").tagger  # the pipeline's own, already loaded
        tags = tagger.tag(sentences, batch_pieces=1024)
        baseline_wps, baseline_tags = baseline_wps or wps, baseline_tags or tags
        moved = differing(tags, tagger.tag(sentences, batch_pieces=256))
        other = differing(tags, baseline_tags)
        print(f"{precision}: {wps:,.0f} words/s ({wps / baseline_wps:.2f} x float32); sentences with other tags "
              f"than float32: {other} of {len(sentences)}; changed between batches of 1,024 and 256 pieces: {moved}")
        print(f"bench-precision: encoder={args.encoder} precision={precision} full_wps={wps:.0f} ratio={wps / baseline_wps:.3f} "
              f"differ_from_float32={other} sentences={len(sentences)} words={words}")


if __name__ == "__main__":
    main()
