"""The model's own metric on a test file: strict P/R/F1 overall, per type and per length."""

from collections import Counter
from typing import Dict, List

import torch
from allennlp.data import Instance

from locate_label_allennlp.benchmarking.data import gold_entities
from locate_label_allennlp.benchmarking.runs import decode_statistics
from locate_label_allennlp.benchmarking.training_run import percent
from locate_label_allennlp.metrics.nested_span_f1 import (
    EXACT_LENGTH_NAMES,
    FIGURES,
    LENGTH_BUCKETS,
    OVERALL,
    bucket_group,
    exact_length_group,
    exact_length_name,
    group_key,
    length_bucket,
    type_group,
)
from locate_label_allennlp.models.locate_and_label import LocateAndLabel


def accuracy(model: LocateAndLabel, batches: List[Dict], instances: List[Instance]) -> Dict:
    """The metric's P/R/F1 (in percent) overall, per type and per length, with gold supports counted from
    the instances, and what the decoder did."""
    model.get_metrics(reset=True)
    with torch.no_grad():
        decoding = decode_statistics(model, batches, with_gold=True)
    metrics = model.get_metrics(reset=True)
    gold = gold_entities(instances)
    by_type = Counter(label for _, _, label in gold)
    by_bucket = Counter(length_bucket(end - start) for start, end, _ in gold)
    by_length = Counter(exact_length_name(end - start) for start, end, _ in gold)

    def row(group: str, support: int) -> Dict:
        return {
            **{figure: percent(metrics.get(group_key(group, figure))) for figure in FIGURES},
            "support": support,
        }

    return {
        "overall": row(OVERALL, len(gold)),
        "by_type": {
            label: row(type_group(label), by_type[label])
            for label in sorted(set(model.entity_types) | set(by_type))
        },
        "by_length_bucket": {name: row(bucket_group(name), by_bucket[name]) for name, _, _ in LENGTH_BUCKETS},
        "by_length": {name: row(exact_length_group(name), by_length[name]) for name in EXACT_LENGTH_NAMES},
        "proposals_per_sentence": metrics["proposals_per_sentence"],
        "proposals_per_entity": metrics["proposals_per_entity"],
        "decoding": decoding,
    }


def overall_accuracy(
    model: LocateAndLabel, batches: List[Dict], instances: List[Instance]
) -> Dict[str, float]:
    """`accuracy`'s overall strict precision, recall and F1 (percent) and proposals per entity."""
    scores = accuracy(model, batches, instances)
    return {
        **{figure: scores["overall"][figure] for figure in FIGURES},
        "proposals_per_entity": scores["proposals_per_entity"],
    }
