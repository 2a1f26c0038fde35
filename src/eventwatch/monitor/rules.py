"""Alert rules from a YAML file, evaluated over the store (docs/monitoring.md).

    notify:                       # where alerts go unless a rule says otherwise
      - console
      - jsonl: alerts.jsonl
      - webhook: http://127.0.0.1:8765/alerts
    rules:
      - name: rus-ukr-strikes
        who: {dyad: "RUS:UKR"}    # or {actor: "al-Shabaab"} or {country: SDN}; directed: true
        types: [ASSAULT]          # PLOVER types (or quad_classes: [4])
        where: {country: UKR}     # or {near: [48.46, 35.04], radius_km: 100}
        metric: count             # count | conflict | killed | injured over the window
        window: 7d                # rolling window (days: 7 or "7d", weeks: "2w")
        threshold: 10             # fire when the window's sum reaches it ...
        escalation: {method: zscore, z: 3, baseline: 28}   # ... or when it escalates
        level: incidents          # or events (mentions, not deduplicated)

A rule fires on the day its condition becomes true (a rising edge), not on every day it
stays true: one alert per episode. Fired alerts are kept in the store's `alerts` table by
(rule, day), so re-evaluating the same data, or a restarted watcher, never repeats one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from eventwatch.monitor.escalation import Detector
from eventwatch.monitor.notify import Notifier, build
from eventwatch.monitor.series import METRICS, series
from eventwatch.store.db import Store, now
from eventwatch.store.query import Filters

_WINDOW = re.compile(r"^\s*(\d+)\s*([dw]?)\s*$")


class RuleError(ValueError):
    """A rules file that cannot be used; the message names the rule and the field."""


def parse_window(value: Any, *, rule: str) -> int:
    match = _WINDOW.match(str(value))
    if match is None:
        raise RuleError(f"rule {rule!r}: window must be days ('7d', 7) or weeks ('2w'), got {value!r}")
    return int(match[1]) * (7 if match[2] == "w" else 1)


@dataclass
class Rule:
    name: str
    filters: Filters
    metric: str = "count"
    window_days: int = 1
    threshold: float | None = None
    detector: Detector | None = None
    level: str = "incidents"
    notify: list[Any] | None = None
    spec: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, spec: dict[str, Any]) -> Rule:
        name = spec.get("name")
        if not name:
            raise RuleError("every rule needs a name")
        known = {"name", "who", "types", "quad_classes", "where", "metric", "window", "threshold",
                 "escalation", "level", "notify", "description"}
        unknown = set(spec) - known
        if unknown:
            raise RuleError(f"rule {name!r}: unknown fields {sorted(unknown)}")
        who = spec.get("who") or {}
        where = spec.get("where") or {}
        near = where.get("near")
        filters = Filters(dyad=who.get("dyad"), directed=bool(who.get("directed", False)), actor=who.get("actor"),
                          country=where.get("country") or who.get("country"),
                          types=spec.get("types") or (), quad_classes=spec.get("quad_classes") or (),
                          near=tuple(near) if near else None, radius_km=float(where.get("radius_km", 50)))
        metric = spec.get("metric", "count")
        if metric not in METRICS:
            raise RuleError(f"rule {name!r}: metric must be one of {METRICS}, got {metric!r}")
        threshold = spec.get("threshold")
        escalation = spec.get("escalation")
        if threshold is None and escalation is None:
            raise RuleError(f"rule {name!r}: give a threshold, an escalation detector, or both")
        detector = None
        if escalation is not None:
            options = dict(escalation)
            if "baseline" in options:
                options["baseline"] = parse_window(options["baseline"], rule=name)
            detector = Detector(**options)
        return cls(name=name, filters=filters, metric=metric,
                   window_days=parse_window(spec.get("window", "1d"), rule=name),
                   threshold=None if threshold is None else float(threshold), detector=detector,
                   level=spec.get("level", "incidents"), notify=spec.get("notify"), spec=spec)

    def evaluate(self, store: Store, *, until: dt.date | None = None) -> pd.DataFrame:
        """Per day: the window's value, whether the condition holds, and whether it fires (rising edge)."""
        daily = series(store, freq="day", level=self.level, fill=True, end=until, **_filter_args(self.filters))
        if daily.empty:
            return pd.DataFrame(columns=["period", "value", "condition", "fires"])
        value = daily.set_index("period")[self.metric].rolling(self.window_days, min_periods=1).sum()
        condition = pd.Series(True, index=value.index)
        if self.threshold is not None:
            condition &= value >= self.threshold
        if self.detector is not None:
            condition &= self.detector.run(value)["alarm"]
        before = condition.shift(1, fill_value=False).astype(bool)
        out = pd.DataFrame({"value": value, "condition": condition, "fires": condition & ~before})
        return out.reset_index()


def _filter_args(filters: Filters) -> dict[str, Any]:
    return {k: v for k, v in vars(filters).items() if k not in ("start", "end")}


@dataclass
class RuleSet:
    rules: list[Rule]
    notify: list[Any]
    base: Path | None = None

    @classmethod
    def load(cls, path: Path | str) -> RuleSet:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise RuleError(f"{path}: a rules file is a mapping with a 'rules' list")
        rules = [Rule.from_dict(spec) for spec in data["rules"]]
        names = [r.name for r in rules]
        if len(set(names)) != len(names):
            raise RuleError(f"{path}: rule names must be unique")
        return cls(rules=rules, notify=data.get("notify") or ["console"], base=Path(path).parent)

    def notifiers(self, rule: Rule) -> list[Notifier]:
        return [build(spec, base=self.base) for spec in (rule.notify or self.notify)]

    def fire(self, store: Store, *, until: dt.date | None = None) -> list[dict[str, Any]]:
        """Send every new alert to its rule's notifiers, then record it as fired."""
        alerts = self.new_alerts(store, until=until)
        by_name = {rule.name: rule for rule in self.rules}
        for alert in alerts:
            for notifier in self.notifiers(by_name[alert["rule"]]):
                notifier.send(alert)
            record_alert(store, alert)
        return alerts

    def new_alerts(self, store: Store, *, until: dt.date | None = None) -> list[dict[str, Any]]:
        """Alerts that fire on the stored data and have not been fired before."""
        alerts = []
        for rule in self.rules:
            fired = {r[0] for r in store.con.execute("SELECT day FROM alerts WHERE rule = ?", [rule.name]).fetchall()}
            table = rule.evaluate(store, until=until)
            for row in table[table["fires"]].to_dict("records"):
                day = row["period"].date()
                if day in fired:
                    continue
                alerts.append(alert_payload(store, rule, day, float(row["value"])))
        return alerts


def alert_payload(store: Store, rule: Rule, day: dt.date, value: float) -> dict[str, Any]:
    first = day - dt.timedelta(days=rule.window_days - 1)
    where, params = Filters(**{**_filter_args(rule.filters), "start": first, "end": day}).where(level=rule.level)
    table = rule.level
    key = "incident_id" if table == "incidents" else "event_id"
    rows = store.con.execute(
        f"SELECT {key}, type, event_date, place_name, country, src_name, tgt_name, killed_min FROM {table} "
        f"WHERE {where} ORDER BY event_date DESC, {key} LIMIT 20", params).fetchall()
    return {
        "rule": rule.name, "day": day.isoformat(), "window_start": first.isoformat(), "metric": rule.metric,
        "value": value, "threshold": rule.threshold,
        "escalation": None if rule.detector is None else rule.detector.method,
        "who": rule.spec.get("who"), "types": rule.spec.get("types"), "where": rule.spec.get("where"),
        "level": table,
        "items": [{key: r[0], "type": r[1], "date": r[2].isoformat() if r[2] else None, "place": r[3],
                   "country": r[4], "source": r[5], "target": r[6], "killed_min": r[7]} for r in rows],
    }


def record_alert(store: Store, alert: dict[str, Any]) -> None:
    with store.transaction():
        store.append("alerts", [{
            "rule": alert["rule"], "day": dt.date.fromisoformat(alert["day"]), "value": alert["value"],
            "threshold": alert["threshold"], "payload": json.dumps(alert, ensure_ascii=False, default=str),
            "fired_at": now()}])
