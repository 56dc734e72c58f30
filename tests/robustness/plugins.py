"""
Test-only components for the fault tests, registered when this module is imported (in the test process,
or in an ``allennlp`` subprocess through ``--include-package tests.robustness.plugins``).
"""

import io
import os
import signal

import torch
from allennlp.models import Model
from allennlp.training.callbacks import TrainerCallback

from locate_label_allennlp.models import LocateAndLabel

KILL_AT_ENV = "ROBUSTNESS_KILL_AT"
"""``"EPOCH:BATCH"``: the kill switch SIGKILLs its own process after that training batch (1-based)."""
KILL_IN_SAVE_ENV = "ROBUSTNESS_KILL_IN_SAVE"
"""A file name, e.g. ``model_state_e1_b4.th``: the process SIGKILLs itself half-way through writing it."""


@TrainerCallback.register("robustness_kill_switch")
class KillSwitch(TrainerCallback):
    """
    Kills the training process with SIGKILL (no clean-up, like the OOM killer or a pre-empted machine)
    after the training batch named by the ``ROBUSTNESS_KILL_AT`` environment variable; does nothing
    without it, so a ``--recover`` run can use the identical configuration.
    """

    def on_batch(
        self,
        trainer,
        batch_inputs,
        batch_outputs,
        batch_metrics,
        epoch,
        batch_number,
        is_training,
        is_primary=True,
        batch_grad_norm=None,
        **kwargs,
    ) -> None:
        if is_training and os.environ.get(KILL_AT_ENV) == f"{epoch}:{batch_number}":
            os.kill(os.getpid(), signal.SIGKILL)


@Model.register("poisoned_locate_and_label")
class PoisonedLocateAndLabel(LocateAndLabel):
    """``locate_and_label`` whose training loss is multiplied by ``poison`` ("nan", "inf") from the
    ``poison_from_batch``-th training batch on (1-based, counted over the whole run)."""

    def __init__(self, *args, poison: str = "nan", poison_from_batch: int = 1, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._poison = float(poison)
        self._poison_from_batch = poison_from_batch
        self._training_batches = 0

    def _loss(self, *args, **kwargs):
        loss = super()._loss(*args, **kwargs)
        if self.training:
            self._training_batches += 1
            if self._training_batches >= self._poison_from_batch:
                return loss * self._poison
        return loss


def _kill_half_way_through_saving(stock_save):
    """``torch.save`` that, for the file named by ``ROBUSTNESS_KILL_IN_SAVE``, writes half its bytes and dies."""
    target = os.environ[KILL_IN_SAVE_ENV]

    def save(state, file, *args, **kwargs):
        name = os.path.basename(str(getattr(file, "name", file)))
        if not name.startswith(target):  # (the atomic save writes "<target>.partial")
            return stock_save(state, file, *args, **kwargs)
        buffer = io.BytesIO()
        stock_save(state, buffer, *args, **kwargs)
        half = buffer.getvalue()[: len(buffer.getvalue()) // 2]
        if isinstance(file, (str, os.PathLike)):
            with open(file, "wb") as handle:
                handle.write(half)
        else:
            file.write(half)
            file.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    return save


if os.environ.get(KILL_IN_SAVE_ENV):
    torch.save = _kill_half_way_through_saving(torch.save)
