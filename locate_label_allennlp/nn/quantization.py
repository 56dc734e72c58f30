"""
int8 dynamic quantisation for CPU inference: the weights of every `torch.nn.Linear` and `torch.nn.LSTM`
(the transformer's, the BiLSTMs', the span heads') are stored as int8, and activations are quantised on
the fly, batch by batch (``torch.ao.quantization.quantize_dynamic``). Embedding tables and everything
else stay float32. A quantised model runs inference only: it has no gradients.

Linear weights get one scale per output row (per-channel), LSTM weights one per matrix (torch's
dynamic LSTM takes no other). On the GENIA CPU model, one scale per Linear matrix lost 0.70 test F1
against float32, one per row 0.24, for about the same speed-up (BENCHMARKS.md).
"""

import warnings
from typing import Optional

import torch
from allennlp.common.checks import ConfigurationError

QUANTIZATION_SCHEMES = ("int8",)
QUANTIZATION_CONFIGS = {
    torch.nn.Linear: torch.ao.quantization.per_channel_dynamic_qconfig,
    torch.nn.LSTM: torch.ao.quantization.default_dynamic_qconfig,
}


def check_quantization_scheme(scheme: Optional[str]) -> None:
    if scheme is not None and scheme not in QUANTIZATION_SCHEMES:
        raise ConfigurationError(
            f"quantize must be one of {list(QUANTIZATION_SCHEMES)} or null, got {scheme!r}"
        )


def quantize_dynamic_int8(module: torch.nn.Module, inplace: bool = False) -> torch.nn.Module:
    """``module`` (a copy of it unless ``inplace``) with its Linear and LSTM layers quantised to int8."""
    with warnings.catch_warnings():
        # torch 2.x announces that torch.ao.quantization moves to the separate torchao package, which is
        # not a dependency here; the eager dynamic quantisation used below still ships with torch.
        warnings.filterwarnings(
            "ignore", message=r"torch\.ao\.quantization is deprecated", category=DeprecationWarning
        )
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor", category=UserWarning)
        return torch.ao.quantization.quantize_dynamic(
            module, QUANTIZATION_CONFIGS, dtype=torch.qint8, inplace=inplace
        )
