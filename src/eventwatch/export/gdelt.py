"""A GDELT-style event table: GDELT 2.0's 61 event columns, tab-separated, with a header row.

Mapping (docs/store.md, "Exports"): `GLOBALEVENTID` is a stable 60-bit integer from our
event (or incident) id; `Actor1*` the first source actor, `Actor2*` the first target;
`ActorNCode` is the country code followed by the first sector code ("RUSMIL"), as CAMEO
actor codes are built; `EventCode` our CAMEO code, `EventRootCode` its first two digits,
`QuadClass` and `GoldsteinScale` our quad class and intensity; `NumMentions`,
`NumSources`, `NumArticles` are 1 for event rows and the merged counts for incident rows
(GDELT counts every report as a new event; our incidents do not); `AvgTone` is left empty
(we do not score tone); `ActionGeo_*` is the event's place (type 1 country, 4 city or
other point, 5 first-level division), actor geography is left empty. `DATEADDED` is the
publication day (YYYYMMDD000000), `SOURCEURL` the article URL, or the first source
article's for an incident.
"""

from __future__ import annotations

import csv
import hashlib
from typing import Any, TextIO

import pandas as pd

from eventwatch.export.base import records
from eventwatch.store.db import Store

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
COLUMNS = (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
           + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
           + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
              "NumMentions", "NumSources", "NumArticles", "AvgTone"]
           + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO]
           + [f"ActionGeo_{c}" for c in _GEO] + ["DATEADDED", "SOURCEURL"])
_GEO_TYPE = {"country": 1, "admin1": 5, "city": 4, "admin2": 4, "other": 4}


def global_id(identifier: str) -> int:
    return int(hashlib.sha256(identifier.encode()).hexdigest()[:15], 16)


def _actor(prefix: str, name: Any, country: Any, sectors: Any) -> dict[str, Any]:
    sectors = list(sectors or [])
    types = (sectors + ["", "", ""])[:3]
    return {f"{prefix}Code": (country or "") + (sectors[0] if sectors else ""), f"{prefix}Name": (name or "").upper(),
            f"{prefix}CountryCode": country or "", f"{prefix}Type1Code": types[0], f"{prefix}Type2Code": types[1],
            f"{prefix}Type3Code": types[2]}


def gdelt_row(row: dict[str, Any], *, level: str, urls: dict[str, str]) -> dict[str, Any]:
    date = row.get("event_date")
    ymd = date.replace("-", "") if date else ""
    key = row["event_id"] if level == "events" else row["incident_id"]
    cameo = row.get("cameo") or ""
    out: dict[str, Any] = {c: "" for c in COLUMNS}
    out.update({
        "GLOBALEVENTID": global_id(key), "SQLDATE": ymd, "MonthYear": ymd[:6], "Year": ymd[:4],
        "FractionDate": (f"{int(ymd[:4]) + (int(ymd[4:6]) - 1) / 12 + (int(ymd[6:]) - 1) / 365:.4f}" if ymd else ""),
        "IsRootEvent": 1, "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
        "QuadClass": row["quad_class"], "GoldsteinScale": row["intensity"],
    })
    out.update(_actor("Actor1", row.get("src_name"), row.get("src_country"), row.get("src_sector")))
    out.update(_actor("Actor2", row.get("tgt_name"), row.get("tgt_country"), row.get("tgt_sector")))
    if level == "events":
        out.update({"NumMentions": 1, "NumSources": 1, "NumArticles": 1})
        published = row.get("published")
        out["SOURCEURL"] = urls.get(row["article_id"], "")
    else:
        out.update({"NumMentions": row["n_events"], "NumSources": row["n_sources"], "NumArticles": row["n_articles"]})
        published = row.get("first_seen")
        out["SOURCEURL"] = urls.get(key, "")
    out["DATEADDED"] = published.replace("-", "") + "000000" if published else ""
    if row.get("place_name"):
        out.update({"ActionGeo_Type": _GEO_TYPE.get(row.get("place_feature") or "other", 4),
                    "ActionGeo_FullName": row["place_name"], "ActionGeo_CountryCode": row.get("country") or "",
                    "ActionGeo_ADM1Code": row.get("admin1") or "",
                    "ActionGeo_Lat": "" if row.get("lat") is None else row["lat"],
                    "ActionGeo_Long": "" if row.get("lon") is None else row["lon"]})
    return out


def _urls(store: Store, *, level: str) -> dict[str, str]:
    if level == "events":
        sql = "SELECT article_id, url FROM articles WHERE url IS NOT NULL"
    else:
        sql = """SELECT ie.incident_id, arg_min(a.url, a.seq) FROM incident_events ie
                 JOIN articles a USING (article_id) WHERE a.url IS NOT NULL GROUP BY ie.incident_id"""
    return dict(store.con.execute(sql).fetchall())


def write_gdelt(store: Store, frame: pd.DataFrame, out: TextIO, *, level: str) -> int:
    urls = _urls(store, level=level)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    rows = records(frame)
    for row in rows:
        writer.writerow(gdelt_row(row, level=level, urls=urls))
    return len(rows)
