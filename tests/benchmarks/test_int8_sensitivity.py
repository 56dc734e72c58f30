"""The int8 sensitivity measurement (parts of the model left in float32) on the fixture model."""

import runpy
import sys

import pytest

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.benchmarking.accuracy import overall_accuracy
from locate_label_allennlp.benchmarking.data import as_locate_and_label, prepare
from locate_label_allennlp.benchmarking.inference_speed import Int8Variant, load
from locate_label_allennlp.benchmarking.int8_sensitivity import disagreement, measure, predicted_entities
from tests.conftest import DEV


def test_a_variant_that_keeps_everything_float32_agrees_with_float32(trained_archive):
    every_quantised_part = ["_text_field_embedder", "_encoder", "_span_proposal_filter",
                            "_boundary_regressor", "_entity_classifier"]  # fmt: skip
    variants = {
        "whole model": Int8Variant(),
        "all float32": Int8Variant(every_quantised_part),
        "outlier rows apart": Int8Variant(outlier_rows=1.5),
    }
    results = measure(trained_archive, DEV, variants, batch_size=2, repetitions=1)
    assert results["float32_entities"] > 0
    assert results["all float32"]["entities_unlike_float32"] == 0
    assert results["all float32"]["f1_loss"] == 0
    assert results["all float32"]["keep_float"] == every_quantised_part
    assert results["outlier rows apart"]["outlier_rows"] == 1.5
    assert results["whole model"]["outlier_rows"] is None
    for name in variants:
        figures = results[name]
        assert figures["speedup"] == pytest.approx(
            figures["forward_only"]["sentences_per_second"]
            / results["float32"]["forward_only"]["sentences_per_second"]
        )
        assert figures["f1_loss"] == results["float32"]["accuracy"]["f1"] - figures["accuracy"]["f1"]
        assert 0 <= figures["entities_unlike_float32"] <= 2 * results["float32_entities"]


def test_the_entities_pass_scores_as_the_benchmarks_accuracy_does(trained_archive):
    archive = load(trained_archive, None, {})
    prepared = prepare(archive, DEV, 2)
    model = as_locate_and_label(archive.model)
    entities, scores = predicted_entities(model, prepared.batches)
    assert len(entities) == len(prepared.instances)
    expected = overall_accuracy(model, prepared.batches, prepared.instances)
    assert scores == {figure: expected[figure] for figure in scores}


def test_disagreement_counts_entities_in_one_prediction_only():
    ours = [{(0, 1, "DNA"), (2, 4, "RNA")}, set()]
    theirs = [{(0, 1, "DNA"), (2, 4, "protein")}, {(1, 2, "DNA")}]
    assert disagreement(ours, theirs) == 3 and disagreement(ours, ours) == 0


def _command_variants(monkeypatch, tmp_path, *specs):
    arguments = [argument for spec in specs for argument in ("--variant", spec)]
    monkeypatch.setattr(sys, "argv", ["int8_sensitivity.py", "--archive", "a", "--data-file", "d",
                                      "--output", str(tmp_path / "o.json"), *arguments])  # fmt: skip
    command = runpy.run_path("benchmarks/int8_sensitivity.py")
    return command["variants"](command["parse_args"]().variant)


def test_the_command_reads_submodules_and_an_outlier_rows_factor(monkeypatch, tmp_path):
    parsed = _command_variants(
        monkeypatch, tmp_path, "whole=", "heads=_encoder,_entity_classifier:1.5", "apart=:2"
    )
    assert parsed == {
        "whole": Int8Variant([], None),
        "heads": Int8Variant(["_encoder", "_entity_classifier"], 1.5),
        "apart": Int8Variant([], 2.0),
    }


@pytest.mark.parametrize(
    ("spec", "message"), [("=_encoder", "give NAME=SUBMODULES"), ("apart=:wide", "FACTOR after ':'")]
)
def test_the_command_rejects_a_variant_without_a_name_or_with_a_bad_factor(
    monkeypatch, tmp_path, spec, message
):
    with pytest.raises(ValueError, match=message):
        _command_variants(monkeypatch, tmp_path, spec)
