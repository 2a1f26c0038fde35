"""Scale-out of extraction with Dask (the `scale` extra: `pip install eventwatch[scale]`).

    from dask.distributed import Client, LocalCluster
    with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster) as client:
        Ingestor(store, extract_many=DaskExtractor(client), version=...).ingest(articles)

or `eventwatch ingest PATH --workers 4` (a local cluster) / `--scheduler tcp://host:8786` (an
existing one). Extraction, the slow part, runs on the workers, each building its pipeline
once; the records come back in input order and are written by the one process that holds
the store, so ids, order, idempotency and crash safety are those of a serial ingest. At most
`window` articles are in flight, which bounds memory whatever the input's size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText
from eventwatch.record import Record
from eventwatch.store.ingest import Extracted


@lru_cache(maxsize=4)
def _worker_pipeline(config: str | None) -> Any:
    # One pipeline per worker process and configuration: loading the language model for
    # every article would cost more than extracting it.
    from eventwatch.pipeline import Pipeline

    return Pipeline.from_config(Path(config) if config else None)


def extract_on_worker(article: ArticleText, config: str | None) -> Record | Exception:
    try:
        return _worker_pipeline(config).run(article)
    except Exception as error:  # noqa: BLE001 - reported by the writer, the batch goes on
        return error


class DaskExtractor:
    """Extracts articles on a Dask cluster; yields (article, record or error) in input order."""

    def __init__(self, client: Any, *, config: Path | None = None, window: int = 64) -> None:
        self.client = client
        self.config = str(config) if config is not None else None
        self.window = window

    def __call__(self, articles: Iterable[ArticleText]) -> Iterator[Extracted]:
        in_flight: deque[tuple[ArticleText, Any]] = deque()
        for article in articles:
            in_flight.append((article, self.client.submit(extract_on_worker, article, self.config, pure=False)))
            if len(in_flight) >= self.window:
                yield self._done(in_flight.popleft())
        while in_flight:
            yield self._done(in_flight.popleft())

    @staticmethod
    def _done(item: tuple[ArticleText, Any]) -> Extracted:
        article, future = item
        return article, future.result()
