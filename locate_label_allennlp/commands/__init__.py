import warnings

# `python -m locate_label_allennlp.commands.prepare_genia` imports this package, which imports (and
# registers) the module before runpy executes it as `__main__`; runpy then warns that this "may result
# in unpredictable behaviour". The module is written for it (see its registration), so the warning is
# only noise for that one module.
warnings.filterwarnings(
    "ignore",
    message=r"'locate_label_allennlp\.commands\.prepare_genia' found in sys\.modules",
    category=RuntimeWarning,
)

from locate_label_allennlp.commands.prepare_genia import PrepareGenia  # noqa: E402

# The same `python -m` double import for the nested_ner_* commands.
warnings.filterwarnings(
    "ignore",
    message=r"'locate_label_allennlp\.commands\.nested_ner_(view|report|card|tune_decoder)' found in sys\.modules",
    category=RuntimeWarning,
)
from locate_label_allennlp.commands.nested_ner_card import NestedNerCard  # noqa: E402
from locate_label_allennlp.commands.nested_ner_report import NestedNerReport  # noqa: E402
from locate_label_allennlp.commands.nested_ner_tune_decoder import NestedNerTuneDecoder  # noqa: E402
from locate_label_allennlp.commands.nested_ner_view import NestedNerView  # noqa: E402
from locate_label_allennlp.commands.nested_ner_annotate import NestedNerAnnotate  # noqa: E402
