"""
Written for allennlp 2.10.1. Reason: ``allennlp.models.archival.extracted_archive`` unpacks a model
archive with ``tarfile.extractall`` and no filter, so a crafted ``model.tar.gz`` writes wherever its
members point (``../../...``, absolute paths, links) when anyone loads it.

`install` (the plugin calls it) replaces ``extracted_archive``, which ``load_archive`` (``allennlp predict``,
``evaluate``, ``Predictor.from_path``, the service) and the pretrained-model initializer look up when they
run, with `safe_extracted_archive`: it checks *every* member with the standard library's ``data``
extraction filter, and its absolute names, before writing anything; refuses the archive with an error
naming the member (paths outside the folder, absolute paths, links pointing outside, device files and
FIFOs); and extracts with that filter. A truncated or foreign file gives a `archive_format.ModelArchiveError`.
"""

import logging
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from allennlp.models import archival

from locate_label_allennlp.compat.archive_format import (
    ModelArchiveError,
    check_is_model_archive,
    reading_model_archive,
)

logger = logging.getLogger(__name__)

STOCK_EXTRACTED_ARCHIVE = archival.extracted_archive


class UnsafeArchiveMemberError(ModelArchiveError):
    """A member of a model archive would be written outside its folder, or is a device file."""


def extract_model_archive(archive_path: str, destination: str) -> None:
    """Extracts ``archive_path`` into ``destination``, or, if any member is unsafe, nothing at all."""
    with reading_model_archive(archive_path), tarfile.open(archive_path, "r:gz") as archive:
        members = archive.getmembers()  # reads the whole archive: a truncated file fails here
        for member in members:
            check_member(archive_path, member, destination)
        check_is_model_archive(archive_path, [member.name for member in members])
        archive.extractall(destination, members=members, filter="data")


def check_member(archive_path: str, member: tarfile.TarInfo, destination: str) -> None:
    refusal = f"{archive_path}: refusing to extract the model archive: member {member.name!r}"
    # The data filter would quietly strip the leading "/" of an absolute name; such an archive is refused.
    if member.name.startswith(("/", os.sep)) or os.path.isabs(member.name):
        raise UnsafeArchiveMemberError(f"{refusal} has an absolute path")
    try:
        tarfile.data_filter(member, destination)
    except tarfile.FilterError as error:
        raise UnsafeArchiveMemberError(f"{refusal} {_why(error)}") from error


def _why(error: tarfile.FilterError) -> str:
    if isinstance(error, tarfile.OutsideDestinationError):
        return "would be written outside the archive's folder"
    if isinstance(error, (tarfile.AbsoluteLinkError, tarfile.LinkOutsideDestinationError)):
        return "is a link pointing outside the archive's folder"
    if isinstance(error, tarfile.SpecialFileError):
        return "is a device file or FIFO"
    return f"is not allowed ({error})"


@contextmanager
def safe_extracted_archive(resolved_archive_file: str, cleanup: bool = True) -> Iterator[str]:
    """``extracted_archive`` with the member checks (same signature and temporary folder)."""
    tempdir = tempfile.mkdtemp()
    logger.info(f"extracting archive file {resolved_archive_file} to temp dir {tempdir}")
    try:
        extract_model_archive(resolved_archive_file, tempdir)
    except BaseException:
        # The stock function leaves the folder behind on errors when cleanup=False (load_archive).
        shutil.rmtree(tempdir, ignore_errors=True)
        raise
    try:
        yield tempdir
    finally:
        if cleanup:
            logger.info(f"removing temporary unarchived model dir at {tempdir}")
            shutil.rmtree(tempdir, ignore_errors=True)


def install() -> None:
    """Idempotent: allennlp's archive loading extracts through `safe_extracted_archive`."""
    archival.extracted_archive = safe_extracted_archive
