"""
Reading the predictions file that `allennlp predict --predictor nested_ner` writes: one JSON object
per line, either a prediction (``tokens``, ``entities``, optionally ``gold_entities``) or an error
record (``error``, ``line``). Used by the HTML view, the evaluation report and the bracket printer.
"""

import json
from typing import Dict, Iterator, List


class PredictionsFileError(ValueError):
    """A predictions file that cannot be read; the message names the file and line."""


def iter_predictions(path: str) -> Iterator[Dict]:
    """The checked records of a predictions JSON-lines file, one at a time (blank lines skipped)."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise PredictionsFileError(f"{path}:{number}: invalid JSON: {error.msg}") from error
            check_prediction(record, f"{path}:{number}")
            yield record


def read_predictions(path: str) -> List[Dict]:
    """All the checked records of a predictions JSON-lines file."""
    return list(iter_predictions(path))


def check_prediction(record: object, where: str) -> None:
    """Raises `PredictionsFileError` naming ``where`` and the field unless ``record`` is a prediction
    (tokens, entities inside them, optional gold entities) or an error record."""
    if not isinstance(record, dict):
        raise PredictionsFileError(f"{where}: expected a JSON object")
    if "error" in record:
        return
    if "entities" not in record:
        raise PredictionsFileError(f"{where}: no 'entities' (not a nested_ner prediction)")
    tokens = record.get("tokens")
    if not isinstance(tokens, list) or not all(isinstance(token, str) for token in tokens):
        raise PredictionsFileError(f"{where}: 'tokens' must be a list of strings")
    for key in ("entities", "gold_entities"):
        if key not in record:
            continue
        if not isinstance(record[key], list):
            raise PredictionsFileError(f"{where}: '{key}' must be a list")
        for index, entity in enumerate(record[key]):
            if not (
                isinstance(entity, dict)
                and isinstance(entity.get("start"), int)
                and isinstance(entity.get("end"), int)
                and isinstance(entity.get("type"), str)
                and 0 <= entity["start"] < entity["end"] <= len(tokens)
            ):
                raise PredictionsFileError(
                    f"{where}: '{key}[{index}]' must be {{start, end, type}} inside the "
                    f"{len(tokens)} tokens (end exclusive), got {entity!r}"
                )
