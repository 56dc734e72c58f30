"""
The GENIA CPU study: one row per training run (config, epochs, training minutes, first and later epoch
minutes, best epoch, dev F1, test P/R/F1, training sentences per second), as a section of
BENCHMARKS.md, a JSON file and a learning-curve picture. With --test-file, every checkpoint a run kept
is evaluated on that file too (for the curve only), and each run gets the test F1 of the epoch it would
keep within 30 minutes and within 2 hours (best dev F1 among the epochs that ended by then). With
--measured-before, the rows of an earlier invocation's JSON that no --run replaces are kept, each citing
the command that measured it, so a new run joins the table when the earlier runs' folders are gone.

    export GENIA_DIR=<prepared GENIA> RUNS_DIR=<folder of the runs>
    python benchmarks/genia_study.py --test-file $GENIA_DIR/test.jsonl \
        --run "cached, all layers=training_config/genia_cpu/all_layers.jsonnet=$RUNS_DIR/all_layers" \
        --reference "previous genia_cpu=69.0=73.85" --note "the 2 cores were shared with other work" \
        --measured-before benchmarks/genia_study.json \
        --json benchmarks/genia_study.json --markdown BENCHMARKS.md --plot benchmarks/genia_study.png
"""

import argparse
import json
import os
import shlex
import sys
from pathlib import Path

from locate_label_allennlp.benchmarking import study_page
from locate_label_allennlp.benchmarking.checkpoint_curve import checkpoint_curve, epoch_checkpoints
from locate_label_allennlp.benchmarking.environment import environment, machine
from locate_label_allennlp.benchmarking.paths import PathNames
from locate_label_allennlp.benchmarking.training_runs import continued, summary, with_test_curve


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--run",
        action="append",
        required=True,
        help="NAME=CONFIG=SERIALIZATION_DIR[=FIRST_STAGE]: FIRST_STAGE names an earlier --run whose "
        "trained model this run started from; the row is then both stages, one after the other",
    )
    parser.add_argument("--test-file", type=Path, help="evaluate the runs' kept checkpoints on it")
    parser.add_argument(
        "--reference",
        action="append",
        default=[],
        help="NAME=MINUTES=TEST_F1: a run measured before (no serialization directory), drawn as one point",
    )
    parser.add_argument(
        "--measured-before",
        type=Path,
        help="an earlier invocation's --json: its rows that no --run replaces are kept (for runs whose "
        "serialization directories are gone), each citing the command, date and note that measured it",
    )
    parser.add_argument("--note", default="", help="how the runs shared the machine, and anything else")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--plot", type=Path)
    return parser.parse_args()


def _reference(text: str) -> study_page.Reference:
    name, minutes, test_f1 = text.rsplit("=", 2)
    return study_page.Reference(name, float(minutes), float(test_f1))


def training_sentences(run_dir: Path) -> int:
    """The sentences (lines) of the training file that the run's own config.json names."""
    train_file = Path(json.loads((run_dir / "config.json").read_text())["train_data_path"])
    if not train_file.is_file():
        raise SystemExit(f"{run_dir / 'config.json'}: train_data_path {str(train_file)!r} is not a file here")
    with open(train_file) as lines:
        return sum(1 for line in lines if line.strip())


def run(args: argparse.Namespace) -> None:
    runs, figures_of = [], {}
    for spec in args.run:
        name, config, run_dir, *first_stage = spec.split("=", 3)
        figures = summary(Path(run_dir))
        if args.test_file and epoch_checkpoints(Path(run_dir)):
            figures = with_test_curve(figures, checkpoint_curve(Path(run_dir), args.test_file))
        figures_of[name] = figures
        if first_stage:
            if first_stage[0] not in figures_of:
                raise SystemExit(f"--run {spec!r}: no earlier --run named {first_stage[0]!r}")
            figures = {**continued(figures_of[first_stage[0]], figures), "first_stage": first_stage[0]}
        sentences = training_sentences(Path(run_dir))
        runs.append({"name": name, "config": config, "train_sentences": sentences, **figures})
    # Run folders as $RUNS_DIR/..., data as $GENIA_DIR/...: no folder of this machine is recorded.
    names = PathNames.from_environment()
    runs = names.results(runs)
    if args.measured_before:
        earlier = json.loads(args.measured_before.read_text())
        runs = study_page.rows_measured_before(earlier, [run["name"] for run in runs]) + runs
    env = environment(names.text(shlex.join(["python", *sys.argv])))
    command = env["command"]
    context = {
        "date": env["date"],
        "machine": machine(env),
        "note": args.note,
    }
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "command": command, **context}, indent=2) + "\n")
    if args.plot:
        study_page.plot(runs, args.plot, [_reference(text) for text in args.reference])
    if args.markdown:
        picture = os.path.relpath(args.plot, args.markdown.parent) if args.plot else None
        study_page.write_section(args.markdown, study_page.section(runs, command, context, picture))
    for row in study_page.table(runs):
        print(row)


if __name__ == "__main__":
    run(parse_args())
