"""Load time of the country table and the actor knowledge base (target: < 0.3 s together).

    python benchmarks/bench_knowledge_load.py [--repeat 5]

Measures, in the same process, wall-clock seconds of
(1) the baseline: parsing the same YAML files with PyYAML's fastest loader and nothing else
    (what any reader of these files would spend without a cache);
(2) `countries.load()` and (3) `actors.load()` as users run them (after the first run they
    read the JSON copies in the cache directory, see `countries.read_yaml`);
(4) both, and (5) both with the cache switched off (EVENTWATCH_CACHE_DIR="");
and prints each one's ratio to the baseline. Each is timed `--repeat` times after one
warm-up pass; the best time counts. A fresh interpreter start (imports included, cache
warm) is printed too, as a user meets it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import yaml
from timing import best_seconds

from eventwatch.knowledge import actors, countries


def parse_only() -> None:
    paths = [countries.packaged_path(countries.PACKAGED_FILE)]
    paths += [countries.packaged_path("actors", name) for name in actors.ACTOR_FILES]
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            yaml.load(handle, Loader=countries.YamlLoader)


def both_uncached() -> None:
    saved = os.environ.get("EVENTWATCH_CACHE_DIR")
    os.environ["EVENTWATCH_CACHE_DIR"] = ""
    countries.load()
    actors.load()
    if saved is None:
        del os.environ["EVENTWATCH_CACHE_DIR"]
    else:
        os.environ["EVENTWATCH_CACHE_DIR"] = saved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    print(f"YAML loader: {countries.YamlLoader.__name__}; cache: {countries.cache_dir()}")
    baseline = best_seconds(parse_only, args.repeat)
    print(f"baseline (YAML parse only):   {baseline:.3f} s  1.00x")
    for label, run in (("countries.load()", countries.load), ("actors.load()", actors.load)):
        seconds = best_seconds(run, args.repeat)
        print(f"{label:<30}{seconds:.3f} s  {seconds / baseline:.2f}x")
    both = best_seconds(lambda: (countries.load(), actors.load()), args.repeat)
    print(f"{'both':<30}{both:.3f} s  {both / baseline:.2f}x")
    uncached = best_seconds(both_uncached, args.repeat)
    print(f"{'both, no cache':<30}{uncached:.3f} s  {uncached / baseline:.2f}x")

    started = time.perf_counter()
    code = "from eventwatch.knowledge import actors, countries; countries.load(); actors.load()"
    subprocess.run([sys.executable, "-c", code], check=True)
    print(f"fresh interpreter, import + both loads: {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
