"""Records -> table rows: the one place that flattens the record into the store's columns.

`event_date` is the day an event is counted on: the event's own date when the text gives a
day, else the publication date when the event has no date or its date was taken from
the publication, else (a month or a year only) null — such an event is kept and exported,
but no daily or weekly series counts it on an invented day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from typing import Any

import pyarrow as pa

from eventwatch.record import Actor, Event, Record
from eventwatch.store.schema import arrow_schema

_CODE = re.compile(r"^[A-Z]{3}$")
# The same numbering in SQL, for bulk writers that generate rows in the database (benchmarks).
CODE_NUMBER_SQL = "((ascii({c}[1]) - 64) * 729 + (ascii({c}[2]) - 64) * 27 + (ascii({c}[3]) - 64))"


def code_number(code: str | None) -> int | None:
    """A three-letter code (ISO3, or IGO-style codes such as UNO) as a number 1..19682."""
    if code is None or not _CODE.match(code):
        return None
    return (ord(code[0]) - 64) * 729 + (ord(code[1]) - 64) * 27 + (ord(code[2]) - 64)


def dyad_key(a: str | None, b: str | None) -> int | None:
    """The unordered pair of two actor codes as one integer (null when either is missing)."""
    na, nb = code_number(a), code_number(b)
    if na is None or nb is None:
        return None
    low, high = sorted((na, nb))
    return low * 32768 + high


def dyad_key_sql(a: str, b: str) -> str:
    """SQL computing `dyad_key` of the columns `a` and `b`."""
    na, nb = CODE_NUMBER_SQL.format(c=a), CODE_NUMBER_SQL.format(c=b)
    return f"(least({na}, {nb}) * 32768 + greatest({na}, {nb}))"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_date(event: Event, published: dt.date | None) -> dt.date | None:
    when = event.when
    if when is None or when.value is None or when.basis == "published":
        return published
    if when.precision == "day" and len(when.value) == 10:
        return dt.date.fromisoformat(when.value)
    return None


def _first(actors: list[Actor], attribute: str) -> Any:
    """The attribute of the first actor that has it (a list's first resolved member)."""
    for actor in actors:
        value = getattr(actor, attribute)
        if value:
            return value
    return None


def _casualty_range(event: Event, kind: str) -> tuple[int | None, int | None]:
    """Summed over the event's casualty mentions of `kind`; max is null when any is open-ended."""
    found = [c for c in event.casualties if c.kind == kind]
    if not found:
        return None, None
    low = sum(c.min for c in found)
    high = None if any(c.max is None for c in found) else sum(c.max for c in found)
    return low, high


def _actor_row(actor: Actor) -> dict[str, Any]:
    return {"text": actor.text, "start": actor.start, "end": actor.end, "name": actor.name, "kind": actor.kind,
            "country": actor.country, "sector": list(actor.sector), "affiliation": actor.affiliation,
            "kb_id": actor.kb_id, "actor_role": actor.role}


def record_rows(record: Record, *, text: str, seq: int, origin: str, pipeline_version: str,
                ingested_at: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """The rows of one article's record, by table."""
    article = record.article
    aid = article.id
    version = {"record_schema": record.schema_, "pipeline_version": pipeline_version}
    extra = {k: v for k, v in article.model_dump(mode="json").items()
             if k not in ("id", "title", "url", "source", "published", "language", "chars")}
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows["articles"].append({
        "article_id": aid, "seq": seq, "content_hash": content_hash(text), "url": article.url,
        "title": article.title, "outlet": article.source, "published": article.published,
        "language": article.language, "chars": article.chars, "n_events": len(record.events), "text": text,
        "meta": json.dumps(extra, ensure_ascii=False), "warnings": list(record.warnings),
        "record": record.to_json(), "origin": origin, **version, "ingested_at": ingested_at,
    })
    for event in record.events:
        killed = _casualty_range(event, "killed")
        injured = _casualty_range(event, "injured")
        where = event.where
        when = event.when
        rows["events"].append({
            "event_id": event.id, "article_id": aid, "type": event.type, "mode": event.mode,
            "context": list(event.context), "cameo": event.cameo,
            "acled_event_type": event.acled.event_type if event.acled else None,
            "acled_sub_event_type": event.acled.sub_event_type if event.acled else None,
            "quad_class": event.quad_class, "intensity": event.intensity, "factuality": event.factuality,
            "event_date": event_date(event, article.published),
            "date_value": when.value if when else None, "date_precision": when.precision if when else None,
            "date_basis": when.basis if when else None,
            "place_name": where.name if where else None, "place_feature": where.feature if where else None,
            "country": where.country if where else None, "admin1": where.admin1 if where else None,
            "lat": where.lat if where else None, "lon": where.lon if where else None,
            "geonames_id": where.geonames_id if where else None,
            "src_name": _first(event.source, "name"), "src_country": _first(event.source, "country"),
            "src_kind": _first(event.source, "kind"), "src_sector": _first(event.source, "sector") or [],
            "tgt_name": _first(event.target, "name"), "tgt_country": _first(event.target, "country"),
            "tgt_kind": _first(event.target, "kind"), "tgt_sector": _first(event.target, "sector") or [],
            "dyad_key": dyad_key(_first(event.source, "country"), _first(event.target, "country")),
            "said_by_name": event.said_by.name if event.said_by else None,
            "killed_min": killed[0], "killed_max": killed[1], "injured_min": injured[0], "injured_max": injured[1],
            "trigger_text": event.trigger.text, "trigger_start": event.trigger.start,
            "trigger_end": event.trigger.end, "sentence_text": event.sentence.text,
            "sentence_start": event.sentence.start, "sentence_end": event.sentence.end,
            "confidence": event.confidence, "published": article.published, "outlet": article.source,
            "data": json.dumps(event.model_dump(mode="json"), ensure_ascii=False), **version,
        })
        for role, actors in (("source", event.source), ("target", event.target),
                             ("said_by", [event.said_by] if event.said_by else [])):
            for position, actor in enumerate(actors):
                rows["event_actors"].append({"event_id": event.id, "article_id": aid, "role": role,
                                             "position": position, **_actor_row(actor), **version})
        for position, c in enumerate(event.casualties):
            rows["casualties"].append({
                "event_id": event.id, "article_id": aid, "position": position, "kind": c.kind, "min": c.min,
                "max": c.max, "exact": c.exact, "who": c.who, "text": c.text, "start": c.start, "end": c.end,
                **version})
    mentions = record.mentions
    for position, actor in enumerate(mentions.actors):
        rows["actors"].append({"article_id": aid, "position": position, **_actor_row(actor), **version})
    for position, p in enumerate(mentions.places):
        rows["places"].append({
            "article_id": aid, "position": position, "text": p.text, "start": p.start, "end": p.end,
            "name": p.name, "feature": p.feature, "country": p.country, "admin1": p.admin1, "lat": p.lat,
            "lon": p.lon, "geonames_id": p.geonames_id, "note": p.note, **version})
    for position, t in enumerate(mentions.times):
        rows["times"].append({
            "article_id": aid, "position": position, "text": t.text, "start": t.start, "end": t.end,
            "value": t.value, "precision": t.precision, "basis": t.basis,
            "range_begin": t.range.begin if t.range else None, "range_end": t.range.end if t.range else None,
            **version})
    for position, q in enumerate(mentions.quantities):
        rows["quantities"].append({
            "article_id": aid, "position": position, "text": q.text, "start": q.start, "end": q.end,
            "value": float(q.value), "max": None if q.max is None else float(q.max), "qualifier": q.qualifier,
            "unit": q.unit, **version})
    for position, q in enumerate(record.quotes):
        s = q.speaker
        rows["quotes"].append({
            "article_id": aid, "position": position, "text": q.text, "start": q.start, "end": q.end,
            "cue": q.cue, "direct": q.direct, "speaker_text": s.text if s else None,
            "speaker_name": s.name if s else None, "speaker_kind": s.kind if s else None,
            "speaker_country": s.country if s else None, "speaker_kb_id": s.kb_id if s else None, **version})
    return rows


def to_arrow(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    return {table: pa.Table.from_pylist(items, schema=arrow_schema(table)) for table, items in rows.items()}


def combine(batches: list[dict[str, list[dict[str, Any]]]]) -> dict[str, list[dict[str, Any]]]:
    merged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rows in batches:
        for table, items in rows.items():
            merged[table].extend(items)
    return merged
