"""PLOVER gold records (CAMEO manual sentences): `eventwatch evaluate gsr --data SHARED`.

Data: SHARED/data/eval/plover-gsr-cameo/PLOVER_GSR_CAMEO.json (322 sentences, CC BY-SA 4.0,
Open Event Data Alliance), each extracted as one article published 2000-01-01 and coded
with one gold event. The definitions are those of the reference scorer (score_gsr.py),
reimplemented here:

- draft-0.5 types map to PLOVER 2.0 through the ontology's `old_types` (DEMAND -> REQUEST,
  DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT); two records whose FIGHT
  label contradicts their id are scored by the id;
- `type_acc`: sentences whose gold type is among the predicted types; `top_acc`: the most
  confident event has it;
- `source_acc` / `target_acc`: over sentences with a scorable gold code, some predicted
  event of the gold type has an actor with that code: a country code equals
  `actor.country` (CAMEO's JAP/ITL/VTN read as JPN/ITA/VNM); IGO/NGO/IMG may be the country
  or a sector (UNO and EUR also satisfy IGO); ISM is not scored;
- `precision`: predicted events of the gold type over all predicted events.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText
from eventwatch.evaluate.base import Report, data_dir, extract_all, ratio

PUBLISHED = dt.date(2000, 1, 1)
CORRECTIONS = {"PLOVER-GSR01-SANCTION-0010": "SANCTION", "PLOVER-GSR01-COERCE-0002": "COERCE"}
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NON_STATE = {"IGO": {"IGO", "UNO", "EUR"}, "NGO": {"NGO"}, "IMG": {"IMG"}}
UNSCORED = {"ISM"}


def as_dicts(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def gold_code(raw: Any) -> str | None:
    """A gold actor code as scored (CAMEO's JAP/ITL/VTN read as ISO3), or None when it is not scored."""
    if not isinstance(raw, str):
        return None
    code = CAMEO_TO_ISO.get(raw, raw)
    return code if re.fullmatch(r"[A-Z]{3}", code) and code not in UNSCORED else None


def actor_codes(actors: Any) -> list[str]:
    return [code for a in as_dicts(actors) if (code := gold_code(a.get("code")))]


def code_matches(country: str | None, sectors: Any, code: str) -> bool:
    """A country code must be the actor's country; a non-state code (IGO, NGO, IMG) may be its
    country or one of its sectors."""
    accepted = NON_STATE.get(code)
    if accepted is None:
        return country == code
    return country in accepted or bool(accepted & set(sectors))


def load_gold(folder: Path, old_types: dict[str, str]) -> list[dict[str, Any]]:
    rows = [r for r in json.loads((folder / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
            if r.get("text") and r.get("event")]
    seen: Counter[str] = Counter()
    gold = []
    for row in rows:
        seen[row["id"]] += 1
        kind = CORRECTIONS.get(row["id"], old_types.get(row["event"], row["event"]))
        gold.append({"id": row["id"] if seen[row["id"]] == 1 else f"{row['id']}#{seen[row['id']]}",
                     "text": row["text"], "type": kind,
                     "source": actor_codes(row.get("source")), "target": actor_codes(row.get("target"))})
    return gold


def has_code(actor: dict[str, Any], code: str) -> bool:
    return code_matches(actor.get("country"), actor.get("sector") or [], code)


def role_hit(events: list[dict[str, Any]], role: str, codes: list[str]) -> bool:
    return any(has_code(a, c) for e in events for a in e.get(role) or [] for c in codes)


def run(shared: Path, *, limit: int | None = None, pipeline: Any = None, verbose: bool = False) -> Report:
    from eventwatch.knowledge.ontology import load as load_ontology

    folder = data_dir(shared, "data", "eval", "plover-gsr-cameo")
    old = {name: new for name, (new, _mode) in load_ontology().old_types.items()}
    gold = load_gold(folder, old)[:limit]
    articles = [ArticleText(text=g["text"], id=g["id"], published=PUBLISHED) for g in gold]
    records = {str(a.id): r.to_dict() for a, r in extract_all(articles, pipeline=pipeline)}
    hits: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = {}
    confusions: Counter[str] = Counter()
    for g in gold:
        events = records.get(g["id"], {}).get("events") or []
        typed = [e for e in events if e.get("type") == g["type"]]
        top = max(events, key=lambda e: e.get("confidence") or 0.0, default=None)
        top_type = top.get("type") if top else None
        row = per_type.setdefault(g["type"], Counter())
        row.update(n=1, type=int(bool(typed)), top=int(top_type == g["type"]))
        hits.update(type=int(bool(typed)), top=int(top_type == g["type"]), events=len(events), typed=len(typed))
        for role in ("source", "target"):
            if g[role]:
                hits.update({f"{role}_n": 1, role: int(role_hit(typed, role, g[role]))})
        if top_type != g["type"]:
            confusions[f"{g['type']} -> {top_type or '(no event)'}"] += 1
    rows = [[name, c["n"], ratio(c["type"], c["n"]), ratio(c["top"], c["n"])] for name, c in sorted(per_type.items())]
    notes = [f"scored actors: {hits['source_n']} sentences with a gold source code, {hits['target_n']} with a gold "
             f"target code; {hits['events']} predicted events",
             "most common wrong top types: " + "; ".join(f"{k} ({v})" for k, v in confusions.most_common(8))]
    summary = {"type_acc": ratio(hits["type"], len(gold)), "top_acc": ratio(hits["top"], len(gold)),
               "source_acc": ratio(hits["source"], hits["source_n"]), "target_acc": ratio(hits["target"], hits["target_n"]),
               "precision": ratio(hits["typed"], hits["events"])}
    return Report(name="gsr", columns=["type", "gold", "type_acc", "top_acc"], rows=rows, summary=summary,
                  n=len(gold), notes=notes)
