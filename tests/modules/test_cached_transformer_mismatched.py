"""The frozen-transformer cache: the same vectors as without it, computed once, never for a trained
transformer, recomputed when the weights or the input change."""

import copy
import pickle

import pytest
import torch
from allennlp.common import Params
from allennlp.data import Batch, Instance, Token, Vocabulary
from allennlp.data.fields import TextField
from allennlp.data.token_indexers import PretrainedTransformerMismatchedIndexer
from allennlp.modules.token_embedders import PretrainedTransformerMismatchedEmbedder, TokenEmbedder

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.modules.token_embedders import (
    CachedTransformerMismatchedEmbedder,
    share_vector_cache,
    switch_off_vector_caches,
)
from tests.modules.test_token_representation import minilm

SENTENCES = [
    ["IL-2", "gene", "expression", "requires", "NF-kappa", "B", "."],
    ["Activation", "of", "human", "T", "cells", "induces", "IL-2", "receptor", "alpha", "."],
    ["Jurkat", "cells", "were", "treated", "."],
]


def _tensors(sentences=SENTENCES, max_length=None):
    indexer = PretrainedTransformerMismatchedIndexer(minilm(), max_length=max_length)
    instances = [
        Instance({"tokens": TextField([Token(t) for t in s], {"transformer": indexer})}) for s in sentences
    ]
    vocab = Vocabulary()
    for instance in instances:
        instance.index_fields(vocab)
    return Batch(instances).as_tensor_dict()["tokens"]["transformer"]


def _embedder(**settings) -> CachedTransformerMismatchedEmbedder:
    params = {"type": "cached_transformer_mismatched", "model_name": minilm(), "train_parameters": False}
    params.update(copy.deepcopy(settings))  # Params consumes the dicts it is given
    embedder = TokenEmbedder.from_params(Params(params))
    assert isinstance(embedder, CachedTransformerMismatchedEmbedder)
    return embedder


def _count_transformer_calls(embedder) -> list:
    calls: list = []
    embedder.matched_embedder.transformer_model.register_forward_hook(lambda *args: calls.append(1))
    return calls


@pytest.fixture(scope="module")
def tensors():
    return _tensors()


def test_vectors_are_the_stock_embedders_and_are_computed_once(tensors):
    stock = PretrainedTransformerMismatchedEmbedder(minilm(), train_parameters=False).eval()
    embedder = _embedder(cache={"type": "memory"})
    embedder.train()  # a frozen transformer runs in evaluation mode even in training
    calls = _count_transformer_calls(embedder)
    with torch.no_grad():
        expected = stock(**tensors)
        first, second = embedder(**tensors), embedder(**tensors)
    words = tensors["mask"]  # padding words differ: the stock embedder gives them a [CLS] vector
    torch.testing.assert_close(first[words], expected[words], atol=1e-6, rtol=1e-5)
    assert torch.equal(second, first)
    assert len(calls) == 1 and len(embedder.cache) == len(SENTENCES)


@pytest.mark.parametrize("last_layer_only", [True, False])
@pytest.mark.parametrize("cache", [None, {"type": "memory", "dtype": "float16"}])
def test_only_the_sentence_positions_are_computed_and_stored(tensors, cache, last_layer_only):
    embedder = _embedder(cache=cache, last_layer_only=last_layer_only)
    positions = torch.tensor([[2, 3, -1], [0, 1, 2], [1, -1, -1]])
    with torch.no_grad():
        full = _embedder(last_layer_only=last_layer_only)(**tensors)
        output = embedder(**tensors, sentence_positions=positions)
    for row, wanted in enumerate(positions.tolist()):
        for position in range(output.size(1)):
            if position in wanted:
                torch.testing.assert_close(output[row, position], full[row, position], atol=2e-3, rtol=2e-3)
            else:
                assert not output[row, position].any()
    if cache is not None:
        layers = 1 if last_layer_only else embedder.num_layers
        # six words, float16
        assert embedder.cache.nbytes() == 6 * layers * embedder.get_output_dim() * 2


def test_a_trained_transformer_is_never_cached(tensors):
    embedder = _embedder(train_parameters=True, cache={"type": "memory"})
    calls = _count_transformer_calls(embedder)
    for mode in (True, False):
        embedder.train(mode)
        embedder(**tensors)
        embedder(**tensors)
    assert len(calls) == 4 and len(embedder.cache) == 0
    frozen = _embedder(cache={"type": "memory"})
    frozen.matched_embedder.transformer_model.encoder.layer[-1].output.dense.weight.requires_grad_(True)
    assert not frozen.caching()


def test_new_weights_or_another_input_are_computed_again(tensors):
    embedder = _embedder(cache={"type": "memory"})
    calls = _count_transformer_calls(embedder)
    with torch.no_grad():
        before = embedder(**tensors)
        state = {name: value.clone() for name, value in embedder.state_dict().items()}
        state["matched_embedder.transformer_model.encoder.layer.5.output.dense.bias"] += 0.5
        embedder.load_state_dict(state)
        after = embedder(**tensors)
        embedder(**_tensors([SENTENCES[0][:-1]]))
    assert len(calls) == 3
    assert not torch.allclose(before, after)


@pytest.mark.parametrize("cache", [None, {"type": "memory"}])
def test_all_layers_give_the_stock_mix_and_the_scalar_mix_learns(tensors, cache):
    # Both scalar mixes start from equal layer weights. Cached, each layer's word vectors are stored
    # and mixed after they are read; otherwise each word piece's layers are mixed, as the stock does.
    stock = PretrainedTransformerMismatchedEmbedder(minilm(), train_parameters=False, last_layer_only=False)
    embedder = _embedder(last_layer_only=False, cache=cache)
    with torch.no_grad():
        expected = stock.eval()(**tensors)
        embedder(**tensors)  # fills the cache, if any
    calls = _count_transformer_calls(embedder)
    output = embedder(**tensors)
    words = tensors["mask"]
    torch.testing.assert_close(output[words], expected[words], atol=1e-5, rtol=1e-4)
    output.pow(2).sum().backward()
    assert len(calls) == (0 if cache else 1)
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in embedder.scalar_mix.parameters())


@pytest.mark.parametrize("cache", [None, {"type": "memory"}])
@pytest.mark.parametrize("last_layer_only", [True, False])
def test_long_inputs_folded_into_windows_agree(last_layer_only, cache):
    long_sentence = [word for sentence in SENTENCES for word in sentence] * 2
    tensors = _tensors([long_sentence, SENTENCES[0]], max_length=16)
    assert tensors["token_ids"].size(1) > 16
    stock = PretrainedTransformerMismatchedEmbedder(
        minilm(), max_length=16, train_parameters=False, last_layer_only=last_layer_only
    )
    embedder = _embedder(max_length=16, last_layer_only=last_layer_only, cache=cache)
    with torch.no_grad():
        expected = stock.eval()(**tensors)
        embedder(**tensors)
        words = tensors["mask"]
        torch.testing.assert_close(embedder(**tensors)[words], expected[words], atol=1e-5, rtol=1e-4)


def test_disk_cache_serves_a_new_process(tensors, tmp_path):
    first = _embedder(cache={"type": "disk", "directory": str(tmp_path)})
    with torch.no_grad():
        expected = first(**tensors)
    second = _embedder(cache={"type": "disk", "directory": str(tmp_path)})
    calls = _count_transformer_calls(second)
    with torch.no_grad():
        assert torch.equal(second(**tensors), expected)
    assert not calls and len(second.cache) == len(SENTENCES)


def test_copies_share_the_store_and_pickles_drop_it(tensors):
    embedder = _embedder(cache={"type": "memory"})
    with torch.no_grad():
        embedder(**tensors)
    assert copy.deepcopy(embedder).cache is embedder.cache
    assert len(pickle.loads(pickle.dumps(embedder)).cache) == 0


def test_switching_off_the_caches_of_a_loaded_model_computes_every_input(tensors):
    # As the service and the benchmarks load a model trained with a cache: nothing is stored any more.
    model = torch.nn.ModuleDict({"cached": _embedder(cache={"type": "memory"}), "plain": _embedder()})
    assert switch_off_vector_caches(model) == 1
    assert switch_off_vector_caches(model) == 0
    embedder = model["cached"]
    calls = _count_transformer_calls(embedder)
    with torch.no_grad():
        embedder(**tensors), embedder(**tensors)
    assert len(calls) == 2 and not embedder.caching()


def test_models_with_the_same_frozen_transformer_share_one_cache(tensors):
    # As the checkpoint curve loads every checkpoint of a run: the second model computes nothing.
    first = torch.nn.ModuleDict({"cached": _embedder(cache={"type": "memory"}), "plain": _embedder()})
    with torch.no_grad():
        expected = first["cached"](**tensors)
    shared = share_vector_cache(first, None)
    assert shared is first["cached"].cache
    second = torch.nn.ModuleDict({"cached": _embedder(cache={"type": "memory"})})
    assert share_vector_cache(second, shared) is shared and second["cached"].cache is shared
    calls = _count_transformer_calls(second["cached"])
    with torch.no_grad():
        assert torch.equal(second["cached"](**tensors), expected)
    assert not calls
    # Other transformer weights: the shared entries are not theirs.
    third = torch.nn.ModuleDict({"cached": _embedder(cache={"type": "memory"})})
    with torch.no_grad():
        third["cached"].matched_embedder.transformer_model.pooler.dense.bias.add_(1.0)
        for parameter in third["cached"].matched_embedder.transformer_model.encoder.layer[0].parameters():
            parameter.mul_(1.01)
    share_vector_cache(third, shared)
    calls = _count_transformer_calls(third["cached"])
    with torch.no_grad():
        third["cached"](**tensors)
    assert len(calls) == 1
    assert share_vector_cache(torch.nn.ModuleDict({"plain": _embedder()}), shared) is None
