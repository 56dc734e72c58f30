"""Prediction records with known nesting, gold comparisons and hostile text, for the HTML tests."""

KOFI = "The United Nations secretary general Kofi Annan arrived in London .".split()


def entity(start, end, label, score=None):
    result = {"start": start, "end": end, "type": label}
    if score is not None:
        result["score"] = score
    return result


COMPARED = {
    "tokens": KOFI,
    "entities": [
        entity(1, 7, "PER", 0.9),  # correct
        entity(1, 5, "PER", 0.8),  # correct
        entity(1, 3, "ORG", 0.7),  # correct
        entity(5, 8, "PER", 0.5),  # boundary error (crosses PER [1, 7): drawn on a second layer)
        entity(7, 8, "ORG", 0.45),  # spurious
        entity(9, 10, "LOC", 0.6),  # type error (gold GPE)
    ],
    "gold_entities": [entity(1, 7, "PER"), entity(1, 5, "PER"), entity(1, 3, "ORG"), entity(9, 10, "GPE")],
}
EXPECTED_PREDICTED_STATUS = {
    (1, 7, "PER"): "correct",
    (1, 5, "PER"): "correct",
    (1, 3, "ORG"): "correct",
    (5, 8, "PER"): "boundary",
    (7, 8, "ORG"): "spurious",
    (9, 10, "LOC"): "type",
}
EXPECTED_GOLD_STATUS = {
    (1, 7, "PER"): "found",
    (1, 5, "PER"): "found",
    (1, 3, "ORG"): "found",
    (9, 10, "GPE"): "missed",
}

HOSTILE_TOKENS = [
    "<script>alert(1)</script>",
    "&amp;",
    "\"quoted'",
    "<img src=x onerror=alert(2)>",
    "</span>",
]
HOSTILE = {
    "tokens": HOSTILE_TOKENS,
    "entities": [
        entity(0, 4, '"><b>bold</b>', 0.9),
        entity(1, 2, "T<i>", 0.8),
        entity(4, 5, "</span><u>", 0.7),
    ],
}
ERROR = {"error": "<b>not bold</b> field 'tokens[1]' must be a string", "line": 3}
EMPTY = {"tokens": [], "entities": [], "brackets": ""}

RECORDS = [COMPARED, HOSTILE, ERROR, EMPTY]
