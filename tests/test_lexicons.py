"""The calendar and number vocabularies: shape, coverage and the user's own file."""

from __future__ import annotations

from importlib import resources as package_files
from pathlib import Path
from typing import get_args

from eventwatch.knowledge.lexicons import load_number_lexicon, load_time_lexicon
from eventwatch.record import CasualtyKind


def test_months_and_abbreviations():
    lexicon = load_time_lexicon()
    assert sorted(set(lexicon.months.values())) == list(range(1, 13))
    assert (lexicon.months["sept"], lexicon.months["aug"], lexicon.months["may"]) == (9, 8, 5)
    assert "may" in lexicon.ambiguous_months and "march" in lexicon.ambiguous_months
    assert "sept" in lexicon.month_abbreviations and "june" not in lexicon.month_abbreviations


def test_weekdays_follow_python_numbering():
    lexicon = load_time_lexicon()
    assert [lexicon.weekdays[d] for d in ("monday", "thursday", "sunday")] == [0, 3, 6]


def test_deictics_and_units():
    lexicon = load_time_lexicon()
    assert (lexicon.deictic_days["yesterday"], lexicon.deictic_days["tomorrow"]) == (-1, 1)
    assert (lexicon.unit_determiners["last"], lexicon.unit_determiners["next"]) == (-1, 1)
    assert lexicon.named_dates["september 11 attacks"] == "2001-09-11"


def test_number_words_and_counts():
    numbers = load_number_lexicon()
    assert [numbers.value_of_word(w) for w in ("twelve", "Ninety", "thousand", "dozen")] == [12, 90, 1000, 12]
    assert numbers.value_of_word("several") is None
    assert numbers.vague_counts["dozens"] == 24
    assert numbers.number_words()[0] in {"seventeen", "thousand", "trillion", "nineteen", "thirteen", "fourteen"}


def test_qualifiers_have_known_bounds():
    numbers = load_number_lexicon()
    assert set(numbers.qualifiers.values()) == {"lower", "upper", "approximate", "range"}
    assert (numbers.qualifiers["at least"], numbers.qualifiers["up to"], numbers.qualifiers["nearly"]) == (
        "lower", "upper", "approximate")


def test_casualty_words_map_to_record_kinds():
    numbers = load_number_lexicon()
    kinds = set(get_args(CasualtyKind))
    assert set(numbers.casualty_verbs.values()) == kinds
    assert set(numbers.casualty_nouns.values()) <= kinds
    assert (numbers.casualty_verbs["wounded"], numbers.casualty_verbs["abducted"]) == ("injured", "kidnapped")


def test_user_file_replaces_the_packaged_one(tmp_path: Path):
    packaged = load_time_lexicon()
    text = package_files.files("eventwatch.knowledge").joinpath("data", "time_words.yaml").read_text("utf-8")
    custom = tmp_path / "time_words.yaml"
    custom.write_text(text.replace("  12: [December, Dec]", "  12: [December, Dec, Dez]"), encoding="utf-8")
    assert "dez" not in packaged.months
    assert load_time_lexicon(path=str(custom)).months["dez"] == 12
