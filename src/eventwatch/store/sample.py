"""Records from compact hand-written descriptions, for tests, the merge evaluation's gold
mode and examples: the store is exercised on known records, independent of extraction.

    record = sample_record(
        text="KYIV - A Russian drone strike on Dnipro on Tuesday killed at least 12 civilians.",
        published="2024-10-22", source="Wire A",
        events=[{"type": "ASSAULT", "mode": "drone", "date": "2024-10-22",
                 "place": {"name": "Dnipro", "country": "UKR", "lat": 48.47, "lon": 35.04},
                 "source": {"name": "Russia", "country": "RUS"}, "target": {"name": "civilians", "country": "UKR"},
                 "killed": {"min": 12, "max": None}, "trigger": "strike"}])

Quad class and intensity come from the ontology tables (`knowledge/data/ontology`), so a
sample event is coded as the pipeline would code it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from eventwatch.document import text_id
from eventwatch.knowledge import ontology as ontology_tables
from eventwatch.record import Actor, Article, Casualty, Event, Mentions, Place, Record, TextSpan, Time


@lru_cache(maxsize=1)
def _ontology() -> ontology_tables.Ontology:
    return ontology_tables.load()


def _span(text: str, needle: str | None) -> tuple[int, int]:
    if needle and needle in text:
        start = text.index(needle)
        return start, start + len(needle)
    return 0, 0


def _actor(text: str, spec: dict[str, Any] | None) -> list[Actor]:
    if not spec:
        return []
    surface = spec.get("text") or spec.get("name") or ""
    start, end = _span(text, surface)
    return [Actor(text=surface, start=start, end=end, name=spec.get("name"), kind=spec.get("kind", "state"),
                  country=spec.get("country"), sector=spec.get("sector", []))]


def _casualty(text: str, kind: str, spec: dict[str, Any] | int | None) -> list[Casualty]:
    if spec is None:
        return []
    if isinstance(spec, int):
        spec = {"min": spec, "max": spec}
    phrase = spec.get("text", "")
    start, end = _span(text, phrase)
    return [Casualty(kind=kind, min=spec["min"], max=spec.get("max"), exact=spec.get("max") == spec["min"],
                     who=spec.get("who"), text=phrase, start=start, end=end)]


def sample_event(text: str, article_id: str, number: int, spec: dict[str, Any]) -> Event:
    ontology = _ontology()
    type_ = spec["type"]
    mode = spec.get("mode")
    trigger = spec.get("trigger") or type_.lower()
    t_start, t_end = _span(text, trigger)
    sentence = spec.get("sentence") or text.split(". ")[0]
    s_start, s_end = _span(text, sentence)
    place = spec.get("place")
    where = None
    if place:
        p_start, p_end = _span(text, place["name"])
        where = Place(text=place["name"], start=p_start, end=p_end, name=place["name"],
                      feature=place.get("feature", "city"), country=place.get("country"),
                      admin1=place.get("admin1"), lat=place.get("lat"), lon=place.get("lon"))
    date = spec.get("date")
    when = Time(value=date, precision="day" if date and len(date) == 10 else "month", basis="explicit") if date else None
    return Event(
        id=f"{article_id}-e{number}", type=type_, mode=mode, context=spec.get("context", []), cameo=spec.get("cameo"),
        acled=spec.get("acled"), quad_class=ontology.quad(type_),
        intensity=spec.get("intensity", ontology.intensity(type_, mode)),
        source=_actor(text, spec.get("source")), target=_actor(text, spec.get("target")), where=where,
        when=when, casualties=_casualty(text, "killed", spec.get("killed")) + _casualty(text, "injured",
                                                                                       spec.get("injured")),
        factuality=spec.get("factuality", "asserted"),
        trigger=TextSpan(text=trigger if t_end else "", start=t_start, end=t_end),
        sentence=TextSpan(text=sentence if s_end else "", start=s_start, end=s_end),
        confidence=spec.get("confidence", 0.9),
    )


def sample_record(*, text: str, events: list[dict[str, Any]], published: str | dt.date | None = None,
                  id: str | None = None, source: str | None = None, url: str | None = None,
                  title: str | None = None) -> Record:
    article_id = id or text_id(text)
    if isinstance(published, str):
        published = dt.date.fromisoformat(published[:10])
    article = Article(id=article_id, title=title, url=url, source=source, published=published, chars=len(text))
    evs = [sample_event(text, article_id, n, spec) for n, spec in enumerate(events, start=1)]
    places = [e.where for e in evs if e.where is not None]
    actors = [a for e in evs for a in e.source + e.target]
    return Record(article=article, events=evs, mentions=Mentions(actors=actors, places=places))
