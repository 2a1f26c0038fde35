"""The events stage: who did what to whom, when, where, how many, who says so, how certain.

Reads the parse (`doc.spacy`) and every earlier layer (times, quantities and casualty
candidates, places, actors with pronoun resolutions, quotes) and writes `doc.events`:

1. triggers: lexicon matches with their conditions, related to each other (finding.py);
2. roles: source and target from the parse, mapped onto actors (roles.py);
3. factuality (factuality.py) and `said_by` (the quote the trigger sits in, or the verb of
   saying above its clause, or an "according to" phrase);
4. coding: PLOVER/CAMEO/ACLED, quad class, intensity (coding.py);
5. two readings that change the type, both from the worked examples' conventions: an
   actor announcing its own future violence (or sanctions, arrests...) in its own words is
   making a THREAT, asserted ("Our forces will keep striking every ship"); a speaker saying
   that his side will never do a cooperative act is REJECTing it, asserted ("Serbia would
   never recognise Kosovo");
6. when, where, casualties (anchoring.py), event-relative dates in both directions;
7. merging: a second mention of the same event in one article (an attack taken up as "the
   strike" later, "talks" after "met") is folded into the first; an agreement or its
   absence with no parties of its own inherits the parties and place of the talks it came
   out of (the article's meeting);
8. ids, confidence and `reasons` for every empty field.

Missing layers degrade gracefully: with no actors stage, role phrases are read as actors by
roles.py; with no times, `when` is the publication date; with no parse, no events (the
record says why in `warnings`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Token

from eventwatch.document import Document
from eventwatch.events import anchoring, coding, finding, positional, roles
from eventwatch.events.factuality import assess
from eventwatch.events.finding import Candidate
from eventwatch.events.syntax import (
    LOWERED_KEY,
    TREE_KEY,
    is_passive,
    lowered,
    preposition,
    rel,
    subject_of,
)
from eventwatch.knowledge.ontology import Ontology
from eventwatch.knowledge.triggers import TriggerLexicon
from eventwatch.language.surface import SENT_STARTS_KEY, TEXT_KEY, doc_text
from eventwatch.record import Actor, Event, Place, TextSpan, Time

MATERIAL_CONFLICT = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "PROTEST"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
VERBAL = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
TERRITORY = {"Non-state actor overtakes territory", "Government regains territory"}
OWN_SIDE = {"forces", "fighters", "troops", "army", "men", "supporters", "government", "party", "followers",
            "country", "militia", "soldiers", "police", "navy", "units", "members", "movement", "group"}
VIOLENT_OR_COERCIVE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}
# what a deployment or a withdrawal moves: never its target ("mobilized army reservists")
MOVED_FORCES = {"troops", "forces", "soldiers", "reservists", "reserves", "units", "battalions", "brigades",
                "divisions", "warships", "ships", "tanks", "jets", "aircraft", "personnel", "peacekeepers",
                "police", "militia", "fighters", "army", "navy", "contingent"}
# events about what another party should do or did: the subject of their "that" clause is addressed
CONTENT_TYPES = {"REQUEST", "ACCUSE", "THREATEN", "REJECT"}
# future acts of cooperation whose announcement is also an expression of intent (CAMEO 03)
INTENT_TYPES = {"SUPPORT", "AID", "COOPERATE", "CONSULT", "RETREAT", "CONCEDE"}
# pronouns that may stand for the speaker of the clause they are in, by the speaker's kind
SPEAKER_PRONOUNS = {"it": {"state", "organization"}, "he": {"person"}, "she": {"person"},
                    "they": {"state", "organization", "group"}}
# future hostile acts whose announcement is a threat (CAMEO 13)
THREAT_TYPES = {"SANCTION", "COERCE", "ASSAULT"}
# events aimed at the state of the territory they apply to ("threatened a curfew in Algiers",
# "suspended aid deliveries in Baghdad", a protest held in a country): CAMEO and PLOVER code that
# state as the target when no other is named. Not fights, coercion, agreements or meetings: their
# place is only where they happened, and the worked examples leave their target empty.
PLACE_TARGET_TYPES = {"THREATEN", "SUPPORT", "CONCEDE", "REJECT", "SANCTION", "PROTEST", "AID", "RETREAT",
                      "MOBILIZE", "REQUEST"}
NO_PARSE_WARNING = "no parse available: events not extracted"


@dataclass
class Draft:
    """An event being built from a candidate."""

    cand: Candidate
    type: str
    mode: str | None
    cameo: str | None
    acled_sub: str | None
    context: list[str]
    specific: bool
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    factuality: str = "asserted"
    said_by: Actor | None = None
    said_verb: Token | None = None
    when: Time | None = None
    where: Place | None = None
    casualties: list = field(default_factory=list)
    trigger: tuple[int, int] = (0, 0)
    reasons: dict[str, str] = field(default_factory=dict)
    merged: bool = False
    inferred: bool = False  # a role read from word order or a host clause, not the trigger's own syntax


class EventStage:
    name = "events"

    def __init__(self, *, ontology: Ontology, lexicon: TriggerLexicon, countries: Any = None,
                 min_confidence: float = 0.0, target_from_place: bool = True) -> None:
        self.ontology = ontology
        self.target_from_place = target_from_place
        self.lexicon = lexicon
        self.countries = countries
        self.min_confidence = min_confidence

    def process(self, doc: Document) -> Document:
        if doc.spacy is None:
            if doc.text.strip() and doc.language == "en":
                doc.warn(NO_PARSE_WARNING)
            return doc
        if doc.language != "en":
            return doc
        extras = doc.extras.get("actors") or {}
        pronouns = {(a.start, a.end): a for a in extras.get("pronouns") or [] if isinstance(a, Actor)}
        index = roles.ActorIndex(actors=list(doc.actors) + list(pronouns.values()), countries=self.countries,
                                 lexicon=self.lexicon)
        candidates: list[Candidate] = []
        in_times = {t.i for time in doc.times if time.start is not None
                    for t in anchoring.tokens_of(doc.spacy, time.start, time.end or time.start)}
        doc.spacy.user_data[finding.TIME_TOKENS] = in_times
        doc.spacy.user_data[finding.PLACE_TOKENS] = {
            t.i for place in doc.places for t in anchoring.tokens_of(doc.spacy, place.start, place.end)}
        sentences = units(doc.spacy)
        for sent in sentences:
            candidates += finding.find(sent, self.lexicon, skip=in_times)
        _forms, lemmas = lowered(doc.spacy)
        reports = self.lexicon.words("report_verbs")
        doc.spacy.user_data[finding.CANDIDATES] = candidates
        report_tokens = {i for i, lemma in enumerate(lemmas) if lemma in reports and self.is_report_verb(doc.spacy[i])}
        dateline = anchoring.dateline_end(doc.text)
        # the actors word order may give a role: resolved pronouns, after the dateline, outermost
        ordered = positional.outermost([a for a in roles.with_pronouns(index.actors, pronouns) if a.start >= dateline])
        drafts = [d for d in (self.draft(c, doc, index, pronouns, dateline=dateline, ordered=ordered)
                              for c in candidates if c.alive) if d is not None]
        for draft in drafts:
            draft.cand.notes["type"] = draft.type
        # after the notes: an intent shares its act's candidate, which keeps the act's type
        drafts += [i for i in (self.intent(d) for d in drafts) if i is not None]
        by_sentence: dict[int, list[Candidate]] = {}
        for cand in candidates:
            by_sentence.setdefault(cand.sent.start, []).append(cand)
        for draft in drafts:
            self.anchor(draft, doc, by_sentence[draft.cand.sent.start], report_tokens, dateline)
        self.relative_dates(drafts, doc)
        drafts = self.merge(drafts)
        for draft in drafts:
            self.fill_when(draft, doc, sentences)
        events = [self.event(d, doc) for d in drafts]
        doc.events = unique_ids([e for e in events if e.confidence >= self.min_confidence],
                                article_id=str(doc.article.id))
        self.list_actors(doc)
        for key in (finding.CANDIDATES, finding.PLACE_TOKENS, finding.TIME_TOKENS, LOWERED_KEY, TREE_KEY, TEXT_KEY,
                    SENT_STARTS_KEY, anchoring.HEADS_KEY):
            # working caches only: the parse stays picklable and holds no stage state
            doc.spacy.user_data.pop(key, None)
        return doc

    # -- building -------------------------------------------------------------------------

    def is_report_verb(self, token: Token) -> bool:
        return token.pos_ in ("VERB", "AUX") and (token.lemma_ or token.text).lower() in self.lexicon.words("report_verbs")

    def draft(self, cand: Candidate, doc: Document, index: roles.ActorIndex, pronouns: dict, *, dateline: int,
              ordered: list[Actor]) -> Draft | None:
        if cand.entry.content == "obligation":
            return self.obligation(cand, doc, index, pronouns)
        found = roles.roles_of(cand)
        source = roles.with_pronouns([a for t in found.source for a in roles.actors_for(t, index)
                                      if a.start >= dateline], pronouns)
        target = roles.with_pronouns([a for t in found.target for a in roles.actors_for(t, index)
                                      if a.start >= dateline], pronouns)
        if cand.entry.mode == "seize" and cand.entry.acled in TERRITORY:
            # what was taken is territory, not a target: the loser is named by "from" or not at all
            target = roles.with_pronouns([a for t in found.fallback_target if preposition(t) == "from"
                                          for a in roles.actors_for(t, index)], pronouns)
        elif not target and found.fallback_target:
            target = roles.with_pronouns([a for t in found.fallback_target for a in roles.actors_for(t, index)],
                                         pronouns)
        if not target and cand.entry.type == "PROTEST":
            head = cand.light_verb or cand.head
            target = roles.with_pronouns([a for t in roles.purpose_targets(head) for a in roles.actors_for(t, index)
                                          if a.start >= dateline], pronouns)
        if not target:
            target = self.place_target(cand, found, doc)
        target = [a for a in target if all((a.start, a.end) != (s.start, s.end) for s in source)]
        sent_start, sent_end = cand.sent.start_char, cand.sent.end_char
        has_place = any(sent_start <= p.start < sent_end for p in doc.places)
        code = coding.code_event(cand, self.lexicon, source=source, target=target, has_place=has_place)
        draft = Draft(cand=cand, type=code.type, mode=code.mode, cameo=code.cameo, acled_sub=code.acled_sub,
                      context=code.context, specific=code.specific, source=source, target=target,
                      trigger=(cand.start, cand.end))
        if not source:
            draft.reasons["source"] = found.how.get("source") or "no agent in the text"
        fact = assess(cand, self.lexicon)
        draft.factuality = fact.value
        if fact.cue and fact.value != "asserted":
            draft.reasons["factuality"] = f"cue: {fact.cue}"
        if cand.content:
            self.code_content(draft)
        if not cand.entry.speech:
            draft.said_by, draft.said_verb = self.speaker(cand, doc, index, pronouns)
        self.reread(draft, fact.cue)
        for absorbed in cand.absorbed:
            if not draft.source:
                # "Gunmen killed seven villagers in an attack": the killers are the attackers
                extra = roles.roles_of(absorbed)
                draft.source = roles.with_pronouns([a for t in extra.source for a in roles.actors_for(t, index)
                                                    if a.start >= dateline], pronouns)
                if draft.source:
                    draft.reasons.pop("source", None)
            if not draft.target:
                extra = roles.roles_of(absorbed)
                draft.target = [a for t in extra.target if t.lower_ not in self.lexicon.generic_people
                                for a in roles.actors_for(t, index)]
        if draft.mode in ("withdraw", "expel") or cand.entry.mode == "withdraw":
            # "withdraw inspectors from Iraq": the state withdrawn from is the target
            away = self.place_target(cand, found, doc, prepositions={"from"})
            draft.target = away or draft.target
        if not draft.target and cand.content and draft.type in ("THREATEN", "REQUEST", "REJECT", "AGREE"):
            # "warned that the EU would impose measures on Belgrade": the threatened are the targets
            for inner in cand.content:
                inner_roles = roles.roles_of(inner)
                for tokens in (inner_roles.target, inner_roles.fallback_target):
                    draft.target = roles.with_pronouns([a for t in tokens for a in roles.actors_for(t, index)],
                                                       pronouns)
                    if draft.target:
                        break
                if draft.target:
                    break
        if not draft.target and draft.type in ("REQUEST", "ACCUSE", "THREATEN"):
            draft.target = self.addressee(cand, index, pronouns)
        if not draft.source and (cand.is_noun or cand.head.lower_.endswith("ing")):
            draft.source = self.host_agent(cand, index, pronouns)
            if draft.source:
                draft.reasons["source"] = "the agent of the action it is part of"
                draft.inferred = True
        if draft.type in ("MOBILIZE", "RETREAT"):
            # "strengthened its forces in Lebanon", "withdrew their troops": what is moved is
            # one's own side, not the target
            draft.target = [a for a in draft.target if not positional.own_forces(a, doc.text, own_side=OWN_SIDE)
                            and (a.text.lower().split() or [""])[-1] not in MOVED_FORCES]
        self.by_position(draft, found, doc, ordered)
        draft.source = [self.speaker_pronoun(a, draft.said_by) for a in draft.source]
        draft.source = [roles.located(a, cand.sent, doc.places, doc.actors) for a in draft.source]
        draft.target = [roles.located(a, cand.sent, doc.places, doc.actors) for a in draft.target]
        return draft

    @staticmethod
    def speaker_pronoun(actor: Actor, speaker: Actor | None) -> Actor:
        """An unresolved pronoun in what a speaker says is the speaker ("Syria says it is willing to
        withdraw"), when their kinds agree: "it" a state or organisation, "he"/"she" a person."""
        word = actor.text.lower()
        if speaker is None or actor.country or actor.name or word not in SPEAKER_PRONOUNS:
            return actor
        if speaker.kind not in SPEAKER_PRONOUNS[word]:
            return actor
        return speaker.model_copy(update={"text": actor.text, "start": actor.start, "end": actor.end})

    def host_agent(self, cand: Candidate, index: roles.ActorIndex, pronouns: dict) -> list[Actor]:
        """The subject of the violent or coercive action a noun trigger is an adjunct of ("Burmese
        troops captured the stronghold after five days of fighting"): the same side fought. Only
        an active verb that is itself a trigger, so "died as a result of torture" names no torturer."""
        hosts = {c.head.i for c in cand.sent.doc.user_data.get(finding.CANDIDATES, ())
                 if c is not cand and c.entry.type in VIOLENT_OR_COERCIVE}
        current = cand.head
        for _ in range(3):
            if rel(current) not in ("nmod", "obl", "acl") or current.head.i == current.i:
                return []
            current = current.head
            if current.pos_ in ("VERB", "AUX"):
                break
        if current.i not in hosts or is_passive(current):
            return []
        return roles.with_pronouns([a for t in subject_of(current) for a in roles.actors_for(t, index)], pronouns)

    def by_position(self, draft: Draft, found: roles.Roles, doc: Document, actors: list[Actor]) -> None:
        """Roles the parse left empty, read from word order inside the clause (events.positional);
        never a source for a passive without an agent."""
        cand = draft.cand
        reports = self.lexicon.words("report_verbs")
        text = doc_text(cand.sent.doc)
        generic = self.lexicon.generic_people
        if not draft.source and found.how.get("source") != "passive with no agent":
            draft.source = positional.source_before(cand.start, cand.sent, actors, report_verbs=reports,
                                                    generic=generic, text=text)
            if draft.source:
                draft.reasons["source"] = "nearest actor before the trigger (the parse gave no subject)"
                draft.inferred = True
        content = draft.type in CONTENT_TYPES
        # a trigger noun that is its clause's subject ("the strike was the result of ...") names
        # its target through its own verb, if at all: the words after that verb are not about it
        subject_noun = cand.is_noun and rel(cand.head) in ("nsubj", "nsubj:pass")
        if not draft.target and not subject_noun:
            # only possessed forces are skipped here, not every word for forces as in draft(): a
            # force named after the trigger is often the counterpart ("return weapons seized from
            # United Nations peacekeepers")
            moved = draft.type in ("MOBILIZE", "RETREAT")
            draft.target = positional.target_after(cand.end, cand.sent, actors, source=draft.source,
                                                   report_verbs=reports, generic=generic, text=text, content=content,
                                                   own_side=OWN_SIDE if moved else frozenset())
            if draft.target:
                draft.reasons["target"] = "first actor after the trigger (the parse gave no object)"
                draft.inferred = True
        if not draft.target and self.target_from_place and draft.type in PLACE_TARGET_TYPES:
            place = positional.place_after(cand.end, cand.sent, doc.places, report_verbs=reports, content=content)
            if place is not None:
                draft.target = [place]
                draft.reasons["target"] = "the state of the place it happened in (no target named)"

    def intent(self, draft: Draft) -> Draft | None:
        """The statement of intent in a future act of cooperation ("Finland will give Tanzania a
        grant", "France is ready to contribute troops"): CAMEO codes it as an expression of intent
        to cooperate (03x, PLOVER AGREE), an asserted event of its own, while the act itself stays
        future. The announced intent to sanction, coerce or attack ("Greece plans to impose
        restrictions") is likewise a threat (13x, THREATEN). Only the intent of a named source,
        stated by a cue before the trigger."""
        cue = (draft.reasons.get("factuality") or "").removeprefix("cue: ")
        kind = "AGREE" if draft.type in INTENT_TYPES else "THREATEN" if draft.type in THREAT_TYPES else None
        if (draft.factuality != "future" or kind is None or not draft.source
                or cue.lower() not in self.lexicon.words("intent_cues")):
            return None
        sent = draft.cand.sent
        cues = [t for t in sent if t.text == cue and t.idx < draft.cand.start]
        if not cues:
            return None
        # the word that states the intent is its trigger: the act keeps its own
        start, end = cues[-1].idx, cues[-1].idx + len(cues[-1].text)
        mode, cameo = self.lexicon.content_mode(kind, draft.type)
        agree = Draft(cand=draft.cand, type=kind, mode=mode, cameo=cameo or ("030" if kind == "AGREE" else "130"),
                      acled_sub=None,
                      context=list(draft.context), specific=False, source=list(draft.source),
                      target=list(draft.target), trigger=(start, end), said_by=draft.said_by,
                      said_verb=draft.said_verb, inferred=draft.inferred)
        agree.reasons = {k: v for k, v in draft.reasons.items() if k in ("source", "target")}
        agree.reasons["type"] = f"intent to {draft.type.lower()} stated by {cue!r}"
        return agree

    def obligation(self, cand: Candidate, doc: Document, index: roles.ActorIndex, pronouns: dict) -> Draft | None:
        """A demand made by reporting what someone else must do ("Russia said that Sudan must return
        the helicopter"): REQUEST by the speaker, aimed at the clause's subject. Outside reported
        speech, or aimed at the speaker's own side, "must" is no demand."""
        if rel(cand.head) != "aux" or cand.head.head.i == cand.head.i:
            return None
        speaker, _verb = self.speaker(cand, doc, index, pronouns)
        main = cand.head.head
        subjects = [s for s in main.children if rel(s) in ("nsubj", "nsubj:pass")]
        target = roles.with_pronouns([a for s in subjects for a in roles.actors_for(s, index)], pronouns)
        if speaker is None or not target or any(
                (a.text.split() or [""])[0].lower() in roles.FIRST_PERSON or same_actor(a, speaker) for a in target):
            return None
        draft = Draft(cand=cand, type="REQUEST", mode=None, cameo=cand.entry.cameo, acled_sub=None,
                      context=list(cand.entry.context), specific=False, source=[speaker], target=target,
                      trigger=(cand.start, cand.end))
        draft.reasons["source"] = "the speaker of the reported demand"
        self.code_content(draft)
        return draft

    def addressee(self, cand: Candidate, index: roles.ActorIndex, pronouns: dict) -> list[Actor]:
        """Who a demand or an accusation is aimed at when it has no object: the subject of the
        demanded clause ("demanded that the US cancel ..."), or the author of the event
        complained about ("complained over two Israeli air raids", "condemned the attack by X")."""
        head = cand.light_verb or cand.head
        if cand.entry.type == "REQUEST":
            for clause in (c for c in head.children if rel(c) in ("ccomp", "xcomp", "advcl", "parataxis", "obj")
                           and c.pos_ in ("VERB", "AUX")):
                subjects = [s for s in clause.children if rel(s) in ("nsubj", "nsubj:pass")]
                actors = [a for s in subjects for a in roles.actors_for(s, index)]
                if actors:
                    return roles.with_pronouns(actors, pronouns)
        if cand.entry.type in ("THREATEN", "REQUEST"):
            # "threatened to stop negotiations if the United States goes ahead": the one the
            # condition is put to
            for token in head.subtree:
                if token.lower_ in ("if", "unless") and rel(token) in ("mark", "case"):
                    subjects = [s for s in token.head.children if rel(s) in ("nsubj", "nsubj:pass")]
                    actors = [a for s in subjects for a in roles.actors_for(s, index)]
                    if actors:
                        return roles.with_pronouns(actors, pronouns)
        for other in cand.sent.doc.user_data.get(finding.CANDIDATES, ()) if cand.entry.type == "ACCUSE" else ():
            if other is cand or other.head.head.i != head.i or other.entry.type not in VIOLENT_OR_COERCIVE:
                continue
            found = roles.roles_of(other)
            actors = [a for t in found.source for a in roles.actors_for(t, index)]
            if actors:
                return roles.with_pronouns(actors, pronouns)
        return []

    def place_target(self, cand: Candidate, found: roles.Roles, doc: Document,
                     prepositions: set[str] | None = None) -> list[Actor]:
        """A country or its city named as the recipient ("sent arms to Pakistan", "extradited to
        Britain") or, for a visit, the place visited ("arrived in Amman"): CAMEO codes the state."""
        wanted = prepositions or {"to", "with", "into", "from", "for"} | ({"in"} if cand.entry.mode == "visit" else set())
        # the state whose territory a curfew, a withdrawal, aid or troops are in ("lifted a curfew in
        # Montenegro"): CAMEO codes it as the target when the text names no other
        in_state = (cand.entry.type in ("COERCE", "CONCEDE", "RETREAT", "AID", "MOBILIZE", "SANCTION", "PROTEST")
                    and cand.entry.mode not in ("seize", "arrest")) or cand.entry.mode == "investigate"
        # a protest is addressed to the authorities of the place it is held in, city or country
        any_place = cand.entry.type == "PROTEST"
        head = cand.light_verb or cand.head
        nominals = found.fallback_target + [c for c in head.children if rel(c) in ("obl", "nmod")]
        nominals += [c for o in found.target for c in o.children if rel(c) == "nmod"]
        tokens = [t for t in nominals if preposition(t) in wanted or (
            in_state and prepositions is None and preposition(t) == "in")]
        for token in tokens:
            for place in doc.places:
                inside = preposition(token) == "in" and cand.entry.mode != "visit"
                if inside and place.feature not in ("country", "admin1") and not any_place:
                    continue
                if place.start <= token.idx < place.end and place.country:
                    return [positional.place_actor(place)]
        return []

    def code_content(self, draft: Draft) -> None:
        """Mode and CAMEO code of a request, threat, refusal or intent from what it is about."""
        cand = draft.cand
        act = cand.entry.type
        inner = [c for c in cand.content if c.entry.type != act]
        content_type = inner[0].entry.type if inner else None
        content_mode = inner[0].entry.mode if inner else None
        words = {w for c in cand.content for w in (t.lower_ for t in c.head.subtree)}
        if act == "THREATEN" and content_type is None:
            words = {t.lower_ for t in cand.head.subtree}
            for mode, cues in self.lexicon.threat_words.items():
                if words & set(cues):
                    draft.mode, draft.cameo = mode, self.lexicon.content_mode("THREATEN", None)[1]
                    return
            return
        military = bool(words & self.lexicon.military_words)
        mode, cameo = self.lexicon.content_mode(act, content_type, family=cand.entry.cameo_family,
                                                military=military, content_mode=content_mode)
        if mode is not None or cameo is not None:
            draft.mode = mode if mode is not None else draft.mode
            draft.cameo = cameo or draft.cameo

    def speaker(self, cand: Candidate, doc: Document, index: roles.ActorIndex,
                pronouns: dict) -> tuple[Actor | None, Token | None]:
        """Whose claim the event is: the quote it sits in, a verb of saying above it, "according to"."""
        start = cand.start
        for quote in doc.quotes:
            if quote.start <= start < quote.end and quote.speaker is not None:
                return quote.speaker, None
        current = cand.clause
        complement = False  # a "that" clause on the way up: reported speech however it is attached
        for _ in range(6):
            label = rel(current)
            if current.head.i == current.i:
                break
            complement = complement or any(c.lower_ in ("that", "whether") and rel(c) == "mark"
                                           for c in current.children)
            parent = current.head
            if (label in ("ccomp", "parataxis", "conj", "xcomp", "advcl") or complement) and self.is_report_verb(parent):
                subjects = subject_of(parent)
                if subjects:
                    actors = roles.actors_for(subjects[0], index)
                    if actors:
                        return roles.with_pronouns(actors, pronouns)[0], parent
                return None, parent
            current = parent
        top = current
        for child in top.children:
            if rel(child) in ("parataxis", "conj", "ccomp") and child.i > cand.head.i and self.is_report_verb(child):
                if any(rel(c) == "ccomp" for c in child.children):
                    continue
                subjects = subject_of(child)
                if subjects:
                    actors = roles.actors_for(subjects[0], index)
                    if actors:
                        return roles.with_pronouns(actors, pronouns)[0], child
            if rel(child) == "obl" and (preposition(child) or "").startswith("according"):
                actors = roles.actors_for(child, index)
                return (actors[0] if actors else None), None
        return None, None

    def reread(self, draft: Draft, cue: str | None) -> None:
        """Threats and refusals that a future or negated act in someone's own words amounts to."""
        cand = draft.cand
        ontology_quad = self.ontology.quad(draft.type)
        text = doc_text(cand.sent.doc)
        first_person = any(
            (a.text.split() or [""])[0].lower() in roles.FIRST_PERSON
            or re.findall(r"\w+", text[max(0, a.start - 6):a.start].lower())[-1:] in (["our"], ["my"])
            # "he said his fighters will ...": a possessive on the speaker's own forces
            or positional.own_forces(a, text, own_side=OWN_SIDE)
            for a in draft.source)
        speaker = draft.said_by
        # the speaker's own side: the same actor, its organisation, or the state it speaks for
        own = speaker is not None and (
            first_person or not draft.source or any(same_actor(a, speaker) for a in draft.source)
            or any(speaker.affiliation and speaker.affiliation in (a.name, a.text) for a in draft.source)
            or any(a.country and a.country == speaker.country and a.kind in ("state", "person") for a in draft.source))
        ultimatum = draft.factuality == "conditional" and (cue or "").lower() == "unless" and not in_condition(cand.head)
        if own and (draft.type in MATERIAL_CONFLICT and draft.factuality == "future" or ultimatum):
            # "unless ..." makes any announced act of one's own an ultimatum
            mode, cameo = self.lexicon.content_mode("THREATEN", draft.type)
            if ultimatum and draft.type not in MATERIAL_CONFLICT:
                mode, cameo = "relations", "139"
            draft.reasons["type"] = f"own announced {draft.type} in the speaker's words: a threat"
            draft.type, draft.mode, draft.cameo, draft.acled_sub = "THREATEN", mode, cameo, None
            draft.factuality = "asserted"
            draft.specific = False
            head = cand.head
            if rel(head) == "xcomp" and head.head.lower_ in self.lexicon.aspect_verbs | {"kept", "keeps", "continued",
                                                                                      "continues"}:
                draft.trigger = (head.head.idx, draft.trigger[1])
            return
        if draft.type in COOPERATIVE - {"AGREE", "CONSULT"} and draft.factuality == "future" and own and (
                cand.notes.get("intended_by") is None):
            # the same reading for cooperation: announcing one's own coming aid, release or
            # withdrawal is a commitment (CAMEO 03, PLOVER AGREE), asserted as said
            mode, cameo = self.lexicon.content_mode("AGREE", draft.type)
            draft.reasons["type"] = f"own announced {draft.type} in the speaker's words: a commitment"
            draft.type, draft.mode, draft.cameo, draft.acled_sub = "AGREE", mode, cameo, None
            draft.factuality = "asserted"
            draft.specific = False
            return
        if draft.type in COOPERATIVE and ontology_quad in (1, 2) and draft.factuality == "negated" and (
                draft.said_by is not None) and cue and cue.lower() in ("never", "not", "n't"):
            modal = any(c.lower_ in ("would", "will", "wo", "shall") for c in cand.head.children if rel(c) == "aux")
            if cue.lower() == "never" or modal:
                mode, cameo = self.lexicon.content_mode("REJECT", draft.type)
                draft.reasons["type"] = f"refusal in the speaker's words ({cue} {cand.head.text})"
                draft.type, draft.mode, draft.cameo, draft.acled_sub = "REJECT", mode, cameo, None
                draft.factuality = "asserted"
                neg = [c for c in cand.head.children if c.lower_ == cue.lower()]
                if neg and neg[0].i == cand.tokens[0].i - 1:
                    draft.trigger = (neg[0].idx, draft.trigger[1])

    # -- anchoring ------------------------------------------------------------------------

    def anchor(self, draft: Draft, doc: Document, sentence_cands: list[Candidate], report_tokens: set[int],
               dateline: int) -> None:
        cand = draft.cand
        blockers = report_tokens - {t.i for t in cand.tokens}
        time, how = anchoring.time_for(cand, doc.times, sentence_cands, blockers)
        if time is None and draft.said_verb is not None:
            time, how = anchoring.time_for(
                Candidate(entry=cand.entry, tokens=[draft.said_verb], sent=cand.sent, head=draft.said_verb,
                          clause=draft.said_verb), doc.times, sentence_cands, set())
            how = "when it was said" if time is not None else ""
        if time is not None:
            draft.when = time
            draft.reasons.setdefault("when_from", how)
        material = self.ontology.quad(draft.type) in (2, 4)
        excluded = [(a.start, a.end) for a in draft.source + draft.target]
        place, how = anchoring.place_for(cand, doc.places, sentence_cands, blockers, dateline=dateline,
                                         material=material, excluded=excluded)
        draft.where = place
        if place is None:
            draft.reasons["where"] = "no place named for the event" if material else "no place named for the statement"
        draft.casualties = anchoring.casualties_for(cand, doc.casualties, sentence_cands, draft.type)

    def relative_dates(self, drafts: list[Draft], doc: Document) -> None:
        """Dates given relative to another event, in both directions.

        "X on Sunday, two days after talks in Doha": X takes Sunday and the talks Sunday minus two
        days. "Two days later, Y": Y takes the date of the event told before it plus two days."""
        ordered = sorted(drafts, key=lambda d: d.trigger[0])
        for n, draft in enumerate(ordered):
            time = draft.when
            if time is None or time.relative is None or time.relative.anchor != "event" or time.value:
                continue
            offset = time.relative
            sent_start = draft.cand.sent.start
            text = doc.text[time.start or 0:(time.end or 0) + 8].lower()
            pointing = re.search(r"\b(after|before)\b", text) is not None  # "two days after talks"
            followers = [d for d in ordered if pointing and d.cand.sent.start == sent_start and time.end is not None
                         and 0 <= d.trigger[0] - time.end <= 12]
            if followers:
                dated = followers[0]
                if dated is not draft:
                    absolute = [t for t in anchoring.sentence_times(doc.times, draft.cand.sent)
                                if t.value and t.relative is None]
                    draft.when = absolute[0] if absolute else None
                anchors = [d for d in ordered if d is not dated and d.cand.sent.start == sent_start
                           and d.when is not None and d.when.value and d.when.relative is None]
                if anchors:
                    back = "before" if offset.direction == "after" else "after"
                    value = anchoring.shift(anchors[0].when.value, offset.offset, offset.unit, back)
                    if value:
                        dated.when = self.shifted(time, value)
                        dated.reasons["when_from"] = "relative to another event in the sentence"
                        continue
                if dated is draft:
                    draft.when = None
                continue
            earlier = [d for d in ordered[:n] if d.when is not None and d.when.value and time.start is not None
                       and d.trigger[0] < time.start]
            if earlier:
                value = anchoring.shift(earlier[-1].when.value, offset.offset, offset.unit, offset.direction)
                if value:
                    draft.when = self.shifted(time, value)
                    draft.reasons["when_from"] = "relative to an earlier event"
                    continue
            draft.when = None

    @staticmethod
    def shifted(time: Time, value: str) -> Time:
        precision = {10: "day", 7: "month", 4: "year"}.get(len(value), "unknown")
        return time.model_copy(update={"value": value, "basis": "relative", "precision": precision})

    def fill_when(self, draft: Draft, doc: Document, sentences: list[Any]) -> None:
        if draft.when is not None and draft.when.value:
            return
        draft.when = None
        position = next((n for n, s in enumerate(sentences) if s.start <= draft.cand.head.i < s.end), None)
        people = {a.name or a.text for a in draft.source + ([draft.said_by] if draft.said_by else []) if a}
        if position is not None and people:
            for back in (1, 2):
                if position - back < 0:
                    break
                sent = sentences[position - back]
                sent_start, sent_end = sent.start_char, sent.end_char
                names = {a.name or a.text for a in doc.actors if sent_start <= a.start < sent_end}
                if not names & people:
                    continue
                times = [t for t in anchoring.sentence_times(doc.times, sent) if t.value]
                if times:
                    draft.when = times[0]
                    draft.reasons["when_from"] = "the same occasion, dated in the text before"
                    return
        if draft.factuality in ("future", "conditional"):
            draft.reasons["when"] = "announced or conditional act with no date in the text"
            return
        if doc.published is not None:
            draft.when = Time(value=doc.published.isoformat(), precision="day", basis="published")
            draft.reasons["when"] = "publication date"
        else:
            draft.reasons["when"] = "no date in the text and no publication date"

    # -- merging --------------------------------------------------------------------------

    def merge(self, drafts: list[Draft]) -> list[Draft]:
        kept: list[Draft] = []
        for draft in sorted(drafts, key=lambda d: d.trigger[0]):
            host = self.same_event(draft, kept)
            if host is None:
                kept.append(draft)
                continue
            # "A drone strike hit a car": the event noun names it; "protesters marched": the verb does
            subject_noun = host.cand.head.head.i == draft.cand.head.i and rel(host.cand.head) in (
                "nsubj", "nsubj:pass") and host.cand.head.lower_ not in roles.AGENT_NOUNS
            if host.cand.is_noun and not draft.cand.is_noun and host.cand.sent.start == draft.cand.sent.start and (
                    not subject_noun):
                # the verb tells the event better than the noun it shares a sentence with
                kept[kept.index(host)] = draft
                host, draft = draft, host
            self.fold(host, draft)
        meetings = [d for d in kept if d.type == "CONSULT" and d.factuality == "asserted"]
        for draft in kept:
            if draft.type == "AGREE" and not draft.source and draft.cand.is_noun:
                earlier = [m for m in meetings if m.trigger[0] < draft.trigger[0]]
                with_parties = [m for m in earlier if m.source]
                with_place = [m for m in earlier if m.where is not None]
                if with_parties:
                    draft.source = list(with_parties[-1].source)
                    draft.reasons["source"] = "parties of the talks it came out of"
                if draft.where is None and with_place:
                    draft.where = with_place[-1].where
                    draft.reasons["where"] = "place of the talks it came out of"
        return kept

    def same_event(self, draft: Draft, kept: list[Draft]) -> Draft | None:
        cand = draft.cand
        for other in kept:
            if other.type != draft.type or other.factuality != draft.factuality and draft.cand.is_noun is False:
                continue
            if other.cand.sent.start == cand.sent.start:
                near = anchoring.distance_ok(other.cand, cand)
                hosting = (cand.head.lemma_ or cand.head.text).lower() == "host" and draft.type == "CONSULT"
                compatible = hosting or not draft.source or not other.source or any(
                    same_actor(a, b) for a in draft.source for b in other.source)
                if near and compatible and (hosting or not (not cand.is_noun and not other.cand.is_noun and draft.source)):
                    return other
        if rel(cand.head) == "acl:relcl" and draft.factuality == "asserted":
            # "shot down drones that Russia launched": a relative clause describing what another
            # event acted on tells again an event of the article, when one of its type is there
            for other in kept:
                if other.type == draft.type and other.cand.sent.start < cand.sent.start:
                    return other
        if cand.is_noun and draft.type not in VERBAL - {"CONSULT"} and not draft.target and not draft.casualties:
            sent_start = cand.sent.start_char
            own_source = [a for a in draft.source if a.start >= sent_start]
            if not own_source or any(same_actor(a, b) for a in own_source for o in kept for b in o.source):
                for other in kept:
                    if other.type == draft.type and other.cand.sent.start != cand.sent.start:
                        return other
        return None

    def fold(self, host: Draft, other: Draft) -> None:
        """Fold a second mention into the first: keep the first's fields, fill its gaps."""
        lemma = (other.cand.head.lemma_ or other.cand.head.text).lower()
        if host.type == "CONSULT" and lemma == "host" and other.source:
            host.target = host.target + [a for a in other.source if a not in host.target]
            if len(host.source) >= 2:
                host.mode, host.cameo = "multilateral", "046"
        else:
            if not host.source and other.source:
                host.source = other.source
            if not host.target and other.target:
                host.target = other.target
        host.where = host.where or other.where
        if not host.casualties:
            host.casualties = other.casualties
        if host.when is None and other.when is not None and other.when.value:
            host.when = other.when
        mention = doc_text(other.cand.sent.doc)[other.trigger[0]:other.trigger[1]]
        host.reasons.setdefault("merged", f"also mentioned as '{mention}'")
        if host.specific is False and other.specific:
            host.mode, host.cameo, host.acled_sub, host.specific = other.mode, other.cameo, other.acled_sub, True

    # -- output ---------------------------------------------------------------------------

    def event(self, draft: Draft, doc: Document) -> Event:
        code = coding.Code(type=draft.type, mode=draft.mode, cameo=draft.cameo, acled_sub=draft.acled_sub)
        cameo, acled, quad, intensity, mode = coding.finish(code, self.ontology)
        start, end = draft.trigger
        sent = draft.cand.sent
        article_id = str(doc.article.id)
        event_id = digest(f"{article_id}:{start}:{end}")
        if not draft.target:
            draft.reasons.setdefault("target", "no target in the text")
        for name, value in (("source", draft.source), ("target", draft.target), ("where", draft.where),
                            ("when", draft.when)):
            # a gap filled later (merging, inheritance) no longer needs its reason
            if value and draft.reasons.get(name, "").startswith(("no ", "passive with no")):
                draft.reasons.pop(name)
        return Event(
            id=event_id, type=draft.type, mode=mode, context=draft.context, cameo=cameo, acled=acled,
            quad_class=quad, intensity=intensity, source=draft.source, target=draft.target, where=draft.where,
            when=draft.when, casualties=draft.casualties, factuality=draft.factuality, said_by=draft.said_by,
            trigger=TextSpan(text=doc.text[start:end], start=start, end=end),
            sentence=TextSpan(text=doc.text[sent.start_char:sent.end_char], start=sent.start_char, end=sent.end_char),
            confidence=self.confidence(draft), reasons=draft.reasons,
        )

    def confidence(self, draft: Draft) -> float:
        score = 0.5
        score += 0.1 if not draft.cand.is_noun else 0.0
        score += 0.1 if draft.source else 0.0
        score += 0.05 if draft.target else 0.0
        score += 0.15 if draft.specific else 0.0
        score += 0.05 if draft.casualties else 0.0
        score -= 0.15 if draft.factuality != "asserted" else 0.0
        score -= 0.1 if draft.cand.entry.conditioned and draft.cand.entry.requires_cue else 0.0
        score -= 0.05 if draft.inferred else 0.0
        return round(max(0.05, min(0.99, score)), 3)

    def list_actors(self, doc: Document) -> None:
        """Every actor used in an event appears in mentions.actors (README of the examples)."""
        listed = {(a.start, a.end) for a in doc.actors}
        for event in doc.events:
            for actor in [*event.source, *event.target, *([event.said_by] if event.said_by else [])]:
                if (actor.start, actor.end) not in listed:
                    doc.actors.append(actor)
                    listed.add((actor.start, actor.end))
        doc.actors.sort(key=lambda a: a.start)


def in_condition(token: Token) -> bool:
    """True inside an if/unless clause ("unless the president agrees to step down")."""
    current = token
    for _ in range(6):
        if any(c.lower_ in ("if", "unless") and rel(c) in ("mark", "case") for c in current.children):
            return True
        if current.head.i == current.i or rel(current) not in ("xcomp", "conj", "ccomp"):
            return False
        current = current.head
    return False


def units(doc: Any) -> list[Any]:
    """The parser's sentences, with verbless fragments joined to their neighbour: a weak parse
    can cut "Last month, a missile hit ..." after "Last month,"."""
    sents = list(doc.sents)
    text = doc_text(doc)
    # verbs[i]: how many verbs among the first i tokens, read from the POS array once, so that a
    # sentence's verbs are counted without building its Token objects
    tags = doc.to_array(POS)
    verbs = [0, *numpy.cumsum((tags == VERB) | (tags == AUX)).tolist()] if len(doc) else [0]
    merged: list[Any] = []
    pending = None
    for sent in sents:
        if pending is not None:
            sent = doc[pending.start:sent.end]
            pending = None
        verbless = verbs[sent.end] == verbs[sent.start]
        ends = text[sent.start_char:sent.end_char].rstrip().endswith((".", "!", "?", "\"", "”", "’", "'"))
        if verbless and not ends and sent.end < len(doc):
            pending = sent
            continue
        if merged and sent[0].is_punct and sent[0].text in (",", ";", ":") :
            merged[-1] = doc[merged[-1].start:sent.end]
            continue
        merged.append(sent)
    if pending is not None:
        merged.append(pending)
    return merged


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def unique_ids(events: list[Event], *, article_id: str) -> list[Event]:
    """The events with ids unique within the record. An id is derived from the article and the
    trigger's span (RECORD.md); two events on one trigger ("New Delhi would support a deal to hand
    over ...": intent to support, and the deal's cooperation, both on "would") give the later one
    its type and a count in the hash too. The first keeps the plain id, so ids stay as they were
    wherever they were already unique, and stable across runs."""
    taken: set[str] = set()
    unique = []
    for event in events:
        event_id, count = event.id, 0
        while event_id in taken:
            count += 1
            event_id = digest(f"{article_id}:{event.trigger.start}:{event.trigger.end}:{event.type}:{count}")
        taken.add(event_id)
        unique.append(event if event_id == event.id else event.model_copy(update={"id": event_id}))
    return unique


def same_actor(a: Actor, b: Actor) -> bool:
    if a.name and b.name:
        return a.name == b.name
    if a.kb_id and b.kb_id:
        return a.kb_id == b.kb_id
    return a.text.lower() == b.text.lower() or (a.country is not None and a.country == b.country and a.kind == b.kind)


def create(*, resources: Any, options: dict[str, Any]) -> EventStage:
    countries = resources.get("countries") if "countries" in resources else None
    return EventStage(ontology=resources.get("ontology"), lexicon=resources.get("triggers"), countries=countries,
                      min_confidence=float(options.get("min_confidence", 0.0)),
                      target_from_place=bool(options.get("target_from_place", True)))
