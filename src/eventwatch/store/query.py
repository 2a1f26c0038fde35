"""Query the store from Python: events and incidents as pandas DataFrames.

    from eventwatch.store import query
    df = query.events("eventwatch.duckdb", dyad="RUS:UKR", start="2024-01-01", types=["ASSAULT"])
    inc = query.incidents("eventwatch.duckdb", country="SDN")
    reports = query.mentions("eventwatch.duckdb", inc.incident_id[0])

Filters (all optional, combined with AND):
- `start`, `end`: ISO dates or `date`s, inclusive, on the day the event is counted on.
- `dyad`: "RUS:UKR" — the first source actor's country and the first target actor's
  country; both directions unless `directed=True`.
- `actor`: a name (case-insensitive) or a country code, as source or target.
- `country`: the country where it happened (ISO3).
- `types`: PLOVER types; `quad_classes`: 1-4; `factuality` (events only).
- `near=(lat, lon)` with `radius_km` (default 50): within that great-circle distance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from eventwatch.store.db import Store, opened
from eventwatch.store.rows import dyad_key


class QueryError(ValueError):
    """A filter that cannot be used."""


def _date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass
class Filters:
    start: dt.date | str | None = None
    end: dt.date | str | None = None
    dyad: str | None = None
    directed: bool = False
    actor: str | None = None
    country: str | None = None
    types: Sequence[str] = field(default_factory=tuple)
    quad_classes: Sequence[int] = field(default_factory=tuple)
    factuality: Sequence[str] = field(default_factory=tuple)
    near: tuple[float, float] | None = None
    radius_km: float = 50.0

    def where(self, *, level: str = "events") -> tuple[str, list[Any]]:
        """A SQL condition over the events or incidents table and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.start is not None:
            clauses.append("event_date >= ?")
            params.append(_date(self.start))
        if self.end is not None:
            clauses.append("event_date <= ?")
            params.append(_date(self.end))
        if self.dyad:
            a, sep, b = self.dyad.upper().partition(":")
            if not sep or not a or not b:
                raise QueryError(f"a dyad is two actor codes joined by ':' (e.g. RUS:UKR), got {self.dyad!r}")
            key = dyad_key(a, b)
            if key is not None:
                # One integer comparison finds both directions (see store/schema.py).
                clauses.append("dyad_key = ?")
                params.append(key)
            if self.directed:
                clauses.append("(src_country = ? AND tgt_country = ?)")
                params += [a, b]
            elif key is None:
                clauses.append("((src_country = ? AND tgt_country = ?) OR (src_country = ? AND tgt_country = ?))")
                params += [a, b, b, a]
        if self.actor:
            clauses.append("(lower(src_name) = lower(?) OR lower(tgt_name) = lower(?) "
                           "OR src_country = upper(?) OR tgt_country = upper(?))")
            params += [self.actor] * 4
        if self.country:
            clauses.append("country = ?")
            params.append(self.country.upper())
        if self.types:
            clauses.append("type IN (SELECT unnest(?))")
            params.append([t.upper() for t in self.types])
        if self.quad_classes:
            clauses.append("quad_class IN (SELECT unnest(?))")
            params.append([int(q) for q in self.quad_classes])
        if self.factuality:
            if level != "events":
                raise QueryError("factuality filters events; incidents are made of asserted events only")
            clauses.append("factuality IN (SELECT unnest(?))")
            params.append(list(self.factuality))
        if self.near is not None:
            lat, lon = self.near
            clauses.append(
                "lat IS NOT NULL AND 2 * 6371 * asin(sqrt(pow(sin(radians(lat - ?) / 2), 2) + "
                "cos(radians(?)) * cos(radians(lat)) * pow(sin(radians(lon - ?) / 2), 2))) <= ?")
            params += [lat, lat, lon, self.radius_km]
        return (" AND ".join(clauses) or "TRUE"), params


DB = Store | Path | str


def events(db: DB, *, with_json: bool = False, limit: int | None = None, **filters: Any) -> pd.DataFrame:
    """Event mentions (one row per event read from one article), with their incident id."""
    where, params = Filters(**filters).where(level="events")
    drop = "" if with_json else " EXCLUDE (data)"
    sql = (f"SELECT e.*{drop}, ie.incident_id FROM events e LEFT JOIN incident_events ie USING (event_id) "
           f"WHERE {where} ORDER BY event_date, event_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with opened(db, read_only=True) as store:
        return store.fetch_df(sql, params)


def incidents(db: DB, *, limit: int | None = None, **filters: Any) -> pd.DataFrame:
    """Incidents: merged events, one row per real-world incident, with figures from every source."""
    where, params = Filters(**filters).where(level="incidents")
    sql = f"SELECT * FROM incidents WHERE {where} ORDER BY event_date, incident_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with opened(db, read_only=True) as store:
        return store.fetch_df(sql, params)


def mentions(db: DB, incident_id: str) -> pd.DataFrame:
    """Every report of one incident: article, outlet, sentence and its own figures."""
    sql = """
        SELECT ie.incident_id, e.event_id, e.article_id, a.outlet, a.url, a.title, a.published,
               e.sentence_text, e.trigger_text, e.event_date, e.place_name, e.killed_min, e.killed_max,
               e.injured_min, e.injured_max, e.src_name, e.tgt_name, ie.score
        FROM incident_events ie JOIN events e USING (event_id) JOIN articles a ON a.article_id = e.article_id
        WHERE ie.incident_id = ? ORDER BY a.published, e.event_id"""
    with opened(db, read_only=True) as store:
        return store.fetch_df(sql, [incident_id])


def articles(db: DB, *, with_text: bool = False) -> pd.DataFrame:
    drop = " EXCLUDE (record)" if with_text else " EXCLUDE (record, text)"
    with opened(db, read_only=True) as store:
        return store.fetch_df(f"SELECT *{drop} FROM articles ORDER BY seq")
