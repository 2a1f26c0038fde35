"""`eventwatch doctor`: is this install able to do its job? If not, what fixes it?

It checks, in order, and prints one line per check (`ok`, or `FAIL` with the problem and the
command that fixes it):

1. Python version and the installed distributions the package requires.
2. The package's own data: the default pipeline config, the record schema, the sample.
3. The language model directory (`eventwatch.language.MODEL_DIR`, or `--model PATH`).
4. Every resource the pipeline config names (defaults merged with `--config`): the data
   files it needs, then whether it loads. A resource loader's module may declare its files
   with `required_files(**options) -> Iterable[Path]` (same options as the loader); doctor
   checks each exists before loading. A resource spec may carry `fix:` (a command) for
   when it fails.
5. That the stages build, and that a test sentence goes through the whole pipeline.

Exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path
from typing import Annotated, Any

import typer
from packaging.requirements import Requirement

from eventwatch import __version__
from eventwatch.pipeline import Pipeline, Resources, load_config
from eventwatch.record import json_schema

REINSTALL = "pip install --force-reinstall --no-deps eventwatch   (from a source checkout: pip install .)"
BUILD_MODEL = ("python -m training.build_model --shared ../shared   (in a source checkout; for an installed "
               "package: pip install --force-reinstall --no-deps eventwatch)")
PACKAGE_DATA = ("pipeline.yaml", "record.schema.json", "sample/voa_sample.jsonl")
PROBE = "Rebels seized the town of Kyaukme in northern Myanmar on Sunday, residents said."


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""
    fix: str = ""

    def line(self) -> str:
        text = f"{'ok  ' if self.ok else 'FAIL'}  {self.name}"
        if self.detail:
            text += f": {self.detail}"
        if not self.ok and self.fix:
            text += f"\n      fix: {self.fix}"
        return text


def doctor(
    config: Annotated[Path | None, typer.Option(
        "--config", "-c", help="A pipeline YAML merged into the defaults (check what it configures).",
        show_default=False)] = None,
    model: Annotated[Path | None, typer.Option(
        "--model", help="Check this language model directory instead of the packaged one.",
        show_default=False)] = None,
) -> None:
    """Check the install, the language model and every configured resource; say what fixes a problem."""
    checks: list[Check] = []

    def report(check: Check) -> None:
        checks.append(check)
        typer.echo(check.line())

    typer.echo(f"eventwatch {__version__} at {Path(__file__).resolve().parent.parent}")
    for check in install_checks():
        report(check)
    report(model_check(model if model is not None else default_model_dir()))
    loaded = config_checks(config, report)
    if loaded is not None:
        report(pipeline_check(*loaded))
    failed = [c for c in checks if not c.ok]
    if failed:
        typer.echo(f"{len(failed)} problem(s) found.")
        raise typer.Exit(1)
    typer.echo("All checks passed: eventwatch is ready.")


def install_checks() -> list[Check]:
    checks = [Check(f"Python {sys.version.split()[0]}", sys.version_info >= (3, 11),
                    "" if sys.version_info >= (3, 11) else "eventwatch needs Python 3.11 or newer",
                    "install Python 3.11+ and reinstall eventwatch in it")]
    checks += [dependency_check(r) for r in metadata.requires("eventwatch") or []
               if Requirement(r).marker is None]
    files = package_files.files("eventwatch")
    for name in PACKAGE_DATA:
        present = files.joinpath(name).is_file()
        checks.append(Check(f"package data {name}", present, "" if present else "missing from the install",
                            REINSTALL))
        if name == "record.schema.json" and present:
            current = json.loads(files.joinpath(name).read_text(encoding="utf-8")) == json_schema()
            checks.append(Check("record schema matches the models", current,
                                "" if current else "record.schema.json is out of date",
                                "eventwatch schema --write   (in a source checkout installed editable)"))
    return checks


def dependency_check(spec: str) -> Check:
    requirement = Requirement(spec)
    name = requirement.name
    installed = _installed_version(name)
    if installed is None:
        return Check(f"dependency {name}", False, "not installed", f'pip install "{requirement}"')
    ok = requirement.specifier.contains(installed, prereleases=True)
    return Check(f"dependency {name} {installed}", ok,
                 "" if ok else f"eventwatch needs {name}{requirement.specifier}", f'pip install "{requirement}"')


def _installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def default_model_dir() -> Path:
    language = importlib.import_module("eventwatch.language")
    fallback = Path(str(package_files.files("eventwatch").joinpath("language", "model")))
    return Path(getattr(language, "MODEL_DIR", fallback))


def model_check(path: Path) -> Check:
    """A spaCy model directory has config.cfg and meta.json, and a folder per trained component."""
    name = f"language model {path}"
    if not path.is_dir():
        return Check(name, False, "missing", BUILD_MODEL)
    missing = [f for f in ("config.cfg", "meta.json") if not (path / f).is_file()]
    if missing:
        return Check(name, False, f"incomplete (no {', '.join(missing)})", BUILD_MODEL)
    return Check(name, True)


def config_checks(config: Path | None,
                  report: Callable[[Check], None]) -> tuple[dict[str, Any], Path | None, Resources] | None:
    """Check the config and each resource it names; the config and the resources loaded while
    checking, when the config could be read (the pipeline check reuses them: no second load)."""
    label = f"pipeline config {config}" if config else "pipeline config (package defaults)"
    try:
        merged = load_config(config)
    except Exception as error:  # a doctor reports what is wrong instead of raising it
        report(Check(label, False, f"{type(error).__name__}: {error}",
                     "fix the YAML file given with --config" if config else REINSTALL))
        return None
    specs = merged.get("resources") or {}
    stages = [s.get("name", "?") for s in merged.get("stages") or []]
    report(Check(label, True, f"{len(specs)} resources, stages: {', '.join(stages) or '(none)'}"))
    resources = Resources(specs)
    for name, spec in specs.items():
        for check in resource_checks(name, spec, resources, user_config=config):
            report(check)
    return merged, config, resources


def resource_checks(name: str, spec: dict[str, Any], resources: Resources, *,
                    user_config: Path | None) -> list[Check]:
    loader_path = str(spec.get("loader", ""))
    options = spec.get("options") or {}
    default_fix = spec.get("fix") or (f"check resource {name!r} in {user_config}" if user_config else REINSTALL)
    checks = []
    module_name = loader_path.partition(":")[0]
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # reported, not raised
        return [Check(f"resource {name} ({loader_path})", False, f"cannot import: {error}", default_fix)]
    declared = getattr(module, "required_files", None)
    for path in (declared(**options) if declared else []):
        path = Path(path)
        present = path.exists()
        fix = spec.get("fix") or (REINSTALL if _inside_package(path) else default_fix)
        checks.append(Check(f"resource {name}: file {path}", present, "" if present else "missing", fix))
    if not all(c.ok for c in checks):
        return checks
    started = time.perf_counter()
    try:
        resources.get(name)
    except Exception as error:  # reported, not raised
        checks.append(Check(f"resource {name} ({loader_path})", False,
                            f"does not load: {type(error).__name__}: {error}", default_fix))
        return checks
    checks.append(Check(f"resource {name} ({loader_path})", True,
                        f"loaded in {time.perf_counter() - started:.1f}s"))
    return checks


def _inside_package(path: Path) -> bool:
    root = Path(str(package_files.files("eventwatch"))).resolve()
    return path.resolve().is_relative_to(root)


def pipeline_check(config: dict[str, Any], path: Path | None, resources: Resources) -> Check:
    """Build every stage and run one sentence through the whole pipeline."""
    try:
        pipeline = Pipeline.from_config(config=config, resources=resources)
        started = time.perf_counter()
        record = pipeline.extract(PROBE, published="2024-09-16")
    except Exception as error:  # reported, not raised
        fix = f"check the stages in {path}" if path else "run `python -m pytest` in a source checkout to find the stage"
        return Check("pipeline", False, f"{type(error).__name__}: {error}", fix)
    stages = ", ".join(pipeline.stage_names) or "no stages configured"
    return Check("pipeline", True, f"{stages}; a test sentence gave {len(record.events)} event(s) in "
                 f"{time.perf_counter() - started:.2f}s")
