"""ACLED's columns, one row per incident (ACLED records incidents, not reports).

Only incidents with an ACLED event type are written (ACLED covers political violence,
demonstrations and strategic developments; a diplomatic meeting has no ACLED row).
Decisions (docs/store.md, "Exports"):

- `fatalities`: ACLED's conservative count — the lowest figure any source gave for the
  killed; a vague figure is coded by ACLED's convention ("dozens" as 12), from
  `knowledge/data/acled_export.yaml`. Injuries are not an ACLED column; they stay in our
  own exports.
- `inter1`/`inter2`: from the first source and target actor's sector codes (same file);
  state forces outside their own country are external forces (8); protesters (6) and
  rioters (5) for a PROTEST incident's source unless its sector makes it state forces, rebels
  or a militia.
  `interaction` is the two codes, smaller first (e.g. 17), or the single code times 10.
- `iso` is the ISO 3166-1 alpha-3 code (ACLED uses the numeric code); `region` is the
  UN subregion of the country table; `geo_precision` 1 for a city or finer point, 2 for
  an admin division, 3 for a country or region; `time_precision` 1 (day), 3 (month).
- `source`: the outlets of every report (web domains where the outlet is unknown), `notes`: the first report's sentence,
  `timestamp`: first_seen as a Unix time.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources as package_files
from typing import Any, TextIO

import pandas as pd
import yaml

from eventwatch.export.base import records
from eventwatch.knowledge import countries as country_table
from eventwatch.store.db import Store

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
           "fatalities", "tags", "timestamp"]


@lru_cache(maxsize=1)
def tables() -> dict[str, Any]:
    text = package_files.files("eventwatch.knowledge").joinpath("data/acled_export.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def _countries() -> country_table.Countries:
    return country_table.load()


def conservative_count(reported_min: int, text: str | None) -> int:
    """ACLED's figure for one report: the vague-word convention, else the report's lower bound."""
    words = re.findall(r"[a-z]+", (text or "").lower())
    for word, value in tables()["vague_fatalities"].items():
        if word in words:
            return min(int(value), reported_min) if reported_min else int(value)
    return reported_min


def inter_code(*, sectors: list[str], country: str | None, kind: str | None, where: str | None,
               type_: str, role: str, mode: str | None) -> int | None:
    by_sector = tables()["inter_by_sector"]
    code = next((int(by_sector[s]) for s in sectors if s in by_sector), None)
    if type_ == "PROTEST" and role == "source" and code in (None, 7):
        return 5 if mode == "riot" else 6  # civilians who demonstrate are protesters (or rioters)
    if code is not None:
        return 8 if code == 1 and country and where and country != where else code
    if kind == "state":
        return 1 if not (country and where and country != where) else 8
    return None


def _member_rows(store: Store, ids: list[str]) -> pd.DataFrame:
    return store.fetch_df("""
        SELECT ie.incident_id, e.event_id, e.src_name, e.src_country, e.src_kind, e.src_sector, e.tgt_name,
               e.tgt_country, e.tgt_kind, e.tgt_sector, e.mode, e.sentence_text, e.date_precision,
               e.place_feature, coalesce(a.outlet, regexp_extract(a.url, '^[a-z]+://([^/]+)', 1)) AS outlet, a.seq,
               (SELECT string_agg(c.text, ' ') FROM casualties c WHERE c.event_id = e.event_id AND c.kind = 'killed')
                 AS killed_text
        FROM incident_events ie JOIN events e USING (event_id) JOIN articles a ON a.article_id = e.article_id
        WHERE ie.incident_id IN (SELECT unnest(?)) ORDER BY ie.incident_id, a.seq, e.event_id""", [ids])


def _most_common(values: list[Any]) -> Any:
    present = [v for v in values if v]
    return Counter(present).most_common(1)[0][0] if present else None


def acled_row(incident: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
    first = members[0] if members else {}
    where = incident.get("country")
    src = next((m for m in members if m["src_name"] or m["src_country"]), first)
    tgt = next((m for m in members if m["tgt_name"] or m["tgt_country"]), first)
    inter1 = inter_code(sectors=list(src.get("src_sector") or []), country=src.get("src_country"),
                        kind=src.get("src_kind"), where=where, type_=incident["type"], role="source",
                        mode=incident.get("mode"))
    inter2 = inter_code(sectors=list(tgt.get("tgt_sector") or []), country=tgt.get("tgt_country"),
                        kind=tgt.get("tgt_kind"), where=where, type_=incident["type"], role="target",
                        mode=incident.get("mode")) if (tgt.get("tgt_name") or tgt.get("tgt_country")) else None
    codes = sorted(c for c in (inter1, inter2) if c)
    interaction = (codes[0] * 10 + codes[1]) if len(codes) == 2 else (codes[0] * 10 if codes else "")
    reports = incident.get("killed_reports") or []
    texts = {m["event_id"]: m.get("killed_text") for m in members}
    fatalities = min((conservative_count(r["min"], texts.get(r["event_id"])) for r in reports), default=0)
    country = _countries().by_iso3(where) if where else None
    event_type = incident["acled_event_type"]
    sub = incident.get("acled_sub_event_type")
    disorder = tables()["disorder_by_sub_event"].get(sub) or tables()["disorder_type"].get(event_type, "")
    feature = _most_common([m.get("place_feature") for m in members])
    date = incident.get("event_date") or ""
    first_seen = incident.get("first_seen")
    return {
        "event_id_cnty": f"{where or 'XXX'}{incident['incident_id'][4:]}", "event_date": date,
        "year": date[:4], "time_precision": 1 if first.get("date_precision") in (None, "day") else 3,
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub or "",
        "actor1": src.get("src_name") or "", "assoc_actor_1": "", "inter1": inter1 or "",
        "actor2": tgt.get("tgt_name") or "", "assoc_actor_2": "", "inter2": inter2 or "",
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": where or "", "region": country.region if country else "",
        "country": country.name if country else "", "admin1": incident.get("admin1") or "", "admin2": "",
        "admin3": "", "location": incident.get("place_name") or "",
        "latitude": "" if incident.get("lat") is None else incident["lat"],
        "longitude": "" if incident.get("lon") is None else incident["lon"],
        "geo_precision": {"city": 1, "other": 1, "admin2": 2, "admin1": 2}.get(feature or "", 3),
        "source": "; ".join(sorted({m["outlet"] for m in members if m.get("outlet")})), "source_scale": "",
        "notes": first.get("sentence_text") or "", "fatalities": fatalities, "tags": "",
        "timestamp": int(dt.datetime.fromisoformat(first_seen).replace(tzinfo=dt.UTC).timestamp())
        if first_seen else "",
    }


def write_acled(store: Store, frame: pd.DataFrame, out: TextIO) -> int:
    incidents = [r for r in records(frame) if r.get("acled_event_type")]
    members = _member_rows(store, [r["incident_id"] for r in incidents]) if incidents else pd.DataFrame()
    by_incident: dict[str, list[dict[str, Any]]] = {}
    for m in records(members):
        by_incident.setdefault(m["incident_id"], []).append(m)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for incident in incidents:
        incident["killed_reports"] = json.loads(incident.get("killed_reports") or "[]")
        writer.writerow(acled_row(incident, by_incident.get(incident["incident_id"], [])))
    return len(incidents)
