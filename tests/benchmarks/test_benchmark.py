"""The benchmark harness in quick mode (what `make benchmark-quick` runs): it trains the fixture
experiment, measures it, and writes a complete results.json and the BENCHMARKS.md rendered from it."""

import json
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

SCRIPTS = REPO_ROOT / "benchmarks"
HEADLINE_KEYS = {
    "genia_test_f1",
    "inference_ratio_to_encoder",
    "speedup_vs_exhaustive",
    "proposals_per_entity",
    "train_minutes",
    "inference_sentences_per_second",
}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory, trained_archive):
    output_dir = tmp_path_factory.mktemp("benchmark")
    notes = output_dir / "notes.md"
    notes.write_text("Remarks about *this* run.\n")
    completed = subprocess.run(
        [
            sys.executable,
            str(SCRIPTS / "benchmark.py"),
            "--quick",
            "--output-dir",
            str(output_dir),
            "--ablation",
            f"same_model={trained_archive}",
            "--notes",
            str(notes),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return output_dir, json.loads((output_dir / "results.json").read_text())


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0


def test_headline_figures_are_complete_and_sane(quick_run):
    _, results = quick_run
    headline = results["headline"]
    assert set(headline) == HEADLINE_KEYS
    for key, entry in headline.items():
        assert {"value", "command", "machine", "date"} <= set(entry), key
        assert "benchmark.py --quick" in entry["command"]
    assert 0 < headline["genia_test_f1"]["value"] <= 100
    assert headline["train_minutes"]["note"].startswith("training_duration in $RUN_DIR/metrics.json")
    for key in HEADLINE_KEYS - {"genia_test_f1"}:
        assert _positive(headline[key]["value"]), key
    # Quick mode reads the duration from the metrics.json of the fixture training it ran itself.
    assert "metrics.json" in headline["train_minutes"]["note"]
    assert headline["genia_test_f1"]["machine"].startswith(results["environment"]["cpu_model"])
    assert results["environment"]["torch_num_threads"] >= 1


def test_paths_are_recorded_without_the_machine_s_folders(quick_run):
    output_dir, results = quick_run
    # The fixture model was trained in a temporary folder: $RUN_DIR; the fixture data is in the repository.
    assert results["inputs"]["archive"] == "$RUN_DIR/model.tar.gz"
    assert results["inputs"]["train_metrics"] == "$RUN_DIR/metrics.json"
    assert results["inputs"]["test_file"] == "fixtures/data/dev.jsonl"
    assert results["environment"]["command"].startswith("python benchmarks/benchmark.py --quick")
    for name in ("results.json", "BENCHMARKS.md"):
        text = (output_dir / name).read_text()
        # Neither the checkout nor the temporary folder the fixture model was trained in.
        scratch = os.path.join(tempfile.gettempdir(), "benchmark-")
        assert str(REPO_ROOT) not in text and scratch not in text, name


def test_detailed_tables(quick_run):
    _, results = quick_run
    accuracy = results["accuracy"]
    gold = accuracy["overall"]["support"]
    assert gold > 0
    assert sum(row["support"] for row in accuracy["by_type"].values()) == gold
    assert sum(row["support"] for row in accuracy["by_length_bucket"].values()) == gold
    assert list(accuracy["by_length"]) == [str(n) for n in range(1, 20)] + [">=20"]
    assert sum(row["support"] for row in accuracy["by_length"].values()) == gold
    # The fixture sentences have entities of lengths 1-4 only: nothing measured elsewhere.
    assert accuracy["by_length"]["12"] == {"precision": None, "recall": None, "f1": None, "support": 0}
    # The ablation given is the same fixture experiment, trained the same way, with its budget.
    same_model = results["ablations"]["same_model"]
    assert 0 <= same_model["f1"] <= 100
    assert same_model["num_epochs"] >= 1 and same_model["training_run"]["train_minutes"] > 0
    # Decoding ablations reuse the trained model. Soft-NMS only lowers scores, so no suppression keeps
    # every entity Soft-NMS keeps (same threshold): its recall cannot be lower.
    decoding = results["decoding_ablations"]
    assert set(decoding) == {"no_soft_nms", "hard_nms"}
    assert decoding["no_soft_nms"]["decoder"]["type"] == "none"
    assert decoding["no_soft_nms"]["recall"] >= accuracy["overall"]["recall"] - 1e-9
    assert decoding["hard_nms"]["decoder"]["type"] == "hard_nms"

    inference = results["inference"]
    for model in ("two_stage", "encoder_only", "exhaustive"):
        assert len(inference[model]["runs_seconds"]) == results["inputs"]["repetitions"]
    assert inference["ratio_to_encoder"] == pytest.approx(
        inference["two_stage"]["median_seconds"] / inference["encoder_only"]["median_seconds"]
    )
    # Without the filter every seed span is a proposal.
    assert (
        inference["exhaustive"]["decoding"]["proposals_per_sentence"]
        > accuracy["decoding"]["proposals_per_sentence"]
    )
    assert _positive(results["training"]["sentences_per_second"])
    memory = results["memory"]
    assert 0 < memory["after_loading_mib"] <= memory["after_test_set_inference_mib"]
    assert memory["after_test_set_inference_mib"] <= memory["after_training_steps_mib"]

    growth = results["growth"]
    assert [row["tokens"] for row in growth["rows"]] == [25, 50, 100, 200, 400]
    assert all(_positive(row["ms_per_sentence"]) for row in growth["rows"])
    assert math.isfinite(growth["exponent"])

    profile = results["profile"]
    assert profile["top_operators"]
    assert all(row["operator"].startswith("aten::") for row in profile["top_operators"])
    assert sum(row["percent"] for row in profile["stages"]) == pytest.approx(100)
    # The span heads no longer loop over the sentences of a batch (AllenNLP's MaxPoolingSpanExtractor
    # did, and was replaced by span_max_pool), so nothing of the model is in the loop check.
    assert not any(
        "locate_label_allennlp" in row["function"] or "max_pooling_span_extractor" in row["function"]
        for row in profile["loop_check"]["loops_over_batch_items"]
    )


def test_markdown_is_rendered_from_the_results(quick_run, tmp_path):
    output_dir, results = quick_run
    markdown = (output_dir / "BENCHMARKS.md").read_text()
    assert markdown.startswith("# Benchmarks\n")
    assert "Quick mode" in markdown
    for section in (
        "## Headline",
        "### By entity type",
        "### By entity length",
        "### Ablations",
        "### Decoding ablations",
        "## Notes",
        "Remarks about *this* run.",
        "### Inference",
        "### Training",
        "### Memory",
        "### Growth with sentence length",
        "## Where the time goes",
        "### Python loops in the hot path",
    ):
        assert section in markdown
    assert f"| {results['headline']['genia_test_f1']['value']:.2f} |" in markdown
    assert results["environment"]["command"] in markdown
    assert not re.search(r"\b(None|nan|inf)\b", markdown)
    # report.py alone renders the same page from results.json.
    rerendered = tmp_path / "BENCHMARKS.md"
    subprocess.run(
        [
            sys.executable,
            str(SCRIPTS / "report.py"),
            str(output_dir / "results.json"),
            "--output",
            str(rerendered),
        ],
        check=True,
        capture_output=True,
    )
    assert rerendered.read_text() == markdown


def _add_ablations(output_dir: Path, test_file: str, archive: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "benchmark.py"), "--add-ablations", "--output-dir", str(output_dir),
         "--test-file", test_file, "--ablation", f"again={archive}"],
        cwd=REPO_ROOT, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip


def test_ablations_trained_later_are_added_to_the_results(quick_run, trained_archive, tmp_path):
    output_dir, results = quick_run
    for name in ("results.json", "BENCHMARKS.md"):
        (tmp_path / name).write_text((output_dir / name).read_text())
    completed = _add_ablations(tmp_path, results["inputs"]["test_file"], trained_archive)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    updated = json.loads((tmp_path / "results.json").read_text())
    # The same archive on the same test file scores the same; the rest of the results is untouched.
    assert updated["ablations"]["again"]["f1"] == results["ablations"]["same_model"]["f1"]
    assert updated["headline"] == results["headline"]
    # The added row keeps the command that measured it; the rows measured with the page do not need one.
    assert "--add-ablations" in updated["ablations"]["again"]["added"]["command"]
    assert "added" not in updated["ablations"]["same_model"]
    page = (tmp_path / "BENCHMARKS.md").read_text()
    assert "| again (`" in page and "`again`: added on " in page

    # Another test file than the one measured is refused rather than mixed in.
    other = tmp_path / "other.jsonl"
    other.write_text(Path(results["inputs"]["test_file"]).read_text())
    refused = _add_ablations(tmp_path, str(other), trained_archive)
    assert refused.returncode != 0 and "was measured on" in refused.stderr
