"""
Where inference time goes: wall time per part of the model (hooks on `LocateAndLabel.stages()` and a
timed stand-in decoder), the top operators of a torch.profiler run, and a check for Python loops over
the sentences of a batch.
"""

import collections
import contextlib
import time
from collections import Counter
from typing import Any, DefaultDict, Dict, Iterator, List, Tuple

import torch
from allennlp.data import Instance
from torch.utils.hooks import RemovableHandle

from locate_label_allennlp.benchmarking.data import inputs_only, tensorise
from locate_label_allennlp.benchmarking.runs import decode_statistics, evenly_spaced, predict
from locate_label_allennlp.models.locate_and_label import LocateAndLabel
from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder

TOP_OPERATORS = 15
DECODER_STAGE = "span decoder (deduplication, Soft-NMS)"
REST_STAGE = "rest of forward (seed spans, compaction, boundary adjustment)"
Seconds = DefaultDict[str, float]


class TimedDecoder(SpanDecoder):
    """Stands in for the model's span decoder (not a torch module, so it has no hooks) and times it."""

    def __init__(self, decoder: SpanDecoder, seconds: Seconds) -> None:
        self.decoder, self.seconds = decoder, seconds

    def __call__(self, *args: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        started = time.perf_counter()
        try:
            return self.decoder(*args)
        finally:
            self.seconds[DECODER_STAGE] += time.perf_counter() - started


@contextlib.contextmanager
def stage_clock(model: LocateAndLabel) -> Iterator[Seconds]:
    """Adds up the wall time spent in each part of the model while the context is open."""
    seconds: Seconds = collections.defaultdict(float)
    handles = [
        handle for label, module in model.stages().items() for handle in _clock(module, label, seconds)
    ]
    try:
        with model.using_decoder(TimedDecoder(model.decoder, seconds)):
            yield seconds
    finally:
        for handle in handles:
            handle.remove()


def _clock(module: torch.nn.Module, label: str, seconds: Seconds) -> List[RemovableHandle]:
    """Hooks that add the time of each call of ``module`` to ``seconds[label]``."""
    starts: List[float] = []

    def start(*_: Any) -> None:
        starts.append(time.perf_counter())

    def stop(*_: Any) -> None:
        seconds[label] += time.perf_counter() - starts.pop()

    return [module.register_forward_pre_hook(start), module.register_forward_hook(stop)]


def where_the_time_goes(
    model: LocateAndLabel, batches: List[Dict], chunks: List[List[Instance]], count: int
) -> Dict:
    """
    On `count` batches spread over the lengths: wall time per stage (a plain run), the top operators by
    self CPU time (a torch.profiler run), and the loop check on the middle one of them.
    """
    chosen = evenly_spaced(list(range(len(batches))), count)
    profiled = [batches[i] for i in chosen]
    with torch.no_grad():
        predict(model, profiled)  # warm-up
        total, stages = stage_times(model, profiled)
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profile:
            predict(model, profiled)
    return {
        "batches": len(profiled),
        "sentences": sum(len(batch["metadata"]) for batch in profiled),
        "total_ms": 1e3 * total,
        "stages": stages,
        "top_operators": top_operators(profile),
        "loop_check": loop_check(model, chunks[chosen[len(chosen) // 2]]),
    }


def stage_times(model: LocateAndLabel, batches: List[Dict]) -> Tuple[float, List[Dict]]:
    """Seconds of one run over the batches, and each part's share of them, in the order the parts run."""
    with stage_clock(model) as seconds:
        started = time.perf_counter()
        predict(model, batches)
        total = time.perf_counter() - started
    seconds[REST_STAGE] = total - sum(seconds.values())
    labels = [*model.stages(), DECODER_STAGE, REST_STAGE]
    stages = [
        {"stage": label, "ms": 1e3 * seconds[label], "percent": 100 * seconds[label] / total}
        for label in labels
        if label in seconds
    ]
    return total, stages


def top_operators(profile: torch.profiler.profile) -> List[Dict]:
    events = sorted(profile.key_averages(), key=lambda event: event.self_cpu_time_total, reverse=True)
    total_self = sum(event.self_cpu_time_total for event in events)
    return [
        {
            "operator": event.key,
            "self_cpu_ms": event.self_cpu_time_total / 1e3,
            "self_cpu_percent": 100 * event.self_cpu_time_total / total_self,
            "calls": event.count,
        }
        for event in events[:TOP_OPERATORS]
    ]


def loop_check(model: LocateAndLabel, sentences: List[Instance]) -> Dict:
    """A batch and the same sentences twice over run the same operators the same number of times, except
    in a function that loops over batch items."""
    single, doubled = tensorise(sentences, model), tensorise(sentences + sentences, model)
    with torch.no_grad():
        decoding = decode_statistics(model, [single], with_gold=False)
    once, twice = operator_calls_by_function(model, single), operator_calls_by_function(model, doubled)
    return {
        "batch_size": len(sentences),
        "operator_calls": sum(once.values()),
        "operator_calls_same_sentences_twice": sum(twice.values()),
        "loops_over_batch_items": [
            {
                "function": function,
                "operator_calls": once[function],
                "operator_calls_same_sentences_twice": twice[function],
            }
            for function in sorted(set(once) | set(twice))
            if once[function] != twice[function]
        ],
        "soft_nms_iterations": decoding["soft_nms_iterations_per_batch_max"],
    }


def operator_calls_by_function(model: LocateAndLabel, batch: Dict) -> Counter:
    """How many operators each Python function calls directly in one forward pass."""
    with (
        torch.no_grad(),
        torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], with_stack=True) as profile,
    ):
        model(**inputs_only(batch))
    calls: Counter = Counter()
    for event in profile.events():
        caller = event.cpu_parent
        if not event.name.startswith("aten::") or caller is None or caller.name.startswith("aten::"):
            continue  # not an operator, or one called by another operator
        while caller is not None and caller.name.startswith("<built-in"):
            caller = caller.cpu_parent  # e.g. "<built-in method max of Tensor object at 0x...>"
        if caller is not None:
            calls[caller.name] += 1
    return calls
