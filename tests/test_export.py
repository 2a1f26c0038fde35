"""Every export format, written from a store of hand-made records and read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from eventwatch.document import ArticleText
from eventwatch.export import ExportError, export
from eventwatch.export.acled import conservative_count, inter_code
from eventwatch.export.gdelt import COLUMNS as GDELT_COLUMNS
from eventwatch.store.db import Store
from eventwatch.store.ingest import Ingestor
from eventwatch.store.sample import sample_record

OMDURMAN = {"name": "Omdurman", "country": "SDN", "lat": 15.6445, "lon": 32.4777}
SAF = {"name": "Sudanese Armed Forces", "country": "SDN", "kind": "organization", "sector": ["MIL"]}
CIVILIANS = {"name": "civilians", "country": "SDN", "kind": "group", "sector": ["CVL"]}
AIR = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}

REPORTS = [
    ("An army air strike on a market in Omdurman on Saturday killed 21 people, volunteers said.", "Nile Monitor",
     {"min": 21, "max": 21, "text": "killed 21 people"}),
    ("Dozens of people were killed in an army air raid on a market in Omdurman on Saturday.", "Horn Herald",
     {"min": 24, "max": None, "text": "Dozens of people were killed"}),
]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    table = {}
    for n, (text, outlet, killed) in enumerate(REPORTS):
        table[text] = sample_record(
            text=text, source=outlet, url=f"https://{n}.example/a", published="2025-03-08",
            events=[{"type": "ASSAULT", "mode": "aerial", "cameo": "195", "acled": AIR, "date": "2025-03-08",
                     "place": OMDURMAN, "source": SAF, "target": CIVILIANS, "killed": killed,
                     "trigger": text.split()[3], "context": ["military"]}])
    meeting = "Egypt's foreign minister met Turkish officials in Ankara on Wednesday."
    table[meeting] = sample_record(text=meeting, source="Wire", published="2025-03-05", events=[{
        "type": "CONSULT", "mode": "visit", "date": "2025-03-05", "trigger": "met",
        "source": {"name": "Egypt", "country": "EGY"}, "target": {"name": "Turkey", "country": "TUR"}}])
    s = Store(tmp_path / "s.duckdb")
    Ingestor(s, extract=lambda a: table[a.text], version="t").ingest(ArticleText(text=t) for t in table)
    yield s
    s.close()


def text_of(store: Store, fmt: str, **options: object) -> str:
    out = io.StringIO()
    export(store, fmt, stdout=out, **options)
    return out.getvalue()


def test_csv_events_and_incidents_read_back_with_pandas(store: Store, tmp_path: Path) -> None:
    export(store, "csv", output=tmp_path / "e.csv")
    events = pd.read_csv(tmp_path / "e.csv")
    assert len(events) == 3 and {"event_id", "incident_id", "type", "lat", "killed_min"} <= set(events.columns)
    assert events["incident_id"].nunique() == 2
    incidents = pd.read_csv(io.StringIO(text_of(store, "csv", level="incidents", types=["ASSAULT"])))
    assert incidents[["n_articles", "killed_min", "killed_max"]].values.tolist() == [[2, 21, 24]]


def test_parquet_needs_a_path_and_keeps_lists(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="--output"):
        export(store, "parquet")
    export(store, "parquet", output=tmp_path / "e.parquet", country="SDN")
    frame = pd.read_parquet(tmp_path / "e.parquet")
    assert len(frame) == 2 and list(frame["src_sector"].iloc[0]) == ["MIL"]


def test_jsonl_reads_back_with_pandas(store: Store) -> None:
    frame = pd.read_json(io.StringIO(text_of(store, "jsonl", dyad="SDN:SDN")), lines=True)
    assert len(frame) == 2 and frame["event_date"].astype(str).tolist() == ["2025-03-08"] * 2


def test_geojson_points_are_lon_lat(store: Store) -> None:
    data = json.loads(text_of(store, "geojson", level="incidents"))
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]  # the meeting has no place: left out
    assert feature["geometry"] == {"type": "Point", "coordinates": [32.4777, 15.6445]}
    assert feature["properties"]["n_sources"] == 2


def test_plover_records_use_plover_fields(store: Store) -> None:
    rows = [json.loads(line) for line in text_of(store, "plover").splitlines()]
    assert len(rows) == 3
    strike = next(r for r in rows if r["event"] == "ASSAULT")
    assert {"id", "date", "event", "mode", "context", "source", "target", "eventText", "text", "eventLoc"} <= set(strike)
    assert strike["source"] == [{"actorText": "Sudanese Armed Forces", "code": "SDN", "sector": "MIL",
                                 "name": "Sudanese Armed Forces"}]
    assert strike["eventLoc"]["name"] == "Omdurman" and strike["context"] == ["military"]


def test_acled_rows_are_incidents_with_conservative_fatalities(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(text_of(store, "acled"))))
    assert len(rows) == 1  # one incident; the meeting has no ACLED type
    row = rows[0]
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("1", "7", "17")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["fatalities"] == "12"  # "dozens" counts as 12, the lowest report wins
    assert row["country"] == "Sudan" and row["location"] == "Omdurman" and row["event_date"] == "2025-03-08"
    assert row["source"] == "Horn Herald; Nile Monitor"


def test_acled_conventions() -> None:
    assert conservative_count(24, "Dozens of people were killed") == 12
    assert conservative_count(15, "killing 15 people") == 15
    assert inter_code(sectors=["MIL"], country="RUS", kind="state", where="UKR", type_="ASSAULT", role="source",
                      mode=None) == 8
    assert inter_code(sectors=[], country="KEN", kind="group", where="KEN", type_="PROTEST", role="source",
                      mode="riot") == 5
    assert inter_code(sectors=["CVL"], country="SDN", kind="group", where="SDN", type_="PROTEST", role="source",
                      mode="demo") == 6
    assert inter_code(sectors=["COP"], country="KEN", kind="organization", where="KEN", type_="PROTEST",
                      role="source", mode=None) == 1


def test_gdelt_tsv_has_the_event_columns(store: Store) -> None:
    frame = pd.read_csv(io.StringIO(text_of(store, "gdelt")), sep="\t", dtype=str)
    assert list(frame.columns) == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    strike = frame[frame["EventRootCode"] == "19"].iloc[0]
    assert (strike["SQLDATE"], strike["Actor1Code"], strike["Actor2Code"], strike["QuadClass"]) == (
        "20250308", "SDNMIL", "SDNCVL", "4")
    assert strike["ActionGeo_FullName"] == "Omdurman" and strike["ActionGeo_Type"] == "4"
    merged = pd.read_csv(io.StringIO(text_of(store, "gdelt", level="incidents", types=["ASSAULT"])), sep="\t")
    assert merged[["NumSources", "NumArticles"]].values.tolist() == [[2, 2]]


def test_unknown_format_is_an_error(store: Store) -> None:
    with pytest.raises(ExportError, match="unknown format"):
        export(store, "xlsx")
