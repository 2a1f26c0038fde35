"""spaCy registry functions used by training/config.cfg (loaded with `spacy train --code`)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example


@spacy.registry.readers("eventwatch.GoldTokenCorpus.v1")
def gold_token_corpus(path: Path) -> Callable[[Language], Iterator[Example]]:
    """Examples whose predicted Doc has the gold words (like gold_preproc) but keeps the whole
    multi-sentence document, so the parser also learns sentence boundaries in running text."""
    def read(nlp: Language) -> Iterator[Example]:
        for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
            words = [t.text for t in reference]
            spaces = [bool(t.whitespace_) for t in reference]
            yield Example(Doc(nlp.vocab, words=words, spaces=spaces), reference)
    return read
