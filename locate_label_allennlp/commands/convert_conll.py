"""
The `convert-conll` subcommand: converts a CoNLL-2003 or Weibo NER file into the ``nested_ner`` JSON
lines read by the plain ``nested_ner`` reader (see `locate_label_allennlp.data.conll`).

    allennlp convert-conll conll2003 eng.train train.jsonl
    allennlp convert-conll weibo weiboNER_2nd_conll.train train.jsonl
"""

import argparse
import sys

from allennlp.commands.subcommand import Subcommand

from locate_label_allennlp.data.conll import TAG_SCHEMES


@Subcommand.register("convert-conll")
class ConvertConll(Subcommand):
    # The conversion needs no registered classes.
    requires_plugins = False

    def add_subparser(self, parser: argparse._SubParsersAction) -> argparse.ArgumentParser:
        description = """Convert a CoNLL-2003 or Weibo NER file to nested_ner JSON lines."""
        subparser = parser.add_parser(self.name, description=description, help=description)
        corpora = subparser.add_subparsers(dest="corpus", required=True)
        conll2003 = corpora.add_parser("conll2003", help="word POS chunk NER, -DOCSTART- between documents")
        conll2003.add_argument("--tag-scheme", choices=TAG_SCHEMES, default="IOB1")
        conll2003.add_argument(
            "--no-document-context", dest="use_document_context", action="store_false",
            help="leave ltokens / rtokens empty instead of the neighbouring sentences",
        )  # fmt: skip
        weibo = corpora.add_parser("weibo", help="character+position<TAB>BIO tag")
        weibo.add_argument(
            "--drop-mention-kind",
            dest="keep_mention_kind",
            action="store_false",
            help="PER.NAM / PER.NOM -> PER",
        )
        weibo.add_argument(
            "--position-as-pos",
            action="store_true",
            help="write each character's position in its word as pos",
        )
        for corpus in (conll2003, weibo):
            corpus.add_argument("input")
            corpus.add_argument("output", help="the JSON-lines file to write")
        subparser.set_defaults(func=convert_from_args)
        return subparser


def convert_from_args(args: argparse.Namespace) -> None:
    from allennlp.common.checks import ConfigurationError

    from locate_label_allennlp.data.conll import read_conll2003, read_weibo, write_jsonl

    try:
        if args.corpus == "conll2003":
            sentences = read_conll2003(args.input, args.tag_scheme, args.use_document_context)
        else:
            sentences = read_weibo(args.input, args.keep_mention_kind, args.position_as_pos)
        count = write_jsonl(sentences, args.output)
    except (OSError, ConfigurationError) as error:
        sys.exit(f"convert-conll: {error}")
    print(f"wrote {count} sentences to {args.output}")
