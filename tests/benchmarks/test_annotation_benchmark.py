"""The annotation benchmark's page section: rendered between markers, kept when the page is rendered."""

import json

from locate_label_allennlp.benchmarking import annotation
from locate_label_allennlp.benchmarking.report import write_page
from tests.conftest import REPO_ROOT


def results():
    run = {
        "command": ".venv/bin/python -m allennlp nested-ner-annotate $RUN_DIR/model.tar.gz x -o y",
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
            "command": "python benchmarks/annotation_benchmark.py",
        },
        "model": "$RUN_DIR/model.tar.gz",
        "source": "fixtures/data/train.jsonl",
        "chunk_size": 1000,
        "note": "a remark",
        "runs": {"1 process": run},
    }


def test_the_section_shows_every_figure_and_replaces_itself(tmp_path):
    section = annotation.render(results())
    assert "| 1 process | 20000 | 40.0 | 500.0 | 666.7 | 550.0 | 550.0 | 1.0, 1.2 |" in section
    assert "nested-ner-annotate $RUN_DIR/model.tar.gz x -o y" in section and "- a remark" in section
    page = tmp_path / "BENCHMARKS.md"
    page.write_text("# Benchmarks\n")
    annotation.update_page(page, section)
    annotation.update_page(page, section.replace("666.7", "700.0"))
    assert page.read_text().count(annotation.BEGIN) == 1 and "700.0" in page.read_text()


def test_rendering_the_page_keeps_the_section(tmp_path):
    page = tmp_path / "BENCHMARKS.md"
    other = "<!-- other-benchmark: begin -->\n## Other\n<!-- other-benchmark: end -->\n"
    page.write_text("old page\n\n" + other + "\n" + annotation.render(results()))
    write_page(page, json.loads((REPO_ROOT / "benchmarks" / "results.json").read_text()))
    text = page.read_text()
    assert "old page" not in text and text.startswith("# Benchmarks")
    assert text.count(annotation.BEGIN) == 1 and "| 1 process | 20000 |" in text
    assert text.count(other) == 1


def test_the_committed_results_render_the_committed_section():
    committed = REPO_ROOT / "benchmarks" / "annotation_results.json"
    page = (REPO_ROOT / "BENCHMARKS.md").read_text()
    section = annotation.render(json.loads(committed.read_text()))
    assert section in page
    # No folder of the machine that measured it: paths are relative or under $VARIABLES.
    assert not [word for word in section.split() if word.startswith("/")]
