"""Readers for the calendar and number vocabularies (`data/time_words.yaml`, `data/numbers.yaml`).

The taggers in `eventwatch.mentions` get these as the pipeline resources `time_lexicon` and
`number_lexicon`. Each reader returns a frozen, lookup-ready object: lower-cased keys, words
sorted longest first where they feed a regular expression, so a tagger never re-reads or
re-sorts the data. Nothing here knows about spaCy or the pipeline.

A user can replace a vocabulary by giving the resource a `path` option (a YAML file with the
same keys).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path
from typing import Any

import yaml

from eventwatch.knowledge.countries import YamlLoader


def alternation(words: Iterable[str], *, ignore_case: bool = False) -> str:
    """A regex alternation of the words, longest first so a longer word wins over its prefix.

    With `ignore_case`, a group that matches what `(?i:...)` around the plain alternation matches
    (see `caseless`)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return caseless(ordered) if ignore_case else "|".join(re.escape(w) for w in ordered)


# What Python's `re`, ignoring case, takes for an ASCII letter besides its two cases: dotted and
# dotless I, the Kelvin sign, the long s (tests/test_lexicons.py checks this against all of Unicode).
CASE_VARIANTS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def caseless(words: Iterable[str]) -> str:
    """`(?:(?i:w1|w2|...))` for literal words, tried in the order given, written for speed.

    Alternatives in a case-insensitive group are each tried in turn at every position of the
    text; grouped by first letter behind a case-sensitive class ("[tT](?i:oday|onight)|[yY]..."),
    the engine skips at once the groups whose letter is not there. Each class holds all that
    `(?i)` lets the letter match and no two classes share a character, so at any position the
    same words are tried in the same order: the group finds the same text the same way."""
    words = list(words)
    if any(not word or not word[0].isascii() for word in words):  # an empty word, a non-ASCII letter: as is
        return f"(?:(?i:{'|'.join(re.escape(w) for w in words)}))"
    groups: dict[str, list[str]] = {}
    for word in words:
        first = word[:1].lower()
        groups.setdefault(first if first.isalpha() else "", []).append(word)
    parts = []
    for letter, members in groups.items():
        if letter:
            variants = letter + letter.upper() + CASE_VARIANTS.get(letter, "")
            parts.append(f"[{variants}](?i:{'|'.join(re.escape(w[1:]) for w in members)})")
        else:  # digits and punctuation have no case (and match no letter)
            parts.append(f"(?i:{'|'.join(re.escape(w) for w in members)})")
    return f"(?:{'|'.join(parts)})"


def fold(text: str) -> str:
    """The text lower-cased, character for character, so that a lower-case ASCII word occurs in it
    at every place where `(?i)word` matches the text: a cheap test of whether a case-insensitive
    pattern that needs the word can match at all."""
    # str.lower() leaves the case variants as they are (and makes two characters of the dotted I);
    # replace() returns the text itself when a character is absent, far cheaper than translate()
    for letter, chars in CASE_VARIANTS.items():
        for char in chars:
            text = text.replace(char, letter)
    return text.lower()


DATA_PACKAGE = "eventwatch.knowledge"


def read_yaml(name: str, path: str | Path | None = None) -> dict[str, Any]:
    """A packaged data file (`knowledge/data/<name>`), or the file at `path` when given."""
    if path is not None:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = package_files.files(DATA_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=YamlLoader)
    if not isinstance(data, dict):
        raise ValueError(f"{path or name}: expected a mapping at the top level")
    return data


def longest_first(words: list[str]) -> tuple[str, ...]:
    """Words ordered so a regex alternation prefers the longest match."""
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True, eq=False)  # hashed by identity: taggers cache compiled patterns per lexicon
class TimeLexicon:
    months: dict[str, int]  # lower-cased name or abbreviation -> month number
    month_abbreviations: frozenset[str]  # lower-cased abbreviations (may take a period)
    ambiguous_months: frozenset[str]  # lower-cased
    weekdays: dict[str, int]  # lower-cased name -> Monday=0 ... Sunday=6
    weekday_name_before: frozenset[str]
    weekday_name_after: frozenset[str]
    day_parts: tuple[str, ...]
    edge_modifiers: tuple[str, ...]
    deictic_days: dict[str, int]
    unit_determiners: dict[str, int]
    units: dict[str, str]
    duration_lead_words: frozenset[str]
    anaphoric_days: tuple[str, ...]
    weekend_phrases: tuple[str, ...]
    relative_after: frozenset[str]
    relative_before: frozenset[str]
    next_day_phrases: dict[str, int]
    temporal_prepositions: frozenset[str]
    future_markers: frozenset[str]
    past_markers: frozenset[str]
    named_dates: dict[str, str]  # lower-cased phrase -> ISO date
    day_closing_verbs: frozenset[str]
    strong_past_markers: frozenset[str]
    deadline_prepositions: frozenset[str]
    participle_auxiliaries: frozenset[str]
    same_period_nouns: tuple[str, ...]
    number_label_words: frozenset[str]

    def month_names(self) -> tuple[str, ...]:
        return longest_first(list(self.months))

    def weekday_names(self) -> tuple[str, ...]:
        return longest_first(list(self.weekdays))


def load_time_lexicon(*, path: str | None = None) -> TimeLexicon:
    data = read_yaml("time_words.yaml", path)
    months = {word.lower(): int(number) for number, words in data["months"].items() for word in words}
    weekdays = {word.lower(): int(number) for number, words in data["weekdays"].items() for word in words}
    abbreviations = {word.lower() for words in data["months"].values() for word in words[1:]}
    return TimeLexicon(
        months=months,
        month_abbreviations=frozenset(abbreviations),
        ambiguous_months=frozenset(w.lower() for w in data["ambiguous_months"]),
        weekdays=weekdays,
        weekday_name_before=frozenset(data["weekday_name_before"]),
        weekday_name_after=frozenset(data["weekday_name_after"]),
        day_parts=longest_first(data["day_parts"]),
        edge_modifiers=longest_first(data["edge_modifiers"]),
        deictic_days={k.lower(): int(v) for k, v in data["deictic_days"].items()},
        unit_determiners={k.lower(): int(v) for k, v in data["unit_determiners"].items()},
        units={k.lower(): v for k, v in data["units"].items()},
        duration_lead_words=frozenset(w.lower() for w in data["duration_lead_words"]),
        anaphoric_days=longest_first([w.lower() for w in data["anaphoric_days"]]),
        weekend_phrases=longest_first([w.lower() for w in data["weekend_phrases"]]),
        relative_after=frozenset(w.lower() for w in data["relative_after"]),
        relative_before=frozenset(w.lower() for w in data["relative_before"]),
        next_day_phrases={k.lower(): int(v) for k, v in data["next_day_phrases"].items()},
        temporal_prepositions=frozenset(w.lower() for w in data["temporal_prepositions"]),
        future_markers=frozenset(w.lower() for w in data["future_markers"]),
        past_markers=frozenset(w.lower() for w in data["past_markers"]),
        named_dates={k.lower(): str(v) for k, v in data["named_dates"].items()},
        day_closing_verbs=frozenset(w.lower() for w in data["day_closing_verbs"]),
        strong_past_markers=frozenset(w.lower() for w in data["strong_past_markers"]),
        deadline_prepositions=frozenset(w.lower() for w in data["deadline_prepositions"]),
        participle_auxiliaries=frozenset(w.lower() for w in data["participle_auxiliaries"]),
        same_period_nouns=longest_first([w.lower() for w in data["same_period_nouns"]]),
        number_label_words=frozenset(data["number_label_words"]),
    )


@dataclass(frozen=True, eq=False)
class NumberLexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    scale_abbreviations: dict[str, int]
    count_words: dict[str, int]
    vague_counts: dict[str, int]
    qualifiers: dict[str, str]  # lower-cased phrase -> lower | upper | approximate | range
    qualifier_names: dict[str, str]  # lower-cased phrase -> the record's name (more than, at least, about, up to)
    casualty_verbs: dict[str, str]  # lower-cased word or phrase -> kind
    casualty_nouns: dict[str, str]
    toll_verbs: frozenset[str]
    people_generic: frozenset[str]
    people_nouns: frozenset[str]  # lower-cased
    unit_aliases: dict[str, str]
    currencies: dict[str, str]
    clock_words: tuple[str, ...]
    subset_markers: tuple[str, ...]
    noun_phrase_stops: frozenset[str]
    one_pronoun_after: frozenset[str]
    passive_fillers: frozenset[str]
    verb_object_fillers: tuple[str, ...]
    toll_nouns: tuple[str, ...]
    non_actual_before: frozenset[str]

    def number_words(self) -> tuple[str, ...]:
        return longest_first([*self.units, *self.tens, *self.scales])

    def value_of_word(self, word: str) -> int | None:
        word = word.lower()
        for table in (self.units, self.tens, self.scales, self.count_words):
            if word in table:
                return table[word]
        return None


def load_number_lexicon(*, path: str | None = None) -> NumberLexicon:
    data = read_yaml("numbers.yaml", path)
    qualifiers = {phrase.lower(): kind for kind, phrases in data["qualifiers"].items() for phrase in phrases}
    verbs = {w.lower(): kind for kind, words in data["casualty_verbs"].items() for w in words}
    nouns = {w.lower(): kind for kind, words in data["casualty_nouns"].items() for w in words}
    return NumberLexicon(
        units={k.lower(): int(v) for k, v in data["units"].items()},
        tens={k.lower(): int(v) for k, v in data["tens"].items()},
        scales={k.lower(): int(v) for k, v in data["scales"].items()},
        scale_abbreviations={k.lower(): int(v) for k, v in data["scale_abbreviations"].items()},
        count_words={k.lower(): int(v) for k, v in data["count_words"].items()},
        vague_counts={k.lower(): int(v) for k, v in data["vague_counts"].items()},
        qualifiers=qualifiers,
        qualifier_names={p.lower(): name for name, phrases in data["qualifier_names"].items() for p in phrases},
        casualty_verbs=verbs,
        casualty_nouns=nouns,
        toll_verbs=frozenset(w.lower() for w in data["toll_verbs"]),
        people_generic=frozenset(w.lower() for w in data["people_nouns_generic"]),
        people_nouns=frozenset(w.lower() for w in data["people_nouns"]),
        unit_aliases={str(k).lower(): v for k, v in data["unit_aliases"].items()},
        currencies={str(k): v for k, v in data["currencies"].items()},
        clock_words=longest_first([str(w) for w in data["clock_words"]]),
        subset_markers=longest_first([w.lower() for w in data["subset_markers"]]),
        noun_phrase_stops=frozenset(w.lower() for w in data["noun_phrase_stops"]),
        one_pronoun_after=frozenset(w.lower() for w in data["one_pronoun_after"]),
        passive_fillers=frozenset(w.lower() for w in data["passive_fillers"]),
        verb_object_fillers=longest_first([w.lower() for w in data["verb_object_fillers"]]),
        toll_nouns=longest_first([w.lower() for w in data["toll_nouns"]]),
        non_actual_before=frozenset(w.lower() for w in data["non_actual_before"]),
    )


# Resource loaders named in pipeline.yaml (`time_lexicon`, `number_lexicon`).
def time_lexicon(*, path: str | None = None) -> TimeLexicon:
    return load_time_lexicon(path=path)


def number_lexicon(*, path: str | None = None) -> NumberLexicon:
    return load_number_lexicon(path=path)
