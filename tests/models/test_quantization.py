"""int8 dynamic quantisation of a trained model, asked for by an override at inference time."""

import json

import pytest
import torch
from allennlp.common.checks import ConfigurationError
from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.nn.quantization import OutlierRowsApartLinear, quantization_engines
from tests.conftest import DEV, TRAIN

QUANTIZE = {"model.quantize": "int8"}


def _lines(path):
    with open(path) as lines:
        return list(lines)


@pytest.fixture(scope="module")
def predictors(trained_archive):
    return {
        name: Predictor.from_archive(load_archive(str(trained_archive), overrides=overrides), "nested_ner")
        for name, overrides in (
            ("float32", None),
            ("int8", json.dumps(QUANTIZE)),
            ("int8_linear", json.dumps({"model.quantize": "int8_linear"})),
            ("int8_outlier_rows", json.dumps({**QUANTIZE, "model.quantize_outlier_rows": 1.5})),
        )
    }


def test_the_override_quantises_linear_and_lstm_layers(predictors):
    modules = list(predictors["int8"]._model.modules())
    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in modules)
    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.LSTM) for m in modules)
    assert not any(type(m) in (torch.nn.Linear, torch.nn.LSTM) for m in modules)
    assert not any(
        type(m) is torch.ao.nn.quantized.dynamic.Linear for m in predictors["float32"]._model.modules()
    )


def test_int8_linear_leaves_the_lstms_in_float32(predictors):
    modules = list(predictors["int8_linear"]._model.modules())
    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in modules)
    assert any(type(m) is torch.nn.LSTM for m in modules)
    assert not any(isinstance(m, torch.ao.nn.quantized.dynamic.LSTM) for m in modules)
    assert not any(type(m) is torch.nn.Linear for m in modules)


def test_linear_weights_get_one_scale_per_output_row(predictors):
    linears = [
        m for m in predictors["int8"]._model.modules() if isinstance(m, torch.ao.nn.quantized.dynamic.Linear)
    ]
    for linear in linears:
        weight = linear.weight()
        assert weight.qscheme() in (torch.per_channel_affine, torch.per_channel_symmetric)
        assert weight.q_per_channel_scales().shape == (weight.shape[0],)


def test_the_outlier_rows_override_wraps_the_int8_linear_layers(predictors):
    modules = list(predictors["int8_outlier_rows"]._model.modules())
    wrapped = [m for m in modules if isinstance(m, OutlierRowsApartLinear)]
    assert wrapped and all(m.factor == 1.5 for m in wrapped)
    int8_linears = [m for m in modules if type(m) is torch.ao.nn.quantized.dynamic.Linear]
    assert len(int8_linears) == len(wrapped)  # each inside its wrapper
    assert not any(isinstance(m, OutlierRowsApartLinear) for m in predictors["int8"]._model.modules())


@pytest.mark.parametrize("scheme", ["int8", "int8_linear", "int8_outlier_rows"])
def test_quantised_predictions_are_close_to_float32(predictors, scheme):
    inputs = [{"tokens": json.loads(line)["tokens"]} for path in (TRAIN, DEV) for line in _lines(path)]
    float_results = predictors["float32"].predict_batch_json(inputs)
    int8_results = predictors[scheme].predict_batch_json(inputs)
    total, score_differences = 0, []
    for float_result, int8_result in zip(float_results, int8_results, strict=True):
        scores = {(e["start"], e["end"], e["type"]): e["score"] for e in int8_result["entities"]}
        for entity in float_result["entities"]:
            total += 1
            key = (entity["start"], entity["end"], entity["type"])
            if key in scores:
                score_differences.append(abs(scores[key] - entity["score"]))
    assert total > 20 and len(score_differences) >= 0.9 * total
    # Most scores move by little; Soft-NMS can swap which of two overlapping entities is decayed.
    assert sorted(score_differences)[int(0.9 * len(score_differences))] < 0.05


def test_a_quantised_model_is_not_trained(trained_archive):
    model = load_archive(str(trained_archive), overrides=json.dumps(QUANTIZE)).model
    with pytest.raises(ConfigurationError, match="quantize is for inference only"):
        model.train()
    with pytest.raises(ValueError, match="quantised"):
        model.load_state_dict(model.state_dict())
    with pytest.raises(ConfigurationError, match="quantize must be one of"):
        load_archive(str(trained_archive), overrides=json.dumps({"model.quantize": "int4"}))


def test_named_parts_stay_float32(trained_archive):
    keep = ["_encoder", "_span_proposal_filter"]
    overrides = {**QUANTIZE, "model.quantize_keep_float": keep}
    model = load_archive(str(trained_archive), overrides=json.dumps(overrides)).model
    kept = [m for name in keep for m in model.get_submodule(name).modules()]
    assert {type(m) for m in kept} >= {torch.nn.LSTM, torch.nn.Linear}
    # The rest is quantised: the character encoder's LSTM, the classifier's Linear layers.
    dynamic = torch.ao.nn.quantized.dynamic
    assert any(isinstance(m, dynamic.LSTM) for m in model.get_submodule("_text_field_embedder").modules())
    classifier = list(model.get_submodule("_entity_classifier").modules())
    assert any(isinstance(m, dynamic.Linear) for m in classifier)
    assert not any(type(m) is torch.nn.Linear for m in classifier)
    with pytest.raises(ConfigurationError, match=r"names no submodule of LocateAndLabel: \['_encoders'\]"):
        load_archive(
            str(trained_archive),
            overrides=json.dumps({**QUANTIZE, "model.quantize_keep_float": ["_encoders"]}),
        )


def test_an_engine_is_given_with_a_scheme_and_named_among_torchs(trained_archive):
    qualifiers = (
        {"model.quantization_engine": "x86"},
        {"model.quantize_keep_float": ["_encoder"]},
        {"model.quantize_outlier_rows": 1.5},
    )
    for qualifier in qualifiers:
        with pytest.raises(ConfigurationError, match="give it too"):
            load_archive(str(trained_archive), overrides=json.dumps(qualifier))
    with pytest.raises(ConfigurationError, match="quantization_engine must be one of"):
        load_archive(
            str(trained_archive), overrides=json.dumps({**QUANTIZE, "model.quantization_engine": "tpu"})
        )
    with pytest.raises(ConfigurationError, match="quantize_outlier_rows must be a positive factor"):
        load_archive(
            str(trained_archive), overrides=json.dumps({**QUANTIZE, "model.quantize_outlier_rows": 0})
        )


@pytest.mark.parametrize("engine", quantization_engines())
def test_each_engine_gives_the_float32_predictions_and_leaves_torchs_setting_alone(
    trained_archive, predictors, engine
):
    before = torch.backends.quantized.engine
    overrides = {"model.quantize": "int8_linear", "model.quantization_engine": engine}
    predictor = Predictor.from_archive(
        load_archive(str(trained_archive), overrides=json.dumps(overrides)), "nested_ner"
    )
    assert torch.backends.quantized.engine == before
    inputs = [{"tokens": json.loads(line)["tokens"]} for line in _lines(DEV)]
    entities = [set(map(_span, r["entities"])) for r in predictor.predict_batch_json(inputs)]
    expected = [set(map(_span, r["entities"])) for r in predictors["float32"].predict_batch_json(inputs)]
    found = sum(len(e & x) for e, x in zip(entities, expected, strict=True))
    assert found >= 0.9 * sum(map(len, expected)) > 0


def _span(entity):
    return entity["start"], entity["end"], entity["type"]
