"""The rule components after the statistical NER: entity span clean-up and knowledge corrections.

`eventwatch_entity_spans`: the training corpora disagree on whether a title belongs to a name
(GUM and re3d often include it, UniversalNER and CoNLL-style wikigold never do), so the model
sometimes returns "Mr Pugh" or "Lt. Col. Ahmed Hassan". This component trims leading titles
and honorifics from PERSON entities and a leading determiner from every entity, so names are
names and the actor stage sees titles as the words before them.

`eventwatch_entity_knowledge` (`EntityKnowledge`, last in the pipeline): adds the names the
NER missed and fixes types and spans with eventwatch's own knowledge (actor KB, country table,
gazetteer; read through `names.NameKnowledge`, loaded once when the pipeline is loaded) and a
few UniversalNER conventions. Both are created by their factories from the package's data
files, so the shipped model's config names them and `spacy.load` rebuilds them.
Word lists: data/entity_rules.json; given names: data/given_names.txt.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventwatch.language.names import NameKnowledge
from eventwatch.language.surface import TokenColumns

FACTORY = "eventwatch_entity_spans"
RULES_FILE = "entity_rules.json"
GIVEN_NAMES_FILE = "given_names.txt"


def read_rules() -> dict[str, Any]:
    text = resources.files("eventwatch.language").joinpath("data", RULES_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def read_given_names() -> frozenset[str]:
    """The given names of data/given_names.txt (built by training/given_names.py)."""
    text = resources.files("eventwatch.language").joinpath("data", GIVEN_NAMES_FILE).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class EntityRules:
    person_titles: frozenset[str]
    determiners: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> EntityRules:
        return cls(person_titles=frozenset(data["person_titles"]), determiners=frozenset(data["determiners"]))


def trimmed(ent: Span, rules: EntityRules) -> Span:
    """The entity without leading determiners (any label) and titles (PERSON); at least one
    word is kept, and a title is dropped only when a capitalised word follows it."""
    start = ent.start
    doc = ent.doc
    while start < ent.end - 1:
        word = doc[start].lower_
        if word in rules.determiners or (
                ent.label_ == "PERSON" and word in rules.person_titles and doc[start + 1].text[:1].isupper()):
            start += 1
        else:
            break
    return ent if start == ent.start else Span(doc, start, ent.end, label=ent.label)


class EntitySpans:
    def __init__(self, *, rules: EntityRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        if doc.ents:
            doc.ents = [trimmed(ent, self.rules) for ent in doc.ents]
        return doc


@Language.factory(FACTORY)
def make_entity_spans(nlp: Language, name: str) -> EntitySpans:
    return EntitySpans(rules=EntityRules.from_data(read_rules()))


# --- knowledge-informed corrections -------------------------------------------------------

KNOWLEDGE_FACTORY = "eventwatch_entity_knowledge"
NAME_LABELS = frozenset({"PERSON", "ORG", "LOC"})


@dataclass(frozen=True)
class KnowledgeRules:
    honorifics: frozenset[str]
    title_words: frozenset[str]
    name_suffixes: frozenset[str]
    name_links: frozenset[str]
    locative_prepositions: frozenset[str]
    non_names: frozenset[str]
    not_names: frozenset[str]
    org_designators: frozenset[str]
    particles: frozenset[str]
    min_population: int
    strong_population: int
    max_name_words: int

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> KnowledgeRules:
        words = {key: frozenset(data[key]) for key in (
            "honorifics", "title_words", "name_suffixes", "name_links", "locative_prepositions", "non_names",
            "not_names", "org_designators", "particles")}
        return cls(**words, min_population=int(data["min_population"]),
                   strong_population=int(data["strong_population"]), max_name_words=int(data["max_name_words"]))


def is_title(span: Span, rules: KnowledgeRules, words: TokenColumns) -> bool:
    """Only title words (and links): "President", "Lord Mayor", "Minister of State" is not one."""
    lowers = words.lower[span.start:span.end]
    return all(lower in rules.title_words or lower in rules.name_links or lower == "the" for lower in lowers) \
        and lowers[0] in rules.title_words


def is_non_name(span: Span, rules: KnowledgeRules, words: TokenColumns) -> bool:
    """A pronoun or common word the NER took for a name: "We" at a sentence start, "stuffy"."""
    if len(span) != 1:
        return False
    i = span.start
    text, pos = words.words[i], words.pos[i]
    if text == "I" or (words.lower[i] in rules.non_names and not span[0].is_upper):
        return True
    if i == words.sentence_start(i) and pos in ("ADJ", "VERB", "ADV", "INTJ", "AUX", "SCONJ"):
        return True  # "Breathtaking views and fabulous rooms.", "Visit people once a year."
    return not any(ch.isupper() for ch in text) and pos != "PROPN"


class EntityKnowledge:
    """Entity corrections from eventwatch's knowledge (`names.NameKnowledge`), after the NER and
    the span clean-up. Entities other than PERSON, ORG and LOC (NORP) are left as they are.

    Names joined by "and" in one entity are split when the knowledge reads every part ("Munich
    and Bremen"). For each entity, in this order:
    1. lower-case words at its edges leave it ("terrorist group Hamas", "al-Qaeda members"; name
       particles such as "al", "de" stay), and a PERSON loses the titles inside it ("U.S.
       President George W. Bush" -> "George W. Bush");
    2. a name after an honorific is a person, whatever the NER said ("Mr Osborne" tagged LOC
       -> PERSON "Osborne");
    3. a title alone ("President", "Emperor"), a pronoun ("We"), a lower-case common word
       ("stuffy") and a sentence-initial adjective or verb ("Breathtaking views") are not names:
       dropped;
    4. a demonym ("Iraqi", "South Korean") becomes NORP, which UniversalNER does not tag;
    5. types:
       - a name the knowledge reads one way only gets that type: an actor-KB organisation
         becomes ORG, a KB person by full name PERSON, a country or prominent place tagged
         ORG becomes LOC (UniversalNER tags countries acting as states LOC more often than
         ORG: always in its EWT data, a little more often than ORG in PUD);
       - a one-word PERSON that the gazetteer knows as a prominent place becomes LOC when a
         locative preposition comes before it or the place is large (`strong_population`);
       - a LOC or PERSON ending in an organisation word ("Roma Tre University") becomes ORG;
       - a LOC or ORG of two or three capitalised words starting with a given name becomes
         PERSON ("Florence Garrard");
       - a one-word LOC that no place of the gazetteer is called, as the subject or the
         possessor ("Tarlo says", "Kipling 's need"), becomes PERSON: places rarely act;
    6. a PERSON takes in the capitalised proper nouns the NER cut off after it and a regnal
       number or Jr./Sr. ("Andre Price III", "Mojmir I");
    7. a one-word LOC or ORG that is the last word of a person named in the same text is that
       person ("David Paterson ... Paterson says").
    Then names the NER missed, over the runs of capitalised words (with links such as "of")
    outside entities:
    - a lone word that is the surname of a person named in the text is that person;
    - a proper-noun run after an honorific is a PERSON ("President Yudhoyono");
    - a whole run the knowledge reads one way only is an entity of that type ("Bank of
      Scotland", "Indian Ocean", "GCHQ"), else each part between "and"s; a place inside a
      longer unknown name is not one ("Prague Conservatory" is not "Prague"), nor a town's
      name that acts ("Paterson says");
    - two or three capitalised words starting with a given name are a PERSON ("Florence
      Garrard"; `given_names` plus the first names of the actor KB's people);
    - two to four proper nouns inside a sentence ending in an organisation word are an ORG
      ("Canadian Blood Services").
    The figures these rules move are in docs/model-card.md.
    The methods read tokens through one `TokenColumns` per Doc (`words`), built in `__call__`.
    """

    def __init__(self, *, names: NameKnowledge, rules: KnowledgeRules, determiners: frozenset[str],
                 given_names: frozenset[str]) -> None:
        self.names = names
        self.rules = rules
        self.determiners = determiners
        self.given_names = given_names

    def __call__(self, doc: Doc) -> Doc:
        words = TokenColumns(doc)
        kept: list[Span] = []
        for whole in doc.ents:
            for ent in self.coordinated(whole, words):
                fixed = self.corrected(ent, words)
                if fixed is not None:
                    kept.append(fixed)
        surnames = {words.words[ent.end - 1] for ent in kept if ent.label_ == "PERSON" and len(ent) > 1}
        kept = [self.by_surname(ent, surnames, words) for ent in kept]
        taken = [False] * len(doc)
        for ent in kept:
            taken[ent.start:ent.end] = [True] * len(ent)
        kept.extend(self.missed(words, taken, surnames))
        doc.ents = filter_spans(kept)
        return doc

    def by_surname(self, ent: Span, surnames: set[str], words: TokenColumns) -> Span:
        """A one-word LOC or ORG that is the last word of a person named in the same text is that
        person again ("David Paterson ... Paterson says"), unless it is a country."""
        if len(ent) == 1 and ent.label_ in ("LOC", "ORG") and words.words[ent.start] in surnames \
                and self.names.countries.by_name(words.words[ent.start]) is None:
            return Span(ent.doc, ent.start, ent.end, label="PERSON")
        return ent

    def corrected(self, ent: Span, words: TokenColumns) -> Span | None:
        if ent.label_ not in NAME_LABELS:
            return ent
        ent = self.without_common_edges(ent, words)
        if ent.label_ == "PERSON":
            ent = self.after_titles(ent, words)
        rules = self.rules
        doc = ent.doc
        start = ent.start
        while start < ent.end - 1 and words.lower[start] in rules.honorifics and words.capitalised[start + 1]:
            start += 1
        if start > ent.start:
            return self.with_suffix(Span(doc, start, ent.end, label="PERSON"), words)
        if is_title(ent, rules, words) or is_non_name(ent, rules, words):
            return None
        readings = self.names.readings(words.span(ent.start, ent.end))
        if "NORP" in readings:
            return Span(doc, ent.start, ent.end, label="NORP")
        label = self.knowledge_label(ent, readings - {"NORP"}, words)
        if label != ent.label_:
            ent = Span(doc, ent.start, ent.end, label=label)
        return self.with_suffix(ent, words) if label == "PERSON" else ent

    def coordinated(self, ent: Span, words: TokenColumns) -> list[Span]:
        """Names joined by "and" that the NER took for one ("Munich and Bremen", "al-Qaeda and
        Iraq"), split when the knowledge reads every part as one type; else the entity."""
        cuts = [i for i in range(ent.start, ent.end) if words.lower[i] == "and"]
        if not cuts or ent.label_ not in NAME_LABELS:
            return [ent]
        parts, start = [], ent.start
        for cut in [*cuts, ent.end]:
            if cut == start:
                return [ent]
            readings = self.names.readings(words.span(start, cut)) - {"NORP"}
            if len(readings) != 1:
                return [ent]
            parts.append(Span(ent.doc, start, cut, label=next(iter(readings))))
            start = cut + 1
        return parts

    def without_common_edges(self, ent: Span, words: TokenColumns) -> Span:
        """The entity without lower-case words at its edges ("terrorist group Hamas", "al-Qaeda
        members"), name particles ("al-Qaeda", "de Klerk") kept; an entity written all in lower
        case (web text: "tampa bay") is left as it is."""
        start, end = ent.start, ent.end
        doc = ent.doc
        capitalised = words.capitalised
        if not any(capitalised[start:end]):
            return ent
        while start < end and not capitalised[start] and words.lower[start] not in self.rules.particles:
            start += 1
        while end > start and not capitalised[end - 1] and not doc[end - 1].is_digit:
            end -= 1
        if (start, end) == (ent.start, ent.end) or start == end:
            return ent
        return Span(doc, start, end, label=ent.label)

    def after_titles(self, ent: Span, words: TokenColumns) -> Span:
        """A person without the titles inside the entity ("U.S. President George W. Bush", "UN
        Secretary General Kofi Annan" -> the name after the last title word)."""
        last = max((i for i in range(ent.start, ent.end - 1) if words.lower[i] in self.rules.title_words),
                   default=None)
        if last is None or not words.capitalised[last + 1]:
            return ent
        return Span(ent.doc, last + 1, ent.end, label=ent.label)

    def knowledge_label(self, ent: Span, readings: frozenset[str], words: TokenColumns) -> str:
        label = ent.label_
        if label in ("LOC", "PERSON") and not readings and self.designated_org(words, ent.start, ent.end):
            return "ORG"
        if label in ("LOC", "ORG") and not readings and self.given_name_first(words, ent.start, ent.end):
            return "PERSON"  # "Florence Garrard", "Goffredo Petrassi"
        if label == "LOC" and not readings and len(ent) == 1 and self.acting(ent) and self.maybe_person(ent[0]):
            return "PERSON"  # "Tarlo says", "Kipling 's need": no place of that name, and places rarely act
        if len(readings) != 1 or label not in NAME_LABELS:
            return label
        (reading,) = readings
        if reading in ("ORG", "PERSON"):
            return reading
        if reading == "LOC" and label == "ORG":
            return "LOC"
        if reading == "LOC" and label == "PERSON" and len(ent) == 1:
            before = words.lower[ent.start - 1] if ent.start > 0 else ""
            place = self.names.place(words.words[ent.start])
            large = place is not None and place.population >= self.rules.strong_population
            if large or before in self.rules.locative_prepositions:
                return "LOC"
        return label

    def given_name_first(self, words: TokenColumns, start: int, end: int) -> bool:
        """Two or three capitalised words, the first a given name, the last no organisation word."""
        first = words.words[start]
        return 2 <= end - start <= 3 and (first in self.given_names or first in self.names.first_names) and all(
            t.is_alpha and t.is_title for t in words.doc[start:end]) \
            and words.lower[end - 1] not in self.rules.org_designators

    def designated_org(self, words: TokenColumns, start: int, end: int) -> bool:
        """A name ending in an organisation word ("Roma Tre University", "Canadian Blood Services")."""
        return end - start > 1 and words.lower[end - 1] in self.rules.org_designators and words.capitalised[end - 1]

    def unknown_org_name(self, span: Span, words: TokenColumns) -> bool:
        """Whether a run the NER left out may be an organisation by its last word alone: two to four
        proper nouns inside a sentence, not a title ("Action Network is..." at a line start and
        signatures such as "Senior Regulatory Counsel ISO New England Inc." are left alone)."""
        return 2 <= len(span) <= 4 and span.start != words.sentence_start(span.start) \
            and words.lower[span.start] not in self.rules.title_words \
            and all(words.pos[i] == "PROPN" or words.lower[i] in self.rules.name_links
                    for i in range(span.start, span.end))

    def maybe_person(self, token: Token) -> bool:
        """A word no place is called, that is no acronym ("BTA") and no role noun ("Cabinet")."""
        return not token.is_upper and not self.names.known_place(token.text) and not self.names.role_noun(token.text)

    @staticmethod
    def acting(ent: Span) -> bool:
        """Whether the entity is a subject or a possessor ("X said", "X 's")."""
        doc = ent.doc
        return ent.root.dep_ in ("nsubj", "nsubj:pass") or (ent.end < len(doc) and doc[ent.end].lower_ in ("'s", "’s"))

    def with_suffix(self, ent: Span, words: TokenColumns) -> Span:
        """The person with the rest of the name the NER cut off ("Joseph Gordon" + "Levitt" is not
        handled; "Andre" + "Price" is) and a regnal number or Jr./Sr."""
        doc = ent.doc
        end = ent.end
        texts, lowers, pos = words.words, words.lower, words.pos
        while end < len(words) and doc[end].ent_iob_ == "O" and pos[end] == "PROPN" and doc[end].is_title \
                and lowers[end] not in self.rules.title_words and texts[end] not in self.rules.name_suffixes:
            end += 1
        if end > ent.end:
            ent = Span(doc, ent.start, end, label=ent.label)
        end = ent.end
        if end < len(words) and texts[end] in self.rules.name_suffixes and doc[end].ent_iob_ != "B" and (
                texts[end] != "I" or end + 1 == len(words) or pos[end + 1] not in ("VERB", "AUX")):
            return Span(doc, ent.start, end + 1, label=ent.label)
        return ent

    def missed(self, words: TokenColumns, taken: list[bool], surnames: set[str]) -> list[Span]:
        found: list[Span] = []
        doc = words.doc
        texts, lowers, capitalised = words.words, words.lower, words.capitalised
        i = 0
        while i < len(texts):
            if taken[i] or not capitalised[i] or lowers[i] in self.determiners:
                i += 1
                continue
            end = self.run_end(words, i, taken)
            if end == i + 1 and texts[i] in surnames and words.pos[i] in ("PROPN", "NOUN"):
                found.append(Span(doc, i, end, label="PERSON"))
                i = end
                continue
            spans = self.titled_person(words, i, end) or self.known_names(words, i, end)
            found.extend(spans)
            i = end
        return found

    def run_end(self, words: TokenColumns, start: int, taken: list[bool]) -> int:
        """The end of the run of capitalised words (and links between them) from `start`."""
        end = start + 1
        links = self.rules.name_links
        lowers, capitalised, n = words.lower, words.capitalised, len(words)
        while end < n and not taken[end] and (capitalised[end] or (
                lowers[end] in links and end + 1 < n and not taken[end + 1] and capitalised[end + 1])):
            end += 1
        return end

    def titled_person(self, words: TokenColumns, start: int, end: int) -> list[Span]:
        """"President Yudhoyono", "Lt. Gen. Prosper Avril": the proper nouns after an honorific (and
        any further titles), unless the knowledge reads them otherwise."""
        lowers = words.lower
        if lowers[start] not in self.rules.honorifics:
            return []
        first = start + 1
        while first < end and lowers[first] in self.rules.title_words:
            first += 1
        last = first
        while last < end and words.pos[last] == "PROPN" and words.capitalised[last]:
            last += 1
        if last == first or self.names.readings(words.span(first, last)) - {"PERSON"}:
            return []
        return [self.with_suffix(Span(words.doc, first, last, label="PERSON"), words)]

    def known_names(self, words: TokenColumns, start: int, end: int) -> list[Span]:
        """The run as one name the knowledge reads one way, else each part between "and"s
        ("Moscow and Saint Petersburg"). Only whole runs: "Prague" in "Prague Conservatory"
        is part of an unknown name, not a place. A sentence-initial adverb or a number before
        a one-word run ("Naturally China", "512 BC") is left out."""
        doc = words.doc
        if start == words.sentence_start(start) and words.pos[start] not in ("PROPN", "NOUN") and end - start > 1:
            start += 1
        if end - start > self.rules.max_name_words:
            return []
        whole = self.known(words, start, end)
        if whole is not None:
            return [whole]
        if self.given_name_first(words, start, end) and all(pos == "PROPN" for pos in words.pos[start:end]) \
                and not self.names.readings(words.span(start, end)):
            return [self.with_suffix(Span(doc, start, end, label="PERSON"), words)]
        found, part = [], start
        for k in range(start, end + 1):
            if k == end or words.lower[k] == "and":
                span = self.known(words, part, k) if k > part else None
                if span is not None:
                    found.append(span)
                part = k + 1
        return found

    def known(self, words: TokenColumns, start: int, end: int) -> Span | None:
        doc = words.doc
        if end - start == 1 and (words.words[start] in self.rules.not_names or start > 0 and doc[start - 1].like_num):
            return None
        if not words.capitalised[end - 1] or words.lower[start] in self.rules.name_links:
            return None
        text = words.span(start, end)
        readings = self.names.readings(text)
        if readings == {"LOC"} and end - start == 1 and self.acting(doc[start:end]):
            place = self.names.place(text)
            if place is not None and place.feature == "city":
                return None  # "Paterson says": a town's name, but towns rarely speak
        if len(readings) == 1 and readings <= NAME_LABELS:
            return Span(doc, start, end, label=next(iter(readings)))
        if not readings and self.designated_org(words, start, end) and self.unknown_org_name(doc[start:end], words):
            return Span(doc, start, end, label="ORG")
        return None


@Language.factory(KNOWLEDGE_FACTORY)
def make_entity_knowledge(nlp: Language, name: str) -> EntityKnowledge:
    from eventwatch.knowledge import actors, countries, gazetteer

    data = read_rules()
    rules = KnowledgeRules.from_data(data)
    names = NameKnowledge(countries=countries.load(), actor_kb=actors.load(), gazetteer=gazetteer.load(),
                          min_population=rules.min_population)
    return EntityKnowledge(names=names, rules=rules, determiners=frozenset(data["determiners"]),
                           given_names=read_given_names())
