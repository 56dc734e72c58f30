"""
The plugin's `allennlp` subcommands. Each module registers one and only parses arguments; the work
is done by library modules. They run as ``allennlp <subcommand>`` (the plugin found through
``.allennlp_plugins`` or ``--include-package locate_label_allennlp``) and, from any directory, as
``locate-label-allennlp <subcommand>`` or ``python -m locate_label_allennlp <subcommand>``.
"""

from locate_label_allennlp.commands.convert_conll import ConvertConll
from locate_label_allennlp.commands.nested_ner_annotate import NestedNerAnnotate
from locate_label_allennlp.commands.nested_ner_brackets import NestedNerBrackets
from locate_label_allennlp.commands.nested_ner_card import NestedNerCard
from locate_label_allennlp.commands.nested_ner_report import NestedNerReport
from locate_label_allennlp.commands.nested_ner_serve import NestedNerServe
from locate_label_allennlp.commands.nested_ner_tune_decoder import NestedNerTuneDecoder
from locate_label_allennlp.commands.nested_ner_view import NestedNerView
from locate_label_allennlp.commands.prepare_genia import PrepareGenia
from locate_label_allennlp.commands.prepare_transformer import PrepareTransformer

__all__ = [
    "ConvertConll",
    "NestedNerAnnotate",
    "NestedNerBrackets",
    "NestedNerCard",
    "NestedNerReport",
    "NestedNerServe",
    "NestedNerTuneDecoder",
    "NestedNerView",
    "PrepareGenia",
    "PrepareTransformer",
]
