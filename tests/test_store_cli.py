"""The store commands end to end, with a pipeline without stages (the store is under test)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from eventwatch.cli import app

ARTICLES = [
    {"id": "a1", "text": "Protesters marched in Nairobi on Tuesday against the finance bill.", "published": "2025-03-04",
     "url": "https://wire.example/1", "source": "Wire"},
    {"id": "a2", "text": "Police fired tear gas at marchers in Nairobi on Tuesday.", "published": "2025-03-04",
     "url": "https://wire.example/2", "source": "Wire"},
]


def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    config = tmp_path / "light.yaml"
    config.write_text("stages: []\n", encoding="utf-8")
    return source, config, tmp_path / "s.duckdb"


def test_ingest_twice_then_export_and_series(tmp_path: Path) -> None:
    source, config, db = setup(tmp_path)
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(source), "--db", str(db), "--config", str(config)])
    assert first.exit_code == 0, first.output
    assert "stored 2" in first.output
    second = runner.invoke(app, ["ingest", str(source), "--db", str(db), "--config", str(config)])
    assert "stored 0" in second.output and "2 already stored" in second.output
    out = tmp_path / "events.parquet"
    result = runner.invoke(app, ["export", "--format", "parquet", "--output", str(out), "--db", str(db)])
    assert result.exit_code == 0 and pd.read_parquet(out).empty
    refused = runner.invoke(app, ["export", "--format", "parquet", "--db", str(db)])
    assert refused.exit_code == 1 and "--output" in refused.output
    series = runner.invoke(app, ["series", "--db", str(db), "--dyad", "RUS:UKR"])
    assert series.exit_code == 0 and series.stdout.startswith("period,count,intensity,conflict,killed,injured")


def test_bad_arguments_are_one_line_errors(tmp_path: Path) -> None:
    _source, _config, db = setup(tmp_path)
    runner = CliRunner()
    missing = runner.invoke(app, ["series", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no such store" in missing.output
    runner.invoke(app, ["merge", "--db", str(db)])
    bad = runner.invoke(app, ["series", "--db", str(db), "--start", "last week"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - name: x\n    types: [ASSAULT]\n", encoding="utf-8")
    refused = runner.invoke(app, ["alerts", "--rules", str(rules), "--db", str(db)])
    assert refused.exit_code == 1 and "threshold" in refused.output


def test_info_counts_rows(tmp_path: Path) -> None:
    source, config, db = setup(tmp_path)
    runner = CliRunner()
    runner.invoke(app, ["ingest", str(source), "--db", str(db), "--config", str(config)])
    result = runner.invoke(app, ["info", "--db", str(db)])
    assert result.exit_code == 0
    assert "articles                  2" in result.stdout and "incidents up to date: yes" in result.stdout
