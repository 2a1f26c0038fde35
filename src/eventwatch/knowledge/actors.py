"""The actor knowledge base: named organisations, groups and office holders, role nouns and titles.

Read from the YAML files in `data/actors/` (armed groups, state organs, IGOs, parties, NGOs,
office holders, leaders of IGOs and groups, roles) plus any extra files the pipeline config names
(`resources: {actor_kb: {options: {extra_files: [...]}}}`). docs/actors-kb.md documents
the formats and where each list comes from.

What the resolution stage asks of it:
- `lookup(text)`: every entry whose name or alias matches, normalised like the country
  table (case, accents, dots, hyphens, a leading "the" do not matter). Ambiguous aliases
  return several entries; the caller decides with context.
- `aliases()`: (surface alias, entry) pairs to build a phrase matcher from.
- `holder(country, role, date)`: who held an office on a date ("the US president" in 2019).
  `role` is a canonical role (`head_of_state`, `head_of_government`, `foreign_minister`,
  `defence_minister`) or a title word as used for that country ("president", "chancellor",
  "secretary of state", "defense secretary").
- `person(name, date)`: a person by full name or surname, preferring the one in office on
  the date; `entry.office_at(date)` gives that office and `entry.standing(date)` the
  country, sectors and affiliation to code the person with on that date.
- `lookup(text, match_case=True)`: only names written with the same capitals, for spans
  that may be common nouns ("amnesty", "junta").
- `role_noun(word)`: sectors and kind a common noun implies ("troops" MIL group, "spokesman"
  GOV person, "gunmen" UAF with no country).
- `titles()`: title words that precede a name ("President", "Gen.", "Foreign Minister").

Dates in the files may be `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a start with month precision
means the first of the month. An office with no end was held when the data were last checked
(`as_of` in office_holders.yaml); `holder()` keeps returning that incumbent for later dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwatch.knowledge.countries import (
    capitalised,
    case_key,
    is_acronym,
    normalise,
    packaged_path,
    read_yaml,
)
from eventwatch.knowledge.countries import load as load_countries

# Load order is also the order of readings for a shared alias ("RSF": the Sudanese
# paramilitary before Reporters Without Borders), conflict actors first.
ACTOR_FILES = (
    "armed_groups.yaml",
    "state_organs.yaml",
    "igos.yaml",
    "parties.yaml",
    "ngos.yaml",
    "office_holders.yaml",
    "office_holders_before_2000.yaml",
    "leaders.yaml",
    "companies.yaml",
    "roles.yaml",
    "communities.yaml",
)

ROLES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
# a state's office list counts as complete when no role is unlisted for longer than this in total:
# a quarter covers handovers, caretaker weeks and short vacancies
COMPLETE_MAX_GAP_DAYS = 92

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Office:
    """A time-bounded office: `end` None means still held at the data's `as_of` date."""

    country: str
    role: str
    title: str
    start: dt.date
    end: dt.date | None
    sectors: tuple[str, ...] = ("GOV",)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Standing:
    """How to code an actor on a given day: see `KBEntry.standing`."""

    country: str | None
    sectors: tuple[str, ...]
    affiliation: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One actor: `kind` is state|person|organization|group; `country` ISO3 or None."""

    id: str
    name: str
    kind: str
    country: str | None
    sectors: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    affiliation_id: str | None = None
    offices: tuple[Office, ...] = ()
    cameo: str | None = None
    active: str | None = None
    note: str | None = None
    source_file: str | None = None
    surnames: tuple[str, ...] = ()

    @property
    def kb_id(self) -> str:
        """The id under the record's name for it (ACTOR `kb_id`)."""
        return self.id

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def office_at(self, day: dt.date) -> Office | None:
        """The office held on `day`; of two held at once, the higher (head of state first)."""
        held = [office for office in self.offices if office.covers(day)]
        return min(held, key=lambda o: ROLES.index(o.role)) if held else None

    def standing(self, day: dt.date | None) -> Standing:
        """Country, sectors and affiliation to code this actor with on `day`.

        A state office held that day wins (Mark Rutte in 2023 is the Dutch prime minister,
        GOV NLD; in 2025 the NATO Secretary General, IGO with NATO as affiliation, which is
        what his entry says). Without a date, or with no office that day, the entry's own
        fields.
        """
        office = self.office_at(day) if day is not None else None
        if office is not None:
            return Standing(
                country=office.country, sectors=office.sectors, affiliation=None, title=office.title
            )
        return Standing(country=self.country, sectors=self.sectors, affiliation=self.affiliation, title=None)


@dataclass(frozen=True, slots=True)
class Role:
    """What a common noun implies: "troops" -> MIL group, "spokesman" -> GOV person."""

    word: str
    sectors: tuple[str, ...]
    person: bool
    kind: str
    countryless: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Title:
    """A title that precedes a name ("Foreign Minister Sergei Lavrov", "Gen. Abdel Fattah al-Burhan")."""

    text: str
    sectors: tuple[str, ...]
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Community:
    """An ethnic or sectarian community and its home states ("Yoruba" -> NGA first); `shared`
    when it acts in several of them, so none is assumed without context (the Kurds)."""

    name: str
    words: tuple[str, ...]
    countries: tuple[str, ...]
    shared: bool = False

    def home_among(self, present: Iterable[str | None]) -> str | None:
        """The first of its home states among the countries `present` (an article's places), else None."""
        seen = set(present)
        return next((iso3 for iso3 in self.countries if iso3 in seen), None)

    def default_home(self) -> str | None:
        """The home state to assume without context: the main one, none for a shared community."""
        return None if self.shared else self.countries[0]


@dataclass
class _Build:
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    offices: dict[str, list[Office]] = field(default_factory=dict)
    role_titles: dict[str, list[str]] = field(default_factory=dict)
    country_titles: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    titles: list[Title] = field(default_factory=list)
    communities: dict[str, Community] = field(default_factory=dict)
    as_of: dt.date | None = None


def parse_date(value: Any) -> dt.date | None:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` (YAML may already have made a date of it)."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1)
    return dt.date(parts[0], 1, 1)


def slug(text: str) -> str:
    return _SLUG.sub("-", normalise(text)).strip("-")


def surname_of(name: str) -> str:
    """The last word of a Western-order name; names in other orders give `surname:` in the file."""
    return name.split()[-1]


class ActorKB:
    """Lookups over the actor knowledge base; build it with `load()`."""

    def __init__(self, build: _Build) -> None:
        self.as_of = build.as_of
        self._entries: dict[str, KBEntry] = {}
        for kb_id, row in build.entries.items():
            row["aliases"] = [*(row.get("aliases") or ()), *_surname_aliases(row)]
            affiliation_id = row.get("affiliation")
            affiliated = build.entries.get(affiliation_id) if affiliation_id else None
            self._entries[kb_id] = KBEntry(
                id=kb_id,
                name=row["name"],
                kind=row.get("kind", "organization"),
                country=row.get("country"),
                sectors=tuple(row.get("sectors") or ()),
                aliases=tuple(dict.fromkeys(a for a in row.get("aliases") or () if a != row["name"])),
                affiliation=affiliated["name"] if affiliated else affiliation_id,
                affiliation_id=affiliation_id if affiliated else None,
                offices=tuple(sorted(build.offices.get(kb_id, ()), key=lambda o: o.start)),
                cameo=row.get("cameo"),
                active=None if row.get("active") is None else str(row["active"]),
                note=row.get("note"),
                source_file=row.get("_file"),
                surnames=_surnames(row) if row.get("kind") == "person" else (),
            )
        self._index: dict[str, list[KBEntry]] = {}
        self._acronyms: dict[str, list[KBEntry]] = {}
        for entry in self._entries.values():
            for alias in entry.names:
                table = self._acronyms if is_acronym(alias) else self._index
                readings = table.setdefault(normalise(alias), [])
                if not any(
                    e is entry for e in readings
                ):  # identity: comparing entries field by field is slow
                    readings.append(entry)
        self._holders: dict[tuple[str, str], list[tuple[Office, KBEntry]]] = {}
        for entry in self._entries.values():
            for office in entry.offices:
                self._holders.setdefault((office.country, office.role), []).append((office, entry))
        for terms in self._holders.values():
            terms.sort(key=lambda pair: pair[0].start)
        self._role_titles = {
            role: [normalise(t) for t in titles] for role, titles in build.role_titles.items()
        }
        self._country_titles = {
            country: {role: [normalise(t) for t in titles] for role, titles in roles.items()}
            for country, roles in build.country_titles.items()
        }
        self._roles = build.roles
        self._titles = build.titles
        self._communities = build.communities
        # the KB never changes after loading and the stages ask for the same names over and over
        # (every candidate phrase of every article): each distinct question is answered once
        self._lookups = lru_cache(maxsize=1 << 16)(self._lookup)
        self._role_nouns = lru_cache(maxsize=1 << 16)(self._role_noun)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, kb_id: str) -> KBEntry | None:
        return self._entries.get(kb_id)

    def entries(self, *, kind: str | None = None) -> list[KBEntry]:
        return [e for e in self._entries.values() if kind is None or e.kind == kind]

    def lookup(self, text: str, *, match_case: bool = False) -> list[KBEntry]:
        """Every entry with this name or alias (normalised), canonical-name matches first.

        Short all-capital aliases ("IS", "WHO", "RSF") match only text with no lower-case
        letter, so "is" and "who" find nothing. With `match_case`, an entry matches only
        when one of its names is written with the same capitals as `text` (dots, a leading
        "the" and a possessive aside): "Amnesty" finds Amnesty International, "amnesty"
        does not; use it for text that may be a common noun.
        """
        return list(self._lookups(text, match_case))

    def _lookup(self, text: str, match_case: bool) -> tuple[KBEntry, ...]:
        key = normalise(text)
        readings = list(self._index.get(key, ()))
        acronyms = self._acronyms.get(key)
        if acronyms and capitalised(text):  # the rarer test first: few keys have acronyms
            readings += [e for e in acronyms if not any(e is r for r in readings)]
        if match_case:
            surface = case_key(text)
            readings = [e for e in readings if any(case_key(name) == surface for name in e.names)]
        return tuple(sorted(readings, key=lambda e: normalise(e.name) != key))

    def aliases(self, *, surnames: bool = True) -> Iterator[tuple[str, KBEntry]]:
        """Every (surface alias, entry) pair, for a phrase matcher.

        People's surnames ("Lavrov", "Li", "Kim") are included unless `surnames=False`: a
        matcher may prefer to accept a bare surname only after the full name has appeared.
        """
        for entry in self._entries.values():
            for alias in entry.names:
                if surnames or alias not in entry.surnames:
                    yield alias, entry

    def resolve_role(self, country: str, role: str) -> list[str]:
        """Canonical roles a role name or title word means in a country ("chancellor" in DEU)."""
        if role in ROLES:
            return [role]
        key = normalise(role)
        local = self._country_titles.get(country, {})
        return [
            r
            for r in ROLES
            if key in local.get(r, ()) or (key in self._role_titles.get(r, ()) and _default_applies(r, local))
        ]

    def holder(self, country: str, role: str, day: dt.date) -> KBEntry | None:
        """Who held `role` in `country` on `day`: holder("USA", "president", 2019-06-01) -> Trump."""
        for canonical in self.resolve_role(country.upper(), role):
            for office, entry in self._holders.get((country.upper(), canonical), ()):
                if office.covers(day):
                    return entry
        return None

    def holders(self, country: str, role: str) -> list[tuple[Office, KBEntry]]:
        """The whole sequence of holders of a canonical role, in order."""
        return list(self._holders.get((country.upper(), role), ()))

    def person(self, name: str, day: dt.date | None = None) -> KBEntry | None:
        """A person by full name or surname; with a date, the one in office then wins."""
        people = [e for e in self.lookup(name) if e.kind == "person"]
        if not people:
            return None
        if day is None:
            return people[0]
        in_office = [p for p in people if p.office_at(day) is not None]
        if in_office:
            return in_office[0]
        return min(people, key=lambda p: _distance(p, day))

    def role_noun(self, word: str) -> Role | None:
        """The role a common noun implies; tries the word as given, then its singular."""
        return self._role_nouns(word)

    def _role_noun(self, word: str) -> Role | None:
        key = normalise(word)
        return self._roles.get(key) or self._roles.get(_singular(key))

    def community(self, word: str) -> Community | None:
        """The ethnic or sectarian community a capitalised word names ("Ibo" -> Igbo), else None."""
        return self._communities.get(normalise(word)) if word[:1].isupper() else None

    def communities(self) -> list[Community]:
        return list({id(c): c for c in self._communities.values()}.values())

    def roles(self) -> list[Role]:
        return list(self._roles.values())

    def titles(self) -> list[Title]:
        return list(self._titles)

    def counts(self) -> dict[str, int]:
        """Entries per kind and per source file, and office-holder coverage, for docs and tests."""
        result: dict[str, int] = {}
        for entry in self._entries.values():
            result[f"kind:{entry.kind}"] = result.get(f"kind:{entry.kind}", 0) + 1
            result[f"file:{entry.source_file}"] = result.get(f"file:{entry.source_file}", 0) + 1
        roles_by_country: dict[str, set[str]] = {}
        for country, role in self._holders:
            roles_by_country.setdefault(country, set()).add(role)
        result["offices:states"] = len(roles_by_country)
        result["offices:states_with_all_four_roles"] = sum(set(ROLES) <= r for r in roles_by_country.values())
        result["offices:terms"] = sum(len(terms) for terms in self._holders.values())
        result["offices:states_complete_since_2000"] = len(self.complete_states(since=dt.date(2000, 1, 1)))
        return result

    def uncovered_days(self, country: str, role: str, *, since: dt.date) -> int:
        """Days between `since` and `as_of` on which nobody is listed in the role (vacancies,
        handovers and gaps in the data alike)."""
        end = self.as_of or dt.date.today()
        covered, gap = since, 0
        for office, _entry in sorted(self._holders.get((country, role), ()), key=lambda t: t[0].start):
            if office.start > covered:
                gap += (min(office.start, end) - covered).days
            covered = max(covered, office.end or end)
            if covered >= end:
                break
        return gap + max(0, (end - covered).days)

    def complete_states(self, *, since: dt.date, max_gap_days: int = COMPLETE_MAX_GAP_DAYS) -> list[str]:
        """States whose four offices are listed from `since` to `as_of` with at most
        `max_gap_days` unlisted in each (handovers, caretakers, short vacancies)."""
        countries = sorted({country for country, _role in self._holders})
        return [c for c in countries
                if all(self.uncovered_days(c, role, since=since) <= max_gap_days for role in ROLES)]


def _surname_aliases(row: dict[str, Any]) -> list[str]:
    """The surname aliases of an office holder: explicit ones if any term gave `surname:`."""
    if "_explicit_surnames" in row:
        return [s for s in row["_explicit_surnames"] if s]
    return [row["_default_surname"]] if "_default_surname" in row else []


def _surnames(row: dict[str, Any]) -> tuple[str, ...]:
    """A person's one-word aliases that are a word of a longer name ("Lavrov", "Xi", "Lula")."""
    names = [row["name"], *(row.get("aliases") or ())]
    words = {word for name in names if " " in name for word in name.split()}
    return tuple(dict.fromkeys(a for a in row.get("aliases") or () if " " not in a and a in words))


def _default_applies(role: str, local: dict[str, list[str]]) -> bool:
    """Whether the default title words of `role` hold in a country with these title lists.

    For heads of state and government a country's own words replace the defaults: the US
    has no "prime minister", Germany's "president" is not its head of government. Minister
    titles only add to them ("foreign minister" is understood everywhere).
    """
    return role not in local or role in ("foreign_minister", "defence_minister")


def _distance(person: KBEntry, day: dt.date) -> int:
    if not person.offices:
        return 1 << 30
    return min(min(abs((o.start - day).days), abs(((o.end or day) - day).days)) for o in person.offices)


def _singular(word: str) -> str:
    for plural, singular in (("men", "man"), ("ies", "y"), ("s", "")):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    return word


def _read_entries(build: _Build, data: dict[str, Any], file_name: str) -> None:
    for row in data.get("entries") or ():
        kb_id = row["id"]
        bad = [a for a in (row.get("name", ""), *(row.get("aliases") or ())) if not isinstance(a, str)]
        if bad:  # YAML reads unquoted NO, Yes, 2023 as booleans and numbers
            raise ValueError(
                f"{file_name}: {kb_id}: names and aliases must be strings, got {bad!r}; quote them"
            )
        merged = {
            **build.entries.get(kb_id, {}),
            **row,
            "_file": build.entries.get(kb_id, {}).get("_file", file_name),
        }
        if kb_id in build.entries:
            merged["aliases"] = [*build.entries[kb_id].get("aliases", ()), *row.get("aliases", ())]
        build.entries[kb_id] = merged


def _read_offices(build: _Build, data: dict[str, Any], file_name: str) -> None:
    if data.get("as_of"):
        build.as_of = parse_date(data["as_of"])
    for role, titles in (data.get("role_titles") or {}).items():
        build.role_titles.setdefault(role, []).extend(titles)
    for country, block in (data.get("offices") or {}).items():
        titles = block.get("titles") or {}
        build.country_titles.setdefault(country, {}).update(titles)
        for role in ROLES:
            terms = block.get(role)
            if isinstance(terms, str):  # "head_of_state": the same people hold both offices
                terms = block.get(terms)
            for term in terms or ():
                _add_term(build, country, role, term, titles, file_name)


def _add_term(
    build: _Build, country: str, role: str, term: list[Any], titles: dict[str, list[str]], file_name: str
) -> None:
    name, start, end, *rest = term
    extra: dict[str, Any] = rest[0] if rest else {}
    kb_id = extra.get("id") or f"person:{slug(name)}"
    row = build.entries.setdefault(
        kb_id,
        {
            "id": kb_id,
            "name": name,
            "kind": "person",
            "country": country,
            "sectors": ["GOV"],
            "aliases": [],
            "_file": file_name,
        },
    )
    # the surname alias is settled once all terms are read: an explicit `surname:` in any term
    # (null for none) wins over the last word of the name
    if "surname" in extra:
        row.setdefault("_explicit_surnames", []).append(extra["surname"])
    row.setdefault("_default_surname", surname_of(name))
    for alias in extra.get("aliases", ()):
        if alias not in row["aliases"]:
            row["aliases"].append(alias)
    title = (titles.get(role) or build.role_titles.get(role) or [role.replace("_", " ")])[0]
    office = Office(country=country, role=role, title=title, start=parse_date(start), end=parse_date(end))
    offices = build.offices.setdefault(kb_id, [])
    if office not in offices:
        offices.append(office)


def _read_roles(build: _Build, data: dict[str, Any]) -> None:
    for row in data.get("roles") or ():
        for word in row["words"]:
            build.roles[normalise(word)] = Role(
                word=word,
                sectors=tuple(row.get("sectors") or ()),
                person=bool(row.get("person", False)),
                kind=row.get("kind", "person" if row.get("person") else "group"),
                countryless=bool(row.get("countryless", False)),
                note=row.get("note"),
            )
    for row in data.get("titles") or ():
        for text in row["words"]:
            build.titles.append(
                Title(text=text, sectors=tuple(row.get("sectors") or ()), role=row.get("role"))
            )


def _read_communities(build: _Build, data: dict[str, Any]) -> None:
    for row in data.get("communities") or ():
        community = Community(name=row["name"], words=tuple(row["words"]), countries=tuple(row["countries"]),
                              shared=bool(row.get("shared", False)))
        for word in community.words:
            build.communities[normalise(word)] = community


def load(*, extra_files: Sequence[str | Path] = ()) -> ActorKB:
    """The packaged actor KB, extended by `extra_files` (any of the documented YAML shapes).

    An entry in an extra file with an existing `id` extends it: its aliases are added and its
    other fields replace the packaged ones. The packaged KB alone is read once per process and
    shared (it is never modified): the language pipeline's entity component and the stages
    then hold one copy.
    """
    return _read(tuple(map(str, extra_files))) if extra_files else _packaged()


@lru_cache(maxsize=1)
def _packaged() -> ActorKB:
    return _read(())


def _read(extra_files: tuple[str, ...]) -> ActorKB:
    build = _Build()
    paths: Iterable[Path] = (
        *(packaged_path("actors", name) for name in ACTOR_FILES),
        *map(Path, extra_files),
    )
    for path in paths:
        data = read_yaml(path) or {}
        _read_entries(build, data, path.name)
        _read_offices(build, data, path.name)
        _read_roles(build, data)
        _read_communities(build, data)
    return ActorKB(build)


def main() -> None:
    """Print the KB's coverage counts (`python -m eventwatch.knowledge.actors`)."""
    table = load_countries()
    print(f"countries: {len(table)} rows, {len(table.all(states_only=True))} states")
    for key, value in sorted(load().counts().items()):
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
