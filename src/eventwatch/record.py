"""The article record: the typed models of `eventwatch extract`'s output and their JSON.

This module is the one place where the record is defined and serialised (see
`docs/record.md` and the contract it implements, schema `eventwatch.record/1`). It imports
nothing of ours, so every layer can use it.

Fields beyond the contract's required ones are extensions that keep the version number
(the contract allows additions): `Event.context`, `Event.reasons`, `Actor.role`,
`Place.note`, `Time.range`, `Time.relative`, `Quantity.max`. Key order in the JSON follows
the contract's tables.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "eventwatch.record/1"

ActorKind = Literal["state", "person", "organization", "group", "unknown"]
PlaceFeature = Literal["city", "admin1", "admin2", "country", "region", "other"]
Precision = Literal["day", "month", "year", "unknown"]
TimeBasis = Literal["explicit", "relative", "published"]
CasualtyKind = Literal["killed", "injured", "arrested", "detained", "displaced", "missing", "kidnapped"]
Factuality = Literal["asserted", "future", "conditional", "possible", "negated"]
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class TextSpan(_Model):
    """A stretch of the article text: `text == article_text[start:end]`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Article(BaseModel):
    """The `article` block: who published what, when. Unknown input fields are kept."""

    model_config = ConfigDict(extra="allow")

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    language: str = "en"
    chars: int = Field(ge=0)


class Actor(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    name: str | None = None
    kind: ActorKind = "unknown"
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    sector: list[str] = Field(default_factory=list)
    affiliation: str | None = None
    kb_id: str | None = None
    role: str | None = Field(default=None, description="role noun or title, e.g. 'spokesman' (extension)")


class Place(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    name: str
    feature: PlaceFeature = "other"
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    admin1: str | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    geonames_id: int | None = None
    note: str | None = Field(default=None, description="reduced precision, e.g. 'near', '30 km south of' (extension)")


class TimeRange(_Model):
    """Start and end of a span of time ("from March 1 to 3", "since October")."""

    begin: str | None = None
    end: str | None = None


class RelativeTime(_Model):
    """An offset read from the text ("two days later", "a week ago")."""

    offset: int
    unit: Literal["day", "week", "month", "year"]
    direction: Literal["before", "after"]
    anchor: Literal["published", "event"] = Field(
        description="'published': resolved against the publication date; 'event': relative to another "
        "event, which the events stage anchors")


class Time(_Model):
    text: str | None = None
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    value: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    precision: Precision = "unknown"
    basis: TimeBasis = "explicit"
    range: TimeRange | None = None
    relative: RelativeTime | None = None


class Casualty(_Model):
    kind: CasualtyKind
    min: int = Field(ge=0)
    max: int | None = Field(default=None, ge=0)
    exact: bool
    who: str | None = None
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Quote(_Model):
    speaker: Actor | None = None
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    cue: str | None = None
    direct: bool


class Quantity(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: float | int
    qualifier: str | None = None
    unit: str | None = None
    max: float | int | None = Field(default=None, description="upper bound of a range such as "
                                    "'between 1,500 and 3,000' (extension)")


class Acled(_Model):
    event_type: str
    sub_event_type: str | None = None


class Event(_Model):
    id: str
    type: EventType
    mode: str | None = None
    context: list[str] = Field(default_factory=list, description="PLOVER contexts (extension)")
    cameo: str | None = Field(default=None, pattern=r"^\d{2,4}$")
    acled: Acled | None = None
    quad_class: int = Field(ge=1, le=4)
    intensity: float = Field(ge=-10, le=10)
    source: list[Actor] = Field(default_factory=list)
    target: list[Actor] = Field(default_factory=list)
    where: Place | None = None
    when: Time | None = None
    casualties: list[Casualty] = Field(default_factory=list)
    factuality: Factuality = "asserted"
    said_by: Actor | None = None
    trigger: TextSpan
    sentence: TextSpan
    confidence: float = Field(ge=0, le=1)
    reasons: dict[str, str] = Field(default_factory=dict, description="why a field is empty or how it was "
                                    "filled, by field name (extension)")


class Mentions(_Model):
    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)


class Record(_Model):
    """One article's record: the contract of `eventwatch extract`."""

    schema_: Literal["eventwatch.record/1"] = Field(default=SCHEMA, alias="schema")
    article: Article
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    mentions: Mentions = Field(default_factory=Mentions)
    warnings: list[str] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls.model_validate(data)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the record, generated from the models (shipped as record.schema.json)."""
    schema = Record.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://eventwatch.dev/schema/eventwatch.record-1.json"
    return schema
