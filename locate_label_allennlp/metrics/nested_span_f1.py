from collections import Counter
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import torch.distributed as dist
from allennlp.common.util import is_distributed
from allennlp.training.metrics.metric import Metric

SpanTuple = Tuple[int, int, str]
"""An entity as ``(start, end_exclusive, type)``."""

# The groups the metric reports, and how their keys are named: defined here once, and asked for by
# the report, the plot, the model card and the benchmark.
FIGURES = ("precision", "recall", "f1")
OVERALL = "all"
LENGTH_BUCKETS = (("1-4", 1, 4), ("5-9", 5, 9), ("10+", 10, None))
"""Length buckets as ``(name, shortest, longest or None)``."""
MAX_EXACT_LENGTH = 20
"""Lengths 1 .. MAX_EXACT_LENGTH - 1 are reported one by one, longer ones together (as Table 2)."""
EXACT_LENGTH_NAMES = tuple(str(n) for n in range(1, MAX_EXACT_LENGTH)) + (f">={MAX_EXACT_LENGTH}",)


def length_bucket(length: int) -> str:
    """The name of the length bucket of an entity of ``length`` tokens."""
    for name, low, high in LENGTH_BUCKETS:
        if length >= low and (high is None or length <= high):
            return name
    raise ValueError(f"span length must be positive, got {length}")


def exact_length_name(length: int) -> str:
    """``"3"`` for 3 tokens, ``">=20"`` from `MAX_EXACT_LENGTH` tokens on."""
    if length < 1:
        raise ValueError(f"span length must be positive, got {length}")
    return str(length) if length < MAX_EXACT_LENGTH else EXACT_LENGTH_NAMES[-1]


def type_group(label: str) -> str:
    return f"type:{label}"


def bucket_group(name: str) -> str:
    return f"length:{name}"


def exact_length_group(name: str) -> str:
    """The group of an exact-length name: ``"3"`` -> ``"length=3"``, ``">=20"`` -> ``"length>=20"``."""
    return "length" + (name if name.startswith(">") else "=" + name)


def group_key(group: str, figure: str) -> str:
    """
    The metric's key of a figure of a group: ``(OVERALL, "f1")`` -> ``"f1"``; ``type:protein`` ->
    ``"_type_protein_f1"``; ``length:1-4`` -> ``"_length_1-4_f1"``; ``length=3`` -> ``"_length=3_f1"``.
    The leading underscore keeps the groups off the training progress bar.
    """
    return figure if group == OVERALL else "_" + group.replace(":", "_") + "_" + figure


def split_key(key: str) -> Optional[Tuple[str, str]]:
    """The inverse of `group_key`: ``(group, figure)``, or `None` for a key that is no group's figure."""
    for figure in FIGURES:
        if key == figure:
            return OVERALL, figure
        suffix = "_" + figure
        if key.startswith("_") and key.endswith(suffix):
            # "type_cell_type" -> "type:cell_type"; "length_1-4" -> "length:1-4"; "length=3" stays.
            kind, separator, name = key[1 : -len(suffix)].partition("_")
            return (f"{kind}:{name}" if separator else kind), figure
    return None


def groups_of(span: SpanTuple) -> Tuple[str, ...]:
    """Every group an entity counts in."""
    start, end, label = span
    length = end - start
    return (
        OVERALL,
        type_group(label),
        bucket_group(length_bucket(length)),
        exact_length_group(exact_length_name(length)),
    )


def _prf(true_positives: int, false_positives: int, false_negatives: int) -> Tuple[float, float, float]:
    precision = (
        true_positives / (true_positives + false_positives) if true_positives + false_positives else 0.0
    )
    recall = true_positives / (true_positives + false_negatives) if true_positives + false_negatives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@Metric.register("nested_span_f1")
class NestedSpanF1(Metric):
    """
    Strict span precision, recall and F1 for nested entities: a prediction is correct when its start,
    end and type all equal a gold entity's. Every span is judged on its own, so nested, crossing and
    same-span entities of different types all count; predicted and gold entities of a sentence are
    sets, so an entity listed twice (same span and type) counts once, as in the paper's evaluation.
    Reports the micro average (``precision``, ``recall``, ``f1``), per type (``_type_<type>_f1`` ...),
    per entity-length bucket (``_length_1-4_f1`` ...; a prediction falls in the bucket of its own
    length, a gold entity in its own) and per exact length
    (``_length=N_f1``, N = 1..19, and ``_length>=20_f1``), plus the mean number of span proposals kept
    by stage 1 per sentence and per gold entity.

    Under distributed training the counts of all workers are summed before any figure is computed.
    """

    def __init__(self) -> None:
        self._counts: Counter = Counter()

    def __call__(  # type: ignore[override]  # spans per sentence, not tensors as Metric declares
        self,
        predicted: Sequence[Iterable[SpanTuple]],
        gold: Sequence[Iterable[SpanTuple]],
        num_proposals: Sequence[int] = (),
    ) -> None:
        """
        predicted, gold : per sentence, the entities as ``(start, end_exclusive, type)``.
        num_proposals : per sentence, how many span proposals stage 1 kept.
        """
        counts = self._counts
        for predicted_spans, gold_spans in zip(predicted, gold):
            predicted_set, gold_set = set(predicted_spans), set(gold_spans)
            counts["sentences"] += 1
            counts["gold"] += len(gold_set)
            for span in predicted_set:
                self._count("tp" if span in gold_set else "fp", span)
            for span in gold_set - predicted_set:
                self._count("fn", span)
        counts["proposals"] += int(sum(num_proposals))

    def _count(self, outcome: str, span: SpanTuple) -> None:
        for group in groups_of(span):
            self._counts[(group, outcome)] += 1

    def total_counts(self) -> Counter:
        """
        The raw counts behind the figures, summed over all workers under distributed training:
        ``counts[(group, outcome)]`` for each group of `groups_of` (named by `OVERALL`, `type_group`,
        `bucket_group`, `exact_length_group`)
        and outcome "tp", "fp", "fn"; plus "sentences", "gold" and "proposals".
        """
        if not is_distributed():
            return self._counts
        gathered: List[Counter] = [Counter() for _ in range(dist.get_world_size())]
        dist.all_gather_object(gathered, self._counts)
        return sum(gathered, Counter())

    def get_metric(self, reset: bool = False) -> Dict[str, float]:
        counts = self.total_counts()
        metrics: Dict[str, float] = {}
        if counts["sentences"] == 0:
            # Nothing judged yet (e.g. training, where the model does not decode): report nothing
            # rather than zeros that look like a result.
            return metrics
        groups = sorted({group for group, _ in (key for key in counts if isinstance(key, tuple))})
        for group in groups:
            figures = _prf(counts[(group, "tp")], counts[(group, "fp")], counts[(group, "fn")])
            for name, value in zip(FIGURES, figures):
                metrics[group_key(group, name)] = value
        for name in FIGURES:
            metrics.setdefault(name, 0.0)  # no entity predicted or expected at all
        metrics["proposals_per_sentence"] = counts["proposals"] / max(counts["sentences"], 1)
        metrics["proposals_per_entity"] = counts["proposals"] / max(counts["gold"], 1)
        if reset:
            self.reset()
        return metrics

    def reset(self) -> None:
        self._counts = Counter()
