"""The evaluation harness over public gold sets: `eventwatch evaluate NAME --data SHARED`.

Every module of this package that defines `run` is an evaluation, named after the module
(`ud`, `ner`, `meantime`, `geo`, `quotes`, `gsr`, `case`, `examples`, ...); `available()`
lists them. See `base.py` for the interface.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def available() -> list[str]:
    names = []
    for info in pkgutil.iter_modules(__path__):
        if info.name != "base" and not info.name.startswith("_"):
            names.append(info.name)
    return sorted(names)


def get(name: str) -> ModuleType:
    if name not in available():
        raise KeyError(f"no evaluation named {name!r}; available: {', '.join(available())}")
    return importlib.import_module(f"{__name__}.{name}")
