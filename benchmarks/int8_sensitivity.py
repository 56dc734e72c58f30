"""
Where int8 costs accuracy: a trained model quantised whole (``model.quantize``), with named parts left
in float32 (``model.quantize_keep_float``) or with its outlier rows quantised apart
(``model.quantize_outlier_rows``), each against float32 on one file (choose on dev): entities predicted
unlike float32, strict F1 lost, forward-only speed-up. Writes a JSON file.

    python benchmarks/int8_sensitivity.py --archive $RUN_DIR/model.tar.gz --data-file $GENIA_DIR/dev.jsonl \
        --variant 'whole model=' --variant 'span heads float32=_span_proposal_filter,_boundary_regressor' \
        --variant 'outlier rows apart=:1.5' --quantization-engine onednn --output int8_sensitivity.json

A variant is NAME=SUBMODULES[:FACTOR]: the names (as the model's ``named_modules`` gives them) of the
submodules kept in float32, comma-separated (none for the whole model), and optionally the
``model.quantize_outlier_rows`` factor.
"""

import argparse
from pathlib import Path
from typing import Dict, List

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.benchmarking.environment import write_measurement
from locate_label_allennlp.benchmarking.inference_speed import Int8Variant
from locate_label_allennlp.benchmarking.int8_sensitivity import measure
from locate_label_allennlp.nn.quantization import QUANTIZATION_SCHEMES, quantization_engines


def variants(specs: List[str]) -> Dict[str, Int8Variant]:
    parsed: Dict[str, Int8Variant] = {}
    for spec in specs:
        name, separator, rest = spec.partition("=")
        if not separator or not name or name == "float32" or name in parsed:
            raise ValueError(
                f"--variant {spec!r}: give NAME=SUBMODULES[:FACTOR] with a new name other than float32"
            )
        names, colon, factor = rest.partition(":")
        try:
            outlier_rows = float(factor) if colon else None
        except ValueError:
            raise ValueError(
                f"--variant {spec!r}: the outlier-rows FACTOR after ':' must be a number"
            ) from None
        parsed[name] = Int8Variant([submodule for submodule in names.split(",") if submodule], outlier_rows)
    return parsed


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--data-file", type=Path, required=True, help="gold-annotated (dev, to choose by)")
    parser.add_argument("--output", type=Path, required=True, help="the JSON file to write")
    parser.add_argument(
        "--variant", action="append", required=True, help="NAME=SUBMODULES[:FACTOR] (see above)"
    )
    parser.add_argument("--scheme", choices=list(QUANTIZATION_SCHEMES), default="int8")
    parser.add_argument("--quantization-engine", choices=quantization_engines())
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repetitions", type=int, default=3, help="timed runs (after a warm-up) per figure")
    return parser.parse_args()


def run(args: argparse.Namespace) -> None:
    chosen = variants(args.variant)
    results = measure(
        args.archive,
        args.data_file,
        chosen,
        args.scheme,
        args.quantization_engine,
        args.batch_size,
        args.repetitions,
    )
    results = write_measurement(results, args.output)
    print(f"float32: F1 {results['float32']['accuracy']['f1']:.2f}, {results['float32_entities']} entities")
    for name in chosen:
        figures = results[name]
        print(
            f"{name}: {figures['entities_unlike_float32']} entities unlike float32, "
            f"F1 lost {figures['f1_loss']:.2f}, {figures['speedup']:.2f}x float32 forward"
        )


if __name__ == "__main__":
    run(parse_args())
