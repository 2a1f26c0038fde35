"""Cross-source merging: events that report the same real incident become one incident.

The method and its thresholds are documented in docs/merging.md. In short:

1. Only events that happened (`factuality == "asserted"`) form incidents; announced,
   possible, conditional and negated events stay events.
2. Blocking (SQL): two events are candidates when they have the same PLOVER type, dates at
   most `date_window_days` apart, places at most `radius_km` apart (or one place unknown),
   and no two different countries of occurrence.
3. Scoring (Python): a weighted sum of agreements in [0, 1] — date, place, mode, casualty
   figures, the dyad's countries and the words of the two sentences (TF-IDF cosine). The
   dyad weighs little and an unknown actor counts as half agreement, so merging does not
   depend on perfect actor resolution.
4. Clustering: candidate pairs at or above `threshold`, strongest first, join their groups
   (union-find) unless the joined group would span more than `max_span_days` or
   `2 * radius_km`, which stops chains of near neighbours from drifting.
5. An incident keeps every mention (`incident_events`) and, for figures that disagree,
   every source's own value (`killed_reports`) and the range (`killed_min`..`killed_max`).

The rebuild reads only the stored events and is deterministic (ties are broken by ids), so
the incidents do not depend on the order or the batches in which articles arrived.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as package_files
from typing import Any

import pandas as pd

from eventwatch.knowledge.gazetteer import distance_km
from eventwatch.store.db import Store
from eventwatch.store.rows import dyad_key

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*")
_STOPWORDS = "data/merge_stopwords.txt"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words the text similarity ignores (knowledge/data/merge_stopwords.txt)."""
    text = package_files.files("eventwatch.knowledge").joinpath(_STOPWORDS).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class MergeConfig:
    """Blocking limits, feature weights and the merge threshold (docs/merging.md)."""

    date_window_days: int = 2
    radius_km: float = 60.0
    max_span_days: int = 3
    threshold: float = 0.62
    factuality: tuple[str, ...] = ("asserted",)
    lead_chars: int = 400
    w_date: float = 0.22
    w_place: float = 0.22
    w_text: float = 0.22
    w_casualties: float = 0.14
    w_dyad: float = 0.10
    w_mode: float = 0.10


# The merge's working view of each event. `m_*` is where the event is for merging: its own
# place when that is a point (a city or finer); else, when the event has no place or only a
# country or region, the first point-like place its article mentions in the same country (a
# dateline, "MOGADISHU - ..."). Incidents keep the events' own places; `m_*` only decides
# which reports are compared and how well their places agree.
_EVENTS_SQL = """
WITH article_place AS (
    SELECT DISTINCT ON (article_id) article_id, name, country, lat, lon FROM places
    WHERE lat IS NOT NULL AND feature NOT IN ('country', 'admin1', 'region')
    ORDER BY article_id, position
), working AS (
    SELECT e.*, a.published, a.seq, concat_ws(' ', a.title, left(a.text, ?::INTEGER)) AS lead,
           coalesce(a.outlet, regexp_extract(a.url, '^[a-z]+://([^/]+)', 1), a.article_id) AS outlet_key,
           e.lat IS NOT NULL AND coalesce(e.place_feature, 'other') NOT IN ('country', 'admin1', 'region') AS point,
           ap.name AS ap_name, ap.country AS ap_country, ap.lat AS ap_lat, ap.lon AS ap_lon
    FROM events e JOIN articles a USING (article_id) LEFT JOIN article_place ap USING (article_id)
    WHERE e.factuality IN (SELECT unnest(?))
)
SELECT event_id, article_id, type, mode, quad_class, intensity, event_date, place_name, country, admin1, lat, lon,
       src_name, src_country, tgt_name, tgt_country, killed_min, killed_max, injured_min, injured_max,
       sentence_text, confidence, acled_event_type, acled_sub_event_type, cameo, date_precision, place_feature,
       published, seq, outlet_key AS outlet, lead,
       CASE WHEN point THEN lat WHEN country IS NULL OR country = ap_country THEN ap_lat END AS m_lat,
       CASE WHEN point THEN lon WHEN country IS NULL OR country = ap_country THEN ap_lon END AS m_lon,
       CASE WHEN point THEN place_name WHEN country IS NULL OR country = ap_country THEN ap_name END AS m_place,
       coalesce(country, ap_country) AS m_country
FROM working
"""

_PAIRS_SQL = """
WITH e AS ({events})
SELECT a.event_id AS a, b.event_id AS b
FROM e a JOIN e b
  ON a.type = b.type AND a.event_id < b.event_id
 AND b.event_date BETWEEN a.event_date - ?::INTEGER AND a.event_date + ?::INTEGER
WHERE (a.m_country IS NULL OR b.m_country IS NULL OR a.m_country = b.m_country)
  AND (a.m_lat IS NULL OR b.m_lat IS NULL OR
       2 * 6371 * asin(sqrt(pow(sin(radians(b.m_lat - a.m_lat) / 2), 2) +
         cos(radians(a.m_lat)) * cos(radians(b.m_lat)) * pow(sin(radians(b.m_lon - a.m_lon) / 2), 2))) <= ?)
"""



def words(text: str | None) -> set[str]:
    if not text:
        return set()
    found = set()
    stop = stopwords()
    for w in _WORD.findall(text.lower()):
        w = w.strip("'.,-")
        if w.endswith("'s"):
            w = w[:-2]
        if (len(w) > 2 or w[:1].isdigit()) and w not in stop:
            found.add(w)
    return found


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _date_agreement(a: Any, b: Any) -> float:
    days = abs((a - b).days)
    return {0: 1.0, 1: 0.6, 2: 0.25}.get(days, 0.0)


def _place_agreement(a: dict[str, Any], b: dict[str, Any], radius: float) -> float:
    if _present(a["m_lat"]) and _present(b["m_lat"]):
        d = distance_km(a["m_lat"], a["m_lon"], b["m_lat"], b["m_lon"])
        return 1.0 if d <= 5 else max(0.0, 1.0 - d / radius)
    if a["m_place"] and b["m_place"] and a["m_place"].lower() == b["m_place"].lower():
        return 1.0
    if a["m_place"] and b["m_place"]:
        return 0.2  # two different names, no coordinates to compare
    return 0.5  # a place unknown on either side: no evidence either way


def _count_agreement(a_min: Any, a_max: Any, b_min: Any, b_max: Any) -> float:
    if not _present(a_min) or not _present(b_min):
        return 0.5
    a_hi = a_max if _present(a_max) else math.inf
    b_hi = b_max if _present(b_max) else math.inf
    if a_min <= b_hi and b_min <= a_hi:
        return 1.0
    low, high = sorted((max(a_min, 1), max(b_min, 1)))
    return 0.6 if low / high >= 0.6 else 0.0


def _dyad_agreement(a: dict[str, Any], b: dict[str, Any]) -> float:
    sa = {a["src_country"], a["tgt_country"]} - {None}
    sb = {b["src_country"], b["tgt_country"]} - {None}
    if not sa or not sb:
        return 0.5
    return len(sa & sb) / len(sa | sb)


def _mode_agreement(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.5
    return 1.0 if a == b else 0.0


class TextSimilarity:
    """TF-IDF (binary term frequency) cosine over the events' sentences."""

    def __init__(self, sentences: dict[str, set[str]]) -> None:
        self.sentences = sentences
        df: Counter[str] = Counter()
        for ws in sentences.values():
            df.update(ws)
        n = max(len(sentences), 1)
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}

    def __call__(self, a: str, b: str) -> float:
        wa, wb = self.sentences[a], self.sentences[b]
        if not wa or not wb:
            return 0.0
        # Sorted: a sum of floats depends on its order, and set order changes between processes.
        dot = math.fsum(self.idf[w] ** 2 for w in sorted(wa & wb))
        na = math.sqrt(math.fsum(self.idf[w] ** 2 for w in sorted(wa)))
        nb = math.sqrt(math.fsum(self.idf[w] ** 2 for w in sorted(wb)))
        return dot / (na * nb)


def score(a: dict[str, Any], b: dict[str, Any], *, text: float, config: MergeConfig) -> float:
    """How strongly two candidate events look like reports of one incident, in [0, 1]."""
    c = config
    return (c.w_date * _date_agreement(a["event_date"], b["event_date"])
            + c.w_place * _place_agreement(a, b, c.radius_km)
            + c.w_text * min(1.0, text / 0.5)
            + c.w_casualties * _count_agreement(a["killed_min"], a["killed_max"], b["killed_min"], b["killed_max"])
            + c.w_dyad * _dyad_agreement(a, b)
            + c.w_mode * _mode_agreement(a["mode"], b["mode"]))


class _Groups:
    """Union-find whose groups remember their date span, bounding box and modes."""

    def __init__(self, events: dict[str, dict[str, Any]]) -> None:
        self.parent = {eid: eid for eid in events}
        self.span = {eid: (e["event_date"], e["event_date"]) for eid, e in events.items()}
        self.box = {eid: ((e["m_lat"], e["m_lat"], e["m_lon"], e["m_lon"]) if _present(e["m_lat"]) else None)
                    for eid, e in events.items()}
        self.modes = {eid: frozenset([e["mode"]] if e["mode"] else []) for eid, e in events.items()}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def try_union(self, a: str, b: str, *, max_days: int, max_km: float) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        (a0, a1), (b0, b1) = self.span[ra], self.span[rb]
        lo, hi = min(a0, b0), max(a1, b1)
        if (hi - lo).days > max_days:
            return False
        box = _join_box(self.box[ra], self.box[rb])
        if box is not None and distance_km(box[0], box[2], box[1], box[3]) > max_km:
            return False
        if self.modes[ra] and self.modes[rb] and not self.modes[ra] & self.modes[rb]:
            return False  # a car bombing and a mortar attack: two incidents, however close
        root, child = sorted((ra, rb))
        self.parent[child] = root
        self.span[root] = (lo, hi)
        self.box[root] = box
        self.modes[root] = self.modes[ra] | self.modes[rb]
        return True


def _join_box(a: tuple | None, b: tuple | None) -> tuple | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3]))


def cluster(events: pd.DataFrame, pairs: list[tuple[str, str]], *,
            config: MergeConfig) -> tuple[dict[str, str], dict[str, float]]:
    """Group events: event id -> group root id, and each event's best link score."""
    rows = {r["event_id"]: r for r in events.to_dict("records")}
    dated = {eid: r for eid, r in rows.items() if _present(r["event_date"])}
    similarity = TextSimilarity({eid: words(r["sentence_text"]) | words(r["lead"]) for eid, r in rows.items()})
    scored = []
    for a, b in pairs:
        s = round(score(rows[a], rows[b], text=similarity(a, b), config=config), 9)
        if s >= config.threshold:
            scored.append((-s, a, b))
    scored.sort()
    groups = _Groups(dated)
    best: dict[str, float] = {}
    for negative, a, b in scored:
        if groups.try_union(a, b, max_days=config.max_span_days, max_km=2 * config.radius_km):
            best[a] = max(best.get(a, 0.0), -negative)
            best[b] = max(best.get(b, 0.0), -negative)
    assignment = {eid: (groups.find(eid) if eid in dated else eid) for eid in rows}
    return assignment, best


def _most_common(values: list[Any]) -> Any:
    present = [v for v in values if _present(v)]
    if not present:
        return None
    counts = Counter(present)
    top = max(counts.values())
    return min(v for v, n in counts.items() if n == top)


def _reports(members: list[dict[str, Any]], low: str, high: str) -> list[dict[str, Any]]:
    """Each article's own figure (the largest its events give), with its outlet."""
    by_article: dict[str, dict[str, Any]] = {}
    for m in members:
        if not _present(m[low]):
            continue
        mx = int(m[high]) if _present(m[high]) else None
        report = {"article_id": m["article_id"], "outlet": m["outlet"], "event_id": m["event_id"],
                  "min": int(m[low]), "max": mx}
        kept = by_article.get(m["article_id"])
        if kept is None or report["min"] > kept["min"]:
            by_article[m["article_id"]] = report
    return sorted(by_article.values(), key=lambda r: (r["article_id"], r["event_id"]))


def _range(reports: list[dict[str, Any]]) -> tuple[int | None, int | None]:
    if not reports:
        return None, None
    return min(r["min"] for r in reports), max(r["max"] if r["max"] is not None else r["min"] for r in reports)


def incident_rows(events: pd.DataFrame, assignment: dict[str, str],
                  best: dict[str, float]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in events.to_dict("records"):
        groups[assignment[r["event_id"]]].append(r)
    incidents, links = [], []
    for members in groups.values():
        members.sort(key=lambda m: (m["seq"], m["event_id"]))
        iid = "inc-" + hashlib.sha256(members[0]["event_id"].encode()).hexdigest()[:16]
        located = [m for m in members if _present(m["lat"])]
        rep = max(located or members, key=lambda m: (m["place_feature"] not in ("country", "admin1", "region"),
                                                       m["date_precision"] == "day", m["confidence"] or 0.0,
                                                       -m["seq"]))
        dates = [m["event_date"] for m in members if _present(m["event_date"])]
        killed = _reports(members, "killed_min", "killed_max")
        injured = _reports(members, "injured_min", "injured_max")
        k_lo, k_hi = _range(killed)
        i_lo, i_hi = _range(injured)
        incidents.append({
            "incident_id": iid, "type": rep["type"], "mode": _most_common([m["mode"] for m in members]),
            "quad_class": int(rep["quad_class"]), "intensity": min(float(m["intensity"]) for m in members),
            "event_date": _most_common(dates), "date_min": min(dates) if dates else None,
            "date_max": max(dates) if dates else None,
            "first_seen": min((m["published"] for m in members if _present(m["published"])), default=None),
            "place_name": rep["place_name"], "country": rep["country"] or _most_common([m["country"] for m in members]),
            "admin1": rep["admin1"], "lat": rep["lat"] if _present(rep["lat"]) else None,
            "lon": rep["lon"] if _present(rep["lon"]) else None,
            "src_name": _most_common([m["src_name"] for m in members]),
            "src_country": _most_common([m["src_country"] for m in members]),
            "tgt_name": _most_common([m["tgt_name"] for m in members]),
            "tgt_country": _most_common([m["tgt_country"] for m in members]),
            "dyad_key": dyad_key(_most_common([m["src_country"] for m in members]),
                                 _most_common([m["tgt_country"] for m in members])),
            "acled_event_type": _most_common([m["acled_event_type"] for m in members]),
            "acled_sub_event_type": _most_common([m["acled_sub_event_type"] for m in members]),
            "cameo": _most_common([m["cameo"] for m in members]),
            "n_events": len(members), "n_articles": len({m["article_id"] for m in members}),
            "n_sources": len({m["outlet"] for m in members}),
            "killed_min": k_lo, "killed_max": k_hi, "injured_min": i_lo, "injured_max": i_hi,
            "killed_reports": json.dumps(killed), "injured_reports": json.dumps(injured),
            "confidence": max(float(m["confidence"] or 0.0) for m in members),
        })
        for m in members:
            links.append({"incident_id": iid, "event_id": m["event_id"], "article_id": m["article_id"],
                          "score": best.get(m["event_id"], 1.0 if len(members) == 1 else None)})
    incidents.sort(key=lambda r: r["incident_id"])
    links.sort(key=lambda r: (r["incident_id"], r["event_id"]))
    return incidents, links


def compute(store: Store, *, config: MergeConfig | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The incidents and incident-event links of the stored events, without writing them."""
    config = config or MergeConfig()
    factuality = list(config.factuality)
    events = store.con.execute(_EVENTS_SQL + " ORDER BY event_id", [config.lead_chars, factuality]).df()
    events = events.astype(object).where(events.notna(), None)
    for column in ("event_date", "published"):
        events[column] = [v.date() if hasattr(v, "date") and _present(v) else v for v in events[column]]
    pairs = store.con.execute(
        _PAIRS_SQL.format(events=_EVENTS_SQL) + " ORDER BY a, b",
        [config.lead_chars, factuality, config.date_window_days, config.date_window_days,
         config.radius_km]).fetchall()
    assignment, best = cluster(events, pairs, config=config)
    return incident_rows(events, assignment, best)


def rebuild(store: Store, *, config: MergeConfig | None = None) -> int:
    """Recompute all incidents from the stored events, in one transaction; returns their number."""
    incidents, links = compute(store, config=config)
    with store.transaction():
        store.con.execute("DELETE FROM incident_events")
        store.con.execute("DELETE FROM incidents")
        store.append("incidents", incidents)
        store.append("incident_events", links)
        store.set_meta("incidents_stale", "0")
    return len(incidents)
