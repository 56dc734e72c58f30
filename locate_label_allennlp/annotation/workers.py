"""
Runs `UnitAnnotator` over units in this process or in N worker processes of this machine. Either way the
results come back in unit order, and at most a few units per worker are in flight, so memory does not grow
with the input.

Worker processes are started with ``spawn`` (a fork of a process that has used torch's thread pools can
hang) and each loads the model once. Each gets ``threads`` torch threads, by default its share of the
machine's cores: N processes each using every core would fight over them.
"""

import collections
import concurrent.futures
import multiprocessing
import os
from dataclasses import replace
from typing import Any, Deque, Dict, Iterator, Optional, Sequence

from locate_label_allennlp.annotation.annotator import AnnotatorSettings, UnitAnnotator
from locate_label_allennlp.annotation.units import Unit

UNITS_IN_FLIGHT_PER_WORKER = 2

_worker_annotator: Optional[UnitAnnotator] = None
"""The model of a worker process, loaded by `_start_worker`."""


def annotate_in_this_process(units: Sequence[Unit], settings: AnnotatorSettings) -> Iterator[Dict[str, Any]]:
    if not units:
        return
    annotator = UnitAnnotator(settings)
    for unit in units:
        yield annotator.annotate(unit)


def _start_worker(settings: AnnotatorSettings) -> None:
    global _worker_annotator
    _worker_annotator = UnitAnnotator(settings)


def _annotate_in_worker(unit: Unit) -> Dict[str, Any]:
    assert _worker_annotator is not None, "the worker was not started by _start_worker"
    return _worker_annotator.annotate(unit)


def annotate_in_processes(
    units: Sequence[Unit], settings: AnnotatorSettings, workers: int
) -> Iterator[Dict[str, Any]]:
    if not units:
        return
    if settings.threads is None:
        settings = replace(settings, threads=max(1, (os.cpu_count() or 1) // workers))
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(settings,)
    ) as pool:
        in_flight: Deque[concurrent.futures.Future] = collections.deque()
        pending = iter(units)
        try:
            for unit in pending:
                in_flight.append(pool.submit(_annotate_in_worker, unit))
                if len(in_flight) >= workers * UNITS_IN_FLIGHT_PER_WORKER:
                    yield in_flight.popleft().result()
            while in_flight:
                yield in_flight.popleft().result()
        finally:
            for future in in_flight:
                future.cancel()
