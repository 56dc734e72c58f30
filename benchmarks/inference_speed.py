"""
float32 against int8 CPU inference of a trained model on a test file: forward-only and end-to-end
(``allennlp predict`` after start-up) sentences per second, and strict F1, for float32 and each int8
scheme of ``model.quantize``, the schemes taking turns. Writes a JSON file.

    python benchmarks/inference_speed.py --archive $RUN_DIR/model.tar.gz \
        --test-file $GENIA_DIR/test.jsonl --output benchmarks/inference_speed.json
"""

import argparse
import tempfile
from pathlib import Path

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.benchmarking.environment import write_measurement
from locate_label_allennlp.benchmarking.inference_speed import Int8Variant, measure
from locate_label_allennlp.nn.quantization import QUANTIZATION_SCHEMES, quantization_engines


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--test-file", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True, help="the JSON file to write")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repetitions", type=int, default=3, help="timed runs (after a warm-up) per figure")
    parser.add_argument(
        "--overrides", default="", help="JSON overrides of the archive's config (e.g. its decoder)"
    )
    parser.add_argument("--predictions-dir", type=Path, help="keep the predictions here (default: discarded)")
    parser.add_argument(
        "--int8-schemes",
        nargs="+",
        choices=list(QUANTIZATION_SCHEMES),
        default=["int8", "int8_linear"],
        help="the model.quantize schemes to measure against float32; the headline reports the first",
    )
    parser.add_argument(
        "--quantization-engine",
        choices=quantization_engines(),
        help="model.quantization_engine of every int8 scheme (default: torch's for this CPU)",
    )
    parser.add_argument(
        "--int8-keep-float",
        nargs="+",
        default=[],
        metavar="SUBMODULE",
        help="model.quantize_keep_float of every int8 scheme: submodules left in float32",
    )
    parser.add_argument(
        "--int8-outlier-rows",
        type=float,
        metavar="FACTOR",
        help="model.quantize_outlier_rows of every int8 scheme (default: one activation scale per call)",
    )
    return parser.parse_args()


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        predictions_dir = args.predictions_dir or Path(scratch)
        predictions_dir.mkdir(parents=True, exist_ok=True)
        results = measure(
            args.archive,
            args.test_file,
            predictions_dir,
            args.batch_size,
            args.repetitions,
            args.overrides,
            args.int8_schemes,
            args.quantization_engine,
            Int8Variant(args.int8_keep_float, args.int8_outlier_rows),
        )
    results = write_measurement(results, args.output)
    for scheme in ("float32", *args.int8_schemes):
        figures = results[scheme]
        print(
            f"{scheme}: forward {figures['forward_only']['sentences_per_second']:.1f} sentences/s, "
            f"end to end {figures['end_to_end']['sentences_per_second']:.1f} sentences/s "
            f"({figures['predict_to_forward_ratio']:.2f} of forward), F1 {figures['accuracy']['f1']:.2f}"
        )
        if scheme != "float32":
            print(f"  {figures['speedup_forward']:.2f}x float32 forward, F1 lost {figures['f1_loss']:.2f}")


if __name__ == "__main__":
    run(parse_args())
