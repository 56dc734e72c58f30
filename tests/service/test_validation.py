"""Every kind of bad request body: its status and the field its message names (no model needed)."""

import json

import pytest

from locate_label_allennlp.service.limits import ServiceLimits
from locate_label_allennlp.service.validation import RequestError, parse_prediction_request

LIMITS = ServiceLimits(max_inputs=3, max_text_bytes=40)


def whitespace_tokenize(text):
    return text.split()


def parse(body, limits=LIMITS):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return parse_prediction_request(raw, limits, whitespace_tokenize)


def test_one_input_and_a_list():
    assert parse({"sentence": "IL-2 gene expression"}) == ([{"sentence": "IL-2 gene expression"}], False)
    inputs = [{"tokens": ["IL-2", "gene"]}, {"sentence": "x", "id": 7}]  # unknown keys are kept (ignored)
    assert parse(inputs) == (inputs, True)


@pytest.mark.parametrize(
    "body, status, field, says",
    [
        (b"", 400, "body", "empty"),
        (b"  \n", 400, "body", "empty"),
        (b'{"sentence": "x"', 400, "body", "invalid JSON"),
        (b'{"sentence": "\xff"}', 400, "body", "not UTF-8 text (invalid start byte at byte 14)"),
        ("\ufeff{}".encode("utf-16"), 400, "body", "not UTF-8"),
        (b"[" * 3000, 400, "body", "invalid JSON: nested too deeply"),
        (b"[" * 60, 400, "body", "invalid JSON"),
        (5, 422, "body", "must be a JSON object or a list of objects, got a number"),
        ("text", 422, "body", "got a string"),
        ([], 422, "body", "an empty list"),
        ([{"sentence": "a"}] * 4, 413, "body", "4 inputs, over the limit of 3"),
        ({}, 422, "body", "give either 'sentence' (text) or 'tokens'"),
        ({"sentence": "a", "tokens": ["a"]}, 422, "body", "give either"),
        ([{"sentence": "a"}, 7], 422, "body[1]", "must be a JSON object, got a number"),
        ({"sentence": 5}, 422, "body.sentence", "valid string"),
        ({"sentence": None}, 422, "body.sentence", "valid string"),
        ({"tokens": "IL-2 gene"}, 422, "body.tokens", "valid list"),
        ([{"sentence": "a"}, {"tokens": ["a", 3]}], 422, "body[1].tokens[1]", "valid string"),
        ({"tokens": ["a"], "pos": ["NN", "VB"]}, 422, "body.pos", "has 2 tags for 1 tokens"),
        ({"tokens": ["a"], "entities": [{"start": 0, "end": 2, "type": "X"}]}, 422, "body.entities[0]", "spans [0, 2)"),
        ({"sentence": "a b", "entities": [{"start": 0, "end": 3, "type": "X"}]}, 422, "body.entities[0]", "2 tokens"),
        ({"tokens": ["a"], "entities": [{"start": True, "end": 1, "type": "X"}]}, 422, "body.entities[0].start", "integer"),
        ({"tokens": ["\ud800"]}, 422, "body.tokens[0]", "not valid Unicode"),
        ({"sentence": "a \ud800"}, 422, "body.sentence", "not valid Unicode"),
        ({"sentence": "é" * 21}, 413, "body.sentence", "42 bytes of text, over the limit of 40"),
        ({"tokens": ["abcd"] * 5, "ltokens": ["abcd"] * 4}, 413, "body.tokens", "44 bytes of text"),
    ],
)  # fmt: skip
def test_bad_bodies_name_their_field(body, status, field, says):
    with pytest.raises(RequestError) as caught:
        parse(body)
    assert (caught.value.status, caught.value.field) == (status, field)
    assert says in str(caught.value) and str(caught.value).startswith(f"{field}: ")
    assert caught.value.to_json() == {"detail": str(caught.value), "field": field}


def test_a_body_over_the_byte_limit_is_refused_before_parsing():
    limits = ServiceLimits(max_inputs=1, max_text_bytes=10)
    with pytest.raises(RequestError) as caught:
        parse(b"[" + b" " * limits.max_body_bytes + b"]", limits)
    assert caught.value.status == 413 and "over the limit" in str(caught.value)


@pytest.mark.parametrize(
    "option, value", [("max_batch_size", 0), ("max_inputs", -1), ("max_text_bytes", 1.5)]
)
def test_limits_must_be_positive_integers(option, value):
    with pytest.raises(ValueError, match=f"--{option.replace('_', '-')} must be a positive integer"):
        ServiceLimits(**{option: value})
