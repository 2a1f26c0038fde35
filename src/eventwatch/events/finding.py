"""Finding triggers: the words and phrases of the lexicon that name an event in this sentence.

A lexicon match becomes a candidate when its part of speech fits (a noun entry on a noun, a
verb entry on a verb), its conditions hold (the direct object is one of the listed words:
"fired two missiles", "sent aid"; a cue word is in the sentence: "workers went on strike")
and it is not a modifier ("protest leaders", "the detained activists"). Then the candidates
are related to each other:

- a light verb ("carried out raids", "imposed a curfew") is not an event; it is the clause
  of the nominal event it governs;
- a result verb ("killed", "injured") that hangs off another violent event ("the attack
  killed 12", "a missile hit ..., killing five") is absorbed into that event;
- the complement of a request, threat or refusal ("called on X to send ...", "warned that the
  EU would impose ...") is its content, not an event of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

from eventwatch.events.syntax import (
    children,
    clause_head,
    is_participle,
    lowered,
    misparsed_predicate,
    preposition,
    rel,
    sentence_start,
)
from eventwatch.knowledge.triggers import TriggerEntry, TriggerLexicon
from eventwatch.language.surface import doc_text

NOUN_POS = {"NOUN", "PROPN"}
# key of the token indices of the places stage's toponyms in `Doc.user_data` (set by the stage)
PLACE_TOKENS = "eventwatch_place_tokens"
# key of the token indices of time mentions in `Doc.user_data` (set by the stage)
TIME_TOKENS = "eventwatch_time_tokens"
# key of the document's trigger candidates in `Doc.user_data` (set by the stage)
CANDIDATES = "eventwatch_candidates"
VERB_POS = {"VERB", "AUX"}
MODIFIER_RELS = {"compound", "amod", "nmod:desc"}
# "mediation mission", "peace effort": a trigger noun may modify one of these
GENERIC_EVENT_HEADS = {"mission", "effort", "efforts", "bid", "campaign", "operation", "operations", "process",
                       "attempt", "drive", "initiative", "move", "round", "programme", "program", "plan"}
ENTITY_OBJECTS = {"PERSON", "ORG", "LOC", "GPE", "NORP"}


@dataclass
class Candidate:
    """A trigger found in the text and what the later steps learn about it."""

    entry: TriggerEntry
    tokens: list[Token]
    sent: Span
    head: Token
    clause: Token
    absorbed: list[Candidate] = field(default_factory=list)
    content: list[Candidate] = field(default_factory=list)
    content_of: Candidate | None = None
    absorbed_into: Candidate | None = None
    light_verb: Token | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.tokens[0].idx

    @property
    def end(self) -> int:
        last = self.tokens[-1]
        return last.idx + len(last.text)

    @property
    def is_noun(self) -> bool:
        return self.head.pos_ in NOUN_POS

    @property
    def alive(self) -> bool:
        return self.absorbed_into is None and self.content_of is None


def find(sent: Span, lexicon: TriggerLexicon, *, skip: set[int] | None = None) -> list[Candidate]:
    """The trigger candidates of one sentence, related to each other (see the module text).

    `skip`: token indices that cannot be triggers (inside time mentions: "March 2023")."""
    doc = sent.doc
    forms, lemmas = lowered(doc)
    text = doc_text(doc)[sent.start_char:sent.end_char].lower()
    found: list[Candidate] = []
    taken: set[int] = set(skip or ())
    for i in lexicon.starts(forms, lemmas, sent.start, sent.end):
        if i in taken:
            continue
        for match in lexicon.match_at(forms, lemmas, i):
            if match.start + match.length > sent.end:
                continue
            tokens = list(doc[match.start:match.start + match.length])
            head = phrase_head(tokens, match.entry)
            if not fits(match.entry, head, tokens, text) or generic(head, lexicon) or natural(match.entry, head, lexicon):
                continue
            found.append(Candidate(entry=match.entry, tokens=tokens, sent=sent, head=head,
                                   clause=clause_head(head) if head.pos_ in NOUN_POS else head))
            taken.update(t.i for t in tokens)
            break
    found = prefer_conditioned(found, lexicon, text)
    relate(found, lexicon)
    return found


def prefer_conditioned(found: list[Candidate], lexicon: TriggerLexicon, text: str) -> list[Candidate]:
    """Where an unconditioned entry won a token, a conditioned entry that also fits replaces it.

    "strike" is an attack unless workers or unions are mentioned; the conditioned PROTEST
    entry is more specific, so it wins when its condition holds.
    """
    doc = found[0].sent.doc if found else None
    if doc is None:
        return found
    forms, lemmas = lowered(doc)
    result = []
    for cand in found:
        if cand.entry.conditioned:
            result.append(cand)
            continue
        better = None
        for match in lexicon.match_at(forms, lemmas, cand.tokens[0].i):
            if (match.entry.conditioned and match.length == len(cand.tokens) and match.entry.type != cand.entry.type
                    and fits(match.entry, cand.head, cand.tokens, text)):
                better = match.entry
                break
        if better is not None:
            cand = Candidate(entry=better, tokens=cand.tokens, sent=cand.sent, head=cand.head, clause=cand.clause)
        result.append(cand)
    return result


def phrase_head(tokens: list[Token], entry: TriggerEntry) -> Token:
    """The syntactic head of a matched phrase: the token whose head lies outside the phrase."""
    if len(tokens) == 1:
        return tokens[0]
    inside = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    if outside:
        verbs = [t for t in outside if t.pos_ in VERB_POS]
        return verbs[0] if verbs and entry.pos != "noun" else outside[0]
    return tokens[-1] if entry.pos == "noun" else tokens[0]


def fits(entry: TriggerEntry, head: Token, tokens: list[Token], sentence_text: str) -> bool:
    if not pos_fits(entry, head, len(tokens)):
        return False
    if rel(head) in MODIFIER_RELS and head.pos_ not in VERB_POS | {"ADJ"} and len(tokens) == 1 and not (
            head.head.lower_ in GENERIC_EVENT_HEADS and rel(head) == "compound"):
        return False
    if rel(head) == "amod" and not any(rel(c) == "nsubj" for c in head.children) and (
            "Fin" not in head.morph.get("VerbForm")) and amod_subject(head) is None:
        # a participle modifying a noun ("the detained activists") is not an event
        return False
    if entry.objects is not None and not object_fits(entry, head):
        return False
    return not entry.requires_cue or any(has_word(sentence_text, cue) for cue in entry.requires_cue)


def generic(head: Token, lexicon: TriggerLexicon) -> bool:
    """Generic or formulaic mentions that report no event: "every ship that defies ...", "for fear of
    arrest", "asked not to be named"."""
    if rel(head) == "acl:relcl" and any(c.lower_ in ("every", "any", "each", "all") for c in head.head.children):
        return True
    if head.pos_ in NOUN_POS and rel(head) in ("nmod", "obl") and (
            head.head.pos_ in NOUN_POS and head.head.lower_ in lexicon.words("generic_heads")) and (
            all(rel(c) in ("case", "det", "punct") for c in head.children)):  # a bare noun, read last
        return True
    window = " ".join(lowered(head.doc)[0][max(0, head.i - 2):head.i + 6])
    return any(formula in window for formula in lexicon.words("formulas"))


def amod_subject(verb: Token) -> Token | None:
    """The subject of a verb a weak parse hung as a modifier ("tanks shelled positions", "forces have
    tortured refugees"): the noun or the auxiliary's subject right before it, else None."""
    if verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    times = verb.doc.user_data.get(TIME_TOKENS, ())
    first = sentence_start(verb)
    while before.i > first and (before.i in times or (
            before.lower_ in ("on", "in", "at") and verb.doc[before.i + 1].i in times)):
        # "The US on Thursday rejected ...": look past the date
        before = verb.doc[before.i - 1]
    sentence_initial = before.is_sent_start and before.is_alpha and before.lower_ not in ("the", "a", "an", "this")
    if (before.pos_ in ("NOUN", "PROPN", "PRON") or sentence_initial) and (
            rel(before) != "compound" or before.pos_ == "PROPN"):
        while rel(before) == "conj" and before.head.i < before.i:
            before = before.head
        return before
    if before.lower_ in ("have", "has", "had"):
        subjects = [c for c in before.children if rel(c) in ("nsubj", "nsubj:pass")]
        return subjects[0] if subjects else None
    return None


def natural(entry: TriggerEntry, head: Token, lexicon: TriggerLexicon) -> bool:
    """A death or injury caused by nature or accident ("Heavy rain killed 12", "killed in a crash")."""
    if not entry.consequence:
        return False
    causes = [c for c in head.children if rel(c) in ("nsubj", "obl", "obl:agent")]
    return any((c.lemma_ or c.text).lower() in lexicon.natural_causes or c.lower_ in lexicon.natural_causes
               for c in causes)


def pos_fits(entry: TriggerEntry, head: Token, length: int) -> bool:
    if head.pos_ == "ADJ" and entry.pos in ("verb", "any", "fixed") and rel(head) == "amod":
        # "forces have tortured refugees" read as an adjective: a verb when it has a subject before it
        return amod_subject(head) is not None
    if head.pos_ == "ADJ" and entry.pos in ("verb", "fixed") and (
            rel(head) == "root" or any(rel(c) in ("nsubj", "obj") for c in head.children)):
        # "Norway blamed Russia" with "blamed" tagged as an adjective: a predicate all the same
        return True
    if entry.pos == "verb":
        return head.pos_ in VERB_POS or (length > 1 and head.pos_ not in NOUN_POS)
    if entry.pos == "noun":
        # a phrase is specific enough to trust over a weak tagger ("ethnic cleansing" tagged as a verb)
        return head.pos_ in NOUN_POS or length > 1
    return head.pos_ in VERB_POS | NOUN_POS or length > 1


def has_word(text: str, word: str) -> bool:
    # the plain substring test first: it rules out most cue words at a fraction of the regex's cost
    return word in text and word_pattern(word).search(text) is not None


@lru_cache(maxsize=4096)
def word_pattern(word: str) -> re.Pattern[str]:
    """The compiled pattern of a whole word (cue words recur in every sentence)."""
    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])")


def object_words(head: Token) -> list[set[str]]:
    """Words describing each object of the trigger: lemma, form, compounds and entity label."""
    objects: list[Token] = []
    if head.pos_ in VERB_POS:
        objects += children(head, "obj", "nsubj:pass")
        if not objects and rel(head) in ("acl", "acl:relcl") and head.head.pos_ in NOUN_POS and (
                not misparsed_predicate(head)):
            # "the deal that Serbia and Kosovo backed": the noun the clause modifies is the object
            objects.append(head.head)
        if not objects:
            for child in head.children:
                if rel(child) in ("obl", "iobj") and child.pos_ in NOUN_POS | {"PRON"}:
                    objects.append(child)
        if rel(head) in ("acl", "acl:relcl") and (is_participle(head) or not objects) and not misparsed_predicate(head):
            objects.append(head.head)
    elif head.pos_ == "ADJ" and rel(head) == "amod" and head.head.i > head.i and amod_subject(head) is not None:
        # "Britain mobilized army reservists" read as an adjective: the noun it modifies is its object
        objects.append(head.head)
    else:
        objects += [c for c in head.children if rel(c) in ("nmod", "compound", "nmod:poss")]
    described = []
    objects = [head.head if o.lower_ in ("that", "which", "who", "whom") and rel(head) == "acl:relcl" else o
               for o in objects]
    for obj in objects:
        for tok in [obj, *[c for c in obj.children if rel(c) == "conj"]]:
            labelled = [(c, rel(c)) for c in tok.children]  # each child's relation read once
            words = {tok.lower_, (tok.lemma_ or tok.text).lower()}
            words |= {c.lower_ for c, label in labelled if label in ("compound", "amod", "flat")}
            words |= {(c.lemma_ or c.text).lower() for c, label in labelled if label == "nmod" and preposition(c) == "of"}
            words |= {f"{c.lower_} {tok.lower_}" for c, label in labelled if label in ("compound", "amod")}
            if tok.i in tok.doc.user_data.get(PLACE_TOKENS, ()):
                words |= {"LOC", "GPE"}
            words |= {c.lower_ for c, label in labelled if label == "appos"}
            if tok.ent_type_ in ENTITY_OBJECTS:
                words.add(tok.ent_type_)
                if tok.ent_type_ == "LOC":
                    words.add("GPE")
            described.append(words)
    return described


def object_fits(entry: TriggerEntry, head: Token) -> bool:
    assert entry.objects is not None
    described = object_words(head)
    if any(words & entry.objects for words in described):
        return True
    if head.pos_ in VERB_POS and any(w & entry.objects for w in following_words(head)):
        # a weak parse may miss the object ("rejected an Australian ultimatum" with the noun read
        # as a verb): the words right after the verb, up to the clause's end, stand in for it
        return True
    direct = [c for c in head.children if rel(c) in ("obj", "nsubj:pass")]
    return None in entry.objects and not direct


def following_words(head: Token, window: int = 5) -> list[set[str]]:
    words = []
    forms, lemmas = lowered(head.doc)
    for token in head.doc[head.i + 1:min(len(head.doc), head.i + 1 + window)]:
        if token.is_punct or token.pos_ in ("VERB", "SCONJ", "CCONJ") or forms[token.i] in ("to", "that"):
            break
        words.append({forms[token.i], lemmas[token.i]})
    return words


def relate(found: list[Candidate], lexicon: TriggerLexicon) -> None:
    """Light verbs, result verbs and content complements (see the module text)."""
    by_token = {t.i: c for c in found for t in c.tokens}
    for cand in found:
        if cand.is_noun:
            noun = cand.head
            if rel(noun) == "compound" and noun.head.lower_ in GENERIC_EVENT_HEADS:
                noun = noun.head  # "launched a mediation effort": the effort stands for the mediation
            governor = noun.head
            particles = [c.lower_ for c in governor.children if rel(c) in ("compound:prt", "prt")]
            names = {governor.lower_, (governor.lemma_ or "").lower()}
            names |= {f"{n} {p}" for n in list(names) for p in particles}
            if rel(noun) in ("obj", "nsubj:pass") and governor.pos_ in VERB_POS and names & lexicon.light_verbs:
                cand.light_verb = governor
                cand.clause = governor
                other = by_token.get(governor.i)
                if other is not None and other is not cand and other.entry.type == cand.entry.type:
                    other.absorbed_into = cand
    for cand in found:
        if cand.entry.consequence and cand.absorbed_into is None:
            host = violent_host(cand, by_token)
            if host is not None:
                cand.absorbed_into = host
                host.absorbed.append(cand)
    for cand in found:
        if cand.entry.content and cand.alive:
            for inner in content_candidates(cand, found):
                if inner is cand or inner.entry.content == cand.entry.content:
                    continue
                if cand.entry.content == "intent":
                    inner.notes["intended_by"] = cand
                    cand.content.append(inner)
                    continue
                inner.content_of = cand
                cand.content.append(inner)


def violent_host(cand: Candidate, by_token: dict[int, Candidate]) -> Candidate | None:
    """The violent event a result verb belongs to: its subject, its head, or a cause phrase."""
    head = cand.head
    related = [c for c in head.children if rel(c) in ("nsubj", "obl", "obl:agent", "nsubj:pass")]
    if rel(head) in ("advcl", "conj", "xcomp", "acl", "acl:relcl"):
        related.append(head.head)
    related += [c for t in list(related) for c in t.children if rel(c) == "conj"]
    for token in related:
        other = by_token.get(token.i)
        if other is None:
            for sub in token.children:
                if rel(sub) in ("compound", "amod", "nmod") and sub.i in by_token:
                    other = by_token[sub.i]
                    break
        if other is not None and other is not cand and other.entry.type == "ASSAULT":
            return other.absorbed_into or other
    return None


def content_candidates(cand: Candidate, found: list[Candidate]) -> list[Candidate]:
    """Candidates inside the complement of a request/threat/refusal/intent trigger."""
    head = cand.head
    if cand.entry.content == "obligation":
        # "X must return the helicopter": the clause the modal belongs to is the content
        inside = {t.i for t in head.head.subtree} - {head.i}
        return [c for c in found if c is not cand and c.head.i in inside]
    roots = [c for c in head.children if rel(c) in ("xcomp", "ccomp", "obj", "acl", "nmod", "obl", "advcl")
             and c.i > head.i]
    if cand.light_verb is not None:
        roots += [c for c in cand.light_verb.children if rel(c) in ("xcomp", "ccomp") and c.i > head.i]
    inside: set[int] = set()
    for root in roots:
        if rel(root) == "obl" and root.pos_ in NOUN_POS and root.ent_type_:
            continue
        if rel(root) == "advcl" and any(c.lower_ in ("if", "unless", "because", "after", "before", "when", "as")
                                         for c in root.children if rel(c) == "mark"):
            continue
        inside |= {t.i for t in root.subtree}
    return [c for c in found if c is not cand and c.head.i in inside]
