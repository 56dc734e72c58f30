"""
The `nested-ner-tune-decoder` subcommand: selects the decoder's settings (u, k and delta of
Algorithm 1: ``decay``, ``iou_threshold``, ``score_threshold``) together on a development file, with
one pass of the model (see `locate_label_allennlp.evaluation.decoder_tuning`). Prints the best
settings' dev P/R/F1 and the `--overrides` that apply them to `allennlp evaluate` / `predict`:

    allennlp nested-ner-tune-decoder $RUN_DIR/model.tar.gz $GENIA_DIR/dev.jsonl -o tuned.json
    allennlp evaluate $RUN_DIR/model.tar.gz $GENIA_DIR/test.jsonl \\
        -o "$(python -c 'import json; print(json.load(open("tuned.json"))["overrides"])')"
"""

import argparse
import json
import sys
from typing import Dict, List

from allennlp.commands.subcommand import Subcommand
from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.evaluation.decoder_tuning import DEFAULT_GRID


@Subcommand.register("nested-ner-tune-decoder")
class NestedNerTuneDecoder(Subcommand):
    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Select the decoder's decay, IoU threshold and score threshold together on a
        development file (dev P/R/F1 of each combination, and the overrides that apply the best)."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        subparser.add_argument("archive_file", help="the trained model (model.tar.gz)")
        subparser.add_argument(
            "input_file", help="the development file (read with the archive's validation reader)"
        )
        for name, values in DEFAULT_GRID.items():
            flag = "--" + name.replace("_", "-") + "s"
            subparser.add_argument(
                flag, dest=name, type=_values, default=list(values),
                help=f"comma-separated values of {name} to try (default: {','.join(map(str, values))})",
            )  # fmt: skip
        subparser.add_argument(
            "-o", "--output-file", default=None, help="write every row and the overrides as JSON"
        )
        subparser.add_argument("--batch-size", type=int, default=32)
        subparser.add_argument("--cuda-device", type=int, default=-1)
        subparser.add_argument(
            "--overrides", default="", help="JSON overrides applied to the archive's config"
        )
        subparser.set_defaults(func=tune_from_args)
        return subparser


def _values(text: str) -> List[float]:
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from None
    if not values or not all(0.0 <= value <= 1.0 for value in values):
        raise argparse.ArgumentTypeError(f"values must lie in [0, 1], got {text!r}")
    return sorted(set(values))


def tune_from_args(args: argparse.Namespace) -> None:
    from allennlp.models.archival import load_archive

    from locate_label_allennlp.evaluation.decoder_tuning import (
        best_row,
        decoder_settings,
        overrides_for,
        tune_decoder,
    )
    from locate_label_allennlp.models.locate_and_label import LocateAndLabel

    # What a user can get wrong (a missing file, a bad line, no gold entities) ends in one clear line.
    try:
        archive = load_archive(args.archive_file, cuda_device=args.cuda_device, overrides=args.overrides)
        model = archive.model
        if not isinstance(model, LocateAndLabel):
            raise ValueError(
                f"{args.archive_file} holds a {type(model).__name__}, not a locate_and_label model"
            )
        instances = list(archive.validation_dataset_reader.read(args.input_file))
        if not instances:
            raise ValueError(f"{args.input_file} has no sentences")
        grid = {name: getattr(args, name) for name in DEFAULT_GRID}
        rows = tune_decoder(model, instances, grid, args.batch_size, args.cuda_device)
    except (OSError, ConfigurationError, ValueError) as error:
        sys.exit(f"nested-ner-tune-decoder: {error}")
    best = best_row(rows)
    trained = decoder_settings(model.decoder)
    trained_row = next((row for row in rows if all(row[k] == v for k, v in trained.items())), None)
    print(f"{len(rows)} decoder settings tried on {args.input_file}")
    _print_row("best", best)
    if trained_row is not None:
        _print_row("trained config", trained_row)
    overrides = json.dumps(overrides_for(best))
    print(f"overrides: {overrides}")
    if args.output_file:
        summary = {
            "archive": args.archive_file,
            "input_file": args.input_file,
            "trained_settings": trained,
            "results": rows,
            "best": best,
            "overrides": overrides,
        }
        with open(args.output_file, "w", encoding="utf-8") as handle:
            json.dump(summary, handle, indent=2)
            handle.write("\n")
        print(f"Wrote {args.output_file}")


def _print_row(title: str, row: Dict) -> None:
    settings = ", ".join(f"{name} {row[name]:g}" for name in DEFAULT_GRID if name in row)
    print(
        f"{title}: {settings}: P {100 * row['precision']:.2f}  R {100 * row['recall']:.2f}  "
        f"F1 {100 * row['f1']:.2f}"
    )
