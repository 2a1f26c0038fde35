"""Fixtures shared by the tests: the shipped record schema and a light pipeline config."""

from __future__ import annotations

import json
from importlib import resources as package_files
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator


@pytest.fixture(scope="session")
def record_validator() -> Draft202012Validator:
    """A validator for the JSON Schema shipped in the package (record.schema.json)."""
    schema = json.loads(package_files.files("eventwatch").joinpath("record.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def no_stages(tmp_path: Path) -> Path:
    """A user pipeline config with no stages: fast, for tests about ingest and ordering."""
    path = tmp_path / "no-stages.yaml"
    path.write_text("stages: []\n", encoding="utf-8")
    return path
