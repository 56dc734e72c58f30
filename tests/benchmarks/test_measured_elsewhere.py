"""Headline figures measured by other commands join the benchmark's, each cited with its own command."""

import pytest

from locate_label_allennlp.benchmarking.report import headline_section
from locate_label_allennlp.benchmarking.results import measured_elsewhere

SOURCE = {"machine": "a CPU", "date": "2026-11-30"}


def _speed(forward, end_to_end, f1):
    return {
        "forward_only": {"sentences_per_second": forward},
        "end_to_end": {"sentences_per_second": end_to_end},
        "predict_to_forward_ratio": end_to_end / forward,
        "accuracy": {"f1": f1},
    }


INFERENCE_SPEED = {
    **SOURCE,
    "command": "python benchmarks/inference_speed.py",
    "float32": _speed(40.0, 36.0, 77.0),
    "int8_scheme": "int8_linear",
    "quantization_engine": "onednn",
    "int8_linear": {**_speed(64.0, 50.0, 76.8), "speedup_forward": 1.6, "f1_loss": 0.2},
    "int8": {**_speed(48.0, 40.0, 76.7), "speedup_forward": 1.2, "f1_loss": 0.3},
}
STUDY = {
    **SOURCE,
    "command": "python benchmarks/genia_study.py",
    "note": "idle cores",
    "runs": [
        {
            "name": "chosen",
            "train_sentences": 100,
            "train_minutes": 10.0,
            "epochs": [{"epoch": 0}, {"epoch": 1}],
        }
    ],
}


def test_the_figures_and_their_sources():
    figures = measured_elsewhere(INFERENCE_SPEED, STUDY, "chosen")
    assert figures["inference_sentences_per_second_int8"]["value"] == 64.0
    assert figures["predict_sentences_per_second"]["value"] == 36.0
    assert figures["predict_to_forward_ratio"]["value"] == pytest.approx(0.9)
    assert figures["int8_f1_loss"]["value"] == 0.2
    assert figures["train_sentences_per_second"]["value"] == pytest.approx(100 * 2 / 600)
    assert figures["int8_speedup"]["command"] == INFERENCE_SPEED["command"]
    # The headline reports the scheme that int8_scheme names, and says which.
    assert figures["int8_speedup"]["value"] == 1.6
    assert "model.quantize 'int8_linear', quantized engine 'onednn'" in figures["int8_speedup"]["note"]
    kept_float = {**INFERENCE_SPEED, "int8_keep_float": ["_encoder", "_entity_classifier"]}
    note = measured_elsewhere(kept_float, None, None)["int8_f1_loss"]["note"]
    assert note == (
        "float32 F1 - int8 F1 (model.quantize 'int8_linear', quantized engine 'onednn', "
        "float32 kept in _encoder, _entity_classifier)"
    )
    apart = {**kept_float, "int8_outlier_rows": 1.5}
    note = measured_elsewhere(apart, None, None)["int8_speedup"]["note"]
    assert (
        "float32 kept in _encoder, _entity_classifier, rows above 1.5x the mean row maximum quantised apart;"
        in note
    )
    assert figures["train_sentences_per_second"]["command"] == STUDY["command"]
    kept = {**STUDY["runs"][0], "measured_by": {**SOURCE, "command": "earlier study", "note": "shared"}}
    cited = measured_elsewhere(None, {**STUDY, "runs": [kept]}, "chosen")["train_sentences_per_second"]
    assert cited["command"] == "earlier study" and cited["note"].endswith("; shared")
    with pytest.raises(SystemExit, match="no run named 'other'"):
        measured_elsewhere(None, STUDY, "other")
    assert measured_elsewhere(None, None, None) == {}


def test_the_page_shows_them_with_their_targets_and_commands():
    benchmark = {"value": 77.0, "command": "python benchmarks/benchmark.py", **SOURCE}
    headline = {"genia_test_f1": benchmark, "train_minutes": {**benchmark, "value": 100.0}}
    headline.update(measured_elsewhere(INFERENCE_SPEED, STUDY, "chosen"))
    page = "\n".join(headline_section({"mode": "full", "headline": headline}))
    assert "| `int8_f1_loss` | 0.20 | ≤ 0.3 (met) |" in page
    assert "| `train_sentences_per_second` | 0.3 |  |" in page
    assert "| `predict_to_forward_ratio` | 0.90 | ≥ 0.8 (met) |" in page
    assert "Measured by `python benchmarks/genia_study.py` on a CPU, 2026-11-30:" in page
    assert "- `int8_f1_loss`: float32 F1 - int8 F1 (model.quantize 'int8_linear', quantized engine" in page


def test_update_headline_adds_them_to_an_existing_results_file(tmp_path):
    import json
    import shutil

    from locate_label_allennlp.benchmarking.cli import main

    shutil.copy("benchmarks/results.json", tmp_path / "results.json")
    speed, study = tmp_path / "speed.json", tmp_path / "study.json"
    speed.write_text(json.dumps(INFERENCE_SPEED))
    study.write_text(json.dumps(STUDY))
    notes = tmp_path / "notes.md"
    notes.write_text("**Remarks.** Measured later.\n")
    main(["--update-headline", "--output-dir", str(tmp_path), "--inference-speed", str(speed),
          "--study", str(study), "--study-run", "chosen", "--notes", str(notes)])  # fmt: skip
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["headline"]["int8_speedup"]["value"] == 1.6
    assert results["headline"]["train_sentences_per_second"]["value"] == pytest.approx(100 * 2 / 600)
    page = (tmp_path / "BENCHMARKS.md").read_text()
    assert "`train_sentences_per_second`" in page and "**Remarks.** Measured later." in page
