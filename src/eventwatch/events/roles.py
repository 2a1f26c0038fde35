"""Source and target from the dependency parse, mapped onto the actors stage's mentions.

Verbs: the subject is the source and the object the target in the active voice; in the
passive the subject is the target and the `by` phrase the source. Without an object, a
nominal hanging from on/against/at/with/to/into is the target ("fired at the ship", "met
with X"). A subject is inherited through coordination ("attacked and burned"), control
("plans to attack") and participles ("..., killing five").

Nouns: a possessive ("Russia's attack"), a nationality adjective or a name before the noun
("a Russian strike", "Houthi attacks", "US strikes") and a `by` phrase are the source; a
nominal hanging from on/against/of/at/with/between is the target ("the offensive on
Khartoum"). A noun that is the object of a light verb takes the light verb's subject
("Rebels carried out raids"). A noun that is the subject of a verb gives that verb's object
as the target ("the attack killed 12 civilians").

Coordination gives lists ("the United States and Germany"); an apposition is the same actor.
When the text names nobody, the role is empty: never guessed.

Each role phrase is mapped to the actors stage's `Actor` whose span it holds (pronouns come
from `doc.extras["actors"]["pronouns"]`). Where that stage has left nothing, an `Actor` is
read from the phrase itself: the country from a name or nationality word through the
`countries` resource, the sector from the head noun (cues.yaml `sector_words`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from eventwatch.events.finding import NOUN_POS, Candidate, amod_subject
from eventwatch.events.syntax import (
    children,
    conjuncts,
    is_passive,
    is_plural,
    lowered,
    preposition,
    rel,
    sentence_start,
    span_head,
    subject_of,
)
from eventwatch.knowledge.triggers import TriggerLexicon
from eventwatch.language.surface import doc_text
from eventwatch.record import Actor, Place

TARGET_PREPOSITIONS_VERB = {"on", "against", "at", "with", "to", "into", "upon", "toward", "towards", "from"}
TARGET_PREPOSITIONS_NOUN = {"on", "against", "of", "at", "with", "between", "upon", "to", "toward", "towards",
                            "targeting", "from"}
SOURCE_PREPOSITIONS_NOUN = {"by"}
PHRASE_CUT = {"acl", "acl:relcl", "appos", "conj", "cc", "punct", "parataxis", "advcl"}
PEOPLE_ENTITIES = {"PERSON"}
GROUP_ENTITIES = {"NORP"}
ORG_ENTITIES = {"ORG"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
QUALIFIERS = {"least", "most", "more", "than", "about", "some", "over", "nearly", "almost", "around", "up", "to",
              "another", "other", "several", "many", "dozens", "hundreds", "thousands", "of"}
AGENT_NOUNS = {"protester", "protesters", "protestor", "protestors", "demonstrator", "demonstrators", "rioter",
               "rioters", "marcher", "marchers", "mob", "mobs", "strikers", "bomber", "bombers"}
BE_FORMS = {"was", "were", "is", "are", "been", "be", "being", "got", "get", "gets", "getting"}
LAUNCH_VERBS = {"launch", "fire", "send", "shoot", "drop"}
QUANTITY_HEADS = {"thousands", "hundreds", "dozens", "scores", "tens", "millions", "members", "member", "group",
                  "groups", "some", "many", "most", "all", "one", "two", "third", "half", "majority", "crowd",
                  "crowds", "number", "contingent", "unit", "units", "delegation", "leaders", "supporters"}
RELATIVE_WORDS = {"that", "which", "who", "whom"}
FIRST_PERSON = {"we", "our", "us", "i", "my", "me", "ours"}


@dataclass
class ActorIndex:
    """The actors of a document by character span, with a fallback reader for bare phrases."""

    actors: list[Actor]
    countries: Any = None
    lexicon: TriggerLexicon | None = None
    by_start: dict[int, list[Actor]] = field(default_factory=dict)
    # (start, end, actor) in the actors' order: the look-ups below run for every role token, and
    # comparing plain tuples is cheaper than reading the models' attributes each time
    spans: list[tuple[int, int, Actor]] = field(default_factory=list)
    # the positions in `spans` ordered by start, their starts, and the longest span: the look-ups
    # below binary-search the few actors that can qualify, then keep the actors' own order
    by_position: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    longest: int = 0
    well_formed: bool = True  # no span ends before it starts

    def __post_init__(self) -> None:
        for actor in self.actors:
            self.by_start.setdefault(actor.start, []).append(actor)
        self.spans = [(actor.start, actor.end, actor) for actor in self.actors]
        self.by_position = sorted(range(len(self.spans)), key=lambda k: self.spans[k][0])
        self.starts = [self.spans[k][0] for k in self.by_position]
        self.longest = max((a_end - a_start for a_start, a_end, _ in self.spans), default=0)
        self.well_formed = all(a_start <= a_end for a_start, a_end, _ in self.spans)

    def within(self, start: int, end: int) -> list[Actor]:
        if not self.well_formed:
            return [a for a_start, a_end, a in self.spans if a_start >= start and a_end <= end]
        # an actor inside [start, end] starts inside it
        return self.between(start, end, lambda a_start, a_end: a_start >= start and a_end <= end)

    def covering(self, start: int, end: int) -> list[Actor]:
        # an actor reaching `end` starts at most `longest` characters before it
        return self.between(end - self.longest, start, lambda a_start, a_end: a_start <= start and a_end >= end)

    def between(self, low: int, high: int, keep: Callable[[int, int], bool]) -> list[Actor]:
        """The actors starting in [low, high] that `keep` accepts, in the actors' order."""
        positions = sorted(self.by_position[bisect_left(self.starts, low):bisect_right(self.starts, high)])
        return [a for a_start, a_end, a in (self.spans[k] for k in positions) if keep(a_start, a_end)]


def phrase_tokens(token: Token) -> list[Token]:
    """The noun phrase of a token, without relative clauses, appositions and coordinated items."""
    result = [token]
    todo = [c for c in token.children if rel(c) not in PHRASE_CUT]
    while todo:
        current = todo.pop()
        result.append(current)
        todo.extend(c for c in current.children if rel(c) not in PHRASE_CUT)
    result.sort(key=lambda t: t.i)
    # drop a leading preposition or determiner and everything after a post-head preposition phrase
    while result and (rel(result[0]) in ("case", "det", "mark") or result[0].lower_ in DETERMINERS):
        result = result[1:]
    return result or [token]


def actors_for(token: Token, index: ActorIndex) -> list[Actor]:
    """The actors a role token denotes: each coordinated item, via the actors stage or the phrase."""
    found: list[Actor] = []
    listed = listed_coordination(token, index)
    if listed:
        return listed
    for item in conjuncts(token):
        actor = actor_for(item, index)
        if actor is not None and all((a.start, a.end) != (actor.start, actor.end) for a in found):
            found.append(actor)
    return found


def listed_coordination(token: Token, index: ActorIndex) -> list[Actor]:
    """Actors joined by "and" inside one role phrase that a weak parse did not coordinate
    ("Serbian President Aleksandar Vucic and Kosovo Prime Minister Albin Kurti")."""
    if token.pos_ not in NOUN_POS:
        return []
    left = token.left_edge
    # a weak parse may leave the first conjuncts outside the subject's subtree: extend to the left
    # over the run of names, titles, nationality words, commas and "and" right before it
    doc = token.doc
    sent_start = sentence_start(token)
    forms = lowered(doc)[0]
    i = left.i - 1
    while i >= sent_start:
        word = doc[i]
        if not ((word.pos_ in ("PROPN", "ADJ", "NOUN", "CCONJ") or word.text == ",") and forms[i] not in ("or", "but")):
            break
        i -= 1
    if i + 1 < left.i and any(forms[j] == "and" for j in range(i + 1, left.i)):
        left = doc[i + 1]
    subtree = list(token.subtree)  # walked twice below
    verbs_after = [t.i for t in subtree if t.i > token.i and t.pos_ in ("VERB", "AUX")]
    stop = min(verbs_after, default=len(token.doc))
    right = max((t for t in subtree if token.i <= t.i < stop and rel(t) not in ("acl:relcl", "acl", "appos")
                 and not (rel(t) in ("nmod", "obl") and t.head.i == token.i and t.i > token.i)),
                key=lambda t: t.i, default=token)
    start, end = left.idx, right.idx + len(right.text)
    inside = sorted(index.within(start, end), key=lambda a: a.start)
    named = [a for a in inside if a.name or a.country]
    if len(named) < 2:
        return []
    text = doc_text(token.doc)
    for a, b in zip(named, named[1:], strict=False):
        gap = text[a.end:b.start]
        if " and " not in f" {gap} " and "," not in gap and "&" not in gap:
            return []
    return named


def actor_for(token: Token, index: ActorIndex) -> Actor | None:
    start, end = token.idx, token.idx + len(token.text)
    holding = index.covering(start, end)
    if holding:
        best = min(holding, key=lambda a: a.end - a.start)
        if best.name or best.country:
            return best
        # a bare title ("President") whose name follows: the named actor in the phrase
        sub_start = min(t.idx for t in token.subtree)
        sub_end = max(t.idx + len(t.text) for t in token.subtree)
        named = [a for a in index.within(sub_start, sub_end) if (a.name or a.country) and a is not best]
        return min(named, key=lambda a: abs(a.start - start)) if named else best
    tokens = phrase_tokens(token)
    head_only = [t for t in tokens if t.i <= token.i] or [token]
    span_start, span_end = head_only[0].idx, head_only[-1].idx + len(head_only[-1].text)
    inside = index.within(span_start, span_end)
    if inside:
        return max(inside, key=lambda a: a.end - a.start)
    if token.lower_ in QUANTITY_HEADS or token.pos_ == "NUM":
        # "Thousands of Iraqi Kurds", "members of the opposition": the group is the actor
        of = [c for c in token.children if rel(c) == "nmod" and preposition(c) == "of"]
        if of:
            return actor_for(of[0], index)
    named = [c for c in token.children if rel(c) in ("flat", "flat:name", "appos", "compound") and c.i > token.i]
    for name in named:
        covering = index.covering(name.idx, name.idx + len(name.text))
        if covering:
            # "President Volodymyr Zelensky" parsed with the title as head: the name is the actor
            return covering[0]
    appositions = [c for c in token.children if rel(c) == "appos"]
    for appos in appositions:
        covering = index.covering(appos.idx, appos.idx + len(appos.text))
        if covering:
            return covering[0]
    return read_actor(head_only, token, index)


def read_actor(tokens: list[Token], head: Token, index: ActorIndex) -> Actor | None:
    """An Actor read from a bare phrase, or None when the phrase names no political actor."""
    if head.pos_ not in NOUN_POS | {"PRON", "ADJ"}:
        return None
    if head.pos_ == "PRON" and head.lower_ not in FIRST_PERSON | {"they", "he", "she", "it", "them", "him", "her"}:
        return None
    tokens = [t for t in tokens if t.i >= head.i or not (
        t.pos_ == "NUM" or rel(t) in ("nummod", "advmod", "case", "det", "punct", "cc")
        or t.lower_ in QUALIFIERS)] or [head]
    if head.lower_ in (index.lexicon.generic_people if index.lexicon else ()) and len(tokens) == 1:
        return None
    text_start, text_end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc_text(head.doc)[text_start:text_end]
    country, sectors, kind = None, [], "unknown"
    countries = index.countries
    if countries is not None:
        for tok in tokens:
            found = countries.metonym(tok.text) if len(tokens) == 1 else None
            if found is not None:
                country, sectors, kind = found[0].iso3, list(found[1]), "state"
                break
            hit = countries.by_name(text) if tok == tokens[0] else None
            hit = hit or countries.by_demonym(tok.text) or countries.by_name(tok.text)
            if hit is not None and tok.pos_ in ("PROPN", "ADJ", "NOUN"):
                country = hit.iso3
                break
    words = {t.lower_ for t in tokens} | {text.lower()}
    if index.lexicon is not None:
        for code, nouns in index.lexicon.sector_words.items():
            if head.lower_ in nouns or text.lower() in nouns or (code == "IGO" and words & nouns):
                if code not in sectors:
                    sectors.append(code)
                break
    if head.ent_type_ in PEOPLE_ENTITIES:
        kind = "person"
    elif head.ent_type_ in ORG_ENTITIES or "IGO" in sectors:
        kind = "organization"
    elif country and len(tokens) == 1 and head.pos_ in ("PROPN", "ADJ"):
        kind = "state"
    elif is_plural(head) or head.ent_type_ in GROUP_ENTITIES:
        kind = "group"
    if "IGO" in sectors:
        country = None
    if (country is None and not sectors and head.ent_type_ not in PEOPLE_ENTITIES | ORG_ENTITIES | GROUP_ENTITIES
            and head.lower_ not in FIRST_PERSON | {"they", "he", "she", "it", "them", "him", "her"}):
        return None
    return Actor(text=text, start=text_start, end=text_end, name=None, kind=kind, country=country,
                 sector=sectors)


@dataclass
class Roles:
    source: list[Token] = field(default_factory=list)
    target: list[Token] = field(default_factory=list)
    how: dict[str, str] = field(default_factory=dict)
    # nominals to try when `target` names no actor ("seized Lashio ... from the military")
    fallback_target: list[Token] = field(default_factory=list)


def verb_roles(verb: Token, *, participle: bool = False) -> Roles:
    roles = Roles()
    passive = is_passive(verb) or (participle and any(
        rel(c) in ("aux", "cop") and c.lower_ in BE_FORMS for c in verb.children) and not children(verb, "obj"))
    if passive:
        roles.target = children(verb, "nsubj:pass", "nsubj")
        if not roles.target and rel(verb) == "acl":
            roles.target = [verb.head]
        for child in verb.children:
            if rel(child) in ("obl", "obl:agent") and preposition(child) == "by":
                roles.source.append(child)
        roles.how = {"source": "by-agent", "target": "passive subject"}
        if not roles.source:
            roles.how["source"] = "passive with no agent"
        return roles
    roles.source = subject_of(verb)
    roles.target = children(verb, "obj")
    if not roles.target and rel(verb) == "amod" and verb.head.i > verb.i and verb.head.pos_ in NOUN_POS:
        # a weak parse reads "X accused Eritrea of ..." with the verb as a modifier of its object
        roles.target = [verb.head]
        subject = amod_subject(verb)
        if not roles.source and subject is not None:
            roles.source = [subject]
    roles.fallback_target = [c for c in verb.children if rel(c) in ("obl", "iobj")
                             and preposition(c) in TARGET_PREPOSITIONS_VERB and c.pos_ in NOUN_POS | {"PRON"}]
    roles.fallback_target += [n for o in roles.target for n in o.children if rel(n) in ("nmod", "obl", "nmod:poss")
                              and (preposition(n) in ("at", "on", "against", "toward", "towards", "to", "with", "of",
                                                      "into", "for", "by", "from") or rel(n) == "nmod:poss")]
    # "rejected an Australian ultimatum": the author named by a nationality adjective
    roles.fallback_target += [n for o in roles.target for n in o.children
                              if rel(n) in ("amod", "compound") and n.i < o.i and (n.ent_type_ in ("NORP", "GPE")
                                                                                   or n.pos_ == "PROPN")]
    lemmas = lowered(verb.doc)[1]  # the lemma test first: it rules out nearly every token, cheaply
    launched = [s for r in verb.subtree if lemmas[r.i] in LAUNCH_VERBS and rel(r) == "acl:relcl"
                for s in children(r, "nsubj") if s.lower_ not in RELATIVE_WORDS]
    if launched:
        # "shot down 41 drones that Russia launched": the target is who launched the weapons
        roles.fallback_target = launched + roles.fallback_target
    if not roles.target:
        for child in verb.children:
            if (rel(child) in ("obl", "iobj") and preposition(child) in TARGET_PREPOSITIONS_VERB | {None}
                    and child.doc[child.left_edge.i].lower_ not in ("including", "among")
                    and child.pos_ in NOUN_POS | {"PRON"} and child.ent_type_ != "DATE"):
                roles.target.append(child)
                break
    roles.how = {"source": "subject", "target": "object"}
    return roles


def purpose_targets(verb: Token) -> list[Token]:
    """Whom a protest is aimed at: "against X", "in defiance of X", or the object of its purpose
    ("to protest against X", "demanding that X ...")."""
    found = [c for c in verb.children if rel(c) in ("obl", "nmod") and preposition(c) in ("against", "at", "over")]
    for clause in (c for c in verb.children if rel(c) in ("advcl", "xcomp", "acl", "ccomp")):
        found += [c for c in clause.children if rel(c) in ("obl", "nmod") and preposition(c) in ("against", "at")]
        found += [s for s in clause.children if rel(s) in ("nsubj", "nsubj:pass") and clause.i > verb.i]
        found += [o for o in clause.children if rel(o) == "obj" and clause.lemma_ in ("pressure", "urge", "force")]
    return found


def noun_roles(cand: Candidate) -> Roles:
    noun = cand.head
    roles = Roles()
    if noun.lower_ in AGENT_NOUNS:
        # "Protesters gathered", "suicide bombers killed": the trigger noun names the actors
        roles.source = [noun]
        roles.how = {"source": "the trigger noun names the actors", "target": "noun complement"}
        return roles
    modifiers = list(noun.children)
    if rel(noun) == "conj" and noun.head.pos_ in NOUN_POS:
        # "a Russian drone and missile attack": modifiers of the first conjunct are shared
        modifiers += [c for c in noun.head.children if rel(c) in ("amod", "nmod:poss") and c.i < noun.head.i]
    for child in modifiers:
        label = rel(child)
        prep = preposition(child)
        if label == "nmod:poss" or label in ("amod", "compound", "nmod:desc") and child.i < noun.i and (
                child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON", "LOC") or child.pos_ == "PROPN") or label in ("nmod", "obl") and prep in SOURCE_PREPOSITIONS_NOUN:
            roles.source.append(child)
        elif label in ("nmod", "obl") and prep in TARGET_PREPOSITIONS_NOUN and not roles.target:
            roles.target.append(child)
    governor = cand.light_verb
    if governor is not None and not roles.source:
        roles.source = subject_of(governor)
        target = [c for c in governor.children if rel(c) in ("obl",) and preposition(c) in TARGET_PREPOSITIONS_VERB]
        if not roles.target and target:
            roles.target = target[:1]
    if rel(noun) == "nsubj" and noun.head.pos_ in ("VERB", "AUX"):
        objects = children(noun.head, "obj")
        if not roles.target and objects:
            roles.target = objects
    roles.how = {"source": "noun modifier" if roles.source else "no agent in the text",
                 "target": "noun complement"}
    return roles


def roles_of(cand: Candidate) -> Roles:
    if cand.is_noun:
        return noun_roles(cand)
    verb = cand.head
    if any(w.split()[0].endswith("ed") for w in cand.entry.words):
        # a stance the lexicon lists in its participle form ("is opposed to"): the subject holds it,
        # whatever voice the parse reads
        return Roles(source=children(verb, "nsubj", "nsubj:pass") or subject_of(verb),
                     target=[c for c in verb.children if rel(c) == "obl" and preposition(c) == "to"],
                     how={"source": "subject", "target": "object"})
    participle = verb.lower_ not in cand.entry.words and not verb.lower_.endswith("ing") and (
        verb.lower_ not in {w + "s" for w in cand.entry.words})
    roles = verb_roles(verb, participle=participle)
    # "called on X", "fired at X": the target is the particle's or preposition's nominal
    if not roles.target and len(cand.tokens) > 1:
        for child in verb.children:
            if rel(child) == "obl" and child.i > cand.tokens[-1].i:
                roles.target = [child]
                break
    return roles


def with_pronouns(actors: list[Actor], pronouns: dict[tuple[int, int], Actor]) -> list[Actor]:
    return [pronouns.get((a.start, a.end), a) for a in actors]


LOCATING_PREPOSITIONS = {"in", "of", "from", "throughout", "across"}


def located(actor: Actor, sent: Span, places: list[Place], actors: list[Actor] = ()) -> Actor:
    """A group with no country takes the country of the place it is said to be in ("opposition
    groups in Zimbabwe", "rebels in the Ivory Coast", "students throughout Indonesia"): a news
    phrase's way of naming whose rebels or students they are. Named actors and IGOs keep theirs."""
    if actor.country or actor.kb_id or "IGO" in actor.sector:
        return actor
    head = span_head(sent, actor.start, actor.end)
    if head is None:
        return actor
    for child in head.children:
        if rel(child) in ("nmod", "obl") and preposition(child) in LOCATING_PREPOSITIONS and child.i > head.i:
            for place in places:
                if place.start <= child.idx < place.end and place.country:
                    return actor.model_copy(update={"country": place.country})
            # "the deputy chief of Israel's militia ally", "a leader of the Tyumen region": the
            # country of what the phrase is part of
            start, end = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
            inside = [a for a in (*actors, *places) if start <= a.start and a.end <= end and a.country]
            if inside and len({a.country for a in inside}) == 1:
                return actor.model_copy(update={"country": inside[0].country})
    return actor
