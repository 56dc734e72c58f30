"""
AllenNLP's distributed training with this model: two CPU worker processes (gloo) train the fixture
experiment, and the validation metric, whose counts the workers gather (``NestedSpanF1.total_counts``),
equals a single-process evaluation of the same model on the same data.
"""

import json

from allennlp.commands.evaluate import evaluate_from_archive
from allennlp.commands.train import train_model_from_file

import locate_label_allennlp  # noqa: F401
from tests.conftest import DEV, FIXTURES, TRAIN

CONFIG = FIXTURES / "robustness" / "distributed.jsonnet"


def test_two_cpu_workers_train_and_their_validation_metric_is_the_single_process_one(tmp_path, monkeypatch):
    # One thread per worker: two workers on two cores with OpenMP threads each crawl.
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    serialization_dir = tmp_path / "run"
    train_model_from_file(str(CONFIG), str(serialization_dir), include_package=["locate_label_allennlp"])
    for rank in (0, 1):
        log = (serialization_dir / f"out_worker{rank}.log").read_text()
        assert f"Process group of world size 2 initialized for distributed training in worker {rank}" in log
    metrics = json.loads((serialization_dir / "metrics.json").read_text())
    # The archive holds the best epoch's weights; its validation figures are best_validation_*.
    # The 3 validation sentences are split 2 + 1 between the workers.
    distributed = {
        key[len("best_validation_") :]: value
        for key, value in metrics.items()
        if key.startswith("best_validation_") and key != "best_validation_loss"
    }
    assert distributed["precision"] > 0.0 and distributed["recall"] > 0.0
    single = evaluate_from_archive(str(serialization_dir / "model.tar.gz"), str(DEV))
    single.pop("loss")
    assert {key: distributed[key] for key in single} == single
    # AllenNLP 2.10 keeps one metrics dict across epochs (GradientDescentTrainer._try_train), so a
    # per-type or per-length key of an earlier best epoch stays in best_validation_* when the later best
    # epoch saw no entity of that type or length. Such leftovers are the only keys allowed beyond
    # the single-process ones.
    assert all(key.startswith("_") for key in set(distributed) - set(single))


def test_uneven_validation_shards_count_every_sentence(tmp_path, monkeypatch):
    """
    5 validation sentences in batches of 1: one worker has 3 batches, the other 2. allennlp stops both
    workers when the second runs out ("finishing validation early"); compat.distributed_validation runs
    the dropped batch, so the distributed metric equals a single-process evaluation of the 5 sentences.
    """
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    validation = tmp_path / "validation.jsonl"
    validation.write_text("".join(TRAIN.read_text().splitlines(keepends=True)[:5]))
    overrides = {"validation_data_path": str(validation), "validation_data_loader": {"batch_size": 1},
                 "trainer.num_epochs": 2}  # fmt: skip
    serialization_dir = tmp_path / "run"
    train_model_from_file(
        str(CONFIG),
        str(serialization_dir),
        overrides=json.dumps(overrides),
        include_package=["locate_label_allennlp"],
    )
    logs = [(serialization_dir / f"out_worker{rank}.log").read_text() for rank in (0, 1)]
    assert any("finishing validation early" in log for log in logs)  # the shards were uneven
    metrics = json.loads((serialization_dir / "metrics.json").read_text())
    distributed = {key[len("best_validation_"):]: value for key, value in metrics.items()
                   if key.startswith("best_validation_") and key != "best_validation_loss"}  # fmt: skip
    single = evaluate_from_archive(str(serialization_dir / "model.tar.gz"), str(validation))
    single.pop("loss")
    # As above: leftover per-group keys of an earlier best epoch are the only extra keys.
    assert {key: distributed[key] for key in single} == single
    assert all(key.startswith("_") for key in set(distributed) - set(single))
