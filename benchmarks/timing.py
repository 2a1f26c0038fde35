"""Timing shared by the benchmarks (run as scripts, so this sits beside them on sys.path)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_seconds(run: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` timed runs, after one untimed warm-up (caches, lazy set-up)."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)
