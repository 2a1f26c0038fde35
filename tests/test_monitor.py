"""Monitoring: series, escalation detectors, alert rules and their notifiers, the watch loop."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from eventwatch.document import ArticleText
from eventwatch.monitor.escalation import Detector
from eventwatch.monitor.rules import Rule, RuleError, RuleSet
from eventwatch.monitor.series import series
from eventwatch.monitor.watch import Watcher
from eventwatch.record import Record
from eventwatch.store.db import Store
from eventwatch.store.ingest import Ingestor
from eventwatch.store.sample import sample_record

START = dt.date(2025, 1, 1)


def place(i: int) -> dict:
    # Points about 220 km apart, so that no two synthetic incidents merge.
    return {"name": f"Town {i}", "country": "UKR", "lat": 44.0 + (i // 10) * 2.0, "lon": 22.0 + (i % 10) * 2.0}


def strike(day: int, n: int, *, killed: int = 1) -> Record:
    date = (START + dt.timedelta(days=day)).isoformat()
    text = f"Russian forces shelled Town {n} on day {day}, killing {killed} people, officials said."
    return sample_record(text=text, published=date, source=f"Outlet {n % 3}", events=[{
        "type": "ASSAULT", "mode": "heavy-weapons", "date": date, "place": place(n), "trigger": "shelled",
        "source": {"name": "Russia", "country": "RUS", "text": "Russian"},
        "target": {"name": "Ukraine", "country": "UKR", "text": "Town"}, "killed": {"min": killed, "max": killed}}])


def calm(days: range) -> list[Record]:
    """One strike a day, in towns that rotate over ten days."""
    return [strike(day, day % 10) for day in days]


def surge(days: range, per_day: int = 8) -> list[Record]:
    return [strike(day, 10 + (day - days.start) * per_day + k, killed=3) for day in days for k in range(per_day)]


def ingest(store: Store, records: list[Record]) -> None:
    table = {r.article.id: r for r in records}
    Ingestor(store, extract=lambda a: table[a.id], version="t").ingest(
        ArticleText(text=f"{r.article.id} text", id=r.article.id, source=r.article.source) for r in records)


class Hook(http.server.BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hook.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    Hook.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/alerts"
    server.shutdown()
    server.server_close()


def rules_file(tmp_path: Path, url: str, rule: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(f"""
notify:
  - {{jsonl: alerts.jsonl}}
  - {{webhook: "{url}"}}
rules:
{rule}
""", encoding="utf-8")
    return path


THRESHOLD_RULE = """
  - name: rus-ukr-surge
    who: {dyad: "RUS:UKR"}
    types: [ASSAULT]
    where: {country: UKR}
    window: 3d
    threshold: 10
"""


def test_series_counts_incidents_per_day_and_week(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, calm(range(14)) + surge(range(14, 15)))
        daily = series(store, dyad="RUS:UKR")
        assert len(daily) == 15 and daily["count"].tolist() == [1] * 14 + [8]
        assert daily["killed"].iloc[-1] == 24 and daily["conflict"].iloc[0] == pytest.approx(9.5)
        weekly = series(store, freq="week", by="type")
        assert weekly["count"].sum() == 22 and set(weekly["type"]) == {"ASSAULT"}
        assert weekly["period"].dt.day_of_week.eq(0).all()
        assert series(store, dyad="RUS:USA").empty
        filled = series(store, start="2024-12-30", end="2025-01-20", fill=True, near=(44.0, 22.0), radius_km=10)
        assert len(filled) == 22 and filled["count"].sum() == 2


def test_zscore_detector_fires_on_the_jump_and_not_on_the_calm_baseline() -> None:
    values = pd.Series([1, 2, 1, 1, 2, 1, 0, 1, 2, 1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 0, 9, 11, 3])
    result = Detector(method="zscore", baseline=14, min_baseline=7).run(values)
    assert result["alarm"].tolist().index(True) == 20
    assert not result["alarm"].iloc[:20].any()


def test_cusum_detector_catches_a_sustained_drift_a_zscore_misses() -> None:
    values = pd.Series([2.0] * 20 + [4.0] * 10)
    assert not Detector(method="zscore", baseline=14, min_baseline=7).run(values)["alarm"].any()
    alarms = Detector(method="cusum", baseline=14, min_baseline=7, h=3).run(values)["alarm"]
    assert not alarms.iloc[:20].any() and alarms.iloc[20:].any()


def test_rule_fires_once_on_an_escalation_never_on_the_baseline(tmp_path: Path, webhook: str) -> None:
    ruleset = RuleSet.load(rules_file(tmp_path, webhook, THRESHOLD_RULE))
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, calm(range(40)))
        assert ruleset.fire(store) == []
        ingest(store, surge(range(40, 43)) + calm(range(43, 60)))
        fired = ruleset.fire(store)
        assert [a["day"] for a in fired] == ["2025-02-10"]
        assert ruleset.fire(store) == []
    assert len(Hook.received) == 1
    alert = Hook.received[0]
    assert alert["rule"] == "rus-ukr-surge" and alert["value"] >= 10 and len(alert["items"]) == 10
    lines = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert [json.loads(line)["day"] for line in lines] == ["2025-02-10"]


def test_escalation_rule_fires_once(tmp_path: Path, webhook: str) -> None:
    rule = """
  - name: conflict-escalation
    who: {actor: Russia}
    metric: conflict
    window: 1d
    escalation: {method: zscore, z: 4, baseline: 4w}
"""
    ruleset = RuleSet.load(rules_file(tmp_path, webhook, rule))
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, calm(range(40)) + surge(range(40, 42)) + calm(range(42, 50)))
        fired = ruleset.fire(store)
    assert [a["day"] for a in fired] == ["2025-02-10"]
    assert [a["rule"] for a in Hook.received] == ["conflict-escalation"]


def test_watch_ingests_new_files_and_alerts(tmp_path: Path, webhook: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    records = calm(range(40)) + surge(range(40, 43))
    table = {r.article.id: r for r in records}

    def drop(name: str, items: list[Record]) -> None:
        lines = [json.dumps({"id": r.article.id, "text": f"{r.article.id} text", "source": r.article.source})
                 for r in items]
        path = inbox / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        old = time.time() - 60
        os.utime(path, (old, old))

    ruleset = RuleSet.load(rules_file(tmp_path, webhook, THRESHOLD_RULE))
    with Store(tmp_path / "s.duckdb") as store:
        ingestor = Ingestor(store, extract=lambda a: table[a.id], version="t")
        watcher = Watcher(store, paths=[inbox], ingestor=ingestor, rules=ruleset)
        drop("day1.jsonl", records[:40])
        first = watcher.poll()
        assert (len(first.files), first.report.stored, first.alerts) == (1, 40, [])
        assert watcher.poll().files == []
        drop("day2.jsonl", records[40:])
        second = watcher.poll()
        assert second.report.stored == 24 and [a["day"] for a in second.alerts] == ["2025-02-10"]
        assert watcher.poll().alerts == []
    assert len(Hook.received) == 1


def test_a_file_still_being_written_waits_for_the_next_poll(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "fresh.txt").write_text("Protesters marched in Nairobi on Tuesday.", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        ingestor = Ingestor(store, extract=lambda a: Record.from_dict({"article": {"id": a.id, "chars": 1}}),
                            version="t")
        watcher = Watcher(store, paths=[inbox], ingestor=ingestor, rules=None, settle_s=30)
        assert watcher.poll().files == []
        watcher.settle_s = 0
        assert len(watcher.poll().files) == 1


def test_rule_errors_name_the_rule() -> None:
    with pytest.raises(RuleError, match="'r1'.*threshold"):
        Rule.from_dict({"name": "r1", "types": ["ASSAULT"]})
    with pytest.raises(RuleError, match="'r2'.*window"):
        Rule.from_dict({"name": "r2", "threshold": 1, "window": "a week"})
    with pytest.raises(RuleError, match="'r3'.*unknown fields"):
        Rule.from_dict({"name": "r3", "threshold": 1, "typo": 2})
