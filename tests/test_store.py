"""The store: idempotent, versioned, crash-safe ingest of hand-made records, and queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwatch.document import ArticleText
from eventwatch.record import Record
from eventwatch.store import query
from eventwatch.store.db import Store, StoreError
from eventwatch.store.ingest import Ingestor, pipeline_version, reprocess
from eventwatch.store.sample import sample_record

DNIPRO = {"name": "Dnipro", "country": "UKR", "lat": 48.4666, "lon": 35.0407}
KHARKIV = {"name": "Kharkiv", "country": "UKR", "lat": 49.9935, "lon": 36.2304}

ARTICLES = [
    ("KYIV - A Russian drone strike on Dnipro on Tuesday killed at least 12 civilians, the governor said.",
     "Wire A", "https://a.example/1", {"type": "ASSAULT", "mode": "drone", "date": "2024-10-22", "place": DNIPRO,
                                       "source": {"name": "Russia", "country": "RUS"},
                                       "target": {"name": "civilians", "country": "UKR", "kind": "group",
                                                  "sector": ["CVL"]},
                                       "killed": {"min": 12, "max": None, "text": "killed at least 12 civilians"},
                                       "trigger": "strike"}),
    ("Russian drones slammed into apartment blocks in Dnipro overnight into Tuesday, killing 15 people.",
     "Wire B", "https://b.example/7", {"type": "ASSAULT", "mode": "drone", "date": "2024-10-22", "place": DNIPRO,
                                       "source": {"name": "Russia", "country": "RUS"},
                                       "killed": {"min": 15, "max": 15, "text": "killing 15 people"},
                                       "trigger": "slammed"}),
    ("Ukrainian police detained a man in Kharkiv on Friday on suspicion of spying for Moscow.",
     "Wire C", "https://c.example/3", {"type": "COERCE", "mode": "arrest", "date": "2024-10-25", "place": KHARKIV,
                                       "source": {"name": "Ukrainian police", "country": "UKR", "sector": ["COP"]},
                                       "trigger": "detained"}),
]


def records() -> dict[str, Record]:
    return {text: sample_record(text=text, source=outlet, url=url, published="2024-10-22", events=[event])
            for text, outlet, url, event in ARTICLES}


def articles() -> list[ArticleText]:
    return [ArticleText(text=text, url=url, source=outlet, origin=f"wire:{n}")
            for n, (text, outlet, url, _event) in enumerate(ARTICLES)]


def extractor(table: dict[str, Record]):
    return lambda article: table[article.text]


def content(store: Store) -> dict[str, list[tuple]]:
    """Every stored row except ingestion timestamps: what must be equal between two runs."""
    out = {}
    for table in ("articles", "events", "event_actors", "casualties", "actors", "places", "incidents",
                  "incident_events"):
        columns = [c for c in store.con.execute(f"SELECT * FROM {table} LIMIT 0").df().columns if c != "ingested_at"]
        names = ", ".join(f'"{c}"' for c in columns)
        out[table] = store.con.execute(f"SELECT {names} FROM {table} ORDER BY ALL").fetchall()
    return out


def test_ingest_stores_every_kind_of_row(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        report = Ingestor(store, extract=extractor(records()), version="v1").ingest(articles())
        counts = store.counts()
        assert (report.stored, report.events, report.failed) == (3, 3, 0)
        assert counts["articles"] == 3 and counts["events"] == 3 and counts["places"] == 3
        assert counts["casualties"] == 2 and counts["event_actors"] == 4
        row = store.con.execute("SELECT record_schema, pipeline_version, outlet FROM events "
                                "WHERE type = 'COERCE'").fetchone()
        assert row == ("eventwatch.record/1", "v1", "Wire C")
        stored = store.con.execute("SELECT record FROM articles WHERE outlet = 'Wire A'").fetchone()[0]
        assert Record.from_dict(json.loads(stored)).events[0].casualties[0].min == 12


def test_second_ingest_changes_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        Ingestor(store, extract=extractor(records()), version="v1").ingest(articles())
        before = content(store)
        report = Ingestor(store, extract=extractor(records()), version="v1").ingest(articles())
        assert (report.stored, report.duplicates) == (0, 3)
        assert content(store) == before


def test_same_url_or_same_text_is_a_duplicate(tmp_path: Path) -> None:
    table = records()
    with Store(tmp_path / "s.duckdb") as store:
        ingestor = Ingestor(store, extract=extractor(table), version="v1")
        ingestor.ingest(articles()[:1])
        same_text = ArticleText(text=ARTICLES[0][0], url="https://mirror.example/x")
        same_url = ArticleText(text=ARTICLES[1][0], url=ARTICLES[0][2])
        report = ingestor.ingest([same_text, same_url])
        assert (report.stored, report.duplicates) == (0, 2)


def test_another_text_under_a_used_id_is_kept_under_a_new_id(tmp_path: Path) -> None:
    table = records()
    first, second = ARTICLES[0][0], ARTICLES[1][0]

    def extract(article: ArticleText) -> Record:
        record = table[article.text]
        return record.model_copy(update={"article": record.article.model_copy(update={"id": article.id})})

    with Store(tmp_path / "s.duckdb") as store:
        ingestor = Ingestor(store, extract=extract, version="v1")
        ingestor.ingest([ArticleText(text=first, id="1")])
        report = ingestor.ingest([ArticleText(text=second, id="1")])
        assert report.stored == 1
        ids = [r[0] for r in store.con.execute("SELECT article_id FROM articles ORDER BY seq").fetchall()]
        assert ids[0] == "1" and ids[1].startswith("1~") and len(ids[1]) == 10


def test_a_failing_article_is_reported_and_the_rest_stored(tmp_path: Path) -> None:
    table = records()
    del table[ARTICLES[1][0]]
    errors: list[str] = []
    with Store(tmp_path / "s.duckdb") as store:
        report = Ingestor(store, extract=extractor(table), version="v1", on_error=errors.append).ingest(articles())
        assert (report.stored, report.failed) == (2, 1)
        assert errors and errors[0].startswith("wire:1: extraction failed")


def test_batches_commit_whole_articles_and_a_restart_finishes_the_job(tmp_path: Path) -> None:
    """A run interrupted after its first batch, restarted, ends like an uninterrupted run."""
    reference = tmp_path / "ref.duckdb"
    with Store(reference) as store:
        Ingestor(store, extract=extractor(records()), version="v1", batch_size=2).ingest(articles())
        expected = content(store)

    class Interrupted(BaseException):
        """Like KeyboardInterrupt: not an extraction failure, it stops the run."""

    def dies_on_third(article: ArticleText) -> Record:
        if article.text == ARTICLES[2][0]:
            raise Interrupted
        return records()[article.text]

    broken = tmp_path / "broken.duckdb"
    with Store(broken) as store:
        with pytest.raises(Interrupted):
            Ingestor(store, extract=dies_on_third, version="v1", batch_size=2).ingest(articles())
        assert store.counts()["articles"] == 2 and store.get_meta("incidents_stale") == "1"
    with Store(broken) as store:
        Ingestor(store, extract=extractor(records()), version="v1", batch_size=2).ingest(articles())
        assert content(store) == expected


def test_reprocess_rewrites_rows_of_an_older_pipeline_version(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        Ingestor(store, extract=extractor(records()), version="v1").ingest(articles())
        assert reprocess(store, extract=extractor(records()), version="v1").stored == 0
        newer = {text: r.model_copy(update={"events": []}) if "Kharkiv" in text else r
                 for text, r in records().items()}
        report = reprocess(store, extract=extractor(newer), version="v2")
        assert report.stored == 3
        versions = store.con.execute("SELECT DISTINCT pipeline_version FROM articles").fetchall()
        assert versions == [("v2",)]
        assert store.con.execute("SELECT count(*) FROM events WHERE type = 'COERCE'").fetchone()[0] == 0
        assert store.counts()["articles"] == 3


def test_pipeline_version_follows_the_configuration() -> None:
    assert pipeline_version({"stages": []}) == pipeline_version({"stages": []})
    assert pipeline_version({"stages": []}) != pipeline_version({"stages": [{"name": "times"}]})


def test_query_filters(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        Ingestor(store, extract=extractor(records()), version="v1").ingest(articles())
        assert len(query.events(store, dyad="UKR:RUS")) == 1
        assert len(query.events(store, dyad="UKR:RUS", directed=True)) == 0
        assert len(query.events(store, actor="russia")) == 2
        assert len(query.events(store, types=["COERCE"])) == 1
        assert len(query.events(store, start="2024-10-23")) == 1
        assert len(query.events(store, near=(48.5, 35.0), radius_km=20)) == 2
        assert len(query.events(store, near=(48.5, 35.0), radius_km=300)) == 3
        incidents = query.incidents(store, country="UKR")
        assert sorted(incidents["n_articles"]) == [1, 2]
        strike = incidents[incidents["type"] == "ASSAULT"].iloc[0]
        assert (strike["killed_min"], strike["killed_max"], strike["n_sources"]) == (12, 15, 2)
        reports = query.mentions(store, strike["incident_id"])
        assert sorted(reports["outlet"]) == ["Wire A", "Wire B"]


def test_a_bad_dyad_is_a_clear_error(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(ValueError, match="RUS:UKR"):
        query.events(store, dyad="RUS")


def test_read_only_open_of_a_missing_store_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_dyad_key_is_the_same_in_python_and_sql(tmp_path: Path) -> None:
    from eventwatch.store.rows import dyad_key, dyad_key_sql

    assert dyad_key("RUS", "UKR") == dyad_key("UKR", "RUS") != dyad_key("RUS", "USA")
    assert dyad_key("RUS", None) is None and dyad_key("RUS", "rebels") is None
    with Store(tmp_path / "s.duckdb") as store:
        sql = f"SELECT {dyad_key_sql('a', 'b')} FROM (SELECT 'UKR' AS a, 'RUS' AS b)"
        assert store.con.execute(sql).fetchone()[0] == dyad_key("RUS", "UKR")


def test_a_store_with_other_columns_is_refused(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "old.duckdb"
    Store(path).close()
    with duckdb.connect(str(path)) as con:
        con.execute("ALTER TABLE events DROP COLUMN dyad_key")
    with pytest.raises(StoreError, match="table events"):
        Store(path)
