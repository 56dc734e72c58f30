"""
A trained model's test F1 in the headline of results.json (``conll03_test_f1``, ``weibo_test_f1``, and
``genia_test_f1_30min`` for a GENIA run trained within 30 minutes): the trained archive evaluated on its test file once, with the decoder chosen on dev by
``allennlp nested-ner-tune-decoder`` (its ``-o`` JSON), cited with this command, the machine and the
date, beside the training run's own duration and dev F1. BENCHMARKS.md is rendered again.

    python benchmarks/dataset_result.py weibo_test_f1 --archive $RUN_DIR/model.tar.gz \\
        --test-file $WEIBO_DIR/weiboNER_2nd_conll.test --tuning $RUN_DIR/decoder_tuning.json
"""

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

from locate_label_allennlp.benchmarking.ablations import ablation_accuracy
from locate_label_allennlp.benchmarking.environment import environment, machine
from locate_label_allennlp.benchmarking.paths import REPO_ROOT, PathNames
from locate_label_allennlp.benchmarking.results import write


def dataset_result(archive: Path, test_file: Path, tuning: Optional[Path], batch_size: int = 32) -> Dict:
    """The archive's strict P/R/F1 on ``test_file`` at the tuned decoder, and its training run."""
    overrides = json.loads(tuning.read_text())["overrides"] if tuning is not None else ""
    figures = ablation_accuracy(archive, test_file, batch_size, overrides)
    return {**figures, "test_file": str(test_file.absolute()), "decoder_overrides": overrides or None}


def headline_entry(figures: Dict, env: Dict) -> Dict:
    run = figures["training_run"] or {}
    minutes = run.get("train_minutes")
    note = (
        f"P {figures['precision']:.2f}, R {figures['recall']:.2f} on {figures['test_file']}; decoder "
        f"{figures['decoder_overrides'] or 'as trained'} (chosen on dev); training: "
        + (f"{minutes:.1f} min (training_duration), " if minutes is not None else "")
        + f"best dev F1 {run.get('best_validation_f1') or float('nan'):.2f} at epoch {run.get('best_epoch')}"
    )
    return {
        "value": figures["f1"],
        "command": env["command"],
        "machine": machine(env),
        "date": env["date"],
        "note": note,
    }


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("key", help="the headline key, e.g. weibo_test_f1")
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--test-file", type=Path, required=True)
    parser.add_argument(
        "--tuning", type=Path, help="nested-ner-tune-decoder's -o JSON (the dev-chosen decoder)"
    )
    parser.add_argument("--results", type=Path, default=REPO_ROOT / "benchmarks" / "results.json")
    parser.add_argument("--markdown", type=Path, default=REPO_ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    for path in (args.archive, args.test_file, args.tuning, args.results):
        if path is not None and not path.is_file():
            parser.error(f"no such file: {path}")
    names = PathNames.from_environment()
    env = environment(shlex.join(["python", *sys.orig_argv[1:]]))
    figures = dataset_result(args.archive, args.test_file, args.tuning)
    results = json.loads(args.results.read_text())
    results.setdefault("datasets", {})[args.key] = {**figures, "environment": env}
    results["headline"][args.key] = headline_entry(figures, env)
    write(names.results(results), args.results.parent, args.markdown)
