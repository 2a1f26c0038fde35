"""Calibrate the int8 variants: the input range of every linear layer of a fine-tuned tagger.

    python -m training.calibrate_int8 --shared SHARED --weights src/eventwatch/language/model-compact
    (make model-accurate and make model-compact run it after fine-tuning)

`load("compact-int8")` quantises each linear layer's input with a fixed range
(`eventwatch.language.accurate.quantized`), which this script measures and writes to the
weights folder (`int8-ranges.json`, shipped with the weights). Decisions:
- Calibration text: the first 2,000 sentences of UD EWT train, training text of every
  transformer NER (never a test set), read by the float32 tagger as it runs (calls of
  `BATCH_PIECES` padded pieces).
- Range: per call, the 0.00001 and 0.99999 quantiles of every seventh input value (a full sort
  of each call's inputs is slow and torch.quantile takes at most 16 million values); the layer's
  range is the widest over the calls. Of the quantiles tried on the compact encoder
  (`--quantile`), GUM dev picked this one, narrowly (entity F1: 1.0, the extremes of the
  sampled values, 0.8049; 0.9999 0.7972; 0.99999 0.8053; float32 0.8032).
- One torch thread, so the ranges are the same on every run. At the end it prints GUM dev entity
  F1 of the tagger in float32 and in int8 with the new ranges.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from eventwatch.language.accurate import RANGES_FILE, TransformerTagger, base_model_dir
from training.silver import ud_train
from training.train_accurate import ROOT, entity_f1, gold_sentences, read_corpus

SENTENCES = 2000
QUANTILE = 0.99999
EVERY = 7


def activation_ranges(tagger: TransformerTagger, sentences: list[list[str]], *, quantile: float = QUANTILE,
                      every: int = EVERY) -> dict[str, list[float]]:
    """Each linear layer's input range [low, high] while `tagger` (float32) tags `sentences`."""
    import torch

    ranges: dict[str, list[float]] = {}

    def record(name: str):
        def hook(_module, inputs, _output) -> None:
            values = inputs[0].detach().float().flatten()[::every]
            low, high = torch.quantile(values, torch.tensor([1 - quantile, quantile])).tolist()
            seen = ranges.setdefault(name, [low, high])
            ranges[name] = [min(seen[0], low), max(seen[1], high)]
        return hook

    hooks = [module.register_forward_hook(record(name)) for name, module in tagger.model.named_modules()
             if isinstance(module, torch.nn.Linear)]
    tagger.tag(sentences)
    for hook in hooks:
        hook.remove()
    return ranges


def save_ranges(weights: Path, ranges: dict[str, list[float]], *, text: str, quantile: float) -> Path:
    """Write the ranges beside the weights (RANGES_FILE), with how they were calibrated."""
    path = weights / RANGES_FILE
    calibration = {"text": text, "quantile": quantile, "every": EVERY}
    path.write_text(json.dumps({"calibration": calibration, "ranges": ranges}, indent=1) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    import torch

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    ap.add_argument("--weights", type=Path, required=True, help="a fine-tuned tagger's folder (model-compact)")
    ap.add_argument("--quantile", type=float, default=QUANTILE, help="upper quantile kept (1.0: min and max)")
    args = ap.parse_args(argv)

    torch.set_num_threads(1)
    base = base_model_dir()
    tagger = TransformerTagger.load(base=base, weights=args.weights)
    sentences = [sent.words for sent in ud_train(args.shared)[:SENTENCES]]
    ranges = activation_ranges(tagger, sentences, quantile=args.quantile)
    path = save_ranges(args.weights, ranges, text=f"UD EWT train, first {SENTENCES} sentences", quantile=args.quantile)
    print(f"wrote {path}: {len(ranges)} layers")

    _, dev_docs = read_corpus(args.shared, silver=False)
    tag_index = {tag: i for i, tag in enumerate(tagger.tags)}
    gold = [g for doc in dev_docs for g in gold_sentences(doc, tag_index)]
    int8 = TransformerTagger.load(base=base, weights=args.weights, precision="int8")
    print(f"GUM dev entity F1: float32 {entity_f1(tagger, gold):.4f}, int8 {entity_f1(int8, gold):.4f}")


if __name__ == "__main__":
    main()
