import json
import subprocess
import sys

import pytest
from allennlp.predictors import Predictor

from locate_label_allennlp.visualization.brackets import to_brackets
from tests.conftest import TRAIN


@pytest.fixture(scope="module")
def predictor(trained_archive):
    return Predictor.from_path(str(trained_archive), "nested_ner")


def test_predicts_nested_entities_from_tokens_and_raw_text(predictor):
    sentence = json.loads(open(TRAIN).readline())
    from_tokens = predictor.predict(tokens=sentence["tokens"])
    from_text = predictor.predict(sentence=" ".join(sentence["tokens"]))
    assert from_tokens == from_text
    assert from_tokens["tokens"] == sentence["tokens"]
    entities = from_tokens["entities"]
    assert entities, "the fixture model should find entities in its own training sentence"
    for entity in entities:
        assert set(entity) == {"start", "end", "type", "score", "text"}
        assert entity["text"] == " ".join(sentence["tokens"][entity["start"] : entity["end"]])
        assert 0.0 < entity["score"] <= 1.0
    keys = [(e["start"], -(e["end"] - e["start"])) for e in entities]
    assert keys == sorted(keys)
    # nested entities are all there
    assert any(
        a is not b and a["start"] <= b["start"] and b["end"] <= a["end"] for a in entities for b in entities
    )


def test_gold_entities_are_echoed_not_used(predictor):
    sentence = json.loads(open(TRAIN).readline())
    with_gold = predictor.predict_json(sentence)
    without_gold = predictor.predict_json({"tokens": sentence["tokens"]})
    assert with_gold["entities"] == without_gold["entities"]
    assert len(with_gold["gold_entities"]) == len(sentence["entities"])


def test_batch_equals_one_by_one_and_empty_sentences(predictor):
    inputs = [json.loads(line) for line in open(TRAIN)][:5]
    inputs.insert(2, {"tokens": []})
    inputs.append({"sentence": "   "})
    batch = predictor.predict_batch_json(inputs)
    assert len(batch) == len(inputs)
    one_by_one = [predictor.predict_json(item) for item in inputs]
    for batched, single in zip(batch, one_by_one):
        # Padding changes the float arithmetic slightly, never the entities.
        assert [{**e, "score": pytest.approx(e["score"], abs=1e-4)} for e in batched["entities"]] == single["entities"]
        assert batched["tokens"] == single["tokens"]
    assert batch[2] == {"tokens": [], "entities": [], "gold_entities": []} or batch[2]["entities"] == []
    assert batch[-1]["entities"] == []


def test_bad_inputs_raise_clear_errors(predictor):
    with pytest.raises(ValueError, match="needs 'tokens'"):
        predictor.predict_json({"text": "no"})
    with pytest.raises(ValueError, match="exactly one"):
        predictor.predict()


def test_allennlp_predict_command_writes_one_line_per_input(trained_archive, tmp_path):
    inputs = tmp_path / "input.jsonl"
    inputs.write_text(
        "\n".join(json.dumps({"sentence": text}) for text in ["IL-2 gene expression", "Kofi Annan met him", ""])
        + "\n"
    )
    output = tmp_path / "predictions.jsonl"
    completed = subprocess.run(
        [sys.executable, "-m", "allennlp", "predict", str(trained_archive), str(inputs),
         "--predictor", "nested_ner", "--output-file", str(output), "--silent", "--batch-size", "2"],
        capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = output.read_text().splitlines()
    assert len(lines) == 3
    assert json.loads(lines[0])["tokens"] == ["IL-2", "gene", "expression"]


def test_bracket_rendering_of_nested_entities():
    tokens = "United Nations secretary general Kofi Annan".split()
    entities = [
        {"start": 0, "end": 6, "type": "PER"},
        {"start": 0, "end": 4, "type": "PER"},
        {"start": 0, "end": 2, "type": "ORG"},
    ]
    assert to_brackets(tokens, entities) == "[[[United Nations]ORG secretary general]PER Kofi Annan]PER"
