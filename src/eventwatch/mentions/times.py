"""The temporal tagger: calendar expressions in the text, resolved to ISO dates.

Two pure steps and a stage:

- `find_times(text, lexicon=...)` finds the expressions (`TimeMatch`: span, kind, the
  calendar fields the text gives, modifiers) with rules built from `time_words.yaml`.
- `resolve_time(match, published=..., tense=..., last_day=...)` turns one into a record
  `Time`: value, precision, basis, and `relative` / `range` where they apply.
- `TimeStage` (name "times") runs both over a document, reading the verb tense from the
  spaCy parse when the language stage left one and from the clause's words otherwise.

Decisions (checked against MEANTIME's TIMEX3 conventions and the worked examples):

- Spans drop the leading preposition and keep modifiers ("late on Thursday", "Last month",
  "overnight into Tuesday", "earlier this month").
- A bare weekday is the most recent one on or before the publication date ("said Thursday"
  in a Thursday article is that day) unless its clause points to the future ("will meet on
  Monday", "would continue through Wednesday"), then the next one on or after it. "last"
  and "next" exclude the publication day itself.
- A day or month without a year takes the year that makes it past for past-tense clauses,
  future for future ones, and otherwise the nearest occurrence (within six months).
- "this/last/next week" has no single day, month or year: value null, precision unknown,
  and its Monday-to-Sunday `range`; "last weekend", "this weekend", "(over) the weekend" get
  their Saturday-to-Sunday `range` the same way.
- "the past year", "over the last month" are durations (TimeML DURATION), not times.
- "two days later", "a day earlier", "the next day" are relative to another event: value
  null, `relative.anchor == "event"`; the events stage anchors them. "two days ago" is
  relative to the publication date and resolved here.
- "the day", "the same day", "that day" refer back to the last day-precision date of the
  text (the publication date when there is none).
- A range ("from March 1 to 3", "between 2019 and 2021") gives one mention per endpoint,
  as TimeML does; both carry the range's `begin` and `end`. "since October" gives an
  open `range` with only `begin`.
- Without a publication date only expressions that carry their own year are resolved; the
  rest keep value null and the document gets the warning RECORD.md names.
- Clock times ("2 a.m.", "10 p.m."), durations ("four hours"), the modal "may", the verb
  "march", names such as "the Sunday Times" or "Black Monday", and four-digit numbers that
  count things ("2000 people") are not times.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from eventwatch.document import Document
from eventwatch.knowledge.lexicons import (
    NumberLexicon,
    TimeLexicon,
    alternation,
    caseless,
    fold,
    longest_first,
)
from eventwatch.record import RelativeTime, Time, TimeRange

if TYPE_CHECKING:
    from eventwatch.pipeline import Resources

# "near": the clause points both ways ("remained closed until March 3"): take the nearest date
Tense = Literal["past", "future", "near"] | None
NO_PUBLISHED_WARNING = "no publication date given: relative dates left unresolved"

# How far ahead a date without year or tense may be read as future (see infer_year).
FUTURE_HORIZON_DAYS = 92
# The earliest and latest four-digit numbers read as years.
MIN_YEAR, MAX_YEAR = 1600, 2099
SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None}


@dataclass(frozen=True)
class TimeMatch:
    """One calendar expression found in the text, before resolution."""

    start: int
    end: int
    text: str
    kind: str  # date | month | year | weekday | deictic | unit | ago | event_relative | anaphor | same_period | named
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int = 0  # days (deictic, ago), units (unit, event_relative)
    unit: str | None = None  # day | week | month | year
    modifier: str | None = None  # last | next | this ... as the text gives it
    range_role: str | None = None  # begin | end | since | until
    range_with: int | None = None  # index of the other endpoint in the match list


@dataclass(frozen=True)
class Patterns:
    iso: re.Pattern[str]
    slash: re.Pattern[str]
    mdy: re.Pattern[str]
    dmy: re.Pattern[str]
    month_year: re.Pattern[str]
    month: re.Pattern[str]
    year: re.Pattern[str]
    short_year: re.Pattern[str]
    weekday: re.Pattern[str]
    deictic: re.Pattern[str]
    unit: re.Pattern[str]
    edge_the_unit: re.Pattern[str]
    previous_unit: re.Pattern[str]
    ago: re.Pattern[str]
    event_relative: re.Pattern[str]
    next_day: re.Pattern[str]
    anaphor: re.Pattern[str]
    weekend: re.Pattern[str]
    named: re.Pattern[str]
    same_period: re.Pattern[str]
    range_tail_day: re.Pattern[str]
    range_tail_year: re.Pattern[str]
    # pattern name -> words one of which each of its matches holds (see `scan`): as written, or
    # lower-case for a case-insensitive pattern
    needs: dict[str, tuple[str, ...]]
    needs_folded: dict[str, tuple[str, ...]]


@lru_cache(maxsize=8)
def compile_patterns(lexicon: TimeLexicon) -> Patterns:
    """The regular expressions of the tagger, built once per lexicon."""
    full = [name for name in lexicon.months if name not in lexicon.month_abbreviations]
    abbreviations = sorted(lexicon.month_abbreviations)
    month_names = [n.capitalize() for n in full]
    month_abbr = [n.capitalize() for n in abbreviations]
    mon = rf"(?:(?:{alternation(month_names)})\b|(?:{alternation(month_abbr)})\b\.?)"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![:.]\d|\s*(?:[ap]\.?m\b|%))"
    year = r"(?<![\d,.$£€])(?:1[6-9]\d\d|20\d\d)\b(?![.,]\d)"
    weekday_names = [n.capitalize() for n in lexicon.weekdays if len(n) > 5]
    wd = rf"(?:{alternation(weekday_names)})\b"
    # Case-insensitive word lists are written with `ignore_case=True` rather than inside "(?i:...)":
    # the same matches, found several times faster (see lexicons.caseless)
    parts = alternation(lexicon.day_parts, ignore_case=True)
    edges = alternation(lexicon.edge_modifiers, ignore_case=True)
    modifiers = caseless(["last", "next", "this", "coming", "past", *longest_first(lexicon.edge_modifiers)])
    dets = alternation(lexicon.unit_determiners, ignore_case=True)
    units = alternation(lexicon.units, ignore_case=True)
    small = alternation(SMALL_NUMBERS, ignore_case=True)
    count = rf"(?:\d{{1,3}}|{small})"
    return Patterns(
        iso=re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
        slash=re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b(?!/)"),
        mdy=re.compile(rf"\b(?P<mon>{mon})\s+(?P<d>{day})(?:\s*,?\s*(?P<y>{year}))?"),
        dmy=re.compile(rf"\b(?P<d>{day})\s+(?:of\s+)?(?P<mon>{mon})(?:\s*,?\s*(?P<y>{year}))?"),
        month_year=re.compile(rf"\b(?:(?P<edge>{edges})[\s-]+)?(?P<mon>{mon})\s*(?:,|\s+of)?\s*(?P<y>{year})"),
        month=re.compile(
            rf"\b(?:(?P<mod>{modifiers})(?:\s+(?i:in))?[\s-]+)?(?P<mon>{mon})"
            rf"(?=\s+(?:(?i:of)\s+)?(?P<rel>(?i:last|next|this))\s+(?i:year)\b)?"),
        year=re.compile(rf"(?:\b(?P<edge>{edges})[\s-]+)?(?P<y>{year})"),
        short_year=re.compile(r"(?<=\s)'(?P<y>\d\d)\b"),
        weekday=re.compile(
            rf"(?:\b(?P<over>[oO](?i:vernight))\s+(?i:into|to|on)\s+|"
            rf"\b(?P<mod>{modifiers})(?:\s+(?i:on))?\s+)?"
            rf"(?P<wd>{wd})(?:\s+(?P<part>{parts})\b)?"),
        deictic=re.compile(rf"\b{alternation(lexicon.deictic_days, ignore_case=True)}\b"),
        unit=re.compile(
            rf"\b(?:(?P<edge>{edges}|(?i:(?:at\s+)?the\s+(?:end|start|beginning|middle)\s+of))\s+)?"
            rf"(?P<det>{dets})\s+(?P<unit>{units})\b"),
        edge_the_unit=re.compile(
            r"\b(?P<edge>(?i:(?:the\s+)?(?:end|start|beginning|middle)\s+of))\s+the\s+(?P<unit>(?i:year|month))\b"),
        previous_unit=re.compile(rf"\b[tT](?i:he\s+(?P<det>previous|following)\s+(?P<unit>{units}))\b"),
        ago=re.compile(rf"\b(?P<n>{count})\s+(?P<unit>(?i:day|week|month|year))(?i:s)?\s+(?i:ago)\b"),
        event_relative=re.compile(
            rf"\b(?P<n>{count})\s+(?P<unit>(?i:day|week|month|year))(?i:s)?\s+"
            rf"(?P<dir>(?i:later|earlier|after|before|afterwards|previously|prior))\b"),
        next_day=re.compile(rf"\b{alternation(lexicon.next_day_phrases, ignore_case=True)}\b"),
        anaphor=re.compile(rf"\b{alternation(lexicon.anaphoric_days, ignore_case=True)}\b"),
        weekend=re.compile(rf"\b{alternation(lexicon.weekend_phrases, ignore_case=True)}\b"),
        named=re.compile(rf"(?<!\w){alternation(lexicon.named_dates, ignore_case=True)}(?!\w)"),
        same_period=re.compile(
            rf"\b[tT](?i:he\s+same\s+(?:{alternation(lexicon.same_period_nouns)})\s+"
            rf"(?:(?:of\s+)?last\s+year|a\s+year\s+(?:ago|earlier|before)))\b"),
        range_tail_day=re.compile(rf"\s*(?:-|–|to|through|until|and)\s*(?P<d>{day})(?!\s*(?:{mon}))"),
        range_tail_year=re.compile(rf"\s*(?:-|–|to|through|until|and)\s*(?P<y>{year}|\d\d\b)"),
        needs={**dict.fromkeys(["mdy", "dmy", "month_year", "month"], (*month_names, *month_abbr)),
               "weekday": tuple(weekday_names), "slash": ("/",)},
        needs_folded={name: words for name, words in {
            "deictic": tuple(lexicon.deictic_days), "next_day": tuple(lexicon.next_day_phrases),
            "anaphor": tuple(lexicon.anaphoric_days), "weekend": tuple(lexicon.weekend_phrases),
            "named": tuple(lexicon.named_dates), "ago": ("ago",), "same_period": ("same",),
            "previous_unit": ("previous", "following")}.items()
            if all(word.isascii() and word == word.lower() for word in words)},
    )


def scan(p: Patterns, name: str, text: str, folded: str) -> Iterator[re.Match[str]]:
    """`finditer` of the pattern `name`; skipped when the text holds none of the words each of its
    matches holds (most texts name no weekend, no "days ago": testing for a word is much cheaper
    than running a pattern over the text). `folded` is `fold(text)`."""
    needs, needs_folded = p.needs.get(name), p.needs_folded.get(name)
    if (needs is not None and not any(word in text for word in needs)) or \
            (needs_folded is not None and not any(word in folded for word in needs_folded)):
        return iter(())
    return getattr(p, name).finditer(text)


# --- finding --------------------------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z][A-Za-z'.-]*|\d[\d,.]*|[^\sA-Za-z\d]")


def previous_word(text: str, start: int) -> str:
    """The word just before `start` (letters, digits or one punctuation mark), or ''."""
    match = re.search(r"([A-Za-z][A-Za-z'-]*|\d+|[^\sA-Za-z\d])\s*$", text[max(0, start - 40):start])
    return match.group(1) if match else ""


def next_word(text: str, end: int) -> str:
    match = re.match(r"\s*([A-Za-z][A-Za-z'-]*|\d+|[^\sA-Za-z\d])", text[end:end + 40])
    return match.group(1) if match else ""


def sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start]
    return start == 0 or bool(re.search(r"(^|[.!?\n\"“”]\s*|\n)$", before)) or before.endswith("\n")


def is_capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper()


def month_number(name: str, lexicon: TimeLexicon) -> int:
    return lexicon.months[fold(name.rstrip("."))]


def small_number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return SMALL_NUMBERS.get(word)


NOT_YEAR_BEFORE = frozenset({"$", "£", "€", "#", "no", "number", "nr", "about", "some", "over", "nearly", "almost",
                             "approximately", "roughly", "than", "least", "around"})
NOT_YEAR_AFTER = frozenset({"%", "percent", "per", "a.m", "p.m", "hrs", "gmt", "utc"})
NOT_PLURAL = frozenset({"as", "is", "was", "has", "its", "this", "thus", "plus", "towards"})


def year_is_date(text: str, start: int, end: int, lexicon: TimeLexicon, numbers: NumberLexicon | None) -> bool:
    """Whether a four-digit number is a year here ("in 2019") rather than a count ("2000 people")."""
    before = previous_word(text, start)
    after = next_word(text, end)
    if before.lower() in NOT_YEAR_BEFORE or after.lower() in NOT_YEAR_AFTER:
        return False
    if before.rstrip(".") in lexicon.number_label_words:
        return False  # "Resolution 2000", "Flight 1907"
    plural_follows = bool(re.fullmatch(r"[a-z]+s", after)) and after not in NOT_PLURAL
    if not plural_follows:
        return True
    counted = numbers is not None and after in (numbers.people_nouns | numbers.people_generic)
    temporal = before.lower() in lexicon.temporal_prepositions and before.lower() not in {"of", "to"}
    return temporal and not counted  # "in 2009 sales fell" is a year; "2000 people", "of 2000 troops" are not


def find_times(text: str, *, lexicon: TimeLexicon, numbers: NumberLexicon | None = None) -> list[TimeMatch]:
    """Every calendar expression in `text`, in text order, without overlaps (longest wins)."""
    p = compile_patterns(lexicon)
    folded = fold(text)
    candidates: list[TimeMatch] = []

    def add(m: re.Match[str], kind: str, **fields: Any) -> None:
        candidates.append(TimeMatch(m.start(), m.end(), m.group(0), kind, **fields))

    for m in scan(p, "named", text, folded):
        iso = dt.date.fromisoformat(lexicon.named_dates[fold(m.group(0))])
        end = m.start() + len(re.match(r"\S+(?:\s+\d+)?", m.group(0)).group(0))  # the date words only
        candidates.append(TimeMatch(m.start(), end, text[m.start():end], "named", iso.year, iso.month, iso.day))
    for m in scan(p, "iso", text, folded):
        if valid_date(int(m["y"]), int(m["m"]), int(m["d"])):
            add(m, "date", year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))
    for m in scan(p, "slash", text, folded):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        y = y + (2000 if y < 50 else 1900) if len(m["y"]) == 2 else y
        month, day = (b, a) if a > 12 else (a, b)  # US order unless the first number cannot be a month
        if valid_date(y, month, day):
            add(m, "date", year=y, month=month, day=day)
    for m in scan(p, "mdy", text, folded):
        month, day = month_number(m["mon"], lexicon), int(re.match(r"\d+", m["d"])[0])
        if month_guard_ok(text, m.start(), m.end(), m["mon"], lexicon, has_day=True):
            year = int(m["y"]) if m["y"] else None
            add(m, "date", year=year, month=month, day=day)
            tail = p.range_tail_day.match(text, m.end())
            if tail and not m["y"]:
                day2 = int(re.match(r"\d+", tail["d"])[0])
                candidates.append(TimeMatch(tail.start("d"), tail.end("d"), tail["d"], "date", None, month, day2,
                                            range_role="end"))
    for m in scan(p, "dmy", text, folded):
        month, day = month_number(m["mon"], lexicon), int(re.match(r"\d+", m["d"])[0])
        if month_guard_ok(text, m.start("mon"), m.end(), m["mon"], lexicon, has_day=True):
            add(m, "date", year=int(m["y"]) if m["y"] else None, month=month, day=day)
    for m in scan(p, "month_year", text, folded):
        if month_guard_ok(text, m.start("mon"), m.end(), m["mon"], lexicon, has_day=True):
            add(m, "month", year=int(m["y"]), month=month_number(m["mon"], lexicon), modifier=lower(m["edge"]))
    for m in scan(p, "month", text, folded):
        modifier = lower(m["mod"])
        if not month_guard_ok(text, m.start("mon"), m.end("mon"), m["mon"], lexicon, has_day=bool(modifier)):
            continue
        rel = lower(m["rel"])
        add(m, "month", month=month_number(m["mon"], lexicon), modifier=rel and f"{rel} year" or modifier)
    for m in scan(p, "year", text, folded):
        if year_is_date(text, m.start("y"), m.end("y"), lexicon, numbers) or m["edge"]:
            add(m, "year", year=int(m["y"]), modifier=lower(m["edge"]))
            tail = p.range_tail_year.match(text, m.end())
            if tail and tail["y"] and len(tail["y"]) == 2 and tail.group(0).lstrip()[:1] in "-–":
                y2 = int(m["y"]) // 100 * 100 + int(tail["y"])
                candidates.append(TimeMatch(tail.start("y"), tail.end("y"), tail["y"], "year", y2,
                                            range_role="end"))
    for m in scan(p, "short_year", text, folded):
        before = previous_word(text, m.start()).lower()
        if before.rstrip(".") in lexicon.months or before in lexicon.temporal_prepositions:
            add(m, "year", year=1900 + int(m["y"]) if int(m["y"]) > 30 else 2000 + int(m["y"]))
    for m in scan(p, "weekday", text, folded):
        if weekday_guard_ok(text, m.start("wd"), m.end("wd"), lexicon):
            modifier = "overnight" if m["over"] else lower(m["mod"])
            add(m, "weekday", weekday=lexicon.weekdays[fold(m["wd"])], modifier=modifier)
    for m in scan(p, "deictic", text, folded):
        if not (m.group(0)[0].isupper() and is_capitalized(previous_word(text, m.start()))
                and not sentence_initial(text, m.start())):  # "USA Today"
            add(m, "deictic", offset=lexicon.deictic_days[norm_space(m.group(0))])
    for m in scan(p, "unit", text, folded):
        det, unit = fold(m["det"]), lexicon.units[fold(m["unit"])]
        if is_duration(text, m.start(), det, lexicon):
            continue
        add(m, "unit", unit=unit, offset=lexicon.unit_determiners[det], modifier=lower(m["edge"]))
    for m in scan(p, "edge_the_unit", text, folded):
        add(m, "unit", unit=m["unit"].lower(), offset=0, modifier=lower(m["edge"]))
    for m in scan(p, "previous_unit", text, folded):
        unit = lexicon.units[fold(m["unit"])]
        if m["det"].lower() == "previous":
            add(m, "unit", unit=unit, offset=-1, modifier="previous")
        else:
            add(m, "event_relative", unit=unit, offset=1, modifier="after")
    for m in scan(p, "ago", text, folded):
        n = small_number(m["n"])
        if n:
            add(m, "ago", unit=m["unit"].lower(), offset=n)
    for m in scan(p, "event_relative", text, folded):
        n = small_number(m["n"])
        if n:
            direction = "before" if m["dir"].lower() in lexicon.relative_before | {"previously"} else "after"
            add(m, "event_relative", unit=m["unit"].lower(), offset=n, modifier=direction)
    for m in scan(p, "next_day", text, folded):
        days = lexicon.next_day_phrases[norm_space(m.group(0))]
        unit, n = ("week", days // 7) if abs(days) == 7 else ("day", days)
        add(m, "event_relative", unit=unit, offset=abs(n), modifier="after" if n > 0 else "before")
    for m in scan(p, "anaphor", text, folded):
        if anaphor_ok(text, m.start(), m.end(), lexicon):
            add(m, "anaphor")
    for m in scan(p, "weekend", text, folded):
        add(m, "unit", unit="weekend", offset=0 if published_weekend_side(text, m.end()) else -1,
            modifier="the")
    for m in scan(p, "same_period", text, folded):
        add(m, "same_period", offset=-1, unit="year")
    return link_ranges(text, select(candidates), lexicon)


def published_weekend_side(text: str, end: int) -> bool:
    """"the weekend" ahead ("will meet at the weekend"): this week's; otherwise the one just past."""
    return bool(re.match(r"\s*(?:ahead|coming)\b", text[end:end + 10], re.IGNORECASE))


def lower(value: str | None) -> str | None:
    return norm_space(value) if value else None


def norm_space(value: str) -> str:
    return re.sub(r"\s+", " ", fold(value.strip()))


def valid_date(year: int, month: int, day: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def month_guard_ok(text: str, start: int, end: int, name: str, lexicon: TimeLexicon, *, has_day: bool) -> bool:
    """Whether a month name is a month here: not the modal "may", the verb "march" or a name."""
    before = previous_word(text, start)
    after = next_word(text, end)
    bare = name.rstrip(".").lower()
    if has_day:
        return True
    if is_capitalized(before) and not sentence_initial(text, start) and before.lower() not in \
            lexicon.temporal_prepositions and before.rstrip(".").lower() not in lexicon.months:
        return False  # "Theresa May", "Aung San Suu Kyi's March"
    if bare in lexicon.ambiguous_months or name.endswith("."):
        return before.lower() in lexicon.temporal_prepositions
    if is_capitalized(after) and after.lower() not in lexicon.weekdays and not sentence_initial(text, end + 1):
        return before.lower() in lexicon.temporal_prepositions  # "June Carter", but "in June Reuters..."
    return True


def weekday_guard_ok(text: str, start: int, end: int, lexicon: TimeLexicon) -> bool:
    """Whether a weekday name is a day here, not part of a name ("Sunday Times", "Black Monday")."""
    before = previous_word(text, start)
    after = next_word(text, end)
    if before in lexicon.weekday_name_before:
        return False
    return after not in lexicon.weekday_name_after


def is_duration(text: str, start: int, det: str, lexicon: TimeLexicon) -> bool:
    """"(over) the past year", "in the last month", "the next year": stretches of time, not calendar units."""
    before = text[max(0, start - 30):start].lower()
    if det in {"next", "coming"} and re.search(r"\bthe\s*$", before):
        return True  # "for the next year": a stretch, or relative to another event, not next calendar year
    if det in {"past", "last", "previous"} and re.search(r"\bthe\s*$", before):
        lead = re.search(r"(\w+)\s+the\s*$", before)
        return det == "past" or bool(lead and lead.group(1) in lexicon.duration_lead_words)
    return False


def anaphor_ok(text: str, start: int, end: int, lexicon: TimeLexicon) -> bool:
    """"the day" as a date ("on the day", "ended the day"), not "the day of the attack" or "the day when"."""
    after = next_word(text, end).lower()
    if after in {"of", "when", "that", "before", "in", "-", "'s", "to"}:
        return False
    phrase = text[start:end].lower()
    if phrase == "the day":
        before = previous_word(text, start).lower()
        if before == "of":  # "the start of the day", not "the anniversary of the day"
            return bool(re.search(r"\b(?:start|end|close|beginning|middle|rest)\s+of\s*$", text[max(0, start - 20):start]))
        return before in {"on", "for", "during", "throughout", "by"} | lexicon.day_closing_verbs
    return True


def select(candidates: list[TimeMatch]) -> list[TimeMatch]:
    """Non-overlapping matches, longest first, then earliest (n log n: long texts stay fast)."""
    starts: list[int] = []  # sorted starts of the chosen spans, with their ends alongside
    ends: list[int] = []
    chosen: list[TimeMatch] = []
    for match in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        i = bisect.bisect_left(starts, match.start)
        if (i < len(starts) and starts[i] < match.end) or (i > 0 and ends[i - 1] > match.start):
            continue
        starts.insert(i, match.start)
        ends.insert(i, match.end)
        chosen.append(match)
    return sorted(chosen, key=lambda c: c.start)


def link_ranges(text: str, matches: list[TimeMatch], lexicon: TimeLexicon) -> list[TimeMatch]:
    """Mark range endpoints ("from A to B", "between A and B", "A-B") and "since"/"until" dates."""
    linked = list(matches)
    for i, match in enumerate(linked):
        before = previous_word(text, match.start).lower()
        if match.range_role == "end" and i > 0:
            linked[i] = replace(match, range_with=i - 1)
            linked[i - 1] = replace(linked[i - 1], range_role="begin", range_with=i)
            if match.year is None and linked[i - 1].year is not None:
                linked[i] = replace(linked[i], year=linked[i - 1].year)
            continue
        if i + 1 < len(linked) and match.range_role is None:
            gap = text[match.end:linked[i + 1].start]
            nxt = linked[i + 1]
            joined = re.fullmatch(r"\s*(?:to|and|through|until|till|-|–)\s*", gap)
            if joined and (before in {"from", "between"} or gap.strip() in {"-", "–"}) and nxt.kind == match.kind:
                linked[i] = replace(match, range_role="begin", range_with=i + 1)
                linked[i + 1] = replace(nxt, range_role="end", range_with=i)
                continue
        if before == "since" and linked[i].range_role is None:
            linked[i] = replace(linked[i], range_role="since")
        elif before in {"until", "till"} and linked[i].range_role is None:
            linked[i] = replace(linked[i], range_role="until")
    return linked


# --- tense ----------------------------------------------------------------------------------------

CLAUSE_BREAK = re.compile(r"\.(?!\d)|[;:!?\n\"“”(]")
TOKEN = re.compile(r"[A-Za-z']+")


def tense_from_words(text: str, start: int, end: int, lexicon: TimeLexicon) -> Tense:
    """Past or future from the words of the clause around a date; None when nothing says.

    The nearest tense word to the left decides ("said on Sunday it would ..." is past, "would
    continue through Wednesday" future); a deadline preposition ("until Friday", "by June
    10") makes it future unless the clause is plainly past; failing all, the words after.
    """
    left = text[max(0, start - 100):start]
    cut = max((m.end() for m in CLAUSE_BREAK.finditer(left)), default=0)
    words = [w.lower() for w in TOKEN.findall(left[cut:])]
    if words and words[-1] in lexicon.deadline_prepositions:
        return deadline_tense(words[:-1], lexicon)
    for i in range(len(words) - 1, -1, -1):
        found = word_tense(words, i, lexicon)
        if found:
            return found
    right = text[end:end + 80]
    stop = CLAUSE_BREAK.search(right)
    words = [w.lower() for w in TOKEN.findall(right[:stop.start() if stop else len(right)])]
    if set(words) & lexicon.future_markers:  # "A June 3 hearing has been scheduled"
        return "future"
    for i in range(len(words)):
        found = word_tense(words, i, lexicon)
        if found:
            return found
    return None


def deadline_tense(words: list[str], lexicon: TimeLexicon) -> Tense:
    """"until Friday", "by June 10": future unless the clause is past; simple past makes it a toss-up."""
    if set(words) & lexicon.future_markers:
        return "future"
    if set(words) & lexicon.strong_past_markers:
        return "past"
    if "has" in words or "have" in words:
        return "future"  # "has kept the markets closed until Friday": still going on
    if any(word_tense(words, i, lexicon) == "past" for i in range(len(words))):
        return "near"
    return "future"


def word_tense(words: list[str], i: int, lexicon: TimeLexicon) -> Tense:
    word = words[i]
    if word in lexicon.future_markers:
        return "future"
    if word == "to" and i > 0 and words[i - 1] in {"is", "are", "was", "were", "due", "set", "going", "plans",
                                                   "planned", "expected", "scheduled", "able"}:
        return "future"
    if word == "be" and i > 0 and words[i - 1] == "to":
        return "future"
    if word.endswith("ed") and len(word) > 4 and i > 0 and words[i - 1] in lexicon.participle_auxiliaries:
        return None  # a passive participle: its auxiliary, further left, carries the tense
    if word in lexicon.past_markers or (word.endswith("ed") and len(word) > 4):
        return "past"
    return None


def verb_month(doc: Any, match: TimeMatch) -> bool:
    """A bare month name the parser reads as a verb or modal ("March on the capital!", "May God ...")."""
    if match.kind != "month" or match.year is not None or match.modifier:
        return False
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    return span is not None and span[-1].pos_ in {"VERB", "AUX"} and span[-1].tag_ != "NNP"


def tense_from_parse(doc: Any, start: int, end: int) -> Tense:
    """Past or future from the spaCy parse: the tense and auxiliaries of the verb governing the date."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(6):
        if token.pos_ in {"VERB", "AUX"} or token.head is token:
            break
        token = token.head
    if token.pos_ not in {"VERB", "AUX"}:
        return None
    aux = {child.lower_ for child in token.children if child.dep_ in {"aux", "auxpass"}}
    if aux & {"will", "'ll", "shall", "would"} or (token.tag_ == "VB" and "to" in aux):
        return "future"
    if token.tag_ in {"VBD", "VBN"} or "Past" in token.morph.get("Tense"):
        return "past"
    return None


# --- resolving ------------------------------------------------------------------------------------

def resolve_time(match: TimeMatch, *, published: dt.date | None, tense: Tense = None,
                 last_day: dt.date | None = None, last_month: tuple[int, int] | None = None) -> Time:
    """The record `Time` of one match: value, precision and basis against `published`."""
    base = {"text": match.text, "start": match.start, "end": match.end}
    kind = match.kind
    if kind in {"date", "named"}:
        if match.year is not None:
            return Time(**base, value=iso(match.year, match.month, match.day), precision="day", basis="explicit")
        if published is None:
            return unresolved(base)
        year = infer_year(published, match.month, match.day, tense)
        if not valid_date(year, match.month, match.day):
            return unresolved(base)
        return Time(**base, value=iso(year, match.month, match.day), precision="day", basis="relative")
    if kind == "month":
        if match.year is not None:
            return Time(**base, value=iso(match.year, match.month), precision="month", basis="explicit")
        if published is None:
            return unresolved(base)
        year = month_year(published, match.month, match.modifier, tense)
        return Time(**base, value=iso(year, match.month), precision="month", basis="relative")
    if kind == "year":
        return Time(**base, value=f"{match.year:04d}", precision="year", basis="explicit")
    if published is None and kind != "event_relative":
        return unresolved(base)
    if kind == "weekday":
        day = weekday_date(published, match.weekday, match.modifier, tense)
        return Time(**base, value=day.isoformat(), precision="day", basis="relative")
    if kind == "deictic":
        day = published + dt.timedelta(days=match.offset)
        return Time(**base, value=day.isoformat(), precision="day", basis="relative",
                    relative=RelativeTime(offset=abs(match.offset), unit="day",
                                          direction="before" if match.offset < 0 else "after",
                                          anchor="published") if match.offset else None)
    if kind == "unit":
        return resolve_unit(base, published, match)
    if kind == "ago":
        return resolve_ago(base, published, match)
    if kind == "anaphor":
        day = last_day or published
        return Time(**base, value=day.isoformat(), precision="day", basis="relative")
    if kind == "same_period":
        year, month = last_month or (published.year, published.month)
        return Time(**base, value=iso(year - 1, month), precision="month", basis="relative",
                    relative=RelativeTime(offset=1, unit="year", direction="before", anchor="event"))
    # event_relative: the events stage anchors it to the event it follows or precedes
    return Time(**base, value=None, precision="unknown", basis="relative",
                relative=RelativeTime(offset=match.offset, unit=match.unit, direction=match.modifier or "after",
                                      anchor="event"))


def unresolved(base: dict[str, Any]) -> Time:
    return Time(**base, value=None, precision="unknown", basis="relative")


def iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def infer_year(published: dt.date, month: int, day: int, tense: Tense) -> int:
    """The year of a day and month: past for past clauses, future for future ones, else nearest."""
    options = [y for y in (published.year - 1, published.year, published.year + 1) if valid_date(y, month, day)]
    if not options:
        return published.year
    dates = [dt.date(y, month, day) for y in options]
    if tense == "past":
        past = [d for d in dates if d <= published]
        return max(past).year if past else published.year
    if tense == "future":
        future = [d for d in dates if d >= published]
        return min(future).year if future else published.year
    # no tense: the nearest occurrence, but news reports the past, so the future only when it is
    # closer and within about three months ("has a June 1 deadline" written on May 28)
    nearest = min(dates, key=lambda d: (abs((d - published).days), d > published))
    if nearest > published and (nearest - published).days > FUTURE_HORIZON_DAYS:
        past = [d for d in dates if d <= published]
        return max(past).year if past else nearest.year
    return nearest.year


def month_year(published: dt.date, month: int, modifier: str | None, tense: Tense) -> int:
    """The year of a month named alone ("in March", "last September", "October next year")."""
    here = published.year * 12 + published.month - 1
    if modifier in {"last year", "next year", "this year"}:
        return published.year + {"last year": -1, "next year": 1, "this year": 0}[modifier]
    if modifier in {"last", "past"}:
        return published.year if month < published.month else published.year - 1
    if modifier in {"next", "coming"}:
        return published.year if month > published.month else published.year + 1
    if modifier == "this":
        return published.year
    past = published.year if month <= published.month else published.year - 1
    future = published.year if month >= published.month else published.year + 1
    if tense == "past":
        return past
    if tense == "future":
        return future
    past_gap = here - (past * 12 + month - 1)
    future_gap = (future * 12 + month - 1) - here
    return future if future_gap < past_gap and future_gap <= FUTURE_HORIZON_DAYS // 30 else past


def weekday_date(published: dt.date, weekday: int, modifier: str | None, tense: Tense) -> dt.date:
    """The date of a weekday: "last"/"next" exclude the publication day; a bare one follows the tense."""
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if modifier == "last" or modifier == "past":
        return published - dt.timedelta(days=back or 7)
    if modifier in {"next", "coming"}:
        return published + dt.timedelta(days=ahead or 7)
    if tense == "future" or (tense == "near" and ahead < back):
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


def resolve_unit(base: dict[str, Any], published: dt.date, match: TimeMatch) -> Time:
    step = match.offset
    unit = "week" if match.unit == "weekend" else match.unit
    relative = RelativeTime(offset=abs(step), unit=unit, direction="before" if step < 0 else "after",
                            anchor="published") if step else None
    if match.unit == "year":
        return Time(**base, value=f"{published.year + step:04d}", precision="year", basis="relative",
                    relative=relative)
    if match.unit == "month":
        year, month = shift_month(published.year, published.month, step)
        return Time(**base, value=iso(year, month), precision="month", basis="relative", relative=relative)
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
    if match.unit == "weekend":
        if match.modifier == "the":  # "the weekend": the one just past, this one when written on it
            monday += dt.timedelta(weeks=1) if published.weekday() >= 5 else dt.timedelta(0)
            relative = None
        begin = monday + dt.timedelta(days=5)
        return Time(**base, value=None, precision="unknown", basis="relative", relative=relative,
                    range=TimeRange(begin=begin.isoformat(), end=(begin + dt.timedelta(days=1)).isoformat()))
    return Time(**base, value=None, precision="unknown", basis="relative", relative=relative,
                range=TimeRange(begin=monday.isoformat(), end=(monday + dt.timedelta(days=6)).isoformat()))


def resolve_ago(base: dict[str, Any], published: dt.date, match: TimeMatch) -> Time:
    n = match.offset
    relative = RelativeTime(offset=n, unit=match.unit, direction="before", anchor="published")
    if match.unit in {"day", "week"}:
        day = published - dt.timedelta(days=n * (7 if match.unit == "week" else 1))
        return Time(**base, value=day.isoformat(), precision="day", basis="relative", relative=relative)
    if match.unit == "month":
        year, month = shift_month(published.year, published.month, -n)
        return Time(**base, value=iso(year, month), precision="month", basis="relative", relative=relative)
    return Time(**base, value=f"{published.year - n:04d}", precision="year", basis="relative", relative=relative)


def attach_ranges(matches: list[TimeMatch], times: list[Time]) -> list[Time]:
    """Give both endpoints of a range, and "since"/"until" dates, their `range`.

    A range's start without a year of its own moves a year back when it would otherwise fall
    after the end ("between November and February"); a weekday range's end moves a week on
    ("from Friday to Monday").
    """
    out = list(times)
    for i, match in enumerate(matches):
        other = match.range_with
        if match.range_role != "begin" or other is None or not out[i].value or not out[other].value:
            continue
        if out[i].value[:10] <= out[other].value[:10]:
            continue
        if match.kind == "weekday" and matches[other].kind == "weekday":  # "from Friday to Monday"
            end = dt.date.fromisoformat(out[other].value) + dt.timedelta(days=7)
            out[other] = out[other].model_copy(update={"value": end.isoformat()})
        elif match.year is None:  # "between November and February"
            out[i] = out[i].model_copy(update={"value": f"{int(out[i].value[:4]) - 1:04d}{out[i].value[4:]}"})
    times = list(out)
    for i, match in enumerate(matches):
        if match.range_role in {"begin", "end"} and match.range_with is not None:
            first, last = sorted((i, match.range_with))
            out[i] = out[i].model_copy(update={"range": TimeRange(begin=times[first].value, end=times[last].value)})
        elif match.range_role == "since":
            out[i] = out[i].model_copy(update={"range": TimeRange(begin=times[i].value, end=None)})
        elif match.range_role == "until":
            out[i] = out[i].model_copy(update={"range": TimeRange(begin=None, end=times[i].value)})
    return out


def tag_times(text: str, *, published: dt.date | None, lexicon: TimeLexicon, numbers: NumberLexicon | None = None,
              parse: Any = None) -> list[Time]:
    """Find and resolve every time mention of a text (the stage's work, without a Document)."""
    matches = find_times(text, lexicon=lexicon, numbers=numbers)
    if parse is not None:
        matches = [m for m in matches if not verb_month(parse, m)]
    times: list[Time] = []
    last_day: dt.date | None = None
    last_month: tuple[int, int] | None = None
    for match in matches:
        # the clause's words first: they know deadlines ("until Friday") and modals the parse's
        # verb tense does not; the parse decides when the words say nothing
        tense = tense_from_words(text, match.start, match.end, lexicon)
        if tense is None and parse is not None:
            tense = tense_from_parse(parse, match.start, match.end)
        time = resolve_time(match, published=published, tense=tense, last_day=last_day, last_month=last_month)
        if time.value and match.kind != "named" and time.precision in {"day", "month"}:
            last_month = (int(time.value[:4]), int(time.value[5:7]))
            if time.precision == "day":
                last_day = dt.date.fromisoformat(time.value)
        times.append(time)
    return attach_ranges(matches, times)


class TimeStage:
    """Tags the document's time mentions (`doc.times`), resolved against its publication date."""

    name = "times"

    def __init__(self, *, lexicon: TimeLexicon, numbers: NumberLexicon | None = None) -> None:
        self.lexicon = lexicon
        self.numbers = numbers

    def process(self, doc: Document) -> Document:
        doc.times = tag_times(doc.text, published=doc.published, lexicon=self.lexicon, numbers=self.numbers,
                              parse=doc.spacy)
        if doc.published is None:
            doc.warn(NO_PUBLISHED_WARNING)
        return doc


def create(*, resources: Resources, options: dict[str, Any]) -> TimeStage:
    numbers = resources.get("number_lexicon") if "number_lexicon" in resources else None
    return TimeStage(lexicon=resources.get("time_lexicon"), numbers=numbers)
