"""
Annotates one unit (`annotation.units`) with a model loaded once per worker. Workers of every kind (this
process, worker processes, Ray actors) run this same code on the same units, so their output is the same.

A unit's result is a JSON-able dict ``{"index", "sentences", "records"}`` (documents also ``"name"`` and,
when the document cannot be annotated, ``"error"``) that `annotation.writers` turns into output:

* line files: one record per line, in order: the predictor's output (``--format jsonl``; an input line it
  cannot predict gives its ``{"error", "line"}`` record, as in ``allennlp predict``), or for ``--format
  brat`` ``{"line", "text", "entities": [[start, end, type, score]]}`` with character offsets into
  ``text`` (or ``{"line", "error"}``);
* documents: one record per sentence, ``{"start", "end", "tokens", "entities", "brackets"}`` with the
  sentence's character span and each entity's ``char_start``/``char_end`` in the document.
"""

import logging
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from allennlp.common.checks import ConfigurationError
from allennlp.common.util import JsonDict
from allennlp.data import Token

from locate_label_allennlp.annotation.units import DocumentUnit, InputKind, LineUnit, Unit, read_unit_lines
from locate_label_allennlp.data.brat import read_text
from locate_label_allennlp.data.nested_ner_json import decode_utf8
from locate_label_allennlp.data.sentences import SentenceSegmenter, TokenSpan, align_tokens
from locate_label_allennlp.predictors.documents import load_predictor, with_neighbour_context
from locate_label_allennlp.predictors.nested_ner import LINE_KEY, NestedNerPredictor

logger = logging.getLogger(__name__)

OUTPUT_FORMATS = ("jsonl", "brat")


@dataclass(frozen=True)
class AnnotatorSettings:
    archive: str
    kind: str
    """An `InputKind` value."""
    output_format: str
    batch_size: int = 32
    cuda_device: int = -1
    overrides: str = ""
    threads: Optional[int] = None
    """torch threads of each worker; ``None`` leaves torch's default."""
    split_on_newlines: bool = True
    """For documents: a line break ends a sentence."""


class UnitAnnotator:
    def __init__(self, settings: AnnotatorSettings) -> None:
        import torch

        import locate_label_allennlp  # noqa: F401  (registers the components, also in a fresh worker)

        if settings.output_format not in OUTPUT_FORMATS:
            raise ConfigurationError(
                f"output format must be one of {OUTPUT_FORMATS}, got {settings.output_format!r}"
            )
        if settings.threads:
            torch.set_num_threads(settings.threads)
        self.settings = settings
        self.kind = InputKind(settings.kind)
        self.predictor = load_predictor(settings.archive, settings.cuda_device, settings.overrides)
        self.segmenter = SentenceSegmenter(split_on_newlines=settings.split_on_newlines)

    def annotate(self, unit: Unit) -> Dict[str, Any]:
        if isinstance(unit, LineUnit):
            return self._annotate_lines(unit)
        return self._annotate_document(unit)

    def _annotate_lines(self, unit: LineUnit) -> Dict[str, Any]:
        inputs: List[JsonDict] = []
        undecodable: Dict[int, str] = {}  # line number -> why
        for number, raw in enumerate(read_unit_lines(unit), start=unit.first_line):
            try:
                line = decode_utf8(raw, unit.path, number)
            except ConfigurationError as error:
                undecodable[number] = error.message.split(": ", 1)[1]
                continue
            if self.kind is InputKind.JSONL:
                inputs.append(NestedNerPredictor.parse_line(line, number))
            else:
                text = line.lstrip("\ufeff") if number == 1 else line
                inputs.append({"sentence": text.rstrip("\r\n"), LINE_KEY: number})
        outputs = self.predictor.predict_batch_json(inputs, batch_size=self.settings.batch_size)
        predictions = iter(zip(inputs, outputs, strict=True))
        records = []
        for number in range(unit.first_line, unit.first_line + unit.num_lines):
            if number in undecodable:
                records.append({"error": undecodable[number], "line": number})
                continue
            json_dict, prediction = next(predictions)
            if self.settings.output_format == "brat":
                prediction = _brat_line_record(json_dict, prediction, number)
            records.append(prediction)
        return {"index": unit.index, "sentences": unit.num_lines, "records": records}

    def _annotate_document(self, unit: DocumentUnit) -> Dict[str, Any]:
        result: Dict[str, Any] = {
            "index": unit.index,
            "name": unit.name,
            "path": unit.path,
            "sentences": 0,
            "records": [],
        }
        try:
            text = read_text(unit.path)
            if not text.strip():
                raise ValueError("empty document (no text to annotate)")
            sentences = self.segmenter.sentences(text)
            inputs = with_neighbour_context([sentence.words for sentence in sentences])
            predictions = self.predictor.predict_batch_json(inputs, batch_size=self.settings.batch_size)
        except (ConfigurationError, ValueError, OSError) as error:
            message = error.message if isinstance(error, ConfigurationError) else str(error)
            return {**result, "error": message}
        records = [
            _document_record(sentence.tokens, prediction)
            for sentence, prediction in zip(sentences, predictions)
        ]
        return {**result, "sentences": len(records), "records": records}


def _document_record(tokens: List[TokenSpan], prediction: JsonDict) -> JsonDict:
    entities = [
        {**entity, "char_start": tokens[entity["start"]].start, "char_end": tokens[entity["end"] - 1].end}
        for entity in prediction["entities"]
    ]
    return {
        "start": tokens[0].start,
        "end": tokens[-1].end,
        "tokens": prediction["tokens"],
        "entities": entities,
        "brackets": prediction["brackets"],
    }


def _brat_line_record(json_dict: JsonDict, prediction: JsonDict, number: int) -> JsonDict:
    """
    The sentence's text and its entities' character spans in it: the raw text when the tokens are pieces
    of it, otherwise the tokens joined by spaces. Line breaks become spaces (so that the text stays one
    line of the ``.txt``); an entity with no visible character (only empty tokens) is left out.
    """
    if "error" in prediction:
        return {"line": number, "error": prediction["error"]}
    tokens = prediction["tokens"]
    sentence = json_dict.get("sentence")
    try:
        if not isinstance(sentence, str) or "tokens" in json_dict:
            raise ValueError("pre-tokenised")
        spans = [(span.start, span.end) for span in align_tokens(sentence, [Token(text) for text in tokens])]
        if len(spans) != len(tokens):
            raise ValueError("white-space tokens")
    except ValueError:
        sentence, spans = _joined(tokens)
    text = sentence.replace("\r", " ").replace("\n", " ")
    entities = []
    for entity in prediction["entities"]:
        start, end = spans[entity["start"]][0], spans[entity["end"] - 1][1]
        if text[start:end].strip():
            entities.append([start, end, entity["type"], entity["score"]])
        else:
            logger.warning(
                "line %d: entity %s has no visible character and is left out of the .ann", number, entity
            )
    return {"line": number, "text": text, "entities": entities}


def _joined(tokens: List[str]) -> Tuple[str, List[Tuple[int, int]]]:
    spans, position = [], 0
    for token in tokens:
        spans.append((position, position + len(token)))
        position += len(token) + 1
    return " ".join(tokens), spans
