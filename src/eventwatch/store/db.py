"""The DuckDB store: one embedded database file (`./eventwatch.duckdb` unless `--db PATH`).

`Store` owns one connection. Writes go through `transaction()` and `append()`: rows arrive
as Arrow tables and are inserted with one `INSERT ... SELECT` per table and batch, never row
by row. DuckDB writes a committed transaction to its write-ahead log before `COMMIT`
returns, so a process killed with SIGKILL loses at most the batch it was writing, and that
batch as a whole (see docs/store.md, "Crash safety").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from eventwatch.store import DEFAULT_DB
from eventwatch.store.schema import STORE_SCHEMA, TABLES, all_ddl, arrow_schema, column_names


class StoreError(RuntimeError):
    """The store cannot be opened or used as asked."""


class Store:
    """An open eventwatch store. Use as a context manager, or call `close()`."""

    def __init__(self, path: Path | str = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such store (run `eventwatch ingest` first)")
        self.con = duckdb.connect(str(self.path), read_only=read_only)
        if not read_only:
            self._create()
        self._check_schema()

    def _create(self) -> None:
        with self.transaction():
            for statement in all_ddl():
                self.con.execute(statement)
            if self.get_meta("store_schema") is None:
                self.set_meta("store_schema", STORE_SCHEMA)

    def _check_schema(self) -> None:
        found = self.get_meta("store_schema")
        if found != STORE_SCHEMA:
            raise StoreError(f"{self.path}: store schema {found!r}, expected {STORE_SCHEMA!r}")
        rows = self.con.execute("SELECT table_name, column_name FROM information_schema.columns "
                                "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall()
        columns: dict[str, list[str]] = {}
        for table, column in rows:
            columns.setdefault(table, []).append(column)
        for table in TABLES:
            if columns.get(table) != column_names(table):
                raise StoreError(f"{self.path}: table {table} does not have the columns of {STORE_SCHEMA} "
                                 "(written by an older development version?)")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All writes inside commit together, or not at all."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def append(self, table: str, rows: pa.Table | list[dict[str, Any]]) -> int:
        """Insert rows (an Arrow table or a list of dicts with the table's columns) in bulk."""
        if isinstance(rows, list):
            rows = pa.Table.from_pylist(rows, schema=arrow_schema(table))
        if rows.num_rows == 0:
            return 0
        names = ", ".join(f'"{name}"' for name in column_names(table))
        view = f"_append_{table}"
        self.con.register(view, rows)
        try:
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")
        finally:
            self.con.unregister(view)
        return rows.num_rows

    def get_meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("DELETE FROM meta WHERE key = ?", [key])
        self.con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])

    def counts(self) -> dict[str, int]:
        """Rows per table (bookkeeping tables included)."""
        return {name: self.con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}

    def fetch_df(self, sql: str, params: list[Any] | None = None) -> Any:
        return self.con.execute(sql, params or []).df()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@contextmanager
def opened(db: Store | Path | str, *, read_only: bool = False) -> Iterator[Store]:
    """`db` as an open store: a `Store` is used as is, a path is opened and closed here."""
    if isinstance(db, Store):
        yield db
        return
    store = Store(db, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


# Columns that record when something was done, not what: they differ between two runs that
# store the same data.
TIMESTAMP_COLUMNS = frozenset({"ingested_at", "processed_at", "fired_at"})


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, without timestamp columns: equal for equal content."""
    out = {}
    for table in TABLES:
        names = ", ".join(f'"{c}"' for c in column_names(table) if c not in TIMESTAMP_COLUMNS)
        out[table] = store.con.execute(f"SELECT {names} FROM {table} ORDER BY ALL").fetchall()
    return out
