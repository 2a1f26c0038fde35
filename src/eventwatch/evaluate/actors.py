"""Actor country accuracy on the PLOVER gold records (mention level).

    eventwatch evaluate actors --data SHARED [--limit N]

Data: SHARED/data/eval/plover-gsr-cameo/PLOVER_GSR_CAMEO.json (CC BY-SA 4.0, read at
evaluation time): 322 CAMEO-manual sentences, each run as one article published
2000-01-01, each with a gold source and target list of {actorText, code, sector}.

For every gold actor whose actorText is found in its sentence (as whole words before inside a
longer word, exactly before ignoring case; a text with "..." is looked up by its first part), the predicted actor mention that overlaps
it most is compared with the gold code:
- a country code must equal the mention's `country` (CAMEO's JAP/ITL/VTN are read as
  JPN/ITA/VNM);
- non-state codes: IGO is right when the mention's sector holds IGO (or its country is
  given as IGO/UNO/EUR), as RECORD.md codes IGOs with `country` null and sector IGO; NGO and
  IMG likewise by sector. This is the rule score_gsr.py applies to event actors;
- ISM (a religion, not an actor's country) and malformed codes are not scored;
- PLOVER codes a state whose territory an act is aimed at as a target ("lifted a curfew in
  Montenegro", "arrived in Amman"); the record, following the project's conventions, lists
  such a toponym used literally as a PLACE, not an actor. Where no actor mention overlaps a
  gold actor with a country code, a place mention that does is compared instead (its
  `country`), as score_geo.py accepts a country for a country; `via_place` counts these;
- a gold actor that neither overlaps counts as wrong (a miss), so the figure is
  recall-like: `country_acc` = right / scored. `found` is the share that a mention overlaps
  at all, `acc_when_found` the accuracy on those; `actor_only_acc` scores actor mentions
  alone (no place fallback).
Gold texts that do not occur in their sentence (typos in the gold file) are counted in
`unlocated` and not scored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText
from eventwatch.evaluate.base import Report, data_dir, extract_all, ratio
from eventwatch.evaluate.gsr import NON_STATE, code_matches, gold_code
from eventwatch.record import Actor, Place, Record

PUBLISHED = dt.date(2000, 1, 1)


@dataclass
class GoldActor:
    record: str
    role: str
    text: str
    code: str
    span: tuple[int, int] | None


def locate(sentence: str, actor_text: str) -> tuple[int, int] | None:
    """The gold text's span: a whole-word occurrence first ("Iraq" is not the start of "Iraqi Kurds"),
    exact case before any case; else any occurrence."""
    needle = actor_text.strip().split("...")[0].strip()
    if not needle:
        return None
    whole = rf"(?<!\w){re.escape(needle)}(?!\w)"
    found = re.search(whole, sentence) or re.search(whole, sentence, re.IGNORECASE)
    if found:
        return found.span()
    at = sentence.find(needle)
    if at < 0:
        at = sentence.lower().find(needle.lower())
    return (at, at + len(needle)) if at >= 0 else None


def load_gold(shared: Path, limit: int | None) -> list[tuple[str, str, list[GoldActor]]]:
    path = data_dir(shared, "data", "eval", "plover-gsr-cameo") / "PLOVER_GSR_CAMEO.json"
    rows = [row for row in json.loads(path.read_text(encoding="utf-8")) if row.get("text") and row.get("event")]
    seen: Counter[str] = Counter()
    items = []
    for row in rows[:limit] if limit else rows:
        seen[row["id"]] += 1
        record_id = row["id"] if seen[row["id"]] == 1 else f"{row['id']}#{seen[row['id']]}"
        actors = []
        for role in ("source", "target"):
            for actor in row.get(role) if isinstance(row.get(role), list) else []:
                code = gold_code(actor.get("code")) if isinstance(actor, dict) else None
                text = actor.get("actorText") if isinstance(actor, dict) else None
                if code and isinstance(text, str):
                    actors.append(GoldActor(record_id, role, text, code, locate(row["text"], text)))
        items.append((record_id, row["text"], actors))
    return items


def has_code(actor: Actor, code: str) -> bool:
    return code_matches(actor.country, actor.sector, code)


def mentioned_actors(record: Record) -> list[Actor]:
    """Every actor the record names: the mentions, plus quote speakers and event roles (a stage may
    add a pronoun there)."""
    actors = list(record.mentions.actors)
    actors += [q.speaker for q in record.quotes if q.speaker is not None]
    for event in record.events:
        actors += event.source + event.target
    return actors


def best_overlap(actors: list[Actor] | list[Place], span: tuple[int, int]) -> Actor | Place | None:
    def shared(actor: Actor | Place) -> int:
        return max(0, min(actor.end, span[1]) - max(actor.start, span[0]))

    overlapping = [a for a in actors if shared(a) > 0]
    return max(overlapping, key=shared, default=None)


def run(shared: Path, *, limit: int | None = None, pipeline: Any = None, verbose: bool = False) -> Report:
    items = load_gold(Path(shared), limit)
    articles = [ArticleText(text=text, id=record_id, published=PUBLISHED) for record_id, text, _ in items]
    records = {str(r.article.id): r for _, r in extract_all(articles, pipeline=pipeline)}
    counts: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {}
    notes: list[str] = []
    for record_id, text, golds in items:
        record = records.get(record_id)
        actors = mentioned_actors(record) if record else []
        for gold in golds:
            if gold.span is None:
                counts["unlocated"] += 1
                continue
            kind = "non-state" if gold.code in NON_STATE else "state"
            row = by_kind.setdefault(kind, Counter())
            predicted = best_overlap(actors, gold.span)
            right = actor_right = predicted is not None and has_code(predicted, gold.code)
            counts.update(actor_right=actor_right)
            if predicted is None and kind == "state" and record is not None:
                predicted = best_overlap(record.mentions.places, gold.span)
                right = predicted is not None and predicted.country == gold.code
                counts.update(via_place=predicted is not None)
            counts.update(scored=1, found=predicted is not None, right=right)
            row.update(scored=1, found=predicted is not None, right=right)
            if verbose and not actor_right:
                sector = getattr(predicted, "sector", "place")
                got = f"{predicted.text!r} -> {predicted.country}/{sector}" if predicted else "no mention"
                rescued = " (right via place)" if right else ""
                notes.append(f"{record_id}: {gold.text!r} {gold.code}: {got}{rescued} | {text[:90]}")
    rows = [[kind, c["scored"], c["found"], ratio(c["right"], c["scored"]), ratio(c["right"], c["found"])]
            for kind, c in sorted(by_kind.items())]
    rows.append(["all", counts["scored"], counts["found"], ratio(counts["right"], counts["scored"]),
                 ratio(counts["right"], counts["found"])])
    notes.append(f"{counts['unlocated']} gold actor texts not found in their sentence (not scored); "
                 f"ISM and malformed codes not scored; {counts['via_place']} scored through a place mention")
    return Report(name="actors", columns=["codes", "scored", "found", "country_acc", "acc_when_found"], rows=rows,
                  summary={"country_acc": ratio(counts["right"], counts["scored"]),
                           "found": ratio(counts["found"], counts["scored"]),
                           "acc_when_found": ratio(counts["right"], counts["found"]),
                           "actor_only_acc": ratio(counts["actor_right"], counts["scored"])},
                  n=counts["scored"], notes=notes)
