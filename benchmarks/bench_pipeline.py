"""End-to-end throughput and memory of `eventwatch extract` on news stories.

    python benchmarks/bench_pipeline.py SHARED [--workers 2] [--copies 3] [--repeat 1] [--exe PATH]

Stories: the VOA sample (SHARED/data/corpus/voa/voa_stories.jsonl), written `--copies`
times (with distinct ids) into one JSONL file, so that start-up (model loading in each
worker) is spread over enough stories to show the running rate as well as the total.

Measures, in one run:
1. end to end: `eventwatch extract FILE.jsonl --format jsonl --workers N` as a subprocess,
   wall-clock seconds from start to exit, records written, stories per second (start-up
   included), the CPU seconds of the whole process tree (the CLI and its workers), its peak
   resident memory (sampled every 20 ms with psutil; pages shared between processes count in
   each) and its peak proportional memory (PSS: shared pages split between the processes that
   share them, the real footprint when workers are forked; sampled every 200 ms); with
   `--repeat R` the fastest of R runs is reported, with the highest peaks;
2. start-up alone: the same command over one story (wall-clock and CPU seconds);
3. the baseline: the language model's tokenizer alone over the same texts, in this process,
   stories per second; the ratio end-to-end / tokenizer shows what the full pipeline costs.

CPU milliseconds per story after start-up ((CPU of the batch run - CPU of the start-up run) /
(stories - 1)) hardly depends on what else runs on the machine, unlike wall-clock rates: on a
shared machine compare that figure before and after a change, and the wall-clock rates only
between runs made back to back.

Last line: `bench-pipeline: stories_per_s=... steady_stories_per_s=... cpu_ms_per_story=...
startup_cpu_s=... peak_rss_mb=... peak_pss_mb=... tokenizer_stories_per_s=... ratio=... n=...`.
Targets: >= 25 stories/s with 2 workers on a 2-core machine, peak memory <= 1.5 GB.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from timing import arguments, voa_stories


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


def tree_memory(process: psutil.Process, *, proportional: bool = False) -> int:
    """Resident bytes of the process and its descendants; `proportional`: PSS, each shared page
    split between the processes that share it (forked workers share the loaded model)."""
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_full_info().pss if proportional else proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def children_cpu_seconds() -> float:
    """User + system CPU seconds of this process's finished (waited-for) descendants so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(exe: str, path: Path, workers: int) -> tuple[float, int, int, float, int]:
    """(seconds, records, peak RSS bytes of the process tree, CPU seconds of the process tree,
    peak PSS bytes of the process tree)."""
    cpu_before = children_cpu_seconds()
    started = time.perf_counter()
    proc = subprocess.Popen([exe, "extract", str(path), "--format", "jsonl", "--workers", str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(proc.pid)
    peak = peak_pss = 0
    samples = 0
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
            peak = max(peak, tree_memory(watched))
            if samples % 10 == 0:  # PSS reads /proc/PID/smaps_rollup: dearer, so every 200 ms
                peak_pss = max(peak_pss, tree_memory(watched, proportional=True))
        except psutil.NoSuchProcess:
            break
        samples += 1
        time.sleep(0.02)
    reader.join()
    seconds = time.perf_counter() - started
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"eventwatch extract failed ({proc.returncode}): {stderr.strip()[-500:]}")
    records = sum(1 for line in chunks if line.strip())
    # the CLI reaps its workers and the benchmark reaps the CLI, so their CPU time is counted here
    return seconds, records, peak, children_cpu_seconds() - cpu_before, peak_pss


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
    ap = arguments(__doc__, repeat=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--copies", type=int, default=3, help="how many times the sample is repeated")
    ap.add_argument("--exe", default=default_exe(), help="the eventwatch executable")
    args = ap.parse_args()

    stories = voa_stories(args.shared)
    with tempfile.TemporaryDirectory(prefix="ew-bench-") as tmp:
        batch = Path(tmp) / "stories.jsonl"
        single = Path(tmp) / "one.jsonl"
        n = write_batch(stories, args.copies, batch)
        write_batch(stories[:1], 1, single)
        startup_s, _, _, startup_cpu, _ = run_cli(args.exe, single, args.workers)
        runs = [run_cli(args.exe, batch, args.workers) for _ in range(args.repeat)]
    seconds, records, _, cpu, _ = min(runs)  # the fastest run: the least disturbed by other load
    peak, peak_pss = max(run[2] for run in runs), max(run[4] for run in runs)
    tokenizer = tokenizer_rate([s["text"] for s in stories] * args.copies)
    rate = records / seconds
    steady = records / max(seconds - startup_s, 1e-9)
    cpu_ms = 1000 * (cpu - startup_cpu) / max(records - 1, 1)
    print(f"stories={n} records={records} workers={args.workers} exe={args.exe} runs={args.repeat}")
    print(f"end to end: {seconds:.2f} s, {rate:.1f} stories/s (start-up included); start-up alone "
          f"{startup_s:.2f} s; after start-up {steady:.1f} stories/s")
    print(f"CPU time of the process tree: {cpu:.1f} s, start-up alone {startup_cpu:.1f} s; "
          f"{cpu_ms:.0f} CPU ms per story after start-up (steady rate on N free cores: N*1000/that)")
    print(f"peak memory of the process tree: {peak / 2**20:.0f} MB resident (shared pages counted in each "
          f"process), {peak_pss / 2**20:.0f} MB proportional (PSS, shared pages split)")
    print(f"tokenizer only (this process): {tokenizer:.0f} stories/s; end to end is {rate / tokenizer:.4f} of it")
    print(f"bench-pipeline: stories_per_s={rate:.1f} steady_stories_per_s={steady:.1f} "
          f"cpu_ms_per_story={cpu_ms:.0f} startup_cpu_s={startup_cpu:.1f} "
          f"peak_rss_mb={peak / 2**20:.0f} peak_pss_mb={peak_pss / 2**20:.0f} tokenizer_stories_per_s={tokenizer:.0f} "
          f"ratio={rate / tokenizer:.4f} n={records}")


if __name__ == "__main__":
    main()
