"""Entity span clean-up after the statistical NER: titles and determiners stay outside names.

The training corpora disagree on whether a title belongs to a name (GUM and re3d often
include it, UniversalNER and CoNLL-style wikigold never do), so the model sometimes returns
"Mr Pugh" or "Lt. Col. Ahmed Hassan". This component trims leading titles and honorifics
from PERSON entities and a leading determiner from every entity, so names are names and the
actor stage sees titles as the words before them. Word lists: data/entity_rules.json.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

FACTORY = "eventwatch_entity_spans"
RULES_FILE = "entity_rules.json"


def read_rules() -> dict[str, Any]:
    text = resources.files("eventwatch.language").joinpath("data", RULES_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class EntityRules:
    person_titles: frozenset[str]
    determiners: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> EntityRules:
        return cls(person_titles=frozenset(data["person_titles"]), determiners=frozenset(data["determiners"]))


def trimmed(ent: Span, rules: EntityRules) -> Span:
    """The entity without leading determiners (any label) and titles (PERSON); at least one
    word is kept, and a title is dropped only when a capitalised word follows it."""
    start = ent.start
    doc = ent.doc
    while start < ent.end - 1:
        word = doc[start].lower_
        if word in rules.determiners or (
                ent.label_ == "PERSON" and word in rules.person_titles and doc[start + 1].text[:1].isupper()):
            start += 1
        else:
            break
    return ent if start == ent.start else Span(doc, start, ent.end, label=ent.label)


class EntitySpans:
    def __init__(self, *, rules: EntityRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        if doc.ents:
            doc.ents = [trimmed(ent, self.rules) for ent in doc.ents]
        return doc


@Language.factory(FACTORY)
def make_entity_spans(nlp: Language, name: str) -> EntitySpans:
    return EntitySpans(rules=EntityRules.from_data(read_rules()))
