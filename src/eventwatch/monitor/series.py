"""Time series from the store: counts, intensity and casualties per day or week.

By default a series counts incidents (merged events: one strike reported by ten outlets
counts once); `level="events"` counts event mentions instead. Columns:

- `period`: the day, or the Monday of the week
- `type` or `quad_class` when `by` asks for it
- `count`: incidents (or events)
- `intensity`: summed Goldstein-style intensity (negative is conflict)
- `conflict`: summed conflict intensity, `-intensity` of every event with a negative score
- `killed`, `injured`: summed lower bounds of the figures (the conservative count)

`fill=True` adds the days or weeks with nothing, as zeros, from the first to the last
period (or `start`..`end` when given): what a detector needs.
"""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from eventwatch.store.db import opened
from eventwatch.store.query import DB, Filters

Freq = Literal["day", "week"]
By = Literal["type", "quad_class"] | None
Level = Literal["incidents", "events"]
METRICS = ("count", "intensity", "conflict", "killed", "injured")


def series_sql(*, freq: Freq = "day", by: By = None, level: Level = "incidents",
               filters: Filters | None = None) -> tuple[str, list[Any]]:
    if freq not in ("day", "week"):
        raise ValueError(f"freq is 'day' or 'week', got {freq!r}")
    if level not in ("incidents", "events"):
        raise ValueError(f"level is 'incidents' or 'events', got {level!r}")
    where, params = (filters or Filters()).where(level=level)
    period = "event_date" if freq == "day" else "date_trunc('week', event_date)::DATE"
    group = f", {by}" if by else ""
    sql = f"""
        SELECT {period} AS period{group}, count(*) AS count, sum(intensity) AS intensity,
               sum(greatest(-intensity, 0)) AS conflict, coalesce(sum(killed_min), 0) AS killed,
               coalesce(sum(injured_min), 0) AS injured
        FROM {level} WHERE event_date IS NOT NULL AND {where}
        GROUP BY ALL ORDER BY ALL"""
    return sql, params


def series(db: DB, *, freq: Freq = "day", by: By = None, level: Level = "incidents", fill: bool = False,
           **filters: Any) -> pd.DataFrame:
    """The series of the store's incidents (or events) that pass `filters` (see store.query)."""
    f = Filters(**filters)
    sql, params = series_sql(freq=freq, by=by, level=level, filters=f)
    with opened(db, read_only=True) as store:
        frame = store.fetch_df(sql, params)
    frame["period"] = pd.to_datetime(frame["period"])
    if fill:
        frame = fill_periods(frame, freq=freq, by=by, start=f.start, end=f.end)
    return frame


def fill_periods(frame: pd.DataFrame, *, freq: Freq, by: By = None, start: Any = None,
                 end: Any = None) -> pd.DataFrame:
    """Add the missing periods as zeros (per `by` group when there is one)."""
    step = "D" if freq == "day" else "W-MON"
    first = pd.Timestamp(start) if start is not None else (frame["period"].min() if len(frame) else None)
    last = pd.Timestamp(end) if end is not None else (frame["period"].max() if len(frame) else None)
    if first is None or last is None:
        return frame
    if freq == "week":
        first = first - pd.Timedelta(days=first.weekday())
    periods = pd.date_range(first, last, freq=step, name="period")
    if by is None:
        out = frame.set_index("period").reindex(periods, fill_value=0).reset_index()
    else:
        keys = sorted(frame[by].dropna().unique())
        index = pd.MultiIndex.from_product([periods, keys], names=["period", by])
        out = frame.set_index(["period", by]).reindex(index, fill_value=0).reset_index()
    for column in METRICS:
        out[column] = pd.to_numeric(out[column])
    return out
