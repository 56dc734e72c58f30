"""
The `nested-ner-report` subcommand: a text table (overall, per type, per exact entity length 1..19
and >=20 as in Table 2 of the paper, per length bucket) and optionally a PNG plot of F1 by entity
length, from either an `allennlp evaluate` metrics JSON (or a training metrics.json) or a predictions
JSON-lines file with gold entities (which also gives the counts). See
`locate_label_allennlp.visualization.report`.

    allennlp nested-ner-report dev_metrics.json
    allennlp nested-ner-report dev_predictions.jsonl -o report.txt --plot f1_by_length.png
"""

import argparse
import sys

from allennlp.commands.subcommand import Subcommand


@Subcommand.register("nested-ner-report")
class NestedNerReport(Subcommand):
    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Print an evaluation table (overall, per type, per entity length) and plot
        F1 by entity length, from `allennlp evaluate` metrics or from predictions with gold entities."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        add_report_arguments(subparser)
        subparser.set_defaults(func=report_from_args)
        return subparser


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input",
        help="an `allennlp evaluate --output-file` metrics JSON (or a training metrics.json), or "
        "predictions JSON lines with gold_entities (`allennlp predict --use-dataset-reader`)",
    )
    parser.add_argument("-o", "--output-file", default=None, help="also write the table to this text file")
    parser.add_argument("--plot", default=None, help="write a PNG plot of F1 by entity length here")
    parser.add_argument(
        "--metrics-prefix",
        default=None,
        help="which figures of a metrics JSON to use, e.g. 'test_' or 'best_validation_' (default: the "
        "first of '', 'test_', 'best_validation_', 'validation_' that has an F1)",
    )


def report_from_args(args: argparse.Namespace) -> None:
    from locate_label_allennlp.visualization.report import (
        ReportInputError,
        format_report,
        load_report,
        plot_f1_by_length,
    )

    try:
        report = load_report(args.input, args.metrics_prefix)
    except (OSError, ReportInputError) as error:
        sys.exit(f"nested-ner-report: {error}")
    table = format_report(report)
    print(table, end="")
    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8") as handle:
            handle.write(table)
        print(f"Wrote {args.output_file}")
    if args.plot:
        plot_f1_by_length(report, args.plot)
        print(f"Wrote {args.plot}")
