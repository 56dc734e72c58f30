"""
Written for allennlp 2.10.1. Reason: under distributed training ``GradientDescentTrainer._validation_loss``
stops every worker as soon as one worker runs out of validation batches (its "done early" check), so
with uneven shards the last batch(es) of the other workers are never validated and the validation
metric silently leaves sentences out.

`install` (the plugin calls it) wraps ``_validation_loss``: the stock loop runs unchanged (its forward passes and
per-batch metric gathering stay in step across workers), over a loader that remembers where it stopped;
a worker that was stopped early then runs the batches it had left (the one it had already taken and the
rest) through the unwrapped model, outside DistributedDataParallel, so no collective call is needed.
Their counts enter the model's metric, which the workers gather once the epoch's validation is over, and
their loss enters the validation loss. Callbacks' ``on_batch`` is not called for those batches.
"""

from collections.abc import Iterator
from typing import Any

import torch
from allennlp.data import DataLoader
from allennlp.training.gradient_descent_trainer import GradientDescentTrainer

STOCK_VALIDATION_LOSS = GradientDescentTrainer._validation_loss


class ResumableLoader:
    """Iterates ``loader`` once, remembering the last batch handed out and whether the end was reached."""

    def __init__(self, loader: DataLoader) -> None:
        self.loader = loader
        self.iterator: Iterator | None = None
        self.last: Any = None
        self.handed_out = 0
        self.exhausted = False

    def __len__(self) -> int:
        return len(self.loader)  # tqdm asks

    def __iter__(self) -> "ResumableLoader":
        self.iterator = iter(self.loader)
        return self

    def __next__(self) -> Any:
        assert self.iterator is not None
        try:
            self.last = next(self.iterator)
        except StopIteration:
            self.exhausted = True
            raise
        self.handed_out += 1
        return self.last

    def left_over(self) -> list[Any]:
        """The batches a loop that broke off right after taking a batch never ran (the stock loop does)."""
        if self.exhausted or self.iterator is None or self.handed_out == 0:
            return []
        return [self.last, *self.iterator]


def validation_loss_of_every_batch(
    self: GradientDescentTrainer, epoch: int
) -> tuple[float, float | None, int]:
    if not self._distributed or self._validation_data_loader is None:
        return STOCK_VALIDATION_LOSS(self, epoch)
    loader = self._validation_data_loader
    resumable = ResumableLoader(loader)
    self._validation_data_loader = resumable  # type: ignore[assignment]
    try:
        val_loss, val_reg_loss, batches = STOCK_VALIDATION_LOSS(self, epoch)
    finally:
        self._validation_data_loader = loader
    left_over = resumable.left_over()
    if left_over:
        loss, counted = run_left_over_batches(self, left_over)
        val_loss += loss
        batches += counted
    return val_loss, val_reg_loss, batches


def run_left_over_batches(trainer: GradientDescentTrainer, batches: list[Any]) -> tuple[float, int]:
    """Runs the validation batches on this worker's model alone; returns their summed loss and number."""
    if trainer._moving_average is not None:
        trainer._moving_average.assign_average_value()
    device_type = trainer.cuda_device.type if isinstance(trainer.cuda_device, torch.device) else "cpu"
    total, counted = 0.0, 0
    try:
        trainer.model.eval()
        with torch.no_grad(), torch.autocast(device_type, enabled=trainer._use_amp):
            for batch in batches:
                loss = trainer.model(**batch).get("loss")
                if loss is not None:  # as the stock loop: the loss is averaged over batches with one
                    total += loss.item()
                    counted += 1
    finally:
        if trainer._moving_average is not None:
            trainer._moving_average.restore()
    return total, counted


def install() -> None:
    """Idempotent."""
    GradientDescentTrainer._validation_loss = validation_loss_of_every_batch  # type: ignore[method-assign]
