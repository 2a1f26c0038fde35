"""GeoJSON (RFC 7946): a FeatureCollection of Points, one per located event or incident.

Coordinates are [longitude, latitude] in WGS84, as the RFC requires; rows without a
location are left out (their number is returned). Properties are scalars (lists joined
with ';') so that QGIS and other GIS tools read every attribute as a column.
"""

from __future__ import annotations

import json
from typing import TextIO

import pandas as pd

from eventwatch.export.base import records


def write_geojson(frame: pd.DataFrame, out: TextIO) -> tuple[int, int]:
    """Returns (features written, rows left out for want of coordinates)."""
    features = []
    skipped = 0
    for row in records(frame):
        lat, lon = row.get("lat"), row.get("lon")
        if lat is None or lon is None:
            skipped += 1
            continue
        properties = {k: (";".join(map(str, v)) if isinstance(v, list) else v) for k, v in row.items()
                      if k not in ("lat", "lon")}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": properties})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features), skipped
