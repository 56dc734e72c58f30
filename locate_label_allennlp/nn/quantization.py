"""
int8 dynamic quantisation for CPU inference (``torch.ao.quantization.quantize_dynamic``): the weights of
the chosen layer types are stored as int8, and their activations are quantised on the fly, batch by
batch. Embedding tables and everything else stay float32. A quantised model runs inference only: it has
no gradients. Two schemes:

* ``"int8"``: every `torch.nn.Linear` and `torch.nn.LSTM` (the transformer's, the BiLSTMs', the span
  heads');
* ``"int8_linear"``: the Linear layers only; the LSTMs stay float32. Where torch's int8 LSTM kernel is
  no faster than its float32 one (the ``x86`` engine on an Intel Xeon with AVX-512 VNNI, BENCHMARKS.md),
  quantising the LSTMs adds the cost of quantising their activations and gains nothing.

Linear weights get one scale per output row (per-channel), LSTM weights one per matrix (torch's
dynamic LSTM takes no other). On the GENIA CPU model, one scale per Linear matrix lost 0.70 test F1
against float32, one per row 0.24, for about the same speed-up (BENCHMARKS.md).

``keep_float`` leaves named submodules (and everything inside them) in float32: mixed precision, for
the layers whose int8 error costs the most accuracy (``benchmarks/int8_sensitivity.py`` measures it).

``outlier_rows`` changes how the int8 Linear layers scale their activations. Dynamic quantisation
takes one activation scale per call, over every row (token) of the batch, so a few rows with a much
larger range coarsen the steps of all the others: in all-mpnet-base-v2, a few tokens' vectors (the
first token's, ``<s>``, at the inputs of its first layers' feed-forward blocks) reach several times the
range of the rest, and the rounding error grows layer after layer over its twelve.
With ``outlier_rows`` set, each int8 Linear (`OutlierRowsApartLinear`) quantises the rows whose
largest absolute value exceeds ``outlier_rows`` times the mean of the rows' largest values apart from
the rest, in a second call of the same int8 layer: two activation scales per call instead of one.

The int8 kernels come from one of torch's quantized engines (``torch.backends.quantized.engine``:
``x86``, ``fbgemm``, ``onednn``, ``qnnpack``, as the build supports them). The weights are packed for an
engine's kernels when they are quantised, and a packed layer runs that engine's kernels whatever the
process-wide setting is later, so the engine is chosen here, for the packing only, and the process-wide
setting is left as it was.
"""

import warnings
from contextlib import contextmanager
from typing import Dict, Iterator, List, Optional, Sequence, Union

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


def quantization_engines() -> List[str]:
    """The quantized engines this build of torch offers."""
    return [engine for engine in torch.backends.quantized.supported_engines if engine != "none"]


def check_quantization_engine(engine: Optional[str]) -> None:
    if engine is not None and engine not in quantization_engines():
        raise ConfigurationError(
            f"quantization_engine must be one of {quantization_engines()} (this build of torch) or null, "
            f"got {engine!r}"
        )


@contextmanager
def packing_engine(engine: Optional[str]) -> Iterator[None]:
    """Inside the block, ``engine`` (None: the process's current one) is torch's quantized engine."""
    check_quantization_engine(engine)
    previous = torch.backends.quantized.engine
    if engine is not None:
        torch.backends.quantized.engine = engine
    try:
        yield
    finally:
        torch.backends.quantized.engine = previous


def quantization_spec(
    module: torch.nn.Module, scheme: str, keep_float: Sequence[str] = ()
) -> Dict[Union[type, str], QConfig]:
    """
    torch's ``qconfig_spec`` for ``scheme``: by layer type, or, with ``keep_float`` (names of ``module``'s
    submodules, as `named_modules` gives them), by the name of every layer of those types outside them.
    """
    check_quantization_scheme(scheme)
    qconfigs = QUANTIZATION_SCHEMES[scheme]
    if not keep_float:
        return dict(qconfigs.items())
    names = dict(module.named_modules())
    unknown = [name for name in keep_float if name not in names]
    if unknown:
        raise ConfigurationError(
            f"quantize_keep_float names no submodule of {type(module).__name__}: {unknown}; its layers to "
            f"quantise are {sorted(name for name, layer in names.items() if type(layer) in qconfigs)}"
        )

    def kept(name: str) -> bool:
        return any(name == prefix or name.startswith(prefix + ".") for prefix in keep_float)

    return {
        name: qconfigs[type(layer)]
        for name, layer in names.items()
        if type(layer) in qconfigs and not kept(name)
    }


def check_outlier_rows(outlier_rows: Optional[float]) -> None:
    if outlier_rows is not None and not outlier_rows > 0:
        raise ConfigurationError(
            f"quantize_outlier_rows must be a positive factor or null, got {outlier_rows!r}"
        )


class OutlierRowsApartLinear(torch.nn.Module):
    """
    A dynamic int8 Linear layer whose outlier rows get an activation scale of their own: the rows (the
    vectors of the last dimension) whose largest absolute value exceeds ``factor`` times the mean of
    all rows' largest values are quantised in one call, the others in another (the module docstring
    says why). The rows of each call share one scale, as in ``linear`` alone; without outlier rows it
    is one call of ``linear``.
    """

    def __init__(self, linear: torch.ao.nn.quantized.dynamic.Linear, factor: float) -> None:
        super().__init__()
        check_outlier_rows(factor)
        self.linear = linear
        self.factor = factor

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        rows = inputs.reshape(-1, inputs.size(-1))
        if not rows.is_contiguous():
            rows = rows.contiguous()
        with torch.no_grad():  # int8 layers have no gradients, and the input is changed in place below
            row_max = torch.maximum(rows.amax(dim=-1), rows.amin(dim=-1).neg())  # no |rows| copy
            outliers = (row_max > self.factor * row_max.mean()).nonzero().squeeze(-1)
            if outliers.numel() == 0:
                return self.linear(inputs)
            outlier_rows = rows.index_select(0, outliers)
            # The outlier rows are zeroed for the other rows' call (zeros leave the others' range as it
            # is: it always holds 0) and restored after it, in place: a copy of every row would cost
            # about as much as the int8 product itself, the outlier rows are few.
            rows.index_fill_(0, outliers, 0.0)
            try:
                outputs = self.linear(rows)
            finally:
                rows.index_copy_(0, outliers, outlier_rows)
            outputs.index_copy_(0, outliers, self.linear(outlier_rows))
        return outputs.reshape(*inputs.shape[:-1], outputs.size(-1))


def _quantise_outlier_rows_apart(module: torch.nn.Module, factor: float) -> None:
    """Wraps every dynamic int8 Linear inside ``module`` in an `OutlierRowsApartLinear`."""
    for name, layer in list(module.named_modules()):
        if name and type(layer) is torch.ao.nn.quantized.dynamic.Linear:
            parent, _, child = name.rpartition(".")
            setattr(module.get_submodule(parent), child, OutlierRowsApartLinear(layer, factor))


def quantize_dynamic(
    module: torch.nn.Module,
    scheme: str,
    engine: Optional[str] = None,
    inplace: bool = False,
    keep_float: Sequence[str] = (),
    outlier_rows: Optional[float] = None,
) -> torch.nn.Module:
    """
    ``module`` (a copy of it unless ``inplace``) with the layers that ``scheme`` names quantised, their
    weights packed for ``engine``'s kernels (None: the process's current quantized engine), except those
    inside the submodules that ``keep_float`` names; with ``outlier_rows``, its int8 Linear layers
    quantise their outlier rows apart (`OutlierRowsApartLinear`).
    """
    check_outlier_rows(outlier_rows)
    spec = quantization_spec(module, scheme, keep_float)
    with packing_engine(engine), warnings.catch_warnings():
        # torch 2.x announces that torch.ao.quantization moves to the separate torchao package, which is
        # not a dependency here; the eager dynamic quantisation used below still ships with torch.
        warnings.filterwarnings(
            "ignore", message=r"torch\.ao\.quantization is deprecated", category=DeprecationWarning
        )
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor", category=UserWarning)
        quantized = torch.ao.quantization.quantize_dynamic(module, spec, dtype=torch.qint8, inplace=inplace)
    if outlier_rows is not None:
        _quantise_outlier_rows_apart(quantized, outlier_rows)
    return quantized
