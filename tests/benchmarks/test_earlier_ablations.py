"""A benchmark run given no --ablation keeps the trained ablations of the results it replaces."""

import json

from locate_label_allennlp.benchmarking.results import earlier_ablations


def test_the_ablations_measured_on_the_same_test_file_are_kept(tmp_path):
    ablations = {"no_filter": {"f1": 61.4}}
    earlier = {
        "inputs": {"test_file": "$GENIA_DIR/test.jsonl"},
        "ablations": ablations,
        "ablations_environment": {"date": "2026-11-25"},
    }
    (tmp_path / "results.json").write_text(json.dumps(earlier))
    kept = earlier_ablations(tmp_path, "$GENIA_DIR/test.jsonl")
    assert kept == {"ablations": ablations, "ablations_environment": {"date": "2026-11-25"}}
    # Another test file: those ablations measured something else.
    assert earlier_ablations(tmp_path, "$GENIA_DIR/dev.jsonl") == {}
    assert earlier_ablations(tmp_path / "none", "$GENIA_DIR/test.jsonl") == {}
