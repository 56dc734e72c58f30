"""
The ``nested_ner`` JSON format: parsing and validation with errors that name the file, line and field.

One sentence is an object::

    {"tokens": ["IL-2", "gene", "expression"],
     "entities": [{"start": 0, "end": 2, "type": "DNA"}, {"start": 0, "end": 1, "type": "protein"}],
     "pos": ["NN", "NN", "NN"],           # optional
     "ltokens": [...], "rtokens": [...]}  # optional: the neighbouring sentences

``end`` is exclusive (the format of the paper's code, in which ACE04/05, KBP17 and GENIA are distributed).
A file is either JSON lines (one object per line; blank lines are skipped) or one JSON array of objects.
Other keys (``orig_id``, ``relations``, ...) are ignored.
"""
import json
from dataclasses import dataclass, field
from typing import Any, Iterator, List, Optional, Tuple

from allennlp.common.checks import ConfigurationError


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    """Exclusive."""
    type: str


@dataclass
class NestedNerSentence:
    tokens: List[str]
    entities: Optional[List[Entity]] = None
    """``None`` when the input carries no annotation (prediction)."""
    pos: Optional[List[str]] = None
    ltokens: List[str] = field(default_factory=list)
    rtokens: List[str] = field(default_factory=list)


def _fail(where: str, message: str) -> ConfigurationError:
    return ConfigurationError(f"{where}: {message}")


def _string_list(value: Any, where: str, name: str) -> List[str]:
    if not isinstance(value, list):
        raise _fail(where, f"field '{name}' must be a list of strings, got {type(value).__name__}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise _fail(
                where, f"field '{name}[{index}]' must be a string, got {type(item).__name__} {item!r}"
            )
    return value


def _int(value: Any, where: str, name: str) -> int:
    # bool is an int in Python; an entity offset of `true` is a data error, not 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"field '{name}' must be an integer, got {value!r}")
    return value


def parse_entities(value: Any, num_tokens: int, where: str) -> List[Entity]:
    if not isinstance(value, list):
        raise _fail(where, f"field 'entities' must be a list, got {type(value).__name__}")
    entities = []
    for index, entity in enumerate(value):
        name = f"entities[{index}]"
        if not isinstance(entity, dict):
            raise _fail(where, f"field '{name}' must be an object, got {entity!r}")
        for key in ("start", "end", "type"):
            if key not in entity:
                raise _fail(where, f"field '{name}' has no '{key}'")
        start = _int(entity["start"], where, f"{name}.start")
        end = _int(entity["end"], where, f"{name}.end")
        entity_type = entity["type"]
        if not isinstance(entity_type, str) or not entity_type:
            raise _fail(where, f"field '{name}.type' must be a non-empty string, got {entity_type!r}")
        if start < 0 or end <= start or end > num_tokens:
            raise _fail(
                where,
                f"field '{name}' spans [{start}, {end}) which is not inside the sentence's "
                f"{num_tokens} tokens (end is exclusive and must be greater than start)",
            )
        entities.append(Entity(start, end, entity_type))
    return entities


def parse_sentence(value: Any, where: str, require_entities: bool = False) -> NestedNerSentence:
    """Validates one sentence object; ``where`` (e.g. ``train.jsonl:12``) prefixes every error."""
    if not isinstance(value, dict):
        raise _fail(where, f"expected a JSON object, got {type(value).__name__}")
    if "tokens" not in value:
        raise _fail(where, "missing field 'tokens'")
    tokens = _string_list(value["tokens"], where, "tokens")
    entities = None
    if value.get("entities") is not None:
        entities = parse_entities(value["entities"], len(tokens), where)
    elif require_entities:
        raise _fail(where, "missing field 'entities'")
    pos = None
    if value.get("pos") is not None:
        pos = _string_list(value["pos"], where, "pos")
        if len(pos) != len(tokens):
            raise _fail(where, f"field 'pos' has {len(pos)} tags for {len(tokens)} tokens")
    ltokens = _string_list(value.get("ltokens") or [], where, "ltokens")
    rtokens = _string_list(value.get("rtokens") or [], where, "rtokens")
    return NestedNerSentence(tokens, entities, pos, ltokens, rtokens)


def read_sentences(path: str) -> Iterator[Tuple[str, NestedNerSentence]]:
    """
    Yields ``(where, sentence)`` for every sentence of a JSON-lines file or a JSON-array file, ``where``
    being ``path:line`` (JSON lines) or ``path:item N`` (array), for error messages downstream.
    """
    try:
        handle = open(path, encoding="utf-8")
    except OSError as error:
        raise ConfigurationError(f"cannot read dataset file {path}: {error.strerror}") from error
    with handle:
        first = handle.read(1)
        while first and first.isspace():
            first = handle.read(1)
        handle.seek(0)
        if first == "[":
            try:
                items = json.load(handle)
            except json.JSONDecodeError as error:
                raise _fail(f"{path}:{error.lineno}", f"invalid JSON: {error.msg}") from error
            for index, item in enumerate(items):
                yield f"{path}:item {index}", parse_sentence(item, f"{path}:item {index}")
            return
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{line_number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise _fail(where, f"invalid JSON: {error.msg} (column {error.colno})") from error
            yield where, parse_sentence(item, where)
