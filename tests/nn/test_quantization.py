"""The int8 schemes and engines of `nn.quantization` on a small module."""

import pytest
import torch
from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.nn.quantization import QUANTIZATION_SCHEMES, quantization_engines, quantize_dynamic


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
