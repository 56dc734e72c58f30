"""The float32/int8 inference measurement on the fixture model."""

import json

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.benchmarking.inference_speed import measure
from tests.conftest import DEV


def test_measures_both_schemes_and_keeps_one_prediction_per_line(trained_archive, tmp_path):
    results = measure(trained_archive, DEV, tmp_path, batch_size=2, repetitions=1)
    lines = DEV.read_text().splitlines()
    for scheme in ("float32", "int8"):
        figures = results[scheme]
        assert figures["sentences"] == len(lines)
        assert figures["forward_only"]["sentences_per_second"] > 0
        assert figures["end_to_end"]["sentences_per_second"] > 0
        assert 0 <= figures["accuracy"]["f1"] <= 100
        predictions = (tmp_path / f"predictions_{scheme}.jsonl").read_text().splitlines()
        assert [json.loads(p)["tokens"] for p in predictions] == [
            json.loads(line)["tokens"] for line in lines
        ]
    assert results["int8_f1_loss"] == results["float32"]["accuracy"]["f1"] - results["int8"]["accuracy"]["f1"]
