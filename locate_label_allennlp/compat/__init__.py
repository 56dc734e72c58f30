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
| `archive_extraction` | model archives are extracted only if no member would land outside their folder (``..``, absolute paths, outside links, device files) |
| `archive_format` | a truncated or foreign file given as a model archive: one error saying so (one line on the command line) |
| `atomic_checkpoints` | checkpoints and ``best.th`` are written to a temporary file and renamed, so a kill during a save leaves the last complete checkpoint for ``--recover`` |
| `batched_intra_word_tokenize` | a transformer tokenizer gets all of a sentence's words in one call, not one call per word, remembers each word's pieces, and makes the pieces with their type id instead of copying each (the same word pieces) |
| `distributed_validation` | distributed validation with uneven shards runs every worker's batches (allennlp drops the last ones) |

Importing the package applies them (the plugin's ``__init__`` does).
"""

from locate_label_allennlp.compat import (
    archive_extraction,
    archive_format,
    atomic_checkpoints,
    batched_intra_word_tokenize,
    distributed_validation,
    predict_manager,
    warning_filters,
)
from locate_label_allennlp.compat.vocabulary import oov_token

predict_manager.install()
warning_filters.install()
archive_extraction.install()
archive_format.install_one_line_errors()
atomic_checkpoints.install()
distributed_validation.install()
batched_intra_word_tokenize.install()

__all__ = ["oov_token"]
