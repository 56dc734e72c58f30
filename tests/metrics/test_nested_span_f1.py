import pytest

from locate_label_allennlp.metrics import NestedSpanF1
from locate_label_allennlp.metrics.nested_span_f1 import length_bucket


def test_strict_span_f1_with_nested_and_per_type_figures():
    metric = NestedSpanF1()
    gold = [[(0, 4, "PER"), (0, 2, "ORG"), (5, 6, "LOC")], [(0, 12, "ORG")]]
    predicted = [[(0, 4, "PER"), (0, 2, "PER"), (5, 6, "LOC")], [(0, 12, "ORG"), (1, 2, "LOC")]]
    metric(predicted, gold, num_proposals=[6, 3])
    figures = metric.get_metric(reset=True)
    # 3 correct of 5 predicted; 3 found of 4 gold.
    assert figures["precision"] == pytest.approx(3 / 5)
    assert figures["recall"] == pytest.approx(3 / 4)
    assert figures["f1"] == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    assert figures["_type_ORG_recall"] == pytest.approx(1 / 2)
    assert figures["_type_PER_precision"] == pytest.approx(1 / 2)
    assert figures["_type_LOC_precision"] == pytest.approx(1 / 2)
    assert figures["_length_10+_f1"] == pytest.approx(1.0)
    assert figures["_length=1_precision"] == pytest.approx(1 / 2)
    assert figures["_length=2_precision"] == 0.0
    assert figures["proposals_per_sentence"] == pytest.approx(4.5)
    assert figures["proposals_per_entity"] == pytest.approx(9 / 4)
    assert metric.get_metric() == {}  # reset: nothing judged


def test_duplicate_and_crossing_gold_spans_are_counted():
    metric = NestedSpanF1()
    gold = [[(0, 2, "A"), (0, 2, "A"), (1, 3, "B")]]  # a duplicate, and a crossing span
    metric([[(0, 2, "A"), (1, 3, "B")]], gold)
    figures = metric.get_metric()
    # An entity listed twice is one entity (sets, as in the paper's evaluation): the gold scores 1.0.
    assert figures["precision"] == 1.0
    assert figures["recall"] == 1.0


def test_length_buckets():
    assert [length_bucket(n) for n in (1, 4, 5, 9, 10, 40)] == ["1-4", "1-4", "5-9", "5-9", "10+", "10+"]
    with pytest.raises(ValueError):
        length_bucket(0)
