"""The offline gazetteer: GeoNames places plus the curated regions and spellings news needs.

`load()` reads three files from `data/gazetteer/`:

- `places.tsv.gz`, derived from GeoNames (CC BY 4.0) by `build_gazetteer.py`: countries,
  first- and second-level divisions, continents and every populated place over 1,000
  people, each with its GeoNames id (divisions other than US states have none in the
  source data), ISO3 country, admin1 name, point, population and lookup keys;
- `regions.yaml`, curated: what GeoNames' place lists lack and news names all the time
  (territories, regions, seas, straits, gulfs, deserts, rivers, "Middle East"...), each
  with a representative point (null where no point makes sense), `geonames_id` null;
- `aliases.yaml`, curated: other spellings, transliterations and abbreviations ("Kiev",
  "Khan Younis", "U.S.", "DRC", "Calif."), each pointing at an entry by name and country.
  Aliases marked `qualifier_only` (postal codes such as "IL") are only valid after a
  comma that follows a place name ("Springfield, IL"): they are ordinary words elsewhere.

Two word lists come with them: `common_words.txt` (built: one-word place names that are
also common English words, "Mission", "Hope") and `cues.yaml` (curated: designators such
as "province", phrases of reduced precision such as "30 km south of", locative
prepositions, and the verbs and nouns that make a place name an actor).

Country names are not repeated here: every name and alias of the country table
(`eventwatch.knowledge.countries`: "U.S.", "UK", "DRC", "UAE", "Burma") becomes a key of
that country's entry, so the one table of country names serves both.

`regions.yaml` also holds `points:`, representative points that replace the derived point of
a large division (Ontario, Queensland), whose populated places do not span it.

`extra_files` are further YAML files in the regions or aliases format (a mapping with
`regions:`, `aliases:` and/or `points:` lists), so users can add their own places without a rebuild.

Keys are normalised (`normalise`): case, accents, apostrophes, dots and hyphens do not
matter, so "Khan Yunis", "Khan-Yunis" and "KHAN YUNIS" find the same entries. Matching
case-sensitively against the text (is "US" a country or a pronoun?) is the caller's job.
This module knows nothing of spaCy.
"""

from __future__ import annotations

import dataclasses
import gzip
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data" / "gazetteer"
INDEX_FILE = "places.tsv.gz"
NAMES_FILE = "names.tsv.gz"
PLACE_COLUMNS = ["geonames_id", "name", "feature", "country", "admin1", "lat", "lon", "population"]
REGIONS_FILE = "regions.yaml"
ALIASES_FILE = "aliases.yaml"
COMMON_FILE = "common_words.txt"
CUES_FILE = "cues.yaml"
FEATURES = ("city", "admin1", "admin2", "country", "region", "other")
EARTH_RADIUS_KM = 6371.0

_DROP = re.compile(r"[.'’‘`ʻʼ]")
_SPACE = re.compile(r"[\s\-‐‑–—_/]+")


@lru_cache(maxsize=65536)  # the places stage asks for the same words' keys again and again
def normalise(name: str) -> str:
    """The lookup key of a name: no accents, case, apostrophes, dots; hyphens as spaces; no leading 'the'."""
    if name.isascii():  # nothing to decompose: skip the character-by-character pass
        plain = name
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _SPACE.sub(" ", _DROP.sub("", plain.casefold())).strip()
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True, slots=True)
class Entry:
    """One place the gazetteer knows."""

    index: int
    name: str
    feature: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None
    kind: str | None = None  # curated entries: "sea", "strait", "territory", "region"...


class Gazetteer:
    """Lookups over the places; build it with `load()`.

    The packaged index is kept as rows of UTF-8 text and parsed into `Entry` objects on first use:
    a lookup touches a handful of the 186,000 places, and loading stays well under a second.
    """

    def __init__(self) -> None:
        self._rows: list[bytes] = []  # UTF-8
        self._parsed: dict[int, Entry] = {}
        self._packed_keys: dict[str, str] = {}  # key -> "3,17,204" (packaged index, parsed on use)
        self.by_key: dict[str, list[int]] = {}  # keys added at load time (regions, aliases, countries)
        self.qualifier_keys: dict[str, list[int]] = {}
        self.countries: dict[str, Entry] = {}
        self.curated: set[tuple[str, int]] = set()
        self.preferred: set[tuple[str, int]] = set()  # aliases.yaml: the usual referent of these words
        self.common_words: frozenset[str] = frozenset()
        self.cues: dict[str, Any] = {}
        self.max_words = 1
        self._added = 0

    def entry(self, index: int) -> Entry:
        found = self._parsed.get(index)
        if found is None:
            found = self._parsed[index] = _parse(index, self._rows[index].decode("utf-8"))
        return found

    def indices(self, key: str) -> list[int]:
        packed = self._packed_keys.get(key)
        found = [int(i) for i in packed.split(",")] if packed else []
        return found + [i for i in self.by_key.get(key, ()) if i not in found]

    def has_key(self, key: str) -> bool:
        return key in self._packed_keys or key in self.by_key

    def lookup(self, name: str) -> list[Entry]:
        """Every entry known by this name (any spelling, case or accent)."""
        return self.lookup_key(normalise(name))

    def lookup_key(self, key: str) -> list[Entry]:
        return [self.entry(i) for i in self.indices(key)]

    def qualifier(self, name: str) -> list[Entry]:
        """Entries a name can mean as the second part of 'Town, Qualifier' (states, countries, codes)."""
        key = normalise(name)
        found = [self.entry(i) for i in self.qualifier_keys.get(key, ())]
        return found + [e for e in self.lookup_key(key) if e.feature in ("admin1", "admin2", "country")
                        and e not in found]

    def country(self, iso3: str | None) -> Entry | None:
        return self.countries.get(iso3 or "")

    def is_main_name(self, key: str, entry: Entry) -> bool:
        """Whether `key` is the entry's own name or a curated alias, not one of GeoNames' alternate names."""
        return normalise(entry.name) == key or (key, entry.index) in self.curated

    def is_curated_key(self, key: str) -> bool:
        """Whether a key comes from the curated files or the country table ("NSW", "UAE"), not GeoNames."""
        return any((key, i) in self.curated for i in self.indices(key))

    def __contains__(self, name: str) -> bool:
        return self.has_key(normalise(name))

    def __len__(self) -> int:
        return len(self._rows) + self._added

    def replace(self, entry: Entry) -> None:
        """Put a corrected entry (same index) in place of the stored one."""
        self._parsed[entry.index] = entry
        if entry.feature == "country" and self.countries.get(entry.country or "", entry).index == entry.index:
            self.countries[entry.country or ""] = entry

    def add(self, entry: Entry, keys: Iterable[str]) -> None:
        """A new entry (index = len(self)) known by `keys`."""
        if entry.index != len(self):
            raise ValueError(f"entry {entry.name!r} has index {entry.index}, expected {len(self)}")
        self._parsed[entry.index] = entry
        self._added += 1
        for key in keys:
            self.add_key(key, entry.index)
        if entry.feature == "country" and entry.country and entry.country not in self.countries:
            self.countries[entry.country] = entry

    def add_key(self, key: str, index: int, *, qualifier_only: bool = False, curated: bool = False) -> None:
        if not key:
            return
        if curated:
            self.curated.add((key, index))
        table = self.qualifier_keys if qualifier_only else self.by_key
        found = table.setdefault(key, [])
        if index not in found:
            found.append(index)
            self.max_words = max(self.max_words, key.count(" ") + 1)

    def find(self, name: str, *, country: str | None = None, feature: str | None = None) -> list[Entry]:
        """Entries named `name` (their main name), optionally in one country and of one feature."""
        key = normalise(name)
        return [e for e in self.lookup_key(key) if normalise(e.name) == key
                and (country is None or e.country == country) and (feature is None or e.feature == feature)]


def _parse(index: int, row: str) -> Entry:
    gid, name, feature, country, admin1, lat, lon, population = row.split("\t")
    return Entry(index, name, feature, country or None, admin1 or None, _number(lat), _number(lon),
                 int(population or 0), int(gid) if gid else None)


def _number(value: str) -> float | None:
    return float(value) if value else None


def read_index(gazetteer: Gazetteer, folder: Path) -> None:
    # Each file is read whole and split in C, not line by line: this runs at every start. The
    # places' rows stay UTF-8 bytes, decoded one by one when used (a lookup touches a handful):
    # decoding all 11 MB at once would build a 23 MB string (one character needs 2 bytes).
    header, _, body = read_gzip(folder / INDEX_FILE).partition(b"\n")
    if header.decode("utf-8").split("\t") != PLACE_COLUMNS:
        raise ValueError(f"{folder / INDEX_FILE}: unexpected columns {header.decode('utf-8')}")
    rows = body.split(b"\n")
    if rows[-1] == b"":  # the newline that ends the last row
        rows.pop()
    if b"" in rows:  # blank lines are not rows
        rows = [row for row in rows if row]
        body = b"\n".join(rows)
    gazetteer._rows = rows
    header, _, names = read_gzip(folder / NAMES_FILE).partition(b"\n")
    gazetteer.max_words = int(header.decode("utf-8").partition("max_words=")[2] or 1)
    gazetteer._packed_keys = packed_keys(names, folder / NAMES_FILE)
    for index in country_rows(body):
        entry = gazetteer.entry(index)
        gazetteer.countries.setdefault(entry.country or "", entry)


def read_gzip(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if b"\r" in data:  # universal newlines, as a file opened in text mode reads them
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def packed_keys(body: bytes, origin: Path) -> dict[str, str]:
    """The "key<TAB>indices" lines of the names index as a dict, built from one split of the text."""
    lines = body.rstrip(b"\n").count(b"\n") + 1
    parts = body.replace(b"\n", b"\t").decode("utf-8").split("\t")
    if parts[-1] == "":  # the newline that ends the last line
        parts.pop()
    if parts and len(parts) != 2 * lines:
        raise ValueError(f"{origin}: every line must be a key, a tab and row indices")
    return dict(zip(parts[0::2], parts[1::2], strict=True))


def country_rows(body: bytes) -> list[int]:
    """Indices of the rows (the lines of `body`) whose feature is "country", in order: a search of the
    text for the 246 of them, rather than a test of each of the 186,000 rows."""
    found: list[int] = []
    line, counted = 0, 0
    at = body.find(b"\tcountry\t")
    while at >= 0:
        line += body.count(b"\n", counted, at)  # a row's index is the number of newlines before it
        counted = at
        if not found or found[-1] != line:
            found.append(line)
        at = body.find(b"\tcountry\t", at + 1)
    return found


def add_regions(gazetteer: Gazetteer, regions: list[dict[str, Any]], origin: str) -> None:
    for item in regions:
        feature = item.get("feature", "region")
        if feature not in FEATURES:
            raise ValueError(f"{origin}: {item.get('name')!r} has unknown feature {feature!r}")
        entry = Entry(len(gazetteer), item["name"], feature, item.get("country"), item.get("admin1"),
                      item.get("lat"), item.get("lon"), int(item.get("population") or 0),
                      item.get("geonames_id"), item.get("kind"))
        keys = [normalise(n) for n in [item["name"], *item.get("aliases", [])]]
        gazetteer.add(entry, keys)
        gazetteer.curated.update((key, entry.index) for key in keys)


def move_points(gazetteer: Gazetteer, points: list[dict[str, Any]], origin: str) -> None:
    """Give the entries named in `points` the representative point given there."""
    for item in points:
        targets = gazetteer.find(item["name"], country=item.get("country"), feature=item.get("feature"))
        if not targets:
            raise ValueError(f"{origin}: point for {item['name']!r} ({item.get('country')}): no such entry")
        for entry in targets:
            gazetteer.replace(dataclasses.replace(entry, lat=float(item["lat"]), lon=float(item["lon"])))


def add_aliases(gazetteer: Gazetteer, aliases: list[dict[str, Any]], origin: str) -> None:
    """Point each alias at the entries named `name` (in `country`, of `feature` when given)."""
    for item in aliases:
        targets = gazetteer.find(item["name"], country=item.get("country"), feature=item.get("feature"))
        if not targets:
            raise ValueError(f"{origin}: alias target {item['name']!r} ({item.get('country')}) not in the gazetteer")
        # the most populous of same-named entries: "Georgia" the state has many towns, the alias means one
        target = max(targets, key=lambda e: e.population)
        for alias in item["aliases"]:
            if not isinstance(alias, str):  # YAML reads a bare ON, NO or YES as a boolean
                raise ValueError(f"{origin}: alias {alias!r} of {item['name']!r} is not a string; quote it")
            gazetteer.add_key(normalise(alias), target.index, qualifier_only=bool(item.get("qualifier_only")),
                              curated=True)
        if not item.get("qualifier_only"):
            gazetteer.preferred.update((normalise(n), target.index) for n in [item["name"], *item["aliases"]])


def add_country_names(gazetteer: Gazetteer) -> None:
    """Every name and alias of the country table as a key of its country's entry."""
    from eventwatch.knowledge import countries as country_table

    for name, country in country_table.load().names():
        entry = gazetteer.countries.get(country.iso3)
        if entry is not None:
            gazetteer.add_key(normalise(name), entry.index, curated=True)


# libyaml's loader when it is built: several times faster on the curated files
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with 'regions' and/or 'aliases'")
    return data


def load(*, extra_files: Iterable[str | Path] = (), data_dir: str | Path | None = None,
         country_names: bool = True) -> Gazetteer:
    """The package gazetteer, plus the regions and aliases of `extra_files`.

    The package gazetteer alone is read once per process and shared (it is never modified): the
    language pipeline's entity component and the places stage then hold one copy."""
    extra = tuple(map(str, extra_files))
    if not extra and data_dir is None and country_names:
        return _packaged()
    return _read(extra, data_dir=data_dir, country_names=country_names)


@lru_cache(maxsize=1)
def _packaged() -> Gazetteer:
    return _read((), data_dir=None, country_names=True)


def _read(extra_files: tuple[str, ...], *, data_dir: str | Path | None, country_names: bool) -> Gazetteer:
    folder = Path(data_dir) if data_dir else DATA_DIR
    gazetteer = Gazetteer()
    read_index(gazetteer, folder)
    gazetteer.common_words = frozenset((folder / COMMON_FILE).read_text(encoding="utf-8").split())
    gazetteer.cues = read_yaml(folder / CUES_FILE)
    if country_names:
        add_country_names(gazetteer)
    files = [folder / REGIONS_FILE, folder / ALIASES_FILE, *map(Path, extra_files)]
    documents = [(path, read_yaml(path)) for path in files]
    # all regions first, so aliases in any file can point at them
    for path, data in documents:
        add_regions(gazetteer, data.get("regions") or [], str(path))
    for path, data in documents:
        add_aliases(gazetteer, data.get("aliases") or [], str(path))
        move_points(gazetteer, data.get("points") or [], str(path))
    return gazetteer


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float, *,
                radius_km: float = EARTH_RADIUS_KM) -> float:
    """Great-circle distance between two points (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((phi2 - phi1) / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * radius_km * math.asin(min(1.0, math.sqrt(h)))
