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
    """Per epoch: its index, its own minutes, the minutes since the start, and its dev F1 (percent)."""
    files = sorted(
        (int(match.group(1)), path)
        for path in run_dir.iterdir()
        if (match := EPOCH_FILE.search(path.name)) is not None
    )
    rows, previous = [], 0.0
    for epoch, path in files:
        metrics = json.loads(path.read_text())
        elapsed = minutes(metrics["training_duration"])
        rows.append(
            {
                "epoch": epoch,
                "minutes": elapsed - previous,
                "elapsed_minutes": elapsed,
                "dev_f1": 100 * metrics["validation_f1"],
            }
        )
        previous = elapsed
    return rows


def summary(run_dir: Path) -> Dict[str, Any]:
    """The run's figures; ``finished`` says whether ``metrics.json`` (written at the end) exists."""
    per_epoch = epochs(run_dir)
    final_path = run_dir / "metrics.json"
    final: Optional[Dict[str, Any]] = json.loads(final_path.read_text()) if final_path.exists() else None
    result: Dict[str, Any] = {"run_dir": str(run_dir), "finished": final is not None, "epochs": per_epoch}
    if per_epoch:
        best = max(per_epoch, key=lambda row: row["dev_f1"])
        result.update(best_epoch=best["epoch"], best_dev_f1=best["dev_f1"])
        result["train_minutes"] = per_epoch[-1]["elapsed_minutes"]
        if len(per_epoch) > 1:
            later = statistics.mean(row["minutes"] for row in per_epoch[1:])
            result.update(first_epoch_minutes=per_epoch[0]["minutes"], later_epoch_minutes=later)
            result["later_epoch_speedup"] = per_epoch[0]["minutes"] / later
    if final is not None:
        result["train_minutes"] = minutes(final["training_duration"])
        if "test_f1" in final:
            result["test_f1"] = 100 * final["test_f1"]
            result["test_precision"] = 100 * final["test_precision"]
            result["test_recall"] = 100 * final["test_recall"]
    return result
