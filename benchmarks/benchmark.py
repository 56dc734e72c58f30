#!/usr/bin/env python
"""
Accuracy and speed of a trained Locate and Label model, measured and published.

    python benchmarks/benchmark.py --archive RUN/model.tar.gz --test-file GENIA/test.jsonl \\
        --train-file GENIA/train.jsonl --train-metrics RUN/metrics.json \\
        [--ablation exhaustive=RUN_EXHAUSTIVE/model.tar.gz ...]
    python benchmarks/benchmark.py --quick    # trains the fixture experiment and benchmarks it (CI)

Writes OUTPUT_DIR/results.json (every figure, with the command, machine and date that produced it) and
OUTPUT_DIR/BENCHMARKS.md, rendered from results.json by report.py, so no figure is typed by hand.

Method. Everything runs on the CPU in this one process with torch's default number of threads. The test
sentences are sorted by length and cut into --batch-size batches (what the bucket sampler does), and
tensorised once beforehand: timings cover the models' forward passes only. Each timing is the median
of --repetitions runs after one warm-up run, the models being compared taking turns within each
repetition so that a slow spell of the machine hits all of them alike.

* accuracy: the model's own metric (strict span P/R/F1 overall, per type, per length) on the test file,
  with gold supports counted from the file; plus every --ablation archive's overall figures;
* inference: the full two-stage model against the encoder alone (its embedders and encoder, no span
  heads) and against exhaustive span classification (the same archive with span_proposal_filter and
  boundary_regressor removed; it shares the trained embedders, encoder and entity classifier);
* training: --train-steps optimizer steps (the archive's optimizer and gradient clipping) on the first
  sentences of --train-file, and the training run's duration from --train-metrics;
* peak memory (ru_maxrss), growth of the time per sentence with sentence length (synthetic sentences
  of vocabulary words), and a torch.profiler profile of inference ("where the time goes").
"""
import argparse
import contextlib
import copy
import datetime
import itertools
import json
import math
import os
import platform
import random
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence

import torch
from allennlp.common import Params
from allennlp.data import Batch, Instance
from allennlp.data.vocabulary import DEFAULT_OOV_TOKEN, DEFAULT_PADDING_TOKEN
from allennlp.models import Model
from allennlp.models.archival import Archive, load_archive
from allennlp.models.model import remove_weights_related_keys_from_params
from allennlp.nn.util import get_text_field_mask
from allennlp.training.optimizers import Optimizer
from allennlp.version import VERSION as ALLENNLP_VERSION

import locate_label_allennlp  # noqa: F401  (registers the components)
from locate_label_allennlp.commands.nested_ner_tune_decoder import metrics_by_decoder
from locate_label_allennlp.metrics.nested_span_f1 import LENGTH_BUCKETS, length_bucket
from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures"
GROWTH_LENGTHS = (25, 50, 100, 200, 400)
MAX_EXACT_LENGTH = 20  # the metric reports lengths 1..19 one by one, then ">=20"
TOP_OPERATORS = 15
INPUT_FIELDS = ("tokens", "context_tokens", "context_offset")  # what a forward pass needs to predict

# Defaults that depend on the mode: the full benchmark (a pass over the GENIA test set takes a while on a
# CPU, hence 3 repetitions) and the quick one CI runs on the fixtures.
MODE_DEFAULTS = {
    "full": {"batch_size": 32, "repetitions": 3, "train_steps": 20, "profile_batches": 10},
    "quick": {"batch_size": 8, "repetitions": 2, "train_steps": 3, "profile_batches": 2},
}


# ----------------------------------------------------------------------------------------- set-up


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--archive", type=Path, help="the trained two-stage model (model.tar.gz)")
    parser.add_argument("--test-file", type=Path, help="the test sentences, nested_ner JSON lines")
    parser.add_argument(
        "--train-file", type=Path, help="sentences for the training-speed steps (default: the test file)"
    )
    parser.add_argument(
        "--train-metrics", type=Path, help="the training run's metrics.json (duration, best epoch, dev F1)"
    )
    parser.add_argument(
        "--ablation", action="append", default=[], type=_ablation, metavar="NAME=ARCHIVE",
        help="a trained ablation to add to the accuracy table (repeatable)",
    )
    parser.add_argument(
        "--add-ablations", action="store_true",
        help="only evaluate the --ablation archives on --test-file and add them to OUTPUT_DIR/results.json",
    )
    parser.add_argument(
        "--overrides", default="", help="JSON overrides applied to every archive's config on loading"
    )
    parser.add_argument("--output-dir", type=Path, help="default: benchmarks/ (quick: out/benchmark-quick/)")
    parser.add_argument(
        "--markdown", type=Path, help="where BENCHMARKS.md goes (default: beside results.json)"
    )
    parser.add_argument(
        "--notes", type=Path,
        help="a markdown file of remarks (budget, caveats) copied into results.json and the page",
    )
    parser.add_argument(
        "--quick", action="store_true",
        help="few repetitions; unless given, trains the fixture experiment and uses the fixture data",
    )
    for name, help_text in (
        ("batch-size", "sentences per batch, for every measurement"),
        ("repetitions", "timed runs per measurement (the median is reported)"),
        ("train-steps", "optimizer steps per timed training run"),
        ("profile-batches", "batches in the torch.profiler profile"),
    ):
        parser.add_argument(f"--{name}", type=_positive_int, help=f"{help_text} (default: by mode)")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    for name, value in MODE_DEFAULTS[mode].items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.quick:
        args.test_file = args.test_file or FIXTURES / "data" / "dev.jsonl"
        args.train_file = args.train_file or FIXTURES / "data" / "train.jsonl"
    elif args.add_ablations:
        if args.test_file is None or not args.ablation:
            parser.error("--add-ablations needs --test-file and at least one --ablation")
    elif args.archive is None or args.test_file is None:
        parser.error("--archive and --test-file are required (or --quick)")
    args.train_file = args.train_file or args.test_file
    if args.output_dir is None:
        args.output_dir = REPO_ROOT / ("out/benchmark-quick" if args.quick else "benchmarks")
    args.markdown = args.markdown or args.output_dir / "BENCHMARKS.md"
    if args.notes is not None and not args.notes.is_file():
        parser.error(f"--notes: no such file: {args.notes}")
    return args


def _ablation(text: str) -> "tuple[str, Path]":
    name, separator, path = text.partition("=")
    if not separator or not name or not path:
        raise argparse.ArgumentTypeError(f"expected NAME=ARCHIVE, got {text!r}")
    return name, Path(path)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


def train_fixture_experiment(directory: Path) -> Path:
    """Trains fixtures/experiment.jsonnet in a separate process; returns its serialization dir."""
    serialization_dir = directory / "fixture_model"
    log = directory / "train.log"
    with phase(f"training the fixture experiment into {serialization_dir}"), log.open("w") as handle:
        completed = subprocess.run(
            [sys.executable, "-m", "allennlp", "train", str(FIXTURES / "experiment.jsonnet"),
             "-s", str(serialization_dir), "--include-package", "locate_label_allennlp"],
            cwd=REPO_ROOT, env={**os.environ, "FIXTURES_DIR": str(FIXTURES)},
            stdout=handle, stderr=subprocess.STDOUT,
        )
    if completed.returncode != 0:
        tail = "\n".join(log.read_text().splitlines()[-30:])
        raise SystemExit(f"training the fixture experiment failed:\n{tail}")
    return serialization_dir


def environment(command: str) -> Dict:
    cpu_model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )
    status = _git("status", "--porcelain")
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": command,
        "cpu_model": cpu_model,
        "logical_cpus": os.cpu_count(),
        "torch_num_threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "allennlp": ALLENNLP_VERSION,
        "python": platform.python_version(),
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": None if status is None else bool(status),  # uncommitted changes in the checkout
    }


def _git(*args: str) -> Optional[str]:
    try:
        completed = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return completed.stdout.strip()


@contextlib.contextmanager
def phase(description: str) -> Iterator[None]:
    print(f"{description} ...", end=" ", flush=True)
    started = time.perf_counter()
    yield
    print(f"{time.perf_counter() - started:.1f} s", flush=True)


def peak_rss_mib() -> float:
    """The process's resident-memory high-water mark so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------- data, models


def load(archive_path: Path, overrides: str) -> Archive:
    archive = load_archive(str(archive_path), overrides=overrides)
    archive.model.eval()
    return archive


def read_instances(archive: Archive, path: Path, limit: Optional[int] = None) -> List[Instance]:
    return list(itertools.islice(archive.validation_dataset_reader.read(str(path)), limit))


def length_sorted_chunks(instances: List[Instance], batch_size: int) -> List[List[Instance]]:
    ordered = sorted(instances, key=lambda instance: len(instance["tokens"]))
    return [ordered[start : start + batch_size] for start in range(0, len(ordered), batch_size)]


def tensorise(instances: List[Instance], model: Model) -> Dict:
    batch = Batch(instances)
    batch.index_instances(model.vocab)
    return batch.as_tensor_dict()


def inputs_only(batch: Dict) -> Dict:
    """The fields a forward pass needs to predict: no gold entities, so no loss and no metric."""
    return {name: batch[name] for name in INPUT_FIELDS if name in batch}


def exhaustive_from(archive: Archive) -> Model:
    """The archive's model without filter and regressor (every seed classified), sharing its weights."""
    params = archive.config.duplicate()["model"]
    params["span_proposal_filter"] = None
    params["boundary_regressor"] = None
    remove_weights_related_keys_from_params(params)  # e.g. word vectors: the weights come from the archive
    model = Model.from_params(vocab=archive.model.vocab, params=params)
    missing, _ = model.load_state_dict(archive.model.state_dict(), strict=False)
    if missing:
        raise RuntimeError(f"the exhaustive model has weights the archive lacks: {missing}")
    return model.eval()


# ---------------------------------------------------------------------------------------- running


def predict(model: Model, batches: List[Dict]) -> None:
    for batch in batches:
        model(**inputs_only(batch))


def encode(model: Model, batches: List[Dict]) -> None:
    """The encoder alone: the model's embedders and encoder, as its forward runs them, no span heads."""
    for batch in batches:
        tokens = batch["tokens"]
        mask = get_text_field_mask(tokens)
        if mask.size(1) == 0:  # only empty sentences: forward skips the encoder too
            continue
        embedded = model._embed(tokens, mask, batch.get("context_tokens"), batch.get("context_offset"))
        model._encoder(embedded, mask)


def decode_statistics(model: Model, batches: List[Dict], with_gold: bool) -> Dict:
    """
    Runs the model over the batches (with gold entities: the metric is updated) and counts what its
    decoding did. Soft-NMS loops once per span it keeps, over the whole batch at once, so its number of
    iterations in a batch is the largest number of entities kept in one sentence of it.
    """
    sentences = proposals = entities = 0
    iterations = []
    for batch in batches:
        output = model(**(batch if with_gold else inputs_only(batch)))
        kept = output["entity_mask"].sum(dim=1)
        sentences += kept.numel()
        proposals += int(output["num_proposals"].sum())
        entities += int(kept.sum())
        iterations.append(int(kept.max()))
    return {
        "proposals_per_sentence": proposals / sentences,
        "entities_per_sentence": entities / sentences,
        "soft_nms_iterations_per_batch_mean": statistics.mean(iterations),
        "soft_nms_iterations_per_batch_max": max(iterations),
    }


def time_in_turns(runs: Dict[str, Callable[[], None]], repetitions: int) -> Dict[str, List[float]]:
    """Seconds per run of each callable: one warm-up each, then `repetitions` rounds taking turns."""
    seconds: Dict[str, List[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()
    for _ in range(repetitions):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - started)
    return seconds


def timing(seconds: List[float], sentences: int) -> Dict:
    median = statistics.median(seconds)
    return {"median_seconds": median, "runs_seconds": seconds, "sentences_per_second": sentences / median}


def evenly_spaced(items: List, count: int) -> List:
    step = max(len(items) // count, 1)
    return items[::step][:count]


# ------------------------------------------------------------------------------------ measurements


def accuracy(model: Model, batches: List[Dict], instances: List[Instance]) -> Dict:
    """The metric's P/R/F1 (in percent) overall, per type and per length, with gold supports."""
    model.get_metrics(reset=True)
    with torch.no_grad():
        decoding = decode_statistics(model, batches, with_gold=True)
    metrics = model.get_metrics(reset=True)
    gold = [entity for instance in instances for entity in instance["metadata"]["entities"] or []]
    by_type = Counter(label for _, _, label in gold)
    by_bucket = Counter(length_bucket(end - start) for start, end, _ in gold)
    by_length = Counter(_exact_length(end - start) for start, end, _ in gold)
    types = sorted(set(model.vocab.get_token_to_index_vocabulary(model._label_namespace)) | set(by_type))

    def row(prefix: str, support: int) -> Dict:
        figures = {name: metrics.get(prefix + name) for name in ("precision", "recall", "f1")}
        return {**{k: None if v is None else 100 * v for k, v in figures.items()}, "support": support}

    return {
        "overall": row("", len(gold)),
        "by_type": {label: row(f"_type_{label}_", by_type[label]) for label in types},
        "by_length_bucket": {
            name: row(f"_length_{name}_", by_bucket[name]) for name, _, _ in LENGTH_BUCKETS
        },
        "by_length": {
            key: row(f"_length{'' if key.startswith('>') else '='}{key}_", by_length[key])
            for key in [str(n) for n in range(1, MAX_EXACT_LENGTH)] + [f">={MAX_EXACT_LENGTH}"]
        },
        "proposals_per_sentence": metrics["proposals_per_sentence"],
        "proposals_per_entity": metrics["proposals_per_entity"],
        "decoding": decoding,
    }


def _exact_length(length: int) -> str:
    return str(length) if length < MAX_EXACT_LENGTH else f">={MAX_EXACT_LENGTH}"


def ablation_accuracy(path: Path, args: argparse.Namespace) -> Dict:
    archive = load(path, args.overrides)
    instances = read_instances(archive, args.test_file)
    batches = [tensorise(chunk, archive.model) for chunk in length_sorted_chunks(instances, args.batch_size)]
    overall = accuracy(archive.model, batches, instances)
    trainer = archive.config.get("trainer", Params({}))
    metrics_file = path.parent / "metrics.json"  # beside model.tar.gz in a serialization dir
    return {
        "archive": str(path),
        **{key: overall["overall"][key] for key in ("precision", "recall", "f1")},
        "proposals_per_entity": overall["proposals_per_entity"],
        # The training budget, from the archive's own config, so that equal budgets can be checked.
        "num_epochs": trainer.get("num_epochs", None),
        "batches_per_epoch": archive.config.get("data_loader", Params({})).get("batches_per_epoch", None),
        "training_run": training_run(metrics_file) if metrics_file.is_file() else None,
    }


def trained_ablations(args: argparse.Namespace) -> Dict:
    """Every --ablation archive, evaluated on the test file."""
    ablations = {}
    for name, path in args.ablation:
        with phase(f"ablation {name}: {path}"):
            ablations[name] = ablation_accuracy(path, args)
    return ablations


def notes(args: argparse.Namespace) -> Optional[Dict]:
    """The --notes file, kept in results.json so that report.py renders the page from it alone."""
    return None if args.notes is None else {"file": str(args.notes), "text": args.notes.read_text()}


def decoding_ablations(archive: Archive, batches: List[Dict]) -> Dict:
    """
    Table 3's "w/o Soft-NMS" and hard NMS: the trained model itself with another decoder. The decoder
    only runs at inference (training never calls it), so a model trained with it would have the same
    weights: these rows need no training of their own. Decoders as in training_config/ablations.libsonnet.
    """
    trained = archive.config["model"].get("decoder", Params({})).as_dict()
    score_threshold = {"score_threshold": trained["score_threshold"]} if "score_threshold" in trained else {}
    variants = {
        "no_soft_nms": {"type": "none", **score_threshold},
        "hard_nms": {"type": "hard_nms", **{k: v for k, v in trained.items() if k not in ("type", "decay")}},
    }
    metrics = metrics_by_decoder(
        archive.model, batches,
        {name: SpanDecoder.from_params(Params(copy.deepcopy(decoder))) for name, decoder in variants.items()},
    )
    return {
        name: {
            "decoder": decoder,
            **{key: _percent(metrics[name][key]) for key in ("precision", "recall", "f1")},
            "proposals_per_entity": metrics[name]["proposals_per_entity"],
        }
        for name, decoder in variants.items()
    }


def inference(archive: Archive, batches: List[Dict], sentences: int, repetitions: int) -> Dict:
    model = archive.model
    exhaustive = exhaustive_from(archive)
    with torch.no_grad():
        seconds = time_in_turns(
            {
                "two_stage": lambda: predict(model, batches),
                "encoder_only": lambda: encode(model, batches),
                "exhaustive": lambda: predict(exhaustive, batches),
            },
            repetitions,
        )
        exhaustive_decoding = decode_statistics(exhaustive, batches, with_gold=False)
    results = {name: timing(runs, sentences) for name, runs in seconds.items()}
    results["exhaustive"]["decoding"] = exhaustive_decoding
    two_stage = results["two_stage"]["median_seconds"]
    return {
        **results,
        "ratio_to_encoder": two_stage / results["encoder_only"]["median_seconds"],
        "speedup_vs_exhaustive": results["exhaustive"]["median_seconds"] / two_stage,
    }


def training_speed(archive: Archive, args: argparse.Namespace) -> Dict:
    """Optimizer steps (forward, backward, clipping, update) on a copy of the model, in train mode."""
    model = copy.deepcopy(archive.model).train()
    instances = read_instances(archive, args.train_file, args.train_steps * args.batch_size)
    batches = [tensorise(chunk, model) for chunk in length_sorted_chunks(instances, args.batch_size)]
    trainer = archive.config.get("trainer", Params({})).duplicate()
    optimizer = Optimizer.from_params(
        model_parameters=[[n, p] for n, p in model.named_parameters() if p.requires_grad],
        params=trainer.pop("optimizer", Params({})),
    )
    grad_norm = trainer.get("grad_norm", None)

    def train_steps() -> None:
        for batch in batches:
            optimizer.zero_grad()
            model(**batch)["loss"].backward()
            if grad_norm:
                torch.nn.utils.clip_grad_norm_(model.parameters(), grad_norm)
            optimizer.step()

    seconds = time_in_turns({"training": train_steps}, args.repetitions)["training"]
    return {"steps": len(batches), "sentences": len(instances), **timing(seconds, len(instances))}


def growth(archive: Archive, batch_size: int, repetitions: int) -> Dict:
    """Time per sentence for synthetic sentences of random vocabulary words, one batch per length."""
    model, reader = archive.model, archive.validation_dataset_reader
    words = [
        word for word in model.vocab.get_token_to_index_vocabulary("tokens")
        if word not in (DEFAULT_PADDING_TOKEN, DEFAULT_OOV_TOKEN)
    ]
    rng = random.Random(0)
    batches = {}
    for length in GROWTH_LENGTHS:
        sentences = [[rng.choice(words) for _ in range(length)] for _ in range(batch_size)]
        instances = [reader.text_to_instance(tokens) for tokens in sentences]
        for instance in instances:
            reader.apply_token_indexers(instance)
        batches[length] = tensorise(instances, model)
    with torch.no_grad():
        seconds = time_in_turns(
            {str(length): (lambda batch=batch: predict(model, [batch])) for length, batch in batches.items()},
            repetitions,
        )
    rows = []
    for length in GROWTH_LENGTHS:
        per_sentence = statistics.median(seconds[str(length)]) / batch_size
        rows.append({
            "tokens": length,
            "ms_per_sentence": 1e3 * per_sentence,
            "us_per_token": 1e6 * per_sentence / length,
        })
    # Least-squares slope of log(time) against log(length): 1 is linear growth, 2 quadratic.
    xs = [math.log(row["tokens"]) for row in rows]
    ys = [math.log(row["ms_per_sentence"]) for row in rows]
    mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
    exponent = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    return {"batch_size": batch_size, "rows": rows, "exponent": exponent}


STAGES = (  # (attribute of the model, what the page calls it)
    ("_text_field_embedder", "text field embedder"),
    ("_context_field_embedder", "context field embedder"),
    ("_encoder", "encoder"),
    ("_span_proposal_filter", "span proposal filter"),
    ("_boundary_regressor", "boundary regressor"),
    ("_entity_classifier", "entity classifier"),
)


DECODER_STAGE = "span decoder (deduplication, Soft-NMS)"
REST_STAGE = "rest of forward (seed spans, compaction, boundary adjustment)"


class _TimedDecoder:
    """Stands in for the model's span decoder (not a torch module, so it has no hooks) and times it."""

    def __init__(self, decoder, seconds: Counter) -> None:
        self.decoder, self.seconds = decoder, seconds

    def __call__(self, *args):
        started = time.perf_counter()
        try:
            return self.decoder(*args)
        finally:
            self.seconds[DECODER_STAGE] += time.perf_counter() - started


@contextlib.contextmanager
def stage_clock(model: Model) -> Iterator[Counter]:
    """Adds up the wall time spent in each part of the model while the context is open."""
    seconds: Counter = Counter()
    handles = []
    for attribute, label in STAGES:
        module = getattr(model, attribute)
        if module is None:
            continue
        starts: List[float] = []
        handles.append(
            module.register_forward_pre_hook(lambda *_, starts=starts: starts.append(time.perf_counter()))
        )
        handles.append(
            module.register_forward_hook(
                lambda *_, starts=starts, label=label: seconds.update(
                    {label: time.perf_counter() - starts.pop()}
                )
            )
        )
    decoder = model._decoder
    model._decoder = _TimedDecoder(decoder, seconds)
    try:
        yield seconds
    finally:
        model._decoder = decoder
        for handle in handles:
            handle.remove()


def operator_calls_by_function(model: Model, batch: Dict) -> Counter:
    """How many operators each Python function calls directly in one forward pass."""
    with torch.no_grad(), torch.profiler.profile(
        activities=[torch.profiler.ProfilerActivity.CPU], with_stack=True
    ) as profile:
        model(**inputs_only(batch))
    calls: Counter = Counter()
    for event in profile.events():
        caller = event.cpu_parent
        if not event.name.startswith("aten::") or caller is None or caller.name.startswith("aten::"):
            continue  # not an operator, or one called by another operator
        while caller is not None and caller.name.startswith("<built-in"):
            caller = caller.cpu_parent  # e.g. "<built-in method max of Tensor object at 0x...>"
        if caller is not None:
            calls[caller.name.replace(str(REPO_ROOT) + os.sep, "")] += 1
    return calls


def where_the_time_goes(model: Model, batches: List[Dict], chunks: List[List[Instance]], count: int) -> Dict:
    """
    On `count` batches spread over the lengths: wall time per stage (a plain run), the top operators by
    self CPU time (a torch.profiler run), and a loop check: a batch and the same sentences twice over
    run the same operators the same number of times, except in a function that loops over batch items.
    """
    chosen = evenly_spaced(list(range(len(batches))), count)
    profiled = [batches[i] for i in chosen]
    with torch.no_grad():
        predict(model, profiled)  # warm-up
        with stage_clock(model) as seconds:
            started = time.perf_counter()
            predict(model, profiled)
            total = time.perf_counter() - started
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profile:
            predict(model, profiled)
    seconds[REST_STAGE] = total - sum(seconds.values())
    stages = [
        {"stage": label, "ms": 1e3 * seconds[label]}
        for label in [label for _, label in STAGES] + [DECODER_STAGE, REST_STAGE]
        if label in seconds
    ]
    for row in stages:
        row["percent"] = 100 * row["ms"] / (1e3 * total)
    events = sorted(profile.key_averages(), key=lambda event: event.self_cpu_time_total, reverse=True)
    total_self = sum(event.self_cpu_time_total for event in events)
    top = [
        {"operator": event.key, "self_cpu_ms": event.self_cpu_time_total / 1e3,
         "self_cpu_percent": 100 * event.self_cpu_time_total / total_self, "calls": event.count}
        for event in events[:TOP_OPERATORS]
    ]
    middle = chunks[chosen[len(chosen) // 2]]
    single, doubled = tensorise(middle, model), tensorise(middle + middle, model)
    with torch.no_grad():
        decoding = decode_statistics(model, [single], with_gold=False)
    once, twice = operator_calls_by_function(model, single), operator_calls_by_function(model, doubled)
    loop_check = {
        "batch_size": len(middle),
        "operator_calls": sum(once.values()),
        "operator_calls_same_sentences_twice": sum(twice.values()),
        "loops_over_batch_items": [
            {"function": function, "operator_calls": once[function],
             "operator_calls_same_sentences_twice": twice[function]}
            for function in sorted(set(once) | set(twice)) if once[function] != twice[function]
        ],
        "soft_nms_iterations": decoding["soft_nms_iterations_per_batch_max"],
    }
    return {
        "batches": len(profiled),
        "sentences": sum(len(batch["metadata"]) for batch in profiled),
        "total_ms": 1e3 * total,
        "stages": stages,
        "top_operators": top,
        "loop_check": loop_check,
    }


def training_run(metrics_path: Optional[Path]) -> Optional[Dict]:
    """What the training run recorded in its metrics.json."""
    if metrics_path is None:
        return None
    metrics = json.loads(metrics_path.read_text())
    return {
        "metrics_file": str(metrics_path),
        "training_duration": metrics.get("training_duration"),
        "train_minutes": _minutes(metrics["training_duration"]) if "training_duration" in metrics else None,
        "last_epoch": metrics.get("epoch"),
        "best_epoch": metrics.get("best_epoch"),
        "best_validation_f1": _percent(metrics.get("best_validation_f1")),
        "test_f1": _percent(metrics.get("test_f1")),
        "peak_memory_mb": metrics.get("peak_worker_0_memory_MB"),
    }


def _minutes(duration: str) -> float:
    """AllenNLP writes str(timedelta): "H:MM:SS.ffffff", or "N day(s), H:MM:SS.ffffff"."""
    days = 0
    if "day" in duration:
        day_part, duration = duration.split(", ")
        days = int(day_part.split()[0])
    hours, minutes, seconds = duration.split(":")
    return 24 * 60 * days + 60 * int(hours) + int(minutes) + float(seconds) / 60


def _percent(value: Optional[float]) -> Optional[float]:
    return None if value is None else 100 * value


# --------------------------------------------------------------------------------------------- main


def benchmark(args: argparse.Namespace, trained_here: bool) -> Dict:
    """All the measurements; `trained_here`: this command trained the model (quick mode)."""
    env = environment(shlex.join(sys.orig_argv))
    machine = (
        f"{env['cpu_model']}, {env['logical_cpus']} logical CPUs, torch {env['torch_num_threads']} threads"
    )
    memory = {}

    with phase(f"loading {args.archive} and reading {args.test_file}"):
        archive = load(args.archive, args.overrides)
        instances = read_instances(archive, args.test_file)
        if not instances:
            raise SystemExit(f"{args.test_file} has no sentences")
        chunks = length_sorted_chunks(instances, args.batch_size)
        batches = [tensorise(chunk, archive.model) for chunk in chunks]
    memory["after_loading_mib"] = peak_rss_mib()
    with phase("accuracy"):
        scores = accuracy(archive.model, batches, instances)
    memory["after_test_set_inference_mib"] = peak_rss_mib()
    with phase("decoding ablations (the same model, other decoders)"):
        decoders = decoding_ablations(archive, batches)
    with phase("training speed"):
        training = training_speed(archive, args)
    memory["after_training_steps_mib"] = peak_rss_mib()
    with phase("inference speed: two-stage, encoder alone, exhaustive"):
        speed = inference(archive, batches, len(instances), args.repetitions)
    with phase("growth with sentence length"):
        length_growth = growth(archive, args.batch_size, args.repetitions)
    with phase("profile"):
        profile = where_the_time_goes(archive.model, batches, chunks, args.profile_batches)
    ablations = trained_ablations(args)

    run = training_run(args.train_metrics)

    def headline(value):
        return {"value": value, "command": env["command"], "machine": machine, "date": env["date"]}

    train_minutes = headline(None if run is None else run["train_minutes"])
    if run is not None and trained_here:
        train_minutes["note"] = (
            f"training_duration in {run['metrics_file']}, of the training this command ran"
        )
    elif run is not None:
        train_minutes["machine"] = None  # not recorded by AllenNLP
        train_minutes["note"] = (
            f"training_duration in {run['metrics_file']}, measured by the training run on its own machine"
        )
    return {
        "mode": "quick" if args.quick else "full",
        "headline": {
            "genia_test_f1": headline(scores["overall"]["f1"]),
            "inference_ratio_to_encoder": headline(speed["ratio_to_encoder"]),
            "speedup_vs_exhaustive": headline(speed["speedup_vs_exhaustive"]),
            "proposals_per_entity": headline(scores["proposals_per_entity"]),
            "train_minutes": train_minutes,
            "inference_sentences_per_second": headline(speed["two_stage"]["sentences_per_second"]),
        },
        "environment": env,
        "inputs": {
            "archive": str(args.archive),
            "test_file": str(args.test_file),
            "train_file": str(args.train_file),
            "train_metrics": None if args.train_metrics is None else str(args.train_metrics),
            "overrides": args.overrides or None,
            "test_sentences": len(instances),
            "test_tokens": sum(len(instance["tokens"]) for instance in instances),
            "batch_size": args.batch_size,
            "batches": len(batches),
            "repetitions": args.repetitions,
            "window_sizes": list(archive.model._window_sizes),
            "decoder": archive.config["model"].get("decoder", Params({"type": "soft_nms"})).as_dict(),
        },
        "accuracy": scores,
        "ablations": ablations,
        "decoding_ablations": decoders,
        "notes": notes(args),
        "inference": speed,
        "training": {**training, "run": run},
        "memory": memory,
        "growth": length_growth,
        "profile": profile,
    }


def add_ablations(args: argparse.Namespace) -> Dict:
    """Evaluates the --ablation archives and adds them to an existing results.json (trained later)."""
    results_path = args.output_dir / "results.json"
    if not results_path.is_file():
        raise SystemExit(f"--add-ablations: no {results_path}; run the full benchmark first")
    results = json.loads(results_path.read_text())
    if Path(results["inputs"]["test_file"]).resolve() != args.test_file.resolve():
        raise SystemExit(
            f"--add-ablations: {results_path} was measured on {results['inputs']['test_file']}, "
            f"not {args.test_file}"
        )
    results["ablations"].update(trained_ablations(args))
    results["ablations_environment"] = environment(shlex.join(sys.orig_argv))
    if args.notes is not None:
        results["notes"] = notes(args)
    return results


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    if args.add_ablations:
        results = add_ablations(args)
        write(results, args)
        print(f"added {len(args.ablation)} ablation(s) in {time.perf_counter() - started:.0f} s")
        return
    with tempfile.TemporaryDirectory(prefix="benchmark-") as scratch:
        trained_here = args.archive is None  # quick mode without a model given
        if trained_here:
            serialization_dir = train_fixture_experiment(Path(scratch))
            args.archive = serialization_dir / "model.tar.gz"
            args.train_metrics = args.train_metrics or serialization_dir / "metrics.json"
        results = benchmark(args, trained_here)
    results["environment"]["benchmark_seconds"] = time.perf_counter() - started
    write(results, args)
    print(f"done in {results['environment']['benchmark_seconds']:.0f} s")


def write(results: Dict, args: argparse.Namespace) -> None:
    args.output_dir.mkdir(parents=True, exist_ok=True)
    results_path = args.output_dir / "results.json"
    results_path.write_text(json.dumps(results, indent=2) + "\n")
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(report.render(results))
    print(f"wrote {results_path} and {args.markdown}")


if __name__ == "__main__":
    main()
