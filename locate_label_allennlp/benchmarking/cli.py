"""
The benchmark's command line (``benchmarks/benchmark.py``, ``make benchmark``, ``make benchmark-quick``):

    python benchmarks/benchmark.py --archive $RUN_DIR/model.tar.gz --test-file $GENIA_DIR/test.jsonl \\
        --train-file $GENIA_DIR/train.jsonl --train-metrics $RUN_DIR/metrics.json \\
        [--ablation exhaustive=RUN_EXHAUSTIVE/model.tar.gz ...]
    python benchmarks/benchmark.py --quick    # trains the fixture experiment and benchmarks it (CI)

Writes OUTPUT_DIR/results.json (every figure, with the command, machine and date that produced it) and
BENCHMARKS.md, rendered from results.json, so no figure is typed by hand. Paths are recorded relative to
the repository, or under $GENIA_DIR, $RUN_DIR and $ABLATIONS_DIR where those are set.

Method. Everything runs on the CPU in this one process with torch's default number of threads. The test
sentences are sorted by the length their batch is padded to (their context's, with a transformer: what
the predictor does), cut into --batch-size batches and tensorised once beforehand: timings cover the
models' forward passes only. Each timing is the median of --repetitions runs after one warm-up run, the
models being compared taking turns within each repetition so that a slow spell of the machine hits all
of them alike.

* accuracy: the model's own metric (strict span P/R/F1 overall, per type, per length) on the test file,
  with gold supports counted from the file; plus every --ablation archive's overall figures, and the
  model with other decoders;
* inference: the full two-stage model against the encoder alone (its embedders and encoder, no span
  heads) and against exhaustive span classification (the same archive with span_proposal_filter and
  boundary_regressor removed; it shares the trained embedders, encoder and entity classifier);
* training: --train-steps optimizer steps (the archive's optimizer and gradient clipping) on the first
  sentences of --train-file, and the training run's duration from --train-metrics;
* peak memory (ru_maxrss), growth of the time per sentence with sentence length (synthetic sentences
  of vocabulary words), and a torch.profiler profile of inference ("where the time goes").
"""

import argparse
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence, Tuple

from locate_label_allennlp.benchmarking.data import train_fixture_experiment
from locate_label_allennlp.benchmarking.paths import FIXTURES, REPO_ROOT, PathNames
from locate_label_allennlp.benchmarking.results import (
    add_ablations,
    benchmark,
    earlier_results,
    update_headline,
    write,
)

# Defaults that depend on the mode: the full benchmark (a pass over the GENIA test set takes a while on a
# CPU, hence 3 repetitions) and the quick one CI runs on the fixtures.
MODE_DEFAULTS = {
    "full": {"batch_size": 32, "repetitions": 3, "train_steps": 20, "profile_batches": 10},
    "quick": {"batch_size": 8, "repetitions": 2, "train_steps": 3, "profile_batches": 2},
}
PATH_ARGUMENTS = (
    "archive", "test_file", "train_file", "train_metrics", "output_dir", "markdown", "notes", "inference_speed", "study",
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--archive", type=Path, help="the trained two-stage model (model.tar.gz)")
    add("--test-file", type=Path, help="the test sentences, nested_ner JSON lines")
    add("--train-file", type=Path, help="sentences for the training-speed steps (default: the test file)")
    add("--train-metrics", type=Path, help="the training run's metrics.json (duration, best epoch, dev F1)")
    add("--ablation", action="append", default=[], type=_ablation, metavar="NAME=ARCHIVE",
        help="a trained ablation to add to the accuracy table (repeatable)")  # fmt: skip
    add("--add-ablations", action="store_true",
        help="only evaluate the --ablation archives on --test-file and add them to OUTPUT_DIR/results.json")  # fmt: skip
    add("--inference-speed", type=Path,
        help="benchmarks/inference_speed.py's JSON: its int8 and end-to-end figures join the headline")  # fmt: skip
    add("--study", type=Path,
        help="benchmarks/genia_study.py's JSON: --study-run's 30-minute test F1 and training speed join the headline")  # fmt: skip
    add("--study-run", help="the study run that trained --archive")
    add("--update-headline", action="store_true",
        help="only add the --inference-speed/--study figures (and --notes) to OUTPUT_DIR/results.json and render the page")  # fmt: skip
    add("--overrides", default="", help="JSON overrides applied to every archive's config on loading")
    add("--output-dir", type=Path, help="default: benchmarks/ (quick: out/benchmark-quick/)")
    add(
        "--markdown",
        type=Path,
        help="where BENCHMARKS.md goes (default: the repository's for benchmarks/, else beside results.json)",
    )
    add(
        "--notes",
        type=Path,
        help="a markdown file of remarks (budget, caveats) copied into results.json and the page",
    )
    add("--quick", action="store_true",
        help="few repetitions; unless given, trains the fixture experiment and uses the fixture data")  # fmt: skip
    for name, help_text in (
        ("batch-size", "sentences per batch, for every measurement"),
        ("repetitions", "timed runs per measurement (the median is reported)"),
        ("train-steps", "optimizer steps per timed training run"),
        ("profile-batches", "batches in the torch.profiler profile"),
    ):
        add(f"--{name}", type=_positive_int, help=f"{help_text} (default: by mode)")
    return parser


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, value in MODE_DEFAULTS["quick" if args.quick else "full"].items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.quick:
        args.test_file = args.test_file or FIXTURES / "data" / "dev.jsonl"
        args.train_file = args.train_file or FIXTURES / "data" / "train.jsonl"
    elif args.update_headline:
        if args.inference_speed is None and args.study is None:
            parser.error("--update-headline needs --inference-speed or --study (with --study-run)")
    elif args.add_ablations:
        if args.test_file is None or not args.ablation:
            parser.error("--add-ablations needs --test-file and at least one --ablation")
    elif args.archive is None or args.test_file is None:
        parser.error("--archive and --test-file are required (or --quick)")
    args.train_file = args.train_file or args.test_file
    if args.output_dir is None:
        args.output_dir = REPO_ROOT / ("out/benchmark-quick" if args.quick else "benchmarks")
    # The repository's page for the committed results; a page beside any other results.json.
    page_dir = (
        REPO_ROOT if args.output_dir.resolve() == (REPO_ROOT / "benchmarks").resolve() else args.output_dir
    )
    args.markdown = args.markdown or page_dir / "BENCHMARKS.md"
    for name in ("notes", "inference_speed", "study"):
        path = getattr(args, name)
        if path is not None and not path.is_file():
            parser.error(f"--{name.replace('_', '-')}: no such file: {path}")
    if args.study is not None and args.study_run is None:
        parser.error("--study needs --study-run, the name of the study run that trained --archive")
    # Absolute, so that the results can name them relative to the repository or a folder variable.
    for name in PATH_ARGUMENTS:
        if getattr(args, name) is not None:
            setattr(args, name, getattr(args, name).absolute())
    args.ablation = [(name, path.absolute()) for name, path in args.ablation]
    return args


def _ablation(text: str) -> Tuple[str, Path]:
    name, separator, path = text.partition("=")
    if not separator or not name or not path:
        raise argparse.ArgumentTypeError(f"expected NAME=ARCHIVE, got {text!r}")
    return name, Path(path)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    # The interpreter as "python": where it is installed says nothing about the project.
    command = shlex.join(["python", *sys.orig_argv[1:]])
    started = time.perf_counter()
    if args.update_headline:
        names = PathNames.from_environment()
        write(names.results(update_headline(args)), args.output_dir, args.markdown)
        return
    if args.add_ablations:
        names = PathNames.from_environment()
        results = add_ablations(args, command, names)
        write(names.results(results), args.output_dir, args.markdown)
        print(f"added {len(args.ablation)} ablation(s) in {time.perf_counter() - started:.0f} s")
        return
    with tempfile.TemporaryDirectory(prefix="benchmark-") as scratch:
        trained_here = args.archive is None  # quick mode without a model given
        names = PathNames.from_environment()
        if trained_here:
            serialization_dir = train_fixture_experiment(Path(scratch))
            names = PathNames.from_environment(RUN_DIR=serialization_dir)
            args.archive = serialization_dir / "model.tar.gz"
            args.train_metrics = args.train_metrics or serialization_dir / "metrics.json"
        results = benchmark(args, command, trained_here)
        if not args.ablation and not trained_here:
            results.update(earlier_results(args.output_dir, names.path(args.test_file), results["headline"]))
    results["environment"]["benchmark_seconds"] = time.perf_counter() - started
    write(names.results(results), args.output_dir, args.markdown)
    print(f"done in {results['environment']['benchmark_seconds']:.0f} s")
