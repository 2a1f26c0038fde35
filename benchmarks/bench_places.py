"""Cost of the place stage within the pipeline, and the gazetteer's load time and size.

    python benchmarks/bench_places.py SHARED [--limit 100] [--repeat 3]

Text: the sample VOA stories (SHARED/data/corpus/voa/voa_stories.jsonl, field "text"), the
first `--limit` of them. In one process:
(1) the whole pipeline of the package config runs over the stories once as a warm-up, then
    once timed, with each stage's `process` timed separately; printed: seconds per stage,
    and the place stage's share of the pipeline's time (target: under 20%);
(2) the gazetteer's load time, `gazetteer.load()` (best of `--repeat`), against the
    baseline of only decompressing and splitting its two index files (what any reader of
    them must spend), with the ratio (target: under 2 s);
(3) the size of the gazetteer data installed with the package (target: <= 60 MB).
"""

from __future__ import annotations

import gzip
import time
from collections import defaultdict
from pathlib import Path

from timing import arguments, best_seconds, voa_stories

from eventwatch.document import ArticleText, Document
from eventwatch.knowledge import gazetteer
from eventwatch.pipeline import Pipeline


def read_only() -> None:
    for name in (gazetteer.INDEX_FILE, gazetteer.NAMES_FILE):
        with gzip.open(gazetteer.DATA_DIR / name, "rt", encoding="utf-8") as f:
            f.read().split("\n")


def stories(shared: Path, limit: int) -> list[str]:
    return [story["text"] for story in voa_stories(shared)[:limit]]


def stage_seconds(pipeline: Pipeline, texts: list[str]) -> dict[str, float]:
    seconds: dict[str, float] = defaultdict(float)
    for text in texts:
        doc = Document(article=ArticleText(text=text))
        for stage in pipeline.stages:
            started = time.perf_counter()
            doc = stage.process(doc)
            seconds[stage.name] += time.perf_counter() - started
    return seconds


def main() -> None:
    parser = arguments(__doc__, repeat=3)
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args()

    baseline = best_seconds(read_only, args.repeat)
    # an explicit data folder skips the per-process cache of the packaged gazetteer: each call reads
    load = best_seconds(lambda: gazetteer.load(data_dir=gazetteer.DATA_DIR), args.repeat)
    size = sum(p.stat().st_size for p in gazetteer.DATA_DIR.iterdir() if p.is_file())
    print(f"gazetteer: {size / 1e6:.1f} MB installed (target <= 60 MB)")
    print(f"gazetteer load: {load:.2f} s (target < 2 s); decompress+split only {baseline:.2f} s; "
          f"ratio {load / baseline:.2f}")

    texts = stories(args.shared, args.limit)
    pipeline = Pipeline.from_config()
    if "places" not in pipeline.stage_names:
        raise SystemExit("the pipeline config has no places stage")
    stage_seconds(pipeline, texts[:5])  # warm-up: loads every resource
    seconds = stage_seconds(pipeline, texts)
    total = sum(seconds.values())
    words = sum(len(t.split()) for t in texts)
    print(f"pipeline over {len(texts)} VOA stories ({words} words): {total:.2f} s")
    for name in pipeline.stage_names:
        print(f"  {name:<12} {seconds[name]:7.2f} s  {seconds[name] / total:6.1%}")
    print(f"places share of pipeline time: {seconds['places'] / total:.1%} (target < 20%)")


if __name__ == "__main__":
    main()
