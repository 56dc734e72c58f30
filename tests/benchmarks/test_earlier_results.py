"""A benchmark run given no --ablation keeps what the results it replaces measured with other commands."""

import json

from locate_label_allennlp.benchmarking.results import earlier_results


def test_ablations_and_figures_of_other_commands_measured_on_the_same_test_file_are_kept(tmp_path):
    ablations = {"no_filter": {"f1": 61.4, "added": {"date": "2026-11-25"}}}
    elsewhere = {"value": 90.5, "command": "python benchmarks/dataset_result.py conll03_test_f1"}
    earlier = {
        "inputs": {"test_file": "$GENIA_DIR/test.jsonl"},
        "headline": {"genia_test_f1": {"value": 76.1}, "conll03_test_f1": elsewhere},
        "ablations": ablations,
    }
    (tmp_path / "results.json").write_text(json.dumps(earlier))
    headline = {"genia_test_f1": {"value": 76.3}}
    kept = earlier_results(tmp_path, "$GENIA_DIR/test.jsonl", headline)
    assert kept["ablations"] == ablations
    # This run's figure replaces the earlier one; the other command's figure stays, with its command.
    assert kept["headline"] == {"genia_test_f1": {"value": 76.3}, "conll03_test_f1": elsewhere}
    # Another test file: those measured something else.
    assert earlier_results(tmp_path, "$GENIA_DIR/dev.jsonl", headline) == {}
    assert earlier_results(tmp_path / "none", "$GENIA_DIR/test.jsonl", headline) == {}
