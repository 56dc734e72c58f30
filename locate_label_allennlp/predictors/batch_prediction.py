"""
Batched prediction of many sentences with the `nested_ner` predictor, shared by the spaCy component and
corpus annotation (`locate_label_allennlp.annotation`).

Sentences are sorted by length before they are cut into batches, so that a batch pads little; the results
come back in the input order. The batches depend only on the inputs and ``batch_size``, so the same
inputs give the same output (to the last digit of every score) in any process that runs them.
"""

from typing import Dict, List, Sequence

from allennlp.common.util import JsonDict
from allennlp.predictors import Predictor


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


def _length(json_dict: JsonDict) -> int:
    tokens = json_dict.get("tokens") if isinstance(json_dict, dict) else None
    if isinstance(tokens, list):
        return len(tokens)
    sentence = json_dict.get("sentence") if isinstance(json_dict, dict) else None
    return len(sentence.split()) if isinstance(sentence, str) else 0


def predict_sorted(predictor: Predictor, inputs: Sequence[JsonDict], batch_size: int) -> List[JsonDict]:
    """``predictor.predict_batch_json`` over ``inputs`` in length-sorted batches; results in input order."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    order = sorted(range(len(inputs)), key=lambda position: _length(inputs[position]))
    results: Dict[int, JsonDict] = {}
    for first in range(0, len(order), batch_size):
        positions = order[first : first + batch_size]
        outputs = predictor.predict_batch_json([inputs[position] for position in positions])
        results.update(zip(positions, outputs))
    return [results[position] for position in range(len(inputs))]
