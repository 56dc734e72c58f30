"""The service load benchmark at a small size (what `make benchmark-service` runs at a large one): it
serves the fixture model in its own process, loads it, and writes the results and their page section."""

import json
import subprocess
import sys

from locate_label_allennlp.benchmarking.report import KEPT_SECTION
from tests.conftest import DEV, REPO_ROOT

SCRIPT = REPO_ROOT / "benchmarks" / "service_load.py"


def test_service_load_benchmark_writes_its_results_and_section(trained_archive, tmp_path):
    output, markdown = tmp_path / "service_results.json", tmp_path / "BENCHMARKS.md"
    markdown.write_text("# Benchmarks\n\nThe rest of the page.\n")
    command = [sys.executable, str(SCRIPT), "--archive", str(trained_archive), "--inputs", str(DEV),
               "--requests", "24", "--concurrency", "4", "--note", "a test run", "--output", str(output),
               "--markdown", str(markdown)]  # fmt: skip
    completed = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    results = json.loads(output.read_text())
    assert results["inputs"] == {"file": "fixtures/data/dev.jsonl", "sentences": 3, "tokens": 28}
    assert results["model"] == "$RUN_DIR/model.tar.gz"
    load = results["concurrent"]
    assert (load["requests"], load["answered"], load["errors"], load["lost"], load["mismatched"]) == (
        24,
        24,
        0,
        0,
        0,
    )
    assert results["one_at_a_time"]["requests"] == 3 and load["requests_per_second"] > 0
    assert results["environment"]["command"].startswith(
        "python benchmarks/service_load.py --archive $RUN_DIR/"
    )
    assert str(tmp_path) not in json.dumps(results)  # no path of this machine in what gets committed

    page = markdown.read_text()
    assert page.startswith("# Benchmarks\n\nThe rest of the page.\n\n<!-- service-load-test:begin -->")
    assert [match.group(1) for match in KEPT_SECTION.finditer(page)] == [
        "service-load-test"
    ]  # kept by report.py
    assert "| concurrent (batched) | 24 | 4 |" in page and "- note: a test run" in page
    rerendered = subprocess.run(
        [sys.executable, str(SCRIPT), "--render-only", "--output", str(output), "--markdown", str(markdown)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert rerendered.returncode == 0, rerendered.stderr[-3000:]
    assert markdown.read_text() == page  # the section is replaced, not added again
