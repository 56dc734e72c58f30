"""The float32/int8 inference measurement on the fixture model."""

import json

import pytest
import torch

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.benchmarking.inference_speed import Int8Variant, measure
from locate_label_allennlp.nn.quantization import quantization_engines
from tests.conftest import DEV


def test_measures_every_scheme_and_keeps_one_prediction_per_line(trained_archive, tmp_path):
    results = measure(trained_archive, DEV, tmp_path, batch_size=2, repetitions=2)
    lines = DEV.read_text().splitlines()
    assert results["int8_scheme"] == "int8"
    assert results["quantization_engine"] == torch.backends.quantized.engine
    for scheme in ("float32", "int8_linear", "int8"):
        figures = results[scheme]
        assert figures["sentences"] == len(lines)
        assert figures["forward_only"]["sentences_per_second"] > 0
        assert figures["end_to_end"]["sentences_per_second"] > 0
        assert len(figures["forward_only"]["runs_seconds"]) == len(figures["end_to_end"]["runs_seconds"]) == 2
        assert 0 <= figures["accuracy"]["f1"] <= 100
        predictions = (tmp_path / f"predictions_{scheme}.jsonl").read_text().splitlines()
        assert [json.loads(p)["tokens"] for p in predictions] == [
            json.loads(line)["tokens"] for line in lines
        ]
    for scheme in ("int8_linear", "int8"):
        figures = results[scheme]
        assert figures["f1_loss"] == results["float32"]["accuracy"]["f1"] - figures["accuracy"]["f1"]
        assert figures["speedup_forward"] == pytest.approx(
            figures["forward_only"]["sentences_per_second"]
            / results["float32"]["forward_only"]["sentences_per_second"]
        )


def test_the_engine_of_the_int8_schemes_is_recorded(trained_archive, tmp_path):
    engine = quantization_engines()[0]
    results = measure(trained_archive, DEV, tmp_path, batch_size=4, repetitions=1, int8_schemes=["int8"],
                      quantization_engine=engine)  # fmt: skip
    assert results["quantization_engine"] == engine
    assert set(results) >= {"float32", "int8"} and "int8_linear" not in results
    assert results["int8_keep_float"] == []


def test_int8_can_leave_named_parts_in_float32(trained_archive, tmp_path):
    results = measure(trained_archive, DEV, tmp_path, batch_size=4, repetitions=1, int8_schemes=["int8"],
                      int8_variant=Int8Variant(["_encoder"]))  # fmt: skip
    assert results["int8_keep_float"] == ["_encoder"] and results["int8_outlier_rows"] is None
    assert 0 <= results["int8"]["accuracy"]["f1"] <= 100


def test_int8_can_quantise_outlier_rows_apart(trained_archive, tmp_path):
    results = measure(trained_archive, DEV, tmp_path, batch_size=4, repetitions=1, int8_schemes=["int8"],
                      int8_variant=Int8Variant(outlier_rows=1.5))  # fmt: skip
    assert results["int8_outlier_rows"] == 1.5
    assert 0 <= results["int8"]["accuracy"]["f1"] <= 100


def test_at_least_one_int8_scheme_is_measured(trained_archive, tmp_path):
    with pytest.raises(ValueError, match="at least one int8 scheme"):
        measure(trained_archive, DEV, tmp_path, int8_schemes=())
