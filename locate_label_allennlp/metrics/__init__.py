from locate_label_allennlp.metrics.nested_span_f1 import NestedSpanF1

__all__ = ["NestedSpanF1"]
