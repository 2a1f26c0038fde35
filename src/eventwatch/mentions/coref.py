"""In-document coreference for actor mentions: short names, definite descriptions, pronouns.

Rules, in the order they run (each takes the last compatible actor before the mention):
- a short or repeated name ("Lysak" after "Serhiy Lysak") takes the full name's fields;
- a bare definite description ("the minister", "the alliance", "the group") takes the fields
  of the last person with that role (else the last named person) or the last organisation
  or group whose name holds the noun (else the last non-state organisation or group); a
  phrase that holds the last word of an earlier organisation's name ("alliance fighters")
  is that organisation;
- he/she/him take the last person; it takes the last organisation or state (or group
  named in the singular); they/them the last group, organisation or state; only within a
  window of a few sentences, so a pronoun far from any actor stays unresolved.
Pronoun mentions are returned separately (they are not listed as actors unless a later
stage uses them). Chains group every mention of one actor (canonical name or KB id).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc

from eventwatch.knowledge.cues import SpeechCues
from eventwatch.knowledge.phrases import ActorPhrases

if TYPE_CHECKING:
    from eventwatch.mentions.actors import Mention

WINDOW_CHARS = 700  # how far back a pronoun may look
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "madam", "mister"}
COPIED = ("name", "country", "sector", "affiliation", "kb_id", "kind")


def copy_fields(target: Mention, source: Mention, *, keep_kind: bool = False) -> None:
    for name in COPIED:
        if name == "kind" and keep_kind:
            continue
        value = getattr(source, name)
        setattr(target, name, list(value) if isinstance(value, list) else value)
    target.role = target.role or source.role
    target.nominal = False


def surname(name: str | None) -> str | None:
    return name.split()[-1].lower() if name else None


def given_name(name: str | None) -> bool:
    """Whether a name starts with a given name rather than an honorific ("Mr. Putin", "Dr. Lai")."""
    return bool(name) and len(name.split()) > 1 and name.split()[0].rstrip(".").lower() not in HONORIFICS


def resolve_names(mentions: list[Mention], text: str) -> None:
    """A short name takes the fields of the earlier full name it shortens ("Lysak" after "Serhiy
    Lysak"), also when the knowledge base knows a namesake by that surname: in a 2025 story
    "Abubakar" after "Mohammed Badaru Abubakar" is the minister named before, not the 1998 head
    of state the KB finds by surname. `text` is the document's text."""
    people: list[Mention] = []
    for mention in mentions:
        surface = text[mention.start:mention.end]
        by_surname = mention.kb_id is not None and " " not in surface and surface != mention.name
        if mention.kind in {"person", "unknown"} and mention.name and (mention.kb_id is None or by_surname):
            words = [surface] if by_surname else mention.name.split()
            for earlier in reversed(people):
                if by_surname and not given_name(earlier.name):
                    continue  # "Mr. Putin" names nobody the KB's Putin is not
                if earlier.name and earlier.name != mention.name and surname(earlier.name) == words[-1].lower() \
                        and len(earlier.name.split()) > len(words):
                    copy_fields(mention, earlier)
                    mention.kind = "person"
                    break
                if earlier.name == mention.name and mention.kind == "unknown":
                    copy_fields(mention, earlier)
                    break
        if mention.kind == "person" and mention.name:
            people.append(mention)


def resolve_descriptions(text: str, mentions: list[Mention], phrases: ActorPhrases) -> None:
    """`text`: the document's text (the mentions' offsets point into it)."""
    for index, mention in enumerate(mentions):
        words = text[mention.start:mention.end].lower().split()
        before = text[max(0, mention.start - 4):mention.start].lower()
        earlier = mentions[:index]
        bare = len(words) == 1 and before.endswith("the ")
        if mention.kind == "person" and mention.name is None and bare and words[0] in phrases.person_anaphors:
            same_role = [m for m in earlier if m.kind == "person" and m.name and m.role == words[0]]
            named = [m for m in earlier if m.kind == "person" and m.name]
            if same_role or named:
                copy_fields(mention, (same_role or named)[-1])
            continue
        if mention.kind in {"organization", "group"} and mention.kb_id is None:
            holders = [m for m in earlier if m.kind in {"organization", "group"} and m.name and not m.nominal
                       and m.name.split()[-1][:1].isupper() and m.name.split()[-1].lower() in words
                       and m.name.lower() != " ".join(words) and len(m.name.split()) > 1]
            if mention.country is not None and not bare:
                holders = []  # "U.S. officials" are not the earlier "Iraqi officials"
            if holders:
                copy_fields(mention, holders[-1])
                continue
            if bare and words[0] in phrases.group_anaphors:
                # "the military" points back to an armed body, "the group" to any organisation
                groups = [m for m in earlier if m.kind in {"organization", "group"} and m.kb_id
                          and (not mention.sector or set(m.sector) & set(mention.sector))]
                if groups:
                    copy_fields(mention, groups[-1])


def compatible(word: str, candidate: Mention) -> bool:
    if word in {"he", "she", "him"}:
        return candidate.kind == "person" and candidate.name is not None
    if word == "it":
        return candidate.kind in {"organization", "state"} and "CVL" not in candidate.sector
    if word in {"they", "them"}:
        return candidate.kind in {"group", "organization", "state"}
    return False


def resolve_pronouns(doc: Doc, words: list[str], mentions: list[Mention], cues: SpeechCues) -> list[Mention]:
    """`words`: the texts of the doc's tokens, read once by the stage (a spaCy Token is built only for
    the few words that are pronouns)."""
    from eventwatch.mentions.actors import Mention  # the working mention type lives with the stage

    found: list[Mention] = []
    pronouns = cues.pronouns  # `cues.pronoun`, asked in one pass over the article's words
    for i in [i for i, word in enumerate(words) if word.lower() in pronouns]:
        pronoun = pronouns[words[i].lower()]
        if pronoun.first_person:
            continue
        token = doc[i]
        if token.lower_ == "her" or token.dep_ == "expl":
            continue
        start, end = token.idx, token.idx + len(token.text)
        candidates = [m for m in mentions if m.end <= start and start - m.end <= WINDOW_CHARS
                      and compatible(token.lower_, m)]
        if not candidates:
            continue
        referent = candidates[-1]
        mention = Mention(start, end, referent.kind, head=token.i)
        copy_fields(mention, referent)
        found.append(mention)
    return found


def coref_chains(mentions: list[Mention]) -> list[dict[str, Any]]:
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        key = mention.kb_id or mention.name
        if key:
            groups.setdefault(key, []).append(mention)
    return [
        {"name": members[0].name, "kb_id": members[0].kb_id,
         "mentions": [[m.start, m.end] for m in sorted(members, key=lambda m: m.start)]}
        for members in groups.values() if len(members) > 1
    ]


def resolve_owners(mentions: list[Mention]) -> None:
    """"The group's military spokesman": the possessor is the last named organisation or group."""
    for index, mention in enumerate(mentions):
        if not mention.owner_ref:
            continue
        bodies = [m for m in mentions[:index] if m.kind in {"organization", "group"} and m.name and not m.nominal]
        if not bodies:
            continue
        body = bodies[-1]
        if mention.kind == "person":
            mention.affiliation = body.name
            mention.country = body.country
            mention.sector = list(body.sector) or mention.sector
        else:
            copy_fields(mention, body)
        mention.nominal = False
