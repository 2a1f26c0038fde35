"""Factuality: did the event happen, as the text tells it?

Read from the trigger's clause and the clauses above it (through xcomp and ccomp links, up
to the verb of saying):

- `negated`: a negation on the clause ("has not attacked", "never", "No agreement was
  reached"), a denial above it ("denied that troops shelled ..."), or a failure verb ("failed
  to reach", "refrained from");
- `conditional`: the clause is, or hangs off, an if/unless clause ("will withdraw if ...");
- `possible`: a modal of possibility (may, might, could), a fear or suspicion above it
  ("feared reprisals"), or a word like "possible", "on the verge of";
- `future`: will/shall, the backshifted "would" of reported speech, an intention or plan
  above it ("plans to", "agreed to", "is set to"), or a planned noun ("planned talks");
- otherwise `asserted`.

The first that applies wins in that order. The result carries the cue word, which the events
stage keeps in `reasons` so a reader can see why.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from eventwatch.events.finding import Candidate
from eventwatch.events.syntax import lowered, rel
from eventwatch.knowledge.triggers import TriggerLexicon

CLIMB = {"xcomp", "ccomp", "advcl", "conj", "csubj", "acl", "acl:relcl", "parataxis"}
CONDITION_CLIMB = {"xcomp", "conj"}


@dataclass(frozen=True)
class Factuality:
    value: str
    cue: str | None = None


def word(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def clause_chain(cand: Candidate, lexicon: TriggerLexicon) -> list[Token]:
    """The trigger, its clause verb, and the verbs above it up to the nearest verb of saying."""
    chain = [cand.head]
    current = cand.clause
    if current != cand.head:
        chain.append(current)
    reports = lexicon.words("report_verbs")
    for _ in range(5):
        label = rel(current)
        if label not in ("xcomp", "conj") or current.head.i == current.i:
            break
        parent = current.head
        if word(parent) in reports:
            break
        chain.append(parent)
        current = parent
    return chain


def governing_verbs(token: Token, limit: int = 4) -> list[tuple[str, Token]]:
    """(relation, verb) pairs above a clause: xcomp/ccomp/advcl links to their heads."""
    found = []
    current = token
    for step in range(limit):
        label = rel(current)
        # a noun trigger may be the subject of the clause a verb of fearing or planning governs
        subject = step == 0 and current.pos_ in ("NOUN", "PROPN") and label in ("nsubj", "nsubj:pass")
        if current.head.i == current.i or (label not in CLIMB | {"obj", "nmod", "obl"} and not subject):
            break
        found.append((label, current.head))
        current = current.head
    return found


def assess(cand: Candidate, lexicon: TriggerLexicon) -> Factuality:
    chain = clause_chain(cand, lexicon)
    negation = lexicon.words("negation")
    above = governing_verbs(cand.head, limit=5)
    reports = lexicon.words("report_verbs")
    # (child, relation, lower-cased form) of each chain token, read once: the checks below walk
    # these children up to four times
    kids = [[(child, rel(child), child.lower_) for child in token.children] for token in chain]
    # -- negated
    for token, children in zip(chain, kids, strict=True):
        for child, label, lower in children:
            if label in ("advmod", "neg", "det", "case", "cc:preconj") and lower in negation:
                if lower == "no" and token != cand.head and label == "det":
                    continue
                return Factuality("negated", child.text)
    if cand.is_noun:
        for child in cand.head.children:
            if rel(child) == "det" and child.lower_ == "no":
                return Factuality("negated", child.text)
    for label, verb in above[:2]:
        if word(verb) in lexicon.words("denial_verbs") and label in ("ccomp", "xcomp", "obj"):
            return Factuality("negated", verb.text)
        if word(verb) in lexicon.words("failure_verbs") and label in ("xcomp", "obl", "advcl"):
            return Factuality("negated", verb.text)
        if word(verb) in reports:
            break
    # -- conditional
    marks = lexicon.words("conditional_marks")
    for token, children in zip(chain, kids, strict=True):
        for child, label, lower in children:
            if label == "mark" and lower in marks and lower != "should":
                return Factuality("conditional", child.text)
        if rel(token) == "advcl" and any(lower in marks for _c, label, lower in children if label == "mark"):
            return Factuality("conditional", token.text)
    for children in [] if cand.entry.speech else kids:
        for child, label, _lower in children:
            # an if-clause under the clause; a weak parse may hang "unless the crowd disperses" as a
            # nominal with "unless" as its case
            if label not in ("obl", "nmod", "advcl"):
                continue
            ifs = [c for c in child.children if c.lower_ in ("if", "unless") and rel(c) in ("case", "mark")]
            if ifs:
                return Factuality("conditional", ifs[0].text)
    top = chain[0] if not cand.is_noun else cand.clause
    # a subtree lies between its edges: with no "if" or "unless" there, there is none to walk to
    between = lowered(top.doc)[0][top.left_edge.i:top.right_edge.i + 1]
    if not cand.entry.speech and ("if" in between or "unless" in between):
        for t in top.subtree:
            if t.lower_ in ("if", "unless") and rel(t) in ("mark", "case") and t.i > chain[0].i:
                # "release the prisoners if the government paid": a condition however it is attached
                return Factuality("conditional", t.text)
    # -- possible
    for children in kids:
        for child, label, lower in children:
            if label in ("aux",) and lower in lexicon.words("possible_modals"):
                return Factuality("possible", child.text)
            if label == "advmod" and lower in lexicon.words("possible_words"):
                return Factuality("possible", child.text)
    for label, verb in above[:2]:
        if word(verb) in reports:
            break
        if word(verb) in lexicon.words("possible_verbs") and label in ("xcomp", "obj", "ccomp"):
            return Factuality("possible", verb.text)
        if word(verb) in lexicon.words("possible_words") or verb.lower_ in ("verge", "brink"):
            return Factuality("possible", verb.text)
    if cand.is_noun and cand.head.head.lower_ in ("verge", "brink", "risk", "threat", "fear", "fears", "prospect"):
        return Factuality("possible", cand.head.head.text)
    # -- future
    for children in kids:
        for child, label, lower in children:
            if label in ("aux", "aux:pass") and lower in lexicon.words("future_modals"):
                return Factuality("future", child.text)
            if label == "aux" and lower in lexicon.words("backshift_modals"):
                return Factuality("future", child.text)
    for label, verb in above[:3]:
        if label in ("xcomp", "acl", "advcl", "ccomp") and (
                word(verb) in lexicon.words("future_verbs") or verb.lower_ in lexicon.words("future_verbs")) and (
                label != "ccomp" or word(verb) in ("plan", "expect", "intend", "decide", "agree")) and (
                not cand.entry.speech):
            return Factuality("future", verb.text)
        if word(verb) in reports:
            break
    if cand.is_noun:
        for child in cand.head.children:
            if rel(child) in ("amod", "compound") and child.lower_ in lexicon.words("future_nouns"):
                return Factuality("future", child.text)
        if cand.head.head.lower_ in lexicon.words("future_nouns") and rel(cand.head) in ("nmod", "obl"):
            return Factuality("future", cand.head.head.text)
    if cand.notes.get("intended_by") is not None:
        return Factuality("future", cand.notes["intended_by"].head.text)
    return Factuality("asserted")
