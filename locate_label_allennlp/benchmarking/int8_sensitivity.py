"""
Where int8 costs accuracy: the model quantised with ``model.quantize``, and again with named parts of it
left in float32 (``model.quantize_keep_float``) or its outlier rows quantised apart
(``model.quantize_outlier_rows``), each against float32 on one file. Per variant: how many
predicted entities differ from float32's (a finer measure of the int8 error than the F1 it loses, which
moves by a few entities either way), strict F1, and forward-only speed (runs taken in turns, as in
`inference_speed`).
"""

from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

import torch

from locate_label_allennlp.benchmarking.data import as_locate_and_label, prepare
from locate_label_allennlp.benchmarking.inference_speed import Int8Variant, forward_seconds, load
from locate_label_allennlp.benchmarking.runs import timing
from locate_label_allennlp.benchmarking.training_run import percent
from locate_label_allennlp.metrics.nested_span_f1 import FIGURES, OVERALL, group_key
from locate_label_allennlp.models import LocateAndLabel

Entity = Tuple[int, int, str]


def predicted_entities(
    model: LocateAndLabel, batches: List[Dict]
) -> Tuple[List[Set[Entity]], Dict[str, Optional[float]]]:
    """Per sentence, the (start, end exclusive, type) of every entity the model predicts; and the strict
    precision, recall and F1 (percent) of those predictions, from the same forward passes (a pass over
    a large file with a large encoder takes minutes)."""
    model.get_metrics(reset=True)
    entities: List[Set[Entity]] = []
    with torch.no_grad():
        for batch in batches:
            output = model(**batch)  # with the gold entities, so that the metric counts this batch
            entities.extend(
                {(start, end, label) for start, end, label, _ in sentence}
                for sentence in model.decoded_entities(output)
            )
    metrics = model.get_metrics(reset=True)
    return entities, {figure: percent(metrics.get(group_key(OVERALL, figure))) for figure in FIGURES}


def disagreement(entities: List[Set[Entity]], reference: List[Set[Entity]]) -> int:
    """Entities predicted by one of the two and not the other, over all sentences."""
    return sum(len(ours ^ theirs) for ours, theirs in zip(entities, reference, strict=True))


def measure(
    archive_path: Path,
    data_file: Path,
    variants: Dict[str, Int8Variant],
    scheme: str = "int8",
    engine: Optional[str] = None,
    batch_size: int = 32,
    repetitions: int = 3,
) -> Dict[str, Any]:
    """``variants``: the ways of quantising the model to measure, by name."""
    archives = {"float32": load(archive_path, None, {})}
    archives.update(
        {name: load(archive_path, scheme, {}, engine, variant) for name, variant in variants.items()}
    )
    prepared = prepare(archives["float32"], data_file, batch_size)
    sentences = len(prepared.instances)
    seconds = forward_seconds(archives, prepared.batches, repetitions)
    predictions = {
        name: predicted_entities(as_locate_and_label(archive.model), prepared.batches)
        for name, archive in archives.items()
    }
    entities = {name: predicted for name, (predicted, _) in predictions.items()}
    results: Dict[str, Any] = {
        "scheme": scheme,
        "quantization_engine": engine or torch.backends.quantized.engine,
        "batch_size": batch_size,
        "repetitions": repetitions,
        "float32_entities": sum(map(len, entities["float32"])),
    }
    for name in archives:
        variant = variants.get(name, Int8Variant())
        results[name] = {
            "keep_float": list(variant.keep_float),
            "outlier_rows": variant.outlier_rows,
            "forward_only": timing(seconds[name], sentences),
            "accuracy": predictions[name][1],
            "entities_unlike_float32": disagreement(entities[name], entities["float32"]),
        }
    float32 = results["float32"]
    for name in variants:
        figures = results[name]
        figures["speedup"] = (
            figures["forward_only"]["sentences_per_second"] / float32["forward_only"]["sentences_per_second"]
        )
        figures["f1_loss"] = float32["accuracy"]["f1"] - figures["accuracy"]["f1"]
    return results
