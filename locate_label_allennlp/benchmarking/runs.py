"""Running a model over prepared batches, counting what its decoder did, and timing runs fairly."""

import statistics
import time
from typing import Callable, Dict, List, Sequence, TypeVar

from allennlp.models import Model

from locate_label_allennlp.benchmarking.data import inputs_only

T = TypeVar("T")


def predict(model: Model, batches: List[Dict]) -> None:
    for batch in batches:
        model(**inputs_only(batch))


def decode_statistics(model: Model, batches: List[Dict], with_gold: bool) -> Dict:
    """
    Runs the model over the batches (with gold entities: the metric is updated) and counts what its
    decoding did. Soft-NMS loops once per span it keeps, over the whole batch at once, so its number of
    iterations in a batch is the largest number of entities kept in one sentence of it.
    """
    sentences = proposals = entities = 0
    iterations = []
    for batch in batches:
        output = model(**(batch if with_gold else inputs_only(batch)))
        kept = output["entity_mask"].sum(dim=1)
        sentences += kept.numel()
        proposals += int(output["num_proposals"].sum())
        entities += int(kept.sum())
        iterations.append(int(kept.max()))
    return {
        "proposals_per_sentence": proposals / sentences,
        "entities_per_sentence": entities / sentences,
        "soft_nms_iterations_per_batch_mean": statistics.mean(iterations),
        "soft_nms_iterations_per_batch_max": max(iterations),
    }


def time_in_turns(runs: Dict[str, Callable[[], None]], repetitions: int) -> Dict[str, List[float]]:
    """Seconds per run of each callable: one warm-up each, then `repetitions` rounds taking turns, so that a
    slow spell of the machine hits all of them alike."""
    seconds: Dict[str, List[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()
    for _ in range(repetitions):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - started)
    return seconds


def timing(seconds: List[float], sentences: int) -> Dict:
    median = statistics.median(seconds)
    return {"median_seconds": median, "runs_seconds": seconds, "sentences_per_second": sentences / median}


def evenly_spaced(items: Sequence[T], count: int) -> List[T]:
    step = max(len(items) // count, 1)
    return list(items[::step][:count])
