"""Roles by position, for when the parse gives none.

The small parser often misreads news clauses: a date becomes the root ("Russian President
Boris Yeltsin on Saturday hosted ..."), a verb becomes a modifier ("Israel and Lebanon renewed
negotiations"), a demand's object becomes a date ("demanded Friday that the United States
..."). The syntactic roles then come out empty although the clause names its actors plainly.
This module reads them from word order inside the trigger's clause, as rule coders of the
PETRARCH family do, but only where the order is safe:

- source: the nearest political actor before the trigger, with nothing between them that opens
  another clause (a reporting verb, "that", "after", "when", a colon, a quotation mark, a
  sentence end...), no passive auxiliary and no "under" ("came under attack"), no reduced
  relative ("among those killed in"); not itself inside a prepositional phrase ("in Iraq", "by
  the army"), not the object of another verb, not inside a clause opened before it ("while Iraq
  and Syria are ..., there is a consensus"); actors joined to it by "and" come along ("Israel
  and Lebanon").
- target: the first political actor after the trigger, before the clause ends (a reporting tail
  such as ", the ministry said", "according to", "after", "when", "if", "unless", "following",
  "amid", a semicolon, a sentence end), not introduced by "by" (an agent) nor by "in", "at",
  "near" (a place: the events stage decides by event type whether a place's state is the
  target), not the source, and for deployments and withdrawals not the source's own forces.

A political actor is one with a name, a country or a sector; bare pronouns and generic people
("people", "residents") never fill a role here. Passive clauses without an agent ("a journalist
was shot dead") are left empty by the caller: position never names a perpetrator the text does
not name. Events whose roles come from here carry that in `reasons`, and a lower confidence.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from eventwatch.events.syntax import lowered, rel, span_head
from eventwatch.language.surface import count_ending_by, first_starting_from
from eventwatch.record import Actor, Place

# words that open another clause: an actor before them is not the trigger's subject
CLAUSE_OPENERS = {"that", "which", "who", "whom", "whose", "after", "when", "while", "because", "if", "unless",
                  "since", "before", "although", "though", "whereas", "where", "despite", "as", "until", "once",
                  "according", "but"}
# adjuncts after which a target is no longer named ("strengthened its forces following the discovery of
# Russian-made rockets"); before a trigger they may sit inside the subject's clause
TARGET_STOPS = CLAUSE_OPENERS | {"following", "amid", "during"}
CLAUSE_MARKS = {";", ":", '"', "\u201c", "\u201d", "(", ")", "--", "\u2014", ".", "!", "?"}
# words between a preposition and the actor it governs ("of the banned group")
MODIFIERS = {"det", "nmod:poss", "amod", "nummod", "compound", "advmod"}
# verbs of a clause inside the stretch between an actor and the trigger
SUBORDINATE = {"acl", "acl:relcl", "advcl", "ccomp", "csubj"}
# words before such a verb that make what precedes it its undergoer ("among those killed in the
# attack", "who were wounded in the attack")
UNDERGOER_LEADS = {"those", "who", "which", "that", "being", "was", "were", "is", "are", "been", "be"}
# prepositions that make an actor an adjunct, not the clause's subject
ADJUNCT_CASES = {"ADP"}


def political(actor: Actor, generic: frozenset[str]) -> bool:
    if actor.text.lower() in generic:
        return False
    return bool(actor.name or actor.country or actor.sector)


def opens_clause(token: Token, report_verbs: frozenset[str]) -> bool:
    if token.lower_ in CLAUSE_OPENERS or token.text in CLAUSE_MARKS:
        return True
    return token.pos_ in ("VERB", "AUX") and (token.lemma_ or token.text).lower() in report_verbs


def in_phrase(actor: Actor, sent: Span) -> bool:
    """Whether the actor is the object of a preposition ("in Iraq", "by Russia"), read from the
    words before it: determiners and modifiers are skipped back to the word that governs it."""
    doc = sent.doc
    first = first_from(sent, actor.start)
    if first >= sent.end:
        return False
    i = first - 1
    while i >= sent.start and (doc[i].pos_ in ("DET", "ADJ", "NUM") or rel(doc[i]) in MODIFIERS):
        i -= 1
    return i >= sent.start and doc[i].pos_ in ADJUNCT_CASES and doc[i].lower_ not in ("and",)


def first_from(sent: Span, offset: int) -> int:
    """The index of the sentence's first token that starts at or after `offset` (`sent.end` if
    none), by binary search over the token offsets rather than a scan of the sentence's tokens."""
    return min(max(sent.start, first_starting_from(sent.doc, offset)), sent.end)


def tokens_between(sent: Span, start: int, end: int) -> list[Token]:
    """The sentence's tokens that lie inside [start, end): a run, as token starts and ends grow."""
    first, last = first_from(sent, start), min(sent.end, count_ending_by(sent.doc, end))
    return list(sent.doc[first:last]) if first < last else []


def coordinated(actors: list[Actor], chosen: Actor, text: str) -> list[Actor]:
    """The chosen actor and those joined to it by "and" or commas on either side."""
    ordered = sorted(actors, key=lambda a: a.start)
    at = ordered.index(chosen)
    group = [chosen]
    for step in (-1, 1):
        j = at
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j + step], ordered[j]) if step < 0 else (ordered[j], ordered[j + step])
            gap = text[a.end:b.start].strip().lower()
            if gap not in ("and", ",", ", and", "&"):
                break
            j += step
            group.append(ordered[j])
    return sorted(group, key=lambda a: a.start)


def source_before(trigger_start: int, sent: Span, actors: list[Actor], *, report_verbs: frozenset[str],
                  generic: frozenset[str], text: str) -> list[Actor]:
    """The nearest safe political actor before the trigger (see the module text)."""
    sent_start = sent.start_char  # (a Span property: read once, not per actor)
    before = [a for a in actors if sent_start <= a.start and a.end <= trigger_start and political(a, generic)]
    for actor in sorted(before, key=lambda a: -a.start):
        between = tokens_between(sent, actor.end, trigger_start)
        if any(opens_clause(t, report_verbs) or rel(t) == "aux:pass" or t.lower_ == "under"
               or (t.pos_ == "VERB" and rel(t) in SUBORDINATE and t.i > 0 and t.doc[t.i - 1].lower_ in UNDERGOER_LEADS)
               for t in between):
            # another clause, a passive one ("were killed by a bomb", "among those killed in the
            # attack"), or an undergoer ("came under attack")
            return []
        if in_phrase(actor, sent) or undergoer(actor, sent) or subordinate(actor, sent):
            continue
        return coordinated(before, actor, text)
    return []


def subordinate(actor: Actor, sent: Span) -> bool:
    """Whether the actor sits in a clause opened before it ("while Iraq and Syria are central to
    ..., there has been a growing consensus"): back to the last comma or the sentence start."""
    for token in reversed(list(sent.doc[sent.start:first_from(sent, actor.start)])):
        if token.text in (",", ";"):
            return False
        if token.lower_ in CLAUSE_OPENERS - {"as", "but", "according"}:
            return True
    return False


def undergoer(actor: Actor, sent: Span) -> bool:
    """Whether the parse makes the actor something done to ("killed 4 Iraqis in an attack")."""
    head = span_head(sent, actor.start, actor.end)
    return head is not None and rel(head) in ("obj", "iobj", "nsubj:pass")


def clause_end(trigger_end: int, sent: Span, report_verbs: frozenset[str], *, content: bool = False) -> int:
    """Where the trigger's clause ends, for the target search: before a reporting tail, a
    subordinate clause or a semicolon. With `content` (a demand, a threat, an accusation) the
    "that" clause is what the event is about, and its subject the one addressed: it stays in."""
    openers = TARGET_STOPS - {"as", "but"} - ({"that"} if content else set())
    first = first_from(sent, trigger_end)
    tokens = list(sent.doc[first:sent.end])
    forms, lemmas = lowered(sent.doc)  # read from the per-document lists: the cheap tests first
    end = sent.end_char
    for k, token in enumerate(tokens):
        if lemmas[first + k] in report_verbs and token.pos_ in ("VERB", "AUX"):
            # the tail begins at its subject (", the EU's envoy ..., told reporters") or else at
            # the first comma before the reporting verb
            subjects = [c.left_edge.idx for c in token.children if rel(c) in ("nsubj", "nsubj:pass")
                        and c.left_edge.idx >= trigger_end]
            commas = [t.idx for t in tokens[:k] if t.text == ","]
            end = min([*subjects, *commas[:1], token.idx])
            break
        if forms[first + k] in openers or token.text in (";", ":", ".", "!", "?"):
            end = token.idx
            break
    return end


def target_after(trigger_end: int, sent: Span, actors: list[Actor], *, source: list[Actor],
                 report_verbs: frozenset[str], generic: frozenset[str], text: str,
                 content: bool = False, own_side: frozenset[str] | set[str] = frozenset()) -> list[Actor]:
    """The first safe political actor after the trigger (see the module text); with `own_side`,
    not the source's own forces ("strengthened its forces in Lebanon")."""
    end = clause_end(trigger_end, sent, report_verbs, content=content)
    taken = {(a.start, a.end) for a in source}
    names = {a.name for a in source if a.name}
    after = [a for a in actors if trigger_end <= a.start and a.end <= end and political(a, generic)]
    for actor in sorted(after, key=lambda a: a.start):
        if (actor.start, actor.end) in taken or (actor.name and actor.name in names) or (
                own_side and own_forces(actor, text, own_side=own_side)):
            continue
        word_before = text[:actor.start].rstrip().rsplit(None, 1)[-1:] or [""]
        if word_before[0].lower() in ("by", "in", "at", "near"):
            # an agent, or a place named as a city or state: the place rule decides those
            continue
        return [a for a in coordinated(after, actor, text) if (a.start, a.end) not in taken]
    return []


def outermost(actors: list[Actor]) -> list[Actor]:
    """The actors not inside a longer one ("Ambassador" inside "the Ambassador of Morocco")."""
    ordered = sorted(actors, key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[Actor] = []
    for actor in ordered:
        if kept and actor.start < kept[-1].end:
            continue
        kept.append(actor)
    return kept


def place_after(trigger_end: int, sent: Span, places: list[Place], *, report_verbs: frozenset[str],
                content: bool = False) -> Actor | None:
    """The state of the first place named after the trigger inside its clause ("imposed a
    curfew in Algiers" -> Algeria), as an actor: CAMEO's and PLOVER's coders code the territory's
    state as the target when the text names no other."""
    end = clause_end(trigger_end, sent, report_verbs, content=content)
    for place in sorted(places, key=lambda p: p.start):
        if trigger_end <= place.start and place.end <= end and place.country:
            return place_actor(place)
    return None


def place_actor(place: Place) -> Actor:
    """A place named in a role, as the actor CAMEO codes for it: its state."""
    return Actor(text=place.text, start=place.start, end=place.end, name=place.name,
                 kind="state" if place.feature == "country" else "unknown", country=place.country, sector=[])


def own_forces(actor: Actor, text: str, *, own_side: frozenset[str] | set[str]) -> bool:
    """"its forces", "their troops": a possessive before a word for one's own side."""
    before = re.findall(r"\w+", text[max(0, actor.start - 8):actor.start].lower())[-1:]
    words = actor.text.lower().split()
    return bool(words) and words[-1] in own_side and (before in (["its"], ["their"], ["his"], ["her"], ["our"])
                                                      or words[0] in ("its", "their", "his", "her", "our"))
