"""The worked examples, field by field: `eventwatch evaluate examples --data SHARED`.

Each `exNN.txt` of SHARED/examples (or of another folder given as `folder=`) is extracted
with the publication date of its `exNN.record.json`, and every expected event is compared
with the predicted event that names it (the one whose trigger overlaps the expected
trigger; failing that, one of the same type in the same sentence). Fields compared, as the
acceptance criteria name them: type, source countries, target countries, date (`when`
value), place country (`where` country), casualties (kind, min, max) and factuality; also,
for information, mode, CAMEO code, ACLED sub-event type and said_by's name.

Countries are compared as sets (an IGO with no country counts as its sector "IGO"); a
missing predicted event fails every field. The summary gives the share of expected events
right on each field and `all_core`, the share right on every acceptance field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText
from eventwatch.evaluate.base import Report, data_dir, ratio

CORE = ["type", "source", "target", "date", "place", "casualties", "factuality"]
EXTRA = ["mode", "cameo", "acled", "said_by"]


def load_examples(folder: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, text, expected record) for each exNN.txt with a record beside it."""
    found = []
    for path in sorted(Path(folder).glob("ex*.txt")):
        record_path = path.with_name(path.stem + ".record.json")
        if record_path.exists():
            text = path.read_bytes().decode("utf-8")
            found.append((path.stem, text, json.loads(record_path.read_text(encoding="utf-8"))))
    return found


def countries(actors: list[dict[str, Any]] | None) -> list[str]:
    codes = set()
    for actor in actors or []:
        country = actor.get("country")
        if country:
            codes.add(country)
        elif "IGO" in (actor.get("sector") or []):
            codes.add("IGO")
        else:
            codes.add("-")
    return sorted(codes)


def fields(event: dict[str, Any] | None) -> dict[str, Any]:
    if event is None:
        return {}
    acled = event.get("acled") or {}
    said_by = event.get("said_by") or {}
    return {
        "type": event.get("type"),
        "source": countries(event.get("source")),
        "target": countries(event.get("target")),
        "date": (event.get("when") or {}).get("value"),
        "place": (event.get("where") or {}).get("country") if event.get("where") else "none",
        "casualties": sorted((c["kind"], c["min"], c.get("max")) for c in event.get("casualties") or []),
        "factuality": event.get("factuality"),
        "mode": event.get("mode"),
        "cameo": event.get("cameo"),
        "acled": acled.get("sub_event_type"),
        "said_by": said_by.get("name"),
    }


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def counterpart(expected: dict[str, Any], predicted: list[dict[str, Any]]) -> dict[str, Any] | None:
    by_trigger = [e for e in predicted if overlaps(e["trigger"], expected["trigger"])]
    if by_trigger:
        same_type = [e for e in by_trigger if e["type"] == expected["type"]]
        return (same_type or by_trigger)[0]
    in_sentence = [e for e in predicted if e["type"] == expected["type"]
                   and overlaps(e["sentence"], expected["sentence"])]
    return in_sentence[0] if in_sentence else None


def compare(name: str, text: str, expected: dict[str, Any], *, pipeline: Any) -> list[dict[str, Any]]:
    """One row per expected event: its fields, expected and predicted, and which agree."""
    published = expected["article"].get("published")
    article = ArticleText(text=text, published=dt.date.fromisoformat(published) if published else None,
                          id=expected["article"].get("id"))
    record = pipeline.run(article).to_dict()
    rows = []
    for event in expected["events"]:
        mine = counterpart(event, record["events"])
        want, got = fields(event), fields(mine)
        rows.append({"example": name, "event": event["id"], "trigger": event["trigger"]["text"],
                     "found": mine is not None, "expected": want, "predicted": got,
                     "ok": {k: mine is not None and want[k] == got.get(k) for k in CORE + EXTRA},
                     "extra_events": len(record["events"]) - len(expected["events"])})
    return rows


def run(shared: Path, *, limit: int | None = None, folder: Path | None = None, pipeline: Any = None) -> Report:
    if pipeline is None:
        from eventwatch.pipeline import Pipeline

        pipeline = Pipeline.from_config()
    source = Path(folder) if folder is not None else data_dir(shared, "examples")
    examples = load_examples(source)[:limit]
    rows = []
    for name, text, expected in examples:
        rows += compare(name, text, expected, pipeline=pipeline)
    table = []
    for row in rows:
        wrong = [f"{k}: want {row['expected'][k]!r} got {row['predicted'].get(k)!r}"
                 for k in CORE + EXTRA if not row["ok"][k]]
        table.append([row["event"], row["trigger"], "yes" if row["found"] else "NO",
                      sum(row["ok"][k] for k in CORE), "; ".join(wrong) or "-"])
    summary: dict[str, Any] = {k: ratio(sum(r["ok"][k] for r in rows), len(rows)) for k in CORE + EXTRA}
    summary["all_core"] = ratio(sum(all(r["ok"][k] for k in CORE) for r in rows), len(rows))
    notes = ["predicted events beyond the expected ones, per example: "
             + ", ".join(f"{n}: {next(r['extra_events'] for r in rows if r['example'] == n):+d}"
                         for n in dict.fromkeys(r["example"] for r in rows))] if rows else []
    return Report(name="examples", columns=["event", "trigger", "found", f"core/{len(CORE)}", "differences"],
                  rows=table, summary=summary, n=len(rows), notes=notes)
