"""`allennlp predict ... --predictor nested_ner`: one output line per input line, in order."""

import json
import subprocess
import sys

import pytest
from allennlp.commands import main as allennlp_main

from tests.conftest import DEV, REPO_ROOT

INPUT_LINES = [
    '{"sentence": "Activation of human T cells induces IL-2 receptor alpha ."}',
    "The United Nations secretary general arrived in London .",
    "",
    '{"tokens": ["a", 3]}',
    "{broken json",
    "   ",
    '{"tokens": ["Binding", "of", "STAT5", "dimers", "to", "DNA"], "ltokens": ["x"], "rtokens": []}',
    '{"tokens": ["IL-2", "gene"], "entities": [{"start": 0, "end": 2, "type": "DNA"}]}',
    '{"sentence": 5}',
    "Kofi Annan met the European Commission spokesman in New York .",
]
ERRORS = {4: "field 'tokens[1]' must be a string", 5: "invalid JSON", 9: "field 'sentence' must be a string"}


def _predict(archive, input_path, output_path, *extra, monkeypatch):
    argv = ["allennlp", "predict", str(archive), str(input_path), "--predictor", "nested_ner",
            "--output-file", str(output_path), "--silent", *extra]  # fmt: skip
    monkeypatch.setattr(sys, "argv", argv)
    allennlp_main()
    return [json.loads(line) for line in output_path.read_text().splitlines()]


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory):
    path = tmp_path_factory.mktemp("predict_input") / "input.txt"
    # The last line has no newline.
    path.write_text("\n".join(INPUT_LINES))
    return path


@pytest.mark.parametrize("batch_size", [1, 3])
def test_every_input_line_gives_one_output_line_in_order(
    trained_archive, mixed_input, tmp_path, monkeypatch, batch_size
):
    results = _predict(trained_archive, mixed_input, tmp_path / "out.jsonl", "--batch-size", str(batch_size),
                       monkeypatch=monkeypatch)  # fmt: skip
    assert len(results) == len(INPUT_LINES)
    for number, (_line, result) in enumerate(zip(INPUT_LINES, results), start=1):
        if number in ERRORS:
            assert set(result) == {"error", "line"}
            assert result["line"] == number
            assert result["error"].startswith(ERRORS[number])
        else:
            assert set(result) >= {"tokens", "entities", "brackets"}, (number, result)
    assert results[0]["tokens"][:2] == ["Activation", "of"]
    assert results[1]["tokens"][:3] == ["The", "United", "Nations"]
    assert results[2] == results[5] == {"tokens": [], "entities": [], "brackets": ""}
    assert results[7]["gold_entities"] == [{"start": 0, "end": 2, "type": "DNA"}]
    assert results[9]["tokens"][-1] == "."


def test_batched_prediction_equals_one_by_one(trained_archive, mixed_input, tmp_path, monkeypatch):
    one = _predict(trained_archive, mixed_input, tmp_path / "one.jsonl", monkeypatch=monkeypatch)
    batched = _predict(trained_archive, mixed_input, tmp_path / "batched.jsonl", "--batch-size", "4",
                       monkeypatch=monkeypatch)  # fmt: skip
    assert len(one) == len(batched)
    for single, batch in zip(one, batched):
        assert {k: v for k, v in single.items() if k != "entities"} == {
            k: v for k, v in batch.items() if k != "entities"
        }
        assert [
            {**e, "score": pytest.approx(e["score"], abs=1e-4)} for e in batch.get("entities", [])
        ] == single.get("entities", [])


def test_use_dataset_reader_echoes_gold(trained_archive, tmp_path, monkeypatch):
    results = _predict(
        trained_archive, DEV, tmp_path / "dev.jsonl", "--use-dataset-reader", monkeypatch=monkeypatch
    )
    gold = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    assert len(results) == len(gold)
    for result, sentence in zip(results, gold):
        assert result["tokens"] == sentence["tokens"]
        assert len(result["gold_entities"]) == len(sentence["entities"])
        assert all("depth" in entity for entity in result["entities"])


def test_the_allennlp_command_line(trained_archive, tmp_path):
    """The real `allennlp` entry point (plugin found through .allennlp_plugins), blank and bad lines included."""
    inputs = tmp_path / "input.txt"
    inputs.write_text(
        "IL-2 gene expression\n\n{oops\n" + json.dumps({"sentence": "Kofi Annan met him"}) + "\n"
    )
    output = tmp_path / "predictions.jsonl"
    completed = subprocess.run(
        [sys.executable, "-m", "allennlp", "predict", str(trained_archive), str(inputs),
         "--predictor", "nested_ner", "--output-file", str(output), "--silent", "--batch-size", "2"],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert len(lines) == 4
    assert lines[0]["tokens"] == ["IL-2", "gene", "expression"]
    assert lines[1] == {"tokens": [], "entities": [], "brackets": ""}
    assert lines[2]["line"] == 3 and "invalid JSON" in lines[2]["error"]
    assert lines[3]["tokens"] == ["Kofi", "Annan", "met", "him"]
