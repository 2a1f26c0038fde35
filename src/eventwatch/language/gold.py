"""Gold-tokenised evaluation data: CoNLL-U and IOB readers and Docs built from gold words.

The project's UD and NER evaluations score the pipeline on the gold words of each corpus
(the tokenizer never runs), as the reference scorers do: multiword-token ranges and empty
nodes are skipped, the words inside one multiword token get no space between them, and
SpaceAfter=No of a multiword token applies to its last word.
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

IOB_LINE = re.compile(r"\S+ (O|[BI]-\w+)")


@dataclass
class GoldSentence:
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0 = root, else the 1-based word index
    deprels: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # IOB files only
    text: str = ""


@dataclass
class ConlluSentence:
    """One CoNLL-U sentence, syntactic words only, every column kept (training reads them all)."""

    doc_id: str = ""
    sent_id: str = ""
    text: str = ""
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    xpos: list[str] = field(default_factory=list)
    feats: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0 = root, else the 1-based word index
    deprels: list[str] = field(default_factory=list)
    misc: list[str] = field(default_factory=list)


def iter_conllu(path: Path) -> Iterator[ConlluSentence]:
    """The sentences of a CoNLL-U file; a sentence keeps the id of the document it is in."""
    doc_id, cur, mwt_end, mwt_space = "", None, 0, True
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur is not None and cur.words:
                    yield cur
                cur, mwt_end = None, 0
                continue
            cur = cur or ConlluSentence(doc_id)
            if line.startswith("#"):
                if line.startswith("# newdoc id = "):
                    doc_id = cur.doc_id = line.split("=", 1)[1].strip()
                elif line.startswith("# sent_id = "):
                    cur.sent_id = line.split("=", 1)[1].strip()
                elif line.startswith("# text = "):
                    cur.text = line[len("# text = "):]
                continue
            cols = line.split("\t")
            if "." in cols[0]:
                continue
            space = "SpaceAfter=No" not in cols[9].split("|")
            if "-" in cols[0]:
                mwt_end, mwt_space = int(cols[0].split("-")[1]), space
                continue
            n = int(cols[0])
            if n < mwt_end:
                space = False
            elif n == mwt_end:
                space = mwt_space
            cur.words.append(cols[1])
            cur.spaces.append(space)
            cur.lemmas.append(cols[2])
            cur.upos.append(cols[3])
            cur.xpos.append(cols[4])
            cur.feats.append(cols[5])
            cur.heads.append(int(cols[6]))
            cur.deprels.append(cols[7])
            cur.misc.append(cols[9])
    if cur is not None and cur.words:
        yield cur


def read_conllu(path: Path) -> list[GoldSentence]:
    """The gold words, UPOS, heads and relations the UD evaluation scores."""
    return [GoldSentence(words=s.words, spaces=s.spaces, upos=s.upos, heads=s.heads, deprels=s.deprels,
                         text=s.text) for s in iter_conllu(path)]


def spaces_from_text(words: list[str], text: str) -> list[bool] | None:
    """The whitespace after each word, recovered from the sentence text; None if they differ."""
    pos, spaces = 0, []
    for word in words:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(word, pos):
            return None
        pos += len(word)
        spaces.append(pos < len(text) and text[pos].isspace())
    return spaces


def read_iob(path: Path) -> list[GoldSentence]:
    """UniversalNER (`idx<TAB>word<TAB>tag...`, '#' comments) or CoNLL `word tag` (wikigold).
    Spaces come from '# text' where present, else a space after every word."""
    sents: list[GoldSentence] = []
    cur = GoldSentence()

    def flush() -> None:
        nonlocal cur
        if cur.words:
            cur.spaces = (spaces_from_text(cur.words, cur.text) if cur.text else None) or [True] * len(cur.words)
            sents.append(cur)
        cur = GoldSentence()

    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                flush()
            elif line.startswith("# text = "):
                cur.text = line[len("# text = "):]
            elif line.startswith("#") and "\t" not in line and not IOB_LINE.fullmatch(line):
                continue  # a comment; wikigold's '# O' is the word '#'
            else:
                cols = line.split("\t") if "\t" in line else line.split(" ")
                word, tag = (cols[1], cols[2]) if "\t" in line else (cols[0], cols[-1])
                cur.words.append(word)
                cur.tags.append(tag)
    flush()
    return sents


def chunks(tags: list[str], keep: set[str] | None = None) -> set[tuple[int, int, str]]:
    """Entity spans (start, end, type) from IOB1 or IOB2 tags; a chunk starts at B-X or at an
    I-X that does not continue a chunk of type X."""
    spans, start, kind = set(), 0, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if prefix == "I" and kind == label:
            continue
        if kind is not None and (keep is None or kind in keep):
            spans.add((start, i, kind))
        start, kind = (i, label) if prefix in ("B", "I") else (0, None)
    return spans


def offsets(sent: GoldSentence) -> list[tuple[int, int]]:
    """The character span of each gold word in the text built from words and spaces."""
    spans, pos = [], 0
    for word, space in zip(sent.words, sent.spaces, strict=True):
        spans.append((pos, pos + len(word)))
        pos += len(word) + space
    return spans


def token_map(doc: Doc, sent: GoldSentence) -> list[int | None]:
    """Gold word index -> predicted token index with the same character span (None if a
    component re-tokenised the word away)."""
    by_span = {(t.idx, t.idx + len(t)): t.i for t in doc}
    return [by_span.get(span) for span in offsets(sent)]


def parse_gold(nlp: Language, sents: list[GoldSentence], *, batch_size: int = 128) -> tuple[list[Doc], float]:
    """Run every pipeline component (not the tokenizer) over Docs of the gold words.
    Returns the Docs and the seconds the components took."""
    docs = [Doc(nlp.vocab, words=s.words, spaces=s.spaces) for s in sents]
    started = time.perf_counter()
    parsed = list(nlp.pipe(docs, batch_size=batch_size))
    return parsed, time.perf_counter() - started


def limited(sents: list[GoldSentence], limit: int | None) -> list[GoldSentence]:
    return sents[:limit] if limit else sents


__all__ = ["GoldSentence", "chunks", "limited", "offsets", "parse_gold", "read_conllu", "read_iob",
           "token_map"]
