"""
Written for allennlp 2.10.1 (torch 2.13 CPU). Reason: allennlp imports ``torchvision`` when it is
imported, and PyPI's torchvision wheels are CUDA builds that fail beside the CPU torch.

allennlp imports ``torchvision`` at import time (``allennlp.data.image_loader`` and
``allennlp.modules.vision``) although only its vision models use it. The ``allennlp`` command imports
all of allennlp before ``--include-package`` runs, so this must run at interpreter start-up, before
this package (which imports allennlp) can be imported: the start-up hook
``locate_label_allennlp_torchvision_shim`` (a top-level module that the ``.pth`` file installed by
``setup.py`` imports) loads this file by its path and calls `install`.

`install` appends a meta-path finder *last*, so a real torchvision, when installed, always wins.
Otherwise it serves placeholder ``torchvision`` modules whose attributes raise a clear error when
used.
"""

import importlib.abc
import importlib.machinery
import sys
import types

MESSAGE = (
    "torchvision is not installed: allennlp's vision components need it, and this environment "
    "provides only a placeholder (see locate_label_allennlp/compat/torchvision_placeholder.py)."
)


class PlaceholderModule(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"{self.__name__}.{name}: {MESSAGE}")


class TorchvisionPlaceholderFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):  # importlib's MetaPathFinder signature
        if fullname != "torchvision" and not fullname.startswith("torchvision."):
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = PlaceholderModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass


def install() -> None:
    """Idempotent: serves placeholder ``torchvision`` modules unless a real torchvision is found first."""
    if not any(type(finder).__name__ == TorchvisionPlaceholderFinder.__name__ for finder in sys.meta_path):
        sys.meta_path.append(TorchvisionPlaceholderFinder())
