"""Installs the locate_label_allennlp plugin and the start-up shim that lets allennlp import without
torchvision (see locate_label_allennlp_torchvision_shim.py).

allennlp itself is *not* in install_requires: it declares torch<1.13, which has no Python 3.11 wheels,
so it is installed with ``--no-deps`` from requirements-no-deps.txt (the Makefile does this).
"""

import os
import shutil

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

SHIM_PTH = "locate_label_allennlp_torchvision_shim.pth"


class BuildPyWithStartupShim(build_py):
    """Puts the shim's ``.pth`` at the top of the wheel, i.e. into site-packages, for both
    ``pip install .`` and ``pip install -e .`` (PEP 660 editable wheels run build_py too)."""

    def run(self):
        super().run()
        shutil.copy(SHIM_PTH, os.path.join(self.build_lib, SHIM_PTH))
        if self.editable_mode:
            # editable_wheel ignores build_lib and packs what the "install" command's install_lib
            # (the unpacked wheel) holds, so the .pth must be written there.
            install_lib = self.get_finalized_command("install").install_lib
            shutil.copy(SHIM_PTH, os.path.join(install_lib, SHIM_PTH))

    def get_outputs(self, include_bytecode=True):
        return super().get_outputs(include_bytecode) + [os.path.join(self.build_lib, SHIM_PTH)]


setup(
    name="locate_label_allennlp",
    version="0.1.0",
    description="Locate and Label: a two-stage nested named-entity identifier (Shen et al., ACL 2021) "
    "as an AllenNLP plugin",
    packages=find_packages(include=["locate_label_allennlp", "locate_label_allennlp.*"]),
    package_data={
        "locate_label_allennlp.visualization": ["static/*.css", "static/*.js"],
        "locate_label_allennlp.service": ["static/*.css", "static/*.js"],
    },
    py_modules=["locate_label_allennlp_torchvision_shim"],
    cmdclass={"build_py": BuildPyWithStartupShim},
    python_requires=">=3.11",
    # What the plugin itself imports at run time (pinned versions in requirements.txt); allennlp and its
    # stack are installed from requirements*.txt, see the module docstring.
    install_requires=[
        "torch>=2.0",
        "matplotlib>=3.7",  # the evaluation report's plot
        "pyarrow>=14",  # the word index of the packaged GloVe vectors (numpy_word_vectors)
        "numpy>=1.24",
        "spacy>=3.4",  # the spaCy component, BRAT and document sentence splitting
        "fastapi>=0.110",  # the web service (allennlp nested-ner-serve)
        "uvicorn>=0.29",
        "httpx>=0.27",  # the service's load test
    ],
    # `pip install .[ray]`: nested-ner-annotate --ray-address (Ray Data with an actor pool).
    extras_require={"ray": ["ray[data]>=2.40"]},
    entry_points={
        "console_scripts": ["locate-label-allennlp = locate_label_allennlp.__main__:main"],
        # nlp.add_pipe("locate_label_ner", config={"model": ...}) without importing this package first.
        "spacy_factories": [
            "locate_label_ner = locate_label_allennlp.spacy_component.locate_label_ner:make_locate_label_ner"
        ],
    },
    license="Apache-2.0",
)
