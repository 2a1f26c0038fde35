"""Cross-source merging on hand-made records: same incident from several outlets, and near misses."""

from __future__ import annotations

import json
from pathlib import Path

from eventwatch.document import ArticleText
from eventwatch.evaluate import merge as evaluation
from eventwatch.store import query
from eventwatch.store.db import Store
from eventwatch.store.ingest import Ingestor
from eventwatch.store.merge import MergeConfig, distance_km, rebuild, words
from eventwatch.store.sample import sample_record

MOGADISHU = {"name": "Mogadishu", "country": "SOM", "lat": 2.0371, "lon": 45.3438}
KISMAYO = {"name": "Kismayo", "country": "SOM", "lat": -0.3582, "lon": 42.5454}
SHABAAB = {"name": "al-Shabaab", "country": "SOM", "kind": "organization", "sector": ["INS"]}


def bomb(text: str, outlet: str, *, date: str = "2025-03-05", place: dict | None = None,
         killed: dict | None = None, source: dict | None = SHABAAB, factuality: str = "asserted",
         mode: str | None = "explosives") -> tuple[str, str, dict]:
    return text, outlet, {"type": "ASSAULT", "mode": mode, "date": date, "place": place or MOGADISHU,
                          "killed": killed, "source": source, "factuality": factuality,
                          "trigger": text.split()[2]}


def store_of(tmp_path: Path, items: list[tuple[str, str, dict]], **config: float) -> Store:
    table = {text: sample_record(text=text, source=outlet, published=event["date"], events=[event],
                                 url=f"https://{outlet.lower().replace(' ', '')}.example/{n}")
             for n, (text, outlet, event) in enumerate(items)}
    store = Store(tmp_path / "m.duckdb")
    Ingestor(store, extract=lambda a: table[a.text], version="t", merge_config=MergeConfig(**config)).ingest(
        ArticleText(text=text, source=outlet) for text, outlet, _ in items)
    return store


def test_three_outlets_one_incident_with_every_figure_kept(tmp_path: Path) -> None:
    items = [
        bomb("A car bomb exploded at a crowded market in Mogadishu on Wednesday, killing at least 12 people.",
             "Horn Herald", killed={"min": 12, "max": None, "text": "killing at least 12 people"}),
        bomb("Fifteen people were killed when a vehicle blew up in a busy market in the Somali capital.",
             "Continental Press", killed={"min": 15, "max": 15, "text": "Fifteen people were killed"}),
        bomb("Somalia mourned those killed in the market bombing in Mogadishu blamed on al-Shabaab.",
             "East Africa Report", source=None),
    ]
    with store_of(tmp_path, items) as store:
        incidents = query.incidents(store)
        assert len(incidents) == 1
        incident = incidents.iloc[0]
        assert (incident["n_articles"], incident["n_sources"], incident["n_events"]) == (3, 3, 3)
        assert (incident["killed_min"], incident["killed_max"]) == (12, 15)
        reports = json.loads(incident["killed_reports"])
        assert sorted((r["outlet"], r["min"], r["max"]) for r in reports) == [
            ("Continental Press", 15, 15), ("Horn Herald", 12, None)]
        assert str(incident["first_seen"])[:10] == "2025-03-05"
        assert len(query.mentions(store, incident["incident_id"])) == 3


def test_same_type_elsewhere_or_days_later_stays_apart(tmp_path: Path) -> None:
    items = [
        bomb("A car bomb exploded at a market in Mogadishu on Wednesday, killing 12 people.", "Horn Herald",
             killed={"min": 12, "max": 12}),
        bomb("A car bomb exploded at a checkpoint in Kismayo on Wednesday, killing 4 soldiers.", "Horn Herald",
             place=KISMAYO, killed={"min": 4, "max": 4}),
        bomb("A car bomb exploded near a hotel in Mogadishu on Saturday, killing 6 people.", "Wire B",
             date="2025-03-08", killed={"min": 6, "max": 6}),
    ]
    with store_of(tmp_path, items) as store:
        assert len(query.incidents(store)) == 3


def test_disagreeing_figures_on_the_same_day_and_place_need_other_evidence(tmp_path: Path) -> None:
    """Two different attacks in one city on one day: different modes and tolls keep them apart."""
    items = [
        bomb("A car bomb exploded at a market in Mogadishu on Wednesday, killing 12 shoppers.", "Horn Herald",
             killed={"min": 12, "max": 12}),
        bomb("Militants fired mortar shells at the airport in Mogadishu on Wednesday, killing 2 guards.",
             "Wire B", mode="heavy-weapons", killed={"min": 2, "max": 2}),
    ]
    with store_of(tmp_path, items) as store:
        assert len(query.incidents(store)) == 2


def test_events_that_did_not_happen_form_no_incident(tmp_path: Path) -> None:
    items = [
        bomb("Al-Shabaab threatened that a car bomb would hit Mogadishu markets this week.", "Wire B",
             factuality="future"),
        bomb("A car bomb exploded at a market in Mogadishu on Wednesday, killing 12 people.", "Horn Herald",
             killed={"min": 12, "max": 12}),
    ]
    with store_of(tmp_path, items) as store:
        incidents = query.incidents(store)
        assert len(incidents) == 1 and incidents.iloc[0]["n_events"] == 1
        events = query.events(store)
        assert events["incident_id"].isna().sum() == 1


def test_merging_does_not_need_actors(tmp_path: Path) -> None:
    items = [
        bomb("A car bomb exploded at a crowded market in Mogadishu on Wednesday, killing 12 people.",
             "Horn Herald", source=None, killed={"min": 12, "max": 12}),
        bomb("Twelve people were killed when a car bomb blew up in a busy Mogadishu market on Wednesday.",
             "Wire B", source=None, killed={"min": 12, "max": 12}),
    ]
    with store_of(tmp_path, items) as store:
        assert len(query.incidents(store)) == 1


def test_a_higher_threshold_splits_and_rebuild_is_deterministic(tmp_path: Path) -> None:
    items = [
        bomb("A car bomb exploded at a market in Mogadishu on Wednesday, killing 12 people.", "Horn Herald",
             killed={"min": 12, "max": 12}),
        bomb("An explosion tore through a market in Mogadishu on Wednesday, officials said.", "Wire B",
             mode=None, source=None),
    ]
    with store_of(tmp_path, items) as store:
        assert len(query.incidents(store)) == 1
        first = store.con.execute("SELECT * FROM incidents ORDER BY ALL").fetchall()
        rebuild(store)
        assert store.con.execute("SELECT * FROM incidents ORDER BY ALL").fetchall() == first
        assert rebuild(store, config=MergeConfig(threshold=0.99)) == 2


def test_helpers() -> None:
    assert round(distance_km(31.3402, 34.3063, 31.2968, 34.2435)) == 8  # Khan Younis - Rafah
    assert words("The market's bombing killed 12 people on Monday") == {"market", "bombing", "killed", "12"}


def test_pairwise_scores() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert evaluation.pairwise(gold, gold) == (2, 0, 0)
    assert evaluation.pairwise(gold, {"a": "x", "b": "x", "c": "x", "d": "y"}) == (1, 2, 1)


def test_the_merge_evaluation_runs_on_the_project_test_set() -> None:
    report = evaluation.run(None, limit=10)
    assert report.n == 10 and set(report.summary) == {"precision", "recall", "f1"}
