"""Exports of the store: csv, jsonl, parquet, geojson, plover, acled, gdelt.

    from eventwatch.export import export
    export("eventwatch.duckdb", "acled", output="acled.csv", country="SDN")

Text formats go to standard output when no output path is given; Parquet needs a path.
`level` is `events` (every report of an event, with its incident id) or `incidents`
(merged); ACLED is always written per incident, PLOVER always per event. Filters are
those of `eventwatch.store.query`. See docs/store.md for the columns of each format.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from eventwatch.export.acled import write_acled
from eventwatch.export.base import load
from eventwatch.export.gdelt import write_gdelt
from eventwatch.export.geojson import write_geojson
from eventwatch.export.plover import write_plover
from eventwatch.export.tabular import write_csv, write_jsonl, write_parquet
from eventwatch.store.db import opened
from eventwatch.store.query import DB, Filters

FORMATS = ("csv", "parquet", "jsonl", "geojson", "plover", "acled", "gdelt")
_FIXED_LEVEL = {"acled": "incidents", "plover": "events"}


class ExportError(ValueError):
    """An export that cannot be made as asked."""


def export(db: DB, fmt: str, *, output: Path | str | None = None, level: str = "events",
           stdout: TextIO | None = None, **filters: Any) -> int:
    """Write the store's rows in `fmt`; returns the number of rows (features, records) written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet" and output is None:
        raise ExportError("Parquet is binary: give --output PATH")
    level = _FIXED_LEVEL.get(fmt, level)
    with opened(db, read_only=True) as store:
        frame = load(store, level=level, filters=Filters(**filters))
        if fmt == "parquet":
            return write_parquet(frame, Path(output))
        if output is None:
            return _write(store, fmt, frame, stdout or sys.stdout, level=level)
        with Path(output).open("w", encoding="utf-8", newline="") as out:
            return _write(store, fmt, frame, out, level=level)


def _write(store: Any, fmt: str, frame: Any, out: TextIO, *, level: str) -> int:
    if fmt == "csv":
        return write_csv(frame, out)
    if fmt == "jsonl":
        return write_jsonl(frame, out)
    if fmt == "geojson":
        return write_geojson(frame, out)[0]
    if fmt == "plover":
        return write_plover(store, frame, out)
    if fmt == "acled":
        return write_acled(store, frame, out)
    return write_gdelt(store, frame, out, level=level)
