"""What a training run recorded in its metrics.json: duration, epochs, dev and test F1."""

import json
from pathlib import Path
from typing import Dict, Optional

from locate_label_allennlp.benchmarking.training_runs import minutes


def training_run(metrics_path: Optional[Path]) -> Optional[Dict]:
    if metrics_path is None:
        return None
    metrics = json.loads(metrics_path.read_text())
    return {
        "metrics_file": str(metrics_path.absolute()),
        "training_duration": metrics.get("training_duration"),
        "train_minutes": minutes(metrics["training_duration"]) if "training_duration" in metrics else None,
        "last_epoch": metrics.get("epoch"),
        "best_epoch": metrics.get("best_epoch"),
        "best_validation_f1": percent(metrics.get("best_validation_f1")),
        "test_f1": percent(metrics.get("test_f1")),
        "peak_memory_mb": metrics.get("peak_worker_0_memory_MB"),
    }


def percent(value: Optional[float]) -> Optional[float]:
    return None if value is None else 100 * value
