"""The worked examples (tests/data/examples, see SOURCE.md there), field by field.

For every expected event the predicted event that names it must agree on type and
factuality; date, place country, casualties and actors' countries, which also depend on
the mention layers, on all but at most two events. The comparison is `eventwatch.evaluate.examples`, which also prints
the full field-by-field table (`eventwatch evaluate examples --data SHARED`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import eventwatch
from eventwatch.evaluate import examples

FOLDER = Path(__file__).parent / "data" / "examples"


def all_rows() -> list[dict]:
    rows = []
    for name, text, expected in examples.load_examples(FOLDER):
        rows += examples.compare(name, text, expected, pipeline=eventwatch.default_pipeline())
    return rows


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return all_rows()


def test_the_four_examples_are_there() -> None:
    assert [name for name, _text, _expected in examples.load_examples(FOLDER)] == ["ex01", "ex02", "ex03", "ex04"]


def test_every_expected_event_is_found(rows: list[dict]) -> None:
    missing = [r["event"] for r in rows if not r["found"]]
    assert missing == []


@pytest.mark.parametrize("field", ["type", "factuality"])
def test_field_agrees_for_every_event(rows: list[dict], field: str) -> None:
    wrong = [(r["event"], r["expected"][field], r["predicted"].get(field)) for r in rows if not r["ok"][field]]
    assert wrong == []


# These fields also depend on the mention layers (times, places, quantities, actors): the
# events stage picks the right mention, but a mention another stage misses cannot be picked.
# The bar is 19 of the 21 events; the field-by-field table names the misses.
@pytest.mark.parametrize("field", ["date", "place", "casualties", "source", "target"])
def test_field_agrees_for_nearly_every_event(rows: list[dict], field: str) -> None:
    wrong = [(r["event"], r["expected"][field], r["predicted"].get(field)) for r in rows if not r["ok"][field]]
    assert len(wrong) <= 2, wrong
