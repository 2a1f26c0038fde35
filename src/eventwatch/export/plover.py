"""PLOVER records: one JSON object per line, in PLOVER's own field names.

Fields follow the PLOVER JSON records (as in the OEDA gold standard records): `id`,
`date`, `event`, `mode`, `context`, `source` and `target` (lists of
`{actorText, code, sector}`), `eventText` (the trigger), `text` (the sentence),
`eventLoc` (`{name, country code, admin1, lat, lon}`), `dead`, `injured`, `language`,
`publication`, `url`, `storyId`, `coder`, `version`, `dateCoded`. PLOVER's auxiliary
modes are our `factuality`: `future` -> `future`, `conditional` and `possible` ->
`hypothetical`, `negated` -> `negation` (field `auxiliary`; absent for asserted events).
Only events are exported (PLOVER codes mentions, not incidents); `incident` names the
merged incident a row belongs to.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, TextIO

import pandas as pd

import eventwatch
from eventwatch.export.base import json_line, plain, records
from eventwatch.store.db import Store

PLOVER_VERSION = "2.0"
_AUXILIARY = {"future": "future", "conditional": "hypothetical", "possible": "hypothetical",
              "negated": "negation"}


def _actors(store: Store, event_ids: list[str]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    rows = store.con.execute(
        "SELECT event_id, role, text, country, sector, name FROM event_actors "
        "WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id, role, position", [event_ids]).fetchall()
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for event_id, role, text, country, sector, name in rows:
        found[(event_id, role)].append({"actorText": text, "code": country or "",
                                        "sector": ";".join(sector or []), "name": name})
    return found


def plover_record(row: dict[str, Any], actors: dict[tuple[str, str], list[dict[str, Any]]],
                  today: str) -> dict[str, Any]:
    eid = row["event_id"]
    record: dict[str, Any] = {
        "id": eid, "date": row["date_value"] or plain(row["event_date"]), "event": row["type"],
        "mode": row["mode"] or "", "context": row["context"] or [],
        "source": actors.get((eid, "source"), []), "target": actors.get((eid, "target"), []),
        "eventText": row["trigger_text"], "text": row["sentence_text"],
        "eventLoc": None if row["place_name"] is None else {
            "name": row["place_name"], "country code": row["country"], "admin1": row["admin1"],
            "lat": row["lat"], "lon": row["lon"]},
        "dead": row["killed_min"], "injured": row["injured_min"], "language": "en",
        "publication": row["outlet"], "url": row.get("url"), "storyId": row["article_id"],
        "incident": row.get("incident_id"), "cameo": row["cameo"], "quadClass": row["quad_class"],
        "intensity": row["intensity"], "coder": f"eventwatch {eventwatch.__version__}",
        "version": PLOVER_VERSION, "dateCoded": today,
    }
    if row["factuality"] in _AUXILIARY:
        record["auxiliary"] = _AUXILIARY[row["factuality"]]
    return record


def write_plover(store: Store, frame: pd.DataFrame, out: TextIO) -> int:
    rows = records(frame)
    actors = _actors(store, [r["event_id"] for r in rows])
    today = dt.date.today().isoformat()
    for row in rows:
        out.write(json_line(plover_record(row, actors, today)))
    return len(rows)
