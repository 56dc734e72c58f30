"""
The `nested-ner-view` subcommand: one self-contained HTML page (inline CSS/JS, no network) drawing
the nested entities of `allennlp predict --predictor nested_ner` predictions as boxes inside boxes,
and, when the predictions carry `gold_entities`, gold against predicted with missed, spurious,
boundary-error and type-error entities marked (see `locate_label_allennlp.visualization.html_view`).

    allennlp nested-ner-view predictions.jsonl -o page.html
"""

import argparse
import sys

from allennlp.commands.subcommand import Subcommand


@Subcommand.register("nested-ner-view")
class NestedNerView(Subcommand):
    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Write one self-contained HTML page showing the nested entities of nested_ner
        predictions (and gold against predicted, when the predictions carry gold_entities)."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        add_view_arguments(subparser)
        subparser.set_defaults(func=view_from_args)
        return subparser


def add_view_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("predictions", help="JSON lines written by `allennlp predict --predictor nested_ner`")
    parser.add_argument(
        "-o", "--output-file", required=True, help="the HTML file to write (one file, nothing else needed)"
    )
    parser.add_argument("--title", default=None, help="page title (default: 'Nested entities: PREDICTIONS')")
    parser.add_argument(
        "--max-sentences", type=int, default=None, help="show only the first N predictions (default: all)"
    )


def view_from_args(args: argparse.Namespace) -> None:
    from locate_label_allennlp.data.predictions_file import PredictionsFileError
    from locate_label_allennlp.visualization.html_view import write_page

    try:
        shown = write_page(args.predictions, args.output_file, args.title, args.max_sentences)
    except (OSError, PredictionsFileError) as error:
        sys.exit(f"nested-ner-view: {error}")
    print(f"Wrote {args.output_file} ({shown} sentence{'s' if shown != 1 else ''})")
