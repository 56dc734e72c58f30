import dataclasses
import json
import logging
from typing import Any, Callable, List, Optional, Sequence, Tuple, TypeVar

from allennlp.common.checks import ConfigurationError
from allennlp.common.util import JsonDict, sanitize
from allennlp.data import Instance
from allennlp.predictors.predictor import Predictor

from locate_label_allennlp.data.nested_ner_json import NestedNerSentence, parse_sentence
from locate_label_allennlp.dataset_readers.nested_ner import NestedNerDatasetReader, padded_length
from locate_label_allennlp.visualization.nesting import to_brackets, with_depths

logger = logging.getLogger(__name__)

T = TypeVar("T")

LINE_KEY = "_input_line"
"""Set by `load_line`: the 1-based number of the input line the JSON came from."""
LINE_ERROR_KEY = "_input_error"
"""Set by `load_line` for a line that is not valid JSON."""


class InputError(ValueError):
    """A prediction input that cannot be predicted (bad JSON, bad tokens, ...)."""


@Predictor.register("nested_ner")
class NestedNerPredictor(Predictor):
    """
    Predicts nested entities for ``{"sentence": "raw text"}`` (split by the dataset reader's
    tokenizer), ``{"tokens": [...]}`` (optionally with ``"ltokens"``/``"rtokens"`` context and
    ``"pos"``), or, in a file given to ``allennlp predict``, a line of plain text.

    Each result is::

        {"tokens": [...],
         "entities": [{"start", "end", "type", "score", "text", "depth"}],
         "brackets": "[[[United Nations]ORG secretary general]PER Kofi Annan]PER"}

    with exclusive ends, entities sorted by start and then longest first (nested entities are all
    there) and ``depth`` the nesting depth (0 = outermost; see `visualization.nesting`). Gold
    ``"entities"`` in the input are never shown to the model; they are echoed back as
    ``"gold_entities"`` for comparison. A sentence with no tokens gets no entities.

    ``allennlp predict``: every input line gives exactly one output line, in order. `load_line` reads
    a line that starts with ``{`` as JSON and any other line as raw text (an empty line is an empty
    sentence). A line that cannot be predicted (invalid JSON, invalid tokens ...) gives
    ``{"error": "...", "line": N}`` in its place, and the other lines of its batch are predicted as
    usual. Inputs that do not come from `load_line` (the Python API) raise `InputError` instead.
    """

    reads_every_line = True
    """Tells `compat.predict_manager` to hand blank lines to `load_line` too."""

    batches_by_length = True
    """Tells `compat.predict_manager` to give windows of input and the batch size (see there)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not isinstance(self._dataset_reader, NestedNerDatasetReader):
            raise ConfigurationError(
                "the nested_ner predictor needs a nested_ner dataset reader (or one derived from it), "
                f"not {type(self._dataset_reader).__name__}"
            )
        self._reader: NestedNerDatasetReader = self._dataset_reader
        self._lines_read = 0

    def predict(self, sentence: Optional[str] = None, tokens: Optional[List[str]] = None) -> JsonDict:
        """``predict(sentence="raw text")`` or ``predict(tokens=[...])``."""
        if (sentence is None) == (tokens is None):
            raise ValueError("give exactly one of sentence= or tokens=")
        return self.predict_json({"sentence": sentence} if tokens is None else {"tokens": tokens})

    def load_line(self, line: str) -> JsonDict:
        """
        One line of the input file: JSON when it starts with ``{`` (after leading whitespace), raw
        text otherwise. Lines are counted here, so the predictor must see every line of one file
        (`compat.predict_manager` makes ``allennlp predict`` pass blank lines too).
        """
        self._lines_read += 1
        return self.parse_line(line, self._lines_read)

    @staticmethod
    def parse_line(line: str, number: int) -> JsonDict:
        """
        `load_line` for line ``number`` (1-based) of a file, without counting: for callers that read
        a file in parts (e.g. `annotation`, where several processes share one file) and know the
        number of each line. A byte order mark is removed from line 1.
        """
        if number == 1:
            line = line.lstrip("\ufeff")
        text = line.strip()
        if not text.startswith("{"):
            return {"sentence": line.rstrip("\r\n"), LINE_KEY: number}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            return {LINE_KEY: number, LINE_ERROR_KEY: f"invalid JSON: {error.msg} (column {error.colno})"}
        return {**value, LINE_KEY: number}

    def _json_to_instance(self, json_dict: JsonDict) -> Instance:
        sentence, _ = self._parse(json_dict)
        return self._reader.sentence_to_instance(sentence)

    def _parse(self, json_dict: Any, where: str = "input") -> Tuple[NestedNerSentence, Optional[list]]:
        """The sentence to predict (without entities) and its gold entities, if any."""
        if not isinstance(json_dict, dict):
            raise InputError(f"{where}: a prediction input must be a JSON object, got {json_dict!r}")
        if LINE_ERROR_KEY in json_dict:
            raise InputError(f"{where}: {json_dict[LINE_ERROR_KEY]}")
        json_dict = {key: value for key, value in json_dict.items() if key != LINE_KEY}
        if "tokens" not in json_dict and "sentence" in json_dict:
            if not isinstance(json_dict["sentence"], str):
                raise InputError(f"{where}: field 'sentence' must be a string, got {json_dict['sentence']!r}")
            json_dict = {**json_dict, "tokens": self._reader.tokenize(json_dict["sentence"])}
        if "tokens" not in json_dict:
            raise InputError(
                f"{where}: a prediction input needs 'tokens' (a list of strings) or 'sentence' (text)"
            )
        try:
            sentence = parse_sentence(json_dict, where)
        except ConfigurationError as error:
            raise InputError(error.message) from error
        gold = None
        if sentence.entities is not None:
            gold = [(entity.start, entity.end, entity.type) for entity in sentence.entities]
        return dataclasses.replace(sentence, entities=None), gold

    def predict_json(self, inputs: JsonDict) -> JsonDict:
        return self.predict_batch_json([inputs])[0]

    def predict_batch_json(self, inputs: List[JsonDict], batch_size: Optional[int] = None) -> List[JsonDict]:
        """
        The results of ``inputs``, in their order. With ``batch_size``, the model runs on batches of at
        most that many sentences of similar length (less padding, so faster); otherwise on all at once.
        """
        results: List[Optional[JsonDict]] = [None] * len(inputs)
        parsed = []  # (position, sentence, gold, line)
        for position, json_dict in enumerate(inputs):
            line = json_dict.get(LINE_KEY) if isinstance(json_dict, dict) else None
            try:
                where = "input" if line is None else f"line {line}"
                sentence, gold = self._parse(json_dict, where)
            except Exception as error:
                results[position] = self._error_or_raise(error, line)
                continue
            if not sentence.tokens:
                results[position] = _result(sentence.tokens, [], gold)
            else:
                parsed.append((position, sentence, gold, line))
        # All sentences are POS-tagged at once (when the reader tags): batched tagging is several
        # times faster than the one-sentence fallback of the reader's text_to_instance.
        tagged = self._reader.with_pos_tags(sentence for _, sentence, _, _ in parsed)
        to_predict = []  # (position, sentence, gold, instance, line)
        for (position, _, gold, line), sentence in zip(parsed, tagged, strict=True):
            try:
                instance = self._reader.sentence_to_instance(sentence)
                self._reader.apply_token_indexers(instance)
            except Exception as error:
                results[position] = self._error_or_raise(error, line)
                continue
            to_predict.append((position, sentence, gold, instance, line))
        outputs = _in_length_order(
            to_predict, lambda item: padded_length(item[3]), self._entities_of, batch_size
        )
        for (position, sentence, gold, _, _), output in zip(to_predict, outputs, strict=True):
            if "error" in output:
                results[position] = output
            else:
                results[position] = _result(sentence.tokens, output["entities"], gold)
        return results  # type: ignore[return-value]  # every position was filled above

    def _entities_of(self, to_predict: list) -> List[JsonDict]:
        """
        The model's output for each ``(position, sentence, gold, instance, line)``. When the batch
        fails, its instances are run one by one, so that only the failing line gets an error record.
        """
        if not to_predict:
            return []
        try:
            return list(self._model.forward_on_instances([item[3] for item in to_predict]))
        except Exception:
            if all(item[4] is None for item in to_predict):
                raise
        outputs = []
        for _, _, _, instance, line in to_predict:
            try:
                outputs.append(self._model.forward_on_instance(instance))
            except Exception as error:
                if line is None:
                    raise
                logger.exception("prediction failed for input line %s", line)
                outputs.append(self._error_or_raise(error, line))
        return outputs

    @staticmethod
    def _error_or_raise(error: Exception, line: Optional[int]) -> JsonDict:
        """An error record for an input line; inputs from the Python API raise instead."""
        message = error.message if isinstance(error, ConfigurationError) else str(error)
        if line is None:
            if isinstance(error, ConfigurationError):
                raise InputError(message) from error
            raise error
        # The record names the line in its own field.
        prefix = f"line {line}: "
        message = message[len(prefix) :] if message.startswith(prefix) else message
        return {"error": message or type(error).__name__, "line": line}

    def predict_instance(self, instance: Instance) -> JsonDict:
        return self.predict_batch_instance([instance])[0]

    def predict_batch_instance(
        self, instances: List[Instance], batch_size: Optional[int] = None
    ) -> List[JsonDict]:
        """
        For ``allennlp predict --use-dataset-reader``: gold entities are echoed when annotated.
        ``batch_size`` as for `predict_batch_json`.
        """
        outputs = _in_length_order(instances, padded_length, self._model.forward_on_instances, batch_size)
        results = []
        for instance, output in zip(instances, outputs, strict=True):
            metadata = instance["metadata"].metadata  # type: ignore[attr-defined]  # a MetadataField
            entities: List[JsonDict] = output["entities"]
            results.append(_result(metadata["tokens"], entities, metadata["entities"]))
        return results


def _in_length_order(
    items: List[T],
    length: Callable[[T], int],
    run: Callable[[List[T]], Sequence[JsonDict]],
    batch_size: Optional[int],
) -> List[JsonDict]:
    """
    ``run``'s outputs for ``items``, in their order, ``run`` being called on batches of at most
    ``batch_size`` items of similar length (all at once without ``batch_size``): a batch is padded to
    its longest sentence (in context, for the transformer), so sorting saves the padding's work.
    """
    if batch_size is None or len(items) <= batch_size:
        return list(run(items))
    order = sorted(range(len(items)), key=lambda index: length(items[index]))
    outputs: List[Optional[JsonDict]] = [None] * len(items)
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        for index, output in zip(batch, run([items[index] for index in batch]), strict=True):
            outputs[index] = output
    return outputs  # type: ignore[return-value]


def _result(tokens: List[str], entities: List[JsonDict], gold: Optional[Sequence]) -> JsonDict:
    entities = [
        {
            "start": entity["start"],
            "end": entity["end"],
            "type": entity["type"],
            "score": entity["score"],
            "text": " ".join(tokens[entity["start"] : entity["end"]]),
        }
        for entity in entities
    ]
    entities = with_depths(entities)
    result = {"tokens": list(tokens), "entities": entities, "brackets": to_brackets(tokens, entities)}
    if gold is not None:
        result["gold_entities"] = [{"start": start, "end": end, "type": label} for start, end, label in gold]
    return sanitize(result)
