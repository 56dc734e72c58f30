from locate_label_allennlp.predictors.nested_ner import NestedNerPredictor

__all__ = ["NestedNerPredictor"]
