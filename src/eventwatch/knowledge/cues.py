"""Speech cues: the verbs, phrases and pronouns the quotes and actors stages read.

The knowledge lives in `data/speech_cues.yaml`; this module only reads it into a frozen
`SpeechCues` (no spaCy here). Verb forms are matched on the lower-cased surface form, so the
stages do not depend on the language model having a lemmatizer: regular forms (-s, -ed,
-ing) are generated here, irregular ones are listed in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path
from typing import Any

import yaml

from eventwatch.knowledge.countries import YamlLoader

DEFAULT_FILE = "speech_cues.yaml"
VOWELS = set("aeiou")


@dataclass(frozen=True)
class Verb:
    lemma: str
    cls: str
    object_is_hearer: bool = False


@dataclass(frozen=True)
class Pronoun:
    text: str
    person: bool | None
    number: str
    gender: str | None = None
    first_person: bool = False


@dataclass(frozen=True)
class SpeechCues:
    verbs: dict[str, Verb]  # surface form (lower case; "pointed out" for particle verbs) -> verb
    phrases: dict[str, str]  # "according to" -> class
    reporting_nouns: frozenset[str]
    pronouns: dict[str, Pronoun]
    speaker_acts: frozenset[str] = frozenset()
    infinitive: frozenset[str] = frozenset()  # lemmas whose to-infinitive is the content

    def verb(self, form: str) -> Verb | None:
        return self.verbs.get(form.lower())

    def pronoun(self, word: str) -> Pronoun | None:
        return self.pronouns.get(word.lower())


def regular_forms(lemma: str) -> list[str]:
    """lemma, 3rd singular, past and -ing forms of a regular English verb."""
    if lemma.endswith("ee"):
        return [lemma, lemma + "s", lemma + "d", lemma + "ing"]
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith("y") and lemma[-2:-1] not in VOWELS:
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return [lemma, lemma + "es", lemma + "ed", lemma + "ing"]
    return [lemma, lemma + "s", lemma + "ed", lemma + "ing"]


def parse(data: dict[str, Any]) -> SpeechCues:
    verbs: dict[str, Verb] = {}
    for lemma, spec in (data.get("verbs") or {}).items():
        verb = Verb(lemma=lemma, cls=spec["class"], object_is_hearer=bool(spec.get("object_is_hearer")))
        for form in spec.get("forms") or regular_forms(lemma):
            verbs[form.lower()] = verb
    phrases = {item["text"].lower(): item["class"] for item in data.get("phrases") or []}
    pronouns = {
        word.lower(): Pronoun(text=word.lower(), person=spec.get("person"), number=spec["number"],
                              gender=spec.get("gender"), first_person=bool(spec.get("first_person")))
        for word, spec in (data.get("pronouns") or {}).items()
    }
    return SpeechCues(verbs=verbs, phrases=phrases,
                      reporting_nouns=frozenset(w.lower() for w in data.get("reporting_nouns") or []),
                      pronouns=pronouns,
                      speaker_acts=frozenset(w.lower() for w in data.get("speaker_acts") or []),
                      infinitive=frozenset(w.lower() for w in data.get("infinitive") or []))


def load(path: str | Path | None = None) -> SpeechCues:
    """The packaged cue lexicon, or the YAML file at `path`."""
    if path is None:
        text = package_files.files("eventwatch.knowledge").joinpath("data", DEFAULT_FILE).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse(yaml.load(text, Loader=YamlLoader) or {})
