"""
The `nested-ner-tune-decoder` subcommand: picks the decoder's score threshold (delta of Algorithm 1) on
a development file. A trained model's precision/recall balance depends on delta, and the threshold is
a decoding choice, not a weight: it is selected on dev (never on test) after training.

The model runs once over the file; only the decoder (cheap next to the encoder) runs once per threshold,
on the recorded proposals. Prints dev P/R/F1 per threshold and the `--overrides` that apply the best
one to `allennlp evaluate` / `predict` and to `benchmarks/benchmark.py`:

    allennlp nested-ner-tune-decoder out/genia_cpu/model.tar.gz data/genia/dev.jsonl -o tuned.json
    allennlp evaluate out/genia_cpu/model.tar.gz data/genia/test.jsonl \\
        -o "$(python -c 'import json; print(json.load(open("tuned.json"))["overrides"])')"
"""
import argparse
import copy
import json
import logging
import sys
from typing import Dict, Hashable, Iterable, List, Optional, Sequence

import torch
from allennlp.commands.subcommand import Subcommand
from allennlp.common.checks import ConfigurationError
from allennlp.data import Instance
from allennlp.data.data_loaders import SimpleDataLoader
from allennlp.models import Model
from allennlp.nn import util as nn_util

from locate_label_allennlp.modules.span_decoders.span_decoder import SpanDecoder

DEFAULT_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


# Under `python -m`, this file runs a second time as `__main__` after the package import registered
# it, and that second class must not be refused as a name clash.
@Subcommand.register("nested-ner-tune-decoder", exist_ok=__name__ == "__main__")
class NestedNerTuneDecoder(Subcommand):
    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Select the decoder's score threshold on a development file (dev P/R/F1 per
        threshold, and the overrides that apply the best one)."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        add_tune_arguments(subparser)
        subparser.set_defaults(func=tune_from_args)
        return subparser


def add_tune_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive_file", help="the trained model (model.tar.gz)")
    parser.add_argument("input_file", help="the development file (read with the archive's validation reader)")
    parser.add_argument(
        "--thresholds",
        type=_thresholds,
        default=DEFAULT_THRESHOLDS,
        help="comma-separated score thresholds to try (default: %(default)s)",
    )
    parser.add_argument("-o", "--output-file", default=None, help="write the results and overrides as JSON")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--cuda-device", type=int, default=-1)
    parser.add_argument("--overrides", default="", help="JSON overrides applied to the archive's config")


def _thresholds(text: str) -> List[float]:
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}")
    if not values or not all(0.0 <= value <= 1.0 for value in values):
        raise argparse.ArgumentTypeError(f"thresholds must lie in [0, 1], got {text!r}")
    return sorted(set(values))


class _RecordingDecoder:
    """Stands in for the model's decoder: records what it is given and keeps nothing."""

    def __init__(self) -> None:
        self.calls: List[tuple] = []

    def __call__(self, spans, labels, scores, mask):
        self.calls.append((spans, labels, scores, mask))
        return torch.zeros_like(mask), scores


def metrics_by_decoder(
    model: Model, batches: Iterable[Dict], decoders: Dict[Hashable, SpanDecoder]
) -> Dict[Hashable, Dict[str, float]]:
    """
    The model's metrics (`get_metrics`) with each of ``decoders`` in place of its own, from a single
    pass of the model over ``batches`` (tensor dicts with gold entities): the decoder's inputs are
    recorded once and only the decoders run again. The model's own decoder is restored afterwards.
    """
    original, recorder = model._decoder, _RecordingDecoder()
    recorded = []  # per batch: the forward output (num_proposals, ...), the decoder's input, the gold
    model.eval()
    model.get_metrics(reset=True)
    try:
        model._decoder = recorder
        with torch.no_grad():
            for batch in batches:
                metadata = batch.get("metadata")
                if metadata is None or any(m.get("entities") is None for m in metadata):
                    raise ValueError("comparing decoders needs gold entities in every sentence of the input")
                output = model(**batch)
                # A batch of empty sentences skips the decoder: nothing was recorded for it.
                decoder_input = recorder.calls.pop() if recorder.calls else None
                recorded.append((output, decoder_input, metadata))
    finally:
        model._decoder = original
    model.get_metrics(reset=True)

    results = {}
    for name, decoder in decoders.items():
        for output, decoder_input, metadata in recorded:
            if decoder_input is not None:
                output = dict(output)
                output["entity_mask"], output["scores"] = decoder(*decoder_input)
            model._judge(output, metadata)
        results[name] = model.get_metrics(reset=True)
    return results


def tune_score_threshold(
    model: Model, instances: List[Instance], thresholds: Sequence[float], batch_size: int = 32,
    cuda_device: int = -1,
) -> List[Dict]:
    """
    Dev precision, recall and F1 (in [0, 1]) of ``model`` for each score threshold of its decoder.
    The instances need gold entities.
    """
    decoders = {}
    for threshold in thresholds:
        decoders[threshold] = copy.deepcopy(model._decoder)
        decoders[threshold].score_threshold = threshold
    loader = SimpleDataLoader(instances, batch_size, vocab=model.vocab)
    batches = (nn_util.move_to_device(batch, cuda_device) for batch in loader)
    metrics = metrics_by_decoder(model, batches, decoders)
    return [
        {"score_threshold": threshold, **{key: metrics[threshold][key] for key in ("precision", "recall", "f1")}}
        for threshold in thresholds
    ]


def tune_from_args(args: argparse.Namespace) -> None:
    from allennlp.models.archival import load_archive

    # What a user can get wrong (a missing file, a bad line, no gold entities) ends in one clear line.
    try:
        archive = load_archive(args.archive_file, cuda_device=args.cuda_device, overrides=args.overrides)
        instances = list(archive.validation_dataset_reader.read(args.input_file))
        if not instances:
            raise ValueError(f"{args.input_file} has no sentences")
        results = tune_score_threshold(
            archive.model, instances, args.thresholds, args.batch_size, args.cuda_device
        )
    except (OSError, ConfigurationError, ValueError) as error:
        sys.exit(f"nested-ner-tune-decoder: {error}")
    # The highest F1; on a tie the higher threshold (fewer, surer entities).
    best = max(results, key=lambda row: (row["f1"], row["score_threshold"]))
    trained = archive.model._decoder.score_threshold
    print(f"{'threshold':>9}  {'P':>6}  {'R':>6}  {'F1':>6}")
    for row in results:
        marks = (" best" if row is best else "") + (" (trained config)" if row["score_threshold"] == trained else "")
        print(
            f"{row['score_threshold']:>9.2f}  {100 * row['precision']:6.2f}  {100 * row['recall']:6.2f}  "
            f"{100 * row['f1']:6.2f}{marks}"
        )
    overrides = json.dumps({"model.decoder.score_threshold": best["score_threshold"]})
    print(f"overrides: {overrides}")
    if args.output_file:
        summary = {
            "archive": args.archive_file,
            "input_file": args.input_file,
            "trained_score_threshold": trained,
            "results": results,
            "best": best,
            "overrides": overrides,
        }
        with open(args.output_file, "w", encoding="utf-8") as handle:
            json.dump(summary, handle, indent=2)
            handle.write("\n")
        print(f"Wrote {args.output_file}")


def main(argv: Optional[List[str]] = None) -> None:
    """Entry point for `python -m locate_label_allennlp.commands.nested_ner_tune_decoder`."""
    parser = argparse.ArgumentParser(
        prog="python -m locate_label_allennlp.commands.nested_ner_tune_decoder",
        description="Select a nested NER model's decoder score threshold on a development file.",
    )
    add_tune_arguments(parser)
    tune_from_args(parser.parse_args(argv))


if __name__ == "__main__":
    logging.basicConfig(format="%(levelname)s - %(name)s - %(message)s", level=logging.INFO)
    main()
