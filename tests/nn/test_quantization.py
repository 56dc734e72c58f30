"""The int8 schemes and engines of `nn.quantization` on a small module."""

import pytest
import torch
from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.nn.quantization import (
    QUANTIZATION_SCHEMES,
    OutlierRowsApartLinear,
    quantization_engines,
    quantization_spec,
    quantize_dynamic,
)


def _module() -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.GELU(), torch.nn.Linear(32, 8))


@pytest.mark.parametrize("engine", [None, *quantization_engines()])
def test_every_engine_packs_weights_that_compute_what_float32_does(engine):
    module, inputs = _module(), torch.randn(64, 16)
    before = torch.backends.quantized.engine
    quantized = quantize_dynamic(module, "int8_linear", engine)
    assert torch.backends.quantized.engine == before
    assert all(isinstance(quantized[i], torch.ao.nn.quantized.dynamic.Linear) for i in (0, 2))
    assert type(module[0]) is torch.nn.Linear  # a copy was quantised
    try:
        with torch.no_grad():
            expected = module(inputs)
            # Packed once, the layers compute float32's outputs whatever the process-wide engine is later.
            for current in quantization_engines():
                torch.backends.quantized.engine = current
                assert torch.allclose(quantized(inputs), expected, atol=0.05)
    finally:
        torch.backends.quantized.engine = before


def test_unknown_schemes_and_engines_are_configuration_errors():
    assert set(QUANTIZATION_SCHEMES) == {"int8", "int8_linear"}
    with pytest.raises(ConfigurationError, match="quantize must be one of"):
        quantize_dynamic(_module(), "int4")
    with pytest.raises(ConfigurationError, match="quantization_engine must be one of"):
        quantize_dynamic(_module(), "int8", engine="tpu")


def test_named_submodules_stay_float32_with_everything_inside_them():
    torch.manual_seed(0)
    module = torch.nn.Sequential(
        torch.nn.Linear(4, 4),
        torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.LSTM(4, 4)),
        torch.nn.LSTM(4, 4),
    )
    quantized = quantize_dynamic(module, "int8", keep_float=["1"])
    dynamic = torch.ao.nn.quantized.dynamic
    assert isinstance(quantized[0], dynamic.Linear) and isinstance(quantized[2], dynamic.LSTM)
    assert type(quantized[1][0]) is torch.nn.Linear and type(quantized[1][1]) is torch.nn.LSTM
    # A name is a whole submodule's, not a prefix of its text ("1" keeps "1.0", not a layer "10").
    assert set(quantization_spec(module, "int8", ["1.1"])) == {"0", "1.0", "2"}
    assert quantization_spec(module, "int8_linear") == QUANTIZATION_SCHEMES["int8_linear"]
    with pytest.raises(ConfigurationError, match=r"names no submodule of Sequential: \['3'\].*\['0', '1.0'"):
        quantize_dynamic(module, "int8", keep_float=["3"])


def _int8_linear(seed: int = 0) -> torch.ao.nn.quantized.dynamic.Linear:
    torch.manual_seed(seed)
    return quantize_dynamic(torch.nn.Sequential(torch.nn.Linear(64, 32)), "int8_linear")[0]


def _relative_error(outputs: torch.Tensor, expected: torch.Tensor) -> float:
    return float((outputs - expected).norm() / expected.norm())


def test_without_outlier_rows_the_layer_is_one_call_of_the_int8_layer():
    linear, inputs = _int8_linear(), torch.randn(3, 10, 64)
    apart = OutlierRowsApartLinear(linear, factor=100.0)
    with torch.no_grad():
        assert torch.equal(apart(inputs), linear(inputs))


def test_outlier_rows_get_an_activation_scale_of_their_own():
    torch.manual_seed(1)
    float_linear = torch.nn.Linear(64, 32)
    int8_linear = quantize_dynamic(torch.nn.Sequential(float_linear), "int8_linear")[0]
    inputs = torch.randn(2, 50, 64)
    inputs[:, 0] *= 40  # one token per sentence with forty times the others' range, as <s> in mpnet
    apart, before = OutlierRowsApartLinear(int8_linear, factor=1.5), inputs.clone()
    with torch.no_grad():
        expected, one_scale, two_scales = float_linear(inputs), int8_linear(inputs), apart(inputs)
        assert two_scales.shape == expected.shape
        assert torch.equal(inputs, before)  # zeroed for a call, the outlier rows are restored after it
        # A view that is not contiguous is read as it is, and left as it is.
        transposed = inputs.transpose(0, 1)
        assert torch.equal(apart(transposed), two_scales.transpose(0, 1))
        assert torch.equal(inputs, before)
        # The outlier rows are those of one call of the int8 layer on them alone...
        assert torch.equal(two_scales[:, 0], int8_linear(inputs[:, 0].contiguous()))
        # ...and the other rows, no longer sharing the outliers' scale, are several times as accurate.
        ordinary_error = _relative_error(two_scales[:, 1:], expected[:, 1:])
        assert ordinary_error < _relative_error(one_scale[:, 1:], expected[:, 1:]) / 5
        assert ordinary_error < 0.02


def test_outlier_rows_apart_wrap_every_int8_linear_layer_and_nothing_else():
    torch.manual_seed(0)
    module = torch.nn.Sequential(
        torch.nn.Linear(4, 4), torch.nn.Sequential(torch.nn.Linear(4, 4)), torch.nn.LSTM(4, 4)
    )
    quantized = quantize_dynamic(module, "int8", keep_float=["1"], outlier_rows=2.0)
    assert isinstance(quantized[0], OutlierRowsApartLinear) and quantized[0].factor == 2.0
    assert type(quantized[1][0]) is torch.nn.Linear  # kept float32, so not wrapped
    assert isinstance(quantized[2], torch.ao.nn.quantized.dynamic.LSTM)
    for factor in (0.0, -1.0):
        with pytest.raises(ConfigurationError, match="quantize_outlier_rows must be a positive factor"):
            quantize_dynamic(module, "int8", outlier_rows=factor)
