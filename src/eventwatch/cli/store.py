"""Store, monitor and export commands: ingest, reprocess, merge, series, alerts, watch, export, info.

All take `--db PATH` (default `./eventwatch.duckdb`). Data goes to standard output (series,
exports); summaries, progress and errors go to standard error. See docs/store.md and
docs/monitoring.md.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from eventwatch.ingest import IngestError, open_source, read_source
from eventwatch.store import DEFAULT_DB

if TYPE_CHECKING:
    from eventwatch.store.db import Store

# The store (DuckDB, pyarrow: about 90 ms to import) and the heavier layers are imported by the
# commands that use them, so that `eventwatch extract` starts without them.

Db = Annotated[Path, typer.Option("--db", help="The store file (created when missing).")]
Config = Annotated[Path | None, typer.Option("--config", "-c", help="A pipeline YAML merged into the defaults.",
                                              show_default=False)]
Start = Annotated[str | None, typer.Option("--start", help="First day (YYYY-MM-DD).", show_default=False)]
End = Annotated[str | None, typer.Option("--end", help="Last day (YYYY-MM-DD).", show_default=False)]
Dyad = Annotated[str | None, typer.Option("--dyad", help="Two actor codes, e.g. RUS:UKR (both directions "
                                          "unless --directed).", show_default=False)]
Directed = Annotated[bool, typer.Option("--directed", help="Only source->target as written in --dyad.")]
Actor = Annotated[str | None, typer.Option("--actor", help="An actor name or country code, as source or target.",
                                           show_default=False)]
Country = Annotated[str | None, typer.Option("--country", help="Where it happened (ISO3).", show_default=False)]
Types = Annotated[list[str] | None, typer.Option("--type", help="PLOVER type (repeatable).", show_default=False)]
Near = Annotated[str | None, typer.Option("--near", help="LAT,LON: only within --radius-km of this point.",
                                          show_default=False)]
Radius = Annotated[float, typer.Option("--radius-km", help="Radius for --near.")]


class Level(StrEnum):
    incidents = "incidents"
    events = "events"


class Freq(StrEnum):
    day = "day"
    week = "week"


class By(StrEnum):
    type = "type"
    quad_class = "quad_class"


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"
    geojson = "geojson"
    plover = "plover"
    acled = "acled"
    gdelt = "gdelt"


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _filters(*, start: str | None, end: str | None, dyad: str | None, directed: bool, actor: str | None,
             country: str | None, types: list[str] | None, near: str | None, radius_km: float) -> dict[str, Any]:
    point = None
    if near:
        lat, sep, lon = near.partition(",")
        if not sep:
            _fail(f"--near takes LAT,LON, got {near!r}")
        point = (float(lat), float(lon))
    for name, value in (("--start", start), ("--end", end)):
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                _fail(f"{name} takes a date YYYY-MM-DD, got {value!r}")
    return {"start": start, "end": end, "dyad": dyad, "directed": directed, "actor": actor, "country": country,
            "types": types or (), "near": point, "radius_km": radius_km}


def _open(db: Path, *, read_only: bool = False) -> Store:
    from eventwatch.store.db import Store, StoreError

    try:
        return Store(db, read_only=read_only)
    except (StoreError, OSError) as error:
        _fail(str(error))
    except Exception as error:  # noqa: BLE001 - DuckDB's lock and IO errors have no common base
        _fail(f"{db}: cannot open the store: {error}")


def _pipeline(config: Path | None) -> Any:
    from eventwatch.pipeline import Pipeline
    from eventwatch.store.ingest import pipeline_version

    pipeline = Pipeline.from_config(config)
    return pipeline, pipeline_version(pipeline.config)


def _read_all(paths: list[str], *, published: dt.date | None) -> Any:
    for argument in paths:
        try:
            source = open_source(argument)
        except IngestError as error:
            yield error
            continue
        yield from read_source(source, published=published)


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, JSONL or feed files.")],
    db: Db = DEFAULT_DB,
    config: Config = None,
    published: Annotated[str | None, typer.Option("--published", help="Publication date for articles "
                                                  "that carry none (YYYY-MM-DD).", show_default=False)] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per transaction.")] = 32,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extract on a local Dask cluster of N "
                                         "processes (needs the 'scale' extra).")] = 1,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Extract on an existing Dask cluster "
                                                  "(e.g. tcp://host:8786).", show_default=False)] = None,
) -> None:
    """Extract and store articles; already stored ones (same text or URL) are skipped."""
    from contextlib import ExitStack

    from eventwatch.store.ingest import Ingestor

    anchor = dt.date.fromisoformat(published) if published else None
    pipeline, version = _pipeline(config)
    with ExitStack() as stack:
        options: dict[str, Any] = {"extract": pipeline.run}
        if workers > 1 or scheduler is not None:
            options = {"extract_many": _dask(stack, workers=workers, scheduler=scheduler, config=config)}
        store = stack.enter_context(_open(db))
        ingestor = Ingestor(store, version=version, batch_size=batch_size,
                            on_error=lambda message: typer.echo(f"skipped: {message}", err=True), **options)
        report = ingestor.ingest(_read_all(paths, published=anchor))
    typer.echo(report.summary(), err=True)
    if report.read and report.failed == report.read:
        raise typer.Exit(1)


def _dask(stack: Any, *, workers: int, scheduler: str | None, config: Path | None) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        _fail("--workers and --scheduler need Dask: pip install 'eventwatch[scale]'")
    from eventwatch.store.scale import DaskExtractor

    if scheduler is not None:
        client = stack.enter_context(Client(scheduler))
    else:
        cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=None))
        client = stack.enter_context(Client(cluster))
    return DaskExtractor(client, config=config.resolve() if config else None)


def reprocess(
    db: Db = DEFAULT_DB,
    config: Config = None,
    everything: Annotated[bool, typer.Option("--all", help="Re-extract every article, not only stale ones.")] = False,
) -> None:
    """Re-extract stored articles written by another pipeline version (after the pipeline changed)."""
    from eventwatch.store.ingest import reprocess as run

    pipeline, version = _pipeline(config)
    with _open(db) as store:
        report = run(store, extract=pipeline.run, version=version, everything=everything)
    typer.echo(f"reprocessed with pipeline {version}: " + report.summary(), err=True)


def merge(
    db: Db = DEFAULT_DB,
    threshold: Annotated[float | None, typer.Option("--threshold", help="Merge score threshold "
                                                    "(docs/merging.md).", show_default=False)] = None,
) -> None:
    """Rebuild the incidents from the stored events."""
    from eventwatch.store.merge import MergeConfig, rebuild

    config = MergeConfig() if threshold is None else MergeConfig(threshold=threshold)
    with _open(db) as store:
        n = rebuild(store, config=config)
        events = store.con.execute("SELECT count(*) FROM incident_events").fetchone()[0]
    typer.echo(f"{n} incidents from {events} events", err=True)


def series(
    db: Db = DEFAULT_DB,
    freq: Annotated[Freq, typer.Option("--freq", help="Per day or per week.")] = Freq.day,
    by: Annotated[By | None, typer.Option("--by", help="Split by PLOVER type or quad class.",
                                          show_default=False)] = None,
    level: Annotated[Level, typer.Option("--level", help="Count merged incidents or every event report.")]
    = Level.incidents,
    escalation: Annotated[str | None, typer.Option("--escalation", help="Add a detector's columns: zscore or "
                                                   "cusum, over the conflict column.", show_default=False)] = None,
    start: Start = None, end: End = None, dyad: Dyad = None, directed: Directed = False, actor: Actor = None,
    country: Country = None, types: Types = None, near: Near = None, radius_km: Radius = 50.0,
) -> None:
    """Counts by day or week: incidents, intensity, conflict, killed, injured (CSV on standard output)."""
    from eventwatch.monitor.escalation import Detector
    from eventwatch.monitor.series import series as build

    filters = _filters(start=start, end=end, dyad=dyad, directed=directed, actor=actor, country=country,
                       types=types, near=near, radius_km=radius_km)
    with _open(db, read_only=True) as store:
        frame = build(store, freq=freq.value, by=by.value if by else None, level=level.value,
                      fill=escalation is not None, **filters)
    if escalation is not None:
        if by is not None:
            _fail("--escalation works on one series: drop --by")
        detected = Detector(method=escalation).run(frame.set_index("period")["conflict"])
        frame = frame.join(detected[["mean", "sd", "score", "alarm"]].reset_index(drop=True))
    frame["period"] = frame["period"].dt.date
    frame.to_csv(sys.stdout, index=False)


def alerts(
    rules: Annotated[Path, typer.Option("--rules", help="The alert rules (YAML).")],
    db: Db = DEFAULT_DB,
) -> None:
    """Evaluate the alert rules over the store now; send and record the alerts not sent before."""
    from eventwatch.monitor.rules import RuleError, RuleSet

    try:
        ruleset = RuleSet.load(rules)
    except (RuleError, OSError) as error:
        _fail(str(error))
    with _open(db) as store:
        fired = ruleset.fire(store)
    typer.echo(f"{len(fired)} new alerts", err=True)


def watch(
    paths: Annotated[list[Path], typer.Argument(help="Folders or files to watch.")],
    db: Db = DEFAULT_DB,
    rules: Annotated[Path | None, typer.Option("--rules", help="The alert rules (YAML).", show_default=False)]
    = None,
    config: Config = None,
    interval: Annotated[float, typer.Option("--interval", help="Seconds between polls.")] = 10.0,
    polls: Annotated[int | None, typer.Option("--polls", help="Stop after N polls (default: run until "
                                              "interrupted).", show_default=False)] = None,
    settle: Annotated[float, typer.Option("--settle", help="Leave files modified in the last N seconds "
                                          "for the next poll.")] = 2.0,
) -> None:
    """Ingest files as they appear in folders, and evaluate the alert rules after each poll."""
    from eventwatch.monitor.rules import RuleError, RuleSet
    from eventwatch.monitor.watch import PollResult, Watcher
    from eventwatch.store.ingest import Ingestor

    try:
        ruleset = RuleSet.load(rules) if rules is not None else None
    except (RuleError, OSError) as error:
        _fail(str(error))
    pipeline, version = _pipeline(config)

    def report(result: PollResult) -> None:
        if result.files or result.alerts:
            typer.echo(f"{len(result.files)} files: {result.report.summary()}; {len(result.alerts)} alerts",
                       err=True)

    with _open(db) as store:
        ingestor = Ingestor(store, extract=pipeline.run, version=version,
                            on_error=lambda message: typer.echo(f"skipped: {message}", err=True))
        watcher = Watcher(store, paths=paths, ingestor=ingestor, rules=ruleset, settle_s=settle)
        try:
            watcher.run(interval_s=interval, polls=polls, on_poll=report)
        except KeyboardInterrupt:
            typer.echo("stopped", err=True)


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (text formats default to "
                                                "standard output; parquet needs one).", show_default=False)]
    = None,
    db: Db = DEFAULT_DB,
    level: Annotated[Level, typer.Option("--level", help="Every event report, or merged incidents "
                                         "(acled is always incidents, plover always events).")] = Level.events,
    start: Start = None, end: End = None, dyad: Dyad = None, directed: Directed = False, actor: Actor = None,
    country: Country = None, types: Types = None, near: Near = None, radius_km: Radius = 50.0,
) -> None:
    """Export events or incidents: csv, parquet, jsonl, geojson, plover, acled, gdelt."""
    from eventwatch.export import ExportError
    from eventwatch.export import export as run

    filters = _filters(start=start, end=end, dyad=dyad, directed=directed, actor=actor, country=country,
                       types=types, near=near, radius_km=radius_km)
    with _open(db, read_only=True) as store:
        try:
            n = run(store, fmt.value, output=output, level=level.value, **filters)
        except ExportError as error:
            _fail(str(error))
    typer.echo(f"{n} rows written ({fmt.value})", err=True)


def info(db: Db = DEFAULT_DB) -> None:
    """Rows per table, pipeline versions and the merge's state of a store."""
    with _open(db, read_only=True) as store:
        for table, n in store.counts().items():
            typer.echo(f"{table:16} {n:>10,}")
        versions = store.con.execute("SELECT pipeline_version, count(*) FROM articles GROUP BY ALL ORDER BY ALL")
        for version, n in versions.fetchall():
            typer.echo(f"pipeline {version}: {n:,} articles")
        typer.echo(f"incidents up to date: {'no' if store.get_meta('incidents_stale') == '1' else 'yes'}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `eventwatch` app."""
    for command in (ingest, reprocess, merge, series, alerts, watch, export, info):
        app.command(command.__name__)(command)
