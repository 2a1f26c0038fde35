"""End-to-end throughput and memory of `eventwatch extract` on news stories.

    python benchmarks/bench_pipeline.py SHARED [--workers 2] [--copies 3] [--exe PATH]

Stories: the VOA sample (SHARED/data/corpus/voa/voa_stories.jsonl), written `--copies`
times (with distinct ids) into one JSONL file, so that start-up (model loading in each
worker) is spread over enough stories to show the running rate as well as the total.

Measures, in one run:
1. end to end: `eventwatch extract FILE.jsonl --format jsonl --workers N` as a subprocess,
   wall-clock seconds from start to exit, records written, stories per second (start-up
   included), and the peak resident memory of the whole process tree (the CLI and its
   workers, sampled every 20 ms with psutil);
2. start-up alone: the same command over one story;
3. the baseline: the language model's tokenizer alone over the same texts, in this process,
   stories per second; the ratio end-to-end / tokenizer shows what the full pipeline costs.

Last line: `bench-pipeline: stories_per_s=... steady_stories_per_s=... peak_rss_mb=...
tokenizer_stories_per_s=... ratio=... n=...`. Targets: >= 25 stories/s with 2 workers on a
2-core machine, peak memory <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def read_stories(shared: Path) -> list[dict]:
    path = shared / "data" / "corpus" / "voa" / "voa_stories.jsonl"
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_batch(stories: list[dict], copies: int, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for story in stories:
                item = {"id": f"{story.get('id', n)}-{copy}", "text": story["text"],
                        "published": (story.get("published") or "")[:10] or None}
                out.write(json.dumps(item) + "\n")
                n += 1
    return n


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def run_cli(exe: str, path: Path, workers: int) -> tuple[float, int, int, str]:
    """(seconds, records, peak RSS bytes of the process tree, stderr tail)."""
    started = time.perf_counter()
    proc = subprocess.Popen([exe, "extract", str(path), "--format", "jsonl", "--workers", str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(proc.pid)
    peak = 0
    chunks: list[str] = []
    import threading

    def drain() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            chunks.append(line)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    while proc.poll() is None:
        try:
            peak = max(peak, tree_rss(watched))
        except psutil.NoSuchProcess:
            break
        time.sleep(0.02)
    reader.join()
    seconds = time.perf_counter() - started
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"eventwatch extract failed ({proc.returncode}): {stderr.strip()[-500:]}")
    records = sum(1 for line in chunks if line.strip())
    return seconds, records, peak, stderr[-300:]


def tokenizer_rate(texts: list[str], repeat: int = 3) -> float:
    from eventwatch.language import load

    nlp = load()
    list(nlp.tokenizer.pipe(texts))  # warm-up
    best = min(timed(lambda: list(nlp.tokenizer.pipe(texts))) for _ in range(repeat))
    return len(texts) / best


def timed(run) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def default_exe() -> str:
    beside = Path(sys.executable).with_name("eventwatch")
    return str(beside) if beside.exists() else (shutil.which("eventwatch") or "eventwatch")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--copies", type=int, default=3, help="how many times the sample is repeated")
    ap.add_argument("--exe", default=default_exe(), help="the eventwatch executable")
    args = ap.parse_args()

    stories = read_stories(args.shared)
    with tempfile.TemporaryDirectory(prefix="ew-bench-") as tmp:
        batch = Path(tmp) / "stories.jsonl"
        single = Path(tmp) / "one.jsonl"
        n = write_batch(stories, args.copies, batch)
        write_batch(stories[:1], 1, single)
        startup_s, _, _, _ = run_cli(args.exe, single, args.workers)
        seconds, records, peak, _ = run_cli(args.exe, batch, args.workers)
    tokenizer = tokenizer_rate([s["text"] for s in stories] * args.copies)
    rate = records / seconds
    steady = records / max(seconds - startup_s, 1e-9)
    print(f"stories={n} records={records} workers={args.workers} exe={args.exe}")
    print(f"end to end: {seconds:.2f} s, {rate:.1f} stories/s (start-up included); start-up alone "
          f"{startup_s:.2f} s; after start-up {steady:.1f} stories/s")
    print(f"peak memory of the process tree: {peak / 2**20:.0f} MB")
    print(f"tokenizer only (this process): {tokenizer:.0f} stories/s; end to end is {rate / tokenizer:.4f} of it")
    print(f"bench-pipeline: stories_per_s={rate:.1f} steady_stories_per_s={steady:.1f} "
          f"peak_rss_mb={peak / 2**20:.0f} tokenizer_stories_per_s={tokenizer:.0f} "
          f"ratio={rate / tokenizer:.4f} n={records}")


if __name__ == "__main__":
    main()
