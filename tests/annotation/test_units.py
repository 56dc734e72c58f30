"""Planning the units of an annotation run (`annotation.units`)."""

import pytest
from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.annotation.units import (
    DocumentUnit,
    InputKind,
    LineUnit,
    detect_kind,
    plan_documents,
    plan_line_chunks,
    read_unit_lines,
    unit_from_dict,
    unit_to_dict,
)


def test_line_chunks_cover_every_line_once_by_byte_offsets(tmp_path):
    path = tmp_path / "lines.txt"
    lines = [
        b"\xef\xbb\xbffirst\n",
        b"second\r\n",
        b"\n",
        b"with\ra lone CR\n",
        b"\xff\xfe bytes\n",
        b"last, no newline",
    ]
    path.write_bytes(b"".join(lines))
    units = plan_line_chunks(str(path), chunk_size=4)
    assert [(u.first_line, u.num_lines) for u in units] == [(1, 4), (5, 2)]
    assert [line for unit in units for line in read_unit_lines(unit)] == lines


def test_empty_file_has_no_units_and_a_bad_chunk_size_is_refused(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert plan_line_chunks(str(tmp_path / "empty.jsonl"), 10) == []
    with pytest.raises(ConfigurationError, match="chunk size must be at least 1"):
        plan_line_chunks(str(tmp_path / "empty.jsonl"), 0)


def test_a_file_changed_under_a_unit_is_detected(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes(b"a\nb\nc\n")
    [unit] = plan_line_chunks(str(path), 10)
    path.write_bytes(b"a b c\n")
    with pytest.raises(ConfigurationError, match="changed while it was annotated"):
        read_unit_lines(unit)


def test_documents_are_units_named_by_relative_path(documents):
    units = plan_documents(str(documents))
    assert [u.name for u in units] == ["a", "bad", "c", "empty", "sub/b"]
    assert [u.index for u in units] == list(range(5))


def test_input_kinds_are_detected(tmp_path, documents):
    (tmp_path / "s.jsonl").write_text("")
    (tmp_path / "s.txt").write_text("")
    assert detect_kind(str(documents)) is InputKind.DOCUMENTS
    assert detect_kind(str(tmp_path / "s.jsonl")) is InputKind.JSONL
    assert detect_kind(str(tmp_path / "s.txt")) is InputKind.TEXT
    with pytest.raises(ConfigurationError, match="neither a file nor a folder"):
        detect_kind(str(tmp_path / "missing"))


def test_units_travel_as_dicts():
    for unit in (LineUnit(3, "/x.jsonl", 10, 20, 7, 2), DocumentUnit(1, "/d/a.txt", "a")):
        assert unit_from_dict(unit_to_dict(unit)) == unit
