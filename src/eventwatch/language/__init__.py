"""The language layer: eventwatch's own English spaCy pipeline and the language stage.

`load()` returns the pipeline shipped in `model/` (trained from open treebanks by
`make model`, see docs/model-card.md): tokenizer with news abbreviations, tok2vec,
morphologizer (UPOS + features), rule lemmatizer (spaCy's rules, remembered per word form: see
`lemmas`), news sentence rules, parser, NER
(PERSON, ORG, LOC, NORP) and the entity span clean-up (titles and determiners outside names). It is loaded once per process and cached; the reference scorers
and the pipeline's `nlp` resource both call it.

Variants: `load()` is the default pipeline above (CNN, no torch). `load("accurate")` is the same
pipeline with its NER replaced by a fine-tuned MiniLM encoder (`accurate`; needs
`pip install 'eventwatch[accurate]'`), more accurate on names and several times slower;
`accurate-bfloat16` and `accurate-int8` run that encoder in bfloat16 or int8, about twice as fast
with nearly the same entities (docs/model-card.md, "Precision"). `compact` (and
`compact-bfloat16`, `compact-int8`) runs a four-layer encoder taught by the accurate one, 1.3
times as fast at the same or better entity F1 ("Compact variant"). With no
argument the variant is read from the environment variable EVENTWATCH_LANGUAGE (so the reference
scorers, which call `load()`, can score either); a pipeline config can also name it:
`resources: {nlp: {options: {variant: accurate}}}`.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import use_ops

from eventwatch.language import entities, lemmas, segmentation  # noqa: F401  (register the rule components)
from eventwatch.language.accurate import ENCODERS, TRANSFORMER_VARIANTS, use_transformer_ner

MODEL_DIR = Path(__file__).parent / "model"
VARIANTS = ("default", *TRANSFORMER_VARIANTS)
VARIANT_VARIABLE = "EVENTWATCH_LANGUAGE"


def load_from(path: Path) -> Language:
    """A pipeline from a directory (uncached): for evaluating a freshly trained model.

    Its network layers multiply matrices with numpy's BLAS (OpenBLAS) instead of thinc's default,
    the blis package: on the 2-core AMD EPYC machine eventwatch is measured on, one thread of blis
    reached 42 GFLOPS on the tok2vec's matrix shapes and one of OpenBLAS 123, and the whole
    language pipeline runs about 30% faster. The parses are the same: every tag, lemma,
    morphology feature, head, label, entity and sentence start of the VOA sample (69,731 tokens)
    and of the UD EWT, GUM and PUD test texts (75,170 tokens). The choice is made per model at
    load time; nothing global is changed. The language stage keeps OpenBLAS to one thread while
    it parses (see eventwatch.language.stage)."""
    with use_ops("numpy", use_blis=False):
        return spacy.load(path)


def load(variant: str | None = None) -> Language:
    """The shipped English pipeline of `variant` (None: $EVENTWATCH_LANGUAGE, else "default"),
    loaded on first call and shared afterwards."""
    chosen = variant or os.environ.get(VARIANT_VARIABLE) or "default"
    if chosen not in VARIANTS:
        raise ValueError(f"unknown language variant {chosen!r}; choose from {', '.join(VARIANTS)}")
    return _load(chosen)


@lru_cache(maxsize=len(VARIANTS))
def _load(variant: str) -> Language:
    if not (MODEL_DIR / "meta.json").is_file():
        raise FileNotFoundError(f"{MODEL_DIR}: no language model installed; build it with `make model`")
    nlp = load_from(MODEL_DIR)
    if variant in TRANSFORMER_VARIANTS:
        encoder, precision = TRANSFORMER_VARIANTS[variant]
        use_transformer_ner(nlp, weights=ENCODERS[encoder], precision=precision)
    return nlp


__all__ = ["MODEL_DIR", "VARIANTS", "load", "load_from"]
