"""The trigger lexicon: the words and phrases that name events, and the cues read around them.

Reads `data/triggers/material.yaml` and `verbal.yaml` (entries: words, part of speech,
PLOVER type, mode, CAMEO code, ACLED sub-event type, contexts, conditions),
`content_modes.yaml` (how the content of a request, threat or refusal picks its mode and
CAMEO code) and `cues.yaml` (light verbs, weapon cues, ACLED cues, factuality words).
`load()` is the pipeline's `triggers` resource. Knows nothing of spaCy: matching works on
lower-cased word forms and lemmas that the caller passes in, and regular inflections are
generated here, so a model without a lemmatizer still finds "shelled" and "talks".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources as package_files
from pathlib import Path
from typing import Any

import yaml

from eventwatch.knowledge.countries import YamlLoader

DATA = "data/triggers"
ENTRY_FILES = ("material.yaml", "verbal.yaml")
VOWELS = set("aeiou")


@dataclass(frozen=True)
class TriggerEntry:
    """One lexicon row: a word or phrase and the event it names."""

    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    acled: str | None = None
    context: tuple[str, ...] = ()
    objects: frozenset[str | None] | None = None
    requires_cue: tuple[str, ...] = ()
    consequence: bool = False
    content: str | None = None
    cameo_family: str | None = None
    speech: bool = False

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    @property
    def conditioned(self) -> bool:
        return self.objects is not None or bool(self.requires_cue)


@dataclass(frozen=True)
class WeaponCue:
    words: tuple[str, ...]
    mode: str
    cameo: str
    acled: str | None


@dataclass(frozen=True)
class Match:
    entry: TriggerEntry
    start: int
    length: int


@dataclass
class TriggerLexicon:
    entries: list[TriggerEntry]
    content_modes: dict[str, dict[str, dict[str, Any]]]
    military_words: frozenset[str]
    threat_words: dict[str, tuple[str, ...]]
    light_verbs: frozenset[str]
    aspect_verbs: frozenset[str]
    weapons: list[WeaponCue]
    acled_cues: dict[str, tuple[str, ...]]
    factuality: dict[str, frozenset[str]]
    sector_words: dict[str, frozenset[str]] = field(default_factory=dict)
    accusation_codes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    generic_people: frozenset[str] = frozenset()
    natural_causes: frozenset[str] = frozenset()
    _index: dict[str, list[tuple[tuple[frozenset[str], ...], TriggerEntry]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[tuple[frozenset[str], ...], TriggerEntry]]] = defaultdict(list)
        for entry in self.entries:
            for variant in phrase_variants(entry):
                for first in variant[0]:
                    index[first].append((variant, entry))
        self._index = dict(index)

    def starts(self, forms: Sequence[str], lemmas: Sequence[str], start: int, end: int) -> list[int]:
        """The positions in [start, end) where a phrase may start. `match_at` is empty everywhere
        else, which is most tokens: a caller visits only these."""
        index = self._index
        return [i for i in range(start, end) if forms[i] in index or lemmas[i] in index]

    def match_at(self, forms: Sequence[str], lemmas: Sequence[str], i: int) -> list[Match]:
        """Entries whose phrase starts at token i (forms and lemmas lower-cased), longest first."""
        by_form = self._index.get(forms[i])
        by_lemma = self._index.get(lemmas[i]) if lemmas[i] != forms[i] else None
        if by_form is None and by_lemma is None:
            return []  # most tokens start no phrase: answer them before building anything
        candidates = (by_form or []) + (by_lemma or [])
        # one Match per distinct (length, entry), not per matching variant; the value is the entry
        # that matched last, as when a Match was stored per variant (two equal entries can differ)
        found: dict[tuple[int, TriggerEntry], TriggerEntry] = {}
        size = len(forms)
        for variant, entry in candidates:
            n = len(variant)
            if i + n > size:
                continue
            # the index found the variant by its first word, so only the words after it need checking
            if n == 1 or all(forms[i + k] in variant[k] or lemmas[i + k] in variant[k] for k in range(1, n)):
                found[(n, entry)] = entry
        matches = [Match(entry=entry, start=i, length=n) for (n, _key), entry in found.items()]
        return sorted(matches, key=lambda m: -m.length)

    def content_mode(self, act: str, content_type: str | None, *, family: str | None = None,
                     military: bool = False, content_mode: str | None = None) -> tuple[str | None, str | None]:
        """(mode, CAMEO code) of a request/threat/refusal/intent whose content is `content_type`."""
        table = self.content_modes.get(act) or {}
        row = (table.get(f"{content_type}/{content_mode}") if content_mode else None) or table.get(
            content_type or "none") or table.get("none")
        if not row:
            return None, None
        if act == "REQUEST":
            family = family or "demand"
            code = row.get(f"{family}_military") if military else None
            return row.get("mode"), code or row.get(family)
        return row.get("mode"), row.get("cameo")

    def weapon_cue(self, words: Sequence[str]) -> WeaponCue | None:
        """The most specific weapon cue among lower-cased words/bigrams, in the file's order."""
        present = set(words)
        for cue in self.weapons:
            if any(w in present for w in cue.words):
                return cue
        return None

    def cue(self, name: str) -> frozenset[str]:
        return frozenset(self.acled_cues.get(name, ()))

    def words(self, name: str) -> frozenset[str]:
        return self.factuality.get(name, frozenset())


def verb_forms(word: str) -> set[str]:
    """Regular inflections of a verb; over-generating is harmless ('visitted' never occurs)."""
    forms = {word, word + "s", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(word + "es")
    if word.endswith("y") and len(word) > 2 and word[-2] not in VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) >= 3 and word[-1] not in VOWELS | {"w", "x", "y"} and word[-2] in VOWELS and word[-3] not in VOWELS:
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def noun_forms(word: str) -> set[str]:
    forms = {word, word + "s"}
    if word.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(word + "es")
    if word.endswith("y") and len(word) > 2 and word[-2] not in VOWELS:
        forms.add(word[:-1] + "ies")
    return forms


def phrase_variants(entry: TriggerEntry) -> list[tuple[frozenset[str], ...]]:
    """Each phrase as a sequence of acceptable forms per word: the head word inflected."""
    words = list(entry.words)
    variants = []
    for phrase in words:
        parts = phrase.split()
        slots = [{p} for p in parts]
        if entry.pos in ("verb", "any"):
            slots[0] = slots[0] | verb_forms(parts[0])
        if entry.pos in ("noun", "any"):
            slots[-1] = slots[-1] | noun_forms(parts[-1])
        variants.append(tuple(frozenset(s) for s in slots))
    return variants


def read_yaml(name: str, root: Path | None = None) -> Any:
    if root is not None:
        return yaml.load((root / name).read_text(encoding="utf-8"), Loader=YamlLoader)
    text = package_files.files("eventwatch.knowledge").joinpath(DATA, name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=YamlLoader)


def build_entries(spec: dict[str, Any]) -> list[TriggerEntry]:
    """One row of the YAML as entries: one per word plus one per irregular form."""
    objects = spec.get("objects")
    common = {
        "pos": spec.get("pos", "any"), "type": spec["type"], "mode": spec.get("mode"),
        "cameo": str(spec["cameo"]) if spec.get("cameo") is not None else None, "acled": spec.get("acled"),
        "context": tuple(spec.get("context") or ()),
        "objects": None if objects is None else frozenset(o.lower() if isinstance(o, str) and not o.isupper()
                                                            else o for o in objects),
        "requires_cue": tuple(c.lower() for c in spec.get("requires_cue") or ()),
        "consequence": bool(spec.get("consequence")), "content": spec.get("content"),
        "cameo_family": spec.get("cameo_family"), "speech": bool(spec.get("speech")),
    }
    entries = [TriggerEntry(words=(str(w).lower(),), **common) for w in spec["words"]]
    forms = [str(f).lower() for f in spec.get("forms") or ()]
    if forms:
        # Irregular forms match as they are written (no further inflection).
        fixed = dict(common, pos="fixed")
        entries += [TriggerEntry(words=(f,), **fixed) for f in forms]
    return entries


def load(*, path: str | None = None, extra_files: Sequence[str] = ()) -> TriggerLexicon:
    """The lexicon; `path` replaces the data folder, `extra_files` add entry files (same format)."""
    root = Path(path) if path else None
    entries: list[TriggerEntry] = []
    for name in ENTRY_FILES:
        for spec in read_yaml(name, root)["entries"]:
            entries += build_entries(spec)
    for extra in extra_files:
        for spec in yaml.load(Path(extra).read_text(encoding="utf-8"), Loader=YamlLoader)["entries"]:
            entries += build_entries(spec)
    modes = read_yaml("content_modes.yaml", root)
    cues = read_yaml("cues.yaml", root)
    weapons = [WeaponCue(words=tuple(w.lower() for w in c["words"]), mode=c["mode"], cameo=str(c["cameo"]),
                         acled=c.get("acled")) for c in cues["weapons"]]
    return TriggerLexicon(
        entries=entries,
        content_modes={k: v for k, v in modes.items() if k.isupper()},
        military_words=frozenset(modes.get("military_words") or ()),
        threat_words={k: tuple(v) for k, v in (modes.get("threat_words") or {}).items()},
        light_verbs=frozenset(cues.get("light_verbs") or ()),
        aspect_verbs=frozenset(cues.get("aspect_verbs") or ()),
        weapons=weapons,
        acled_cues={k: tuple(w.lower() for w in v) for k, v in (cues.get("acled_cues") or {}).items()},
        factuality={k: frozenset(v) for k, v in (cues.get("factuality") or {}).items()},
        sector_words={k: frozenset(w.lower() for w in v) for k, v in (cues.get("sector_words") or {}).items()},
        accusation_codes={str(k): tuple(v) for k, v in (cues.get("accusation_codes") or {}).items()},
        generic_people=frozenset(cues.get("generic_people") or ()),
        natural_causes=frozenset(cues.get("natural_causes") or ()),
    )
