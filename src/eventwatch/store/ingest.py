"""Ingest bookkeeping: extract articles and store their records, once, in crash-safe batches.

- Idempotent: an article whose text (SHA-256 of the text) or URL is already stored is
  skipped (a different text arriving under a stored article id is kept under a new id,
  see `Ingestor.unique_id`), so ingesting the same input twice changes nothing. A new text under a URL that is
  already stored is skipped too (counted as `duplicates`): the store keeps the first version
  it saw of a page; use a different URL or remove the old article to replace it.
- Crash-safe: articles are extracted outside the transaction, then a batch (`batch_size`
  articles) and all its rows are written in one transaction, together with the mark that
  incidents must be rebuilt. A run killed at any point leaves whole batches only; the next
  run skips what is stored and goes on. The merge runs at the end of a run (or of the next
  one, when a kill came first), in its own transaction, from the stored events alone, so
  the final state does not depend on where a run was killed.
- Versioned: every row carries the record schema and the pipeline version
  (`pipeline_version()`: package version + a hash of the pipeline configuration).
  `reprocess()` re-extracts the stored texts of rows written by another version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import eventwatch
from eventwatch.document import ArticleText
from eventwatch.ingest.base import IngestError
from eventwatch.record import Record
from eventwatch.store import merge
from eventwatch.store.db import Store, now
from eventwatch.store.rows import combine, content_hash, record_rows
from eventwatch.store.schema import ARTICLE_TABLES

Extract = Callable[[ArticleText], Record]
STALE = "incidents_stale"


def pipeline_version(config: dict[str, Any]) -> str:
    """`<package version>+<hash of the pipeline configuration>`: changes when either does."""
    digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"{eventwatch.__version__}+{digest}"


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    batches: int = 0
    incidents: int | None = None
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        text = (f"read {self.read} articles: stored {self.stored} ({self.events} events), "
                f"{self.duplicates} already stored, {self.failed} failed; {self.seconds:.1f}s "
                f"({rate:.1f} articles/s)")
        if self.incidents is not None:
            text += f"; {self.incidents} incidents after merging"
        return text


def _report_error(message: str) -> None:
    print(message, file=sys.stderr)


# (article, its record) or (article, the exception its extraction raised), in input order.
Extracted = tuple[ArticleText, Record | Exception]
ExtractMany = Callable[[Iterable[ArticleText]], Iterator[Extracted]]


def serial(extract: Extract) -> ExtractMany:
    """Extract one article after the other in this process."""

    def run(articles: Iterable[ArticleText]) -> Iterator[Extracted]:
        for article in articles:
            # An extractor bug on one article must not stop a batch of thousands: it is
            # reported with the article's origin and the rest goes on.
            try:
                yield article, extract(article)
            except Exception as error:  # noqa: BLE001
                yield article, error

    return run


class Ingestor:
    """Writes records of articles into a store.

    `extract` is the pipeline's `run` (one article at a time, in this process); or give
    `extract_many` (e.g. `store.scale.DaskExtractor`) to extract elsewhere. Either way the
    records are written here, in input order, so ids, order and crash safety do not depend
    on how extraction was spread.
    """

    def __init__(self, store: Store, *, extract: Extract | None = None, version: str, batch_size: int = 32,
                 on_error: Callable[[str], None] = _report_error,
                 merge_config: merge.MergeConfig | None = None, extract_many: ExtractMany | None = None) -> None:
        if (extract is None) == (extract_many is None):
            raise ValueError("give one of extract or extract_many")
        self.store = store
        self.extract_many = extract_many or serial(extract)
        self.version = version
        self.batch_size = batch_size
        self.on_error = on_error
        self.merge_config = merge_config or merge.MergeConfig()
        rows = store.con.execute("SELECT article_id, content_hash, url FROM articles").fetchall()
        self._ids = {r[0] for r in rows}
        self._hashes = {r[1] for r in rows}
        self._urls = {r[2] for r in rows if r[2]}
        self._seq = store.con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]

    def is_stored(self, article: ArticleText) -> bool:
        return content_hash(article.text) in self._hashes or (article.url is not None and article.url in self._urls)

    def unique_id(self, article: ArticleText) -> ArticleText:
        """The article, under an id no stored article uses: another text that came with an
        id already taken (two feeds numbering their items 1, 2, 3...) gets the id followed by
        `~` and the first 8 hex digits of its text's hash, instead of being lost."""
        if article.id not in self._ids:
            return article
        return dataclasses.replace(article, id=f"{article.id}~{content_hash(article.text)[:8]}")

    def _new(self, items: Iterable[ArticleText | IngestError], report: IngestReport) -> Iterator[ArticleText]:
        """The articles to extract: readable, not stored, not seen earlier in this input."""
        for item in items:
            report.read += 1
            if isinstance(item, IngestError):
                self._fail(report, str(item))
                continue
            if self.is_stored(item):
                report.duplicates += 1
                continue
            article = self.unique_id(item)
            self._ids.add(str(article.id))
            self._hashes.add(content_hash(article.text))
            if article.url:
                self._urls.add(article.url)
            yield article

    def ingest(self, items: Iterable[ArticleText | IngestError], *, finish: bool = True) -> IngestReport:
        report = IngestReport()
        started = time.perf_counter()
        batch: list[dict[str, list[dict[str, Any]]]] = []
        for article, result in self.extract_many(self._new(items, report)):
            if isinstance(result, Exception):
                self._fail(report, f"{article.origin}: extraction failed: {type(result).__name__}: {result}")
                continue
            self._seq += 1
            batch.append(record_rows(result, text=article.text, seq=self._seq, origin=article.origin,
                                     pipeline_version=self.version, ingested_at=now()))
            if len(batch) >= self.batch_size:
                self._write(batch, report)
                batch = []
        if batch:
            self._write(batch, report)
        if finish:
            report.incidents = self.finish()
        report.seconds = time.perf_counter() - started
        return report

    def finish(self) -> int | None:
        """Rebuild the incidents when stored events changed since the last merge."""
        if self.store.get_meta(STALE) != "1":
            return None
        return merge.rebuild(self.store, config=self.merge_config)

    def _fail(self, report: IngestReport, message: str) -> None:
        report.failed += 1
        report.errors.append(message)
        self.on_error(message)

    def _write(self, batch: list[dict[str, list[dict[str, Any]]]], report: IngestReport) -> None:
        rows = combine(batch)
        with self.store.transaction():
            for table in ARTICLE_TABLES:
                self.store.append(table, rows.get(table, []))
            self.store.set_meta(STALE, "1")
        report.batches += 1
        report.stored += len(rows.get("articles", []))
        report.events += len(rows.get("events", []))


def stored_article(row: dict[str, Any]) -> ArticleText:
    """The `ArticleText` of a stored article row, as ingest first read it."""
    extra = json.loads(row["meta"] or "{}")
    published = row["published"]
    if isinstance(published, dt.datetime):
        published = published.date()
    return ArticleText(text=row["text"], id=row["article_id"], title=row["title"], url=row["url"],
                       source=row["outlet"], published=published, origin=row["origin"] or row["article_id"],
                       extra=extra)


def reprocess(store: Store, *, extract: Extract, version: str, everything: bool = False,
              batch_size: int = 32, on_error: Callable[[str], None] = _report_error) -> IngestReport:
    """Re-extract stored articles written by another pipeline version (all of them with `everything`).

    Each batch replaces its articles' rows in one transaction; a killed run leaves every
    article either in its old or in its new version, and the next run finishes the rest.
    """
    report = IngestReport()
    started = time.perf_counter()
    where = "" if everything else "WHERE pipeline_version IS DISTINCT FROM ?"
    params = [] if everything else [version]
    ids = [r[0] for r in store.con.execute(f"SELECT article_id FROM articles {where} ORDER BY seq", params).fetchall()]
    for offset in range(0, len(ids), batch_size):
        chunk = ids[offset:offset + batch_size]
        articles = store.con.execute(
            "SELECT * FROM articles WHERE article_id IN (SELECT unnest(?)) ORDER BY seq", [chunk]).df()
        batch = []
        for row in articles.to_dict("records"):
            report.read += 1
            article = stored_article(row)
            try:
                record = extract(article)
            except Exception as error:  # noqa: BLE001
                report.failed += 1
                report.errors.append(f"{article.origin}: extraction failed: {error}")
                on_error(report.errors[-1])
                continue
            batch.append(record_rows(record, text=article.text, seq=int(row["seq"]), origin=article.origin,
                                     pipeline_version=version, ingested_at=now()))
        rows = combine(batch)
        done = [r["article_id"] for r in rows.get("articles", [])]
        with store.transaction():
            for table in ARTICLE_TABLES:
                store.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [done])
                store.append(table, rows.get(table, []))
            store.set_meta(STALE, "1")
        report.batches += 1
        report.stored += len(done)
        report.events += len(rows.get("events", []))
    if store.get_meta(STALE) == "1":
        report.incidents = merge.rebuild(store)
    report.seconds = time.perf_counter() - started
    return report
