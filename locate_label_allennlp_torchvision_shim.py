"""
Start-up hook, imported by ``locate_label_allennlp_torchvision_shim.pth`` when Python starts: runs
``locate_label_allennlp/compat/torchvision_placeholder.py`` (see there why) without importing the
``locate_label_allennlp`` package, which imports allennlp, which imports torchvision.
"""

import importlib.util
import os

_package = importlib.util.find_spec("locate_label_allennlp")
if _package is not None and _package.submodule_search_locations:
    _path = os.path.join(list(_package.submodule_search_locations)[0], "compat", "torchvision_placeholder.py")
    _spec = importlib.util.spec_from_file_location("locate_label_allennlp_torchvision_placeholder", _path)
    if _spec is not None and _spec.loader is not None:
        _module = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(_module)
        _module.install()
