"""Cost of the knowledge-informed entity component next to the rest of the language pipeline.

    python benchmarks/bench_entities.py SHARED [--repeat 3]

Text: the sample VOA stories (SHARED/data/corpus/voa/voa_stories.jsonl). In the same run and
process, times (1) the shipped pipeline without `eventwatch_entity_knowledge` through
`nlp.pipe` (the baseline) and (2) the component alone over those parsed documents (their
NER entities restored before each pass), one thread, best of `--repeat` after a warm-up.
Prints both in words per second and the component's share of the pipeline's time; the
pipeline as a whole must stay >= 10,000 words/s (bench_language.py).
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"


from bench_language import read_texts  # noqa: E402
from timing import arguments, best_seconds  # noqa: E402

from eventwatch.language import load  # noqa: E402
from eventwatch.language.entities import KNOWLEDGE_FACTORY  # noqa: E402


def main() -> None:
    args = arguments(__doc__, repeat=3).parse_args()

    texts = read_texts(args.shared)
    nlp = load()
    component = nlp.get_pipe(KNOWLEDGE_FACTORY)
    with nlp.select_pipes(disable=[KNOWLEDGE_FACTORY]):
        docs = list(nlp.pipe(texts))
        rest_s = best_seconds(lambda: list(nlp.pipe(texts)), args.repeat)
    entities = [list(doc.ents) for doc in docs]

    def knowledge_pass() -> None:
        for doc, ents in zip(docs, entities, strict=True):
            doc.ents = ents
            component(doc)

    knowledge_s = best_seconds(knowledge_pass, args.repeat)
    words = sum(1 for doc in docs for token in doc if not token.is_space)
    print(f"texts={len(texts)} words={words}")
    print(f"pipeline without the component: {rest_s:.3f} s, {words / rest_s:,.0f} words/s")
    print(f"knowledge component alone:      {knowledge_s:.3f} s, {words / knowledge_s:,.0f} words/s")
    print(f"bench-entities: rest_wps={words / rest_s:.0f} knowledge_wps={words / knowledge_s:.0f} "
          f"share={knowledge_s / (rest_s + knowledge_s):.3f} words={words}")


if __name__ == "__main__":
    main()
