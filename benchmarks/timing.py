"""Helpers shared by the benchmarks (run as scripts, so this sits beside them on sys.path): their
common command line, the VOA sample they all read, and a best-of-N timer."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path


def arguments(doc: str, *, repeat: int | None) -> argparse.ArgumentParser:
    """A command line described by the first line of `doc`, taking SHARED (the shared folder)
    and, unless `repeat` is None, `--repeat` (timed runs, the fastest counts) defaulting to it."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("shared", type=Path, help="the shared folder (../shared)")
    if repeat is not None:
        parser.add_argument("--repeat", type=int, default=repeat, help="timed runs; the fastest counts")
    return parser


def best_seconds(run: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` timed runs, after one untimed warm-up (caches, lazy set-up)."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def voa_stories(shared: Path) -> list[dict]:
    """The sample VOA stories (SHARED/data/corpus/voa/voa_stories.jsonl), one dict per story."""
    path = shared / "data" / "corpus" / "voa" / "voa_stories.jsonl"
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def published(story: dict) -> dt.date | None:
    """A story's publication date, from the first ten characters of its `published` field."""
    value = (story.get("published") or "")[:10]
    return dt.date.fromisoformat(value) if value else None
