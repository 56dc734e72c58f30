"""
Micro-batching: the inputs of requests that arrive together are run by the model as one batch.

`MicroBatcher.predict` queues a request's inputs and waits for their answers. One task takes inputs off
the queue: as many as are waiting, up to ``max_batch_size``, and if the batch is not full it waits up to
``max_wait_s`` for more; then the model runs the batch on one worker thread (the event loop keeps taking
requests meanwhile, and they form the next batch). A batch that fails is run again input by input
(`predict_batch_or_each`), so a model error on one input becomes that input's `PredictionFailure` and
the others get their predictions.
"""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple, Union

from allennlp.common.util import JsonDict
from allennlp.predictors import Predictor

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PredictionFailure:
    """The model could not predict this input."""

    message: str


Answer = Union[JsonDict, PredictionFailure]
RunBatch = Callable[[List[JsonDict]], List[Answer]]


def predict_batch_or_each(predictor: Predictor, inputs: List[JsonDict]) -> List[Answer]:
    """The predictor's records for ``inputs`` as one batch or, if that fails, one input at a time."""
    try:
        return list(predictor.predict_batch_json(inputs))
    except Exception:
        logger.exception("a batch of %d inputs failed; predicting them one by one", len(inputs))
    answers: List[Answer] = []
    for item in inputs:
        try:
            answers.append(predictor.predict_json(item))
        except Exception as error:
            logger.exception("prediction failed for one input")
            answers.append(PredictionFailure(f"{type(error).__name__}: {error}"))
    return answers


@dataclass
class BatchStatistics:
    batches: int = 0
    inputs: int = 0
    largest_batch: int = 0

    def add(self, size: int) -> None:
        self.batches += 1
        self.inputs += size
        self.largest_batch = max(self.largest_batch, size)


class MicroBatcher:
    def __init__(self, run_batch: RunBatch, max_batch_size: int, max_wait_s: float) -> None:
        self.run_batch = run_batch
        self.max_batch_size = max_batch_size
        self.max_wait_s = max_wait_s
        self.statistics = BatchStatistics()
        self._queue: Optional[asyncio.Queue] = None
        self._task: Optional[asyncio.Task] = None
        # One thread: the model is not run from two threads at once.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model")

    async def start(self) -> None:
        self._queue = asyncio.Queue()
        self._task = asyncio.create_task(self._batch_forever(), name="micro-batcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._executor.shutdown(wait=True)

    async def predict(self, inputs: Sequence[JsonDict]) -> List[Answer]:
        """The answers to ``inputs``, in order, batched with the inputs of other requests."""
        if self._queue is None:
            raise RuntimeError("the batcher has not been started")
        loop = asyncio.get_running_loop()
        futures = [loop.create_future() for _ in inputs]
        for item, future in zip(inputs, futures):
            self._queue.put_nowait((item, future))
        return list(await asyncio.gather(*futures))

    async def _batch_forever(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = await self._next_batch()
            live = [(item, future) for item, future in batch if not future.done()]  # (a request cancelled)
            if not live:
                continue
            self.statistics.add(len(live))
            try:
                answers = await loop.run_in_executor(
                    self._executor, self.run_batch, [item for item, _ in live]
                )
            except (
                Exception
            ) as error:  # run_batch answers per input; this is a bug, and every request hears of it
                logger.exception("the model's worker failed")
                answers = [PredictionFailure(f"{type(error).__name__}: {error}")] * len(live)
            for (_, future), answer in zip(live, answers):
                if not future.done():
                    future.set_result(answer)

    async def _next_batch(self) -> List[Tuple[JsonDict, asyncio.Future]]:
        assert self._queue is not None
        batch = [await self._queue.get()]
        deadline = asyncio.get_running_loop().time() + self.max_wait_s
        while len(batch) < self.max_batch_size:
            if not self._queue.empty():
                batch.append(self._queue.get_nowait())
                continue
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            try:
                batch.append(await asyncio.wait_for(self._queue.get(), remaining))
            except TimeoutError:
                break
        return batch
