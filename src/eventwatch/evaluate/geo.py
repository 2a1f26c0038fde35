"""Geoparsing: place mentions against four news corpora, accuracy within 161 km.

    eventwatch evaluate geo --data SHARED [--limit N]

Data: SHARED/data/eval/geoparsing-news-gritta/{GeoVirus,GWN,TR-News,lgl}.xml (Gritta et al.,
"A Pragmatic Guide to Geoparsing Evaluation"). The definitions are those of the reference
scorer `score_geo.py`, reimplemented here:

- gold toponyms: every GeoVirus location; TR-News and LGL toponyms with a GeoNames gaztag;
  GeoWebNews spans with coordinates of the literal types (Literal, Literal_Modifier, Mixed,
  Embedded_Literal). Annotated non-places: GeoWebNews spans whose every annotation is
  Non_Toponym, Homonym, Literal_Expression or Non_Lit_Expression or is marked
  nonLocational. Other spans (metonymic, demonym...) count nowhere;
- each span is re-anchored at the occurrence of its name nearest to its offset (within 100
  characters; otherwise dropped);
- recall161: gold toponyms overlapped by a predicted place within 161 km of it;
  precision161: predicted places overlapping a gold toponym within 161 km / predicted places
  overlapping any annotated span; a gold country name is also matched by a prediction with
  feature "country" and that country's ISO3 (country names from the same list as the
  reference scorer, SHARED/data/lexicon/mledoze-countries, so the figures agree);
- country accuracy (ours, not in the reference scorer): of the gold toponyms that some
  prediction overlaps, the share whose nearest overlapping prediction has the gold
  toponym's country: the country it names (when its point lies within 1,500 km of that
  country's point), else that of the nearest gazetteer place within
  50 km of its point. Gold toponyms with no country are left out: points at sea or far from
  any place, and names of regions of several countries (continents, oceans, "Middle East").

Only the `language` and `places` stages run (the place stage reads nothing else); pass a
pipeline to measure another configuration. `score_geo.py` runs the whole `eventwatch extract`.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwatch.evaluate.base import Report, data_dir, ratio
from eventwatch.knowledge.gazetteer import distance_km

SCORER_EARTH_RADIUS_KM = 6371.0088
PUBLISHED = "2020-01-01"
MAX_KM = 161.0
REALIGN_WINDOW = 100
COUNTRY_KM = 50.0
COUNTRY_NAME_KM = 1500.0
GWN_LITERAL = {"Literal", "Literal_Modifier", "Mixed", "Embedded_Literal"}
GWN_NOT_PLACE = {"Non_Toponym", "Homonym", "Literal_Expression", "Non_Lit_Expression"}
CORPORA = {"geovirus": "GeoVirus.xml", "gwn": "GWN.xml", "trnews": "TR-News.xml", "lgl": "lgl.xml"}


@dataclass
class Span:
    start: int
    end: int
    name: str
    lat: float | None = None  # None: an annotated non-place
    lon: float | None = None


@dataclass
class Article:
    id: str
    text: str
    spans: list[Span]


Raw = tuple[int, str, float | None, float | None]


def geovirus(root: ET.Element) -> Iterator[tuple[str, list[Raw]]]:
    for article in root.iter("article"):
        yield article.findtext("text") or "", [
            (int(loc.findtext("start") or 0), loc.findtext("name") or "",
             float(loc.findtext("lat") or 0), float(loc.findtext("lon") or 0))
            for loc in article.iter("location")]


def gazetteer_tagged(root: ET.Element) -> Iterator[tuple[str, list[Raw]]]:
    for article in root.iter("article"):
        yield article.findtext("text") or "", [
            (int(t.findtext("start") or 0), t.findtext("phrase") or "",
             float(t.findtext("gaztag/lat") or 0), float(t.findtext("gaztag/lon") or 0))
            for t in article.iter("toponym") if t.find("gaztag/lat") is not None]


def geowebnews(root: ET.Element) -> Iterator[tuple[str, list[Raw]]]:
    for article in root.iter("article"):
        groups: dict[tuple[int, str], list[ET.Element]] = {}
        for t in article.iter("toponym"):
            groups.setdefault((int(t.findtext("start") or 0), t.findtext("extractedName") or ""), []).append(t)
        spans: list[Raw] = []
        for (start, name), group in groups.items():
            literal = [t for t in group if t.findtext("type") in GWN_LITERAL and t.findtext("latitude")]
            if literal:
                spans.append((start, name, float(literal[0].findtext("latitude") or 0),
                              float(literal[0].findtext("longitude") or 0)))
            elif all(t.findtext("type") in GWN_NOT_PLACE or t.findtext("nonLocational") == "Yes" for t in group):
                spans.append((start, name, None, None))
        yield article.findtext("text") or "", spans


READERS: dict[str, Callable[[ET.Element], Iterator[tuple[str, list[Raw]]]]] = {
    "geovirus": geovirus, "gwn": geowebnews, "trnews": gazetteer_tagged, "lgl": gazetteer_tagged}


def anchor(text: str, name: str, start: int) -> int | None:
    for shift in range(REALIGN_WINDOW + 1):
        for candidate in (start - shift, start + shift):
            if candidate >= 0 and text.startswith(name, candidate):
                return candidate
    return None


def load_corpus(folder: Path, name: str, limit: int | None = None) -> tuple[list[Article], Counter]:
    articles, offsets = [], Counter()
    root = ET.parse(folder / CORPORA[name]).getroot()
    for index, (text, raw) in enumerate(READERS[name](root)):
        if index == limit:
            break
        spans = []
        for start, toponym, lat, lon in raw:
            found = anchor(text, toponym, start)
            offsets["dropped" if found is None else "exact" if found == start else "realigned"] += 1
            if found is not None:
                spans.append(Span(found, found + len(toponym), toponym, lat, lon))
        articles.append(Article(f"{name}-{index:04d}", text, spans))
    return articles, offsets


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance with the reference scorer's Earth radius, so distances agree to the metre."""
    return distance_km(lat1, lon1, lat2, lon2, radius_km=SCORER_EARTH_RADIUS_KM)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def shortcut_countries(shared: Path) -> dict[str, str]:
    """Normalised country name -> ISO3 for the country shortcut of `within`, from the same openly
    licensed country list (SHARED/data/lexicon/mledoze-countries) and with the same
    normalisation as the reference scorer, so the two agree."""
    path = data_dir(shared, "data", "lexicon", "mledoze-countries", "countries.json")
    names: dict[str, str] = {}
    for country in json.loads(path.read_text(encoding="utf-8")):
        for name in [country["name"]["common"], country["name"]["official"], *country.get("altSpellings", [])]:
            if len(name) >= 2:
                names.setdefault(shortcut_key(name), country["cca3"])
    return names


def shortcut_key(name: str) -> str:
    name = re.sub(r"[.\u2019']", "", (name or "").lower()).strip()
    return name[4:] if name.startswith("the ") else name


class Scorer:
    """The counts of one corpus. `shortcut` (normalised country name -> ISO3) lets a prediction of
    the named country count as right wherever its point lies, as in the reference scorer."""

    def __init__(self, shortcut: dict[str, str], country_of_name: Callable[[str], str | None],
                 country_of_point: Callable[..., str | None], countryless: Callable[[str], bool]):
        self.shortcut = shortcut
        self.country_of_name = country_of_name
        self.country_of_point = country_of_point
        self.countryless = countryless

    def distance(self, place: dict[str, Any], gold: Span) -> float | None:
        if place.get("lat") is None or place.get("lon") is None or gold.lat is None or gold.lon is None:
            return None
        return haversine_km(gold.lat, gold.lon, place["lat"], place["lon"])

    def within(self, place: dict[str, Any], gold: Span) -> bool:
        distance = self.distance(place, gold)
        if distance is not None and distance <= MAX_KM:
            return True
        iso3 = self.shortcut.get(shortcut_key(gold.name))
        return iso3 is not None and place.get("feature") == "country" and place.get("country") == iso3

    def score(self, article: Article, places: list[dict[str, Any]], counts: Counter, distances: list[float],
              errors: list[tuple[str, str]]) -> None:
        gold = [s for s in article.spans if s.lat is not None]
        for toponym in gold:
            span = (toponym.start, toponym.end)
            ranked = sorted(((self.distance(p, toponym), p) for p in places if overlaps((p["start"], p["end"]), span)),
                            key=lambda pair: math.inf if pair[0] is None else pair[0])
            correct = any(self.within(p, toponym) for _, p in ranked)
            counts.update(gold=1, found=bool(ranked), correct=correct)
            if ranked and ranked[0][0] is not None:
                distances.append(ranked[0][0])
            if ranked and not self.countryless(toponym.name):
                truth = self.country_of_name(toponym.name, toponym.lat, toponym.lon) or \
                    self.country_of_point(toponym.lat, toponym.lon)
                if truth is not None:
                    counts["country_judged"] += 1
                    counts["country_correct"] += ranked[0][1].get("country") == truth
                    if ranked[0][1].get("country") != truth:
                        errors.append((f"{toponym.name} country {ranked[0][1].get('country')} for {truth}", article.id))
            if not correct:
                label = "missed" if not ranked else f"far -> {ranked[0][1].get('name')} ({ranked[0][1].get('country')})"
                errors.append((f"{toponym.name} {label}", article.id))
        for place in places:
            span = (place["start"], place["end"])
            if any(overlaps(span, (t.start, t.end)) for t in article.spans):
                counts["judged"] += 1
                precise = any(overlaps(span, (t.start, t.end)) and self.within(place, t) for t in gold)
                counts["precise"] += precise
                if not any(overlaps(span, (t.start, t.end)) for t in gold):
                    errors.append((f"{place['text']} predicted on a non-place", article.id))


def metrics(counts: Counter, distances: list[float]) -> dict[str, Any]:
    recall = ratio(counts["correct"], counts["gold"])
    precision = ratio(counts["precise"], counts["judged"])
    return {"recall161": recall, "precision161": precision, "f1": ratio(2 * precision * recall, precision + recall),
            "country_acc": ratio(counts["country_correct"], counts["country_judged"]),
            "mean_km": f"{statistics.mean(distances):.1f}" if distances else "nan",
            "median_km": f"{statistics.median(distances):.1f}" if distances else "nan"}


def default_pipeline() -> Any:
    from eventwatch.pipeline import Pipeline, load_config

    config = load_config()
    config["stages"] = [spec for spec in config.get("stages") or [] if spec["name"] in ("language", "places")]
    return Pipeline.from_config(config=config)


def reference_countries(gazetteer: Any) -> tuple[Callable[[str], str | None], Callable[..., str | None],
                                                  Callable[[str], bool]]:
    """Country of a gold name (country names only), of a gold point (nearest place within 50 km),
    and whether a gold name is a region of several countries (a continent, an ocean)."""
    from eventwatch.knowledge.gazetteer import normalise

    def of_name(name: str, lat: float | None = None, lon: float | None = None) -> str | None:
        """The country a gold name names; with a point, only if the point lies near that country
        ("Georgia" at Atlanta is the state)."""
        for entry in gazetteer.lookup(name):
            if entry.feature != "country":
                continue
            if lat is None or lon is None or entry.lat is None or entry.lon is None:
                return entry.country
            if haversine_km(lat, lon, entry.lat, entry.lon) <= COUNTRY_NAME_KM:
                return entry.country
        return None

    def countryless(name: str) -> bool:
        key = normalise(name)
        own = [e for e in gazetteer.lookup_key(key) if gazetteer.is_main_name(key, e)]
        return bool(own) and all(e.country is None for e in own)

    cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    for index in range(len(gazetteer)):
        entry = gazetteer.entry(index)
        if entry.feature == "city" and entry.lat is not None and entry.lon is not None and entry.country:
            cells.setdefault((int(entry.lat), int(entry.lon)), []).append((entry.lat, entry.lon, entry.country))

    def of_point(lat: float, lon: float) -> str | None:
        best, best_km = None, COUNTRY_KM
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for plat, plon, country in cells.get((int(lat) + dlat, int(lon) + dlon), ()):
                    distance = haversine_km(lat, lon, plat, plon)
                    if distance < best_km:
                        best, best_km = country, distance
        return best

    return of_name, of_point, countryless


def run(shared: Path, *, limit: int | None = None, corpora: list[str] | None = None, pipeline: Any = None,
        verbose: bool = False, verbose_errors: int = 40) -> Report:
    folder = data_dir(shared, "data", "eval", "geoparsing-news-gritta")
    pipeline = pipeline if pipeline is not None else default_pipeline()
    scorer = Scorer(shortcut_countries(shared), *reference_countries(pipeline.resources.get("gazetteer")))
    rows, notes = [], []
    total, all_distances, errors = Counter(), [], []
    for name in corpora or list(CORPORA):
        articles, offsets = load_corpus(folder, name, limit)
        counts, distances = Counter(), []
        for article in articles:
            record = pipeline.extract(article.text, published=PUBLISHED, id=article.id)
            places = [p.model_dump() for p in record.mentions.places]
            scorer.score(article, places, counts, distances, errors)
        total.update(counts)
        all_distances += distances
        m = metrics(counts, distances)
        rows.append([name, len(articles), counts["gold"], counts["found"], m["recall161"], m["precision161"],
                     m["f1"], m["country_acc"], m["mean_km"], m["median_km"],
                     f"{offsets['exact']}/{offsets['realigned']}/{offsets['dropped']}"])
    if verbose:
        notes.append("most frequent errors:")
        frequent = Counter(key for key, _ in errors)
        first = dict(reversed(errors))
        notes += [f"  {count:4d}x  {key} [{first[key]}]" for key, count in frequent.most_common(verbose_errors)]
    return Report(name="geo", columns=["corpus", "articles", "gold", "found", "recall161", "precision161", "f1",
                                       "country_acc", "mean_km", "median_km", "offsets exact/realigned/dropped"],
                  rows=rows, summary=metrics(total, all_distances), n=total["gold"], notes=notes)


def main(argv: list[str] | None = None) -> None:
    """python -m eventwatch.evaluate.geo SHARED [--limit N] [--corpus NAME ...] [--verbose]"""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--corpus", action="append", choices=list(CORPORA))
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--errors", type=int, default=40, help="how many error kinds --verbose lists")
    args = parser.parse_args(argv)
    print(run(args.shared, limit=args.limit, corpora=args.corpus, verbose=args.verbose,
              verbose_errors=args.errors).render())


if __name__ == "__main__":
    main()
