"""
``allennlp evaluate`` (the real command line, in-process) of the fixture model on unusual data: empty
sentences, gold that is hard to count (duplicates, one span with two types, crossing spans, a type never
seen in training), unicode and control characters; and a model trained on such tokens.
"""

import json
import logging
import sys
from collections import Counter
from pathlib import Path

import pytest
from allennlp.commands import main as allennlp_main
from allennlp.commands.train import train_model_from_file
from allennlp.models.archival import load_archive

from locate_label_allennlp.metrics.nested_span_f1 import NestedSpanF1
from tests.conftest import DEV, EXPERIMENT, FIXTURES

ROBUSTNESS = FIXTURES / "robustness"


def evaluate(archive: Path, data: Path, output_dir: Path, monkeypatch):
    """Runs ``allennlp evaluate``; returns its metrics and, per sentence, (gold, predicted) entity lists."""
    metrics_file = output_dir / f"{data.stem}.metrics.json"
    predictions_file = output_dir / f"{data.stem}.predictions.jsonl"
    monkeypatch.setattr(
        sys,
        "argv",
        [
            "allennlp",
            "evaluate",
            str(archive),
            str(data),
            "--output-file",
            str(metrics_file),
            "--predictions-output-file",
            str(predictions_file),
            "--include-package",
            "locate_label_allennlp",
        ],
    )
    allennlp_main()
    sentences = []
    for line in predictions_file.read_text(encoding="utf-8").splitlines():
        batch = json.loads(line)
        for metadata, entities in zip(batch["metadata"], batch["entities"]):
            sentences.append((metadata, [(e["start"], e["end"], e["type"]) for e in entities]))
    return json.loads(metrics_file.read_text()), sentences


def strict_prf(sentences, label=None):
    """Precision, recall and F1 of the (start, end, type) sets, computed here from scratch."""
    tp = fp = fn = 0
    for metadata, predicted in sentences:
        gold = {tuple(e) for e in metadata["entities"] if label is None or e[2] == label}
        predicted = {e for e in predicted if label is None or e[2] == label}
        tp, fp, fn = tp + len(gold & predicted), fp + len(predicted - gold), fn + len(gold - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@pytest.fixture(scope="module")
def dev_evaluation(trained_archive, tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    try:
        return evaluate(trained_archive, DEV, tmp_path_factory.mktemp("dev"), monkeypatch)
    finally:
        monkeypatch.undo()


def test_empty_sentences_are_evaluated_as_sentences_without_entities(
    trained_archive, dev_evaluation, tmp_path, monkeypatch
):
    dev_metrics, dev_sentences = dev_evaluation
    assert any(predicted for _, predicted in dev_sentences), "the fixture model predicts entities"
    metrics, sentences = evaluate(
        trained_archive, ROBUSTNESS / "with_empty_sentences.jsonl", tmp_path, monkeypatch
    )
    assert len(sentences) == 7  # 3 dev sentences, 4 empty ones: none dropped
    assert [predicted for metadata, predicted in sentences if not metadata["tokens"]] == [[]] * 4
    # the same predictions as without the empty sentences (the data loader shuffles the sentences)
    assert sorted(map(json.dumps, (s for s in sentences if s[0]["tokens"]))) == sorted(
        map(json.dumps, dev_sentences)
    )
    for name in ("precision", "recall", "f1"):
        assert metrics[name] == dev_metrics[name]
    assert metrics["proposals_per_sentence"] == pytest.approx(dev_metrics["proposals_per_sentence"] * 3 / 7)

    metrics, sentences = evaluate(
        trained_archive, ROBUSTNESS / "only_empty_sentences.jsonl", tmp_path, monkeypatch
    )
    assert sentences == [({"tokens": [], "ltokens": [], "rtokens": [], "entities": []}, [])] * 5
    assert metrics["f1"] == 0.0 and metrics["proposals_per_sentence"] == 0.0 and metrics["loss"] == 0.0


def test_hard_gold_is_counted_as_sets(trained_archive, tmp_path, monkeypatch, caplog):
    data = ROBUSTNESS / "hard_gold.jsonl"
    gold = [json.loads(line)["entities"] for line in data.read_text().splitlines()]
    counts = Counter(
        (i, e["start"], e["end"], e["type"]) for i, entities in enumerate(gold) for e in entities
    )
    assert max(counts.values()) == 2, "the fixture has duplicates"
    assert any(e["type"] == "ALIEN" for entities in gold for e in entities), "and a type never trained"
    with caplog.at_level(logging.WARNING):
        metrics, sentences = evaluate(trained_archive, data, tmp_path, monkeypatch)
    assert "'ALIEN' is not in the vocabulary" in caplog.text
    assert "duplicate entities" in caplog.text
    # all gold entities reach the metric (the data loader shuffles the sentences)
    assert sorted([list(e) for e in m["entities"]] for m, _ in sentences) == sorted(
        [[e["start"], e["end"], e["type"]] for e in entities] for entities in gold
    )
    assert (metrics["precision"], metrics["recall"], metrics["f1"]) == pytest.approx(strict_prf(sentences))
    for label in ("ALIEN", "cell_line", "ORG", "LOC"):
        expected = strict_prf(sentences, label)
        assert tuple(
            metrics[f"_type_{label}_{name}"] for name in ("precision", "recall", "f1")
        ) == pytest.approx(expected)
    assert metrics["_type_ALIEN_recall"] == 0.0
    assert metrics["recall"] < 1.0 and metrics["precision"] > 0.0


def test_gold_scored_against_itself_is_perfect():
    gold = [[(0, 2, "A"), (0, 2, "A"), (0, 2, "B"), (1, 3, "A"), (0, 5, "C")], [], [(3, 4, "A")] * 3]
    metric = NestedSpanF1()
    metric(gold, gold)
    metrics = metric.get_metric()
    assert [metrics[name] for name in ("precision", "recall", "f1")] == [1.0, 1.0, 1.0]
    assert metrics["_type_A_recall"] == 1.0 and metrics["_length=2_f1"] == 1.0


def test_unicode_training_evaluation_and_vocabulary_round_trip(tmp_path, monkeypatch):
    data = ROBUSTNESS / "unicode.jsonl"
    overrides = {
        "train_data_path": str(data),
        "validation_data_path": str(data),
        "trainer": {"num_epochs": 2},
    }
    model = train_model_from_file(str(EXPERIMENT), str(tmp_path / "model"), overrides=json.dumps(overrides))
    loaded = load_archive(str(tmp_path / "model" / "model.tar.gz")).model
    for namespace in ("tokens", "token_characters", "labels"):
        # every token keeps its index once saved and loaded ("cr\r" next to "cr", "new\nline", "\x00" ...)
        assert loaded.vocab.get_token_to_index_vocabulary(
            namespace
        ) == model.vocab.get_token_to_index_vocabulary(namespace)
    metrics, sentences = evaluate(tmp_path / "model" / "model.tar.gz", data, tmp_path, monkeypatch)
    assert sorted(m["tokens"] for m, _ in sentences) == sorted(
        json.loads(line)["tokens"] for line in data.open(encoding="utf-8")
    )
    assert (metrics["precision"], metrics["recall"], metrics["f1"]) == pytest.approx(strict_prf(sentences))
