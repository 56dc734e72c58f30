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
"""
import sys
from typing import Iterator

from allennlp.commands import predict as predict_command
from allennlp.common.file_utils import cached_path, open_compressed
from allennlp.common.util import JsonDict


class EveryLinePredictManager(predict_command._PredictManager):
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
