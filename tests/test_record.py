"""The record's JSON Schema: shipped, generated from the models, and strict enough to fail."""

from __future__ import annotations

import copy
import datetime as dt
import json
from importlib import resources as package_files

from eventwatch.document import ArticleText, Document
from eventwatch.record import (
    Actor,
    Casualty,
    Event,
    Place,
    Quantity,
    Quote,
    Record,
    TextSpan,
    Time,
    json_schema,
)

TEXT = ("KYIV, Ukraine — Russian drones struck Dnipro overnight into Tuesday, killing at least 12 civilians, "
        "regional governor Serhiy Lysak said.")


def _span(text: str) -> dict[str, object]:
    start = TEXT.index(text)
    return {"text": text, "start": start, "end": start + len(text)}


def full_record() -> Record:
    """A record with one of everything, spans pointing into TEXT."""
    doc = Document(article=ArticleText(text=TEXT, published=dt.date(2024, 10, 22), url="https://example.org/a",
                                       extra={"section": "Europe", "keywords": ["Ukraine"]}))
    lysak = Actor(**_span("Serhiy Lysak"), name="Serhiy Lysak", kind="person", country="UKR", sector=["GOV"],
                  role="regional governor")
    russia = Actor(**_span("Russian"), name="Russia", kind="state", country="RUS", sector=["MIL"])
    dnipro = Place(**_span("Dnipro"), name="Dnipro", feature="city", country="UKR", admin1="Dnipropetrovsk",
                   lat=48.45, lon=34.98, geonames_id=709930)
    kyiv = Place(**_span("KYIV"), name="Kyiv", feature="city", country="UKR", lat=50.45, lon=30.52)
    when = Time(**_span("overnight into Tuesday"), value="2024-10-22", precision="day", basis="relative")
    killed = Casualty(kind="killed", min=12, max=None, exact=False, who="civilians", **_span("at least 12 civilians"))
    doc.actors = [russia, lysak]
    doc.places = [kyiv, dnipro]
    doc.times = [when]
    doc.quantities = [Quantity(**_span("at least 12 civilians"), value=12, qualifier="at least", unit="civilians")]
    doc.quotes = [Quote(speaker=lysak, cue="said", direct=False,
                        **_span("Russian drones struck Dnipro overnight into Tuesday, killing at least 12 civilians"))]
    doc.events = [Event(id="e1", type="ASSAULT", mode="drone", cameo="195",
                        acled={"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
                        quad_class=4, intensity=-9.5, source=[russia], where=dnipro, when=when, casualties=[killed],
                        said_by=lysak, trigger=TextSpan(**_span("struck")), sentence=TextSpan(**_span(TEXT)),
                        confidence=0.8, reasons={"target": "no target named"})]
    doc.warn("a warning")
    return doc.to_record()


def test_shipped_schema_equals_the_one_generated_from_the_models() -> None:
    shipped = json.loads(package_files.files("eventwatch").joinpath("record.schema.json").read_text("utf-8"))
    assert shipped == json_schema(), "record.schema.json is stale: run `eventwatch schema --write`"


def test_a_full_record_validates_and_round_trips(record_validator) -> None:
    data = full_record().to_dict()
    record_validator.validate(data)
    assert data["schema"] == "eventwatch.record/1"
    assert list(data) == ["schema", "article", "events", "quotes", "mentions", "warnings"]
    assert data["article"]["section"] == "Europe" and data["article"]["chars"] == len(TEXT)
    assert data["article"]["published"] == "2024-10-22"
    assert Record.from_dict(json.loads(json.dumps(data))).to_dict() == data
    for event in data["events"]:
        for key in ("trigger", "sentence"):
            assert TEXT[event[key]["start"]:event[key]["end"]] == event[key]["text"]


def test_the_schema_rejects_what_the_contract_forbids(record_validator) -> None:
    good = full_record().to_dict()
    broken = []
    for path, value in [(("events", 0, "quad_class"), 5), (("events", 0, "type"), "ATTACK"),
                        (("mentions", "actors", 0, "country"), "RU"), (("schema",), "eventwatch.record/2"),
                        (("events", 0, "factuality"), "likely"), (("mentions", "times", 0, "value"), "22/10/2024")]:
        data = copy.deepcopy(good)
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        broken.append(data)
    missing_article = copy.deepcopy(good)
    del missing_article["article"]
    unknown_top_level = {**copy.deepcopy(good), "extra": 1}
    for data in [*broken, missing_article, unknown_top_level]:
        assert not record_validator.is_valid(data)
