"""
The `nested-ner-card` subcommand: writes `model_card.json` next to a trained `model.tar.gz` (see
`locate_label_allennlp.model_card`).

    allennlp nested-ner-card $RUN_DIR --test-metrics $RUN_DIR/test_metrics.json
    allennlp nested-ner-card $RUN_DIR --embed          # also put model_card.json into model.tar.gz
"""

import argparse
import sys

from allennlp.commands.subcommand import Subcommand

from locate_label_allennlp.model_card import CARD_NAME, SECTION, ModelCardError, write_model_card


@Subcommand.register("nested-ner-card")
class NestedNerCard(Subcommand):
    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Write model_card.json (label set, windows, encoder, data, dev/test F1) next
        to the model.tar.gz of a Locate and Label serialization directory."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        subparser.add_argument(
            "model", help="a serialization directory of `allennlp train`, or a model.tar.gz"
        )
        subparser.add_argument(
            "-o", "--output-file", default=None,
            help=f"where to write the card (default: {CARD_NAME} beside the archive)",
        )  # fmt: skip
        subparser.add_argument(
            "--dev-metrics", default=None, help="`allennlp evaluate --output-file` JSON on the dev set"
        )
        subparser.add_argument(
            "--test-metrics", default=None, help="`allennlp evaluate --output-file` JSON on the test set"
        )
        subparser.add_argument(
            "--id", default=None, help="the card's id (default: nested-ner-locate-and-label-<dir name>)"
        )
        subparser.add_argument(
            "--embed",
            action="store_true",
            help=f"also add {CARD_NAME} to model.tar.gz (which still loads as before)",
        )
        subparser.set_defaults(func=card_from_args)
        return subparser


def card_from_args(args: argparse.Namespace) -> None:
    try:
        card, output = write_model_card(
            args.model, args.output_file, args.dev_metrics, args.test_metrics, args.id, args.embed
        )
    except (OSError, ModelCardError) as error:
        sys.exit(f"nested-ner-card: {error}")
    print(f"Wrote {output}")
    if args.embed:
        print(f"Added {CARD_NAME} to the model archive")
    section = card[SECTION]
    print(f"  labels: {', '.join(section['labels'])}")
    print(f"  windows: {section['window_sizes']}; {card['model_details']['model_type']}")
    print(f"  {card['quantitative_analyses']['unitary_results']}")
