"""nested-ner-tune-decoder: the decoder's u, k and delta selected together on a development file."""

import copy
import json
import sys

import pytest
from allennlp.data.data_loaders import SimpleDataLoader
from allennlp.models.archival import load_archive

from locate_label_allennlp.evaluation.decoder_tuning import best_row, overrides_for, tune_decoder
from locate_label_allennlp.modules.span_decoders import HardNmsDecoder
from tests.conftest import DEV


@pytest.fixture(scope="module")
def archive(trained_archive):
    return load_archive(str(trained_archive))


def metrics_with_settings(archive, instances, settings):
    """The plain way: the model, its decoder's settings changed, run over the file."""
    model = copy.deepcopy(archive.model).eval()
    for name, value in settings.items():
        setattr(model.decoder, name, value)
    model.get_metrics(reset=True)
    for batch in SimpleDataLoader(instances, 2, vocab=model.vocab):
        model(**batch)
    return model.get_metrics(reset=True)


def test_recorded_decoding_equals_running_the_model_with_each_setting(archive):
    instances = list(archive.validation_dataset_reader.read(str(DEV)))
    grid = {"decay": [0.5, 0.9], "iou_threshold": [0.5], "score_threshold": [0.1, 0.5, 0.95]}
    rows = tune_decoder(archive.model, instances, grid, batch_size=2)
    assert [(row["decay"], row["score_threshold"]) for row in rows] == [
        (0.5, 0.1), (0.5, 0.5), (0.5, 0.95), (0.9, 0.1), (0.9, 0.5), (0.9, 0.95)
    ]  # fmt: skip
    for row in rows:
        settings = {name: row[name] for name in grid}
        expected = metrics_with_settings(archive, instances, settings)
        for key in ("precision", "recall", "f1"):
            assert row[key] == pytest.approx(expected[key]), (row, key)
    # A higher threshold keeps a subset of the entities; the model's decoder is left as it was.
    recalls = [row["recall"] for row in rows if row["decay"] == 0.5]
    assert recalls == sorted(recalls, reverse=True)
    assert archive.model.decoder.score_threshold == archive.config["model"]["decoder"]["score_threshold"]


def test_only_the_settings_a_decoder_takes_are_searched(archive):
    instances = list(archive.validation_dataset_reader.read(str(DEV)))
    model = copy.deepcopy(archive.model)
    model.decoder = HardNmsDecoder(iou_threshold=0.5, score_threshold=0.5)
    rows = tune_decoder(model, instances, {"decay": [0.1, 0.2], "score_threshold": [0.4, 0.6]}, batch_size=4)
    assert [set(row) - {"precision", "recall", "f1"} for row in rows] == [
        {"iou_threshold", "score_threshold"}
    ] * 2
    assert overrides_for(best_row(rows)).keys() == {
        "model.decoder.iou_threshold",
        "model.decoder.score_threshold",
    }


def test_command_prints_the_best_settings_and_writes_the_overrides(
    trained_archive, tmp_path, monkeypatch, capsys
):
    from allennlp.commands import main as allennlp_main

    output = tmp_path / "tuned.json"
    monkeypatch.setattr(
        sys, "argv",
        ["allennlp", "nested-ner-tune-decoder", str(trained_archive), str(DEV), "--score-thresholds", "0.6,0.4",
         "--decays", "0.7", "--iou-thresholds", "0.5,0.7", "-o", str(output)],
    )  # fmt: skip
    allennlp_main()
    printed = capsys.readouterr().out
    summary = json.loads(output.read_text())
    assert [(row["iou_threshold"], row["score_threshold"]) for row in summary["results"]] == [
        (0.5, 0.4), (0.5, 0.6), (0.7, 0.4), (0.7, 0.6)
    ]  # fmt: skip
    assert summary["best"]["f1"] == max(row["f1"] for row in summary["results"])
    assert json.loads(summary["overrides"]) == {
        f"model.decoder.{name}": summary["best"][name]
        for name in ("decay", "iou_threshold", "score_threshold")
    }
    assert f"overrides: {summary['overrides']}" in printed and "best: decay 0.7" in printed


@pytest.mark.parametrize("values", ["0.5,x", "1.5", ""])
def test_bad_values_are_refused(trained_archive, values, monkeypatch, capsys):
    from allennlp.commands import main as allennlp_main

    monkeypatch.setattr(
        sys, "argv",
        ["allennlp", "nested-ner-tune-decoder", str(trained_archive), str(DEV), "--score-thresholds", values],
    )  # fmt: skip
    with pytest.raises(SystemExit):
        allennlp_main()
    assert "score-thresholds" in capsys.readouterr().err


def test_missing_input_file_is_a_clear_error(trained_archive, tmp_path, monkeypatch):
    from allennlp.commands import main as allennlp_main

    missing = tmp_path / "missing.jsonl"
    monkeypatch.setattr(
        sys, "argv", ["allennlp", "nested-ner-tune-decoder", str(trained_archive), str(missing)]
    )
    with pytest.raises(SystemExit, match="nested-ner-tune-decoder: .*missing.jsonl"):
        allennlp_main()


def test_a_file_without_gold_entities_is_refused(trained_archive, tmp_path, monkeypatch):
    from allennlp.commands import main as allennlp_main

    unannotated = tmp_path / "raw.jsonl"
    unannotated.write_text(json.dumps({"tokens": ["IL-2", "gene", "expression"]}) + "\n")
    monkeypatch.setattr(
        sys, "argv", ["allennlp", "nested-ner-tune-decoder", str(trained_archive), str(unannotated)]
    )
    with pytest.raises(SystemExit, match="needs gold entities"):
        allennlp_main()
