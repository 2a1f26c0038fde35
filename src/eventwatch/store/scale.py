"""Scale-out of extraction with Dask (the `scale` extra: `pip install eventwatch[scale]`).

    from dask.distributed import Client, LocalCluster
    with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster) as client:
        Ingestor(store, extract_many=DaskExtractor(client), version=...).ingest(articles)

or `eventwatch ingest PATH --workers 4` (a local cluster) / `--scheduler tcp://host:8786` (an
existing one). Extraction, the slow part, runs on the workers, each building its pipeline
once; the records come back in input order and are written by the one process that holds
the store, so ids, order, idempotency and crash safety are those of a serial ingest. Articles
go to the workers in chunks of `chunk` (4, as `eventwatch extract --workers` sends them), parsed
together by `Pipeline.run_batch`, which is faster than one by one (see docs/speed.md); an
article that fails is reported alone, its chunk's others are kept. At most about `window`
articles are in flight, which bounds memory whatever the input's size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText
from eventwatch.pipeline import Pipeline, batched
from eventwatch.record import Record
from eventwatch.store.ingest import Extracted


@lru_cache(maxsize=4)
def _worker_pipeline(config: str | None) -> Pipeline:
    # One pipeline per worker process and configuration: loading the language model for
    # every article would cost more than extracting it.
    return Pipeline.from_config(Path(config) if config else None)


def extract_on_worker(articles: list[ArticleText], config: str | None) -> list[Record | Exception]:
    """The record of each article of a chunk, or the exception that stopped it (`run_batch`
    keeps one article's failure to itself)."""
    try:
        pipeline = _worker_pipeline(config)
    except Exception as error:  # noqa: BLE001 - reported by the writer for each article, the batch goes on
        return [error] * len(articles)
    return pipeline.run_batch(articles)


class DaskExtractor:
    """Extracts articles on a Dask cluster; yields (article, record or error) in input order."""

    def __init__(self, client: Any, *, config: Path | None = None, window: int = 64, chunk: int = 4) -> None:
        self.client = client
        self.config = str(config) if config is not None else None
        self.window = window
        self.chunk = chunk

    def __call__(self, articles: Iterable[ArticleText]) -> Iterator[Extracted]:
        in_flight: deque[tuple[list[ArticleText], Any]] = deque()
        chunks_in_flight = max(1, self.window // self.chunk)
        for chunk in batched(articles, self.chunk):
            in_flight.append((chunk, self.client.submit(extract_on_worker, chunk, self.config, pure=False)))
            if len(in_flight) >= chunks_in_flight:
                yield from self._done(in_flight.popleft())
        while in_flight:
            yield from self._done(in_flight.popleft())

    @staticmethod
    def _done(item: tuple[list[ArticleText], Any]) -> list[Extracted]:
        chunk, future = item
        return list(zip(chunk, future.result(), strict=True))
