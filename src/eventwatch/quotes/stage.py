"""The quotes stage: direct and reported speech with their speakers resolved to actors.

Reads `doc.spacy`, `doc.actors` and the actors stage's pronoun resolutions
(`doc.extras["actors"]["pronouns"]`: an Actor per pronoun, its span the pronoun's, its other
fields the referent's). Writes `doc.quotes` (RECORD.md QUOTE) and adds to `doc.actors` every
speaker mention that was not listed yet (a pronoun is listed only when it fills a role, e.g.
a quote's speaker). `doc.extras["quotes"]["attributions"]` keeps, per quote, the cue offset
for the events stage (`said_by` of events read from a quote's content).

Decisions:
- a quoted stretch with no attribution anywhere near it and fewer than `min_bare_words`
  words is a title or scare quote ("the so-called "deal""), not a quote;
- a quote with no attribution of its own continues the speaker of the quote just before it
  (the next paragraph of the same statement) and shares the speaker of the other pieces
  of a split or multi-paragraph quote;
- a speaker phrase that names no listed actor still gets an actor (kind `unknown`, the phrase
  without its article), so the record says who speaks even for "a senior official".
"""

from __future__ import annotations

import re
from typing import Any

from eventwatch.document import Document
from eventwatch.knowledge.cues import SpeechCues
from eventwatch.quotes.direct import find_quotes
from eventwatch.quotes.direct_speakers import Attribution, attribute_direct, continues
from eventwatch.quotes.reported import covered, find_reported
from eventwatch.quotes.syntax import first_word_ids
from eventwatch.record import Actor, Quote

ARTICLES = ("the ", "a ", "an ", "The ", "A ", "An ")
TITLE_GAP = re.compile(r"(?:-?[A-Z][\w.]*)?\s?")  # the rest of a title before the name: "-General "


class QuoteStage:
    name = "quotes"

    def __init__(self, *, cues: SpeechCues, min_bare_words: int = 4, reported: bool = True) -> None:
        self.cues = cues
        self.min_bare_words = min_bare_words
        self.reported = reported
        self.cue_first_ids = first_word_ids(cues)

    def process(self, doc: Document) -> Document:
        if doc.spacy is None:
            return doc
        text = doc.text
        spans = find_quotes(text)
        direct = attribute_direct(doc.spacy, spans, self.cues)
        quoted = [(q.open_mark, (q.close_mark + 1) if q.close_mark is not None else q.end) for q in spans]
        reported = find_reported(doc.spacy, self.cues, quoted, first_ids=self.cue_first_ids) if self.reported else []
        # the verb of a direct quote's attribution reports that quote, not the words after it
        direct_cues = {a.cue_start for a in direct
                       if a.cue_start is not None and not a.inherited and a.end <= a.cue_start}
        reported = [a for a in reported if a.cue_start not in direct_cues]
        direct = lend_speakers(text, direct, reported)
        # a reported clause that is all quote is the direct quote's; one with a partial quote stays
        reported = [a for a in reported if covered(a.start, a.end, quoted) < 0.8]
        attributions = deduplicate(direct + reported)
        attributions = [a for a in attributions if not a.direct or a.speaker is not None
                        or len(text[a.start:a.end].split()) >= self.min_bare_words]
        resolver = SpeakerResolver(doc, self.cues)
        quotes = []
        for attribution in sorted(attributions, key=lambda a: a.start):
            speaker = resolver.resolve(attribution)
            quotes.append(Quote(speaker=speaker, text=text[attribution.start:attribution.end],
                                start=attribution.start, end=attribution.end, cue=attribution.cue,
                                direct=attribution.direct))
        doc.quotes = quotes
        doc.actors = resolver.actors()
        doc.extras.setdefault(self.name, {})["attributions"] = [
            {"start": a.start, "end": a.end, "cue_start": a.cue_start, "inherited": a.inherited}
            for a in sorted(attributions, key=lambda a: a.start)
        ]
        return doc


def lend_speakers(text: str, direct: list[Attribution], reported: list[Attribution]) -> list[Attribution]:
    """A direct quote with no attribution of its own takes the speaker of the reported clause it
    sits in ("Jordan said that the deals were handed out "like candy"") or, failing that, of the
    attribution just before it (a quote paragraph that continues what someone was reported saying)."""
    for quote in direct:
        if quote.speaker is not None and quote.cue is not None:
            continue
        around = [r for r in reported if r.speaker is not None and r.start <= quote.start and quote.end <= r.end + 1]
        if around:
            source = min(around, key=lambda r: r.end - r.start)
        elif quote.speaker is None:
            earlier = [r for r in reported + direct if r.speaker is not None and r.end <= quote.start
                       and not r.inherited]
            source = max(earlier, key=lambda r: r.end, default=None)
            if source is None or not continues(text, source, quote):
                continue
            quote.inherited = True
        else:
            continue
        quote.speaker, quote.speaker_head = source.speaker, source.speaker_head
        quote.cue, quote.cue_start = source.cue, source.cue_start
    return direct


def deduplicate(attributions: list[Attribution]) -> list[Attribution]:
    """One attribution per content span; a direct reading wins over a reported one."""
    seen: dict[tuple[int, int], Attribution] = {}
    for attribution in attributions:
        key = (attribution.start, attribution.end)
        if key not in seen or (attribution.direct and not seen[key].direct):
            seen[key] = attribution
    return list(seen.values())


class SpeakerResolver:
    """Turns a speaker span into an Actor: a listed actor, a resolved pronoun, or a new mention."""

    def __init__(self, doc: Document, cues: SpeechCues) -> None:
        self.doc = doc
        self.cues = cues
        self.listed = list(doc.actors)
        # (start, end, actor) of the listed actors, which do not change: read for every speaker
        self.listed_spans = [(a.start, a.end, a) for a in self.listed]
        self.added: list[Actor] = []
        extras: dict[str, Any] = doc.extras.get("actors") or {}
        self.pronouns = {(a.start, a.end): a for a in extras.get("pronouns") or [] if isinstance(a, Actor)}

    def actors(self) -> list[Actor]:
        return sorted(self.listed + self.added, key=lambda a: (a.start, a.end))

    def resolve(self, attribution: Attribution) -> Actor | None:
        if attribution.speaker is None:
            return None
        start, end = attribution.speaker
        text = self.doc.text
        candidates = [a for a_start, a_end, a in self.listed_spans if a_start < end and start < a_end] + [
            a for a in self.added if a.start < end and start < a.end]
        if not candidates:
            # the parser made the title the subject: "U.N. Secretary-General | Kofi Annan announced"
            candidates = [a for a in self.listed if a.kind == "person" and end <= a.start <= end + 20
                          and TITLE_GAP.fullmatch(text[end:a.start])]
        if candidates:
            return self.choose(candidates, attribution)
        phrase = text[start:end]
        if attribution.cue == "according to" and not phrase[:1].isupper():
            return None  # "according to ship-tracking data": a source that is no actor
        if self.cues.pronoun(phrase) is not None:
            if self.cues.pronoun(phrase).first_person:
                return None
            actor = self.pronouns.get((start, end)) or Actor(text=phrase, start=start, end=end, kind="unknown")
            self.added.append(actor)
            return actor
        for article in ARTICLES:
            if phrase.startswith(article) and len(phrase) > len(article):
                start += len(article)
                phrase = phrase[len(article):]
                break
        kind = "person" if phrase[:1].isupper() and " " in phrase and phrase.replace(" ", "").isalpha() else "unknown"
        actor = Actor(text=phrase, start=start, end=end, kind=kind, name=phrase if kind == "person" else None)
        self.added.append(actor)
        return actor

    @staticmethod
    def choose(candidates: list[Actor], attribution: Attribution) -> Actor:
        head = attribution.speaker_head
        if head is not None:
            holding = [a for a in candidates if a.start <= head < a.end]
            if holding:
                return holding[0]
        people = [a for a in candidates if a.kind == "person"] or candidates
        anchor = attribution.cue_start if attribution.cue_start is not None else attribution.start
        return min(people, key=lambda a: min(abs(a.start - anchor), abs(a.end - anchor)))


def create(*, resources: Any, options: dict[str, Any]) -> QuoteStage:
    return QuoteStage(cues=resources.get("speech_cues"), min_bare_words=int(options.get("min_bare_words", 4)),
                      reported=bool(options.get("reported", True)))
