"""The int8 schemes and engines of `nn.quantization` on a small module."""

import pytest
import torch
from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.nn.quantization import (
    QUANTIZATION_SCHEMES,
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
