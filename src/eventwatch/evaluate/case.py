"""CASE 2021 task 2, ACLED sub-event types: `eventwatch evaluate case --data SHARED`.

Internal evaluation only: the data (shared-task snippets with ACLED-style labels, no stated
licence) is read from SHARED/data/eval/case2021-task2-acled-finegrained/ and never copied
into the project. The definitions are those of the reference scorer (score_case.py),
reimplemented: only the 25 ACLED sub-event types count; each snippet is one article
published 2020-01-01; its prediction is the `acled.sub_event_type` of the most confident
event that has one, else NONE; macro-F1 over the 25 types, and accuracy.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText
from eventwatch.evaluate.base import Report, data_dir, extract_all, ratio

LABELS = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}
PUBLISHED = dt.date(2020, 1, 1)


def key(name: str | None) -> str:
    return re.sub(r"[^a-z]", "", (name or "").lower())


BY_KEY = {key(v): k for k, v in LABELS.items()}


def predicted(record: dict[str, Any]) -> str:
    best: tuple[float, str] | None = None
    for event in record.get("events") or []:
        acled = event.get("acled")
        if isinstance(acled, dict) and acled.get("sub_event_type"):
            conf = event.get("confidence") if isinstance(event.get("confidence"), (int, float)) else 0
            if best is None or conf > best[0]:
                best = (conf, acled["sub_event_type"])
    return BY_KEY.get(key(best[1]), "UNKNOWN:" + best[1]) if best else "NONE"


def run(shared: Path, *, limit: int | None = None, pipeline: Any = None, verbose: bool = False) -> Report:
    path = data_dir(shared, "data", "eval", "case2021-task2-acled-finegrained") / "test_set_final_release_with_labels.tsv"
    with open(path, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r["SubType"] in LABELS]
    rows = rows[:limit] if limit else rows
    articles = [ArticleText(text=r["EventSnippet"], id=f"case-{r['id']}", published=PUBLISHED) for r in rows]
    records = {str(a.id): rec.to_dict() for a, rec in extract_all(articles, pipeline=pipeline)}
    pairs = [(r["SubType"], predicted(records.get(f"case-{r['id']}", {}))) for r in rows]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, pred in pairs:
        if gold == pred:
            tp[gold] += 1
        else:
            fn[gold] += 1
            fp[pred] += 1
    table = []
    f1s = []
    for label in LABELS:
        p, r = ratio(tp[label], tp[label] + fp[label]), ratio(tp[label], tp[label] + fn[label])
        f1s.append(ratio(2 * p * r, p + r))
        table.append([label, tp[label] + fn[label], p, r, f1s[-1]])
    confusions = Counter(f"{g}->{p}" for g, p in pairs if g != p)
    notes = ["most common confusions: " + "; ".join(f"{k} ({v})" for k, v in confusions.most_common(10))]
    summary = {"macro_f1": sum(f1s) / len(f1s), "accuracy": ratio(sum(tp.values()), len(pairs))}
    return Report(name="case2021", columns=["label", "n", "precision", "recall", "f1"], rows=table,
                  summary=summary, n=len(pairs), notes=notes)
