from collections import Counter
from typing import Dict, Iterable, List, Sequence, Tuple

import torch.distributed as dist
from allennlp.common.util import is_distributed
from allennlp.training.metrics.metric import Metric

SpanTuple = Tuple[int, int, str]
"""An entity as ``(start, end_exclusive, type)``."""

LENGTH_BUCKETS = (("1-4", 1, 4), ("5-9", 5, 9), ("10+", 10, None))


def length_bucket(length: int) -> str:
    for name, low, high in LENGTH_BUCKETS:
        if length >= low and (high is None or length <= high):
            return name
    raise ValueError(f"span length must be positive, got {length}")


def _prf(true_positives: int, false_positives: int, false_negatives: int) -> Tuple[float, float, float]:
    precision = true_positives / (true_positives + false_positives) if true_positives + false_positives else 0.0
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

    def __call__(  # type: ignore
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
        start, end, label = span
        length = end - start
        exact = f"={length}" if length < 20 else ">=20"
        for key in ("all", f"type:{label}", f"length:{length_bucket(length)}", f"length{exact}"):
            self._counts[(key, outcome)] += 1

    def total_counts(self) -> Counter:
        """
        The raw counts behind the figures, summed over all workers under distributed training:
        ``counts[(group, outcome)]`` for group "all", "type:T", "length:B", "length=N" / "length>=20"
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
            # "all" -> "f1"; "type:protein" -> "_type_protein_f1"; "length:1-4" -> "_length_1-4_f1";
            # "length=3" -> "_length=3_f1". The underscore keeps them off the training progress bar.
            prefix = "" if group == "all" else "_" + group.replace(":", "_") + "_"
            figures = _prf(counts[(group, "tp")], counts[(group, "fp")], counts[(group, "fn")])
            for name, value in zip(("precision", "recall", "f1"), figures):
                metrics[prefix + name] = value
        for name in ("precision", "recall", "f1"):
            metrics.setdefault(name, 0.0)  # no entity predicted or expected at all
        metrics["proposals_per_sentence"] = counts["proposals"] / max(counts["sentences"], 1)
        metrics["proposals_per_entity"] = counts["proposals"] / max(counts["gold"], 1)
        if reset:
            self.reset()
        return metrics

    def reset(self) -> None:
        self._counts = Counter()
