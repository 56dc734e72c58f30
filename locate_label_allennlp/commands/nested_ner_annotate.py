"""
The `nested-ner-annotate` subcommand: annotates a whole corpus with a trained model, streaming, resumable,
in N local processes or on a Ray cluster (`locate_label_allennlp.annotation`)::

    allennlp nested-ner-annotate model.tar.gz sentences.jsonl -o annotated.jsonl
    allennlp nested-ner-annotate model.tar.gz documents/ -o annotated/ --format brat --workers 2
    allennlp nested-ner-annotate model.tar.gz documents/ -o annotated/ --ray-address auto --workers 16
"""

import argparse
import logging
import sys

from allennlp.commands.subcommand import Subcommand
from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.annotation.annotator import OUTPUT_FORMATS
from locate_label_allennlp.annotation.corpus import DEFAULT_CHUNK_SIZE, annotate_corpus
from locate_label_allennlp.annotation.units import InputKind

logger = logging.getLogger(__name__)


@Subcommand.register("nested-ner-annotate")
class NestedNerAnnotate(Subcommand):
    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Annotate a corpus (a .jsonl file of sentences, a plain-text file with one sentence
        per line, or a folder of .txt documents) with nested entities, as JSON lines or BRAT files. A run
        that is stopped continues where it stopped when started again with the same arguments."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        subparser.add_argument("archive_file", help="the trained model (model.tar.gz)")
        subparser.add_argument("input", help="a .jsonl file, a text file or a folder of .txt documents")
        subparser.add_argument(
            "-o", "--output", required=True, help="output file (jsonl of a line file) or folder"
        )
        subparser.add_argument("--format", choices=OUTPUT_FORMATS, default="jsonl", help="output format")
        subparser.add_argument(
            "--input-kind",
            choices=[kind.value for kind in InputKind],
            default=None,
            help="default: a folder is documents, a .jsonl/.json file jsonl, any other file text",
        )
        subparser.add_argument("--workers", type=int, default=1, help="worker processes (or Ray actors)")
        subparser.add_argument(
            "--ray-address",
            default=None,
            help="run the workers as actors on this Ray cluster (auto, ray://..., local)",
        )
        subparser.add_argument("--threads", type=int, default=None, help="torch threads per worker")
        subparser.add_argument("--batch-size", type=int, default=32, help="sentences per model call")
        subparser.add_argument(
            "--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, help="lines per unit of work (line files)"
        )
        subparser.add_argument("--cuda-device", type=int, default=-1)
        subparser.add_argument(
            "--overrides", default="", help="JSON overrides applied to the archive's config"
        )
        subparser.add_argument("--overwrite", action="store_true", help="start again instead of resuming")
        subparser.add_argument("--silent", action="store_true", help="no progress bar")
        subparser.set_defaults(func=annotate_from_args)
        return subparser


def annotate_from_args(args: argparse.Namespace) -> None:
    try:
        summary = annotate_corpus(
            args.archive_file,
            args.input,
            args.output,
            output_format=args.format,
            kind=args.input_kind,
            workers=args.workers,
            ray_address=args.ray_address,
            chunk_size=args.chunk_size,
            batch_size=args.batch_size,
            cuda_device=args.cuda_device,
            overrides=args.overrides,
            threads=args.threads,
            overwrite=args.overwrite,
            progress_bar=not args.silent,
        )
    except (OSError, ConfigurationError) as error:
        sys.exit(f"nested-ner-annotate: {error}")
    print(summary.describe())
