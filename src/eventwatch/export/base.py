"""What the export formats share: loading the rows to export and writing text or bytes."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pandas as pd

from eventwatch.store.db import Store
from eventwatch.store.query import Filters


def load(store: Store, *, level: str, filters: Filters) -> pd.DataFrame:
    """The events (mentions, with their incident id) or the incidents that pass `filters`."""
    if level == "events":
        where, params = filters.where(level="events")
        sql = (f"SELECT e.* EXCLUDE (data), ie.incident_id FROM events e "
               f"LEFT JOIN incident_events ie USING (event_id) WHERE {where} ORDER BY event_date, event_id")
    elif level == "incidents":
        where, params = filters.where(level="incidents")
        sql = f"SELECT * FROM incidents WHERE {where} ORDER BY event_date, incident_id"
    else:
        raise ValueError(f"level is 'events' or 'incidents', got {level!r}")
    return store.fetch_df(sql, params)


def plain(value: Any) -> Any:
    """A JSON-ready scalar: NaN/NA -> None, timestamps -> ISO dates, numpy -> Python."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")]


def json_line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str) + "\n"
