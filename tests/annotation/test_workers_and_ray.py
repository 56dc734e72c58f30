"""Several worker processes, and a local Ray cluster, write what one process writes, line for line."""

import subprocess
import sys

from locate_label_allennlp.annotation.corpus import annotate_corpus
from tests.conftest import REPO_ROOT


def test_two_worker_processes_write_what_one_process_writes(
    trained_archive, sentences_file, documents, tmp_path
):
    for source, output_format in ((sentences_file, "jsonl"), (documents, "brat")):
        single, parallel = tmp_path / f"single_{output_format}", tmp_path / f"workers_{output_format}"
        # The same torch threads everywhere: the last digits of a score depend on how sums are split.
        options = {"output_format": output_format, "chunk_size": 3, "threads": 1}
        annotate_corpus(str(trained_archive), str(source), str(single), **options)
        annotate_corpus(str(trained_archive), str(source), str(parallel), workers=2, **options)
        if output_format == "jsonl":
            assert parallel.read_text().splitlines() == single.read_text().splitlines()
        else:
            for path in single.rglob("*.*"):
                if path.name != ".progress.json":
                    assert (parallel / path.relative_to(single)).read_bytes() == path.read_bytes(), path


# Ray runs in a process of its own: a Ray driver installs signal handlers and background threads that
# should not outlive the test in the test runner's process.
RAY_RUN = """
import sys
import ray
from locate_label_allennlp.annotation.corpus import annotate_corpus

archive, source, output = sys.argv[1:]
ray.init(num_cpus=2, include_dashboard=False, object_store_memory=200 * 1024 * 1024)
try:
    summary = annotate_corpus(archive, source, output, chunk_size=3, workers=2, ray_address="auto")
finally:
    ray.shutdown()
print(summary.units_annotated)
"""


def test_ray_actors_write_what_one_process_writes(trained_archive, sentences_file, tmp_path):
    single, on_ray = tmp_path / "single.jsonl", tmp_path / "ray.jsonl"
    # Ray's actors run 1 torch thread each unless told otherwise; so does the reference.
    annotate_corpus(str(trained_archive), str(sentences_file), str(single), chunk_size=3, threads=1)
    command = [sys.executable, "-c", RAY_RUN, str(trained_archive), str(sentences_file), str(on_ray)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "5"  # units annotated by the actors
    assert on_ray.read_text().splitlines() == single.read_text().splitlines()
