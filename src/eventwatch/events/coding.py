"""Coding an event: PLOVER type and mode, CAMEO code, ACLED type, quad class, intensity.

The lexicon entry gives the type and a default mode, CAMEO code and ACLED sub-event type;
the words around the trigger refine them:

- violence: the weapon named in the trigger's phrase or clause picks the mode, CAMEO code and
  ACLED sub-event type (drones -> `drone`, 195, Air/drone strike; missiles -> `heavy-weapons`,
  195, Shelling/artillery/missile attack; a roadside bomb -> `explosives`, 183, Remote
  explosive; ...; cues.yaml `weapons`, most specific first). Without a weapon, ACLED's
  choice between Attack, Armed clash, Excessive force against protesters and Mob violence
  follows who fought whom (armed actors on both sides: a clash; force against protesters);
- protests: Peaceful protest, Protest with intervention (tear gas, dispersed, arrests),
  Excessive force against protesters (protesters killed or shot), Violent demonstration
  (stones, arson, rioting), Mob violence (mobs, lynching);
- territory: taken by government forces -> Government regains territory, by anyone else ->
  Non-state actor overtakes territory;
- ACLED's Agreement only for deals between conflict parties (ceasefires, truces, prisoner
  exchanges, deals with armed groups), not for diplomatic agreements between governments;
  a withdrawal is a Non-violent transfer of territory only when a place is given up.
The intensity is the PLOVER score of the mode, or of the type when there is no mode; the
quad class follows the type. A CAMEO code that the CAMEO-to-PLOVER table maps to another
type is replaced by the type's own root code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eventwatch.events.finding import Candidate
from eventwatch.events.syntax import lowered, sentence_words, subject_of, subtree_words
from eventwatch.knowledge.ontology import Ontology
from eventwatch.knowledge.triggers import TriggerLexicon
from eventwatch.record import Acled, Actor

ROOT_CODES = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07", "CONCEDE": "08",
    "RETREAT": "084", "REQUEST": "10", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13", "PROTEST": "14",
    "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17", "ASSAULT": "19",
}
CONFLICT_PARTY_WORDS = {"ceasefire", "cease-fire", "truce", "armistice", "prisoner", "prisoners", "peace",
                        "hostages", "swap", "exchange", "rebels", "militants", "insurgents", "fighters",
                        "militia", "militias", "armed", "mutiny", "mutineers", "hostilities"}
FIXED_MODES = {"suicide-attack", "unconventional", "abduct", "sexual", "torture", "destroy", "targeted",
               "crowd-control"}
NO_WEAPON_REFINEMENT = {"Disrupted weapons use", "Looting/property destruction", "Abduction/forced disappearance",
                        "Sexual violence"}


@dataclass
class Code:
    type: str
    mode: str | None
    cameo: str | None
    acled_sub: str | None
    context: list[str] = field(default_factory=list)
    specific: bool = False


def clause_words(cand: Candidate) -> list[str]:
    stop = {t.i for o in cand.content for t in o.head.subtree} if cand.content else set()
    words = subtree_words(cand.clause, stop=stop)
    if cand.head != cand.clause:
        words += subtree_words(cand.head, stop=stop)
    # the subject's phrase names the instrument too ("US and British warplanes struck ...", even
    # when a weak parse hangs the verb under the subject)
    verb = cand.clause
    for subject in subject_of(verb) if verb.pos_ in ("VERB", "AUX") else []:
        end = min(subject.right_edge.i, verb.i - 1) if subject.i < verb.i else subject.right_edge.i
        words += lowered(verb.doc)[0][subject.left_edge.i:end + 1]
    return words


def code_event(cand: Candidate, lexicon: TriggerLexicon, *, source: list[Actor], target: list[Actor],
               has_place: bool) -> Code:
    entry = cand.entry
    code = Code(type=entry.type, mode=entry.mode, cameo=entry.cameo, acled_sub=entry.acled,
                context=list(entry.context))
    # the clause's and the sentence's words are read only by the branches that need them
    if entry.type == "ASSAULT":
        refine_violence(code, cand, lexicon, clause_words(cand), sentence_words(cand.sent), source, target)
    elif entry.type == "PROTEST":
        refine_protest(code, lexicon, sentence_words(cand.sent))
    elif entry.type == "COERCE" and entry.mode == "seize" and entry.acled in (
            "Non-state actor overtakes territory", "Government regains territory"):
        refine_territory(code, lexicon, source)
    elif entry.type == "AGREE" or (entry.type == "RETREAT" and entry.acled == "Agreement"):
        if not CONFLICT_PARTY_WORDS & set(sentence_words(cand.sent)):
            code.acled_sub = None if entry.type == "AGREE" else code.acled_sub
        else:
            code.acled_sub = "Agreement"
    elif entry.type == "RETREAT" and entry.acled == "Non-violent transfer of territory" and not has_place:
        code.acled_sub = None
    elif entry.type == "ACCUSE" and code.mode in ("allege", "disapprove"):
        present = set(clause_words(cand)) | set(sentence_words(cand.sent))
        for cameo, cues in lexicon.accusation_codes.items():
            if present & set(cues):
                code.mode, code.cameo = "allege", cameo
                break
    return code


def refine_violence(code: Code, cand: Candidate, lexicon: TriggerLexicon, words: list[str], sentence: list[str],
                    source: list[Actor], target: list[Actor]) -> None:
    if code.acled_sub in NO_WEAPON_REFINEMENT:
        return
    weapon = lexicon.weapon_cue(words) or (lexicon.weapon_cue(sentence) if code.mode is None else None)
    if weapon is not None and code.mode not in FIXED_MODES:
        if not (code.mode == "aerial" and weapon.mode in ("heavy-weapons", "explosives", "firearms", "primitive")):
            code.mode, code.cameo = weapon.mode, weapon.cameo
            if weapon.acled:
                code.acled_sub = weapon.acled
                code.specific = True
            if weapon.acled == "Protest with intervention":
                # tear gas against a crowd: what ACLED calls it depends on what else happened
                refine_protest(code, lexicon, sentence)
                return
    elif code.acled_sub not in ("Attack", "Armed clash", None):
        code.specific = True
    if code.acled_sub in ("Attack", "Armed clash", None):
        target_words = {w for a in target for w in a.text.lower().split()}
        source_words = {w for a in source for w in a.text.lower().split()}
        sentence_set = set(sentence)
        protesters = lexicon.cue("protesters")
        if (target_words & protesters or (set(words) & protesters)) and (
                source_words & lexicon.cue("security_forces") or sentence_set & lexicon.cue("security_forces")):
            code.acled_sub = "Excessive force against protesters"
            code.specific = True
        elif sentence_set & lexicon.cue("mob") and not source_words & lexicon.cue("armed_groups"):
            code.acled_sub = "Mob violence"
            code.specific = True
        elif code.acled_sub == "Attack" and armed(source, source_words, lexicon) and two_sides(
                target, target_words, sentence_set, lexicon):
            code.acled_sub = "Armed clash"
        elif code.acled_sub is None:
            code.acled_sub = "Attack"


def two_sides(target: list[Actor], target_words: set[str], sentence: set[str], lexicon: TriggerLexicon) -> bool:
    """Violence between armed sides: fighting words with no civilian target, an armed or military
    target, or several armed groups named with no target and no civilians."""
    civilians = bool(sentence & lexicon.cue("civilians"))
    if sentence & lexicon.cue("clash_words") and not target_words & lexicon.cue("civilians"):
        return True
    if armed(target, target_words, lexicon) or target_words & lexicon.cue("military_targets"):
        return True
    return not target and len(sentence & lexicon.cue("armed_groups")) >= 2 and not civilians


def armed(actors: list[Actor], words: set[str], lexicon: TriggerLexicon) -> bool:
    if words & lexicon.cue("armed_groups"):
        return True
    return any(set(a.sector) & {"MIL", "REB", "COP", "PRM", "UAF", "IMG"} for a in actors)


def refine_protest(code: Code, lexicon: TriggerLexicon, sentence: list[str]) -> None:
    words = set(sentence)
    if code.mode == "riot":
        code.acled_sub = "Mob violence" if words & lexicon.cue("mob") else "Violent demonstration"
        return
    if code.mode in ("hunger", "boycott") and not code.acled_sub:
        code.acled_sub = "Peaceful protest"
    security = bool(words & lexicon.cue("security_forces"))
    if words & lexicon.cue("violent"):
        code.acled_sub = "Violent demonstration"
    elif security and words & lexicon.cue("excessive_force"):
        code.acled_sub = "Excessive force against protesters"
    elif security and words & lexicon.cue("intervention"):
        code.acled_sub = "Protest with intervention"
    elif words & lexicon.cue("mob"):
        code.acled_sub = "Mob violence"
    else:
        code.acled_sub = code.acled_sub or "Peaceful protest"
        return
    code.specific = True


def refine_territory(code: Code, lexicon: TriggerLexicon, source: list[Actor]) -> None:
    code.specific = True  # who holds a place is more telling than the fighting for it
    if not source:
        return
    words = {w for a in source for w in a.text.lower().split()} | {a.text.lower() for a in source}
    government = bool(words & lexicon.cue("government_forces")) or any(
        (a.kind == "state") or (set(a.sector) & {"MIL", "COP", "GOV"} and "REB" not in a.sector and a.country)
        for a in source)
    non_state = any(set(a.sector) & {"REB", "IMG", "PRM", "UAF"} for a in source) or bool(
        words & lexicon.cue("non_state_armed"))
    if government and not non_state:
        code.acled_sub = "Government regains territory"
    elif non_state:
        code.acled_sub = "Non-state actor overtakes territory"


def finish(code: Code, ontology: Ontology) -> tuple[str | None, Acled | None, int, float, str | None]:
    """(cameo, acled, quad, intensity, mode) checked against the ontology tables."""
    mode = code.mode if ontology.valid_mode(code.type, code.mode) else None
    cameo = code.cameo
    if cameo is not None and ontology.cameo_type(cameo) != code.type:
        cameo = ROOT_CODES.get(code.type)
    acled = None
    if code.acled_sub:
        event_type = ontology.acled_event_type(code.acled_sub)
        if event_type is not None:
            acled = Acled(event_type=event_type, sub_event_type=code.acled_sub)
    return cameo, acled, ontology.quad(code.type), ontology.intensity(code.type, mode), mode
