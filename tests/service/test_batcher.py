"""The micro-batcher with a stand-in model: batching, limits, order, and one failing input."""

import asyncio
import threading

import pytest

from locate_label_allennlp.service.batcher import MicroBatcher, PredictionFailure, predict_batch_or_each


class EchoModel:
    """Answers each input with itself; records the batches it was given and on which thread."""

    def __init__(self) -> None:
        self.batches: list = []
        self.threads: set = set()

    def __call__(self, inputs):
        self.batches.append([item["n"] for item in inputs])
        self.threads.add(threading.get_ident())
        return [{"echo": item["n"]} for item in inputs]


async def predict_all(batcher, requests):
    await batcher.start()
    try:
        return await asyncio.gather(*(batcher.predict(inputs) for inputs in requests))
    finally:
        await batcher.stop()


def test_requests_arriving_together_are_one_batch_and_each_gets_its_own_answers():
    model = EchoModel()
    batcher = MicroBatcher(model, max_batch_size=32, max_wait_s=0.5)
    requests = [[{"n": 10 * r + i} for i in range(r + 1)] for r in range(5)]  # 1 + 2 + ... + 5 = 15 inputs
    answers = asyncio.run(predict_all(batcher, requests))
    assert answers == [[{"echo": item["n"]} for item in inputs] for inputs in requests]
    assert model.batches == [[item["n"] for inputs in requests for item in inputs]]
    assert (batcher.statistics.batches, batcher.statistics.inputs, batcher.statistics.largest_batch) == (
        1,
        15,
        15,
    )
    assert threading.get_ident() not in model.threads  # the model runs off the event loop's thread


def test_batches_are_at_most_max_batch_size():
    model = EchoModel()
    answers = asyncio.run(predict_all(MicroBatcher(model, 4, 0.5), [[{"n": n} for n in range(10)]]))
    assert answers == [[{"echo": n} for n in range(10)]]
    assert [len(batch) for batch in model.batches] == [4, 4, 2]


def test_without_waiting_a_lone_request_runs_at_once():
    model = EchoModel()
    asyncio.run(predict_all(MicroBatcher(model, 32, 0.0), [[{"n": 1}]]))
    assert model.batches == [[1]]


def test_predict_before_start_is_an_error():
    with pytest.raises(RuntimeError, match="not been started"):
        asyncio.run(MicroBatcher(EchoModel(), 2, 0.0).predict([{"n": 1}]))


class FailsOnBoom:
    """A predictor whose batches fail when one input says BOOM, and that input alone fails too."""

    def __init__(self) -> None:
        self.batch_calls = 0

    def predict_batch_json(self, inputs):
        self.batch_calls += 1
        if any(item["sentence"] == "BOOM" for item in inputs):
            raise RuntimeError("a batch with BOOM")
        return [{"tokens": item["sentence"].split()} for item in inputs]

    def predict_json(self, item):
        return self.predict_batch_json([item])[0]


def test_a_failing_batch_is_predicted_input_by_input():
    predictor = FailsOnBoom()
    inputs = [{"sentence": "a b"}, {"sentence": "BOOM"}, {"sentence": "c"}]
    answers = predict_batch_or_each(predictor, inputs)  # type: ignore[arg-type]
    assert answers == [
        {"tokens": ["a", "b"]},
        PredictionFailure("RuntimeError: a batch with BOOM"),
        {"tokens": ["c"]},
    ]
    assert predictor.batch_calls == 4
