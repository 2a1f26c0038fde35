"""NER evaluation: PER/ORG/LOC precision, recall and F1 on UniversalNER test sets.

    eventwatch evaluate ner --data SHARED

Corpora (SHARED/data/train/...): UniversalNER English PUD (news + Wikipedia) and
UniversalNER English EWT test; neither is trained on. Scoring follows
shared/scorers/score_ner.py (reimplemented, not imported): gold tokenisation (spaces from
'# text'), predicted labels mapped PERSON/PER -> PER, ORG/ORGANIZATION -> ORG,
GPE/LOC/LOCATION/FAC/PLACE -> LOC, every other label (NORP, ...) dropped; an entity is
correct only with its type and exact gold word span. Micro P/R/F1 over the three types.
"""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from eventwatch.evaluate.base import Report, data_dir, ratio
from eventwatch.language.gold import GoldSentence, chunks, limited, offsets, parse_gold, read_iob

CORPORA = {
    "uner-pud": ("UNER_English-PUD", "en_pud-ud-test.iob2"),
    "uner-ewt": ("UNER_English-EWT", "en_ewt-ud-test.iob2"),
}
TYPES = ("PER", "ORG", "LOC")
LABEL_MAP = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "ORGANIZATION": "ORG",
             "GPE": "LOC", "LOC": "LOC", "LOCATION": "LOC", "FAC": "LOC", "PLACE": "LOC"}


def predicted(doc: Doc, sent: GoldSentence) -> set[tuple[int, int, str]]:
    """Predicted entities as gold word spans; a span off the gold word boundaries never matches."""
    spans = offsets(sent)
    first = {s: i for i, (s, _) in enumerate(spans)}
    last = {e: i + 1 for i, (_, e) in enumerate(spans)}
    out = set()
    for ent in doc.ents:
        kind = LABEL_MAP.get(ent.label_.upper())
        if kind:
            start, end = first.get(ent.start_char, -1), last.get(ent.end_char, -1)
            out.add((start, end, kind) if start >= 0 and end >= 0 else (ent.start_char, -1, kind))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p, r = ratio(tp, n_pred), ratio(tp, n_gold)
    return p, r, ratio(2 * p * r, p + r)


def type_counts(nlp: Language, sents: list[GoldSentence]) -> dict[str, list[int]]:
    """Per entity type: [true positives, predicted, gold], exact type and word span, on gold tokens."""
    docs, _seconds = parse_gold(nlp, sents)
    counts = {t: [0, 0, 0] for t in TYPES}
    for sent, doc in zip(sents, docs, strict=True):
        gold, pred = chunks(sent.tags, keep=set(TYPES)), predicted(doc, sent)
        for t in TYPES:
            g, p = {x for x in gold if x[2] == t}, {x for x in pred if x[2] == t}
            counts[t][0] += len(g & p)
            counts[t][1] += len(p)
            counts[t][2] += len(g)
    return counts


def run(shared: Path, *, limit: int | None = None, corpus: str | None = None,
        nlp: Language | None = None) -> Report:
    """Score every corpus, or only `corpus` (uner-pud or uner-ewt); `nlp` defaults to load()."""
    if corpus is not None and corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}; choose from {', '.join(CORPORA)}")
    if nlp is None:
        from eventwatch.language import load

        nlp = load()
    rows, summary, total = [], {}, 0
    for name in [corpus] if corpus else list(CORPORA):
        sents = limited(read_iob(data_dir(shared, "data", "train", *CORPORA[name])), limit)
        counts = type_counts(nlp, sents)
        for t in TYPES:
            rows.append([name, t, *prf(*counts[t]), counts[t][2], counts[t][1]])
        tp, n_pred, n_gold = (sum(c[i] for c in counts.values()) for i in range(3))
        p, r, f = prf(tp, n_pred, n_gold)
        rows.append([name, "micro", p, r, f, n_gold, n_pred])
        summary.update({f"{name}_f1": f, f"{name}_p": p, f"{name}_r": r})
        total += n_gold
    return Report(name="ner", columns=["corpus", "type", "p", "r", "f1", "gold", "predicted"], rows=rows,
                  summary=summary, n=total, notes=[f"pipeline: {', '.join(nlp.pipe_names)}; gold tokenisation"])
