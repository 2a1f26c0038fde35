"""The store: DuckDB tables of articles, events, their actors, places, quotes and mentions,
cross-source incidents, and the bookkeeping that makes ingest idempotent and crash-safe.

    schema.py  the tables (one column list each) and their DDL
    db.py      `Store`: the connection, transactions, bulk appends
    rows.py    records -> rows (the one place that flattens the record)
    ingest.py  `Ingestor` (idempotent, batched, crash-safe) and `reprocess`
    merge.py   events -> incidents (docs/merging.md)
    query.py   events and incidents as pandas DataFrames
    sample.py  records from compact hand-written descriptions (tests, evaluation)
    scale.py   extraction on a Dask cluster (the `scale` extra)

See docs/store.md.
"""

from pathlib import Path

DEFAULT_DB = Path("eventwatch.duckdb")  # the store file when a command is given none
