"""
Written for allennlp 2.10.1. Reason: ``allennlp predict`` drops blank lines, so output line N would
not belong to input line N.

Makes ``allennlp predict`` hand *every* input line, blank lines included, to predictors that ask for
it (``reads_every_line = True``, like `NestedNerPredictor`), so that each input line gets exactly one
output line and the predictor can count lines for its error records.

allennlp 2.10's ``_PredictManager`` skips whitespace-only lines before calling
``predictor.load_line``, and has no hook to change that. Importing this module (`locate_label_allennlp.compat` does)
replaces ``allennlp.commands.predict._PredictManager``, which the ``predict`` command looks up when it
runs, with a subclass that differs only for such predictors; every other predictor, and
``--use-dataset-reader``, works exactly as before.

For predictors that can batch by length (``batches_by_length = True``, like `NestedNerPredictor`), it
also reads ``READ_AHEAD_BATCHES`` batches of input at a time and hands them to the predictor with the
batch size (``predict_batch_json(inputs, batch_size=...)``), which runs the model on batches of
sentences of similar length and returns the results in input order: less padding, same output.
"""

import sys
from typing import Iterator, List, Optional

from allennlp.commands import predict as predict_command
from allennlp.common.file_utils import cached_path, open_compressed
from allennlp.common.util import JsonDict
from allennlp.data import Instance

READ_AHEAD_BATCHES = 16
"""How many batches of input lines are read, sorted by length and predicted together."""


class EveryLinePredictManager(predict_command._PredictManager):
    def __init__(self, predictor, input_file, output_file, batch_size, *args, **kwargs) -> None:
        self._model_batch_size: Optional[int] = None
        if getattr(predictor, "batches_by_length", False):
            # The stock manager predicts groups of `_batch_size` inputs: make a group a read-ahead window.
            self._model_batch_size = batch_size
            batch_size = batch_size * READ_AHEAD_BATCHES
        super().__init__(predictor, input_file, output_file, batch_size, *args, **kwargs)

    def _predict_json(self, batch_data: List[JsonDict]) -> Iterator[str]:
        if self._model_batch_size is None:
            yield from super()._predict_json(batch_data)
            return
        predict = self._predictor.predict_batch_json  # a predictor with batches_by_length takes batch_size
        for output in predict(batch_data, batch_size=self._model_batch_size):  # type: ignore[call-arg]
            yield self._predictor.dump_line(output)

    def _predict_instances(self, batch_data: List[Instance]) -> Iterator[str]:
        if self._model_batch_size is None:
            yield from super()._predict_instances(batch_data)
            return
        predict = self._predictor.predict_batch_instance  # as above
        for output in predict(batch_data, batch_size=self._model_batch_size):  # type: ignore[call-arg]
            yield self._predictor.dump_line(output)

    def _get_json_data(self) -> Iterator[JsonDict]:
        if not getattr(self._predictor, "reads_every_line", False):
            yield from super()._get_json_data()
            return
        if self._input_file == "-":
            for line in sys.stdin:
                yield self._predictor.load_line(line)
        else:
            with open_compressed(cached_path(self._input_file)) as file_input:
                for line in file_input:
                    yield self._predictor.load_line(line)


def install() -> None:
    """Idempotent: makes ``allennlp predict`` use `EveryLinePredictManager`."""
    if not (
        isinstance(predict_command._PredictManager, type)
        and issubclass(predict_command._PredictManager, EveryLinePredictManager)
    ):
        predict_command._PredictManager = EveryLinePredictManager  # type: ignore[misc]  # replacing the class is the point


install()
