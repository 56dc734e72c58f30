"""
Written for allennlp 2.10.1. Reason: a truncated or foreign file given as a model archive ends
``allennlp predict``/``evaluate`` in a ``tarfile``/``EOFError`` traceback that does not say what is wrong.

`reading_model_archive` turns the errors of reading an archive into one `ModelArchiveError` that says
the file is not a (complete) model archive; `archive_extraction` reads every archive through it.
`install_one_line_errors` makes the ``allennlp`` command print such an error as one line instead of a
traceback (other exceptions keep their tracebacks); the plugin installs it.
"""

import gzip
import os
import sys
import tarfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from allennlp.common.checks import ConfigurationError

REQUIRED_MEMBER = "config.json"
"""Every archive written by ``allennlp train`` holds its configuration under this name."""


class ModelArchiveError(ConfigurationError):
    """The file given as a model archive is not one (or not a complete one)."""


@contextmanager
def reading_model_archive(path: str) -> Iterator[None]:
    """Reading the archive ``path`` inside this block: its read errors become a `ModelArchiveError`."""
    try:
        yield
    except EOFError as error:
        raise ModelArchiveError(
            f"{path} is not a complete model archive: the file is truncated ({error})"
        ) from error
    except (tarfile.TarError, gzip.BadGzipFile, zlib.error) as error:
        raise ModelArchiveError(
            f"{path} is not a model archive (a .tar.gz written by allennlp train): {error}"
        ) from error


def check_is_model_archive(path: str, member_names: list) -> None:
    if REQUIRED_MEMBER not in {os.path.normpath(name) for name in member_names}:
        raise ModelArchiveError(
            f"{path} is not a model archive (a .tar.gz written by allennlp train): it has no {REQUIRED_MEMBER}"
        )


def _one_line_hook(previous):
    def hook(kind: type[BaseException], error: BaseException, traceback: TracebackType | None) -> None:
        if isinstance(error, ModelArchiveError):
            print(f"{os.path.basename(sys.argv[0])}: error: {error}", file=sys.stderr)
        else:
            previous(kind, error, traceback)

    hook.prints_model_archive_errors = True  # marks the hook as installed
    return hook


def install_one_line_errors() -> None:
    """Idempotent: an uncaught `ModelArchiveError` is printed as one line."""
    if not getattr(sys.excepthook, "prints_model_archive_errors", False):
        sys.excepthook = _one_line_hook(sys.excepthook)
