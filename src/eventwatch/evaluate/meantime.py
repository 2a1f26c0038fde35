"""MEANTIME (English Wikinews, TIMEX3): how well the time mentions are found and resolved.

    eventwatch evaluate meantime --data SHARED [--limit N]
    python -m eventwatch.evaluate.meantime SHARED [--limit N] [--full] [--no-baseline] [--verbose]

Data: SHARED/data/eval/meantime-en/intra_cross-doc_annotation/corpus_*/*.xml (CAT XML, CC BY 4.0).
The definitions are those of the reference scorer `score_meantime.py`, reimplemented here:
each article's text is rebuilt from its tokens (a space between tokens, a newline between
sentences; the title is sentence 0); its publication date is the CREATION_TIME TIMEX3
(articles without one are skipped); the gold is every other TIMEX3 of type DATE whose value
is YYYY, YYYY-MM or YYYY-MM-DD.

- recall: gold timexes overlapped by some predicted time mention;
- value_acc: gold timexes overlapped by a prediction whose value equals the gold value;
- precision: predicted time mentions overlapping any annotated TIMEX3 (any type, the
  creation time and unscored values included) / all predicted time mentions;
- precision_scope (ours, not the reference scorer's): the same ratio over the predictions in
  the part of each article MEANTIME annotates for time (title, dateline and the first four
  body sentences). MEANTIME leaves every later time expression unannotated, so the
  reference precision counts a correct "yesterday" in sentence 9 as wrong; the tagger does
  not, and must not, look at sentence numbers. Errors listed with --verbose are the
  in-scope ones.

The baseline, measured in the same run on the same texts, is dateparser's `search_dates`
with the publication date as its relative base (each found string's period -- day, month,
year -- from `DateDataParser.get_date_data` gives the value's precision). dateparser is the
optional `eval` dependency and is imported only here.

By default the pipeline runs only up to the times stage (language, then times), which is
what the figures measure; `--full` runs every configured stage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText
from eventwatch.evaluate.base import Report, data_dir, ratio

SCORED_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
GRANULARITY = {4: "year", 7: "month", 10: "day"}
# MEANTIME annotates TIMEX3 only in the title (sentence 0), the dateline (1) and the first four
# body sentences (2-5); every later time expression is unannotated, so the reference precision
# counts it as wrong. `precision_scope` is the same ratio over predictions inside that part.
ANNOTATED_SENTENCES = 5

Span = tuple[int, int]
Prediction = tuple[Span, str | None]


@dataclass
class Timex:
    span: Span
    text: str
    value: str
    gold: bool


@dataclass
class Article:
    id: str
    text: str
    published: str
    timexes: list[Timex]
    scope_end: int  # end of the annotated part: MEANTIME marks TIMEX3 only in sentences 0-5


def load_articles(folder: Path) -> tuple[list[Article], int]:
    """Articles with a creation time, in file order, and how many were skipped for want of one."""
    paths = sorted(folder.glob("intra_cross-doc_annotation/corpus_*/*.xml"))
    articles = [read_article(path) for path in paths]
    return [a for a in articles if a.published], sum(not a.published for a in articles)


def read_article(path: Path) -> Article:
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    offsets: dict[str, Span] = {}
    position, sentence, scope_end = 0, None, 0
    for token in root.iter("token"):
        if sentence is not None:
            pieces.append(" " if token.get("sentence") == sentence else "\n")
            position += 1
        sentence = token.get("sentence")
        word = token.text or ""
        offsets[token.get("t_id", "")] = (position, position + len(word))
        pieces.append(word)
        position += len(word)
        if int(token.get("sentence", "0")) <= ANNOTATED_SENTENCES:
            scope_end = position
    text = "".join(pieces)
    published, timexes = "", []
    for timex in root.iter("TIMEX3"):
        anchors = [offsets[a.get("t_id", "")] for a in timex.iter("token_anchor")]
        if not anchors:  # an empty markable (TAG_DESCRIPTOR) has no span
            continue
        span = (min(s for s, _ in anchors), max(e for _, e in anchors))
        value = timex.get("value", "")
        creation = timex.get("functionInDocument") == "CREATION_TIME"
        if creation:
            published = creation_date(value)
        gold = not creation and timex.get("type") == "DATE" and bool(SCORED_VALUE.fullmatch(value))
        timexes.append(Timex(span, text[span[0]:span[1]], value, gold))
    return Article(root.get("doc_id", path.stem), text, published, timexes, scope_end)


def creation_date(value: str) -> str:
    """YYYY-MM-DD of a CREATION_TIME value; one file writes DD-MM-YYYY ("03-02-2009")."""
    if match := re.match(r"\d{4}-\d{2}-\d{2}", value):
        return match[0]
    if match := re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value):
        return f"{match[3]}-{match[2]}-{match[1]}"
    return ""


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Score:
    totals: Counter[str]
    by_granularity: dict[str, Counter[str]]
    errors: list[tuple[tuple[str, str], str]]


def score(articles: list[Article], predictions: dict[str, list[Prediction]]) -> Score:
    totals: Counter[str] = Counter()
    by_granularity: dict[str, Counter[str]] = {}
    errors: list[tuple[tuple[str, str], str]] = []
    for article in articles:
        predicted = predictions.get(article.id, [])
        totals["predicted"] += len(predicted)
        totals["precise"] += sum(any(overlaps(s, t.span) for t in article.timexes) for s, _ in predicted)
        in_scope = [s for s, _ in predicted if s[0] < article.scope_end]
        totals["predicted_scope"] += len(in_scope)
        totals["precise_scope"] += sum(any(overlaps(s, t.span) for t in article.timexes) for s in in_scope)
        for span, value in predicted:
            if span[0] < article.scope_end and not any(overlaps(span, t.span) for t in article.timexes):
                surface = article.text[span[0]:span[1]]
                errors.append(((surface.lower(), "spurious"), f"spurious {surface!r} predicted={value} "
                               f"(published {article.published})"))
        for timex in (t for t in article.timexes if t.gold):
            values = [v for s, v in predicted if overlaps(s, timex.span)]
            found, correct = bool(values), timex.value in values
            outcome = Counter(gold=1, found=int(found), correct=int(correct))
            totals.update(outcome)
            by_granularity.setdefault(GRANULARITY[len(timex.value)], Counter()).update(outcome)
            if not correct:
                kind = "wrong" if found else "missed"
                shown = ",".join(map(str, values)) or "-"
                errors.append(((timex.text.lower(), kind), f"{kind:<8} {timex.text!r} gold={timex.value} "
                               f"predicted={shown} (published {article.published})"))
    return Score(totals, by_granularity, errors)


def eventwatch_predictions(articles: list[Article], *, full: bool = False) -> dict[str, list[Prediction]]:
    from eventwatch.pipeline import Pipeline, load_config

    config = load_config()
    if not full:
        wanted = {"language", "times"}
        config["stages"] = [s for s in config.get("stages") or [] if s["name"] in wanted]
    pipeline = Pipeline.from_config(config=config)
    if "times" not in pipeline.stage_names:
        raise RuntimeError("the pipeline has no 'times' stage (see pipeline.yaml)")
    out: dict[str, list[Prediction]] = {}
    for article in articles:
        record = pipeline.run(ArticleText(text=article.text, id=article.id,
                                          published=dt.date.fromisoformat(article.published)))
        out[article.id] = [((t.start, t.end), t.value) for t in record.mentions.times
                           if t.start is not None and t.end is not None]
    return out


def dateparser_predictions(articles: list[Article]) -> dict[str, list[Prediction]]:
    """dateparser's `search_dates` over each text, values cut to the period dateparser reports."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    out: dict[str, list[Prediction]] = {}
    for article in articles:
        base = dt.datetime.fromisoformat(article.published)
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        parser = DateDataParser(languages=["en"], settings=settings)
        found = search_dates(article.text, languages=["en"], settings=settings) or []
        predictions: list[Prediction] = []
        cursor = 0
        for surface, moment in found:
            start = article.text.find(surface, cursor)
            if start < 0:
                continue
            cursor = start + len(surface)
            period = parser.get_date_data(surface).period or "day"
            value = {"year": moment.strftime("%Y"), "month": moment.strftime("%Y-%m")}.get(
                period, moment.strftime("%Y-%m-%d"))
            predictions.append(((start, start + len(surface)), value))
        out[article.id] = predictions
    return out


def frequent(errors: Iterable[tuple[tuple[str, str], str]], limit: int = 25) -> list[str]:
    errors = list(errors)
    counts = Counter(key for key, _ in errors)
    first: dict[tuple[str, str], str] = {}
    for key, line in errors:
        first.setdefault(key, line)
    return [f"  {count:4d}x  {first[key]}" for key, count in counts.most_common(limit)]


def run(shared: Path, *, limit: int | None = None, full: bool = False, baseline: bool = True,
        verbose: bool = False) -> Report:
    articles, undated = load_articles(data_dir(Path(shared), "data", "eval", "meantime-en"))
    articles = articles[:limit]
    systems: list[tuple[str, Callable[[list[Article]], dict[str, list[Prediction]]]]] = [
        ("eventwatch", lambda a: eventwatch_predictions(a, full=full))]
    if baseline:
        systems.append(("dateparser", dateparser_predictions))
    rows: list[list[Any]] = []
    summary: dict[str, Any] = {}
    notes = [f"{len(articles)} articles ({undated} skipped without a creation time), "
             f"{sum(len(a.timexes) for a in articles)} annotated TIMEX3 spans"]
    gold = 0
    for name, predict in systems:
        result = score(articles, predict(articles))
        totals = result.totals
        gold = totals["gold"]
        for granularity in ("day", "month", "year"):
            row = result.by_granularity.get(granularity, Counter())
            rows.append([name, granularity, row["gold"], ratio(row["found"], row["gold"]),
                         ratio(row["correct"], row["gold"]), "", "", "", ""])
        values = (ratio(totals["correct"], gold), ratio(totals["found"], gold),
                  ratio(totals["precise"], totals["predicted"]),
                  ratio(totals["precise_scope"], totals["predicted_scope"]))
        rows.append([name, "all", gold, values[1], values[0], totals["predicted"], values[2],
                     totals["predicted_scope"], values[3]])
        prefix = "" if name == "eventwatch" else f"{name}_"
        summary.update({f"{prefix}value_acc": values[0], f"{prefix}recall": values[1],
                        f"{prefix}precision": values[2], f"{prefix}precision_scope": values[3]})
        if verbose:
            notes.append(f"most frequent errors of {name}:")
            notes.extend(frequent(result.errors))
    return Report(name="meantime", columns=["system", "gold value", "gold", "recall", "value_acc", "predicted",
                                            "precision", "in scope", "precision_scope"], rows=rows, summary=summary, n=gold, notes=notes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shared", type=Path, help="the shared folder; data is read from SHARED/data/eval/")
    parser.add_argument("--limit", type=int, help="score only the first N articles")
    parser.add_argument("--full", action="store_true", help="run every configured stage, not only up to times")
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    parser.add_argument("--verbose", action="store_true", help="print the most frequent errors")
    args = parser.parse_args(argv)
    print(run(args.shared, limit=args.limit, full=args.full, baseline=not args.no_baseline,
              verbose=args.verbose).render())


if __name__ == "__main__":
    main()
