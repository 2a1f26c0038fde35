"""Crash safety, small: ingests killed with SIGKILL and restarted end with the rows of an
uninterrupted run. (The full version over the VOA corpus is scripts/crash_test.py.)"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from eventwatch.store.db import Store, snapshot

TOWNS = ["Kharkiv", "Odesa", "Dnipro", "Mogadishu", "Nairobi", "Khartoum"]


def write_input(folder: Path, n: int = 150) -> Path:
    path = folder / "batch.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = f"Report {i}: protesters gathered in {TOWNS[i % len(TOWNS)]} on Monday, police said."
            out.write(json.dumps({"id": f"r{i}", "text": text, "published": "2025-03-03",
                                  "url": f"https://wire.example/{i}"}) + "\n")
    return path


def command(source: Path, db: Path, config: Path) -> list[str]:
    return [sys.executable, "-m", "eventwatch.cli", "ingest", str(source), "--db", str(db), "--config", str(config),
            "--batch-size", "1"]


def test_killed_runs_restarted_equal_an_uninterrupted_run(tmp_path: Path) -> None:
    source = write_input(tmp_path)
    config = tmp_path / "light.yaml"
    config.write_text("stages: []\n", encoding="utf-8")  # no extraction: the test is about the store
    reference = tmp_path / "reference.duckdb"
    started = time.perf_counter()
    subprocess.run(command(source, reference, config), check=True, capture_output=True)
    duration = time.perf_counter() - started
    with Store(reference, read_only=True) as store:
        expected = snapshot(store)
    assert len(expected["articles"]) == 150
    rng = random.Random(7)
    for trial in range(3):
        db = tmp_path / f"trial{trial}.duckdb"
        process = subprocess.Popen(command(source, db, config), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.0) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        subprocess.run(command(source, db, config), check=True, capture_output=True)
        with Store(db, read_only=True) as store:
            assert snapshot(store) == expected
