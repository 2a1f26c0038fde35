"""The places stage: find the toponyms of an article and put each on the map.

Recognition. Place names come from two sources that back each other up:
- the language model's entities (LOC, GPE, FAC where the model has them): names the
  gazetteer does not spell the same way are looked up inside the entity;
- a longest-match scan of the gazetteer over capitalised word sequences ("New York City",
  "Khan Younis", "U.S."), so a weak or missing recogniser still finds known places. A name
  found only this way must not sit inside a PERSON or ORG entity ("George Washington",
  "Washington Post") nor run on into another capitalised word; a name that is also a
  common English word ("Mission", "Hope") needs the recogniser or a locative preposition
  ("in Hope").
Demonyms and adjectives ("Ukrainian", "Sudanese") are country signals, not places
(`doc.extras["places"]["country_signals"]`). Metonyms are actors, not places
(`doc.extras["places"]["metonyms"]`): seats of government ("the Kremlin", "White House")
always, capitals and countries when an actor verb follows ("Moscow denied", "Russia
launched", "US and British warplanes struck"), when an actor verb governs them ("accused
Moscow") or a possessive names an organ of state ("Russia's ambassador", "Ukraine's air
force"); this follows the project's coding conventions (countries used as actors are not
places). A dateline ("KYIV —", "BEIRUT, Lebanon (AP) —") is a place.

Precision. "30 km south of Mosul", "a suburb of Khartoum", "near the border with Chad"
resolve to the named place; the phrase goes into `Place.note`. A designator after the
name ("Nineveh province", "Rapides Parish") prefers the matching kind of entry; a
capitalised one is part of the name ("Shan State").

Disambiguation. Each distinct name is resolved once per article (one sense per
discourse), by a score over its gazetteer entries:
- prior: log10 of population (prominence for curated entries), a bonus for countries and
  first-level divisions, a malus for a GeoNames alternate name that is not the entry's own
  name or a curated alias ("Nineveh" the former name of a town in New York);
- the name's own qualifier ("Springfield, Illinois", "Paris, Texas", "Austin, TX"),
  strongest of all;
- the article: countries and first-level divisions of confidently resolved places and of
  demonyms, places within 150 km of those, likely readings of other names within 50 km,
  and the dateline's country. "Rafah" in a story that also names Gaza lands in Gaza; with
  Egypt's El Arish, in Egypt.
The first pass resolves with prior and qualifiers; names that came out clearly (one
reading or a wide margin) become the article's evidence for the second pass, and names
clear after it join the evidence for a third.

Countries are emitted with feature "country" and their ISO3, so a consumer can tell a
country from a point in it. Method, weights and evaluation: docs/places.md.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from eventwatch.document import Document
from eventwatch.knowledge.gazetteer import Entry, Gazetteer, distance_km, normalise
from eventwatch.record import Place

TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
SENTENCE_GAP = re.compile(r"[.!?:;\n“\"(]\s*$")  # what ends a sentence before a word
ENTITY_TAIL = re.compile(r"(?:['’]s|[-–—,])$")
NOT_IN_NAME = re.compile(r"[,;:!?()\n\"“”]|\s{2,}")  # punctuation or a double space: two names, not one
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "el", "al", "and", "upon", "on", "du", "des", "da", "do",
                        "dos", "das", "di", "am", "an", "der", "sur", "en", "y", "the", "ad", "ash", "as", "at"})
DATELINE = re.compile(r"^\s*([A-Z][A-Z.'’\- ]+[A-Z.])(?:,\s*([A-Z][\w.'’\- ]+?))?\s*(?:\([^)]{1,30}\))?\s*[—–-]{1,2}\s")
LOCATION_LABELS = frozenset({"LOC", "GPE", "FAC"})
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT"})
SKIPPABLE = frozenset({"has", "have", "had", "will", "would", "also", "again", "did", "does", "do", "not", "then",
                       "later", "on", "is", "was", "reportedly", "officially", "may", "might", "could",
                       "should", "can", "already", "never", "still", "publicly", "quickly", "repeatedly", "immediately"})
DETERMINERS = frozenset({"the", "both", "either", "neighbouring", "neighboring", "nearby", "all", "southern",
                         "northern", "eastern", "western", "central"})
DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                        "northeastern", "northwestern", "southeastern", "southwestern", "greater", "upper",
                        "lower", "central", "inner", "outer", "metropolitan", "metro", "rural", "downtown"})
NEAR_KM = 150.0
FIRST_MARGIN = 1.5  # how clearly a name must stand out on its own to be evidence for the others
LATER_MARGIN = 1.0  # ... and in the light of the first round of evidence
LIKELY_READINGS = 5  # readings of each name that may support a neighbouring name's reading
COHERENT_KM = 50.0
# GeoNames' alternate names include former and colloquial names ("Delaware" for a Virginia town):
# such a reading must beat the places of that very name by the article's context, not by size.
ALTERNATE_NAME_MALUS = 4.0
FEATURE_BONUS = {"country": 1.5, "admin1": 0.8, "admin2": -0.3, "city": 0.0, "region": 0.5, "other": 0.5}


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    capitalised: bool  # text[:1].isupper(), kept: the stage asks it of every token several times
    possessive: bool = False
    sentence_start: bool = False


@dataclass
class Mention:
    start: int
    end: int
    text: str
    key: str
    first: int  # token indices
    last: int
    ner: bool = False
    dateline: bool = False
    is_qualifier: bool = False
    designator: str | None = None
    qualifiers: list[Entry] = field(default_factory=list)
    note: str | None = None


@dataclass
class Context:
    """What the rest of the article says: countries, first-level divisions and anchor places.

    Each is kept with the name that contributed it, so a name is never its own evidence.
    """

    countries: Counter = field(default_factory=Counter)
    admin1: Counter = field(default_factory=Counter)
    anchors: dict[tuple[int, int], list[tuple[str, Entry]]] = field(default_factory=dict)  # by 2-degree cell
    readings: dict[tuple[int, int], list[tuple[str, Entry]]] = field(default_factory=dict)  # every name's likely ones
    own: dict[str, tuple[Entry, int]] = field(default_factory=dict)
    dateline_country: str | None = None

    def country_count(self, country: str | None, key: str) -> int:
        own = self.own.get(key)
        return self.countries[country] - (own[1] if own and own[0].country == country else 0)

    def add_anchor(self, key: str, entry: Entry) -> None:
        if entry.lat is not None and entry.lon is not None:
            self.anchors.setdefault(cell(entry.lat, entry.lon), []).append((key, entry))

    def near_anchor(self, entry: Entry, key: str, *, grid: str = "anchors", within: float = NEAR_KM) -> bool:
        """Whether a clearly resolved place of another name lies within NEAR_KM (a grid, not a scan);
        with grid="readings", any likely reading of another name within `within`."""
        if entry.lat is None or entry.lon is None:
            return False
        row, col = cell(entry.lat, entry.lon)
        points = self.anchors if grid == "anchors" else self.readings
        if not points:
            return False
        name = key.split("#")[0]
        for r in (row - 1, row, row + 1):  # loops, not a generator: this runs for every reading and pass
            for c in (col - 1, col, col + 1):
                for k, a in points.get((r, c), ()):
                    if k.split("#")[0] != name and a.index != entry.index and km(entry, a) <= within:
                        return True
        return False

    def admin1_count(self, country: str | None, admin1: str | None, key: str) -> int:
        own = self.own.get(key)
        mine = own is not None and (own[0].country, own[0].admin1) == (country, admin1)
        return self.admin1[country, admin1] - (own[1] if mine else 0)


def tokenise(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    previous_end = -1
    for match in TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        if previous_end < 0:
            sentence_start = True
        elif start - previous_end == 1 and text[previous_end] == " ":
            sentence_start = False  # most words follow a single space, which ends no sentence
        else:
            gap = text[previous_end:start]
            sentence_start = bool(SENTENCE_GAP.search(gap)) or "\n" in gap
        previous_end = end
        # "Moscow's": a word ends in a letter, so a possessive ending is "'s" or "’s" (not "'S")
        if word[-1] == "s" and len(word) > 2 and word[-2] in "'’":
            append(Token(start, end - 2, word[:-2], word[0].isupper(), True, sentence_start))
        else:
            append(Token(start, end, word, word[0].isupper(), False, sentence_start))
    return tokens


def cell(lat: float, lon: float) -> tuple[int, int]:
    """A 2-degree grid cell: its 3x3 neighbourhood holds every point within NEAR_KM below 60 degrees."""
    return int(math.floor(lat / 2)), int(math.floor(lon / 2))


def km(a: Entry, b: Entry) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return math.inf
    return distance_km(a.lat, a.lon, b.lat, b.lon)


class PlaceStage:
    name = "places"

    def __init__(self, *, gazetteer: Gazetteer, countries: Any = None, max_words: int = 6,
                 drop_actor_countries: bool = True) -> None:
        self.gazetteer = gazetteer
        self.countries = countries
        self.max_words = min(max_words, gazetteer.max_words)
        self.drop_actor_countries = drop_actor_countries
        cues = gazetteer.cues
        self.designators: dict[str, str] = dict(cues.get("designators") or {})
        self.titles: dict[str, str] = dict(cues.get("titles") or {})
        self.precision = [re.compile(p, re.IGNORECASE) for p in cues.get("precision") or ()]
        self.locative = frozenset(cues.get("locative") or ())
        self.actor_verbs = frozenset(cues.get("actor_verbs") or ())
        self.actor_nouns = frozenset(cues.get("actor_nouns") or ())
        self.actor_predicates = frozenset(cues.get("actor_predicates") or ())
        self.actor_modifiers = frozenset(cues.get("actor_modifiers") or ())
        self.actor_prepositions = frozenset(cues.get("actor_prepositions") or ())
        self.not_places = frozenset(cues.get("not_places") or ())
        self.name_openers = self.not_places | DETERMINERS | DIRECTIONS  # words before a name that stay out of it
        self.located_heads = frozenset(cues.get("located_heads") or ()) | frozenset(self.designators)
        self.sentence_openers = frozenset(cues.get("sentence_openers") or ())
        self.seats: dict[str, tuple[Any, tuple[str, ...]]] = {}
        if countries is not None:
            for place, country, sectors in countries.metonyms():
                self.seats.setdefault(normalise(place), (country, sectors))

    # --- recognition -------------------------------------------------------------------

    def process(self, doc: Document) -> Document:
        text = doc.text
        tokens = tokenise(text)
        ends = [token.end for token in tokens]  # increasing: longer_name's bisection
        located, blocked, demonym_spans = self.entities(doc)
        located_ends = [end for _, end in located]  # entities come in order and do not overlap: increasing
        dateline = self.dateline(text)
        mentions: list[Mention] = []
        metonyms: list[dict[str, Any]] = []
        signals: list[dict[str, Any]] = []
        i = 0
        while i < len(tokens):
            if not tokens[i].capitalised:  # neither a name nor a demonym starts here (match, demonym)
                i += 1
                continue
            found = self.match(text, tokens, i, dateline)
            if found is None:
                signal = self.demonym(tokens[i])
                if signal is not None:
                    signals.append(signal)
                i += 1
                continue
            mention, seat = found
            signal = self.demonym(tokens[i]) if not self.is_country_name(tokens[i].text) else None
            if signal is not None and mention.first == mention.last and not any(
                    s <= mention.start and mention.end <= e for s, e in located):
                signals.append(signal)  # "Somali pirates": a demonym, not Ethiopia's Somali Region
                i += 1
                continue
            if mention.key in self.not_places:
                i += 1
                continue
            i = mention.last + 1
            if seat is not None:
                metonyms.append(self.metonym_record(mention, *seat))
                continue
            mention.ner = any(not self.longer_name(tokens, mention, s, e, ends=ends)
                              for s, e in overlapping(located, located_ends, mention.start, mention.end))
            if not mention.ner and not mention.dateline and not self.plausible(text, tokens, mention, blocked,
                                                                                         ends=ends):
                continue
            mentions.append(mention)
        for start, end, label_text in demonym_spans:
            if not any(s["start"] == start for s in signals):
                country = self.countries.by_demonym(label_text) if self.countries is not None else None
                if country is not None:
                    signals.append({"text": label_text, "start": start, "end": end, "country": country.iso3})
        for mention in mentions:
            self.read_context(text, tokens, mention)
        self.add_qualifier_mentions(text, tokens, mentions)
        resolved = self.resolve(mentions, signals)
        places: list[Place] = []
        for mention in sorted(mentions, key=lambda m: m.start):
            entry = resolved.get(mention.start)
            if entry is None or entry.lat is None:
                continue
            actor = self.actor_use(text, tokens, mention, entry)
            if actor is not None:
                metonyms.append(self.metonym_record(mention, *actor))
                continue
            places.append(self.place(mention, entry))
        doc.places = places
        doc.extras.setdefault("places", {}).update(
            {"country_signals": sorted(signals, key=lambda s: s["start"]),
             "metonyms": sorted(metonyms, key=lambda m: m["start"])})
        return doc

    def entities(self, doc: Document) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]], list[tuple]]:
        located: list[tuple[int, int]] = []
        blocked: list[tuple[int, int, str]] = []
        demonyms: list[tuple[int, int, str]] = []
        if doc.spacy is None:
            return located, blocked, demonyms
        for ent in doc.spacy.ents:
            label, text, start = ent.label_, ent.text, ent.start_char  # each a lookup in spaCy: read once
            trimmed = ENTITY_TAIL.sub("", text)  # "Tbilisi-" of "Tbilisi-based", "Moscow's"
            span = (start, start + len(trimmed))
            if label in LOCATION_LABELS:
                located.append(span)
            elif label in BLOCKING_LABELS:
                blocked.append((*span, label))
            elif label == "NORP":
                demonyms.append((start, ent.end_char, text))
        return located, blocked, demonyms

    def longer_name(self, tokens: list[Token], mention: Mention, start: int, end: int, *, ends: list[int]) -> bool:
        """Whether a location entity runs on past the name with other capitalised words: the name is
        part of a longer one ("Frenchmen Street", "Mississippi River", "Washington Square"), except
        for a direction before it ("Northeast Georgia") or a designator after it ("Kabul Province").

        `ends`, the tokens' ends, lets the scan start at the entity rather than at the first token."""
        # the tokens before bisect_right(ends, start) end at or before `start`: skipped below anyway
        for token in tokens[bisect.bisect_right(ends, start):]:
            if token.start >= end:
                break
            if token.end <= start or mention.start <= token.start < mention.end or not token.capitalised:
                continue
            word = token.text.lower()
            if token.end <= mention.start and word in self.name_openers \
                    and mention.key not in self.gazetteer.common_words:  # but "East Bank" is not a bank
                continue
            if token.start >= mention.end and word in self.located_heads:
                continue
            return True
        return False

    def dateline(self, text: str) -> tuple[int, int] | None:
        """(start, end) of the dateline's text ("KYIV", "BEIRUT, Lebanon"), when the article has one."""
        match = DATELINE.match(text[:120])
        if match is None:
            return None
        return match.start(1), match.end(2) if match.group(2) else match.end(1)

    def match(self, text: str, tokens: list[Token], i: int, dateline: tuple[int, int] | None
              ) -> tuple[Mention, tuple | None] | None:
        """The longest gazetteer name or seat of government starting at token i."""
        first = tokens[i]
        in_dateline = dateline is not None and dateline[0] <= first.start < dateline[1]
        if not first.capitalised or first.text in ("The", "THE"):
            return None  # "The Hague" is a key of its own; "The Korean Peninsula" starts at "Korean"
        capitals = first.text.isupper() and len(first.text) > 1
        if capitals and not in_dateline and not self.is_country_name(first.text):
            # all-capital words are acronyms (WHO, NATO), not places, except in a dateline, also one
            # inside the text ("CHARLESTON, W.Va. --"), and a country's ("US", "UAE")
            key = normalise(first.text)
            if not (self.gazetteer.qualifier_keys.get(key) or self.gazetteer.is_curated_key(key)
                    or self.dateline_at(text, tokens, i)):
                return None
        stop = min(len(tokens), i + self.max_words)
        for j in range(i + 1, stop):  # a name runs over capitalised words and connectors only
            if not tokens[j].capitalised and tokens[j].text not in CONNECTORS:
                stop = j
                break
        for last in range(stop - 1, i - 1, -1):
            end_token = tokens[last]
            if not end_token.capitalised:
                continue
            raw = text[first.start:end_token.end]
            if NOT_IN_NAME.search(raw):
                continue
            key = normalise(raw)
            known = self.gazetteer.has_key(key)
            if not known and any(t.possessive for t in tokens[i:last]):
                continue  # "Syria's Aleppo" is two names; "People's Republic of China" one
            seat = self.seats.get(key)
            if not known and key in self.gazetteer.qualifier_keys and \
                    re.search(r"\b[DRI]-$", text[max(0, first.start - 3):first.start]):
                # a lawmaker's party and state: "James Clyburn, D-S.C.", "R-Texas"
                return Mention(first.start, end_token.end, raw, key, i, last, is_qualifier=True), None
            if known or seat is not None:
                mention = Mention(first.start, end_token.end, raw, key, i, last, dateline=in_dateline)
                # a seat that is no place name ("Kremlin", "White House") is always the state
                if seat is not None and not known:
                    return mention, seat
                return mention, None
        return None

    @staticmethod
    def dateline_at(text: str, tokens: list[Token], i: int) -> bool:
        """Whether the capitalised words from token i are a dateline: 'SOUTH CHARLESTON, W.Va. --'."""
        if not tokens[i].sentence_start:
            return False
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].text.isupper() and text[tokens[j].end:tokens[j + 1].start] == " ":
            j += 1
        return bool(re.match(r"\s*(?:,\s*[A-Z][\w. ]{1,20}?)?\s*(?:\([A-Z][^)]{0,30}\)|—|–|--|-\s)", text[tokens[j].end:]))

    def is_country_name(self, word: str) -> bool:
        return self.countries is not None and self.countries.by_name(word) is not None

    def demonym(self, token: Token) -> dict[str, Any] | None:
        if self.countries is None or not token.capitalised:
            return None
        country = self.countries.by_demonym(token.text)
        if country is None:
            return None
        return {"text": token.text, "start": token.start, "end": token.end, "country": country.iso3}

    def plausible(self, text: str, tokens: list[Token], mention: Mention, blocked: list[tuple[int, int, str]], *,
                  ends: list[int]) -> bool:
        """Whether a name found only by the gazetteer is used as a place here (`ends`: the tokens' ends,
        to look at the tokens after the name only)."""
        if self.qualifier_after(text, mention) is not None:
            return True  # "Gainesville, Va.": whatever the recogniser thought of it
        for start, end, label in blocked:
            if not (start < mention.end and mention.start < end):
                continue
            if all(self.is_country_name(part) for part in re.split(r"[-–/]", text[start:end]) if part):
                continue  # "Russia-Turkey ties", "U.S.-China": countries, not an organisation
            if mention.start <= start and end <= mention.end and (start, end) != (mention.start, mention.end):
                continue  # the recogniser saw only part of a longer place name ("Democratic Republic")
            if (start, end) == (mention.start, mention.end):
                # the very words tagged PERSON or ORG: trust the gazetteer for countries, divisions,
                # regions and big cities (a weak recogniser calls "Amsterdam" a person), and after a
                # locative preposition ("in Torrington")
                if not (self.well_known(mention.key, 500_000 if label == "PERSON" else 100_000)
                        or self.word_before(tokens, mention) in self.locative
                        or (label == "PERSON" and " " not in mention.text and not self.surname(mention.text, blocked, text))):
                    return False
            elif not any(t.text.lower() in self.located_heads for t in within(tokens, ends, mention.end, end)):
                # inside a longer name ("Washington Post", "George Washington", "U.S. Department of
                # Justice"): not a place, unless the name is of something there ("Henderson County Jail")
                return False
        before = tokens[mention.first - 1] if mention.first > 0 else None
        after = tokens[mention.last + 1] if mention.last + 1 < len(tokens) else None
        country = self.is_country_name(mention.text)
        # part of a longer proper name: "Paris Hilton", "George Washington", "Jordan Valley Bank"
        if (after is not None and after.capitalised and not after.sentence_start
                and text[mention.end:after.start].strip() == "" and after.text.lower() not in self.located_heads):
            return False
        if (before is not None and before.capitalised and not mention_starts_sentence(tokens, mention)
                and text[before.end:mention.start].strip() == "" and not country
                and not (before.sentence_start and before.text.lower() in self.sentence_openers)):
            return False
        if country or mention.key.count(" ") > 0:
            return True
        if after is not None and after.text.lower() in self.actor_verbs and mention.key not in self.seats \
                and self.word_before(tokens, mention) not in self.locative:
            # "Kurti blamed", "Jackson said": a person's name that is also a small town
            return False
        if mention.key in self.gazetteer.common_words:
            return before is not None and before.text.lower() in self.locative and not tokens[mention.first].sentence_start
        return True

    @staticmethod
    def surname(word: str, blocked: list[tuple[int, int, str]], text: str) -> bool:
        """Whether the article introduces a person of that name ("Albin Kurti" ... "Kurti"): news names
        people in full first, so a lone PERSON word nobody was called is more likely a misread place."""
        return any(label == "PERSON" and text[start:end].split()[-1] == word and " " in text[start:end]
                   for start, end, label in blocked)

    def well_known(self, key: str, population: int) -> bool:
        return any(e.feature != "city" or e.population >= population for e in self.gazetteer.lookup_key(key)
                   if self.gazetteer.is_main_name(key, e))

    def read_context(self, text: str, tokens: list[Token], mention: Mention) -> None:
        """Designator after the name and a precision phrase before it."""
        after = tokens[mention.last + 1] if mention.last + 1 < len(tokens) else None
        if after is not None and text[mention.end:after.start].strip() == "":
            feature = self.designators.get(after.text.lower())
            if after.text.lower() in self.titles:
                mention.designator = self.titles[after.text.lower()]
            elif feature is not None:
                mention.designator = feature
                if after.capitalised and feature != "city":  # "Kabul Province": the designator is part of the name
                    mention.end, mention.text, mention.last = after.end, text[mention.start:after.end], mention.last + 1
        before = tokens[mention.first - 1] if mention.first > 0 else None
        if before is not None and before.text.lower() in ("city", "town", "village") and \
                re.search(r"(?:city|town|village)\s+of\s+$", text[max(0, mention.start - 20):mention.start]):
            mention.designator = "city"
        window = text[max(0, mention.start - 80):mention.start]
        for pattern in self.precision:
            found = pattern.search(window)
            if found:
                mention.note = re.sub(r"\s+", " ", found.group().strip())
                break

    def qualifier_after(self, text: str, mention: Mention) -> tuple[int, int, list[Entry]] | None:
        """(start, end, entries) of a qualifier right after the name: ", Illinois", ", Mo.", ", TX"."""
        found = re.match(r"(?:,\s*|\s*\(\s*)((?:[A-Z][\w.]*\.?)(?:\s+[A-Z][\w.]*\.?){0,2})",
                         text[mention.end:mention.end + 40])
        if not found:
            return None
        words = found.group(1).split()
        for n in range(len(words), 0, -1):
            phrase = " ".join(words[:n])
            # a sentence-final dot is not part of the name, an abbreviation's is ("Mo.", "N.Y.")
            raw = phrase if normalise(phrase) in self.gazetteer.qualifier_keys or re.search(r"\.\w+\.$", phrase) \
                else phrase.rstrip(".")
            entries = self.gazetteer.qualifier(raw)
            if entries:
                start = mention.end + found.start(1)
                return start, start + len(raw), entries
        return None

    def add_qualifier_mentions(self, text: str, tokens: list[Token], mentions: list[Mention]) -> None:
        """'Springfield, Illinois', 'Austin, TX': the second name qualifies the first and is a place too."""
        by_start = {m.start: m for m in mentions}
        index_of = {t.start: n for n, t in enumerate(tokens)}
        for mention in list(mentions):
            found = self.qualifier_after(text, mention)
            if found is None:
                continue
            start, end, entries = found
            mention.qualifiers = entries
            qualifier = by_start.get(start)
            first = index_of.get(start)
            if qualifier is None and first is not None:
                last = first + len(TOKEN.findall(text[start:end])) - 1
                qualifier = Mention(start, end, text[start:end], normalise(text[start:end]), first, last,
                                    is_qualifier=True)
                mentions.append(qualifier)
                by_start[start] = qualifier
            if qualifier is not None:
                qualifier.qualifiers = [e for e in entries if e.feature != "city"]
                qualifier.is_qualifier = True

    # --- resolution ----------------------------------------------------------------------

    def candidates(self, mention: Mention) -> list[Entry]:
        found = self.gazetteer.lookup_key(mention.key)
        if not found and mention.designator:
            found = self.gazetteer.lookup(mention.text.rsplit(" ", 1)[0])
        if mention.is_qualifier:
            found = found + [e for e in self.gazetteer.qualifier(mention.text) if e not in found]
        return [e for e in found if e.lat is not None]

    def score(self, entry: Entry, key: str, group: list[Mention], context: Context | None,
              cities: frozenset[str | None] = frozenset(), group_key: str = "", *, prior: float | None = None
              ) -> float:
        """The entry's `prior` (computed when not given), plus what the article's context says."""
        score = self.prior(entry, key, group, cities) if prior is None else prior
        if context is not None:
            mentions = context.country_count(entry.country, group_key)
            if mentions > 0:
                score += 2.0 + (0.5 if mentions >= 3 else 0.0)
            if entry.feature in ("city", "admin2") and context.admin1_count(entry.country, entry.admin1, group_key) > 0:
                score += 2.0
            if entry.feature in ("city", "admin2", "admin1") and context.near_anchor(entry, group_key):
                score += 1.5
            if entry.feature in ("city", "admin2") and context.near_anchor(entry, group_key, grid="readings",
                                                                           within=COHERENT_KM):
                score += 1.0  # two ambiguous names with readings side by side: "Walker County", "Huntsville"
            if context.dateline_country and entry.country == context.dateline_country:
                score += 1.0
        return score

    def prior(self, entry: Entry, key: str, group: list[Mention], cities: frozenset[str | None]) -> float:
        """The part of the score that no pass changes: the entry's size, feature and name, and the
        group's designators and qualifiers (the context's part is added after it, in `score`)."""
        score = math.log10(entry.population + 10) + FEATURE_BONUS.get(entry.feature, 0.0)
        if entry.feature in ("admin1", "admin2") and entry.country in cities:
            score -= 3.0  # "Mandalay", "Washington": the city, unless a designator says the division
        if not self.gazetteer.is_main_name(key, entry):
            score -= ALTERNATE_NAME_MALUS
        elif (key, entry.index) in self.gazetteer.preferred:
            score += 1.0  # the curated usual referent: "Gaza" is Gaza City before Mozambique's province
        designators = {m.designator for m in group if m.designator}
        if designators:
            score += 2.5 if entry.feature in designators else -1.0
        if any(m.is_qualifier for m in group) and entry.feature in ("admin1", "admin2", "country"):
            score += 5.0  # "Buffalo, New York": the state
        qualifiers = [q for m in group for q in m.qualifiers]
        if qualifiers:
            score += 6.0 if any(contains(q, entry) for q in qualifiers) else -3.0
        return score

    def group_candidates(self, group_key: str, group: list[Mention]) -> list[tuple[Entry, float]]:
        """The entries a group of mentions may mean, each with its prior: the same in each pass of
        `resolve`, which asks once."""
        key = group_key.split("#")[0]
        entries: list[Entry] = []
        seen: set[int] = set()  # indices: an entry equals only itself, and comparing indices is cheaper
        for mention in group:
            new = [e for e in self.candidates(mention) if e.index not in seen]
            entries += new
            seen.update(e.index for e in new)
        cities = frozenset(e.country for e in entries if e.feature == "city" and self.gazetteer.is_main_name(key, e))
        return [(e, self.prior(e, key, group, cities)) for e in entries]

    def rank(self, group_key: str, group: list[Mention], context: Context | None,
             candidates: list[tuple[Entry, float]] | None = None) -> list[tuple[float, Entry]]:
        key = group_key.split("#")[0]
        if candidates is None:
            candidates = self.group_candidates(group_key, group)
        return sorted(((self.score(e, key, group, context, group_key=group_key, prior=prior), e)
                       for e, prior in candidates), key=lambda p: -p[0])

    def resolve(self, mentions: list[Mention], signals: list[dict[str, Any]]) -> dict[int, Entry]:
        groups: dict[str, list[Mention]] = defaultdict(list)
        for mention in sorted(mentions, key=lambda m: m.start):
            groups[self.group_key(mention, groups)].append(mention)
        candidates = {key: self.group_candidates(key, group) for key, group in groups.items()}
        ranked = {key: self.rank(key, group, None, candidates[key]) for key, group in groups.items()}
        # pass 2 reads the names that came out clearly on their own; pass 3 also those that
        # came out clearly in the light of pass 2 ("Walker County" then "Huntsville", Texas)
        previous = None
        for margin in (FIRST_MARGIN, LATER_MARGIN):
            context = self.context(groups, ranked, signals, margin)
            if context != previous:  # the same evidence ranks the same: pass 3 often adds none
                ranked = {key: self.rank(key, group, context, candidates[key]) for key, group in groups.items()}
            previous = context
        resolved: dict[int, Entry] = {}
        for key, group in groups.items():
            if ranked[key]:
                for mention in group:
                    resolved[mention.start] = ranked[key][0][1]
        return resolved

    @staticmethod
    def context(groups: dict[str, list[Mention]], ranked: dict[str, list[tuple[float, Entry]]],
                signals: list[dict[str, Any]], margin: float) -> Context:
        """The evidence of the names whose best reading leads the next by `margin` or more."""
        context = Context()
        for signal in signals:
            context.countries[signal["country"]] += 1
        for key, readings in ranked.items():
            for _, entry in readings[:LIKELY_READINGS]:
                if entry.feature in ("city", "admin2") and entry.lat is not None and entry.lon is not None:
                    context.readings.setdefault(cell(entry.lat, entry.lon), []).append((key, entry))
            if not readings or (len(readings) > 1 and readings[0][0] - readings[1][0] < margin):
                continue
            best = readings[0][1]
            context.countries[best.country] += len(groups[key])
            context.own[key] = (best, len(groups[key]))
            if best.feature in ("admin1", "admin2", "city"):
                context.admin1[best.country, best.admin1] += len(groups[key])
                context.add_anchor(key, best)
            if any(m.dateline for m in groups[key]):
                context.dateline_country = best.country
        return context

    @staticmethod
    def group_key(mention: Mention, groups: dict[str, list[Mention]]) -> str:
        """One sense per name, except that differently qualified mentions ("Springfield, Ill.",
        "Springfield, Mo.") are different places; an unqualified one goes with the first."""
        if not mention.qualifiers:
            return next((k for k in groups if k.split("#")[0] == mention.key), mention.key)
        signature = ",".join(sorted(str(q.index) for q in mention.qualifiers))
        for key, group in groups.items():
            if key.split("#")[0] == mention.key and all(not m.qualifiers for m in group):
                groups[f"{mention.key}#{signature}"] = groups.pop(key)
                return f"{mention.key}#{signature}"
        return f"{mention.key}#{signature}"

    # --- actors and output -----------------------------------------------------------------

    def actor_use(self, text: str, tokens: list[Token], mention: Mention, entry: Entry
                  ) -> tuple[Any, tuple[str, ...]] | None:
        """The (country, sectors) a country or capital stands for when it acts, else None."""
        if mention.dateline or mention.note:
            return None
        seat = self.seats.get(mention.key)
        is_country = entry.feature == "country"
        if seat is None and not (is_country and self.drop_actor_countries):
            return None
        if self.word_before(tokens, mention) in self.locative:
            return None  # "in Yemen", "from Moscow", "in both the United States and Norway": where
        if not (self.acts_after(text, tokens, mention) or self.addressed_before(tokens, mention)):
            return None
        if seat is not None:
            return seat
        country = self.countries.by_iso3(entry.country) if self.countries is not None else None
        return (country, ()) if country is not None else None

    def acts_after(self, text: str, tokens: list[Token], mention: Mention) -> bool:
        """An actor verb follows ("Moscow denied", "Serbia and Kosovo backed"), or an organ of state."""
        last = tokens[mention.last]
        following = tokens[mention.last + 1:mention.last + 8]
        if last.possessive:
            return any(t.text.lower() in self.actor_nouns for t in following[:2])
        copula = False
        previous_end = last.end + (2 if last.possessive else 0)
        for token in following:
            if re.search(r"[^\s,]", text[previous_end:token.start]) or token.sentence_start:
                return False  # "Turkey (243 MW), said the report": the clause ended
            previous_end = token.end
            word = token.text.lower()
            if word in self.actor_verbs or (copula and word in self.actor_predicates):
                return True
            if word in self.actor_modifiers and not copula:
                return True  # "US and British warplanes struck"
            copula = copula or word in ("is", "was", "are", "were")
            # skip auxiliaries, adverbs and a coordinated name ("Russia and China said")
            if not (word in SKIPPABLE or word.endswith("ly") or word in ("and", "or", "both", "were", "are")
                    or token.capitalised):
                return False
        return False

    @staticmethod
    def word_before(tokens: list[Token], mention: Mention) -> str:
        """The word governing the name in its sentence, past determiners and the names it is listed
        with: "in" for "in both the United States", for "in Darfur and Malakal", for "in Chad, Niger"."""
        n = mention.first - 1
        while n >= 0 and not tokens[n + 1].sentence_start:
            word = tokens[n].text.lower()
            if word in DETERMINERS:
                n -= 1
            elif word in ("and", "or") and n > 0 and tokens[n - 1].capitalised:
                n -= 1  # step over the name listed before: "Darfur and", "the United States and"
                while n > 0 and tokens[n - 1].capitalised and not tokens[n].sentence_start:
                    n -= 1
                n -= 1
            else:
                break
        return tokens[n].text.lower() if n >= 0 and not tokens[n + 1].sentence_start else ""

    def addressed_before(self, tokens: list[Token], mention: Mention) -> bool:
        """An actor verb governs it ("accused Moscow", "called on the United States and Germany")."""
        if tokens[mention.first].sentence_start:
            return False
        n = mention.first - 1
        # step back over a coordinated list of names: "the United States and Germany", "Belgrade, Pristina"
        while n >= 0 and (tokens[n].capitalised or tokens[n].text.lower() in ("and", "or", "the")):
            if tokens[n].sentence_start:
                return False
            n -= 1
        if n < 0:
            return False
        word = tokens[n].text.lower()
        if word in self.locative:
            return False
        if word in self.actor_prepositions:  # "called on Moscow", "sided with Kyiv"
            n -= 1
            word = tokens[n].text.lower() if n >= 0 else ""
        return word in self.actor_verbs

    def metonym_record(self, mention: Mention, country: Any, sectors: tuple[str, ...]) -> dict[str, Any]:
        return {"text": mention.text, "start": mention.start, "end": mention.end,
                "country": getattr(country, "iso3", None), "name": getattr(country, "name", None),
                "sectors": list(sectors)}

    def place(self, mention: Mention, entry: Entry) -> Place:
        return Place(text=mention.text, start=mention.start, end=mention.end, name=entry.name,
                     feature=entry.feature, country=entry.country,
                     admin1=entry.admin1 if entry.feature != "country" else None,
                     lat=entry.lat, lon=entry.lon, geonames_id=entry.geonames_id, note=mention.note)


def overlapping(spans: list[tuple[int, int]], span_ends: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """The spans that overlap [start, end), of `spans` in text order and not overlapping one another
    (so that their ends, `span_ends`, increase too)."""
    found = []
    for span in spans[bisect.bisect_right(span_ends, start):]:
        if span[0] >= end:
            break
        found.append(span)
    return found


def within(tokens: list[Token], ends: list[int], start: int, end: int) -> list[Token]:
    """The tokens inside [start, end), found by bisection of their (increasing) ends."""
    return [t for t in tokens[bisect.bisect_right(ends, start):bisect.bisect_right(ends, end)] if start <= t.start]


def mention_starts_sentence(tokens: list[Token], mention: Mention) -> bool:
    return tokens[mention.first].sentence_start


def contains(area: Entry, entry: Entry) -> bool:
    """Whether `entry` lies in `area` (a country, first- or second-level division)."""
    if area.country != entry.country:
        return False
    if area.feature == "country":
        return True
    if area.feature == "admin1":
        return entry.admin1 == area.admin1
    return km(area, entry) <= 60.0


def create(*, resources: Any, options: dict[str, Any]) -> PlaceStage:
    countries = resources.get("countries") if "countries" in resources else None
    return PlaceStage(gazetteer=resources.get("gazetteer"), countries=countries, **options)
