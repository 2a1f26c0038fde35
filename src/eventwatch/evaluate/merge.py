"""Cross-source merge evaluation: pairwise precision, recall and F1 of incidents over articles.

The test set is the project's own, shipped with the package
(`evaluate/data/merge_articles.yaml`: invented wire-style articles, several outlets per
incident, plus incidents of the same type, place or week); it needs no shared folder
(`shared` is accepted for the harness's sake and not read).

Each article reports one main incident (its gold label). The article's predicted incident
is the incident of its main event: among its asserted events of the gold type, the first
with a casualty figure, else the first. An article without such an event is a singleton.
Scores are over article pairs: a pair is predicted together when both articles' main
events fell in one incident, gold together when they share a label.

Corpora (`--corpus`):
- `gold` (default): each article's main event as a careful coder reads it from that
  article alone (figures and actors differ between outlets): measures the merge itself.
- `gold-noactors`: the same with every actor removed: merging must not depend on actors.
- `pipeline`: the records the extraction pipeline produces for the texts: measures the
  whole chain (depends on the events stage).

    eventwatch evaluate merge --data SHARED [--corpus gold|gold-noactors|pipeline]
    python -m eventwatch.evaluate.merge [--corpus ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import tempfile
from pathlib import Path
from typing import Any

import yaml

from eventwatch.document import ArticleText
from eventwatch.evaluate.base import Report, ratio
from eventwatch.record import Record
from eventwatch.store.db import Store
from eventwatch.store.ingest import Ingestor
from eventwatch.store.merge import MergeConfig
from eventwatch.store.sample import sample_record

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "merge_articles.yaml"
CORPORA = ("gold", "gold-noactors", "pipeline")


def load(path: Path = DEFAULT_DATA) -> list[dict[str, Any]]:
    if not path.exists():
        raise FileNotFoundError(f"{path}: merge test set not found")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    places = data["places"]
    items = []
    for item in data["articles"]:
        event = dict(item["event"])
        event["place"] = dict(places[event["place"]]) if event.get("place") else None
        items.append({**item, "event": event, "text": " ".join(item["text"].split())})
    return items


def article_of(item: dict[str, Any]) -> ArticleText:
    return ArticleText(text=item["text"], id=item["id"], url=item["url"], source=item["outlet"],
                       published=dt.date.fromisoformat(item["published"]), origin=f"merge:{item['id']}")


def gold_record(item: dict[str, Any], *, drop_actors: bool = False) -> Record:
    event = dict(item["event"])
    if drop_actors:
        event.pop("source", None)
        event.pop("target", None)
    event["sentence"] = item["text"].split(". ")[0]
    return sample_record(text=item["text"], id=item["id"], url=item["url"], source=item["outlet"],
                         published=item["published"], events=[event])


def main_incidents(store: Store, items: list[dict[str, Any]]) -> dict[str, str]:
    """Article id -> the incident of its main event (or a singleton label)."""
    rows = store.con.execute("""
        SELECT e.article_id, e.type, ie.incident_id, e.killed_min IS NOT NULL AS has_count, e.trigger_start
        FROM events e JOIN incident_events ie USING (event_id)
        ORDER BY e.article_id, has_count DESC, e.trigger_start""").fetchall()
    gold_type = {item["id"]: item["event"]["type"] for item in items}
    chosen: dict[str, str] = {}
    for article_id, type_, incident_id, _has_count, _start in rows:
        if article_id not in chosen and gold_type.get(article_id) == type_:
            chosen[article_id] = incident_id
    return {item["id"]: chosen.get(item["id"], f"alone:{item['id']}") for item in items}


def pairwise(gold: dict[str, str], predicted: dict[str, str]) -> tuple[int, int, int]:
    """True positive, false positive and false negative article pairs."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_pred = predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return tp, fp, fn


def run(shared: Path | None = None, *, limit: int | None = None, corpus: str = "gold",
        data: Path = DEFAULT_DATA, config: MergeConfig | None = None, pipeline: Any = None) -> Report:
    if corpus not in CORPORA:
        raise ValueError(f"corpus is one of {', '.join(CORPORA)}, got {corpus!r}")
    items = load(data)[:limit] if limit else load(data)
    if corpus == "pipeline":
        if pipeline is None:
            from eventwatch.pipeline import Pipeline

            pipeline = Pipeline.from_config()
        extract = pipeline.run
    else:
        table = {item["id"]: gold_record(item, drop_actors=corpus == "gold-noactors") for item in items}

        def extract(article: ArticleText) -> Record:
            return table[str(article.id)]

    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "merge.duckdb") as store:
        Ingestor(store, extract=extract, version=f"evaluate-merge-{corpus}", merge_config=config,
                 on_error=lambda message: None).ingest(article_of(item) for item in items)
        predicted = main_incidents(store, items)
    gold = {item["id"]: item["incident"] for item in items}
    tp, fp, fn = pairwise(gold, predicted)
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = ratio(2 * precision * recall, precision + recall)
    rows = []
    for label in sorted(set(gold.values()), key=lambda s: int(s[1:])):
        members = [a for a, g in gold.items() if g == label]
        rows.append([label, " ".join(members), " ".join(sorted({predicted[a][-6:] for a in members}))])
    notes = [f"corpus: {corpus}; {len(items)} articles, {len(set(gold.values()))} gold incidents, "
             f"{len(set(predicted.values()))} predicted; pairs tp={tp} fp={fp} fn={fn}"]
    return Report(name="merge", columns=["incident", "articles", "predicted (id suffixes)"], rows=rows,
                  summary={"precision": precision, "recall": recall, "f1": f1}, n=len(items), notes=notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=CORPORA, default="gold")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the merge test set (YAML)")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    print(run(None, limit=args.limit, corpus=args.corpus, data=args.data).render())


if __name__ == "__main__":
    main()
