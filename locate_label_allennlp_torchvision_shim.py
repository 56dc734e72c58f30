"""Start-up shim that lets ``allennlp`` import without ``torchvision``.

allennlp 2.10.1 imports ``torchvision`` at import time (``allennlp.data.image_loader`` and
``allennlp.modules.vision``) although only its vision models use it, and PyPI's torchvision wheels are
CUDA builds that fail beside the CPU torch this project pins. The ``allennlp`` command imports all of
allennlp before ``--include-package`` runs, so the fix cannot live in the plugin package: a ``.pth``
file installed by ``setup.py`` imports this module at interpreter start-up.

It appends a meta-path finder *last*, so a real torchvision, when installed, always wins. Otherwise
it serves placeholder ``torchvision`` modules whose attributes raise a clear error when used.
"""
import importlib.abc
import importlib.machinery
import sys
import types

_MESSAGE = (
    "torchvision is not installed: allennlp's vision components need it, and this environment "
    "provides only a placeholder (see locate_label_allennlp_torchvision_shim)."
)


class _PlaceholderModule(types.ModuleType):
    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"{self.__name__}.{name}: {_MESSAGE}")


class _TorchvisionPlaceholderFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname != "torchvision" and not fullname.startswith("torchvision."):
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        module = _PlaceholderModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


def install() -> None:
    if not any(isinstance(finder, _TorchvisionPlaceholderFinder) for finder in sys.meta_path):
        sys.meta_path.append(_TorchvisionPlaceholderFinder())


install()
