"""Quote evaluation on PolNeAR: direct quotes, all attributions and their speakers.

    eventwatch evaluate quotes --data SHARED [--limit N]

Data: SHARED/data/eval/polnear/data/<split>/ (test by default): `text/<stem>.txt` and the
brat file `attributions/<stem>_<annotator>.ann` (the first in sorted order). PolNeAR has no
stated licence; it is read from the shared folder at evaluation time and never copied.
Each article is run through the pipeline with its publication date taken from the file
name (2016-06-01 when there is none).

Metric definitions follow shared/scorers/score_quotes.py (reimplemented, not imported):
- a gold attribution is one brat E-line with a Content; source, cue and content spans may
  be discontinuous (several fragments). Where the source is a lone "said"/"says" the
  annotator swapped the labels and they are swapped back;
- a gold is DIRECT when its content (whitespace trimmed) starts or ends with a quotation
  mark, or the character just before it or just after it (past . , ! ? ; :) is one;
- a predicted quote matches a gold when the characters they share are at least half of the
  shorter of the two; a gold matched several times is judged by the best intersection over
  union;
- the speaker is right when its span overlaps a gold source fragment, or its name or text
  shares a capitalised word (over 2 letters, not a title or function word, possessive
  dropped) with the gold source; with no gold source only a null speaker is right.
Figures: direct_recall, direct_speaker (speaker right / matched, direct golds), all_recall,
all_speaker, precision (predicted quotes matching some gold / predicted quotes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText
from eventwatch.evaluate.base import Report, data_dir, extract_all, ratio
from eventwatch.record import Actor, Quote, Record

QUOTE_MARKS = set("\"'\u201c\u201d\u2018\u2019")
T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
E_LINE = re.compile(r"^E\d+\t(.+)$")
CAPITALISED = re.compile(r"[A-Z][\w'\u2019.-]*")
NOT_NAMES = frozenset({
    "The", "This", "That", "These", "Those", "They", "Their", "His", "Her", "She", "And", "But", "For", "Its",
    "Our", "You", "Your", "Who", "Mrs", "President", "Vice", "Sen", "Senator", "Rep", "Gov", "Governor",
    "Secretary", "Minister", "Prime", "Chief", "General", "Director", "Spokesman", "Spokeswoman", "Former",
    "Official", "Officials",
})
SWAPPED_SOURCE = re.compile(r"(said|says|told|added|wrote):?")
DEFAULT_PUBLISHED = dt.date(2016, 6, 1)

Fragments = list[tuple[int, int]]


@dataclass
class Gold:
    source: Fragments
    cue: Fragments
    content: Fragments
    direct: bool = False


def read_brat(path: Path, text: str) -> list[Gold]:
    spans: dict[str, Fragments] = {}
    relations: list[list[list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := T_LINE.match(line):
            spans[match[1]] = [tuple(map(int, part.split())) for part in match[3].split(";")]  # type: ignore[misc]
        elif match := E_LINE.match(line):
            relations.append([arg.split(":", 1) for arg in match[1].split()])
    golds = []
    for args in relations:
        roles: dict[str, Fragments] = defaultdict(list)
        for role, ref in args:
            roles[re.sub(r"\d+$", "", role)] += spans.get(ref, [])
        if not roles["Content"]:
            continue
        source, cue = sorted(roles["Source"]), sorted(roles["Cue"])
        if len(source) == 1 and SWAPPED_SOURCE.fullmatch(text[source[0][0]:source[0][1]]):
            source, cue = cue, source
        gold = Gold(source=source, cue=cue, content=sorted(roles["Content"]))
        gold.direct = is_direct(text, gold.content)
        golds.append(gold)
    return golds


def is_direct(text: str, fragments: Fragments) -> bool:
    start, end = fragments[0][0], fragments[-1][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    after = end
    while after < len(text) and text[after] in ".,!?;:":
        after += 1
    before = text[start - 1] if start else ""
    return any(ch in QUOTE_MARKS for ch in text[start] + text[end - 1] + before + text[after:after + 1])


@dataclass
class GoldArticle:
    id: str
    text: str
    published: dt.date
    golds: list[Gold]


def load_articles(shared: Path, split: str, limit: int | None) -> list[GoldArticle]:
    base = data_dir(shared, "data", "eval", "polnear", "data", split)
    articles = []
    for path in sorted((base / "text").glob("*.txt")):
        stem = path.stem
        annotations = sorted(p for p in (base / "attributions").glob(f"{stem}_*.ann")
                             if p.name.rsplit("_", 1)[0] == stem)
        if not annotations:
            continue
        text = path.read_text(encoding="utf-8")
        date = re.search(r"_(\d{4}-\d\d-\d\d)_", stem)
        articles.append(GoldArticle(id=stem, text=text, golds=read_brat(annotations[0], text),
                                    published=dt.date.fromisoformat(date[1]) if date else DEFAULT_PUBLISHED))
        if limit and len(articles) >= limit:
            break
    return articles


def overlap(span: tuple[int, int], fragments: Fragments) -> int:
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in fragments)


def name_words(*strings: str | None) -> set[str]:
    words = set()
    for string in strings:
        for word in CAPITALISED.findall(string or ""):
            word = re.sub(r"['\u2019](s)?$|\.$", "", word)
            if len(word) > 2 and word not in NOT_NAMES:
                words.add(word)
    return words


def speaker_right(speaker: Actor | None, gold: Gold, text: str) -> bool:
    if not gold.source:
        return speaker is None
    if speaker is None:
        return False
    if speaker.end > speaker.start and overlap((speaker.start, speaker.end), gold.source):
        return True
    source_text = " ".join(text[s:e] for s, e in gold.source)
    return bool(name_words(speaker.name, speaker.text) & name_words(source_text))


@dataclass
class Scored:
    direct: bool
    matched: bool
    speaker: bool
    direct_flag: bool


def score_article(article: GoldArticle, quotes: list[Quote]) -> tuple[list[Scored], list[bool], list[str]]:
    """Per-gold results, per-prediction hits, and error lines (missed golds, wrong speakers)."""
    text, golds = article.text, article.golds
    best: list[tuple[float, Quote] | None] = [None] * len(golds)
    hits = []
    for quote in quotes:
        span, hit = (quote.start, quote.end), False
        for i, gold in enumerate(golds):
            common = overlap(span, gold.content)
            lengths = span[1] - span[0], sum(e - s for s, e in gold.content)
            if min(lengths) > 0 and common >= 0.5 * min(lengths):
                hit = True
                iou = common / (sum(lengths) - common)
                if best[i] is None or iou > best[i][0]:
                    best[i] = (iou, quote)
        hits.append(hit)
    rows, errors = [], []
    for gold, found in zip(golds, best, strict=True):
        quote = found[1] if found else None
        right = quote is not None and speaker_right(quote.speaker, gold, text)
        rows.append(Scored(gold.direct, quote is not None, right, quote is not None and quote.direct == gold.direct))
        if not right:
            content = text[gold.content[0][0]:gold.content[-1][1]][:70]
            kind = "direct" if gold.direct else "indirect"
            if quote is None:
                errors.append(f"missed {kind}: {content!r}")
            else:
                source = " ".join(text[s:e] for s, e in gold.source) or None
                errors.append(f"speaker {quote.speaker.text if quote.speaker else None!r} for {source!r}, "
                              f"{kind}: {content!r}")
    errors += [f"extra: {text[q.start:q.end][:80]!r}" for q, hit in zip(quotes, hits, strict=True) if not hit]
    return rows, hits, errors


def run(shared: Path, *, limit: int | None = None, split: str = "test", pipeline: Any = None,
        verbose: bool = False) -> Report:
    articles = load_articles(Path(shared), split, limit)
    inputs = [ArticleText(text=a.text, id=a.id, published=a.published) for a in articles]
    records: dict[str, Record] = {str(r.article.id): r for _, r in extract_all(inputs, pipeline=pipeline)}
    rows: list[Scored] = []
    hits: list[bool] = []
    notes: list[str] = []
    for article in articles:
        record = records.get(article.id)
        scored, found, errors = score_article(article, record.quotes if record else [])
        rows += scored
        hits += found
        if verbose:
            notes += [f"{article.id}: {line}" for line in errors]
    direct = [r for r in rows if r.direct]
    matched = [r for r in rows if r.matched]
    direct_matched = [r for r in direct if r.matched]
    summary = {
        "direct_recall": ratio(len(direct_matched), len(direct)),
        "direct_speaker": ratio(sum(r.speaker for r in direct_matched), len(direct_matched)),
        "all_recall": ratio(len(matched), len(rows)),
        "all_speaker": ratio(sum(r.speaker for r in matched), len(matched)),
        "precision": ratio(sum(hits), len(hits)),
    }
    table = [
        ["direct", len(direct), len(direct_matched), summary["direct_recall"], summary["direct_speaker"]],
        ["all", len(rows), len(matched), summary["all_recall"], summary["all_speaker"]],
        ["predicted", len(hits), sum(hits), summary["precision"], ""],
    ]
    notes.append(f"PolNeAR {split}: {len(articles)} articles; direct flag agrees on "
                 f"{ratio(sum(r.direct_flag for r in matched), len(matched)):.3f} of matched golds")
    return Report(name="quotes", columns=["golds", "n", "matched", "recall/precision", "speaker"], rows=table,
                  summary={**summary, "n_direct": len(direct)}, n=len(rows), notes=notes)
