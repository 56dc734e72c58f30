"""
int8 dynamic quantisation for CPU inference (``torch.ao.quantization.quantize_dynamic``): the weights of
the chosen layer types are stored as int8, and their activations are quantised on the fly, batch by
batch. Embedding tables and everything else stay float32. A quantised model runs inference only: it has
no gradients. Two schemes:

* ``"int8"``: every `torch.nn.Linear` and `torch.nn.LSTM` (the transformer's, the BiLSTMs', the span
  heads');
* ``"int8_linear"``: the Linear layers only; the LSTMs stay float32. On CPUs where torch's int8 LSTM
  kernel is no faster than its float32 one (an Intel Xeon with AVX-512 VNNI, BENCHMARKS.md), quantising
  the LSTMs only adds the cost of quantising their activations.

Linear weights get one scale per output row (per-channel), LSTM weights one per matrix (torch's
dynamic LSTM takes no other). On the GENIA CPU model, one scale per Linear matrix lost 0.70 test F1
against float32, one per row 0.24, for about the same speed-up (BENCHMARKS.md).
"""

import warnings
from typing import Dict, Optional

import torch
from allennlp.common.checks import ConfigurationError
from torch.ao.quantization import QConfig, default_dynamic_qconfig, per_channel_dynamic_qconfig

QUANTIZATION_SCHEMES: Dict[str, Dict[type, QConfig]] = {
    "int8": {torch.nn.Linear: per_channel_dynamic_qconfig, torch.nn.LSTM: default_dynamic_qconfig},
    "int8_linear": {torch.nn.Linear: per_channel_dynamic_qconfig},
}


def check_quantization_scheme(scheme: Optional[str]) -> None:
    if scheme is not None and scheme not in QUANTIZATION_SCHEMES:
        raise ConfigurationError(
            f"quantize must be one of {list(QUANTIZATION_SCHEMES)} or null, got {scheme!r}"
        )


def quantize_dynamic(module: torch.nn.Module, scheme: str, inplace: bool = False) -> torch.nn.Module:
    """``module`` (a copy of it unless ``inplace``) with the layers that ``scheme`` names quantised."""
    check_quantization_scheme(scheme)
    with warnings.catch_warnings():
        # torch 2.x announces that torch.ao.quantization moves to the separate torchao package, which is
        # not a dependency here; the eager dynamic quantisation used below still ships with torch.
        warnings.filterwarnings(
            "ignore", message=r"torch\.ao\.quantization is deprecated", category=DeprecationWarning
        )
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor", category=UserWarning)
        return torch.ao.quantization.quantize_dynamic(
            module, QUANTIZATION_SCHEMES[scheme], dtype=torch.qint8, inplace=inplace
        )
