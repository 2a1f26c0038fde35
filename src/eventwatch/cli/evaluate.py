"""`eventwatch evaluate NAME --data SHARED`: run one evaluation of the harness and print its report.

The evaluations live in `eventwatch.evaluate` (one module each, see `evaluate/base.py`);
`eventwatch evaluate --list` names them. `--corpus X` goes to the evaluation's `corpus` option
(or `corpora=[X]` where it takes a list); any other option of its `run()` is given with
`--option KEY=VALUE` (`-o split=dev`, `-o full=true`; the value is read as YAML). The report (a table, notes, then one summary line)
goes to standard output; the exit status is 0 whenever the evaluation ran, whatever the
figures, and 1 when it could not run (unknown name, data not found).
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, NoReturn

import typer
import yaml

from eventwatch import evaluate as harness


def evaluate(
    name: Annotated[str | None, typer.Argument(help="The evaluation to run (see --list).",
                                               show_default=False)] = None,
    data: Annotated[Path | None, typer.Option(
        "--data", help="The shared data folder holding the gold sets.", show_default=False)] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Use at most N items.",
                                              show_default=False)] = None,
    corpus: Annotated[str | None, typer.Option("--corpus", help="Which corpus of the evaluation, "
                                               "where it has several.", show_default=False)] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-o", help="KEY=VALUE for the evaluation's run() (value read as YAML); repeatable.",
        show_default=False)] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the evaluations and exit.")] = False,
) -> None:
    """Score the pipeline against a public gold set and print the report."""
    if list_:
        typer.echo("\n".join(harness.available()))
        return
    if name is None or data is None:
        raise typer.BadParameter("give NAME and --data SHARED (or --list)", param_hint="NAME")
    if name not in harness.available():
        _fail(f"error: no evaluation named {name!r}; available: {', '.join(harness.available()) or '(none)'}")
    module = harness.get(name)
    run = getattr(module, "run", None)
    if run is None:
        _fail(f"error: eventwatch.evaluate.{name} has no run() function")
    accepted = inspect.signature(run).parameters
    options: dict[str, object] = {"limit": limit}
    if corpus is not None:
        if "corpus" in accepted:
            options["corpus"] = corpus
        elif "corpora" in accepted:
            options["corpora"] = [corpus]
        else:
            _fail(f"error: evaluation {name!r} has no --corpus choice")
    for item in option or []:
        key, sep, value = item.partition("=")
        if not sep or key not in accepted or key in ("shared", "limit", "pipeline"):
            choices = ", ".join(k for k in accepted if k not in ("shared", "limit", "pipeline"))
            _fail(f"error: --option {item!r}: evaluation {name!r} takes KEY=VALUE with KEY one of: {choices}")
        options[key] = yaml.safe_load(value)
    try:
        report = run(data, **options)
    except FileNotFoundError as error:
        _fail(f"error: {error}")
    typer.echo(report.render())


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(1)
