"""The actors stage: every named or nominal mention of a political actor, resolved.

Method (docs/actors.md has the long form):

1. Phrases. The text is cut into nominal runs: adjacent adjectives, nouns and capitalised
   words, joined across a possessive "'s" and word-internal hyphens ("Ukraine's air force",
   "al-Shabaab spokesman Ali Dhere", "Serbian President Aleksandar Vucic"). Runs come from
   the surface and the part-of-speech tags rather than from the parse, which is the less
   reliable layer on news text.
2. Segments. Inside a run, the longest known pieces are marked: actor-KB names, country
   names, seats of government (metonyms), titles, role nouns ("spokesman", "troops") and
   demonyms, ethnic or sectarian communities ("Yoruba", "Kurds"); unknown capitalised words
   form a name. What the knowledge says of a piece of text is looked up once per distinct
   text (`readings`), and a document's segments once per token range.
3. The head decides the kind: the rightmost segment. A name after a title or role noun is a
   person (span: the name alone); a KB entry is what the KB says; a role noun gives a
   person, group or organisation with its sectors; a country name is a state and a seat of
   government a state with GOV (unless used as a place: "in Moscow"); a plural demonym is a
   group ("Palestinians"). A run whose head is no actor ("the Somali capital", "a Russian
   strike") lists its demonyms and possessive countries as state actors unless the head is a
   place noun; coordinated modifiers share the head ("US and British warplanes": "US" and
   "British", both MIL).
4. Country: from a possessive or modifier in the phrase ("Somali troops", "Sudan's Rapid
   Support Forces"), from an "of" phrase ("commander of Sudan's ..."), from the KB, or, for
   nominal actors of a state's own sectors ("regional governor", "civilians"), from the
   country the article's places lie in; a group placed by "in"/"of" + a place takes that
   place's country ("opposition groups in Zimbabwe"); a community takes a home state (see
   knowledge/data/actors/communities.yaml). Office holders are found by title, country and
   the article's date ("the US president" in 2019 -> Donald Trump). A state that seceded is
   coded by the date (Juba before 2011 is Sudan).
5. Affiliation: a person or group acting for a non-state organisation or an IGO ("al-Shabaab
   spokesman", "the EU's envoy") carries it, with that body's sectors; a role phrase in
   apposition to a name ("The group's military spokesman, Yahya Saree") is folded into the
   person and not listed separately.
6. Coreference (mentions/coref.py): short names, "the minister"/"the group" and pronouns
   point back to the last compatible actor. Pronouns are not listed in `doc.actors`
   (RECORD lists a pronoun only when it fills a role); their resolutions go to
   `doc.extras["actors"]["pronouns"]` for the quotes and events stages, and the chains to
   `doc.extras["actors"]["coref"]`.

Speed: the parse is read once per document into plain lists (`TokenColumns`), since the loops above ask
for token texts, tags and offsets tens of thousands of times per article and each `doc[i]` builds a
spaCy Token; what the knowledge says of a text is asked once per distinct text (`readings`).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple

from spacy.tokens import Doc, Token

from eventwatch.document import Document
from eventwatch.knowledge.cues import SpeechCues
from eventwatch.knowledge.phrases import ActorPhrases
from eventwatch.language.surface import TokenColumns
from eventwatch.mentions.coref import (
    coref_chains,
    resolve_descriptions,
    resolve_names,
    resolve_owners,
    resolve_pronouns,
)
from eventwatch.record import Actor

RUN_POS = {"NOUN", "PROPN", "ADJ", "X"}
NEVER_IN_RUN = {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PUNCT", "NUM", "PART", "SYM", "SPACE", "INTJ"}
POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
HYPHENS = {"-", "\u2010", "\u2011"}
STANCE_PREFIXES = {"anti", "pro"}
# what must stand between an unknown name and a role phrase describing it: ", the ", ", a leading ",
# ", Algeria's leading " (a bare ", " is too often a list: "Committee on Legal Affairs, Justice and ...")
APPOSITION_OPENER = re.compile(r"\s*,\s*(?:(?:the|a|an)\s+|[\w.-]+['\u2019]s\s+)(?:[\w-]+\s+){0,3}",
                               re.IGNORECASE)
DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
              "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
              "southeastern", "southwestern", "far", "upper", "lower"}
MAX_NGRAM = 6
COORDINATORS = {"and", "or", ","}
ARGUMENTS = {"nsubj", "nsubj:pass", "nsubjpass", "obj", "dobj", "iobj"}
POSSESSIVE_DETERMINERS = {"our", "their", "its", "my"}
# Sectors of a state's own people and bodies: a nominal actor with only these ("the regional governor",
# "tribal elders", "miners", "clerics") takes the article's country when its phrase names none. The press,
# academics and business are left out: the reporters, professors and investors a story quotes are often
# foreign ("told reporters", "a professor at Stanford University").
STATE_SECTORS = {"GOV", "MIL", "COP", "CVL", "OPP", "JUD", "LEG", "SPY", "REF", "MED", "PTY", "REB", "PRM",
                 "LAB", "REL", "ELI"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTHS_AND_DAYS = WEEKDAYS | {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}


class Segment(NamedTuple):
    """A known piece of a run. A named tuple: an article has hundreds; it is lighter than a dataclass
    instance, and one that holds no knowledge (a plain word or name, most of them) drops out of the
    garbage collector's watch at its first pass."""

    start: int  # token index
    end: int  # token index, exclusive
    kind: str  # kb | country | metonym | title | role | demonym | community | orgnoun | name | word
    payload: Any = None


SegmentMemo = dict[tuple[int, int], list["Segment"]]  # one document's segments by token range


class Readings(NamedTuple):
    """What the knowledge says a piece of text can be (`ActorStage.read_text`). A named tuple: one is
    built for every distinct piece of text, and a frozen dataclass takes several times as long."""

    capital: bool
    entries: tuple[Any, ...]  # actor-KB entries (capitalised text only)
    surnames_only: bool  # every entry is a person found by a shorter alias
    country: Any
    metonym: Any
    title: Any  # (Title, Role | None) when the text is a title
    orgnoun: tuple[str, ...] | None
    role: Any
    demonym: Any
    community: Any
    known: bool  # any reading at all (most pieces of text have none: `match` stops there)


@dataclass(slots=True)  # slots: no __dict__ to build for each of an article's many mentions
class Mention:
    """A working actor mention: becomes an `Actor` at the end."""

    start: int  # character offsets
    end: int
    kind: str
    name: str | None = None
    country: str | None = None
    sector: list[str] = field(default_factory=list)
    affiliation: str | None = None
    kb_id: str | None = None
    role: str | None = None
    head: int = 0  # token index of the head
    countryless: bool = False
    nominal: bool = False  # a common-noun phrase (country may come from context)
    listed: bool = True
    owner_ref: bool = False  # possessor is an anaphor ("the group's spokesman"): resolved by coref
    community: Any = None  # the ethnic community the phrase names, whose home states bound its country

    def actor(self, text: str) -> Actor:
        return Actor(text=text[self.start:self.end], start=self.start, end=self.end, name=self.name,
                     kind=self.kind, country=self.country, sector=list(dict.fromkeys(self.sector)),
                     affiliation=self.affiliation, kb_id=self.kb_id, role=self.role)


class ActorStage:
    name = "actors"

    def __init__(self, *, countries: Any, kb: Any, cues: SpeechCues, phrases: ActorPhrases,
                 context_country: bool = True) -> None:
        self.countries = countries
        self.kb = kb
        self.cues = cues
        self.phrases = phrases
        self.context_country = context_country
        self.titles = {t.text: t for t in kb.titles()} if kb is not None else {}
        # the knowledge readings of a piece of text do not change: looked up once per distinct text
        self.readings = lru_cache(maxsize=1 << 16)(self.read_text)

    # ------------------------------------------------------------------ pipeline entry
    def process(self, doc: Document) -> Document:
        if doc.spacy is None:
            return doc
        sp = doc.spacy
        day = doc.published
        place_spans = {(p.start, p.end): p.country for p in doc.places}
        mentions: list[Mention] = []
        memo: SegmentMemo = {}
        tokens = TokenColumns(sp)
        runs, joined = self.join_runs(tokens, nominal_runs(tokens))
        index = 0
        while index < len(runs):
            shared = self.coordinated(sp, tokens, runs, index, memo)
            if shared:
                mentions += shared
                index += 2
                continue
            if runs[index] in joined:
                mentions.append(self.joined_name(sp, *runs[index]))
            else:
                mentions += self.read_run(sp, tokens, *runs[index], day, place_spans, memo)
            index += 1
        mentions.sort(key=lambda m: (m.start, m.end))
        resolve_owners(mentions)
        mentions = fold_appositions(doc.text, mentions)
        main_country = self.main_country(doc, tokens, runs, mentions, memo)
        place_communities(mentions, main_country)
        self.fill_country(mentions, main_country, only_named=True)
        resolve_names(mentions, doc.text)
        resolve_descriptions(doc.text, mentions, self.phrases)
        self.fill_country(mentions, main_country, only_named=False)
        for mention in mentions:
            self.name_state_body(mention)
        pronouns = resolve_pronouns(sp, tokens.words, mentions, self.cues)
        if day is not None:
            for mention in [*mentions, *pronouns]:
                if mention.country is not None and (then := self.countries.state_on(mention.country, day)) != mention.country:
                    mention.country = then  # Juba in 2005: Sudan
                    if mention.kind == "state" and (state := self.countries.by_iso3(then)) is not None:
                        mention.name = state.name
        chains = coref_chains(mentions + pronouns)
        text = doc.text
        doc.actors = [m.actor(text) for m in mentions if m.listed]
        doc.extras.setdefault(self.name, {}).update({
            "pronouns": [m.actor(text) for m in pronouns],
            "coref": chains,
            "main_country": main_country,
        })
        return doc

    # ------------------------------------------------------------------ joined runs
    def join_runs(self, tokens: TokenColumns, runs: list[tuple[int, int]]
                  ) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
        """Join runs across "of"/"for" (the) where the whole is one name: a title ("Secretary of
        State"), or an organisation ("Association of Southeast Asian Nations", "Liberation Tigers of
        Tamil Eelam"). Returns the runs and the set of joined organisation names."""
        out: list[tuple[int, int]] = []
        joined: set[tuple[int, int]] = set()
        for run in runs:
            if out:
                a_start, a_end = out[-1]
                gap = tokens.lower[a_end:run[0]]
                words = tokens.words
                if gap in (["of"], ["for"], ["of", "the"], ["for", "the"]) and words[run[0]][:1].isupper():
                    title = f"{words[a_end - 1]} {' '.join(gap)} {words[run[0]]}"
                    whole = tokens.span(a_start, run[1])
                    organisation = (out[-1] in joined
                                    or any(w in self.phrases.organisation_words for w in words[a_start:a_end])
                                    or (self.kb is not None and self.kb.lookup(whole))
                                    or self.countries.by_name(whole) is not None)
                    if title in self.titles or (self.kb is not None and self.kb.role_noun(title)):
                        out[-1] = (a_start, run[1])
                        continue
                    if organisation and words[a_end - 1][:1].isupper():
                        joined.discard(out[-1])
                        out[-1] = (a_start, run[1])
                        joined.add(out[-1])
                        continue
            out.append(run)
        return out, joined

    def joined_name(self, doc: Doc, start: int, end: int) -> Mention:
        """A multiword name joined across "of"/"for": the KB or country table says what it is,
        else it is an organisation of the country its words name."""
        while start < end and doc[start].pos_ == "DET":
            start += 1
        text = doc[start:end].text
        first, last = doc[start].idx, end_char(doc, end)
        entries = self.kb.lookup(text) if self.kb is not None else []
        if entries:
            entry = entries[0]
            return Mention(first, last, entry.kind, name=entry.name, country=entry.country,
                           sector=list(entry.sectors), affiliation=entry.affiliation, kb_id=entry.id, head=end - 1)
        country = self.countries.by_name(text)
        if country is not None:
            return Mention(first, last, "state", name=country.name, country=country.iso3, head=end - 1)
        named = None
        for token in doc[start:end]:
            found = self.countries.by_name(token.text) or self.countries.by_demonym(token.text)
            seat = self.countries.metonym(token.text)
            if found is None and seat is not None:
                found = seat[0]  # "United Bus Company of Tehran"
            if found is not None and token.text[:1].isupper():
                named = found.iso3
        return Mention(first, last, "organization", name=text, country=named, head=end - 1)

    # ------------------------------------------------------------------ segments
    def segments(self, doc: Doc, tokens: TokenColumns, start: int, end: int, memo: SegmentMemo | None = None
                 ) -> list[Segment]:
        """Longest known pieces of tokens [start, end), left to right; `memo` keeps them for the
        document (a run is read for its mentions and again for the article's main country)."""
        if memo is None:
            return self.read_segments(doc, tokens, start, end)
        known = memo.get((start, end))
        if known is None:
            known = memo[start, end] = self.read_segments(doc, tokens, start, end)
        return known

    def read_segments(self, doc: Doc, tokens: TokenColumns, start: int, end: int) -> list[Segment]:
        """`segments` without the memo."""
        found: list[Segment] = []
        words, match = tokens.words, self.match
        i = start
        while i < end:
            best = None
            if words[i] not in HYPHENS:  # no piece starts with a hyphen (`match`)
                for j in range(min(end, i + MAX_NGRAM), i, -1):
                    best = match(doc, tokens, i, j)
                    if best is not None:
                        break
            if best is None:
                word = words[i]
                kind = "name" if word[:1].isupper() else "word"
                best = Segment(i, i + 1, kind, "hyphen" if word in HYPHENS else None)
            found.append(best)
            i = best.end
        if len(found) == 1:
            return found  # one piece (most runs): nothing to distrust or merge
        return merge_names(distrust_surnames(tokens, found))

    def read_text(self, text: str) -> Readings:
        """Every reading the knowledge gives a piece of text; `match` decides by position which holds."""
        # `islower()` (no upper-case letter, at least one cased one) spares the scan for most words
        capital = text[:1].isupper() or (not text.islower() and any(c.isupper() for c in text))
        lower = text.lower()
        kb = self.kb
        entries = tuple(kb.lookup(text)) if kb is not None and capital else ()
        country = self.countries.by_name(text) if capital else None
        metonym = self.countries.metonym(text) if capital else None
        title = (self.titles[text], kb.role_noun(text) if kb is not None else None) if text in self.titles else None
        orgnoun = self.phrases.organisation_nouns.get(lower)
        role = kb.role_noun(lower) if kb is not None else None
        demonym = self.countries.by_demonym(text) if capital else None
        community = kb.community(text) if kb is not None else None
        return Readings(
            capital=capital,
            entries=entries,
            surnames_only=bool(entries) and all(e.kind == "person" and e.name != text for e in entries),
            country=country,
            metonym=metonym,
            title=title,
            orgnoun=orgnoun,
            role=role,
            demonym=demonym,
            community=community,
            known=(bool(entries) or country is not None or metonym is not None or title is not None
                   or orgnoun is not None or role is not None or demonym is not None or community is not None),
        )

    def match(self, doc: Doc, tokens: TokenColumns, i: int, j: int) -> Segment | None:
        last = tokens.words[j - 1]
        if last in POSSESSIVE or last in HYPHENS or tokens.words[i] in HYPHENS:
            return None
        text = tokens.text[tokens.starts[i]:tokens.ends[j - 1]]  # tokens.span(i, j), inlined: the hottest call
        found = self.readings(text)
        if not found.known:
            return None
        capital = found.capital
        if capital:
            if found.entries and not (found.surnames_only and found.country is not None):
                return Segment(i, j, "kb", list(found.entries))
            if found.country is not None and text[:1].isupper():
                return Segment(i, j, "country", found.country)
            if found.metonym is not None and text[:1].isupper():
                return Segment(i, j, "metonym", found.metonym)
            if found.title is not None:
                return Segment(i, j, "title", found.title)
        if j - i <= 3 and found.orgnoun is not None and tokens.pos[j - 1] in {"NOUN", "PROPN"}:
            return Segment(i, j, "orgnoun", found.orgnoun)
        role = found.role if j - i <= 3 else None
        if role is not None and (tokens.pos[j - 1] in {"NOUN", "PROPN", "ADJ"} or not capital):
            return Segment(i, j, "role", role)
        if capital and j - i <= 2 and found.demonym is not None:
            return Segment(i, j, "demonym", found.demonym)
        if j - i == 1 and found.community is not None and names_community(doc, i):
            return Segment(i, j, "community", found.community)
        return None

    # ------------------------------------------------------------------ runs
    def read_run(self, doc: Doc, tokens: TokenColumns, start: int, end: int, day: dt.date | None,
                 places: dict[tuple[int, int], str | None], memo: SegmentMemo) -> list[Mention]:
        if is_dateline(doc, start, end):
            return []
        words = tokens.words
        possessive = None  # the last possessive of the run
        for k in range(start, end):
            if words[k] in POSSESSIVE:
                possessive = k
        owner: list[Segment] = []
        if possessive is not None:
            owner = self.segments(doc, tokens, start, possessive, memo)
            body = self.segments(doc, tokens, possessive + 1, end, memo) if possessive + 1 < end else []
        else:
            body = self.segments(doc, tokens, start, end, memo)
        if not body:
            return self.owner_mentions(doc, tokens, owner, places)
        head = body[-1]
        modifiers = body[:-1]
        mention = self.head_mention(doc, tokens, head, modifiers, owner, day, places)
        if mention is None:
            return self.non_actor_head(doc, tokens, head, modifiers, owner, places)
        self.locate_residents(doc, tokens, mention, head, end, places)
        if len(owner) == 1 and owner[0].kind in {"word", "orgnoun"} and \
                tokens.span(owner[0].start, owner[0].end).lower() in self.phrases.group_anaphors:
            mention.owner_ref = True
        determiner = tokens.lower[start - 1] if start > 0 else None
        if (determiner is not None and not owner and mention.kind != "person" and mention.nominal
                and determiner in POSSESSIVE_DETERMINERS and mention.start == tokens.starts[start]):
            # "Our naval forces", "their fighters": the span keeps the possessive (the examples'
            # convention); "its"/"their" point back to the last organisation or group
            mention.start = tokens.starts[start - 1]
            mention.owner_ref = determiner in {"its", "their"}
        return [mention]

    def locate_residents(self, doc: Doc, tokens: TokenColumns, mention: Mention, head: Segment, end: int,
                         places: dict[tuple[int, int], str | None]) -> None:
        """A group placed by a following "in"/"of" phrase is of that place's country: "opposition groups
        in Zimbabwe", "ethnic Albanians in south Serbia"; a people named by a demonym is of the
        country it lives in: "the Albanians of southern Serbia" (SRB), "the Serbs of Bosnia" (BIH)."""
        if mention.countryless or "IGO" in mention.sector or mention.affiliation:
            return
        if mention.country is None and (mention.nominal or mention.kind in {"group", "unknown"}) \
                and mention.name == (None if mention.kind == "person" else mention.name):
            mention.country = self.located_in(doc, tokens, end, places, ("in", "of")) or mention.country
        elif head.kind == "demonym" and mention.kind == "group":
            mention.country = self.located_in(doc, tokens, end, places, ("of",)) or mention.country

    def located_in(self, doc: Doc, tokens: TokenColumns, after: int, places: dict[tuple[int, int], str | None],
                   words: tuple[str, ...]) -> str | None:
        """The country of a place or country named right after `after` by one of `words`, passing
        determiners and direction words ("in the south of"... stops: only "in south Serbia")."""
        n = len(tokens.words)
        if after >= n or tokens.lower[after] not in words:
            return None
        i = after + 1
        while i < min(n, after + 4) and (tokens.pos[i] == "DET" or tokens.lower[i] in DIRECTIONS):
            i += 1
        if i >= n or not tokens.words[i][:1].isupper():
            return None
        found: tuple[str, int] | None = None  # (country, character end of the place name)
        first = tokens.starts[i]
        for (start, place_end), country in places.items():
            if start == first and country:
                found = (country, place_end)
        for j in range(min(n, i + 4), i, -1):
            if found is None and (country := self.countries.by_name(tokens.span(i, j))) is not None:
                found = (country.iso3, tokens.ends[j - 1])
        if found is None:
            return None
        following = next((k for k in range(i, min(n, i + 6)) if tokens.starts[k] >= found[1]), None)
        if (following is not None and tokens.pos[following] == "NOUN"
                and tokens.lower[following] not in self.phrases.place_nouns):
            return None  # "the Jeddah talks": the place only modifies another noun
        return found[0]

    def owner_mentions(self, doc: Doc, tokens: TokenColumns, owner: list[Segment],
                       places: dict[tuple[int, int], str | None]) -> list[Mention]:
        if not owner:
            return []
        return self.non_actor_head(doc, tokens, Segment(owner[-1].end, owner[-1].end, "word"), [], owner, places)

    def head_mention(self, doc: Doc, tokens: TokenColumns, head: Segment, modifiers: list[Segment], owner: list[Segment],
                     day: dt.date | None, places: dict[tuple[int, int], str | None]) -> Mention | None:
        mention = self.headed_by(doc, tokens, head, modifiers, owner, day, places)
        if mention is None:
            return None
        communities = [s.payload for s in [*owner, *modifiers, head] if s.kind == "community"]
        if communities:
            mention.community = communities[-1]
        return mention

    def headed_by(self, doc: Doc, tokens: TokenColumns, head: Segment, modifiers: list[Segment], owner: list[Segment],
                  day: dt.date | None, places: dict[tuple[int, int], str | None]) -> Mention | None:
        if head.kind == "word":
            return None  # a plain word heads no actor (most runs: spared reading the phrase's context)
        country, affiliation = self.context_of(doc, tokens, modifiers, owner, head, places)
        span_start = tokens.starts[owner[0].start] if owner else None
        described = [s for s in modifiers if s.kind in {"country", "demonym", "kb", "metonym"}]
        if head.kind == "name":
            return self.name_mention(doc, tokens, head, modifiers, owner, country, affiliation, day, places)
        if head.kind == "kb":
            entry = pick_entry(head.payload, country, day)
            span = (tokens.starts[head.start], tokens.ends[head.end - 1])
            if entry.kind != "person" and not owner and self.literal(doc, head.start, span, places, use_places=True):
                return None
            surname = entry.kind == "person" and entry.name != tokens.span(head.start, head.end)
            if surname and not modifiers and span in places and self.literal(doc, head.start, span, places):
                return None  # "met in Lagos": the city, not Ricardo Lagos by his surname
            if entry.kind == "person":
                return self.person_from_entry(doc, head, modifiers, entry, day, affiliation)
            if entry.kind == "state":
                return self.state_mention(doc, head, entry.country, (), owner, places, name=entry.name)
            first = self.kept_start(doc, head, modifiers, owner)
            return Mention(first, end_char(doc, head.end), entry.kind, name=entry.name,
                           country=entry.country or country, sector=list(entry.sectors),
                           affiliation=entry.affiliation, kb_id=entry.id, head=head.end - 1)
        if head.kind == "country":
            return self.state_mention(doc, head, head.payload.iso3, (), owner, places)
        if head.kind == "metonym":
            state, sectors = head.payload
            return self.state_mention(doc, head, state.iso3, sectors, owner, places)
        if head.kind in {"role", "title", "orgnoun"}:
            return self.role_mention(doc, tokens, head, modifiers, owner, country, affiliation, day, span_start)
        if head.kind == "community" and (is_plural_people(doc[head.end - 1])
                                          or (head.start > 0 and doc[head.start - 1].lower_ == "the")):
            # "Iraqi Kurds", "the Hausa": a modifier's country, else the community's home state
            first = doc[described[0].start].idx if described else doc[head.start].idx
            iso3 = country if described else head.payload.home_among(places.values())
            return Mention(first, end_char(doc, head.end), "group", name=surface(doc, first, end_char(doc, head.end)),
                           country=iso3, head=head.end - 1)
        if head.kind == "demonym" and is_plural_people(doc[head.end - 1]):
            # "Bosnian Serbs" are of Bosnia; "ethnic Albanians" of the country they live in
            ethnic = head.start > 0 and doc[head.start - 1].lower_ == "ethnic"
            iso3 = country if described else (None if ethnic else head.payload.iso3)
            first = doc[described[0].start].idx if described else doc[head.start].idx
            return Mention(first, end_char(doc, head.end), "group", name=surface(doc, first, end_char(doc, head.end)),
                           country=iso3, head=head.end - 1, nominal=ethnic)
        return None

    def kept_start(self, doc: Doc, head: Segment, modifiers: list[Segment], owner: list[Segment]) -> int:
        """Span start of a named organisation: its possessor and attached country/demonym modifiers,
        but not descriptive words before them ("Shipping giant Maersk" -> "Maersk")."""
        if owner:
            return doc[owner[0].start].idx
        first = head.start
        for segment in reversed(modifiers):
            if segment.kind in {"country", "demonym", "kb", "name"}:
                first = segment.start
            else:
                break
        return doc[first].idx

    def state_mention(self, doc: Doc, head: Segment, iso3: str, sectors: tuple[str, ...], owner: list[Segment],
                      places: dict[tuple[int, int], str | None], *, name: str | None = None) -> Mention | None:
        start, end = doc[head.start].idx, end_char(doc, head.end)
        if not owner and self.literal(doc, head.start, (start, end), places, seat=head.kind == "metonym"):
            return None
        country = self.countries.by_iso3(iso3)
        return Mention(start, end, "state", name=name or (country.name if country else None), country=iso3,
                       sector=list(sectors), head=head.end - 1)

    def literal(self, doc: Doc, first: int, span: tuple[int, int], places: dict[tuple[int, int], str | None],
                *, use_places: bool = False, seat: bool = False) -> bool:
        """A place name used as a place: after a locative word ("in Moscow"; for a capital also
        "to"/"from": "flew to Moscow"), in a dateline, or (for names that are neither countries nor
        seats of government) listed by the places stage; a subject acts regardless. Countries and
        capitals are read here rather than from the places list: "aid to Iran", "measures on
        Belgrade" name the state an act is aimed at."""
        token = doc[first]
        if token.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"}:
            return False
        previous = doc[first - 1] if first > 0 else None
        while previous is not None and previous.pos_ in {"DET", "ADJ"} and previous.i > 0:
            previous = doc[previous.i - 1]
        if previous is not None and previous.lower_ in self.phrases.literal_prepositions:
            return True
        if seat and previous is not None and previous.lower_ in {"to", "from", "toward", "towards"}:
            return True
        if use_places and span in places:
            return True
        following = doc[first + 1] if first + 1 < len(doc) else None
        return first == 0 and following is not None and following.text in {"\u2014", "\u2013", "-", "(", ","}

    def role_mention(self, doc: Doc, tokens: TokenColumns, head: Segment, modifiers: list[Segment], owner: list[Segment],
                     country: str | None, affiliation: tuple[str, str | None, tuple[str, ...]] | None,
                     day: dt.date | None, span_start: int | None) -> Mention | None:
        last = doc[head.end - 1]
        role_text = tokens.span(head.start, head.end)
        if head.kind == "orgnoun":
            sectors, kind, person, countryless = list(head.payload), "organization", False, False
        else:
            role = head.payload if head.kind == "role" else head.payload[1]
            if role is None:
                title = head.payload[0]
                sectors, kind, person, countryless = list(title.sectors), "person", True, False
            else:
                sectors, kind, person, countryless = list(role.sectors), role.kind, role.person, role.countryless
        if kind == "group" and not is_plural(last) and "CVL" in sectors:
            kind = "person"  # "a Mandalay resident"
        elif kind == "person" and is_plural(last):
            kind = "group"  # "opposition figures", "former lawmakers"
        start = span_start if span_start is not None else tokens.starts[first_kept(doc, modifiers, head)]
        mention = Mention(start, tokens.ends[head.end - 1], kind, name=None, country=country, sector=sectors,
                          role=role_text.lower(), head=head.end - 1, countryless=countryless, nominal=True)
        if affiliation is not None and mention.kind != "person" and "IGO" not in affiliation[2]:
            # "Houthi forces", "al-Shabaab fighters": the organisation itself acts
            mention.name, mention.country = affiliation[0], affiliation[1] or mention.country
            mention.sector = list(affiliation[2]) or mention.sector
            mention.kind, mention.nominal = "organization", False
            return mention
        if affiliation is not None:
            self.affiliate(mention, affiliation)
        if mention.kind == "person" and person and mention.country and day is not None and self.kb is not None:
            holder = self.kb.holder(mention.country, role_text.lower(), day)
            if holder is not None:
                mention.name, mention.kb_id = holder.name, holder.id
        if mention.name is None and mention.kind != "person":
            mention.name = surface(doc, mention.start, mention.end)
        return mention

    def affiliate(self, mention: Mention, affiliation: tuple[str, str | None, tuple[str, ...]]) -> None:
        name, country, sectors = affiliation
        mention.affiliation = name
        if "IGO" in sectors:
            mention.country = None
            mention.sector = ["IGO"]
        else:
            mention.country = mention.country or country
            mention.sector = list(sectors) or mention.sector

    def name_mention(self, doc: Doc, tokens: TokenColumns, head: Segment, modifiers: list[Segment], owner: list[Segment],
                     country: str | None, affiliation: tuple[str, str | None, tuple[str, ...]] | None,
                     day: dt.date | None, places: dict[tuple[int, int], str | None]) -> Mention | None:
        start, end = tokens.starts[head.start], tokens.ends[head.end - 1]
        if any(a < end and start < b for a, b in places):
            return None  # part of a toponym ("Cape of Good Hope")
        text = tokens.span(head.start, head.end)
        words = set(tokens.words[head.start:head.end])
        ent = set(tokens.ents[head.start:head.end]) - {""}
        titled = [s for s in modifiers if s.kind in {"title", "role"}]
        if words & self.phrases.organisation_words or (ent == {"ORG"} and not titled):
            first = self.kept_start(doc, head, modifiers, owner)
            return Mention(first, end, "organization", name=surface(doc, first, end), country=country,
                           head=head.end - 1, nominal=True)
        if ent and ent <= {"LOC", "GPE", "FAC"} and not titled:
            return None
        if titled or ent == {"PERSON"} or (self.kb is not None and self.kb.person(text, day)):
            mention = Mention(start, end, "person", name=text, country=country, head=head.end - 1)
            entry = self.kb.person(text, day) if self.kb is not None else None
            if entry is not None:
                self.fill_person(mention, entry, day)
            if titled:
                segment = titled[-1]
                mention.role = tokens.span(segment.start, segment.end).lower()
                role = segment.payload if segment.kind == "role" else (segment.payload[1] or segment.payload[0])
                if not mention.sector:
                    mention.sector = list(role.sectors)
            if affiliation is not None:
                self.affiliate(mention, affiliation)
            elif mention.country is None and country is not None:
                mention.country = country
            if mention.country is None:
                mention.nominal = bool(titled)  # a titled official takes the article's country
            return mention
        if head.start == doc[head.start:head.end].sent.start and head.end - head.start == 1:
            return None  # a lone capitalised first word is just a sentence start
        if all(word in MONTHS_AND_DAYS for word in tokens.lower[head.start:head.end]):
            return None
        return Mention(start, end, "unknown", name=text, country=country, head=head.end - 1)

    def person_from_entry(self, doc: Doc, head: Segment, modifiers: list[Segment], entry: Any,
                          day: dt.date | None, affiliation: Any) -> Mention:
        mention = Mention(doc[head.start].idx, end_char(doc, head.end), "person", head=head.end - 1)
        self.fill_person(mention, entry, day)
        titled = [s for s in modifiers if s.kind in {"title", "role"}]
        if titled:
            mention.role = doc[titled[-1].start:titled[-1].end].text.lower()
        if affiliation is not None and mention.affiliation is None:
            self.affiliate(mention, affiliation)
        return mention

    @staticmethod
    def fill_person(mention: Mention, entry: Any, day: dt.date | None) -> None:
        mention.name, mention.kb_id = entry.name, entry.id
        mention.country = entry.country or mention.country
        office = entry.office_at(day) if day is not None else None
        mention.sector = list(office.sectors if office else entry.sectors) or mention.sector
        mention.affiliation = entry.affiliation or mention.affiliation
        if "IGO" in mention.sector:
            mention.country = None

    def non_actor_head(self, doc: Doc, tokens: TokenColumns, head: Segment, modifiers: list[Segment], owner: list[Segment],
                       places: dict[tuple[int, int], str | None]) -> list[Mention]:
        """A phrase headed by a non-actor noun: its countries, demonyms, KB names and possessor act
        ("a Russian strike", "Kosovo's independence"), unless the head is a place ("the Somali capital")."""
        head_text = tokens.span(head.start, head.end).lower()
        if head_text in self.phrases.place_nouns:
            return []
        found = []
        for segment in [*owner, *modifiers]:
            if segment.kind in {"country", "demonym"}:
                state = segment.payload
                found.append(Mention(tokens.starts[segment.start], tokens.ends[segment.end - 1], "state",
                                     name=state.name, country=state.iso3, head=segment.end - 1))
            elif segment.kind == "metonym":
                state, sectors = segment.payload
                found.append(Mention(tokens.starts[segment.start], tokens.ends[segment.end - 1], "state", name=state.name,
                                     country=state.iso3, sector=list(sectors), head=segment.end - 1))
            elif segment.kind == "community":  # "a Karen stronghold": the community holds it
                found.append(Mention(tokens.starts[segment.start], tokens.ends[segment.end - 1], "group",
                                     name=segment.payload.name, country=segment.payload.home_among(places.values()),
                                     head=segment.end - 1, community=segment.payload))
            elif segment.kind == "kb":
                entry = segment.payload[0]
                found.append(Mention(tokens.starts[segment.start], tokens.ends[segment.end - 1], entry.kind,
                                     name=entry.name, country=entry.country, sector=list(entry.sectors),
                                     affiliation=entry.affiliation, kb_id=entry.id, head=segment.end - 1))
            elif segment.kind == "name" and segment in owner:
                mention = self.name_mention(doc, tokens, segment, [], [], None, None, None, places)
                if mention is not None:
                    found.append(mention)
        return found

    def context_of(self, doc: Doc, tokens: TokenColumns, modifiers: list[Segment], owner: list[Segment], head: Segment,
                   places: dict[tuple[int, int], str | None]) -> tuple[str | None, tuple[str, str | None, tuple[str, ...]] | None]:
        """Country and affiliation a phrase's own words give its head."""
        country: str | None = None
        affiliation = None
        for segment in [*owner, *modifiers]:
            if segment.kind == "demonym" and segment.start > 0 and tokens.lower[segment.start - 1] == "ethnic":
                continue  # "ethnic Albanian guerrillas" in Macedonia: an ethnicity, not a state
            if is_stance(tokens, segment.start):
                continue  # "an anti-Syria journalist" is no Syrian
            if segment.kind in {"country", "demonym"}:
                country = segment.payload.iso3
            elif segment.kind == "metonym":
                country = segment.payload[0].iso3
            elif segment.kind == "community":
                country = segment.payload.home_among(places.values()) or country  # "Yoruba leaders"
            elif segment.kind == "kb":
                entry = pick_entry(segment.payload, country)
                if country is not None and entry.country not in {None, country}:
                    continue  # "Serbian Labour minister": a namesake of another country's body, not it
                if entry.kind == "state":
                    country = entry.country
                elif entry.kind in {"organization", "group"}:
                    affiliation = (entry.name, entry.country, tuple(entry.sectors))
                    country = entry.country or country
                elif entry.kind == "person" and segment in modifiers:
                    country = country or entry.country  # "the Bush administration", "a Putin aide"
            elif segment.kind == "name":
                span = (tokens.starts[segment.start], tokens.ends[segment.end - 1])
                country = places.get(span) or country  # "a Mandalay resident"
        of_country, of_body = self.of_phrase(doc, tokens, head.end, places)
        if country is None:
            country = of_country
        if affiliation is None and of_body is not None:
            affiliation = of_body
        return country, affiliation

    def of_phrase(self, doc: Doc, tokens: TokenColumns, after: int, places: dict[tuple[int, int], str | None]
                  ) -> tuple[str | None, tuple[str, str | None, tuple[str, ...]] | None]:
        """Country and body of an "of" phrase right after a head: "president of Armenia", "a senior
        commander of Sudan's Rapid Support Forces" (SDN, the RSF), "deputy governor of the Tyumen
        region" (the places stage's country for Tyumen)."""
        n = len(tokens.words)
        if after >= n or tokens.lower[after] not in {"of", "for"}:
            return None, None
        country: str | None = None
        body = None
        stop, limit = after + 1, min(n, after + 9)
        while stop < limit and not (tokens.punct[stop] and tokens.words[stop] not in POSSESSIVE):
            stop += 1
        if tokens.lower[after] == "of":
            country = self.located_in(doc, tokens, after, places, ("of",))
        for i in range(after + 1, stop):
            if body is not None and country is not None:
                break  # nothing left to find
            if not tokens.words[i][:1].isupper():
                continue  # every piece from here starts with this word
            for j in range(stop, i, -1):
                text = tokens.span(i, j)
                readings = self.readings(text)
                entries = readings.entries
                found = readings.country or readings.demonym
                if entries and entries[0].kind in {"organization", "group"} and body is None:
                    entry = entries[0]
                    body = (entry.name, entry.country, tuple(entry.sectors))
                    country = country or entry.country
                    break
                if found is not None and country is None:
                    country = found.iso3
                    break
        return country, body

    def coordinated(self, doc: Doc, tokens: TokenColumns, runs: list[tuple[int, int]], index: int,
                    memo: SegmentMemo) -> list[Mention]:
        """"US and British warplanes": a run of bare countries/demonyms coordinated with the next run
        takes that run's head sectors; the next run's own country modifier becomes its own actor."""
        start, end = runs[index]
        if index + 1 >= len(runs):
            return []
        next_start, next_end = runs[index + 1]
        between = tokens.lower[end:next_start]
        if not between or not COORDINATORS.issuperset(between):
            return []
        own = self.segments(doc, tokens, start, end, memo)
        while own and own[0].kind in {"word", "name"} and tokens.pos[own[0].start] == "ADJ":
            own = own[1:]  # "Senior Hungarian and Romanian officials" (capitalised at a sentence start)
        other = self.segments(doc, tokens, next_start, next_end, memo)
        if len(other) < 2 or other[0].kind not in {"country", "demonym", "community"}:
            return []
        # "Hutu and Tutsi militias": a lone community word before "and" was read as a name
        own = [self.as_community(doc, s) if other[0].kind == "community" else s for s in own]
        if not own or any(s.kind not in {"country", "demonym", "community"} for s in own):
            return []
        head = other[-1]
        sectors: list[str] = []
        if head.kind == "role":
            sectors = list(head.payload.sectors)
        elif head.kind == "orgnoun":
            sectors = list(head.payload)
        actors = []
        for segment in own + other[:1]:
            first, last = doc[segment.start].idx, end_char(doc, segment.end)
            if segment.kind == "community":  # its country is settled with the article's (place_communities)
                actors.append(Mention(first, last, "group", name=surface(doc, first, last), sector=sectors,
                                      head=segment.end - 1, community=segment.payload))
                continue
            state = segment.payload
            actors.append(Mention(first, last, "state", name=state.name, country=state.iso3, sector=sectors,
                                  head=segment.end - 1))
        return actors

    def as_community(self, doc: Doc, segment: Segment) -> Segment:
        """A one-word name segment that is a community word, as a community segment."""
        if segment.kind != "name" or segment.end - segment.start != 1 or self.kb is None:
            return segment
        community = self.readings(doc[segment.start].text).community
        return Segment(segment.start, segment.end, "community", community) if community is not None else segment

    def name_state_body(self, mention: Mention) -> None:
        """A state body named by a common noun takes its KB entry: "Ukraine's air force" -> Ukrainian
        Air Force, "the military" in a Myanmar story -> Myanmar Armed Forces, "junta" -> State
        Administration Council (the entry of that country among the noun's readings)."""
        if (self.kb is None or mention.kb_id or not mention.role or not mention.country
                or mention.kind not in {"organization", "group"}):
            return
        country = self.countries.by_iso3(mention.country)
        if country is None:
            return
        role = mention.role
        for text in (role, f"{country.name} {role}", *(f"{d} {role}" for d in country.demonyms[:4])):
            entries = [e for e in self.kb.lookup(text) if e.country == mention.country and e.kind != "person"]
            if entries:
                entry = entries[0]
                mention.name, mention.kb_id, mention.kind = entry.name, entry.id, entry.kind
                mention.sector = list(entry.sectors) or mention.sector
                return

    def fill_country(self, mentions: list[Mention], main_country: str | None, *, only_named: bool) -> None:
        """Nominal actors of a state's own sectors take the article's country. Named people go first,
        so their short forms copy the country ("Serhiy Lysak" ... "Lysak"); descriptions after
        coreference, so "the alliance" copies its organisation instead."""
        if not self.context_country or main_country is None:
            return
        for mention in mentions:
            if only_named and not (mention.kind == "person" and mention.name):
                continue
            if (mention.country is None and mention.nominal and not mention.countryless
                    and "IGO" not in mention.sector
                    and (set(mention.sector) <= STATE_SECTORS or mention.kind == "organization")):
                mention.country = main_country

    def main_country(self, doc: Document, tokens: TokenColumns, runs: list[tuple[int, int]], mentions: list[Mention],
                     memo: SegmentMemo) -> str | None:
        """The country the article is about: its places' countries count twice, every country, seat
        or demonym the text names once (literal or not); a tie goes to the one named first. A place
        that a non-state actor mention covers is no place ("Ibo elders": the people, not Ibo island)."""
        scores: Counter[str] = Counter()
        first: dict[str, int] = {}
        # a span [a, b) overlaps the place when a < place.end and b > place.start: among the spans that
        # start before the place ends (a prefix, by start), the furthest end decides
        actor_spans = sorted((m.start, m.end) for m in mentions if m.kind != "state")
        span_starts = [a for a, _ in actor_spans]
        furthest = list(accumulate((b for _, b in actor_spans), max))
        for place in doc.places:
            before = bisect_left(span_starts, place.end)
            if place.country and not (before and furthest[before - 1] > place.start):
                scores[place.country] += 2
                first.setdefault(place.country, place.start)
        sp = doc.spacy
        for start, end in runs:
            for segment in self.segments(sp, tokens, start, end, memo):
                if segment.kind in {"country", "demonym"}:
                    iso3 = segment.payload.iso3
                elif segment.kind == "metonym":
                    iso3 = segment.payload[0].iso3
                else:
                    continue
                scores[iso3] += 1
                first.setdefault(iso3, tokens.starts[segment.start])
        if not scores:
            return None
        return max(scores, key=lambda c: (scores[c], -first.get(c, 0)))


# ---------------------------------------------------------------------- helpers
def surface(doc: Doc, start: int, end: int) -> str:
    """The text between two character offsets at token edges, without building the whole text
    (spaCy's `Doc.text` joins every token on each access)."""
    return doc.char_span(start, end, alignment_mode="expand").text


def end_char(doc: Doc, end: int) -> int:
    token = doc[end - 1]
    return token.idx + len(token.text)


def is_plural(token: Token) -> bool:
    number = token.morph.get("Number")
    if number:
        return "Plur" in number
    return token.lower_.endswith("s")


def is_plural_people(token: Token) -> bool:
    return token.text[:1].isupper() and (token.lower_.endswith(("s", "ese", "men")) or is_plural(token))


def pick_entry(entries: list[Any], country: str | None, day: dt.date | None = None) -> Any:
    """The reading of a KB name: the one of the phrase's country; among people with one name
    ("Ferdinand Marcos", father and son), the one in office on the article's day, else the one
    whose offices lie nearest to it."""
    if country is not None:
        for entry in entries:
            if entry.country == country:
                return entry
    people = [e for e in entries if e.kind == "person"]
    if day is not None and len(people) > 1 and len(people) == len(entries):
        in_office = [p for p in people if p.office_at(day) is not None]
        return in_office[0] if in_office else min(people, key=lambda p: office_distance(p, day))
    return entries[0]


def office_distance(person: Any, day: dt.date) -> int:
    """Days between `day` and the nearest start or end of the person's offices (no office: far)."""
    if not person.offices:
        return 1 << 30
    return min(min(abs((o.start - day).days), abs(((o.end or day) - day).days)) for o in person.offices)


def place_communities(mentions: list[Mention], main_country: str | None) -> None:
    """A community's actor with no country from its sentence's places takes the article's country when
    that is one of the community's home states, else its main home (none for a shared community)."""
    for mention in mentions:
        if mention.community is not None and mention.country is None:
            homes = mention.community.countries
            mention.country = main_country if main_country in homes else mention.community.default_home()


def names_community(doc: Doc, i: int) -> bool:
    """A community word names the community when plural ("Kurds") or before a common noun ("Karen
    guerrillas", "Kurdish fighters"); before another name it is a first name ("Karen Bass")."""
    following = doc[i + 1] if i + 1 < len(doc) else None
    if following is not None and following.text[:1].isupper():
        return False
    return is_plural_people(doc[i]) or (following is not None and following.pos_ in {"NOUN", "ADJ", "PROPN"})


def is_stance(tokens: TokenColumns, start: int) -> bool:
    """A name glued to "anti-"/"pro-" ("anti-Syria", "pro-Russian") gives a stance, not a country."""
    return (start >= 2 and tokens.words[start - 1] in HYPHENS and not tokens.spaced[start - 2]
            and tokens.lower[start - 2] in STANCE_PREFIXES)


def first_kept(doc: Doc, modifiers: list[Segment], head: Segment) -> int:
    return modifiers[0].start if modifiers else head.start


def distrust_surnames(tokens: TokenColumns, segments: list[Segment]) -> list[Segment]:
    """A KB person matched on a surname inside a longer unknown name ("Omar Hassan al-Bashir" is not
    the KB's "Mohammed al-Bashir") is an unknown name."""
    out: list[Segment] = []
    for segment in segments:
        people = segment.kind == "kb" and all(e.kind == "person" for e in segment.payload)
        if people and out and out[-1].kind == "name" and out[-1].end == segment.start:
            out[-1] = out[-1]._replace(end=segment.end)
            continue
        if people and out and tokens.words[segment.start - 1] in HYPHENS:
            out.append(Segment(segment.start, segment.end, "name"))
            continue
        out.append(segment)
    for index, segment in enumerate(out[:-1]):  # "Mara Ilic": a KB surname alias before an unknown name
        following = out[index + 1]
        if (segment.kind == "kb" and all(e.kind == "person" and e.name != tokens.span(segment.start, segment.end)
                                         for e in segment.payload)
                and following.kind == "name" and following.start == segment.end):
            out[index] = Segment(segment.start, segment.end, "name")
    return out


def merge_names(segments: list[Segment]) -> list[Segment]:
    """Adjacent unknown capitalised words form one name ("Serhiy Lysak")."""
    merged: list[Segment] = []
    for segment in segments:
        if segment.kind == "name" and merged and merged[-1].kind == "name":
            merged[-1] = merged[-1]._replace(end=segment.end)
        elif (segment.kind == "name" and len(merged) >= 2 and merged[-1].kind == "word" and merged[-2].kind == "name"
              and merged[-1].end - merged[-1].start == 1 and merged[-1].payload == "hyphen"):
            merged[-2:] = [merged[-2]._replace(end=segment.end)]  # "Jean-Bertrand Aristide"
        else:
            merged.append(segment)
    return merged


def in_run(word: str, lower: str, pos: str, space: bool, alpha: bool) -> bool:
    """Whether a token (its text, lower-case form, part of speech, space and alphabetic flags) can be
    part of a nominal run."""
    if space or "\n" in word:
        return False
    if lower in WEEKDAYS:
        return False  # "Yasser Arafat Wednesday rejected": the day is no part of the name
    if pos in RUN_POS:
        return True
    if word[:1].isupper() and pos not in NEVER_IN_RUN and pos != "AUX":
        return alpha or "." in word
    return False


def nominal_runs(tokens: TokenColumns) -> list[tuple[int, int]]:
    """Maximal stretches of nominal tokens (token indices, end exclusive), joined across a
    possessive and word-internal hyphens. A trailing adjective stays: taggers often read role nouns
    ("official") as adjectives, and a phrase headed by a real adjective names no actor anyway."""
    words, lower, pos, spaced = tokens.words, tokens.lower, tokens.pos, tokens.spaced
    # each token's answer once, in one pass (the loops below ask for most tokens once or twice)
    runnable = list(map(in_run, words, lower, pos, tokens.space, tokens.alpha))
    runs: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if not runnable[i]:
            i += 1
            continue
        j = i + 1
        while j < n:
            word = words[j]
            glued = word in HYPHENS and not spaced[j - 1]
            if tokens.dep[j - 1] in ARGUMENTS and tokens.heads[j - 1] >= j and not word[:1].isupper() and not glued:
                break  # "warplanes struck ..." with the verb mistagged as a noun: the subject ends here
            if pos[j] == "ADJ" and word[:1].islower() and lower[j].endswith("ed") and pos[j - 1] == "PROPN":
                break  # "Kurti blamed Belgrade": a past-tense verb mistagged as an adjective after a name
            if runnable[j] and lower[j] not in POSSESSIVE:
                j += 1
                continue
            possessive = word in POSSESSIVE and pos[j] in {"PART", "X", "PUNCT", "ADP"}
            hyphen = word in HYPHENS and not spaced[j - 1] and not spaced[j]
            if hyphen and j + 1 < n and tokens.alpha[j + 1]:  # "Vietnamese-led", "Jean-Bertrand"
                j += 2
                continue
            if possessive and j + 1 < n and runnable[j + 1]:
                j += 2
                continue
            if word in POSSESSIVE and pos[j] in {"PART", "X"}:
                j += 1  # "Kosovo's" before a verb or the end: keep the possessive with its owner
            break
        runs.append((i, j))
        i = j
    return runs


def is_dateline(doc: Doc, start: int, end: int) -> bool:
    """The article's opening place name before a dash: "KYIV —", "DUBAI —"."""
    return start == 0 and end < len(doc) and doc[end].text in {"\u2014", "\u2013", "--", "-", "("}


def fold_appositions(text: str, mentions: list[Mention]) -> list[Mention]:
    """A role phrase in apposition to a name describes that person: "The group's military spokesman,
    Yahya Saree" / "Yahya Saree, the group's military spokesman" -> one person mention (the name) with
    the role's country, sectors and affiliation; the role phrase is not listed."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for a, b in apposition_pairs(text, ordered):
        between = text[a.end:b.start]
        if "," not in between or len(between) > 40 or any(c in between for c in ".;\n\"\u201c\u201d"):
            continue
        role, person = (a, b) if a.kind == "person" and a.name is None and b.name else (b, a)
        if not (role.kind == "person" and role.role and person.kind in {"person", "unknown"} and person.name
                and role is not person and role.listed):
            continue
        if role.name not in (None, person.name):
            continue
        if role.start < person.start and len(between.split()) > 5:
            continue
        if person.kind == "unknown" and (role.start < person.start or " " not in person.name
                                         or not APPOSITION_OPENER.fullmatch(between)):
            continue  # an unknown name needs a full name and a true apposition: not "..., told VOA", "However, a"
        role.listed = False
        person.kind = "person"  # an unknown name described by a person's role is that person
        person.role = person.role or role.role
        if role.affiliation and not person.affiliation:
            person.affiliation = role.affiliation
            person.sector = role.sector
            person.country = role.country
        elif person.country is None:
            person.country = role.country
            person.nominal = person.nominal or role.nominal
        if not person.sector:
            person.sector = role.sector
    return [m for m in mentions if m.listed]


def apposition_pairs(text: str, ordered: list[Mention]) -> Iterator[tuple[Mention, Mention]]:
    """Neighbouring mentions, and a name and a role phrase with only a possessor between them
    ("Salaheddine Sidhoum, Algeria's leading human rights activist": "Algeria's" is listed apart)."""
    for index, mention in enumerate(ordered[:-1]):
        yield mention, ordered[index + 1]
        owner = ordered[index + 1]
        if index + 2 < len(ordered) and owner.kind == "state" and text[owner.end:owner.end + 2] in POSSESSIVE:
            yield mention, ordered[index + 2]


def create(*, resources: Any, options: dict[str, Any]) -> ActorStage:
    kb = resources.get("actor_kb") if "actor_kb" in resources else None
    return ActorStage(countries=resources.get("countries"), kb=kb, cues=resources.get("speech_cues"),
                      phrases=resources.get("actor_phrases"),
                      context_country=bool(options.get("context_country", True)))
