"""Locate and Label (Shen et al., ACL 2021): a two-stage nested NER identifier as an AllenNLP plugin."""
from locate_label_allennlp import dataset_readers, metrics, models, modules, predictors  # noqa: F401
from locate_label_allennlp import commands  # noqa: F401
from locate_label_allennlp.compat import batched_intra_word_tokenize  # noqa: F401
