"""
CPU inference speed, float32 against int8 dynamic quantisation (``model.quantize``), measured two
ways on one test file:

* **forward only**: the model's forward passes over the whole file, from ready tensors (batches of
  sentences sorted by length; reading, indexing and output excluded), without gold entities;
* **end to end**: what ``allennlp predict`` does after start-up (reading the lines, indexing,
  batching, the model, writing the JSON lines), through the same predict manager, with a model loaded
  beforehand; the output file is kept, so float32 and int8 outputs can be compared.

Plus each model's strict P/R/F1 on the file (gold entities given), so that what quantisation costs in
accuracy sits beside what it saves in time. Vector caches of frozen transformers are switched off:
every run computes every sentence, as a first prediction of new text does.
"""

import json
import statistics
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import torch
from allennlp.models.archival import Archive
from allennlp.predictors import Predictor

from locate_label_allennlp.benchmarking.accuracy import overall_accuracy
from locate_label_allennlp.benchmarking.data import as_locate_and_label, inputs_only, prepare
from locate_label_allennlp.benchmarking.data import load as load_uncached
from locate_label_allennlp.compat.predict_manager import EveryLinePredictManager


def load(archive_path: Path, quantize: Optional[str], overrides: Dict[str, Any]) -> Archive:
    """The archive with ``overrides``, quantised with ``quantize`` (None: float32), caches off."""
    all_overrides = {**overrides, **({"model.quantize": quantize} if quantize else {})}
    return load_uncached(archive_path, json.dumps(all_overrides))


def forward_seconds(archive: Archive, batches: List[Dict]) -> float:
    """One pass of the model over ``batches``, inputs only (no loss, no metric)."""
    started = time.perf_counter()
    with torch.no_grad():
        for batch in batches:
            archive.model(**inputs_only(batch))
    return time.perf_counter() - started


def predict_seconds(archive: Archive, test_file: Path, output_file: Path, batch_size: int) -> float:
    """``allennlp predict ARCHIVE TEST_FILE --predictor nested_ner`` after start-up, in seconds."""
    predictor = Predictor.from_archive(archive, "nested_ner")
    # The manager `allennlp predict` uses (this plugin's, which reads ahead and batches by length).
    manager = EveryLinePredictManager(predictor, str(test_file), str(output_file), batch_size, False, False)
    started = time.perf_counter()
    manager.run()
    return time.perf_counter() - started


def median_of(measure: Callable[[], float], repetitions: int) -> Dict[str, Any]:
    """One warm-up run, then the median of ``repetitions`` runs."""
    measure()
    seconds = [measure() for _ in range(repetitions)]
    return {"median_seconds": statistics.median(seconds), "runs_seconds": seconds}


def measure_scheme(
    archive: Archive, test_file: Path, output_file: Path, batch_size: int, repetitions: int
) -> Dict[str, Any]:
    """Forward-only and end-to-end timings and the accuracy of one loaded model."""
    prepared = prepare(archive, test_file, batch_size)
    batches, sentences = prepared.batches, len(prepared.instances)
    forward = median_of(lambda: forward_seconds(archive, batches), repetitions)
    end_to_end = median_of(lambda: predict_seconds(archive, test_file, output_file, batch_size), repetitions)
    for timing in (forward, end_to_end):
        timing["sentences_per_second"] = sentences / timing["median_seconds"]
    return {
        "sentences": sentences,
        "forward_only": forward,
        "end_to_end": end_to_end,
        "predict_to_forward_ratio": end_to_end["sentences_per_second"] / forward["sentences_per_second"],
        "accuracy": overall_accuracy(as_locate_and_label(archive.model), batches, prepared.instances),
    }


def measure(
    archive_path: Path,
    test_file: Path,
    output_dir: Path,
    batch_size: int = 32,
    repetitions: int = 3,
    overrides: str = "",
    schemes: tuple = (None, "int8"),
) -> Dict[str, Any]:
    """
    Per scheme (``None``: float32), forward-only and end-to-end timings (sentences per second, medians)
    and accuracy; predictions go to ``output_dir/predictions_<scheme>.jsonl``.
    """
    all_overrides = json.loads(overrides or "{}")
    results: Dict[str, Any] = {
        "overrides": all_overrides,
        "batch_size": batch_size,
        "repetitions": repetitions,
    }
    for scheme in schemes:
        name = scheme or "float32"
        output_file = output_dir / f"predictions_{name}.jsonl"
        results[name] = measure_scheme(
            load(archive_path, scheme, all_overrides), test_file, output_file, batch_size, repetitions
        )
    if "float32" in results and "int8" in results:
        results["int8_speedup_forward"] = (
            results["int8"]["forward_only"]["sentences_per_second"]
            / results["float32"]["forward_only"]["sentences_per_second"]
        )
        results["int8_speedup_end_to_end"] = (
            results["int8"]["end_to_end"]["sentences_per_second"]
            / results["float32"]["end_to_end"]["sentences_per_second"]
        )
        results["int8_f1_loss"] = results["float32"]["accuracy"]["f1"] - results["int8"]["accuracy"]["f1"]
    return results
