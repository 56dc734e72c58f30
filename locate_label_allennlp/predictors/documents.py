"""
Predicting the sentences of whole documents, for the spaCy component and corpus annotation
(`locate_label_allennlp.annotation`): the `nested_ner` predictor of an archive, and a document's sentences
as its inputs, each with its neighbours as context. They are then predicted with
``predictor.predict_batch_json(inputs, batch_size=...)`` (length-sorted batches).
"""

from typing import List, Sequence

from allennlp.common.checks import ConfigurationError
from allennlp.common.util import JsonDict
from allennlp.predictors import Predictor

from locate_label_allennlp.predictors.nested_ner import NestedNerPredictor


def load_predictor(archive: str, cuda_device: int = -1, overrides: str = "") -> NestedNerPredictor:
    predictor = Predictor.from_path(archive, "nested_ner", cuda_device=cuda_device, overrides=overrides)
    if not isinstance(predictor, NestedNerPredictor):  # a subclass registered under the name would do
        raise ConfigurationError(f"{archive}: the nested_ner predictor is {type(predictor).__name__}")
    return predictor


def with_neighbour_context(token_lists: Sequence[List[str]]) -> List[JsonDict]:
    """
    Predictor inputs for the consecutive sentences of one document: each with its tokens and, as
    ``ltokens``/``rtokens``, the previous and next sentence (the context a model trained with
    ``context_token_indexers`` reads, as in prepared GENIA; other models ignore it).
    """
    inputs = []
    for index, tokens in enumerate(token_lists):
        inputs.append(
            {
                "tokens": list(tokens),
                "ltokens": list(token_lists[index - 1]) if index > 0 else [],
                "rtokens": list(token_lists[index + 1]) if index + 1 < len(token_lists) else [],
            }
        )
    return inputs
