"""
CPU inference speed, float32 against int8 dynamic quantisation (``model.quantize``, one or more of
its schemes), measured two ways on one test file:

* **forward only**: the model's forward passes over the whole file, from ready tensors (batches of
  sentences sorted by padded length, as the predictor sorts them; reading, indexing and output
  excluded), without gold entities;
* **end to end**: what ``allennlp predict`` does after start-up (reading the lines, indexing,
  batching, the model, writing the JSON lines), through the same predict manager, with a model loaded
  beforehand; the output file is kept, so float32 and int8 outputs can be compared.

Plus each model's strict P/R/F1 on the file (gold entities given), so that what quantisation costs in
accuracy sits beside what it saves in time. Vector caches of frozen transformers are switched off:
every run computes every sentence, as a first prediction of new text does.
"""

import json
from functools import partial
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Optional, Sequence

import torch
from allennlp.models.archival import Archive
from allennlp.predictors import Predictor

from locate_label_allennlp.benchmarking.accuracy import overall_accuracy
from locate_label_allennlp.benchmarking.data import as_locate_and_label, prepare
from locate_label_allennlp.benchmarking.data import load as load_uncached
from locate_label_allennlp.benchmarking.runs import predict, time_in_turns, timing
from locate_label_allennlp.compat.predict_manager import EveryLinePredictManager


class Int8Variant(NamedTuple):
    """A way of quantising the model: the submodules it keeps in float32 (``model.quantize_keep_float``;
    none: the whole scheme), and its ``model.quantize_outlier_rows`` (None: one activation scale per
    layer call)."""

    keep_float: Sequence[str] = ()
    outlier_rows: Optional[float] = None


def load(
    archive_path: Path,
    quantize: Optional[str],
    overrides: Dict[str, Any],
    engine: Optional[str] = None,
    variant: Int8Variant = Int8Variant(),
) -> Archive:
    """
    The archive with ``overrides``, quantised with ``quantize`` (None: float32) for the quantized
    ``engine`` (None: torch's default) as ``variant`` says, caches off.
    """
    quantization = (
        {
            "model.quantize": quantize,
            "model.quantization_engine": engine,
            "model.quantize_keep_float": list(variant.keep_float),
            "model.quantize_outlier_rows": variant.outlier_rows,
        }
        if quantize
        else {}
    )
    return load_uncached(archive_path, json.dumps({**overrides, **quantization}))


def forward_seconds(
    archives: Dict[str, Archive], batches: List[Dict], repetitions: int
) -> Dict[str, List[float]]:
    """Seconds per forward pass over ``batches`` of each archive's model, the models taking turns."""
    # Taking turns (time_in_turns) exposes every model alike to a machine that slows down or speeds up
    # over the minutes, as a shared virtual machine does.
    with torch.no_grad():
        return time_in_turns(
            {name: partial(predict, archive.model, batches) for name, archive in archives.items()},
            repetitions,
        )


def predict_file(predictor: Predictor, test_file: Path, output_file: Path, batch_size: int) -> None:
    """``allennlp predict ARCHIVE TEST_FILE --predictor nested_ner`` after start-up."""
    # The manager `allennlp predict` uses (this plugin's, which reads ahead and batches by length).
    EveryLinePredictManager(predictor, str(test_file), str(output_file), batch_size, False, False).run()


def measure(
    archive_path: Path,
    test_file: Path,
    output_dir: Path,
    batch_size: int = 32,
    repetitions: int = 3,
    overrides: str = "",
    int8_schemes: Sequence[str] = ("int8", "int8_linear"),
    quantization_engine: Optional[str] = None,
    int8_variant: Int8Variant = Int8Variant(),
) -> Dict[str, Any]:
    """
    For float32 and each of ``int8_schemes`` (`nn.quantization`), forward-only and end-to-end timings
    (sentences per second, medians of runs taken in turns) and accuracy, and for each int8 scheme its
    speed-ups and F1 loss against float32; predictions go to ``output_dir/predictions_<scheme>.jsonl``.
    ``int8_scheme`` names the first of ``int8_schemes``, whose figures the headline reports;
    ``quantization_engine`` the torch quantized engine of every int8 scheme (None: torch's default);
    ``int8_variant`` how every int8 scheme is applied (the parts it keeps in float32, its outlier rows).
    """
    if not int8_schemes:
        raise ValueError("measure at least one int8 scheme")
    all_overrides = json.loads(overrides or "{}")
    archives = {"float32": load(archive_path, None, all_overrides)}
    archives.update(
        {
            scheme: load(archive_path, scheme, all_overrides, quantization_engine, int8_variant)
            for scheme in int8_schemes
        }
    )
    # One archive, one vocabulary: the float32 model's tensors serve every scheme.
    prepared = prepare(archives["float32"], test_file, batch_size)
    sentences = len(prepared.instances)
    forward = forward_seconds(archives, prepared.batches, repetitions)
    predictors = {name: Predictor.from_archive(archive, "nested_ner") for name, archive in archives.items()}
    end_to_end = time_in_turns(
        {
            name: partial(
                predict_file, predictor, test_file, output_dir / f"predictions_{name}.jsonl", batch_size
            )
            for name, predictor in predictors.items()
        },
        repetitions,
    )
    results: Dict[str, Any] = {
        "overrides": all_overrides,
        "batch_size": batch_size,
        "repetitions": repetitions,
        "int8_scheme": int8_schemes[0],
        "quantization_engine": quantization_engine or torch.backends.quantized.engine,
        "int8_keep_float": list(int8_variant.keep_float),
        "int8_outlier_rows": int8_variant.outlier_rows,
    }
    for name, archive in archives.items():
        forward_timing, end_to_end_timing = (
            timing(forward[name], sentences),
            timing(end_to_end[name], sentences),
        )
        results[name] = {
            "sentences": sentences,
            "forward_only": forward_timing,
            "end_to_end": end_to_end_timing,
            "predict_to_forward_ratio": end_to_end_timing["sentences_per_second"]
            / forward_timing["sentences_per_second"],
            "accuracy": overall_accuracy(
                as_locate_and_label(archive.model), prepared.batches, prepared.instances
            ),
        }
    float32 = results["float32"]
    for scheme in int8_schemes:
        figures = results[scheme]
        figures["speedup_forward"] = (
            figures["forward_only"]["sentences_per_second"] / float32["forward_only"]["sentences_per_second"]
        )
        figures["speedup_end_to_end"] = (
            figures["end_to_end"]["sentences_per_second"] / float32["end_to_end"]["sentences_per_second"]
        )
        figures["f1_loss"] = float32["accuracy"]["f1"] - figures["accuracy"]["f1"]
    return results
