"""The event ontologies as data: PLOVER types and modes, CAMEO codes, ACLED types.

Reads `data/ontology/plover.yaml` (types, quad classes, scores, modes, contexts, the old draft
names used by the PLOVER gold records), `cameo.yaml` (CAMEO code -> PLOVER type, mode,
contexts) and `acled.yaml` (event types and their sub-event types). `load()` is the
pipeline's `ontology` resource. Knows nothing of spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources as package_files
from pathlib import Path
from typing import Any

import yaml

from eventwatch.knowledge.countries import YamlLoader

DATA = "data/ontology"


@dataclass(frozen=True)
class PloverType:
    name: str
    quad: int
    score: float
    modes: dict[str, float | None]


@dataclass(frozen=True)
class CameoCode:
    code: str
    type: str | None
    mode: str | None = None
    context: tuple[str, ...] = ()
    name: str | None = None


@dataclass
class Ontology:
    types: dict[str, PloverType]
    cameo: dict[str, CameoCode]
    acled: dict[str, list[str]]
    contexts: list[str]
    old_types: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def quad(self, type_: str) -> int:
        return self.types[type_].quad

    def valid_mode(self, type_: str, mode: str | None) -> bool:
        return mode is None or mode in self.types[type_].modes

    def intensity(self, type_: str, mode: str | None) -> float:
        """The PLOVER score of the mode, or of the type when there is no mode (or it has none)."""
        plover = self.types[type_]
        score = plover.modes.get(mode) if mode else None
        return float(plover.score if score is None else score)

    def cameo_type(self, code: str | None) -> str | None:
        """The PLOVER type a CAMEO code maps to: the code's own row, else its parents' rows."""
        for prefix in cameo_prefixes(code):
            entry = self.cameo.get(prefix)
            if entry is not None:
                return entry.type
        return None

    def cameo_fits(self, code: str | None, type_: str) -> bool:
        return code is None or self.cameo_type(code) == type_

    def acled_event_type(self, sub_event_type: str) -> str | None:
        for event_type, subs in self.acled.items():
            if sub_event_type in subs:
                return event_type
        return None

    def modern_type(self, old: str) -> tuple[str, str | None]:
        """A draft-0.5 type name (DEMAND, DISAPPROVE, ...) as the PLOVER 2.0 type and mode."""
        return self.old_types.get(old, (old, None))


def cameo_prefixes(code: str | None) -> list[str]:
    """'1724' -> ['1724', '172', '17']: the code and the codes above it, most specific first."""
    if not code:
        return []
    return [code[:n] for n in range(len(code), 1, -1)]


def read_yaml(name: str, root: Path | None = None) -> Any:
    if root is not None:
        return yaml.load((root / name).read_text(encoding="utf-8"), Loader=YamlLoader)
    text = package_files.files("eventwatch.knowledge").joinpath(DATA, name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=YamlLoader)


def load(*, path: str | None = None) -> Ontology:
    """The ontology tables; `path` points at another folder with the same three files."""
    root = Path(path) if path else None
    plover = read_yaml("plover.yaml", root)
    types = {name: PloverType(name=name, quad=int(spec["quad"]), score=float(spec["score"]),
                              modes=dict(spec.get("modes") or {}))
             for name, spec in plover["types"].items()}
    cameo = {}
    for code, spec in read_yaml("cameo.yaml", root)["codes"].items():
        cameo[str(code)] = CameoCode(code=str(code), type=spec.get("type"), mode=spec.get("mode"),
                                     context=tuple(spec.get("context") or ()), name=spec.get("name"))
    acled = {name: list(subs) for name, subs in read_yaml("acled.yaml", root)["event_types"].items()}
    old = {name: (spec["type"], spec.get("mode")) for name, spec in (plover.get("old_types") or {}).items()}
    return Ontology(types=types, cameo=cameo, acled=acled, contexts=list(plover.get("contexts") or []),
                    old_types=old)
