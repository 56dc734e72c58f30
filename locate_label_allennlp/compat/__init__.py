"""
Every adjustment this plugin makes to allennlp and its environment, one module each, each stating the
allennlp version it was written for and why; tests/compat/ has a test for each that fails when
allennlp's behaviour changes underneath it. Nothing outside this package patches allennlp or reads
its private attributes.

| module | what it adjusts |
|---|---|
| `torchvision_placeholder` | serves placeholder ``torchvision`` modules at start-up (loaded by the top-level ``locate_label_allennlp_torchvision_shim`` through a ``.pth`` file), so that allennlp imports beside the CPU torch |
| `predict_manager` | ``allennlp predict`` hands blank lines to predictors that ask for every line |
| `vocabulary` | the vocabulary's OOV token (a private attribute) |
| `warning_filters` | silences start-up warnings of allennlp's dependencies that say nothing about the user's run |

Importing the package applies them (the plugin's ``__init__`` does).
"""
from locate_label_allennlp.compat import predict_manager, warning_filters
from locate_label_allennlp.compat.vocabulary import oov_token

predict_manager.install()
warning_filters.install()

__all__ = ["oov_token"]
