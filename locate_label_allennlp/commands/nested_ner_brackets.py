"""
The `nested-ner-brackets` subcommand: prints predictions with their nested entities as brackets, like
the case-study table of the paper (``[[[United Nations]ORG secretary general]PER Kofi Annan]PER``),
each followed by its entities with their scores; an input line that could not be predicted prints
as ``line N: error: ...``.

    allennlp nested-ner-brackets predictions.jsonl
"""

import argparse
import sys

from allennlp.commands.subcommand import Subcommand


@Subcommand.register("nested-ner-brackets")
class NestedNerBrackets(Subcommand):
    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Print nested_ner predictions with their entities in brackets, one
        sentence per line, each followed by its entities and scores."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        subparser.add_argument(
            "predictions", help="JSON lines written by `allennlp predict --predictor nested_ner`"
        )
        subparser.set_defaults(func=brackets_from_args)
        return subparser


def brackets_from_args(args: argparse.Namespace) -> None:
    from locate_label_allennlp.data.predictions_file import PredictionsFileError, iter_predictions
    from locate_label_allennlp.visualization.brackets import format_prediction

    try:
        for prediction in iter_predictions(args.predictions):
            print(format_prediction(prediction))
    except (OSError, PredictionsFileError) as error:
        sys.exit(f"nested-ner-brackets: {error}")
    sys.stdout.flush()
