"""Prediction in batches of similar length: the same results, in input order, as batches in input order."""

import json
import sys

from allennlp.commands import main as allennlp_main
from allennlp.predictors import Predictor

from locate_label_allennlp.compat import predict_manager
from locate_label_allennlp.predictors import nested_ner
from tests.conftest import DEV, TRAIN


def _inputs():
    with open(TRAIN) as train, open(DEV) as dev:
        sentences = [json.loads(line) for line in [*train, *dev]]
    # Lengths in no order, an empty line and a bad one in between.
    lines = [json.dumps({"tokens": s["tokens"][: 3 + (7 * index) % 11]}) for index, s in enumerate(sentences)]
    return lines[:5] + ["", '{"tokens": ["a", 3]}'] + lines[5:]


def test_batches_hold_sentences_of_similar_length_and_results_keep_the_input_order():
    items = [11, 3, 7, 1, 9, 5, 2]
    batches = []

    def run(batch):
        batches.append(batch)
        return [{"length": item} for item in batch]

    outputs = nested_ner._in_length_order(items, lambda item: item, run, batch_size=3)
    assert outputs == [{"length": item} for item in items]
    assert batches == [[1, 2, 3], [5, 7, 9], [11]]


def test_predict_command_gives_the_results_of_input_order_batches(trained_archive, tmp_path, monkeypatch):
    lines = _inputs()
    input_path = tmp_path / "input.jsonl"
    input_path.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(predict_manager, "READ_AHEAD_BATCHES", 4)
    argv = ["allennlp", "predict", str(trained_archive), str(input_path), "--predictor", "nested_ner",
            "--output-file", str(tmp_path / "out.jsonl"), "--batch-size", "2", "--silent"]  # fmt: skip
    monkeypatch.setattr(sys, "argv", argv)
    allennlp_main()
    by_length = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]

    predictor = Predictor.from_path(str(trained_archive), "nested_ner")
    loaded = [predictor.load_line(line) for line in lines]
    in_input_order = [result for start in range(0, len(loaded), 2)
                      for result in predictor.predict_batch_json(loaded[start : start + 2])]  # fmt: skip
    assert len(by_length) == len(in_input_order) == len(lines)
    for sorted_result, input_order_result in zip(by_length, in_input_order, strict=True):
        assert sorted_result.keys() == input_order_result.keys()
        if "error" in sorted_result:
            assert sorted_result == input_order_result
            continue
        assert sorted_result["tokens"] == input_order_result["tokens"]
        assert sorted_result["brackets"] == input_order_result["brackets"]
        for got, expected in zip(sorted_result["entities"], input_order_result["entities"], strict=True):
            assert got == {**expected, "score": got["score"]}
            assert abs(got["score"] - expected["score"]) < 1e-5
