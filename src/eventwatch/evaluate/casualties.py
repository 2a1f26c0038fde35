"""PLOVER gold records: are the `dead` and `injured` counts read correctly from their sentences?

    eventwatch evaluate casualties --data SHARED
    python -m eventwatch.evaluate.casualties SHARED [--limit N] [--verbose]

Data: SHARED/data/eval/plover-gsr-cameo/PLOVER_GSR_CAMEO.json (CC BY-SA 4.0; read at run time,
never copied into the project). Each coded sentence runs through the pipeline up to the
quantities stage with no publication date. For every record that codes `dead` or `injured`,
the sum of the `min` of the casualty candidates of kind `killed` (for `dead`) or `injured`
(for `injured`) must equal the gold number; a record is right when all its coded fields are.

Reported: fields right / coded fields, records right / records with a coded field, and, as
a check on over-reading, how many killed or injured candidates come from the sentences
that code neither (PLOVER codes casualties only for some events, so a few are expected, e.g.
a count inside a PROTEST sentence).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText, Document
from eventwatch.evaluate.base import Report, data_dir, ratio

FIELDS = {"dead": "killed", "injured": "injured"}


def load_records(shared: Path) -> list[dict[str, Any]]:
    path = data_dir(Path(shared), "data", "eval", "plover-gsr-cameo", "PLOVER_GSR_CAMEO.json")
    records = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in records if isinstance(r, dict) and r.get("text")]


def build_pipeline() -> Any:
    from eventwatch.pipeline import Pipeline, load_config

    config = load_config()
    config["stages"] = [s for s in config.get("stages") or [] if s["name"] in {"language", "times", "quantities"}]
    pipeline = Pipeline.from_config(config=config)
    if "quantities" not in pipeline.stage_names:
        raise RuntimeError("the pipeline has no 'quantities' stage (see pipeline.yaml)")
    return pipeline


def run(shared: Path, *, limit: int | None = None, verbose: bool = False) -> Report:
    records = load_records(shared)[:limit]
    pipeline = build_pipeline()
    fields_right = fields_coded = records_right = records_coded = 0
    stray = stray_sentences = 0
    notes: list[str] = []
    for record in records:
        doc = pipeline.process(Document(article=ArticleText(text=record["text"], id=str(record.get("id")))))
        totals = {kind: sum(c.min for c in doc.casualties if c.kind == kind) for kind in FIELDS.values()}
        coded = {field: int(record[field]) for field in FIELDS if str(record.get(field) or "").isdigit()}
        if not coded:
            found = sum(c.kind in FIELDS.values() for c in doc.casualties)
            stray += found
            stray_sentences += bool(found)
            if found and verbose:
                notes.append(f"  uncoded {record.get('id')}: " + "; ".join(
                    f"{c.kind} {c.min} {c.text!r}" for c in doc.casualties if c.kind in FIELDS.values()))
            continue
        records_coded += 1
        right = [totals[FIELDS[field]] == value for field, value in coded.items()]
        fields_coded += len(right)
        fields_right += sum(right)
        records_right += all(right)
        if verbose and not all(right):
            notes.append(f"  wrong {record.get('id')}: gold {coded}, read "
                         + "; ".join(f"{c.kind} {c.min}-{c.max} {c.text!r}" for c in doc.casualties))
    rows = [["fields (dead, injured)", fields_coded, fields_right, ratio(fields_right, fields_coded)],
            ["records with a coded count", records_coded, records_right, ratio(records_right, records_coded)],
            ["killed/injured candidates in uncoded sentences", len(records) - records_coded, stray,
             f"{stray_sentences} sentences"]]
    return Report(name="casualties", columns=["what", "n", "right", "ratio"], rows=rows,
                  summary={"fields_right": fields_right, "fields": fields_coded,
                           "accuracy": ratio(fields_right, fields_coded), "uncoded_candidates": stray},
                  n=records_coded, notes=notes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shared", type=Path, help="the shared folder; data is read from SHARED/data/eval/")
    parser.add_argument("--limit", type=int, help="only the first N records")
    parser.add_argument("--verbose", action="store_true", help="list wrong and stray readings")
    args = parser.parse_args(argv)
    print(run(args.shared, limit=args.limit, verbose=args.verbose).render())


if __name__ == "__main__":
    main()
