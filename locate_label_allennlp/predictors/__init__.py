from locate_label_allennlp.predictors.nested_ner import NestedNerPredictor
from locate_label_allennlp.predictors import predict_manager  # noqa: F401  (installs the line-by-line reading)
