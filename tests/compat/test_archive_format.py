"""A truncated or foreign file given as a model archive: one error that says so, one line on the command line."""

import gzip
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from allennlp.models.archival import load_archive

from locate_label_allennlp.compat.archive_extraction import STOCK_EXTRACTED_ARCHIVE
from locate_label_allennlp.compat.archive_format import ModelArchiveError
from tests.conftest import DEV

ALLENNLP = Path(sys.executable).parent / "allennlp"


def not_archives(folder: Path, trained_archive: Path) -> dict:
    """name -> (path, what the error must say)."""
    whole = trained_archive.read_bytes()
    files = {
        "truncated": (whole[: len(whole) // 2], "is not a complete model archive: the file is truncated"),
        "json": (
            b'{"model": "locate_and_label"}\n',
            "is not a model archive (a .tar.gz written by allennlp train)",
        ),
        "gzip but no tar": (gzip.compress(b"weights " * 100), "is not a model archive"),
    }
    paths = {}
    for name, (data, says) in files.items():
        path = folder / f"{name.replace(' ', '_')}.tar.gz"
        path.write_bytes(data)
        paths[name] = (path, says)
    with zipfile.ZipFile(folder / "model.zip", "w") as archive:
        archive.writestr("config.json", "{}")
    paths["zip"] = (folder / "model.zip", "is not a model archive")
    return paths


def test_stock_allennlp_reports_such_files_with_a_bare_tarfile_or_eof_error(tmp_path, trained_archive):
    files = not_archives(tmp_path, trained_archive)
    with (
        pytest.raises(tarfile.ReadError, match="not a gzip file"),
        STOCK_EXTRACTED_ARCHIVE(str(files["json"][0])),
    ):
        pass
    with pytest.raises(EOFError), STOCK_EXTRACTED_ARCHIVE(str(files["truncated"][0])):
        pass


@pytest.mark.parametrize("name", ["truncated", "json", "gzip but no tar", "zip"])
def test_load_archive_says_the_file_is_not_a_model_archive(tmp_path, trained_archive, name):
    path, says = not_archives(tmp_path, trained_archive)[name]
    with pytest.raises(ModelArchiveError) as caught:
        load_archive(str(path))
    assert str(caught.value).startswith(f"{path} {says}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("command, name", [("predict", "truncated"), ("evaluate", "json")])
def test_allennlp_commands_print_one_line(tmp_path, trained_archive, command, name):
    path, says = not_archives(tmp_path, trained_archive)[name]
    completed = subprocess.run(
        [str(ALLENNLP), command, str(path), str(DEV), "--include-package", "locate_label_allennlp"],
        check=False, capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr, completed.stderr[-3000:]
    assert completed.stderr.splitlines()[-1].startswith(f"allennlp: error: {path} {says}")
