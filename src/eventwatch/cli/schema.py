"""`eventwatch schema`: the record's JSON Schema, generated from the models.

The package ships the schema as `eventwatch/record.schema.json`; `eventwatch schema --write`
regenerates that file (run it from a source checkout installed editable after changing
`record.py`; a test fails while the shipped file and the models disagree).
"""

from __future__ import annotations

import json
from importlib import resources as package_files
from pathlib import Path
from typing import Annotated

import typer

from eventwatch.record import json_schema

SCHEMA_FILE = "record.schema.json"


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_path() -> Path:
    return Path(str(package_files.files("eventwatch").joinpath(SCHEMA_FILE)))


def schema(
    write: Annotated[bool, typer.Option("--write", help=f"Write it to the package's {SCHEMA_FILE} "
                                        "instead of standard output.")] = False,
) -> None:
    """Print the JSON Schema of the record (eventwatch.record/1)."""
    text = schema_text()
    if write:
        path = shipped_schema_path()
        path.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {path}", err=True)
    else:
        typer.echo(text, nl=False)
