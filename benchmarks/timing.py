"""Helpers shared by the benchmarks (run as scripts, so this sits beside them on sys.path): the
VOA sample they all read, and a best-of-N timer."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path


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
