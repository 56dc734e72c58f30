"""A dataset's test F1 joins the headline: evaluated at the dev-chosen decoder, cited with its command."""

import json
import shutil
from pathlib import Path

from locate_label_allennlp.benchmarking.dataset_results import dataset_result, main
from locate_label_allennlp.benchmarking.report import render

DEV = Path("fixtures/data/dev.jsonl")


def test_the_tuned_decoder_is_applied(trained_archive, tmp_path):
    tuning = tmp_path / "tuning.json"
    tuning.write_text(json.dumps({"overrides": json.dumps({"model.decoder.score_threshold": 0.99})}))
    as_trained, strict = (
        dataset_result(trained_archive, DEV, None),
        dataset_result(trained_archive, DEV, tuning),
    )
    assert strict["decoder_overrides"] == json.dumps({"model.decoder.score_threshold": 0.99})
    # A threshold of 0.99 keeps fewer entities than the trained one.
    assert strict["recall"] <= as_trained["recall"]


def test_the_figure_is_added_to_results_and_page(trained_archive, tmp_path):
    results = tmp_path / "results.json"
    shutil.copy("benchmarks/results.json", results)
    page = tmp_path / "BENCHMARKS.md"
    main(["weibo_test_f1", "--archive", str(trained_archive), "--test-file", str(DEV),
          "--results", str(results), "--markdown", str(page)])  # fmt: skip
    written = json.loads(results.read_text())
    entry = written["headline"]["weibo_test_f1"]
    assert entry["value"] == written["datasets"]["weibo_test_f1"]["f1"]
    assert entry["command"].startswith("python") and "dev.jsonl" in entry["note"]
    assert "`weibo_test_f1`" in page.read_text() and page.read_text() == render(written)
