"""How the time per sentence grows with the sentence length, on synthetic sentences."""

import functools
import math
import random
import statistics
from typing import Dict, List

import torch
from allennlp.data.vocabulary import DEFAULT_OOV_TOKEN, DEFAULT_PADDING_TOKEN
from allennlp.models.archival import Archive

from locate_label_allennlp.benchmarking.data import tensorise
from locate_label_allennlp.benchmarking.runs import predict, time_in_turns

GROWTH_LENGTHS = (25, 50, 100, 200, 400)


def growth(archive: Archive, batch_size: int, repetitions: int) -> Dict:
    """Time per sentence for synthetic sentences of random vocabulary words, one batch per length."""
    model, reader = archive.model, archive.validation_dataset_reader
    words = [
        word
        for word in model.vocab.get_token_to_index_vocabulary("tokens")
        if word not in (DEFAULT_PADDING_TOKEN, DEFAULT_OOV_TOKEN)
    ]
    rng = random.Random(0)
    batches = {}
    for length in GROWTH_LENGTHS:
        sentences = [[rng.choice(words) for _ in range(length)] for _ in range(batch_size)]
        instances = [reader.text_to_instance(tokens) for tokens in sentences]
        for instance in instances:
            reader.apply_token_indexers(instance)
        batches[length] = tensorise(instances, model)
    with torch.no_grad():
        seconds = time_in_turns(
            {str(length): functools.partial(predict, model, [batch]) for length, batch in batches.items()},
            repetitions,
        )
    rows = []
    for length in GROWTH_LENGTHS:
        per_sentence = statistics.median(seconds[str(length)]) / batch_size
        rows.append(
            {
                "tokens": length,
                "ms_per_sentence": 1e3 * per_sentence,
                "us_per_token": 1e6 * per_sentence / length,
            }
        )
    return {"batch_size": batch_size, "rows": rows, "exponent": growth_exponent(rows)}


def growth_exponent(rows: List[Dict]) -> float:
    """Least-squares slope of log(time) against log(length): 1 is linear growth, 2 quadratic."""
    xs = [math.log(row["tokens"]) for row in rows]
    ys = [math.log(row["ms_per_sentence"]) for row in rows]
    mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
