"""The temporal tagger on handwritten news sentences: what it finds, and the dates it resolves.

Publication dates used: 2024-10-22 is a Tuesday, 2024-10-24 a Thursday.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventwatch.document import ArticleText, Document
from eventwatch.knowledge.lexicons import load_number_lexicon, load_time_lexicon
from eventwatch.mentions.times import NO_PUBLISHED_WARNING, TimeStage, tag_times
from eventwatch.record import Time

TUESDAY = dt.date(2024, 10, 22)
THURSDAY = dt.date(2024, 10, 24)


@pytest.fixture(scope="module")
def lexicon():
    return load_time_lexicon()


@pytest.fixture(scope="module")
def numbers():
    return load_number_lexicon()


def tag(sentence: str, published: dt.date | None, lexicon, numbers) -> list[Time]:
    times = tag_times(sentence, published=published, lexicon=lexicon, numbers=numbers)
    for time in times:
        assert sentence[time.start:time.end] == time.text
    return times


def pairs(times: list[Time]) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in times]


EXPLICIT = [
    ("The ceasefire took effect on May 31.", dt.date(2024, 6, 10), [("May 31", "2024-05-31")]),
    ("Elections were held on 31 May 2024 across the country.", TUESDAY, [("31 May 2024", "2024-05-31")]),
    ("The talks began on May 31, 2024, in Doha.", TUESDAY, [("May 31, 2024", "2024-05-31")]),
    ("The report is dated 2024-05-31 and was leaked.", TUESDAY, [("2024-05-31", "2024-05-31")]),
    ("The raid took place on Aug. 2 near the border.", TUESDAY, [("Aug. 2", "2024-08-02")]),
    ("Families of the victims of the Sept. 11 attacks met the envoy.", TUESDAY, [("Sept. 11", "2001-09-11")]),
    ("Fighting resumed in March after a brief lull.", TUESDAY, [("March", "2024-03")]),
    ("The group was founded in 2019 by former officers.", TUESDAY, [("2019", "2019")]),
    ("Exports of grain fell sharply last year.", TUESDAY, [("last year", "2023")]),
    ("The March 3 raid killed four people.", TUESDAY, [("March 3", "2024-03-03")]),
    ("The court will rule on the appeal on March 3.", TUESDAY, [("March 3", "2025-03-03")]),
    ("The deal was signed in Ohrid in March 2023.", TUESDAY, [("March 2023", "2023-03")]),
    ("Troops entered the town on 7/8/24, witnesses said.", TUESDAY, [("7/8/24", "2024-07-08")]),
    ("Last month, a missile hit the railway station.", TUESDAY, [("Last month", "2024-09")]),
    ("The mission will end in December.", TUESDAY, [("December", "2024-12")]),
    ("The airport reopened last September.", dt.date(2024, 6, 10), [("last September", "2023-09")]),
]

WEEKDAYS = [
    ("The minister said Thursday that talks would resume.", THURSDAY, [("Thursday", "2024-10-24")]),
    ("Rebels attacked the town last Thursday.", THURSDAY, [("last Thursday", "2024-10-17")]),
    ("The two leaders will meet on Monday in Geneva.", THURSDAY, [("Monday", "2024-10-28")]),
    ("Gunmen struck a checkpoint early on Sunday.", THURSDAY, [("early on Sunday", "2024-10-20")]),
    ("Drones hit the port overnight into Tuesday.", TUESDAY, [("overnight into Tuesday", "2024-10-22")]),
    ("Talks collapsed on Friday, officials said.", THURSDAY, [("Friday", "2024-10-18")]),
    ("Search work would continue through Wednesday, the agency said.", TUESDAY, [("Wednesday", "2024-10-23")]),
    ("The border crossing stays shut until Friday.", THURSDAY, [("Friday", "2024-10-25")]),
    ("Police fired tear gas on Sunday night.", TUESDAY, [("Sunday night", "2024-10-20")]),
]

DEICTIC = [
    ("The army said today that it had withdrawn.", TUESDAY, [("today", "2024-10-22")]),
    ("Two soldiers were killed yesterday in an ambush.", TUESDAY, [("yesterday", "2024-10-21")]),
    ("The envoy arrives in Khartoum tomorrow.", TUESDAY, [("tomorrow", "2024-10-23")]),
    ("Elections are due next year, the commission said.", TUESDAY, [("next year", "2025")]),
    ("Clashes erupted earlier this month in the north.", TUESDAY, [("earlier this month", "2024-10")]),
    ("The convoy was attacked two days ago.", TUESDAY, [("two days ago", "2024-10-20")]),
    ("Inflation will fall by the end of this year.", TUESDAY, [("the end of this year", "2024")]),
    ("Attacks on aid convoys doubled against the same month a year ago.", TUESDAY,
     [("the same month a year ago", "2023-10")]),
]

NEGATIVES = [
    "Talks may resume soon if both sides agree.",
    "Thousands will March on the capital to demand reforms.",
    "The curfew runs from 10 p.m. to 4 a.m. in the city.",
    "The Sunday Times reported the leak first.",
    "More than 2000 people fled across the border.",
    "Black Monday wiped out the savings of millions.",
    "Theresa May visited the troops in Basra.",
    "The hostages were held for four hours.",
    "Over the past year, violence has grown steadily.",
    "Flight 1907 was diverted to Cairo.",
]


@pytest.mark.parametrize(("sentence", "published", "expected"), EXPLICIT + WEEKDAYS + DEICTIC)
def test_finds_and_resolves(sentence, published, expected, lexicon, numbers):
    assert pairs(tag(sentence, published, lexicon, numbers)) == expected


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_not_times(sentence, lexicon, numbers):
    assert tag(sentence, TUESDAY, lexicon, numbers) == []


def test_precision_and_basis(lexicon, numbers):
    times = tag("The deal backed in March 2023 was revived on Monday and in 2024.", TUESDAY, lexicon, numbers)
    assert [(t.precision, t.basis) for t in times] == [("month", "explicit"), ("day", "relative"),
                                                       ("year", "explicit")]


def test_week_has_a_range_but_no_value(lexicon, numbers):
    (time,) = tag("Protests spread to three more cities this week.", TUESDAY, lexicon, numbers)
    assert (time.text, time.value, time.precision) == ("this week", None, "unknown")
    assert (time.range.begin, time.range.end) == ("2024-10-21", "2024-10-27")


@pytest.mark.parametrize(("sentence", "text", "offset", "unit", "direction"), [
    ("A second blast hit the market two days later.", "two days later", 2, "day", "after"),
    ("A week after the vote, the president resigned.", "A week after", 1, "week", "after"),
    ("The ministry had warned of an attack a day earlier.", "a day earlier", 1, "day", "before"),
    ("Rebels retook the bridge the next day.", "the next day", 1, "day", "after"),
])
def test_event_relative_keeps_offset_for_the_events_stage(sentence, text, offset, unit, direction, lexicon,
                                                          numbers):
    (time,) = tag(sentence, TUESDAY, lexicon, numbers)
    assert (time.text, time.value, time.basis) == (text, None, "relative")
    assert time.relative is not None
    assert (time.relative.offset, time.relative.unit, time.relative.direction, time.relative.anchor) == (
        offset, unit, direction, "event")


def test_range_gives_both_endpoints(lexicon, numbers):
    times = tag("The summit runs from March 1 to 3 in Addis Ababa.", dt.date(2024, 2, 20), lexicon, numbers)
    assert pairs(times) == [("March 1", "2024-03-01"), ("3", "2024-03-03")]
    assert all((t.range.begin, t.range.end) == ("2024-03-01", "2024-03-03") for t in times)


def test_year_range_and_open_range(lexicon, numbers):
    years = tag("Output fell between 2019 and 2021.", TUESDAY, lexicon, numbers)
    assert pairs(years) == [("2019", "2019"), ("2021", "2021")]
    assert (years[0].range.begin, years[0].range.end) == ("2019", "2021")
    (since,) = tag("The camp has been closed since October.", dt.date(2024, 12, 1), lexicon, numbers)
    assert (since.text, since.value, since.range.begin, since.range.end) == ("October", "2024-10", "2024-10", None)


def test_the_day_refers_back_to_the_last_date(lexicon, numbers):
    times = tag("Shares slid on Monday. The main index closed the day 3% lower.", dt.date(2024, 10, 23), lexicon,
                numbers)
    assert pairs(times) == [("Monday", "2024-10-21"), ("the day", "2024-10-21")]


def test_stage_without_publication_date_resolves_only_explicit(lexicon, numbers):
    doc = Document(article=ArticleText(text="Fighting resumed on Monday, after talks on 3 June 2024 failed."))
    doc = TimeStage(lexicon=lexicon, numbers=numbers).process(doc)
    assert pairs(doc.times) == [("Monday", None), ("3 June 2024", "2024-06-03")]
    assert doc.warnings == [NO_PUBLISHED_WARNING]


def test_stage_with_publication_date_never_uses_published_basis(lexicon, numbers):
    text = "KYIV — Russia attacked Dnipro overnight into Tuesday, killing 12. Last month, a missile hit the station."
    doc = Document(article=ArticleText(text=text, published=TUESDAY))
    doc = TimeStage(lexicon=lexicon, numbers=numbers).process(doc)
    assert pairs(doc.times) == [("overnight into Tuesday", "2024-10-22"), ("Last month", "2024-09")]
    assert all(t.basis != "published" for t in doc.times)
    assert doc.warnings == []


def test_weekday_range_runs_forward(lexicon, numbers):
    times = tag("Shelling went on from Friday to Monday.", TUESDAY, lexicon, numbers)
    assert pairs(times) == [("Friday", "2024-10-18"), ("Monday", "2024-10-21")]


def test_date_without_tense_or_year_prefers_the_recent_past(lexicon, numbers):
    times = tag("The strikes of March 12-14 hit the port.", TUESDAY, lexicon, numbers)
    assert pairs(times) == [("March 12", "2024-03-12"), ("14", "2024-03-14")]
    (deadline,) = tag("Negotiators face a November 1 deadline.", TUESDAY, lexicon, numbers)
    assert deadline.value == "2024-11-01"


@pytest.mark.parametrize(("sentence", "published", "text", "begin"), [
    ("Protesters gathered last weekend in the square.", TUESDAY, "last weekend", "2024-10-19"),
    ("The rally is planned for this weekend.", TUESDAY, "this weekend", "2024-10-26"),
    ("Talks were held over the weekend in Doha.", TUESDAY, "the weekend", "2024-10-19"),
    ("Talks were held over the weekend in Doha.", dt.date(2024, 10, 20), "the weekend", "2024-10-19"),
])
def test_weekends_have_a_saturday_to_sunday_range(sentence, published, text, begin, lexicon, numbers):
    (time,) = tag(sentence, published, lexicon, numbers)
    end = (dt.date.fromisoformat(begin) + dt.timedelta(days=1)).isoformat()
    assert (time.text, time.value, time.range.begin, time.range.end) == (text, None, begin, end)


def test_phrases_in_capitals_are_found_as_in_lower_case(lexicon, numbers):
    # the tagger skips a pattern when the text lacks its words: it must look for them in any case
    times = tag("TALKS ENDED OVER THE WEEKEND; THE NEXT DAY, rebels said they left two days Ago, YESTERDAY.",
                TUESDAY, lexicon, numbers)
    assert pairs(times) == [("THE WEEKEND", None), ("THE NEXT DAY", None), ("two days Ago", "2024-10-20"),
                            ("YESTERDAY", "2024-10-21")]
    assert (times[0].range.begin, times[0].range.end) == ("2024-10-19", "2024-10-20")
    assert times[1].relative.anchor == "event"


def test_letters_that_match_only_ignoring_case_are_read_as_their_letter(lexicon, numbers):
    # "yeſterday" (long s) matches the case-insensitive pattern, so its lexicon lookup must read it
    # as "yesterday" instead of failing the article
    times = tag("Rebels attacked the town yeſterday, police said.", TUESDAY, lexicon, numbers)
    assert [(t.text, t.value) for t in times] == [("yeſterday", str(TUESDAY - dt.timedelta(days=1)))]


def test_headline_capitals_in_relative_expressions(lexicon, numbers):
    times = tag("TWO DAYS AGO, REBELS ATTACKED THE TOWN; THREE WEEKS LATER THEY LEFT.", TUESDAY, lexicon, numbers)
    assert [(t.text, t.value) for t in times][0] == ("TWO DAYS AGO", str(TUESDAY - dt.timedelta(days=2)))
    assert [t.text for t in times][1:] == ["THREE WEEKS LATER"]
