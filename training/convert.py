"""Convert the shared open corpora into spaCy DocBin files for training and development.

Usage: python -m training.convert SHARED OUT_DIR

Decisions (see docs/model-card.md):
- One shared tok2vec is trained on partial annotations. UD documents carry POS, morphology,
  lemmas, heads and labels; NER documents carry entities only. A field a corpus does not
  annotate is left *missing* (not "O" / not "no head"), so no component learns from silence.
- UD training: EWT train + GUM train without the non-commercial genres (essay, fiction, letter,
  podcast, whow: text licence marked NON-COMMERCIAL in gum_documents_licences.tsv).
  Consecutive sentences of one document are grouped (up to 10) so the parser learns where
  sentences end in running text; the reader keeps gold tokenisation.
- NER training labels: PERSON, ORG, LOC, NORP.
  * GUM: `Entity=` mentions of type person/place/organization whose head is a proper noun
    (named mentions). The entity span is the run of proper nouns (and capitalised words such
    as "New", "United") around the head, with internal "of", "&", "-", "the" (persons: only
    "-", "the", "de", "al", "bin", "van", "von"); leading titles are dropped, so determiners,
    titles and common-noun modifiers stay outside, as in UniversalNER. Spans with "and"
    (coordinated names) are left missing; a one-word nationality mention becomes NORP. Other
    GUM tokens are "O" (GUM annotates every mention, so an unmarked word is not a name).
  * UniversalNER EWT dev (PER/ORG/LOC, nationalities O), wikigold (IOB1; MISC is "O" as in
    UniversalNER, except single-word nationality adjectives, which are NORP), re3d without the
    BBC subset (confidence 1, spans trimmed of leading determiners; spans ending in a
    lower-case word are left missing because re3d tags phrases such as "U.S. service members"
    as organisations).
  * NORP: single capitalised nationality words ("Iraqi", "Syrians") from two open lists
    (mordecai nat_df, MIT; UK government list, OGL v3), outside other entities, plus re3d's
    Nationality label.
- Development set (early stopping): EWT dev (UD only) + GUM dev open genres (UD + entities).
  UniversalNER EWT dev is used for NER training, so EWT dev's entities are not scored there.
- Never used: EWT test, GUM test, PUD, UniversalNER PUD and EWT test (evaluation only).
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from eventwatch.language.gold import ConlluSentence, iter_conllu

GROUP = 10
NC_MARK = "NON-COMMERCIAL"
GUM_TYPES = {"person": "PERSON", "place": "LOC", "organization": "ORG"}
IOB_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
RE3D_TYPES = {"Person": "PERSON", "Organisation": "ORG", "Location": "LOC", "Nationality": "NORP"}
# words inside names ("University of Chicago", "Peter the Great"); a person's name does not
# take "of" ("Alvin Yeung of Civic Party" is a name and an organisation)
NAME_LINKS = {"of", "and", "&", "-", "the", "de", "du", "al", "for"}
PERSON_LINKS = {"-", "the", "de", "du", "al", "bin", "van", "von"}
TITLES = {"president", "gen.", "general", "sen.", "senator", "rep.", "gov.", "governor", "mr.", "mrs.",
          "ms.", "dr.", "prof.", "professor", "king", "queen", "prince", "princess", "pope", "saint",
          "minister", "prime", "secretary", "chancellor", "judge", "justice", "lt.", "col.", "sgt.",
          "capt.", "captain", "sir", "lord", "lady", "chairman", "ceo", "director", "coach"}
NAME_POS = {"ADJ", "NOUN", "NUM", "VERB"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
ENTITY_PIECE = re.compile(r"\(([^()]+)(\))?|([^()]+?)\)")


def load_demonyms(shared: Path) -> set[str]:
    lexicon = shared / "data" / "lexicon"
    names: set[str] = set()
    with (lexicon / "mordecai-nat_df" / "nat_df.csv").open(encoding="utf-8") as f:
        names.update(row["nationality"] for row in csv.DictReader(f))
    data = json.loads((lexicon / "dariusk-corpora-nationalities" / "nationalities.json").read_text("utf-8"))
    names.update(data["nationalities"])
    single = {n.strip() for n in names if n.strip() and " " not in n.strip()}
    return single | {n + "s" for n in single if not n.endswith(("s", "sh", "ch", "ese"))}


def gum_open_docs(shared: Path) -> set[str]:
    path = shared / "data" / "train" / "UD_English-GUM" / "gum_documents_licences.tsv"
    with path.open(encoding="utf-8") as f:
        return {row["doc_id"] for row in csv.DictReader(f, delimiter="\t") if NC_MARK not in row["text_licence"]}


def gum_mentions(sent: ConlluSentence) -> list[tuple[int, int, str, str]]:
    """(start, end, etype, identity) of every Entity= mention in the sentence (end exclusive).
    Mentions crossing sentence boundaries are dropped (they are not names)."""
    open_: dict[str, list[tuple[int, str, str]]] = {}
    out = []
    for i, misc in enumerate(sent.misc):
        value = next((m[len("Entity="):] for m in misc.split("|") if m.startswith("Entity=")), "")
        for opened, closed_now, closing in ENTITY_PIECE.findall(value):
            if opened:
                fields = opened.split("-")
                ent_id = re.sub(r"\[.*\]", "", fields[0])
                etype = fields[1] if len(fields) > 1 else ""
                identity = fields[7] if len(fields) > 7 else ""
                if closed_now:
                    out.append((i, i + 1, etype, identity))
                else:
                    open_.setdefault(ent_id, []).append((i, etype, identity))
            elif closing:
                ent_id = re.sub(r"\[.*\]", "", closing)
                if open_.get(ent_id):
                    start, etype, identity = open_[ent_id].pop()
                    out.append((start, i + 1, etype, identity))
    return out


def mention_head(sent: ConlluSentence, start: int, end: int) -> int:
    for i in range(start, end):
        if not start < sent.heads[i] <= end:  # heads are 1-based
            return i
    return start


def name_span(sent: ConlluSentence, start: int, end: int, *, person: bool) -> tuple[int, int] | None:
    """The proper-noun run around the mention head, or None if the head is not a proper noun."""
    head = mention_head(sent, start, end)
    if sent.upos[head] != "PROPN":
        return None

    def part(i: int) -> bool:
        # GUM tags "New" (York) and "United" (States) ADJ: capitalised words count as name parts
        return sent.upos[i] == "PROPN" or (not person and sent.words[i][:1].isupper() and sent.upos[i] in NAME_POS)

    links = PERSON_LINKS if person else NAME_LINKS
    left = head
    while left - 1 >= start and (part(left - 1) or (
            sent.words[left - 1].lower() in links and left - 2 >= start and part(left - 2))):
        left -= 1
    right = head + 1
    while right < end and (part(right) or (
            sent.words[right].lower() in links and right + 1 < end and part(right + 1))):
        right += 1
    while right - left > 1 and (sent.words[left].lower() in TITLES or sent.words[left].lower() in links):
        left += 1
    return left, right


def add_norp(words: list[str], iob: list[str | None], demonyms: set[str]) -> None:
    for i, word in enumerate(words):
        if iob[i] == "O" and word in demonyms:
            iob[i] = "B-NORP"


def spans_to_iob(n: int, spans: list[tuple[int, int, str]], default: str | None = "O") -> list[str | None]:
    iob: list[str | None] = [default] * n
    taken = [False] * n
    for start, end, label in sorted(spans, key=lambda s: s[0] - s[1]):
        if any(taken[start:end]):
            continue
        for i in range(start, end):
            taken[i] = True
            iob[i] = ("B-" if i == start else "I-") + label if label else None
    return iob


def ud_doc(vocab, sents: list[ConlluSentence], ents: list[list[str | None]] | None) -> Doc:
    words, spaces, lemmas, pos, tags, morphs, heads, deps, starts = [], [], [], [], [], [], [], [], []
    for sent in sents:
        offset = len(words)
        words += sent.words
        spaces += sent.spaces
        spaces[-1] = True
        lemmas += sent.lemmas
        pos += sent.upos
        tags += sent.xpos
        morphs += ["" if feats == "_" else feats for feats in sent.feats]
        heads += [offset + i if h == 0 else offset + h - 1 for i, h in enumerate(sent.heads)]
        deps += ["ROOT" if rel == "root" else rel for rel in sent.deprels]
        starts += [True] + [False] * (len(sent.words) - 1)
    flat_ents = [tag for sent_ents in ents for tag in sent_ents] if ents is not None else None
    return Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, tags=tags, morphs=morphs,
               heads=heads, deps=deps, sent_starts=starts, ents=flat_ents)


def grouped(sents: list[ConlluSentence]) -> Iterator[list[ConlluSentence]]:
    group: list[ConlluSentence] = []
    for sent in sents:
        if group and (sent.doc_id != group[0].doc_id or len(group) == GROUP):
            yield group
            group = []
        group.append(sent)
    if group:
        yield group


def gum_entities(sent: ConlluSentence, demonyms: set[str]) -> list[str | None]:
    spans = []
    for start, end, etype, _identity in gum_mentions(sent):
        label = GUM_TYPES.get(etype)
        span = name_span(sent, start, end, person=label == "PERSON") if label else None
        if span and "and" in sent.words[span[0]:span[1]]:
            # "Bernoulli and Euler" (coordinated names) or "Republic Windows and Doors": unsure
            spans.append((span[0], span[1], ""))
        elif span:
            # GUM marks "the Greeks" as a person mention; UniversalNER leaves nationalities out
            nationality = span[1] - span[0] == 1 and sent.words[span[0]] in demonyms
            spans.append((span[0], span[1], "NORP" if nationality else label))
    iob = spans_to_iob(len(sent.words), spans)
    add_norp(sent.words, iob, demonyms)
    return iob


def ud_docs(vocab, path: Path, keep_doc, demonyms: set[str] | None) -> list[Doc]:
    sents = [s for s in iter_conllu(path) if keep_doc(s.doc_id)]
    docs = []
    for group in grouped(sents):
        ents = [gum_entities(s, demonyms) for s in group] if demonyms is not None else None
        docs.append(ud_doc(vocab, group, ents))
    return docs


def read_iob(path: Path) -> Iterator[tuple[list[str], list[str], str]]:
    """(words, tags, text) per sentence of a UniversalNER (tab) or wikigold (space) file."""
    words: list[str] = []
    tags: list[str] = []
    text = ""
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if words:
                    yield words, tags, text
                words, tags, text = [], [], ""
            elif line.startswith("# text = "):
                text = line[len("# text = "):]
            elif line.startswith("#") and "\t" not in line and not re.fullmatch(r"\S+ (O|[BI]-\w+)", line):
                continue
            else:
                cols = line.split("\t") if "\t" in line else line.split(" ")
                word, tag = (cols[1], cols[2]) if "\t" in line else (cols[0], cols[-1])
                words.append(word)
                tags.append(tag)
    if words:
        yield words, tags, text


def spaces_for(words: list[str], text: str) -> list[bool]:
    pos, spaces = 0, []
    for word in words:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(word, pos):
            return guessed_spaces(words)
        pos += len(word)
        spaces.append(pos < len(text) and text[pos].isspace())
    return spaces


NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "'s", "'", "n't", "%", "'re", "'ve", "'ll", "'d", "'m"}


def guessed_spaces(words: list[str]) -> list[bool]:
    """Whitespace for pre-tokenised text without the original (wikigold)."""
    spaces = [True] * len(words)
    for i, word in enumerate(words):
        if i + 1 < len(words) and words[i + 1] in NO_SPACE_BEFORE or word in {"(", "["}:
            spaces[i] = False
    return spaces


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Chunks from IOB1 or IOB2 tags."""
    spans, start, kind = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        if prefix == "I" and kind == label:
            continue
        if kind is not None:
            spans.append((start, i, kind))
        start, kind = (i, label) if prefix in ("B", "I") else (None, None)
    return spans


def iob_doc(vocab, words: list[str], tags: list[str], text: str, demonyms: set[str]) -> Doc:
    spans = []
    for start, end, kind in iob_spans(tags):
        if kind in IOB_TYPES:
            spans.append((start, end, IOB_TYPES[kind]))
        elif end - start == 1 and words[start] in demonyms:
            spans.append((start, end, "NORP"))
        # MISC (events, works, nationalities in phrases) stays "O": UniversalNER has no MISC class
    iob = spans_to_iob(len(words), spans)
    add_norp(words, iob, demonyms)
    spaces = spaces_for(words, text) if text else guessed_spaces(words)
    return Doc(vocab, words=words, spaces=spaces, ents=iob)


def re3d_docs(nlp, root: Path, demonyms: set[str]) -> list[Doc]:
    docs = []
    for source in sorted(p for p in root.iterdir() if p.is_dir()):
        if source.name == "BBC Online":  # CC BY-NC 3.0
            continue
        entities: dict[str, list[dict]] = {}
        for line in (source / "entities.json").read_text("utf-8").splitlines():
            if line.strip():
                ent = json.loads(line)
                entities.setdefault(ent["documentId"], []).append(ent)
        for line in (source / "documents.json").read_text("utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            doc = nlp.make_doc(record["text"])
            spans = []
            for ent in entities.get(record["_id"], []):
                label = RE3D_TYPES.get(ent["type"])
                if not label or ent["confidence"] < 1:
                    continue
                span = doc.char_span(ent["begin"], ent["end"], alignment_mode="expand")
                if span is None:
                    continue
                start, end = span.start, span.end
                while start < end and doc[start].lower_ in DETERMINERS:
                    start += 1
                while end > start and doc[end - 1].text in {"'s", "’s", ",", "."}:
                    end -= 1
                if start == end:
                    continue
                named = doc[end - 1].text[:1].isupper() or doc[end - 1].text.isupper()
                spans.append((start, end, label if named else ""))
            iob = spans_to_iob(len(doc), spans)
            add_norp([t.text for t in doc], iob, demonyms)
            docs.append(Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                            ents=iob))
    return docs


def corpus_summary(docs: list[Doc]) -> str:
    """Documents, words and entities per label of a training corpus, for the build log."""
    counts = Counter(ent.label_ for doc in docs for ent in doc.ents)
    return f"docs={len(docs)} words={sum(len(d) for d in docs)} entities={dict(sorted(counts.items()))}"


def main(shared: Path, out: Path) -> None:
    nlp = spacy.blank("en")
    train_dir = shared / "data" / "train"
    demonyms = load_demonyms(shared)
    gum_open = gum_open_docs(shared)
    out.mkdir(parents=True, exist_ok=True)
    ewt, gum = train_dir / "UD_English-EWT", train_dir / "UD_English-GUM"

    train = ud_docs(nlp.vocab, ewt / "en_ewt-ud-train.conllu", lambda _d: True, None)
    train += ud_docs(nlp.vocab, gum / "en_gum-ud-train.conllu", gum_open.__contains__, demonyms)
    uner = [iob_doc(nlp.vocab, w, t, x, demonyms)
            for w, t, x in read_iob(train_dir / "UNER_English-EWT" / "en_ewt-ud-dev.iob2")]
    ner_only = [iob_doc(nlp.vocab, w, t, x, demonyms)
                 for w, t, x in read_iob(train_dir / "wikigold" / "wikigold.conll.txt")]
    ner_only += re3d_docs(nlp, train_dir / "re3d" / "original-json", demonyms)
    # the news-like NER corpora are small next to the UD corpora: each is shown twice per
    # epoch, UniversalNER (the annotation scheme the model is judged by) three times
    train += ner_only * 2 + uner * 3
    dev = ud_docs(nlp.vocab, ewt / "en_ewt-ud-dev.conllu", lambda _d: True, None)
    dev += ud_docs(nlp.vocab, gum / "en_gum-ud-dev.conllu", gum_open.__contains__, demonyms)

    for name, docs in (("train", train), ("dev", dev)):
        DocBin(docs=docs, store_user_data=False).to_disk(out / f"{name}.spacy")
        print(f"{name}: {corpus_summary(docs)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
