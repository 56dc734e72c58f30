"""What a training run recorded in its metrics.json: duration, epochs, dev and test F1."""

import json
from pathlib import Path
from typing import Dict, Optional


def training_run(metrics_path: Optional[Path]) -> Optional[Dict]:
    if metrics_path is None:
        return None
    metrics = json.loads(metrics_path.read_text())
    return {
        "metrics_file": str(metrics_path.absolute()),
        "training_duration": metrics.get("training_duration"),
        "train_minutes": _minutes(metrics["training_duration"]) if "training_duration" in metrics else None,
        "last_epoch": metrics.get("epoch"),
        "best_epoch": metrics.get("best_epoch"),
        "best_validation_f1": percent(metrics.get("best_validation_f1")),
        "test_f1": percent(metrics.get("test_f1")),
        "peak_memory_mb": metrics.get("peak_worker_0_memory_MB"),
    }


def percent(value: Optional[float]) -> Optional[float]:
    return None if value is None else 100 * value


def _minutes(duration: str) -> float:
    """AllenNLP writes str(timedelta): "H:MM:SS.ffffff", or "N day(s), H:MM:SS.ffffff"."""
    days = 0
    if "day" in duration:
        day_part, duration = duration.split(", ")
        days = int(day_part.split()[0])
    hours, minutes, seconds = duration.split(":")
    return 24 * 60 * days + 60 * int(hours) + int(minutes) + float(seconds) / 60
