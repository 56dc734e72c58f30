"""Training the fixture experiment with a frozen MiniLM gives the same metrics with and without the
frozen-encoder cache (and with the cache filled by `fill_vector_cache` after the first training
batch), and the cached run computes each sentence's vectors once."""

import json
import os
from types import SimpleNamespace

import pytest
from allennlp.commands.train import TrainModel
from allennlp.common import Params
from allennlp.common.util import prepare_environment

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.modules.token_embedders import CachedTransformerMismatchedEmbedder
from tests.conftest import DEV, FIXTURES, TRAIN
from tests.modules.test_token_representation import minilm

CONFIG = FIXTURES / "experiment_frozen_transformer.jsonnet"


@pytest.fixture(scope="module")
def data_with_context(tmp_path_factory):
    """The fixture sentences, each with its neighbours as context (as GENIA's are)."""
    directory = tmp_path_factory.mktemp("context_data")
    for split, path in (("train", TRAIN), ("dev", DEV)):
        lines = [json.loads(line) for line in path.read_text().splitlines()]
        with open(directory / f"{split}.jsonl", "w") as output:
            for index, line in enumerate(lines):
                line["ltokens"] = lines[index - 1]["tokens"] if index else []
                line["rtokens"] = lines[index + 1]["tokens"] if index + 1 < len(lines) else []
                output.write(json.dumps(line) + "\n")
    return directory


def _train(data_dir, serialization_dir, cache, callbacks=()):
    os.environ["TRANSFORMER"] = minilm()
    overrides = {
        "trainer.callbacks": list(callbacks),
        "train_data_path": str(data_dir / "train.jsonl"),
        "validation_data_path": str(data_dir / "dev.jsonl"),
        "model.context_field_embedder.token_embedders.transformer.cache": cache,
        "trainer.num_epochs": 8,
        "trainer.optimizer.lr": 0.02,
    }
    params = Params.from_file(str(CONFIG), json.dumps(overrides))
    prepare_environment(params)
    # TrainModel without the archive that `allennlp train` writes (it would copy MiniLM's weights).
    train_loop = TrainModel.from_params(params=params, serialization_dir=str(serialization_dir), local_rank=0)
    calls: list = []
    embedder = train_loop.model.stages()["context field embedder"].token_embedder_transformer
    assert isinstance(embedder, CachedTransformerMismatchedEmbedder)
    embedder.matched_embedder.transformer_model.register_forward_hook(lambda *args: calls.append(1))
    return train_loop.run(), len(calls)


def _assert_same_metrics(metrics, expected):
    assert metrics.keys() == expected.keys()
    for name, value in expected.items():
        if isinstance(value, float) and "duration" not in name and "memory" not in name:
            assert metrics[name] == pytest.approx(value, rel=1e-5, abs=1e-7), name
    assert metrics["best_validation_f1"] > 0


def test_training_with_the_cache_gives_the_same_metrics(data_with_context, tmp_path):
    cached, cached_calls = _train(data_with_context, tmp_path / "cached", {"type": "memory"})
    uncached, uncached_calls = _train(data_with_context, tmp_path / "uncached", None)
    _assert_same_metrics(cached, uncached)
    # 20 training sentences in batches of 4 and 3 dev sentences in one batch, over 8 epochs.
    assert uncached_calls == 8 * (5 + 1)
    assert cached_calls == 5 + 1
    # Filled after the first training batch, in batches by context word pieces: the other 16 training
    # sentences in one batch of 32 (then read in every epoch), the dev sentences in the first validation.
    filled, filled_calls = _train(
        data_with_context, tmp_path / "filled", {"type": "memory"}, [{"type": "fill_vector_cache"}]
    )
    _assert_same_metrics(filled, uncached)
    assert filled_calls == 1 + 1 + 1


def test_the_benchmark_s_exhaustive_model_computes_every_sentence(data_with_context):
    """Built from the archive's config, the exhaustive model would have the config's vector cache, and
    the benchmark would time its reads after the warm-up pass."""
    from allennlp.data import DatasetReader, Vocabulary
    from allennlp.models import Model
    from allennlp.models.archival import Archive

    from locate_label_allennlp.benchmarking.speed import exhaustive_from

    os.environ["TRANSFORMER"] = minilm()
    params = Params.from_file(
        str(CONFIG), json.dumps({"train_data_path": str(data_with_context / "train.jsonl")})
    )
    reader = DatasetReader.from_params(params["dataset_reader"].duplicate())
    vocab = Vocabulary.from_instances(reader.read(params["train_data_path"]))
    model = Model.from_params(vocab=vocab, params=params["model"].duplicate())
    archive = Archive(model, params, reader, reader, None)  # type: ignore[arg-type]  # no meta needed
    exhaustive = exhaustive_from(archive)
    embedders = [
        module for module in exhaustive.modules() if isinstance(module, CachedTransformerMismatchedEmbedder)
    ]
    assert embedders and all(embedder.cache is None for embedder in embedders)


def test_filling_the_cache_of_a_model_without_one_does_nothing(tmp_path, caplog):
    overrides = {"trainer.num_epochs": 1, "trainer.callbacks": [{"type": "fill_vector_cache"}]}
    params = Params.from_file(str(FIXTURES / "experiment.jsonnet"), json.dumps(overrides))
    prepare_environment(params)
    train_loop = TrainModel.from_params(params=params, serialization_dir=str(tmp_path), local_rank=0)
    with caplog.at_level("INFO", logger="locate_label_allennlp.training.callbacks.fill_vector_cache"):
        metrics = train_loop.run()
    assert "the model caches no transformer vectors" in caplog.text
    assert metrics["epoch"] == 0


def test_filling_skips_a_model_that_is_not_locate_and_label(tmp_path, caplog):
    """The callback in another model's config: it names that model's class and touches nothing."""
    from allennlp.data import Vocabulary
    from allennlp.models import Model

    from locate_label_allennlp.training.callbacks import FillVectorCacheCallback

    class OtherModel(Model):
        pass

    callback = FillVectorCacheCallback(str(tmp_path))
    # No data loader: the callback must not ask for one.
    trainer = SimpleNamespace(model=OtherModel(Vocabulary()))
    with caplog.at_level("INFO", logger="locate_label_allennlp.training.callbacks.fill_vector_cache"):
        for _ in range(2):
            callback.on_batch(trainer, [], [], {}, epoch=0, batch_number=1, is_training=True)  # type: ignore[arg-type]
    assert caplog.text.count("LocateAndLabel models only, not of OtherModel") == 1
