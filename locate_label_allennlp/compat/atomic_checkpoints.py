"""
Written for allennlp 2.10.1. Reason: ``Checkpointer.save_checkpoint`` and the trainer's ``best.th``
``torch.save`` straight to the final file names, so a process killed during a save leaves a truncated
``model_state_e*_b*.th`` that ``--recover`` then picks as the latest checkpoint and cannot load.

`install` (the plugin calls it) makes both saves atomic: each file is written to ``NAME.partial`` and renamed into
place (``os.replace``, atomic on POSIX), and a checkpoint's training state is renamed before its model
state, because ``find_latest_checkpoint`` lists checkpoints by their model-state files. A kill at any
moment therefore leaves either the complete new checkpoint or none (``--recover`` resumes from the last
complete one). The stock ``save_checkpoint`` then runs unchanged: it finds both files in place, skips
writing them (it only writes missing files) and does its bookkeeping and clean-up.
"""

import os
from typing import Any

import torch
from allennlp.training.checkpointer import Checkpointer
from allennlp.training.gradient_descent_trainer import GradientDescentTrainer
from allennlp.training.trainer import Trainer

PARTIAL_SUFFIX = ".partial"
"""A file being written; never matched by the checkpointer's ``*.th`` patterns."""

STOCK_SAVE_CHECKPOINT = Checkpointer.save_checkpoint
STOCK_SAVE_MODEL_STATE = GradientDescentTrainer._save_model_state


def atomic_torch_save(state: Any, path: str) -> None:
    """``torch.save(state, path)`` such that ``path`` is either its old self or complete."""
    partial = path + PARTIAL_SUFFIX
    try:
        with open(partial, "wb") as handle:
            torch.save(state, handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.remove(partial)
        raise
    os.replace(partial, path)


def save_checkpoint_atomically(self: Checkpointer, trainer: Trainer) -> None:
    if self._serialization_dir is not None:
        state = trainer.get_checkpoint_state()
        if state is not None:
            point = (
                state.trainer_state["epochs_completed"],
                state.trainer_state["batches_in_epoch_completed"],
            )
            atomic_torch_save(state.trainer_state, self._training_state_path(*point))
            atomic_torch_save(state.model_state, self._model_state_path(*point))
    STOCK_SAVE_CHECKPOINT(self, trainer)


def save_model_state_atomically(self: GradientDescentTrainer, path: str) -> None:
    model = self._ddp_wrapped_model if self._ddp_wrapped_model is not None else self.model
    atomic_torch_save(model.state_dict(), path)


def install() -> None:
    """Idempotent."""
    Checkpointer.save_checkpoint = save_checkpoint_atomically  # type: ignore[method-assign]
    GradientDescentTrainer._save_model_state = save_model_state_atomically  # type: ignore[method-assign]
