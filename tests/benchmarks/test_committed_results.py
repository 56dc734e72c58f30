"""
The committed benchmark results speak of the project only: no folder of the machine that measured them
(absolute paths, folders beside the checkout) and no word about how the work was organised. And the
committed page is what the report renders from the committed results.
"""

import json
import re

import pytest

from locate_label_allennlp.benchmarking.report import KEPT_SECTION, render
from tests.conftest import REPO_ROOT

COMMITTED = sorted(
    [
        REPO_ROOT / "BENCHMARKS.md",
        REPO_ROOT / "benchmarks" / "notes.md",
        *(REPO_ROOT / "benchmarks").glob("*.json"),
    ]
)
MACHINE_PATHS = re.compile(
    r"(?<![\w.$])/(?:work|tmp|home|root|Users|mnt|data|scratch|var|opt)/"  # absolute POSIX folders
    r"|\b[A-Za-z]:\\"  # Windows drives
    r"|(?<![\w.])\.\./"  # folders beside the checkout
)
ORGANISATION = re.compile(
    r"\b(?:the issue|issues? #?\d+|sessions?|helpers?|worktrees?|sibling folders?|the lead|drawn for a device)\b"
    r"|`device`|tool's `status`",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda path: path.name)
def test_no_machine_paths_or_organisational_remarks(path):
    text = path.read_text()
    lines = text.splitlines()
    paths = [
        f"{number}: {line.strip()[:160]}"
        for number, line in enumerate(lines, 1)
        if MACHINE_PATHS.search(line)
    ]
    remarks = [
        f"{number}: {line.strip()[:160]}" for number, line in enumerate(lines, 1) if ORGANISATION.search(line)
    ]
    assert not paths, f"{path.name} holds machine paths:\n" + "\n".join(paths)
    assert not remarks, f"{path.name} speaks of how the work was organised:\n" + "\n".join(remarks)


def test_the_scan_finds_what_it_looks_for():
    for text in ("/work/runs/genia_cpu/model.tar.gz", "--test-file /tmp/genia_out/test.jsonl", "/home/me/x",
                 "C:\\data\\genia", "here (`../shared/notes/stack.md`)"):  # fmt: skip
        assert MACHINE_PATHS.search(text), text
    for text in ("$RUN_DIR/model.tar.gz", "fixtures/data/dev.jsonl", "benchmarks/notes.md", "mean/std"):
        assert not MACHINE_PATHS.search(text), text
    for text in ("The issue asks for", "in one session on two cores", "when the `device` tool lends one"):
        assert ORGANISATION.search(text), text


def test_the_committed_page_is_rendered_from_the_committed_results():
    results = json.loads((REPO_ROOT / "benchmarks" / "results.json").read_text())
    page = (REPO_ROOT / "BENCHMARKS.md").read_text()
    # Sections other scripts render between their markers follow, as report.write_page keeps them.
    kept = [match.group(0) for match in KEPT_SECTION.finditer(page)]
    assert render(results) + "".join("\n" + section for section in kept) == page
    # The notes in results.json are the committed notes file.
    assert results["notes"]["text"] == (REPO_ROOT / results["notes"]["file"]).read_text()
