"""Paths in the benchmark's results: under a folder variable or relative to the repository."""

from pathlib import Path

from locate_label_allennlp.benchmarking.paths import REPO_ROOT, PathNames


def test_folders_become_variables_and_the_repository_relative(tmp_path):
    genia, run = tmp_path / "genia", tmp_path / "runs" / "genia_cpu"
    names = PathNames({"GENIA_DIR": genia, "RUN_DIR": run})
    assert names.path(genia / "test.jsonl") == "$GENIA_DIR/test.jsonl"
    assert names.path(run / "model.tar.gz") == "$RUN_DIR/model.tar.gz"
    assert names.path(run) == "$RUN_DIR"
    assert names.path(REPO_ROOT / "fixtures" / "data" / "dev.jsonl") == "fixtures/data/dev.jsonl"
    assert names.path(REPO_ROOT) == "."
    # A command line: every path in it, wherever it stands.
    command = f"{REPO_ROOT}/.venv/bin/python benchmarks/benchmark.py --archive={run}/model.tar.gz '{genia}/x y.jsonl'"
    assert (
        names.text(command)
        == ".venv/bin/python benchmarks/benchmark.py --archive=$RUN_DIR/model.tar.gz '$GENIA_DIR/x y.jsonl'"
    )


def test_only_whole_folder_names_are_rewritten(tmp_path):
    names = PathNames({"RUN_DIR": tmp_path / "run"})
    for text in (
        f"{tmp_path}/run2/model.tar.gz",
        f"/elsewhere{tmp_path}/run/model.tar.gz",
        "run/model.tar.gz",
    ):
        assert names.text(text) == text


def test_a_variable_folder_inside_the_repository_keeps_its_variable():
    names = PathNames({"RUN_DIR": REPO_ROOT / "out" / "genia_cpu"})
    assert names.path(REPO_ROOT / "out" / "genia_cpu" / "metrics.json") == "$RUN_DIR/metrics.json"
    assert names.path(REPO_ROOT / "out" / "other" / "metrics.json") == "out/other/metrics.json"


def test_relative_paths_are_taken_from_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = PathNames({"GENIA_DIR": Path("genia")})
    assert names.path(Path("genia/test.jsonl")) == "$GENIA_DIR/test.jsonl"


def test_environment_variables_name_the_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("GENIA_DIR", str(tmp_path / "genia"))
    monkeypatch.delenv("RUN_DIR", raising=False)
    names = PathNames.from_environment(RUN_DIR=tmp_path / "fixture_model")
    results = {
        "inputs": [str(tmp_path / "genia" / "dev.jsonl"), str(tmp_path / "fixture_model" / "model.tar.gz")],
        "n": 3,
    }
    assert names.results(results) == {"inputs": ["$GENIA_DIR/dev.jsonl", "$RUN_DIR/model.tar.gz"], "n": 3}
