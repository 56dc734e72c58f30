"""The study's figures come from the runs' own metrics files, and its page section is replaced in place."""

import json
from pathlib import Path

import pytest

from locate_label_allennlp.benchmarking import study_page
from locate_label_allennlp.benchmarking.checkpoint_curve import checkpoint_curve, epoch_checkpoints
from locate_label_allennlp.benchmarking.training_runs import (
    best_within,
    continued,
    minutes,
    summary,
    with_test_curve,
)


def _run(directory, durations, dev_f1s, final=None):
    directory.mkdir()
    for epoch, (duration, f1) in enumerate(zip(durations, dev_f1s, strict=True)):
        metrics = {"training_duration": duration, "epoch": epoch}
        if f1 is not None:
            metrics["validation_f1"] = f1
        (directory / f"metrics_epoch_{epoch}.json").write_text(json.dumps(metrics))
    if final is not None:
        (directory / "metrics.json").write_text(json.dumps(final))
    return directory


def test_minutes_of_durations():
    assert minutes("1:09:00.587788") == pytest.approx(69 + 0.587788 / 60)
    assert minutes("1 day, 0:30:00") == 24 * 60 + 30


def test_epoch_times_best_epoch_and_test_figures(tmp_path):
    final = {"training_duration": "0:23:10", "test_f1": 0.71, "test_precision": 0.7, "test_recall": 0.72}
    run_dir = _run(tmp_path / "run", ["0:14:00", "0:18:30", "0:23:00"], [0.6, 0.73, 0.72], final)
    result = summary(run_dir)
    assert [round(row["minutes"], 6) for row in result["epochs"]] == [14.0, 4.5, 4.5]
    assert result["best_epoch"] == 1 and result["best_dev_f1"] == 73.0
    assert result["later_epoch_speedup"] == 14.0 / 4.5
    assert result["train_minutes"] == minutes("0:23:10") and result["test_f1"] == 71.0
    running = summary(_run(tmp_path / "running", ["0:14:00"], [0.6]))
    assert not running["finished"] and "test_f1" not in running and running["train_minutes"] == 14.0


def test_a_recovered_run_adds_up_the_minutes_of_both_processes(tmp_path):
    """`allennlp train --recover` restarts the clock of training_duration at its first new epoch."""
    final = {"training_duration": "0:08:00", "test_f1": 0.75, "test_precision": 0.7, "test_recall": 0.8}
    durations = ["0:14:00", "0:18:00", "0:04:30", "0:08:00"]
    result = summary(_run(tmp_path / "run", durations, [0.6, 0.7, 0.72, 0.74], final))
    assert [row["minutes"] for row in result["epochs"]] == [14.0, 4.0, 4.5, 3.5]
    assert [row["elapsed_minutes"] for row in result["epochs"]] == [14.0, 18.0, 22.5, 26.0]
    assert [bool(row.get("recovered")) for row in result["epochs"]] == [False, False, True, False]
    assert result["recovered_at_epochs"] == [2]
    assert result["train_minutes"] == 26.0 and result["test_f1"] == 75.0
    assert "recovered_at_epochs" not in summary(_run(tmp_path / "plain", durations[:2], [0.6, 0.7]))


def test_the_section_is_replaced_and_the_rest_of_the_page_kept(tmp_path):
    run = {
        "name": "a",
        "config": "c.jsonnet",
        "train_sentences": 10,
        **summary(_run(tmp_path / "r", ["0:01:00"], [0.5])),
    }
    page = tmp_path / "BENCHMARKS.md"
    page.write_text("# Benchmarks\n\nbefore\n")
    for note in ("first", "second"):
        study_page.write_section(page, study_page.section([run], "cmd", {"note": note}, None))
    text = page.read_text()
    assert text.startswith("# Benchmarks\n\nbefore\n") and text.count(study_page.BEGIN) == 1
    assert "- note: second" in text and "| a (running) | `c.jsonnet` | 1 | 1.0 |" in text
    study_page.plot([run], tmp_path / "curve.png", [study_page.Reference("before", 69.0, 73.85)])
    assert (tmp_path / "curve.png").stat().st_size > 0


def test_the_budget_figures_keep_the_best_dev_epoch_that_ended_within_the_budget(tmp_path):
    run_dir = _run(tmp_path / "run", ["0:14:00", "0:29:00", "0:45:00", "2:01:00"], [0.6, 0.7, 0.75, 0.8])
    curve = [{"epoch": epoch, "f1": f1} for epoch, f1 in enumerate([61.0, 69.0, 74.0, 79.0])]
    figures = with_test_curve(summary(run_dir), curve)
    assert [row["test_f1"] for row in figures["epochs"]] == [61.0, 69.0, 74.0, 79.0]
    assert figures["within_budget"]["30"]["epoch"] == 1 and figures["within_budget"]["30"]["test_f1"] == 69.0
    # The last epoch ended after 2 hours: the 2-hour run keeps epoch 2.
    assert figures["within_budget"]["120"]["epoch"] == 2
    assert best_within(figures["epochs"], 10) is None


def test_every_kept_checkpoint_is_evaluated_as_the_trainer_validated_it(tmp_path):
    """On the dev file, each epoch's checkpoint scores what the trainer's validation of that epoch did."""
    from allennlp.commands.train import train_model_from_file

    import locate_label_allennlp  # noqa: F401
    from tests.conftest import EXPERIMENT

    run_dir = tmp_path / "run"
    overrides = {"trainer.num_epochs": 3, "trainer.checkpointer": {"keep_most_recent_by_count": None}}
    train_model_from_file(str(EXPERIMENT), str(run_dir), overrides=json.dumps(overrides))
    assert [epoch for epoch, _ in epoch_checkpoints(run_dir)] == [0, 1, 2]
    dev = Path("fixtures/data/dev.jsonl")
    curve = checkpoint_curve(run_dir, dev)
    validated = [json.loads((run_dir / f"metrics_epoch_{row['epoch']}.json").read_text()) for row in curve]
    assert [row["f1"] for row in curve] == pytest.approx([100 * m["validation_f1"] for m in validated])
    assert (run_dir / "checkpoint_curve-dev.jsonl.json").exists()
    assert checkpoint_curve(run_dir, dev) == curve  # read back, not evaluated again


def test_a_second_stage_follows_the_whole_first_stage(tmp_path):
    first = summary(
        _run(
            tmp_path / "first",
            ["0:14:00", "0:18:00", "0:22:00"],
            [0.6, 0.75, 0.74],
            {"training_duration": "0:22:30", "test_f1": 0.74, "test_precision": 0.7, "test_recall": 0.78},
        )
    )
    second_final = {
        "training_duration": "0:30:00",
        "test_f1": 0.77,
        "test_precision": 0.76,
        "test_recall": 0.78,
    }
    second = summary(_run(tmp_path / "second", ["0:29:00"], [0.77], second_final))
    run = continued(first, second)
    assert [row["epoch"] for row in run["epochs"]] == [0, 1, 2, 3]
    assert run["epochs"][3]["elapsed_minutes"] == pytest.approx(22.5 + 29.0)
    assert run["train_minutes"] == pytest.approx(52.5) and run["first_stage_epochs"] == 3
    assert run["best_epoch"] == 3 and run["test_f1"] == 77.0 and run["first_epoch_minutes"] == 14.0
    # When dev prefers the first stage's model, the test figures are that stage's.
    worse = summary(_run(tmp_path / "worse", ["0:29:00"], [0.70], second_final))
    kept = continued(first, worse)
    assert kept["best_epoch"] == 1 and kept["test_f1"] == 74.0 and kept["test_recall"] == 78.0
    row = {"name": "b", "config": "b.jsonnet", "train_sentences": 10, "first_stage": "a", **run}
    assert study_page.table([row])[2].startswith("| b, after 'a' | `b.jsonnet` | 4 | 52.5 | 14.0 |")
    study_page.plot([row], tmp_path / "curve.png")
    assert (tmp_path / "curve.png").stat().st_size > 0


def test_a_run_without_validation_keeps_its_last_epoch(tmp_path):
    """The paper's protocol: no dev file, so no dev F1; the run keeps its last epoch."""
    final = {"training_duration": "0:40:00", "test_f1": 0.76, "test_precision": 0.75, "test_recall": 0.77}
    result = summary(_run(tmp_path / "run", ["0:14:00", "0:25:00", "0:39:00"], [None, None, None], final))
    assert result["best_epoch"] == 2 and result["best_dev_f1"] is None and result["test_f1"] == 76.0
    curve = [{"epoch": epoch, "f1": f1} for epoch, f1 in enumerate([70.0, 74.0, 76.0])]
    figures = with_test_curve(result, curve)
    assert figures["within_budget"]["30"]["epoch"] == 1 and figures["within_budget"]["120"]["test_f1"] == 76.0
    row = {"name": "p", "config": "p.jsonnet", "train_sentences": 10, **figures}
    assert "| 2 | – | 75.00 | 77.00 | 76.00 |" in study_page.table([row])[2]
    study_page.plot([row], tmp_path / "curve.png")
    assert (tmp_path / "curve.png").stat().st_size > 0


def test_rows_measured_before_are_kept_with_the_command_that_measured_them(tmp_path):
    def row(name):
        return {"name": name, "config": f"{name}.jsonnet", "train_sentences": 10, **summary(run_dir)}

    run_dir = _run(tmp_path / "r", ["0:01:00"], [0.5], {"training_duration": "0:01:00"})
    first = {"command": "python study.py --run a --run b", "date": "d1", "machine": "m", "note": "n1"}
    earlier = {**first, "runs": [row("a"), {**row("old"), "measured_by": {**first, "date": "d0"}}, row("b")]}
    kept = study_page.rows_measured_before(earlier, ["b"])
    assert [run["name"] for run in kept] == ["a", "old"]
    assert kept[0]["measured_by"] == first and kept[1]["measured_by"]["date"] == "d0"
    text = study_page.section([*kept, row("b")], "python study.py --run b", {"note": "n2"}, None)
    assert "Rows 'a': measured before, on d1 (m), by the command below" in text
    assert "Its note: n1" in text and "Rows 'old': measured before, on d0 (m)" in text
    assert text.count("python study.py --run a --run b") == 2 and "- note: n2" in text
    assert "| b | `b.jsonnet` |" in text and "| a | `a.jsonnet` |" in text


def test_each_run_of_the_curve_has_a_colour_of_its_own():
    colors = study_page.run_colors(18)
    assert len(set(colors)) == 18
    # The eleventh run no longer takes the first one's colour, as matplotlib's ten-colour cycle gave it.
    assert study_page.run_colors(11)[10] != colors[0]
    assert study_page.run_colors(19)[18] == colors[0]
