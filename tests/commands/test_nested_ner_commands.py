"""The nested-ner-view, -report, -card and -brackets subcommands, and running them from any directory."""

import json
import re
import shutil
import subprocess
import sys
import tarfile

import pytest
from allennlp.commands import main as allennlp_main
from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor

from locate_label_allennlp.model_card import (
    as_allennlp_model_card,
    build_model_card,
    load_model_card,
)
from tests.conftest import DEV, REPO_ROOT
from tests.visualization.dom import parse


def run_allennlp(monkeypatch, *args):
    monkeypatch.setattr(sys, "argv", ["allennlp", *map(str, args)])
    allennlp_main()


@pytest.fixture(scope="module")
def dev_predictions(trained_archive, tmp_path_factory):
    """The fixture model's predictions on the (annotated) dev set, as `allennlp predict` writes them."""
    predictor = Predictor.from_path(str(trained_archive), "nested_ner")
    inputs = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    path = tmp_path_factory.mktemp("dev_predictions") / "dev_predictions.jsonl"
    path.write_text("".join(predictor.dump_line(result) for result in predictor.predict_batch_json(inputs)))
    return path


def test_view_command_writes_one_page(dev_predictions, tmp_path, monkeypatch, capsys):
    page = tmp_path / "view.html"
    run_allennlp(monkeypatch, "nested-ner-view", dev_predictions, "-o", page, "--title", "Dev <set>")
    assert f"Wrote {page} (3 sentences)" in capsys.readouterr().out
    document = parse(page.read_text())
    records = [json.loads(line) for line in dev_predictions.read_text().splitlines()]
    assert len(document.find_all("section", cls="sentence")) == len(records)
    assert len(document.find_all("span", cls="entity")) == sum(
        len(r["entities"]) + len(r["gold_entities"]) for r in records
    )
    assert "<title>Dev &lt;set&gt;</title>" in page.read_text()


def test_view_command_reports_a_bad_file(tmp_path, monkeypatch):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    with pytest.raises(SystemExit, match="bad.jsonl:1: invalid JSON"):
        run_allennlp(monkeypatch, "nested-ner-view", bad, "-o", tmp_path / "x.html")


def test_report_command_from_predictions_and_from_evaluate_metrics(
    dev_predictions, trained_archive, tmp_path, monkeypatch, capsys
):
    table, plot = tmp_path / "report.txt", tmp_path / "f1.png"
    run_allennlp(monkeypatch, "nested-ner-report", dev_predictions, "-o", table, "--plot", plot)
    printed = capsys.readouterr().out
    assert table.read_text() in printed
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from_predictions = table.read_text()

    metrics = tmp_path / "dev_metrics.json"
    run_allennlp(monkeypatch, "evaluate", trained_archive, DEV, "--output-file", metrics)
    capsys.readouterr()
    run_allennlp(monkeypatch, "nested-ner-report", metrics)
    from_metrics = capsys.readouterr().out

    def figures(text):  # the P/R/F1 columns of every row, which both inputs must agree on
        rows = [line.split() for line in text.splitlines()]
        return {
            row[0]: row[1:4]
            for row in rows
            if len(row) == 7 and all(re.fullmatch(r"-|\d+\.\d\d", cell) for cell in row[1:4])
        }

    assert figures(from_predictions) == figures(from_metrics)
    assert figures(from_predictions)["overall"] != ["-", "-", "-"]


@pytest.fixture()
def serialization_dir(trained_archive, tmp_path):
    """A copy of what `allennlp train` wrote (the card command may rewrite model.tar.gz)."""
    source = trained_archive.parent
    target = tmp_path / "model"
    target.mkdir()
    for name in ("config.json", "metrics.json", "model.tar.gz"):
        shutil.copy(source / name, target / name)
    shutil.copytree(source / "vocabulary", target / "vocabulary")
    return target


def test_model_card_carries_labels_windows_encoder_data_and_scores(serialization_dir, tmp_path, monkeypatch):
    evaluation = tmp_path / "test_metrics.json"
    evaluation.write_text(json.dumps({"precision": 0.5, "recall": 0.25, "f1": 1 / 3}))
    run_allennlp(monkeypatch, "nested-ner-card", serialization_dir, "--test-metrics", evaluation)
    card = json.loads((serialization_dir / "model_card.json").read_text())
    section = card["locate_and_label"]
    vocabulary = load_archive(str(serialization_dir / "model.tar.gz")).model.vocab
    assert section["labels"] == [
        vocabulary.get_token_from_index(i, "labels") for i in range(vocabulary.get_vocab_size("labels"))
    ]
    assert section["window_sizes"] == [1, 2, 3, 4, 5, 6]
    assert section["encoder"] == "lstm(bidirectional, hidden_size=32)"
    assert section["token_embedders"]["tokens"] == "embedding(embedding_dim=24)"
    assert section["train_data_path"].endswith("fixtures/data/train.jsonl")
    assert section["validation_data_path"].endswith("fixtures/data/dev.jsonl")
    metrics = json.loads((serialization_dir / "metrics.json").read_text())
    assert section["dev"]["f1"] == metrics["best_validation_f1"]
    assert section["test"] == {"precision": 0.5, "recall": 0.25, "f1": 1 / 3}
    assert "test: F1 33.33" in card["quantitative_analyses"]["unitary_results"]
    # The allennlp-models model-card fields load as allennlp's ModelCard.
    model_card = as_allennlp_model_card(card)
    assert model_card.registered_model_name == "locate_and_label"
    assert model_card.registered_predictor_name == "nested_ner"
    assert model_card.model_details.paper.url.startswith("https://aclanthology.org/")


def test_model_card_from_an_archive_and_embedded_in_it(serialization_dir, tmp_path, monkeypatch):
    archive = serialization_dir / "model.tar.gz"
    from_archive = build_model_card(str(archive))
    from_dir = build_model_card(str(serialization_dir))
    assert from_archive["locate_and_label"] == from_dir["locate_and_label"]
    run_allennlp(monkeypatch, "nested-ner-card", serialization_dir, "--embed", "--id", "fixture")
    with tarfile.open(archive) as tar:
        assert "model_card.json" in tar.getnames()
    assert load_model_card(str(archive))["id"] == "fixture"
    # The archive still loads and predicts.
    predictor = Predictor.from_path(str(archive), "nested_ner")
    assert predictor.predict(sentence="IL-2 gene expression")["tokens"] == ["IL-2", "gene", "expression"]
    # Embedding again replaces the card instead of adding a second one.
    run_allennlp(monkeypatch, "nested-ner-card", serialization_dir, "--embed", "--id", "again")
    with tarfile.open(archive) as tar:
        assert tar.getnames().count("model_card.json") == 1
    assert load_model_card(str(archive))["id"] == "again"


def test_model_card_errors(tmp_path, monkeypatch):
    with pytest.raises(SystemExit, match="neither a serialization directory nor a model archive"):
        run_allennlp(monkeypatch, "nested-ner-card", tmp_path / "missing")


def test_brackets_command_prints_every_prediction(dev_predictions, monkeypatch, capsys):
    run_allennlp(monkeypatch, "nested-ner-brackets", dev_predictions)
    printed = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in dev_predictions.read_text().splitlines()]
    sentences = [line for line in printed if not line.startswith("    ")]
    assert sentences == [record["brackets"] for record in records]
    assert len(printed) - len(sentences) == sum(len(record["entities"]) for record in records)


COMMANDS = (
    "nested-ner-view", "nested-ner-report", "nested-ner-card", "nested-ner-tune-decoder", "nested-ner-brackets",
    "prepare-genia", "convert-conll",
)  # fmt: skip


@pytest.mark.parametrize("entry", [["-m", "locate_label_allennlp"], ["-m", "allennlp"]])
def test_every_command_is_listed(entry):
    """From the repository root `allennlp` finds them through .allennlp_plugins."""
    listed = subprocess.run([sys.executable, *entry, "--help"], capture_output=True, text=True, cwd=REPO_ROOT)
    assert listed.returncode == 0, listed.stderr[-2000:]
    for command in COMMANDS:
        assert command in listed.stdout


def test_commands_run_from_any_directory(dev_predictions, tmp_path):
    """Outside the repository (no .allennlp_plugins) through the package's own entry point."""
    completed = subprocess.run(
        [sys.executable, "-m", "locate_label_allennlp", "nested-ner-report", str(dev_predictions),
         "--plot", str(tmp_path / "f1.png")],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.startswith("Nested NER evaluation of")
    console_script = shutil.which(
        "locate-label-allennlp", path=str(REPO_ROOT / ".venv" / "bin")
    ) or shutil.which("locate-label-allennlp")
    assert console_script is not None, "the locate-label-allennlp console script is not installed"
    completed = subprocess.run(
        [console_script, "nested-ner-brackets", str(dev_predictions)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert (
        completed.stdout.splitlines()[0]
        == json.loads(dev_predictions.read_text().splitlines()[0])["brackets"]
    )
