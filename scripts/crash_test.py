"""Crash test of `eventwatch ingest`: runs killed with SIGKILL at random moments, then restarted,
must end with exactly the rows of an uninterrupted run.

    python scripts/crash_test.py SHARED [--kills 20] [--config PIPELINE.yaml] [--limit N] [--seed 1]

Ingests SHARED/data/corpus/voa/voa_stories.jsonl (or `--input FILE`). First one
uninterrupted reference run into its own store; then, `--kills` times: a fresh store, an
ingest killed with SIGKILL after a random delay drawn uniformly from [0, reference run
time] (redrawn shorter when the run ended before it), and a restarted ingest that runs to the end. The store's content (every table, every
row, timestamps aside) is compared with the reference. Prints one line per trial and a
summary; exit status 1 when any trial differs.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eventwatch.store.db import Store, snapshot


def ingest_command(source: Path, db: Path, *, config: Path | None, batch_size: int) -> list[str]:
    command = [sys.executable, "-m", "eventwatch.cli", "ingest", str(source), "--db", str(db),
               "--batch-size", str(batch_size)]
    if config is not None:
        command += ["--config", str(config)]
    return command


def frozen_environment(folder: Path) -> dict[str, str]:
    """An environment whose `eventwatch` is a copy of the package taken now: edits made to the
    checkout while the test runs (other work on the pipeline) must not count as differences."""
    import eventwatch

    target = folder / "frozen"
    shutil.copytree(Path(eventwatch.__file__).parent, target / "eventwatch",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ)
    env["PYTHONPATH"] = str(target) + os.pathsep + env.get("PYTHONPATH", "")
    return env


ENV: dict[str, str] | None = None


def run_to_end(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - started


def killed_run(command: list[str], delay: float) -> bool:
    """Start the command, SIGKILL it after `delay` seconds; True when it was still running."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def content(db: Path) -> dict:
    with Store(db, read_only=True) as store:
        return snapshot(store)


def differences(found: dict, expected: dict) -> str:
    return ", ".join(f"{table} ({len(found[table])} rows, expected {len(rows)})"
                     for table, rows in expected.items() if found[table] != rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, nargs="?", help="the shared folder (for the VOA corpus)")
    parser.add_argument("--input", type=Path, help="ingest this file or folder instead of the VOA corpus")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--config", type=Path, help="pipeline YAML (e.g. a light one, for speed)")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    source = args.input or args.shared / "data" / "corpus" / "voa" / "voa_stories.jsonl"
    rng = random.Random(args.seed)
    global ENV
    with tempfile.TemporaryDirectory() as folder:
        ENV = frozen_environment(Path(folder))
        reference = Path(folder) / "reference.duckdb"
        seconds = run_to_end(ingest_command(source, reference, config=args.config, batch_size=args.batch_size))
        expected = content(reference)
        rows = sum(len(v) for v in expected.values())
        print(f"reference: {rows} rows ({len(expected['articles'])} articles, {len(expected['events'])} events) "
              f"in {seconds:.1f}s")
        failures = 0
        for trial in range(1, args.kills + 1):
            db = Path(folder) / f"trial{trial}.duckdb"
            command = ingest_command(source, db, config=args.config, batch_size=args.batch_size)
            # A run can be quicker than the reference (the machine is shared): when it ended
            # before the kill, start again on a fresh store with a shorter delay, so that every
            # trial is a killed run.
            upper = seconds
            while True:
                delay = rng.uniform(0.0, upper)
                if killed_run(command, delay):
                    break
                for suffix in ("", ".wal"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
                upper = delay
            existed = db.exists()
            run_to_end(command)
            found = content(db)
            same = found == expected
            failures += not same
            verdict = "same rows" if same else "DIFFERENT ROWS in " + differences(found, expected)
            print(f"trial {trial:2d}: killed after {delay:5.2f}s (store {'begun' if existed else 'not yet created'}), "
                  f"restarted: {verdict}", flush=True)
            for suffix in ("", ".wal"):
                Path(str(db) + suffix).unlink(missing_ok=True)
        print(f"crash test: {args.kills - failures}/{args.kills} killed-and-restarted runs equal the reference")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
