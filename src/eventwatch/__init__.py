"""eventwatch: political event data from news, offline.

    import eventwatch
    record = eventwatch.extract("Rebels seized the town of Kyaukme on Sunday.", published="2024-09-16")
    for event in record.to_dict()["events"]:
        print(event["type"], event["when"]["value"], [a["name"] for a in event["source"]])

`extract` uses the default pipeline, built on first use and kept for the life of the
process (one model load, not one per call). For another configuration build your own
`eventwatch.pipeline.Pipeline.from_config(path)`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from eventwatch.pipeline import Pipeline
    from eventwatch.record import Record


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    from eventwatch.pipeline import Pipeline

    return Pipeline.from_config()


def extract(text: str, *, published: dt.date | str | None = None, **metadata: Any) -> Record:
    """The record of one article text; `published` (date or ISO string) anchors relative dates."""
    return default_pipeline().extract(text, published=published, **metadata)


__all__ = ["__version__", "default_pipeline", "extract"]
