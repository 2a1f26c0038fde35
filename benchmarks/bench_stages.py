"""Where the time of one extraction goes: CPU milliseconds per story of each stage, in one process.

    python benchmarks/bench_stages.py SHARED [--batch 4] [--repeat 2]

Stories: the VOA sample (SHARED/data/corpus/voa/voa_stories.jsonl). The default pipeline runs
them in batches of `--batch` as `eventwatch extract` does (`Pipeline.run_batch`: stage by
stage, the language stage parsing a batch with one `nlp.pipe`; a stage without `process_many`
gets the documents one by one, so the script also times an older pipeline, article by article),
`--repeat` times after one warm-up batch. Each stage's CPU time (time.process_time, so other
load on the machine counts little) is summed, as are the record's building, its JSON form and
the JSON text. BLAS threads are pinned to one before numpy is imported, and the garbage collector
is set as in `eventwatch extract` (`pipeline.settle_heap`; `--python-gc` leaves Python's default,
to compare), as in one worker of `--workers N`. The collector's own time, inside the stages' figures,
is printed too (gc_ms).

Last line: `bench-stages: total_ms=... language_ms=... times_ms=... ... json_ms=... n=...`
(CPU ms per story). The shares tell which stage to make faster; the end-to-end rate and memory
are bench_pipeline.py's.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import gc  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

from timing import arguments, published, voa_stories  # noqa: E402

from eventwatch.document import ArticleText, Document  # noqa: E402
from eventwatch.pipeline import Pipeline, settle_heap  # noqa: E402


def read_articles(shared: Path) -> list[ArticleText]:
    return [ArticleText(text=story["text"], id=str(story.get("id")), published=published(story))
            for story in voa_stories(shared)]


def run_batch(pipeline: Pipeline, articles: list[ArticleText], costs: dict[str, float]) -> None:
    """`Pipeline.run_batch` taken apart, to time each stage (the same calls in the same order)."""
    docs = [Document(article=article) for article in articles]
    for stage in pipeline.stages:
        started = time.process_time()
        many = getattr(stage, "process_many", None)
        docs = many(docs) if many is not None and len(docs) > 1 else [stage.process(doc) for doc in docs]
        costs[stage.name] += time.process_time() - started
    started = time.process_time()
    records = [doc.to_record() for doc in docs]
    costs["record"] += time.process_time() - started
    started = time.process_time()
    dicts = [record.to_dict() for record in records]
    costs["to_dict"] += time.process_time() - started
    started = time.process_time()
    for data in dicts:
        json.dumps(data, ensure_ascii=False)
    costs["json"] += time.process_time() - started


class CollectorClock:
    """CPU seconds Python's garbage collector spends, counted through `gc.callbacks`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.started = time.process_time()
        else:
            self.seconds += time.process_time() - self.started


def main() -> None:
    ap = arguments(__doc__, repeat=2)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--python-gc", action="store_true",
                    help="leave Python's garbage collector as it starts (no settle_heap), to compare")
    args = ap.parse_args()

    articles = read_articles(args.shared)
    pipeline = Pipeline.from_config()
    if not args.python_gc:
        settle_heap()  # as `eventwatch extract` does: the garbage collector's time would land on any stage
    run_batch(pipeline, articles[:args.batch], defaultdict(float))  # warm-up: lazy set-up, caches
    collector = CollectorClock()
    gc.callbacks.append(collector)
    costs: dict[str, float] = defaultdict(float)
    for _ in range(args.repeat):
        for start in range(0, len(articles), args.batch):
            run_batch(pipeline, articles[start:start + args.batch], costs)
    n = len(articles) * args.repeat
    collector_s = collector.seconds
    total = sum(costs.values())
    print(f"stories={len(articles)} repeat={args.repeat} batch={args.batch} stages: {', '.join(pipeline.stage_names)}")
    for name, seconds in costs.items():
        print(f"{name:12s} {1000 * seconds / n:6.1f} CPU ms per story  {seconds / total:6.1%}")
    print(f"{'total':12s} {1000 * total / n:6.1f} CPU ms per story")
    print(f"{'(collector':12s} {1000 * collector_s / n:6.1f} CPU ms per story, inside the stages above)")
    print("bench-stages: " + " ".join([f"total_ms={1000 * total / n:.1f}"]
                                      + [f"{name}_ms={1000 * seconds / n:.1f}" for name, seconds in costs.items()])
          + f" gc_ms={1000 * collector_s / n:.2f} n={n}")


if __name__ == "__main__":
    main()
