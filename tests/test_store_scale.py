"""Extraction on a real local Dask cluster stores exactly what a serial ingest stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwatch.ingest import open_source, read_source
from eventwatch.pipeline import Pipeline
from eventwatch.store.db import Store, snapshot
from eventwatch.store.ingest import Ingestor

distributed = pytest.importorskip("dask.distributed")


def test_dask_ingest_equals_serial_ingest(tmp_path: Path) -> None:
    from eventwatch.store.scale import DaskExtractor

    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": f"Protesters marched in Nairobi on day {i}.",
                         "published": "2025-03-04"}) for i in range(30)]
    lines.insert(10, "not json")  # a bad line is reported, the rest is stored
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = tmp_path / "light.yaml"
    config.write_text("stages: []\n", encoding="utf-8")

    def items():
        return read_source(open_source(source))

    with Store(tmp_path / "serial.duckdb") as store:
        Ingestor(store, extract=Pipeline.from_config(config).run, version="v", batch_size=4,
                 on_error=lambda m: None).ingest(items())
        expected = snapshot(store)
    with (distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None) as cluster,
          distributed.Client(cluster) as client,
          Store(tmp_path / "dask.duckdb") as store):
        report = Ingestor(store, extract_many=DaskExtractor(client, config=config, window=5), version="v",
                          batch_size=4, on_error=lambda m: None).ingest(items())
        assert (report.stored, report.failed) == (30, 1)
        assert snapshot(store) == expected
