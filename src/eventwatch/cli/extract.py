"""`eventwatch extract`: articles in, records out (the contract in docs/record.md).

Output: a single article gives one record as pretty JSON (its warnings are also echoed on
standard error, unless `--quiet`); a batch (a `.jsonl` file, a feed,
a directory, `--sample`) gives one record per line, in input order. `--format` overrides
either way (`--format json` on a batch writes a JSON array, streamed). Standard output
carries nothing but records.

Bad input: a single article that cannot be read or extracted is a one-line error and exit
status 1. In a batch the bad item is reported on standard error (`skipped: NAME:LINE: why`)
and skipped, and every good item is still written; the exit status is 0 unless no record
could be written at all, or `--strict` was given and something was skipped.

A batch is extracted in chunks of CHUNK articles, each run stage by stage (`Pipeline.run_batch`:
the language model parses a chunk at once, faster than article by article); a bad article in a
chunk is skipped alone. `--workers N` extracts the chunks in N processes; on Linux they are forked
from this process after it built the pipeline once (elsewhere each builds its own). Records still
come out in input order, and memory stays bounded (a fixed window of chunks in flight).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import lru_cache
from importlib import resources as package_files
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from eventwatch.document import ArticleText
from eventwatch.ingest import IngestError, Source, open_source, read_source
from eventwatch.ingest.base import iso_date
from eventwatch.pipeline import Pipeline, batched, settle_heap
from eventwatch.record import Record

SAMPLE = "sample/voa_sample.jsonl"
# articles per batch (parsed together) and per task sent to a worker: batches of 4 already parse
# as fast as larger ones, use less memory, and leave little work to one worker at the end
CHUNK = 4
WINDOW_PER_WORKER = 4  # chunks in flight per worker: keeps workers busy, bounds memory


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


class InputFormat(StrEnum):
    text = "text"
    html = "html"
    json = "json"
    jsonl = "jsonl"
    feed = "feed"


Result = tuple[dict[str, Any] | None, str | None]


def extract(
    article: Annotated[str | None, typer.Argument(
        help="A .txt, .html/.htm, .json, .jsonl, .rss/.atom/.xml file, a directory, or - for standard input.",
        show_default=False)] = None,
    published: Annotated[str | None, typer.Option(
        "--published", help="Publication date YYYY-MM-DD: the anchor for relative dates, for articles "
        "that carry no date of their own.", show_default=False)] = None,
    output_format: Annotated[OutputFormat | None, typer.Option(
        "--format", "-f", help="json (pretty; the default for one article) or jsonl (one record per "
        "line; the default for batches).", show_default=False)] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes for batch extraction.")] = 1,
    config: Annotated[Path | None, typer.Option(
        "--config", "-c", help="A pipeline YAML merged into the defaults.", exists=True, dir_okay=False,
        show_default=False)] = None,
    sample: Annotated[bool, typer.Option(
        "--sample", help="Extract the bundled sample: 20 Voice of America stories.")] = False,
    input_format: Annotated[InputFormat | None, typer.Option(
        "--input-format", help="Read ARTICLE as this format whatever its suffix (e.g. jsonl on stdin).",
        show_default=False)] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="Decode input with this encoding instead of detecting it.", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on standard error: no progress "
                                        "bar, summary or warnings.")] = False,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress", help="A progress bar on standard error for batches (default: when "
        "standard error is a terminal and not --quiet).", show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any batch item was skipped.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Let extraction errors raise with a traceback.")] = False,
) -> None:
    """Extract the event record of each article (see docs/record.md)."""
    anchor = _parse_published(published)
    source = _source(article, sample=sample, input_format=input_format)
    fmt = output_format or (OutputFormat.jsonl if source.batch else OutputFormat.json)
    items = read_source(source, published=anchor, encoding=encoding)
    if not source.batch:
        _extract_single(items, config=config, fmt=fmt, quiet=quiet, debug=debug)
        return
    show_progress = not quiet and (progress if progress is not None else sys.stderr.isatty())
    written, skipped = _extract_batch(items, source=source, config=config, fmt=fmt, workers=workers,
                                      progress=show_progress, debug=debug)
    if not quiet:
        typer.echo(f"eventwatch: {written} records written, {skipped} items skipped", err=True)
    if written == 0 or (strict and skipped):
        raise typer.Exit(1)


def _parse_published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    date = iso_date(value) if len(value.strip()) == 10 else None
    if date is None:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint="--published")
    return date


def _source(article: str | None, *, sample: bool, input_format: InputFormat | None) -> Source:
    if sample == (article is not None):
        raise typer.BadParameter("give either ARTICLE or --sample", param_hint="ARTICLE")
    kind = input_format.value if input_format else None
    argument = sample_path() if sample else article
    assert argument is not None
    try:
        return open_source(argument, kind=kind)
    except IngestError as error:
        _fail(f"error: {error}")


def sample_path() -> Path:
    """The bundled sample corpus (20 Voice of America stories, public domain)."""
    return Path(str(package_files.files("eventwatch").joinpath(SAMPLE)))


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _build(config: Path | None, *, debug: bool) -> Pipeline:
    if debug:
        return _settled(Pipeline.from_config(config))
    try:
        return _settled(Pipeline.from_config(config))
    except Exception as error:  # any failure to build is reported in one line; --debug shows it whole
        _fail(_build_error(error, config))


def _build_error(error: BaseException, config: Path | str | None) -> str:
    where = f" from {config}" if config else ""
    return (f"error: cannot build the pipeline{where}: {type(error).__name__}: {error} "
            "(run `eventwatch doctor`; --debug shows the traceback)")


def _extract_single(items: Iterator[ArticleText | IngestError], *, config: Path | None,
                    fmt: OutputFormat, quiet: bool, debug: bool) -> None:
    item = next(items)
    if isinstance(item, IngestError):
        _fail(f"error: {item}")
    record, error = extract_one(_build(config, debug=debug), item, debug=debug)
    if error is not None:
        _fail(f"error: {error}")
    assert record is not None
    _write(sys.stdout, [record], fmt=fmt, batch=False)
    if not quiet:
        for warning in record["warnings"]:
            typer.echo(f"warning: {item.origin}: {warning}", err=True)


def extract_one(pipeline: Pipeline, article: ArticleText, *, debug: bool = False) -> Result:
    """The record of one article as a dict, or the one-line reason it failed."""
    if debug:
        return pipeline.run(article).to_dict(), None
    try:
        return pipeline.run(article).to_dict(), None
    except Exception as error:  # one article that breaks a stage must not end a batch
        return None, _failure(article, error)


def _extract_batch(items: Iterable[ArticleText | IngestError], *, source: Source, config: Path | None,
                   fmt: OutputFormat, workers: int, progress: bool, debug: bool) -> tuple[int, int]:
    counts = {"written": 0, "skipped": 0}
    console = Console(stderr=True)
    bar = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=console, disable=not progress, transient=True,
                   redirect_stdout=False, redirect_stderr=False)  # records stay on stdout
    task = bar.add_task("extracting", total=_count_items(source) if progress else None)

    def articles() -> Iterator[ArticleText]:
        for item in items:
            if isinstance(item, IngestError):
                _report_skip(str(item), counts, bar, task)
            else:
                yield item

    def records(pool: Any) -> Iterator[dict[str, Any]]:
        results = (_serial(articles(), config=config, debug=debug) if pool is None
                   else _parallel(articles(), pool=pool, config=config, workers=workers, debug=debug))
        for record, error in results:
            if error is not None:
                _report_skip(error, counts, bar, task)
                continue
            assert record is not None
            counts["written"] += 1
            bar.advance(task)
            yield record

    # the worker processes start before the progress bar's thread does (see _worker_pool)
    with _worker_pool(config, workers=workers, debug=debug) as pool, bar:
        _write(sys.stdout, records(pool), fmt=fmt, batch=True)
    return counts["written"], counts["skipped"]


def _report_skip(message: str, counts: dict[str, int], bar: Progress, task: Any) -> None:
    counts["skipped"] += 1
    bar.advance(task)
    bar.console.print(f"skipped: {message}", markup=False, highlight=False, soft_wrap=True)


def _count_items(source: Source) -> int | None:
    """How many items a progress bar should expect, when that is cheap to know."""
    if source.kind == "jsonl" and source.path is not None:
        with source.path.open("rb") as stream:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    return None


def extract_many(pipeline: Pipeline, articles: list[ArticleText], *, debug: bool = False) -> list[Result]:
    """`extract_one` over a batch, in input order, run stage by stage (`Pipeline.run_batch`: the
    language model parses the batch at once); an article that fails is reported, the rest kept."""
    return [_result(article, outcome, debug=debug) for article, outcome in
            zip(articles, pipeline.run_batch(articles), strict=True)]


def _result(article: ArticleText, outcome: Record | Exception, *, debug: bool) -> Result:
    if isinstance(outcome, Exception):
        if debug:
            raise outcome
        return None, _failure(article, outcome)
    if debug:
        return outcome.to_dict(), None
    try:
        return outcome.to_dict(), None
    except Exception as error:  # as in extract_one: a record that cannot be written is one bad article
        return None, _failure(article, error)


def _failure(article: ArticleText, error: Exception) -> str:
    return f"{article.origin}: extraction failed: {type(error).__name__}: {error}"


def _serial(articles: Iterable[ArticleText], *, config: Path | None, debug: bool) -> Iterator[Result]:
    pipeline: Pipeline | None = None
    for chunk in batched(articles, CHUNK):
        pipeline = pipeline or _build(config, debug=debug)
        yield from extract_many(pipeline, chunk, debug=debug)


@contextmanager
def _worker_pool(config: Path | None, *, workers: int, debug: bool) -> Iterator[Any]:
    """`workers` processes ready to extract (None for one worker: this process does the work).

    Where a process can be forked safely (Linux), the pipeline is built once here and the workers
    are forked from this process: they start with the model and knowledge already loaded, shared
    copy-on-write, instead of each importing and loading them again (about two CPU seconds a
    worker). The fork happens before the progress bar starts its thread, so no lock of ours can
    be held at that moment. The pipeline is built even when no item of the batch turns out to be
    good. Elsewhere (macOS, Windows) each worker is a fresh interpreter (spawn) that builds its
    own pipeline on its first task."""
    if workers == 1:
        yield None
        return
    config_path = _config_path(config)
    fork = sys.platform == "linux"
    if fork:
        _build_once(config_path, debug=debug)
    with multiprocessing.get_context("fork" if fork else "spawn").Pool(processes=workers) as pool:
        _worker_pipeline.cache_clear()  # the workers have theirs; this process only collects records
        yield pool


def _config_path(config: Path | None) -> str | None:
    return str(config.resolve()) if config is not None else None


def _build_once(config_path: str | None, *, debug: bool) -> None:
    """Build this process's cached worker pipeline, reporting a failure in one line."""
    if debug:
        _worker_pipeline(config_path)
        return
    try:
        _worker_pipeline(config_path)
    except Exception as error:  # as in _build
        _fail(_build_error(error, config_path))


def _parallel(articles: Iterable[ArticleText], *, pool: Any, config: Path | None, workers: int,
              debug: bool) -> Iterator[Result]:
    """Results in input order from the pool's processes, with a bounded window of chunks in flight."""
    config_path = _config_path(config)
    pending: deque[Any] = deque()
    for chunk in batched(articles, CHUNK):
        pending.append(pool.apply_async(_extract_chunk, (config_path, chunk, debug)))
        while len(pending) >= workers * WINDOW_PER_WORKER:
            yield from _collect(pending.popleft(), config_path=config_path, debug=debug)
    while pending:
        yield from _collect(pending.popleft(), config_path=config_path, debug=debug)


def _collect(async_result: Any, *, config_path: str | None, debug: bool) -> list[Result]:
    """A chunk's results; a worker can only fail here when it cannot build its pipeline."""
    if debug:
        return async_result.get()
    try:
        return async_result.get()
    except Exception as error:  # reported in one line, as in the serial path
        _fail(_build_error(error, config_path))


@lru_cache(maxsize=1)
def _worker_pipeline(config_path: str | None) -> Pipeline:
    """The pipeline of this worker process: built before the fork and inherited, or (spawn) built
    on its first task; kept for the rest."""
    return _settled(Pipeline.from_config(Path(config_path) if config_path else None))


def _settled(pipeline: Pipeline) -> Pipeline:
    """`pipeline`, once this process's garbage collector has been told it stays (`settle_heap`)."""
    settle_heap()
    return pipeline


def _extract_chunk(config_path: str | None, chunk: list[ArticleText], debug: bool) -> list[Result]:
    return extract_many(_worker_pipeline(config_path), chunk, debug=debug)


def _write(out: TextIO, records: Iterable[dict[str, Any] | None], *, fmt: OutputFormat, batch: bool) -> None:
    if fmt is OutputFormat.jsonl:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        return
    if not batch:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    out.write("[")
    for index, record in enumerate(records):
        out.write(("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False, indent=2))
    out.write("\n]\n")
    out.flush()
