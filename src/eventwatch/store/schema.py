"""The store's tables: one column list per table, from which the DDL and the Arrow schema come.

The store is documented in `docs/store.md`. Decisions:

- One table per kind of row the record holds (articles, events, event_actors, casualties,
  actors, places, times, quantities, quotes) plus the merge's output (incidents,
  incident_events) and bookkeeping (meta, alerts, watched_files).
- Every per-article row carries `record_schema` and `pipeline_version`, so a reader can
  tell which extractor wrote it and `eventwatch reprocess` can find stale rows.
- No PRIMARY KEY / UNIQUE constraints: DuckDB maintains them with ART indexes, which cost
  memory and slow bulk appends on tens of millions of rows.
- `dyad_key` (events, incidents) is the unordered pair of the first source's and the first
  target's country codes as one integer (`rows.dyad_key`): a dyad filter is one integer
  comparison, which keeps a dyad series over ten million events well under 200 ms. Uniqueness is kept by the writer:
  an article and all its rows are written in one transaction, and ingest skips an article
  whose content hash or URL is already stored (see `store/ingest.py`).
- An event row flattens what analysts filter on (date, place, the first source and target
  actor, killed and injured ranges) and keeps the whole event JSON in `data`, so nothing of
  the record is lost; the lists (all actors, all casualties) have their own tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

STORE_SCHEMA = "eventwatch.store/1"


@dataclass(frozen=True)
class Column:
    name: str
    sql: str
    arrow: pa.DataType


def _cols(*spec: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(name, sql, _ARROW[sql]) for name, sql in spec)


_ARROW: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "VARCHAR[]": pa.list_(pa.string()),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "JSON": pa.string(),
}

VERSIONED = (("record_schema", "VARCHAR"), ("pipeline_version", "VARCHAR"))

_ACTOR_FIELDS = (
    ("text", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"), ("name", "VARCHAR"),
    ("kind", "VARCHAR"), ("country", "VARCHAR"), ("sector", "VARCHAR[]"), ("affiliation", "VARCHAR"),
    ("kb_id", "VARCHAR"), ("actor_role", "VARCHAR"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "articles": _cols(
        ("article_id", "VARCHAR"), ("seq", "BIGINT"), ("content_hash", "VARCHAR"), ("url", "VARCHAR"),
        ("title", "VARCHAR"), ("outlet", "VARCHAR"), ("published", "DATE"), ("language", "VARCHAR"),
        ("chars", "INTEGER"), ("n_events", "INTEGER"), ("text", "VARCHAR"), ("meta", "JSON"),
        ("warnings", "VARCHAR[]"), ("record", "JSON"), ("origin", "VARCHAR"), *VERSIONED,
        ("ingested_at", "TIMESTAMP"),
    ),
    "events": _cols(
        ("event_id", "VARCHAR"), ("article_id", "VARCHAR"), ("type", "VARCHAR"), ("mode", "VARCHAR"),
        ("context", "VARCHAR[]"), ("cameo", "VARCHAR"), ("acled_event_type", "VARCHAR"),
        ("acled_sub_event_type", "VARCHAR"), ("quad_class", "INTEGER"), ("intensity", "DOUBLE"),
        ("factuality", "VARCHAR"), ("event_date", "DATE"), ("date_value", "VARCHAR"),
        ("date_precision", "VARCHAR"), ("date_basis", "VARCHAR"), ("place_name", "VARCHAR"),
        ("place_feature", "VARCHAR"), ("country", "VARCHAR"), ("admin1", "VARCHAR"), ("lat", "DOUBLE"),
        ("lon", "DOUBLE"), ("geonames_id", "BIGINT"),
        ("src_name", "VARCHAR"), ("src_country", "VARCHAR"), ("src_kind", "VARCHAR"), ("src_sector", "VARCHAR[]"),
        ("tgt_name", "VARCHAR"), ("tgt_country", "VARCHAR"), ("tgt_kind", "VARCHAR"), ("tgt_sector", "VARCHAR[]"),
        ("dyad_key", "INTEGER"), ("said_by_name", "VARCHAR"), ("killed_min", "INTEGER"), ("killed_max", "INTEGER"),
        ("injured_min", "INTEGER"), ("injured_max", "INTEGER"), ("trigger_text", "VARCHAR"),
        ("trigger_start", "INTEGER"), ("trigger_end", "INTEGER"), ("sentence_text", "VARCHAR"),
        ("sentence_start", "INTEGER"), ("sentence_end", "INTEGER"), ("confidence", "DOUBLE"),
        ("published", "DATE"), ("outlet", "VARCHAR"), ("data", "JSON"), *VERSIONED,
    ),
    "event_actors": _cols(
        ("event_id", "VARCHAR"), ("article_id", "VARCHAR"), ("role", "VARCHAR"), ("position", "INTEGER"),
        *_ACTOR_FIELDS, *VERSIONED,
    ),
    "casualties": _cols(
        ("event_id", "VARCHAR"), ("article_id", "VARCHAR"), ("position", "INTEGER"), ("kind", "VARCHAR"),
        ("min", "INTEGER"), ("max", "INTEGER"), ("exact", "BOOLEAN"), ("who", "VARCHAR"), ("text", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), *VERSIONED,
    ),
    "actors": _cols(("article_id", "VARCHAR"), ("position", "INTEGER"), *_ACTOR_FIELDS, *VERSIONED),
    "places": _cols(
        ("article_id", "VARCHAR"), ("position", "INTEGER"), ("text", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("name", "VARCHAR"), ("feature", "VARCHAR"), ("country", "VARCHAR"),
        ("admin1", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("geonames_id", "BIGINT"),
        ("note", "VARCHAR"), *VERSIONED,
    ),
    "times": _cols(
        ("article_id", "VARCHAR"), ("position", "INTEGER"), ("text", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("value", "VARCHAR"), ("precision", "VARCHAR"), ("basis", "VARCHAR"),
        ("range_begin", "VARCHAR"), ("range_end", "VARCHAR"), *VERSIONED,
    ),
    "quantities": _cols(
        ("article_id", "VARCHAR"), ("position", "INTEGER"), ("text", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("value", "DOUBLE"), ("max", "DOUBLE"), ("qualifier", "VARCHAR"),
        ("unit", "VARCHAR"), *VERSIONED,
    ),
    "quotes": _cols(
        ("article_id", "VARCHAR"), ("position", "INTEGER"), ("text", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("cue", "VARCHAR"), ("direct", "BOOLEAN"), ("speaker_text", "VARCHAR"),
        ("speaker_name", "VARCHAR"), ("speaker_kind", "VARCHAR"), ("speaker_country", "VARCHAR"),
        ("speaker_kb_id", "VARCHAR"), *VERSIONED,
    ),
    "incidents": _cols(
        ("incident_id", "VARCHAR"), ("type", "VARCHAR"), ("mode", "VARCHAR"), ("quad_class", "INTEGER"),
        ("intensity", "DOUBLE"), ("event_date", "DATE"), ("date_min", "DATE"), ("date_max", "DATE"),
        ("first_seen", "DATE"), ("place_name", "VARCHAR"), ("country", "VARCHAR"), ("admin1", "VARCHAR"),
        ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("src_name", "VARCHAR"), ("src_country", "VARCHAR"),
        ("tgt_name", "VARCHAR"), ("tgt_country", "VARCHAR"), ("dyad_key", "INTEGER"),
        ("acled_event_type", "VARCHAR"),
        ("acled_sub_event_type", "VARCHAR"), ("cameo", "VARCHAR"),
        ("n_events", "INTEGER"), ("n_articles", "INTEGER"), ("n_sources", "INTEGER"),
        ("killed_min", "INTEGER"), ("killed_max", "INTEGER"), ("injured_min", "INTEGER"),
        ("injured_max", "INTEGER"), ("killed_reports", "JSON"), ("injured_reports", "JSON"),
        ("confidence", "DOUBLE"),
    ),
    "incident_events": _cols(
        ("incident_id", "VARCHAR"), ("event_id", "VARCHAR"), ("article_id", "VARCHAR"), ("score", "DOUBLE"),
    ),
    "alerts": _cols(
        ("rule", "VARCHAR"), ("day", "DATE"), ("value", "DOUBLE"), ("threshold", "DOUBLE"),
        ("payload", "JSON"), ("fired_at", "TIMESTAMP"),
    ),
    "watched_files": _cols(
        ("path", "VARCHAR"), ("size", "BIGINT"), ("mtime_ns", "BIGINT"), ("processed_at", "TIMESTAMP"),
    ),
    "meta": _cols(("key", "VARCHAR"), ("value", "VARCHAR")),
}

# The tables written per article, deleted and rewritten together by `reprocess`.
ARTICLE_TABLES = ("articles", "events", "event_actors", "casualties", "actors", "places", "times",
                  "quantities", "quotes")
MERGE_TABLES = ("incidents", "incident_events")


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.arrow) for c in TABLES[table]])


def column_names(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def ddl(table: str) -> str:
    columns = ", ".join(f'"{c.name}" {c.sql}' for c in TABLES[table])
    return f"CREATE TABLE IF NOT EXISTS {table} ({columns})"


def all_ddl() -> list[str]:
    return [ddl(name) for name in TABLES]
