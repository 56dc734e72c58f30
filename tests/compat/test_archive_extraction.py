"""
Loading a model archive never writes outside its temporary folder: allennlp's stock extraction does
(the first test fails once allennlp filters archive members itself, and this compat module can go); the
plugin's refuses the archive, names the member, and writes nothing, in-process and in ``allennlp
predict``/``evaluate`` with the plugin loaded.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from allennlp.models import archival
from allennlp.models.archival import load_archive

from locate_label_allennlp.compat.archive_extraction import (
    STOCK_EXTRACTED_ARCHIVE,
    UnsafeArchiveMemberError,
    safe_extracted_archive,
)
from tests.compat.archives import HOSTILE_MEMBERS, files_under, write_archive
from tests.conftest import DEV

ALLENNLP = Path(sys.executable).parent / "allennlp"


def test_stock_allennlp_extraction_still_writes_outside_its_folder(tmp_path, extraction_root):
    build, _ = HOSTILE_MEMBERS["dot-dot path"]
    archive = write_archive(tmp_path / "crafted.tar.gz", build(tmp_path))
    with STOCK_EXTRACTED_ARCHIVE(str(archive)):
        pass
    escaped = tmp_path / "outside" / "escaped.txt"
    assert escaped.read_text() == "written by a crafted archive\n"


def test_the_plugin_replaces_allennlps_extraction():
    assert archival.extracted_archive is safe_extracted_archive


@pytest.mark.parametrize("name", sorted(HOSTILE_MEMBERS))
def test_load_archive_refuses_a_hostile_member_and_writes_nothing(tmp_path, extraction_root, name):
    build, reason = HOSTILE_MEMBERS[name]
    member = build(tmp_path / "outside")
    archive = write_archive(tmp_path / "crafted.tar.gz", member)
    before = files_under(tmp_path)
    with pytest.raises(UnsafeArchiveMemberError) as caught:
        load_archive(str(archive))
    message = str(caught.value)
    assert f"member {member.name!r}" in message and reason in message and str(archive) in message
    assert files_under(tmp_path) == before  # the temporary folder is gone too


@pytest.mark.parametrize("command", ["predict", "evaluate"])
def test_allennlp_commands_with_the_plugin_refuse_a_crafted_archive(tmp_path, extraction_root, command):
    build, _ = HOSTILE_MEMBERS["dot-dot path"]
    archive = write_archive(tmp_path / "crafted.tar.gz", build(tmp_path))
    before = files_under(tmp_path)
    completed = subprocess.run(
        [str(ALLENNLP), command, str(archive), str(DEV), "--include-package", "locate_label_allennlp"],
        check=False, capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert completed.returncode == 1, completed.stderr[-3000:]
    assert "Traceback" not in completed.stderr
    (line,) = [line for line in completed.stderr.splitlines() if line.startswith("allennlp: error:")]
    assert line.startswith(f"allennlp: error: {archive}: refusing to extract the model archive")
    assert "member '../../escaped.txt' would be written outside the archive's folder" in line
    assert files_under(tmp_path) - before <= {tmp_path / ".allennlp"}, files_under(tmp_path) - before
    assert not (tmp_path / "outside" / "escaped.txt").exists()
