"""When, where and how many: tying the mention layers to an event.

when
  1. a time mention that hangs off the trigger's clause ("arrested ... on Sunday"), else
     one in the sentence that hangs off no other event or verb of saying;
  2. for an event that the text says is relative to another ("two days after talks in
     Doha", "two days later"), the other event's date shifted by the offset, in both
     directions: "the ceasefire collapsed on Sunday, two days after talks in Doha" dates the
     collapse by Sunday and the talks by Sunday minus two days;
  3. the time of the same occasion in the sentences just before, when they name the same
     actor ("In a video address on Tuesday, Zelensky called on ... He accused ...");
  4. the publication date with basis `published`, except for a future or conditional event,
     which has no date until the text gives one.
where
  the place that hangs off the trigger's clause or phrase (the nearest in the tree, then
  the first in the text, when several do), else, for a material event, a place in its
  sentence outside the actors' phrases.
  Never the dateline, and a statement has a place only when the text says where it was
  made. (This follows the worked examples' convention; the dateline says where the
  reporter filed from, not where the event happened.)
casualties
  the casualty candidates of the quantities stage in the event's sentence, for the nearest
  event that can have them (killed/injured: violence and riots; arrested/detained: arrests;
  kidnapped: abductions). A subset ("including two children") is not a second entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from eventwatch.events.finding import Candidate
from eventwatch.events.syntax import distance, rel, tree
from eventwatch.record import Casualty, Place, Time

DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’,-]{1,60}?(?:,\s*[A-Z][\w .'’-]{1,40})?\s*(?:\([^)]{1,30}\))?\s*[—–-]{1,2}\s")
CASUALTY_TYPES = {
    "killed": {"ASSAULT", "PROTEST"}, "injured": {"ASSAULT", "PROTEST"}, "missing": {"ASSAULT"},
    "displaced": {"ASSAULT", "COERCE"}, "arrested": {"COERCE"}, "detained": {"COERCE"},
    "kidnapped": {"ASSAULT"},
}
SUBSET_WORDS = {"including", "among", "included"}


# key of the mention heads `mention_head` keeps in `Doc.user_data` (the stage removes it when done)
HEADS_KEY = "eventwatch_mention_heads"


def dateline_end(text: str) -> int:
    match = DATELINE.match(text)
    return match.end() if match else 0


def tokens_of(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def mention_head(doc: Doc, start: int, end: int) -> Token | None:
    """`head_of(tokens_of(doc, start, end))`, kept per document: every trigger of a sentence asks
    it again for each time and place of that sentence."""
    heads = doc.user_data.setdefault(HEADS_KEY, {})  # (start, end) -> index of the head, or None
    key = (start, end)
    if key not in heads:
        head = head_of(tokens_of(doc, start, end))
        heads[key] = None if head is None else head.i
    i = heads[key]
    return None if i is None else doc[i]


def head_of(tokens: list[Token]) -> Token | None:
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[0] if tokens else None


def attachment(cand: Candidate, token: Token, others: list[Candidate], blockers: set[int]) -> int | None:
    """Tree distance from the trigger (or its clause) to a mention, unless another event or a
    verb of saying lies between them (then the mention belongs to that one)."""
    best = None
    foreign = {t.i for o in others if o is not cand for t in o.tokens}
    # the clause verb of a noun trigger may be another event's trigger ("attacked ... after talks"):
    # then it anchors that event, not this one
    anchors = {t.i: t for t in (cand.head, cand.clause, cand.light_verb)
               if t is not None and (t.i == cand.head.i or t.i not in foreign)}
    heads = tree(token.doc)[0]
    for anchor in anchors.values():
        path = path_indices(heads, token.i, anchor.i)
        if path is None:
            continue
        between = set(path[1:-1])
        if between & (foreign | blockers):
            continue
        d = len(path) - 1
        best = d if best is None else min(best, d)
    return best


def path_tokens(a: Token, b: Token) -> list[Token] | None:
    path = path_indices(tree(a.doc)[0], a.i, b.i)
    return None if path is None else [a.doc[i] for i in path]


def path_indices(heads: list[int], a: int, b: int) -> list[int] | None:
    """The tree path from token a up to the lowest common ancestor and down to b (at most ten
    steps up from each), as token indices; None when they meet no higher."""
    up_a = [a]
    current = a
    for _ in range(10):
        if heads[current] == current:
            break
        current = heads[current]
        up_a.append(current)
    up_b = [b]
    current = b
    for _ in range(10):
        if heads[current] == current:
            break
        current = heads[current]
        up_b.append(current)
    index_b = {t: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t in index_b:
            return up_a[:n + 1] + list(reversed(up_b[:index_b[t]]))
    return None


def sentence_times(times: Iterable[Time], sent: Span) -> list[Time]:
    start, end = sent.start_char, sent.end_char  # (Span properties: read once, not per time)
    return [t for t in times if t.start is not None and start <= t.start < end]


def time_for(cand: Candidate, times: list[Time], others: list[Candidate], blockers: set[int]) -> tuple[Time | None, str]:
    doc = cand.sent.doc
    scored = []
    loose = []
    for time in sentence_times(times, cand.sent):
        head = mention_head(doc, time.start or 0, time.end or 0)
        if head is None:
            continue
        d = attachment(cand, head, others, blockers)
        if d is not None:
            scored.append((d, time))
        elif not any(attachment(o, head, others, blockers) is not None for o in others if o is not cand):
            loose.append(time)
    if scored:
        return min(scored, key=lambda p: p[0])[1], "clause"
    if loose:
        return loose[0], "sentence"
    return None, ""


def place_for(cand: Candidate, places: list[Place], others: list[Candidate], blockers: set[int],
              *, dateline: int, material: bool, excluded: list[tuple[int, int]]) -> tuple[Place | None, str]:
    doc = cand.sent.doc
    sent = cand.sent
    attached = []
    loose = []
    sent_start, sent_end = sent.start_char, sent.end_char
    for place in places:
        if not (sent_start <= place.start < sent_end) or place.start < dateline:
            continue
        head = mention_head(doc, place.start, place.end)
        if head is None:
            continue
        if via_subject(head, cand):
            continue
        d = attachment(cand, head, others, blockers)
        if d is not None and not material and crosses_clause(head, cand):
            d = None
        if d is not None and d <= 5:
            attached.append((d, place))
        elif not any(a <= place.start and place.end <= b for a, b in excluded):
            loose.append(place)
    if attached:
        # nearest in the tree, then first in the text: "met in Brussels" beats a place that a
        # misparsed actor phrase ("... and Kosovo Prime Minister Albin Kurti met") hangs nearby
        return min(attached, key=lambda dp: (dp[0], dp[1].start))[1], "attached to the trigger"
    if material and loose:
        return loose[0], "named in the sentence"
    return None, ""


def crosses_clause(token: Token, cand: Candidate) -> bool:
    """True when the path from the trigger to the token enters another clause (a statement's
    place must be where it was made, not a place named in what was said)."""
    path = path_tokens(token, cand.head) or []
    return any(rel(t) in ("ccomp", "xcomp", "advcl", "acl", "acl:relcl", "parataxis", "csubj") and t != cand.head
               for t in path[:-1])


def via_subject(token: Token, cand: Candidate) -> bool:
    """True when the place sits inside the subject phrase ("Houthi forces in Yemen fired")."""
    current = token
    for _ in range(8):
        if current.head.i == current.i or current == cand.head or current == cand.clause:
            return False
        if rel(current) in ("nsubj", "nsubj:pass") and current.head in (cand.head, cand.clause):
            # unless the trigger itself is in that phrase ("A Russian attack on Dnipro killed ...")
            return not (current.left_edge.i <= cand.head.i <= current.right_edge.i)
        current = current.head
    return False


def shift(value: str, offset: int, unit: str, direction: str) -> str | None:
    """An ISO date moved by offset units; None when the anchor is less precise than a day."""
    if len(value) != 10:
        return None
    day = dt.date.fromisoformat(value)
    sign = 1 if direction == "after" else -1
    if unit == "day":
        return (day + dt.timedelta(days=sign * offset)).isoformat()
    if unit == "week":
        return (day + dt.timedelta(weeks=sign * offset)).isoformat()
    if unit == "month":
        month = day.month - 1 + sign * offset
        return f"{day.year + month // 12:04d}-{month % 12 + 1:02d}"
    if unit == "year":
        return f"{day.year + sign * offset:04d}"
    return None


def casualties_for(cand: Candidate, casualties: list[Casualty], others: list[Candidate], event_type: str) -> list[Casualty]:
    """The casualty candidates of the sentence that belong to this event (nearest fitting event)."""
    doc = cand.sent.doc
    found = []
    sent_start, sent_end = cand.sent.start_char, cand.sent.end_char
    for casualty in casualties:
        if not (sent_start <= casualty.start < sent_end):
            continue
        if event_type not in CASUALTY_TYPES.get(casualty.kind, set()):
            continue
        tokens = tokens_of(doc, casualty.start, casualty.end)
        if tokens and tokens[0].i > 0 and doc[tokens[0].i - 1].lower_ in SUBSET_WORDS:
            continue
        head = head_of(tokens)
        if head is None:
            continue
        mine = closest(head, cand)
        rivals = [closest(head, o) for o in others if o is not cand and o.alive
                  and o.notes.get("type") in CASUALTY_TYPES.get(casualty.kind, set())]
        if all(r is None or (mine is not None and mine <= r) for r in rivals) and mine is not None:
            found.append(casualty)
    return totals(found)


def closest(token: Token, cand: Candidate) -> int | None:
    anchors = [cand.head, cand.clause, *[a.head for a in cand.absorbed]]
    distances = [d for d in (distance(token, a) for a in anchors) if d is not None]
    return min(distances) if distances else None


def totals(casualties: list[Casualty]) -> list[Casualty]:
    """One entry per kind (the largest), since entries are meant to be summed."""
    best: dict[str, Casualty] = {}
    for casualty in casualties:
        kept = best.get(casualty.kind)
        if kept is None or casualty.min > kept.min:
            best[casualty.kind] = casualty
    return sorted(best.values(), key=lambda c: c.start)


def distance_ok(a: Candidate, b: Candidate, limit: int = 2) -> bool:
    """Two triggers close enough in the tree to be one event told twice ("met ... for talks")."""
    d = distance(a.head, b.head)
    return d is not None and d <= limit
