"""CPU time of the language layer's Python parts: its rule components and the stage's sentence offsets.

    python benchmarks/bench_language_rules.py SHARED

Stories: the VOA sample (SHARED/data/corpus/voa/voa_stories.jsonl). In one process, with the
garbage collector set as `eventwatch extract` sets it (everything loaded frozen, young
collections every 10,000 allocations) and one BLAS thread, the stories are parsed up to each
rule component, which is then timed alone over those documents (time.process_time), once, as a
fresh worker meets them (the name knowledge's cache of readings starts empty):
- lemmatizer: the shipped lemmatizer (`eventwatch_lemmatizer`), against its baseline, spaCy's
  English rule lemmatizer with the same tables, fresh, over the same documents;
- news_sentences: `eventwatch_news_sentences` (sentence-start rules, before the parser);
- entity_spans: `eventwatch_entity_spans` (titles and determiners out of entities);
- entity_knowledge: `eventwatch_entity_knowledge` (knowledge-informed entity corrections);
- sentence_offsets: the language stage's `sentence_offsets` of the fully parsed stories.
The baseline, in the same run: the whole pipeline (`nlp.pipe`, neural components included) over
the same stories. Prints CPU ms per story of each and the rules' share of the pipeline.

Last line: `bench-language-rules: pipeline_ms=... lemmatizer_ms=... news_sentences_ms=...
entity_spans_ms=... entity_knowledge_ms=... sentence_offsets_ms=... rules_ms=... rules_share=...
spacy_lemmatizer_ms=... n=...`
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

from spacy.lang.en.lemmatizer import EnglishLemmatizer  # noqa: E402
from timing import arguments, voa_stories  # noqa: E402

from eventwatch.language import load  # noqa: E402
from eventwatch.language.stage import sentence_offsets  # noqa: E402
from eventwatch.pipeline import settle_heap  # noqa: E402

COMPONENTS = {
    "lemmatizer": "lemmatizer",
    "news_sentences": "eventwatch_news_sentences",
    "entity_spans": "eventwatch_entity_spans",
    "entity_knowledge": "eventwatch_entity_knowledge",
}


def cpu_seconds(run: Callable[[], object]) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def main() -> None:
    args = arguments(__doc__, repeat=None).parse_args()

    texts = [story["text"] for story in voa_stories(args.shared)]
    nlp = load()
    settle_heap()  # as `eventwatch extract` does
    seconds: dict[str, float] = {}
    for key, name in COMPONENTS.items():
        component = nlp.get_pipe(name)
        with nlp.select_pipes(disable=nlp.pipe_names[nlp.pipe_names.index(name):]):
            docs = list(nlp.pipe(texts))
        seconds[key] = cpu_seconds(lambda component=component, docs=docs: [component(doc) for doc in docs])
    # the baseline of the lemmatizer: spaCy's own English rule lemmatizer, fresh, with the same tables
    spacy_rules = EnglishLemmatizer(nlp.vocab, None, mode="rule")
    spacy_rules.lookups = nlp.get_pipe("lemmatizer").lookups
    with nlp.select_pipes(disable=nlp.pipe_names[nlp.pipe_names.index("lemmatizer"):]):
        unlemmatized = list(nlp.pipe(texts))
    spacy_lemmatizer_s = cpu_seconds(lambda: [spacy_rules(doc) for doc in unlemmatized])
    docs = []
    pipeline_s = cpu_seconds(lambda: docs.extend(nlp.pipe(texts)))
    seconds["sentence_offsets"] = cpu_seconds(lambda: [sentence_offsets(doc) for doc in docs])

    n = len(texts)
    rules_s = sum(seconds.values())
    print(f"stories={n}  pipeline (nlp.pipe): {1000 * pipeline_s / n:.2f} CPU ms per story")
    for key, value in seconds.items():
        print(f"{key:17s} {1000 * value / n:6.3f} CPU ms per story  {value / pipeline_s:6.1%} of the pipeline")
    print(f"spaCy's lemmatizer {1000 * spacy_lemmatizer_s / n:6.3f} CPU ms per story (the lemmatizer's baseline: "
          f"ours is {seconds['lemmatizer'] / spacy_lemmatizer_s:.2f} of it)")
    figures = " ".join(f"{key}_ms={1000 * value / n:.3f}" for key, value in seconds.items())
    print(f"bench-language-rules: pipeline_ms={1000 * pipeline_s / n:.2f} {figures} "
          f"rules_ms={1000 * rules_s / n:.3f} rules_share={rules_s / pipeline_s:.3f} "
          f"spacy_lemmatizer_ms={1000 * spacy_lemmatizer_s / n:.3f} n={n}")


if __name__ == "__main__":
    main()
