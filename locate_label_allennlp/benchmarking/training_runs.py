"""
What a finished (or running) ``allennlp train`` serialization directory says about its run: the time
and dev F1 of every epoch (from ``metrics_epoch_N.json``, whose ``training_duration`` is cumulative),
the final figures (``metrics.json``: training duration, best epoch, test F1), and the frozen-encoder
cache's effect: the first epoch computes the transformer's vectors, the later ones read them.
"""

import datetime
import json
import re
import statistics
from pathlib import Path
from typing import Any, Dict, List, Optional

EPOCH_FILE = re.compile(r"metrics_epoch_(\d+)\.json$")
BUDGET_MINUTES = (30, 120)  # the training budgets the study reports: 30 minutes and 2 hours


def minutes(duration: str) -> float:
    """``"1:09:00.587788"`` (or ``"2 days, 1:00:00"``) in minutes."""
    days = 0
    if "day" in duration:
        day_part, duration = duration.split(", ")
        days = int(day_part.split()[0])
    hours, mins, seconds = duration.split(":")
    delta = datetime.timedelta(days=days, hours=int(hours), minutes=int(mins), seconds=float(seconds))
    return delta.total_seconds() / 60


def epochs(run_dir: Path) -> List[Dict[str, Any]]:
    """
    Per epoch: its index, its own minutes, the minutes since the start, and its dev F1 (percent). A run
    continued with ``allennlp train --recover`` restarts the clock of ``training_duration`` at its first
    new epoch; such an epoch (its cumulative duration below the epoch's before it) is marked
    ``recovered`` and timed on from the epochs before it, so that the minutes of both processes add up
    (the time between them, when nothing trained, is not counted).
    """
    files = sorted(
        (int(match.group(1)), path)
        for path in run_dir.iterdir()
        if (match := EPOCH_FILE.search(path.name)) is not None
    )
    rows: List[Dict[str, Any]] = []
    process_previous, offset = 0.0, 0.0
    for epoch, path in files:
        metrics = json.loads(path.read_text())
        process_elapsed = minutes(metrics["training_duration"])
        recovered = process_elapsed < process_previous
        if recovered:
            offset, process_previous = rows[-1]["elapsed_minutes"], 0.0
        row = {
            "epoch": epoch,
            "minutes": process_elapsed - process_previous,
            "elapsed_minutes": offset + process_elapsed,
            # None without validation (the paper's protocol).
            "dev_f1": 100 * metrics["validation_f1"] if "validation_f1" in metrics else None,
        }
        if recovered:
            row["recovered"] = True
        rows.append(row)
        process_previous = process_elapsed
    return rows


def best_within(rows: List[Dict[str, Any]], budget_minutes: float) -> Optional[Dict[str, Any]]:
    """The epoch a run trained for ``budget_minutes`` would keep: `kept_epoch` among the epochs that ended
    within the budget (None if none did)."""
    within = [row for row in rows if row["elapsed_minutes"] <= budget_minutes]
    return kept_epoch(within) if within else None


def kept_epoch(rows: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The epoch a run keeps: the best dev F1 (the first of equals), or the last without validation."""
    if any(row["dev_f1"] is None for row in rows):
        return rows[-1]
    return max(rows, key=lambda row: row["dev_f1"])


def epoch_figures(rows: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The kept epoch (`kept_epoch`) and its dev F1; with more than one epoch, the first epoch's minutes
    (it fills the frozen-encoder cache), the later epochs' mean and the ratio of the two."""
    best = kept_epoch(rows)
    figures: Dict[str, Any] = {"best_epoch": best["epoch"], "best_dev_f1": best["dev_f1"]}
    if len(rows) > 1:
        later = statistics.mean(row["minutes"] for row in rows[1:])
        figures.update(
            first_epoch_minutes=rows[0]["minutes"],
            later_epoch_minutes=later,
            later_epoch_speedup=rows[0]["minutes"] / later,
        )
    return figures


def summary(run_dir: Path) -> Dict[str, Any]:
    """The run's figures; ``finished`` says whether ``metrics.json`` (written at the end) exists."""
    per_epoch = epochs(run_dir)
    final_path = run_dir / "metrics.json"
    final: Optional[Dict[str, Any]] = json.loads(final_path.read_text()) if final_path.exists() else None
    result: Dict[str, Any] = {"run_dir": str(run_dir), "finished": final is not None, "epochs": per_epoch}
    if per_epoch:
        result.update(epoch_figures(per_epoch), train_minutes=per_epoch[-1]["elapsed_minutes"])
    recovered = [row["epoch"] for row in per_epoch if row.get("recovered")]
    if recovered:
        result["recovered_at_epochs"] = recovered
    if final is not None:
        # A recovered run's metrics.json counts only its last process; its epochs count both.
        if not recovered:
            result["train_minutes"] = minutes(final["training_duration"])
        if "test_f1" in final:
            result["test_f1"] = 100 * final["test_f1"]
            result["test_precision"] = 100 * final["test_precision"]
            result["test_recall"] = 100 * final["test_recall"]
    return result


def with_test_curve(figures: Dict[str, Any], curve: List[Dict[str, Any]]) -> Dict[str, Any]:
    """``summary``'s figures with each epoch's test F1 (``curve``: `checkpoint_curve`'s rows) and, per
    budget of `BUDGET_MINUTES`, the test F1 of the epoch a run of that budget would keep."""
    test_f1 = {row["epoch"]: row["f1"] for row in curve}
    rows = [{**row, "test_f1": test_f1.get(row["epoch"])} for row in figures["epochs"]]
    return {**figures, "epochs": rows, "within_budget": _within_budgets(rows)}


def _within_budgets(rows: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    budgets = {}
    for budget in BUDGET_MINUTES:
        kept = best_within(rows, budget)
        if kept is not None and kept.get("test_f1") is not None:
            budgets[str(budget)] = {
                key: kept[key] for key in ("epoch", "elapsed_minutes", "dev_f1", "test_f1")
            }
    return budgets


def continued(first: Dict[str, Any], second: Dict[str, Any]) -> Dict[str, Any]:
    """
    One run of two stages: ``second`` (``summary``'s figures, or `with_test_curve`'s) started from the
    model that ``first`` trained. Its epochs follow the first stage's, numbered on and timed from the
    end of the first stage (whose minutes all count, not only those up to its best epoch); the best
    epoch is chosen on dev among both stages' epochs, and the test figures are that epoch's stage's.
    """
    offset_epochs, offset_minutes = len(first["epochs"]), first["train_minutes"]
    rows = first["epochs"] + [
        {
            **row,
            "epoch": row["epoch"] + offset_epochs,
            "elapsed_minutes": row["elapsed_minutes"] + offset_minutes,
        }
        for row in second["epochs"]
    ]
    result: Dict[str, Any] = {
        "run_dir": second["run_dir"],
        "first_stage_run_dir": first["run_dir"],
        "first_stage_epochs": offset_epochs,
        "finished": second["finished"],
        "epochs": rows,
        "train_minutes": offset_minutes + second["train_minutes"],
        "within_budget": _within_budgets(rows),
        **epoch_figures(rows),
    }
    kept_stage = second if result["best_epoch"] >= offset_epochs else first
    for key in ("test_f1", "test_precision", "test_recall"):
        if key in kept_stage:
            result[key] = kept_stage[key]
    return result


def train_sentences_per_second(run: Dict[str, Any]) -> Optional[float]:
    """Training sentences seen per second of ``training_duration`` (``run``: a study row, which carries
    ``train_sentences``; validation time included)."""
    if not run.get("train_minutes"):
        return None
    return run["train_sentences"] * len(run["epochs"]) / (60 * run["train_minutes"])
