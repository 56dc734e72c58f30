"""
compat.atomic_checkpoints: allennlp's checkpointer still writes straight to the final names and skips
files that exist (the first test fails once allennlp writes atomically itself, or stops skipping, which
the wrapper relies on); with the plugin every save goes through ``NAME.partial`` and a rename. The kill
during a save and the ``--recover`` after it are in tests/robustness/test_training_faults.py.
"""

import os
import pickle
from types import SimpleNamespace

import pytest
import torch
from allennlp.training.checkpointer import Checkpointer
from allennlp.training.trainer import TrainerCheckpoint

from locate_label_allennlp.compat import atomic_checkpoints
from locate_label_allennlp.compat.atomic_checkpoints import STOCK_SAVE_CHECKPOINT, atomic_torch_save


def fake_trainer(epochs: int, batches: int) -> SimpleNamespace:
    state = TrainerCheckpoint(
        {"weight": torch.ones(2)}, {"epochs_completed": epochs, "batches_in_epoch_completed": batches}
    )
    return SimpleNamespace(get_checkpoint_state=lambda: state)


@pytest.fixture
def saved_paths(monkeypatch):
    """Every path or file name given to torch.save, while the save still happens."""
    paths = []
    stock_save = torch.save

    def recording_save(state, file, *args, **kwargs):
        paths.append(os.path.basename(str(getattr(file, "name", file))))
        return stock_save(state, file, *args, **kwargs)

    monkeypatch.setattr(torch, "save", recording_save)
    return paths


def test_stock_checkpointer_saves_to_the_final_names_and_skips_existing_files(tmp_path, saved_paths):
    checkpointer = Checkpointer(tmp_path, keep_most_recent_by_count=None)
    STOCK_SAVE_CHECKPOINT(checkpointer, fake_trainer(1, 2))
    assert saved_paths == ["model_state_e1_b2.th", "training_state_e1_b2.th"]
    saved_paths.clear()
    STOCK_SAVE_CHECKPOINT(checkpointer, fake_trainer(1, 2))
    assert saved_paths == []


def test_the_plugins_checkpointer_writes_partial_files_then_renames(tmp_path, saved_paths):
    assert Checkpointer.save_checkpoint is atomic_checkpoints.save_checkpoint_atomically
    checkpointer = Checkpointer(tmp_path, keep_most_recent_by_count=1)
    checkpointer.save_checkpoint(fake_trainer(0, 2))
    checkpointer.save_checkpoint(fake_trainer(0, 4))
    # The training state first: a checkpoint is listed by its model state, which must come last.
    assert saved_paths == [
        "training_state_e0_b2.th.partial",
        "model_state_e0_b2.th.partial",
        "training_state_e0_b4.th.partial",
        "model_state_e0_b4.th.partial",
    ]
    # The stock bookkeeping still runs: only the newest checkpoint is kept.
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "model_state_e0_b4.th",
        "training_state_e0_b4.th",
    ]
    assert torch.equal(torch.load(tmp_path / "model_state_e0_b4.th")["weight"], torch.ones(2))


def test_atomic_torch_save_leaves_the_old_file_when_writing_fails(tmp_path):
    path = tmp_path / "best.th"
    atomic_torch_save({"weight": torch.zeros(1)}, str(path))
    with pytest.raises((AttributeError, pickle.PicklingError)):  # (which one depends on the Python version)
        atomic_torch_save({"unpicklable": lambda: None}, str(path))
    assert torch.equal(torch.load(path)["weight"], torch.zeros(1))
    assert [file.name for file in tmp_path.iterdir()] == ["best.th"]
