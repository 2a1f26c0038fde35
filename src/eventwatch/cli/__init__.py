"""The `eventwatch` command: a thin typer app over the layers below.

Each command lives in its own module and is registered here, in one place:

    extract   articles -> records (cli/extract.py)
    doctor    checks the install, the model and every configured resource (cli/doctor.py)
    evaluate  the harness over public gold sets (cli/evaluate.py)
    schema    the record's JSON Schema (cli/schema.py)
    ingest, reprocess, merge, series, alerts, watch, export, info
              the store and the monitor (cli/store.py)

Standard output carries only the command's data (records, reports, the schema); messages,
progress and errors go to standard error.
"""

from __future__ import annotations

from typing import Annotated

import typer

from eventwatch import __version__
from eventwatch.cli import doctor, evaluate, extract, schema, store

app = typer.Typer(
    name="eventwatch",
    help="Political event data from news, offline: who did what to whom, where, when, how many.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"eventwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.",
                                          callback=_print_version, is_eager=True)] = False,
) -> None:
    """eventwatch: political event data from news, offline."""


app.command("extract")(extract.extract)
app.command("doctor")(doctor.doctor)
app.command("evaluate")(evaluate.evaluate)
app.command("schema")(schema.schema)
store.register(app)  # ingest, reprocess, merge, series, alerts, watch, export, info (cli/store.py)

# Further commands register here, one line each: `app.command("name")(module.function)`,
# `app.add_typer(module.app, name="group")` for a command group, or `module.register(app)`.


def main() -> None:
    app()
