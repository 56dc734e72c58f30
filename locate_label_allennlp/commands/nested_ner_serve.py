"""
The `nested-ner-serve` subcommand: a web service (and an interactive page) over a trained archive, see
`locate_label_allennlp.service`.

    allennlp nested-ner-serve MODEL.tar.gz [--host 127.0.0.1] [--port 8000]
"""

import argparse
import sys

from allennlp.commands.subcommand import Subcommand

from locate_label_allennlp.service.limits import ServiceLimits


@Subcommand.register("nested-ner-serve")
class NestedNerServe(Subcommand):
    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Serve a trained model: POST /predict (JSON), GET / (a page drawing the nested
        entities), GET /health, GET /openapi.json. Concurrent requests are batched for the model."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        defaults = ServiceLimits()
        subparser.add_argument("archive", help="the model archive (model.tar.gz written by allennlp train)")
        subparser.add_argument(
            "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)"
        )
        subparser.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
        subparser.add_argument(
            "--max-batch-size",
            type=int,
            default=defaults.max_batch_size,
            help=f"the most inputs the model runs at once (default: {defaults.max_batch_size})",
        )
        subparser.add_argument(
            "--max-wait-ms",
            type=float,
            default=defaults.max_wait_ms,
            help=f"how long a batch that is not full waits for more inputs (default: {defaults.max_wait_ms})",
        )
        subparser.add_argument(
            "--max-inputs",
            type=int,
            default=defaults.max_inputs,
            help=f"the most inputs in one request (default: {defaults.max_inputs})",
        )
        subparser.add_argument(
            "--max-text-bytes",
            type=int,
            default=defaults.max_text_bytes,
            help="the most UTF-8 bytes of text in one input; longer ones get a 413 "
            f"(default: {defaults.max_text_bytes})",
        )
        subparser.add_argument(
            "--cuda-device", type=int, default=-1, help="GPU to run the model on (default: CPU)"
        )
        subparser.set_defaults(func=serve_from_args)
        return subparser


def serve_from_args(args: argparse.Namespace) -> None:
    from locate_label_allennlp.service.app import serve

    try:
        limits = ServiceLimits(args.max_batch_size, args.max_wait_ms, args.max_inputs, args.max_text_bytes)
    except ValueError as error:
        sys.exit(f"nested-ner-serve: {error}")
    serve(args.archive, args.host, args.port, limits, args.cuda_device)
