"""Phrase knowledge for actor resolution: place heads, literal prepositions, organisation
words and anaphoric nouns, read from `data/actor_phrases.yaml` (no spaCy here)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path

import yaml

from eventwatch.knowledge.countries import YamlLoader

DEFAULT_FILE = "actor_phrases.yaml"


@dataclass(frozen=True)
class ActorPhrases:
    place_nouns: frozenset[str]
    literal_prepositions: frozenset[str]
    organisation_words: frozenset[str]
    group_anaphors: frozenset[str]
    person_anaphors: frozenset[str]
    organisation_nouns: dict[str, tuple[str, ...]]


def load(path: str | Path | None = None) -> ActorPhrases:
    """The packaged phrase lists, or the YAML file at `path`."""
    if path is None:
        text = package_files.files("eventwatch.knowledge").joinpath("data", DEFAULT_FILE).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=YamlLoader) or {}
    return ActorPhrases(
        place_nouns=frozenset(w.lower() for w in data.get("place_nouns") or []),
        literal_prepositions=frozenset(w.lower() for w in data.get("literal_prepositions") or []),
        organisation_words=frozenset(data.get("organisation_words") or []),
        group_anaphors=frozenset(w.lower() for w in data.get("group_anaphors") or []),
        person_anaphors=frozenset(w.lower() for w in data.get("person_anaphors") or []),
        organisation_nouns={w.lower(): tuple(s or ()) for w, s in (data.get("organisation_nouns") or {}).items()},
    )
