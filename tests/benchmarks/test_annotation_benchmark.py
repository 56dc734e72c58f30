"""The annotation benchmark's page section: rendered between markers, kept when report.py renders the page."""

import json
import subprocess
import sys

from tests.conftest import REPO_ROOT

SCRIPTS = REPO_ROOT / "benchmarks"
sys.path.insert(0, str(SCRIPTS))
import annotation_benchmark  # noqa: E402


def results():
    run = {
        "command": f"{REPO_ROOT}/.venv/bin/python -m allennlp nested-ner-annotate /data/run/model.tar.gz x -o y",
        "sentences": 20000,
        "wall_seconds": 40.0,
        "sentences_per_second_wall": 500.0,
        "annotation_seconds": 30.0,
        "sentences_per_second": 666.7,
        "peak_rss_mib_command": 550.0,
        "peak_rss_mib_all_processes": 550.0,
        "load_average": [1.0, 1.2],
    }
    return {
        "environment": {
            "date": "2026-01-01T00:00:00+00:00",
            "git_commit": "abc",
            "cpu_model": "AMD EPYC",
            "logical_cpus": 2,
            "torch": "2.13.0+cpu",
            "command": "python benchmarks/x.py",
        },
        "model": "$RUN_DIR/model.tar.gz",
        "source": "fixtures/data/train.jsonl",
        "chunk_size": 1000,
        "note": "a remark",
        "places": {"/data/run": "$RUN_DIR"},
        "runs": {"1 process": run},
    }


def test_the_section_shows_the_figures_without_this_machines_paths(tmp_path):
    section = annotation_benchmark.render(results())
    assert "| 1 process | 20000 | 40.0 | 500.0 | 666.7 | 550.0 | 550.0 | 1.0, 1.2 |" in section
    assert "python -m allennlp nested-ner-annotate $RUN_DIR/model.tar.gz x -o y" in section
    assert str(REPO_ROOT) not in section and "- a remark" in section
    page = tmp_path / "BENCHMARKS.md"
    page.write_text("# Benchmarks\n")
    annotation_benchmark.update_page(page, section)
    annotation_benchmark.update_page(page, section.replace("666.7", "700.0"))  # replaced, not added
    assert page.read_text().count(annotation_benchmark.BEGIN) == 1 and "700.0" in page.read_text()


def test_report_py_keeps_the_section_when_it_renders_the_page(tmp_path):
    page = tmp_path / "BENCHMARKS.md"
    page.write_text("old page\n\n" + annotation_benchmark.render(results()))
    subprocess.run(
        [sys.executable, str(SCRIPTS / "report.py"), str(SCRIPTS / "results.json"), "--output", str(page)],
        check=True,
        capture_output=True,
    )
    text = page.read_text()
    assert "old page" not in text and text.startswith("# Benchmarks")
    assert text.count(annotation_benchmark.BEGIN) == 1 and "| 1 process | 20000 |" in text
    json.loads((SCRIPTS / "results.json").read_text())  # the committed results render
