"""nested-ner-tune-decoder: the decoder's score threshold selected on a development file."""
import copy
import json
import sys

import pytest
from allennlp.data.data_loaders import SimpleDataLoader
from allennlp.models.archival import load_archive

from locate_label_allennlp.commands.nested_ner_tune_decoder import tune_score_threshold
from tests.conftest import DEV, REPO_ROOT


@pytest.fixture(scope="module")
def archive(trained_archive):
    return load_archive(str(trained_archive))


def metrics_with_threshold(archive, instances, threshold):
    """The plain way: the model, its decoder's threshold changed, run over the file."""
    model = copy.deepcopy(archive.model).eval()
    model._decoder.score_threshold = threshold
    model.get_metrics(reset=True)
    for batch in SimpleDataLoader(instances, 2, vocab=model.vocab):
        model(**batch)
    return model.get_metrics(reset=True)


def test_recorded_decoding_equals_running_the_model_with_each_threshold(archive):
    instances = list(archive.validation_dataset_reader.read(str(DEV)))
    thresholds = [0.1, 0.5, 0.95]
    rows = tune_score_threshold(archive.model, instances, thresholds, batch_size=2)
    assert [row["score_threshold"] for row in rows] == thresholds
    for row in rows:
        expected = metrics_with_threshold(archive, instances, row["score_threshold"])
        for key in ("precision", "recall", "f1"):
            assert row[key] == pytest.approx(expected[key]), (row, key)
    # A higher threshold keeps a subset of the entities; the model's decoder is left as it was.
    recalls = [row["recall"] for row in rows]
    assert recalls == sorted(recalls, reverse=True)
    assert archive.model._decoder.score_threshold == archive.config["model"]["decoder"]["score_threshold"]


def test_command_prints_the_table_and_writes_the_overrides(trained_archive, tmp_path, monkeypatch, capsys):
    from allennlp.commands import main as allennlp_main

    output = tmp_path / "tuned.json"
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setattr(
        sys, "argv",
        ["allennlp", "nested-ner-tune-decoder", str(trained_archive), str(DEV), "--thresholds", "0.6,0.4",
         "-o", str(output)],
    )  # fmt: skip
    allennlp_main()
    printed = capsys.readouterr().out
    summary = json.loads(output.read_text())
    assert [row["score_threshold"] for row in summary["results"]] == [0.4, 0.6]
    assert summary["best"]["f1"] == max(row["f1"] for row in summary["results"])
    assert json.loads(summary["overrides"]) == {
        "model.decoder.score_threshold": summary["best"]["score_threshold"]
    }
    assert f"overrides: {summary['overrides']}" in printed and " best" in printed


@pytest.mark.parametrize("thresholds", ["0.5,x", "1.5", ""])
def test_bad_thresholds_are_refused(trained_archive, thresholds, monkeypatch, capsys):
    from allennlp.commands import main as allennlp_main

    monkeypatch.setattr(
        sys, "argv",
        ["allennlp", "nested-ner-tune-decoder", str(trained_archive), str(DEV), "--thresholds", thresholds],
    )  # fmt: skip
    with pytest.raises(SystemExit):
        allennlp_main()
    assert "thresholds" in capsys.readouterr().err


def test_missing_input_file_is_a_clear_error(trained_archive, tmp_path, monkeypatch):
    from allennlp.commands import main as allennlp_main

    missing = tmp_path / "missing.jsonl"
    monkeypatch.setattr(sys, "argv", ["allennlp", "nested-ner-tune-decoder", str(trained_archive), str(missing)])
    with pytest.raises(SystemExit, match="nested-ner-tune-decoder: .*missing.jsonl"):
        allennlp_main()


def test_a_file_without_gold_entities_is_refused(trained_archive, tmp_path, monkeypatch):
    from allennlp.commands import main as allennlp_main

    unannotated = tmp_path / "raw.jsonl"
    unannotated.write_text(json.dumps({"tokens": ["IL-2", "gene", "expression"]}) + "\n")
    monkeypatch.setattr(sys, "argv", ["allennlp", "nested-ner-tune-decoder", str(trained_archive), str(unannotated)])
    with pytest.raises(SystemExit, match="needs gold entities"):
        allennlp_main()
