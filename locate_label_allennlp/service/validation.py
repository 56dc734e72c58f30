"""
Checks a ``POST /predict`` body before the model sees it. Every problem is a `RequestError` with an HTTP
status and the field it is about (``body``, ``body.tokens[3]``, ``body[2].sentence``): 400 for a body that
is empty or not JSON, 413 for a body, a list or a text over the limits, 422 for JSON of the wrong shape.
"""

import json
import re
from typing import Any, Callable, List, Tuple

from allennlp.common.checks import ConfigurationError
from allennlp.common.util import JsonDict
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import Annotated, TypedDict  # (pydantic needs this TypedDict before Python 3.12)

from locate_label_allennlp.data.nested_ner_json import parse_sentence
from locate_label_allennlp.service.limits import ServiceLimits

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""JSON's ``"\\ud800"`` escapes decode to lone surrogates, which are not text."""
TEXT_FIELDS = ("tokens", "ltokens", "rtokens")
"""The token lists the model reads (the sentence and its context), counted against ``max_text_bytes``."""


class RequestError(Exception):
    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.status = status
        self.field = field

    def to_json(self) -> JsonDict:
        return {"detail": str(self), "field": self.field}


@with_config(ConfigDict(strict=True, extra="allow"))
class GoldEntity(TypedDict):
    start: Annotated[int, Field(description="index of the first token")]
    end: Annotated[int, Field(description="index after the last token (exclusive)")]
    type: str


@with_config(ConfigDict(strict=True, extra="allow"))
class PredictionInput(TypedDict, total=False):
    """One input, as the ``nested_ner`` predictor takes it: ``sentence`` or ``tokens``."""

    sentence: Annotated[str, Field(description="raw text, split into tokens by the model's tokenizer")]
    tokens: Annotated[List[str], Field(description="the sentence's tokens")]
    ltokens: Annotated[List[str], Field(description="tokens of the sentences before (context)")]
    rtokens: Annotated[List[str], Field(description="tokens of the sentences after (context)")]
    pos: Annotated[List[str], Field(description="part-of-speech tags, one per token")]
    entities: Annotated[
        List[GoldEntity],
        Field(description="gold entities: never shown to the model, echoed back as gold_entities"),
    ]


INPUT = TypeAdapter(PredictionInput)
REQUEST_BODY = TypeAdapter(PredictionInput | List[PredictionInput])
"""The body's schema, for the OpenAPI document (`parse_prediction_request` checks a body input by input,
so that each error names its field)."""


Tokenize = Callable[[str], List[str]]
"""The model's tokenizer (``NestedNerDatasetReader.tokenize``): a ``sentence`` is checked as its tokens."""


def parse_prediction_request(
    body: bytes, limits: ServiceLimits, tokenize: Tokenize
) -> Tuple[List[JsonDict], bool]:
    """The inputs of a request body, and whether it was a list (the answer is then a list too)."""
    if len(body) > limits.max_body_bytes:
        raise RequestError(413, "body", f"{len(body)} bytes, over the limit of {limits.max_body_bytes} bytes")
    if not body.strip():
        raise RequestError(
            400, "body", 'empty: send {"sentence": "..."}, {"tokens": [...]} or a JSON list of such objects'
        )
    value = _json(body)
    if isinstance(value, dict):
        return [parse_input(value, "body", limits, tokenize)], False
    if not isinstance(value, list):
        raise RequestError(
            422, "body", f"must be a JSON object or a list of objects, got {_json_type(value)}"
        )
    if not value:
        raise RequestError(422, "body", "an empty list: nothing to predict")
    if len(value) > limits.max_inputs:
        raise RequestError(
            413, "body", f"{len(value)} inputs, over the limit of {limits.max_inputs} per request"
        )
    return [parse_input(item, f"body[{index}]", limits, tokenize) for index, item in enumerate(value)], True


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))  # (json.loads would take UTF-16 and -32 bytes too)
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        raise RequestError(400, "body", message) from None
    except UnicodeDecodeError as error:
        raise RequestError(400, "body", f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except RecursionError:
        raise RequestError(400, "body", "invalid JSON: nested too deeply") from None


def parse_input(value: Any, field: str, limits: ServiceLimits, tokenize: Tokenize) -> JsonDict:
    """One input, checked: its types (pydantic), its size, then the nested_ner format's own checks."""
    if not isinstance(value, dict):
        raise RequestError(422, field, f"must be a JSON object, got {_json_type(value)}")
    try:
        INPUT.validate_python(value)
    except ValidationError as error:
        first = error.errors()[0]
        location = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"])
        raise RequestError(422, field + location, first["msg"]) from None
    if ("sentence" in value) == ("tokens" in value):
        raise RequestError(422, field, "give either 'sentence' (text) or 'tokens' (a list of strings)")
    text_field = "sentence" if "sentence" in value else "tokens"
    text = value["sentence"] if text_field == "sentence" else _token_text(value)
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > limits.max_text_bytes:
        message = f"{size} bytes of text, over the limit of {limits.max_text_bytes}"
        raise RequestError(413, f"{field}.{text_field}", message)
    if text_field == "sentence" and LONE_SURROGATE.search(text):
        raise RequestError(422, f"{field}.sentence", "not valid Unicode (a lone surrogate)")
    as_tokens = value if text_field == "tokens" else {**value, "tokens": tokenize(text)}
    try:
        parse_sentence(as_tokens, field)
    except ConfigurationError as error:
        raise RequestError(422, *_named_field(field, error.message)) from None
    return value


def _token_text(value: JsonDict) -> str:
    return " ".join(token for name in TEXT_FIELDS for token in value.get(name) or [])


def _named_field(field: str, message: str) -> Tuple[str, str]:
    """``("body[2].tokens[3]", "must be ...")`` from the format's "body[2]: field 'tokens[3]' must be ..."."""
    message = message[len(field) + 2 :]
    named = re.match(r"field '([^']+)' ", message)
    return (f"{field}.{named.group(1)}", message[named.end() :]) if named else (field, message)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
