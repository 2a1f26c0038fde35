"""Counts and casualty candidates on handwritten conflict-report sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwatch.document import ArticleText, Document
from eventwatch.knowledge.lexicons import load_number_lexicon, load_time_lexicon
from eventwatch.mentions.quantities import QuantityStage, find_casualties, find_quantities
from eventwatch.mentions.times import TimeStage
from eventwatch.record import Casualty, Quantity


@pytest.fixture(scope="module")
def numbers():
    return load_number_lexicon()


@pytest.fixture(scope="module")
def stages(numbers):
    return TimeStage(lexicon=load_time_lexicon(), numbers=numbers), QuantityStage(lexicon=numbers)


def run(sentence: str, stages) -> Document:
    doc = Document(article=ArticleText(text=sentence, published=dt.date(2024, 10, 22)))
    for stage in stages:
        doc = stage.process(doc)
    for item in [*doc.quantities, *doc.casualties]:
        assert sentence[item.start:item.end] == item.text
    return doc


def casualty(c: Casualty) -> tuple:
    return c.kind, c.min, c.max, c.exact, c.who, c.text


def quantity(q: Quantity) -> tuple:
    return q.text, q.value, q.qualifier, q.unit


CASUALTIES = [
    ("An air strike killed at least 12 civilians, including two children, and injured 40 others.",
     [("killed", 12, None, False, "civilians", "killed at least 12 civilians"),
      ("injured", 40, 40, True, None, "injured 40 others")]),
    ("More than 12,300 civilians have been killed since the war began.",
     [("killed", 12300, None, False, "civilians", "More than 12,300 civilians have been killed")]),
    ("A shell hit the market, killing five people.",
     [("killed", 5, 5, True, None, "killing five people")]),
    ("Twenty-five people were killed in the blast.",
     [("killed", 25, 25, True, None, "Twenty-five people were killed")]),
    ("The death toll rose to 30, the health ministry said.",
     [("killed", 30, 30, True, None, "death toll rose to 30")]),
    ("Police arrested dozens of protesters outside parliament.",
     [("arrested", 24, None, False, "protesters", "arrested dozens of protesters")]),
    ("Hundreds of families were displaced by the fighting.",
     [("displaced", 200, None, False, "families", "Hundreds of families were displaced")]),
    ("Between 1,500 and 3,000 people have been displaced, aid groups said.",
     [("displaced", 1500, 3000, False, None, "Between 1,500 and 3,000 people have been displaced")]),
    ("Nearly 40 soldiers were wounded in the ambush.",
     [("injured", 40, 40, False, "soldiers", "Nearly 40 soldiers were wounded")]),
    ("Up to 30 fishermen are missing after the boat was shelled.",
     [("missing", 0, 30, False, "fishermen", "Up to 30 fishermen are missing")]),
    ("Gunmen abducted 14 students from a boarding school.",
     [("kidnapped", 14, 14, True, "students", "abducted 14 students")]),
    ("A dozen migrants were detained at the border crossing.",
     [("detained", 12, 12, True, "migrants", "A dozen migrants were detained")]),
    ("Scores of villagers were killed when the dam burst.",
     [("killed", 40, None, False, "villagers", "Scores of villagers were killed")]),
    ("Militants killed a journalist in Mogadishu.",
     [("killed", 1, 1, True, "journalist", "killed a journalist")]),
    ("A detained activist died in custody, his lawyer said.",
     [("killed", 1, 1, True, "detained activist", "A detained activist died")]),
    ("The explosion left 10 dead and 20 wounded.",
     [("killed", 10, 10, True, None, "10 dead"), ("injured", 20, 20, True, None, "20 wounded")]),
    ("Troops killed three rebels and captured two others.",
     [("killed", 3, 3, True, "rebels", "killed three rebels"), ("arrested", 2, 2, True, None, "captured two others")]),
    ("About 1.9 million people have fled their homes.",
     [("displaced", 1900000, 1900000, False, None, "About 1.9 million people have fled")]),
    ("Three gunmen killed 17 worshippers at a mosque in Kano.",
     [("killed", 17, 17, True, "worshippers", "killed 17 worshippers")]),
    ("Soldiers raided the village, killing one person and detaining 9.",
     [("killed", 1, 1, True, None, "killing one person"), ("detained", 9, 9, True, None, "detaining 9")]),
    ("A 45-year-old man was killed by a stray bullet.",
     [("killed", 1, 1, True, "45-year-old man", "A 45-year-old man was killed")]),
    ("An F-16 crashed on Monday, killing the pilot.",
     [("killed", 1, 1, True, "pilot", "killing the pilot")]),
    ("Protests were held in 2019 and five people were killed.",
     [("killed", 5, 5, True, None, "five people were killed")]),
    ("At least 12 people were killed and dozens more wounded.",
     [("killed", 12, None, False, None, "At least 12 people were killed"),
      ("injured", 24, None, False, None, "dozens more wounded")]),
    ("The death toll from the earthquake has risen to 2,100.",
     [("killed", 2100, 2100, True, None, "death toll from the earthquake has risen to 2,100")]),
    ("Militants tried to kill the journalist, but she escaped.", []),
    ("The mortar round killed one U.N. peacekeeper and wounded three others.",
     [("killed", 1, 1, True, "U.N. peacekeeper", "killed one U.N. peacekeeper"),
      ("injured", 3, 3, True, None, "wounded three others")]),
]

NO_CASUALTIES = [
    "No injuries were reported, the agency added.",
    "The army deployed 5,000 troops to the border.",
    "Russia launched 48 drones and six missiles overnight.",
    "The ministry said 41 of the 48 drones were shot down.",
    "It was the 20th attack on the convoy this year.",
    "The fund lost $3 billion, or 12 percent of its value.",
    "The curfew lasts from 10 p.m. to 4 a.m. every night.",
    "He has led the party since 2019 and plans to run again.",
]


@pytest.mark.parametrize(("sentence", "expected"), CASUALTIES)
def test_casualties(sentence, expected, stages):
    assert [casualty(c) for c in run(sentence, stages).casualties] == expected


@pytest.mark.parametrize("sentence", NO_CASUALTIES)
def test_no_casualties(sentence, stages):
    assert run(sentence, stages).casualties == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("An air strike killed at least 12 civilians, including two children.",
     [("at least 12 civilians", 12, "at least", "people"), ("two children", 2, None, "people")]),
    ("Ukraine said it shot down 41 of the 48 Shahed-type drones.",
     [("41", 41, None, "drones"), ("48 Shahed-type drones", 48, None, "drones")]),
    ("Kyaukme lies about 200 kilometres (125 miles) northeast of Mandalay.",
     [("about 200 kilometres", 200, "about", "km"), ("125 miles", 125, None, "miles")]),
    ("About 4,500 NATO-led peacekeepers are still stationed in Kosovo.",
     [("About 4,500 NATO-led peacekeepers", 4500, "about", "people")]),
    ("The fund lost $3 billion, or 12 percent of its value.",
     [("$3 billion", 3000000000, None, "USD"), ("12 percent", 12, None, "percent")]),
    ("Talks lasted more than four hours.", [("more than four hours", 4, "more than", "hours")]),
    ("One hundred and fifty people signed the letter.", [("One hundred and fifty people", 150, None, "people")]),
    ("Tens of thousands of people marched in the capital.",
     [("Tens of thousands of people", 20000, "at least", "people")]),
])
def test_quantities(sentence, expected, stages):
    assert [quantity(q) for q in run(sentence, stages).quantities] == expected


@pytest.mark.parametrize("sentence", [
    "The attack happened at 2 a.m. on May 4.",
    "It was the 20th attack on the convoy this year.",
    "A 45-year-old man was aged 45 when he joined.",
    "The F-16 and the Boeing 737 were grounded.",
    "Several people and some soldiers were there.",
])
def test_not_quantities(sentence, stages):
    assert run(sentence, stages).quantities == []


def test_range_quantity_keeps_its_maximum(stages):
    (q,) = run("Between 1,500 and 3,000 people have been displaced.", stages).quantities
    assert (q.value, q.max, q.qualifier) == (1500, 3000, "at least")


@pytest.mark.parametrize(("sentence", "qualifier"), [
    ("Over 300 people were evacuated.", "more than"),
    ("Nearly 40 soldiers were wounded.", "about"),
    ("Fewer than 20 people remain.", "up to"),
    ("Some 5,000 people fled.", "about"),
])
def test_qualifiers_use_the_record_names(sentence, qualifier, stages):
    assert [q.qualifier for q in run(sentence, stages).quantities] == [qualifier]


def test_subset_is_recorded_not_counted(stages):
    doc = run("Gunmen killed nine villagers, among them three women.", stages)
    assert [c.min for c in doc.casualties] == [9]
    assert doc.extras["quantities"]["subsets"] == [(41, 52)]


def test_pure_functions_without_times(numbers):
    text = "Seven protesters were arrested on Friday."
    counts = find_quantities(text, lexicon=numbers)
    casualties, subsets = find_casualties(text, counts, lexicon=numbers)
    assert [(c.kind, c.min, c.who) for c in casualties] == [("arrested", 7, "protesters")]
    assert subsets == []


def test_words_in_capitals_are_read_as_in_lower_case(stages):
    # the tagger skips a pattern where the text lacks its words: it must look for them in any case
    doc = run("Gunmen KILLED a journalist. DOZENS of protesters were wounded. Police said TENS of THOUSANDS "
              "had fled.", stages)
    assert [quantity(q) for q in doc.quantities] == [("DOZENS of protesters", 24, "at least", "people"),
                                                     ("TENS of THOUSANDS", 20000, "at least", None)]
    assert [casualty(c) for c in doc.casualties] == [
        ("killed", 1, 1, True, "journalist", "KILLED a journalist"),
        ("injured", 24, None, False, "protesters", "DOZENS of protesters were wounded"),
        ("displaced", 20000, None, False, None, "TENS of THOUSANDS had fled")]


def test_letters_that_match_only_ignoring_case_are_read_as_their_letter(stages):
    # Python's `re` ignoring case lets the dotted capital I, the Kelvin sign and the long s match
    # i, k and s; the words found must then be looked up as those letters, not crash the article
    doc = run("Troops KİLLED at leaſt 12 civilians and wounded ſcores of others.", stages)
    assert [casualty(c)[:4] for c in doc.casualties] == [("killed", 12, None, False), ("injured", 40, None, False)]
    assert [quantity(q)[:3] for q in doc.quantities][0] == ("at leaſt 12 civilians", 12, "at least")


def test_the_linking_words_of_vague_counts_are_read_in_any_case(stages):
    doc = run("TENS OF THOUSANDS fled as Hundreds Of Thousands more waited at the border.", stages)
    assert [quantity(q)[:2] for q in doc.quantities] == [("TENS OF THOUSANDS", 20000),
                                                         ("Hundreds Of Thousands", 200000)]
