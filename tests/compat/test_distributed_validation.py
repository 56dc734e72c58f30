"""
compat.distributed_validation, in one process: a worker with 3 validation batches whose peer has 2.
allennlp's loop still stops that worker after 2 batches (the first test fails once allennlp validates
every batch itself, and this compat module can go); with the plugin the third batch is run too. The
2-process training with uneven shards is in tests/robustness/test_distributed.py.
"""

from types import SimpleNamespace

import pytest
import torch

from locate_label_allennlp.compat.distributed_validation import (
    STOCK_VALIDATION_LOSS,
    validation_loss_of_every_batch,
)


class RecordingModel(torch.nn.Module):
    """Its loss is the batch's number; it records the batches it ran."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list = []

    def forward(self, number: torch.Tensor) -> dict:
        self.seen.append(int(number))
        return {"loss": number.float()}

    def get_regularization_penalty(self) -> None:
        return None

    def get_metrics(self, reset: bool = False) -> dict:
        return {}


def worker(batches: int, distributed: bool = True) -> SimpleNamespace:
    model = RecordingModel()
    return SimpleNamespace(
        model=model,
        _pytorch_model=model,
        _validation_data_loader=[{"number": torch.tensor(n)} for n in range(batches)],
        _distributed=distributed,
        _primary=True,
        _moving_average=None,
        _callbacks=[],
        _use_amp=False,
        cuda_device=torch.device("cpu"),
        batch_outputs=lambda batch, for_training: model(**batch),
    )


@pytest.fixture
def peer_with_two_batches(monkeypatch):
    """torch.distributed as seen by a worker whose only peer runs out after 2 batches."""
    calls = []

    def all_reduce(tensor, op=None):
        calls.append(int(tensor))
        if len(calls) == 3:  # the peer's "I am done" arrives with this worker's third batch
            tensor += 1

    monkeypatch.setattr(torch.distributed, "all_reduce", all_reduce)
    monkeypatch.setattr(torch.distributed, "get_rank", lambda: 0)
    return calls


def test_stock_allennlp_drops_the_batches_left_when_a_peer_is_done(peer_with_two_batches):
    trainer = worker(3)
    loss, _, batches = STOCK_VALIDATION_LOSS(trainer, 0)
    assert trainer.model.seen == [0, 1] and (loss, batches) == (1.0, 2)


def test_the_plugin_runs_every_batch_of_the_worker(peer_with_two_batches):
    trainer = worker(3)
    loss, _, batches = validation_loss_of_every_batch(trainer, 0)
    assert trainer.model.seen == [0, 1, 2] and (loss, batches) == (3.0, 3)
    assert trainer._validation_data_loader == [{"number": torch.tensor(n)} for n in range(3)]


def test_a_worker_that_finished_first_runs_no_extra_batch(peer_with_two_batches):
    trainer = worker(2)
    loss, _, batches = validation_loss_of_every_batch(trainer, 0)
    assert trainer.model.seen == [0, 1] and (loss, batches) == (1.0, 2)


def test_single_process_validation_is_allennlps(monkeypatch):
    monkeypatch.setattr(
        torch.distributed, "all_reduce", lambda *args, **kwargs: pytest.fail("not distributed")
    )
    trainer = worker(3, distributed=False)
    assert validation_loss_of_every_batch(trainer, 0) == (3.0, None, 3)
    assert trainer.model.seen == [0, 1, 2]
