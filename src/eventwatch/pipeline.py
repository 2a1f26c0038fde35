"""Build the stages from configuration and run documents through them.

The configuration (`pipeline.yaml` in the package, optionally merged with a user YAML file)
names, in the data's order, each stage and the `module:function` factory that builds it,
and each shared resource (language model, gazetteer, actor knowledge base, ontology
tables, lexicons) and the `module:function` that loads it. Resources are loaded lazily,
once per `Resources` object, and passed to the stages that ask for them: there is no
module-level state, so two pipelines with different configs can live side by side.

`Pipeline.run(article)` extracts one article. `run_batch(articles)` extracts a batch stage by
stage, so a stage that can work on many documents at once gets them together (the language
stage parses them with one `nlp.pipe`, about a tenth faster than text by text); each
article's outcome is its record or the exception that stopped it, so one bad article costs only
itself. The command line's batch extraction runs chunks of articles this way.

A user YAML file is merged into the defaults: mappings merge key by key, lists replace.
To drop a stage, give the whole `stages` list; to tune one, give
`stage_options: {places: {...}}`; to extend a knowledge base, give the resource's
options (e.g. `resources: {actor_kb: {options: {extra_files: [my_actors.yaml]}}}`).
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path
from typing import Any, Protocol

import yaml

from eventwatch.document import ArticleText, Document
from eventwatch.record import Record

DEFAULT_CONFIG = "pipeline.yaml"


class Stage(Protocol):
    """The one shape of every stage: it takes the document and returns it enriched.

    A stage may also offer `process_many(self, docs: list[Document]) -> list[Document]`, the same
    over many documents at once, faster (the language stage parses a batch with `nlp.pipe`);
    `Pipeline.process_many` uses it when it is there."""

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

    def process_many(self, docs: Sequence[Document]) -> list[Document | Exception]:
        """The documents through every stage, results in input order. A stage that offers
        `process_many` gets all the documents still standing at once; the others get them one by
        one. A document on which a stage raises comes back as that exception (its traceback kept)
        and leaves the later stages; the others go on: one bad article must not cost its batch.
        When a batch call raises, that stage redoes the batch one document at a time, so the
        bad one is found and the good ones are kept."""
        results: list[Document | Exception] = list(docs)
        for stage in self.stages:
            standing = [i for i, item in enumerate(results) if isinstance(item, Document)]
            batch = [results[i] for i in standing]
            done = batch_processed(stage, batch) if len(batch) > 1 else None
            if done is None:
                done = [guarded(stage.process, doc) for doc in batch]
            for i, item in zip(standing, done, strict=True):
                results[i] = item
        return results

    def run_batch(self, articles: Sequence[ArticleText]) -> list[Record | Exception]:
        """The record of each article in input order, or the exception that stopped it."""
        return [guarded(Document.to_record, item) if isinstance(item, Document) else item
                for item in self.process_many([Document(article=article) for article in articles])]

    def run_many(self, articles: Iterable[ArticleText], *, batch_size: int = 8) -> Iterator[Record]:
        """The records of many articles, in input order, extracted `batch_size` at a time; the
        first article that fails raises its error."""
        for batch in batched(articles, batch_size):
            for outcome in self.run_batch(batch):
                if isinstance(outcome, Exception):
                    raise outcome
                yield outcome

    def extract(self, text: str, *, published: dt.date | str | None = None, **metadata: Any) -> Record:
        """Extract the record of a text; `published` anchors relative dates."""
        if isinstance(published, str):
            published = dt.date.fromisoformat(published[:10])
        return self.run(ArticleText(text=text, published=published, **metadata))


def batch_processed(stage: Stage, docs: list[Document]) -> list[Document] | None:
    """The stage's `process_many` over the documents; None when it has none or the batch raised."""
    process_many = getattr(stage, "process_many", None)
    if process_many is None:
        return None
    try:
        return process_many(docs)
    except Exception:  # some document in the batch is bad: the caller redoes them one by one
        return None


def guarded(step: Callable[[Document], Any], doc: Document) -> Any:
    """`step(doc)`, or the exception it raised: a bad article is reported by whoever runs the
    batch, it never ends the batch."""
    try:
        return step(doc)
    except Exception as error:  # any failure of one article's extraction
        return error


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of `size` items (the last may be shorter)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def settle_heap() -> None:
    """For a process whose job is to run pipelines (`eventwatch extract`, its workers, the
    benchmarks), once its pipeline is built: tell Python's garbage collector that everything built
    so far lives as long as the process, and collect young objects less often.

    The loaded model and knowledge are some 130,000 container objects that never become garbage;
    frozen, the collector no longer walks them (about 80 ms for each full collection), nor, in
    forked workers, writes to their pages, which then stay shared. Young collections run every
    10,000 allocations instead of 700, as parsing allocates many short-lived objects. The
    collector's time falls from 2.5 to 0.1 ms per VOA story (`benchmarks/bench_stages.py`, gc_ms,
    with and without `--python-gc`).
    A library user's process is left alone: only those processes call this."""
    gc.freeze()
    gc.set_threshold(10_000, *gc.get_threshold()[1:])
