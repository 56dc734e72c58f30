import dataclasses
from typing import List, Optional, Sequence, Tuple

from allennlp.common.util import JsonDict, sanitize
from allennlp.data import Instance
from allennlp.predictors.predictor import Predictor

from locate_label_allennlp.data.nested_ner_json import NestedNerSentence, parse_sentence


@Predictor.register("nested_ner")
class NestedNerPredictor(Predictor):
    """
    Predicts nested entities for ``{"tokens": [...]}`` (optionally with ``"ltokens"``/``"rtokens"``
    context and ``"pos"``) or ``{"sentence": "raw text"}`` (split by the dataset reader's tokenizer).

    Each result is ``{"tokens": [...], "entities": [{"start", "end", "type", "score", "text"}]}`` with
    exclusive ends, sorted by start and then longest first; nested entities are all there. Gold
    ``"entities"`` in the input are never shown to the model; they are echoed back as
    ``"gold_entities"`` for comparison. A sentence with no tokens gets no entities.
    """

    def predict(self, sentence: str = None, tokens: List[str] = None) -> JsonDict:
        """``predict(sentence="raw text")`` or ``predict(tokens=[...])``."""
        if (sentence is None) == (tokens is None):
            raise ValueError("give exactly one of sentence= or tokens=")
        return self.predict_json({"sentence": sentence} if tokens is None else {"tokens": tokens})

    def _json_to_instance(self, json_dict: JsonDict) -> Instance:
        sentence, _ = self._parse(json_dict)
        return self._dataset_reader.sentence_to_instance(sentence)

    def _parse(self, json_dict: JsonDict) -> Tuple[NestedNerSentence, Optional[list]]:
        """The sentence to predict (without entities) and its gold entities, if any."""
        if not isinstance(json_dict, dict):
            raise ValueError(f"a prediction input must be a JSON object, got {json_dict!r}")
        if "tokens" not in json_dict and "sentence" in json_dict:
            if not isinstance(json_dict["sentence"], str):
                raise ValueError(f"field 'sentence' must be a string, got {json_dict['sentence']!r}")
            json_dict = {**json_dict, "tokens": self._dataset_reader.tokenize(json_dict["sentence"])}
        if "tokens" not in json_dict:
            raise ValueError("a prediction input needs 'tokens' (a list of strings) or 'sentence' (text)")
        sentence = parse_sentence(json_dict, "input")
        gold = None
        if sentence.entities is not None:
            gold = [(entity.start, entity.end, entity.type) for entity in sentence.entities]
        return dataclasses.replace(sentence, entities=None), gold

    def predict_json(self, inputs: JsonDict) -> JsonDict:
        return self.predict_batch_json([inputs])[0]

    def predict_batch_json(self, inputs: List[JsonDict]) -> List[JsonDict]:
        parsed = [self._parse(json_dict) for json_dict in inputs]
        instances = [
            self._dataset_reader.sentence_to_instance(sentence) for sentence, _ in parsed if sentence.tokens
        ]
        for instance in instances:
            self._dataset_reader.apply_token_indexers(instance)
        outputs = iter(self._model.forward_on_instances(instances) if instances else [])
        return [
            _result(sentence.tokens, next(outputs)["entities"] if sentence.tokens else [], gold)
            for sentence, gold in parsed
        ]

    def predict_instance(self, instance: Instance) -> JsonDict:
        return self.predict_batch_instance([instance])[0]

    def predict_batch_instance(self, instances: List[Instance]) -> List[JsonDict]:
        outputs = self._model.forward_on_instances(instances)
        results = []
        for instance, output in zip(instances, outputs):
            metadata = instance["metadata"].metadata  # type: ignore
            results.append(_result(metadata["tokens"], output["entities"], metadata["entities"]))
        return results


def _result(tokens: List[str], entities: List[JsonDict], gold: Optional[Sequence]) -> JsonDict:
    result = {
        "tokens": tokens,
        "entities": [
            {**entity, "text": " ".join(tokens[entity["start"] : entity["end"]])} for entity in entities
        ],
    }
    if gold is not None:
        result["gold_entities"] = [
            {"start": start, "end": end, "type": label} for start, end, label in gold
        ]
    return sanitize(result)
