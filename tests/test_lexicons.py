"""The calendar and number vocabularies: shape, coverage and the user's own file."""

from __future__ import annotations

import re
import string
import sys
from importlib import resources as package_files
from pathlib import Path
from typing import get_args

from eventwatch.knowledge.lexicons import (
    CASE_VARIANTS,
    alternation,
    caseless,
    fold,
    load_number_lexicon,
    load_time_lexicon,
)
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


def test_the_case_variants_are_all_that_re_takes_for_an_ascii_letter():
    everything = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    for letter in string.ascii_lowercase:
        matched = set(re.findall(f"(?i){letter}", everything))
        assert matched == {letter, letter.upper(), *CASE_VARIANTS.get(letter, "")}, letter


def test_a_caseless_alternation_finds_what_the_case_insensitive_one_finds():
    words = ["killed", "kill", "shot dead", "injured", "9/11", "a", "an", "sept", "is"]
    text = ("Gunmen KILLED two and Shot Dead a third; an İnjured man, Kİlled? The 9/11 ANNIVERSARY "
            "in SEPT is ſept Kill killing ISLAND.")
    plain = re.compile(rf"\b(?i:{alternation(words)})\b")
    grouped = re.compile(rf"\b{alternation(words, ignore_case=True)}\b")
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert len(plain.findall(text)) > 10
    assert caseless(["the", "then", "ópera"]) == "(?:(?i:the|then|ópera))"  # a non-ASCII first letter


def test_fold_keeps_positions_and_finds_every_case_insensitive_match():
    text = "YEſTERDAY İN KYİV, the Kelvin sign: K. Overnight."
    folded = fold(text)
    assert len(folded) == len(text)
    for word in ("yesterday", "in", "kyiv", "k", "overnight"):
        for m in re.finditer(f"(?i){word}", text):
            assert folded[m.start():m.end()] == word
