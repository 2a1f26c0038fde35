"""Build the stages from configuration and run documents through them.

The configuration (`pipeline.yaml` in the package, optionally merged with a user YAML file)
names, in the data's order, each stage and the `module:function` factory that builds it,
and each shared resource (language model, gazetteer, actor knowledge base, ontology
tables, lexicons) and the `module:function` that loads it. Resources are loaded lazily,
once per `Resources` object, and passed to the stages that ask for them: there is no
module-level state, so two pipelines with different configs can live side by side.

A user YAML file is merged into the defaults: mappings merge key by key, lists replace.
To drop a stage, give the whole `stages` list; to tune one, give
`stage_options: {places: {...}}`; to extend a knowledge base, give the resource's
options (e.g. `resources: {actor_kb: {options: {extra_files: [my_actors.yaml]}}}`).
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path
from typing import Any, Protocol

import yaml

from eventwatch.document import ArticleText, Document
from eventwatch.record import Record

DEFAULT_CONFIG = "pipeline.yaml"


class Stage(Protocol):
    """The one shape of every stage: it takes the document and returns it enriched."""

    name: str

    def process(self, doc: Document) -> Document: ...


class ConfigError(ValueError):
    """The pipeline configuration cannot be used."""


def import_object(path: str) -> Any:
    """The object named by 'package.module:attribute'."""
    module_name, _, attribute = path.partition(":")
    if not attribute:
        raise ConfigError(f"expected 'module:name', got {path!r}")
    return getattr(importlib.import_module(module_name), attribute)


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: mappings merge key by key, anything else in `override` replaces."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The package defaults, merged with the user's YAML file when one is given."""
    text = package_files.files("eventwatch").joinpath(DEFAULT_CONFIG).read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    if path is not None:
        user = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        if not isinstance(user, dict):
            raise ConfigError(f"{path}: a pipeline config must be a mapping")
        config = merge(config, user)
    return config


class Resources:
    """Loaded knowledge shared by the stages: each resource is loaded on first use, once."""

    def __init__(self, specs: dict[str, dict[str, Any]]) -> None:
        self._specs = specs
        self._loaded: dict[str, Any] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._specs

    def get(self, name: str) -> Any:
        if name not in self._loaded:
            spec = self._specs.get(name)
            if spec is None:
                raise ConfigError(f"no resource named {name!r} in the pipeline config")
            loader: Callable[..., Any] = import_object(spec["loader"])
            self._loaded[name] = loader(**(spec.get("options") or {}))
        return self._loaded[name]

    def __getitem__(self, name: str) -> Any:
        return self.get(name)


@dataclass
class Pipeline:
    stages: list[Stage]
    resources: Resources
    config: dict[str, Any]

    @classmethod
    def from_config(cls, path: Path | None = None, *, config: dict[str, Any] | None = None,
                    resources: Resources | None = None) -> Pipeline:
        """The pipeline of a config; `resources` already loaded for that config may be passed in."""
        config = config if config is not None else load_config(path)
        resources = resources if resources is not None else Resources(config.get("resources") or {})
        options_by_stage = config.get("stage_options") or {}
        stages = []
        for spec in config.get("stages") or []:
            factory = import_object(spec["factory"])
            options = merge(spec.get("options") or {}, options_by_stage.get(spec["name"]) or {})
            stages.append(factory(resources=resources, options=options))
        return cls(stages=stages, resources=resources, config=config)

    @property
    def stage_names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def process(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage.process(doc)
        return doc

    def run(self, article: ArticleText) -> Record:
        """Extract one article's record."""
        return self.process(Document(article=article)).to_record()

    def run_many(self, articles: Iterable[ArticleText]) -> Iterator[Record]:
        for article in articles:
            yield self.run(article)

    def extract(self, text: str, *, published: dt.date | str | None = None, **metadata: Any) -> Record:
        """Extract the record of a text; `published` anchors relative dates."""
        if isinstance(published, str):
            published = dt.date.fromisoformat(published[:10])
        return self.run(ArticleText(text=text, published=published, **metadata))
