"""
The ``nested_ner`` JSON format: parsing and validation with errors that name the file, line and field.

One sentence is an object::

    {"tokens": ["IL-2", "gene", "expression"],
     "entities": [{"start": 0, "end": 2, "type": "DNA"}, {"start": 0, "end": 1, "type": "protein"}],
     "pos": ["NN", "NN", "NN"],           # optional
     "ltokens": [...], "rtokens": [...]}  # optional: the neighbouring sentences

``end`` is exclusive (the format of the paper's code, in which ACE04/05, KBP17 and GENIA are distributed).
A file is UTF-8 (a byte order mark is allowed) and either JSON lines (one object per line; blank lines are
skipped) or one JSON array of objects. Other keys (``orig_id``, ``relations``, ...) are ignored.

Every error is a ``ConfigurationError`` that starts with ``file:line`` and names the field. A sentence
with no tokens is valid (it has no entities); duplicate entities, entities sharing a span with different
types and crossing entities are all kept.
"""

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Iterator, List, Optional, Tuple

from allennlp.common.checks import ConfigurationError

logger = logging.getLogger(__name__)

# JSON's "\ud800" escapes decode to lone surrogates, which are not text: they cannot even be written to
# a vocabulary file.
_SURROGATE = re.compile("[\ud800-\udfff]")
_BOM = b"\xef\xbb\xbf"
_NEWLINE = b"\n"
_JSON_WHITESPACE = " \t\r\n"


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


def _check_text(value: str, where: str, name: str) -> None:
    match = _SURROGATE.search(value)
    if match:
        raise _fail(where, f"field '{name}' is not valid Unicode (lone surrogate {match.group()!r})")


def _string_list(value: Any, where: str, name: str) -> List[str]:
    if not isinstance(value, list):
        raise _fail(where, f"field '{name}' must be a list of strings, got {type(value).__name__}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise _fail(
                where, f"field '{name}[{index}]' must be a string, got {type(item).__name__} {item!r}"
            )
    if _SURROGATE.search("".join(value)):
        for index, item in enumerate(value):
            _check_text(item, where, f"{name}[{index}]")
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
        _check_text(entity_type, where, f"{name}.type")
        if "\n" in entity_type or "\r" in entity_type:
            # A vocabulary file has one label per line; "PER\r" would be read back as "PER".
            raise _fail(where, f"field '{name}.type' must not contain a line break, got {entity_type!r}")
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


def decode_utf8(raw: bytes, path: str, line_number: Optional[int] = None) -> str:
    """
    The UTF-8 text of ``raw``: line ``line_number`` of ``path``, or (``None``) the whole file, in which
    case an error finds its line.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(_NEWLINE, 0, error.start) + 1
        if line_number is None:
            line_number = raw.count(_NEWLINE, 0, error.start) + 1
        raise _fail(
            f"{path}:{line_number}",
            f"not valid UTF-8 (byte {raw[error.start]:#04x} at byte {error.start - line_start + 1})",
        ) from error


def _parse_json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(where, f"invalid JSON: {error.msg} (column {error.colno})") from error
    except (ValueError, RecursionError) as error:  # e.g. a 5,000-digit number, or nesting 10,000 deep
        raise _fail(where, f"invalid JSON: {error}") from error


def _array_items(text: str, path: str) -> Iterator[Tuple[str, Any]]:
    """``(where, item)`` for each item of a JSON array file, ``where`` being ``path:line (item N)``."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(f"{path}:{error.lineno}", f"invalid JSON: {error.msg} (column {error.colno})") from error
    except (ValueError, RecursionError) as error:
        raise _fail(path, f"invalid JSON: {error}") from error
    # The text is valid JSON: find where each item starts, for the line numbers of later errors.
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    line = 1 + text.count("\n", 0, position)
    for index, item in enumerate(items):
        start = position
        while text[position] in _JSON_WHITESPACE + ",":
            position += 1
        line += text.count("\n", start, position)
        yield f"{path}:{line} (item {index})", item
        start = position
        position = decoder.raw_decode(text, position)[1]
        line += text.count("\n", start, position)


def read_sentences(path: str) -> Iterator[Tuple[str, NestedNerSentence]]:
    """
    Yields ``(where, sentence)`` for every sentence of a JSON-lines file or a JSON-array file, ``where``
    being ``path:line`` (JSON lines) or ``path:line (item N)`` (array), for error messages downstream.
    Either every sentence has ``entities`` (a list, maybe empty) or none has. Logs a warning naming the
    first duplicate entity (same span and type) of the file, if any: the metric counts it once.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115  (opened apart from `with` to name a missing file)
    except OSError as error:
        raise ConfigurationError(f"cannot read dataset file {path}: {error.strerror}") from error
    duplicates, first_duplicate = 0, None
    with handle:
        for line_number, raw in enumerate(handle, start=1):
            line = decode_utf8(
                raw[3:] if line_number == 1 and raw.startswith(_BOM) else raw, path, line_number
            )
            if line.strip(_JSON_WHITESPACE):  # other white space ("\x1c", "\xa0") is not blank
                break
        else:
            return  # an empty file
        if line.lstrip(_JSON_WHITESPACE).startswith("["):
            # The first non-blank line opens a JSON array: the whole file is one array.
            handle.seek(0)
            raw = handle.read()
            text = decode_utf8(raw[3:] if raw.startswith(_BOM) else raw, path)
            items: Iterator[Tuple[str, Any]] = _array_items(text, path)
        else:
            items = _json_lines(handle, path, line_number, line)
        first_annotated: Optional[Tuple[str, bool]] = None
        for where, item in items:
            sentence = parse_sentence(item, where)
            annotated = sentence.entities is not None
            if first_annotated is None:
                first_annotated = (where, annotated)
            elif annotated != first_annotated[1]:
                # A batch cannot mix sentences with and without gold entities.
                raise _fail(
                    where,
                    f"{'has' if annotated else 'is missing'} field 'entities', unlike the first "
                    f"sentence ({first_annotated[0]}): a file's sentences are all annotated (an empty "
                    "list for none) or none is",
                )
            if sentence.entities and len(set(sentence.entities)) < len(sentence.entities):
                duplicates += len(sentence.entities) - len(set(sentence.entities))
                first_duplicate = first_duplicate or where
            yield where, sentence
    if duplicates:
        logger.warning(
            "%s: %d duplicate entities (same span and type; the first at %s) are kept in the data and "
            "counted once by the metric",
            path,
            duplicates,
            first_duplicate,
        )


def _json_lines(handle, path: str, first_number: int, first_line: str) -> Iterator[Tuple[str, Any]]:
    """``(where, item)`` for the first non-blank line (already read) and every later line of a file."""
    yield f"{path}:{first_number}", _parse_json(first_line, f"{path}:{first_number}")
    for line_number, raw in enumerate(handle, start=first_number + 1):
        line = decode_utf8(raw, path, line_number)
        if line.strip(_JSON_WHITESPACE):
            where = f"{path}:{line_number}"
            yield where, _parse_json(line, where)
