"""`annotate_corpus` in this process: the three input kinds, both formats, bad input, resuming."""

import json
import logging

import pytest
from allennlp.common.checks import ConfigurationError
from allennlp.predictors import Predictor

from locate_label_allennlp.annotation import annotator as annotator_module
from locate_label_allennlp.annotation.corpus import annotate_corpus
from locate_label_allennlp.data.brat import read_document
from tests.annotation.conftest import DOCUMENTS, sentence_lines


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_sentence_file_gives_one_output_line_per_input_line(trained_archive, sentences_file, tmp_path):
    output = tmp_path / "out.jsonl"
    summary = annotate_corpus(str(trained_archive), str(sentences_file), str(output), chunk_size=4)
    records = read_jsonl(output)
    assert len(records) == len(sentence_lines()) == 14
    assert (summary.units, summary.units_annotated, summary.sentences_annotated, summary.errors) == (
        4,
        4,
        14,
        3,
    )
    assert records[9] == {"tokens": [], "entities": [], "brackets": ""}
    assert records[10] == {
        "error": "invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        "line": 11,
    }
    assert records[11] == {"error": "field 'tokens[1]' must be a string, got int 3", "line": 12}
    assert records[12] == {"error": "not valid UTF-8 (byte 0xff at byte 16)", "line": 13}
    # The other lines are the predictor's output for them.
    predictor = Predictor.from_path(str(trained_archive), "nested_ner")
    for number in (1, 2, 9, 14):
        line = sentence_lines()[number - 1].decode("utf-8")
        expected = predictor.predict_json(predictor.parse_line(line, number))
        got = records[number - 1]
        assert got["tokens"] == expected["tokens"]
        assert [(e["start"], e["end"], e["type"]) for e in got["entities"]] == [
            (e["start"], e["end"], e["type"]) for e in expected["entities"]
        ]
        assert [e["score"] for e in got["entities"]] == pytest.approx(
            [e["score"] for e in expected["entities"]], abs=1e-4
        )


def test_plain_text_file_is_raw_text_on_every_line(trained_archive, text_file, tmp_path):
    output = tmp_path / "out.jsonl"
    annotate_corpus(str(trained_archive), str(text_file), str(output))
    records = read_jsonl(output)
    assert [r["tokens"][:2] for r in records] == [
        ["Activation", "of"],
        [],
        ['{"tokens":', '["not",'],
        ["Jurkat", "T"],
    ]
    assert records[3]["tokens"][-1] == "."  # "\r\n" and the missing last newline are handled
    annotate_corpus(str(trained_archive), str(text_file), str(tmp_path / "brat"), output_format="brat")
    lines = (tmp_path / "brat" / "sentences.txt").read_text(encoding="utf-8").split("\n")
    assert lines == [" ".join(record["tokens"]) for record in records] + [""]
    document = read_document(str(tmp_path / "brat" / "sentences.txt"))
    assert len(document.entities) == sum(len(record["entities"]) for record in records) > 0


def test_sentence_file_as_brat(trained_archive, sentences_file, tmp_path):
    output = tmp_path / "brat"
    annotate_corpus(str(trained_archive), str(sentences_file), str(tmp_path / "out.jsonl"), chunk_size=4)
    annotate_corpus(
        str(trained_archive), str(sentences_file), str(output), output_format="brat", chunk_size=4
    )
    text = (output / "sentences.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert len(lines) == 14 + 1 and lines[-1] == ""
    assert lines[8] == "Activation of human T cells induces IL-2 receptor alpha ."
    assert lines[10] == lines[11] == lines[12] == ""  # the lines that could not be predicted
    assert [r["line"] for r in read_jsonl(output / "errors.jsonl")] == [11, 12, 13]
    document = read_document(str(output / "sentences.txt"))
    expected = [
        (number, entity["text"], entity["type"])
        for number, record in enumerate(read_jsonl(tmp_path / "out.jsonl"), start=1)
        for entity in record.get("entities", ())
    ]
    assert document.skipped == [] and len(document.entities) == len(expected) > 0
    for entity, (number, entity_text, entity_type) in zip(document.entities, expected):
        assert text[entity.start : entity.end] == entity_text and entity.type == entity_type
        assert text.count("\n", 0, entity.start) == number - 1


def test_documents_as_jsonl_with_character_offsets(trained_archive, documents, tmp_path, caplog):
    output = tmp_path / "out"
    with caplog.at_level(logging.WARNING):
        summary = annotate_corpus(str(trained_archive), str(documents), str(output))
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*.jsonl")) == [
        "a.jsonl",
        "c.jsonl",
        "errors.jsonl",
        "sub/b.jsonl",
    ]
    assert read_jsonl(output / "errors.jsonl") == [
        {"document": "bad.txt", "error": f"{documents / 'bad.txt'}:1: not valid UTF-8 (byte 0xff at byte 6)"},
        {"document": "empty.txt", "error": "empty document (no text to annotate)"},
    ]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(w.startswith(f"{documents / 'bad.txt'}: ") for w in warnings)
    assert any(w.startswith(f"{documents / 'empty.txt'}: empty document") for w in warnings)
    assert summary.errors == 2 and summary.units == 5
    for name, text in DOCUMENTS.items():
        records = read_jsonl(output / name.replace(".txt", ".jsonl"))
        assert [text[r["start"] : r["end"]].split()[0] for r in records] == [r["tokens"][0] for r in records]
        for record in records:
            for entity in record["entities"]:
                characters = text[entity["char_start"] : entity["char_end"]]
                assert "".join(characters.split()) == "".join(entity["text"].split())
    assert (
        len(read_jsonl(output / "sub/b.jsonl")) == 3
    )  # "Human T cells .", "The IL-2 ...", "was measured ..."
    entities = [e["text"] for r in read_jsonl(output / "a.jsonl") for e in r["entities"]]
    assert "human T cells" in entities and "IL-2" in entities


def test_documents_as_brat(trained_archive, documents, tmp_path):
    annotate_corpus(str(trained_archive), str(documents), str(tmp_path / "jsonl"))
    output = tmp_path / "brat"
    annotate_corpus(str(trained_archive), str(documents), str(output), output_format="brat")
    for name in DOCUMENTS:
        assert (output / name).read_bytes() == (documents / name).read_bytes()
        document = read_document(str(output / name))
        expected = [
            (e["char_start"], e["char_end"], e["type"])
            for r in read_jsonl(tmp_path / "jsonl" / name.replace(".txt", ".jsonl"))
            for e in r["entities"]
        ]
        assert [(e.start, e.end, e.type) for e in document.entities] == expected
        assert document.skipped == []
    assert not (output / "bad.txt").exists() and not (output / "empty.ann").exists()


def test_a_finished_run_is_not_redone_and_other_output_is_not_overwritten(
    trained_archive, sentences_file, tmp_path
):
    output = tmp_path / "out.jsonl"
    annotate_corpus(str(trained_archive), str(sentences_file), str(output), chunk_size=4)
    before = output.read_bytes()
    again = annotate_corpus(str(trained_archive), str(sentences_file), str(output), chunk_size=4)
    assert (again.units_annotated, again.resumed_after) == (0, 4) and output.read_bytes() == before
    with pytest.raises(ConfigurationError, match="records a run with other settings"):
        annotate_corpus(str(trained_archive), str(sentences_file), str(output), chunk_size=5)
    other = tmp_path / "someone_elses.jsonl"
    other.write_text("precious\n")
    with pytest.raises(ConfigurationError, match="holds no progress of an earlier run: use --overwrite"):
        annotate_corpus(str(trained_archive), str(sentences_file), str(other))
    annotate_corpus(str(trained_archive), str(sentences_file), str(other), chunk_size=4, overwrite=True)
    assert other.read_bytes() == before


class Stop(BaseException):
    """Stands for a Ctrl-C or kill in the middle of a run."""


def stop_at_unit(monkeypatch, index):
    annotate = annotator_module.UnitAnnotator.annotate

    def annotate_or_stop(self, unit):
        if unit.index == index:
            raise Stop()
        return annotate(self, unit)

    monkeypatch.setattr(annotator_module.UnitAnnotator, "annotate", annotate_or_stop)


def test_a_stopped_run_resumes_without_redoing_or_duplicating(
    trained_archive, sentences_file, tmp_path, monkeypatch
):
    reference = tmp_path / "reference"
    annotate_corpus(
        str(trained_archive), str(sentences_file), str(reference), output_format="brat", chunk_size=3
    )
    output = tmp_path / "out"
    with monkeypatch.context() as patch:
        stop_at_unit(patch, 2)
        with pytest.raises(Stop):
            annotate_corpus(
                str(trained_archive), str(sentences_file), str(output), output_format="brat", chunk_size=3
            )
    # What a stop in the middle of writing unit 2 leaves behind: part of its output.
    with open(output / "sentences.txt", "a", encoding="utf-8") as handle:
        handle.write("half a unit")
    with open(output / "sentences.ann", "a", encoding="utf-8") as handle:
        handle.write("T99\tprotein 0")
    summary = annotate_corpus(
        str(trained_archive), str(sentences_file), str(output), output_format="brat", chunk_size=3
    )
    assert (summary.resumed_after, summary.units_annotated, summary.units) == (2, 3, 5)
    assert summary.sentences_annotated == 14 - 2 * 3
    for name in ("sentences.txt", "sentences.ann", "errors.jsonl"):
        assert (output / name).read_bytes() == (reference / name).read_bytes()


def test_stopped_documents_resume_without_rewriting_finished_ones(
    trained_archive, documents, tmp_path, monkeypatch
):
    output = tmp_path / "out"
    with monkeypatch.context() as patch:
        stop_at_unit(patch, 3)
        with pytest.raises(Stop):
            annotate_corpus(str(trained_archive), str(documents), str(output), output_format="brat")
    finished = {p.name: p.stat().st_mtime_ns for p in output.glob("*.ann")}
    assert sorted(finished) == ["a.ann", "c.ann"]
    summary = annotate_corpus(str(trained_archive), str(documents), str(output), output_format="brat")
    assert (summary.resumed_after, summary.units_annotated) == (3, 2)
    assert {name: (output / name).stat().st_mtime_ns for name in finished} == finished
    assert (output / "sub" / "b.ann").exists()
    assert [r["document"] for r in read_jsonl(output / "errors.jsonl")] == ["bad.txt", "empty.txt"]
