"""
Faults during training: a process killed mid-epoch and recovered with ``--recover``; a NaN or infinite
loss; and the determinism that makes a recovered or repeated run comparable.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from allennlp.commands.evaluate import evaluate_from_archive
from allennlp.commands.train import train_model_from_file

import tests.robustness.plugins  # noqa: F401  (registers the kill switch and the poisoned model)
from tests.conftest import DEV, REPO_ROOT
from tests.robustness.plugins import KILL_AT_ENV, KILL_IN_SAVE_ENV

FAULTS = REPO_ROOT / "fixtures" / "robustness" / "faults.jsonnet"
ALLENNLP = Path(sys.executable).parent / "allennlp"


def allennlp_train(serialization_dir: Path, *extra: str, **env: str) -> subprocess.CompletedProcess:
    command = [
        str(ALLENNLP),
        "train",
        str(FAULTS),
        "-s",
        str(serialization_dir),
        "--include-package",
        "locate_label_allennlp",
        "--include-package",
        "tests.robustness.plugins",
        *extra,
    ]
    # One thread per process: on a busy 2-core machine, spinning OpenMP threads slow torch down 100-fold.
    environment = {**os.environ, "OMP_NUM_THREADS": "1", **env}
    return subprocess.run(
        command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def test_recover_after_a_kill_mid_epoch(tmp_path):
    serialization_dir = tmp_path / "run"
    # 5 batches per epoch, a checkpoint every 2: killed after batch 3 of the second epoch, the last
    # checkpoint is the one after its batch 2.
    killed = allennlp_train(serialization_dir, **{KILL_AT_ENV: "1:3"})
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    checkpoints = sorted(p.name for p in serialization_dir.glob("model_state_e*_b*.th"))
    assert "model_state_e1_b2.th" in checkpoints and not (serialization_dir / "model.tar.gz").exists()
    vocabulary = tmp_path / "vocabulary_before"
    (serialization_dir / "vocabulary").rename(vocabulary)

    recovered = allennlp_train(serialization_dir, "--recover")
    assert recovered.returncode == 0, recovered.stderr[-3000:]
    assert "Recovering from prior training" in recovered.stderr or "recover" in recovered.stderr.lower()
    names = sorted(p.name for p in vocabulary.iterdir() if p.name != ".lock")
    assert names == sorted(p.name for p in (serialization_dir / "vocabulary").iterdir() if p.name != ".lock")
    for name in names:  # (non_padded_namespaces.txt lists a set, in no particular order)
        before, after = (
            (path / name).read_text().splitlines() for path in (vocabulary, serialization_dir / "vocabulary")
        )
        if name == "non_padded_namespaces.txt":
            before, after = sorted(before), sorted(after)
        assert before == after, name
    metrics = json.loads((serialization_dir / "metrics.json").read_text())
    assert metrics["epoch"] == 3  # num_epochs 4: it went on to the end
    evaluation = evaluate_from_archive(str(serialization_dir / "model.tar.gz"), str(DEV))
    assert 0.0 <= evaluation["f1"] <= 1.0 and evaluation["proposals_per_sentence"] >= 0.0


def test_recover_after_a_kill_during_a_checkpoint_save(tmp_path):
    """
    Killed half-way through writing the model state of the checkpoint after batch 4 of the second epoch:
    that checkpoint never appears under its name (compat.atomic_checkpoints), and ``--recover`` resumes
    from the last complete one, after batch 2, instead of failing on a truncated file.
    """
    serialization_dir = tmp_path / "run"
    killed = allennlp_train(serialization_dir, **{KILL_IN_SAVE_ENV: "model_state_e1_b4.th"})
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    partial = serialization_dir / "model_state_e1_b4.th.partial"
    assert partial.exists() and partial.stat().st_size > 0  # it died while writing
    assert not (serialization_dir / "model_state_e1_b4.th").exists()
    complete = serialization_dir / "model_state_e1_b2.th"
    assert complete.exists() and (serialization_dir / "training_state_e1_b2.th").exists()
    first_epoch = serialization_dir / "metrics_epoch_0.json"
    first_epoch_written = first_epoch.stat().st_mtime_ns

    recovered = allennlp_train(serialization_dir, "--recover")
    assert recovered.returncode == 0, recovered.stderr[-3000:]
    # It resumed inside the second epoch (the first epoch's metrics are not rewritten) and went on to the end.
    assert first_epoch.stat().st_mtime_ns == first_epoch_written
    assert json.loads((serialization_dir / "metrics.json").read_text())["epoch"] == 3
    evaluation = evaluate_from_archive(str(serialization_dir / "model.tar.gz"), str(DEV))
    assert 0.0 <= evaluation["f1"] <= 1.0


# 4 epochs of 5 batches. AllenNLP's trainer stops on a NaN loss only: an infinite loss in the last
# batch used to end the run normally, with an archive (the model now checks for it).
@pytest.mark.parametrize("poison, batch", [("nan", 8), ("inf", 8), ("inf", 20)])
def test_non_finite_loss_stops_training_and_writes_no_model(tmp_path, poison, batch):
    overrides = {
        "model.type": "poisoned_locate_and_label",
        "model.poison": poison,
        "model.poison_from_batch": batch,
        "trainer.callbacks": [],
    }
    with pytest.raises(ValueError, match=f"non-finite training loss \\({poison}\\)"):
        train_model_from_file(str(FAULTS), str(tmp_path / "run"), overrides=json.dumps(overrides))
    assert (tmp_path / "run" / "best.th").exists()  # the first epoch finished ...
    assert not (tmp_path / "run" / "model.tar.gz").exists()  # ... but no archive of a broken model


def test_same_seeds_same_run(tmp_path):
    """Two runs with the config's random_seed, numpy_seed and pytorch_seed: the same metrics and weights."""
    overrides = json.dumps({"trainer.callbacks": [], "trainer.checkpointer": None})
    runs = [tmp_path / "first", tmp_path / "second"]
    for run in runs:
        train_model_from_file(str(FAULTS), str(run), overrides=overrides)
    first, second = (json.loads((run / "metrics.json").read_text()) for run in runs)
    varying = ("duration", "memory", "start_epoch", "epoch_time")
    same = {key for key in first if not any(word in key for word in varying)}
    assert any(key.startswith("validation_") for key in same) and any(
        key.startswith("training_") for key in same
    )
    assert {key: first[key] for key in same} == {key: second[key] for key in same}
    weights = [torch.load(run / "best.th") for run in runs]
    assert weights[0].keys() == weights[1].keys()
    assert all(torch.equal(weights[0][name], weights[1][name]) for name in weights[0])
