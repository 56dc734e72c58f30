"""
Bad and unusual input to the ``nested_ner`` reader: every problem is a ``ConfigurationError`` naming the
file, the line and the field, and everything valid is read with nothing dropped.
"""

import json
import logging
import re
from pathlib import Path

import pytest
from allennlp.common.checks import ConfigurationError
from allennlp.data import Vocabulary
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locate_label_allennlp.data.fields import TolerantLabelField
from locate_label_allennlp.data.nested_ner_json import read_sentences
from locate_label_allennlp.dataset_readers import NestedNerDatasetReader

FINE = '{"tokens": ["fine"], "entities": []}'


def read(path: Path):
    return list(NestedNerDatasetReader().read(str(path)))


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "line, message",
    [
        # beyond the cases of tests/dataset_readers/test_nested_ner.py
        ('"just a string"', "expected a JSON object, got str"),
        ("null", "expected a JSON object, got NoneType"),
        ("3.5", "expected a JSON object, got float"),
        ('{"tokens": null}', "field 'tokens' must be a list of strings, got NoneType"),
        ('{"tokens": {"0": "a"}}', "field 'tokens' must be a list"),
        ('{"tokens": ["a", null]}', r"field 'tokens\[1\]' must be a string"),
        ('{"tokens": [["a"]]}', r"field 'tokens\[0\]' must be a string"),
        ('{"tokens": ["a"], "entities": {"start": 0}}', "field 'entities' must be a list"),
        ('{"tokens": ["a"], "entities": ["PER"]}', r"field 'entities\[0\]' must be an object"),
        ('{"tokens": ["a"], "entities": [{"end": 1, "type": "X"}]}', r"field 'entities\[0\]' has no 'start'"),
        ('{"tokens": ["a"], "entities": [{"start": 0, "type": "X"}]}', r"field 'entities\[0\]' has no 'end'"),
        (
            '{"tokens": ["a"], "entities": [{"start": false, "end": true, "type": "X"}]}',
            r"field 'entities\[0\].start' must be an integer",
        ),
        (
            '{"tokens": ["a"], "entities": [{"start": 0, "end": "1", "type": "X"}]}',
            r"field 'entities\[0\].end' must be an integer",
        ),
        ('{"tokens": ["a"], "entities": [{"start": 0, "end": 1, "type": ""}]}', "must be a non-empty string"),
        ('{"tokens": ["a"], "entities": [{"start": 0, "end": 1, "type": 7}]}', "must be a non-empty string"),
        (
            '{"tokens": ["a"], "entities": [{"start": 0, "end": 1, "type": "PER\\r"}]}',
            "must not contain a line break",
        ),
        ('{"tokens": ["a", "b"], "entities": [{"start": 1, "end": 1, "type": "X"}]}', r"spans \[1, 1\)"),
        ('{"tokens": [], "entities": [{"start": 0, "end": 1, "type": "X"}]}', "sentence's 0 tokens"),
        ('{"tokens": ["a", "\\ud800"]}', r"field 'tokens\[1\]' is not valid Unicode"),
        (
            '{"tokens": ["a"], "entities": [{"start": 0, "end": 1, "type": "\\udfff"}]}',
            "is not valid Unicode",
        ),
        ('{"tokens": ["a"], "pos": [1]}', r"field 'pos\[0\]' must be a string"),
        ('{"tokens": ["a"], "ltokens": "previous sentence"}', "field 'ltokens' must be a list"),
        ('{"tokens": ["a"], "rtokens": [null]}', r"field 'rtokens\[0\]' must be a string"),
        ('{"tokens": ["a"]', "invalid JSON"),
        ('{"tokens": ["a"]} {"tokens": ["b"]}', "invalid JSON: Extra data"),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON"),  # RecursionError inside json
        ('{"tokens": ["a"], "n": ' + "9" * 5000 + "}", "invalid JSON"),  # int() digit limit: ValueError
        ('{"tokens": ["a"]}', "is missing field 'entities'"),  # the first sentence has entities
    ],
)
def test_bad_line_names_file_line_and_field(tmp_path, line, message):
    path = write_lines(tmp_path / "bad.jsonl", FINE, "", line, FINE)
    with pytest.raises(ConfigurationError, match=message) as error:
        read(path)
    assert str(error.value).startswith(f"{path}:3: ")


def test_entities_on_some_sentences_only_is_an_error_either_way(tmp_path):
    path = write_lines(tmp_path / "mixed.jsonl", '{"tokens": ["a"]}', FINE)
    with pytest.raises(
        ConfigurationError, match=f"{path}:2: has field 'entities', unlike the first sentence"
    ):
        read(path)


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(FINE.encode() + b"\n" + '{"tokens": ["Zürich"]}'.encode("latin-1") + b"\n")
    with pytest.raises(ConfigurationError, match=f"{path}:2: not valid UTF-8 \\(byte 0xfc at byte 15\\)"):
        read(path)


def test_json_array_errors_name_the_line_and_item(tmp_path):
    path = tmp_path / "array.json"
    path.write_text('[\n  {"tokens": ["a"], "entities": []},\n\n  {"tokens": ["b", 2], "entities": []}\n]\n')
    with pytest.raises(ConfigurationError, match=re.escape(f"{path}:4 (item 1): field 'tokens[1]'")):
        read(path)
    path.write_text('[\n  {"tokens": ["a"]},\n  {"tokens": ["b"],\n]\n')
    with pytest.raises(ConfigurationError, match=f"{path}:4: invalid JSON"):
        read(path)
    path.write_bytes(b'[{"tokens": ["a"]},\n {"tokens": ["\xff"]}]')
    with pytest.raises(ConfigurationError, match=f"{path}:2: not valid UTF-8"):
        read(path)


def test_json_array_items_get_their_own_line_numbers(tmp_path):
    items = [{"tokens": ["a"]}, {"tokens": ["[", "]", ","]}, {"tokens": ["x\ny"]}]
    path = tmp_path / "array.json"
    path.write_text("\n\n" + json.dumps(items, indent=2))
    wheres = [where for where, _ in read_sentences(str(path))]
    text = path.read_text().splitlines()
    assert wheres == [f"{path}:{n} (item {i})" for i, n in enumerate([4, 9, 16])]
    assert [text[n - 1].strip() for n in (4, 9, 16)] == ["{"] * 3


def test_byte_order_mark_crlf_blank_lines_and_empty_files_are_fine(tmp_path):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + FINE.encode() + b"\r\n\r\n" + b'{"tokens": ["b"], "entities": []}\r\n')
    assert [[t.text for t in i["tokens"]] for i in read(path)] == [["fine"], ["b"]]
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps([{"tokens": ["c"]}]).encode())
    assert [[t.text for t in i["tokens"]] for i in read(path)] == [["c"]]
    for content in (b"", b"\n\n  \n"):
        path.write_bytes(content)
        assert read(path) == []


def test_empty_sentences_are_valid_and_have_no_entities(tmp_path):
    path = write_lines(tmp_path / "empty.jsonl", '{"tokens": [], "entities": []}', FINE, '{"tokens": []}')
    with pytest.raises(ConfigurationError):  # the third is unannotated, unlike the others
        read(path)
    path = write_lines(tmp_path / "empty.jsonl", '{"tokens": [], "entities": []}', FINE)
    empty, fine = read(path)
    assert len(empty["tokens"]) == 0 and empty["metadata"]["entities"] == []
    assert [(s.span_start, s.span_end) for s in empty["gold_spans"]] == [(-1, -1)]
    assert NestedNerDatasetReader().tokenize("  \t \n ") == []


def test_duplicate_same_span_and_crossing_entities_are_all_kept(tmp_path, caplog):
    entities = [
        {"start": 0, "end": 2, "type": "A"},
        {"start": 0, "end": 2, "type": "A"},  # duplicate
        {"start": 0, "end": 2, "type": "B"},  # same span, another type
        {"start": 1, "end": 3, "type": "A"},  # crosses [0, 2)
    ]
    path = write_lines(
        tmp_path / "gold.jsonl", FINE, json.dumps({"tokens": ["a", "b", "c"], "entities": entities})
    )
    with caplog.at_level(logging.WARNING):
        _, instance = read(path)
    expected = [(e["start"], e["end"], e["type"]) for e in entities]
    assert instance["metadata"]["entities"] == expected
    assert [(s.span_start, s.span_end + 1) for s in instance["gold_spans"]] == [e[:2] for e in expected]
    assert [label.label for label in instance["gold_labels"]] == [e[2] for e in expected]
    assert f"{path}: 1 duplicate entities (same span and type; the first at {path}:2)" in caplog.text


UNICODE_TOKENS = [
    "北京大学",
    "𠀋",
    "👩🏽‍🔬",
    "🇨🇭",
    "e\u0301",
    "Zu\u0308rich",
    "שלום",
    "مرحبا",
    "\u202eevil\u202c",
    "\u0000",
    "\u001b[31m",
    "tab\there",
    "new\nline",
    "cr\r",
    "\u0085",
    "\u2028",
    "\u200b",
    "",
    " ",
]


def test_unicode_and_control_characters_are_read_unchanged(tmp_path):
    entities = [{"start": i, "end": i + 1, "type": "X"} for i in range(len(UNICODE_TOKENS))]
    path = tmp_path / "unicode.jsonl"
    path.write_text(json.dumps({"tokens": UNICODE_TOKENS, "entities": entities}, ensure_ascii=False) + "\n")
    (instance,) = read(path)
    assert instance["metadata"]["tokens"] == UNICODE_TOKENS
    assert len(instance["gold_spans"]) == len(UNICODE_TOKENS)
    # The indexers see "\r" as "\n", which AllenNLP's vocabulary files store faithfully.
    assert [t.text for t in instance["tokens"]] == [t.replace("\r", "\n") for t in UNICODE_TOKENS]


def test_unknown_label_is_padding_with_one_warning(caplog):
    vocab = Vocabulary()
    vocab.add_token_to_namespace("PER", "labels")
    TolerantLabelField._warned.discard(("labels", "ALIEN"))
    with caplog.at_level(logging.WARNING):
        fields = [TolerantLabelField(label) for label in ("PER", "ALIEN", "ALIEN")]
        for field in fields:
            field.index(vocab)
    assert [int(field.as_tensor({})) for field in fields] == [0, -1, -1]
    assert caplog.text.count("'ALIEN' is not in the vocabulary") == 1
    # A padded namespace has an OOV token: indexed as AllenNLP always does.
    vocab.add_token_to_namespace("PER", "padded")
    field = TolerantLabelField("ALIEN", "padded")
    field.index(vocab)
    assert int(field.as_tensor({})) == vocab.get_token_index(vocab._oov_token, "padded")


# --- fuzzing: anything at all in a line gives instances or a ConfigurationError naming file:line ---------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 12) | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)
entity = st.fixed_dictionaries(
    {
        "start": st.integers(-1, 6) | json_values,
        "end": st.integers(0, 7) | json_values,
        "type": st.sampled_from(["PER", "ORG", ""]) | json_values,
    }
)
sentence = st.fixed_dictionaries(
    {"tokens": st.lists(st.text(max_size=3), max_size=6) | json_values},
    optional={
        "entities": st.lists(entity, max_size=4) | json_values,
        "pos": json_values,
        "ltokens": json_values,
        "rtokens": json_values,
    },
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read_or_clear_error(path: Path, line_number: int, sentences):
    try:
        instances = read(path)
    except ConfigurationError as error:
        assert str(error).startswith(f"{path}:{line_number}"), str(error)
        return
    # Nothing dropped: one instance per sentence, one gold span per entity.
    assert len(instances) == len(sentences)
    for instance, value in zip(instances, sentences):
        assert instance["metadata"]["tokens"] == value["tokens"]
        if value.get("entities"):
            assert len(instance["gold_spans"]) == len(value["entities"])


@FUZZ
@given(value=sentence | json_values)
def test_fuzz_json_values(tmp_path, value):
    path = tmp_path / "fuzz.jsonl"
    path.write_text(FINE + "\n" + json.dumps(value) + "\n", encoding="utf-8")
    annotated = isinstance(value, dict) and value.get("entities") is not None
    _read_or_clear_error(path, 2, [json.loads(FINE), value] if annotated else [])


@FUZZ
@given(
    raw=st.binary(max_size=40) | st.text(max_size=40).map(lambda text: text.encode("utf-8", "surrogatepass"))
)
def test_fuzz_raw_lines(tmp_path, raw):
    path = tmp_path / "fuzz.jsonl"
    raw = raw.replace(b"\n", b" ")
    path.write_bytes(FINE.encode() + b"\n" + raw + b"\n")
    try:
        value = json.loads(raw.decode("utf-8"))
        annotated = isinstance(value, dict) and value.get("entities") is not None
        expected = [json.loads(FINE), value] if annotated else []
    except ValueError:
        expected = [] if raw.strip(b" \t\r") else [json.loads(FINE)]  # a blank line is skipped
    _read_or_clear_error(path, 2, expected)


def test_column_files_that_are_not_utf8_name_the_line(tmp_path):
    from locate_label_allennlp.dataset_readers.conll2003 import Conll2003NestedDatasetReader
    from locate_label_allennlp.dataset_readers.weibo import WeiboNerDatasetReader

    conll = tmp_path / "latin1.conll"
    conll.write_bytes("EU NNP B-NP B-ORG\nZürich NNP I-NP B-LOC\n".encode("latin-1"))
    with pytest.raises(ConfigurationError, match=f"{conll}:2: not valid UTF-8"):
        list(Conll2003NestedDatasetReader().read(str(conll)))
    weibo = tmp_path / "gbk.conll"
    weibo.write_bytes("我0\tO\n".encode() + "们0\tO\n".encode("gbk"))
    with pytest.raises(ConfigurationError, match=f"{weibo}:2: not valid UTF-8"):
        list(WeiboNerDatasetReader().read(str(weibo)))
