"""What eventwatch's own knowledge says a name is: an organisation, a person, a place, a nationality.

The statistical NER was trained on about 9,600 entity mentions and has no pretrained vectors
(docs/model-card.md), so it misses or mistypes many names that the project's knowledge files
already know: the actor knowledge base (armed groups, state organs, IGOs, parties, NGOs,
companies, office holders), the country table (names, aliases, demonyms) and the gazetteer
(GeoNames places and the curated seas, regions and rivers). `NameKnowledge` answers, for a
piece of text, which entity types that knowledge allows; the spaCy component in
`entities.py` uses it to add missed names and fix types. This module knows nothing of spaCy.

Readings are deliberately conservative, because a wrong reading costs as much as a miss:
- ORG: an organisation or group of the actor KB, written with the capitals of one of its
  names ("Amnesty International", "ECB"; not "amnesty" or "junta").
- PERSON: an actor KB person by a full name of at least two words (surnames alone are
  ambiguous: "May", "Lee").
- LOC: a country name or alias with its capitals, or a gazetteer place that is prominent:
  a country, a first-level division, a curated region, sea or river, or a populated place
  of at least `min_population` people. A one-word name that is also a common English word
  ("Mission", "Hope"; the gazetteer's list) is not a place here.
- NORP: a demonym of the country table ("Iraqi", "South Koreans").
`first_names` are the first words of the KB's people ("Emmanuel", "Cristina"), which the
entity component adds to its list of given names.
A name with more than one reading is ambiguous (an office holder whose name is also a town),
and the caller decides with context. Readings are cached per text (up to `CACHE_SIZE`
texts, then the cache starts afresh): news repeats its names.
"""
from __future__ import annotations

from dataclasses import dataclass

from eventwatch.knowledge.actors import ActorKB
from eventwatch.knowledge.countries import Countries, case_key
from eventwatch.knowledge.gazetteer import Gazetteer
from eventwatch.knowledge.gazetteer import normalise as place_key

PROMINENT_FEATURES = frozenset({"country", "admin1", "region", "other"})
CACHE_SIZE = 100_000


@dataclass(frozen=True)
class Place:
    """How prominent the best place of a name is: its feature and population."""

    feature: str
    population: int


class NameKnowledge:
    """Entity readings of names from the actor KB, the country table and the gazetteer."""

    def __init__(self, *, countries: Countries, actor_kb: ActorKB, gazetteer: Gazetteer,
                 min_population: int) -> None:
        self.countries = countries
        self.actor_kb = actor_kb
        self.gazetteer = gazetteer
        self.min_population = min_population
        self._cache: dict[str, frozenset[str]] = {}
        self.first_names = frozenset(
            first for first in (entry.name.split()[0] for entry in actor_kb.entries(kind="person") if " " in entry.name)
            if first.isalpha() and first.istitle() and len(first) > 1)

    def place(self, text: str) -> Place | None:
        """The most prominent gazetteer place or country called `text`, None if none is prominent."""
        if self.countries.by_name(text, match_case=True) is not None:
            return Place("country", 1 << 40)
        key = place_key(text)
        if " " not in key and key in self.gazetteer.common_words:
            return None
        best: Place | None = None
        for entry in self.gazetteer.lookup_key(key):
            if not self.gazetteer.is_main_name(key, entry):
                continue  # GeoNames' alternate names are noisy: "Sam" is one of Damascus'
            prominent = entry.feature in PROMINENT_FEATURES or entry.population >= self.min_population
            if prominent and (best is None or entry.population > best.population):
                best = Place(entry.feature, entry.population)
        return best

    def known_place(self, text: str) -> bool:
        """Whether any place or country has this name, however small or alternative the name."""
        return self.gazetteer.has_key(place_key(text)) or self.countries.by_name(text) is not None

    def role_noun(self, text: str) -> bool:
        """Whether the actor KB knows the word as a role noun ("Cabinet", "Government", "Army")."""
        return self.actor_kb.role_noun(text) is not None

    def readings(self, text: str) -> frozenset[str]:
        """The entity types knowledge allows for `text` (empty when it knows nothing)."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            found = self._cache[text] = frozenset(self._readings(text))
        return found

    def _readings(self, text: str) -> set[str]:
        labels: set[str] = set()
        if not any(ch.isupper() for ch in text):
            return labels
        surface = case_key(text)
        for entry in self.actor_kb.lookup(text, match_case=True):
            if entry.kind in ("organization", "group"):
                labels.add("ORG")
            elif entry.kind == "person" and " " in surface and any(
                    case_key(name) == surface and " " in name for name in entry.names):
                labels.add("PERSON")
        if self.place(text) is not None:
            labels.add("LOC")
        if self.countries.by_demonym(text) is not None and self.countries.by_name(text) is None:
            labels.add("NORP")
        return labels


__all__ = ["NameKnowledge", "Place"]
