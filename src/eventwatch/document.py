"""The working document that flows through the pipeline's stages.

Ingest turns every input into an `ArticleText` (text plus metadata); the pipeline wraps it
in a `Document`, and each stage reads what earlier stages left on it and adds its own layer:

    language   -> spacy, sentences, language
    times      -> times
    quantities -> quantities, casualties (candidates, tied to events later)
    places     -> places
    actors     -> actors
    quotes     -> quotes
    events     -> events

Signals that are not record fields (demonym country signals, metonyms, coreference chains)
go in `extras`, keyed by the stage that wrote them, so later stages can read them without
importing the stage. `to_record()` turns the document into the record of RECORD.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventwatch.record import Actor, Article, Casualty, Event, Mentions, Place, Quantity, Quote, Record, Time

if TYPE_CHECKING:
    from spacy.tokens import Doc


def text_id(text: str) -> str:
    """The default article id: first 16 hex digits of the SHA-256 of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class ArticleText:
    """One article as ingest reads it: its text and whatever metadata the input carried.

    `origin` names where it came from ("story.txt", "batch.jsonl:12") for error messages.
    `extra` keeps unknown input fields; they are copied into the record's `article` block.
    """

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    origin: str = "<text>"
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.id is None:
            self.id = text_id(self.text)


@dataclass
class Document:
    article: ArticleText
    spacy: Doc | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    language: str = "en"
    times: list[Time] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> dt.date | None:
        return self.article.published

    def sentence_of(self, offset: int) -> tuple[int, int] | None:
        """The (start, end) of the sentence holding character `offset`, if any."""
        for start, end in self.sentences:
            if start <= offset < end:
                return start, end
        return None

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def to_record(self) -> Record:
        article = self.article
        meta = Article(
            id=str(article.id), title=article.title, url=article.url, source=article.source,
            published=article.published, language=self.language, chars=len(article.text),
            **{k: v for k, v in article.extra.items() if k not in Article.model_fields},
        )
        return Record(
            article=meta,
            events=self.events,
            quotes=self.quotes,
            mentions=Mentions(actors=self.actors, places=self.places, times=self.times,
                              quantities=self.quantities),
            warnings=self.warnings,
        )
