"""`eventwatch watch`: ingest files as they appear in folders (polling) and evaluate alert rules.

Each poll lists the watched paths (folders recursively, with ingest's own rules: known
suffixes, no hidden files), takes the files that are new or changed since they were last
ingested (size or modification time) and have not been modified for `settle_s` seconds
(so a file still being written is left for the next poll), ingests them, rebuilds the
incidents, and evaluates the rules. A file that grows (a JSONL log, a refreshed feed) is
read again; articles already stored are skipped by ingest's content-hash and URL check.

Processed files are recorded in the store (`watched_files`) after their articles are
committed, so a restarted watcher picks up where it stopped. Alerts are sent first and
recorded second: a crash between the two repeats an alert rather than losing it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwatch.ingest import IngestError, open_source, read_source, walk
from eventwatch.monitor.rules import RuleSet
from eventwatch.store.db import Store, now
from eventwatch.store.ingest import Ingestor, IngestReport


@dataclass
class PollResult:
    files: list[Path] = field(default_factory=list)
    report: IngestReport = field(default_factory=IngestReport)
    alerts: list[dict[str, Any]] = field(default_factory=list)


def candidates(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from walk(path)
        elif path.is_file():
            yield path


class Watcher:
    def __init__(self, store: Store, *, paths: list[Path], ingestor: Ingestor, rules: RuleSet | None,
                 settle_s: float = 2.0,
                 published: dt.date | None = None) -> None:
        self.store = store
        self.paths = paths
        self.ingestor = ingestor
        self.rules = rules
        self.settle_s = settle_s
        self.published = published

    def _changed(self) -> list[tuple[Path, int, int]]:
        seen = {(r[0], r[1], r[2]) for r in
                self.store.con.execute("SELECT path, size, mtime_ns FROM watched_files").fetchall()}
        found = []
        cutoff = time.time_ns() - int(self.settle_s * 1e9)
        for path in candidates(self.paths):
            stat = path.stat()
            key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
            if key not in seen and stat.st_mtime_ns <= cutoff:
                found.append((path, stat.st_size, stat.st_mtime_ns))
        return found

    def poll(self) -> PollResult:
        result = PollResult()
        for path, size, mtime_ns in self._changed():
            items = _read(path, published=self.published)
            report = self.ingestor.ingest(items, finish=False)
            _add(result.report, report)
            with self.store.transaction():
                self.store.con.execute("DELETE FROM watched_files WHERE path = ?", [str(path.resolve())])
                self.store.append("watched_files", [{"path": str(path.resolve()), "size": size,
                                                     "mtime_ns": mtime_ns, "processed_at": now()}])
            result.files.append(path)
        result.report.incidents = self.ingestor.finish()
        if self.rules is not None:
            result.alerts = self.rules.fire(self.store)
        return result

    def run(self, *, interval_s: float = 10.0, polls: int | None = None,
            on_poll: Callable[[PollResult], None] | None = None) -> None:
        done = 0
        while polls is None or done < polls:
            result = self.poll()
            if on_poll is not None:
                on_poll(result)
            done += 1
            if polls is None or done < polls:
                time.sleep(interval_s)


def _read(path: Path, *, published: dt.date | None) -> Iterator[Any]:
    try:
        source = open_source(path)
    except IngestError as error:
        yield error
        return
    yield from read_source(source, published=published)


def _add(total: IngestReport, part: IngestReport) -> None:
    for name in ("read", "stored", "duplicates", "failed", "events", "batches"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.errors += part.errors
