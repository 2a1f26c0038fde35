"""UD evaluation: UPOS, UAS and LAS of the language pipeline on UD English test sets.

    eventwatch evaluate ud --data SHARED

Treebanks (SHARED/data/train/...): EWT test, GUM test, PUD (news + Wikipedia). None of them
is trained on. Scoring follows shared/scorers/score_ud.py (reimplemented, not imported):
gold tokenisation (a Doc of each sentence's syntactic words; the tokenizer never runs),
every word counts, punctuation included (CoNLL 2018);
  upos  token.pos_ equals the gold UPOS
  uas   the predicted head is the gold head (a predicted root heads itself, gold root is 0)
  las   uas and the universal relation equal ('nsubj:pass' == 'nsubj', 'ROOT' == 'root')
A word that a component re-tokenised away counts as wrong on every metric. wps: words per
second of the pipeline's components over the set (Doc building and loading excluded).
"""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from eventwatch.evaluate.base import Report, data_dir, ratio
from eventwatch.language.gold import GoldSentence, limited, parse_gold, read_conllu, token_map

TREEBANKS = {
    "ewt": ("UD_English-EWT", "en_ewt-ud-test.conllu"),
    "gum": ("UD_English-GUM", "en_gum-ud-test.conllu"),
    "pud": ("UD_English-PUD", "en_pud-ud-test.conllu"),
}


def universal(deprel: str) -> str:
    return (deprel or "").split(":")[0].lower()


def count(sents: list[GoldSentence], docs: list[Doc]) -> tuple[int, int, int, int]:
    """Words, and words with correct UPOS, head, and head + universal relation."""
    n = upos = uas = las = 0
    for sent, doc in zip(sents, docs, strict=True):
        pred = token_map(doc, sent)
        gold_of = {p: g for g, p in enumerate(pred) if p is not None}
        for g, p in enumerate(pred):
            n += 1
            if p is None:
                continue
            token = doc[p]
            upos += token.pos_ == sent.upos[g]
            head = 0 if token.head.i == token.i else gold_of.get(token.head.i, -2) + 1
            if head == sent.heads[g]:
                uas += 1
                las += universal(token.dep_) == universal(sent.deprels[g])
    return n, upos, uas, las


def run(shared: Path, *, limit: int | None = None, corpus: str | None = None,
        nlp: Language | None = None) -> Report:
    """Score every treebank, or only `corpus` (ewt, gum or pud); `nlp` defaults to load()."""
    if corpus is not None and corpus not in TREEBANKS:
        raise ValueError(f"unknown treebank {corpus!r}; choose from {', '.join(TREEBANKS)}")
    if nlp is None:
        from eventwatch.language import load

        nlp = load()
    rows, summary, total = [], {}, 0
    for name in [corpus] if corpus else list(TREEBANKS):
        sents = limited(read_conllu(data_dir(shared, "data", "train", *TREEBANKS[name])), limit)
        docs, seconds = parse_gold(nlp, sents)
        n, upos, uas, las = count(sents, docs)
        rows.append([name, len(sents), n, ratio(upos, n), ratio(uas, n), ratio(las, n), round(ratio(n, seconds))])
        summary.update({f"{name}_upos": ratio(upos, n), f"{name}_uas": ratio(uas, n), f"{name}_las": ratio(las, n)})
        total += n
    return Report(name="ud", columns=["treebank", "sents", "words", "upos", "uas", "las", "wps"], rows=rows,
                  summary=summary, n=total, notes=[f"pipeline: {', '.join(nlp.pipe_names)}; gold tokenisation"])
