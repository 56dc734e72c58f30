"""An archive's vector caches can be switched off when it is loaded (the service, the benchmarks)."""

import json

from locate_label_allennlp.modules.vector_caches.overrides import uncached_overrides


def test_every_cached_embedder_gets_its_cache_switched_off(tmp_path):
    cached = {"type": "cached_transformer_mismatched", "model_name": "m", "cache": {"type": "memory"}}
    config = {
        "model": {
            "type": "locate_and_label",
            "text_field_embedder": {"token_embedders": {"tokens": {"type": "embedding"}}},
            "context_field_embedder": {"token_embedders": {"transformer": cached}},
        }
    }
    (tmp_path / "config.json").write_text(json.dumps(config))
    assert uncached_overrides(tmp_path) == {
        "model.context_field_embedder.token_embedders.transformer.cache": None
    }


def test_an_archive_without_a_cached_embedder_needs_no_override(trained_archive):
    assert uncached_overrides(trained_archive) == {}
