"""Several worker processes, and a local Ray cluster, write what one process writes, line for line."""

import pytest

from locate_label_allennlp.annotation.corpus import annotate_corpus


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


@pytest.fixture
def local_ray():
    import ray  # the package's `ray` extra; `make test` installs it (requirements-test.txt)

    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=200 * 1024 * 1024)
    yield ray
    ray.shutdown()


def test_ray_actors_write_what_one_process_writes(trained_archive, sentences_file, tmp_path, local_ray):
    single, on_ray = tmp_path / "single.jsonl", tmp_path / "ray.jsonl"
    # Ray's actors run 1 torch thread each unless told otherwise; so does the reference.
    annotate_corpus(str(trained_archive), str(sentences_file), str(single), chunk_size=3, threads=1)
    summary = annotate_corpus(
        str(trained_archive), str(sentences_file), str(on_ray), chunk_size=3, workers=2, ray_address="auto"
    )
    assert summary.units_annotated == 5
    assert on_ray.read_text().splitlines() == single.read_text().splitlines()
