"""The `allennlp nested-ner-annotate` command line."""

import json
import sys

import pytest
from allennlp.commands import main as allennlp_main


def run_allennlp(monkeypatch, *args):
    monkeypatch.setattr(sys, "argv", ["allennlp", *map(str, args)])
    allennlp_main()


def test_annotates_a_folder_of_documents_as_brat(trained_archive, tmp_path, monkeypatch, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.txt").write_text("Activation of human T cells induces IL-2 receptor alpha .\n")
    run_allennlp(
        monkeypatch,
        "nested-ner-annotate",
        trained_archive,
        tmp_path / "docs",
        "-o",
        tmp_path / "out",
        "--format",
        "brat",
        "--silent",
    )
    assert "annotated 1 sentences in 1 of 1 units" in capsys.readouterr().out
    assert (tmp_path / "out" / "one.txt").read_bytes() == (tmp_path / "docs" / "one.txt").read_bytes()
    assert (tmp_path / "out" / "one.ann").read_text().startswith("T1\t")


def test_annotates_a_sentence_file_as_jsonl(trained_archive, tmp_path, monkeypatch):
    (tmp_path / "in.jsonl").write_text('{"tokens": ["IL-2", "gene"]}\nraw text\n')
    run_allennlp(
        monkeypatch, "nested-ner-annotate", trained_archive, tmp_path / "in.jsonl", "-o", tmp_path / "o.jsonl"
    )
    assert [json.loads(line)["tokens"] for line in (tmp_path / "o.jsonl").read_text().splitlines()] == [
        ["IL-2", "gene"],
        ["raw", "text"],
    ]


def test_user_errors_end_in_one_line(trained_archive, tmp_path, monkeypatch):
    with pytest.raises(
        SystemExit, match="nested-ner-annotate: input .*missing is neither a file nor a folder"
    ):
        run_allennlp(
            monkeypatch, "nested-ner-annotate", trained_archive, tmp_path / "missing", "-o", tmp_path / "o"
        )
    (tmp_path / "in.txt").write_text("x\n")
    with pytest.raises(SystemExit, match="--workers must be at least 1"):
        run_allennlp(
            monkeypatch,
            "nested-ner-annotate",
            trained_archive,
            tmp_path / "in.txt",
            "-o",
            tmp_path / "o",
            "--workers",
            "0",
        )
