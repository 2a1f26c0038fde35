"""Numbers as conflict reports write them, and the casualty counts among them.

Two pure steps and a stage:

- `find_quantities(text, lexicon=..., skip=...)` reads every count in the text: digits
  ("12,300", "1.9 million", "$3bn"), number words ("twenty-five", "one hundred and fifty",
  "a dozen"), vague plurals ("dozens", "hundreds", "tens of thousands"), with their
  qualifier ("more than", "at least", "about", "up to", "between 1,500 and 3,000") and the
  counted noun when it follows ("at least 12 civilians"). Spans already taken by time
  mentions (`skip`) are left alone.
- `find_casualties(text, quantities, lexicon=...)` reads, sentence by sentence, which of them
  count victims and of what kind: active ("killed at least 12 civilians", "killing five
  people", "injured 40 others"), passive or intransitive ("Three soldiers were killed",
  "12 people died", "leaving 10 dead"), tolls ("the death toll rose to 30", "30 deaths")
  and single victims without a numeral ("killed a journalist", "A prisoner died").
- `QuantityStage` (name "quantities") runs both and leaves `doc.quantities` and the
  casualty candidates `doc.casualties` (the events stage attaches them to events).

Decisions:

- A quantity's `qualifier` is one of RECORD.md's names ("more than", "at least", "about",
  "up to"): "over" is "more than", "nearly" and "some" are "about", "fewer than" is "up to";
  a range is "at least" its first number with the second in `max`, vague plurals "at least".
- Quantity and casualty `text` follow the examples: the qualifier and the number plus the
  counted noun when adjacent ("at least 12 civilians"); a casualty adds its kind word
  ("killed at least 12 civilians", "More than 12,300 civilians have been killed").
- Bounds (RECORD.md): no qualifier is exact (min = max = n); "more than"/"at least" give
  min n, max null; "up to"/"fewer than" give min 0, max n; "about"/"nearly" keep min =
  max = n but not exact; a range gives min and max; "dozens" is min 24, "hundreds" min 200,
  "thousands" min 2000. The text's own range is kept: a single conservative figure is the
  exporter's business.
- `who` is the victim noun phrase ("civilians", "British soldiers", "opposition figures"),
  null for "people", "others" and bare numbers.
- A subset ("including two children", "among them three women") stays a quantity and is
  never a second casualty, because casualties of one kind are meant to be summed.
- Dates, clock times ("2 a.m."), ages ("a 45-year-old", "aged 45"), money, percentages,
  ordinals ("20th"), model numbers ("F-16", "Boeing 737") and counts of things ("48
  drones") are never casualties; money and percentages are quantities with a currency or
  "percent" unit, ages and model numbers are not quantities at all.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from eventwatch.document import Document
from eventwatch.knowledge.lexicons import NumberLexicon, alternation, caseless, fold
from eventwatch.record import Casualty, Quantity

if TYPE_CHECKING:
    from eventwatch.pipeline import Resources

Span = tuple[int, int]

QUALIFIER_KIND_LOWER = "lower"


@dataclass(frozen=True)
class Count:
    """One count found in the text, with what the words around it say."""

    start: int  # of the whole mention (qualifier included)
    end: int  # after the counted noun, or after the number when there is none
    number_start: int
    number_end: int
    value: float
    max_value: float | None = None
    qualifier: str | None = None  # as written, lower-cased
    bound: str | None = None  # lower | upper | approximate | range | vague | None
    noun: str | None = None  # the counted noun phrase ("Iraqi youths")
    head: str | None = None  # its last word ("youths")
    unit: str | None = None
    kind: str = "count"  # count | money | percent

    def quantity(self, text: str) -> Quantity:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        top = self.max_value
        top_value = (int(top) if float(top).is_integer() else top) if top is not None else None
        return Quantity(text=text[self.start:self.end], start=self.start, end=self.end, value=value,
                        qualifier=self.qualifier, unit=self.unit, max=top_value)


@dataclass(frozen=True)
class Patterns:
    digits: re.Pattern[str]
    words: re.Pattern[str]
    vague: re.Pattern[str]
    qualifier: re.Pattern[str]
    subset: re.Pattern[str]
    verb_before: re.Pattern[str]
    toll_before: re.Pattern[str]
    kind_after: re.Pattern[str]
    single_object: re.Pattern[str]
    single_subject: re.Pattern[str]
    clock: re.Pattern[str]


@lru_cache(maxsize=8)
def compile_patterns(lexicon: NumberLexicon) -> Patterns:
    # Case-insensitive word lists are written with `ignore_case=True` rather than inside "(?i:...)":
    # the same matches, found several times faster (see lexicons.caseless)
    number_words = alternation([*lexicon.units, *lexicon.tens, *lexicon.scales, *lexicon.count_words],
                               ignore_case=True)
    verbs = alternation(lexicon.casualty_verbs, ignore_case=True)
    fillers = alternation(lexicon.verb_object_fillers, ignore_case=True)
    singular_people = alternation((w for w in lexicon.people_nouns | {"person", "man", "woman", "child"}
                                   if not w.endswith("s") or w.endswith("ss")), ignore_case=True)
    modifier = r"(?:\w[\w.'’-]*\s+){0,4}?"
    return Patterns(
        digits=re.compile(
            r"(?<![\w.,/-])(?<![A-Za-z]-)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
            r"(?:\s*(?P<scale>(?i:hundred|thousand|million|billion|trillion))\b|(?P<abbr>bn|mn|m|k|km|kg)\b)?"
            r"(?![\w]|[.,]\d|:\d|-[A-Za-z])"),
        words=re.compile(rf"(?<![\w-])(?:[aA](?i:|n)\s+(?=(?i:dozen|hundred|thousand|million|billion)\b))?"
                         rf"{number_words}(?:(?:\s+(?i:and)\s+|[\s-]+){number_words})*\b(?!-[A-Za-z])"),
        vague=re.compile(r"\b(?:(?P<several>(?i:several|a\s+few))\s+(?P<sscale>(?i:dozen|hundred|thousand|million))"
                         r"|(?:(?P<outer>[tT](?i:ens)|[hH](?i:undreds))\s+(?i:of)\s+)?(?P<vague>[dD](?i:ozens)|[sSſ](?i:cores)|"
                         r"[hH](?i:undreds)|[tT](?i:housands)|[mM](?i:illions))(?=\s+of\b|\s+(?:were|had|have|are|more|others|people|of)\b|[\s,.]))"),
        qualifier=re.compile(rf"\b{alternation(lexicon.qualifiers, ignore_case=True)}\s+$"),
        subset=re.compile(rf"\b{alternation(lexicon.subset_markers, ignore_case=True)}\s+$"),
        verb_before=re.compile(rf"(?<![\w-])(?P<verb>{verbs})\s+(?:{fillers}\s+)?$"),
        toll_before=re.compile(rf"(?<![\w-])(?P<toll>{alternation(lexicon.toll_nouns, ignore_case=True)})\s+"
                               rf"(?:(?i:from|in)\s+(?:[\w'’-]+\s+){{1,5}}?)?"  # "the death toll from the quake"
                               rf"(?:(?:has|had|have|now|further|already|officially|reportedly)\s+)*"
                               rf"(?:(?:{alternation(lexicon.toll_verbs)})\s+){{0,2}}$"),
        kind_after=re.compile(rf"^\s*(?P<fill>(?:(?:{alternation(lexicon.passive_fillers)})\s+)*)"
                              rf"(?P<verb>{verbs})\b"),
        single_object=re.compile(rf"(?<![\w-])(?P<verb>{verbs})\s+(?P<det>{caseless(['a', 'an', 'the', 'one'])})\s+"
                                 rf"(?P<noun>{modifier}{singular_people})\b(?!\s*(?:'s|’s))"),
        single_subject=re.compile(rf"(?<![\w-])(?P<det>(?:A|An|a|an|One|one))\s+(?P<noun>{modifier}"
                                  rf"{singular_people})\s+(?P<fill>(?:(?:has|had|have|was|is|been|being|"
                                  rf"reportedly|later)\s+)*)(?P<verb>{verbs})\b"),
        clock=re.compile(rf"\s*(?:{alternation(lexicon.clock_words)})(?!\w)", re.IGNORECASE),
    )


# --- numbers --------------------------------------------------------------------------------------

WORD_TOKEN = re.compile(r"[A-Za-z]+")


def words_value(phrase: str, lexicon: NumberLexicon) -> tuple[float, int] | None:
    """The value of a run of number words and how many characters of it form one number.

    "one hundred and fifty" is 150; "two and three" stops after "two" (two numbers, not one).
    """
    total, current = 0, 0
    used_end, previous = 0, None
    tokens = list(WORD_TOKEN.finditer(phrase))
    for i, token in enumerate(tokens):
        word = token.group(0).lower()
        if word in {"a", "an"} and i == 0:
            current, previous = 1, "article"
            continue
        if word == "and":
            if previous != "scale":
                break
            continue
        if word in lexicon.units or word in lexicon.tens:
            value = lexicon.units.get(word, lexicon.tens.get(word, 0))
            if previous in {"unit"} or (previous == "tens" and word in lexicon.tens):
                break
            if previous == "tens" and value >= 10:
                break
            current += value
            previous = "tens" if word in lexicon.tens else "unit"
        elif word == "hundred":
            current = max(current, 1) * 100
            previous = "scale"
        elif word in lexicon.scales:
            total += max(current, 1) * lexicon.scales[word]
            current, previous = 0, "scale"
        elif word in lexicon.count_words:
            current = max(current, 1) * lexicon.count_words[word]
            previous = "scale"
        else:
            break
        used_end = token.end()
    if used_end == 0:
        return None
    return float(total + current), used_end


def digits_value(number: str, scale: str | None, abbreviation: str | None, lexicon: NumberLexicon) -> float:
    value = float(number.replace(",", ""))
    if scale:
        value *= lexicon.scales[fold(scale)]
    elif abbreviation and fold(abbreviation) in lexicon.scale_abbreviations:
        value *= lexicon.scale_abbreviations[fold(abbreviation)]
    return value


def overlaps(a: Span, spans: list[Span]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


class SpanIndex:
    """Non-overlapping spans kept sorted, for overlap checks in log time on long texts."""

    def __init__(self, spans: list[Span] | None = None) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans or []):
            self.starts.append(start)
            self.ends.append(max(end, self.ends[-1]) if self.ends else end)  # running max: spans may nest

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before `end`
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def previous_word(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z][\w'’-]*|\S)\s*$", text[max(0, start - 40):start])
    return match.group(1) if match else ""


def next_word(text: str, end: int) -> str:
    match = re.match(r"\s*([A-Za-z][\w.'’-]*|\S)", text[end:end + 40])
    return match.group(1) if match else ""


def raw_numbers(text: str, lexicon: NumberLexicon) -> list[tuple[int, int, float, str | None]]:
    """(start, end, value, vague-or-None) of every number in the text, without overlaps."""
    p = compile_patterns(lexicon)
    found: list[tuple[int, int, float, str | None]] = []
    # every vague count names one of these: most texts have none, and the test is cheaper than the pattern
    folded = fold(text)
    vague = any(word in folded for word in ("dozen", "hundred", "thousand", "million", "scores"))
    for m in p.vague.finditer(text) if vague else ():
        if m["several"]:
            scale = fold(m["sscale"])
            value = 2 * (lexicon.count_words.get(scale) or lexicon.scales[scale])
        else:
            word = fold(m["vague"])
            if word == "scores" and not re.match(r"\s+(?i:of)\b", text[m.end():]):
                continue  # "test scores", "he scores"
            value = lexicon.vague_counts[word]
            if m["outer"]:
                value *= lexicon.vague_counts[fold(m["outer"])] / 2 if fold(m["outer"]) == "hundreds" else 10
        found.append((m.start(), m.end(), float(value), "vague"))
    for m in p.digits.finditer(text):
        if m["abbr"] and m["abbr"].lower() not in lexicon.scale_abbreviations and \
                m["abbr"].lower() not in lexicon.unit_aliases:
            continue
        end = m.end() if not (m["abbr"] and m["abbr"].lower() in lexicon.unit_aliases) else m.end("num")
        found.append((m.start(), end, digits_value(m["num"], m["scale"], m["abbr"] if end == m.end() else None,
                                                   lexicon), None))
    for m in p.words.finditer(text):
        parsed = words_value(m.group(0), lexicon)
        if parsed is None:
            continue
        value, used = parsed
        start, end = m.start(), m.start() + used
        # a run like "two and three" holds two numbers: read the rest again
        found.append((start, end, value, None))
        rest = m.group(0)[used:]
        offset = end
        while rest.strip():
            skip = re.match(r"\s*(?:and\s+|-)?\s*", rest).end()
            rest, offset = rest[skip:], offset + skip
            again = words_value(rest, lexicon)
            if again is None:
                break
            found.append((offset, offset + again[1], again[0], None))
            rest, offset = rest[again[1]:], offset + again[1]
    chosen: list[tuple[int, int, float, str | None]] = []
    taken = SpanIndex()
    for item in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        if not taken.overlaps(item[0], item[1]):
            chosen.append(item)
            taken.add(item[0], item[1])
    return sorted(chosen)


def is_not_a_count(text: str, start: int, end: int, lexicon: NumberLexicon) -> bool:
    """Clock times, ages, ordinals and labels ("Flight 17", "Boeing 737")."""
    after = text[end:end + 16]
    before_word = previous_word(text, start)
    if compile_patterns(lexicon).clock.match(after):
        return True
    if re.match(r"\s*-?\s*years?[\s-]+old\b|-year-old|-month-old", after, re.IGNORECASE):
        return True
    if before_word.lower() in {"aged", "age", "ages"}:
        return True
    if before_word in {"Flight", "Boeing", "Airbus", "Resolution", "Article", "No", "Route", "Highway", "Room",
                       "Chapter", "Section", "Unit", "Platform", "Terminal", "Line", "Model", "Version"}:
        return True
    return bool(re.match(r"(?:st|nd|rd|th)\b", after))


def counted_noun(text: str, end: int, limit: int, lexicon: NumberLexicon) -> tuple[int, str, str] | None:
    """(end, noun phrase, head) of the noun a number counts ("48 Shahed-type drones"), if adjacent."""
    position = end
    words: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\S+", text[end:limit]):
        token = m.group(0)
        abbreviation = re.fullmatch(r"(?:[A-Z]\.){2,}", token)  # "U.S.", "U.N."
        core = token if abbreviation else token.rstrip(",.;:!?)\"”’'")
        if not core or core.lower() in lexicon.noun_phrase_stops or core.lower() in lexicon.casualty_verbs:
            break
        if not re.fullmatch(r"[A-Za-z][\w.'’-]*", core) or core.endswith(("'s", "’s")):
            if core.endswith(("'s", "’s")):
                break
            break
        if core[:1].isupper() and words and any(is_count_noun(w[2], lexicon) for w in words) and \
                not core.isupper():
            break  # "kill 50 militants Hours after ...": a new capitalised phrase, not the noun's
        words.append((end + m.start(), end + m.start() + len(core), core))
        if len(words) == 5 or core != token:
            break
    # the head is the last word that names what is counted
    for i in range(len(words) - 1, -1, -1):
        word = words[i][2].rstrip(".")
        if is_count_noun(word, lexicon):
            position = words[i][1]
            phrase = text[words[0][0]:position]
            return position, phrase, word
    return None


def is_count_noun(word: str, lexicon: NumberLexicon) -> bool:
    lower = word.lower()
    if lower in lexicon.people_nouns or lower in lexicon.people_generic or lower in lexicon.unit_aliases:
        return True
    if lower in lexicon.casualty_nouns:
        return True
    plural = re.fullmatch(r"[A-Za-z][\w-]*[a-z]s", word) and not lower.endswith(("ss", "us", "is", "ous"))
    return bool(plural) and lower not in lexicon.noun_phrase_stops


def is_person_noun(word: str, lexicon: NumberLexicon) -> bool:
    lower = word.lower()
    if lower in lexicon.people_nouns or lower in lexicon.people_generic:
        return True
    if word[:1].isupper() and re.fullmatch(r"[A-Z][a-z]+(?:ians|ans|is|ese|s)", word):
        return True  # demonyms: "Iraqis", "Palestinians", "Albanians"
    return bool(re.fullmatch(r"[a-z-]+(?:ers|ists|ians|ees|men)", lower))


def unit_of(head: str | None, lexicon: NumberLexicon) -> str | None:
    if head is None:
        return None
    if is_person_noun(head, lexicon):
        return "people"
    lower = head.lower()
    return lexicon.unit_aliases.get(lower, lower)


def find_quantities(text: str, *, lexicon: NumberLexicon, skip: list[Span] | None = None) -> list[Count]:
    """Every count in `text` outside the `skip` spans (time mentions), in text order."""
    p = compile_patterns(lexicon)
    skipped = SpanIndex(skip)
    counts: list[Count] = []
    numbers = raw_numbers(text, lexicon)
    for start, end, value, vague in numbers:
        if skipped.overlaps(start, end) or is_not_a_count(text, start, end, lexicon):
            continue
        word = text[start:end].lower()
        if word == "one" and (next_word(text, end).lower() in lexicon.one_pronoun_after or
                              previous_word(text, start).lower() in {"no", "any", "every", "each", "which", "the",
                                                                     "this", "that", "as"}):
            continue
        kind, unit = "count", None
        before = text[max(0, start - 4):start]
        currency = re.search(r"(US\$|[$€£¥])\s*$", before)
        if currency:
            kind, unit, start = "money", lexicon.currencies[currency.group(1)], start - len(currency.group(0))
        after = next_word(text, end)
        if after.lower() in {"%", "percent", "per"} and re.match(r"\s*(?:%|percent\b|per\s+cent\b)", text[end:]):
            kind, unit = "percent", "percent"
            end += re.match(r"\s*(?:%|percent\b|per\s+cent\b)", text[end:]).end()
        elif after.rstrip(".,").lower() in lexicon.currencies and kind == "count":
            kind, unit = "money", lexicon.currencies[after.rstrip(".,").lower()]
        count = Count(start, end, start, end, value, kind=kind, unit=unit,
                      bound="vague" if vague else None, qualifier="at least" if vague else None)
        counts.append(qualify(text, count, p, lexicon))
    counts = [with_noun(text, c, lexicon) for c in merge_ranges(text, counts)]
    counts = [c for c in counts if not is_name(text, c)]
    return partitives(text, counts)


def is_name(text: str, count: Count) -> bool:
    """A bare number that is part of a name or a label, or a person's age, not a count.

    "Three Brotherhood Alliance", "S&P 500", "Windows 10", "Lydia Rosasi, 29, works", and a
    bare "one" ("one of them", "at one point").
    """
    if count.kind != "count" or count.noun is not None or count.qualifier is not None:
        return False
    if text[count.number_start:count.number_end].lower() == "one":
        return True
    if re.match(r"\s+[A-Z][a-z]", text[count.end:]):
        return True
    before = text[max(0, count.start - 40):count.start]
    if re.search(r"[A-Z][\w.'’-]*,\s*$", before) and re.match(r",", text[count.end:]):
        return True  # an appositive age
    label = re.search(r"(?:^|[^.!?\n]\s)([A-Z][\w&'’-]*)\s+$", before)
    return bool(label)


def partitives(text: str, counts: list[Count]) -> list[Count]:
    """"41 of the 48 drones": the first number counts what the second does."""
    out = list(counts)
    for i in range(len(out) - 2, -1, -1):
        count, nxt = out[i], out[i + 1]
        if count.noun is None and count.kind == "count" and \
                re.fullmatch(r"\s+of\s+(?:the|these|those|its|their|his|her|our)\s+", text[count.end:nxt.start]):
            out[i] = replace(count, unit=nxt.unit, head=nxt.head)
    return out


def qualify(text: str, count: Count, p: Patterns, lexicon: NumberLexicon) -> Count:
    """Attach the qualifier before a number ("at least 12"), widening the mention's span."""
    before = text[max(0, count.start - 30):count.start]
    match = p.qualifier.search(before)
    if not match:
        return count
    phrase = re.sub(r"\s+", " ", fold(match.group(0).strip()))
    bound = lexicon.qualifiers[phrase]
    if bound == "range" or count.bound == "vague" and bound != "lower":
        return count  # "between" needs its second number (merge_ranges); "about dozens" stays vague
    start = count.start - len(before) + match.start()
    return replace(count, start=start, qualifier=lexicon.qualifier_names.get(phrase, phrase), bound=bound)


def merge_ranges(text: str, counts: list[Count]) -> list[Count]:
    """"between 1,500 and 3,000", "from 20 to 30", "20-30", "20 to 30": one count with a maximum."""
    merged: list[Count] = []
    i = 0
    while i < len(counts):
        count = counts[i]
        if i + 1 < len(counts) and count.kind == counts[i + 1].kind and count.bound is None:
            nxt = counts[i + 1]
            gap = text[count.end:nxt.number_start]
            lead = re.search(r"\b(between|from)\s+$", text[max(0, count.start - 12):count.start], re.IGNORECASE)
            joiner = re.fullmatch(r"\s*(?:-|–|to)\s*", gap) or (lead and re.fullmatch(r"\s+and\s+", gap))
            if joiner and nxt.bound is None and nxt.value > count.value:
                start = count.start - len(lead.group(0)) if lead else count.start
                merged.append(replace(nxt, start=start, number_start=count.number_start, value=count.value,
                                      max_value=nxt.value, bound="range", qualifier="at least"))
                i += 2
                continue
        merged.append(count)
        i += 1
    return merged


def with_noun(text: str, count: Count, lexicon: NumberLexicon) -> Count:
    if count.kind != "count":
        return count
    end = count.end
    of = re.match(r"\s+of\s+", text[end:]) if count.bound == "vague" else None
    limit = min(len(text), end + 80)
    sentence_end = re.search(r"(?<![A-Z])[.!?;](?:\s|$)|\n", text[end:limit])  # not the "." of "U.S."
    if sentence_end:
        limit = end + sentence_end.start()
    found = counted_noun(text, end + (of.end() if of else 0), limit, lexicon)
    if found is None:
        return count
    noun_end, phrase, head = found
    if of is None and not re.match(r"\s", text[end:end + 1]):
        return count
    return replace(count, end=noun_end, noun=phrase, head=head, unit=unit_of(head, lexicon))


# --- casualties -----------------------------------------------------------------------------------

def bounds(count: Count) -> tuple[int, int | None, bool]:
    """(min, max, exact) of a count as RECORD.md reads qualifiers."""
    n = int(count.value)
    if count.bound == "range":
        return n, int(count.max_value or n), False
    if count.bound in {"lower", "vague"}:
        return n, None, False
    if count.bound == "upper":
        return 0, n, False
    if count.bound == "approximate":
        return n, n, False
    return n, n, True


def victim_group(count_noun: str | None, head: str | None, lexicon: NumberLexicon) -> str | None:
    if not count_noun or not head or head.lower() in lexicon.people_generic:
        return None
    words = [w for w in count_noun.split() if w.lower() not in {"other", "more", "others"}]
    return " ".join(words) or None


def sentence_spans(text: str, sentences: list[Span] | None) -> list[Span]:
    if sentences:
        return sentences
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“‘(])|\n+", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in spans if s[1] > s[0]]


def find_casualties(text: str, counts: list[Count], *, lexicon: NumberLexicon,
                    sentences: list[Span] | None = None) -> tuple[list[Casualty], list[Span]]:
    """Casualty candidates and the spans of subset counts ("including two children")."""
    p = compile_patterns(lexicon)
    casualties: list[Casualty] = []
    subsets: list[Span] = []
    ordered = sorted(counts, key=lambda c: c.number_start)
    positions = [c.number_start for c in ordered]
    verbs = word_spans(text, lexicon.casualty_verbs)
    for sent_start, sent_end in sentence_spans(text, sentences):
        window = ordered[bisect.bisect_left(positions, sent_start):bisect.bisect_left(positions, sent_end)]
        inside = [c for c in window if c.kind == "count"]
        here: list[Casualty] = []
        for count in inside:
            left = text[max(sent_start, count.start - 200):count.start]  # bounded: sentences can be huge
            if p.subset.search(left[-40:]):
                subsets.append((count.start, count.end))
                continue
            if count.head is not None and not is_person_noun(count.head, lexicon) and \
                    count.head.lower() not in lexicon.casualty_nouns:
                continue  # "48 drones", "10 days"
            found = casualty_of(text, count, left, sent_start, sent_end, p, lexicon)
            if found is not None:
                here.append(found)
        if verbs is None or any_within(verbs, sent_start, sent_end):  # both patterns need a casualty verb
            here.extend(single_victims(text, sent_start, sent_end, here, window, p, lexicon))
        casualties.extend(here)
    return sorted(casualties, key=lambda c: c.start), subsets


def word_spans(text: str, words: Iterable[str]) -> list[Span] | None:
    """(start, end) of every place where one of the (lower-case ASCII) words occurs in `text`, in
    any case, sorted; None when a word is not lower-case ASCII. A few searches for plain words
    tell which sentences are worth a case-insensitive pattern that needs one of them."""
    words = list(words)
    if not all(word.isascii() and word == word.lower() for word in words):
        return None
    folded = fold(text)
    spans: list[Span] = []
    for word in words:
        at = folded.find(word)
        while at >= 0:
            spans.append((at, at + len(word)))
            at = folded.find(word, at + 1)
    return sorted(spans)


def any_within(spans: list[Span], start: int, end: int) -> bool:
    """Whether one of the sorted `spans` lies within [start, end)."""
    i = bisect.bisect_left(spans, (start, start))
    while i < len(spans) and spans[i][0] < end:
        if spans[i][1] <= end:
            return True
        i += 1
    return False


def casualty_of(text: str, count: Count, left: str, sent_start: int, sent_end: int, p: Patterns,
                lexicon: NumberLexicon) -> Casualty | None:
    low, high, exact = bounds(count)
    who = victim_group(count.noun, count.head, lexicon)
    head = (count.head or "").lower()
    if head in lexicon.casualty_nouns and head not in lexicon.people_nouns:  # "30 deaths", "12 dead"
        return Casualty(kind=lexicon.casualty_nouns[head], min=low, max=high, exact=exact, who=None,
                        text=text[count.start:count.end], start=count.start, end=count.end)
    verb = p.verb_before.search(left[-60:])
    if verb:  # "killed at least 12 civilians", "killing five people"
        start = count.start - (len(left[-60:]) - verb.start("verb"))
        if not actual(text, start, lexicon):
            return None
        kind = lexicon.casualty_verbs[re.sub(r"\s+", " ", fold(verb["verb"]))]
        return Casualty(kind=kind, min=low, max=high, exact=exact, who=who, text=text[start:count.end],
                        start=start, end=count.end)
    toll = p.toll_before.search(left[-60:])
    if toll:  # "the death toll rose to 30"
        start = count.start - (len(left[-60:]) - toll.start("toll"))
        kind = "injured" if "injur" in toll["toll"].lower() else "killed"
        return Casualty(kind=kind, min=low, max=high, exact=exact, who=None, text=text[start:count.end],
                        start=start, end=count.end)
    after = p.kind_after.match(text[count.end:sent_end])
    if after and not is_active(text, count.end + after.end(), sent_end, after["fill"], lexicon):
        end = count.end + after.end()  # "Three soldiers were killed", "10 dead"
        kind = lexicon.casualty_verbs[re.sub(r"\s+", " ", fold(after["verb"]))]
        return Casualty(kind=kind, min=low, max=high, exact=exact, who=who, text=text[count.start:end],
                        start=count.start, end=end)
    return None


def actual(text: str, verb_start: int, lexicon: NumberLexicon) -> bool:
    """Whether the casualty verb reports a real act: not "tried to kill", "could kill", "did not kill"."""
    before = re.findall(r"[A-Za-z']+", text[max(0, verb_start - 24):verb_start].lower())[-2:]
    return not (before and (before[-1] in lexicon.non_actual_before or before[-1].endswith("n't")))


def is_active(text: str, verb_end: int, sent_end: int, fill: str, lexicon: NumberLexicon) -> bool:
    """Whether "N X killed ..." has N X as the killers: no auxiliary and an object after the verb."""
    if fill.strip():
        return False
    following = next_word(text, verb_end).lower()
    return bool(following) and (following in {"the", "a", "an", "his", "her", "their", "its", "at", "more",
                                               "about", "nearly", "some", "dozens", "hundreds", "scores"}
                                or following[:1].isdigit() or following in lexicon.units or
                                following in lexicon.tens or following in {"themselves", "himself", "herself"})


def single_victims(text: str, sent_start: int, sent_end: int, found: list[Casualty], counts: list[Count],
                   p: Patterns, lexicon: NumberLexicon) -> list[Casualty]:
    """One victim named without a numeral: "killed a journalist", "A prisoner died"."""
    out: list[Casualty] = []
    sentence = text[sent_start:sent_end]
    taken = [(c.start, c.end) for c in found] + [(c.start, c.end) for c in counts]
    for pattern, subject in ((p.single_object, False), (p.single_subject, True)):
        for m in pattern.finditer(sentence):
            start, end = sent_start + m.start(), sent_start + m.end()
            noun_start = sent_start + m.start("noun")
            if overlaps((noun_start, sent_start + m.end("noun")), taken) or overlaps((start, end), taken):
                continue
            if not subject and (is_plural_object(m["noun"]) or not actual(text, start, lexicon)):
                continue
            if subject and m.start() > 0 and re.search(r"\b(?:of|with|by|for|to)\s+$", sentence[:m.start()]):
                continue  # "a car bomb" after "killed by": the noun is not the victim
            kind = lexicon.casualty_verbs[re.sub(r"\s+", " ", fold(m["verb"]))]
            words = m["noun"].split()
            who = " ".join(words) if words[-1].lower() not in lexicon.people_generic else None
            out.append(Casualty(kind=kind, min=1, max=1, exact=True, who=who, text=text[start:end],
                                start=start, end=end))
            taken.append((start, end))
    return out


def is_plural_object(noun: str) -> bool:
    return noun.split()[-1].lower().endswith("s") and not noun.lower().endswith("ss")


class QuantityStage:
    """Tags counts (`doc.quantities`) and casualty candidates (`doc.casualties`)."""

    name = "quantities"

    def __init__(self, *, lexicon: NumberLexicon) -> None:
        self.lexicon = lexicon

    def process(self, doc: Document) -> Document:
        text = doc.text
        skip = [(t.start, t.end) for t in doc.times if t.start is not None and t.end is not None]
        counts = find_quantities(text, lexicon=self.lexicon, skip=skip)
        casualties, subsets = find_casualties(text, counts, lexicon=self.lexicon, sentences=doc.sentences or None)
        doc.quantities = [c.quantity(text) for c in counts]
        doc.casualties = casualties
        doc.extras.setdefault(self.name, {})["subsets"] = subsets
        return doc


def create(*, resources: Resources, options: dict[str, Any]) -> QuantityStage:
    return QuantityStage(lexicon=resources.get("number_lexicon"))
