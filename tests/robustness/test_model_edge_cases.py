"""
The model on unusual batches: empty sentences (some or all of a batch), entity types it never saw,
unicode and control characters, in evaluation and in training mode.
"""

import logging

import pytest
import torch
from allennlp.common import Params
from allennlp.common.checks import ConfigurationError
from allennlp.data import Batch, Vocabulary
from allennlp.data.dataset_readers import DatasetReader
from allennlp.models import Model

import locate_label_allennlp  # noqa: F401
from tests.conftest import EXPERIMENT, TRAIN
from tests.robustness.test_input_errors import UNICODE_TOKENS

IL2 = ["IL-2", "gene", "expression", "requires", "NF-kappa", "B", "."]
IL2_ENTITIES = [{"start": 0, "end": 2, "type": "DNA"}, {"start": 0, "end": 1, "type": "protein"}]


@pytest.fixture(scope="module")
def reader_and_vocab():
    reader = DatasetReader.from_params(Params.from_file(str(EXPERIMENT)).pop("dataset_reader"))
    return reader, Vocabulary.from_instances(reader.read(str(TRAIN)))


@pytest.fixture
def model(reader_and_vocab):
    torch.manual_seed(0)
    _, vocab = reader_and_vocab
    params = Params.from_file(str(EXPERIMENT)).pop("model").as_dict()
    # An untrained model that predicts entities: every seed kept, never NONE, no score too low.
    params["span_proposal_filter"]["keep_threshold"] = 0.0
    params["decoder"]["score_threshold"] = 0.0
    model = Model.from_params(vocab=vocab, params=Params(params))
    with torch.no_grad():
        model.stages()["entity classifier"].output_layer.bias[0] = -100.0
    return model


def tensors(reader_and_vocab, sentences):
    """``sentences``: ``(tokens, entities or None)`` pairs -> the batch's tensor dict."""
    reader, vocab = reader_and_vocab
    instances = [reader.text_to_instance(tokens, entities) for tokens, entities in sentences]
    for instance in instances:
        reader.apply_token_indexers(instance)
        instance.index_fields(vocab)
    return Batch(instances).as_tensor_dict()


def run(model, batch, training: bool):
    model.train(training)
    if training:
        output = model(**batch)
        output["loss"].backward()
        assert torch.isfinite(output["loss"])
        return output
    with torch.no_grad():
        return model.make_output_human_readable(model(**batch))


@pytest.mark.parametrize("annotated", [True, False])
def test_batch_with_some_empty_sentences(reader_and_vocab, model, annotated):
    sentences = [([], []), (IL2, IL2_ENTITIES), ([], [])]
    if not annotated:
        sentences = [(tokens, None) for tokens, _ in sentences]
    batch = tensors(reader_and_vocab, sentences)
    output = run(model, batch, training=False)
    assert output["entities"][0] == [] and output["entities"][2] == []
    assert output["entities"][1]
    assert output["num_proposals"].tolist()[::2] == [0, 0]
    if annotated:
        assert torch.isfinite(output["loss"])
        metrics = model.get_metrics(reset=True)
        # three sentences counted, the proposals all from the one with tokens
        assert metrics["proposals_per_sentence"] == pytest.approx(output["num_proposals"][1].item() / 3)
        run(model, batch, training=True)


@pytest.mark.parametrize("annotated", [True, False])
def test_batch_of_only_empty_sentences(reader_and_vocab, model, annotated):
    batch = tensors(reader_and_vocab, [([], [] if annotated else None)] * 3)
    assert batch["tokens"]["tokens"]["tokens"].shape == (3, 0)
    output = run(model, batch, training=False)
    assert output["entities"] == [[], [], []] and output["num_proposals"].tolist() == [0, 0, 0]
    if not annotated:
        assert "loss" not in output
        return
    assert output["loss"].item() == 0.0
    metrics = model.get_metrics(reset=True)
    assert metrics["f1"] == 0.0 and metrics["proposals_per_sentence"] == 0.0
    # Training on it: a zero loss that reaches every parameter (a zero gradient, and DDP's all-reduce
    # finds every parameter it expects).
    model.zero_grad()
    run(model, batch, training=True)
    grads = [p.grad for p in model.parameters() if p.requires_grad]
    assert all(g is not None and not g.any() for g in grads)


def test_training_needs_gold_even_for_empty_batches(reader_and_vocab, model):
    model.train()
    for tokens in ([], IL2):
        with pytest.raises(ConfigurationError, match="training needs gold entities"):
            model(**tensors(reader_and_vocab, [(tokens, None)]))


def test_unseen_type_is_no_target_and_a_missed_entity(reader_and_vocab, model, caplog):
    seen = IL2_ENTITIES
    unseen = seen + [{"start": 4, "end": 6, "type": "NEVER_SEEN_IN_TRAINING"}]
    with caplog.at_level(logging.WARNING):
        batch = tensors(reader_and_vocab, [(IL2, unseen)])
    assert "'NEVER_SEEN_IN_TRAINING' is not in the vocabulary" in caplog.text
    assert batch["gold_labels"].tolist()[0][-1] == -1
    # The unseen entity adds nothing to the loss ...
    with_unseen = run(model, batch, training=False)
    predicted = {(e["start"], e["end"], e["type"]) for e in with_unseen["entities"][0]}
    counts_with = model.get_metrics(reset=True)
    without = run(model, tensors(reader_and_vocab, [(IL2, seen)]), training=False)
    counts_without = model.get_metrics(reset=True)
    assert with_unseen["loss"].item() == pytest.approx(without["loss"].item())
    # ... and is one more gold entity, missed.
    true_positives = len(predicted & {(e["start"], e["end"], e["type"]) for e in seen})
    assert counts_without["recall"] == pytest.approx(true_positives / 2)
    assert counts_with["recall"] == pytest.approx(true_positives / 3)
    assert counts_with["precision"] == counts_without["precision"]
    assert counts_with["_type_NEVER_SEEN_IN_TRAINING_recall"] == 0.0
    run(model, batch, training=True)


def test_unicode_and_control_character_tokens(reader_and_vocab, model):
    last = len(UNICODE_TOKENS)
    entities = [{"start": 0, "end": 2, "type": "ORG"}, {"start": last - 1, "end": last, "type": "LOC"}]
    batch = tensors(reader_and_vocab, [(UNICODE_TOKENS, entities), (IL2, IL2_ENTITIES)])
    output = run(model, batch, training=False)
    for entity in output["entities"][0]:
        assert 0 <= entity["start"] < entity["end"] <= len(UNICODE_TOKENS)
    run(model, batch, training=True)
