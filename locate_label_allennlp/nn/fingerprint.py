"""
Identities of modules for caches of what they compute: `module_fingerprint` digests a module's weights
and settings (slow: it reads every weight), `module_signature` says cheaply whether the weights may
have been replaced since (other modules, other tensors).
"""

import hashlib
from typing import Any, Hashable, Tuple

import torch


def module_fingerprint(module: torch.nn.Module, *settings: Any) -> str:
    """A hex digest of ``module``'s state (every parameter and buffer, by name) and ``settings``."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr(settings).encode())
    for name, value in module.state_dict().items():
        digest.update(name.encode())
        _update_with(digest, value)
    return digest.hexdigest()


def module_signature(module: torch.nn.Module) -> Tuple[Hashable, ...]:
    """
    Which submodules and which tensors ``module`` has: it changes when a submodule or a weight is
    replaced (e.g. by quantisation), not when a weight is changed in place (loading a state dict,
    an optimizer step): callers track those themselves.
    """
    modules = tuple((name, id(submodule)) for name, submodule in module.named_modules())
    tensors = tuple(
        (tensor.data_ptr(), tuple(tensor.shape), tensor.dtype)
        for tensor in [*module.parameters(), *module.buffers()]
    )
    return modules + tensors


def _update_with(digest: Any, value: Any) -> None:
    if isinstance(value, torch.Tensor):
        tensor = value.detach().cpu()
        if tensor.is_quantized:
            digest.update(repr((tensor.qscheme(), tensor.dtype)).encode())
            if tensor.qscheme() in (torch.per_tensor_affine, torch.per_tensor_symmetric):
                digest.update(repr((tensor.q_scale(), tensor.q_zero_point())).encode())
            else:
                _update_with(digest, tensor.q_per_channel_scales())
                _update_with(digest, tensor.q_per_channel_zero_points())
            tensor = tensor.int_repr()
        digest.update(repr((tensor.dtype, tuple(tensor.shape))).encode())
        digest.update(tensor.contiguous().reshape(-1).view(torch.uint8).numpy())
    elif isinstance(value, (tuple, list)):
        for item in value:
            _update_with(digest, item)
    else:
        digest.update(repr(value).encode())
