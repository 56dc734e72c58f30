"""
Each adjustment of `locate_label_allennlp.compat`: it works, and allennlp still behaves the way that
makes it necessary (so a new allennlp that changes underneath fails here, not in a user's run).
"""

import importlib
import inspect
import json
import sys
import warnings

import pytest
from allennlp.commands import predict as predict_command
from allennlp.data import Vocabulary
from allennlp.data.vocabulary import DEFAULT_OOV_TOKEN

from locate_label_allennlp.compat import oov_token, predict_manager, warning_filters
from locate_label_allennlp.compat.torchvision_placeholder import MESSAGE


class Plain:
    def load_line(self, line):
        return json.loads(line)


class EveryLine(Plain):
    reads_every_line = True

    def load_line(self, line):
        return {"line": line}


@pytest.fixture
def input_with_blank_lines(tmp_path):
    path = tmp_path / "input.jsonl"
    path.write_text('{"a": 1}\n\n   \n{"a": 2}\n')
    return path


def _lines(manager_class, predictor, path):
    return list(manager_class(predictor, str(path), None, 1, False, False)._get_json_data())


def test_allennlp_predict_still_drops_blank_lines(input_with_blank_lines):
    """Why `predict_manager` exists: allennlp's own manager skips them, for every predictor."""
    stock = predict_manager.EveryLinePredictManager.__bases__[0]
    assert stock.__name__ == "_PredictManager" and "_get_json_data" in vars(stock)
    assert _lines(stock, EveryLine(), input_with_blank_lines) == [
        {"line": '{"a": 1}\n'},
        {"line": '{"a": 2}\n'},
    ]


def test_predict_manager_hands_every_line_only_to_predictors_that_ask(input_with_blank_lines):
    assert predict_command._PredictManager is predict_manager.EveryLinePredictManager  # installed
    manager = predict_manager.EveryLinePredictManager
    assert _lines(manager, Plain(), input_with_blank_lines) == [{"a": 1}, {"a": 2}]
    assert len(_lines(manager, EveryLine(), input_with_blank_lines)) == 4


def test_allennlp_still_imports_torchvision_and_gets_the_placeholder():
    """Why `torchvision_placeholder` exists: importing allennlp's image loader imports torchvision."""
    source = inspect.getsource(importlib.import_module("allennlp.data.image_loader"))
    assert "import torchvision" in source
    torchvision = importlib.import_module("torchvision")
    if not hasattr(torchvision, "__version__"):  # no real torchvision here: the placeholder served it
        with pytest.raises(AttributeError, match="torchvision is not installed"):
            torchvision.get_image_backend  # noqa: B018  (the attribute access is the test)
        assert "placeholder" in MESSAGE
    assert "allennlp" in sys.modules


def test_oov_token_reads_the_vocabularys_own():
    assert oov_token(Vocabulary()) == DEFAULT_OOV_TOKEN
    assert oov_token(Vocabulary(oov_token="<unknown>")) == "<unknown>"


def test_the_trainer_still_calls_the_deprecated_autocast_and_the_filter_hides_only_that():
    from allennlp.training.gradient_descent_trainer import GradientDescentTrainer

    assert "amp.autocast(" in inspect.getsource(GradientDescentTrainer)
    import torch

    warning_filters.install()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        warning_filters.install()  # after simplefilter, as the plugin's import is after Python's defaults
        with torch.cuda.amp.autocast(False):
            pass
        warnings.warn("another FutureWarning", FutureWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["another FutureWarning"]
