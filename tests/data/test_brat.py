"""BRAT standoff: the reading rules and the writer (`data.brat`)."""

from pathlib import Path

import pytest
from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.data.brat import (
    format_ann,
    list_documents,
    parse_ann,
    read_document,
    write_document,
)
from tests.conftest import FIXTURES

BRAT = FIXTURES / "brat"


def test_text_bound_annotations_become_entities_and_the_rest_is_ignored():
    document = read_document(str(BRAT / "abstract1.txt"))
    assert len(document.entities) == 9  # 9 T lines; R, E, A, #, N and * lines are ignored
    assert document.skipped == []
    for entity in document.entities:
        assert document.text[entity.start : entity.end].strip() == document.text[entity.start : entity.end]
    assert [document.text[e.start : e.end] for e in document.entities][:3] == [
        "IL-2 gene",
        "IL-2",
        "NF-kappa B",
    ]


def test_the_rules_for_discontinuous_mismatched_and_padded_entities():
    document = read_document(str(BRAT / "abstract2.txt"))
    kept = {entity.id: document.text[entity.start : entity.end] for entity in document.entities}
    # Fragments separated only by a line break are one entity; edge white space is trimmed.
    assert kept == {"T1": "Jurkat T\ncells", "T3": "IL-2", "T5": "p55", "T6": "phorbol ester"}
    skipped = {skip.id: skip.kind for skip in document.skipped}
    assert skipped == {"T2": "discontinuous", "T4": "text mismatch"}
    for skip in document.skipped:
        assert str(skip).startswith(str(BRAT / "abstract2.ann") + f": {skip.id} skipped ({skip.kind}): ")


def test_a_txt_without_ann_has_no_entities():
    document = read_document(str(BRAT / "no_annotations.txt"))
    assert document.entities == [] and document.text.startswith("Nothing")


def test_documents_are_listed_sorted_with_sub_folders(tmp_path):
    for name in ("b.txt", "a/z.txt", "a.txt", "notes.ann"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [path[len(str(tmp_path)) + 1 :] for path in list_documents(str(tmp_path))] == [
        "a/z.txt",
        "a.txt",
        "b.txt",
    ]


@pytest.mark.parametrize(
    "line, message",
    [
        ("T1\tprotein 0 99\tx", "offsets 0 99 are not inside the .txt's 9 characters"),
        ("T1\tprotein zero 4\tx", "offsets 'zero 4' must be 'START END'"),
        ("T1\tprotein\tx", "needs 'ID<TAB>TYPE START END<TAB>TEXT'"),
    ],
)
def test_malformed_text_bound_lines_name_the_file_and_line(line, message):
    with pytest.raises(ConfigurationError, match=rf"doc\.ann:2: .*{message}"):
        parse_ann("# a comment\n" + line + "\n", "IL-2 gene", "doc.ann")


def test_written_offsets_slice_the_text_exactly(tmp_path):
    text = "Caf\u00e9 IL-2\r\ngene \U0001f9ec expression .\n"
    entities = [(0, 4, "place", 0.5), (5, 15, "DNA", None), (18, 28, "process", 0.25)]
    txt, ann = write_document(str(tmp_path), "sub/doc", text, entities)
    assert Path(txt).read_bytes() == text.encode("utf-8")  # exactly, "\r\n" included
    lines = Path(ann).read_bytes().decode("utf-8").split("\n")
    assert lines[0] == "T1\tplace 0 4\tCaf\u00e9"
    assert lines[1] == "#1\tAnnotatorNotes T1\tscore=0.5000"
    # An entity over a line break is written as fragments around it, as BRAT does, and read as one.
    assert lines[2] == "T2\tDNA 5 9;11 15\tIL-2 gene"
    assert lines[3] == "T3\tprocess 18 28\texpression"
    document = read_document(txt)
    assert [(e.start, e.end, e.type) for e in document.entities] == [(s, e, t) for s, e, t, _ in entities]


def test_the_writer_refuses_what_brat_cannot_hold():
    with pytest.raises(ValueError, match="white space"):
        format_ann("IL-2 gene", [(0, 4, "cell type", None)])
    with pytest.raises(ValueError, match="not inside the text"):
        format_ann("IL-2", [(0, 5, "protein", None)])
