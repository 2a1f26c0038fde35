"""Store benchmark: 10 million synthetic events, the dyad-by-day series, and ingest throughput.

    python benchmarks/bench_store.py [--events 10000000] [--articles 3000] [--db PATH]

1. Bulk generation: `--events` synthetic events written straight into the store's `events`
   table by DuckDB SQL over `range()` (no Python loop), plus one incident per three events
   into `incidents`; reported as rows/s.
2. Ingest path: `--articles` hand-made records (three events each, with actors, places and
   casualties) written through `Ingestor` (records -> Arrow -> one INSERT per table and
   batch, one transaction per batch), extraction excluded; reported as rows/s over all tables.
3. Queries, each the median of 7 runs after one warm-up: the baseline, a full-table
   `COUNT(*)` and a full scan (`sum(intensity)`), then the dyad-by-day series
   (`eventwatch series --dyad RUS:UKR --level events`, both directions) over the events,
   and the same over the incidents. Ratios are against the full scan measured in this run.
   The target: the dyad-by-day series over 10M events in <= 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from eventwatch.document import ArticleText
from eventwatch.monitor.series import series_sql
from eventwatch.store.db import Store
from eventwatch.store.ingest import Ingestor
from eventwatch.store.query import Filters
from eventwatch.store.rows import dyad_key_sql
from eventwatch.store.sample import sample_record

COUNTRIES = ["RUS", "UKR", "USA", "CHN", "ISR", "PSE", "SDN", "SOM", "KEN", "ETH", "NGA", "MLI", "MMR", "AFG",
             "IRQ", "SYR", "YEM", "IRN", "TUR", "IND", "PAK", "COD", "LBY", "EGY", "FRA", "GBR", "DEU", "BRA",
             "MEX", "COL"]
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
QUADS = [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4]
SCORES = [2.5, 2.5, 5, 4.5, 9.5, 10, 6.5, 0, -3, -2, -3.5, -5, -6, -5.5, -7, -9]

GENERATE_EVENTS = """
INSERT INTO events (event_id, article_id, type, quad_class, intensity, factuality, event_date, date_precision,
                    country, lat, lon, src_country, tgt_country, dyad_key, killed_min, confidence, published,
                    record_schema, pipeline_version)
SELECT 'e' || i, 'a' || (i // 4), types[1 + (h % 16)], quads[1 + (h % 16)], scores[1 + (h % 16)], 'asserted',
       day, 'day', countries[1 + ((h // 7) % 30)], -40 + (h % 8000) / 100.0, -20 + ((h // 8000) % 14000) / 100.0,
       src, tgt, {dyad}, CASE WHEN h % 16 = 15 THEN (h // 101) % 20 END, 0.8, day, 'eventwatch.record/1', 'bench'
FROM (SELECT i, h, DATE '2015-01-01' + ((h // 16) % 3650)::INTEGER AS day,
             countries[1 + ((h // 3) % 30)] AS src, countries[1 + ((h // 11) % 30)] AS tgt, countries, types, quads,
             scores
      FROM (SELECT i, (hash(i) // 2)::BIGINT AS h FROM range(?) t(i)),
           (SELECT ?::VARCHAR[] AS countries, ?::VARCHAR[] AS types, ?::INTEGER[] AS quads, ?::DOUBLE[] AS scores))
""".format(dyad=dyad_key_sql("src", "tgt"))

GENERATE_INCIDENTS = """
INSERT INTO incidents (incident_id, type, quad_class, intensity, event_date, date_min, date_max, first_seen,
                       country, lat, lon, src_country, tgt_country, dyad_key, n_events, n_articles, n_sources, killed_min,
                       confidence)
SELECT 'inc-' || event_id, type, quad_class, intensity, event_date, event_date, event_date, published, country,
       lat, lon, src_country, tgt_country, dyad_key, 3, 3, 2, killed_min, confidence
FROM events WHERE hash(event_id) % 3 = 0
"""


def timed(run, repeat: int = 7) -> float:
    run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def ingest_path_rate(folder: Path, articles: int) -> tuple[int, float]:
    """Rows per second through Ingestor (records -> Arrow -> batched INSERTs), extraction excluded."""
    records = {}
    for n in range(articles):
        text = f"Article {n}: forces shelled Kharkiv and Izium; 3 people were killed, officials said."
        place = {"name": "Kharkiv", "country": "UKR", "lat": 49.99, "lon": 36.23}
        event = {"type": "ASSAULT", "date": "2024-10-22", "place": place, "killed": {"min": 3, "max": 3},
                 "source": {"name": "Russia", "country": "RUS"}, "target": {"name": "Ukraine", "country": "UKR"},
                 "trigger": "shelled"}
        records[text] = sample_record(text=text, published="2024-10-22", events=[event, event, event])
    with Store(folder / "ingest.duckdb") as store:
        ingestor = Ingestor(store, extract=lambda a: records[a.text], version="bench", batch_size=256)
        started = time.perf_counter()
        ingestor.ingest((ArticleText(text=t) for t in records), finish=False)
        seconds = time.perf_counter() - started
        rows = sum(n for table, n in store.counts().items() if table != "meta")
    return rows, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--db", type=Path, help="store file to build (default: a temporary one)")
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit (a shared laptop)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "bench.duckdb"
        with Store(path) as store:
            store.con.execute(f"SET memory_limit = '{args.memory_limit}'")
            threads = store.con.execute("SELECT current_setting('threads')").fetchone()[0]
            print(f"DuckDB {__import__('duckdb').__version__}, {threads} threads, memory limit {args.memory_limit}")
            started = time.perf_counter()
            with store.transaction():
                store.con.execute(GENERATE_EVENTS, [args.events, COUNTRIES, TYPES, QUADS, SCORES])
            generate = time.perf_counter() - started
            with store.transaction():
                store.con.execute(GENERATE_INCIDENTS)
            store.con.execute("CHECKPOINT")
            n_events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
            n_incidents = store.con.execute("SELECT count(*) FROM incidents").fetchone()[0]
            print(f"generated {n_events:,} events in {generate:.1f}s ({n_events / generate:,.0f} rows/s, bulk SQL); "
                  f"{n_incidents:,} incidents")

            rows, seconds = ingest_path_rate(Path(folder), args.articles)
            print(f"ingest path: {rows:,} rows of {args.articles:,} articles in {seconds:.2f}s "
                  f"({rows / seconds:,.0f} rows/s, {args.articles / seconds:,.0f} articles/s, extraction excluded)")

            con = store.con
            count = timed(lambda: con.execute("SELECT count(*) FROM events").fetchone())
            scan = timed(lambda: con.execute("SELECT sum(intensity) FROM events").fetchone())
            sql, params = series_sql(freq="day", level="events", filters=Filters(dyad="RUS:UKR"))
            dyad_rows = len(con.execute(sql, params).fetchall())
            dyad = timed(lambda: con.execute(sql, params).fetchall())
            sql_i, params_i = series_sql(freq="day", level="incidents", filters=Filters(dyad="RUS:UKR"))
            dyad_i = timed(lambda: con.execute(sql_i, params_i).fetchall())
            week_sql, week_params = series_sql(freq="week", by="type", level="events",
                                               filters=Filters(dyad="RUS:UKR"))
            week = timed(lambda: con.execute(week_sql, week_params).fetchall())
        print(f"baseline full-table COUNT(*):           {count * 1000:8.1f} ms")
        print(f"baseline full scan sum(intensity):      {scan * 1000:8.1f} ms  (ratio 1.00)")
        print(f"dyad-by-day series, events ({dyad_rows} days): {dyad * 1000:8.1f} ms  (ratio {dyad / scan:.2f} "
              f"of the full scan; target <= 200 ms: {'met' if dyad <= 0.2 else 'NOT met'})")
        print(f"dyad-by-day series, incidents:          {dyad_i * 1000:8.1f} ms  (ratio {dyad_i / scan:.2f})")
        print(f"dyad-by-week-and-type series, events:   {week * 1000:8.1f} ms  (ratio {week / scan:.2f})")


if __name__ == "__main__":
    main()
