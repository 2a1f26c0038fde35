"""The country table: ISO codes, names, demonyms, capitals and metonymic seats of every state.

Read from `data/countries.yaml` (derived from mledoze/countries, ODbL, plus our own aliases,
plural demonyms and metonyms; see docs/actors-kb.md) and any extra files of the same shape.
Every lookup is normalised the same way (`normalise`): case, accents, dots, curly quotes,
hyphens, a leading "the" and a trailing possessive "'s" do not matter, so "the U.S.", "US",
"U.S.'s" and "us" all find the United States. The reader knows nothing of spaCy; the mention
stages build their matchers from `names()`, `demonyms()` and `metonyms()`.

Shared words ("Congolese", "Korea", "Dominican") are listed under every country that uses
them; the file's `preferred` table says which country a bare lookup returns, and
`by_demonym_all` / `by_name_all` give every reading.

Extra files (pipeline config `resources: {countries: {options: {extra_files: [...]}}}`) add
countries or extend existing ones: lists (aliases, demonyms) are appended, `metonyms` merged,
scalar fields given in the extra file replace the packaged ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as package_files
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader is ~10x faster than the pure-Python one; fall back when it is not built.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PACKAGED_FILE = "countries.yaml"
CACHE_VERSION = "1"

_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "`": "'", "\u2013": "-", "\u2014": "-"}
)
# letters NFKD does not decompose to ASCII ("Yıldırım", "Łukaszenka", "Đukanović", "Søren")
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ð": "d",
        "þ": "th",
    }
)
_NON_WORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s?$")
_POSSESSIVE_SURFACE = re.compile(r"['\u2019]s?$")
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)


# The three key functions below are pure functions of a string, and the stages ask them for the same
# names over and over (every candidate phrase of every article): their answers are kept.
@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """The lookup key of a name: lower case, no accents, no dots, no leading 'the', no 's.

    Hyphens and other punctuation become spaces ("al-Shabaab" = "Al Shabaab"), dots vanish
    ("U.S." = "US"), curly apostrophes become straight ones.
    """
    if text.isascii():
        text = text.lower().replace(".", "")
    else:
        text = unicodedata.normalize("NFKD", text.translate(_QUOTES).translate(_LETTERS))
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace(".", "")
    text = _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()
    text = _POSSESSIVE.sub("", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def is_acronym(text: str) -> bool:
    """Short all-capital names ("US", "IS", "WHO", "U.N.") match only text written in capitals.

    Their normalised keys are English words ("us", "is", "who"), so a lower-case query must
    not find them.
    """
    letters = re.sub(r"[\W_]", "", text)
    return 0 < len(letters) <= 4 and not any(ch.islower() for ch in letters)


@lru_cache(maxsize=1 << 14)
def case_key(text: str) -> str:
    """`normalise` without lower-casing or accent folding: what `match_case` lookups compare."""
    text = _POSSESSIVE_SURFACE.sub("", _ARTICLE.sub("", text.strip())).replace(".", "")
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


@lru_cache(maxsize=1 << 16)
def capitalised(text: str) -> bool:
    """Whether a query may match acronyms: no lower-case letter besides "the" and "'s"."""
    core = _POSSESSIVE_SURFACE.sub("", _ARTICLE.sub("", text.strip()))
    return not any(ch.islower() for ch in core)


def read_yaml(path: Path | str) -> Any:
    """A YAML knowledge file's data, through a JSON copy in the user's cache when one can be kept.

    Building Python objects from YAML costs most of the load time even with libyaml; the same
    data read back from JSON takes a tenth of it. The copy is keyed by the file's resolved
    path and the hash of its content, so an edited file is read afresh.
    """
    path = Path(path)
    cache = _cache_file(path)
    if cache is not None and cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=YamlLoader)
    if cache is not None:
        _write_atomically(cache, json.dumps(data, default=_json_scalar, ensure_ascii=False))
    return data


def cache_dir() -> Path | None:
    """Where JSON copies of the knowledge files go: $EVENTWATCH_CACHE_DIR, else the user cache.

    None (no caching) when EVENTWATCH_CACHE_DIR is set to an empty string or the place is not
    writable.
    """
    configured = os.environ.get("EVENTWATCH_CACHE_DIR")
    if configured == "":
        return None
    base = (
        Path(configured) if configured else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    )
    target = base / "eventwatch" / "knowledge"
    existing = next((p for p in (target, *target.parents) if p.exists()), None)
    return target if existing is not None and os.access(existing, os.W_OK) else None


def _cache_file(path: Path) -> Path | None:
    """`<stem>-<hash of path>-<hash of version, size, mtime>.json` in the cache directory."""
    directory = cache_dir()
    if directory is None:
        return None
    where = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    # the content's hash, not the modification time: an edit within the clock's resolution counts too
    state = hashlib.sha1(CACHE_VERSION.encode() + path.read_bytes()).hexdigest()[:12]
    return directory / f"{path.stem}-{where}-{state}.json"


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    stem_and_place = target.name.rsplit("-", 1)[0]
    for stale in target.parent.glob(f"{stem_and_place}-*.json"):
        stale.unlink(missing_ok=True)  # copies of earlier versions of the same file
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)


def _json_scalar(value: Any) -> str:
    # YAML turns 2019-01-20 into a date; the readers accept the ISO string just as well
    return value.isoformat()


def packaged_path(*parts: str) -> Path:
    return Path(str(package_files.files("eventwatch.knowledge").joinpath("data", *parts)))


@dataclass(frozen=True, slots=True)
class Country:
    """One state or territory. `metonyms` maps a seat or building name to the sectors it stands for."""

    iso3: str
    iso2: str | None
    name: str
    state: bool
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    seat: str | None = None
    metonyms: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    region: str | None = None
    part_of: tuple[str, dt.date] | None = None  # (iso3, date of independence) for a state that seceded

    def state_on(self, day: dt.date) -> str:
        """The ISO3 to code this country's actors with on `day`: the state it was part of before its
        independence (South Sudan before 2011-07-09 is Sudan), else its own."""
        if self.part_of is not None and day < self.part_of[1]:
            return self.part_of[0]
        return self.iso3

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _country(row: dict[str, Any]) -> Country:
    return Country(
        iso3=row["iso3"],
        iso2=row.get("iso2"),
        name=row["name"],
        state=bool(row.get("state", False)),
        aliases=tuple(row.get("aliases") or ()),
        demonyms=tuple(row.get("demonyms") or ()),
        capital=row.get("capital"),
        seat=row.get("seat"),
        metonyms={name: tuple(sectors) for name, sectors in (row.get("metonyms") or {}).items()},
        region=row.get("region"),
        part_of=_part_of(row.get("part_of")),
    )


def _part_of(value: dict[str, Any] | None) -> tuple[str, dt.date] | None:
    if not value:
        return None
    until = value["until"]
    return value["country"], until if isinstance(until, dt.date) else dt.date.fromisoformat(str(until))


def _merge_rows(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if key in ("aliases", "demonyms"):
            merged[key] = [*(base.get(key) or ()), *[v for v in value if v not in (base.get(key) or ())]]
        elif key == "metonyms":
            merged[key] = {**(base.get(key) or {}), **(value or {})}
        else:
            merged[key] = value
    return merged


class Countries:
    """Lookups over the country table; build it with `load()`."""

    def __init__(self, countries: Iterable[Country], *, preferred: dict[str, str] | None = None) -> None:
        self._by_iso3: dict[str, Country] = {}
        for country in countries:
            self._by_iso3[country.iso3] = country
        self._by_iso2 = {c.iso2.upper(): c for c in self._by_iso3.values() if c.iso2}
        self._names: dict[str, list[Country]] = {}
        self._acronyms: dict[str, list[Country]] = {}
        self._demonyms: dict[str, list[Country]] = {}
        self._metonyms: dict[str, list[tuple[Country, tuple[str, ...]]]] = {}
        # states before territories, so "Indian" or "French" never reads as a territory first
        ordered = sorted(self._by_iso3.values(), key=lambda c: not c.state)
        for country in ordered:
            for name in country.names:
                _add(self._acronyms if is_acronym(name) else self._names, normalise(name), country)
            for word in country.demonyms:
                _add(self._demonyms, normalise(word), country)
            for place, sectors in country.metonyms.items():
                _add(self._metonyms, normalise(place), (country, sectors))
        for key, iso3 in (preferred or {}).items():
            chosen = self._by_iso3.get(iso3)
            for table in (self._names, self._acronyms, self._demonyms):
                readings = table.get(normalise(key))
                if chosen is not None and readings and chosen in readings:
                    readings.remove(chosen)
                    readings.insert(0, chosen)

    def __len__(self) -> int:
        return len(self._by_iso3)

    def __contains__(self, iso3: object) -> bool:
        return iso3 in self._by_iso3

    def all(self, *, states_only: bool = False) -> list[Country]:
        return [c for c in self._by_iso3.values() if c.state or not states_only]

    def by_iso3(self, code: str) -> Country | None:
        return self._by_iso3.get(code.upper())

    def state_on(self, iso3: str, day: dt.date | None) -> str:
        """The ISO3 a country's actors are coded with on `day` (see `Country.state_on`)."""
        country = self._by_iso3.get(iso3)
        return country.state_on(day) if country is not None and day is not None else iso3

    def by_iso2(self, code: str) -> Country | None:
        return self._by_iso2.get(code.upper())

    def by_name(self, text: str, *, match_case: bool = False) -> Country | None:
        """The country a name or alias denotes ("the U.S.", "DR Congo", "Ivory Coast").

        Acronyms ("US", "UK", "DRC") match only when the text has no lower-case letter.
        With `match_case`, only names written with the same capitals count ("Turkey" is a
        country, "turkey" is not).
        """
        readings = self.by_name_all(text, match_case=match_case)
        return readings[0] if readings else None

    def by_name_all(self, text: str, *, match_case: bool = False) -> list[Country]:
        key = normalise(text)
        readings = list(self._names.get(key, ()))
        acronyms = self._acronyms.get(key)
        if acronyms and capitalised(text):  # the rarer test first: few keys have acronyms
            readings += [c for c in acronyms if c not in readings]
        if match_case:
            surface = case_key(text)
            readings = [c for c in readings if any(case_key(name) == surface for name in c.names)]
        return readings

    def by_demonym(self, word: str) -> Country | None:
        """The country of a demonym or adjective ("Ukrainians", "British", "Emirati")."""
        readings = self._demonyms.get(normalise(word))
        return readings[0] if readings else None

    def by_demonym_all(self, word: str) -> list[Country]:
        return list(self._demonyms.get(normalise(word), ()))

    def metonym(self, text: str) -> tuple[Country, tuple[str, ...]] | None:
        """The state and organ a seat stands for: "the Kremlin" -> (Russia, ("GOV",))."""
        readings = self._metonyms.get(normalise(text))
        return readings[0] if readings else None

    def lookup(self, text: str) -> Country | None:
        """A name, a demonym or an ISO3 code, in that order."""
        return self.by_name(text) or self.by_demonym(text) or (self.by_iso3(text) if len(text) == 3 else None)

    def names(self) -> Iterator[tuple[str, Country]]:
        """Every (surface name, country) pair, for building a phrase matcher."""
        for country in self._by_iso3.values():
            for name in country.names:
                yield name, country

    def demonyms(self) -> Iterator[tuple[str, Country]]:
        for country in self._by_iso3.values():
            for word in country.demonyms:
                yield word, country

    def metonyms(self) -> Iterator[tuple[str, Country, tuple[str, ...]]]:
        for country in self._by_iso3.values():
            for place, sectors in country.metonyms.items():
                yield place, country, sectors


def _add(table: dict[str, list[Any]], key: str, value: Any) -> None:
    readings = table.setdefault(key, [])
    if value not in readings:
        readings.append(value)


def load(*, extra_files: Sequence[str | Path] = ()) -> Countries:
    """The packaged country table, extended by `extra_files` (same YAML shape).

    The packaged table alone is read once per process and shared: it is never modified, and the
    language pipeline's entity component and the pipeline's stages then hold one copy."""
    return _read(tuple(map(str, extra_files))) if extra_files else _packaged()


@lru_cache(maxsize=1)
def _packaged() -> Countries:
    return _read(())


def _read(extra_files: tuple[str, ...]) -> Countries:
    rows: dict[str, dict[str, Any]] = {}
    preferred: dict[str, str] = {}
    for path in (packaged_path(PACKAGED_FILE), *map(Path, extra_files)):
        data = read_yaml(path) or {}
        preferred.update(data.get("preferred") or {})
        for row in data.get("countries") or ():
            iso3 = row["iso3"]
            rows[iso3] = _merge_rows(rows[iso3], row) if iso3 in rows else row
    return Countries((_country(row) for row in rows.values()), preferred=preferred)
